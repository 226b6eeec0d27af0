//! The directory: public GET with ETag/304 and CORS, JSON import (native, Popolo, detection, dry run), CSV import, export.

use medvirk_core::directory::csv::import_csv;
use medvirk_core::directory::native::{read_native, write_native};
use medvirk_core::directory::popolo::read_popolo;
use medvirk_core::directory::{Directory, ImportReport};
use serde_json::{Value, json};

use crate::common::*;

pub const DIRECTORY: &str = "/api/v1/directory";
pub const ADMIN_DIRECTORY: &str = "/api/v1/admin/directory";
const CACHE: &str = "public, max-age=60, must-revalidate";

fn native() -> String {
    example_of("directory", "native-small.json")
}

fn popolo() -> String {
    example_of("directory", "popolo-small.json")
}

/// GET /api/v1/directory: checks the headers and returns (body, etag).
async fn get(t: &TestApp) -> (String, String) {
    let res = check(
        t,
        "get directory",
        Req::get(DIRECTORY),
        Expect {
            headers: &[
                ("cache-control", Some(CACHE)),
                ("content-type", Some("application/json")),
            ],
            ..ok(200)
        },
    )
    .await;
    let etag = res.header("etag").unwrap().to_owned();
    (res.text(), etag)
}

async fn put(t: &TestApp, query: &str, body: &str, expect: Expect<'_>) -> Res {
    check(
        t,
        query,
        admin(Req::json("PUT", &format!("{ADMIN_DIRECTORY}{query}"), body)),
        expect,
    )
    .await
}

fn counts(report: &ImportReport) -> Value {
    let d = &report.directory;
    json!([
        d.persons().len(),
        d.organisations().len(),
        d.memberships().len(),
        report.skipped.len(),
        report.dropped.len()
    ])
}

fn summary_counts(s: &Value) -> Value {
    json!([
        s["persons"],
        s["organisations"],
        s["memberships"],
        s["skipped"].as_array().unwrap().len(),
        s["dropped"].as_array().unwrap().len()
    ])
}

#[tokio::test]
async fn empty_directory_etag_and_304() {
    let t = TestApp::new().await;
    let (body, etag) = get(&t).await;
    assert_eq!(body, write_native(&Directory::default()));
    assert!(read_native(&body).is_ok());
    assert!(etag.starts_with('"') && etag.ends_with('"'), "{etag}");
    for inm in [
        etag.clone(),
        format!("W/{etag}"),
        format!("\"other\", {etag}"),
        "*".to_owned(),
    ] {
        let res = check(
            &t,
            &inm,
            Req::get(DIRECTORY).header("if-none-match", &inm),
            Expect {
                headers: &[("etag", Some(&etag)), ("cache-control", Some(CACHE))],
                ..ok(304)
            },
        )
        .await;
        assert!(res.body.is_empty());
    }
    check(
        &t,
        "stale tag",
        Req::get(DIRECTORY).header("if-none-match", "\"old\""),
        ok(200),
    )
    .await;
    // Any origin may read it, whatever MEDVIRK_ALLOWED_ORIGINS says for the widget endpoints.
    let res = check(
        &t,
        "preflight",
        Req::new("OPTIONS", DIRECTORY)
            .header("origin", "https://any.example")
            .header("access-control-request-method", "GET")
            .header("access-control-request-headers", "if-none-match"),
        Expect {
            headers: &[("access-control-allow-origin", Some("*"))],
            ..ok(200)
        },
    )
    .await;
    assert!(
        res.header("access-control-allow-methods")
            .unwrap()
            .contains("GET")
    );
    let res = t
        .send(Req::get(DIRECTORY).header("origin", "https://any.example"))
        .await;
    assert_eq!(res.header("access-control-allow-origin"), Some("*"));
    assert_eq!(res.header("access-control-expose-headers"), Some("etag"));
    check(
        &t,
        "wrong method",
        Req::new("POST", DIRECTORY),
        err(405, "method_not_allowed", None),
    )
    .await;
}

#[tokio::test]
async fn native_import_replaces_and_changes_the_etag() {
    let t = TestApp::new().await;
    let (_, empty_tag) = get(&t).await;
    let res = put(&t, "", &native(), ok(200)).await;
    let s = res.json();
    assert_eq!(
        (
            s["format"].as_str(),
            s["stored"].as_bool(),
            s["dryRun"].as_bool()
        ),
        (Some("native"), Some(true), Some(false))
    );
    assert_eq!(res.header("cache-control"), Some("no-store"));
    let core = read_native(&native()).unwrap();
    assert_eq!(summary_counts(&s), counts(&core));
    assert!(s["persons"].as_u64().unwrap() >= 3);

    let (body, etag) = get(&t).await;
    assert_ne!(etag, empty_tag);
    assert_eq!(s["etag"], etag);
    assert_eq!(body, write_native(&core.directory));
    check(
        &t,
        "old tag",
        Req::get(DIRECTORY).header("if-none-match", &empty_tag),
        ok(200),
    )
    .await;
    check(
        &t,
        "new tag",
        Req::get(DIRECTORY).header("if-none-match", &etag),
        ok(304),
    )
    .await;
    // Importing what is served gives the same document, so the same ETag: caches stay warm.
    put(&t, "", &body, ok(200)).await;
    assert_eq!(get(&t).await.1, etag);
}

#[tokio::test]
async fn popolo_import_reports_what_was_left_out() {
    let t = TestApp::new().await;
    let res = put(&t, "", &popolo(), ok(200)).await;
    let s = res.json();
    assert_eq!(s["format"], "popolo");
    let core = read_popolo(&popolo()).unwrap();
    assert_eq!(summary_counts(&s), counts(&core));
    let skipped = s["skipped"].as_array().unwrap();
    let dropped = s["dropped"].as_array().unwrap();
    assert!(!skipped.is_empty() && !dropped.is_empty(), "{s}");
    let has = |list: &[Value], kind: &str, id: Value, reason: &str| {
        list.iter()
            .any(|x| x["kind"] == kind && x["id"] == id && x["reason"] == reason)
    };
    assert!(
        has(skipped, "person", json!("nameless"), "missing_name"),
        "{skipped:?}"
    );
    assert!(
        has(skipped, "person", json!("sara"), "duplicate_id"),
        "{skipped:?}"
    );
    assert!(
        has(dropped, "person", json!("control"), "invalid_email"),
        "{dropped:?}"
    );
    assert!(
        has(dropped, "organisation", json!("org-a"), "cyclic_parent"),
        "{dropped:?}"
    );
    for item in skipped.iter().chain(dropped) {
        assert!(
            item["message"].as_str().is_some_and(|m| !m.is_empty()),
            "{item}"
        );
    }
    let (body, _) = get(&t).await;
    assert_eq!(body, write_native(&core.directory));
    assert!(
        !body.contains("javascript:"),
        "hostile links never reach the served document"
    );

    // Forcing a format: a Popolo document read as native is not the format at all.
    put(
        &t,
        "?format=native",
        &popolo(),
        err(422, "wrong_format", None),
    )
    .await;
    let forced = put(&t, "?format=popolo&dryRun=true", &popolo(), ok(200))
        .await
        .json();
    assert_eq!(summary_counts(&forced), counts(&core));
}

#[tokio::test]
async fn refused_documents_and_dry_runs_store_nothing() {
    let t = TestApp::new().await;
    let (empty, empty_tag) = get(&t).await;
    let preview = put(&t, "?dryRun=true", &native(), ok(200)).await.json();
    assert_eq!(
        (preview["stored"].as_bool(), preview["dryRun"].as_bool()),
        (Some(false), Some(true))
    );
    assert_eq!(
        summary_counts(&preview),
        counts(&read_native(&native()).unwrap())
    );
    assert_eq!(
        get(&t).await,
        (empty.clone(), empty_tag.clone()),
        "a dry run stores nothing"
    );

    let mut v2: Value = serde_json::from_str(&native()).unwrap();
    v2["schemaVersion"] = 2.into();
    let deep = format!(
        "{{\"persons\": {}{}}}",
        "[".repeat(100_000),
        "]".repeat(100_000)
    );
    let cases: Vec<(&str, Req, Expect)> = vec![
        (
            "not json",
            admin(Req::json("PUT", ADMIN_DIRECTORY, "{persons")),
            err(400, "invalid_json", None),
        ),
        (
            "not utf-8",
            admin(Req::json(
                "PUT",
                ADMIN_DIRECTORY,
                b"{\"persons\": [\"\xff\"]}".to_vec(),
            )),
            err(400, "invalid_json", None),
        ),
        (
            "array",
            admin(Req::json("PUT", ADMIN_DIRECTORY, "[]")),
            err(422, "wrong_format", None),
        ),
        (
            "neither format",
            admin(Req::json("PUT", ADMIN_DIRECTORY, r#"{"foo": 1}"#)),
            err(422, "wrong_format", None),
        ),
        (
            "schema version 2",
            admin(Req::json("PUT", ADMIN_DIRECTORY, v2.to_string())),
            err(422, "unsupported_schema_version", Some("schemaVersion")),
        ),
        (
            "deep nesting",
            admin(Req::json("PUT", ADMIN_DIRECTORY, deep)),
            err(400, "invalid_json", None),
        ),
        (
            "huge",
            admin(Req::json(
                "PUT",
                ADMIN_DIRECTORY,
                format!("{{\"persons\": [\"{}\"]}}", "x".repeat(9 * 1024 * 1024)),
            )),
            err(413, "payload_too_large", None),
        ),
        (
            "csv as json",
            admin(
                Req::new("PUT", ADMIN_DIRECTORY)
                    .header("content-type", "text/csv")
                    .body("navn;råd"),
            ),
            err(415, "unsupported_media_type", None),
        ),
        (
            "bad format",
            admin(Req::json(
                "PUT",
                &format!("{ADMIN_DIRECTORY}?format=xml"),
                native(),
            )),
            err(400, "invalid_query", Some("format")),
        ),
        (
            "bad dry run",
            admin(Req::json(
                "PUT",
                &format!("{ADMIN_DIRECTORY}?dryRun=maybe"),
                native(),
            )),
            err(400, "invalid_query", Some("dryRun")),
        ),
        (
            "unknown parameter",
            admin(Req::json(
                "PUT",
                &format!("{ADMIN_DIRECTORY}?merge=true"),
                native(),
            )),
            err(400, "invalid_query", Some("merge")),
        ),
    ];
    for (name, req, expect) in cases {
        check(&t, name, req, expect).await;
    }
    assert_eq!(
        get(&t).await,
        (empty, empty_tag),
        "nothing refused was stored, and the server still answers"
    );
}

const CSV: &str = "\u{feff}Navn;Råd;Rolle;Organisasjon;Fra;Til;E-post;Favorittfarge\n\
    Máret Ánde Sara;Brukerrådet i Kautokeino;Leder;Norgga Sámiid Riikkasearvi;01.01.2024;31.12.2027;maret@example.no;blå\n\
    Ola Nordmann;Brukerrådet i Kautokeino;Sjef;;2024-13-01;;ola(at)example.no;\n\
    ;Brukerrådet i Kautokeino;Medlem;;;;;\n\
    Åsa Lindström;Eldrerådet;vara;;2025;;asa@example.se;\n";

#[tokio::test]
async fn csv_import_with_row_errors() {
    let t = TestApp::new().await;
    let csv_path = format!("{ADMIN_DIRECTORY}/csv");
    let post = |query: &str, body: &str| {
        admin(
            Req::new("POST", &format!("{csv_path}{query}"))
                .header("content-type", "text/csv; charset=utf-8")
                .body(body.to_owned()),
        )
    };
    let core = import_csv(CSV).unwrap();
    let preview = check(&t, "dry run", post("?dryRun=true", CSV), ok(200))
        .await
        .json();
    assert_eq!(preview["stored"], false);
    let s = check(&t, "import", post("", CSV), ok(200)).await.json();
    assert_eq!(s["format"], "csv");
    assert_eq!(s["memberships"], 2, "{s}");
    assert_eq!(s["persons"], core.report.directory.persons().len());
    assert_eq!(s["ignoredColumns"], json!(["Favorittfarge"]));
    let errors = s["rowErrors"].as_array().unwrap();
    assert_eq!(errors.len(), core.errors.len());
    let at: Vec<(u64, &str)> = errors
        .iter()
        .map(|e| (e["line"].as_u64().unwrap(), e["column"].as_str().unwrap()))
        .collect();
    assert!(
        at.contains(&(3, "Rolle"))
            && at.contains(&(3, "Fra"))
            && at.contains(&(3, "E-post"))
            && at.contains(&(4, "Navn")),
        "{at:?}"
    );
    assert!(
        errors
            .iter()
            .all(|e| e["message"].as_str().is_some_and(|m| !m.is_empty()))
    );
    let (body, _) = get(&t).await;
    assert_eq!(body, write_native(&core.report.directory));
    assert!(body.contains("Máret Ánde Sara") && !body.contains("Ola Nordmann"));

    let cases: Vec<(&str, Req, Expect)> = vec![
        (
            "json body",
            admin(Req::json("POST", &csv_path, "{}")),
            err(415, "unsupported_media_type", None),
        ),
        (
            "no council column",
            post("", "Navn;E-post\nKari;kari@example.no\n"),
            err(422, "invalid_csv", None),
        ),
        ("empty", post("", ""), err(422, "invalid_csv", None)),
        (
            "unclosed quote",
            post("", "Navn;Råd\n\"Kari;Rådet\n"),
            err(422, "invalid_csv", None),
        ),
        (
            "header only",
            post("?dryRun=true", "Navn;R\u{e5}d\n"),
            ok(200),
        ),
        (
            "latin-1 bytes",
            admin(
                Req::new("POST", &csv_path)
                    .header("content-type", "text/csv")
                    .body(b"Navn;R\xe5d\nKari;R\xe5det\n".to_vec()),
            ),
            err(400, "invalid_csv", None),
        ),
    ];
    for (name, req, expect) in cases {
        check(&t, name, req, expect).await;
    }
}

#[tokio::test]
async fn export_downloads_the_stored_document() {
    let t = TestApp::new().await;
    put(&t, "", &native(), ok(200)).await;
    let (body, etag) = get(&t).await;
    // Norwegian/Swedish local date, as the admin area's downloads (not UTC: after 22:00 or 23:00
    // UTC it is already tomorrow in Oslo).
    let today = medvirk_server::admin_ui::local_today();
    let disposition = format!("attachment; filename=\"medvirk-directory-{today}.json\"");
    for query in ["", "?format=native"] {
        let res = check(
            &t,
            query,
            admin(Req::get(&format!("{ADMIN_DIRECTORY}/export{query}"))),
            Expect {
                headers: &[
                    ("content-disposition", Some(&disposition)),
                    ("content-type", Some("application/json")),
                    ("cache-control", Some("no-store")),
                    ("etag", Some(&etag)),
                ],
                ..ok(200)
            },
        )
        .await;
        assert_eq!(res.text(), body);
    }
    check(
        &t,
        "csv export",
        admin(Req::get(&format!("{ADMIN_DIRECTORY}/export?format=csv"))),
        err(400, "invalid_query", Some("format")),
    )
    .await;
}
