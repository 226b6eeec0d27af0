//! Per-client rate limits: 429 with Retry-After per route group and client, CORS-readable, Open311-shaped on the facade, off on demand.

use medvirk_server::ratelimit::RateLimit;

use crate::cases::{CASES, case_with_id};
use crate::common::*;

/// Two at once, then one a minute: the third request of a client in a group is refused for 60 s.
fn tight() -> Options {
    Options {
        rate_limit: Some(RateLimit {
            burst: 2,
            per_minute: 1,
        }),
        open311: true,
        ..Options::default()
    }
}

const A: &str = "198.51.100.1";
const B: &str = "2001:db8:7:7::1";

fn limited() -> Expect<'static> {
    Expect {
        headers: &[("retry-after", Some("60"))],
        ..err(429, "rate_limited", None)
    }
}

#[tokio::test]
async fn each_client_and_route_group_has_its_own_bucket() {
    let t = TestApp::with(tight()).await;
    let post = |n: u32| Req::json("POST", FEEDBACK, submission(&uuid(n), 3)).from(A);
    check(&t, "first", post(1), ok(201)).await;
    check(&t, "replay", post(1), ok(200)).await;
    check(&t, "third", post(2), limited()).await;
    // Refused before the body is read: a malformed body gets the 429 too.
    check(
        &t,
        "malformed while limited",
        Req::json("POST", FEEDBACK, "{").from(A),
        limited(),
    )
    .await;
    // PATCH shares the feedback bucket.
    check(
        &t,
        "patch while limited",
        Req::json(
            "PATCH",
            &format!("{FEEDBACK}/{}", uuid(1)),
            r#"{"schemaVersion":1,"comment":"x"}"#,
        )
        .from(A),
        limited(),
    )
    .await;
    // Another client, and the same client on other route groups, are not affected.
    check(&t, "other client", post(3).from(B), ok(201)).await;
    let receipt = check(
        &t,
        "case from A",
        Req::json(
            "POST",
            CASES,
            case_with_id("7a8b9c0d-1e2f-4a3b-8c4d-5e6f7a8b9c0d"),
        )
        .from(A),
        ok(201),
    )
    .await
    .json()["receipt"]
        .as_str()
        .unwrap()
        .to_owned();
    let status = format!("{CASES}/{receipt}");
    check(&t, "status 1", Req::get(&status).from(A), ok(200)).await;
    check(&t, "status 2", Req::get(&status).from(A), ok(200)).await;
    check(&t, "status 3", Req::get(&status).from(A), limited()).await;
    // The Open311 status shares that bucket and answers in Open311's shape.
    let res = check(
        &t,
        "open311 status",
        Req::get(&format!("/open311/v2/requests/{receipt}.json")).from(A),
        Expect {
            headers: &[("retry-after", Some("60"))],
            ..ok(429)
        },
    )
    .await;
    assert_eq!(res.json()[0]["code"], 429);
    // The Open311 POST shares the cases bucket (one token left after the JSON POST).
    let form = |body: &str| {
        Req::new("POST", "/open311/v2/requests.json")
            .header("content-type", "application/x-www-form-urlencoded")
            .body(body.to_owned())
            .from(A)
    };
    check(&t, "open311 post", form("x=1"), ok(400)).await;
    let res = check(&t, "open311 post limited", form("x=1"), ok(429)).await;
    assert!(
        res.json()[0]["description"]
            .as_str()
            .unwrap()
            .contains("60 s")
    );
    // Admin, health and the public directory are not limited.
    for _ in 0..5 {
        check(&t, "admin", admin(Req::get(ADMIN)).from(A), ok(200)).await;
        check(&t, "healthz", Req::get("/healthz").from(A), ok(200)).await;
        let res = t.send(Req::get("/api/v1/directory").from(A)).await;
        assert_ne!(res.status.as_u16(), 429);
    }
    assert_eq!(t.rows("").await.len(), 2);
}

#[tokio::test]
async fn a_browser_can_read_the_429() {
    let t = TestApp::with(tight()).await;
    let req = || {
        Req::json("POST", FEEDBACK, submission(&uuid(1), 3))
            .header("origin", "https://www.kommune.no")
            .from(A)
    };
    check(&t, "1", req(), ok(201)).await;
    check(&t, "2", req(), ok(200)).await;
    check(
        &t,
        "3",
        req(),
        Expect {
            headers: &[
                ("retry-after", Some("60")),
                ("access-control-allow-origin", Some("*")),
                (
                    "access-control-expose-headers",
                    Some("location,retry-after"),
                ),
                ("set-cookie", None),
            ],
            ..err(429, "rate_limited", None)
        },
    )
    .await;
}

#[tokio::test]
async fn forwarded_for_is_used_only_when_trusted() {
    for trust in [false, true] {
        let t = TestApp::with(Options {
            trust_forwarded_for: trust,
            ..tight()
        })
        .await;
        // Behind one proxy: every request comes from the proxy's address.
        let from = |client: &str, n: u32| {
            Req::json("POST", FEEDBACK, submission(&uuid(n), 3))
                .header("x-forwarded-for", client)
                .from("10.9.9.9")
        };
        check(&t, "a1", from("203.0.113.1", 1), ok(201)).await;
        check(&t, "a2", from("203.0.113.1", 2), ok(201)).await;
        let res = t.send(from("203.0.113.2", 3)).await;
        assert_eq!(
            res.status.as_u16(),
            if trust { 201 } else { 429 },
            "trust={trust}: {}",
            res.text()
        );
    }
}

#[tokio::test]
async fn off_means_off() {
    let t = TestApp::with(Options {
        rate_limit: None,
        ..Options::default()
    })
    .await;
    for n in 0..40 {
        check(
            &t,
            "unlimited",
            Req::json("POST", FEEDBACK, submission(&uuid(n), 3)).from(A),
            ok(201),
        )
        .await;
    }
}

/// The limiter keys on the address in memory only: nothing of it reaches the database file.
#[tokio::test]
async fn the_client_address_is_never_stored() {
    let t = TestApp::with(tight()).await;
    let client = "203.0.113.77";
    check(
        &t,
        "post",
        Req::json("POST", FEEDBACK, submission(&uuid(1), 3))
            .from(client)
            .header("x-forwarded-for", client),
        ok(201),
    )
    .await;
    check(
        &t,
        "case",
        Req::json(
            "POST",
            CASES,
            case_with_id("7a8b9c0d-1e2f-4a3b-8c4d-5e6f7a8b9c0d"),
        )
        .from(client),
        ok(201),
    )
    .await;
    let listing = check(&t, "admin", admin(Req::get(ADMIN)), ok(200))
        .await
        .text();
    assert!(!listing.contains(client));
    if !t._db.is_postgres() {
        // Every file SQLite wrote (database, WAL, shared memory), byte for byte.
        t.store.close().await;
        for entry in std::fs::read_dir(t._dir.path()).unwrap() {
            let path = entry.unwrap().path();
            if path.is_file() {
                let bytes = std::fs::read(&path).unwrap();
                assert!(
                    !bytes.windows(client.len()).any(|w| w == client.as_bytes()),
                    "{} holds the client address",
                    path.display()
                );
            }
        }
    }
}
