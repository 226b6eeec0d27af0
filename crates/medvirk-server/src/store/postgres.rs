//! `PgStore`: the `Store` trait over PostgreSQL, for several server replicas sharing one database.
//!
//! The statements mirror the SQLite ones and keep their guarantees across processes: idempotency
//! rests on the primary keys (`INSERT ... ON CONFLICT DO NOTHING`, then a re-read of the winner),
//! and a receipt number comes from an upsert on the year's counter row inside the case's
//! transaction. That upsert row-locks the counter until commit or rollback, so concurrent inserts
//! on any replica queue there: numbers are never shared and a replay (whose case insert does
//! nothing and rolls back) leaves no gap. Everything runs at PostgreSQL's default READ COMMITTED
//! level, where a conflicting insert waits for the other transaction and then sees its outcome.

use std::future::Future;
use std::pin::Pin;
use std::str::FromStr;
use std::time::Duration;

use medvirk_core::case_form::{CaseStatus, Role, format_receipt};
use sqlx::Row;
use sqlx::postgres::{PgConnectOptions, PgPool, PgPoolOptions, PgRow};
use time::OffsetDateTime;

use super::{
    AdminTokenRecord, CaseChange, CaseFilter, CaseHistoryRecord, CaseInsert, CaseRecord,
    ChangeOutcome, FeedbackChange, FeedbackFilter, FeedbackRecord, InsertOutcome, NewCase,
    NewFeedback, OpenOptions, Store, StoreError, StoreFuture, StoredContact, StoredDirectory,
    UpdateOutcome, check_schema, redact,
};

/// Connections per replica when `--db-pool-size` is not given. Requests hold a connection for
/// one or two short statements, so ten serve hundreds of requests per second; replicas times pool
/// size must stay below the server's `max_connections` (100 by default).
pub const DEFAULT_POOL_SIZE: u32 = 10;

/// How long a request waits for a free connection (or a new one) before it fails with a 500 and
/// `/readyz` with a 503.
const ACQUIRE_TIMEOUT: Duration = Duration::from_secs(10);

/// The store over a PostgreSQL connection pool.
#[derive(Clone, Debug)]
pub struct PgStore {
    pool: PgPool,
}

/// The columns of a [`CaseRecord`] (see the SQLite twin in `cases.rs`).
macro_rules! case_columns {
    () => {
        "receipt, case_id, council, title, why, where_text, when_text, solution, \
         proposer_role, proposer_organisation, contact_name, contact_email, contact_phone, \
         contact_consent, language, client_timestamp, status, meeting_date, public_answer, reason, \
         received_at, updated_at, suspicious"
    };
}

fn small(row: &PgRow, name: &str) -> Result<u8, StoreError> {
    let v: i16 = row.try_get(name)?;
    u8::try_from(v).map_err(|_| StoreError(format!("bad stored {name} {v}")))
}

fn status_of(text: &str) -> Result<CaseStatus, StoreError> {
    CaseStatus::from_wire(text).ok_or_else(|| StoreError(format!("bad stored status `{text}`")))
}

fn case_from_row(row: &PgRow) -> Result<CaseRecord, StoreError> {
    let role: String = row.try_get("proposer_role")?;
    let consent: bool = row.try_get("contact_consent")?;
    let contact = consent.then(|| -> Result<StoredContact, StoreError> {
        Ok(StoredContact {
            name: row.try_get("contact_name")?,
            email: row.try_get("contact_email")?,
            phone: row.try_get("contact_phone")?,
        })
    });
    Ok(CaseRecord {
        receipt: row.try_get("receipt")?,
        case_id: row.try_get("case_id")?,
        council: row.try_get("council")?,
        title: row.try_get("title")?,
        why: row.try_get("why")?,
        where_text: row.try_get("where_text")?,
        when_text: row.try_get("when_text")?,
        solution: row.try_get("solution")?,
        proposer_role: Role::from_wire(&role)
            .ok_or_else(|| StoreError(format!("bad stored role `{role}`")))?,
        proposer_organisation: row.try_get("proposer_organisation")?,
        contact: contact.transpose()?,
        language: row.try_get("language")?,
        client_timestamp: row.try_get("client_timestamp")?,
        status: status_of(&row.try_get::<String, _>("status")?)?,
        meeting_date: row.try_get("meeting_date")?,
        public_answer: row.try_get("public_answer")?,
        reason: row.try_get("reason")?,
        received_at: utc(row.try_get("received_at")?),
        updated_at: utc(row.try_get("updated_at")?),
        suspicious: row.try_get("suspicious")?,
    })
}

/// Times leave the store in UTC, as the SQLite store's `…Z` text parses.
fn utc(t: OffsetDateTime) -> OffsetDateTime {
    t.to_offset(time::UtcOffset::UTC)
}

/// Times enter the store truncated to microseconds, PostgreSQL's (and the SQLite text's) precision,
/// so a value read back equals the one the SQLite store would return.
fn micros(t: OffsetDateTime) -> OffsetDateTime {
    let t = utc(t);
    t.replace_nanosecond(t.nanosecond() / 1000 * 1000)
        .unwrap_or_else(|e| unreachable!("a truncated nanosecond is in range: {e}"))
}

impl PgStore {
    /// Connects to `db` (a `postgres://` URL) and applies or checks the embedded migrations.
    /// Replicas starting together are safe: sqlx serialises migrations with an advisory lock.
    pub async fn open(db: &str, open: OpenOptions) -> Result<Self, String> {
        let shown = redact(db);
        let options = PgConnectOptions::from_str(db)
            .map_err(|e| format!("invalid database URL `{shown}`: {e}"))?
            .application_name("medvirk-server");
        let pool = PgPoolOptions::new()
            .max_connections(open.pool_size.unwrap_or(DEFAULT_POOL_SIZE).max(1))
            .acquire_timeout(ACQUIRE_TIMEOUT)
            .connect_with(options)
            .await
            .map_err(|e| {
                format!("cannot connect to database `{shown}`: {e} (is PostgreSQL running, and may this role log in?)")
            })?;
        let migrator = sqlx::migrate!("./migrations/postgres");
        if open.migrate {
            migrator
                .run(&pool)
                .await
                .map_err(|e| format!("cannot migrate database `{shown}`: {e}"))?;
        } else {
            let applied: Option<i64> =
                sqlx::query_scalar("SELECT MAX(version) FROM _sqlx_migrations WHERE success")
                    .fetch_one(&pool)
                    .await
                    .unwrap_or(None);
            check_schema(db, applied, &migrator)?;
        }
        Ok(PgStore { pool })
    }

    async fn insert(&self, row: NewFeedback) -> Result<InsertOutcome, StoreError> {
        let inserted = sqlx::query(
            "INSERT INTO feedback (id, widget_id, rating_value, rating_scale, comment, language, page_path, \
             client_timestamp, time_to_answer_ms, received_at, updated_at, request_hash, suspicious) \
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, NULL, $11, $12) \
             ON CONFLICT (id) DO NOTHING",
        )
        .bind(row.id.clone())
        .bind(row.widget_id)
        .bind(i16::from(row.rating_value))
        .bind(i16::from(row.rating_scale))
        .bind(row.comment)
        .bind(row.language)
        .bind(row.page_path)
        .bind(row.client_timestamp)
        .bind(row.time_to_answer_ms)
        .bind(micros(row.received_at))
        .bind(row.request_hash.clone())
        .bind(row.suspicious)
        .execute(&self.pool)
        .await?;
        if inserted.rows_affected() == 1 {
            return Ok(InsertOutcome::Created);
        }
        // The conflicting insert waited for the winner to commit, so its row is visible here.
        let stored: String = sqlx::query_scalar("SELECT request_hash FROM feedback WHERE id = $1")
            .bind(row.id)
            .fetch_one(&self.pool)
            .await?;
        Ok(if stored == row.request_hash {
            InsertOutcome::Replayed
        } else {
            InsertOutcome::Conflict
        })
    }

    async fn update(
        &self,
        id: &str,
        change: FeedbackChange,
        now: OffsetDateTime,
    ) -> Result<UpdateOutcome, StoreError> {
        // One statement, as in SQLite: the row lock makes check and write one step, and every
        // right-hand side sees the old row so `updated_at` moves only on a real change.
        let updated = sqlx::query(
            "UPDATE feedback SET \
               rating_value = COALESCE($1, rating_value), \
               comment = COALESCE($2, comment), \
               updated_at = CASE \
                 WHEN rating_value IS DISTINCT FROM COALESCE($1, rating_value) \
                   OR comment IS DISTINCT FROM COALESCE($2, comment) THEN $3 \
                 ELSE updated_at END \
             WHERE id = $4 AND ($5::SMALLINT IS NULL OR rating_scale = $5)",
        )
        .bind(change.rating_value.map(i16::from))
        .bind(change.comment)
        .bind(micros(now))
        .bind(id.to_owned())
        .bind(change.rating_scale.map(i16::from))
        .execute(&self.pool)
        .await?;
        if updated.rows_affected() > 0 {
            return Ok(UpdateOutcome::Updated);
        }
        let scale: Option<i16> =
            sqlx::query_scalar("SELECT rating_scale FROM feedback WHERE id = $1")
                .bind(id.to_owned())
                .fetch_optional(&self.pool)
                .await?;
        Ok(match scale {
            None => UpdateOutcome::NotFound,
            Some(stored) => UpdateOutcome::ScaleMismatch {
                stored: u8::try_from(stored)
                    .map_err(|_| StoreError(format!("bad stored scale {stored}")))?,
            },
        })
    }

    async fn list(&self, filter: FeedbackFilter) -> Result<Vec<FeedbackRecord>, StoreError> {
        let rows = sqlx::query(
            "SELECT id, widget_id, rating_value, rating_scale, comment, language, page_path, \
                    client_timestamp, time_to_answer_ms, received_at, updated_at, suspicious \
             FROM feedback \
             WHERE ($1::TEXT IS NULL OR widget_id = $1) \
               AND ($2::TIMESTAMPTZ IS NULL OR received_at >= $2) \
               AND ($3::TIMESTAMPTZ IS NULL OR received_at < $3) \
               AND ($4::BOOLEAN IS NULL OR (suspicious IS NOT NULL) = $4) \
               AND ($5::TEXT IS NULL OR language = $5) \
               AND ($6::TIMESTAMPTZ IS NULL OR received_at > $6 \
                    OR (received_at = $6 AND id > $7::TEXT)) \
             ORDER BY received_at, id \
             LIMIT $8",
        )
        .bind(filter.widget_id)
        .bind(filter.from.map(micros))
        .bind(filter.until.map(micros))
        .bind(filter.suspicious)
        .bind(filter.language)
        .bind(filter.after.as_ref().map(|(t, _)| micros(*t)))
        .bind(filter.after.map(|(_, id)| id))
        // LIMIT NULL is no limit in PostgreSQL.
        .bind(filter.limit.map(i64::from))
        .fetch_all(&self.pool)
        .await?;
        rows.iter()
            .map(|row| {
                let updated_at: Option<OffsetDateTime> = row.try_get("updated_at")?;
                Ok(FeedbackRecord {
                    id: row.try_get("id")?,
                    widget_id: row.try_get("widget_id")?,
                    rating_value: small(row, "rating_value")?,
                    rating_scale: small(row, "rating_scale")?,
                    comment: row.try_get("comment")?,
                    language: row.try_get("language")?,
                    page_path: row.try_get("page_path")?,
                    client_timestamp: row.try_get("client_timestamp")?,
                    time_to_answer_ms: row.try_get("time_to_answer_ms")?,
                    received_at: utc(row.try_get("received_at")?),
                    updated_at: updated_at.map(utc),
                    suspicious: row.try_get("suspicious")?,
                })
            })
            .collect()
    }

    async fn insert_case_row(&self, case: NewCase) -> Result<CaseInsert, StoreError> {
        let received = micros(case.received_at);
        let year = received.year();
        let year16 = u16::try_from(year)
            .map_err(|_| StoreError(format!("year {year} does not fit a receipt")))?;
        let mut tx = self.pool.begin().await?;
        // Takes the year's row lock until this transaction ends: the queue every replica joins.
        let seq: i32 = sqlx::query_scalar(
            "INSERT INTO case_counters (year, last_seq) VALUES ($1, 1) \
             ON CONFLICT (year) DO UPDATE SET last_seq = case_counters.last_seq + 1 \
             RETURNING last_seq",
        )
        .bind(year)
        .fetch_one(&mut *tx)
        .await?;
        let seq32 =
            u32::try_from(seq).map_err(|_| StoreError(format!("receipt counter at {seq}")))?;
        let receipt = format_receipt(year16, seq32);
        let (name, email, phone) = match &case.contact {
            Some(c) => (c.name.clone(), c.email.clone(), c.phone.clone()),
            None => (None, None, None),
        };
        let inserted = sqlx::query(
            "INSERT INTO cases (receipt, receipt_year, receipt_seq, case_id, council, title, why, \
               where_text, when_text, solution, proposer_role, proposer_organisation, contact_name, \
               contact_email, contact_phone, contact_consent, language, client_timestamp, status, \
               received_at, updated_at, request_hash, suspicious) \
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, \
               $18, $19, $20, $20, $21, $22) \
             ON CONFLICT (case_id) DO NOTHING",
        )
        .bind(receipt.clone())
        .bind(year)
        .bind(seq)
        .bind(case.case_id.clone())
        .bind(case.council)
        .bind(case.title)
        .bind(case.why)
        .bind(case.where_text)
        .bind(case.when_text)
        .bind(case.solution)
        .bind(case.proposer_role.wire())
        .bind(case.proposer_organisation)
        .bind(name)
        .bind(email)
        .bind(phone)
        .bind(case.contact.is_some())
        .bind(case.language)
        .bind(case.client_timestamp)
        .bind(CaseStatus::Received.wire())
        .bind(received)
        .bind(case.request_hash.clone())
        .bind(case.suspicious)
        .execute(&mut *tx)
        .await?;
        if inserted.rows_affected() == 1 {
            sqlx::query(
                "INSERT INTO case_history (case_id, status, at, note) VALUES ($1, $2, $3, NULL)",
            )
            .bind(case.case_id)
            .bind(CaseStatus::Received.wire())
            .bind(received)
            .execute(&mut *tx)
            .await?;
            tx.commit().await?;
            return Ok(CaseInsert {
                outcome: InsertOutcome::Created,
                receipt: Some(receipt),
            });
        }
        // The id exists: give the counter its number back and compare with the stored payload.
        tx.rollback().await?;
        let row = sqlx::query("SELECT receipt, request_hash FROM cases WHERE case_id = $1")
            .bind(case.case_id)
            .fetch_one(&self.pool)
            .await?;
        let stored_hash: String = row.try_get("request_hash")?;
        Ok(if stored_hash == case.request_hash {
            CaseInsert {
                outcome: InsertOutcome::Replayed,
                receipt: Some(row.try_get("receipt")?),
            }
        } else {
            CaseInsert {
                outcome: InsertOutcome::Conflict,
                receipt: None,
            }
        })
    }

    async fn case_row(
        &self,
        receipt: &str,
    ) -> Result<Option<(CaseRecord, Vec<CaseHistoryRecord>)>, StoreError> {
        let row = sqlx::query(concat!(
            "SELECT ",
            case_columns!(),
            " FROM cases WHERE receipt = $1"
        ))
        .bind(receipt.to_owned())
        .fetch_optional(&self.pool)
        .await?;
        let Some(row) = row else { return Ok(None) };
        let case = case_from_row(&row)?;
        let history =
            sqlx::query("SELECT status, at, note FROM case_history WHERE case_id = $1 ORDER BY id")
                .bind(case.case_id.clone())
                .fetch_all(&self.pool)
                .await?
                .iter()
                .map(|r| {
                    Ok(CaseHistoryRecord {
                        status: status_of(&r.try_get::<String, _>("status")?)?,
                        at: utc(r.try_get("at")?),
                        note: r.try_get("note")?,
                    })
                })
                .collect::<Result<Vec<_>, StoreError>>()?;
        Ok(Some((case, history)))
    }

    async fn case_rows(&self, filter: CaseFilter) -> Result<Vec<CaseRecord>, StoreError> {
        let after = super::cases::case_cursor(filter.after.as_ref())?;
        sqlx::query(concat!(
            "SELECT ",
            case_columns!(),
            " FROM cases WHERE ($1::TEXT IS NULL OR council = $1) \
               AND ($2::TEXT IS NULL OR status = $2) \
               AND ($3::BOOLEAN IS NULL OR (suspicious IS NOT NULL) = $3) \
               AND ($4::TIMESTAMPTZ IS NULL \
                    OR (received_at, receipt_year, receipt_seq) > ($4, $5::INTEGER, $6::BIGINT)) \
             ORDER BY received_at, receipt_year, receipt_seq \
             LIMIT $7"
        ))
        .bind(filter.council)
        .bind(filter.status.map(CaseStatus::wire))
        .bind(filter.suspicious)
        .bind(after.map(|(at, _, _)| micros(at)))
        .bind(after.map(|(_, year, _)| year))
        .bind(after.map(|(_, _, seq)| seq))
        // LIMIT NULL is no limit in PostgreSQL.
        .bind(filter.limit.map(i64::from))
        .fetch_all(&self.pool)
        .await?
        .iter()
        .map(case_from_row)
        .collect()
    }

    async fn change_case_row(
        &self,
        receipt: &str,
        change: CaseChange,
    ) -> Result<ChangeOutcome, StoreError> {
        let at = micros(change.at);
        let note = change
            .meeting_date
            .clone()
            .or_else(|| change.public_answer.clone())
            .or_else(|| change.reason.clone());
        let mut tx = self.pool.begin().await?;
        // Compare-and-set: a concurrent change on another replica waits for this row lock, then
        // re-checks `status` against the committed row and matches nothing.
        let case_id: Option<String> = sqlx::query_scalar(
            "UPDATE cases SET status = $1, \
               meeting_date = COALESCE($2, meeting_date), \
               public_answer = COALESCE($3, public_answer), \
               reason = COALESCE($4, reason), \
               updated_at = $5 \
             WHERE receipt = $6 AND status = $7 \
             RETURNING case_id",
        )
        .bind(change.to.wire())
        .bind(change.meeting_date)
        .bind(change.public_answer)
        .bind(change.reason)
        .bind(at)
        .bind(receipt.to_owned())
        .bind(change.from.wire())
        .fetch_optional(&mut *tx)
        .await?;
        let Some(case_id) = case_id else {
            tx.rollback().await?;
            let exists: Option<String> =
                sqlx::query_scalar("SELECT status FROM cases WHERE receipt = $1")
                    .bind(receipt.to_owned())
                    .fetch_optional(&self.pool)
                    .await?;
            return Ok(if exists.is_some() {
                ChangeOutcome::Stale
            } else {
                ChangeOutcome::NotFound
            });
        };
        sqlx::query("INSERT INTO case_history (case_id, status, at, note) VALUES ($1, $2, $3, $4)")
            .bind(case_id)
            .bind(change.to.wire())
            .bind(at)
            .bind(note)
            .execute(&mut *tx)
            .await?;
        tx.commit().await?;
        Ok(ChangeOutcome::Applied)
    }

    async fn directory_row(&self) -> Result<Option<StoredDirectory>, StoreError> {
        let row = sqlx::query("SELECT document, etag, updated_at FROM directory WHERE id = 1")
            .fetch_optional(&self.pool)
            .await?;
        row.map(|row| {
            Ok(StoredDirectory {
                document: row.try_get("document")?,
                etag: row.try_get("etag")?,
                updated_at: utc(row.try_get("updated_at")?),
            })
        })
        .transpose()
    }

    /// One upsert statement, so readers on every replica see the old document or the new one.
    async fn replace_directory_row(&self, dir: StoredDirectory) -> Result<(), StoreError> {
        sqlx::query(
            "INSERT INTO directory (id, document, etag, updated_at) VALUES (1, $1, $2, $3) \
             ON CONFLICT (id) DO UPDATE SET document = excluded.document, etag = excluded.etag, \
               updated_at = excluded.updated_at",
        )
        .bind(dir.document)
        .bind(dir.etag)
        .bind(micros(dir.updated_at))
        .execute(&self.pool)
        .await?;
        Ok(())
    }
}

// ---- Directory admin pages: the compare-and-set replace on PostgreSQL ----
impl PgStore {
    async fn replace_directory_row_if(
        &self,
        expected: Option<&str>,
        dir: StoredDirectory,
    ) -> Result<bool, StoreError> {
        let done = match expected {
            Some(etag) => sqlx::query(
                "UPDATE directory SET document = $1, etag = $2, updated_at = $3 \
                 WHERE id = 1 AND etag = $4",
            )
            .bind(dir.document)
            .bind(dir.etag)
            .bind(micros(dir.updated_at))
            .bind(etag),
            None => sqlx::query(
                "INSERT INTO directory (id, document, etag, updated_at) VALUES (1, $1, $2, $3) \
                 ON CONFLICT (id) DO NOTHING",
            )
            .bind(dir.document)
            .bind(dir.etag)
            .bind(micros(dir.updated_at)),
        }
        .execute(&self.pool)
        .await?;
        Ok(done.rows_affected() == 1)
    }
}
// ---- end of the directory admin block ----

impl Store for PgStore {
    fn insert_feedback(&self, row: NewFeedback) -> StoreFuture<'_, InsertOutcome> {
        Box::pin(self.insert(row))
    }

    fn update_feedback<'a>(
        &'a self,
        id: &'a str,
        change: FeedbackChange,
        now: OffsetDateTime,
    ) -> StoreFuture<'a, UpdateOutcome> {
        Box::pin(self.update(id, change, now))
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
        Box::pin(self.pool.close())
    }
}

/// Admin tokens (see `store/tokens.rs` for the SQLite twin): names and SHA-256 digests only.
impl PgStore {
    async fn create_token_row(
        &self,
        name: &str,
        digest: &str,
        at: OffsetDateTime,
    ) -> Result<bool, StoreError> {
        let done = sqlx::query(
            "INSERT INTO admin_tokens (name, digest, created_at, last_used_at) \
             VALUES ($1, $2, $3, NULL) ON CONFLICT DO NOTHING",
        )
        .bind(name.to_owned())
        .bind(digest.to_owned())
        .bind(micros(at))
        .execute(&self.pool)
        .await?;
        Ok(done.rows_affected() == 1)
    }

    async fn token_rows(&self) -> Result<Vec<AdminTokenRecord>, StoreError> {
        sqlx::query("SELECT name, created_at, last_used_at FROM admin_tokens ORDER BY name")
            .fetch_all(&self.pool)
            .await?
            .iter()
            .map(|row| {
                let used: Option<OffsetDateTime> = row.try_get("last_used_at")?;
                Ok(AdminTokenRecord {
                    name: row.try_get("name")?,
                    created_at: utc(row.try_get("created_at")?),
                    last_used_at: used.map(utc),
                })
            })
            .collect()
    }

    async fn revoke_token_row(&self, name: &str) -> Result<bool, StoreError> {
        let done = sqlx::query("DELETE FROM admin_tokens WHERE name = $1")
            .bind(name.to_owned())
            .execute(&self.pool)
            .await?;
        Ok(done.rows_affected() == 1)
    }

    async fn use_token_row(
        &self,
        digest: &str,
        now: OffsetDateTime,
    ) -> Result<Option<String>, StoreError> {
        let Some(row) =
            sqlx::query("SELECT name, last_used_at FROM admin_tokens WHERE digest = $1")
                .bind(digest.to_owned())
                .fetch_optional(&self.pool)
                .await?
        else {
            return Ok(None);
        };
        let name: String = row.try_get("name")?;
        let used: Option<OffsetDateTime> = row.try_get("last_used_at")?;
        if super::tokens::mark_due(used.map(utc), now) {
            sqlx::query("UPDATE admin_tokens SET last_used_at = $2 WHERE digest = $1")
                .bind(digest.to_owned())
                .bind(micros(now))
                .execute(&self.pool)
                .await?;
        }
        Ok(Some(name))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use time::macros::datetime;

    #[test]
    fn times_are_stored_as_the_sqlite_text_would_read_back() {
        let t = datetime!(2026-03-01 09:05:07.123456789 +01:00);
        let stored = micros(t);
        assert_eq!(stored, datetime!(2026-03-01 08:05:07.123456 UTC));
        assert_eq!(
            super::super::parse_stored_time(&super::super::format_time(t)).unwrap(),
            stored
        );
    }
}
