//! Fuzz target: declarative mappings (`mapping::Mapping::parse`) from arbitrary text, for every
//! widget kind, then applied to fixed example payloads and foreign answers.
//!
//! A mapping a webmaster (or an attacker who can edit a page) writes must never panic the
//! widget, and what an accepted one produces must be well-formed: a JSON body that our strict
//! reader parses, a URL that the section itself recognises again (how the case form finds its
//! waiting case after a reload), a GET without a body for reads, and directory output that the
//! native reader accepts or refuses without panicking.
#![no_main]

use libfuzzer_sys::fuzz_target;
use medvirk_core::directory::native::read_native;
use medvirk_core::json_value;
use medvirk_core::mapping::{Kind, Mapping, Send};

const FEEDBACK: &str = include_str!("../../examples/feedback/submission-full.json");
const CASE: &str = include_str!("../../examples/case/submission-contact-relative.json");
const POPOLO: &str = include_str!("../../examples/directory/popolo-small.json");
/// Answers a foreign backend might give: ids of several types, nested lists, junk.
const ANSWERS: &[&str] = &[
    r#"{"ok":true,"id":"w-1","status":"received","submission":{"number":1042}}"#,
    r#"[{"service_request_id":"311-77"}]"#,
    r#"{"sak":{"saksnummer":"2026/118","tilstand":"SATT_OPP","mottatt":"2026-03-02","svar":null}}"#,
    r#"{"data":{"people":[{"uid":"u1","firstName":"Kari","lastName":"N"},{"uid":2}]}}"#,
    "",
    "<html>",
];

fn exercise_send(send: &Send, payload: &str) {
    let r = send.request(payload);
    assert!(matches!(r.method.as_str(), "POST" | "PUT" | "PATCH"));
    assert!(
        send.matches_url(&r.url),
        "a section must recognise its own URL: {}",
        r.url
    );
    let body = r.body.as_deref().expect("a send has a body");
    if r.content_type == Some("application/json") {
        json_value::parse(body).expect("a mapped JSON body is valid JSON");
    }
    for answer in ANSWERS {
        for status in [200, 201, 204, 400, 404, 429, 503] {
            let outcome = send.outcome(status, answer);
            if !(200..300).contains(&status) {
                assert!(outcome.is_err(), "{status} is never a success");
            }
        }
    }
}

fuzz_target!(|text: &str| {
    for kind in [Kind::Smiley, Kind::CaseForm, Kind::Directory] {
        let Ok(m) = Mapping::parse(text, kind) else {
            continue;
        };
        let payload = if kind == Kind::CaseForm {
            CASE
        } else {
            FEEDBACK
        };
        for send in [&m.submit, &m.update].into_iter().flatten() {
            exercise_send(send, payload);
        }
        if let Some(read) = &m.read {
            let r = read.request("/api/v1/directory");
            assert_eq!((r.method.as_str(), r.body.as_deref()), ("GET", None));
            for answer in ANSWERS.iter().chain([&POPOLO]) {
                if let Ok(native) = read.to_native(answer) {
                    json_value::parse(&native).expect("native output is JSON");
                    let _ = read_native(&native);
                }
            }
        }
        if let Some(status) = &m.status {
            for typed in ["2026/118", " BR-2026-0001 ", "", "ø/?#&"] {
                if let Some(r) = status.request(typed) {
                    assert_eq!((r.method.as_str(), r.body.as_deref()), ("GET", None));
                    assert!(
                        !r.url.contains(' '),
                        "the code is percent-encoded: {}",
                        r.url
                    );
                }
                for answer in ANSWERS {
                    let _ = status.view(typed, answer);
                }
            }
        }
    }
});
