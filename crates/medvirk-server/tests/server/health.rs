//! `/healthz` and `/readyz`: liveness never touches the database, readiness fails (503, JSON error) once it cannot answer.

use serde_json::json;

use crate::common::*;

#[tokio::test]
async fn healthz_and_readyz() {
    let t = TestApp::new().await;
    for probe in ["/healthz", "/readyz"] {
        let res = check(
            &t,
            probe,
            Req::get(probe),
            Expect {
                headers: &[
                    ("content-type", Some("application/json")),
                    // Probes are not a browser API.
                    ("access-control-allow-origin", None),
                ],
                ..ok(200)
            },
        )
        .await;
        assert_eq!(res.json(), json!({ "status": "ok" }), "{probe}");
    }
    check(
        &t,
        "POST /readyz",
        Req::new("POST", "/readyz"),
        err(405, "method_not_allowed", None),
    )
    .await;

    // A closed pool is what a lost database looks like to the handlers.
    t.store.close().await;
    check(
        &t,
        "readyz down",
        Req::get("/readyz"),
        err(503, "unavailable", None),
    )
    .await;
    let res = check(&t, "healthz still up", Req::get("/healthz"), ok(200)).await;
    assert_eq!(res.json(), json!({ "status": "ok" }));
    // The feedback API fails the same way (500, no detail), and readiness keeps saying so.
    check(
        &t,
        "post while down",
        Req::json("POST", FEEDBACK, submission(&uuid(1), 3)),
        err(500, "internal", None),
    )
    .await;
    check(
        &t,
        "readyz still down",
        Req::get("/readyz"),
        err(503, "unavailable", None),
    )
    .await;
}
