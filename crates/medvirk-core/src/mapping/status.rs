//! The case form's `status` section: how `<medvirk-case-form>` reads a case's status from another
//! backend by the receipt the person typed (`mode="status"`, and the lookup under a receipt).
//!
//! ```json
//! "status": {
//!   "url": "https://forms.example.com/f/brukerrad-nord/submissions/{receipt}",
//!   "headers": { "Authorization": "Bearer public-form-token" },
//!   "view": { "status": "$/state", "receivedAt": "$/created", "publicAnswer": "$/reply/text" },
//!   "statuses": { "new": "received", "in_review": "being_assessed", "answered": "decided" }
//! }
//! ```
//!
//! `view` is a template per field of our public status view (`CaseStatusView`), with references
//! into their answer; `statuses` translates their status words into ours. What comes out is
//! exactly what our own server would show, so the widget renders it the same way. A status word
//! that neither `statuses` nor our own names know is an error, never a guessed stage: a person
//! must not read "decided" for a case that is not.

use super::template::{Template, push_text, push_token};
use super::{
    MappingError, Obj, Request, UrlPart, fields, fill_url, parse_headers, parse_template,
    parse_url, unknown_field,
};
use crate::case_form::{CaseStatus, CaseStatusView, HistoryEntry};
use crate::json_value::{self, Value};

/// How a case status is read from another backend.
#[derive(Clone, Debug, PartialEq)]
pub struct StatusRead {
    url: Vec<UrlPart>,
    pub headers: Vec<(String, String)>,
    /// Our field → template over their answer.
    view: Vec<(String, Template)>,
    /// Their status word → ours.
    statuses: Vec<(String, CaseStatus)>,
}

const STATUS: &[&str] = &["url", "headers", "view", "statuses"];

/// The only placeholder of a status URL: the code the person typed.
const RECEIPT: &[&str] = &["/receipt"];

impl StatusRead {
    pub(super) fn parse(v: &Value, path: &str) -> Result<StatusRead, MappingError> {
        let o = Obj::open(v, path, STATUS)?;
        let url_text = o
            .str("url")?
            .ok_or_else(|| MappingError::new(path, "missing \"url\""))?;
        let url = parse_url(url_text, &o.at("url"), RECEIPT)?;
        if !url.iter().any(|p| matches!(p, UrlPart::Ref(_))) {
            return Err(MappingError::new(
                &o.at("url"),
                "must contain {receipt}, where the code the person typed goes",
            ));
        }
        let headers = parse_headers(o.get("headers"), &o.at("headers"))?;
        let view_v = o.get("view").ok_or_else(|| {
            MappingError::new(
                path,
                "missing \"view\" (our status fields from their answer)",
            )
        })?;
        let Template::Object(view) = parse_template(view_v, &o.at("view"))? else {
            return Err(MappingError::new(
                &o.at("view"),
                "expected an object of our fields",
            ));
        };
        for (k, _) in &view {
            if !fields::STATUS_VIEW.contains(&k.as_str()) {
                return Err(unknown_field(&o.at("view"), k, fields::STATUS_VIEW));
            }
        }
        for required in ["status", "receivedAt"] {
            if !view.iter().any(|(k, _)| k == required) {
                return Err(MappingError::new(
                    &o.at("view"),
                    ["missing our required field \"", required, "\""].concat(),
                ));
            }
        }
        let mut statuses = Vec::new();
        if let Some(s) = o.get("statuses") {
            let members = s.as_object().ok_or_else(|| {
                MappingError::new(
                    &o.at("statuses"),
                    ["expected an object, found ", s.type_name()].concat(),
                )
            })?;
            for (theirs, ours) in members {
                let mut at = o.at("statuses");
                push_token(&mut at, theirs);
                let word = ours.as_str().unwrap_or_default();
                let Some(status) = CaseStatus::from_wire(word) else {
                    let names: Vec<&str> = CaseStatus::ALL.iter().map(|c| c.wire()).collect();
                    let mut msg = String::from("not one of our statuses (");
                    msg.push_str(&names.join(", "));
                    msg.push(')');
                    if let Some(s) = fields::suggest(&names, word) {
                        msg.push_str("; did you mean \"");
                        msg.push_str(s);
                        msg.push_str("\"?");
                    }
                    return Err(MappingError::new(&at, msg));
                };
                statuses.push((theirs.clone(), status));
            }
        }
        Ok(StatusRead {
            url,
            headers,
            view,
            statuses,
        })
    }

    /// The GET request for the code the person typed (trimmed; percent-encoded into the URL).
    /// `None` for an empty code: there is nothing to look up.
    pub fn request(&self, typed: &str) -> Option<Request> {
        let code = typed.trim();
        if code.is_empty() {
            return None;
        }
        let source = Value::Object(vec![("receipt".to_owned(), Value::String(code.to_owned()))]);
        Some(Request {
            method: "GET".to_owned(),
            url: fill_url(&self.url, &source),
            headers: self.headers.clone(),
            body: None,
            content_type: None,
        })
    }

    /// Reads their (2xx) answer for `typed` as our public view. The error says what is missing
    /// or unknown, for the console; the person sees "could not read the status".
    pub fn view(&self, typed: &str, answer: &str) -> Result<CaseStatusView, String> {
        let theirs =
            json_value::parse(answer).map_err(|_| "the answer is not valid JSON".to_owned())?;
        let text = |field: &str| -> Option<String> {
            let (_, t) = self.view.iter().find(|(k, _)| k == field)?;
            let mut s = String::new();
            push_text(&mut s, &t.eval(&theirs)?);
            let s = s.trim();
            (!s.is_empty()).then(|| s.to_owned())
        };
        let word = text("status").ok_or("no status in the answer")?;
        let status = self
            .statuses
            .iter()
            .find(|(k, _)| *k == word)
            .map(|(_, s)| *s)
            .or_else(|| CaseStatus::from_wire(&word))
            .ok_or_else(|| {
                [
                    "unknown status \"",
                    &word,
                    "\" in the answer; add it to /status/statuses",
                ]
                .concat()
            })?;
        let received_at = text("receivedAt").ok_or("no receivedAt in the answer")?;
        let updated_at = text("updatedAt").unwrap_or_else(|| received_at.clone());
        // Their own history is not mapped: what we know is when it came and where it is now.
        let mut history = vec![HistoryEntry {
            status: CaseStatus::Received,
            at: received_at.clone(),
        }];
        if status != CaseStatus::Received {
            history.push(HistoryEntry {
                status,
                at: updated_at.clone(),
            });
        }
        Ok(CaseStatusView {
            receipt: text("receipt").unwrap_or_else(|| typed.trim().to_owned()),
            status,
            status_label: text("statusLabel"),
            received_at,
            updated_at,
            meeting_date: text("meetingDate"),
            public_answer: text("publicAnswer"),
            reason: text("reason"),
            history,
        })
    }
}
