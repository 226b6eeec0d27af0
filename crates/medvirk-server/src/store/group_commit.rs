//! Group commit for SQLite feedback writes: one writer task runs every queued insert and update in one transaction.
//!
//! SQLite has a single writer. Before this, each POST took the write lock itself (`BEGIN`,
//! insert, commit) and the other connections of the pool waited in SQLite's busy handler, which
//! sleeps in steps of milliseconds: throughput stayed far below what the HTTP stack could carry.
//! Now requests hand their operation to [`Writer`] over a channel and await a reply. The writer
//! owns one connection of its own, takes whatever is queued (at most [`MAX_BATCH`]) and writes it
//! with as few statements as possible, because on this stack each statement is a round trip to
//! sqlx's SQLite worker thread (two context switches), which costs more than the insert itself:
//!
//! - a batch of inserts only is ONE multi-row `INSERT ... ON CONFLICT (id) DO NOTHING RETURNING id`
//!   in autocommit mode: the statement is its own transaction, committed when it returns;
//! - a batch that also holds PATCHes runs in order inside one `BEGIN IMMEDIATE` transaction
//!   (runs of consecutive inserts still as one statement each) and is committed once.
//!
//! Only after that commit does each request get its own outcome, so a 201 always follows the
//! commit that holds its row, with the same durability setting as before (see
//! `SqliteStore::open_with`).
//!
//! There is no timer: while one batch commits, the next requests queue, and the next batch takes
//! them all. A lone request is written at once (no added latency at low load) and batches grow
//! by themselves as load rises.
//!
//! Idempotency stays exact inside a batch: only the first item of an id goes into the INSERT;
//! a later item with the same id is compared with the first one's request hash when the first was
//! created, and with the stored row's hash (read after the insert) otherwise, exactly as a retry in
//! a later batch would be. Rows are never deleted, so the row that won a conflict is always there
//! to compare with. When a statement fails, its items get the error; when a commit fails, every
//! item of the batch gets an error and nothing is acknowledged.

use std::collections::{HashMap, HashSet};
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};

use sqlx::sqlite::SqliteConnectOptions;
use sqlx::{Connection, Row, SqliteConnection};
use time::OffsetDateTime;
use tokio::sync::{mpsc, oneshot};

use super::{FeedbackChange, InsertOutcome, NewFeedback, StoreError, UpdateOutcome, format_time};

/// Most operations in one batch: bounds the time the write lock is held (a few ms) and the
/// statement's parameters (256 x 12, far below SQLite's 32,766), so case inserts and directory
/// imports, which take the lock on their own, never wait long.
pub const MAX_BATCH: usize = 256;

/// Operations waiting for the writer; a full queue makes requests wait to enqueue (backpressure)
/// instead of growing memory without bound.
const QUEUE: usize = 4 * MAX_BATCH;

type Reply<T> = oneshot::Sender<Result<T, StoreError>>;

/// One write a request asks for, with the channel its outcome goes back on.
enum Op {
    Insert(NewFeedback, Reply<InsertOutcome>),
    Update(String, FeedbackChange, OffsetDateTime, Reply<UpdateOutcome>),
    /// Close the connection and stop; acknowledged once done.
    Close(oneshot::Sender<()>),
}

/// The requests' handle on the writer task.
#[derive(Clone, Debug)]
pub(super) struct Writer {
    queue: mpsc::Sender<Op>,
    commits: Arc<AtomicU64>,
}

impl Writer {
    /// Opens the writer's own connection with the store's options (same journal mode,
    /// `synchronous` and busy timeout) and spawns its task on the current Tokio runtime.
    pub(super) async fn spawn(options: &SqliteConnectOptions) -> Result<Writer, sqlx::Error> {
        let conn = SqliteConnection::connect_with(options).await?;
        let (queue, rx) = mpsc::channel(QUEUE);
        let commits = Arc::new(AtomicU64::new(0));
        tokio::spawn(run(conn, rx, Arc::clone(&commits)));
        Ok(Writer { queue, commits })
    }

    /// Transactions committed so far (each holds one batch, or one run of it).
    pub(super) fn commits(&self) -> u64 {
        self.commits.load(Ordering::Relaxed)
    }

    pub(super) async fn insert(&self, row: NewFeedback) -> Result<InsertOutcome, StoreError> {
        let (tx, rx) = oneshot::channel();
        self.queue
            .send(Op::Insert(row, tx))
            .await
            .map_err(|_| gone())?;
        rx.await.map_err(|_| gone())?
    }

    pub(super) async fn update(
        &self,
        id: String,
        change: FeedbackChange,
        now: OffsetDateTime,
    ) -> Result<UpdateOutcome, StoreError> {
        let (tx, rx) = oneshot::channel();
        self.queue
            .send(Op::Update(id, change, now, tx))
            .await
            .map_err(|_| gone())?;
        rx.await.map_err(|_| gone())?
    }

    /// Writes what was queued before, closes the connection and stops the task; later writes
    /// fail. Returns at once when the task has already stopped.
    pub(super) async fn close(&self) {
        let (tx, rx) = oneshot::channel();
        if self.queue.send(Op::Close(tx)).await.is_ok() {
            let _ = rx.await;
        }
    }
}

fn gone() -> StoreError {
    StoreError("the SQLite writer has stopped (the store was closed)".to_owned())
}

/// The writer loop: wait for one operation, take whatever else is queued, write them, answer,
/// repeat. Ends on `Close` or when every handle is gone.
async fn run(mut conn: SqliteConnection, mut rx: mpsc::Receiver<Op>, commits: Arc<AtomicU64>) {
    let mut batch = Vec::with_capacity(MAX_BATCH);
    while rx.recv_many(&mut batch, MAX_BATCH).await > 0 {
        let mut ops = std::mem::replace(&mut batch, Vec::with_capacity(MAX_BATCH));
        let close = ops
            .iter()
            .position(|op| matches!(op, Op::Close(_)))
            .map(|at| ops.split_off(at));
        if !ops.is_empty() {
            write_batch(&mut conn, ops, &commits).await;
        }
        if let Some(rest) = close {
            rx.close();
            let _ = conn.close().await;
            // Whatever came after the close (and whatever is still queued) is refused.
            let queued = std::iter::from_fn(|| rx.try_recv().ok());
            for op in rest.into_iter().chain(queued) {
                match op {
                    Op::Insert(_, reply) => drop(reply.send(Err(gone()))),
                    Op::Update(_, _, _, reply) => drop(reply.send(Err(gone()))),
                    Op::Close(ack) => drop(ack.send(())),
                }
            }
            return;
        }
    }
    let _ = conn.close().await;
}

/// An outcome computed inside a transaction, held until its commit decides whether it stands.
enum Done {
    Inserts(
        Result<Vec<InsertOutcome>, StoreError>,
        Vec<Reply<InsertOutcome>>,
    ),
    Update(Result<UpdateOutcome, StoreError>, Reply<UpdateOutcome>),
}

/// Sends each outcome, or an error for all when `failure` says the commit did not happen. A
/// request that went away (client disconnected) is not an error: its row stands, and a retry
/// replays.
fn answer(done: Vec<Done>, failure: Option<&str>) {
    let failed = |msg: &str| StoreError(format!("batch not committed: {msg}"));
    for d in done {
        match d {
            Done::Inserts(outcomes, replies) => match (outcomes, failure) {
                (Ok(outcomes), None) => {
                    for (outcome, reply) in outcomes.into_iter().zip(replies) {
                        let _ = reply.send(Ok(outcome));
                    }
                }
                (Err(e), None) => {
                    for reply in replies {
                        let _ = reply.send(Err(StoreError(e.0.clone())));
                    }
                }
                (_, Some(msg)) => {
                    for reply in replies {
                        let _ = reply.send(Err(failed(msg)));
                    }
                }
            },
            Done::Update(outcome, reply) => {
                let _ = reply.send(match failure {
                    Some(msg) => Err(failed(msg)),
                    None => outcome,
                });
            }
        }
    }
}

async fn write_batch(conn: &mut SqliteConnection, ops: Vec<Op>, commits: &AtomicU64) {
    if ops.iter().all(|op| matches!(op, Op::Insert(..))) {
        // Autocommit: the one INSERT statement is the transaction.
        let (rows, replies): (Vec<_>, Vec<_>) = ops
            .into_iter()
            .filter_map(|op| match op {
                Op::Insert(row, reply) => Some((row, reply)),
                _ => None,
            })
            .unzip();
        let outcomes = insert_many(conn, rows).await;
        if outcomes.is_ok() {
            commits.fetch_add(1, Ordering::Relaxed);
        }
        answer(vec![Done::Inserts(outcomes, replies)], None);
        return;
    }
    // IMMEDIATE takes the write lock at BEGIN (waiting for a case insert or directory import up
    // to the busy timeout), so no statement of the batch has to upgrade a read lock and fail.
    if let Err(e) = sqlx::query("BEGIN IMMEDIATE").execute(&mut *conn).await {
        let msg = e.to_string();
        let done = ops
            .into_iter()
            .filter_map(|op| match op {
                Op::Insert(_, reply) => Some(Done::Inserts(Ok(vec![]), vec![reply])),
                Op::Update(_, _, _, reply) => {
                    Some(Done::Update(Ok(UpdateOutcome::NotFound), reply))
                }
                Op::Close(_) => None,
            })
            .collect();
        answer(done, Some(&msg));
        return;
    }
    let mut done = Vec::new();
    let mut rows = Vec::new();
    let mut replies = Vec::new();
    for op in ops {
        match op {
            Op::Insert(row, reply) => {
                rows.push(row);
                replies.push(reply);
            }
            Op::Update(id, change, now, reply) => {
                // Inserts queued before this PATCH are written first: it may be for one of them.
                if !rows.is_empty() {
                    let outcomes = insert_many(conn, std::mem::take(&mut rows)).await;
                    done.push(Done::Inserts(outcomes, std::mem::take(&mut replies)));
                }
                done.push(Done::Update(update(conn, &id, change, now).await, reply));
            }
            Op::Close(_) => unreachable!("the writer splits a batch at its close"),
        }
    }
    if !rows.is_empty() {
        let outcomes = insert_many(conn, rows).await;
        done.push(Done::Inserts(outcomes, replies));
    }
    let failure = match sqlx::query("COMMIT").execute(&mut *conn).await {
        Ok(_) => {
            commits.fetch_add(1, Ordering::Relaxed);
            None
        }
        Err(e) => {
            // Leave no transaction open for the next batch; the error that counts is the commit's.
            let _ = sqlx::query("ROLLBACK").execute(&mut *conn).await;
            Some(e.to_string())
        }
    };
    answer(done, failure.as_deref());
}

/// Inserts the rows whose id is not stored yet with one statement, and returns each row's
/// outcome in order. Only the first row of an id goes into the statement; the others, and rows
/// whose id was stored before, are replays or conflicts by request hash.
async fn insert_many(
    conn: &mut SqliteConnection,
    rows: Vec<NewFeedback>,
) -> Result<Vec<InsertOutcome>, StoreError> {
    let mut first: HashMap<&str, usize> = HashMap::with_capacity(rows.len());
    let mut fresh = Vec::with_capacity(rows.len());
    for (i, row) in rows.iter().enumerate() {
        if !first.contains_key(row.id.as_str()) {
            first.insert(&row.id, i);
            fresh.push(row);
        }
    }
    // Fixed fragments and `?` placeholders only: every value is bound, none is spliced in.
    let mut sql = String::from(
        "INSERT INTO feedback (id, widget_id, rating_value, rating_scale, comment, language, \
         page_path, client_timestamp, time_to_answer_ms, received_at, updated_at, request_hash, \
         suspicious) VALUES ",
    );
    for i in 0..fresh.len() {
        if i > 0 {
            sql.push(',');
        }
        sql.push_str("(?, ?, ?, ?, ?, ?, ?, ?, ?, ?, NULL, ?, ?)");
    }
    sql.push_str(" ON CONFLICT (id) DO NOTHING RETURNING id");
    let mut query = sqlx::query(sqlx::AssertSqlSafe(sql));
    for row in &fresh {
        query = query
            .bind(row.id.clone())
            .bind(row.widget_id.clone())
            .bind(i64::from(row.rating_value))
            .bind(i64::from(row.rating_scale))
            .bind(row.comment.clone())
            .bind(row.language.clone())
            .bind(row.page_path.clone())
            .bind(row.client_timestamp.clone())
            .bind(row.time_to_answer_ms)
            .bind(format_time(row.received_at))
            .bind(row.request_hash.clone())
            .bind(row.suspicious);
    }
    let created: HashSet<String> = query
        .fetch_all(&mut *conn)
        .await?
        .iter()
        .map(|r| r.try_get::<String, _>(0))
        .collect::<Result<_, _>>()?;
    // The hash each id is stored with: the first row's when it was created here, else the
    // stored row's (read only when some id was already there).
    let mut stored: HashMap<&str, &str> = created
        .iter()
        .filter_map(|id| {
            first
                .get(id.as_str())
                .map(|&i| (rows[i].id.as_str(), rows[i].request_hash.as_str()))
        })
        .collect();
    let earlier: Vec<&str> = fresh
        .iter()
        .map(|r| r.id.as_str())
        .filter(|id| !stored.contains_key(id))
        .collect();
    let mut older = HashMap::new();
    for id in earlier {
        let hash: String = sqlx::query_scalar("SELECT request_hash FROM feedback WHERE id = ?1")
            .bind(id.to_owned())
            .fetch_one(&mut *conn)
            .await?;
        older.insert(id, hash);
    }
    for (id, hash) in &older {
        stored.insert(id, hash.as_str());
    }
    Ok(rows
        .iter()
        .enumerate()
        .map(|(i, row)| {
            let id = row.id.as_str();
            if first[id] == i && created.contains(id) {
                InsertOutcome::Created
            } else if stored.get(id) == Some(&row.request_hash.as_str()) {
                InsertOutcome::Replayed
            } else {
                InsertOutcome::Conflict
            }
        })
        .collect())
}

async fn update(
    conn: &mut SqliteConnection,
    id: &str,
    change: FeedbackChange,
    now: OffsetDateTime,
) -> Result<UpdateOutcome, StoreError> {
    // One statement: every right-hand side sees the old row, which lets `updated_at` move only on
    // a real change, so a replayed PATCH leaves the row byte for byte as it was.
    let updated = sqlx::query(
        "UPDATE feedback SET \
           rating_value = COALESCE(?1, rating_value), \
           comment = COALESCE(?2, comment), \
           updated_at = CASE \
             WHEN rating_value IS DISTINCT FROM COALESCE(?1, rating_value) \
               OR comment IS DISTINCT FROM COALESCE(?2, comment) THEN ?3 \
             ELSE updated_at END \
         WHERE id = ?4 AND (?5 IS NULL OR rating_scale = ?5)",
    )
    .bind(change.rating_value.map(i64::from))
    .bind(change.comment)
    .bind(format_time(now))
    .bind(id.to_owned())
    .bind(change.rating_scale.map(i64::from))
    .execute(&mut *conn)
    .await?;
    if updated.rows_affected() > 0 {
        return Ok(UpdateOutcome::Updated);
    }
    let scale: Option<i64> = sqlx::query_scalar("SELECT rating_scale FROM feedback WHERE id = ?1")
        .bind(id.to_owned())
        .fetch_optional(&mut *conn)
        .await?;
    Ok(match scale {
        None => UpdateOutcome::NotFound,
        Some(stored) => UpdateOutcome::ScaleMismatch {
            stored: u8::try_from(stored)
                .map_err(|_| StoreError(format!("bad stored scale {stored}")))?,
        },
    })
}

#[cfg(test)]
mod tests {
    use super::super::{SqliteStore, Store};
    use super::*;

    fn row(n: usize, hash: &str) -> NewFeedback {
        NewFeedback {
            id: format!("{n:08x}-0000-4000-8000-000000000000"),
            widget_id: "w".to_owned(),
            rating_value: 3,
            rating_scale: 5,
            comment: None,
            language: "nb".to_owned(),
            page_path: "/".to_owned(),
            client_timestamp: "2026-03-01T08:00:00Z".to_owned(),
            time_to_answer_ms: None,
            received_at: OffsetDateTime::now_utc(),
            request_hash: hash.to_owned(),
            suspicious: None,
        }
    }

    /// Requests queued while the writer is busy share a commit, and each still gets its own
    /// outcome: 64 inserts (8 of them repeats, 4 with another payload) in far fewer commits.
    #[tokio::test(flavor = "current_thread")]
    async fn queued_requests_share_commits_with_their_own_outcomes() {
        let dir = tempfile::tempdir().unwrap();
        let store = SqliteStore::open(dir.path().join("f.db").to_str().unwrap())
            .await
            .unwrap();
        let before = store.feedback_commits();
        let tasks: Vec<_> = (0..64)
            .map(|i| {
                let store = store.clone();
                // Items 56..60 repeat ids 0..4 exactly; 60..64 reuse ids 4..8 with another hash.
                let (n, hash) = match i {
                    56..60 => (i - 56, "h"),
                    60..64 => (i - 56, "other"),
                    _ => (i, "h"),
                };
                tokio::spawn(async move { store.insert_feedback(row(n, hash)).await.unwrap() })
            })
            .collect();
        let mut outcomes = Vec::new();
        for task in tasks {
            outcomes.push(task.await.unwrap());
        }
        let count = |o: InsertOutcome| outcomes.iter().filter(|&&x| x == o).count();
        assert_eq!(count(InsertOutcome::Created), 56);
        assert_eq!(count(InsertOutcome::Replayed), 4);
        assert_eq!(count(InsertOutcome::Conflict), 4);
        let commits = store.feedback_commits() - before;
        assert!(
            (1..=8).contains(&commits),
            "{commits} commits for 64 requests"
        );
        assert_eq!(
            store.list_feedback(Default::default()).await.unwrap().len(),
            56
        );
        // After close, writes fail instead of hanging.
        store.close().await;
        assert!(store.insert_feedback(row(99, "h")).await.is_err());
    }
}
