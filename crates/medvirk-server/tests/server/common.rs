//! Shared test harness: a fresh app per test (own temp dir, database and www tree) and the one `check` helper.
//!
//! The database is a SQLite file in the test's temp dir, or, when `MEDVIRK_TEST_DATABASE_URL`
//! holds a PostgreSQL admin URL (`cargo xtask test` sets it), a fresh database per test created
//! from that URL and dropped when the test ends: the whole suite runs against both stores.

use std::net::{IpAddr, SocketAddr};
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::sync::atomic::{AtomicU32, Ordering};

use axum::Router;
use axum::body::Body;
use axum::extract::ConnectInfo;
use axum::http::{HeaderMap, Request, StatusCode};
use http_body_util::BodyExt;
use medvirk_core::directory::csv::{CsvRecord, parse_csv};
use medvirk_server::config::{AllowedOrigins, Config};
use medvirk_server::ratelimit::RateLimit;
use medvirk_server::store::Store;
use medvirk_server::{AppState, app, store};
use serde_json::Value;
use tempfile::TempDir;
use tower::ServiceExt;

pub const TOKEN: &str = "test-admin-token-0123456789";
pub const ADMIN: &str = "/api/v1/admin/feedback";
pub const FEEDBACK: &str = "/api/v1/feedback";

/// A PostgreSQL URL with CREATEDB rights; unset runs the tests on SQLite.
pub const ENV_TEST_DATABASE_URL: &str = "MEDVIRK_TEST_DATABASE_URL";
/// Set to 1 by `cargo xtask test` when it started PostgreSQL: tests that need it must not skip.
pub const ENV_REQUIRE_POSTGRES: &str = "MEDVIRK_REQUIRE_POSTGRES";

/// The admin URL from [`ENV_TEST_DATABASE_URL`], when set.
pub fn postgres_admin_url() -> Option<String> {
    let url = std::env::var(ENV_TEST_DATABASE_URL).ok()?;
    let url = url.trim();
    if url.is_empty() {
        return None;
    }
    assert!(
        store::is_postgres(url),
        "{ENV_TEST_DATABASE_URL} must be a postgres:// URL, not `{url}`"
    );
    Some(url.to_owned())
}

/// Whether the run insists on PostgreSQL ([`ENV_REQUIRE_POSTGRES`] is 1).
pub fn postgres_required() -> bool {
    std::env::var(ENV_REQUIRE_POSTGRES).is_ok_and(|v| v.trim() == "1")
}

/// One test's database: a SQLite file in `dir`, or a fresh PostgreSQL database dropped on drop.
pub struct TestDb {
    /// What `--db` takes.
    pub url: String,
    /// `(admin URL, database name)` of a PostgreSQL database to drop.
    postgres: Option<(String, String)>,
}

impl TestDb {
    pub fn new(dir: &Path) -> Self {
        let Some(admin) = postgres_admin_url() else {
            return TestDb {
                url: dir.join("feedback.db").to_str().unwrap().to_owned(),
                postgres: None,
            };
        };
        static NEXT: AtomicU32 = AtomicU32::new(0);
        let nanos = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .unwrap()
            .subsec_nanos();
        let name = format!(
            "medvirk_t_{}_{}_{nanos}",
            std::process::id(),
            NEXT.fetch_add(1, Ordering::Relaxed)
        );
        admin_sql(&admin, format!("CREATE DATABASE {name}"))
            .unwrap_or_else(|e| panic!("cannot create test database {name}: {e}"));
        TestDb {
            url: with_database(&admin, &name),
            postgres: Some((admin, name)),
        }
    }

    pub fn is_postgres(&self) -> bool {
        self.postgres.is_some()
    }
}

impl Drop for TestDb {
    fn drop(&mut self) {
        if let Some((admin, name)) = &self.postgres {
            // FORCE ends the connections the test's pool still holds.
            if let Err(e) = admin_sql(
                admin,
                format!("DROP DATABASE IF EXISTS {name} WITH (FORCE)"),
            ) {
                eprintln!("could not drop test database {name}: {e}");
            }
        }
    }
}

/// Runs one statement over a fresh connection to the admin URL, on a thread with its own
/// runtime, so it works from sync code, async tests and `Drop` alike.
fn admin_sql(admin: &str, sql: String) -> Result<(), String> {
    let admin = admin.to_owned();
    std::thread::spawn(move || {
        let runtime = tokio::runtime::Builder::new_current_thread()
            .enable_all()
            .build()
            .map_err(|e| e.to_string())?;
        runtime.block_on(async {
            use sqlx::Connection;
            let mut conn = sqlx::PgConnection::connect(&admin)
                .await
                .map_err(|e| e.to_string())?;
            // The statement names a database made up above from digits and a fixed prefix.
            sqlx::query(sqlx::AssertSqlSafe(sql))
                .execute(&mut conn)
                .await
                .map_err(|e| e.to_string())?;
            conn.close().await.map_err(|e| e.to_string())
        })
    })
    .join()
    .map_err(|_| "the admin thread panicked".to_owned())?
}

/// `url` with its database (the path) replaced by `name`, keeping credentials and query.
pub fn with_database(url: &str, name: &str) -> String {
    let (scheme, rest) = url.split_once("://").unwrap();
    let (head, query) = match rest.find('?') {
        Some(q) => rest.split_at(q),
        None => (rest, ""),
    };
    let host_start = head.rfind('@').map_or(0, |at| at + 1);
    let authority_end = head[host_start..]
        .find('/')
        .map_or(head.len(), |slash| host_start + slash);
    format!("{scheme}://{}/{name}{query}", &head[..authority_end])
}

#[test]
fn with_database_keeps_credentials_and_query() {
    assert_eq!(
        with_database("postgres://u:p/w@h:5/postgres?sslmode=disable", "t1"),
        "postgres://u:p/w@h:5/t1?sslmode=disable"
    );
    assert_eq!(with_database("postgresql://h", "t2"), "postgresql://h/t2");
}

/// An app over a temp directory that holds the www tree (and the SQLite file, if any).
pub struct TestApp {
    pub app: Router,
    /// The store under the app, for tests that act on it directly (closing it, say).
    pub store: Arc<dyn Store>,
    /// Dropped after the app and store: the PostgreSQL database goes with the test.
    pub _db: TestDb,
    /// Holds the www tree and any SQLite file; deleted when the test ends.
    pub _dir: TempDir,
}

pub struct Options {
    pub admin_token: Option<&'static str>,
    pub origins: AllowedOrigins,
    pub open311: bool,
    /// The server's default limit unless a test says otherwise; requests without a `peer` come
    /// from an address of their own (see [`send`]), so only tests that name a peer meet it.
    pub rate_limit: Option<RateLimit>,
    pub trust_forwarded_for: bool,
    /// The admin results' privacy threshold (the server's default, 5, unless a test says otherwise).
    pub privacy_threshold: u32,
}

impl Default for Options {
    fn default() -> Self {
        Options {
            admin_token: Some(TOKEN),
            origins: AllowedOrigins::Any,
            open311: false,
            rate_limit: Some(RateLimit::default()),
            trust_forwarded_for: false,
            privacy_threshold: medvirk_server::config::DEFAULT_PRIVACY_THRESHOLD,
        }
    }
}

impl TestApp {
    pub async fn new() -> Self {
        Self::with(Options::default()).await
    }

    pub async fn with(options: Options) -> Self {
        let dir = tempfile::tempdir().unwrap();
        let www = dir.path().join("www");
        write_www(&www);
        let db = TestDb::new(dir.path());
        let config = Config {
            addr: "127.0.0.1:0".into(),
            db: db.url.clone(),
            www,
            admin_token: options.admin_token.map(str::to_owned),
            allowed_origins: options.origins,
            open311: options.open311,
            db_pool_size: None,
            migrate: true,
            rate_limit: options.rate_limit,
            trust_forwarded_for: options.trust_forwarded_for,
            privacy_threshold: options.privacy_threshold,
        };
        let store = store::open(&config.db).await.unwrap();
        TestApp {
            app: app(AppState::new(store.clone(), &config)),
            store,
            _db: db,
            _dir: dir,
        }
    }

    pub async fn send(&self, req: Req<'_>) -> Res {
        send(&self.app, req).await
    }

    /// Signs in to the admin area with [`TOKEN`] and returns the `Cookie` header value to send.
    pub async fn sign_in(&self) -> String {
        self.sign_in_with(TOKEN).await
    }

    /// Signs in with `token` (which must be right) and returns the `Cookie` header value to send.
    pub async fn sign_in_with(&self, token: &str) -> String {
        let res = self
            .send(Req::form(
                "/admin/sign-in",
                &format!("token={token}&lang=en"),
            ))
            .await;
        assert_eq!(res.status, StatusCode::SEE_OTHER, "{}", res.text());
        let set = res.header("set-cookie").expect("a session cookie");
        set.split(';').next().unwrap().to_owned()
    }

    /// An admin page or download read with the session `cookie`; any status but 200 fails the
    /// test, with the path and the body in the message.
    pub async fn admin_get(&self, cookie: &str, path: &str) -> Res {
        let res = self.send(Req::get(path).session(cookie)).await;
        assert_eq!(res.status, StatusCode::OK, "{path}: {}", res.text());
        res
    }

    /// A same-origin form post to an admin page with the session `cookie`.
    pub async fn admin_post(&self, cookie: &str, path: &str, body: &str) -> Res {
        self.send(Req::form(path, body).session(cookie)).await
    }

    /// A streamed admin download read frame by frame, as a client receives it: the number of
    /// frames (how the body was produced) and the body.
    pub async fn stream(&self, cookie: &str, path: &str) -> (usize, String) {
        let mut request = Request::get(path)
            .header("cookie", cookie)
            .body(Body::empty())
            .unwrap();
        request
            .extensions_mut()
            .insert(ConnectInfo(SocketAddr::from(([10, 9, 9, 8], 40_000))));
        let response = self.app.clone().oneshot(request).await.unwrap();
        assert_eq!(response.status(), StatusCode::OK);
        let mut body = response.into_body();
        let (mut frames, mut bytes) = (0, Vec::new());
        while let Some(frame) = body.frame().await {
            frames += 1;
            bytes.extend_from_slice(&frame.unwrap().into_data().unwrap());
        }
        (frames, String::from_utf8(bytes).unwrap())
    }

    /// The stored rows, through the admin API.
    pub async fn rows(&self, query: &str) -> Vec<Value> {
        let res = self
            .send(
                Req::get(&format!("{ADMIN}{query}"))
                    .header("authorization", &format!("Bearer {TOKEN}")),
            )
            .await;
        assert_eq!(res.status, StatusCode::OK, "{}", res.text());
        let body = res.json();
        let items = body["items"].as_array().unwrap().clone();
        assert_eq!(body["count"], items.len());
        items
    }
}

/// Files a build would put in www: an index, the entry script with precompressed siblings, a
/// content-hashed wasm with a brotli sibling.
fn write_www(www: &Path) {
    let widgets = www.join("widgets");
    std::fs::create_dir_all(&widgets).unwrap();
    std::fs::write(
        www.join("index.html"),
        "<!doctype html><title>Kommune</title>",
    )
    .unwrap();
    std::fs::write(www.join("style.css"), "body{}").unwrap();
    std::fs::write(widgets.join("medvirk.js"), "export const identity = 1;").unwrap();
    std::fs::write(widgets.join("medvirk.js.br"), "BROTLI BYTES").unwrap();
    std::fs::write(widgets.join("medvirk.js.gz"), "GZIP BYTES").unwrap();
    std::fs::write(
        widgets.join("medvirk-smiley-3fa9c2d1e0b4.wasm"),
        b"\0asm\x01\0\0\0",
    )
    .unwrap();
    std::fs::write(
        widgets.join("medvirk-smiley-3fa9c2d1e0b4.wasm.br"),
        "BROTLI WASM",
    )
    .unwrap();
    std::fs::write(
        widgets.join("medvirk-smiley-3fa9c2d1e0b4.js"),
        "export default 1;",
    )
    .unwrap();
}

/// A request as data.
#[derive(Clone, Debug)]
pub struct Req<'a> {
    pub method: &'a str,
    pub path: String,
    pub headers: Vec<(String, String)>,
    pub body: Vec<u8>,
    /// The client's socket address as `axum::serve` would report it; `None` picks a fresh one.
    pub peer: Option<SocketAddr>,
}

impl<'a> Req<'a> {
    pub fn new(method: &'a str, path: &str) -> Self {
        Req {
            method,
            path: path.to_owned(),
            headers: Vec::new(),
            body: Vec::new(),
            peer: None,
        }
    }

    pub fn get(path: &str) -> Self {
        Req::new("GET", path)
    }

    /// A JSON body with `Content-Type: application/json`.
    pub fn json(method: &'a str, path: &str, body: impl Into<Vec<u8>>) -> Self {
        Req::new(method, path)
            .header("content-type", "application/json")
            .body(body)
    }

    /// A form POST to an admin page, as a browser on the same origin sends it.
    pub fn form(path: &str, body: &str) -> Self {
        Req::new("POST", path)
            .header("content-type", "application/x-www-form-urlencoded")
            .header("host", "127.0.0.1:8080")
            .header("origin", "http://127.0.0.1:8080")
            .body(body.as_bytes().to_vec())
    }

    /// With the admin session cookie from [`TestApp::sign_in`].
    pub fn session(self, cookie: &str) -> Self {
        self.header("cookie", cookie)
    }

    pub fn header(mut self, name: &str, value: &str) -> Self {
        self.headers.push((name.to_owned(), value.to_owned()));
        self
    }

    pub fn body(mut self, body: impl Into<Vec<u8>>) -> Self {
        self.body = body.into();
        self
    }

    /// Sends from this client address (what the rate limiter keys on).
    pub fn from(mut self, ip: &str) -> Self {
        self.peer = Some(SocketAddr::new(ip.parse::<IpAddr>().unwrap(), 40_000));
        self
    }
}

/// A response, fully read.
#[derive(Debug)]
pub struct Res {
    pub status: StatusCode,
    pub headers: HeaderMap,
    pub body: Vec<u8>,
}

impl Res {
    pub fn text(&self) -> String {
        String::from_utf8_lossy(&self.body).into_owned()
    }

    pub fn json(&self) -> Value {
        serde_json::from_slice(&self.body)
            .unwrap_or_else(|e| panic!("not JSON ({e}): {}", self.text()))
    }

    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers.get(name).map(|v| v.to_str().unwrap())
    }
}

pub async fn send(app: &Router, req: Req<'_>) -> Res {
    let mut builder = Request::builder().method(req.method).uri(&req.path);
    for (name, value) in &req.headers {
        builder = builder.header(name, value);
    }
    // Each request without a named peer comes from its own address in 10.0.0.0/8, so the rate
    // limit (on by default, as in production) never throttles tests that are about something else.
    static NEXT_PEER: AtomicU32 = AtomicU32::new(1);
    let peer = req.peer.unwrap_or_else(|| {
        let n = NEXT_PEER.fetch_add(1, Ordering::Relaxed) & 0x00ff_ffff;
        SocketAddr::new(IpAddr::from((0x0a00_0000 | n).to_be_bytes()), 40_000)
    });
    let mut request = builder.body(Body::from(req.body)).unwrap();
    request.extensions_mut().insert(ConnectInfo(peer));
    let response = app.clone().oneshot(request).await.unwrap();
    let status = response.status();
    let headers = response.headers().clone();
    let body = axum::body::to_bytes(response.into_body(), usize::MAX)
        .await
        .unwrap()
        .to_vec();
    Res {
        status,
        headers,
        body,
    }
}

/// What a response must look like. `error` checks the JSON error body's code and field;
/// each header is either required with that value (`Some`) or required absent (`None`).
#[derive(Clone, Copy, Debug, Default)]
pub struct Expect<'a> {
    pub status: u16,
    pub error: Option<(&'a str, Option<&'a str>)>,
    pub headers: &'a [(&'a str, Option<&'a str>)],
}

/// Every status code returned by the server and the test's expectations meet here.
pub async fn check(t: &TestApp, name: &str, req: Req<'_>, expect: Expect<'_>) -> Res {
    let res = t.send(req).await;
    assert_eq!(res.status.as_u16(), expect.status, "{name}: {}", res.text());
    if let Some((code, field)) = expect.error {
        let body = res.json();
        let error = body["error"]
            .as_object()
            .unwrap_or_else(|| panic!("{name}: no error object: {body}"));
        assert_eq!(
            error.len(),
            3,
            "{name}: error has exactly code, message, field: {body}"
        );
        assert_eq!(error["code"], code, "{name}: {body}");
        assert_eq!(error["field"].as_str(), field, "{name}: {body}");
        assert!(
            error["message"].as_str().is_some_and(|m| !m.is_empty()),
            "{name}: {body}"
        );
        assert_eq!(
            res.header("content-type"),
            Some("application/json"),
            "{name}"
        );
    }
    for (header, value) in expect.headers {
        assert_eq!(res.header(header), *value, "{name}: header {header}");
    }
    assert_eq!(
        res.header("x-content-type-options"),
        Some("nosniff"),
        "{name}"
    );
    res
}

pub fn ok(status: u16) -> Expect<'static> {
    Expect {
        status,
        ..Expect::default()
    }
}

pub fn err<'a>(status: u16, code: &'a str, field: Option<&'a str>) -> Expect<'a> {
    Expect {
        status,
        error: Some((code, field)),
        ..Expect::default()
    }
}

pub fn examples() -> PathBuf {
    examples_of("feedback")
}

/// `examples/<kind>` at the workspace root: `feedback`, `case` or `directory`.
pub fn examples_of(kind: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../../examples")
        .join(kind)
}

/// A file of `examples/<kind>`, as text.
pub fn example_of(kind: &str, name: &str) -> String {
    let path = examples_of(kind).join(name);
    std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

/// `Authorization: Bearer <TOKEN>` on a request.
pub fn admin(req: Req<'_>) -> Req<'_> {
    req.header("authorization", &format!("Bearer {TOKEN}"))
}

pub fn example(name: &str) -> String {
    let path = examples().join(name);
    std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

pub fn example_json(name: &str) -> Value {
    serde_json::from_str(&example(name)).unwrap()
}

/// A valid submission with the given id and rating value (scale 5).
pub fn submission(id: &str, value: u8) -> String {
    let mut v = example_json("submission-minimal.json");
    v["responseId"] = id.into();
    v["rating"]["value"] = value.into();
    v.to_string()
}

/// A distinct valid UUID v4 per number.
pub fn uuid(n: u32) -> String {
    format!("{n:08x}-0000-4000-8000-000000000000")
}

/// A CSV download read back with medvirk's own reader (BOM and delimiter detected), header first.
pub fn read_csv(text: &str) -> Vec<CsvRecord> {
    parse_csv(text).expect("a readable CSV")
}
