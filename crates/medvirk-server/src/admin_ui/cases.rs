//! The case inbox at `/admin/cases`: cases by council and status, one case with its history, and
//! forms that move it through the council's lifecycle.
//!
//! Which moves exist and what each needs is `medvirk_core::case_form::lifecycle` (the JSON admin
//! API uses the same rules); reading the forms and the messages are `medvirk_core::admin::cases`.
//! A move is a compare-and-set on the status the page showed (`Store::change_case`), so when two
//! people handle one case the second is told, with what they typed still in the form.

use std::collections::HashMap;

use axum::Router;
use axum::extract::{Form, Path, Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::get;
use medvirk_core::admin::cases::status_counts;
use medvirk_core::admin::cases::{Checked, FormError, TransitionForm, action_label, check};
use medvirk_core::admin::cases_texts::{CasesTexts, cases_texts};
use medvirk_core::case_form::{self, CaseStatus, parse_receipt};
use medvirk_core::directory::OrgKind;
use medvirk_core::directory::native::read_native;
use medvirk_core::html::escape;
use medvirk_core::lang::Lang;
use serde::Deserialize;
use time::OffsetDateTime;

use super::markup::{
    Col, alert_notice, described, error_summary, field_error, field_intro, ok_status, query_value,
    thead, when,
};
use super::session::AdminSession;
use super::{Nav, error_page, respond};
use crate::AppState;
use crate::store::{CaseChange, CaseFilter, CaseHistoryRecord, CaseRecord, ChangeOutcome};

/// The case inbox's routes.
pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/admin/cases", get(inbox))
        .route("/admin/cases/{receipt}", get(show).post(transition))
}

/// Council names by id, from the stored directory. Cases name their council by id (that is what
/// the case form sends); a person recognises the name. Empty when no directory is stored or it
/// cannot be read, and then the ids are shown, as before a directory exists.
async fn council_names(state: &AppState) -> HashMap<String, String> {
    let stored = match state.store.directory().await {
        Ok(Some(stored)) => stored,
        Ok(None) => return HashMap::new(),
        Err(e) => {
            eprintln!("medvirk-server: case inbox: council names: {e}");
            return HashMap::new();
        }
    };
    match read_native(&stored.document) {
        Ok(report) => report
            .directory
            .organisations()
            .iter()
            .filter(|o| o.kind == OrgKind::Council)
            .map(|o| (o.id.clone(), o.name.clone()))
            .collect(),
        Err(e) => {
            eprintln!("medvirk-server: case inbox: stored directory unreadable: {e}");
            HashMap::new()
        }
    }
}

/// The council's name, or its id when the directory does not know it.
fn council_name<'a>(names: &'a HashMap<String, String>, id: &'a str) -> &'a str {
    names.get(id).map_or(id, String::as_str)
}

fn status_label(lang: Lang, status: CaseStatus) -> &'static str {
    case_form::texts(lang).status_label(status)
}

#[derive(Debug, Default, Deserialize)]
struct InboxQuery {
    council: Option<String>,
    status: Option<String>,
}

/// `GET /admin/cases`: counts per status and the matching cases, newest first.
async fn inbox(
    session: AdminSession,
    State(state): State<AppState>,
    Query(query): Query<InboxQuery>,
) -> Response {
    let t = cases_texts(session.lang);
    let frame = session.frame(t.inbox_title, Nav::Cases);
    let all = match state.store.list_cases(CaseFilter::default()).await {
        Ok(all) => all,
        Err(e) => {
            eprintln!("medvirk-server: case inbox: {e}");
            return error_page(&frame, StatusCode::INTERNAL_SERVER_ERROR, t.not_found);
        }
    };
    let council = query.council.filter(|c| !c.is_empty());
    let status = query.status.as_deref().and_then(CaseStatus::from_wire);
    let names = council_names(&state).await;
    let mut councils: Vec<&str> = all.iter().map(|c| c.council.as_str()).collect();
    councils.sort_unstable();
    councils.dedup();
    // The select lists councils by the name a person reads, alphabetically.
    councils.sort_by_cached_key(|id| {
        (
            medvirk_core::directory::search::fold(council_name(&names, id)),
            id.to_string(),
        )
    });
    let in_council: Vec<&CaseRecord> = all
        .iter()
        .filter(|c| council.as_deref().is_none_or(|k| c.council == k))
        .collect();
    let counts = status_counts(in_council.iter().map(|c| c.status));
    // The store lists oldest first; the inbox shows what came in last at the top.
    let items: Vec<&CaseRecord> = in_council
        .iter()
        .rev()
        .filter(|c| status.is_none_or(|s| c.status == s))
        .copied()
        .collect();

    let lang = session.lang;
    let mut body = String::new();
    body.push_str(&format!(
        "<form method=\"get\" action=\"/admin/cases\" class=\"filters\" aria-labelledby=\"filters-heading\">\n\
         <h2 id=\"filters-heading\" class=\"visually-hidden\">{}</h2>\n\
         <div><label for=\"council\">{}</label>\n<select id=\"council\" name=\"council\">\n<option value=\"\">{}</option>\n",
        escape(t.filters_heading),
        escape(t.council),
        escape(t.all_councils)
    ));
    for c in &councils {
        let selected = if council.as_deref() == Some(*c) {
            " selected"
        } else {
            ""
        };
        body.push_str(&format!(
            "<option value=\"{}\"{selected}>{}</option>\n",
            escape(c),
            escape(council_name(&names, c))
        ));
    }
    body.push_str(&format!(
        "</select></div>\n<div><label for=\"status\">{}</label>\n<select id=\"status\" name=\"status\">\n<option value=\"\">{}</option>\n",
        escape(t.status),
        escape(t.all_statuses)
    ));
    for s in CaseStatus::ALL {
        let selected = if status == Some(s) { " selected" } else { "" };
        body.push_str(&format!(
            "<option value=\"{}\"{selected}>{}</option>\n",
            s.wire(),
            escape(status_label(lang, s))
        ));
    }
    body.push_str(&format!(
        "</select></div>\n<div><button type=\"submit\">{}</button></div>\n</form>\n",
        escape(t.show)
    ));

    body.push_str(&format!(
        "<table class=\"counts\">\n<caption>{}</caption>\n{}",
        escape(t.counts_heading),
        thead(&[Col::Text(t.status), Col::Num(t.col_count)])
    ));
    let council_param = council
        .as_deref()
        .map(|c| format!("council={}&amp;", escape(&query_value(c))))
        .unwrap_or_default();
    for (s, n) in &counts {
        let current = if status == Some(*s) {
            " aria-current=\"true\""
        } else {
            ""
        };
        body.push_str(&format!(
            "<tr><th scope=\"row\"><a href=\"/admin/cases?{council_param}status={}\"{current}>{}</a></th><td class=\"num\">{n}</td></tr>\n",
            s.wire(),
            escape(status_label(lang, *s))
        ));
    }
    body.push_str("</tbody>\n</table>\n");

    body.push_str(&format!(
        "<h2 id=\"list-heading\">{}</h2>\n",
        escape(&t.count_cases(items.len()))
    ));
    if items.is_empty() {
        body.push_str(&format!("<p>{}</p>\n", escape(t.no_cases)));
    } else {
        body.push_str("<table class=\"cases\" aria-labelledby=\"list-heading\">\n");
        body.push_str(&thead(&[
            Col::Text(t.col_receipt),
            Col::Text(t.col_title),
            Col::Text(t.council),
            Col::Text(t.status),
            Col::Text(t.col_received),
        ]));
        for c in items {
            let flag = if c.suspicious.is_some() {
                format!(
                    " <strong class=\"badge\">{}</strong>",
                    escape(t.suspicious_badge)
                )
            } else {
                String::new()
            };
            body.push_str(&format!(
                "<tr><td><a href=\"/admin/cases/{r}\">{r}</a></td><td>{}{flag}</td><td>{}</td><td>{}</td><td>{}</td></tr>\n",
                escape(&c.title),
                escape(council_name(&names, &c.council)),
                escape(status_label(lang, c.status)),
                when(c.received_at),
                r = escape(&c.receipt),
            ));
        }
        body.push_str("</tbody>\n</table>\n");
        body.push_str(&format!(
            "<p class=\"hint\">{}</p>\n",
            escape(medvirk_core::admin::texts::shell(lang).times_local)
        ));
    }
    respond(&frame, StatusCode::OK, &body)
}

#[derive(Debug, Deserialize)]
struct ShowQuery {
    done: Option<String>,
}

/// What the person typed into one of the lifecycle forms, re-shown after an error.
#[derive(Debug, Default)]
struct Typed {
    form: TransitionForm,
    errors: Vec<FormError>,
    stale: bool,
}

async fn load(
    state: &AppState,
    raw: &str,
) -> Result<Option<(CaseRecord, Vec<CaseHistoryRecord>)>, String> {
    let Some(receipt) = parse_receipt(raw) else {
        return Ok(None);
    };
    state
        .store
        .case(&receipt.code())
        .await
        .map_err(|e| e.to_string())
}

fn not_found(session: &AdminSession, t: &CasesTexts, status: StatusCode) -> Response {
    let frame = session.frame(t.inbox_title, Nav::Cases);
    let message = if status == StatusCode::NOT_FOUND {
        t.not_found
    } else {
        medvirk_core::admin::texts::shell(session.lang).error_heading
    };
    error_page(&frame, status, message)
}

/// The case and its history, or the page to answer with: 404 for an unknown receipt, 500 (and
/// a log line naming `what` was asked) when the store fails.
async fn found(
    session: &AdminSession,
    state: &AppState,
    raw: &str,
    what: &str,
) -> Result<(CaseRecord, Vec<CaseHistoryRecord>), Response> {
    let t = cases_texts(session.lang);
    match load(state, raw).await {
        Ok(Some(found)) => Ok(found),
        Ok(None) => Err(not_found(session, t, StatusCode::NOT_FOUND)),
        Err(e) => {
            eprintln!("medvirk-server: {what}: {e}");
            Err(not_found(session, t, StatusCode::INTERNAL_SERVER_ERROR))
        }
    }
}

/// `GET /admin/cases/{receipt}`.
async fn show(
    session: AdminSession,
    State(state): State<AppState>,
    Path(raw): Path<String>,
    Query(query): Query<ShowQuery>,
) -> Response {
    let (record, history) = match found(&session, &state, &raw, "case page").await {
        Ok(found) => found,
        Err(response) => return response,
    };
    let done = query.done.is_some();
    let names = council_names(&state).await;
    case_page(&session, &names, &record, &history, &Typed::default(), done)
}

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
struct TransitionBody {
    from: String,
    to: String,
    meeting_date: String,
    public_answer: String,
    reason: String,
}

/// `POST /admin/cases/{receipt}`: one lifecycle move; back to the case page when it is done,
/// else the page again with the errors (422) or the newer state (409) and what was typed.
async fn transition(
    session: AdminSession,
    State(state): State<AppState>,
    Path(raw): Path<String>,
    Form(body): Form<TransitionBody>,
) -> Response {
    let t = cases_texts(session.lang);
    let form = TransitionForm {
        from: body.from,
        to: body.to,
        meeting_date: body.meeting_date,
        public_answer: body.public_answer,
        reason: body.reason,
    };
    let (record, history) = match found(&session, &state, &raw, "case move").await {
        Ok(found) => found,
        Err(response) => return response,
    };
    let accepted = match check(t, record.status, &form) {
        Checked::Accepted(accepted) => accepted,
        Checked::Stale => {
            let typed = Typed {
                form,
                errors: Vec::new(),
                stale: true,
            };
            return again(
                &session,
                &state,
                &record,
                &history,
                &typed,
                StatusCode::CONFLICT,
            )
            .await;
        }
        Checked::Invalid(errors) => {
            let typed = Typed {
                form,
                errors,
                stale: false,
            };
            return again(
                &session,
                &state,
                &record,
                &history,
                &typed,
                StatusCode::UNPROCESSABLE_ENTITY,
            )
            .await;
        }
    };
    let change = CaseChange {
        from: accepted.from,
        to: accepted.to,
        meeting_date: accepted.meeting_date,
        public_answer: accepted.public_answer,
        reason: accepted.reason,
        at: OffsetDateTime::now_utc(),
    };
    match state.store.change_case(&record.receipt, change).await {
        Ok(ChangeOutcome::Applied) => {
            eprintln!(
                "medvirk-server: case {} moved to {} by {}",
                record.receipt,
                accepted.to.wire(),
                session.who
            );
            Redirect::to(&format!("/admin/cases/{}?done=1", record.receipt)).into_response()
        }
        Ok(ChangeOutcome::NotFound) => not_found(&session, t, StatusCode::NOT_FOUND),
        // Moved between our read and our write: show the case as it is now.
        Ok(ChangeOutcome::Stale) => match load(&state, &record.receipt).await {
            Ok(Some((record, history))) => {
                let typed = Typed {
                    form,
                    errors: Vec::new(),
                    stale: true,
                };
                again(
                    &session,
                    &state,
                    &record,
                    &history,
                    &typed,
                    StatusCode::CONFLICT,
                )
                .await
            }
            _ => not_found(&session, t, StatusCode::NOT_FOUND),
        },
        Err(e) => {
            eprintln!("medvirk-server: case move: {e}");
            not_found(&session, t, StatusCode::INTERNAL_SERVER_ERROR)
        }
    }
}

/// The case page again after a move that was not made, with what was typed kept in its form.
async fn again(
    session: &AdminSession,
    state: &AppState,
    record: &CaseRecord,
    history: &[CaseHistoryRecord],
    typed: &Typed,
    status: StatusCode,
) -> Response {
    let names = council_names(state).await;
    with_status(
        status,
        case_page(session, &names, record, history, typed, false),
    )
}

fn with_status(status: StatusCode, mut response: Response) -> Response {
    *response.status_mut() = status;
    response
}

/// One `<dt>`/`<dd>` pair with escaped text; nothing when the value is empty.
fn row(out: &mut String, label: &str, value: &str) {
    if value.trim().is_empty() {
        return;
    }
    out.push_str(&format!(
        "<dt>{}</dt><dd>{}</dd>\n",
        escape(label),
        escape(value)
    ));
}

/// The case page: the case, the contact (only with consent), what the public sees, the history
/// and a form for every move the lifecycle allows from here.
fn case_page(
    session: &AdminSession,
    names: &HashMap<String, String>,
    record: &CaseRecord,
    history: &[CaseHistoryRecord],
    typed: &Typed,
    done: bool,
) -> Response {
    let lang = session.lang;
    let t = cases_texts(lang);
    let ct = case_form::texts(lang);
    let title = t.case_title.replace("{receipt}", &record.receipt);
    let frame = session.frame(&title, Nav::Cases);
    let mut body = String::new();

    let summary: Vec<(&str, String)> = typed
        .errors
        .iter()
        .map(|e| (e.field, e.message.clone()))
        .collect();
    body.push_str(&error_summary(t.error_summary_title, &summary));
    let status = status_label(lang, record.status);
    if typed.stale {
        body.push_str(&alert_notice(&t.stale.replace("{status}", status)));
    }
    if done {
        body.push_str(&ok_status(&t.done.replace("{status}", status)));
    }
    body.push_str(&format!(
        "<p><a href=\"/admin/cases\">{}</a></p>\n",
        escape(t.back_to_inbox)
    ));
    if let Some(code) = &record.suspicious {
        body.push_str(&format!(
            "<p class=\"notice suspicious\"><strong class=\"badge\">{}</strong> {}</p>\n",
            escape(t.suspicious_badge),
            escape(&t.suspicion(code))
        ));
    }

    body.push_str(&format!(
        "<h2>{}</h2>\n<dl class=\"facts\">\n",
        escape(t.section_case)
    ));
    row(&mut body, ct.title.short, &record.title);
    row(&mut body, t.status, status_label(lang, record.status));
    // The name, with the id the exports and the API filter by.
    let council = match names.get(&record.council) {
        Some(name) => format!("{name} ({})", record.council),
        None => record.council.clone(),
    };
    row(&mut body, t.council, &council);
    row(&mut body, ct.why.short, &record.why);
    row(&mut body, ct.where_.short, &record.where_text);
    row(&mut body, ct.when.short, &record.when_text);
    row(&mut body, ct.solution.short, &record.solution);
    row(&mut body, t.proposer, ct.role_label(record.proposer_role));
    row(
        &mut body,
        t.organisation,
        record.proposer_organisation.as_deref().unwrap_or(""),
    );
    row(&mut body, t.language, &record.language);
    body.push_str(&format!(
        "<dt>{}</dt><dd>{}</dd>\n<dt>{}</dt><dd>{}</dd>\n</dl>\n",
        escape(t.received),
        when(record.received_at),
        escape(t.updated),
        when(record.updated_at)
    ));

    body.push_str(&format!("<h2>{}</h2>\n", escape(t.section_contact)));
    match &record.contact {
        Some(c) => {
            body.push_str(&format!(
                "<p>{}</p>\n<dl class=\"facts contact\">\n",
                escape(t.contact_consented)
            ));
            row(&mut body, ct.name.short, c.name.as_deref().unwrap_or(""));
            row(&mut body, ct.email.short, c.email.as_deref().unwrap_or(""));
            row(&mut body, ct.phone.short, c.phone.as_deref().unwrap_or(""));
            body.push_str("</dl>\n");
        }
        None => body.push_str(&format!("<p>{}</p>\n", escape(t.no_contact))),
    }

    body.push_str(&format!(
        "<h2>{}</h2>\n<p class=\"hint\">{}</p>\n",
        escape(t.section_public),
        escape(t.public_intro)
    ));
    if record.meeting_date.is_none() && record.public_answer.is_none() && record.reason.is_none() {
        body.push_str(&format!("<p>{}</p>\n", escape(t.nothing_public_yet)));
    } else {
        body.push_str("<dl class=\"facts public\">\n");
        row(
            &mut body,
            t.meeting_date,
            record.meeting_date.as_deref().unwrap_or(""),
        );
        row(
            &mut body,
            t.public_answer,
            record.public_answer.as_deref().unwrap_or(""),
        );
        row(&mut body, t.reason, record.reason.as_deref().unwrap_or(""));
        body.push_str("</dl>\n");
    }

    body.push_str(&format!(
        "<h2 id=\"history-heading\">{}</h2>\n<table aria-labelledby=\"history-heading\">\n{}",
        escape(t.history_heading),
        thead(&[
            Col::Text(t.col_when),
            Col::Text(t.status),
            Col::Text(t.col_note)
        ])
    ));
    for h in history {
        body.push_str(&format!(
            "<tr><td>{}</td><td>{}</td><td class=\"note\">{}</td></tr>\n",
            when(h.at),
            escape(status_label(lang, h.status)),
            escape(h.note.as_deref().unwrap_or(""))
        ));
    }
    body.push_str("</tbody>\n</table>\n");
    body.push_str(&format!(
        "<p class=\"hint\">{}</p>\n",
        escape(medvirk_core::admin::texts::shell(lang).times_local)
    ));

    body.push_str(&actions(record, typed, t));
    respond(&frame, StatusCode::OK, &body)
}

/// A form per move the lifecycle allows from the case's status. After a stale or wrong post,
/// what was typed is back in its form; if that move no longer exists, it is shown as text so
/// nothing is lost.
fn actions(record: &CaseRecord, typed: &Typed, t: &CasesTexts) -> String {
    let mut out = format!(
        "<h2 id=\"actions\" tabindex=\"-1\">{}</h2>\n",
        escape(t.actions_heading)
    );
    if let Some(e) = typed.errors.iter().find(|e| e.field == "actions") {
        out.push_str(&field_error("actions", t.error_prefix, &e.message));
    }
    let next = record.status.next();
    if next.is_empty() {
        out.push_str(&format!("<p>{}</p>\n", escape(t.no_actions)));
    }
    let typed_to = CaseStatus::from_wire(typed.form.to.trim());
    let error_of = |field: &str| typed.errors.iter().find(|e| e.field == field);
    for &to in next {
        let mine = typed_to == Some(to);
        let label = action_label(t, record.status, to);
        out.push_str(&format!(
            "<form method=\"post\" action=\"/admin/cases/{}\" class=\"card action\" id=\"to-{}\">\n\
             <input type=\"hidden\" name=\"from\" value=\"{}\">\n\
             <input type=\"hidden\" name=\"to\" value=\"{}\">\n",
            escape(&record.receipt),
            to.wire(),
            record.status.wire(),
            to.wire()
        ));
        match to {
            CaseStatus::OnAgenda => {
                let value = if mine {
                    typed.form.meeting_date.clone()
                } else {
                    record.meeting_date.clone().unwrap_or_default()
                };
                let err = error_of("meeting-date").filter(|_| mine);
                out.push_str(&field_intro(
                    "meeting-date",
                    t.meeting_date,
                    Some(t.meeting_date_hint),
                    err.map(|e| (t.error_prefix, e.message.as_str())),
                ));
                out.push_str(&format!(
                    "<input type=\"text\" id=\"meeting-date\" name=\"meeting_date\" value=\"{}\" inputmode=\"numeric\" autocomplete=\"off\" spellcheck=\"false\"{}>\n",
                    escape(&value),
                    described("meeting-date", true, err.is_some())
                ));
            }
            CaseStatus::Decided | CaseStatus::NotTakenUp => {
                let (id, name, label, hint, value) = if to == CaseStatus::Decided {
                    (
                        "public-answer",
                        "public_answer",
                        t.public_answer,
                        t.public_answer_hint,
                        &typed.form.public_answer,
                    )
                } else {
                    (
                        "reason",
                        "reason",
                        t.reason,
                        t.reason_hint,
                        &typed.form.reason,
                    )
                };
                let err = error_of(id).filter(|_| mine);
                out.push_str(&field_intro(
                    id,
                    label,
                    Some(hint),
                    err.map(|e| (t.error_prefix, e.message.as_str())),
                ));
                out.push_str(&format!(
                    "<textarea id=\"{id}\" name=\"{name}\" rows=\"6\"{}>{}</textarea>\n",
                    described(id, true, err.is_some()),
                    escape(if mine { value } else { "" })
                ));
            }
            _ => {}
        }
        out.push_str(&format!(
            "<button type=\"submit\">{}</button>\n</form>\n",
            escape(label)
        ));
    }
    // Text typed for a move that is no longer offered (someone else moved the case on).
    let kept = typed_to.is_some_and(|to| !next.contains(&to));
    if kept {
        let text = [
            typed.form.meeting_date.trim(),
            typed.form.public_answer.trim(),
            typed.form.reason.trim(),
        ]
        .into_iter()
        .filter(|s| !s.is_empty())
        .collect::<Vec<_>>()
        .join("\n\n");
        if !text.is_empty() {
            out.push_str(&format!(
                "<h3>{}</h3>\n<blockquote class=\"typed\">{}</blockquote>\n",
                escape(t.your_text),
                escape(&text)
            ));
        }
    }
    out
}
