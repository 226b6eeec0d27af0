//! Cases in the store: the row types, and the SQLite statements that allocate receipts and keep history.
//!
//! A receipt number is taken from `case_counters` in the same transaction that inserts the case,
//! so a replayed or conflicting POST (whose insert does nothing) rolls the number back: receipts
//! have no gaps and no duplicates however many requests race. A status change is a compare-and-set
//! on the status the caller checked against core's lifecycle, so two admins moving one case at once
//! cannot both succeed from the same stage.

use medvirk_core::case_form::{CaseStatus, Role, format_receipt};
use sqlx::Row;
use sqlx::sqlite::SqliteRow;
use time::OffsetDateTime;

use super::{InsertOutcome, SqliteStore, StoreError, format_time, parse_stored_time};

/// Contact details as stored: only ever written for a case whose person consented.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct StoredContact {
    pub name: Option<String>,
    pub email: Option<String>,
    pub phone: Option<String>,
}

/// A case as it is first stored (status `received`).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct NewCase {
    /// Lowercase UUID v4 from the client: the idempotency key.
    pub case_id: String,
    pub council: String,
    pub title: String,
    pub why: String,
    pub where_text: String,
    pub when_text: String,
    pub solution: String,
    pub proposer_role: Role,
    pub proposer_organisation: Option<String>,
    /// `Some` only with consent.
    pub contact: Option<StoredContact>,
    pub language: String,
    pub client_timestamp: String,
    pub received_at: OffsetDateTime,
    /// Canonical hash of the payload: compared on replay.
    pub request_hash: String,
    /// Why the submission looks automated (`medvirk_core::case_form::suspicion`); stored, never dropped.
    pub suspicious: Option<&'static str>,
}

/// What happened to a case insert, with the receipt the case has.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CaseInsert {
    pub outcome: InsertOutcome,
    /// The receipt of the stored case; `None` on conflict (it belongs to another payload).
    pub receipt: Option<String>,
}

/// A stored case, everything but the request hash.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CaseRecord {
    pub receipt: String,
    pub case_id: String,
    pub council: String,
    pub title: String,
    pub why: String,
    pub where_text: String,
    pub when_text: String,
    pub solution: String,
    pub proposer_role: Role,
    pub proposer_organisation: Option<String>,
    pub contact: Option<StoredContact>,
    pub language: String,
    pub client_timestamp: String,
    pub status: CaseStatus,
    pub meeting_date: Option<String>,
    pub public_answer: Option<String>,
    pub reason: Option<String>,
    pub received_at: OffsetDateTime,
    pub updated_at: OffsetDateTime,
    /// The suspicion reason stored with the first POST, if any.
    pub suspicious: Option<String>,
}

/// One step of a case's history.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CaseHistoryRecord {
    pub status: CaseStatus,
    pub at: OffsetDateTime,
    /// The detail given with the step (meeting date, answer, reason).
    pub note: Option<String>,
}

/// Admin listing filters; `None` is no filter.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct CaseFilter {
    pub council: Option<String>,
    pub status: Option<CaseStatus>,
    /// `Some(true)`: only flagged cases; `Some(false)`: only unflagged ones.
    pub suspicious: Option<bool>,
    /// Keyset pagination: only cases after this `(received_at, receipt)` in the listing's
    /// order (received, then receipt year and number), so an export pages through every case
    /// without OFFSET scans or holding them all.
    pub after: Option<(OffsetDateTime, String)>,
    /// At most this many cases; `None` is all.
    pub limit: Option<u32>,
}

/// The keyset of [`CaseFilter::after`] as the stores compare it: the receipt as (year, number),
/// since receipts sort by number, not as text (`BR-2026-10000` comes after `BR-2026-9999`).
pub(super) fn case_cursor(
    after: Option<&(OffsetDateTime, String)>,
) -> Result<Option<(OffsetDateTime, i64, i64)>, StoreError> {
    after
        .map(|(at, receipt)| {
            let r = medvirk_core::case_form::parse_receipt(receipt)
                .ok_or_else(|| StoreError(format!("not a receipt to page after: {receipt}")))?;
            Ok((*at, i64::from(r.year), i64::from(r.seq)))
        })
        .transpose()
}

/// A status change core's lifecycle accepted, to store if the case is still at `from`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CaseChange {
    pub from: CaseStatus,
    pub to: CaseStatus,
    /// Each `Some` replaces the stored value; `None` keeps it (a decided case keeps its meeting date).
    pub meeting_date: Option<String>,
    pub public_answer: Option<String>,
    pub reason: Option<String>,
    pub at: OffsetDateTime,
}

/// What happened to a status change.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ChangeOutcome {
    Applied,
    NotFound,
    /// The case is no longer at `from`: someone else moved it first; nothing written.
    Stale,
}

/// The columns of a [`CaseRecord`], as a macro so queries stay literal strings (sqlx refuses
/// SQL built at run time unless it is marked as audited).
macro_rules! case_columns {
    () => {
        "receipt, case_id, council, title, why, where_text, when_text, solution, \
         proposer_role, proposer_organisation, contact_name, contact_email, contact_phone, \
         contact_consent, language, client_timestamp, status, meeting_date, public_answer, reason, \
         received_at, updated_at, suspicious"
    };
}

fn status_of(text: &str) -> Result<CaseStatus, StoreError> {
    CaseStatus::from_wire(text).ok_or_else(|| StoreError(format!("bad stored status `{text}`")))
}

fn case_from_row(row: &SqliteRow) -> Result<CaseRecord, StoreError> {
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
        received_at: parse_stored_time(&row.try_get::<String, _>("received_at")?)?,
        updated_at: parse_stored_time(&row.try_get::<String, _>("updated_at")?)?,
        suspicious: row.try_get("suspicious")?,
    })
}

impl SqliteStore {
    pub(super) async fn insert_case_row(&self, case: NewCase) -> Result<CaseInsert, StoreError> {
        let year = case.received_at.to_offset(time::UtcOffset::UTC).year();
        let year16 = u16::try_from(year)
            .map_err(|_| StoreError(format!("year {year} does not fit a receipt")))?;
        // IMMEDIATE takes the write lock at BEGIN (waiting up to the busy timeout), so concurrent
        // inserts queue instead of failing when a read snapshot would have to be upgraded.
        let mut tx = self.pool.begin_with("BEGIN IMMEDIATE").await?;
        let seq: i64 = sqlx::query_scalar(
            "INSERT INTO case_counters (year, last_seq) VALUES (?1, 1) \
             ON CONFLICT (year) DO UPDATE SET last_seq = case_counters.last_seq + 1 \
             RETURNING last_seq",
        )
        .bind(i64::from(year))
        .fetch_one(&mut *tx)
        .await?;
        let seq32 =
            u32::try_from(seq).map_err(|_| StoreError(format!("receipt counter at {seq}")))?;
        let receipt = format_receipt(year16, seq32);
        let (name, email, phone) = match &case.contact {
            Some(c) => (c.name.clone(), c.email.clone(), c.phone.clone()),
            None => (None, None, None),
        };
        let received = format_time(case.received_at);
        let inserted = sqlx::query(
            "INSERT INTO cases (receipt, receipt_year, receipt_seq, case_id, council, title, why, \
               where_text, when_text, solution, proposer_role, proposer_organisation, contact_name, \
               contact_email, contact_phone, contact_consent, language, client_timestamp, status, \
               received_at, updated_at, request_hash, suspicious) \
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17, \
               ?18, ?19, ?20, ?20, ?21, ?22) \
             ON CONFLICT (case_id) DO NOTHING",
        )
        .bind(receipt.clone())
        .bind(i64::from(year))
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
        .bind(received.clone())
        .bind(case.request_hash.clone())
        .bind(case.suspicious)
        .execute(&mut *tx)
        .await?;
        if inserted.rows_affected() == 1 {
            sqlx::query(
                "INSERT INTO case_history (case_id, status, at, note) VALUES (?1, ?2, ?3, NULL)",
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
        let row = sqlx::query("SELECT receipt, request_hash FROM cases WHERE case_id = ?1")
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

    pub(super) async fn case_row(
        &self,
        receipt: &str,
    ) -> Result<Option<(CaseRecord, Vec<CaseHistoryRecord>)>, StoreError> {
        let row = sqlx::query(concat!(
            "SELECT ",
            case_columns!(),
            " FROM cases WHERE receipt = ?1"
        ))
        .bind(receipt.to_owned())
        .fetch_optional(&self.pool)
        .await?;
        let Some(row) = row else { return Ok(None) };
        let case = case_from_row(&row)?;
        let history =
            sqlx::query("SELECT status, at, note FROM case_history WHERE case_id = ?1 ORDER BY id")
                .bind(case.case_id.clone())
                .fetch_all(&self.pool)
                .await?
                .iter()
                .map(|r| {
                    Ok(CaseHistoryRecord {
                        status: status_of(&r.try_get::<String, _>("status")?)?,
                        at: parse_stored_time(&r.try_get::<String, _>("at")?)?,
                        note: r.try_get("note")?,
                    })
                })
                .collect::<Result<Vec<_>, StoreError>>()?;
        Ok(Some((case, history)))
    }

    pub(super) async fn case_rows(
        &self,
        filter: CaseFilter,
    ) -> Result<Vec<CaseRecord>, StoreError> {
        let after = case_cursor(filter.after.as_ref())?;
        sqlx::query(concat!(
            "SELECT ",
            case_columns!(),
            " FROM cases WHERE (?1 IS NULL OR council = ?1) AND (?2 IS NULL OR status = ?2) \
               AND (?3 IS NULL OR (suspicious IS NOT NULL) = ?3) \
               AND (?4 IS NULL OR received_at > ?4 OR (received_at = ?4 \
                    AND (receipt_year > ?5 OR (receipt_year = ?5 AND receipt_seq > ?6)))) \
             ORDER BY received_at, receipt_year, receipt_seq \
             LIMIT ?7"
        ))
        .bind(filter.council)
        .bind(filter.status.map(CaseStatus::wire))
        .bind(filter.suspicious)
        .bind(after.map(|(at, _, _)| format_time(at)))
        .bind(after.map(|(_, year, _)| year))
        .bind(after.map(|(_, _, seq)| seq))
        // SQLite reads a negative LIMIT as none.
        .bind(filter.limit.map_or(-1, i64::from))
        .fetch_all(&self.pool)
        .await?
        .iter()
        .map(case_from_row)
        .collect()
    }

    pub(super) async fn change_case_row(
        &self,
        receipt: &str,
        change: CaseChange,
    ) -> Result<ChangeOutcome, StoreError> {
        let at = format_time(change.at);
        let note = change
            .meeting_date
            .clone()
            .or_else(|| change.public_answer.clone())
            .or_else(|| change.reason.clone());
        let mut tx = self.pool.begin_with("BEGIN IMMEDIATE").await?;
        let case_id: Option<String> = sqlx::query_scalar(
            "UPDATE cases SET status = ?1, \
               meeting_date = COALESCE(?2, meeting_date), \
               public_answer = COALESCE(?3, public_answer), \
               reason = COALESCE(?4, reason), \
               updated_at = ?5 \
             WHERE receipt = ?6 AND status = ?7 \
             RETURNING case_id",
        )
        .bind(change.to.wire())
        .bind(change.meeting_date)
        .bind(change.public_answer)
        .bind(change.reason)
        .bind(at.clone())
        .bind(receipt.to_owned())
        .bind(change.from.wire())
        .fetch_optional(&mut *tx)
        .await?;
        let Some(case_id) = case_id else {
            tx.rollback().await?;
            let exists: Option<String> =
                sqlx::query_scalar("SELECT status FROM cases WHERE receipt = ?1")
                    .bind(receipt.to_owned())
                    .fetch_optional(&self.pool)
                    .await?;
            return Ok(if exists.is_some() {
                ChangeOutcome::Stale
            } else {
                ChangeOutcome::NotFound
            });
        };
        sqlx::query("INSERT INTO case_history (case_id, status, at, note) VALUES (?1, ?2, ?3, ?4)")
            .bind(case_id)
            .bind(change.to.wire())
            .bind(at)
            .bind(note)
            .execute(&mut *tx)
            .await?;
        tx.commit().await?;
        Ok(ChangeOutcome::Applied)
    }
}
