//! Open311 GeoReport v2 adapter: a case as a service request, and the answers back as ours.
//!
//! Pure mapping; the widget's client does the HTTP (form-encoded `POST requests.json`, then
//! `GET requests/{id}.json`). GeoReport v2 was made for potholes, so a case is carried twice:
//! every structured field as `attribute[...]` for systems set up with a matching service
//! definition, and a labelled plain-text `description` in the person's language for everyone
//! else, cut to the specification's 4000 characters. "Where" becomes `address_string`, because a
//! request needs a location and ours is a service or unit, not a map pin.
//!
//! Status: GeoReport v2 knows only `open` and `closed`, which cannot express a council's stages,
//! so the mapping is deliberately coarse and documented on [`status_view`].
//!
//! Responses are read with the strict `json_value` reader. The specification's own example
//! response writes `"service_code":006`, which is not JSON; a browser's `JSON.parse` refuses it
//! as well, so an endpoint answering like that is reported as [`Open311Error::Malformed`].

use super::texts::texts;
use super::{CaseStatus, CaseStatusView, CaseSubmission, HistoryEntry};
use crate::json_value::{self, Value};
use crate::lang::Lang;

/// The specification's limit for `description`, in characters.
pub const DESCRIPTION_MAX_CHARS: usize = 4000;

/// How the element is configured for an Open311 endpoint.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Open311Config {
    /// The service the municipality set up for council cases (attribute `service-code`).
    pub service_code: String,
    pub jurisdiction_id: Option<String>,
    pub api_key: Option<String>,
    /// Sent as `address_string` when "where" is empty, because many endpoints refuse a request
    /// without a location; typically the council's or the service's name.
    pub fallback_address: Option<String>,
}

/// The form fields of `POST requests.json` for `sub`, in a stable order.
///
/// Contact fields (`first_name`, `last_name`, `email`, `phone`) are included only when the case
/// has contact details with consent; empty optional fields are left out rather than sent empty,
/// since some endpoints validate attributes against their service definition.
pub fn open311_request(
    sub: &CaseSubmission,
    cfg: &Open311Config,
    lang: Lang,
) -> Vec<(String, String)> {
    let mut out: Vec<(String, String)> = Vec::with_capacity(20);
    let mut push = |k: &str, v: &str| {
        if !v.trim().is_empty() {
            out.push((k.to_owned(), v.trim().to_owned()));
        }
    };
    push("service_code", &cfg.service_code);
    push(
        "jurisdiction_id",
        cfg.jurisdiction_id.as_deref().unwrap_or(""),
    );
    push("api_key", cfg.api_key.as_deref().unwrap_or(""));
    let address = if sub.where_.trim().is_empty() {
        cfg.fallback_address.as_deref().unwrap_or("")
    } else {
        &sub.where_
    };
    push("address_string", address);
    push("description", &description(sub, lang));
    push("attribute[title]", &sub.title);
    push("attribute[why]", &sub.why);
    push("attribute[when]", &sub.when);
    push("attribute[solution]", &sub.solution);
    push("attribute[proposer_role]", sub.proposer.role.wire());
    push(
        "attribute[organisation]",
        sub.proposer.organisation.as_deref().unwrap_or(""),
    );
    push("attribute[council]", &sub.council);
    push("attribute[case_id]", &sub.case_id);
    if let Some(c) = sub.contact.as_ref().filter(|c| c.consent) {
        let (first, last) = split_name(c.name.as_deref().unwrap_or(""));
        push("first_name", first);
        push("last_name", last);
        push("email", c.email.as_deref().unwrap_or(""));
        push("phone", c.phone.as_deref().unwrap_or(""));
    }
    out
}

/// "Kari Nordmann" → ("Kari", "Nordmann"); "Ola Jakob Hansen" → ("Ola Jakob", "Hansen"):
/// Nordic names carry middle names with the given name, and the last word is the surname
/// in the great majority of cases. One word is a first name only.
fn split_name(name: &str) -> (&str, &str) {
    let name = name.trim();
    match name.rsplit_once(char::is_whitespace) {
        Some((first, last)) => (first.trim_end(), last),
        None => (name, ""),
    }
}

/// The labelled plain text for `description`: one "Label: value" line per filled-in field in
/// the person's language, cut to [`DESCRIPTION_MAX_CHARS`] on a character boundary with a marker.
pub fn description(sub: &CaseSubmission, lang: Lang) -> String {
    let t = texts(lang);
    let organisation = sub.proposer.organisation.as_deref().unwrap_or("");
    let lines = [
        (t.title.short, sub.title.as_str()),
        (t.why.short, &sub.why),
        (t.where_.short, &sub.where_),
        (t.when.short, &sub.when),
        (t.solution.short, &sub.solution),
        (t.role.short, t.role_label(sub.proposer.role)),
        (t.organisation.short, organisation),
    ];
    let mut out = String::new();
    for (label, value) in lines {
        let value = value.trim();
        if value.is_empty() {
            continue;
        }
        if !out.is_empty() {
            out.push('\n');
        }
        out.push_str(label);
        out.push_str(": ");
        out.push_str(value);
    }
    truncate(out, t.truncated)
}

fn truncate(mut s: String, marker: &str) -> String {
    if s.chars().count() <= DESCRIPTION_MAX_CHARS {
        return s;
    }
    // "…" and a space before the marker: room for them comes out of the text.
    let keep = DESCRIPTION_MAX_CHARS - marker.chars().count() - 2;
    let cut = s.char_indices().nth(keep).map_or(s.len(), |(i, _)| i);
    s.truncate(cut);
    s.push_str("… ");
    s.push_str(marker);
    s
}

/// `application/x-www-form-urlencoded` as browsers write it: `A-Z a-z 0-9 * - . _` as is,
/// space as `+`, every other byte of the UTF-8 as `%XX`.
pub fn form_urlencode(fields: &[(String, String)]) -> String {
    let mut out = String::new();
    for (i, (k, v)) in fields.iter().enumerate() {
        if i > 0 {
            out.push('&');
        }
        encode(&mut out, k, true);
        out.push('=');
        encode(&mut out, v, true);
    }
    out
}

/// The path of the status request for an id, relative to the endpoint's base:
/// `requests/{id}.json`, with the id percent-encoded as a path segment.
pub fn status_path(id: &str) -> String {
    let mut out = String::from("requests/");
    encode(&mut out, id, false);
    out.push_str(".json");
    out
}

fn encode(out: &mut String, s: &str, form: bool) {
    const HEX: &[u8; 16] = b"0123456789ABCDEF";
    for &b in s.as_bytes() {
        match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'.' | b'_' => out.push(char::from(b)),
            b'*' if form => out.push('*'),
            b'~' if !form => out.push('~'),
            b' ' if form => out.push('+'),
            _ => {
                out.push('%');
                out.push(char::from(HEX[usize::from(b >> 4)]));
                out.push(char::from(HEX[usize::from(b & 0xf)]));
            }
        }
    }
}

/// What an Open311 endpoint said instead of what we hoped for.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Open311Error {
    /// The endpoint's own errors (`[{"code": 400, "description": "..."}]`), descriptions joined
    /// with "; ". `code` is the first error's code, when it is a number.
    Service {
        code: Option<u64>,
        description: String,
    },
    /// A status request for an id the endpoint does not know (an empty array).
    NotFound,
    /// Not the JSON GeoReport v2 describes.
    Malformed,
}

/// The id an Open311 endpoint gave a new request.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Open311Receipt {
    /// `service_request_id`, or `token` for endpoints that create requests later.
    pub id: String,
    /// Whether `id` is a token: the status is then looked up by token until a request exists.
    pub is_token: bool,
    /// `service_notice`: what the municipality says will happen, shown with the receipt.
    pub notice: Option<String>,
}

/// Reads the answer to `POST requests.json`.
pub fn parse_post_response(body: &str) -> Result<Open311Receipt, Open311Error> {
    let v = json_value::parse(body).map_err(|_| Open311Error::Malformed)?;
    let items = items(&v)?;
    let first = items.first().ok_or(Open311Error::Malformed)?;
    if let Some(e) = service_error(items) {
        return Err(e);
    }
    let text = |key: &str| {
        first
            .get(key)
            .and_then(as_id)
            .map(str::trim)
            .filter(|s| !s.is_empty())
    };
    let notice = text("service_notice").map(str::to_owned);
    if let Some(id) = text("service_request_id") {
        return Ok(Open311Receipt {
            id: id.to_owned(),
            is_token: false,
            notice,
        });
    }
    match text("token") {
        Some(token) => Ok(Open311Receipt {
            id: token.to_owned(),
            is_token: true,
            notice,
        }),
        None => Err(Open311Error::Malformed),
    }
}

/// Reads the answer to `GET requests/{id}.json` as our public status view.
///
/// Mapping, coarse on purpose because GeoReport v2 has only `open` and `closed`:
/// - `open` that has not changed since it was requested (no `updated_datetime`, or the same as
///   `requested_datetime`) → `received`; `open` that was updated since → `being_assessed`,
///   the most that can be said honestly. A council on the agenda or discussed cannot be told
///   apart from that, so those stages never come from Open311.
/// - `closed` → `closed`, with `status_notes` as the public answer.
/// - Extended statuses some servers send (FixMyStreet's): `investigating`, `in_progress`,
///   `action_scheduled` → `being_assessed`; `not_councils_responsibility`, `duplicate`,
///   `unable_to_fix`, `no_further_action`, `wont_fix`, `internal_referral` → `not_taken_up`
///   with `status_notes` as the reason; `fixed` → `closed`. The server's word is kept as
///   `statusLabel`. Unknown statuses are read as `open`.
///
/// History: `received` at `requested_datetime`, then the current status at `updated_datetime`
/// when it differs. Only the first request of the array is read.
pub fn status_view(body: &str) -> Result<CaseStatusView, Open311Error> {
    let v = json_value::parse(body).map_err(|_| Open311Error::Malformed)?;
    let items = items(&v)?;
    let Some(first) = items.first() else {
        return Err(Open311Error::NotFound);
    };
    if let Some(e) = service_error(items) {
        return Err(e);
    }
    let text = |key: &str| {
        first
            .get(key)
            .and_then(as_id)
            .map(str::trim)
            .filter(|s| !s.is_empty())
            .map(str::to_owned)
    };
    let receipt = text("service_request_id")
        .or_else(|| text("token"))
        .ok_or(Open311Error::Malformed)?;
    let raw = text("status").unwrap_or_default().to_ascii_lowercase();
    let requested = text("requested_datetime");
    let updated = text("updated_datetime");
    let received_at = requested
        .clone()
        .or_else(|| updated.clone())
        .ok_or(Open311Error::Malformed)?;
    let updated_at = updated.clone().unwrap_or_else(|| received_at.clone());
    let touched = matches!((&requested, &updated), (Some(r), Some(u)) if r != u);
    let notes = text("status_notes");
    let status = match raw.as_str() {
        "closed" | "fixed" => CaseStatus::Closed,
        "investigating" | "in_progress" | "action_scheduled" => CaseStatus::BeingAssessed,
        "not_councils_responsibility"
        | "duplicate"
        | "unable_to_fix"
        | "no_further_action"
        | "wont_fix"
        | "internal_referral" => CaseStatus::NotTakenUp,
        _ if touched => CaseStatus::BeingAssessed,
        _ => CaseStatus::Received,
    };
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
    let standard = matches!(raw.as_str(), "open" | "closed" | "");
    Ok(CaseStatusView {
        receipt,
        status,
        status_label: (!standard).then(|| raw.clone()),
        received_at,
        updated_at,
        meeting_date: None,
        public_answer: notes.clone().filter(|_| status == CaseStatus::Closed),
        reason: notes.filter(|_| status == CaseStatus::NotTakenUp),
        history,
    })
}

/// GeoReport v2 answers with an array; a lone object is accepted too, as some servers send one.
fn items(v: &Value) -> Result<&[Value], Open311Error> {
    match v {
        Value::Array(a) => Ok(a),
        Value::Object(_) => Ok(std::slice::from_ref(v)),
        _ => Err(Open311Error::Malformed),
    }
}

/// The endpoint's errors, when the items are `{code, description}` objects.
fn service_error(items: &[Value]) -> Option<Open311Error> {
    let first = items.first()?;
    let is_error = |j: &Value| j.get("description").is_some() && j.get("code").is_some();
    if !is_error(first) || first.get("service_request_id").is_some() || first.get("token").is_some()
    {
        return None;
    }
    let description = items
        .iter()
        .filter(|j| is_error(j))
        .filter_map(|j| j.get("description").and_then(Value::as_str))
        .collect::<Vec<_>>()
        .join("; ");
    Some(Open311Error::Service {
        code: first.get("code").and_then(Value::as_u64),
        description,
    })
}

/// A string as is, or a number's text: ids are strings in some Open311 servers and numbers in
/// others (the specification's own examples use numbers).
fn as_id(v: &Value) -> Option<&str> {
    match v {
        Value::String(s) | Value::Number(s) => Some(s),
        _ => None,
    }
}
