//! The strict-CSP demo page is served with the strict policy, and only it: other pages keep none.

use medvirk_server::static_files::STRICT_CSP;

use crate::common::*;

#[tokio::test]
async fn strict_csp_page_gets_the_policy_and_others_do_not() {
    let t = TestApp::new().await;
    std::fs::write(
        t._dir.path().join("www/strict-csp.html"),
        "<!doctype html><title>Streng CSP</title>",
    )
    .unwrap();

    let page = t.send(Req::get("/strict-csp.html")).await;
    assert_eq!(page.status, 200, "{}", page.text());
    assert_eq!(page.header("content-security-policy"), Some(STRICT_CSP));
    // The policy is what the demo claims: no inline code, wasm allowed, stylesheets from self only.
    for directive in [
        "script-src 'self' 'wasm-unsafe-eval'",
        "style-src 'self';",
        "connect-src 'self'",
    ] {
        assert!(STRICT_CSP.contains(directive), "missing `{directive}`");
    }
    assert!(!STRICT_CSP.contains("unsafe-inline"));

    for path in ["/", "/style.css", "/widgets/medvirk.js"] {
        let res = t.send(Req::get(path)).await;
        assert_eq!(res.status, 200, "{path}");
        assert_eq!(res.header("content-security-policy"), None, "{path}");
    }
}
