//! The case-suggestion form's endpoints: `POST /api/v1/cases`, the public status by receipt, and the
//! council's admin API (list, detail, lifecycle transition).
//!
//! Every rule comes from `medvirk_core::case_form`: validation (`check_case`), the stages and
//! which moves are allowed (`lifecycle::transition`), receipt codes (`format_receipt`,
//! `parse_receipt`) and what may be shown publicly (`CaseStatusView`, `visibility`). This file
//! maps them to HTTP and the store, nothing more.

use axum::Json;
use axum::extract::rejection::{PathRejection, QueryRejection};
use axum::extract::{Path, Query, State};
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use medvirk_core::case_form::{
    self, CaseReceipt, CaseStatus, CaseStatusView, CaseSubmission, HistoryEntry, Proposer,
    TransitionRequest, check_case, parse_receipt, transition,
};
use serde::{Deserialize, Serialize};
use serde_json::Value;
use time::OffsetDateTime;

use crate::AppState;
use crate::error::ApiError;
use crate::extract::{CASE_BODY_LIMIT_BYTES, JsonBody};
use crate::ratelimit::{CaseStatusLimit, CasesLimit, Throttle};
use crate::routes::admin::{Admin, query_error};
use crate::routes::feedback::canonical_hash;
use crate::store::{
    CaseChange, CaseFilter, CaseHistoryRecord, CaseRecord, ChangeOutcome, InsertOutcome, NewCase,
    StoredContact, format_time,
};

/// How often a transition is retried when another admin moved the case in between.
const TRANSITION_ATTEMPTS: usize = 3;

/// Stores a proposed case: 201 with a new receipt, 200 with the same receipt for the identical
/// payload, 409 when the caseId was used for a different payload.
pub async fn create(
    _: Throttle<CasesLimit>,
    State(state): State<AppState>,
    JsonBody(sub): JsonBody<CaseSubmission, CASE_BODY_LIMIT_BYTES>,
) -> Result<Response, ApiError> {
    check_case(&sub)?;
    let case = new_case(&sub, request_hash(&sub), OffsetDateTime::now_utc());
    let stored = state
        .store
        .insert_case(case)
        .await
        .map_err(ApiError::internal)?;
    let (status, receipt) = match (stored.outcome, stored.receipt) {
        (InsertOutcome::Created, Some(r)) => (StatusCode::CREATED, r),
        (InsertOutcome::Replayed, Some(r)) => (StatusCode::OK, r),
        _ => {
            return Err(ApiError::conflict(
                "A case with this caseId was already stored with different content; \
                 a new case needs a new caseId.",
            )
            .with_field(Some("caseId")));
        }
    };
    let location = HeaderValue::from_str(&format!("/api/v1/cases/{receipt}"));
    let body = CaseReceipt {
        receipt,
        status: CaseStatus::Received,
    };
    let mut response = (status, Json(body)).into_response();
    if let Ok(location) = location {
        response.headers_mut().insert(header::LOCATION, location);
    }
    Ok(response)
}

/// The row for a validated submission: text trimmed as core's rules read it, the contact kept
/// only with consent (core already refuses contact without it; this keeps the store honest even
/// if that rule were relaxed).
pub fn new_case(sub: &CaseSubmission, request_hash: String, now: OffsetDateTime) -> NewCase {
    let opt = |v: Option<&str>| {
        v.map(str::trim)
            .filter(|v| !v.is_empty())
            .map(str::to_owned)
    };
    NewCase {
        case_id: sub.case_id.to_ascii_lowercase(),
        council: sub.council.clone(),
        title: sub.title.trim().to_owned(),
        why: sub.why.trim().to_owned(),
        where_text: sub.where_.trim().to_owned(),
        when_text: sub.when.trim().to_owned(),
        solution: sub.solution.trim().to_owned(),
        proposer_role: sub.proposer.role,
        proposer_organisation: opt(sub.proposer.organisation.as_deref()),
        contact: sub
            .contact
            .as_ref()
            .filter(|c| c.consent)
            .map(|c| StoredContact {
                name: opt(c.name.as_deref()),
                email: opt(c.email.as_deref()),
                phone: opt(c.phone.as_deref()),
            }),
        language: sub.language.clone(),
        client_timestamp: sub.client_timestamp.clone(),
        received_at: now,
        request_hash,
        suspicious: case_form::suspicion(sub),
    }
}

/// Canonical hash of a submission, with `caseId` in lowercase so one UUID is one case. The abuse
/// signals `honeypot` and `elapsedMs` are left out: they describe the sending, not the case, and a
/// retry that measured them again must still be the same request (the first POST's flag stands).
pub fn request_hash(sub: &CaseSubmission) -> String {
    let mut value = serde_json::to_value(sub)
        .unwrap_or_else(|e| unreachable!("wire types always serialize: {e}"));
    if let Some(Value::String(id)) = value.get_mut("caseId") {
        id.make_ascii_lowercase();
    }
    if let Some(map) = value.as_object_mut() {
        map.remove("honeypot");
        map.remove("elapsedMs");
    }
    canonical_hash(&value)
}

/// The public status of a case: only what `CaseStatusView` holds (the council's handling, never
/// what the person wrote or their contact details), and never cached, because a receipt code is
/// a bearer secret of sorts.
pub async fn status(
    _: Throttle<CaseStatusLimit>,
    State(state): State<AppState>,
    receipt: Result<Path<String>, PathRejection>,
) -> Response {
    let result = async {
        let (record, history) = find(&state, receipt).await?;
        Ok::<_, ApiError>(Json(public_view(&record, &history)))
    }
    .await;
    let mut response = result.into_response();
    response
        .headers_mut()
        .insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    response
}

/// Looks a case up by a receipt as a person typed it.
async fn find(
    state: &AppState,
    receipt: Result<Path<String>, PathRejection>,
) -> Result<(CaseRecord, Vec<CaseHistoryRecord>), ApiError> {
    let not_found = || {
        ApiError::not_found(
            "No case has this receipt code. Check the code: it looks like BR-2026-0042.",
        )
    };
    let Ok(Path(raw)) = receipt else {
        return Err(not_found());
    };
    let code = parse_receipt(&raw).ok_or_else(not_found)?.code();
    state
        .store
        .case(&code)
        .await
        .map_err(ApiError::internal)?
        .ok_or_else(not_found)
}

/// Builds core's public view from a stored case.
pub fn public_view(record: &CaseRecord, history: &[CaseHistoryRecord]) -> CaseStatusView {
    CaseStatusView {
        receipt: record.receipt.clone(),
        status: record.status,
        status_label: None,
        received_at: format_time(record.received_at),
        updated_at: format_time(record.updated_at),
        meeting_date: record.meeting_date.clone(),
        public_answer: record.public_answer.clone(),
        reason: record.reason.clone(),
        history: history
            .iter()
            .map(|h| HistoryEntry {
                status: h.status,
                at: format_time(h.at),
            })
            .collect(),
    }
}

/// Contact details in the admin API; present only where the person consented.
#[derive(Debug, Serialize)]
pub struct AdminContact {
    pub name: Option<String>,
    pub email: Option<String>,
    pub phone: Option<String>,
}

/// A case as the council's administrators see it.
#[derive(Debug, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct AdminCase {
    pub receipt: String,
    pub case_id: String,
    pub council: String,
    pub title: String,
    pub why: String,
    #[serde(rename = "where")]
    pub where_: String,
    pub when: String,
    pub solution: String,
    pub proposer: Proposer,
    pub contact: Option<AdminContact>,
    pub language: String,
    pub client_timestamp: String,
    pub status: CaseStatus,
    pub meeting_date: Option<String>,
    pub public_answer: Option<String>,
    pub reason: Option<String>,
    pub received_at: String,
    pub updated_at: String,
    /// Why the case looks automated (`honeypot_filled`, `too_fast`), or `null`.
    pub suspicious: Option<String>,
}

impl From<CaseRecord> for AdminCase {
    fn from(r: CaseRecord) -> Self {
        AdminCase {
            receipt: r.receipt,
            case_id: r.case_id,
            council: r.council,
            title: r.title,
            why: r.why,
            where_: r.where_text,
            when: r.when_text,
            solution: r.solution,
            proposer: Proposer {
                role: r.proposer_role,
                organisation: r.proposer_organisation,
            },
            contact: r.contact.map(|c| AdminContact {
                name: c.name,
                email: c.email,
                phone: c.phone,
            }),
            language: r.language,
            client_timestamp: r.client_timestamp,
            status: r.status,
            meeting_date: r.meeting_date,
            public_answer: r.public_answer,
            reason: r.reason,
            received_at: format_time(r.received_at),
            updated_at: format_time(r.updated_at),
            suspicious: r.suspicious,
        }
    }
}

/// One step of the history in the admin API, with the detail given at that step.
#[derive(Debug, Serialize)]
pub struct AdminHistoryEntry {
    pub status: CaseStatus,
    pub at: String,
    pub note: Option<String>,
}

/// A case with its whole history.
#[derive(Debug, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct AdminCaseDetail {
    #[serde(flatten)]
    pub case: AdminCase,
    /// What the case may become next (core's lifecycle), for the admin's choices.
    pub next_statuses: Vec<CaseStatus>,
    pub history: Vec<AdminHistoryEntry>,
}

fn detail(record: CaseRecord, history: Vec<CaseHistoryRecord>) -> AdminCaseDetail {
    AdminCaseDetail {
        next_statuses: record.status.next().to_vec(),
        case: record.into(),
        history: history
            .into_iter()
            .map(|h| AdminHistoryEntry {
                status: h.status,
                at: format_time(h.at),
                note: h.note,
            })
            .collect(),
    }
}

#[derive(Debug, Serialize)]
pub struct AdminCaseList {
    pub items: Vec<AdminCase>,
    pub count: usize,
}

/// Listing filters; anything else is refused rather than ignored.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CaseQuery {
    council: Option<String>,
    status: Option<String>,
    /// `true`: only flagged cases; `false`: only unflagged ones; absent: all.
    suspicious: Option<bool>,
}

fn no_store(mut response: Response) -> Response {
    // Cases hold what people wrote and, with consent, how to reach them: keep them out of caches.
    response
        .headers_mut()
        .insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    response
}

/// Lists cases, oldest first, by council and status.
pub async fn admin_list(
    _: Admin,
    State(state): State<AppState>,
    query: Result<Query<CaseQuery>, QueryRejection>,
) -> Result<Response, ApiError> {
    let Query(query) = query.map_err(query_error)?;
    let non_empty = |v: Option<String>| v.filter(|s| !s.is_empty());
    let status = non_empty(query.status)
        .map(|s| {
            CaseStatus::from_wire(&s).ok_or_else(|| {
                let names: Vec<&str> = CaseStatus::ALL.iter().map(|c| c.wire()).collect();
                ApiError::bad_request(
                    "invalid_query",
                    format!("`status` must be one of {}.", names.join(", ")),
                )
                .with_field(Some("status"))
            })
        })
        .transpose()?;
    let filter = CaseFilter {
        council: non_empty(query.council),
        status,
        suspicious: query.suspicious,
        ..CaseFilter::default()
    };
    let items: Vec<AdminCase> = state
        .store
        .list_cases(filter)
        .await
        .map_err(ApiError::internal)?
        .into_iter()
        .map(Into::into)
        .collect();
    Ok(no_store(
        Json(AdminCaseList {
            count: items.len(),
            items,
        })
        .into_response(),
    ))
}

/// One case with contact (where consented) and its whole history.
pub async fn admin_detail(
    _: Admin,
    State(state): State<AppState>,
    receipt: Result<Path<String>, PathRejection>,
) -> Result<Response, ApiError> {
    let (record, history) = find(&state, receipt).await?;
    Ok(no_store(Json(detail(record, history)).into_response()))
}

/// Moves a case through the council's lifecycle as core's `transition` allows, stamps the time
/// and appends the step to the history. Answers with the case as it now is.
pub async fn admin_transition(
    _: Admin,
    State(state): State<AppState>,
    receipt: Result<Path<String>, PathRejection>,
    JsonBody(req): JsonBody<TransitionRequest>,
) -> Result<Response, ApiError> {
    let Ok(Path(raw)) = receipt else {
        return Err(ApiError::not_found("No case has this receipt code."));
    };
    for _ in 0..TRANSITION_ATTEMPTS {
        let (record, _) = find(&state, Ok(Path(raw.clone()))).await?;
        let accepted = transition(record.status, &req)?;
        let change = CaseChange {
            from: accepted.from,
            to: accepted.to,
            meeting_date: accepted.meeting_date,
            public_answer: accepted.public_answer,
            reason: accepted.reason,
            at: OffsetDateTime::now_utc(),
        };
        match state
            .store
            .change_case(&record.receipt, change)
            .await
            .map_err(ApiError::internal)?
        {
            ChangeOutcome::Applied => {
                let (record, history) = find(&state, Ok(Path(record.receipt))).await?;
                return Ok(no_store(Json(detail(record, history)).into_response()));
            }
            ChangeOutcome::NotFound => {
                return Err(ApiError::not_found("No case has this receipt code."));
            }
            // Someone moved the case meanwhile: check the request again against its new stage.
            ChangeOutcome::Stale => {}
        }
    }
    Err(ApiError::conflict(
        "The case was changed by someone else at the same time; reload it and try again.",
    )
    .with_field(Some("status")))
}
