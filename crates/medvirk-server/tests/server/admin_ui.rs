//! The admin area's frame: sign-in, sessions, sign-out, the same-origin rule and the security headers.

use axum::http::StatusCode;

use crate::common::{Options, Req, TOKEN, TestApp};

#[tokio::test]
async fn sign_in_page_speaks_the_browsers_language_and_labels_the_token_field() {
    let t = TestApp::new().await;
    let res = t
        .send(Req::get("/admin/").header("accept-language", "sv-FI,sv;q=0.9,en;q=0.5"))
        .await;
    assert_eq!(res.status, StatusCode::OK);
    let html = res.text();
    assert!(html.contains("<html lang=\"sv\">"), "{html}");
    assert!(html.contains("<label for=\"token\">Administrationsnyckel</label>"));
    assert!(html.contains("type=\"password\" id=\"token\" name=\"token\""));
    assert_eq!(
        res.header("content-security-policy"),
        Some(medvirk_server::admin_ui::ADMIN_CSP)
    );
    assert_eq!(res.header("cache-control"), Some("no-store"));
    assert_eq!(res.header("x-frame-options"), Some("DENY"));
    // `/admin` without the slash lands on the same page.
    let res = t.send(Req::get("/admin")).await;
    assert_eq!(res.header("location"), Some("/admin/"));
}

#[tokio::test]
async fn a_wrong_token_is_refused_with_an_alert_and_no_cookie() {
    let t = TestApp::new().await;
    let res = t
        .send(Req::form("/admin/sign-in", "token=nope&lang=nn"))
        .await;
    assert_eq!(res.status, StatusCode::UNAUTHORIZED);
    assert!(res.header("set-cookie").is_none());
    let html = res.text();
    assert!(html.contains("role=\"alert\""), "{html}");
    assert!(html.contains("Nøkkelen stemmer ikkje"), "{html}");
    assert!(html.contains("aria-invalid=\"true\""));
    assert!(!html.contains("nope"), "the presented token is not echoed");
}

#[tokio::test]
async fn repeated_failures_lock_the_form_for_a_minute() {
    let t = TestApp::new().await;
    const GUESSER: &str = "10.7.7.7";
    for _ in 0..medvirk_server::admin_ui::session::FAILURES_PER_MINUTE {
        let res = t
            .send(Req::form("/admin/sign-in", "token=guess").from(GUESSER))
            .await;
        assert_eq!(res.status, StatusCode::UNAUTHORIZED);
    }
    // Even the right token waits: a lock-out that a right guess could pass would confirm it.
    let res = t
        .send(Req::form("/admin/sign-in", &format!("token={TOKEN}&lang=en")).from(GUESSER))
        .await;
    assert_eq!(res.status, StatusCode::TOO_MANY_REQUESTS);
    assert!(res.text().contains("Too many failed attempts"));
    // The lock-out is the guesser's alone: an admin elsewhere still signs in.
    let res = t
        .send(Req::form("/admin/sign-in", &format!("token={TOKEN}&lang=en")).from("10.8.8.8"))
        .await;
    assert_eq!(res.status, StatusCode::SEE_OTHER);
}

#[tokio::test]
async fn the_right_token_gives_a_strict_cookie_and_pages_need_it() {
    let t = TestApp::new().await;
    let res = t
        .send(Req::form("/admin/sign-in", &format!("token={TOKEN}")))
        .await;
    assert_eq!(res.status, StatusCode::SEE_OTHER);
    assert_eq!(res.header("location"), Some("/admin/results"));
    let cookie = res.header("set-cookie").unwrap();
    for part in [
        "medvirk_admin=",
        "HttpOnly",
        "SameSite=Strict",
        "Path=/admin",
    ] {
        assert!(cookie.contains(part), "{cookie}");
    }
    assert!(
        !cookie.contains(TOKEN),
        "the cookie is a session id, not the token"
    );

    let cookie = t.sign_in().await;
    let res = t.send(Req::get("/admin/").session(&cookie)).await;
    assert_eq!(res.header("location"), Some("/admin/results"));

    // Sign-out ends the session on the server, not only in the browser.
    let res = t.admin_post(&cookie, "/admin/sign-out", "").await;
    assert_eq!(res.status, StatusCode::SEE_OTHER);
    assert!(res.header("set-cookie").unwrap().contains("Max-Age=0"));
    let res = t.send(Req::get("/admin/").session(&cookie)).await;
    assert_eq!(res.status, StatusCode::OK, "back to the sign-in form");
    assert!(res.text().contains("name=\"token\""));
}

#[tokio::test]
async fn an_unknown_session_is_sent_to_sign_in_as_expired() {
    let t = TestApp::new().await;
    let stale = format!("medvirk_admin={}", "0".repeat(64));
    let res = t
        .send(Req::get("/admin/no-such-page").session(&stale))
        .await;
    assert_eq!(res.status, StatusCode::NOT_FOUND);
    let res = t
        .send(Req::get("/admin/").header("accept-language", "en"))
        .await;
    assert!(!res.text().contains("session has ended"));
    let res = t
        .send(Req::get("/admin/?expired=1").header("accept-language", "en"))
        .await;
    assert!(res.text().contains("Your session has ended"));
}

#[tokio::test]
async fn changes_from_another_origin_are_refused() {
    let t = TestApp::new().await;
    let cookie = t.sign_in().await;
    let res = t
        .send(
            Req::new("POST", "/admin/sign-out")
                .header("host", "127.0.0.1:8080")
                .header("origin", "https://evil.example")
                .header("content-type", "application/x-www-form-urlencoded")
                .session(&cookie),
        )
        .await;
    assert_eq!(res.status, StatusCode::FORBIDDEN);
    // The session survived the forged sign-out.
    let res = t.send(Req::get("/admin/").session(&cookie)).await;
    assert_eq!(res.header("location"), Some("/admin/results"));
    // No Origin and no fetch metadata: refused too.
    let res = t
        .send(
            Req::new("POST", "/admin/sign-in")
                .header("content-type", "application/x-www-form-urlencoded")
                .body(format!("token={TOKEN}")),
        )
        .await;
    assert_eq!(res.status, StatusCode::FORBIDDEN);
}

#[tokio::test]
async fn without_any_token_the_admin_area_says_how_to_enable_it() {
    let t = TestApp::with(Options {
        admin_token: None,
        ..Options::default()
    })
    .await;
    let res = t
        .send(Req::get("/admin/").header("accept-language", "en"))
        .await;
    assert_eq!(res.status, StatusCode::SERVICE_UNAVAILABLE);
    assert!(res.text().contains("MEDVIRK_ADMIN_TOKEN"));
}

#[tokio::test]
async fn the_stylesheet_is_served_for_the_strict_policy() {
    let t = TestApp::new().await;
    let res = t.send(Req::get("/admin/admin.css")).await;
    assert_eq!(res.status, StatusCode::OK);
    assert_eq!(res.header("content-type"), Some("text/css; charset=utf-8"));
    assert!(res.text().contains(":focus-visible"));
}
