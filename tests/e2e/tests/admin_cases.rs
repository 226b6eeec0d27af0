//! End-to-end tests of the case inbox in headless Chromium: a case sent over HTTP is moved through
//! the council's lifecycle with the keyboard and clicks, errors are summarised and linked, the
//! public status follows, and axe-core finds nothing on any page state.

use medvirk_e2e::{Browser, Server, keys, root};
use serde_json::Value;

/// POSTs a case from `examples/case` with its own id; returns the receipt code.
fn seed_case(server: &Server, example: &str, id: &str) -> String {
    let path = root().join("examples/case").join(example);
    let mut case: Value =
        serde_json::from_str(&std::fs::read_to_string(&path).expect("example case")).unwrap();
    case["caseId"] = id.into();
    let mut resp = ureq::post(format!("{}/api/v1/cases", server.url))
        .config()
        .http_status_as_error(false)
        .build()
        .header("Content-Type", "application/json")
        .send(case.to_string())
        .expect("POST case");
    assert_eq!(resp.status().as_u16(), 201);
    let body: Value = resp.body_mut().read_json().unwrap();
    body["receipt"].as_str().unwrap().to_owned()
}

fn public_status(server: &Server, receipt: &str) -> Value {
    server.get_json(&format!("/api/v1/cases/{receipt}"))
}

#[test]
fn a_case_is_handled_from_received_to_closed_in_the_browser() {
    let server = Server::start();
    let receipt = seed_case(
        &server,
        "submission-contact-relative.json",
        "6a1f0c52-7d3e-4b8a-9c1d-2e3f4a5b6c7d",
    );
    let b = Browser::start();
    b.admin_sign_in(&server);

    b.goto(&format!("{}/admin/cases?lang=en", server.url));
    b.wait_until(
        "the inbox lists the case",
        &format!("document.body.textContent.includes('{receipt}')"),
    );
    b.assert_admin_accessible("case inbox");

    let link = b.find(&format!(
        "document.querySelector('a[href=\"/admin/cases/{receipt}\"]')"
    ));
    b.click(&link);
    b.wait_until(
        "the case page",
        &format!("location.pathname === '/admin/cases/{receipt}'"),
    );
    // Consent was given: the contact is shown.
    assert!(b.text_of(".contact").contains("kari.nordmann@example.no"));
    b.assert_admin_accessible("case page, received");

    // A date that does not exist, typed and sent with Enter from the field.
    let date = b.find("document.querySelector('#meeting-date')");
    b.click(&date);
    b.type_text(&date, "31.02.2026");
    b.press(&[keys::ENTER]);
    b.wait_until(
        "the error summary",
        "document.querySelector('.error-summary')",
    );
    // The summary has focus, so a screen reader starts at what went wrong; its link leads to the field.
    b.wait_until(
        "focus on the error summary",
        "document.activeElement === document.querySelector('.error-summary')",
    );
    assert_eq!(
        b.js(
            "return document.querySelector('.error-summary a').getAttribute('href')",
            vec![]
        ),
        "#meeting-date"
    );
    assert_eq!(
        b.js(
            "return document.querySelector('#meeting-date').getAttribute('aria-invalid')",
            vec![]
        ),
        "true"
    );
    b.assert_admin_accessible("case page with a date error");

    // Correct the date with the keyboard only: into the field, clear it, type, Enter.
    let date = b.find("document.querySelector('#meeting-date')");
    b.replace_text(&date, "14.05.2026");
    b.press(&[keys::ENTER]);
    b.wait_until(
        "the confirmation",
        "document.querySelector('p.ok[role=status]')",
    );
    b.assert_admin_accessible("case page, on the agenda");
    let public = public_status(&server, &receipt);
    assert_eq!(public["status"], "on_agenda");
    assert_eq!(public["meetingDate"], "2026-05-14");

    // Discussed: one click.
    let discussed = b.find("document.querySelector('#to-discussed button')");
    b.click(&discussed);
    b.wait_until(
        "the decided form",
        "document.querySelector('#public-answer')",
    );
    // Decided: the answer typed, the button reached with Tab and pressed with Enter.
    let answer = b.find("document.querySelector('#public-answer')");
    b.click(&answer);
    b.type_text(
        &answer,
        "Rådet anbefaler besøk til klokka 20 to dagar i veka.",
    );
    b.press(&[keys::TAB]);
    assert_eq!(
        b.js(
            "return document.activeElement === document.querySelector('#to-decided button')",
            vec![]
        ),
        true
    );
    b.press(&[keys::ENTER]);
    b.wait_until(
        "the close form",
        "document.querySelector('#to-closed button')",
    );
    b.assert_admin_accessible("case page, decided");
    let close = b.find("document.querySelector('#to-closed button')");
    b.click(&close);
    b.wait_until(
        "no more moves",
        "!document.querySelector('form.action') && document.querySelector('p.ok')",
    );
    b.assert_admin_accessible("case page, closed");

    let public = public_status(&server, &receipt);
    assert_eq!(public["status"], "closed");
    assert_eq!(
        public["publicAnswer"],
        "Rådet anbefaler besøk til klokka 20 to dagar i veka."
    );
    assert_eq!(public["history"].as_array().unwrap().len(), 5);
}
