//! POST and PATCH /api/v1/feedback: idempotency, 409, limits, parse errors and validation from the example files.

use std::collections::BTreeMap;

use serde_json::{Value, json};

use crate::common::*;

fn item(id: &str) -> String {
    format!("{FEEDBACK}/{id}")
}

#[tokio::test]
async fn create_replay_and_conflict() {
    let t = TestApp::new().await;
    let body = example("submission-minimal.json");
    let id = "3f2b8c1e-9a4d-4f6b-8e2a-1c5d7b9e0a42";
    let location = item(id);
    let created = check(
        &t,
        "new",
        Req::json("POST", FEEDBACK, body.clone()),
        Expect {
            headers: &[("location", Some(&location))],
            ..ok(201)
        },
    )
    .await;
    assert_eq!(created.json(), json!({ "id": id }));

    let replay = check(
        &t,
        "identical replay",
        Req::json("POST", FEEDBACK, body.clone()),
        ok(200),
    )
    .await;
    assert_eq!(replay.json(), json!({ "id": id }));

    // The same payload written differently (key order, explicit nulls, whitespace) is the same payload.
    let mut v = example_json("submission-minimal.json");
    v["comment"] = Value::Null;
    v["timeToAnswerMs"] = Value::Null;
    let reordered: BTreeMap<String, Value> = serde_json::from_value(v).unwrap();
    check(
        &t,
        "canonical replay",
        Req::json(
            "POST",
            FEEDBACK,
            serde_json::to_string_pretty(&reordered).unwrap(),
        ),
        ok(200),
    )
    .await;
    // An upper-case spelling of the same UUID is the same response, echoed as sent.
    let upper = body.replace(id, &id.to_uppercase());
    let res = check(
        &t,
        "upper-case id replay",
        Req::json("POST", FEEDBACK, upper),
        ok(200),
    )
    .await;
    assert_eq!(res.json(), json!({ "id": id.to_uppercase() }));

    for (name, changed) in [
        ("other rating", body.replace("\"value\": 4", "\"value\": 2")),
        (
            "added comment",
            submission_with(&body, "comment", json!("hei")),
        ),
        (
            "other page",
            body.replace("/tjenester/byggesak/soknad", "/annen"),
        ),
    ] {
        assert_ne!(changed, body, "{name}");
        check(
            &t,
            name,
            Req::json("POST", FEEDBACK, changed),
            err(409, "conflict", Some("responseId")),
        )
        .await;
    }
    let rows = t.rows("").await;
    assert_eq!(rows.len(), 1);
    assert_eq!(
        rows[0]["ratingValue"], 4,
        "a conflicting POST must not change the row"
    );
}

fn positional(body: &str) -> String {
    let v: Value = serde_json::from_str(body).unwrap();
    Value::Array(v.as_object().unwrap().values().cloned().collect()).to_string()
}

fn submission_with(body: &str, key: &str, value: Value) -> String {
    let mut v: Value = serde_json::from_str(body).unwrap();
    v[key] = value;
    v.to_string()
}

#[tokio::test]
async fn stored_row_holds_the_submission_and_nothing_about_the_client() {
    let t = TestApp::new().await;
    let req = Req::json("POST", FEEDBACK, example("submission-full.json"))
        .header("user-agent", "Mozilla/5.0 secret-agent")
        .header("x-forwarded-for", "203.0.113.9")
        .header("cookie", "session=abc");
    let res = check(&t, "full", req, ok(201)).await;
    assert_eq!(res.header("set-cookie"), None);
    let rows = t.rows("").await;
    let row = rows[0].as_object().unwrap();
    let sub = example_json("submission-full.json");
    assert_eq!(row["id"], sub["responseId"]);
    assert_eq!(row["widgetId"], sub["widgetId"]);
    assert_eq!(row["ratingValue"], sub["rating"]["value"]);
    assert_eq!(row["ratingScale"], sub["rating"]["scale"]);
    assert_eq!(row["comment"], sub["comment"]);
    assert_eq!(row["language"], sub["language"]);
    assert_eq!(row["pagePath"], sub["page"]["path"]);
    assert_eq!(row["clientTimestamp"], sub["clientTimestamp"]);
    assert_eq!(row["timeToAnswerMs"], sub["timeToAnswerMs"]);
    assert_eq!(row["updatedAt"], Value::Null);
    let received = row["receivedAt"].as_str().unwrap();
    assert!(
        received.len() == 27 && received.ends_with('Z'),
        "{received}"
    );
    let everything = serde_json::to_string(&rows).unwrap();
    for secret in ["203.0.113.9", "secret-agent", "session=abc", "sha256"] {
        assert!(
            !everything.contains(secret),
            "{secret} leaked into {everything}"
        );
    }
}

#[tokio::test]
async fn patch_updates_idempotently_and_keeps_post_replays_honest() {
    let t = TestApp::new().await;
    let body = example("submission-minimal.json");
    let id = "3f2b8c1e-9a4d-4f6b-8e2a-1c5d7b9e0a42";
    check(
        &t,
        "post",
        Req::json("POST", FEEDBACK, body.clone()),
        ok(201),
    )
    .await;

    let comment = example("update-comment.json");
    let res = check(
        &t,
        "patch comment",
        Req::json("PATCH", &item(id), comment.clone()),
        ok(200),
    )
    .await;
    assert_eq!(res.json(), json!({ "id": id }));
    let first = t.rows("").await.remove(0);
    assert_eq!(
        first["comment"],
        example_json("update-comment.json")["comment"]
    );
    assert!(first["updatedAt"].is_string());

    check(
        &t,
        "same patch again",
        Req::json("PATCH", &item(id), comment),
        ok(200),
    )
    .await;
    assert_eq!(
        t.rows("").await.remove(0),
        first,
        "a replayed PATCH changes nothing, not even updatedAt"
    );

    // The widget's outbox may resend the original POST after the comment went through.
    check(
        &t,
        "post replay after patch",
        Req::json("POST", FEEDBACK, body),
        ok(200),
    )
    .await;

    check(
        &t,
        "patch rating",
        Req::json(
            "PATCH",
            &item(&id.to_uppercase()),
            example("update-rating.json"),
        ),
        ok(200),
    )
    .await;
    let row = t.rows("").await.remove(0);
    assert_eq!(
        (row["ratingValue"].clone(), row["comment"].clone()),
        (json!(5), first["comment"].clone())
    );

    let scale3 = r#"{"schemaVersion":1,"rating":{"value":2,"scale":3}}"#;
    check(
        &t,
        "scale mismatch",
        Req::json("PATCH", &item(id), scale3),
        err(422, "scale_mismatch", Some("rating.scale")),
    )
    .await;
    assert_eq!(t.rows("").await.remove(0)["ratingValue"], 5);

    let unknown = item(&uuid(99));
    check(
        &t,
        "unknown id",
        Req::json("PATCH", &unknown, example("update-comment.json")),
        err(404, "not_found", None),
    )
    .await;
    check(
        &t,
        "patch wrong type",
        Req::new("PATCH", &item(id)).body("x"),
        err(415, "unsupported_media_type", None),
    )
    .await;
    assert_eq!(t.rows("").await.len(), 1);
}

#[tokio::test]
async fn transport_errors() {
    let t = TestApp::new().await;
    let valid = example("submission-minimal.json");
    let big_comment = submission_with(&valid, "comment", json!("x".repeat(17 * 1024)));
    let deep = format!("{}{}", "[".repeat(5_000), "]".repeat(5_000));
    let cases: Vec<(&str, Req, Expect)> = vec![
        (
            "too large",
            Req::json("POST", FEEDBACK, big_comment.clone()),
            err(413, "payload_too_large", None),
        ),
        (
            "too large patch",
            Req::json("PATCH", &item(&uuid(1)), big_comment),
            err(413, "payload_too_large", None),
        ),
        (
            "text/plain",
            Req::new("POST", FEEDBACK)
                .header("content-type", "text/plain")
                .body(valid.clone()),
            err(415, "unsupported_media_type", None),
        ),
        (
            "form",
            Req::new("POST", FEEDBACK)
                .header("content-type", "application/x-www-form-urlencoded")
                .body("a=1"),
            err(415, "unsupported_media_type", None),
        ),
        (
            "no content type",
            Req::new("POST", FEEDBACK).body(valid.clone()),
            err(415, "unsupported_media_type", None),
        ),
        (
            "empty body",
            Req::json("POST", FEEDBACK, ""),
            err(400, "invalid_json", None),
        ),
        (
            "truncated",
            Req::json("POST", FEEDBACK, &valid[..40]),
            err(400, "invalid_json", None),
        ),
        (
            "trailing garbage",
            Req::json("POST", FEEDBACK, format!("{valid} {{}}")),
            err(400, "invalid_json", None),
        ),
        (
            "invalid utf-8",
            Req::json("POST", FEEDBACK, b"{\"widgetId\": \"\xff\"}".to_vec()),
            err(400, "invalid_json", None),
        ),
        (
            "deep nesting",
            Req::json("POST", FEEDBACK, deep),
            err(400, "invalid_json", None),
        ),
        (
            "deep nesting inside",
            Req::json(
                "POST",
                FEEDBACK,
                format!(r#"{{"comment": {}}}"#, "[".repeat(5_000)),
            ),
            err(400, "invalid_json", Some("comment")),
        ),
        (
            "array",
            Req::json("POST", FEEDBACK, "[]"),
            err(400, "invalid_json", None),
        ),
        // serde would read a struct from an array of its fields in order; the wire format is objects.
        (
            "positional array",
            Req::json("POST", FEEDBACK, positional(&valid)),
            err(400, "invalid_json", None),
        ),
        (
            "wrong type",
            Req::json(
                "POST",
                FEEDBACK,
                valid.replace("\"value\": 4", "\"value\": \"4\""),
            ),
            err(400, "invalid_json", Some("rating.value")),
        ),
        (
            "unknown top-level field",
            Req::json(
                "POST",
                FEEDBACK,
                submission_with(&valid, "ip", json!("1.2.3.4")),
            ),
            err(400, "unknown_field", Some("ip")),
        ),
        (
            "unknown nested field",
            Req::json(
                "POST",
                FEEDBACK,
                valid.replace("\"scale\": 5", "\"scale\": 5, \"x\": 1"),
            ),
            err(400, "unknown_field", Some("rating.x")),
        ),
        (
            "charset parameter",
            Req::new("POST", FEEDBACK)
                .header("content-type", "application/json; charset=utf-8")
                .body(valid.clone()),
            ok(201),
        ),
        (
            "wrong method",
            Req::get(FEEDBACK),
            err(405, "method_not_allowed", None),
        ),
        (
            "unknown endpoint",
            Req::get("/api/v1/nope"),
            err(404, "not_found", None),
        ),
    ];
    for (name, req, expect) in cases {
        check(&t, name, req, expect).await;
    }
    // The deep-nesting message is about JSON, not a crash; the server still answers.
    assert_eq!(t.rows("").await.len(), 1);
}

/// Every file in examples/feedback/invalid is refused with the code its name starts with.
#[tokio::test]
async fn invalid_examples_are_refused_with_their_code() {
    let t = TestApp::new().await;
    // A stored row to PATCH, on scale 3 so the update examples' own rating rules apply first.
    check(
        &t,
        "target",
        Req::json("POST", FEEDBACK, example("submission-scale3.json")),
        ok(201),
    )
    .await;
    let target = item(
        example_json("submission-scale3.json")["responseId"]
            .as_str()
            .unwrap(),
    );
    let mut seen = 0;
    for (dir, method, path) in [
        ("invalid", "POST", FEEDBACK.to_owned()),
        ("invalid/update", "PATCH", target),
    ] {
        let mut files: Vec<_> = std::fs::read_dir(examples().join(dir))
            .unwrap()
            .map(|e| e.unwrap().path())
            .filter(|p| p.extension().is_some_and(|x| x == "json"))
            .collect();
        files.sort();
        for file in files {
            let name = file.file_name().unwrap().to_str().unwrap().to_owned();
            let code = name.split('.').next().unwrap().to_owned();
            let status = match code.as_str() {
                "invalid_json" | "unknown_field" | "missing_field" => 400,
                _ => 422,
            };
            let res = t
                .send(Req::json(method, &path, std::fs::read(&file).unwrap()))
                .await;
            assert_eq!(res.status.as_u16(), status, "{dir}/{name}: {}", res.text());
            assert_eq!(res.json()["error"]["code"], code.as_str(), "{dir}/{name}");
            if status == 422 && code != "empty_update" {
                assert!(
                    res.json()["error"]["field"].is_string(),
                    "{dir}/{name}: 422 names its field"
                );
            }
            seen += 1;
        }
    }
    assert!(seen >= 25, "only {seen} invalid examples found");
    assert_eq!(t.rows("").await.len(), 1, "no invalid example stored a row");
}

#[tokio::test]
async fn valid_examples_are_stored() {
    let t = TestApp::new().await;
    for name in [
        "submission-minimal.json",
        "submission-full.json",
        "submission-scale3.json",
    ] {
        check(
            &t,
            name,
            Req::json("POST", FEEDBACK, example(name)),
            ok(201),
        )
        .await;
    }
    let minimal = item(
        example_json("submission-minimal.json")["responseId"]
            .as_str()
            .unwrap(),
    );
    for name in ["update-comment.json", "update-rating.json"] {
        check(
            &t,
            name,
            Req::json("PATCH", &minimal, example(name)),
            ok(200),
        )
        .await;
    }
    assert_eq!(t.rows("").await.len(), 3);
}

/// The widget outbox retrying in a storm: one row, one 201, the rest 200.
#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn fifty_concurrent_posts_of_one_id_store_one_row() {
    let t = TestApp::new().await;
    let body = submission(&uuid(7), 3);
    let tasks: Vec<_> = (0..50)
        .map(|_| {
            let app = t.app.clone();
            let body = body.clone();
            tokio::spawn(async move {
                send(&app, Req::json("POST", FEEDBACK, body))
                    .await
                    .status
                    .as_u16()
            })
        })
        .collect();
    let mut statuses = BTreeMap::new();
    for task in tasks {
        *statuses.entry(task.await.unwrap()).or_insert(0) += 1;
    }
    assert_eq!(statuses, BTreeMap::from([(200, 49), (201, 1)]));
    assert_eq!(t.rows("").await.len(), 1);
}
