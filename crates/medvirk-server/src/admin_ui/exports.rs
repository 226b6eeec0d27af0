//! `GET /admin/exports` and the downloads under it: feedback and cases as CSV (`;` or `,`, UTF-8 with BOM) or JSON, streamed.
//!
//! Every CSV cell goes through `medvirk_core::csv_out`, which neutralises formulas: the cells hold
//! what strangers typed, and council staff open the files in Excel. CSV files start with a BOM
//! (Nordic Excel needs it to read UTF-8); JSON never does (RFC 8259 forbids it).
//!
//! Both are streamed: the body is produced page by page from the store with keyset pagination
//! (`after` + `limit` on the store's filters), so memory stays flat however many rows there are
//! and the download starts at once. Contact details appear only for cases whose proposer
//! consented: the store never holds them otherwise (`CaseRecord::contact` is `None`). Dates in
//! the forms are Norwegian/Swedish days; times in the files stay UTC (RFC 3339), for machines.

use std::sync::Arc;

use axum::Router;
use axum::body::{Body, Bytes};
use axum::extract::{Query, State};
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use futures_util::stream::{self, Stream};
use medvirk_core::admin::results_texts::{exports, results};
use medvirk_core::admin::texts::{endonym, shell};
use medvirk_core::csv_out::{CsvWriter, Delimiter};
use medvirk_core::html::escape;
use medvirk_core::lang::Lang;
use serde::Deserialize;
use time::OffsetDateTime;

use super::results::{day_start, parse_date};
use super::session::AdminSession;
use super::{Nav, error_page, respond};
use crate::AppState;
use crate::routes::admin::{AdminFeedbackItem, CSV_COLUMNS};
use crate::routes::cases::AdminCase;
use crate::store::{
    CaseFilter, CaseRecord, FeedbackFilter, FeedbackRecord, Store, StoreFuture, format_time,
};

/// Rows per store query (and per streamed chunk) of a feedback export.
pub const PAGE: u32 = 1000;
/// Cases per store query (and per streamed chunk) of a cases export.
pub const CASE_PAGE: u32 = 500;

pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/admin/exports", get(exports_page))
        .route("/admin/exports/feedback", get(feedback_export))
        .route("/admin/exports/cases", get(cases_export))
}

/// What a download is written as.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Format {
    Csv(Delimiter),
    Json,
}

impl Format {
    /// `csv-semicolon` (the default), `csv-comma` or `json`.
    pub fn parse(s: &str) -> Option<Format> {
        match s.trim() {
            "" | "csv" | "csv-semicolon" => Some(Format::Csv(Delimiter::Semicolon)),
            "csv-comma" => Some(Format::Csv(Delimiter::Comma)),
            "json" => Some(Format::Json),
            _ => None,
        }
    }

    fn content_type(self) -> &'static str {
        match self {
            Format::Csv(_) => "text/csv; charset=utf-8",
            Format::Json => "application/json",
        }
    }

    fn extension(self) -> &'static str {
        match self {
            Format::Csv(_) => "csv",
            Format::Json => "json",
        }
    }
}

/// The fields of both export forms; empty fields arrive as empty strings.
#[derive(Debug, Default, Deserialize)]
pub struct ExportQuery {
    #[serde(default)]
    format: String,
    #[serde(default)]
    from: String,
    #[serde(default)]
    to: String,
    #[serde(default)]
    widget: String,
    #[serde(default)]
    language: String,
    /// `all` (default), `exclude` or `only`.
    #[serde(default)]
    suspicious: String,
    #[serde(default)]
    council: String,
    /// The page language switch, handled by the session.
    #[serde(default)]
    #[allow(dead_code)]
    lang: String,
}

fn suspicious_filter(value: &str) -> Option<Option<bool>> {
    match value.trim() {
        "" | "all" => Some(None),
        "exclude" => Some(Some(false)),
        "only" => Some(Some(true)),
        _ => None,
    }
}

async fn exports_page(session: AdminSession) -> Response {
    let lang = session.lang;
    let frame = session.frame(shell(lang).nav_exports, Nav::Exports);
    respond(&frame, StatusCode::OK, &page_body(lang))
}

fn format_select(lang: Lang, id: &str) -> String {
    let e = exports(lang);
    format!(
        "<div><label for=\"{id}\">{}</label>\n<select id=\"{id}\" name=\"format\">\n\
         <option value=\"csv-semicolon\" selected>{}</option>\n<option value=\"csv-comma\">{}</option>\n\
         <option value=\"json\">{}</option>\n</select></div>\n",
        escape(e.format_label),
        escape(e.csv_semicolon),
        escape(e.csv_comma),
        escape(e.json),
    )
}

fn suspicious_select(lang: Lang, id: &str) -> String {
    let e = exports(lang);
    format!(
        "<div><label for=\"{id}\">{}</label>\n<select id=\"{id}\" name=\"suspicious\">\n\
         <option value=\"all\" selected>{}</option>\n<option value=\"exclude\">{}</option>\n\
         <option value=\"only\">{}</option>\n</select></div>\n",
        escape(e.suspicious_label),
        escape(e.suspicious_all),
        escape(e.suspicious_none),
        escape(e.suspicious_only),
    )
}

/// The exports page: one GET form per dataset (a plain download, no script).
pub fn page_body(lang: Lang) -> String {
    let e = exports(lang);
    let r = results(lang);
    let mut out = format!("<p>{}</p>\n", escape(e.intro));
    // Hints come before the form's fields, so a sighted reader meets them in order.
    out.push_str(&format!(
        "<section aria-labelledby=\"feedback-export-heading\">\n<h2 id=\"feedback-export-heading\">{}</h2>\n\
         <p class=\"hint\" id=\"export-date-hint\">{}</p>\n<p class=\"hint\" id=\"export-widget-hint\">{}</p>\n\
         <form method=\"get\" action=\"/admin/exports/feedback\" class=\"filters\" id=\"feedback-export\">\n",
        escape(e.feedback_heading),
        escape(r.date_hint),
        escape(r.widget_hint),
    ));
    out.push_str(&format_select(lang, "feedback-format"));
    for (name, label) in [("from", r.from_label), ("to", r.to_label)] {
        out.push_str(&format!(
            "<div><label for=\"feedback-{name}\">{}</label>\n<input type=\"date\" id=\"feedback-{name}\" name=\"{name}\" \
             aria-describedby=\"export-date-hint\"></div>\n",
            escape(label)
        ));
    }
    out.push_str(&format!(
        "<div><label for=\"feedback-widget\">{}</label>\n<input type=\"text\" id=\"feedback-widget\" name=\"widget\" \
         autocomplete=\"off\" spellcheck=\"false\" aria-describedby=\"export-widget-hint\"></div>\n\
         <div><label for=\"feedback-language\">{}</label>\n<select id=\"feedback-language\" name=\"language\">\n\
         <option value=\"\">{}</option>\n",
        escape(r.widget_label),
        escape(r.language_label),
        escape(r.all_languages),
    ));
    for l in Lang::ALL {
        out.push_str(&format!(
            "<option value=\"{tag}\" lang=\"{tag}\">{}</option>\n",
            endonym(l),
            tag = l.tag()
        ));
    }
    out.push_str("</select></div>\n");
    out.push_str(&suspicious_select(lang, "feedback-suspicious"));
    out.push_str(&format!(
        "<div><button type=\"submit\">{}</button></div>\n</form>\n</section>\n",
        escape(e.download),
    ));

    out.push_str(&format!(
        "<section aria-labelledby=\"cases-export-heading\">\n<h2 id=\"cases-export-heading\">{}</h2>\n\
         <p>{}</p>\n<p class=\"hint\" id=\"council-hint\">{}</p>\n\
         <form method=\"get\" action=\"/admin/exports/cases\" class=\"filters\" id=\"cases-export\">\n",
        escape(e.cases_heading),
        escape(e.contact_note),
        escape(e.council_hint),
    ));
    out.push_str(&format_select(lang, "cases-format"));
    out.push_str(&format!(
        "<div><label for=\"cases-council\">{}</label>\n<input type=\"text\" id=\"cases-council\" name=\"council\" \
         autocomplete=\"off\" aria-describedby=\"council-hint\"></div>\n",
        escape(e.council_label)
    ));
    out.push_str(&suspicious_select(lang, "cases-suspicious"));
    out.push_str(&format!(
        "<div><button type=\"submit\">{}</button></div>\n</form>\n</section>\n",
        escape(e.download),
    ));
    out.push_str(&format!("<p class=\"hint\">{}</p>\n", escape(e.csv_note)));
    out
}

/// A download: type, file name with today's date, no caching.
fn download(format: Format, what: &str, body: Body) -> Response {
    let date = super::local_today();
    let mut response = ([(header::CONTENT_TYPE, format.content_type())], body).into_response();
    let h = response.headers_mut();
    if let Ok(v) = HeaderValue::from_str(&format!(
        "attachment; filename=\"medvirk-{what}-{date}.{}\"",
        format.extension()
    )) {
        h.insert(header::CONTENT_DISPOSITION, v);
    }
    response
}

/// The error page of a download whose form was wrong.
fn bad_form(session: &AdminSession, message: &str) -> Response {
    let frame = session.frame(shell(session.lang).nav_exports, Nav::Exports);
    error_page(&frame, StatusCode::BAD_REQUEST, message)
}

async fn feedback_export(
    session: AdminSession,
    State(state): State<AppState>,
    Query(q): Query<ExportQuery>,
) -> Response {
    let r = results(session.lang);
    let Some(format) = Format::parse(&q.format) else {
        return bad_form(&session, shell(session.lang).not_found);
    };
    let (Ok(from), Ok(to)) = (parse_date(&q.from), parse_date(&q.to)) else {
        return bad_form(&session, r.bad_date);
    };
    if let (Some(f), Some(t)) = (from, to)
        && f > t
    {
        return bad_form(&session, r.range_order);
    }
    let Some(suspicious) = suspicious_filter(&q.suspicious) else {
        return bad_form(&session, shell(session.lang).not_found);
    };
    let filter = FeedbackFilter {
        widget_id: Some(q.widget.trim().to_owned()).filter(|w| !w.is_empty()),
        from: from.map(day_start),
        until: to.and_then(time::Date::next_day).map(day_start),
        suspicious,
        language: Lang::parse(q.language.trim()).map(|l| l.tag().to_owned()),
        ..FeedbackFilter::default()
    };
    start_download(&session, &state, filter, format)
}

async fn cases_export(
    session: AdminSession,
    State(state): State<AppState>,
    Query(q): Query<ExportQuery>,
) -> Response {
    let Some(format) = Format::parse(&q.format) else {
        return bad_form(&session, shell(session.lang).not_found);
    };
    let Some(suspicious) = suspicious_filter(&q.suspicious) else {
        return bad_form(&session, shell(session.lang).not_found);
    };
    let filter = CaseFilter {
        council: Some(q.council.trim().to_owned()).filter(|c| !c.is_empty()),
        suspicious,
        ..CaseFilter::default()
    };
    start_download(&session, &state, filter, format)
}

/// Logs who exports what and answers with the streamed file.
fn start_download<E: Export>(
    session: &AdminSession,
    state: &AppState,
    filter: E,
    format: Format,
) -> Response {
    eprintln!(
        "medvirk-server: {} export ({}) by {}",
        E::NAME,
        format.extension(),
        session.who
    );
    download(
        format,
        E::NAME,
        Body::from_stream(export_stream(state.store.clone(), filter, format)),
    )
}

/// What differs between the feedback and the cases export; the filter of each is the export.
/// Paging, the CSV header and BOM, the JSON envelope and the error handling are the same for
/// both, so they live once in [`export_stream`].
pub trait Export: Clone + Send + Sync + 'static {
    type Record: Send;
    /// In the log line and the file name.
    const NAME: &'static str;
    /// Records per store query and per streamed chunk.
    const PAGE: u32;
    /// About how many bytes one record takes, to size a chunk's buffer.
    const RECORD_BYTES: usize;
    /// The CSV header row.
    const COLUMNS: &'static [&'static str];
    /// The page of records after the keyset `after` (`None`: from the start).
    fn page<'a>(
        &self,
        store: &'a dyn Store,
        after: Option<(OffsetDateTime, String)>,
    ) -> StoreFuture<'a, Vec<Self::Record>>;
    /// The keyset that the next page starts after.
    fn key(record: &Self::Record) -> (OffsetDateTime, String);
    /// One CSV record, in [`Export::COLUMNS`] order.
    fn cells(record: Self::Record) -> impl IntoIterator<Item = String>;
    /// One JSON item.
    fn json(record: Self::Record) -> serde_json::Result<String>;
}

impl Export for FeedbackFilter {
    type Record = FeedbackRecord;
    const NAME: &'static str = "feedback";
    const PAGE: u32 = PAGE;
    const RECORD_BYTES: usize = 200;
    const COLUMNS: &'static [&'static str] = &CSV_COLUMNS;

    fn page<'a>(
        &self,
        store: &'a dyn Store,
        after: Option<(OffsetDateTime, String)>,
    ) -> StoreFuture<'a, Vec<FeedbackRecord>> {
        store.list_feedback(FeedbackFilter {
            after,
            limit: Some(PAGE),
            ..self.clone()
        })
    }

    fn key(r: &FeedbackRecord) -> (OffsetDateTime, String) {
        (r.received_at, r.id.clone())
    }

    fn cells(r: FeedbackRecord) -> impl IntoIterator<Item = String> {
        AdminFeedbackItem::from(r).csv_record()
    }

    fn json(r: FeedbackRecord) -> serde_json::Result<String> {
        serde_json::to_string(&AdminFeedbackItem::from(r))
    }
}

impl Export for CaseFilter {
    type Record = CaseRecord;
    const NAME: &'static str = "cases";
    const PAGE: u32 = CASE_PAGE;
    const RECORD_BYTES: usize = 600;
    const COLUMNS: &'static [&'static str] = &CASE_COLUMNS;

    fn page<'a>(
        &self,
        store: &'a dyn Store,
        after: Option<(OffsetDateTime, String)>,
    ) -> StoreFuture<'a, Vec<CaseRecord>> {
        store.list_cases(CaseFilter {
            after,
            limit: Some(CASE_PAGE),
            ..self.clone()
        })
    }

    fn key(r: &CaseRecord) -> (OffsetDateTime, String) {
        (r.received_at, r.receipt.clone())
    }

    fn cells(r: CaseRecord) -> impl IntoIterator<Item = String> {
        case_cells(&r)
    }

    fn json(r: CaseRecord) -> serde_json::Result<String> {
        serde_json::to_string(&AdminCase::from(r))
    }
}

/// Where a streamed export has got to: after which record, and how many were written.
enum Cursor {
    Start,
    After(OffsetDateTime, String, u64),
    Done,
}

/// An export body, one store page per chunk: header (and BOM) first, the closing bracket and
/// count of the JSON last. A store error ends the stream with an error, so the client sees a
/// broken download rather than a silently short file.
pub fn export_stream<E: Export>(
    store: Arc<dyn Store>,
    filter: E,
    format: Format,
) -> impl Stream<Item = Result<Bytes, std::io::Error>> + Send + 'static {
    stream::unfold(Cursor::Start, move |cursor| {
        let store = store.clone();
        let filter = filter.clone();
        async move {
            let (after, written) = match cursor {
                Cursor::Done => return None,
                Cursor::Start => (None, 0),
                Cursor::After(t, key, n) => (Some((t, key)), n),
            };
            let first = after.is_none();
            let page = match filter.page(store.as_ref(), after).await {
                Ok(page) => page,
                Err(e) => {
                    eprintln!("medvirk-server: {} export failed: {e}", E::NAME);
                    return Some((Err(std::io::Error::other(e.to_string())), Cursor::Done));
                }
            };
            let last = page.len() < E::PAGE as usize;
            let next_after = page.last().map(E::key);
            let count = written + page.len() as u64;
            let mut chunk = String::with_capacity(page.len() * E::RECORD_BYTES + 64);
            match format {
                Format::Csv(delimiter) => {
                    let mut csv = CsvWriter::new(delimiter, first);
                    if first {
                        csv.row(E::COLUMNS);
                    }
                    for r in page {
                        csv.row(E::cells(r));
                    }
                    chunk.push_str(&csv.finish());
                }
                Format::Json => {
                    if first {
                        chunk.push_str("{\"items\":[");
                    }
                    for (i, r) in page.into_iter().enumerate() {
                        if written > 0 || i > 0 {
                            chunk.push(',');
                        }
                        chunk.push('\n');
                        match E::json(r) {
                            Ok(json) => chunk.push_str(&json),
                            Err(e) => {
                                return Some((
                                    Err(std::io::Error::other(e.to_string())),
                                    Cursor::Done,
                                ));
                            }
                        }
                    }
                    if last {
                        chunk.push_str(&format!("\n],\"count\":{count}}}\n"));
                    }
                }
            }
            let next = match next_after {
                Some((t, key)) if !last => Cursor::After(t, key, count),
                _ => Cursor::Done,
            };
            Some((Ok(Bytes::from(chunk)), next))
        }
    })
}

/// Header row of the cases CSV export.
pub const CASE_COLUMNS: [&str; 23] = [
    "receipt",
    "caseId",
    "council",
    "title",
    "why",
    "where",
    "when",
    "solution",
    "proposerRole",
    "proposerOrganisation",
    "contactConsent",
    "contactName",
    "contactEmail",
    "contactPhone",
    "language",
    "clientTimestamp",
    "status",
    "meetingDate",
    "publicAnswer",
    "reason",
    "receivedAt",
    "updatedAt",
    "suspicious",
];

/// One CSV record of the cases export; contact cells are empty without consent.
fn case_cells(r: &CaseRecord) -> [String; 23] {
    let contact = r.contact.as_ref();
    let field = |f: fn(&crate::store::StoredContact) -> &Option<String>| {
        contact.and_then(|c| f(c).clone()).unwrap_or_default()
    };
    [
        r.receipt.clone(),
        r.case_id.clone(),
        r.council.clone(),
        r.title.clone(),
        r.why.clone(),
        r.where_text.clone(),
        r.when_text.clone(),
        r.solution.clone(),
        r.proposer_role.wire().to_owned(),
        r.proposer_organisation.clone().unwrap_or_default(),
        if contact.is_some() { "yes" } else { "no" }.to_owned(),
        field(|c| &c.name),
        field(|c| &c.email),
        field(|c| &c.phone),
        r.language.clone(),
        r.client_timestamp.clone(),
        r.status.wire().to_owned(),
        r.meeting_date.clone().unwrap_or_default(),
        r.public_answer.clone().unwrap_or_default(),
        r.reason.clone().unwrap_or_default(),
        format_time(r.received_at),
        format_time(r.updated_at),
        r.suspicious.clone().unwrap_or_default(),
    ]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formats_and_suspicion_choices() {
        assert_eq!(Format::parse(""), Some(Format::Csv(Delimiter::Semicolon)));
        assert_eq!(
            Format::parse("csv-comma"),
            Some(Format::Csv(Delimiter::Comma))
        );
        assert_eq!(Format::parse("json"), Some(Format::Json));
        assert_eq!(Format::parse("xlsx"), None);
        assert_eq!(suspicious_filter("only"), Some(Some(true)));
        assert_eq!(suspicious_filter(""), Some(None));
        assert_eq!(suspicious_filter("maybe"), None);
    }
}
