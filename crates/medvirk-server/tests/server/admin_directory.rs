//! The directory admin pages: sign-in required, the same-origin rule, import preview (nothing
//! stored) and confirm, stale previews and edits refused, edits validated by core, "confirmed
//! today", terms ending soon, vacant seats, and escaping of hostile names.

use axum::http::StatusCode;
use serde_json::{Value, json};

use crate::common::*;

const DIRECTORY: &str = "/api/v1/directory";
const BOUNDARY: &str = "medvirk-test-boundary-41";

/// The directory as the public API serves it.
async fn stored(t: &TestApp) -> Value {
    let res = t.send(Req::get(DIRECTORY)).await;
    assert_eq!(res.status, StatusCode::OK);
    res.json()
}

/// A multipart form POST as a browser on the same origin sends it. Parts: (name, file name, content).
fn multipart(path: &str, parts: &[(&str, Option<&str>, &str)]) -> Req<'static> {
    let mut body = String::new();
    for (name, file, content) in parts {
        body.push_str(&format!("--{BOUNDARY}\r\n"));
        match file {
            Some(f) => body.push_str(&format!(
                "Content-Disposition: form-data; name=\"{name}\"; filename=\"{f}\"\r\nContent-Type: application/octet-stream\r\n\r\n"
            )),
            None => body.push_str(&format!(
                "Content-Disposition: form-data; name=\"{name}\"\r\n\r\n"
            )),
        }
        body.push_str(content);
        body.push_str("\r\n");
    }
    body.push_str(&format!("--{BOUNDARY}--\r\n"));
    Req::new("POST", path)
        .header("host", "127.0.0.1:8080")
        .header("origin", "http://127.0.0.1:8080")
        .header(
            "content-type",
            &format!("multipart/form-data; boundary={BOUNDARY}"),
        )
        .body(body.into_bytes())
}

/// The value of a hidden field, with the HTML escapes undone.
fn hidden(html: &str, name: &str) -> String {
    let start = html
        .find(&format!("name=\"{name}\" value=\""))
        .unwrap_or_else(|| panic!("no hidden {name} in {html}"))
        + name.len()
        + 15;
    let end = start + html[start..].find('"').unwrap();
    html[start..end]
        .replace("&quot;", "\"")
        .replace("&#39;", "'")
        .replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&amp;", "&")
}

fn encode(v: &str) -> String {
    form_urlencoded::byte_serialize(v.as_bytes()).collect()
}

/// Previews `content` pasted into the textarea; returns the preview page.
async fn preview(t: &TestApp, cookie: &str, content: &str) -> Res {
    t.send(
        multipart(
            "/admin/directory/preview",
            &[
                ("file", Some(""), ""),
                ("text", None, content),
                ("format", None, "auto"),
            ],
        )
        .session(cookie),
    )
    .await
}

/// Previews and confirms a document; the directory holds it afterwards.
async fn import(t: &TestApp, cookie: &str, content: &str) {
    let res = preview(t, cookie, content).await;
    assert_eq!(res.status, StatusCode::OK, "{}", res.text());
    let html = res.text();
    let res = confirm(
        t,
        cookie,
        &hidden(&html, "base"),
        &hidden(&html, "document"),
    )
    .await;
    assert_eq!(res.status, StatusCode::SEE_OTHER, "{}", res.text());
}

async fn confirm(t: &TestApp, cookie: &str, base: &str, document: &str) -> Res {
    t.admin_post(
        cookie,
        "/admin/directory/import",
        &format!("base={}&document={}", encode(base), encode(document)),
    )
    .await
}

const CSV: &str = "\u{feff}Navn;Råd;Rolle;Til;E-post\n\
    Máret Ánde Sara;Brukerrådet i Kautokeino;Leder;31.12.2027;maret@example.no\n\
    Ola Nordmann;Brukerrådet i Kautokeino;Sjef;2024-13-01;ola(at)example.no\n\
    Åsa Lindström;Eldrerådet;vara;2030;asa@example.se\n";

fn native() -> String {
    example_of("directory", "native-small.json")
}

#[tokio::test]
async fn every_directory_page_needs_a_session() {
    let t = TestApp::new().await;
    for req in [
        Req::get("/admin/directory"),
        Req::get("/admin/directory/persons/p-kari"),
        Req::get("/admin/directory/memberships/m-1"),
        multipart("/admin/directory/preview", &[("text", None, "{}")]),
        Req::form("/admin/directory/import", "base=x&document=%7B%7D"),
        Req::form("/admin/directory/persons/p-kari", "name=X"),
        Req::form("/admin/directory/memberships/m-1", "role=member"),
        Req::form("/admin/directory/memberships/m-1/confirm", "back="),
    ] {
        let path = req.path.clone();
        let res = t.send(req).await;
        assert_eq!(res.status, StatusCode::SEE_OTHER, "{path}");
        assert_eq!(res.header("location"), Some("/admin/"), "{path}");
    }
}

#[tokio::test]
async fn an_import_from_another_origin_is_refused() {
    let t = TestApp::new().await;
    let cookie = t.sign_in().await;
    let before = stored(&t).await;
    let res = t
        .send(
            Req::new("POST", "/admin/directory/import")
                .header("host", "127.0.0.1:8080")
                .header("origin", "https://evil.example")
                .header("content-type", "application/x-www-form-urlencoded")
                .body(format!("base=x&document={}", encode(&native())))
                .session(&cookie),
        )
        .await;
    assert_eq!(res.status, StatusCode::FORBIDDEN);
    assert_eq!(stored(&t).await, before);
}

#[tokio::test]
async fn a_csv_preview_shows_row_errors_and_changes_and_stores_nothing() {
    let t = TestApp::new().await;
    let cookie = t.sign_in().await;
    let before = stored(&t).await;
    let res = t
        .send(
            multipart(
                "/admin/directory/preview",
                &[
                    ("file", Some("representanter.csv"), CSV),
                    ("text", None, ""),
                    ("format", None, "auto"),
                ],
            )
            .session(&cookie),
        )
        .await;
    assert_eq!(res.status, StatusCode::OK, "{}", res.text());
    let html = res.text();
    assert!(html.contains("<h1>Check the import</h1>"), "{html}");
    assert!(html.contains("Read as CSV."));
    // Row-level errors with line and column.
    assert!(html.contains("<h2 id=\"row-errors\">Rows with errors</h2>"));
    for column in ["Rolle", "Til", "E-post"] {
        assert!(
            html.contains(&format!("<tr><td class=\"num\">3</td><td>{column}</td>")),
            "{column}: {html}"
        );
    }
    // What would change: two people and two councils added, from an empty directory.
    assert!(html.contains("<tr><th scope=\"row\">People</th><td class=\"num\">2</td><td class=\"num\">0</td><td class=\"num\">0</td><td class=\"num\">2</td></tr>"), "{html}");
    assert!(html.contains("<td>Máret Ánde Sara – Brukerrådet i Kautokeino</td><td>Added</td>"));
    assert_eq!(stored(&t).await, before, "a preview stores nothing");

    // Confirming stores exactly the previewed rows.
    let res = confirm(
        &t,
        &cookie,
        &hidden(&html, "base"),
        &hidden(&html, "document"),
    )
    .await;
    assert_eq!(res.status, StatusCode::SEE_OTHER);
    assert_eq!(res.header("location"), Some("/admin/directory?done=stored"));
    let dir = stored(&t).await;
    assert_eq!(dir["persons"].as_array().unwrap().len(), 2);
    assert_eq!(dir["memberships"].as_array().unwrap().len(), 2);
    let html = t
        .admin_get(&cookie, "/admin/directory?done=stored")
        .await
        .text();
    assert!(html.contains("role=\"status\">The list of representatives is updated."));
}

#[tokio::test]
async fn an_unreadable_upload_is_an_error_on_the_file_field_and_keeps_the_pasted_text() {
    let t = TestApp::new().await;
    let cookie = t.sign_in().await;
    let res = preview(&t, &cookie, "{\"schemaVersion\": 1, \"persons\": [").await;
    assert_eq!(res.status, StatusCode::UNPROCESSABLE_ENTITY);
    let html = res.text();
    assert!(
        html.contains(
            "<a href=\"#file\">The content cannot be read. The file is not valid JSON (error on line 1, character 34).</a>"
        ),
        "{html}"
    );
    assert!(html.contains("&quot;persons&quot;: [</textarea>"));
    let res = preview(&t, &cookie, "  ").await;
    assert_eq!(res.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(res.text().contains("Choose a file or paste the content"));
    // A file that is not UTF-8 (Latin-1 "Ø").
    let mut req = multipart(
        "/admin/directory/preview",
        &[("file", Some("x.csv"), "Navn;Råd\nX;Y\n")],
    );
    let at = req
        .body
        .windows(2)
        .position(|w| w == "å".as_bytes())
        .unwrap();
    req.body.splice(at..at + 2, [0xe5]);
    let res = t.send(req.session(&cookie)).await;
    assert_eq!(res.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(res.text().contains("not saved as UTF-8"));
    assert_eq!(stored(&t).await["persons"], json!([]));
}

#[tokio::test]
async fn a_preview_made_before_another_change_is_not_stored() {
    let t = TestApp::new().await;
    let cookie = t.sign_in().await;
    let res = preview(&t, &cookie, &native()).await;
    let html = res.text();
    let (base, document) = (hidden(&html, "base"), hidden(&html, "document"));
    // Someone else imports meanwhile.
    import(&t, &cookie, CSV).await;
    let between = stored(&t).await;
    let res = confirm(&t, &cookie, &base, &document).await;
    assert_eq!(res.status, StatusCode::CONFLICT);
    assert!(
        res.text()
            .contains("Someone else changed the list after your preview")
    );
    assert_eq!(stored(&t).await, between);
    // A tampered document is refused before anything is compared.
    let res = confirm(&t, &cookie, &base, "not json").await;
    assert_eq!(res.status, StatusCode::BAD_REQUEST);
}

#[tokio::test]
async fn a_second_import_previews_changes_and_removals_by_id() {
    let t = TestApp::new().await;
    let cookie = t.sign_in().await;
    import(&t, &cookie, &native()).await;
    let mut doc: Value = serde_json::from_str(&native()).unwrap();
    let persons = doc["persons"].as_array_mut().unwrap();
    persons[1]["email"] = "oystein@example.no".into();
    let removed = persons.pop().unwrap();
    doc["memberships"]
        .as_array_mut()
        .unwrap()
        .retain(|m| m["personId"] != removed["id"]);
    let res = preview(&t, &cookie, &doc.to_string()).await;
    assert_eq!(res.status, StatusCode::OK);
    let html = res.text();
    assert!(html.contains("Read as medvirk JSON."));
    assert!(
        html.contains("<td>Øystein Ødegård</td><td>Changed: Email</td>"),
        "{html}"
    );
    assert!(html.contains(&format!(
        "<td>{}</td><td>Removed</td>",
        removed["name"].as_str().unwrap()
    )));
    // Unchanged records are not listed.
    assert!(!html.contains("<td>Ahmed Ali</td>"));
}

#[tokio::test]
async fn a_person_edit_goes_through_core_validation() {
    let t = TestApp::new().await;
    let cookie = t.sign_in().await;
    import(&t, &cookie, &native()).await;
    let path = "/admin/directory/persons/p-kari";
    let html = t.admin_get(&cookie, path).await.text();
    assert!(html.contains("<h1>Edit Kari Nordmann</h1>"));
    let etag = hidden(&html, "etag");

    // A bad e-mail and no name: both reported, linked, nothing stored.
    let before = stored(&t).await;
    let res = t
        .admin_post(
            &cookie,
            path,
            &format!(
                "etag={}&name=+&email=kari%40&phone=&address=",
                encode(&etag)
            ),
        )
        .await;
    assert_eq!(res.status, StatusCode::UNPROCESSABLE_ENTITY);
    let html = res.text();
    assert!(
        html.contains("<a href=\"#name\">Enter the name</a>"),
        "{html}"
    );
    assert!(html.contains("value=\"kari@\""), "what was typed stays");
    assert_eq!(stored(&t).await, before);
    let res = t
        .admin_post(
            &cookie,
            path,
            &format!(
                "etag={}&name=Kari&email=kari%40&phone=&address=",
                encode(&etag)
            ),
        )
        .await;
    assert_eq!(res.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        res.text()
            .contains("<a href=\"#email\">Enter an email address like")
    );

    // A good edit is stored with a new ETag.
    let res = t.admin_post(&cookie, path, &format!(
                    "etag={}&name=Kari+Nordmann-Berg&email=kari%40example.no&phone=%2B47+22+33+44+55&address=Gate+1%0D%0A0150+Oslo",
                    encode(&etag)
                ))
        .await;
    assert_eq!(res.status, StatusCode::SEE_OTHER, "{}", res.text());
    let dir = stored(&t).await;
    let kari = dir["persons"]
        .as_array()
        .unwrap()
        .iter()
        .find(|p| p["id"] == "p-kari")
        .unwrap()
        .clone();
    assert_eq!(kari["name"], "Kari Nordmann-Berg");
    assert_eq!(kari["email"], "kari@example.no");
    assert_eq!(kari["address"], "Gate 1\n0150 Oslo");

    // The old ETag is stale now: refused, with what was typed kept in the form.
    let res = t
        .admin_post(
            &cookie,
            path,
            &format!(
                "etag={}&name=Kari+Gammel&email=&phone=&address=",
                encode(&etag)
            ),
        )
        .await;
    assert_eq!(res.status, StatusCode::CONFLICT);
    let html = res.text();
    assert!(html.contains("Someone else changed the list while you were writing"));
    assert!(html.contains("value=\"Kari Gammel\""));
    assert_ne!(
        hidden(&html, "etag"),
        etag,
        "saving again uses the current version"
    );
    assert_eq!(stored(&t).await, dir);
}

#[tokio::test]
async fn a_membership_edit_checks_dates_and_confirming_stamps_today() {
    let t = TestApp::new().await;
    let cookie = t.sign_in().await;
    import(&t, &cookie, &native()).await;
    let path = "/admin/directory/memberships/m-1";
    let html = t.admin_get(&cookie, path).await.text();
    let etag = hidden(&html, "etag");
    let res = t
        .admin_post(
            &cookie,
            path,
            &format!(
                "etag={}&role=member&status=appointed&start=2027&end=31.12.2026&email=&phone=",
                encode(&etag)
            ),
        )
        .await;
    assert_eq!(res.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        res.text()
            .contains("<a href=\"#end\">The term cannot end before it starts</a>")
    );
    let res = t.admin_post(&cookie, path, &format!("etag={}&role=deputy_leader&status=appointed&start=2024&end=31.12.2027&email=&phone=", encode(&etag)))
        .await;
    assert_eq!(res.status, StatusCode::SEE_OTHER, "{}", res.text());
    let m = |dir: &Value| {
        dir["memberships"]
            .as_array()
            .unwrap()
            .iter()
            .find(|m| m["id"] == "m-1")
            .unwrap()
            .clone()
    };
    let m1 = m(&stored(&t).await);
    assert_eq!(m1["role"], "deputy_leader");
    assert_eq!(m1["end"], "2027-12-31");

    let res = t
        .admin_post(
            &cookie,
            &format!("{path}/confirm"),
            "back=%2Fadmin%2Fdirectory%2Fpersons%2Fp-maret",
        )
        .await;
    assert_eq!(res.status, StatusCode::SEE_OTHER);
    assert_eq!(
        res.header("location"),
        Some("/admin/directory/persons/p-maret?done=confirmed")
    );
    let today = time::OffsetDateTime::now_utc().date().to_string();
    assert_eq!(m(&stored(&t).await)["confirmedOn"], today.as_str());
    // Somewhere else to go back to is not followed.
    let res = t
        .admin_post(
            &cookie,
            &format!("{path}/confirm"),
            "back=https%3A%2F%2Fevil.example",
        )
        .await;
    assert_eq!(
        res.header("location"),
        Some("/admin/directory/memberships/m-1?done=confirmed")
    );
}

#[tokio::test]
async fn the_overview_lists_terms_ending_soon_and_vacant_seats() {
    let t = TestApp::new().await;
    let cookie = t.sign_in().await;
    let soon = (time::OffsetDateTime::now_utc().date() + time::Duration::days(20)).to_string();
    let doc = json!({
        "schemaVersion": 1,
        "persons": [{"id": "p1", "name": "Kari Nordmann"}, {"id": "p2", "name": "Ola Nordmann"}],
        "organisations": [{"id": "c", "name": "Brukerrådet", "kind": "council",
                           "seats": [{"category": "user_representative", "seats": 3}]}],
        "memberships": [
            {"id": "m1", "personId": "p1", "councilId": "c", "role": "leader", "status": "appointed", "end": soon},
            {"id": "m2", "personId": "p2", "councilId": "c", "role": "member", "status": "appointed", "end": "2099"}
        ]
    });
    import(&t, &cookie, &doc.to_string()).await;
    let html = t.admin_get(&cookie, "/admin/directory").await.text();
    assert!(html.contains("<h2 id=\"ending-heading\">Terms ending within 60 days</h2>"));
    assert!(
        html.contains("<a href=\"/admin/directory/memberships/m1\">Kari Nordmann</a>"),
        "{html}"
    );
    assert!(!html.contains("<a href=\"/admin/directory/memberships/m2\">"));
    assert!(html.contains("<tr><td>Brukerrådet</td><td>User representatives</td><td class=\"num\">3</td><td class=\"num\">2</td><td class=\"num\">1</td></tr>"), "{html}");
    // The people list with a search that folds diacritics.
    let html = t.admin_get(&cookie, "/admin/directory?q=ola").await.text();
    assert!(html.contains("Showing 1 of 1."));
    assert!(html.contains("<a href=\"/admin/directory/persons/p2\">Ola Nordmann</a>"));
}

#[tokio::test]
async fn hostile_names_and_ids_are_escaped_everywhere() {
    let t = TestApp::new().await;
    let cookie = t.sign_in().await;
    let evil = "<img src=x onerror=alert(1)>\"'";
    let doc = json!({
        "schemaVersion": 1,
        "persons": [{"id": "p/1 \"x\"", "name": evil}],
        "organisations": [{"id": "c", "name": "<b>Rådet</b>", "kind": "council"}],
        "memberships": [{"id": "m?1", "personId": "p/1 \"x\"", "councilId": "c", "role": "member", "status": "appointed"}]
    });
    let res = preview(&t, &cookie, &doc.to_string()).await;
    let html = res.text();
    assert!(!html.contains("<img src=x"), "{html}");
    assert!(!html.contains("<b>Rådet"));
    assert!(html.contains("&lt;img src=x onerror=alert(1)&gt;&quot;&#39;"));
    import(&t, &cookie, &doc.to_string()).await;
    let html = t.admin_get(&cookie, "/admin/directory").await.text();
    assert!(!html.contains("<img src=x"));
    assert!(
        html.contains("href=\"/admin/directory/persons/p%2F1%20%22x%22\""),
        "{html}"
    );
    let html = t
        .admin_get(&cookie, "/admin/directory/persons/p%2F1%20%22x%22")
        .await
        .text();
    assert!(!html.contains("<img src=x") && !html.contains("<b>Rådet"));
    assert!(html.contains("action=\"/admin/directory/memberships/m%3F1/confirm\""));
    let html = t
        .admin_get(&cookie, "/admin/directory/memberships/m%3F1")
        .await
        .text();
    assert!(!html.contains("<img src=x"));
    let res = t
        .send(Req::get("/admin/directory/persons/nobody").session(&cookie))
        .await;
    assert_eq!(res.status, StatusCode::NOT_FOUND);
}

#[tokio::test]
async fn the_store_replaces_the_directory_only_from_the_expected_version() {
    use medvirk_server::store::StoredDirectory;
    let t = TestApp::new().await;
    let doc = |n: u8| StoredDirectory {
        document: format!("{{\"schemaVersion\":1,\"n\":{n}}}"),
        etag: format!("\"v{n}\""),
        updated_at: time::OffsetDateTime::now_utc(),
    };
    let first = t.store.replace_directory_if(None, doc(1)).await.unwrap();
    assert!(first, "the first version needs nothing stored");
    let again = t.store.replace_directory_if(None, doc(2)).await.unwrap();
    assert!(!again, "a second 'first' version loses");
    let wrong = t
        .store
        .replace_directory_if(Some("\"v9\""), doc(3))
        .await
        .unwrap();
    assert!(!wrong, "an outdated version loses");
    assert_eq!(t.store.directory().await.unwrap().unwrap().etag, "\"v1\"");
    let right = t
        .store
        .replace_directory_if(Some("\"v1\""), doc(4))
        .await
        .unwrap();
    assert!(right);
    assert_eq!(t.store.directory().await.unwrap().unwrap().etag, "\"v4\"");
}

/// Pastes `content` for a preview in `lang` (the `?lang=` switch works on any admin URL).
async fn preview_in(t: &TestApp, cookie: &str, lang: &str, content: &str) -> String {
    let res = t
        .send(
            multipart(
                &format!("/admin/directory/preview?lang={lang}"),
                &[("text", None, content), ("format", None, "auto")],
            )
            .session(cookie),
        )
        .await;
    let html = res.text();
    assert!(html.contains(&format!("<html lang=\"{lang}\">")), "{html}");
    html
}

#[tokio::test]
async fn the_preview_says_every_problem_in_the_persons_language() {
    let t = TestApp::new().await;
    let cookie = t.sign_in().await;
    // CSV cells, with the cell quoted (and escaped).
    let csv = "Navn;Råd;Rolle;Fra;Til;E-post;Nivå\n\
        Kari;Rådet;Sjef <b>;2024;2023;kari(at)x.no;planetær\n\
        ;Rådet;;;;;\n";
    let html = preview_in(&t, &cookie, "nb", csv).await;
    for (column, text) in [
        (
            "Rolle",
            "Ukjent rolle «Sjef &lt;b&gt;». Bruk leder, nestleder, medlem eller vara",
        ),
        ("Til", "Perioden slutter («2023») før den begynner"),
        ("E-post", "«kari(at)x.no» er ikke en gyldig e-postadresse"),
        (
            "Nivå",
            "Ukjent nivå «planetær». Bruk lokal, regional eller nasjonal",
        ),
    ] {
        assert!(
            html.contains(&format!(
                "<tr><td class=\"num\">2</td><td>{column}</td><td>{text}</td></tr>"
            )),
            "{column}: {html}"
        );
    }
    assert!(html.contains("<tr><td class=\"num\">3</td><td>Navn</td><td>Navnet er tomt</td></tr>"));
    assert!(!html.contains("unknown role") && !html.contains("not a valid"));
    let html = preview_in(&t, &cookie, "sv", csv).await;
    assert!(html.contains("<td>”kari(at)x.no” är inte en giltig e-postadress</td>"));

    // Skipped records and dropped fields of a JSON document.
    let json = serde_json::json!({
        "schemaVersion": 1,
        "persons": [
            {"id": "p1", "name": "Kari", "email": "kari(at)x.no"},
            {"id": "p1", "name": "Kari igjen"},
            {"id": "p2", "name": ""}
        ],
        "organisations": [{"id": "r", "name": "Rådet", "kind": "council"}],
        "memberships": [{"id": "m1", "personId": "p9", "councilId": "r", "role": "member", "status": "appointed"}]
    })
    .to_string();
    for (lang, texts) in [
        (
            "sv",
            [
                "En tidigare post har samma id",
                "Saknar namn",
                "Personen finns inte i filen",
                "Inte en giltig e-postadress",
            ],
        ),
        (
            "nn",
            [
                "Ei tidlegare oppføring har same id",
                "Manglar namn",
                "Personen finst ikkje i fila",
                "Ikkje ei gyldig e-postadresse",
            ],
        ),
        (
            "en",
            [
                "An earlier record has the same id",
                "No name",
                "The person is not in the file",
                "Not a valid e-mail address",
            ],
        ),
    ] {
        let html = preview_in(&t, &cookie, lang, &json).await;
        for text in texts {
            assert!(
                html.contains(&format!("<td>{text}</td></tr>")),
                "{lang} {text}: {html}"
            );
        }
    }

    // Files that cannot be read at all.
    let html = preview_in(
        &t,
        &cookie,
        "nn",
        "{\n  \"schemaVersion\": 1,\n  \"persons\": [}",
    )
    .await;
    assert!(
        html.contains(
            "Innhaldet kan ikkje lesast. Fila er ikkje gyldig JSON (feil på linje 3, teikn 15)."
        ),
        "{html}"
    );
    let html = preview_in(&t, &cookie, "sv", "{\"schemaVersion\": 7}").await;
    assert!(html.contains("Den här versionen av schemaVersion kan inte läsas (bara version 1)"));
    let html = preview_in(&t, &cookie, "nb", "Navn;Rolle\nKari;leder\n").await;
    assert!(
        html.contains("Innholdet kan ikke leses. Overskriftslinjen mangler kolonnen «council».")
    );
    let html = preview_in(&t, &cookie, "en", "name;council\n\"Kari;Rådet\n").await;
    assert!(html.contains("A quoted field that starts on line 2 is never closed."));
    assert_eq!(stored(&t).await["persons"], json!([]));
}

#[tokio::test]
async fn the_language_links_of_the_overview_keep_the_search() {
    let t = TestApp::new().await;
    let cookie = t.sign_in().await;
    let html = t
        .admin_get(&cookie, "/admin/directory?q=%C3%85se+%22x%22&lang=en")
        .await
        .text();
    assert!(
        html.contains("<a href=\"?q=%C3%85se+%22x%22&amp;lang=nn\" lang=\"nn\""),
        "{html}"
    );
}

#[tokio::test]
async fn the_language_link_of_a_page_answering_a_post_leads_back_in_that_language() {
    let t = TestApp::new().await;
    let cookie = t.sign_in().await;
    for (path, to) in [
        (
            "/admin/directory/preview?lang=nn",
            "/admin/directory#import-heading",
        ),
        (
            "/admin/directory/import?lang=sv",
            "/admin/directory#import-heading",
        ),
        (
            "/admin/directory/memberships/m%2F1/confirm?lang=nb",
            "/admin/directory/memberships/m%2F1",
        ),
    ] {
        let res = t.send(Req::get(path).session(&cookie)).await;
        assert_eq!(res.status, StatusCode::SEE_OTHER, "{path}");
        assert_eq!(res.header("location"), Some(to), "{path}");
    }
    // The session took the last language.
    let html = t.admin_get(&cookie, "/admin/directory").await.text();
    assert!(html.contains("<html lang=\"nb\">"));
    // Without a session: to sign-in, as everywhere.
    let res = t.send(Req::get("/admin/directory/preview")).await;
    assert_eq!(res.header("location"), Some("/admin/"));
}
