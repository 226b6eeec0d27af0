//! Two server processes on one PostgreSQL database, hit with the same ids at once: one row per id, gapless distinct receipts, identical replays.
//!
//! Needs `MEDVIRK_TEST_DATABASE_URL`. Without it the test prints a note and passes, unless
//! `MEDVIRK_REQUIRE_POSTGRES=1` (set by `cargo xtask test`) says PostgreSQL was expected: then it fails.

use std::collections::{BTreeMap, BTreeSet};
use std::sync::{Arc, Barrier};

use serde_json::Value;

use crate::cases::{case_json, case_with_id};
use crate::common::*;
use crate::process::{http, listening, parse, request, spawn, terminate};

/// Sends every request at the same moment (one thread each, released together) and returns
/// the answers in order.
fn race(requests: Vec<(String, String)>) -> Vec<(u16, Value)> {
    let barrier = Arc::new(Barrier::new(requests.len()));
    let threads: Vec<_> = requests
        .into_iter()
        .map(|(addr, req)| {
            let barrier = barrier.clone();
            std::thread::spawn(move || {
                barrier.wait();
                let (status, body) = parse(&http(&addr, &req));
                let json = serde_json::from_str(&body)
                    .unwrap_or_else(|e| panic!("{status}: not JSON ({e}): {body}"));
                (status, json)
            })
        })
        .collect();
    threads.into_iter().map(|t| t.join().unwrap()).collect()
}

/// Pairs of answers, one from each replica, as sorted status pairs with the bodies.
fn pairs(answers: Vec<(u16, Value)>) -> Vec<([u16; 2], [Value; 2])> {
    answers
        .chunks(2)
        .map(|pair| {
            let (mut a, mut b) = (pair[0].clone(), pair[1].clone());
            if a.0 > b.0 {
                std::mem::swap(&mut a, &mut b);
            }
            ([a.0, b.0], [a.1, b.1])
        })
        .collect()
}

#[test]
fn two_replicas_share_one_postgres_database() {
    if postgres_admin_url().is_none() {
        assert!(
            !postgres_required(),
            "{ENV_REQUIRE_POSTGRES}=1 but {ENV_TEST_DATABASE_URL} is not set: the two-replica test \
             needs a PostgreSQL admin URL (cargo xtask test starts a throwaway server and sets it)"
        );
        eprintln!(
            "note: two_replicas_share_one_postgres_database skipped; set {ENV_TEST_DATABASE_URL}=\
             postgres://USER:PASSWORD@HOST:PORT/postgres (a role with CREATEDB) to run it"
        );
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let www = dir.path().join("www");
    std::fs::create_dir_all(&www).unwrap();
    let db = TestDb::new(dir.path());
    assert!(db.is_postgres());
    // Both start before either is waited for, so both migrate the empty database at once.
    let (mut a, mut b) = (spawn(&db.url, &www), spawn(&db.url, &www));
    let (addr_a, addr_b) = (listening(&mut a), listening(&mut b));
    let both = |body: &str, other: Option<&str>, path: &str| {
        [
            (addr_a.clone(), request("POST", path, Some(body), false)),
            (
                addr_b.clone(),
                request("POST", path, Some(other.unwrap_or(body)), false),
            ),
        ]
    };

    // Feedback: the same payload to both replicas is one 201 and one replay; different payloads
    // under one id are one 201 and one 409.
    let same: Vec<String> = (0..20).map(|i| uuid(1000 + i)).collect();
    let clash: Vec<String> = (0..10).map(|i| uuid(2000 + i)).collect();
    let mut requests = Vec::new();
    for id in &same {
        requests.extend(both(&submission(id, 4), None, FEEDBACK));
    }
    for id in &clash {
        requests.extend(both(&submission(id, 1), Some(&submission(id, 5)), FEEDBACK));
    }
    let answers = pairs(race(requests));
    for (i, (statuses, bodies)) in answers.iter().enumerate() {
        if i < same.len() {
            assert_eq!(statuses, &[200, 201], "{}: {bodies:?}", same[i]);
            assert_eq!(bodies[0], bodies[1], "a replay answers like the original");
            assert_eq!(bodies[0]["id"], same[i].as_str());
        } else {
            assert_eq!(
                statuses,
                &[201, 409],
                "{}: {bodies:?}",
                clash[i - same.len()]
            );
            assert_eq!(bodies[1]["error"]["code"], "conflict");
        }
    }

    // Cases: replays get the receipt of the stored case; every stored case its own receipt; and
    // receipts stay gapless although every losing insert took a number and gave it back.
    let cases: Vec<String> = (0..12).map(|i| uuid(3000 + i)).collect();
    let clashing_cases: Vec<String> = (0..6).map(|i| uuid(4000 + i)).collect();
    let mut requests = Vec::new();
    for id in &cases {
        requests.extend(both(&case_with_id(id), None, "/api/v1/cases"));
    }
    for id in &clashing_cases {
        let mut other = case_json("submission-anonymous.json");
        other["caseId"] = id.as_str().into();
        other["title"] = "En annen tittel".into();
        requests.extend(both(
            &case_with_id(id),
            Some(&other.to_string()),
            "/api/v1/cases",
        ));
    }
    let answers = pairs(race(requests));
    let mut receipts = BTreeMap::new();
    for (i, (statuses, bodies)) in answers.iter().enumerate() {
        if i < cases.len() {
            assert_eq!(statuses, &[200, 201], "{}: {bodies:?}", cases[i]);
            assert_eq!(bodies[0]["receipt"], bodies[1]["receipt"], "replay receipt");
            receipts.insert(cases[i].clone(), bodies[1]["receipt"].clone());
        } else {
            let id = &clashing_cases[i - cases.len()];
            assert_eq!(statuses, &[201, 409], "{id}: {bodies:?}");
            receipts.insert(id.clone(), bodies[0]["receipt"].clone());
        }
    }
    let year = time::OffsetDateTime::now_utc().year();
    let expected: BTreeSet<String> = (1..=receipts.len())
        .map(|n| format!("BR-{year}-{n:04}"))
        .collect();
    let handed_out: BTreeSet<String> = receipts
        .values()
        .map(|r| r.as_str().unwrap().to_owned())
        .collect();
    assert_eq!(handed_out, expected, "distinct and gapless across replicas");

    // Each replica sees every row, once.
    for addr in [&addr_a, &addr_b] {
        let (status, body) = parse(&http(
            addr,
            &request("GET", "/api/v1/admin/feedback", None, true),
        ));
        assert_eq!(status, 200, "{body}");
        let listed: Value = serde_json::from_str(&body).unwrap();
        assert_eq!(listed["count"], same.len() + clash.len());
        let (status, body) = parse(&http(
            addr,
            &request("GET", "/api/v1/admin/cases", None, true),
        ));
        assert_eq!(status, 200, "{body}");
        let listed: Value = serde_json::from_str(&body).unwrap();
        let stored: BTreeMap<String, Value> = listed["items"]
            .as_array()
            .unwrap()
            .iter()
            .map(|c| {
                (
                    c["caseId"].as_str().unwrap().to_owned(),
                    c["receipt"].clone(),
                )
            })
            .collect();
        assert_eq!(
            stored, receipts,
            "one row per case, with the receipt it was given"
        );
    }
    terminate(a);
    terminate(b);
}
