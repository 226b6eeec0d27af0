//! The case form's steps: error summary and focus, review, one request in flight, retries that
//! replay the same bytes, drafts kept in step, and the element's configuration and URLs.

use medvirk_core::case_form::flow::{
    Action, Attrs, Config, Effect, Focus, Format, Mode, Net, Notice, Step, field_id,
};
use medvirk_core::case_form::{Draft, Flow, Role};
use medvirk_core::lang::Lang;
use medvirk_core::smiley::Failure;

const ID: &str = "8f0c6a52-2f7e-4c1e-9a3b-1d2e3f4a5b6c";
const FRESH: &str = "0b9d2f7a-6c1e-4d3b-8a2f-9e8d7c6b5a41";
const TS: &str = "2026-03-01T12:30:00.000Z";

fn flow() -> Flow {
    Flow::new("brukerradet-helse-x", Lang::Nn, ID.into(), None)
}

fn send(f: &mut Flow, ts: &str) -> Vec<Effect> {
    f.reduce(Action::Send {
        fresh_id: FRESH.into(),
        client_timestamp: ts.into(),
        elapsed_ms: Some(60_000),
    })
}

fn filled() -> Flow {
    let mut f = flow();
    f.reduce(Action::Input("title", "Ventetid".into()));
    f.reduce(Action::Input("why", "Lang kø".into()));
    f.reduce(Action::Role(Role::ServiceUser));
    f
}

fn sent(effects: &[Effect]) -> &medvirk_core::case_form::CaseSubmission {
    effects
        .iter()
        .find_map(|e| match e {
            Effect::Send(s) => Some(s),
            _ => None,
        })
        .expect("a send effect")
}

#[test]
fn an_empty_review_shows_every_error_in_form_order_and_focuses_the_summary() {
    let mut f = flow();
    assert_eq!(
        f.reduce(Action::Review),
        [Effect::Focus(Focus::ErrorSummary)]
    );
    let fields: Vec<_> = f.errors.iter().map(|e| e.field).collect();
    assert_eq!(fields, ["title", "why", "proposer.role"]);
    assert_eq!(f.step, Step::Form);
    // Fixing a field removes its error at once; the others stay.
    f.reduce(Action::Input("title", "Ventetid".into()));
    let fields: Vec<_> = f.errors.iter().map(|e| e.field).collect();
    assert_eq!(fields, ["why", "proposer.role"]);
    assert_eq!(
        f.reduce(Action::Change("why")),
        [Effect::Focus(Focus::Field("why"))]
    );
}

#[test]
fn errors_do_not_appear_while_typing_before_the_first_attempt() {
    let mut f = flow();
    f.reduce(Action::Input("title", "x".repeat(200)));
    assert!(f.errors.is_empty());
}

#[test]
fn review_change_and_back_move_focus_to_the_right_place() {
    let mut f = filled();
    assert_eq!(
        f.reduce(Action::Review),
        [Effect::Focus(Focus::ReviewHeading)]
    );
    assert_eq!(f.step, Step::Review);
    assert_eq!(
        f.reduce(Action::Change("proposer.role")),
        [Effect::Focus(Focus::Field("proposer.role"))]
    );
    assert_eq!(f.step, Step::Form);
    f.reduce(Action::Review);
    assert_eq!(
        f.reduce(Action::Back),
        [Effect::Focus(Focus::Field("title"))]
    );
}

#[test]
fn only_one_request_is_in_flight_and_a_retry_replays_the_same_submission() {
    let mut f = filled();
    f.reduce(Action::Review);
    let first = sent(&send(&mut f, TS)).clone();
    assert_eq!(first.case_id, ID);
    assert_eq!(first.language, "nn");
    assert!(f.sending());
    // A second click while the first is on its way does nothing.
    assert!(send(&mut f, "2026-03-01T12:30:01.000Z").is_empty());
    assert!(f.reduce(Action::Retry).is_empty());
    f.reduce(Action::Failed(Failure::Network));
    assert_eq!(f.net, Net::Failed(Failure::Network));
    assert_eq!(sent(&f.reduce(Action::Retry)), &first);
    f.reduce(Action::Failed(Failure::Status(503)));
    // Pressing "send" again after a failure is a replay too, timestamp and elapsed time included.
    assert_eq!(sent(&send(&mut f, "2026-03-01T12:31:00.000Z")), &first);
    f.reduce(Action::Failed(Failure::Network));
    let later = f.reduce(Action::Send {
        fresh_id: FRESH.into(),
        client_timestamp: "2026-03-01T12:32:00.000Z".into(),
        elapsed_ms: Some(120_000),
    });
    assert_eq!(sent(&later), &first);
}

#[test]
fn the_send_carries_the_elapsed_time_and_a_filled_honeypot_only() {
    let mut f = filled();
    f.reduce(Action::Review);
    let human = sent(&send(&mut f, TS)).clone();
    assert_eq!(
        (human.elapsed_ms, human.honeypot.as_deref()),
        (Some(60_000), None)
    );
    assert!(
        human.to_json().ends_with(r#""elapsedMs":60000}"#),
        "{}",
        human.to_json()
    );
    assert_eq!(medvirk_core::case_form::suspicion(&human), None);

    // A script fills every input it finds, the hidden one too, and sends at once.
    let mut bot = filled();
    bot.reduce(Action::Input("honeypot", "https://spam.example".into()));
    bot.reduce(Action::Review);
    let fx = bot.reduce(Action::Send {
        fresh_id: FRESH.into(),
        client_timestamp: TS.into(),
        elapsed_ms: Some(40),
    });
    let sub = sent(&fx);
    assert_eq!(sub.honeypot.as_deref(), Some("https://spam.example"));
    assert_eq!(
        medvirk_core::case_form::suspicion(sub),
        Some("honeypot_filled")
    );
    assert!(
        !medvirk_core::case_form::draft_from_form(&bot.form, "brukerradet-helse-x")
            .to_json(0)
            .contains("spam"),
        "the honeypot never goes into a draft"
    );
}

#[test]
fn a_refused_send_is_not_retried() {
    let mut f = filled();
    f.reduce(Action::Review);
    send(&mut f, TS);
    f.reduce(Action::Failed(Failure::Status(400)));
    assert!(f.reduce(Action::Retry).is_empty());
}

#[test]
fn a_form_changed_after_a_failed_send_gets_a_new_case_id() {
    let mut f = filled();
    f.reduce(Action::Review);
    send(&mut f, TS);
    f.reduce(Action::Failed(Failure::Network));
    f.reduce(Action::Change("title"));
    f.reduce(Action::Input("title", "Ventetid hos fysio".into()));
    f.reduce(Action::Review);
    let second = sent(&send(&mut f, "2026-03-01T12:35:00.000Z")).clone();
    assert_eq!(second.case_id, FRESH);
    assert_eq!(second.title, "Ventetid hos fysio");
    assert_eq!(f.case_id(), FRESH);
}

#[test]
fn success_shows_the_receipt_deletes_the_draft_and_ignores_late_answers() {
    let mut f = filled();
    assert!(f.draft_stored);
    f.reduce(Action::Review);
    send(&mut f, TS);
    let fx = f.reduce(Action::Succeeded {
        receipt: "BR-2026-0042".into(),
        notice: None,
    });
    assert_eq!(fx, [Effect::DeleteDraft, Effect::Focus(Focus::Receipt)]);
    assert!(!f.draft_stored);
    assert_eq!(
        f.step,
        Step::Sent {
            receipt: "BR-2026-0042".into(),
            notice: None
        }
    );
    assert!(f.reduce(Action::Failed(Failure::Network)).is_empty());
    assert!(f.reduce(Action::Change("title")).is_empty());
    assert!(
        f.reduce(Action::Succeeded {
            receipt: "BR-2026-0043".into(),
            notice: None
        })
        .is_empty()
    );
}

#[test]
fn typing_saves_a_draft_without_contact_details_and_emptying_deletes_it() {
    let mut f = flow();
    let fx = f.reduce(Action::Input("why", "Lang kø".into()));
    let [Effect::SaveDraft(d)] = fx.as_slice() else {
        panic!("{fx:?}")
    };
    assert_eq!(
        (d.why.as_str(), d.council.as_str()),
        ("Lang kø", "brukerradet-helse-x")
    );
    f.reduce(Action::WantsContact(true));
    let fx = f.reduce(Action::Input("contact.email", "kari@example.no".into()));
    let [Effect::SaveDraft(d)] = fx.as_slice() else {
        panic!("{fx:?}")
    };
    assert!(!d.to_json(0).contains("kari"));
    f.reduce(Action::WantsContact(false));
    assert_eq!(
        f.reduce(Action::Input("why", " ".into())),
        [Effect::DeleteDraft]
    );
    assert!(!f.draft_stored);
    assert!(f.reduce(Action::Input("why", "".into())).is_empty());
}

#[test]
fn a_restored_draft_fills_the_form_and_clearing_empties_it() {
    let draft = Draft {
        council: "brukerradet-helse-x".into(),
        title: "Ventetid".into(),
        role: Some(Role::Relative),
        ..Draft::default()
    };
    let mut f = Flow::new("brukerradet-helse-x", Lang::Nb, ID.into(), Some(draft));
    assert_eq!(f.form.title, "Ventetid");
    assert_eq!(f.notice, Some(Notice::DraftRestored));
    assert!(f.draft_stored);
    assert_eq!(
        f.reduce(Action::ClearDraft),
        [Effect::DeleteDraft, Effect::Focus(Focus::Notice)]
    );
    assert_eq!(f.form, Default::default());
    assert_eq!(f.notice, Some(Notice::DraftCleared));
    f.reduce(Action::Input("title", "Ny".into()));
    assert_eq!(f.notice, None);
}

#[test]
fn contact_without_consent_stops_at_the_consent_error() {
    let mut f = filled();
    f.reduce(Action::WantsContact(true));
    f.reduce(Action::Input("contact.email", "kari@example.no".into()));
    f.reduce(Action::Review);
    let fields: Vec<_> = f.errors.iter().map(|e| e.field).collect();
    assert_eq!(fields, ["contact.consent"]);
    f.reduce(Action::Consent(true));
    assert!(f.errors.is_empty());
    f.reduce(Action::Review);
    let sub = sent(&send(&mut f, TS)).clone();
    let c = sub.contact.expect("contact sent with consent");
    assert!(c.consent);
    assert_eq!(c.email.as_deref(), Some("kari@example.no"));
}

fn attrs<'a>(endpoint: &'a str, format: Option<&'a str>) -> Attrs<'a> {
    Attrs {
        endpoint: Some(endpoint),
        council: Some("brukerradet-helse-x"),
        format,
        service_code: Some("brukerrad-sak"),
        ..Attrs::default()
    }
}

#[test]
fn configuration_is_checked_with_the_attribute_at_fault() {
    let check = |a: Attrs<'_>| Config::parse(a).map_err(|e| e.attribute);
    assert_eq!(check(Attrs::default()), Err("endpoint"));
    assert_eq!(check(attrs("ftp://x/y", None)), Err("endpoint"));
    assert_eq!(
        check(attrs("/api/v1/cases", Some("open-311"))),
        Err("format")
    );
    let mut a = attrs("/api/v1/cases", None);
    a.council = Some("Brukerrådet");
    assert_eq!(check(a), Err("council"));
    // A status lookup needs no council.
    a.mode = Some("status");
    assert_eq!(check(a).map(|c| c.mode), Ok(Mode::Status));
    // A mapping may stand in for `endpoint`, but only for what this mode does.
    let mapped = |mode, submit, status| {
        Config::parse(Attrs {
            council: Some("brukerradet-helse-x"),
            mode,
            mapped_submit: submit,
            mapped_status: status,
            ..Attrs::default()
        })
        .map(|c| c.can_look_up(status))
        .map_err(|e| e.attribute)
    };
    assert_eq!(mapped(None, true, false), Ok(false));
    assert_eq!(mapped(None, true, true), Ok(true));
    assert_eq!(mapped(None, false, true), Err("endpoint"));
    assert_eq!(mapped(Some("status"), false, true), Ok(true));
    assert_eq!(mapped(Some("status"), true, false), Err("endpoint"));
    a.mode = Some("list");
    assert_eq!(check(a), Err("mode"));
    let mut a = attrs("/open311/v2/", Some("open311"));
    a.service_code = None;
    assert_eq!(check(a), Err("service-code"));
}

#[test]
fn urls_and_bodies_follow_the_format() {
    let native = Config::parse(attrs("https://x.no/api/v1/cases/", None)).unwrap();
    assert_eq!(native.format, Format::Native);
    assert_eq!(native.post_url(), "https://x.no/api/v1/cases");
    assert_eq!(
        native.status_url(" br-2026-0042 ").as_deref(),
        Some("https://x.no/api/v1/cases/BR-2026-0042")
    );
    assert_eq!(native.status_url("BR-2026-42"), None);
    assert_eq!(
        native.read_receipt(r#"{"receipt":"BR-2026-0042","status":"received"}"#),
        Some(("BR-2026-0042".into(), None))
    );

    let mut a = attrs("/open311/v2", Some("open311"));
    a.council_name = Some("Brukerrådet i Helse X");
    let o = Config::parse(a).unwrap();
    assert_eq!(o.post_url(), "/open311/v2/requests.json");
    assert_eq!(
        o.status_url("BR-2026-0042").as_deref(),
        Some("/open311/v2/requests/BR-2026-0042.json")
    );
    assert_eq!(o.status_url("  "), None);
    assert_eq!(
        o.read_receipt(r#"[{"service_request_id":"638344","service_notice":"Takk"}]"#),
        Some(("638344".into(), Some("Takk".into())))
    );
    let mut f = filled();
    f.reduce(Action::Review);
    let sub = sent(&send(&mut f, TS)).clone();
    let (body, form) = o.body(&sub, Lang::Nn);
    assert!(form);
    assert!(body.starts_with("service_code=brukerrad-sak&"), "{body}");
    // No "where": the council's name stands in as the address.
    assert!(
        body.contains("address_string=Brukerr%C3%A5det+i+Helse+X"),
        "{body}"
    );
    let (json, form) = native.body(&sub, Lang::Nn);
    assert!(!form);
    assert!(json.contains(r#""caseId":"8f0c6a52-2f7e-4c1e-9a3b-1d2e3f4a5b6c""#));
}

#[test]
fn field_ids_are_valid_html_ids() {
    assert_eq!(field_id("proposer.role"), "mvc-proposer-role");
    assert_eq!(field_id("title"), "mvc-title");
}

#[test]
fn a_send_the_host_page_takes_over_ends_without_a_receipt_and_ignores_late_answers() {
    let mut f = filled();
    // Not sending yet: nothing to take over.
    assert!(f.reduce(Action::TakenOver).is_empty());
    f.reduce(Action::Review);
    send(&mut f, TS);
    let fx = f.reduce(Action::TakenOver);
    assert_eq!(fx, [Effect::DeleteDraft, Effect::Focus(Focus::Receipt)]);
    assert_eq!((f.step.clone(), f.net), (Step::TakenOver, Net::Idle));
    assert!(f.finished() && !f.draft_stored);
    assert!(f.reduce(Action::Change("title")).is_empty());
    assert!(f.reduce(Action::Retry).is_empty());
    assert!(
        f.reduce(Action::Succeeded {
            receipt: "BR-2026-0043".into(),
            notice: None
        })
        .is_empty()
    );
    assert_eq!(f.step, Step::TakenOver);
}

#[test]
fn a_queued_send_cannot_be_taken_over() {
    let mut f = filled();
    f.reduce(Action::Review);
    send(&mut f, TS);
    f.reduce(Action::Queued);
    assert!(f.reduce(Action::TakenOver).is_empty());
    assert_eq!((f.step.clone(), f.net), (Step::Review, Net::Queued));
}
