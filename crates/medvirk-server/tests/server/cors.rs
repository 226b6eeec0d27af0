//! CORS: the widget endpoints answer preflights for the configured origins, never with credentials; admin gets none.

use axum::http::HeaderValue;
use medvirk_server::config::AllowedOrigins;

use crate::common::*;

fn preflight(path: &str, origin: &str, method: &str) -> Req<'static> {
    Req::new("OPTIONS", path)
        .header("origin", origin)
        .header("access-control-request-method", method)
        .header("access-control-request-headers", "content-type")
}

fn allowed_methods(res: &Res) -> String {
    res.header("access-control-allow-methods")
        .unwrap_or("")
        .to_ascii_uppercase()
}

#[tokio::test]
async fn any_origin_by_default() {
    let t = TestApp::new().await;
    let origin = "https://www.kommune.no";
    let item = format!("{FEEDBACK}/{}", uuid(1));
    for (path, method) in [(FEEDBACK, "POST"), (item.as_str(), "PATCH")] {
        let res = check(
            &t,
            path,
            preflight(path, origin, method),
            Expect {
                headers: &[
                    ("access-control-allow-origin", Some("*")),
                    ("access-control-allow-headers", Some("content-type")),
                    ("access-control-max-age", Some("86400")),
                    ("access-control-allow-credentials", None),
                ],
                ..ok(200)
            },
        )
        .await;
        let methods = allowed_methods(&res);
        assert!(
            ["POST", "PATCH", "OPTIONS"]
                .iter()
                .all(|m| methods.contains(m)),
            "{methods}"
        );
        assert!(
            !methods.contains("GET") && !methods.contains("DELETE"),
            "{methods}"
        );
    }
    // Real answers carry the header too, errors included, so the widget can read them.
    let post = Req::json("POST", FEEDBACK, submission(&uuid(2), 4)).header("origin", origin);
    check(
        &t,
        "post",
        post,
        Expect {
            headers: &[
                ("access-control-allow-origin", Some("*")),
                (
                    "access-control-expose-headers",
                    Some("location,retry-after"),
                ),
            ],
            ..ok(201)
        },
    )
    .await;
    let bad = Req::new("POST", FEEDBACK)
        .header("origin", origin)
        .body("x");
    check(
        &t,
        "error",
        bad,
        Expect {
            headers: &[("access-control-allow-origin", Some("*"))],
            ..err(415, "unsupported_media_type", None)
        },
    )
    .await;
}

#[tokio::test]
async fn configured_origins_only() {
    let origins = AllowedOrigins::List(vec![HeaderValue::from_static("https://www.kommune.no")]);
    let t = TestApp::with(Options {
        origins,
        ..Options::default()
    })
    .await;
    check(
        &t,
        "allowed",
        preflight(FEEDBACK, "https://www.kommune.no", "POST"),
        Expect {
            headers: &[
                (
                    "access-control-allow-origin",
                    Some("https://www.kommune.no"),
                ),
                ("access-control-allow-credentials", None),
            ],
            ..ok(200)
        },
    )
    .await;
    let res = check(
        &t,
        "other",
        preflight(FEEDBACK, "https://evil.example", "POST"),
        Expect {
            headers: &[("access-control-allow-origin", None)],
            ..ok(200)
        },
    )
    .await;
    assert!(
        res.headers
            .get_all("vary")
            .iter()
            .any(|v| v.to_str().unwrap().contains("origin")),
        "{:?}",
        res.headers
    );
}

#[tokio::test]
async fn admin_and_docs_have_no_cors() {
    let t = TestApp::new().await;
    for path in [ADMIN, "/api/v1/openapi.json"] {
        let res = t
            .send(preflight(path, "https://www.kommune.no", "GET"))
            .await;
        assert_eq!(res.header("access-control-allow-origin"), None, "{path}");
        let res = t
            .send(Req::get(path).header("origin", "https://www.kommune.no"))
            .await;
        assert_eq!(res.header("access-control-allow-origin"), None, "{path}");
    }
}
