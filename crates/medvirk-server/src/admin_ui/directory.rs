//! The directory admin at `/admin/directory`: import with a preview of what changes, edits of a
//! person or membership, "confirmed today", terms ending soon and vacant seats.
//!
//! Every decision is `medvirk_core::directory`'s: the readers and the gate (`Directory::build`),
//! `diff` for the preview, `upkeep` for edits and the lists. The server keeps the whole native
//! document with its ETag, as the JSON API does, and every change is a compare-and-set on that
//! ETag (`Store::replace_directory_if`): a preview or an edit form carries the ETag it was made
//! from, so a change someone else stored in between is never overwritten unseen.
//!
//! The preview carries the normalised document to the confirm step in a hidden field rather than
//! in server memory, so it works the same behind several replicas and after a restart.

use axum::Router;
use axum::extract::multipart::MultipartError;
use axum::extract::{DefaultBodyLimit, Form, Multipart, Path, Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::get;
use medvirk_core::admin::directory_texts::{DirectoryTexts, directory_texts};
use medvirk_core::admin::import_texts::{csv_error, import_error, reason, row_problem};
use medvirk_core::directory::csv::{RowError, import_csv};
use medvirk_core::directory::diff::{Change, diff, membership_label};
use medvirk_core::directory::native::{read_native, write_native};
use medvirk_core::directory::popolo::read_popolo;
use medvirk_core::directory::search::fold;
use medvirk_core::directory::texts::{category_label, format_date, role_label, status_label};
use medvirk_core::directory::upkeep::{
    EditError, MembershipEdit, PersonEdit, confirm_membership, edit_membership, edit_person,
    ending_soon, vacancies,
};
use medvirk_core::directory::{
    Date, Directory, ImportError, ImportReport, Membership, RecordKind, Role, Status,
};
use medvirk_core::html::escape;
use medvirk_core::lang::Lang;
use serde::Deserialize;
use time::OffsetDateTime;

use super::markup::{
    Col, alert_notice, described, error_summary, field_error, field_intro, ok_status, thead, when,
};
use super::session::AdminSession;
use super::{Nav, error_page, respond};
use crate::AppState;
use crate::extract::DIRECTORY_BODY_LIMIT_BYTES;
use crate::routes::directory::etag;
use crate::store::StoredDirectory;

/// Most people listed on the overview; the search narrows it down.
const LIST_LIMIT: usize = 100;
/// Most changed records listed in a preview (the counts are always complete).
const PREVIEW_LIMIT: usize = 500;
/// The confirm form carries the document URL-encoded, which can triple its size.
const CONFIRM_BODY_LIMIT_BYTES: usize = 3 * DIRECTORY_BODY_LIMIT_BYTES + 64 * 1024;

/// The directory admin's routes.
pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/admin/directory", get(overview))
        .route(
            "/admin/directory/preview",
            get(back_to_overview)
                .post(preview)
                .layer(DefaultBodyLimit::max(
                    DIRECTORY_BODY_LIMIT_BYTES + 64 * 1024,
                )),
        )
        .route(
            "/admin/directory/import",
            get(back_to_overview)
                .post(import)
                .layer(DefaultBodyLimit::max(CONFIRM_BODY_LIMIT_BYTES)),
        )
        .route(
            "/admin/directory/persons/{id}",
            get(person_page).post(save_person),
        )
        .route(
            "/admin/directory/memberships/{id}",
            get(membership_page).post(save_membership),
        )
        .route(
            "/admin/directory/memberships/{id}/confirm",
            get(back_to_membership).post(confirm),
        )
}

/// `GET` of a page that answers a form post (the preview, the import's conflict page): what the
/// language switcher on such a page links to. The session has taken the new language by then;
/// the overview is where the import starts again.
async fn back_to_overview(_: AdminSession) -> Redirect {
    Redirect::to("/admin/directory#import-heading")
}

/// `GET` of the confirm action (its language link): back to the membership's page.
async fn back_to_membership(_: AdminSession, Path(id): Path<String>) -> Redirect {
    Redirect::to(&format!("/admin/directory/memberships/{}", segment(&id)))
}

/// An id as one URL path segment: everything but unreserved characters percent-encoded.
fn segment(id: &str) -> String {
    let mut out = String::with_capacity(id.len());
    for b in id.bytes() {
        if b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_' | b'.' | b'~') {
            out.push(char::from(b));
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

/// Today in Norway and Sweden, as core's date.
fn today() -> Date {
    let d = super::local_today();
    Date::new(
        u16::try_from(d.year()).unwrap_or(1970),
        u8::from(d.month()),
        d.day(),
    )
    .unwrap_or(Date {
        year: 1970,
        month: 1,
        day: 1,
    })
}

/// The stored directory, its ETag (of the empty document before the first import) and
/// whether anything is stored.
struct Current {
    dir: Directory,
    etag: String,
    updated_at: Option<OffsetDateTime>,
}

async fn current(state: &AppState) -> Result<Current, String> {
    match state.store.directory().await.map_err(|e| e.to_string())? {
        Some(stored) => {
            let report = read_native(&stored.document).map_err(|e| e.to_string())?;
            Ok(Current {
                dir: report.directory,
                etag: stored.etag,
                updated_at: Some(stored.updated_at),
            })
        }
        None => Ok(Current {
            etag: etag(&write_native(&Directory::default())),
            dir: Directory::default(),
            updated_at: None,
        }),
    }
}

/// Stores `dir` if the stored directory still has ETag `base`; `Ok(false)` when it changed.
async fn store_if(
    state: &AppState,
    base: &str,
    had_row: bool,
    dir: &Directory,
) -> Result<bool, String> {
    let document = write_native(dir);
    let stored = StoredDirectory {
        etag: etag(&document),
        document,
        updated_at: OffsetDateTime::now_utc(),
    };
    let expected = had_row.then_some(base);
    state
        .store
        .replace_directory_if(expected, stored)
        .await
        .map_err(|e| e.to_string())
}

fn failure(session: &AdminSession, e: &str) -> Response {
    eprintln!("medvirk-server: directory admin: {e}");
    let t = medvirk_core::admin::texts::shell(session.lang);
    let frame = session.frame(t.error_heading, Nav::Directory);
    error_page(&frame, StatusCode::INTERNAL_SERVER_ERROR, t.error_heading)
}

#[derive(Debug, Default, Deserialize)]
struct OverviewQuery {
    q: Option<String>,
    done: Option<String>,
}

/// What the import form shows again after an error: the pasted text and the chosen format.
#[derive(Debug, Default)]
struct ImportInput {
    text: String,
    format: String,
    error: Option<String>,
}

/// `GET /admin/directory`.
async fn overview(
    session: AdminSession,
    State(state): State<AppState>,
    Query(query): Query<OverviewQuery>,
) -> Response {
    match current(&state).await {
        Ok(cur) => overview_page(&session, &cur, &query, &ImportInput::default()),
        Err(e) => failure(&session, &e),
    }
}

fn overview_page(
    session: &AdminSession,
    cur: &Current,
    query: &OverviewQuery,
    input: &ImportInput,
) -> Response {
    let lang = session.lang;
    let t = directory_texts(lang);
    let frame = session.frame(t.title, Nav::Directory);
    let dir = &cur.dir;
    let today = today();
    let mut body = String::new();
    if let Some(e) = &input.error {
        body.push_str(&error_summary(
            t.error_summary_title,
            &[("file", e.clone())],
        ));
    }
    if query.done.is_some() {
        body.push_str(&ok_status(t.stored));
    }

    body.push_str(&format!(
        "<h2>{}</h2>\n<dl class=\"facts\">\n",
        escape(t.summary_heading)
    ));
    for (label, n) in [
        (t.persons, dir.persons().len()),
        (t.organisations, dir.organisations().len()),
        (t.councils, dir.councils().count()),
        (t.memberships, dir.memberships().len()),
    ] {
        body.push_str(&format!("<dt>{}</dt><dd>{n}</dd>\n", escape(label)));
    }
    if let Some(at) = cur.updated_at {
        body.push_str(&format!(
            "<dt>{}</dt><dd>{}</dd>\n<dt>{}</dt><dd><code>{}</code></dd>\n",
            escape(t.updated),
            when(at),
            escape(t.version),
            escape(cur.etag.trim_matches('"'))
        ));
    }
    body.push_str("</dl>\n");
    if dir.persons().is_empty() {
        body.push_str(&format!("<p>{}</p>\n", escape(t.empty)));
    }

    // Terms ending soon.
    body.push_str(&format!(
        "<h2 id=\"ending-heading\">{}</h2>\n",
        escape(t.ending_heading)
    ));
    let ending = ending_soon(dir, today);
    if ending.is_empty() {
        body.push_str(&format!("<p>{}</p>\n", escape(t.ending_none)));
    } else {
        body.push_str("<table aria-labelledby=\"ending-heading\">\n");
        body.push_str(&thead(&[
            Col::Text(t.col_person),
            Col::Text(t.col_council),
            Col::Text(t.col_role),
            Col::Text(t.col_term_end),
            Col::Text(t.col_confirmed),
        ]));
        for m in ending {
            let person = dir.person(&m.person_id).map_or("", |p| p.name.as_str());
            body.push_str(&format!(
                "<tr><td><a href=\"/admin/directory/memberships/{}\">{}</a></td><td>{}</td><td>{}</td><td>{}</td><td>{}</td></tr>\n",
                segment(&m.id),
                escape(person),
                escape(council_of(dir, m)),
                escape(role_label(lang, m.role)),
                escape(&m.end.map(|d| format_date(lang, d)).unwrap_or_default()),
                escape(&confirmed_text(t, lang, m))
            ));
        }
        body.push_str("</tbody>\n</table>\n");
    }

    // Vacant seats.
    body.push_str(&format!(
        "<h2 id=\"vacant-heading\">{}</h2>\n",
        escape(t.vacant_heading)
    ));
    let vacant = vacancies(dir, today);
    if vacant.is_empty() {
        body.push_str(&format!("<p>{}</p>\n", escape(t.vacant_none)));
    } else {
        body.push_str("<table aria-labelledby=\"vacant-heading\">\n");
        body.push_str(&thead(&[
            Col::Text(t.col_council),
            Col::Text(t.col_category),
            Col::Num(t.col_seats),
            Col::Num(t.col_filled),
            Col::Num(t.col_vacant),
        ]));
        for (council, s) in vacant {
            body.push_str(&format!(
                "<tr><td>{}</td><td>{}</td><td class=\"num\">{}</td><td class=\"num\">{}</td><td class=\"num\">{}</td></tr>\n",
                escape(&council.name),
                escape(category_label(lang, s.category)),
                s.seats,
                s.filled,
                s.vacant()
            ));
        }
        body.push_str("</tbody>\n</table>\n");
    }

    // People, with a search by name.
    body.push_str(&format!(
        "<h2 id=\"people-heading\">{}</h2>\n<form method=\"get\" action=\"/admin/directory\" class=\"filters\" role=\"search\" aria-labelledby=\"people-heading\">\n\
         <div><label for=\"q\">{}</label>\n<input type=\"search\" id=\"q\" name=\"q\" value=\"{}\"></div>\n\
         <div><button type=\"submit\">{}</button></div>\n</form>\n",
        escape(t.people_heading),
        escape(t.search_label),
        escape(query.q.as_deref().unwrap_or("")),
        escape(t.search_button)
    ));
    let needle = fold(query.q.as_deref().unwrap_or("").trim());
    let matching: Vec<_> = dir
        .persons()
        .iter()
        .filter(|p| needle.is_empty() || fold(&p.name).contains(&needle))
        .collect();
    if matching.is_empty() && !dir.persons().is_empty() {
        body.push_str(&format!("<p>{}</p>\n", escape(t.no_match)));
    } else if !matching.is_empty() {
        let shown = matching.len().min(LIST_LIMIT);
        body.push_str(&format!(
            "<p role=\"status\">{}</p>\n<table aria-labelledby=\"people-heading\">\n{}",
            escape(&showing(t, shown, matching.len())),
            thead(&[
                Col::Text(t.name),
                Col::Text(t.memberships),
                Col::Text(t.col_contact)
            ])
        ));
        for p in matching.iter().take(LIST_LIMIT) {
            let councils: Vec<String> = dir
                .memberships_of(&p.id)
                .map(|m| format!("{} ({})", council_of(dir, m), role_label(lang, m.role)))
                .collect();
            let contact: Vec<&str> = [p.email.as_deref(), p.phone.as_deref()]
                .into_iter()
                .flatten()
                .collect();
            body.push_str(&format!(
                "<tr><td><a href=\"/admin/directory/persons/{}\">{}</a></td><td>{}</td><td>{}</td></tr>\n",
                segment(&p.id),
                escape(&p.name),
                escape(&councils.join("; ")),
                escape(&contact.join(", "))
            ));
        }
        body.push_str("</tbody>\n</table>\n");
    }

    body.push_str(&import_form(t, input));
    let status = if input.error.is_some() {
        StatusCode::UNPROCESSABLE_ENTITY
    } else {
        StatusCode::OK
    };
    respond(&frame, status, &body)
}

fn import_form(t: &DirectoryTexts, input: &ImportInput) -> String {
    let mut out = format!(
        "<h2 id=\"import-heading\">{}</h2>\n<p>{}</p>\n\
         <form method=\"post\" action=\"/admin/directory/preview\" enctype=\"multipart/form-data\" class=\"import\" aria-labelledby=\"import-heading\">\n\
         <label for=\"file\">{}</label>\n<p class=\"hint\" id=\"file-hint\">{}</p>\n",
        escape(t.import_heading),
        escape(t.import_intro),
        escape(t.file_label),
        escape(t.file_hint)
    );
    if let Some(e) = &input.error {
        out.push_str(&field_error("file", t.error_prefix, e));
    }
    out.push_str(&format!(
        "<input type=\"file\" id=\"file\" name=\"file\" accept=\".json,.csv,application/json,text/csv\"{}>\n\
         <label for=\"text\">{}</label>\n<p class=\"hint\" id=\"text-hint\">{}</p>\n\
         <textarea id=\"text\" name=\"text\" rows=\"8\" spellcheck=\"false\" aria-describedby=\"text-hint\">{}</textarea>\n\
         <label for=\"format\">{}</label>\n<select id=\"format\" name=\"format\">\n",
        described("file", true, input.error.is_some()),
        escape(t.paste_label),
        escape(t.paste_hint),
        escape(&input.text),
        escape(t.format_label)
    ));
    for (value, label) in [
        ("auto", t.format_auto),
        ("native", t.format_native),
        ("popolo", t.format_popolo),
        ("csv", t.format_csv),
    ] {
        let selected = if input.format == value {
            " selected"
        } else {
            ""
        };
        out.push_str(&format!(
            "<option value=\"{value}\"{selected}>{}</option>\n",
            escape(label)
        ));
    }
    out.push_str(&format!(
        "</select>\n<p><button type=\"submit\">{}</button></p>\n</form>\n",
        escape(t.preview_button)
    ));
    out
}

/// An import read from the upload, before anything is stored.
struct Read {
    format: &'static str,
    report: ImportReport,
    /// CSV rows left out (or imported without a deputy link), with kind and cell.
    rows: Vec<RowError>,
}

/// Reads the upload as the chosen format, or detects it: CSV by file name or when the text does
/// not start with `{`; JSON as native when it has `schemaVersion`, else Popolo.
fn read_upload(lang: Lang, text: &str, file_name: &str, format: &str) -> Result<Read, String> {
    let t = directory_texts(lang);
    let unreadable = |detail: String| t.err_unreadable.replace("{detail}", &detail);
    let starts_json = text
        .trim_start_matches('\u{feff}')
        .trim_start()
        .starts_with('{');
    let csv = match format {
        "csv" => true,
        "native" | "popolo" => false,
        _ => file_name.to_ascii_lowercase().ends_with(".csv") || !starts_json,
    };
    if csv {
        let import = import_csv(text).map_err(|e| unreadable(csv_error(lang, &e)))?;
        return Ok(Read {
            format: "CSV",
            report: import.report,
            rows: import.errors,
        });
    }
    let json = |r: Result<ImportReport, ImportError>| {
        r.map_err(|e| unreadable(import_error(lang, &e, text)))
    };
    let (name, report) = match format {
        "native" => ("medvirk JSON", json(read_native(text))?),
        "popolo" => ("Popolo JSON", json(read_popolo(text))?),
        _ => match read_native(text) {
            Err(ImportError::WrongFormat) => ("Popolo JSON", json(read_popolo(text))?),
            other => ("medvirk JSON", json(other)?),
        },
    };
    Ok(Read {
        format: name,
        report,
        rows: Vec::new(),
    })
}

/// Why an upload could not be read, for the import form: too large, or the reader's detail.
fn upload_error(t: &DirectoryTexts, e: &MultipartError) -> String {
    if e.status() == StatusCode::PAYLOAD_TOO_LARGE {
        t.err_too_large.to_owned()
    } else {
        t.err_unreadable.replace("{detail}", &e.body_text())
    }
}

/// `POST /admin/directory/preview` (multipart: `file`, `text`, `format`): what the import
/// would change, with every row and record it would leave out. Stores nothing.
async fn preview(
    session: AdminSession,
    State(state): State<AppState>,
    mut multipart: Multipart,
) -> Response {
    let t = directory_texts(session.lang);
    let mut input = ImportInput::default();
    let mut file: Option<(String, Vec<u8>)> = None;
    loop {
        let field = match multipart.next_field().await {
            Ok(Some(field)) => field,
            Ok(None) => break,
            Err(e) => {
                eprintln!("medvirk-server: directory upload: {e}");
                input.error = Some(upload_error(t, &e));
                break;
            }
        };
        let name = field.name().unwrap_or("").to_owned();
        let file_name = field.file_name().unwrap_or("").to_owned();
        match field.bytes().await {
            Ok(bytes) => match name.as_str() {
                "file" if !bytes.is_empty() => file = Some((file_name, bytes.to_vec())),
                "text" => input.text = String::from_utf8_lossy(&bytes).into_owned(),
                "format" => input.format = String::from_utf8_lossy(&bytes).into_owned(),
                _ => {}
            },
            Err(e) => {
                input.error = Some(upload_error(t, &e));
                break;
            }
        }
    }
    let cur = match current(&state).await {
        Ok(cur) => cur,
        Err(e) => return failure(&session, &e),
    };
    let back =
        |input: &ImportInput| overview_page(&session, &cur, &OverviewQuery::default(), input);
    if input.error.is_some() {
        return back(&input);
    }
    let (file_name, text) = match file {
        Some((name, bytes)) => match String::from_utf8(bytes) {
            Ok(text) => (name, text),
            Err(_) => {
                input.error = Some(t.err_not_utf8.to_owned());
                return back(&input);
            }
        },
        None if input.text.trim().is_empty() => {
            input.error = Some(t.err_no_input.to_owned());
            return back(&input);
        }
        None => (String::new(), input.text.clone()),
    };
    match read_upload(session.lang, &text, &file_name, &input.format) {
        Ok(read) => preview_page(&session, &cur, &read),
        Err(message) => {
            input.error = Some(message);
            back(&input)
        }
    }
}

fn preview_page(session: &AdminSession, cur: &Current, read: &Read) -> Response {
    let lang = session.lang;
    let t = directory_texts(lang);
    let frame = session.frame(t.preview_title, Nav::Directory);
    let new = &read.report.directory;
    let changes = diff(&cur.dir, new);
    let mut body = format!(
        "<p>{}</p>\n<p>{}</p>\n",
        escape(t.preview_intro),
        escape(&t.read_as.replace("{format}", read.format))
    );

    if !read.rows.is_empty() {
        body.push_str(&format!(
            "<h2 id=\"row-errors\">{}</h2>\n<p>{}</p>\n<table aria-labelledby=\"row-errors\" class=\"row-errors\">\n{}",
            escape(t.row_errors_heading),
            escape(t.row_errors_intro),
            thead(&[
                Col::Num(t.col_line),
                Col::Text(t.col_column),
                Col::Text(t.col_problem)
            ])
        ));
        for e in &read.rows {
            body.push_str(&format!(
                "<tr><td class=\"num\">{}</td><td>{}</td><td>{}</td></tr>\n",
                e.line,
                escape(&e.column),
                escape(&row_problem(lang, e))
            ));
        }
        body.push_str("</tbody>\n</table>\n");
    }

    body.push_str(&format!(
        "<table class=\"summary\">\n<caption>{}</caption>\n{}",
        escape(t.summary_caption),
        thead(&[
            Col::Text(t.col_kind),
            Col::Num(t.col_added),
            Col::Num(t.col_removed),
            Col::Num(t.col_changed),
            Col::Num(t.col_after)
        ])
    ));
    for (kind, after) in [
        (RecordKind::Person, new.persons().len()),
        (RecordKind::Organisation, new.organisations().len()),
        (RecordKind::Membership, new.memberships().len()),
    ] {
        let c = changes.counts(kind);
        body.push_str(&format!(
            "<tr><th scope=\"row\">{}</th><td class=\"num\">{}</td><td class=\"num\">{}</td><td class=\"num\">{}</td><td class=\"num\">{after}</td></tr>\n",
            escape(t.kind(kind)),
            c.added,
            c.removed,
            c.changed
        ));
    }
    body.push_str("</tbody>\n</table>\n");

    if changes.is_empty() {
        body.push_str(&format!("<p>{}</p>\n", escape(t.nothing_changes)));
    } else {
        body.push_str(&format!(
            "<h2 id=\"changes-heading\">{}</h2>\n",
            escape(t.changes_heading)
        ));
        if changes.changes.len() > PREVIEW_LIMIT {
            body.push_str(&format!(
                "<p>{}</p>\n",
                escape(&showing(t, PREVIEW_LIMIT, changes.changes.len()))
            ));
        }
        body.push_str("<table aria-labelledby=\"changes-heading\" class=\"changes\">\n");
        body.push_str(&thead(&[
            Col::Text(t.col_kind),
            Col::Text(t.col_record),
            Col::Text(t.col_change),
        ]));
        for c in changes.changes.iter().take(PREVIEW_LIMIT) {
            let what = match &c.change {
                Change::Added => t.change_added.to_owned(),
                Change::Removed => t.change_removed.to_owned(),
                Change::Changed(fields) => t.fields(fields),
            };
            body.push_str(&format!(
                "<tr><td>{}</td><td>{}</td><td>{}</td></tr>\n",
                escape(t.kind(c.kind)),
                escape(&c.label),
                escape(&what)
            ));
        }
        body.push_str("</tbody>\n</table>\n");
    }

    let report = &read.report;
    let skipped: Vec<[&str; 4]> = report
        .skipped
        .iter()
        .map(|s| {
            [
                t.kind(s.kind),
                s.id.as_deref().unwrap_or(""),
                s.field.unwrap_or(""),
                reason(lang, s.reason),
            ]
        })
        .collect();
    body.push_str(&left_out_table(
        t,
        "skipped-heading",
        t.skipped_heading,
        &skipped,
    ));
    let dropped: Vec<[&str; 4]> = report
        .dropped
        .iter()
        .map(|d| {
            [
                t.kind(d.kind),
                d.id.as_str(),
                d.field,
                reason(lang, d.reason),
            ]
        })
        .collect();
    body.push_str(&left_out_table(
        t,
        "dropped-heading",
        t.dropped_heading,
        &dropped,
    ));

    body.push_str(&format!(
        "<form method=\"post\" action=\"/admin/directory/import\" class=\"confirm\">\n\
         <input type=\"hidden\" name=\"base\" value=\"{}\">\n\
         <input type=\"hidden\" name=\"document\" value=\"{}\">\n\
         <button type=\"submit\">{}</button>\n<a class=\"button secondary\" href=\"/admin/directory\">{}</a>\n</form>\n",
        escape(&cur.etag),
        escape(&write_native(new)),
        escape(t.confirm_button),
        escape(t.cancel)
    ));
    respond(&frame, StatusCode::OK, &body)
}

/// A titled table of what the import leaves out (records skipped, links dropped): kind, record,
/// field and why, one row each; nothing when the list is empty.
fn left_out_table(t: &DirectoryTexts, id: &str, heading: &str, rows: &[[&str; 4]]) -> String {
    if rows.is_empty() {
        return String::new();
    }
    let mut out = format!(
        "<h2 id=\"{id}\">{}</h2>\n<table aria-labelledby=\"{id}\">\n{}",
        escape(heading),
        thead(&[
            Col::Text(t.col_kind),
            Col::Text(t.col_record),
            Col::Text(t.col_field),
            Col::Text(t.col_problem)
        ])
    );
    for row in rows {
        out.push_str("<tr>");
        for cell in row {
            out.push_str(&format!("<td>{}</td>", escape(cell)));
        }
        out.push_str("</tr>\n");
    }
    out.push_str("</tbody>\n</table>\n");
    out
}

/// "Showing {shown} of {total}" for a list cut at a limit.
fn showing(t: &DirectoryTexts, shown: usize, total: usize) -> String {
    t.showing
        .replace("{shown}", &shown.to_string())
        .replace("{total}", &total.to_string())
}

/// The name of a membership's council, or nothing when the directory does not have it.
fn council_of<'a>(dir: &'a Directory, m: &Membership) -> &'a str {
    dir.organisation(&m.council_id)
        .map_or("", |o| o.name.as_str())
}

/// When a membership was last confirmed, or that it never was.
fn confirmed_text(t: &DirectoryTexts, lang: Lang, m: &Membership) -> String {
    m.confirmed_on
        .map_or_else(|| t.never_confirmed.to_owned(), |d| format_date(lang, d))
}

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
struct ImportBody {
    base: String,
    document: String,
}

/// `POST /admin/directory/import`: stores the previewed document, unless the directory changed
/// since the preview (409, nothing stored).
async fn import(
    session: AdminSession,
    State(state): State<AppState>,
    Form(body): Form<ImportBody>,
) -> Response {
    let t = directory_texts(session.lang);
    // The document went through the gate for the preview; reading it again keeps a tampered or
    // truncated form from storing anything core would not have built.
    let report = match read_native(&body.document) {
        Ok(report) => report,
        Err(e) => {
            let frame = session.frame(t.preview_title, Nav::Directory);
            return error_page(
                &frame,
                StatusCode::BAD_REQUEST,
                &t.err_unreadable
                    .replace("{detail}", &import_error(session.lang, &e, &body.document)),
            );
        }
    };
    let cur = match current(&state).await {
        Ok(cur) => cur,
        Err(e) => return failure(&session, &e),
    };
    let stored = if cur.etag == body.base {
        match store_if(
            &state,
            &body.base,
            cur.updated_at.is_some(),
            &report.directory,
        )
        .await
        {
            Ok(stored) => stored,
            Err(e) => return failure(&session, &e),
        }
    } else {
        false
    };
    if !stored {
        let frame = session.frame(t.preview_title, Nav::Directory);
        return respond(
            &frame,
            StatusCode::CONFLICT,
            &format!(
                "{}<p><a href=\"/admin/directory#import-heading\">{}</a></p>\n",
                alert_notice(t.stale_import),
                escape(t.back)
            ),
        );
    }
    eprintln!(
        "medvirk-server: directory imported by {} ({} memberships)",
        session.who,
        report.directory.memberships().len()
    );
    Redirect::to("/admin/directory?done=stored").into_response()
}

#[derive(Debug, Default, Deserialize)]
struct DoneQuery {
    done: Option<String>,
}

/// What an edit page shows besides the record: errors, a stale notice, a success message.
#[derive(Debug, Default)]
struct EditState {
    errors: Vec<EditError>,
    stale: bool,
    done: Option<String>,
}

impl EditState {
    fn error(&self, field: &str) -> Option<&EditError> {
        self.errors.iter().find(|e| e.field == field)
    }
}

/// The id of the form control for a core field name.
fn control(field: &str) -> &str {
    match field {
        "contact.email" => "email",
        "contact.phone" => "phone",
        "" => "main",
        f => f,
    }
}

fn messages(t: &DirectoryTexts, state: &EditState) -> String {
    let errors: Vec<(&str, String)> = state
        .errors
        .iter()
        .map(|e| (control(e.field), t.problem(e.field, e.problem)))
        .collect();
    let mut out = error_summary(t.error_summary_title, &errors);
    if state.stale {
        out.push_str(&alert_notice(t.stale_edit));
    }
    if let Some(done) = &state.done {
        out.push_str(&ok_status(done));
    }
    out.push_str(&format!(
        "<p><a href=\"/admin/directory\">{}</a></p>\n",
        escape(t.back)
    ));
    out
}

/// The opening of a record's edit form, with the ETag the form was made from.
fn form_start<E>(kind: &EditKind<E>, id: &str, etag: &str) -> String {
    format!(
        "<form method=\"post\" action=\"/admin/directory/{}/{}\" class=\"edit\">\n<input type=\"hidden\" name=\"etag\" value=\"{}\">\n",
        kind.segment,
        segment(id),
        escape(etag)
    )
}

/// The save button that closes an edit form.
fn save_button(t: &DirectoryTexts) -> String {
    format!(
        "<p><button type=\"submit\">{}</button></p>\n</form>\n",
        escape(t.save)
    )
}

/// One labelled text field (or textarea) with its hint and error.
fn text_field(
    t: &DirectoryTexts,
    state: &EditState,
    field: &str,
    label: &str,
    hint: Option<&str>,
    value: &str,
    multiline: bool,
) -> String {
    let id = control(field);
    let err = state.error(field);
    let problem = err.map(|e| t.problem(field, e.problem));
    let mut out = field_intro(
        id,
        label,
        hint,
        problem.as_deref().map(|m| (t.error_prefix, m)),
    );
    let aria = described(id, hint.is_some(), err.is_some());
    if multiline {
        out.push_str(&format!(
            "<textarea id=\"{id}\" name=\"{id}\" rows=\"3\"{aria}>{}</textarea>\n",
            escape(value)
        ));
    } else {
        out.push_str(&format!(
            "<input type=\"text\" id=\"{id}\" name=\"{id}\" value=\"{}\"{aria}>\n",
            escape(value)
        ));
    }
    out
}

/// One labelled `<select>` of `(value, label)` options with its error.
fn select_field(
    t: &DirectoryTexts,
    state: &EditState,
    field: &str,
    label: &str,
    options: &[(&str, &str)],
    value: &str,
) -> String {
    let err = state.error(field);
    let problem = err.map(|e| t.problem(field, e.problem));
    let mut out = field_intro(
        field,
        label,
        None,
        problem.as_deref().map(|m| (t.error_prefix, m)),
    );
    out.push_str(&format!(
        "<select id=\"{field}\" name=\"{field}\"{}>\n",
        described(field, false, err.is_some())
    ));
    for (name, text) in options {
        let selected = if *name == value { " selected" } else { "" };
        out.push_str(&format!(
            "<option value=\"{}\"{selected}>{}</option>\n",
            escape(name),
            escape(text)
        ));
    }
    out.push_str("</select>\n");
    out
}

/// The "mark as confirmed today" button of one membership.
fn confirm_button(t: &DirectoryTexts, id: &str, label: &str, back: &str) -> String {
    format!(
        "<form method=\"post\" action=\"/admin/directory/memberships/{}/confirm\" class=\"inline\">\n\
         <input type=\"hidden\" name=\"back\" value=\"{}\">\n\
         <button type=\"submit\" class=\"secondary\">{}<span class=\"visually-hidden\"> ({})</span></button>\n</form>\n",
        segment(id),
        escape(back),
        escape(t.confirm_today),
        escape(label)
    )
}

/// `GET /admin/directory/persons/{id}`.
async fn person_page(
    session: AdminSession,
    State(state): State<AppState>,
    Path(id): Path<String>,
    Query(query): Query<DoneQuery>,
) -> Response {
    edit_page(session, &state, &id, query, &PERSON).await
}

/// `GET /admin/directory/memberships/{id}`.
async fn membership_page(
    session: AdminSession,
    State(state): State<AppState>,
    Path(id): Path<String>,
    Query(query): Query<DoneQuery>,
) -> Response {
    edit_page(session, &state, &id, query, &MEMBERSHIP).await
}

/// The edit form of one record as it is stored, with the message of the change that led here.
async fn edit_page<E>(
    session: AdminSession,
    state: &AppState,
    id: &str,
    query: DoneQuery,
    kind: &EditKind<E>,
) -> Response {
    let cur = match current(state).await {
        Ok(cur) => cur,
        Err(e) => return failure(&session, &e),
    };
    let Some(edit) = (kind.load)(&cur.dir, id) else {
        return missing(&session);
    };
    let t = directory_texts(session.lang);
    let done = done_message(t, session.lang, query.done.as_deref());
    (kind.form)(
        &session,
        &cur,
        id,
        &edit,
        &EditState {
            done,
            ..EditState::default()
        },
        StatusCode::OK,
    )
}

/// The success message after a redirect: `?done=saved` or `?done=confirmed`.
fn done_message(t: &DirectoryTexts, lang: Lang, done: Option<&str>) -> Option<String> {
    done.map(|d| match d {
        "confirmed" => t
            .confirmed
            .replace("{date}", &format_date(lang, today().into())),
        _ => t.saved.to_owned(),
    })
}

fn missing(session: &AdminSession) -> Response {
    let t = directory_texts(session.lang);
    let frame = session.frame(t.title, Nav::Directory);
    error_page(&frame, StatusCode::NOT_FOUND, t.not_found)
}

fn person_form(
    session: &AdminSession,
    cur: &Current,
    id: &str,
    edit: &PersonEdit,
    state: &EditState,
    status: StatusCode,
) -> Response {
    let lang = session.lang;
    let t = directory_texts(lang);
    let dir = &cur.dir;
    let stored_name = dir
        .person(id)
        .map_or(edit.name.as_str(), |p| p.name.as_str());
    let title = t.edit_person_title.replace("{name}", stored_name);
    let frame = session.frame(&title, Nav::Directory);
    let mut body = messages(t, state);
    body.push_str(&form_start(&PERSON, id, &cur.etag));
    for (field, label, hint, value, multiline) in [
        ("name", t.name, None, &edit.name, false),
        ("email", t.email, None, &edit.email, false),
        ("phone", t.phone, None, &edit.phone, false),
        (
            "address",
            t.address,
            Some(t.address_hint),
            &edit.address,
            true,
        ),
    ] {
        body.push_str(&text_field(t, state, field, label, hint, value, multiline));
    }
    body.push_str(&save_button(t));

    body.push_str(&format!(
        "<h2 id=\"memberships-heading\">{}</h2>\n",
        escape(t.memberships)
    ));
    let back = format!("/admin/directory/persons/{}", segment(id));
    let mut any = false;
    for m in dir.memberships_of(id) {
        if !any {
            body.push_str("<table aria-labelledby=\"memberships-heading\">\n");
            body.push_str(&thead(&[
                Col::Text(t.col_council),
                Col::Text(t.col_role),
                Col::Text(t.col_term),
                Col::Text(t.col_status),
                Col::Text(t.col_confirmed),
                Col::Text(t.edit),
            ]));
            any = true;
        }
        let label = membership_label(dir, m);
        body.push_str(&format!(
            "<tr><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}{}</td><td><a href=\"/admin/directory/memberships/{}\">{}<span class=\"visually-hidden\"> ({})</span></a></td></tr>\n",
            escape(council_of(dir, m)),
            escape(role_label(lang, m.role)),
            escape(&medvirk_core::directory::texts::term_range(lang, m.start, m.end)),
            escape(status_label(lang, m.status)),
            escape(&confirmed_text(t, lang, m)),
            confirm_button(t, &m.id, &label, &back),
            segment(&m.id),
            escape(t.edit),
            escape(&label)
        ));
    }
    if any {
        body.push_str("</tbody>\n</table>\n");
    }
    respond(&frame, status, &body)
}

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
struct PersonBody {
    etag: String,
    name: String,
    email: String,
    phone: String,
    address: String,
}

/// `POST /admin/directory/persons/{id}`.
async fn save_person(
    session: AdminSession,
    State(state): State<AppState>,
    Path(id): Path<String>,
    Form(body): Form<PersonBody>,
) -> Response {
    let edit = PersonEdit {
        name: body.name,
        email: body.email,
        phone: body.phone,
        address: body.address,
    };
    save_edit(session, &state, &id, &body.etag, &edit, &PERSON).await
}

/// What differs between editing a person and editing a membership.
struct EditKind<E> {
    /// For the log line.
    noun: &'static str,
    /// The URL segment under `/admin/directory/`.
    segment: &'static str,
    /// The stored record as its form's fields; `None` when there is no such record.
    load: fn(&Directory, &str) -> Option<E>,
    apply: fn(&Directory, &str, &E) -> Result<Directory, Vec<EditError>>,
    form: fn(&AdminSession, &Current, &str, &E, &EditState, StatusCode) -> Response,
}

const PERSON: EditKind<PersonEdit> = EditKind {
    noun: "person",
    segment: "persons",
    load: |dir, id| dir.person(id).map(PersonEdit::from_person),
    apply: edit_person,
    form: person_form,
};

const MEMBERSHIP: EditKind<MembershipEdit> = EditKind {
    noun: "membership",
    segment: "memberships",
    load: |dir, id| dir.membership(id).map(MembershipEdit::from_membership),
    apply: edit_membership,
    form: membership_form,
};

/// Checks and stores one edit: the form again with field errors (422), or with what was typed
/// and a stale notice (409) when the directory changed since the form was shown, or a redirect
/// to the saved record.
async fn save_edit<E>(
    session: AdminSession,
    state: &AppState,
    id: &str,
    etag: &str,
    edit: &E,
    kind: &EditKind<E>,
) -> Response {
    let cur = match current(state).await {
        Ok(cur) => cur,
        Err(e) => return failure(&session, &e),
    };
    if (kind.load)(&cur.dir, id).is_none() {
        return missing(&session);
    }
    let stale = |cur: &Current| {
        (kind.form)(
            &session,
            cur,
            id,
            edit,
            &EditState {
                stale: true,
                ..EditState::default()
            },
            StatusCode::CONFLICT,
        )
    };
    if etag != cur.etag {
        return stale(&cur);
    }
    match (kind.apply)(&cur.dir, id, edit) {
        Err(errors) => (kind.form)(
            &session,
            &cur,
            id,
            edit,
            &EditState {
                errors,
                ..EditState::default()
            },
            StatusCode::UNPROCESSABLE_ENTITY,
        ),
        Ok(new) => match store_if(state, &cur.etag, cur.updated_at.is_some(), &new).await {
            Ok(true) => {
                eprintln!(
                    "medvirk-server: directory {} {id:?} edited by {}",
                    kind.noun, session.who
                );
                Redirect::to(&format!(
                    "/admin/directory/{}/{}?done=saved",
                    kind.segment,
                    segment(id)
                ))
                .into_response()
            }
            Ok(false) => match current(state).await {
                Ok(cur) => stale(&cur),
                Err(e) => failure(&session, &e),
            },
            Err(e) => failure(&session, &e),
        },
    }
}

fn membership_form(
    session: &AdminSession,
    cur: &Current,
    id: &str,
    edit: &MembershipEdit,
    state: &EditState,
    status: StatusCode,
) -> Response {
    let lang: Lang = session.lang;
    let t = directory_texts(lang);
    let dir = &cur.dir;
    let Some(m) = dir.membership(id) else {
        return missing(session);
    };
    let label = membership_label(dir, m);
    let title = t.edit_membership_title.replace("{label}", &label);
    let frame = session.frame(&title, Nav::Directory);
    let mut body = messages(t, state);
    body.push_str(&format!(
        "<p><a href=\"/admin/directory/persons/{}\">{}</a></p>\n",
        segment(&m.person_id),
        escape(&t.edit_named.replace(
            "{name}",
            dir.person(&m.person_id).map_or("", |p| p.name.as_str())
        ))
    ));
    body.push_str(&form_start(&MEMBERSHIP, id, &cur.etag));
    let roles: Vec<(&str, &str)> = Role::ALL
        .iter()
        .map(|&r| (r.as_str(), role_label(lang, r)))
        .collect();
    body.push_str(&select_field(t, state, "role", t.role, &roles, &edit.role));
    let statuses: Vec<(&str, &str)> = Status::ALL
        .iter()
        .map(|&s| (s.as_str(), status_label(lang, s)))
        .collect();
    body.push_str(&select_field(
        t,
        state,
        "status",
        t.status,
        &statuses,
        &edit.status,
    ));
    for (field, label, value) in [("start", t.start, &edit.start), ("end", t.end, &edit.end)] {
        body.push_str(&text_field(
            t,
            state,
            field,
            label,
            Some(t.date_hint),
            value,
            false,
        ));
    }
    body.push_str(&format!(
        "<p class=\"hint\">{}</p>\n",
        escape(t.membership_contact_hint)
    ));
    for (field, label, value) in [
        ("contact.email", t.email, &edit.email),
        ("contact.phone", t.phone, &edit.phone),
    ] {
        body.push_str(&text_field(t, state, field, label, None, value, false));
    }
    body.push_str(&save_button(t));
    body.push_str(&format!(
        "<h2>{}</h2>\n<p>{}</p>\n",
        escape(t.col_confirmed),
        escape(&confirmed_text(t, lang, m))
    ));
    body.push_str(&confirm_button(
        t,
        id,
        &label,
        &format!("/admin/directory/memberships/{}", segment(id)),
    ));
    respond(&frame, status, &body)
}

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
struct MembershipBody {
    etag: String,
    role: String,
    status: String,
    start: String,
    end: String,
    email: String,
    phone: String,
}

/// `POST /admin/directory/memberships/{id}`.
async fn save_membership(
    session: AdminSession,
    State(state): State<AppState>,
    Path(id): Path<String>,
    Form(body): Form<MembershipBody>,
) -> Response {
    let edit = MembershipEdit {
        role: body.role,
        status: body.status,
        start: body.start,
        end: body.end,
        email: body.email,
        phone: body.phone,
    };
    save_edit(session, &state, &id, &body.etag, &edit, &MEMBERSHIP).await
}

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
struct ConfirmBody {
    back: String,
}

/// `POST /admin/directory/memberships/{id}/confirm`: "confirmed today". Confirming is the same
/// whoever does it first, so a changed directory does not make it stale: it is applied to the
/// directory as it is now (still as a compare-and-set on that version).
async fn confirm(
    session: AdminSession,
    State(state): State<AppState>,
    Path(id): Path<String>,
    Form(body): Form<ConfirmBody>,
) -> Response {
    let cur = match current(&state).await {
        Ok(cur) => cur,
        Err(e) => return failure(&session, &e),
    };
    let Some(new) = confirm_membership(&cur.dir, &id, today()) else {
        return missing(&session);
    };
    match store_if(&state, &cur.etag, cur.updated_at.is_some(), &new).await {
        Ok(true) => {}
        Ok(false) => {
            let t = directory_texts(session.lang);
            let frame = session.frame(t.title, Nav::Directory);
            return error_page(&frame, StatusCode::CONFLICT, t.stale_edit);
        }
        Err(e) => return failure(&session, &e),
    }
    // Only our own pages are places to go back to.
    let back = if body.back.starts_with("/admin/directory") && !body.back.contains("//") {
        body.back
    } else {
        format!("/admin/directory/memberships/{}", segment(&id))
    };
    let sep = if back.contains('?') { '&' } else { '?' };
    Redirect::to(&format!("{back}{sep}done=confirmed")).into_response()
}
