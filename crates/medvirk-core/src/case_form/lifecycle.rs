//! The council's stages for a case and the moves between them.
//!
//! received → being assessed → on the agenda (meeting date) → discussed → decided (answer)
//! → closed; or, early on, not taken up (reason) → closed.
//!
//! Skipping: only "being assessed" may be skipped (received → on the agenda). Assessment is the
//! secretariat's internal step, and small councils put clear cases straight on the next agenda.
//! Every later step is something the proposer is promised to see happen: the meeting date, the
//! meeting, the answer. Skipping them would leave a public history that says a council decided
//! without ever meeting, so they may not be skipped, and nothing closes without an answer or a
//! reason. A case already on the agenda may be put on it again with a new date, because
//! meetings move. Nothing moves backwards: a correction is a new, honest step, not a rewrite.

use super::check::{FieldError, given};

/// Where a case is in the council's handling.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "serde", serde(rename_all = "snake_case"))]
pub enum CaseStatus {
    Received,
    BeingAssessed,
    OnAgenda,
    Discussed,
    Decided,
    Closed,
    NotTakenUp,
}

impl CaseStatus {
    /// Every status, in lifecycle order.
    pub const ALL: [CaseStatus; 7] = [
        CaseStatus::Received,
        CaseStatus::BeingAssessed,
        CaseStatus::OnAgenda,
        CaseStatus::Discussed,
        CaseStatus::Decided,
        CaseStatus::Closed,
        CaseStatus::NotTakenUp,
    ];

    /// The name on the wire.
    pub fn wire(self) -> &'static str {
        match self {
            CaseStatus::Received => "received",
            CaseStatus::BeingAssessed => "being_assessed",
            CaseStatus::OnAgenda => "on_agenda",
            CaseStatus::Discussed => "discussed",
            CaseStatus::Decided => "decided",
            CaseStatus::Closed => "closed",
            CaseStatus::NotTakenUp => "not_taken_up",
        }
    }

    /// Reads a wire name; exact match only.
    pub fn from_wire(s: &str) -> Option<CaseStatus> {
        CaseStatus::ALL.into_iter().find(|c| c.wire() == s)
    }

    /// The statuses a case may move to from this one, for the admin's choices.
    pub fn next(self) -> &'static [CaseStatus] {
        use CaseStatus::*;
        match self {
            Received => &[BeingAssessed, OnAgenda, NotTakenUp],
            BeingAssessed => &[OnAgenda, NotTakenUp],
            OnAgenda => &[OnAgenda, Discussed],
            Discussed => &[Decided],
            Decided | NotTakenUp => &[Closed],
            Closed => &[],
        }
    }
}

/// One step in a case's history.
#[derive(Clone, Debug, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "serde", serde(deny_unknown_fields))]
pub struct HistoryEntry {
    pub status: CaseStatus,
    /// RFC 3339, stamped by the server.
    pub at: String,
}

/// An administrator's request to move a case: `PATCH`-like body of the admin API.
#[derive(Clone, Debug, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(
    feature = "serde",
    serde(deny_unknown_fields, rename_all = "camelCase")
)]
pub struct TransitionRequest {
    pub status: CaseStatus,
    /// Required for `on_agenda`: `YYYY-MM-DD`.
    #[cfg_attr(feature = "serde", serde(default))]
    pub meeting_date: Option<String>,
    /// Required for `decided`: the decision or advice, written for the public.
    #[cfg_attr(feature = "serde", serde(default))]
    pub public_answer: Option<String>,
    /// Required for `not_taken_up`: why, written for the public.
    #[cfg_attr(feature = "serde", serde(default))]
    pub reason: Option<String>,
}

/// An accepted move. Only the detail that belongs to the new status is set (trimmed); the
/// store keeps earlier details as they were, so a decided case still shows its meeting date.
/// Details sent for another status are dropped, never stored by accident.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Transition {
    pub from: CaseStatus,
    pub to: CaseStatus,
    pub meeting_date: Option<String>,
    pub public_answer: Option<String>,
    pub reason: Option<String>,
}

/// Longest public answer, in characters: a council's advice with its reasons, not the minutes.
pub const PUBLIC_ANSWER_MAX_CHARS: usize = 4000;
/// Longest reason for not taking a case up, in characters.
pub const REASON_MAX_CHARS: usize = 2000;

/// Checks a move from `current` and returns what to store.
pub fn transition(current: CaseStatus, req: &TransitionRequest) -> Result<Transition, FieldError> {
    if !current.next().contains(&req.status) {
        return Err(FieldError {
            code: "invalid_transition",
            field: "status",
            message: format!(
                "A case that is {} cannot become {}.",
                current.wire(),
                req.status.wire()
            ),
        });
    }
    let mut t = Transition {
        from: current,
        to: req.status,
        meeting_date: None,
        public_answer: None,
        reason: None,
    };
    match req.status {
        CaseStatus::OnAgenda => {
            let date = given(req.meeting_date.as_deref()).ok_or_else(|| required("meetingDate"))?;
            if !is_iso_date(date) {
                return Err(FieldError {
                    code: "invalid_date",
                    field: "meetingDate",
                    message: "meetingDate must be a real date written YYYY-MM-DD.".into(),
                });
            }
            t.meeting_date = Some(date.to_owned());
        }
        CaseStatus::Decided => {
            let answer =
                given(req.public_answer.as_deref()).ok_or_else(|| required("publicAnswer"))?;
            t.public_answer = Some(text(answer, "publicAnswer", PUBLIC_ANSWER_MAX_CHARS)?);
        }
        CaseStatus::NotTakenUp => {
            let reason = given(req.reason.as_deref()).ok_or_else(|| required("reason"))?;
            t.reason = Some(text(reason, "reason", REASON_MAX_CHARS)?);
        }
        _ => {}
    }
    Ok(t)
}

fn required(field: &'static str) -> FieldError {
    FieldError {
        code: "required",
        field,
        message: format!("{field} is required for this status."),
    }
}

fn text(v: &str, field: &'static str, max: usize) -> Result<String, FieldError> {
    if v.chars().count() > max {
        return Err(FieldError {
            code: "too_long",
            field,
            message: format!("{field} must be at most {max} characters."),
        });
    }
    Ok(v.to_owned())
}

/// Whether `s` is a real calendar date written `YYYY-MM-DD` (leap years included).
pub fn is_iso_date(s: &str) -> bool {
    let b = s.as_bytes();
    let num = |r: std::ops::Range<usize>| {
        b[r].iter().try_fold(0u32, |n, c| {
            c.is_ascii_digit().then(|| n * 10 + u32::from(c - b'0'))
        })
    };
    if b.len() != 10 || b[4] != b'-' || b[7] != b'-' {
        return false;
    }
    let (Some(y), Some(m), Some(d)) = (num(0..4), num(5..7), num(8..10)) else {
        return false;
    };
    let leap = y % 4 == 0 && (y % 100 != 0 || y % 400 == 0);
    let days = match m {
        2 if leap => 29,
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        1..=12 => 31,
        _ => return false,
    };
    y >= 1 && (1..=days).contains(&d)
}
