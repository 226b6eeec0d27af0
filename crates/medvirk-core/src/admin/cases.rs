//! The case inbox's decisions: a lifecycle form as typed becomes a checked transition, a stale
//! form is told apart from a wrong one, and errors are tied to the form field they belong to.
//!
//! The rules themselves are `case_form::lifecycle::transition`, shared with the JSON admin API;
//! this module only reads what a person typed (a meeting date as `14.05.2026` too) and says in
//! their language what to fix.

use super::cases_texts::CasesTexts;
use crate::case_form::lifecycle::{
    PUBLIC_ANSWER_MAX_CHARS, REASON_MAX_CHARS, Transition, TransitionRequest, transition,
};
use crate::case_form::{CaseStatus, FieldError};
use crate::directory::Date;
use crate::directory::upkeep::parse_date_input;

/// A lifecycle form as posted: every value as text, as the browser sent it.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct TransitionForm {
    /// The status the page showed when the person opened it (wire name).
    pub from: String,
    /// The status to move to (wire name).
    pub to: String,
    pub meeting_date: String,
    pub public_answer: String,
    pub reason: String,
}

/// An error with the `id` of the form field it belongs to, for the summary's link.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct FormError {
    /// `meeting-date`, `public-answer`, `reason`, or `actions` for the move itself.
    pub field: &'static str,
    pub message: String,
}

/// What to do with a posted lifecycle form.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Checked {
    /// Store this (if the case is still at `from`).
    Accepted(Transition),
    /// The case moved since the page was shown: re-show it with what was typed.
    Stale,
    Invalid(Vec<FormError>),
}

/// The form field's `id` for a wire field of `TransitionRequest`.
pub fn field_id(wire_field: &str) -> &'static str {
    match wire_field {
        "meetingDate" => "meeting-date",
        "publicAnswer" => "public-answer",
        "reason" => "reason",
        _ => "actions",
    }
}

/// A meeting date as typed, in the form core's lifecycle reads: `14.05.2026` becomes
/// `2026-05-14`; a partial or unreadable date is passed on as typed for the lifecycle to refuse.
fn meeting_date(typed: &str) -> Option<String> {
    let typed = typed.trim();
    if typed.is_empty() {
        return None;
    }
    Some(
        parse_date_input(typed)
            .and_then(|d| Date::new(d.year, d.month?, d.day?))
            .map_or_else(|| typed.to_owned(), |d| d.to_string()),
    )
}

/// The message for a lifecycle error, in the texts' language.
pub fn message(t: &CasesTexts, e: &FieldError) -> String {
    match (e.code, e.field) {
        ("required", "meetingDate") => t.err_meeting_date_required.into(),
        ("invalid_date", _) => t.err_meeting_date_invalid.into(),
        ("required", "publicAnswer") => t.err_public_answer_required.into(),
        ("required", "reason") => t.err_reason_required.into(),
        ("too_long", "publicAnswer") => t
            .err_too_long
            .replace("{max}", &PUBLIC_ANSWER_MAX_CHARS.to_string()),
        ("too_long", _) => t
            .err_too_long
            .replace("{max}", &REASON_MAX_CHARS.to_string()),
        _ => t.err_invalid_transition.into(),
    }
}

/// Checks a posted form against the case's `current` status.
pub fn check(t: &CasesTexts, current: CaseStatus, form: &TransitionForm) -> Checked {
    if CaseStatus::from_wire(form.from.trim()) != Some(current) {
        return Checked::Stale;
    }
    let Some(to) = CaseStatus::from_wire(form.to.trim()) else {
        return Checked::Invalid(vec![FormError {
            field: "actions",
            message: t.err_invalid_transition.into(),
        }]);
    };
    let req = TransitionRequest {
        status: to,
        meeting_date: meeting_date(&form.meeting_date),
        public_answer: Some(form.public_answer.clone()),
        reason: Some(form.reason.clone()),
    };
    match transition(current, &req) {
        Ok(accepted) => Checked::Accepted(accepted),
        Err(e) => Checked::Invalid(vec![FormError {
            field: field_id(e.field),
            message: message(t, &e),
        }]),
    }
}

/// How many of `statuses` are at each status, in lifecycle order, zeros included.
pub fn status_counts(statuses: impl IntoIterator<Item = CaseStatus>) -> Vec<(CaseStatus, usize)> {
    let mut counts: Vec<(CaseStatus, usize)> = CaseStatus::ALL.iter().map(|&s| (s, 0)).collect();
    for s in statuses {
        if let Some(c) = counts.iter_mut().find(|(k, _)| *k == s) {
            c.1 += 1;
        }
    }
    counts
}

/// The label of the button that moves a case from `from` to `to`.
pub fn action_label(t: &CasesTexts, from: CaseStatus, to: CaseStatus) -> &'static str {
    match to {
        CaseStatus::BeingAssessed => t.to_being_assessed,
        CaseStatus::OnAgenda if from == CaseStatus::OnAgenda => t.to_on_agenda_again,
        CaseStatus::OnAgenda => t.to_on_agenda,
        CaseStatus::Discussed => t.to_discussed,
        CaseStatus::Decided => t.to_decided,
        CaseStatus::NotTakenUp => t.to_not_taken_up,
        CaseStatus::Closed | CaseStatus::Received => t.to_closed,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::admin::cases_texts::cases_texts;
    use crate::lang::Lang;

    fn form(from: &str, to: &str) -> TransitionForm {
        TransitionForm {
            from: from.into(),
            to: to.into(),
            ..TransitionForm::default()
        }
    }

    #[test]
    fn a_nordic_meeting_date_is_accepted_as_iso() {
        let t = cases_texts(Lang::Nb);
        let f = TransitionForm {
            meeting_date: " 14.5.2026 ".into(),
            ..form("received", "on_agenda")
        };
        let Checked::Accepted(tr) = check(t, CaseStatus::Received, &f) else {
            panic!("accepted");
        };
        assert_eq!(tr.meeting_date.as_deref(), Some("2026-05-14"));
        assert_eq!(
            tr.public_answer, None,
            "details of other statuses are dropped"
        );
    }

    #[test]
    fn errors_name_their_field_in_the_persons_language() {
        let check_one =
            |lang, f: TransitionForm| match check(cases_texts(lang), CaseStatus::Received, &f) {
                Checked::Invalid(e) => (e[0].field, e[0].message.clone()),
                other => panic!("{other:?}"),
            };
        assert_eq!(
            check_one(Lang::En, form("received", "on_agenda")),
            ("meeting-date", "Enter the meeting date".to_owned())
        );
        let bad = TransitionForm {
            meeting_date: "31.02.2026".into(),
            ..form("received", "on_agenda")
        };
        assert_eq!(check_one(Lang::Nn, bad).0, "meeting-date");
        assert_eq!(
            check_one(Lang::Sv, form("received", "not_taken_up")),
            ("reason", "Skriv varför ärendet inte tas upp".to_owned())
        );
        let long = TransitionForm {
            reason: "x".repeat(REASON_MAX_CHARS + 1),
            ..form("received", "not_taken_up")
        };
        assert!(check_one(Lang::En, long).1.contains("2000"));
        assert_eq!(
            check_one(Lang::Nb, form("received", "decided")).0,
            "actions"
        );
        assert_eq!(check_one(Lang::Nb, form("received", "bogus")).0, "actions");
    }

    #[test]
    fn a_form_from_an_older_page_is_stale_not_wrong() {
        let t = cases_texts(Lang::En);
        let f = TransitionForm {
            reason: "Belongs to the county.".into(),
            ..form("received", "not_taken_up")
        };
        assert_eq!(check(t, CaseStatus::BeingAssessed, &f), Checked::Stale);
        assert_eq!(
            check(t, CaseStatus::Received, &form("", "closed")),
            Checked::Stale
        );
    }

    #[test]
    fn counts_cover_every_status_in_order() {
        let counts = status_counts([
            CaseStatus::Closed,
            CaseStatus::Received,
            CaseStatus::Received,
        ]);
        assert_eq!(counts.len(), CaseStatus::ALL.len());
        assert_eq!(counts[0], (CaseStatus::Received, 2));
        assert_eq!(counts[1], (CaseStatus::BeingAssessed, 0));
        assert_eq!(counts[5], (CaseStatus::Closed, 1));
    }

    #[test]
    fn every_allowed_move_has_a_distinct_button() {
        let t = cases_texts(Lang::Nb);
        for from in CaseStatus::ALL {
            let labels: Vec<_> = from
                .next()
                .iter()
                .map(|&to| action_label(t, from, to))
                .collect();
            let mut unique = labels.clone();
            unique.dedup();
            assert_eq!(labels, unique, "{from:?}");
        }
        assert_ne!(
            action_label(t, CaseStatus::Received, CaseStatus::OnAgenda),
            action_label(t, CaseStatus::OnAgenda, CaseStatus::OnAgenda)
        );
    }
}
