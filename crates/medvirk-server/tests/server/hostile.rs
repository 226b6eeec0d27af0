//! Hostile input on every public endpoint (a clear 4xx JSON error, the server stays up) and retry storms (one row per id).
//!
//! Each JSON endpoint gets the same table of abuse: malformed JSON, wrong types, unknown fields,
//! huge strings, 100,000 levels of nesting, wrong content types, invalid UTF-8, empty bodies. The
//! byte-level cases that `oneshot` cannot express (a `Content-Length` far beyond the body) go over
//! a real socket. After each table `/healthz` must still answer and no row may have been stored.

use std::collections::BTreeMap;
use std::net::SocketAddr;
use std::time::Duration;

use medvirk_server::ratelimit::RateLimit;
use serde_json::{Value, json};
use tokio::io::{AsyncReadExt, AsyncWriteExt};

use crate::cases::{CASES, case_with_id};
use crate::common::*;

/// A public JSON endpoint: where it is, a valid body, and a string field with its length rule.
struct Endpoint {
    name: &'static str,
    method: &'static str,
    path: String,
    valid: Value,
    limit: usize,
    /// A free-text field and a length that breaks its rule but fits the body limit.
    text_field: &'static str,
    too_long: usize,
}

fn endpoints() -> Vec<Endpoint> {
    vec![
        Endpoint {
            name: "POST feedback",
            method: "POST",
            path: FEEDBACK.to_owned(),
            valid: serde_json::from_str(&submission(&uuid(500), 3)).unwrap(),
            limit: 16 * 1024,
            text_field: "comment",
            too_long: 1_001,
        },
        Endpoint {
            name: "PATCH feedback",
            method: "PATCH",
            // Stored by `hostile_json_on_every_public_endpoint` before the table runs.
            path: format!("{FEEDBACK}/{}", uuid(1)),
            valid: json!({ "schemaVersion": 1, "comment": "Takk" }),
            limit: 16 * 1024,
            text_field: "comment",
            too_long: 1_001,
        },
        Endpoint {
            name: "POST cases",
            method: "POST",
            path: CASES.to_owned(),
            valid: serde_json::from_str(&case_with_id("9d0c3a1e-5b2f-4c8d-9e7a-0b1c2d3e4f50"))
                .unwrap(),
            limit: 32 * 1024,
            text_field: "title",
            too_long: 2_001,
        },
    ]
}

fn with(valid: &Value, key: &str, value: Value) -> String {
    let mut v = valid.clone();
    v[key] = value;
    v.to_string()
}

/// The abuse table for one endpoint: (case, body bytes, content type, expectation).
fn abuse(e: &Endpoint) -> Vec<(String, Vec<u8>, Option<&'static str>, Expect<'static>)> {
    let valid = e.valid.to_string();
    let json = Some("application/json");
    let field = e.text_field;
    let mut cases: Vec<(&str, Vec<u8>, Option<&'static str>, Expect<'static>)> = vec![
        ("empty body", vec![], json, err(400, "invalid_json", None)),
        (
            "whitespace body",
            b" \r\n\t ".to_vec(),
            json,
            err(400, "invalid_json", None),
        ),
        (
            "truncated",
            valid.as_bytes()[..valid.len() / 2].to_vec(),
            json,
            err(400, "invalid_json", None),
        ),
        (
            "not JSON",
            b"hello".to_vec(),
            json,
            err(400, "invalid_json", None),
        ),
        (
            "null",
            b"null".to_vec(),
            json,
            err(400, "invalid_json", None),
        ),
        (
            "string",
            b"\"{}\"".to_vec(),
            json,
            err(400, "invalid_json", None),
        ),
        (
            "number",
            b"1e999".to_vec(),
            json,
            err(400, "invalid_json", None),
        ),
        (
            "array",
            b"[]".to_vec(),
            json,
            err(400, "invalid_json", None),
        ),
        (
            "trailing data",
            format!("{valid}{valid}").into_bytes(),
            json,
            err(400, "invalid_json", None),
        ),
        (
            "NUL bytes",
            vec![0; 64],
            json,
            err(400, "invalid_json", None),
        ),
        (
            "byte order mark",
            [&b"\xef\xbb\xbf"[..], valid.as_bytes()].concat(),
            json,
            err(400, "invalid_json", None),
        ),
        (
            "invalid UTF-8 in a string",
            with(&e.valid, field, json!("AAAA"))
                .replace("AAAA", "\u{1}")
                .into_bytes()
                .into_iter()
                .map(|b| if b == 1 { 0xff } else { b })
                .collect(),
            json,
            err(400, "invalid_json", None),
        ),
        (
            "lone surrogate escape",
            with(&e.valid, field, json!("AAAA"))
                .replace("AAAA", "\\ud800")
                .into_bytes(),
            json,
            err(400, "invalid_json", None),
        ),
        (
            "wrong type: schemaVersion as string",
            with(&e.valid, "schemaVersion", json!("1")).into_bytes(),
            json,
            err(400, "invalid_json", Some("schemaVersion")),
        ),
        (
            "wrong type: text as number",
            with(&e.valid, field, json!(12)).into_bytes(),
            json,
            err(400, "invalid_json", Some(field)),
        ),
        (
            "wrong type: text as object",
            with(&e.valid, field, json!({ "$gt": "" })).into_bytes(),
            json,
            err(400, "invalid_json", Some(field)),
        ),
        (
            "negative schemaVersion",
            with(&e.valid, "schemaVersion", json!(-1)).into_bytes(),
            json,
            err(400, "invalid_json", Some("schemaVersion")),
        ),
        (
            "unknown field",
            with(&e.valid, "trackingId", json!("abc")).into_bytes(),
            json,
            err(400, "unknown_field", Some("trackingId")),
        ),
        (
            "prototype pollution key",
            with(&e.valid, "__proto__", json!({ "admin": true })).into_bytes(),
            json,
            err(400, "unknown_field", Some("__proto__")),
        ),
        (
            "duplicate key",
            valid.replacen('{', "{\"schemaVersion\":1,", 1).into_bytes(),
            json,
            err(400, "invalid_json", None),
        ),
        (
            "text over its rule",
            with(&e.valid, field, json!("å".repeat(e.too_long))).into_bytes(),
            json,
            err(422, "too_long", Some(field)),
        ),
        (
            "huge string",
            with(&e.valid, field, json!("x".repeat(e.limit))).into_bytes(),
            json,
            err(413, "payload_too_large", None),
        ),
        (
            "10 MB of spaces",
            vec![b' '; 10 * 1024 * 1024],
            json,
            err(413, "payload_too_large", None),
        ),
        (
            "100,000 levels of arrays",
            format!("{}{}", "[".repeat(100_000), "]".repeat(100_000)).into_bytes(),
            json,
            err(413, "payload_too_large", None),
        ),
        (
            "100,000 levels of objects",
            format!("{}1{}", "{\"a\":".repeat(100_000), "}".repeat(100_000)).into_bytes(),
            json,
            err(413, "payload_too_large", None),
        ),
        (
            "deep nesting that fits the limit",
            format!("{{\"{field}\": {}", "[".repeat(e.limit / 2)).into_bytes(),
            json,
            err(400, "invalid_json", Some(field)),
        ),
        (
            "no content type",
            valid.clone().into_bytes(),
            None,
            err(415, "unsupported_media_type", None),
        ),
        (
            "text/plain",
            valid.clone().into_bytes(),
            Some("text/plain"),
            err(415, "unsupported_media_type", None),
        ),
        (
            "form",
            b"schemaVersion=1".to_vec(),
            Some("application/x-www-form-urlencoded"),
            err(415, "unsupported_media_type", None),
        ),
        (
            "multipart",
            valid.clone().into_bytes(),
            Some("multipart/form-data; boundary=x"),
            err(415, "unsupported_media_type", None),
        ),
        (
            "json look-alike",
            valid.clone().into_bytes(),
            Some("application/jsonp"),
            err(415, "unsupported_media_type", None),
        ),
        (
            "garbage content type",
            valid.clone().into_bytes(),
            Some(";;;"),
            err(415, "unsupported_media_type", None),
        ),
    ];
    // A 415 must not depend on the body: the largest body with the wrong type is still a 415 or 413.
    cases.push((
        "wrong type and too large",
        vec![b'x'; e.limit + 1],
        Some("text/plain"),
        err(415, "unsupported_media_type", None),
    ));
    cases
        .into_iter()
        .map(|(name, body, ct, expect)| (name.to_owned(), body, ct, expect))
        .collect()
}

#[tokio::test]
async fn hostile_json_on_every_public_endpoint() {
    let t = TestApp::new().await;
    // The PATCH target, and a baseline of one stored row.
    check(
        &t,
        "target",
        Req::json("POST", FEEDBACK, submission(&uuid(1), 4)),
        ok(201),
    )
    .await;
    let before = t.rows("").await;
    let mut tried = 0;
    for e in endpoints() {
        for (case, body, content_type, expect) in abuse(&e) {
            let mut req = Req::new(e.method, &e.path).body(body);
            if let Some(ct) = content_type {
                req = req.header("content-type", ct);
            }
            let res = check(&t, &format!("{}: {case}", e.name), req, expect).await;
            // The message is a sentence for a developer, not a dump of what was sent.
            let message = res.json()["error"]["message"].as_str().unwrap().to_owned();
            assert!(message.len() < 400, "{}: {case}: {message}", e.name);
            tried += 1;
        }
        check(
            &t,
            &format!("{}: still up", e.name),
            Req::get("/healthz"),
            ok(200),
        )
        .await;
        // The valid body still works after all that.
        let res = t
            .send(Req::json(e.method, &e.path, e.valid.to_string()))
            .await;
        assert!(res.status.is_success(), "{}: {}", e.name, res.text());
    }
    assert!(tried >= 90, "{tried}");
    let after = t.rows("").await;
    assert_eq!(
        after.len(),
        before.len() + 1,
        "only the final valid POST stored a row"
    );
    assert_eq!(after[0]["comment"], "Takk", "the final valid PATCH");
}

#[tokio::test]
async fn hostile_paths_and_headers_on_the_get_endpoints() {
    let t = TestApp::new().await;
    let long = "A".repeat(20_000);
    let status_cases = [
        "/api/v1/cases/BR-2026-0001",
        "/api/v1/cases/%FF%FE",
        "/api/v1/cases/%00",
        "/api/v1/cases/..%2F..%2Fetc%2Fpasswd",
        "/api/v1/cases/BR-9999999999999999999999-1",
        "/api/v1/cases/%F0%9F%92%A9",
    ];
    for path in status_cases {
        check(&t, path, Req::get(path), err(404, "not_found", None)).await;
    }
    check(
        &t,
        "long receipt",
        Req::get(&format!("/api/v1/cases/{long}")),
        err(404, "not_found", None),
    )
    .await;
    // A body on a GET is ignored, whatever it holds.
    check(
        &t,
        "GET with a body",
        Req::get("/api/v1/cases/BR-2026-0001").body(vec![0xff; 1024]),
        err(404, "not_found", None),
    )
    .await;
    // The directory before any import, with junk validators.
    let plain = t.send(Req::get("/api/v1/directory")).await;
    for (name, value) in [
        ("if-none-match", long.as_str()),
        ("if-none-match", "\"unterminated"),
        ("if-none-match", "W/, ,,,\"\", W/W/"),
        ("accept", "application/xml"),
    ] {
        let res = t
            .send(Req::get("/api/v1/directory").header(name, value))
            .await;
        assert_eq!(res.status, plain.status, "{name}: {value:.40}");
        assert!(res.status.is_client_error() || res.status.is_success());
        res.json();
    }
    check(&t, "still up", Req::get("/healthz"), ok(200)).await;
}

#[tokio::test]
async fn hostile_forms_on_the_open311_facade() {
    let t = TestApp::with(Options {
        open311: true,
        ..Options::default()
    })
    .await;
    let post = |ct: Option<&str>, body: Vec<u8>| {
        let mut req = Req::new("POST", "/open311/v2/requests.json").body(body);
        if let Some(ct) = ct {
            req = req.header("content-type", ct);
        }
        req
    };
    let form = Some("application/x-www-form-urlencoded");
    for (name, req, status) in [
        ("empty", post(form, vec![]), 400),
        (
            "invalid UTF-8 raw",
            post(form, b"service_code=\xff\xfe".to_vec()),
            400,
        ),
        (
            "invalid UTF-8 escaped",
            post(form, b"service_code=%FF%FE".to_vec()),
            400,
        ),
        ("only separators", post(form, b"&&&===&".to_vec()), 400),
        (
            "JSON body",
            post(Some("application/json"), b"{}".to_vec()),
            415,
        ),
        (
            "no content type",
            post(None, b"service_code=x".to_vec()),
            415,
        ),
        ("huge", post(form, vec![b'a'; 64 * 1024]), 413),
        (
            "nested brackets",
            post(
                form,
                format!(
                    "service_code=brukerrad-sak&{}=1",
                    "attribute[".repeat(3_000)
                )
                .into_bytes(),
            ),
            400,
        ),
    ] {
        let res = check(&t, name, req, ok(status)).await;
        let body = res.json();
        assert_eq!(body[0]["code"], status, "{name}: {body}");
        assert!(body[0]["description"].is_string(), "{name}");
    }
    for path in [
        "/open311/v2/requests/%FF.json",
        "/open311/v2/requests/.json",
    ] {
        check(&t, path, Req::get(path), ok(404)).await;
    }
    check(&t, "still up", Req::get("/healthz"), ok(200)).await;
}

/// The app on a real socket (peer addresses included), for byte-level abuse.
async fn serve(t: &TestApp) -> SocketAddr {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    let app = t.app.clone();
    tokio::spawn(async move {
        axum::serve(
            listener,
            app.into_make_service_with_connect_info::<SocketAddr>(),
        )
        .await
        .unwrap();
    });
    addr
}

/// Writes raw bytes, closes the write half, and reads the whole answer (status line and body).
async fn raw(addr: SocketAddr, request: &[u8]) -> (u16, String) {
    let mut stream = tokio::net::TcpStream::connect(addr).await.unwrap();
    stream.write_all(request).await.unwrap();
    stream.shutdown().await.unwrap();
    let mut answer = Vec::new();
    tokio::time::timeout(Duration::from_secs(10), stream.read_to_end(&mut answer))
        .await
        .expect("the server answers instead of waiting for the promised bytes")
        .unwrap();
    let text = String::from_utf8_lossy(&answer).into_owned();
    let status = text
        .split(' ')
        .nth(1)
        .and_then(|s| s.parse().ok())
        .unwrap_or_else(|| panic!("no status line: {text}"));
    let body = text.split("\r\n\r\n").nth(1).unwrap_or("").to_owned();
    (status, body)
}

#[tokio::test]
async fn content_length_lies_over_a_real_socket() {
    let t = TestApp::new().await;
    let addr = serve(&t).await;
    let head = |path: &str, length: &str| {
        format!(
            "POST {path} HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nConnection: close\r\nContent-Length: {length}\r\n\r\n{{\"a\":1}}"
        )
    };
    for path in [FEEDBACK, CASES] {
        // Far beyond the limit: refused from the header alone, without waiting for the bytes.
        let (status, body) = raw(addr, head(path, "99999999999").as_bytes()).await;
        assert_eq!(status, 413, "{path}: {body}");
        let error: Value =
            serde_json::from_str(body.trim()).unwrap_or_else(|e| panic!("{e}: {body}"));
        assert_eq!(error["error"]["code"], "payload_too_large");
        // Within the limit but longer than what comes: the body ends early.
        let (status, body) = raw(addr, head(path, "1000").as_bytes()).await;
        assert_eq!(status, 400, "{path}: {body}");
        assert!(body.contains("unreadable_body"), "{path}: {body}");
    }
    // A number that is not a number: hyper refuses the request line itself.
    let (status, _) = raw(addr, head(FEEDBACK, "-1").as_bytes()).await;
    assert_eq!(status, 400);
    let (status, body) = raw(
        addr,
        b"GET /healthz HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n",
    )
    .await;
    assert_eq!((status, body.contains("ok")), (200, true));
    assert!(t.rows("").await.is_empty());
}

/// Runs `n` copies of one request at once and counts the statuses.
async fn storm(t: &TestApp, n: usize, req: Req<'static>) -> BTreeMap<u16, usize> {
    let tasks: Vec<_> = (0..n)
        .map(|_| {
            let app = t.app.clone();
            let req = req.clone();
            tokio::spawn(async move { send(&app, req).await.status.as_u16() })
        })
        .collect();
    let mut statuses = BTreeMap::new();
    for task in tasks {
        *statuses.entry(task.await.unwrap()).or_insert(0) += 1;
    }
    statuses
}

/// One client's outbox gone wild: the same responseId 100 times at once, on either store.
#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn retry_storms_store_one_row() {
    let t = TestApp::with(Options {
        rate_limit: None,
        ..Options::default()
    })
    .await;
    let id = uuid(77);
    let post = Req::json("POST", FEEDBACK, submission(&id, 2)).from("192.0.2.10");
    assert_eq!(
        storm(&t, 100, post).await,
        BTreeMap::from([(200, 99), (201, 1)])
    );
    assert_eq!(t.rows("").await.len(), 1);

    let patch = Req::json(
        "PATCH",
        &format!("{FEEDBACK}/{id}"),
        r#"{"schemaVersion":1,"comment":"Sendt hundre gonger","rating":{"value":5,"scale":5}}"#,
    )
    .from("192.0.2.10");
    assert_eq!(storm(&t, 100, patch).await, BTreeMap::from([(200, 100)]));
    let rows = t.rows("").await;
    assert_eq!(rows.len(), 1);
    assert_eq!(
        (rows[0]["comment"].as_str(), rows[0]["ratingValue"].as_i64()),
        (Some("Sendt hundre gonger"), Some(5))
    );

    let case = Req::json(
        "POST",
        CASES,
        case_with_id("1b2c3d4e-5f60-4a7b-8c9d-0e1f2a3b4c5d"),
    )
    .from("192.0.2.10");
    let tasks: Vec<_> = (0..100)
        .map(|_| {
            let app = t.app.clone();
            let req = case.clone();
            tokio::spawn(async move {
                let res = send(&app, req).await;
                (res.status.as_u16(), res.json()["receipt"].clone())
            })
        })
        .collect();
    let mut statuses = BTreeMap::new();
    let mut receipts = std::collections::BTreeSet::new();
    for task in tasks {
        let (status, receipt) = task.await.unwrap();
        *statuses.entry(status).or_insert(0) += 1;
        receipts.insert(receipt.to_string());
    }
    assert_eq!(statuses, BTreeMap::from([(200, 99), (201, 1)]));
    assert_eq!(receipts.len(), 1, "one case, one receipt: {receipts:?}");
}

/// The same storm with the rate limit on: the first `burst` requests are answered as above, the
/// rest get 429 with Retry-After, and there is still exactly one row.
#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn a_throttled_retry_storm_still_stores_one_row() {
    let t = TestApp::with(Options {
        // One token a minute after the burst: the count does not depend on how fast the machine is.
        rate_limit: Some(RateLimit {
            burst: 30,
            per_minute: 1,
        }),
        ..Options::default()
    })
    .await;
    let post = Req::json("POST", FEEDBACK, submission(&uuid(78), 2)).from("192.0.2.11");
    assert_eq!(
        storm(&t, 100, post).await,
        BTreeMap::from([(200, 29), (201, 1), (429, 70)])
    );
    assert_eq!(t.rows("").await.len(), 1);
}
