//! The real binary: port 0, one HTTP exchange over a raw TcpStream, SIGTERM shutdown, and clear start-up errors.

use std::io::{BufRead, BufReader, Read, Write};
use std::net::{TcpListener, TcpStream};
use std::process::{Child, Command, Output, Stdio};
use std::time::Duration;

use crate::common::*;

const BIN: &str = env!("CARGO_BIN_EXE_medvirk-server");

/// Kills the child if a test fails before it stops it.
struct Guard(Child);

impl Drop for Guard {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

fn http(addr: &str, request: &str) -> String {
    let mut stream = TcpStream::connect(addr).unwrap();
    stream
        .set_read_timeout(Some(Duration::from_secs(10)))
        .unwrap();
    stream.write_all(request.as_bytes()).unwrap();
    let mut response = String::new();
    stream.read_to_string(&mut response).unwrap();
    response
}

#[test]
fn binary_serves_on_port_zero_and_stops_on_sigterm() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::create_dir_all(dir.path().join("www")).unwrap();
    let db = dir.path().join("new-dir-not-needed.db");
    let child = Command::new(BIN)
        .args([
            "--addr",
            "127.0.0.1:0",
            "--db",
            db.to_str().unwrap(),
            "--www",
        ])
        .arg(dir.path().join("www"))
        .env("MEDVIRK_ADMIN_TOKEN", TOKEN)
        .env_remove("MEDVIRK_ALLOWED_ORIGINS")
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut guard = Guard(child);
    let mut stdout = BufReader::new(guard.0.stdout.take().unwrap());
    let mut line = String::new();
    stdout.read_line(&mut line).unwrap();
    let addr = line
        .trim()
        .strip_prefix("medvirk-server listening on http://")
        .unwrap_or_else(|| panic!("unexpected first line {line:?}"))
        .to_owned();
    assert!(!addr.ends_with(":0"), "the real port is printed: {addr}");
    assert!(db.exists(), "the database file is created");

    let body = submission(&uuid(42), 5);
    let post = format!(
        "POST /api/v1/feedback HTTP/1.1\r\nHost: {addr}\r\nContent-Type: application/json\r\n\
         Content-Length: {}\r\nConnection: close\r\n\r\n{body}",
        body.len()
    );
    let response = http(&addr, &post);
    assert!(response.starts_with("HTTP/1.1 201"), "{response}");
    assert!(response.contains(&uuid(42)), "{response}");
    let response = http(&addr, &post);
    assert!(response.starts_with("HTTP/1.1 200"), "{response}");
    let list = format!(
        "GET /api/v1/admin/feedback HTTP/1.1\r\nHost: {addr}\r\nAuthorization: Bearer {TOKEN}\r\nConnection: close\r\n\r\n"
    );
    let response = http(&addr, &list);
    assert!(
        response.starts_with("HTTP/1.1 200") && response.contains("\"count\":1"),
        "{response}"
    );

    let status = Command::new("kill")
        .args(["-TERM", &guard.0.id().to_string()])
        .status()
        .unwrap();
    assert!(status.success());
    let exit = guard.0.wait().unwrap();
    assert!(exit.success(), "graceful shutdown exits 0: {exit:?}");
    let mut stderr = String::new();
    guard
        .0
        .stderr
        .take()
        .unwrap()
        .read_to_string(&mut stderr)
        .unwrap();
    assert!(stderr.contains("stopped"), "{stderr}");
}

fn run(args: &[&str]) -> Output {
    Command::new(BIN)
        .args(args)
        .env_remove("MEDVIRK_ALLOWED_ORIGINS")
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
            vec!["--db", "postgres://localhost/medvirk"],
            1,
            "PostgreSQL is not supported",
        ),
        (vec!["--port", "80"], 2, "unknown argument `--port`"),
    ] {
        let out = run(&args);
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(code), "{args:?}: {stderr}");
        assert!(stderr.contains(needle), "{args:?}: {stderr}");
        assert!(!stderr.contains("panicked"), "{args:?}: {stderr}");
    }
    let help = run(&["--help"]);
    assert!(help.status.success());
    let text = String::from_utf8_lossy(&help.stdout);
    for flag in [
        "--addr",
        "--db",
        "--www",
        "MEDVIRK_ADMIN_TOKEN",
        "MEDVIRK_ALLOWED_ORIGINS",
    ] {
        assert!(text.contains(flag), "{flag} missing from --help");
    }
    drop(busy);
}
