//! The case endpoints: idempotent POST with receipts, the public status view, the admin lifecycle, and the example files.

use std::collections::{BTreeMap, BTreeSet};

use medvirk_core::case_form::{Visibility, visibility};
use serde_json::{Value, json};

use crate::common::*;

pub const CASES: &str = "/api/v1/cases";
pub const ADMIN_CASES: &str = "/api/v1/admin/cases";

pub fn case_example(name: &str) -> String {
    example_of("case", name)
}

pub fn case_json(name: &str) -> Value {
    serde_json::from_str(&case_example(name)).unwrap()
}

/// A valid case with its own id.
pub fn case_with_id(id: &str) -> String {
    let mut v = case_json("submission-anonymous.json");
    v["caseId"] = id.into();
    v.to_string()
}

fn year() -> i32 {
    time::OffsetDateTime::now_utc().year()
}

/// POSTs a case that must be new, and returns its receipt.
pub async fn create(t: &TestApp, body: &str) -> String {
    let res = check(t, "create", Req::json("POST", CASES, body), ok(201)).await;
    res.json()["receipt"].as_str().unwrap().to_owned()
}

async fn admin_cases(t: &TestApp, query: &str) -> Vec<Value> {
    let res = check(
        t,
        query,
        admin(Req::get(&format!("{ADMIN_CASES}{query}"))),
        Expect {
            headers: &[("cache-control", Some("no-store"))],
            ..ok(200)
        },
    )
    .await;
    let body = res.json();
    let items = body["items"].as_array().unwrap().clone();
    assert_eq!(body["count"], items.len());
    items
}

async fn detail(t: &TestApp, receipt: &str) -> Value {
    check(
        t,
        "detail",
        admin(Req::get(&format!("{ADMIN_CASES}/{receipt}"))),
        ok(200),
    )
    .await
    .json()
}

async fn move_case(t: &TestApp, receipt: &str, body: Value, expect: Expect<'_>) -> Res {
    let path = format!("{ADMIN_CASES}/{receipt}/transition");
    check(
        t,
        &body.to_string(),
        admin(Req::json("POST", &path, body.to_string())),
        expect,
    )
    .await
}

#[tokio::test]
async fn create_replay_and_conflict() {
    let t = TestApp::new().await;
    let body = case_example("submission-anonymous.json");
    let first = format!("BR-{}-0001", year());
    let location = format!("{CASES}/{first}");
    let res = check(
        &t,
        "new",
        Req::json("POST", CASES, body.clone()),
        Expect {
            headers: &[("location", Some(&location))],
            ..ok(201)
        },
    )
    .await;
    assert_eq!(
        res.json(),
        json!({ "receipt": first, "status": "received" })
    );

    let replay = check(
        &t,
        "replay",
        Req::json("POST", CASES, body.clone()),
        ok(200),
    )
    .await;
    assert_eq!(replay.json(), res.json());
    // The same payload written differently (key order, spacing, upper-case id) is the same case.
    let reordered: BTreeMap<String, Value> = serde_json::from_str(&body).unwrap();
    let mut canonical = serde_json::to_value(reordered).unwrap();
    canonical["caseId"] = canonical["caseId"].as_str().unwrap().to_uppercase().into();
    let res = check(
        &t,
        "canonical replay",
        Req::json(
            "POST",
            CASES,
            serde_json::to_string_pretty(&canonical).unwrap(),
        ),
        ok(200),
    )
    .await;
    assert_eq!(res.json()["receipt"], first);

    let mut changed = case_json("submission-anonymous.json");
    changed["title"] = "En annen tittel".into();
    check(
        &t,
        "conflict",
        Req::json("POST", CASES, changed.to_string()),
        err(409, "conflict", Some("caseId")),
    )
    .await;

    let second = create(&t, &case_with_id(&uuid(2))).await;
    assert_eq!(second, format!("BR-{}-0002", year()));
    let rows = admin_cases(&t, "").await;
    assert_eq!(rows.len(), 2);
    assert_eq!(
        rows[0]["title"],
        case_json("submission-anonymous.json")["title"]
    );
}

/// Every valid example is stored; contact details come back to the admin exactly where consented.
#[tokio::test]
async fn valid_examples_are_stored_with_contact_only_where_consented() {
    let t = TestApp::new().await;
    let names = [
        "submission-anonymous.json",
        "submission-contact-relative.json",
        "submission-employee-phone-only.json",
        "submission-other-minimal.json",
        "submission-user-organisation.json",
    ];
    for name in names {
        let receipt = create(&t, &case_example(name)).await;
        let sub = case_json(name);
        let row = detail(&t, &receipt).await;
        for key in [
            "caseId",
            "council",
            "title",
            "why",
            "where",
            "when",
            "solution",
            "proposer",
            "language",
            "clientTimestamp",
        ] {
            assert_eq!(row[key], sub[key], "{name}: {key}");
        }
        let expected = match &sub["contact"] {
            Value::Null => Value::Null,
            c => json!({ "name": c["name"], "email": c["email"], "phone": c["phone"] }),
        };
        assert_eq!(row["contact"], expected, "{name}");
        assert_eq!(row["status"], "received");
        assert_eq!(
            row["nextStatuses"],
            json!(["being_assessed", "on_agenda", "not_taken_up"])
        );
        assert_eq!(row["history"].as_array().unwrap().len(), 1);
    }
    assert_eq!(admin_cases(&t, "").await.len(), names.len());
}

/// Every file in examples/case/invalid is refused with the code its name starts with.
#[tokio::test]
async fn invalid_examples_are_refused_with_their_code() {
    let t = TestApp::new().await;
    let mut files: Vec<_> = std::fs::read_dir(examples_of("case").join("invalid"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|x| x == "json"))
        .collect();
    files.sort();
    for file in &files {
        let name = file.file_name().unwrap().to_str().unwrap();
        let code = name.split('.').next().unwrap();
        let (status, named_field) = match code {
            "invalid_json" | "unknown_field" | "missing_field" => (400, false),
            _ => (422, true),
        };
        let res = t
            .send(Req::json("POST", CASES, std::fs::read(file).unwrap()))
            .await;
        assert_eq!(res.status.as_u16(), status, "{name}: {}", res.text());
        assert_eq!(res.json()["error"]["code"], code, "{name}");
        if named_field {
            assert!(res.json()["error"]["field"].is_string(), "{name}");
        }
    }
    assert!(files.len() >= 20, "only {} invalid examples", files.len());
    assert!(
        admin_cases(&t, "").await.is_empty(),
        "no invalid example stored a case"
    );
}

#[tokio::test]
async fn public_view_shows_the_handling_and_nothing_the_person_wrote() {
    let t = TestApp::new().await;
    let name = "submission-contact-relative.json";
    let receipt = create(&t, &case_example(name)).await;
    let path = format!("{CASES}/{receipt}");
    let res = check(
        &t,
        "status",
        Req::get(&path),
        Expect {
            headers: &[("cache-control", Some("no-store"))],
            ..ok(200)
        },
    )
    .await;
    let view = res.json();
    for key in view.as_object().unwrap().keys() {
        assert_eq!(visibility(key), Visibility::Public, "{key} is not public");
    }
    assert_eq!(view["receipt"], receipt);
    assert_eq!(view["status"], "received");
    assert_eq!(view["receivedAt"], view["updatedAt"]);
    assert_eq!(
        view["history"],
        json!([{ "status": "received", "at": view["receivedAt"] }])
    );
    let text = res.text();
    let sub = case_json(name);
    for key in ["title", "why", "where", "when", "solution", "council"] {
        assert!(
            !text.contains(sub[key].as_str().unwrap()),
            "{key} leaked: {text}"
        );
    }
    for key in ["name", "email", "phone"] {
        assert!(
            !text.contains(sub["contact"][key].as_str().unwrap()),
            "contact {key} leaked"
        );
    }
    // Codes as people type them.
    for typed in [
        receipt.to_lowercase(),
        format!("%20{receipt}%20"),
        receipt.replace("BR", "bR"),
    ] {
        let res = check(&t, &typed, Req::get(&format!("{CASES}/{typed}")), ok(200)).await;
        assert_eq!(res.json()["receipt"], receipt);
    }
    let unknown = format!("BR-{}-9999", year());
    for (name, path) in [
        ("unknown", format!("{CASES}/{unknown}")),
        ("not a code", format!("{CASES}/hello")),
        ("non-canonical", format!("{CASES}/BR-{}-1", year())),
    ] {
        let res = check(
            &t,
            name,
            Req::get(&path),
            Expect {
                headers: &[("cache-control", Some("no-store"))],
                ..err(404, "not_found", None)
            },
        )
        .await;
        assert!(
            res.text().contains("BR-2026-0042"),
            "{name}: a helpful message"
        );
    }
}

#[tokio::test]
async fn lifecycle_happy_paths_and_history() {
    let t = TestApp::new().await;
    let receipt = create(&t, &case_example("submission-anonymous.json")).await;
    let steps = [
        json!({ "status": "being_assessed" }),
        json!({ "status": "on_agenda", "meetingDate": "2026-04-14" }),
        // Meetings move: on the agenda again with a new date.
        json!({ "status": "on_agenda", "meetingDate": " 2026-04-21 " }),
        json!({ "status": "discussed", "publicAnswer": "ignored: not for this status" }),
        json!({ "status": "decided", "publicAnswer": "Brukerrådet ber kommunen sette av faste timer." }),
        json!({ "status": "closed" }),
    ];
    for step in &steps {
        let res = move_case(&t, &receipt, step.clone(), ok(200)).await;
        assert_eq!(res.json()["status"], step["status"]);
    }
    let view = check(&t, "view", Req::get(&format!("{CASES}/{receipt}")), ok(200))
        .await
        .json();
    let statuses: Vec<&str> = view["history"]
        .as_array()
        .unwrap()
        .iter()
        .map(|h| h["status"].as_str().unwrap())
        .collect();
    assert_eq!(
        statuses,
        [
            "received",
            "being_assessed",
            "on_agenda",
            "on_agenda",
            "discussed",
            "decided",
            "closed"
        ]
    );
    assert_eq!(view["status"], "closed");
    assert_eq!(view["meetingDate"], "2026-04-21");
    assert_eq!(
        view["publicAnswer"],
        "Brukerrådet ber kommunen sette av faste timer."
    );
    assert!(view.get("reason").is_none());
    let times: Vec<&str> = view["history"]
        .as_array()
        .unwrap()
        .iter()
        .map(|h| h["at"].as_str().unwrap())
        .collect();
    assert!(times.windows(2).all(|w| w[0] <= w[1]), "{times:?}");
    assert_eq!(view["updatedAt"], *times.last().unwrap());
    let admin_view = detail(&t, &receipt).await;
    let notes: Vec<Value> = admin_view["history"]
        .as_array()
        .unwrap()
        .iter()
        .map(|h| h["note"].clone())
        .collect();
    assert_eq!(
        notes,
        [
            Value::Null,
            Value::Null,
            json!("2026-04-14"),
            json!("2026-04-21"),
            Value::Null,
            json!("Brukerrådet ber kommunen sette av faste timer."),
            Value::Null
        ]
    );
    assert_eq!(admin_view["nextStatuses"], json!([]));

    let other = create(&t, &case_with_id(&uuid(5))).await;
    move_case(
        &t,
        &other,
        json!({ "status": "not_taken_up", "reason": "Saken hører til kommunestyret." }),
        ok(200),
    )
    .await;
    move_case(&t, &other, json!({ "status": "closed" }), ok(200)).await;
    let view = check(&t, "view", Req::get(&format!("{CASES}/{other}")), ok(200))
        .await
        .json();
    assert_eq!(
        (view["status"].as_str(), view["reason"].as_str()),
        (Some("closed"), Some("Saken hører til kommunestyret."))
    );
    assert!(view.get("publicAnswer").is_none() && view.get("meetingDate").is_none());
}

#[tokio::test]
async fn invalid_transitions_change_nothing() {
    let t = TestApp::new().await;
    let receipt = create(&t, &case_example("submission-anonymous.json")).await;
    let cases = [
        (
            json!({ "status": "discussed" }),
            err(422, "invalid_transition", Some("status")),
        ),
        (
            json!({ "status": "closed" }),
            err(422, "invalid_transition", Some("status")),
        ),
        (
            json!({ "status": "received" }),
            err(422, "invalid_transition", Some("status")),
        ),
        (
            json!({ "status": "on_agenda" }),
            err(422, "required", Some("meetingDate")),
        ),
        (
            json!({ "status": "on_agenda", "meetingDate": "2026-02-30" }),
            err(422, "invalid_date", Some("meetingDate")),
        ),
        (
            json!({ "status": "not_taken_up", "reason": "  " }),
            err(422, "required", Some("reason")),
        ),
        (
            json!({ "status": "not_taken_up", "reason": "x".repeat(2001) }),
            err(422, "too_long", Some("reason")),
        ),
        (
            json!({ "status": "archived" }),
            err(400, "invalid_json", Some("status")),
        ),
        (
            json!({ "status": "closed", "note": "x" }),
            err(400, "unknown_field", Some("note")),
        ),
        (json!({}), err(400, "missing_field", Some("status"))),
    ];
    for (body, expect) in cases {
        move_case(&t, &receipt, body, expect).await;
    }
    move_case(&t, &receipt, json!({ "status": "being_assessed" }), ok(200)).await;
    move_case(
        &t,
        &receipt,
        json!({ "status": "decided", "publicAnswer": "Ja." }),
        err(422, "invalid_transition", Some("status")),
    )
    .await;
    let row = detail(&t, &receipt).await;
    assert_eq!(row["status"], "being_assessed");
    assert_eq!(row["history"].as_array().unwrap().len(), 2);
    assert_eq!(row["publicAnswer"], Value::Null);

    let unknown = format!("{ADMIN_CASES}/BR-{}-0999/transition", year());
    check(
        &t,
        "unknown case",
        admin(Req::json("POST", &unknown, r#"{"status":"closed"}"#)),
        err(404, "not_found", None),
    )
    .await;
    check(
        &t,
        "unknown case detail",
        admin(Req::get(&format!("{ADMIN_CASES}/BR-{}-0999", year()))),
        err(404, "not_found", None),
    )
    .await;
    let path = format!("{ADMIN_CASES}/{receipt}/transition");
    check(
        &t,
        "not json",
        admin(Req::new("POST", &path).body("status=closed")),
        err(415, "unsupported_media_type", None),
    )
    .await;
}

#[tokio::test]
async fn admin_filters() {
    let t = TestApp::new().await;
    let a = create(&t, &case_example("submission-anonymous.json")).await; // brukerradet-helse-x
    create(&t, &case_example("submission-contact-relative.json")).await; // eldreradet-vestby
    move_case(&t, &a, json!({ "status": "being_assessed" }), ok(200)).await;
    let council = case_json("submission-anonymous.json")["council"]
        .as_str()
        .unwrap()
        .to_owned();
    for (query, count) in [
        (format!("?council={council}"), 1),
        ("?council=ukjent".to_owned(), 0),
        ("?status=being_assessed".to_owned(), 1),
        ("?status=received".to_owned(), 1),
        (format!("?status=received&council={council}"), 0),
        ("?status=&council=".to_owned(), 2),
    ] {
        assert_eq!(admin_cases(&t, &query).await.len(), count, "{query}");
    }
    for (query, field) in [("?status=archived", "status"), ("?token=x", "token")] {
        check(
            &t,
            query,
            admin(Req::get(&format!("{ADMIN_CASES}{query}"))),
            err(400, "invalid_query", Some(field)),
        )
        .await;
    }
}

/// Receipts under a storm: distinct cases get distinct numbers without gaps; one case gets one.
#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn fifty_concurrent_cases() {
    let t = TestApp::new().await;
    let post_all = |bodies: Vec<String>| {
        let tasks: Vec<_> = bodies
            .into_iter()
            .map(|body| {
                let app = t.app.clone();
                tokio::spawn(async move {
                    let res = send(&app, Req::json("POST", CASES, body)).await;
                    (
                        res.status.as_u16(),
                        res.json()["receipt"].as_str().unwrap_or("").to_owned(),
                    )
                })
            })
            .collect();
        async move {
            let mut out = Vec::new();
            for task in tasks {
                out.push(task.await.unwrap());
            }
            out
        }
    };
    let distinct = post_all((0..50).map(|i| case_with_id(&uuid(100 + i))).collect()).await;
    assert!(distinct.iter().all(|(s, _)| *s == 201), "{distinct:?}");
    let receipts: BTreeSet<String> = distinct.into_iter().map(|(_, r)| r).collect();
    let expected: BTreeSet<String> = (1..=50).map(|n| format!("BR-{}-{n:04}", year())).collect();
    assert_eq!(receipts, expected);

    let same = post_all(vec![case_with_id(&uuid(7)); 50]).await;
    let mut statuses = BTreeMap::new();
    for (s, _) in &same {
        *statuses.entry(*s).or_insert(0) += 1;
    }
    assert_eq!(statuses, BTreeMap::from([(200, 49), (201, 1)]));
    let receipts: BTreeSet<&String> = same.iter().map(|(_, r)| r).collect();
    assert_eq!(receipts.len(), 1);
    assert_eq!(
        receipts.into_iter().next().unwrap(),
        &format!("BR-{}-0051", year())
    );
    assert_eq!(admin_cases(&t, "").await.len(), 51);
}

#[tokio::test]
async fn transport_limits_and_hostile_bodies() {
    let t = TestApp::new().await;
    // Over the feedback limit (16 KiB) but within the case limit (32 KiB), and valid.
    let mut big = case_json("submission-anonymous.json");
    big["why"] = "😀".repeat(2000).into();
    big["solution"] = "😀".repeat(2000).into();
    let big = big.to_string();
    assert!(
        big.len() > 16 * 1024 && big.len() < 32 * 1024,
        "{}",
        big.len()
    );
    check(
        &t,
        "large but allowed",
        Req::json("POST", CASES, big),
        ok(201),
    )
    .await;

    let mut huge = case_json("submission-anonymous.json");
    huge["caseId"] = uuid(3).into();
    huge["why"] = "x".repeat(1024 * 1024).into();
    let deep = format!(
        "{{\"title\": {}{}}}",
        "[".repeat(100_000),
        "]".repeat(100_000)
    );
    let cases: Vec<(&str, Req, Expect)> = vec![
        (
            "huge string",
            Req::json("POST", CASES, huge.to_string()),
            err(413, "payload_too_large", None),
        ),
        (
            "deep nesting",
            Req::json(
                "POST",
                CASES,
                format!("{}{}", "[".repeat(10_000), "]".repeat(10_000)),
            ),
            err(400, "invalid_json", None),
        ),
        (
            "deep nesting in a field",
            Req::json("POST", CASES, deep[..30_000].to_owned()),
            err(400, "invalid_json", Some("title")),
        ),
        (
            "text/plain",
            Req::new("POST", CASES)
                .header("content-type", "text/plain")
                .body(case_example("submission-anonymous.json")),
            err(415, "unsupported_media_type", None),
        ),
        (
            "empty",
            Req::json("POST", CASES, ""),
            err(400, "invalid_json", None),
        ),
        (
            "wrong method",
            Req::new("DELETE", CASES),
            err(405, "method_not_allowed", None),
        ),
        (
            "too long why",
            Req::json("POST", CASES, {
                let mut v = case_json("submission-anonymous.json");
                v["why"] = "x".repeat(2001).into();
                v.to_string()
            }),
            err(422, "too_long", Some("why")),
        ),
    ];
    for (name, req, expect) in cases {
        check(&t, name, req, expect).await;
    }
    // Still answering, and nothing hostile was stored.
    assert_eq!(admin_cases(&t, "").await.len(), 1);
}

#[tokio::test]
async fn cors_for_the_case_form() {
    let t = TestApp::new().await;
    let origin = "https://www.kommune.no";
    for (path, method) in [
        (CASES.to_owned(), "POST"),
        (format!("{CASES}/BR-2026-0001"), "GET"),
    ] {
        let res = check(
            &t,
            &path,
            Req::new("OPTIONS", &path)
                .header("origin", origin)
                .header("access-control-request-method", method)
                .header("access-control-request-headers", "content-type"),
            Expect {
                headers: &[
                    ("access-control-allow-origin", Some("*")),
                    ("access-control-allow-credentials", None),
                ],
                ..ok(200)
            },
        )
        .await;
        let methods = res
            .header("access-control-allow-methods")
            .unwrap()
            .to_ascii_uppercase();
        assert!(
            ["POST", "GET", "OPTIONS"]
                .iter()
                .all(|m| methods.contains(m)),
            "{methods}"
        );
        assert!(!methods.contains("PATCH"), "{methods}");
    }
    let res = t
        .send(
            Req::json("POST", CASES, case_example("submission-anonymous.json"))
                .header("origin", origin),
        )
        .await;
    assert_eq!(res.header("access-control-allow-origin"), Some("*"));
    for path in [ADMIN_CASES.to_owned(), "/api/v1/admin/directory".to_owned()] {
        let res = t
            .send(admin(Req::get(&path)).header("origin", origin))
            .await;
        assert_eq!(res.header("access-control-allow-origin"), None, "{path}");
    }
}
