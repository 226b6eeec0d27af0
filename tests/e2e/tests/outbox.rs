//! End-to-end tests of the widget outbox: nothing lost, nothing duplicated, in real Chromium.
//!
//! Each test breaks the path between the smiley and the real server in one way — browser
//! offline mode, a stopped server, a proxy answering 503 — reloads the page in between, and then
//! asserts through the admin API that exactly one row per submission was stored.

use std::io::{BufRead, BufReader, Read, Write};
use std::net::{TcpListener, TcpStream};
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::{Duration, Instant};

use medvirk_e2e::{Browser, Server};
use serde_json::{Value, json};

const W: &str = "document.querySelector('medvirk-smiley').shadowRoot";

fn in_widget(inner: &str) -> String {
    format!("{W}.querySelector({inner:?})")
}

/// The stored outbox of the smiley (null when empty).
fn stored_outbox(b: &Browser) -> Value {
    b.js(
        "const t = localStorage.getItem('medvirk-outbox-feedback'); return t && JSON.parse(t);",
        vec![],
    )
}

/// Rates 4 and sends a comment.
fn rate_and_comment(b: &Browser, comment: &str) {
    b.wait_until(
        "smileys",
        &format!("{W} && {W}.querySelectorAll('[role=radio]').length == 5"),
    );
    b.click(&b.find(&format!("{W}.querySelectorAll('[role=radio]')[3]")));
    b.wait_until(
        "comment field",
        &format!("{} !== null", in_widget("textarea")),
    );
    b.type_text(&b.find(&in_widget("textarea")), comment);
    b.click(&b.find(&in_widget("[part=submit]")));
}

fn queued_notice(b: &Browser) -> String {
    b.wait_until(
        "the saved-on-this-device notice",
        &format!("{} !== null", in_widget("[part=queued]")),
    );
    b.js(
        &format!("return {}.textContent.trim();", in_widget("[part=queued]")),
        vec![],
    )
    .as_str()
    .unwrap_or("")
    .to_string()
}

/// Waits (up to `secs`) until `pred` holds for the stored rows.
fn wait_rows(
    server: &Server,
    secs: u64,
    what: &str,
    pred: impl Fn(&[Value]) -> bool,
) -> Vec<Value> {
    let start = Instant::now();
    loop {
        let rows = server.feedback();
        if pred(&rows) {
            return rows;
        }
        assert!(
            start.elapsed() < Duration::from_secs(secs),
            "timed out waiting for {what}; rows now: {rows:#?}"
        );
        std::thread::sleep(Duration::from_millis(200));
    }
}

fn set_offline(b: &Browser, offline: bool) {
    b.cdp(
        "Network.emulateNetworkConditions",
        json!({"offline": offline, "latency": 0, "downloadThroughput": -1, "uploadThroughput": -1}),
    );
}

#[test]
fn offline_rating_and_comment_are_kept_across_a_reload_and_stored_once() {
    let server = Server::start();
    let b = Browser::start();
    b.goto(&format!("{}/", server.url));
    b.cdp("Network.enable", json!({}));
    set_offline(&b, true);

    rate_and_comment(&b, "Sendt fra toget");
    assert_eq!(
        queued_notice(&b),
        "Svaret ditt er lagret på denne enheten og blir sendt når forbindelsen er tilbake."
    );
    b.wait_until(
        "thanks",
        &format!("{} !== null", in_widget("[part=thanks]")),
    );
    assert!(
        b.js(
            &format!("return {} !== null;", in_widget("[part=try-now]")),
            vec![]
        )
        .as_bool()
        .unwrap(),
        "a try-now button is offered"
    );
    b.assert_accessible("smiley: saved on this device, will be sent");
    // "Try now" while offline sends nothing and keeps everything.
    b.click(&b.find(&in_widget("[part=try-now]")));
    let outbox = stored_outbox(&b);
    let entries = outbox["entries"].as_array().expect("entries stored");
    let kinds: Vec<&str> = entries
        .iter()
        .map(|e| e["kind"].as_str().unwrap())
        .collect();
    assert_eq!(kinds, ["feedback-post", "feedback-patch"], "{outbox:#}");
    assert!(
        entries[1]["body"]
            .as_str()
            .unwrap()
            .contains("Sendt fra toget")
    );

    // Reload while the API is still unreachable: the page loads, the entries stay.
    b.cdp(
        "Network.setBlockedURLs",
        json!({"urls": ["*/api/v1/feedback*"]}),
    );
    set_offline(&b, false);
    b.goto(&format!("{}/", server.url));
    b.wait_until(
        "the widget after the reload",
        &format!("{W} && {W}.querySelectorAll('[role=radio]').length == 5"),
    );
    std::thread::sleep(Duration::from_millis(1500));
    assert_eq!(
        stored_outbox(&b)["entries"].as_array().map(Vec::len),
        Some(2),
        "entries kept while the API cannot be reached"
    );
    assert!(server.feedback().is_empty());

    // Back online: the queue goes out, once.
    b.cdp("Network.setBlockedURLs", json!({"urls": []}));
    set_offline(&b, true);
    set_offline(&b, false);
    let rows = wait_rows(&server, 30, "the queued answer", |r| {
        r.len() == 1 && r[0]["comment"].as_str() == Some("Sendt fra toget")
    });
    assert_eq!(rows[0]["ratingValue"], 4, "{rows:#?}");
    b.wait_until(
        "the outbox to empty",
        "localStorage.getItem('medvirk-outbox-feedback') === null",
    );
    std::thread::sleep(Duration::from_millis(1000));
    assert_eq!(server.feedback().len(), 1, "nothing stored twice");
}

#[test]
fn a_rating_given_while_the_server_is_down_is_stored_once_it_is_back() {
    let mut server = Server::start();
    let b = Browser::start();
    b.goto(&format!("{}/", server.url));
    b.wait_until(
        "smileys",
        &format!("{W} && {W}.querySelectorAll('[role=radio]').length == 5"),
    );
    server.stop();
    b.click(&b.find(&format!("{W}.querySelectorAll('[role=radio]')[1]")));
    queued_notice(&b);
    assert!(stored_outbox(&b)["entries"].as_array().is_some());

    server.restart();
    // The backoff timer (or "try now") sends it without a reload.
    b.click(&b.find(&in_widget("[part=try-now]")));
    let rows = wait_rows(&server, 30, "the rating after the restart", |r| {
        !r.is_empty()
    });
    assert_eq!(rows.len(), 1, "{rows:#?}");
    assert_eq!(rows[0]["ratingValue"], 2);
    b.wait_until(
        "the notice to go",
        &format!("{} === null", in_widget("[part=queued]")),
    );

    // A reload afterwards sends nothing again.
    b.goto(&format!("{}/", server.url));
    b.wait_until("the widget", &format!("{W} !== null"));
    std::thread::sleep(Duration::from_millis(1500));
    assert_eq!(server.feedback().len(), 1);
}

#[test]
fn a_rating_left_in_the_outbox_is_sent_by_the_next_page_load() {
    let mut server = Server::start();
    let b = Browser::start();
    b.goto(&format!("{}/", server.url));
    b.wait_until(
        "smileys",
        &format!("{W} && {W}.querySelectorAll('[role=radio]').length == 5"),
    );
    server.stop();
    b.click(&b.find(&format!("{W}.querySelectorAll('[role=radio]')[4]")));
    queued_notice(&b);
    server.restart();
    // Leave at once (before any backoff timer fires); the next load of any page with a widget
    // sends what was left.
    b.goto(&format!("{}/", server.url));
    let rows = wait_rows(&server, 15, "the rating sent on load", |r| !r.is_empty());
    assert_eq!(rows.len(), 1, "{rows:#?}");
    assert_eq!(rows[0]["ratingValue"], 5);
}

/// A proxy in front of the server that answers the first `faults` writes to the feedback API
/// with 503 (`Retry-After: 1`) and forwards everything else, one connection per request.
struct FaultProxy {
    url: String,
    writes: Arc<AtomicUsize>,
}

fn start_proxy(upstream_port: u16, faults: usize) -> FaultProxy {
    let listener = TcpListener::bind("127.0.0.1:0").expect("bind proxy");
    let url = format!("http://{}", listener.local_addr().unwrap());
    let writes = Arc::new(AtomicUsize::new(0));
    let counter = Arc::clone(&writes);
    std::thread::spawn(move || {
        for conn in listener.incoming().flatten() {
            let counter = Arc::clone(&counter);
            std::thread::spawn(move || {
                let _ = proxy_one(conn, upstream_port, faults, &counter);
            });
        }
    });
    FaultProxy { url, writes }
}

fn proxy_one(
    conn: TcpStream,
    upstream_port: u16,
    faults: usize,
    writes: &AtomicUsize,
) -> std::io::Result<()> {
    let mut reader = BufReader::new(conn.try_clone()?);
    let mut request_line = String::new();
    reader.read_line(&mut request_line)?;
    let mut headers = Vec::new();
    let mut length = 0usize;
    loop {
        let mut line = String::new();
        reader.read_line(&mut line)?;
        let trimmed = line.trim_end();
        if trimmed.is_empty() {
            break;
        }
        let lower = trimmed.to_ascii_lowercase();
        if let Some(v) = lower.strip_prefix("content-length:") {
            length = v.trim().parse().unwrap_or(0);
        }
        if !lower.starts_with("connection:") && !lower.starts_with("keep-alive:") {
            headers.push(trimmed.to_string());
        }
    }
    let mut body = vec![0; length];
    reader.read_exact(&mut body)?;
    let mut conn = conn;
    let is_write = (request_line.starts_with("POST ") || request_line.starts_with("PATCH "))
        && request_line.contains(" /api/v1/feedback");
    if is_write && writes.fetch_add(1, Ordering::SeqCst) < faults {
        let answer = "HTTP/1.1 503 Service Unavailable\r\nRetry-After: 1\r\n\
                      Content-Type: application/json\r\nContent-Length: 2\r\n\
                      Connection: close\r\n\r\n{}";
        return conn.write_all(answer.as_bytes());
    }
    let mut upstream = TcpStream::connect(("127.0.0.1", upstream_port))?;
    let mut head = request_line;
    for h in headers {
        head.push_str(&h);
        head.push_str("\r\n");
    }
    head.push_str("Connection: close\r\n\r\n");
    upstream.write_all(head.as_bytes())?;
    upstream.write_all(&body)?;
    let mut answer = Vec::new();
    upstream.read_to_end(&mut answer)?;
    conn.write_all(&answer)
}

#[test]
fn answers_503_are_retried_until_stored_and_nothing_is_duplicated() {
    let server = Server::start();
    let proxy = start_proxy(server.port(), 3);
    let b = Browser::start();
    // The page itself comes through the proxy, so the widget's relative endpoint does too.
    b.goto(&format!("{}/", proxy.url));
    rate_and_comment(&b, "Treg server");
    queued_notice(&b);
    let rows = wait_rows(&server, 30, "the answer after the 503s", |r| {
        r.len() == 1 && r[0]["comment"].as_str() == Some("Treg server")
    });
    assert_eq!(rows[0]["ratingValue"], 4);
    b.wait_until(
        "the outbox to empty",
        "localStorage.getItem('medvirk-outbox-feedback') === null",
    );
    b.wait_until(
        "the notice to go",
        &format!("{} === null", in_widget("[part=queued]")),
    );
    assert!(
        proxy.writes.load(Ordering::SeqCst) >= 4,
        "the faults were really hit"
    );

    // A second person on a new page load: one more row, not three.
    b.js("localStorage.clear(); sessionStorage.clear();", vec![]);
    b.goto(&format!("{}/", proxy.url));
    b.wait_until(
        "smileys",
        &format!("{W} && {W}.querySelectorAll('[role=radio]').length == 5"),
    );
    b.click(&b.find(&format!("{W}.querySelectorAll('[role=radio]')[0]")));
    let rows = wait_rows(&server, 15, "the second answer", |r| r.len() == 2);
    std::thread::sleep(Duration::from_millis(1500));
    assert_eq!(server.feedback().len(), 2, "{rows:#?}");
}

const CF: &str = "document.querySelector('#cf').shadowRoot";

/// Opens the case-form demo page with a fresh `<medvirk-case-form id="cf">`.
fn open_case_form(b: &Browser, server: &Server) {
    b.goto(&format!("{}/case-form.html", server.url));
    b.js(
        "document.querySelector('main').innerHTML = '<h1>medvirk-case-form</h1><medvirk-case-form id=\"cf\" endpoint=\"/api/v1/cases\" council=\"brukerradet-helse-x\" lang=\"en\"></medvirk-case-form>';",
        vec![],
    );
    b.find(&format!("{CF} && {CF}.querySelector('button')"));
}

fn in_form(inner: &str) -> String {
    format!("{CF}.querySelector({inner:?})")
}

fn admin_cases(server: &Server) -> Vec<Value> {
    let (status, body) = server.admin_get("/api/v1/admin/cases");
    assert_eq!(status, 200, "admin case list failed: {body}");
    body["items"].as_array().cloned().unwrap_or_default()
}

#[test]
fn a_case_sent_offline_survives_a_reload_and_is_stored_once_with_its_receipt() {
    let server = Server::start();
    let b = Browser::start();
    open_case_form(&b, &server);
    b.type_text(&b.find(&in_form("#mvc-title")), "Ventetid offline");
    b.type_text(&b.find(&in_form("#mvc-why")), "Det er lang kø om kvelden.");
    b.click(&b.find(&in_form("#mvc-proposer-role")));
    b.click(&b.find(&in_form("[part=review]")));
    b.wait_until(
        "the review",
        &format!("{} !== null", in_form("#mvc-review")),
    );

    b.cdp("Network.enable", json!({}));
    set_offline(&b, true);
    b.click(&b.find(&in_form("[part=send]")));
    b.wait_until(
        "the queued notice",
        &format!("{} !== null", in_form("[part=queued]")),
    );
    assert_eq!(
        b.js(
            &format!("return {}.textContent.trim();", in_form("[part=queued]")),
            vec![]
        ),
        json!(medvirk_core::case_form::texts(medvirk_core::lang::Lang::En).queued)
    );
    b.assert_accessible("case form: saved on this device, will be sent");
    // Pressing send and "try now" again while offline queues nothing more.
    b.click(&b.find(&in_form("[part=send]")));
    b.click(&b.find(&in_form("[part=try-now]")));
    let stored = b.js(
        "return JSON.parse(localStorage.getItem('medvirk-outbox-case')).entries.length;",
        vec![],
    );
    assert_eq!(stored, json!(1));

    // Reload while the API is unreachable: the form shows the waiting case again.
    b.cdp(
        "Network.setBlockedURLs",
        json!({"urls": ["*/api/v1/cases*"]}),
    );
    set_offline(&b, false);
    open_case_form(&b, &server);
    b.wait_until(
        "the queued notice after the reload",
        &format!("{} !== null", in_form("[part=queued]")),
    );
    assert!(admin_cases(&server).is_empty());

    // Online: one case, and its receipt shown in the form.
    b.cdp("Network.setBlockedURLs", json!({"urls": []}));
    set_offline(&b, true);
    set_offline(&b, false);
    b.wait_until(
        "the receipt",
        &format!("{} !== null", in_form("[part=receipt-code]")),
    );
    let receipt = b
        .js(
            &format!(
                "return {}.textContent.trim();",
                in_form("[part=receipt-code]")
            ),
            vec![],
        )
        .as_str()
        .unwrap_or("")
        .to_string();
    assert!(receipt.starts_with("BR-"), "{receipt:?}");
    std::thread::sleep(Duration::from_millis(1500));
    let cases = admin_cases(&server);
    assert_eq!(cases.len(), 1, "{cases:#?}");
    assert_eq!(
        b.js(
            "return localStorage.getItem('medvirk-outbox-case');",
            vec![]
        ),
        Value::Null
    );
}
