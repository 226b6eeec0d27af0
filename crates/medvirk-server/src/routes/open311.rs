//! An optional Open311 GeoReport v2 facade over the cases (`--open311`), so the case form's
//! Open311 adapter can be tested end to end against a server we run.
//!
//! `POST /open311/v2/requests.json` takes what `medvirk_core::case_form::open311_request` sends
//! (form-encoded `service_code`, `attribute[...]`, `description`, `address_string`, contact fields)
//! and stores it as a case through the same rules as `POST /api/v1/cases`; `GET
//! /open311/v2/requests/{id}.json` answers in the shape core's `open311::status_view` reads.
//!
//! Core only maps a case *to* Open311, so the inverse is here, kept small:
//! - `attribute[title|why|when|solution|proposer_role|organisation|council|case_id|language]`
//!   are the case's fields. A generic Open311 client that sends only `description` gets its first
//!   line as the title and the whole text as "why"; `address_string` is "where".
//! - The council is `attribute[council]`, else `jurisdiction_id`. The role defaults to `other`,
//!   the language to `nb`, the client time to the server's.
//! - Without `attribute[case_id]` the idempotency key is derived from the form itself, so an
//!   identical resend is the same case.
//! - GeoReport v2 has no consent field; core's adapter sends contact fields only with consent, so
//!   contact fields posted here are taken as consented.
//! - `api_key` and `jurisdiction_id` are accepted and not checked: this is a test endpoint.
//! - Status: `open` until the case is closed or not taken up, then `closed`; `status_notes`
//!   carries the stage in the case's language with the meeting date, answer or reason.
//!   `updated_datetime` equals `requested_datetime` until the first change, which core reads as
//!   `received`. The text the person wrote is never in the status answer, as in the JSON API.

use axum::Json;
use axum::extract::rejection::PathRejection;
use axum::extract::{Path, Request, State};
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use medvirk_core::case_form::{
    CaseStatus, CaseSubmission, Contact, Proposer, Role, check_case, parse_receipt, texts,
};
use medvirk_core::lang::Lang;
use serde::Serialize;
use serde_json::{Value, json};
use sha2::{Digest, Sha256};
use time::OffsetDateTime;

use crate::AppState;
use crate::extract::{CASE_BODY_LIMIT_BYTES, read_body};
use crate::ratelimit::{Open311Limit, Open311StatusLimit, Throttle};
use crate::routes::cases::{new_case, request_hash};
use crate::store::{CaseRecord, InsertOutcome, format_time};

/// The one service this facade offers.
pub const SERVICE_CODE: &str = "brukerrad-sak";

/// An Open311 error answer: `[{"code": 400, "description": "..."}]` with that HTTP status.
#[derive(Debug)]
pub struct Open311Error {
    pub status: StatusCode,
    pub description: String,
}

impl Open311Error {
    fn new(status: StatusCode, description: impl Into<String>) -> Self {
        Open311Error {
            status,
            description: description.into(),
        }
    }
}

impl IntoResponse for Open311Error {
    fn into_response(self) -> Response {
        let body = json!([{ "code": self.status.as_u16(), "description": self.description }]);
        (self.status, Json(body)).into_response()
    }
}

/// `GET services.json`: the service list.
pub async fn services() -> Json<Value> {
    Json(json!([{
        "service_code": SERVICE_CODE,
        "service_name": "Brukerrådssak",
        "description": "Foreslå en sak for et brukerråd (medvirk). Fields as attribute[...]: title, why, when, solution, proposer_role, organisation, council, case_id, language.",
        "metadata": false,
        "type": "realtime",
        "keywords": "brukerråd, brukermedvirkning, sak",
        "group": "medvirk"
    }]))
}

/// The answer to a new request.
#[derive(Debug, Serialize)]
pub struct PostAnswer {
    pub service_request_id: String,
    pub service_notice: String,
}

/// Form fields in order; the first value of a key wins.
struct Form(Vec<(String, String)>);

impl Form {
    fn get(&self, key: &str) -> Option<&str> {
        self.0
            .iter()
            .find(|(k, _)| k == key)
            .map(|(_, v)| v.trim())
            .filter(|v| !v.is_empty())
    }

    fn attr(&self, name: &str) -> Option<&str> {
        self.get(&format!("attribute[{name}]"))
    }
}

fn bad(description: impl Into<String>) -> Open311Error {
    Open311Error::new(StatusCode::BAD_REQUEST, description)
}

/// A UUID v4 from a hash of the form, for clients that send no `attribute[case_id]`.
fn derived_case_id(form: &Form) -> String {
    let mut pairs = form.0.clone();
    pairs.sort();
    let mut hasher = Sha256::new();
    for (k, v) in &pairs {
        hasher.update(k.as_bytes());
        hasher.update([0]);
        hasher.update(v.as_bytes());
        hasher.update([0]);
    }
    let mut b: [u8; 16] = hasher.finalize()[..16]
        .try_into()
        .unwrap_or_else(|_| unreachable!("a SHA-256 digest has 32 bytes"));
    b[6] = (b[6] & 0x0f) | 0x40;
    b[8] = (b[8] & 0x3f) | 0x80;
    let hex: String = b.iter().map(|x| format!("{x:02x}")).collect();
    format!(
        "{}-{}-{}-{}-{}",
        &hex[..8],
        &hex[8..12],
        &hex[12..16],
        &hex[16..20],
        &hex[20..]
    )
}

/// Maps a GeoReport v2 request to our wire type (see the module docs).
fn submission(form: &Form, now: OffsetDateTime) -> Result<CaseSubmission, Open311Error> {
    match form.get("service_code") {
        Some(SERVICE_CODE) => {}
        Some(other) => {
            return Err(bad(format!(
                "service_code `{other}` not found; this server offers `{SERVICE_CODE}`."
            )));
        }
        None => return Err(bad("service_code is required.")),
    }
    let description = form.get("description").unwrap_or("");
    let title = form
        .attr("title")
        .or_else(|| description.lines().map(str::trim).find(|l| !l.is_empty()))
        .map(|t| t.chars().take(120).collect::<String>())
        .unwrap_or_default();
    let why = form.attr("why").unwrap_or(description).to_owned();
    let role = match form.attr("proposer_role") {
        None => Role::Other,
        Some(r) => Role::from_wire(r).ok_or_else(|| {
            bad(format!(
                "attribute[proposer_role] `{r}` is not a known role."
            ))
        })?,
    };
    let council = form
        .attr("council")
        .or_else(|| form.get("jurisdiction_id"))
        .ok_or_else(|| bad("attribute[council] (or jurisdiction_id) is required."))?;
    let name = [form.get("first_name"), form.get("last_name")]
        .into_iter()
        .flatten()
        .collect::<Vec<_>>()
        .join(" ");
    let (email, phone) = (form.get("email"), form.get("phone"));
    let contact = (!name.is_empty() || email.is_some() || phone.is_some()).then(|| Contact {
        name: Some(name).filter(|n| !n.is_empty()),
        email: email.map(str::to_owned),
        phone: phone.map(str::to_owned),
        consent: true,
    });
    let owned = |v: Option<&str>| v.unwrap_or("").to_owned();
    Ok(CaseSubmission {
        schema_version: medvirk_core::wire::SCHEMA_VERSION,
        case_id: form
            .attr("case_id")
            .map_or_else(|| derived_case_id(form), str::to_owned),
        council: council.to_owned(),
        title,
        why,
        where_: owned(form.get("address_string").or_else(|| form.attr("where"))),
        when: owned(form.attr("when")),
        solution: owned(form.attr("solution")),
        proposer: Proposer {
            role,
            organisation: form.attr("organisation").map(str::to_owned),
        },
        contact,
        language: owned(form.attr("language").or(Some("nb"))),
        client_timestamp: format_time(now),
        // GeoReport clients are other systems, not forms with a hidden field or a timer.
        honeypot: None,
        elapsed_ms: None,
    })
}

/// `POST requests.json`: stores the request as a case; 201 new, 200 identical resend.
pub async fn create(
    _: Throttle<Open311Limit>,
    State(state): State<AppState>,
    req: Request,
) -> Result<Response, Open311Error> {
    let essence = req
        .headers()
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.split(';').next())
        .map(|v| v.trim().to_ascii_lowercase());
    if essence.as_deref() != Some("application/x-www-form-urlencoded") {
        return Err(Open311Error::new(
            StatusCode::UNSUPPORTED_MEDIA_TYPE,
            "Send the request as application/x-www-form-urlencoded.",
        ));
    }
    let bytes = read_body(req, CASE_BODY_LIMIT_BYTES)
        .await
        .map_err(|e| Open311Error::new(e.status, e.message))?;
    let form = Form(
        form_urlencoded::parse(&bytes)
            .map(|(k, v)| (k.into_owned(), v.into_owned()))
            .collect(),
    );
    let now = OffsetDateTime::now_utc();
    let sub = submission(&form, now)?;
    check_case(&sub).map_err(|e| bad(format!("{}: {}", open311_field(e.field), e.message)))?;
    // The client time is ours here, so it is left out of the hash: an identical resend must
    // still be recognised as the same request.
    let hash = request_hash(&CaseSubmission {
        client_timestamp: String::new(),
        ..sub.clone()
    });
    let stored = state
        .store
        .insert_case(new_case(&sub, hash, now))
        .await
        .map_err(|e| {
            crate::error::ApiError::internal(e);
            Open311Error::new(
                StatusCode::INTERNAL_SERVER_ERROR,
                "The server could not store the request; try again later.",
            )
        })?;
    let (status, receipt) = match (stored.outcome, stored.receipt) {
        (InsertOutcome::Created, Some(r)) => (StatusCode::CREATED, r),
        (InsertOutcome::Replayed, Some(r)) => (StatusCode::OK, r),
        _ => {
            return Err(Open311Error::new(
                StatusCode::CONFLICT,
                "attribute[case_id] was already used for a different request.",
            ));
        }
    };
    let t = texts(Lang::parse(&sub.language).unwrap_or_default());
    let answer = PostAnswer {
        service_notice: format!("{}: {receipt}", t.status_label(CaseStatus::Received)),
        service_request_id: receipt,
    };
    Ok((status, Json([answer])).into_response())
}

/// Our wire path as the Open311 field it came from, for error descriptions.
fn open311_field(field: &str) -> String {
    match field {
        "where" => "address_string".into(),
        "contact.name" => "first_name/last_name".into(),
        "contact.email" => "email".into(),
        "contact.phone" => "phone".into(),
        "proposer.organisation" => "attribute[organisation]".into(),
        "proposer.role" => "attribute[proposer_role]".into(),
        "caseId" => "attribute[case_id]".into(),
        "clientTimestamp" => "request time".into(),
        "" => "request".into(),
        other => format!("attribute[{other}]"),
    }
}

/// `GET requests/{id}.json`: the request's status, as a one-element array.
pub async fn status(
    _: Throttle<Open311StatusLimit>,
    State(state): State<AppState>,
    file: Result<Path<String>, PathRejection>,
) -> Result<Response, Open311Error> {
    let not_found = || Open311Error::new(StatusCode::NOT_FOUND, "No request has this id.");
    let Ok(Path(file)) = file else {
        return Err(not_found());
    };
    let id = file
        .strip_suffix(".json")
        .ok_or_else(|| Open311Error::new(StatusCode::NOT_FOUND, "Ask for requests/{id}.json."))?;
    let code = parse_receipt(id).ok_or_else(not_found)?.code();
    let (record, _) = state
        .store
        .case(&code)
        .await
        .map_err(|e| {
            crate::error::ApiError::internal(e);
            Open311Error::new(StatusCode::INTERNAL_SERVER_ERROR, "Try again later.")
        })?
        .ok_or_else(not_found)?;
    let mut response = Json(json!([status_item(&record)])).into_response();
    response
        .headers_mut()
        .insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    Ok(response)
}

/// One GeoReport v2 service request for a stored case: only the public parts.
fn status_item(r: &CaseRecord) -> Value {
    let closed = matches!(r.status, CaseStatus::Closed | CaseStatus::NotTakenUp);
    let t = texts(Lang::parse(&r.language).unwrap_or_default());
    let mut notes = vec![t.status_label(r.status).to_owned()];
    if let Some(d) = &r.meeting_date {
        notes.push(format!("{}: {d}", t.status_meeting_date));
    }
    if let Some(a) = &r.public_answer {
        notes.push(format!("{}: {a}", t.status_public_answer));
    }
    if let Some(reason) = &r.reason {
        notes.push(format!("{}: {reason}", t.status_reason));
    }
    json!({
        "service_request_id": r.receipt,
        "status": if closed { "closed" } else { "open" },
        "status_notes": notes.join("\n"),
        "service_name": "Brukerrådssak",
        "service_code": SERVICE_CODE,
        "requested_datetime": format_time(r.received_at),
        "updated_datetime": format_time(r.updated_at),
    })
}

/// Any other path under `/open311/`: an Open311 404.
pub async fn not_found() -> Open311Error {
    Open311Error::new(
        StatusCode::NOT_FOUND,
        "No such Open311 endpoint; see /open311/v2/services.json.",
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use medvirk_core::validate::is_uuid_v4;

    #[test]
    fn derived_ids_are_uuid_v4_and_stable() {
        let a = Form(vec![("service_code".into(), SERVICE_CODE.into())]);
        let b = Form(vec![("service_code".into(), "x".into())]);
        assert!(is_uuid_v4(&derived_case_id(&a)), "{}", derived_case_id(&a));
        assert_eq!(derived_case_id(&a), derived_case_id(&a));
        assert_ne!(derived_case_id(&a), derived_case_id(&b));
    }
}
