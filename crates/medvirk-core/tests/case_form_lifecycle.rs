//! The council's handling of a case: which status changes are allowed and what each needs,
//! and the receipt codes people use to follow their case.

use medvirk_core::case_form::lifecycle::is_iso_date;
use medvirk_core::case_form::{
    CaseStatus, Receipt, Transition, TransitionRequest, format_receipt, parse_receipt, transition,
};

use CaseStatus::*;

fn req(to: CaseStatus) -> TransitionRequest {
    TransitionRequest {
        status: to,
        meeting_date: None,
        public_answer: None,
        reason: None,
    }
}

/// The one helper the transition tables go through: the outcome as `Ok(to)` or the error's
/// (field, code).
fn check(from: CaseStatus, request: &TransitionRequest, want: Result<CaseStatus, (&str, &str)>) {
    let got = transition(from, request)
        .map(|t| t.to)
        .map_err(|e| (e.field, e.code));
    assert_eq!(got, want, "{from:?} -> {request:?}");
}

/// A request that carries whatever detail its target needs.
fn complete(to: CaseStatus) -> TransitionRequest {
    TransitionRequest {
        meeting_date: Some("2026-04-21".into()),
        public_answer: Some("Rådet anbefaler faste timer.".into()),
        reason: Some("Gjelder én pasient.".into()),
        ..req(to)
    }
}

#[test]
fn allowed_moves_match_the_documented_lifecycle() {
    let allowed: &[(CaseStatus, &[CaseStatus])] = &[
        (Received, &[BeingAssessed, OnAgenda, NotTakenUp]),
        (BeingAssessed, &[OnAgenda, NotTakenUp]),
        (OnAgenda, &[OnAgenda, Discussed]),
        (Discussed, &[Decided]),
        (Decided, &[Closed]),
        (NotTakenUp, &[Closed]),
        (Closed, &[]),
    ];
    for &(from, to) in allowed {
        assert_eq!(from.next(), to, "{from:?}");
        for target in CaseStatus::ALL {
            let want = if to.contains(&target) {
                Ok(target)
            } else {
                Err(("status", "invalid_transition"))
            };
            check(from, &complete(target), want);
        }
    }
}

#[test]
fn each_stage_demands_its_detail() {
    check(Received, &req(OnAgenda), Err(("meetingDate", "required")));
    let blank = TransitionRequest {
        meeting_date: Some("  ".into()),
        ..req(OnAgenda)
    };
    check(Received, &blank, Err(("meetingDate", "required")));
    for bad in [
        "21.04.2026",
        "2026-4-21",
        "2026-02-29",
        "2026-13-01",
        "2026-04-31",
        "0000-01-01",
    ] {
        let r = TransitionRequest {
            meeting_date: Some(bad.into()),
            ..req(OnAgenda)
        };
        check(BeingAssessed, &r, Err(("meetingDate", "invalid_date")));
    }
    check(Discussed, &req(Decided), Err(("publicAnswer", "required")));
    check(Received, &req(NotTakenUp), Err(("reason", "required")));
    let long = TransitionRequest {
        public_answer: Some("x".repeat(4001)),
        ..req(Decided)
    };
    check(Discussed, &long, Err(("publicAnswer", "too_long")));
    let long = TransitionRequest {
        reason: Some("x".repeat(2001)),
        ..req(NotTakenUp)
    };
    check(BeingAssessed, &long, Err(("reason", "too_long")));
    // No detail is needed to be assessed, discussed or closed.
    check(Received, &req(BeingAssessed), Ok(BeingAssessed));
    check(OnAgenda, &req(Discussed), Ok(Discussed));
    check(Decided, &req(Closed), Ok(Closed));
}

#[test]
fn only_the_detail_of_the_new_stage_is_kept_and_trimmed() {
    let t = transition(
        Received,
        &TransitionRequest {
            meeting_date: Some(" 2028-02-29 ".into()),
            ..complete(OnAgenda)
        },
    )
    .unwrap();
    assert_eq!(
        t,
        Transition {
            from: Received,
            to: OnAgenda,
            meeting_date: Some("2028-02-29".into()),
            public_answer: None,
            reason: None,
        }
    );
    let t = transition(Discussed, &complete(Decided)).unwrap();
    assert_eq!(
        (t.meeting_date, t.public_answer.as_deref(), t.reason),
        (None, Some("Rådet anbefaler faste timer."), None)
    );
    let t = transition(BeingAssessed, &complete(NotTakenUp)).unwrap();
    assert_eq!(t.reason.as_deref(), Some("Gjelder én pasient."));
    assert_eq!(t.public_answer, None);
}

#[test]
fn iso_dates() {
    for ok in ["2026-04-21", "2024-02-29", "2000-02-29", "1999-12-31"] {
        assert!(is_iso_date(ok), "{ok}");
    }
    for bad in [
        "1900-02-29",
        "2026-00-10",
        "2026-01-00",
        "2026-01-1x",
        "",
        "2026-01-01T00:00",
    ] {
        assert!(!is_iso_date(bad), "{bad}");
    }
}

#[test]
fn statuses_have_stable_wire_names() {
    let names: Vec<&str> = CaseStatus::ALL.iter().map(|s| s.wire()).collect();
    assert_eq!(
        names,
        [
            "received",
            "being_assessed",
            "on_agenda",
            "discussed",
            "decided",
            "closed",
            "not_taken_up"
        ]
    );
    for s in CaseStatus::ALL {
        assert_eq!(CaseStatus::from_wire(s.wire()), Some(s));
    }
    for bad in ["Received", "open", "", "being-assessed"] {
        assert_eq!(CaseStatus::from_wire(bad), None, "{bad}");
    }
    // The server's serde derives use the same names.
    for s in CaseStatus::ALL {
        assert_eq!(
            serde_json::to_string(&s).unwrap(),
            format!("\"{}\"", s.wire())
        );
    }
}

#[test]
fn receipt_codes_are_formatted_with_at_least_four_digits() {
    let cases: &[(u16, u32, &str)] = &[
        (2026, 1, "BR-2026-0001"),
        (2026, 42, "BR-2026-0042"),
        (2026, 9999, "BR-2026-9999"),
        (2026, 10000, "BR-2026-10000"),
        (2031, u32::MAX, "BR-2031-4294967295"),
    ];
    for &(year, seq, code) in cases {
        assert_eq!(format_receipt(year, seq), code);
        assert_eq!(parse_receipt(code), Some(Receipt { year, seq }), "{code}");
        assert_eq!(Receipt { year, seq }.code(), code);
    }
}

#[test]
fn receipt_codes_are_read_as_people_type_them_and_nothing_else() {
    let want = Some(Receipt {
        year: 2026,
        seq: 42,
    });
    for typed in [
        "BR-2026-0042",
        "br-2026-0042",
        " Br-2026-0042\n",
        "\tbR-2026-0042 ",
    ] {
        assert_eq!(parse_receipt(typed), want, "{typed:?}");
    }
    for bad in [
        "",
        "BR",
        "BR-2026",
        "BR-2026-",
        "BR-2026-42",
        "BR-2026-00042",
        "BR-2026-0000",
        "BR-26-0042",
        "BR-0226-0042",
        "BR-20260-0042",
        "BR 2026 0042",
        "BR-2026–0042",
        "BR2026-0042",
        "XR-2026-0042",
        "BR-2026-0042-1",
        "BR-2026-+042",
        "BR-2026-4294967296",
        "BR-２０２６-0042",
        "B R-2026-0042",
        "ÅR-2026-0042",
    ] {
        assert_eq!(parse_receipt(bad), None, "{bad:?}");
    }
}
