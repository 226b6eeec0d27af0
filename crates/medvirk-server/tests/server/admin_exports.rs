//! `/admin/exports`: the page, CSV (BOM, `;` and `,`, formulas neutralised, Nordic letters) and JSON downloads, consent-only contacts, streaming.

use axum::http::StatusCode;
use medvirk_core::csv_out::neutralise;
use medvirk_server::admin_ui::exports::{CASE_PAGE, PAGE};
use serde_json::Value;

use crate::admin_results::{Seed, seed};
use crate::cases::{CASES, case_json};
use crate::common::*;

const HOSTILE: [&str; 7] = [
    "=cmd|' /C calc'!A0",
    "+47 99 88 77 66",
    "-2+3",
    "@SUM(A1:A9)",
    "\tTab først",
    "Blåbær; «sitat» med \"anførsel\"",
    "Ærlig talt, ÅÆØ åæø ÄÖ äö",
];

async fn seed_hostile(t: &TestApp) {
    for (n, comment) in HOSTILE.iter().enumerate() {
        seed(
            t,
            n as u32,
            Seed {
                comment: Some(comment),
                second: n as i64,
                ..Seed::default()
            },
        )
        .await;
    }
}

#[tokio::test]
async fn the_page_offers_both_datasets_in_every_format() {
    let t = TestApp::new().await;
    let cookie = t.sign_in().await;
    let html = t.admin_get(&cookie, "/admin/exports?lang=sv").await.text();
    assert!(html.contains("<html lang=\"sv\">"));
    assert!(html.contains("action=\"/admin/exports/feedback\""));
    assert!(html.contains("action=\"/admin/exports/cases\""));
    assert!(
        html.contains(
            "<option value=\"csv-semicolon\" selected>CSV för Excel (semikolon)</option>"
        )
    );
    assert!(html.contains("<option value=\"json\">JSON</option>"));
    assert!(html.contains("aria-current=\"page\">Export</a>"));
    assert!(!html.contains("style="));
}

#[tokio::test]
async fn csv_for_nordic_excel_neutralises_formulas() {
    let t = TestApp::new().await;
    seed_hostile(&t).await;
    let cookie = t.sign_in().await;
    let res = t.admin_get(&cookie, "/admin/exports/feedback").await;
    assert_eq!(res.header("content-type"), Some("text/csv; charset=utf-8"));
    let disposition = res.header("content-disposition").unwrap();
    assert!(
        disposition.starts_with("attachment; filename=\"medvirk-feedback-")
            && disposition.ends_with(".csv\"")
    );
    assert_eq!(res.header("cache-control"), Some("no-store"));
    let text = String::from_utf8(res.body.clone()).expect("UTF-8");
    assert!(
        text.starts_with("\u{feff}id;widgetId;ratingValue;ratingScale;comment;"),
        "{text}"
    );
    let lines: Vec<&str> = text.split("\r\n").filter(|l| !l.is_empty()).collect();
    assert_eq!(lines.len(), 1 + HOSTILE.len());
    assert!(text.contains(";'=cmd|' /C calc'!A0;"));
    assert!(text.contains(";'+47 99 88 77 66;"));
    assert!(text.contains(";'-2+3;"));
    assert!(text.contains(";'@SUM(A1:A9);"));
    assert!(text.contains(";'\tTab først;"));
    assert!(text.contains(";\"Blåbær; «sitat» med \"\"anførsel\"\"\";"));
    assert!(text.contains(";Ærlig talt, ÅÆØ åæø ÄÖ äö;"));
    // Read back with medvirk's own reader: every comment is there, neutralised.
    let records = read_csv(&text);
    let comments: Vec<&str> = records[1..].iter().map(|r| r.fields[4].as_str()).collect();
    let expected: Vec<String> = HOSTILE.iter().map(|c| neutralise(c).into_owned()).collect();
    assert_eq!(comments, expected);

    // The comma variant quotes cells with commas instead.
    let text = t
        .admin_get(&cookie, "/admin/exports/feedback?format=csv-comma")
        .await
        .text();
    assert!(text.starts_with("\u{feff}id,widgetId,"));
    assert!(text.contains(",\"Ærlig talt, ÅÆØ åæø ÄÖ äö\","));
    assert!(text.contains(",\"Blåbær; «sitat» med \"\"anførsel\"\"\","));
}

#[tokio::test]
async fn json_is_the_admin_listing_without_a_bom() {
    let t = TestApp::new().await;
    seed_hostile(&t).await;
    seed(
        &t,
        50,
        Seed {
            language: "sv",
            ..Seed::default()
        },
    )
    .await;
    let cookie = t.sign_in().await;
    let res = t
        .admin_get(&cookie, "/admin/exports/feedback?format=json")
        .await;
    assert_eq!(res.header("content-type"), Some("application/json"));
    assert!(
        res.header("content-disposition")
            .unwrap()
            .ends_with(".json\"")
    );
    assert_ne!(res.body[0], 0xef, "no BOM in JSON");
    let body = res.json();
    let items = body["items"].as_array().unwrap();
    assert_eq!(body["count"], 8);
    assert_eq!(items.len(), 8);
    // JSON is data, not a spreadsheet: comments are exactly as written.
    assert_eq!(items[0]["comment"], HOSTILE[0]);
    assert_eq!(items[0]["widgetId"], "byggesak");
    assert_eq!(items[0]["receivedAt"], "2026-03-02T12:00:00.000000Z");
    // Filters: language and a date range that holds nothing.
    let body = t
        .admin_get(&cookie, "/admin/exports/feedback?format=json&language=sv")
        .await
        .json();
    assert_eq!(body["count"], 1);
    let body = t
        .admin_get(
            &cookie,
            "/admin/exports/feedback?format=json&from=2026-04-01&to=2026-04-30",
        )
        .await
        .json();
    assert_eq!(body, serde_json::json!({"items": [], "count": 0}));
    // A wrong field is an error page, not a broken file.
    for query in ["format=xlsx", "from=yesterday"] {
        let res = t
            .send(Req::get(&format!("/admin/exports/feedback?{query}")).session(&cookie))
            .await;
        assert_eq!(res.status, StatusCode::BAD_REQUEST, "{query}");
        assert!(res.header("content-disposition").is_none(), "{query}");
        assert!(
            res.header("content-type")
                .is_some_and(|c| c.starts_with("text/html")),
            "{query}"
        );
        assert!(res.text().contains("role=\"alert\""), "{query}");
    }
}

#[tokio::test]
async fn suspicious_rows_can_be_left_out() {
    let t = TestApp::new().await;
    seed(&t, 1, Seed::default()).await;
    seed(
        &t,
        2,
        Seed {
            suspicious: true,
            ..Seed::default()
        },
    )
    .await;
    let cookie = t.sign_in().await;
    for (choice, count) in [("all", 2), ("exclude", 1), ("only", 1)] {
        let body = t
            .admin_get(
                &cookie,
                &format!("/admin/exports/feedback?format=json&suspicious={choice}"),
            )
            .await
            .json();
        assert_eq!(body["count"], count, "{choice}");
    }
}

#[tokio::test]
async fn cases_carry_contact_details_only_with_consent() {
    let t = TestApp::new().await;
    let with = case_json("submission-contact-relative.json").to_string();
    let without = case_json("submission-anonymous.json").to_string();
    let mut formula = case_json("submission-anonymous.json");
    formula["caseId"] = "7a1c2a9e-3b7d-4e2f-9a1c-5d8e7f6a4b31".into();
    formula["title"] = "=HYPERLINK(\"https://evil.example\";\"Klikk\")".into();
    for body in [with, without, formula.to_string()] {
        let res = t.send(Req::json("POST", CASES, body)).await;
        assert_eq!(res.status, StatusCode::CREATED, "{}", res.text());
    }
    let cookie = t.sign_in().await;
    let text = t.admin_get(&cookie, "/admin/exports/cases").await.text();
    assert!(text.starts_with("\u{feff}receipt;caseId;council;title;"));
    let records = read_csv(&text);
    assert_eq!(records.len(), 4);
    let header = &records[0].fields;
    let col = |name: &str| header.iter().position(|h| h == name).unwrap();
    let kari = records
        .iter()
        .find(|r| r.fields[col("contactConsent")] == "yes")
        .unwrap();
    assert_eq!(kari.fields[col("contactName")], "Kari Nordmann");
    assert_eq!(kari.fields[col("contactPhone")], "'+47 912 34 567");
    let anonymous: Vec<_> = records[1..]
        .iter()
        .filter(|r| r.fields[col("contactConsent")] == "no")
        .collect();
    assert_eq!(anonymous.len(), 2);
    for r in anonymous {
        assert_eq!(r.fields[col("contactName")], "");
        assert_eq!(r.fields[col("contactEmail")], "");
    }
    assert!(text.contains("'=HYPERLINK(\"\"https://evil.example\"\";\"\"Klikk\"\")"));
    assert!(text.contains(";Besøkstider som passar for pårørande i arbeid;"));

    let body = t
        .admin_get(&cookie, "/admin/exports/cases?format=json")
        .await
        .json();
    assert_eq!(body["count"], 3);
    let items = body["items"].as_array().unwrap();
    let with_contact: Vec<&Value> = items.iter().filter(|i| !i["contact"].is_null()).collect();
    assert_eq!(with_contact.len(), 1);
    assert_eq!(
        with_contact[0]["contact"]["email"],
        "kari.nordmann@example.no"
    );
    // The council filter.
    let body = t
        .admin_get(
            &cookie,
            "/admin/exports/cases?format=json&council=eldreradet-vestby",
        )
        .await
        .json();
    assert_eq!(body["count"], 1);
}

#[tokio::test]
async fn a_large_export_is_streamed_in_pages() {
    let t = TestApp::new().await;
    const ROWS: u32 = 20_000;
    for chunk in (0..ROWS).collect::<Vec<_>>().chunks(500) {
        futures_util::future::join_all(chunk.iter().map(|&n| {
            seed(
                &t,
                n,
                Seed {
                    value: (n % 5 + 1) as u8,
                    day: (n % 28 + 1) as u8,
                    second: i64::from(n),
                    comment: (n % 3 == 0).then_some("=1+1; «hei»"),
                    ..Seed::default()
                },
            )
        }))
        .await;
    }
    let cookie = t.sign_in().await;
    let (frames, text) = t.stream(&cookie, "/admin/exports/feedback").await;
    // One frame per store page: the body was produced while it was sent, not built whole.
    assert!(
        frames >= (ROWS / PAGE) as usize,
        "{frames} frames for {ROWS} rows"
    );
    assert!(text.starts_with('\u{feff}'));
    assert_eq!(
        text.matches('\u{feff}').count(),
        1,
        "one BOM, not one per page"
    );
    assert_eq!(text.matches("\r\n").count(), ROWS as usize + 1);
    assert_eq!(
        text.matches(";id;").count() + text.matches("\u{feff}id;").count(),
        1
    );
    assert_eq!(text.matches(";\"'=1+1; «hei»\";").count(), 6667);
    // Oldest first (the store's order: received time, then id) and no row twice across page
    // boundaries. Read with a real CSV reader: comments hold the delimiter inside quotes.
    let records = read_csv(&text);
    let header = &records[0].fields;
    let col = |name: &str| header.iter().position(|h| h == name).unwrap();
    let (id, received) = (col("id"), col("receivedAt"));
    let keys: Vec<(&str, &str)> = records[1..]
        .iter()
        .map(|r| (r.fields[received].as_str(), r.fields[id].as_str()))
        .collect();
    assert_eq!(keys.len(), ROWS as usize);
    assert!(
        keys.windows(2).all(|w| w[0] < w[1]),
        "rows out of order or repeated"
    );
}

#[tokio::test]
async fn a_large_cases_export_is_streamed_in_pages_without_repeats() {
    use medvirk_core::case_form::Role;
    use medvirk_server::store::NewCase;

    let t = TestApp::new().await;
    const CASES_N: u32 = 3_000;
    let base = time::macros::datetime!(2026-03-02 12:00 UTC);
    for chunk in (0..CASES_N).collect::<Vec<_>>().chunks(250) {
        futures_util::future::join_all(chunk.iter().map(|&n| {
            t.store.insert_case(NewCase {
                case_id: uuid(n),
                council: if n % 3 == 0 {
                    "eldreradet"
                } else {
                    "brukerradet"
                }
                .into(),
                title: format!("Sak {n}; «=1+1»"),
                why: "Fordi".into(),
                where_text: String::new(),
                when_text: String::new(),
                solution: String::new(),
                proposer_role: Role::ServiceUser,
                proposer_organisation: None,
                contact: None,
                language: "nb".into(),
                client_timestamp: "2026-03-02T12:00:00Z".into(),
                // Seven cases share each second, so page boundaries fall inside a tie that only
                // the receipt breaks.
                received_at: base + time::Duration::seconds(i64::from(n / 7)),
                request_hash: format!("hash-{n}"),
                suspicious: None,
            })
        }))
        .await
        .into_iter()
        .for_each(|r| assert!(r.unwrap().receipt.is_some()));
    }
    let cookie = t.sign_in().await;

    let (frames, text) = t.stream(&cookie, "/admin/exports/cases").await;
    // Header, one frame per store page: produced while sent, not built whole.
    assert!(
        frames > (CASES_N / CASE_PAGE) as usize,
        "{frames} frames for {CASES_N} cases"
    );
    assert_eq!(text.matches('\u{feff}').count(), 1, "one BOM");
    assert_eq!(text.matches("receipt;caseId;").count(), 1, "one header");
    let records = read_csv(&text);
    assert_eq!(records.len(), CASES_N as usize + 1);
    let receipts: Vec<&str> = records[1..].iter().map(|r| r.fields[0].as_str()).collect();
    let unique: std::collections::BTreeSet<&&str> = receipts.iter().collect();
    assert_eq!(unique.len(), CASES_N as usize, "no case twice");
    // Oldest first, ties in receipt order.
    let received = records[0]
        .fields
        .iter()
        .position(|h| h == "receivedAt")
        .unwrap();
    let keys: Vec<(&str, u32)> = records[1..]
        .iter()
        .map(|r| {
            let receipt = medvirk_core::case_form::parse_receipt(&r.fields[0]).unwrap();
            (r.fields[received].as_str(), receipt.seq)
        })
        .collect();
    assert!(keys.windows(2).all(|w| w[0] < w[1]), "in order");
    assert!(text.contains("\"Sak 0; «=1+1»\""));

    // JSON, filtered by council: the count at the end is the number of items.
    let (frames, text) = t
        .stream(
            &cookie,
            "/admin/exports/cases?format=json&council=eldreradet",
        )
        .await;
    assert!(frames >= 2);
    let body: Value = serde_json::from_str(&text).unwrap();
    let items = body["items"].as_array().unwrap();
    assert_eq!(items.len(), 1000);
    assert_eq!(body["count"], 1000);
    let unique: std::collections::BTreeSet<&str> = items
        .iter()
        .map(|i| i["receipt"].as_str().unwrap())
        .collect();
    assert_eq!(unique.len(), 1000);
    assert!(items.iter().all(|i| i["council"] == "eldreradet"));

    // The store pages by itself too: after the last case of a page come the next ones.
    let all = t
        .store
        .list_cases(medvirk_server::store::CaseFilter::default())
        .await
        .unwrap();
    assert_eq!(all.len(), CASES_N as usize);
    let page = t
        .store
        .list_cases(medvirk_server::store::CaseFilter {
            limit: Some(7),
            ..Default::default()
        })
        .await
        .unwrap();
    assert_eq!(page, all[..7]);
    let last = page.last().unwrap();
    let next = t
        .store
        .list_cases(medvirk_server::store::CaseFilter {
            after: Some((last.received_at, last.receipt.clone())),
            limit: Some(3),
            ..Default::default()
        })
        .await
        .unwrap();
    assert_eq!(next, all[7..10]);
}
