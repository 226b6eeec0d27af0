//! GET /api/v1/admin/feedback: disabled without a token, 401 with a wrong one, filters with the right one.

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
        open311: false,
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
    assert_eq!(admin_routes.len(), 7, "{admin_routes:?}");
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
