//! Suspicious submissions (issue 6) and exact idempotency inside a group-committed batch (issue 7).
//!
//! A flagged rating or case is stored and answered exactly like any other (a bot must learn
//! nothing); staff see the reason in the admin listings and the CSV, and filter by it.

use std::collections::BTreeMap;

use axum::http::StatusCode;
use serde_json::Value;

use crate::common::*;

const CASES: &str = "/api/v1/cases";
const ADMIN_CASES: &str = "/api/v1/admin/cases";

fn rating(id: &str, ms: Option<u64>) -> String {
    let mut v: Value = serde_json::from_str(&submission(id, 4)).unwrap();
    if let Some(ms) = ms {
        v["timeToAnswerMs"] = ms.into();
    }
    v.to_string()
}

fn case(n: u32, honeypot: Option<&str>, elapsed: Option<u64>) -> String {
    let mut v: Value =
        serde_json::from_str(&example_of("case", "submission-anonymous.json")).unwrap();
    v["caseId"] = uuid(n).into();
    if let Some(h) = honeypot {
        v["honeypot"] = h.into();
    }
    if let Some(ms) = elapsed {
        v["elapsedMs"] = ms.into();
    }
    v.to_string()
}

#[tokio::test]
async fn fast_ratings_are_stored_flagged_and_answered_as_usual() {
    let t = &TestApp::new().await;
    let fast = t
        .send(Req::json("POST", FEEDBACK, rating(&uuid(1), Some(40))))
        .await;
    let human = t
        .send(Req::json("POST", FEEDBACK, rating(&uuid(2), Some(2500))))
        .await;
    let unmeasured = t
        .send(Req::json("POST", FEEDBACK, rating(&uuid(3), None)))
        .await;
    for res in [&fast, &human, &unmeasured] {
        assert_eq!(res.status, StatusCode::CREATED, "{}", res.text());
        // Same shape for all: only the id differs, so the answer says nothing about the flag.
        let keys: Vec<String> = res.json().as_object().unwrap().keys().cloned().collect();
        assert_eq!(keys, ["id"]);
        assert!(res.header("location").is_some());
    }
    let rows = t.rows("").await;
    let flags: BTreeMap<String, Value> = rows
        .iter()
        .map(|r| {
            (
                r["id"].as_str().unwrap().to_owned(),
                r["suspicious"].clone(),
            )
        })
        .collect();
    assert_eq!(
        flags,
        BTreeMap::from([
            (uuid(1), Value::from("too_fast")),
            (uuid(2), Value::Null),
            (uuid(3), Value::Null),
        ])
    );
    let only = |q: &'static str| async move {
        t.rows(q)
            .await
            .iter()
            .map(|r| r["id"].as_str().unwrap().to_owned())
            .collect::<Vec<_>>()
    };
    assert_eq!(only("?suspicious=true").await, [uuid(1)]);
    assert_eq!(only("?suspicious=false").await, [uuid(2), uuid(3)]);
    let bad = t
        .send(admin(Req::get(&format!("{ADMIN}?suspicious=maybe"))))
        .await;
    assert_eq!(bad.status, StatusCode::BAD_REQUEST);
    assert_eq!(bad.json()["error"]["field"], "suspicious");

    let csv = t
        .send(admin(Req::get(
            "/api/v1/admin/feedback.csv?suspicious=true&sep=comma",
        )))
        .await
        .text();
    let lines: Vec<&str> = csv.trim_start_matches('\u{feff}').lines().collect();
    assert!(lines[0].ends_with(",updatedAt,suspicious"), "{}", lines[0]);
    assert_eq!(lines.len(), 2, "{csv}");
    assert!(
        lines[1].starts_with(&uuid(1)) && lines[1].ends_with(",too_fast"),
        "{}",
        lines[1]
    );
}

#[tokio::test]
async fn honeypot_and_fast_cases_are_stored_flagged_and_answered_as_usual() {
    let t = &TestApp::new().await;
    let sent = [
        (1, case(1, Some("http://spam.example"), Some(60_000))),
        (2, case(2, Some(""), Some(900))),
        (3, case(3, Some("  "), Some(45_000))),
        (4, case(4, None, None)),
    ];
    for (n, body) in &sent {
        let res = t.send(Req::json("POST", CASES, body.clone())).await;
        assert_eq!(res.status, StatusCode::CREATED, "case {n}: {}", res.text());
        let keys: Vec<String> = res.json().as_object().unwrap().keys().cloned().collect();
        assert_eq!(keys, ["receipt", "status"]);
    }
    let list = |q: &'static str| async move {
        let res = t.send(admin(Req::get(&format!("{ADMIN_CASES}{q}")))).await;
        assert_eq!(res.status, StatusCode::OK, "{}", res.text());
        res.json()["items"]
            .as_array()
            .unwrap()
            .iter()
            .map(|c| {
                (
                    c["caseId"].as_str().unwrap().to_owned(),
                    c["suspicious"].clone(),
                )
            })
            .collect::<BTreeMap<_, _>>()
    };
    assert_eq!(
        list("").await,
        BTreeMap::from([
            (uuid(1), Value::from("honeypot_filled")),
            (uuid(2), Value::from("too_fast")),
            (uuid(3), Value::Null),
            (uuid(4), Value::Null),
        ])
    );
    assert_eq!(
        list("?suspicious=true")
            .await
            .into_keys()
            .collect::<Vec<_>>(),
        [uuid(1), uuid(2)]
    );
    assert_eq!(
        list("?suspicious=false")
            .await
            .into_keys()
            .collect::<Vec<_>>(),
        [uuid(3), uuid(4)]
    );
    // A retry that measured the time again is the same request (the signals are not hashed),
    // and the first POST's flag stands.
    let retry = t
        .send(Req::json("POST", CASES, case(2, None, Some(120_000))))
        .await;
    assert_eq!(retry.status, StatusCode::OK, "{}", retry.text());
    assert_eq!(list("?suspicious=true").await[&uuid(2)], "too_fast");
}

/// Many ids, each sent concurrently with the same payload three times and a different payload
/// once, so batches hold several items of one id: per id exactly one 201, the other copies of
/// the winning payload 200 and the losing payload 409.
#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn duplicates_inside_one_batch_stay_exact() {
    let t = TestApp::with(Options {
        rate_limit: None,
        ..Options::default()
    })
    .await;
    let ids = 40;
    let mut tasks = Vec::new();
    for n in 0..ids {
        for value in [3, 3, 5, 3] {
            let app = t.app.clone();
            let body = submission(&uuid(n), value);
            tasks.push(tokio::spawn(async move {
                let status = send(&app, Req::json("POST", FEEDBACK, body)).await.status;
                (n, value, status.as_u16())
            }));
        }
    }
    let mut per_id: BTreeMap<u32, Vec<(u8, u16)>> = BTreeMap::new();
    for task in tasks {
        let (n, value, status) = task.await.unwrap();
        per_id.entry(n).or_default().push((value, status));
    }
    let rows = t.rows("").await;
    assert_eq!(rows.len(), ids as usize);
    for row in rows {
        let n = u32::from_str_radix(&row["id"].as_str().unwrap()[..8], 16).unwrap();
        let stored = row["ratingValue"].as_u64().unwrap() as u8;
        let mut statuses = per_id[&n].clone();
        statuses.sort();
        let expected: Vec<(u8, u16)> = if stored == 3 {
            vec![(3, 200), (3, 200), (3, 201), (5, 409)]
        } else {
            vec![(3, 409), (3, 409), (3, 409), (5, 201)]
        };
        assert_eq!(statuses, expected, "id {n}");
    }
}
