//! The Open311 GeoReport v2 facade (`--open311`): core's own adapter posts to it and reads its answers back.

use medvirk_core::case_form::open311::{parse_post_response, status_view};
use medvirk_core::case_form::{
    CaseStatus, CaseSubmission, Open311Config, form_urlencode, open311_request,
};
use medvirk_core::lang::Lang;
use serde_json::{Value, json};

use crate::cases::{ADMIN_CASES, case_example};
use crate::common::*;

const SERVICES: &str = "/open311/v2/services.json";
const REQUESTS: &str = "/open311/v2/requests.json";

async fn open311_app() -> TestApp {
    TestApp::with(Options {
        open311: true,
        ..Options::default()
    })
    .await
}

fn form(body: impl Into<Vec<u8>>) -> Req<'static> {
    Req::new("POST", REQUESTS)
        .header("content-type", "application/x-www-form-urlencoded")
        .body(body)
}

fn config() -> Open311Config {
    Open311Config {
        service_code: "brukerrad-sak".into(),
        jurisdiction_id: Some("kommune.no".into()),
        api_key: Some("test-key".into()),
        fallback_address: None,
    }
}

/// What the case form's Open311 adapter sends for an example case.
fn adapter_body(name: &str) -> String {
    let sub: CaseSubmission = serde_json::from_str(&case_example(name)).unwrap();
    form_urlencode(&open311_request(&sub, &config(), Lang::Nn))
}

/// Checks an Open311 error answer: the status, and `[{"code": status, "description": ...}]`.
async fn open311_err(t: &TestApp, name: &str, req: Req<'_>, status: u16) -> String {
    let res = check(t, name, req, ok(status)).await;
    let body = res.json();
    let items = body.as_array().unwrap_or_else(|| panic!("{name}: {body}"));
    assert_eq!(items.len(), 1, "{name}");
    assert_eq!(items[0]["code"], status, "{name}");
    items[0]["description"].as_str().unwrap().to_owned()
}

/// GET requests/{id}.json, read with core's reader; the person's own words never appear.
async fn status(t: &TestApp, path: &str) -> medvirk_core::case_form::CaseStatusView {
    let res = check(
        t,
        "status",
        Req::get(path),
        Expect {
            headers: &[("cache-control", Some("no-store"))],
            ..ok(200)
        },
    )
    .await;
    for secret in ["Kari", "Besøkstida"] {
        assert!(
            !res.text().contains(secret),
            "{secret} leaked: {}",
            res.text()
        );
    }
    status_view(&res.text()).unwrap()
}

#[tokio::test]
async fn off_by_default() {
    let t = TestApp::new().await;
    for req in [Req::get(SERVICES), form("service_code=brukerrad-sak")] {
        let res = t.send(req).await;
        assert!(
            res.status.as_u16() == 404 || res.status.as_u16() == 405,
            "{}",
            res.status
        );
        assert!(serde_json::from_slice::<Vec<Value>>(&res.body).is_err());
    }
}

#[tokio::test]
async fn the_case_form_adapter_round_trips() {
    let t = open311_app().await;
    let services = check(
        &t,
        "services",
        Req::get(SERVICES).header("origin", "https://www.kommune.no"),
        Expect {
            headers: &[("access-control-allow-origin", Some("*"))],
            ..ok(200)
        },
    )
    .await
    .json();
    assert_eq!(services[0]["service_code"], "brukerrad-sak");
    assert_eq!(services.as_array().unwrap().len(), 1);

    let name = "submission-contact-relative.json";
    let body = adapter_body(name);
    let res = check(&t, "post", form(body.clone()), ok(201)).await;
    let receipt = parse_post_response(&res.text()).unwrap();
    assert!(!receipt.is_token);
    assert!(receipt.id.starts_with("BR-"), "{}", receipt.id);
    assert!(receipt.notice.is_some());
    // The outbox resends: the same request, the same id.
    let again = check(&t, "resend", form(body), ok(200)).await;
    assert_eq!(parse_post_response(&again.text()).unwrap().id, receipt.id);

    // Stored as a case with every field the adapter carried, contact included.
    let sub: Value = serde_json::from_str(&case_example(name)).unwrap();
    let row = check(
        &t,
        "admin",
        admin(Req::get(&format!("{ADMIN_CASES}/{}", receipt.id))),
        ok(200),
    )
    .await
    .json();
    for key in [
        "caseId", "council", "title", "why", "where", "when", "solution", "proposer",
    ] {
        assert_eq!(row[key], sub[key], "{key}");
    }
    assert_eq!(
        row["contact"],
        json!({ "name": "Kari Nordmann", "email": sub["contact"]["email"], "phone": sub["contact"]["phone"] })
    );

    let status_path = format!("/open311/v2/requests/{}.json", receipt.id);
    let view = status(&t, &status_path).await;
    assert_eq!(
        (view.receipt.as_str(), view.status),
        (receipt.id.as_str(), CaseStatus::Received)
    );

    let transition = format!("{ADMIN_CASES}/{}/transition", receipt.id);
    for step in [
        json!({ "status": "on_agenda", "meetingDate": "2026-04-21" }),
        json!({ "status": "discussed" }),
    ] {
        check(
            &t,
            "move",
            admin(Req::json("POST", &transition, step.to_string())),
            ok(200),
        )
        .await;
    }
    // GeoReport v2 can only say "open, and changed since": core reads that as being assessed.
    let view = status(&t, &status_path).await;
    assert_eq!(view.status, CaseStatus::BeingAssessed);
    for step in [
        json!({ "status": "decided", "publicAnswer": "Besøk til klokka 20 på tysdagar." }),
        json!({ "status": "closed" }),
    ] {
        check(
            &t,
            "move",
            admin(Req::json("POST", &transition, step.to_string())),
            ok(200),
        )
        .await;
    }
    let view = status(&t, &status_path).await;
    assert_eq!(view.status, CaseStatus::Closed);
    let notes = view.public_answer.unwrap();
    assert!(
        notes.contains("Besøk til klokka 20 på tysdagar.") && notes.contains("2026-04-21"),
        "{notes}"
    );
}

#[tokio::test]
async fn a_generic_open311_client_and_errors() {
    let t = open311_app().await;
    // A client that knows nothing of our attributes: description and jurisdiction only.
    let res = check(
        &t,
        "generic",
        form("service_code=brukerrad-sak&jurisdiction_id=eldreradet-vestby&description=For+lite+personale+om+natta%0AMange+ventar+lenge.&address_string=Sjukeheimen&email=ola%40example.no"),
        ok(201),
    )
    .await;
    let id = res.json()[0]["service_request_id"]
        .as_str()
        .unwrap()
        .to_owned();
    let row = check(
        &t,
        "admin",
        admin(Req::get(&format!("{ADMIN_CASES}/{id}"))),
        ok(200),
    )
    .await
    .json();
    assert_eq!(row["title"], "For lite personale om natta");
    assert_eq!(
        row["why"],
        "For lite personale om natta\nMange ventar lenge."
    );
    assert_eq!(
        (row["council"].as_str(), row["where"].as_str()),
        (Some("eldreradet-vestby"), Some("Sjukeheimen"))
    );
    assert_eq!(row["proposer"]["role"], "other");
    assert_eq!(row["contact"]["email"], "ola@example.no");

    let valid = adapter_body("submission-anonymous.json");
    let descriptions = [
        (
            form(valid.replace("brukerrad-sak", "pothole")),
            400,
            "service_code",
        ),
        (form("description=x"), 400, "service_code"),
        (
            form("service_code=brukerrad-sak&description=x"),
            400,
            "council",
        ),
        (form(format!("{valid}&email=not-an-email")), 400, "email"),
        (
            form(valid.replace("attribute%5Btitle%5D=", "attribute%5Btitle%5D=%01")),
            400,
            "title",
        ),
        (
            form(valid.replace("service_user", "astronaut")),
            400,
            "proposer_role",
        ),
        (Req::json("POST", REQUESTS, "{}"), 415, "form-urlencoded"),
        (
            form(format!("{valid}&description={}", "x".repeat(40 * 1024))),
            413,
            "bytes",
        ),
        (
            Req::get("/open311/v2/requests/BR-2026-9999.json"),
            404,
            "id",
        ),
        (
            Req::get("/open311/v2/requests/BR-2026-0001.xml"),
            404,
            ".json",
        ),
        (Req::get("/open311/v2/nope"), 404, "services.json"),
        (Req::new("DELETE", SERVICES), 404, "services.json"),
    ];
    for (req, status, needle) in descriptions {
        let name = format!("{} {}", req.method, req.path);
        let description = open311_err(&t, &name, req, status).await;
        assert!(description.contains(needle), "{name}: {description}");
    }
    // The same attribute[case_id] with other content is a conflict.
    check(&t, "first", form(valid.clone()), ok(201)).await;
    let changed = valid.replace("attribute%5Btitle%5D=", "attribute%5Btitle%5D=Endra+");
    assert_ne!(changed, valid);
    open311_err(&t, "conflict", form(changed), 409).await;
}
