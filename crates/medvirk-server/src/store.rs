//! Persistence: the narrow `Store` trait the routes use, its SQLite implementation, and `open` that picks SQLite or PostgreSQL.
//!
//! The trait speaks in domain terms (insert once, update, list) and leaves idempotency to the
//! database's unique key, so a PostgreSQL implementation behind several replicas keeps the same
//! guarantees. The SQL sticks to what SQLite and PostgreSQL share (`ON CONFLICT DO NOTHING`,
//! `IS DISTINCT FROM`, `COALESCE`, `RETURNING`); only the placeholders (`?N` here, `$N` there) differ.
//! Cases ([`cases`]) and the directory ([`directory`]) keep their row types and statements in
//! their own files; [`postgres`] holds `PgStore`, the same trait over a shared PostgreSQL.

mod cases;
mod directory;
mod group_commit;
pub mod postgres;
mod tokens;

pub use cases::{
    CaseChange, CaseFilter, CaseHistoryRecord, CaseInsert, CaseRecord, ChangeOutcome, NewCase,
    StoredContact,
};
pub use directory::StoredDirectory;
pub use postgres::PgStore;
pub use tokens::AdminTokenRecord;

use std::fmt;
use std::future::Future;
use std::path::Path;
use std::pin::Pin;
use std::str::FromStr;
use std::sync::Arc;
use std::time::Duration;

use sqlx::Row;
use sqlx::sqlite::{
    SqliteConnectOptions, SqliteJournalMode, SqlitePool, SqlitePoolOptions, SqliteSynchronous,
};
use time::OffsetDateTime;
use time::format_description::well_known::Rfc3339;
use time::macros::format_description;

/// The boxed future every `Store` method returns, so `Store` works as `Arc<dyn Store>`.
pub type StoreFuture<'a, T> = Pin<Box<dyn Future<Output = Result<T, StoreError>> + Send + 'a>>;

/// A feedback response as it is first stored.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct NewFeedback {
    pub id: String,
    pub widget_id: String,
    pub rating_value: u8,
    pub rating_scale: u8,
    pub comment: Option<String>,
    pub language: String,
    pub page_path: String,
    pub client_timestamp: String,
    pub time_to_answer_ms: Option<i64>,
    pub received_at: OffsetDateTime,
    /// Canonical hash of the POST payload: compared on replay, never changed by a PATCH.
    pub request_hash: String,
    /// Why the submission looks automated (`medvirk_core::wire::feedback_suspicion`); stored, never dropped.
    pub suspicious: Option<&'static str>,
}

/// What happened to an insert.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum InsertOutcome {
    /// A new row.
    Created,
    /// The id exists with the same request hash: an honest retry, nothing written.
    Replayed,
    /// The id exists with a different request hash: nothing written.
    Conflict,
}

/// A later change to a response; `None` keeps the stored value.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct FeedbackChange {
    pub rating_value: Option<u8>,
    /// When `rating_value` is set, the scale it was given on; it must equal the stored scale.
    pub rating_scale: Option<u8>,
    pub comment: Option<String>,
}

/// What happened to an update.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum UpdateOutcome {
    /// The row now holds the change (possibly it already did; `updated_at` moves only on a real change).
    Updated,
    NotFound,
    /// The change's scale differs from the stored one; nothing written.
    ScaleMismatch {
        stored: u8,
    },
}

/// Filters of the admin listing: `received_at` in `[from, until)`.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct FeedbackFilter {
    pub widget_id: Option<String>,
    pub from: Option<OffsetDateTime>,
    pub until: Option<OffsetDateTime>,
    /// `Some(true)`: only flagged rows; `Some(false)`: only unflagged rows.
    pub suspicious: Option<bool>,
    /// Only responses in this language tag (`nb`, `nn`, `sv`, `en`).
    pub language: Option<String>,
    /// Keyset pagination: only rows after this `(received_at, id)` in the listing's order, so
    /// an export can page through a million rows without OFFSET scans or holding them all.
    pub after: Option<(OffsetDateTime, String)>,
    /// At most this many rows; `None` is all.
    pub limit: Option<u32>,
}

/// A stored response as the admin API shows it (everything but the request hash).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct FeedbackRecord {
    pub id: String,
    pub widget_id: String,
    pub rating_value: u8,
    pub rating_scale: u8,
    pub comment: Option<String>,
    pub language: String,
    pub page_path: String,
    pub client_timestamp: String,
    pub time_to_answer_ms: Option<i64>,
    pub received_at: OffsetDateTime,
    pub updated_at: Option<OffsetDateTime>,
    /// The suspicion reason stored with the first POST, if any.
    pub suspicious: Option<String>,
}

/// A database failure; its text is for the server log only.
#[derive(Debug)]
pub struct StoreError(pub String);

impl fmt::Display for StoreError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for StoreError {}

impl From<sqlx::Error> for StoreError {
    fn from(e: sqlx::Error) -> Self {
        StoreError(e.to_string())
    }
}

/// Where feedback, cases and the directory live. Implementations must make `insert_feedback` and
/// `insert_case` atomic per id: under any number of concurrent calls with one id, exactly one
/// returns `Created`; and `insert_case` must give every created case its own receipt.
pub trait Store: Send + Sync + 'static {
    fn insert_feedback(&self, row: NewFeedback) -> StoreFuture<'_, InsertOutcome>;
    fn update_feedback<'a>(
        &'a self,
        id: &'a str,
        change: FeedbackChange,
        now: OffsetDateTime,
    ) -> StoreFuture<'a, UpdateOutcome>;
    fn list_feedback(&self, filter: FeedbackFilter) -> StoreFuture<'_, Vec<FeedbackRecord>>;

    /// Stores a new case with the next receipt of its year, or reports a replay or conflict.
    fn insert_case(&self, case: NewCase) -> StoreFuture<'_, CaseInsert>;
    /// A case and its history by canonical receipt code.
    fn case<'a>(
        &'a self,
        receipt: &'a str,
    ) -> StoreFuture<'a, Option<(CaseRecord, Vec<CaseHistoryRecord>)>>;
    /// Cases matching the filter, oldest first.
    fn list_cases(&self, filter: CaseFilter) -> StoreFuture<'_, Vec<CaseRecord>>;
    /// Moves a case that is still at `change.from` and appends the step to its history.
    fn change_case<'a>(
        &'a self,
        receipt: &'a str,
        change: CaseChange,
    ) -> StoreFuture<'a, ChangeOutcome>;

    /// The current directory document; `None` before the first import.
    fn directory(&self) -> StoreFuture<'_, Option<StoredDirectory>>;
    /// Replaces the directory document atomically.
    fn replace_directory(&self, dir: StoredDirectory) -> StoreFuture<'_, ()>;

    // ---- Directory admin pages (admin_ui/directory.rs) ----
    /// Replaces the directory only while its stored ETag is still `expected` (`None`: nothing
    /// stored yet). `false` when someone else replaced it in between; then nothing is written.
    /// A compare-and-set in one statement, so two admins (or replicas) cannot both win.
    fn replace_directory_if<'a>(
        &'a self,
        expected: Option<&'a str>,
        dir: StoredDirectory,
    ) -> StoreFuture<'a, bool>;
    // ---- end of the directory admin block ----

    // Admin tokens (`medvirk-server token ...`): stored as SHA-256 digests, see `store/tokens.rs`.

    /// Stores a new token's digest under `name`; `false` when the name is taken.
    fn create_admin_token<'a>(
        &'a self,
        name: &'a str,
        digest: &'a str,
        at: OffsetDateTime,
    ) -> StoreFuture<'a, bool>;
    /// Every stored token, by name.
    fn admin_tokens(&self) -> StoreFuture<'_, Vec<AdminTokenRecord>>;
    /// Deletes the token `name`; `false` when there is none.
    fn revoke_admin_token<'a>(&'a self, name: &'a str) -> StoreFuture<'a, bool>;
    /// The name of the token whose digest is `digest` (lowercase hex), marking it used at `now`.
    fn use_admin_token<'a>(
        &'a self,
        digest: &'a str,
        now: OffsetDateTime,
    ) -> StoreFuture<'a, Option<String>>;

    /// A trivial query: `Ok` when the database answers (the readiness probe).
    fn ping(&self) -> StoreFuture<'_, ()>;
    /// Closes every connection, waiting for the ones in use; later calls fail. Called once the
    /// server has finished its in-flight requests, so PostgreSQL frees the slots at once.
    fn close(&self) -> Pin<Box<dyn Future<Output = ()> + Send + '_>>;
}

/// How to open a store; [`Default`] is what the server does without flags.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct OpenOptions {
    /// Most connections the pool opens; `None` is 4 for SQLite (one writer at a time anyway)
    /// and [`postgres::DEFAULT_POOL_SIZE`] for PostgreSQL.
    pub pool_size: Option<u32>,
    /// Apply pending migrations on open. When false the schema must already be current
    /// (`medvirk-server migrate` ran), or opening fails with a message saying so.
    pub migrate: bool,
}

impl Default for OpenOptions {
    fn default() -> Self {
        OpenOptions {
            pool_size: None,
            migrate: true,
        }
    }
}

/// Whether `db` names a PostgreSQL database rather than a SQLite file.
pub fn is_postgres(db: &str) -> bool {
    db.starts_with("postgres://") || db.starts_with("postgresql://")
}

/// `db` with any password replaced by `***`, for messages and logs.
pub fn redact(db: &str) -> String {
    let Some((scheme, rest)) = db.split_once("://") else {
        return db.to_owned();
    };
    // The last `@` before any query ends the user info, even when an unencoded password holds a
    // `/`: hiding too much is harmless, printing a password is not.
    let query = rest.find('?').unwrap_or(rest.len());
    match rest[..query].rfind('@') {
        Some(at) => match rest[..at].split_once(':') {
            Some((user, _)) => format!("{scheme}://{user}:***{}", &rest[at..]),
            None => db.to_owned(),
        },
        None => db.to_owned(),
    }
}

/// Opens the store named by `--db` with the default options (migrations applied).
pub async fn open(db: &str) -> Result<Arc<dyn Store>, String> {
    open_with(db, OpenOptions::default()).await
}

/// Opens the store named by `--db`: a `postgres://` (or `postgresql://`) URL, or a SQLite file
/// path or `sqlite:` URL. Other schemes are refused with a message rather than mistaken for file
/// names.
pub async fn open_with(db: &str, options: OpenOptions) -> Result<Arc<dyn Store>, String> {
    if is_postgres(db) {
        return Ok(Arc::new(PgStore::open(db, options).await?));
    }
    if let Some((scheme, _)) = db.split_once("://")
        && scheme != "sqlite"
    {
        return Err(format!(
            "unsupported database URL scheme `{scheme}`; use a SQLite file path or a postgres:// URL for --db"
        ));
    }
    Ok(Arc::new(SqliteStore::open_with(db, options).await?))
}

/// `medvirk-server migrate`: applies pending migrations to `db` and closes the connections.
/// On PostgreSQL sqlx holds an advisory lock while migrating, so a replica starting at the same
/// time waits instead of applying the same migration twice.
pub async fn migrate(db: &str) -> Result<(), String> {
    let store = open_with(
        db,
        OpenOptions {
            pool_size: Some(1),
            migrate: true,
        },
    )
    .await?;
    store.close().await;
    Ok(())
}

/// Fails unless every migration this build embeds has been applied (for `--no-migrate`).
pub(crate) fn check_schema(
    db: &str,
    applied: Option<i64>,
    migrator: &sqlx::migrate::Migrator,
) -> Result<(), String> {
    let latest = migrator.iter().map(|m| m.version).max().unwrap_or(0);
    match applied {
        Some(v) if v >= latest => Ok(()),
        _ => Err(format!(
            "the schema of `{}` is not current (migration {} of this build is missing) and \
             --no-migrate was given; run `medvirk-server migrate --db ...` first",
            redact(db),
            latest
        )),
    }
}

/// The default store: one SQLite file in WAL mode, migrations applied on open. Feedback writes
/// go through one writer task that commits them in groups ([`group_commit`]).
#[derive(Clone, Debug)]
pub struct SqliteStore {
    pool: SqlitePool,
    writer: group_commit::Writer,
}

/// Fixed-width UTC form of stored times, so text order is time order in SQLite.
const STORED_TIME: &[time::format_description::BorrowedFormatItem<'static>] =
    format_description!("[year]-[month]-[day]T[hour]:[minute]:[second].[subsecond digits:6]Z");

/// Formats a time the way it is stored and shown: RFC 3339, UTC, microseconds.
pub fn format_time(t: OffsetDateTime) -> String {
    t.to_offset(time::UtcOffset::UTC)
        .format(STORED_TIME)
        .unwrap_or_else(|e| unreachable!("a UTC time always formats: {e}"))
}

pub(crate) fn parse_stored_time(s: &str) -> Result<OffsetDateTime, StoreError> {
    OffsetDateTime::parse(s, &Rfc3339)
        .map_err(|e| StoreError(format!("bad stored time `{s}`: {e}")))
}

impl SqliteStore {
    /// Opens (creating when missing) the database at `db` and applies the embedded migrations.
    pub async fn open(db: &str) -> Result<Self, String> {
        Self::open_with(db, OpenOptions::default()).await
    }

    /// Opens the database at `db` with explicit pool size and migration choice.
    pub async fn open_with(db: &str, open: OpenOptions) -> Result<Self, String> {
        let options = if db.starts_with("sqlite:") {
            SqliteConnectOptions::from_str(db)
                .map_err(|e| format!("invalid database URL `{db}`: {e}"))?
        } else {
            SqliteConnectOptions::new().filename(Path::new(db))
        };
        let options = options
            .create_if_missing(true)
            .journal_mode(SqliteJournalMode::Wal)
            // NORMAL is durable across application crashes in WAL mode; only a power loss can
            // take back the last transactions, which a retrying client then sends again.
            .synchronous(SqliteSynchronous::Normal)
            .busy_timeout(Duration::from_secs(5))
            .foreign_keys(true);
        let pool = SqlitePoolOptions::new()
            .max_connections(open.pool_size.unwrap_or(4).max(1))
            .connect_with(options.clone())
            .await
            .map_err(|e| {
                format!("cannot open database `{db}`: {e} (does the directory exist, and may this user write to it?)")
            })?;
        let migrator = sqlx::migrate!("./migrations/sqlite");
        if open.migrate {
            migrator
                .run(&pool)
                .await
                .map_err(|e| format!("cannot migrate database `{db}`: {e}"))?;
        } else {
            // A missing table means no migration ran at all.
            let applied: Option<i64> =
                sqlx::query_scalar("SELECT MAX(version) FROM _sqlx_migrations WHERE success")
                    .fetch_one(&pool)
                    .await
                    .unwrap_or(None);
            check_schema(db, applied, &migrator)?;
        }
        // Opened after the migrations: the writer's statements need the current schema.
        let writer = group_commit::Writer::spawn(&options)
            .await
            .map_err(|e| format!("cannot open database `{db}`: {e}"))?;
        Ok(SqliteStore { pool, writer })
    }

    /// Transactions the feedback writer has committed: requests stored divided by this is the
    /// mean batch size, for diagnosing ingest throughput.
    pub fn feedback_commits(&self) -> u64 {
        self.writer.commits()
    }

    async fn list(&self, filter: FeedbackFilter) -> Result<Vec<FeedbackRecord>, StoreError> {
        let rows = sqlx::query(
            "SELECT id, widget_id, rating_value, rating_scale, comment, language, page_path, \
                    client_timestamp, time_to_answer_ms, received_at, updated_at, suspicious \
             FROM feedback \
             WHERE (?1 IS NULL OR widget_id = ?1) \
               AND (?2 IS NULL OR received_at >= ?2) \
               AND (?3 IS NULL OR received_at < ?3) \
               AND (?4 IS NULL OR (suspicious IS NOT NULL) = ?4) \
               AND (?5 IS NULL OR language = ?5) \
               AND (?6 IS NULL OR received_at > ?6 OR (received_at = ?6 AND id > ?7)) \
             ORDER BY received_at, id \
             LIMIT ?8",
        )
        .bind(filter.widget_id)
        .bind(filter.from.map(format_time))
        .bind(filter.until.map(format_time))
        .bind(filter.suspicious)
        .bind(filter.language)
        .bind(filter.after.as_ref().map(|(t, _)| format_time(*t)))
        .bind(filter.after.map(|(_, id)| id))
        // SQLite reads a negative LIMIT as none.
        .bind(filter.limit.map_or(-1, i64::from))
        .fetch_all(&self.pool)
        .await?;
        rows.iter()
            .map(|row| {
                let small = |name: &str| -> Result<u8, StoreError> {
                    let v: i64 = row.try_get(name)?;
                    u8::try_from(v).map_err(|_| StoreError(format!("bad stored {name} {v}")))
                };
                let updated_at: Option<String> = row.try_get("updated_at")?;
                Ok(FeedbackRecord {
                    id: row.try_get("id")?,
                    widget_id: row.try_get("widget_id")?,
                    rating_value: small("rating_value")?,
                    rating_scale: small("rating_scale")?,
                    comment: row.try_get("comment")?,
                    language: row.try_get("language")?,
                    page_path: row.try_get("page_path")?,
                    client_timestamp: row.try_get("client_timestamp")?,
                    time_to_answer_ms: row.try_get("time_to_answer_ms")?,
                    received_at: parse_stored_time(&row.try_get::<String, _>("received_at")?)?,
                    updated_at: updated_at.as_deref().map(parse_stored_time).transpose()?,
                    suspicious: row.try_get("suspicious")?,
                })
            })
            .collect()
    }
}

// ---- Directory admin pages: the compare-and-set replace on SQLite ----
impl SqliteStore {
    async fn replace_directory_row_if(
        &self,
        expected: Option<&str>,
        dir: StoredDirectory,
    ) -> Result<bool, StoreError> {
        let done = match expected {
            Some(etag) => sqlx::query(
                "UPDATE directory SET document = ?1, etag = ?2, updated_at = ?3 \
                 WHERE id = 1 AND etag = ?4",
            )
            .bind(dir.document)
            .bind(dir.etag)
            .bind(format_time(dir.updated_at))
            .bind(etag),
            None => sqlx::query(
                "INSERT INTO directory (id, document, etag, updated_at) VALUES (1, ?1, ?2, ?3) \
                 ON CONFLICT (id) DO NOTHING",
            )
            .bind(dir.document)
            .bind(dir.etag)
            .bind(format_time(dir.updated_at)),
        }
        .execute(&self.pool)
        .await?;
        Ok(done.rows_affected() == 1)
    }
}
// ---- end of the directory admin block ----

impl Store for SqliteStore {
    fn insert_feedback(&self, row: NewFeedback) -> StoreFuture<'_, InsertOutcome> {
        Box::pin(self.writer.insert(row))
    }

    fn update_feedback<'a>(
        &'a self,
        id: &'a str,
        change: FeedbackChange,
        now: OffsetDateTime,
    ) -> StoreFuture<'a, UpdateOutcome> {
        Box::pin(self.writer.update(id.to_owned(), change, now))
    }

    fn list_feedback(&self, filter: FeedbackFilter) -> StoreFuture<'_, Vec<FeedbackRecord>> {
        Box::pin(self.list(filter))
    }

    fn insert_case(&self, case: NewCase) -> StoreFuture<'_, CaseInsert> {
        Box::pin(self.insert_case_row(case))
    }

    fn case<'a>(
        &'a self,
        receipt: &'a str,
    ) -> StoreFuture<'a, Option<(CaseRecord, Vec<CaseHistoryRecord>)>> {
        Box::pin(self.case_row(receipt))
    }

    fn list_cases(&self, filter: CaseFilter) -> StoreFuture<'_, Vec<CaseRecord>> {
        Box::pin(self.case_rows(filter))
    }

    fn change_case<'a>(
        &'a self,
        receipt: &'a str,
        change: CaseChange,
    ) -> StoreFuture<'a, ChangeOutcome> {
        Box::pin(self.change_case_row(receipt, change))
    }

    fn directory(&self) -> StoreFuture<'_, Option<StoredDirectory>> {
        Box::pin(self.directory_row())
    }

    fn replace_directory(&self, dir: StoredDirectory) -> StoreFuture<'_, ()> {
        Box::pin(self.replace_directory_row(dir))
    }

    fn replace_directory_if<'a>(
        &'a self,
        expected: Option<&'a str>,
        dir: StoredDirectory,
    ) -> StoreFuture<'a, bool> {
        Box::pin(self.replace_directory_row_if(expected, dir))
    }

    fn create_admin_token<'a>(
        &'a self,
        name: &'a str,
        digest: &'a str,
        at: OffsetDateTime,
    ) -> StoreFuture<'a, bool> {
        Box::pin(self.create_token_row(name, digest, at))
    }

    fn admin_tokens(&self) -> StoreFuture<'_, Vec<AdminTokenRecord>> {
        Box::pin(self.token_rows())
    }

    fn revoke_admin_token<'a>(&'a self, name: &'a str) -> StoreFuture<'a, bool> {
        Box::pin(self.revoke_token_row(name))
    }

    fn use_admin_token<'a>(
        &'a self,
        digest: &'a str,
        now: OffsetDateTime,
    ) -> StoreFuture<'a, Option<String>> {
        Box::pin(self.use_token_row(digest, now))
    }

    fn ping(&self) -> StoreFuture<'_, ()> {
        Box::pin(async {
            sqlx::query("SELECT 1").execute(&self.pool).await?;
            Ok(())
        })
    }

    fn close(&self) -> Pin<Box<dyn Future<Output = ()> + Send + '_>> {
        Box::pin(async {
            self.writer.close().await;
            self.pool.close().await;
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use time::macros::datetime;

    #[test]
    fn passwords_are_redacted() {
        for (url, shown) in [
            (
                "postgres://medvirk:s3cret@db.example:5432/medvirk?sslmode=require",
                "postgres://medvirk:***@db.example:5432/medvirk?sslmode=require",
            ),
            ("postgresql://u:p:q@h/d", "postgresql://u:***@h/d"),
            ("postgres://u:pa/ss@h/d", "postgres://u:***@h/d"),
            (
                "postgres://medvirk@db/medvirk",
                "postgres://medvirk@db/medvirk",
            ),
            ("postgres://db/x@y", "postgres://db/x@y"),
            ("./medvirk.db", "./medvirk.db"),
        ] {
            assert_eq!(redact(url), shown, "{url}");
        }
        assert!(is_postgres("postgresql://h/d") && is_postgres("postgres://h/d"));
        assert!(!is_postgres("sqlite:x.db") && !is_postgres("postgres.db"));
    }

    #[test]
    fn stored_times_sort_as_text() {
        let a = format_time(datetime!(2026-03-01 09:05:07.5 +01:00));
        assert_eq!(a, "2026-03-01T08:05:07.500000Z");
        let b = format_time(datetime!(2026-03-01 08:05:07.500001 UTC));
        assert!(a < b);
        assert_eq!(
            parse_stored_time(&a).unwrap(),
            datetime!(2026-03-01 08:05:07.5 UTC)
        );
    }
}
