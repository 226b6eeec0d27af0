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
//! - a batch of inserts only is ONE multi-row `INSERT` in autocommit mode: the statement is its
//!   own transaction, committed when it returns (when an id of the batch is already stored, the
//!   statement fails whole and the batch is written again as `INSERT ... ON CONFLICT (id) DO
//!   NOTHING RETURNING id`, which says which rows were new);
//! - a batch that also holds PATCHes runs in order inside one `BEGIN IMMEDIATE` transaction
//!   (runs of consecutive inserts still as one statement each) and is committed once.
//!
//! Only after that commit does each request get its own outcome, so a 201 always follows the
//! commit that holds its row, with the same durability setting as before (see
//! `SqliteStore::open_with`).
//!
//! There is no timer: while one batch commits, the next requests queue, and the next batch takes
//! them all (after one yield, so requests this worker is already parsing come along). A lone
//! request is written at once (no added latency at low load) and batches grow by themselves as
//! load rises. Checkpoints (copying the WAL into the database file, with two fsyncs) run on a
//! second connection of their own ([`Checkpointer`]), not inside a batch's commit.
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
use std::time::Duration;

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

/// How long the checkpointer lets committed WAL frames gather before it copies them into the
/// database file: one checkpoint (and its two fsyncs) per period at most, however many commits.
const CHECKPOINT_PERIOD: Duration = Duration::from_millis(200);

/// WAL size (pages) at which the writer checkpoints inside its own commit. Only a safety net:
/// the checkpointer normally copies the frames first, but under sustained load it never sees a
/// quiet moment to finish, and only a checkpoint by the writer lets the WAL start over (40 MB at
/// most with 4 KB pages). SQLite's default, 1000, put a checkpoint with two fsyncs into every
/// few hundred POSTs' commit: 6% of the server's CPU and the p99 spikes of the ingest bench.
const WRITER_AUTOCHECKPOINT_PAGES: u32 = 10_000;

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
    /// `synchronous` and busy timeout), and a second one for checkpoints, and spawns their tasks
    /// on the current Tokio runtime.
    pub(super) async fn spawn(options: &SqliteConnectOptions) -> Result<Writer, sqlx::Error> {
        let conn = SqliteConnection::connect_with(&options.clone().pragma(
            "wal_autocheckpoint",
            WRITER_AUTOCHECKPOINT_PAGES.to_string(),
        ))
        .await?;
        let checkpointer = Checkpointer::spawn(options).await?;
        let (queue, rx) = mpsc::channel(QUEUE);
        let commits = Arc::new(AtomicU64::new(0));
        tokio::spawn(run(conn, rx, Arc::clone(&commits), checkpointer));
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

/// Copies committed WAL frames into the database file on its own connection, so that this work
/// and its fsyncs no longer sit inside a batch's commit (where SQLite's automatic checkpoint put
/// them, holding up every request of that batch and the next). A PASSIVE checkpoint never blocks
/// the writer: it copies what no reader still needs and leaves the rest for the next one.
struct Checkpointer {
    /// "There are new commits"; capacity 1, so a burst of commits is one pending signal.
    signal: mpsc::Sender<()>,
    task: tokio::task::JoinHandle<()>,
}

impl Checkpointer {
    async fn spawn(options: &SqliteConnectOptions) -> Result<Checkpointer, sqlx::Error> {
        let mut conn = SqliteConnection::connect_with(options).await?;
        let (signal, mut rx) = mpsc::channel::<()>(1);
        let task = tokio::spawn(async move {
            while rx.recv().await.is_some() {
                // Let a period's commits gather; the writer closing (its sender dropped) ends
                // the wait early, so closing the store does not wait out the period.
                let drain = async { while rx.recv().await.is_some() {} };
                let closing = tokio::time::timeout(CHECKPOINT_PERIOD, drain).await.is_ok();
                // A failure (busy, I/O) only delays the copy: the frames stay in the WAL, which
                // readers see, and the next checkpoint or the writer's own takes them.
                let _ = sqlx::query("PRAGMA wal_checkpoint(PASSIVE)")
                    .execute(&mut conn)
                    .await;
                if closing {
                    break;
                }
            }
            let _ = conn.close().await;
        });
        Ok(Checkpointer { signal, task })
    }

    /// After a commit: a checkpoint within the next period.
    fn committed(&self) {
        let _ = self.signal.try_send(());
    }

    /// Stops after any pending checkpoint and closes the connection.
    async fn close(self) {
        drop(self.signal);
        let _ = self.task.await;
    }
}

/// The writer loop: wait for one operation, take whatever else is queued, write them, answer,
/// repeat. Ends on `Close` or when every handle is gone.
async fn run(
    mut conn: SqliteConnection,
    mut rx: mpsc::Receiver<Op>,
    commits: Arc<AtomicU64>,
    checkpointer: Checkpointer,
) {
    let mut batch = Vec::with_capacity(MAX_BATCH);
    while rx.recv_many(&mut batch, MAX_BATCH).await > 0 {
        // Requests that this worker has already started on (body read, being parsed) join this
        // batch instead of the next: yielding lets the runnable tasks run first, and they queue
        // their operation. Still no timer: on an idle server the yield returns at once. Measured
        // with 8 closed-loop clients it raised the mean batch from 3.2 to 5.1 operations, and each
        // commit costs about as much as three rows (WAL frames of the shared pages, locks).
        if batch.len() < MAX_BATCH {
            tokio::task::yield_now().await;
            while batch.len() < MAX_BATCH {
                match rx.try_recv() {
                    Ok(op) => batch.push(op),
                    Err(_) => break,
                }
            }
        }
        // Moved out with its exact length: a fresh `MAX_BATCH` vector per batch is a 60 KB
        // allocation, which sent glibc's malloc into consolidating its free lists every time.
        let mut ops: Vec<Op> = Vec::with_capacity(batch.len());
        ops.append(&mut batch);
        let close = ops
            .iter()
            .position(|op| matches!(op, Op::Close(_)))
            .map(|at| ops.split_off(at));
        if !ops.is_empty() {
            write_batch(&mut conn, ops, &commits).await;
            checkpointer.committed();
        }
        if let Some(rest) = close {
            rx.close();
            let _ = conn.close().await;
            checkpointer.close().await;
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
    checkpointer.close().await;
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
///
/// Almost every batch holds new ids only, so the statement is first tried as a plain `INSERT`:
/// when it succeeds every row in it was created, known without `RETURNING` (whose rows each
/// cross from sqlx's SQLite thread to this task separately). When an id is already stored the
/// plain statement fails as a whole on the primary key (SQLite undoes a failed statement, inside
/// a transaction too) and the batch is written again with `ON CONFLICT (id) DO NOTHING RETURNING
/// id`, which tells exactly which rows it created.
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
    let created: HashSet<String> = match insert_statement(&fresh, "").execute(&mut *conn).await {
        Ok(_) => fresh.iter().map(|row| row.id.clone()).collect(),
        Err(e)
            if e.as_database_error()
                .is_some_and(|d| d.is_unique_violation()) =>
        {
            insert_statement(&fresh, " ON CONFLICT (id) DO NOTHING RETURNING id")
                .fetch_all(&mut *conn)
                .await?
                .iter()
                .map(|r| r.try_get::<String, _>(0))
                .collect::<Result<_, _>>()?
        }
        Err(e) => return Err(e.into()),
    };
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

/// One multi-row INSERT of `rows` followed by `tail` (a fixed clause). Fixed fragments and `?`
/// placeholders only: every value is bound, none is spliced in. sqlx keeps the prepared
/// statement of each distinct text (one per batch size in use).
fn insert_statement<'q>(
    rows: &[&NewFeedback],
    tail: &str,
) -> sqlx::query::Query<'q, sqlx::Sqlite, sqlx::sqlite::SqliteArguments> {
    let mut sql = String::from(
        "INSERT INTO feedback (id, widget_id, rating_value, rating_scale, comment, language, \
         page_path, client_timestamp, time_to_answer_ms, received_at, updated_at, request_hash, \
         suspicious) VALUES ",
    );
    for i in 0..rows.len() {
        if i > 0 {
            sql.push(',');
        }
        sql.push_str("(?, ?, ?, ?, ?, ?, ?, ?, ?, ?, NULL, ?, ?)");
    }
    sql.push_str(tail);
    let mut query = sqlx::query(sqlx::AssertSqlSafe(sql));
    for row in rows {
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
    query
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

    /// A batch with ids stored before takes the fallback statement and still gets each row's
    /// exact outcome, with nothing written twice or left out; in autocommit and inside the
    /// transaction of a batch with PATCHes alike.
    #[tokio::test(flavor = "current_thread")]
    async fn stored_ids_in_a_batch_get_exact_outcomes() {
        use InsertOutcome::{Conflict, Created, Replayed};
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("f.db");
        let store = SqliteStore::open(path.to_str().unwrap()).await.unwrap();
        let mut conn = SqliteConnection::connect_with(
            &SqliteConnectOptions::new()
                .filename(&path)
                .busy_timeout(Duration::from_secs(5)),
        )
        .await
        .unwrap();
        assert_eq!(
            insert_many(&mut conn, vec![row(1, "h")]).await.unwrap(),
            [Created]
        );
        let batch = || {
            vec![
                row(1, "h"),
                row(2, "h"),
                row(1, "x"),
                row(3, "h"),
                row(2, "h"),
            ]
        };
        assert_eq!(
            insert_many(&mut conn, batch()).await.unwrap(),
            [Replayed, Created, Conflict, Created, Replayed]
        );
        sqlx::query("BEGIN IMMEDIATE")
            .execute(&mut conn)
            .await
            .unwrap();
        let mut in_tx = batch();
        in_tx.push(row(4, "h"));
        assert_eq!(
            insert_many(&mut conn, in_tx).await.unwrap(),
            [Replayed, Replayed, Conflict, Replayed, Replayed, Created]
        );
        sqlx::query("COMMIT").execute(&mut conn).await.unwrap();
        let stored = store.list_feedback(Default::default()).await.unwrap();
        let mut ids: Vec<_> = stored.iter().map(|r| &r.id[..8]).collect();
        ids.sort();
        assert_eq!(ids, ["00000001", "00000002", "00000003", "00000004"]);
        conn.close().await.unwrap();
        store.close().await;
    }

    /// Commits reach the database file through the checkpointer, not only when the WAL hits the
    /// writer's (large) automatic checkpoint threshold.
    #[tokio::test(flavor = "current_thread")]
    async fn the_checkpointer_copies_commits_into_the_database_file() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("f.db");
        let store = SqliteStore::open(path.to_str().unwrap()).await.unwrap();
        let size = || std::fs::metadata(&path).unwrap().len();
        let before = size();
        for n in 0..300 {
            let mut r = row(n, "h");
            r.comment = Some("x".repeat(500));
            store.insert_feedback(r).await.unwrap();
        }
        // 300 rows of ~600 bytes: far more than the migrated, empty database holds.
        let deadline = std::time::Instant::now() + Duration::from_secs(5);
        while size() < before + 100 * 1024 && std::time::Instant::now() < deadline {
            tokio::time::sleep(Duration::from_millis(20)).await;
        }
        assert!(size() >= before + 100 * 1024, "{before} -> {}", size());
        store.close().await;
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
