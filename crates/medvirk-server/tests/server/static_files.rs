//! Static files: MIME types, cache headers, precompressed siblings, ETag revalidation and CORS on /widgets/.

use medvirk_server::static_files::{IMMUTABLE, REVALIDATE};

use crate::common::*;

#[tokio::test]
async fn types_caching_and_encodings() {
    let t = TestApp::new().await;
    let wasm = "/widgets/medvirk-smiley-3fa9c2d1e0b4.wasm";
    let cases: Vec<(&str, Req, Expect, &str)> = vec![
        (
            "index",
            Req::get("/"),
            Expect {
                headers: &[
                    ("content-type", Some("text/html; charset=utf-8")),
                    ("cache-control", Some(REVALIDATE)),
                    ("access-control-allow-origin", None),
                ],
                ..ok(200)
            },
            "<!doctype html><title>Kommune</title>",
        ),
        (
            "css",
            Req::get("/style.css"),
            Expect {
                headers: &[
                    ("content-type", Some("text/css")),
                    ("cache-control", Some(REVALIDATE)),
                ],
                ..ok(200)
            },
            "body{}",
        ),
        (
            "entry script",
            Req::get("/widgets/medvirk.js"),
            Expect {
                headers: &[
                    ("content-type", Some("text/javascript")),
                    ("cache-control", Some(REVALIDATE)),
                    ("access-control-allow-origin", Some("*")),
                    ("content-encoding", None),
                    ("vary", Some("accept-encoding")),
                ],
                ..ok(200)
            },
            "export const identity = 1;",
        ),
        (
            "entry script br",
            Req::get("/widgets/medvirk.js").header("accept-encoding", "gzip, deflate, br"),
            Expect {
                headers: &[
                    ("content-type", Some("text/javascript")),
                    ("content-encoding", Some("br")),
                ],
                ..ok(200)
            },
            "BROTLI BYTES",
        ),
        (
            "entry script gzip",
            Req::get("/widgets/medvirk.js").header("accept-encoding", "gzip"),
            Expect {
                headers: &[
                    ("content-type", Some("text/javascript")),
                    ("content-encoding", Some("gzip")),
                ],
                ..ok(200)
            },
            "GZIP BYTES",
        ),
        (
            "hashed wasm",
            Req::get(wasm),
            Expect {
                headers: &[
                    ("content-type", Some("application/wasm")),
                    ("cache-control", Some(IMMUTABLE)),
                    ("access-control-allow-origin", Some("*")),
                ],
                ..ok(200)
            },
            "\0asm\u{1}\0\0\0",
        ),
        (
            "hashed wasm br",
            Req::get(wasm).header("accept-encoding", "br"),
            Expect {
                headers: &[
                    ("content-type", Some("application/wasm")),
                    ("content-encoding", Some("br")),
                    ("cache-control", Some(IMMUTABLE)),
                ],
                ..ok(200)
            },
            "BROTLI WASM",
        ),
        // No .gz sibling: the identity bytes.
        (
            "hashed wasm gzip",
            Req::get(wasm).header("accept-encoding", "gzip"),
            Expect {
                headers: &[("content-encoding", None)],
                ..ok(200)
            },
            "\0asm\u{1}\0\0\0",
        ),
        (
            "hashed glue",
            Req::get("/widgets/medvirk-smiley-3fa9c2d1e0b4.js"),
            Expect {
                headers: &[
                    ("content-type", Some("text/javascript")),
                    ("cache-control", Some(IMMUTABLE)),
                ],
                ..ok(200)
            },
            "export default 1;",
        ),
        (
            "missing",
            Req::get("/widgets/nope.js"),
            Expect {
                headers: &[("cache-control", None)],
                ..ok(404)
            },
            "",
        ),
    ];
    for (name, req, expect, body) in cases {
        let res = check(&t, name, req, expect).await;
        assert_eq!(res.text(), body, "{name}");
    }
}

#[tokio::test]
async fn etag_revalidation() {
    let t = TestApp::new().await;
    let plain = t.send(Req::get("/widgets/medvirk.js")).await;
    let br = t
        .send(Req::get("/widgets/medvirk.js").header("accept-encoding", "br"))
        .await;
    let etag = plain.header("etag").expect("etag").to_owned();
    assert!(etag.starts_with("W/\""), "{etag}");
    assert_ne!(
        Some(etag.as_str()),
        br.header("etag"),
        "each encoding has its own tag"
    );
    assert!(plain.header("last-modified").is_some());

    let res = check(
        &t,
        "match",
        Req::get("/widgets/medvirk.js").header("if-none-match", &etag),
        Expect {
            headers: &[
                ("etag", Some(&etag)),
                ("cache-control", Some(REVALIDATE)),
                ("access-control-allow-origin", Some("*")),
            ],
            ..ok(304)
        },
    )
    .await;
    assert!(res.body.is_empty());
    check(
        &t,
        "list match",
        Req::get("/widgets/medvirk.js").header("if-none-match", &format!("\"other\", {etag}")),
        ok(304),
    )
    .await;
    check(
        &t,
        "stale",
        Req::get("/widgets/medvirk.js").header("if-none-match", "W/\"stale\""),
        ok(200),
    )
    .await;
    let since = plain.header("last-modified").unwrap().to_owned();
    check(
        &t,
        "if-modified-since",
        Req::get("/").header("if-modified-since", &since),
        ok(304),
    )
    .await;
}
