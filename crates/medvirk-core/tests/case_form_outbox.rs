//! The case form with the outbox: a queued case freezes the form, counts once, and its receipt
//! arrives later — also after a reload, when the form resumes the case still waiting.

use medvirk_core::case_form::flow::{Action, Effect, Focus, Net, Step};
use medvirk_core::case_form::{Flow, Role};
use medvirk_core::lang::Lang;
use medvirk_core::smiley::Failure;

const ID: &str = "8f0c6a52-2f7e-4c1e-9a3b-1d2e3f4a5b6c";
const FRESH: &str = "0b9d2f7a-6c1e-4d3b-8a2f-9e8d7c6b5a41";
const TS: &str = "2026-03-01T12:30:00.000Z";

fn reviewed() -> Flow {
    let mut f = Flow::new("brukerradet-helse-x", Lang::Nb, ID.into(), None);
    f.reduce(Action::Input("title", "Ventetid".into()));
    f.reduce(Action::Input("why", "Lang kø".into()));
    f.reduce(Action::Role(Role::ServiceUser));
    f.reduce(Action::Review);
    f
}

fn send(f: &mut Flow) -> Vec<Effect> {
    f.reduce(Action::Send {
        fresh_id: FRESH.into(),
        client_timestamp: TS.into(),
        elapsed_ms: Some(60_000),
    })
}

#[test]
fn a_queued_case_freezes_the_form_and_its_receipt_arrives_later() {
    let mut f = reviewed();
    assert_eq!(send(&mut f).len(), 1);
    f.reduce(Action::Queued);
    assert!(f.queued() && !f.sending());
    // Nothing sends again or changes the case while it waits: no second case, no 409.
    for action in [
        Action::Send {
            fresh_id: FRESH.into(),
            client_timestamp: TS.into(),
            elapsed_ms: Some(60_000),
        },
        Action::Retry,
        Action::Back,
        Action::Change("title"),
        Action::ClearDraft,
    ] {
        assert_eq!(f.reduce(action.clone()), [], "{action:?}");
        assert_eq!((f.step.clone(), f.net), (Step::Review, Net::Queued));
    }
    assert_eq!(f.case_id(), ID);
    let fx = f.reduce(Action::Succeeded {
        receipt: "K-7".into(),
        notice: None,
    });
    assert_eq!(fx, [Effect::DeleteDraft, Effect::Focus(Focus::Receipt)]);
    assert!(matches!(f.step, Step::Sent { ref receipt, .. } if receipt == "K-7"));
}

#[test]
fn a_queued_case_the_server_refuses_shows_the_failure() {
    let mut f = reviewed();
    send(&mut f);
    f.reduce(Action::Queued);
    f.reduce(Action::Failed(Failure::Status(409)));
    assert_eq!(f.net, Net::Failed(Failure::Status(409)));
    // Queued only answers a send in flight.
    f.reduce(Action::Queued);
    assert_eq!(f.net, Net::Failed(Failure::Status(409)));
}

#[test]
fn after_a_reload_the_form_resumes_the_waiting_case() {
    let mut f = Flow::new("brukerradet-helse-x", Lang::Nb, FRESH.into(), None);
    assert_eq!(
        f.reduce(Action::Resume { case_id: ID.into() }),
        [Effect::Focus(Focus::ReviewHeading)]
    );
    assert_eq!(
        (f.step.clone(), f.net, f.case_id()),
        (Step::Review, Net::Queued, ID)
    );
    f.reduce(Action::Succeeded {
        receipt: "K-8".into(),
        notice: None,
    });
    assert!(matches!(f.step, Step::Sent { .. }));
    // A sent form does not resume an old case.
    assert_eq!(f.reduce(Action::Resume { case_id: ID.into() }), []);
}
