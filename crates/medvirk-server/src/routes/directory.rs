//! The representative directory: public `GET /api/v1/directory` with ETag caching, and the admin
//! import (Popolo or native JSON, CSV), preview (`dryRun`) and export.
//!
//! Reading, validating and writing the directory is `medvirk_core::directory`'s job: `read_native`,
//! `read_popolo` and `import_csv` decide what is kept, skipped or dropped, and `write_native`
//! writes what is served. The server stores that document whole, with a hash of it as the ETag,
//! and tells the admin exactly what was left out.

use std::fmt::Debug;

use axum::Json;
use axum::extract::rejection::QueryRejection;
use axum::extract::{Query, Request, State};
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use medvirk_core::directory::csv::{CsvImport, import_csv};
use medvirk_core::directory::native::{read_native, write_native};
use medvirk_core::directory::popolo::read_popolo;
use medvirk_core::directory::{Directory, ImportError, ImportReport};
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};
use time::OffsetDateTime;

use crate::AppState;
use crate::error::ApiError;
use crate::extract::{DIRECTORY_BODY_LIMIT_BYTES, check_content_type, read_body};
use crate::routes::admin::{Admin, query_error};
use crate::store::StoredDirectory;

/// A minute of caching keeps a busy page from asking on every view, and `must-revalidate` with
/// the ETag makes the next look a cheap 304 once an import has changed nothing.
const PUBLIC_CACHE: &str = "public, max-age=60, must-revalidate";

/// The strong ETag of a document: a quoted, truncated SHA-256 (128 bits are plenty to tell
/// versions of one document apart).
pub fn etag(document: &str) -> String {
    let digest = Sha256::digest(document.as_bytes());
    let mut out = String::from("\"sha256-");
    for byte in &digest[..16] {
        out.push_str(&format!("{byte:02x}"));
    }
    out.push('"');
    out
}

/// The stored document, or an empty native one before the first import.
async fn current(state: &AppState) -> Result<StoredDirectory, ApiError> {
    if let Some(dir) = state.store.directory().await.map_err(ApiError::internal)? {
        return Ok(dir);
    }
    let document = write_native(&Directory::default());
    Ok(StoredDirectory {
        etag: etag(&document),
        document,
        updated_at: OffsetDateTime::UNIX_EPOCH,
    })
}

/// Whether an `If-None-Match` value matches `etag` (weak comparison, as RFC 9110 asks for GET).
pub fn none_match(if_none_match: &str, etag: &str) -> bool {
    let bare = |t: &str| t.trim().trim_start_matches("W/").to_owned();
    let ours = bare(etag);
    if_none_match
        .split(',')
        .any(|t| t.trim() == "*" || bare(t) == ours)
}

/// The directory in the native format; 304 when the client already has this version.
pub async fn get(State(state): State<AppState>, headers: HeaderMap) -> Result<Response, ApiError> {
    let dir = current(&state).await?;
    let fresh = headers
        .get_all(header::IF_NONE_MATCH)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .any(|v| none_match(v, &dir.etag));
    let mut response = if fresh {
        StatusCode::NOT_MODIFIED.into_response()
    } else {
        ([(header::CONTENT_TYPE, "application/json")], dir.document).into_response()
    };
    let h = response.headers_mut();
    h.insert(
        header::CACHE_CONTROL,
        HeaderValue::from_static(PUBLIC_CACHE),
    );
    if let Ok(tag) = HeaderValue::from_str(&dir.etag) {
        h.insert(header::ETAG, tag);
    }
    Ok(response)
}

/// `?format=popolo|native&dryRun=true` of the JSON import.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
pub struct ImportQuery {
    format: Option<String>,
    #[serde(default)]
    dry_run: bool,
}

/// `?dryRun=true` of the CSV import.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "camelCase")]
pub struct CsvQuery {
    #[serde(default)]
    dry_run: bool,
}

/// A record the import left out.
#[derive(Debug, Serialize)]
pub struct SkippedItem {
    pub kind: &'static str,
    pub id: Option<String>,
    pub reason: String,
    pub field: Option<&'static str>,
    pub message: &'static str,
}

/// A field the import removed from a record it kept.
#[derive(Debug, Serialize)]
pub struct DroppedItem {
    pub kind: &'static str,
    pub id: String,
    pub field: &'static str,
    pub reason: String,
    pub message: &'static str,
}

/// A CSV row left out (or, for `deputy_for`, imported without the link), as core reports it.
#[derive(Debug, Serialize)]
pub struct RowErrorItem {
    pub line: usize,
    pub column: String,
    pub message: String,
}

/// What an import did (or, with `dryRun`, would do).
#[derive(Debug, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct ImportSummary {
    /// `native`, `popolo` or `csv`: what the document was read as.
    pub format: &'static str,
    pub dry_run: bool,
    /// Whether the directory was replaced.
    pub stored: bool,
    /// The ETag the directory has (or would have) after this import.
    pub etag: String,
    pub persons: usize,
    pub organisations: usize,
    pub memberships: usize,
    pub skipped: Vec<SkippedItem>,
    pub dropped: Vec<DroppedItem>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub row_errors: Option<Vec<RowErrorItem>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub ignored_columns: Option<Vec<String>>,
}

/// A snake_case code from a unit enum variant's name (`DuplicateId` → `duplicate_id`). Core's
/// `Reason` has an English message but no wire name; its variant names are the stable part.
fn code_of(value: impl Debug) -> String {
    let name = format!("{value:?}");
    let mut out = String::with_capacity(name.len() + 4);
    for (i, c) in name.chars().enumerate() {
        if c.is_ascii_uppercase() {
            if i > 0 {
                out.push('_');
            }
            out.push(c.to_ascii_lowercase());
        } else {
            out.push(c);
        }
    }
    out
}

fn summary(
    format: &'static str,
    report: &ImportReport,
    document: &str,
    dry_run: bool,
) -> ImportSummary {
    let dir = &report.directory;
    ImportSummary {
        format,
        dry_run,
        stored: !dry_run,
        etag: etag(document),
        persons: dir.persons().len(),
        organisations: dir.organisations().len(),
        memberships: dir.memberships().len(),
        skipped: report
            .skipped
            .iter()
            .map(|s| SkippedItem {
                kind: s.kind.as_str(),
                id: s.id.clone(),
                reason: code_of(s.reason),
                field: s.field,
                message: s.reason.message(),
            })
            .collect(),
        dropped: report
            .dropped
            .iter()
            .map(|d| DroppedItem {
                kind: d.kind.as_str(),
                id: d.id.clone(),
                field: d.field,
                reason: code_of(d.reason),
                message: d.reason.message(),
            })
            .collect(),
        row_errors: None,
        ignored_columns: None,
    }
}

/// Writes the directory (unless a dry run) and answers with the summary.
async fn finish(
    state: &AppState,
    format: &'static str,
    report: &ImportReport,
    dry_run: bool,
    extend: impl FnOnce(&mut ImportSummary),
) -> Result<Response, ApiError> {
    let document = write_native(&report.directory);
    let mut out = summary(format, report, &document, dry_run);
    extend(&mut out);
    if !dry_run {
        state
            .store
            .replace_directory(StoredDirectory {
                etag: out.etag.clone(),
                document,
                updated_at: OffsetDateTime::now_utc(),
            })
            .await
            .map_err(ApiError::internal)?;
    }
    let mut response = Json(out).into_response();
    response
        .headers_mut()
        .insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    Ok(response)
}

/// A body as text; the readers take UTF-8 (a byte order mark is fine, they skip it).
fn utf8(bytes: &[u8], code: &'static str, what: &str) -> Result<String, ApiError> {
    String::from_utf8(bytes.to_vec()).map_err(|e| {
        ApiError::bad_request(
            code,
            format!(
                "The {what} is not UTF-8 (invalid byte at offset {}); save it as UTF-8 and send it again.",
                e.utf8_error().valid_up_to()
            ),
        )
    })
}

fn import_error(format: &str, e: &ImportError) -> ApiError {
    match e {
        ImportError::Json(_) => {
            ApiError::bad_request("invalid_json", format!("The document is {e}."))
        }
        ImportError::TooMany { .. } => ApiError::new(
            StatusCode::UNPROCESSABLE_ENTITY,
            "too_many_records",
            format!("The document has {e}."),
        ),
        ImportError::UnsupportedSchemaVersion => ApiError::new(
            StatusCode::UNPROCESSABLE_ENTITY,
            "unsupported_schema_version",
            format!("The document has an {e}."),
        )
        .with_field(Some("schemaVersion")),
        ImportError::NotAnObject | ImportError::WrongFormat => ApiError::new(
            StatusCode::UNPROCESSABLE_ENTITY,
            "wrong_format",
            format!(
                "Read as {format}: {e}. Send a native document (with schemaVersion) or a Popolo one \
                 (persons, organizations, memberships), or name the format with ?format=native|popolo."
            ),
        ),
    }
}

/// Replaces the directory with a Popolo or native document (detected: a native document has
/// `schemaVersion`; `?format=` overrides). Records core cannot use are skipped and listed; only
/// a document that is not the format at all is refused.
pub async fn put(
    _: Admin,
    State(state): State<AppState>,
    query: Result<Query<ImportQuery>, QueryRejection>,
    req: Request,
) -> Result<Response, ApiError> {
    let Query(query) = query.map_err(query_error)?;
    let forced = match query.format.as_deref().filter(|f| !f.is_empty()) {
        None => None,
        Some("native") => Some("native"),
        Some("popolo") => Some("popolo"),
        Some(_) => {
            return Err(ApiError::bad_request(
                "invalid_query",
                "`format` must be `native` or `popolo`.",
            )
            .with_field(Some("format")));
        }
    };
    check_content_type(req.headers().get(header::CONTENT_TYPE))?;
    let bytes = read_body(req, DIRECTORY_BODY_LIMIT_BYTES).await?;
    let text = utf8(&bytes, "invalid_json", "document")?;
    let (format, result) = match forced {
        Some("popolo") => ("popolo", read_popolo(&text)),
        Some(_) => ("native", read_native(&text)),
        // Core's native reader answers WrongFormat exactly when `schemaVersion` is missing.
        None => match read_native(&text) {
            Err(ImportError::WrongFormat) => ("popolo", read_popolo(&text)),
            other => ("native", other),
        },
    };
    let report = result.map_err(|e| import_error(format, &e))?;
    finish(&state, format, &report, query.dry_run, |_| {}).await
}

/// Replaces the directory with the rows of a CSV file that have no errors. Core's `import_csv`
/// builds a whole directory from the file (it has no merge), so this replaces like `PUT` does;
/// row errors come back with line and column so the admin can fix the sheet and send it again.
pub async fn csv(
    _: Admin,
    State(state): State<AppState>,
    query: Result<Query<CsvQuery>, QueryRejection>,
    req: Request,
) -> Result<Response, ApiError> {
    let Query(query) = query.map_err(query_error)?;
    let essence = req
        .headers()
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.split(';').next())
        .map(|v| v.trim().to_ascii_lowercase());
    if !matches!(essence.as_deref(), Some("text/csv" | "application/csv")) {
        return Err(ApiError::new(
            StatusCode::UNSUPPORTED_MEDIA_TYPE,
            "unsupported_media_type",
            "Send the file with `Content-Type: text/csv`.",
        ));
    }
    let bytes = read_body(req, DIRECTORY_BODY_LIMIT_BYTES).await?;
    let text = utf8(&bytes, "invalid_csv", "file")?;
    let CsvImport {
        report,
        errors,
        ignored_columns,
    } = import_csv(&text).map_err(|e| {
        ApiError::new(
            StatusCode::UNPROCESSABLE_ENTITY,
            "invalid_csv",
            format!("The CSV file cannot be read: {e}."),
        )
    })?;
    let rows = errors
        .into_iter()
        .map(|e| RowErrorItem {
            line: e.line,
            column: e.column,
            message: e.message,
        })
        .collect();
    finish(&state, "csv", &report, query.dry_run, |s| {
        s.row_errors = Some(rows);
        s.ignored_columns = Some(ignored_columns);
    })
    .await
}

/// `?format=native` of the export (the only format so far).
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ExportQuery {
    format: Option<String>,
}

/// The stored directory as a native JSON download.
pub async fn export(
    _: Admin,
    State(state): State<AppState>,
    query: Result<Query<ExportQuery>, QueryRejection>,
) -> Result<Response, ApiError> {
    let Query(query) = query.map_err(query_error)?;
    if !matches!(query.format.as_deref(), None | Some("" | "native")) {
        return Err(
            ApiError::bad_request("invalid_query", "`format` must be `native`.")
                .with_field(Some("format")),
        );
    }
    let dir = current(&state).await?;
    // The day in Norway/Sweden, as the admin area's downloads name it.
    let date = crate::admin_ui::local_today();
    let disposition = format!("attachment; filename=\"medvirk-directory-{date}.json\"");
    let mut response = ([(header::CONTENT_TYPE, "application/json")], dir.document).into_response();
    let h = response.headers_mut();
    if let Ok(v) = HeaderValue::from_str(&disposition) {
        h.insert(header::CONTENT_DISPOSITION, v);
    }
    if let Ok(tag) = HeaderValue::from_str(&dir.etag) {
        h.insert(header::ETAG, tag);
    }
    h.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    Ok(response)
}

#[cfg(test)]
mod tests {
    use super::*;
    use medvirk_core::directory::Reason;

    #[test]
    fn etags_and_conditional_requests() {
        let a = etag("{}");
        assert!(a.starts_with("\"sha256-") && a.ends_with('"') && a.len() == 8 + 32 + 1);
        assert_ne!(a, etag("{ }"));
        assert!(none_match(&a, &a));
        assert!(none_match(&format!("W/{a}"), &a));
        assert!(none_match(&format!("\"x\", {a}"), &a));
        assert!(none_match("*", &a));
        assert!(!none_match("\"x\"", &a));
        assert!(!none_match("", &a));
    }

    #[test]
    fn reason_codes_are_snake_case() {
        assert_eq!(code_of(Reason::DuplicateId), "duplicate_id");
        assert_eq!(code_of(Reason::InvalidUrl), "invalid_url");
        assert_eq!(code_of(Reason::TooLong), "too_long");
    }
}
