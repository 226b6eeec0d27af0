//! The OpenAPI document: valid JSON, every router route in it and nothing else, schemas in step with the wire types.

use std::collections::BTreeSet;

use medvirk_server::routes::{api_routes, open311_routes};
use serde_json::Value;

use crate::common::*;

async fn document(t: &TestApp) -> Value {
    let res = check(
        t,
        "openapi",
        Req::get("/api/v1/openapi.json"),
        Expect {
            headers: &[("content-type", Some("application/json"))],
            ..ok(200)
        },
    )
    .await;
    let doc = res.json();
    assert_eq!(doc["openapi"], "3.1.0");
    doc
}

#[tokio::test]
async fn every_route_is_documented_and_every_documented_route_exists() {
    let t = TestApp::with(Options {
        open311: true,
        ..Options::default()
    })
    .await;
    let doc = document(&t).await;
    let documented: BTreeSet<(String, String)> = doc["paths"]
        .as_object()
        .unwrap()
        .iter()
        .flat_map(|(path, ops)| {
            ops.as_object()
                .unwrap()
                .keys()
                .map(move |m| (m.to_ascii_uppercase(), path.clone()))
        })
        .collect();
    let routed: BTreeSet<(String, String)> = api_routes()
        .iter()
        .chain(open311_routes().iter())
        .map(|r| (r.method.to_owned(), r.path.to_owned()))
        .collect();
    assert_eq!(documented, routed);
    assert_eq!(routed.len(), 19);
    // The router answers every listed method on every listed path (no 405, no "no such endpoint").
    for (method, path) in &routed {
        let concrete = path
            .replace("{responseId}", &uuid(1))
            .replace("{receipt}", "BR-2026-0001")
            .replace("{id}", "BR-2026-0001");
        let res = t.send(Req::new(method, &concrete)).await;
        assert_ne!(res.status.as_u16(), 405, "{method} {path}");
        for needle in [
            "No such API endpoint",
            "No such Open311 endpoint",
            "Ask for requests",
        ] {
            assert!(
                !res.text().contains(needle),
                "{method} {path}: {}",
                res.text()
            );
        }
    }
}

fn resolve<'a>(doc: &'a Value, schema: &'a Value) -> &'a Value {
    match schema.get("$ref").and_then(Value::as_str) {
        Some(r) => doc
            .pointer(r.trim_start_matches('#'))
            .unwrap_or_else(|| panic!("dangling $ref {r}")),
        None => schema,
    }
}

fn properties(doc: &Value, schema: &str) -> BTreeSet<String> {
    let s = &doc["components"]["schemas"][schema];
    s["properties"]
        .as_object()
        .unwrap_or_else(|| panic!("{schema}"))
        .keys()
        .cloned()
        .collect()
}

fn keys(v: &Value) -> BTreeSet<String> {
    v.as_object().unwrap().keys().cloned().collect()
}

#[tokio::test]
async fn schemas_match_the_wire_and_every_ref_resolves() {
    let t = TestApp::new().await;
    let doc = document(&t).await;

    fn walk(doc: &Value, v: &Value) {
        match v {
            Value::Object(map) => {
                if map.contains_key("$ref") {
                    resolve(doc, v);
                }
                map.values().for_each(|x| walk(doc, x));
            }
            Value::Array(items) => items.iter().for_each(|x| walk(doc, x)),
            _ => {}
        }
    }
    walk(&doc, &doc);

    let full = example_json("submission-full.json");
    assert_eq!(properties(&doc, "FeedbackSubmission"), keys(&full));
    assert_eq!(properties(&doc, "Rating"), keys(&full["rating"]));
    assert_eq!(properties(&doc, "Page"), keys(&full["page"]));
    let update: BTreeSet<String> = ["update-comment.json", "update-rating.json"]
        .iter()
        .flat_map(|n| keys(&example_json(n)))
        .collect();
    assert_eq!(properties(&doc, "FeedbackUpdate"), update);

    // Real answers have exactly the documented fields.
    let created = t
        .send(Req::json("POST", FEEDBACK, example("submission-full.json")))
        .await;
    assert_eq!(properties(&doc, "FeedbackReceipt"), keys(&created.json()));
    let row = t.rows("").await.remove(0);
    assert_eq!(properties(&doc, "AdminFeedbackItem"), keys(&row));
    let required: BTreeSet<String> = doc["components"]["schemas"]["AdminFeedbackItem"]["required"]
        .as_array()
        .unwrap()
        .iter()
        .map(|v| v.as_str().unwrap().to_owned())
        .collect();
    assert_eq!(required, keys(&row));
    let error = t.send(Req::get("/api/v1/nope")).await.json();
    assert_eq!(properties(&doc, "ErrorBody"), keys(&error));
    let detail: BTreeSet<String> = doc["components"]["schemas"]["ErrorBody"]["properties"]["error"]
        ["properties"]
        .as_object()
        .unwrap()
        .keys()
        .cloned()
        .collect();
    assert_eq!(detail, keys(&error["error"]));
}

fn required(doc: &Value, schema: &Value) -> BTreeSet<String> {
    resolve(doc, schema)["required"]
        .as_array()
        .unwrap()
        .iter()
        .map(|v| v.as_str().unwrap().to_owned())
        .collect()
}

#[tokio::test]
async fn case_and_directory_schemas_match_real_answers() {
    let t = TestApp::new().await;
    let doc = document(&t).await;
    let schemas = &doc["components"]["schemas"];
    let sub: Value =
        serde_json::from_str(&example_of("case", "submission-contact-relative.json")).unwrap();
    // Every member is documented (the timed example also has the optional abuse signals), and
    // exactly the members of a plain submission are required.
    let timed: Value = serde_json::from_str(&example_of("case", "submission-timed.json")).unwrap();
    assert_eq!(properties(&doc, "CaseSubmission"), keys(&timed));
    assert_eq!(required(&doc, &schemas["CaseSubmission"]), keys(&sub));
    assert_eq!(properties(&doc, "Proposer"), keys(&sub["proposer"]));
    assert_eq!(properties(&doc, "CaseContact"), keys(&sub["contact"]));

    let created = t
        .send(Req::json("POST", "/api/v1/cases", sub.to_string()))
        .await
        .json();
    assert_eq!(properties(&doc, "CaseReceipt"), keys(&created));
    let receipt = created["receipt"].as_str().unwrap();
    let transition = format!("/api/v1/admin/cases/{receipt}/transition");
    let step = r#"{"status":"not_taken_up","reason":"Hører til et annet råd."}"#;
    let moved = t
        .send(admin(Req::json("POST", &transition, step)))
        .await
        .json();

    let view = t
        .send(Req::get(&format!("/api/v1/cases/{receipt}")))
        .await
        .json();
    let documented = properties(&doc, "CaseStatusView");
    assert!(keys(&view).is_subset(&documented), "{view}");
    assert!(required(&doc, &schemas["CaseStatusView"]).is_subset(&keys(&view)));
    assert_eq!(
        properties(&doc, "CaseHistoryEntry"),
        keys(&view["history"][0])
    );

    let list = t.send(admin(Req::get("/api/v1/admin/cases"))).await.json();
    assert_eq!(properties(&doc, "AdminCaseList"), keys(&list));
    let item = &list["items"][0];
    assert_eq!(properties(&doc, "AdminCase"), keys(item));
    assert_eq!(required(&doc, &schemas["AdminCase"]), keys(item));
    let extra = &schemas["AdminCaseDetail"]["allOf"][1];
    let detail_keys: BTreeSet<String> = keys(item)
        .union(&keys(&extra["properties"]))
        .cloned()
        .collect();
    assert_eq!(keys(&moved), detail_keys);
    assert_eq!(
        keys(&extra["properties"]["history"]["items"]["properties"]),
        keys(&moved["history"][0])
    );
    let transition_fields: BTreeSet<String> = ["status", "meetingDate", "publicAnswer", "reason"]
        .iter()
        .map(|s| s.to_string())
        .collect();
    assert_eq!(properties(&doc, "TransitionRequest"), transition_fields);

    let csv = "navn;råd;e-post;farge\nKari;Rådet;ikke-epost;blå\n;Rådet;;\n";
    let summary = t
        .send(admin(
            Req::new("POST", "/api/v1/admin/directory/csv?dryRun=true")
                .header("content-type", "text/csv")
                .body(csv),
        ))
        .await
        .json();
    assert_eq!(properties(&doc, "ImportSummary"), keys(&summary));
    let popolo = example_of("directory", "popolo-small.json");
    let summary = t
        .send(admin(Req::json(
            "PUT",
            "/api/v1/admin/directory?dryRun=true",
            popolo,
        )))
        .await
        .json();
    assert_eq!(required(&doc, &schemas["ImportSummary"]), keys(&summary));
    let items = &schemas["ImportSummary"]["properties"];
    assert_eq!(
        keys(&items["skipped"]["items"]["properties"]),
        keys(&summary["skipped"][0])
    );
    assert_eq!(
        keys(&items["dropped"]["items"]["properties"]),
        keys(&summary["dropped"][0])
    );
    let dir = t.send(Req::get("/api/v1/directory")).await.json();
    assert_eq!(properties(&doc, "NativeDirectory"), keys(&dir));
}
