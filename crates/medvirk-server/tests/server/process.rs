//! The real binary: port 0, HTTP over a raw TcpStream, SIGTERM shutdown that finishes in-flight requests, clear start-up errors.

use std::io::{BufRead, BufReader, Read, Write};
use std::net::{TcpListener, TcpStream};
use std::path::Path;
use std::process::{Child, Command, Output, Stdio};
use std::time::Duration;

use crate::common::*;

const BIN: &str = env!("CARGO_BIN_EXE_medvirk-server");

/// Kills the child if a test fails before it stops it.
pub struct Guard(pub Child);

impl Drop for Guard {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

pub fn http(addr: &str, request: &str) -> String {
    let mut stream = TcpStream::connect(addr).unwrap();
    stream
        .set_read_timeout(Some(Duration::from_secs(30)))
        .unwrap();
    stream.write_all(request.as_bytes()).unwrap();
    let mut response = String::new();
    stream.read_to_string(&mut response).unwrap();
    response
}

/// A request with `Connection: close`, a JSON body when given, and the admin token when asked.
pub fn request(method: &str, path: &str, body: Option<&str>, admin: bool) -> String {
    let mut head =
        format!("{method} {path} HTTP/1.1\r\nHost: medvirk.test\r\nConnection: close\r\n");
    if admin {
        head.push_str(&format!("Authorization: Bearer {TOKEN}\r\n"));
    }
    match body {
        Some(body) => format!(
            "{head}Content-Type: application/json\r\nContent-Length: {}\r\n\r\n{body}",
            body.len()
        ),
        None => format!("{head}\r\n"),
    }
}

/// Status code and body of a raw response.
pub fn parse(response: &str) -> (u16, String) {
    let status = response
        .split(' ')
        .nth(1)
        .and_then(|s| s.parse().ok())
        .unwrap_or_else(|| panic!("not an HTTP response: {response:?}"));
    let body = response
        .split_once("\r\n\r\n")
        .map(|(_, b)| b.to_owned())
        .unwrap_or_default();
    (status, body)
}

/// Starts the binary on port 0 over `db` (admin token set, `--www` an empty dir) without
/// waiting; [`listening`] reads the address it prints.
pub fn spawn(db: &str, www: &Path) -> Guard {
    let child = Command::new(BIN)
        .args(["--addr", "127.0.0.1:0", "--db", db, "--www"])
        .arg(www)
        .env("MEDVIRK_ADMIN_TOKEN", TOKEN)
        .env_remove("MEDVIRK_ALLOWED_ORIGINS")
        .env_remove("DATABASE_URL")
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    Guard(child)
}

/// Waits for the `listening on` line and returns `host:port`.
pub fn listening(guard: &mut Guard) -> String {
    let mut stdout = BufReader::new(guard.0.stdout.take().unwrap());
    let mut line = String::new();
    stdout.read_line(&mut line).unwrap();
    if line.is_empty() {
        let mut stderr = String::new();
        let _ = guard.0.stderr.take().unwrap().read_to_string(&mut stderr);
        panic!("the server exited before listening: {stderr}");
    }
    let addr = line
        .trim()
        .strip_prefix("medvirk-server listening on http://")
        .unwrap_or_else(|| panic!("unexpected first line {line:?}"))
        .to_owned();
    assert!(!addr.ends_with(":0"), "the real port is printed: {addr}");
    addr
}

/// Sends SIGTERM and requires a clean exit with `stopped` on stderr.
pub fn terminate(mut guard: Guard) {
    sigterm(&guard);
    let exit = guard.0.wait().unwrap();
    let mut stderr = String::new();
    guard
        .0
        .stderr
        .take()
        .unwrap()
        .read_to_string(&mut stderr)
        .unwrap();
    assert!(
        exit.success(),
        "graceful shutdown exits 0: {exit:?}: {stderr}"
    );
    assert!(stderr.contains("stopped"), "{stderr}");
}

fn sigterm(guard: &Guard) {
    let status = Command::new("kill")
        .args(["-TERM", &guard.0.id().to_string()])
        .status()
        .unwrap();
    assert!(status.success());
}

#[test]
fn binary_serves_on_port_zero_and_stops_on_sigterm() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::create_dir_all(dir.path().join("www")).unwrap();
    let db = TestDb::new(dir.path());
    let mut guard = spawn(&db.url, &dir.path().join("www"));
    let addr = listening(&mut guard);
    if !db.is_postgres() {
        assert!(Path::new(&db.url).exists(), "the database file is created");
    }

    let body = submission(&uuid(42), 5);
    let post = request("POST", "/api/v1/feedback", Some(&body), false);
    let response = http(&addr, &post);
    assert!(response.starts_with("HTTP/1.1 201"), "{response}");
    assert!(response.contains(&uuid(42)), "{response}");
    let response = http(&addr, &post);
    assert!(response.starts_with("HTTP/1.1 200"), "{response}");
    let response = http(&addr, &request("GET", "/api/v1/admin/feedback", None, true));
    assert!(
        response.starts_with("HTTP/1.1 200") && response.contains("\"count\":1"),
        "{response}"
    );
    for probe in ["/healthz", "/readyz"] {
        let (status, body) = parse(&http(&addr, &request("GET", probe, None, false)));
        assert_eq!(
            (status, body.as_str()),
            (200, r#"{"status":"ok"}"#),
            "{probe}"
        );
    }
    terminate(guard);
}

/// SIGTERM while a request is half sent: the server stops accepting, answers that request in
/// full, and only then exits (what a rolling deploy behind a load balancer relies on).
#[test]
fn sigterm_finishes_in_flight_requests() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::create_dir_all(dir.path().join("www")).unwrap();
    let db = TestDb::new(dir.path());
    let mut guard = spawn(&db.url, &dir.path().join("www"));
    let addr = listening(&mut guard);

    let body = submission(&uuid(7), 4);
    let full = request("POST", "/api/v1/feedback", Some(&body), false);
    let (first, rest) = full.split_at(full.len() - 20);
    let mut stream = TcpStream::connect(&addr).unwrap();
    stream
        .set_read_timeout(Some(Duration::from_secs(30)))
        .unwrap();
    stream.write_all(first.as_bytes()).unwrap();
    std::thread::sleep(Duration::from_millis(300));
    sigterm(&guard);
    std::thread::sleep(Duration::from_millis(500));
    assert!(
        guard.0.try_wait().unwrap().is_none(),
        "the server must wait for the request in flight"
    );
    stream.write_all(rest.as_bytes()).unwrap();
    let mut response = String::new();
    stream.read_to_string(&mut response).unwrap();
    let (status, answer) = parse(&response);
    assert_eq!(status, 201, "{response}");
    assert!(answer.contains(&uuid(7)), "{response}");
    let exit = guard.0.wait().unwrap();
    assert!(exit.success(), "{exit:?}");
}

fn run(args: &[&str]) -> Output {
    Command::new(BIN)
        .args(args)
        .env_remove("MEDVIRK_ALLOWED_ORIGINS")
        .env_remove("DATABASE_URL")
        .output()
        .unwrap()
}

#[test]
fn start_up_errors_are_one_clear_line() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("x.db");
    let busy = TcpListener::bind("127.0.0.1:0").unwrap();
    let busy_addr = busy.local_addr().unwrap().to_string();
    let missing_dir = dir.path().join("no/such/dir/x.db");
    // Never migrated: the `already in use` case migrates x.db before it fails to bind.
    let fresh = dir.path().join("fresh.db");
    for (args, code, needle) in [
        (
            vec!["--addr", busy_addr.as_str(), "--db", db.to_str().unwrap()],
            1,
            "already in use",
        ),
        (
            vec![
                "--addr",
                "127.0.0.1:0",
                "--db",
                missing_dir.to_str().unwrap(),
            ],
            1,
            "cannot open database",
        ),
        (
            vec!["--addr", "not an address", "--db", db.to_str().unwrap()],
            1,
            "cannot listen on not an address",
        ),
        (
            vec![
                "--addr",
                "127.0.0.1:0",
                "--db",
                "postgres://medvirk:s3cret-pw@127.0.0.1:1/medvirk",
            ],
            1,
            "cannot connect to database `postgres://medvirk:***@127.0.0.1:1/medvirk`",
        ),
        (
            vec!["--db", "mysql://localhost/medvirk"],
            1,
            "unsupported database URL scheme `mysql`",
        ),
        (
            vec![
                "--addr",
                "127.0.0.1:0",
                "--db",
                fresh.to_str().unwrap(),
                "--no-migrate",
            ],
            1,
            "run `medvirk-server migrate",
        ),
        (vec!["--port", "80"], 2, "unknown argument `--port`"),
    ] {
        let out = run(&args);
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(code), "{args:?}: {stderr}");
        assert!(stderr.contains(needle), "{args:?}: {stderr}");
        assert!(!stderr.contains("panicked"), "{args:?}: {stderr}");
        assert!(!stderr.contains("s3cret-pw"), "password shown: {stderr}");
    }
    // After `migrate`, the schema is current and --no-migrate is accepted (checked with
    // --addr in use, which fails only after the database opened).
    let out = run(&["migrate", "--db", fresh.to_str().unwrap()]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(String::from_utf8_lossy(&out.stdout).contains("is migrated"));
    let out = run(&[
        "--addr",
        busy_addr.as_str(),
        "--db",
        fresh.to_str().unwrap(),
        "--no-migrate",
    ]);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("already in use"), "{stderr}");
    let help = run(&["--help"]);
    assert!(help.status.success());
    let text = String::from_utf8_lossy(&help.stdout);
    for flag in [
        "--addr",
        "--db",
        "--www",
        "MEDVIRK_ADMIN_TOKEN",
        "MEDVIRK_ALLOWED_ORIGINS",
        "DATABASE_URL",
        "--db-pool-size",
        "migrate",
    ] {
        assert!(text.contains(flag), "{flag} missing from --help");
    }
    drop(busy);
}
