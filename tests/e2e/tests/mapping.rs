//! End-to-end tests of declarative mappings and DOM events: widgets talking to a foreign backend
//! with its own field names (a tiny HTTP server inside the test), a host page that takes over
//! sending by cancelling `medvirk-submit`, and a mistake in a mapping shown to the webmaster.

use std::collections::HashMap;
use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpListener;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use medvirk_e2e::{Browser, Server};
use serde_json::{Value, json};

/// One request the foreign backend received.
#[derive(Clone, Debug)]
struct Received {
    method: String,
    path: String,
    /// Header names in lower case.
    headers: HashMap<String, String>,
    body: String,
}

/// A foreign backend on a free loopback port: answers CORS preflights, `POST /hook` with
/// `{"ok": true, "id": "hook-42"}` and `GET /people` with a list in its own shape, and records
/// every request except preflights.
struct Foreign {
    url: String,
    received: Arc<Mutex<Vec<Received>>>,
}

const PEOPLE: &str = r#"{"data":{"people":[
  {"uid":"u-1","firstName":"Kari","lastName":"Nordmann","contact":{"mail":"kari@example.no"}},
  {"uid":"u-2","firstName":"Åse","lastName":"Lund"}],
  "boards":[{"code":"eldrerad","title":"Eldrerådet i Vestby"}],
  "seats":[{"who":"u-1","board":"eldrerad","as":"leader"},{"who":"u-2","board":"eldrerad","as":"member"}]}}"#;

impl Foreign {
    fn start() -> Foreign {
        let listener = TcpListener::bind("127.0.0.1:0").expect("bind the foreign backend");
        let url = format!("http://{}", listener.local_addr().unwrap());
        let received = Arc::new(Mutex::new(Vec::new()));
        let log = Arc::clone(&received);
        std::thread::spawn(move || {
            for stream in listener.incoming() {
                let Ok(mut stream) = stream else { continue };
                let log = Arc::clone(&log);
                std::thread::spawn(move || {
                    let mut reader = BufReader::new(stream.try_clone().unwrap());
                    let mut line = String::new();
                    if reader.read_line(&mut line).is_err() {
                        return;
                    }
                    let mut parts = line.split_whitespace();
                    let method = parts.next().unwrap_or("").to_string();
                    let path = parts.next().unwrap_or("").to_string();
                    let mut headers = HashMap::new();
                    loop {
                        let mut h = String::new();
                        if reader.read_line(&mut h).is_err() || h.trim().is_empty() {
                            break;
                        }
                        if let Some((k, v)) = h.split_once(':') {
                            headers.insert(k.trim().to_ascii_lowercase(), v.trim().to_string());
                        }
                    }
                    let len: usize = headers
                        .get("content-length")
                        .and_then(|l| l.parse().ok())
                        .unwrap_or(0);
                    let mut body = vec![0; len];
                    let _ = reader.read_exact(&mut body);
                    let cors = "Access-Control-Allow-Origin: *\r\n\
                        Access-Control-Allow-Methods: GET, POST, PUT, PATCH\r\n\
                        Access-Control-Allow-Headers: content-type, accept, x-api-key\r\n";
                    let (status, answer) = match (method.as_str(), path.as_str()) {
                        ("OPTIONS", _) => ("204 No Content", String::new()),
                        ("POST", "/hook") => ("200 OK", r#"{"ok":true,"id":"hook-42"}"#.into()),
                        ("GET", "/people") => ("200 OK", PEOPLE.to_string()),
                        _ => ("404 Not Found", "{}".into()),
                    };
                    if method != "OPTIONS" {
                        log.lock().unwrap().push(Received {
                            method: method.clone(),
                            path,
                            headers,
                            body: String::from_utf8_lossy(&body).into_owned(),
                        });
                    }
                    let _ = write!(
                        stream,
                        "HTTP/1.1 {status}\r\n{cors}Content-Type: application/json\r\n\
                         Content-Length: {}\r\nConnection: close\r\n\r\n{answer}",
                        answer.len()
                    );
                });
            }
        });
        Foreign { url, received }
    }

    fn received(&self) -> Vec<Received> {
        self.received.lock().unwrap().clone()
    }

    fn wait_for(&self, what: &str, n: usize) -> Vec<Received> {
        for _ in 0..200 {
            let r = self.received();
            if r.len() >= n {
                return r;
            }
            std::thread::sleep(Duration::from_millis(50));
        }
        panic!(
            "the foreign backend never received {what}: {:?}",
            self.received()
        );
    }
}

/// The mapping for the foreign webhook: its own field names, a constant, a join, an API key.
fn webhook_mapping(foreign: &Foreign) -> String {
    json!({
        "mappingVersion": 1,
        "submit": {
            "url": format!("{}/hook", foreign.url),
            "headers": { "X-Api-Key": "test-key-1" },
            "body": {
                "id": "$/responseId",
                "survey": "$/widgetId",
                "score": "$/rating/value",
                "text": "$/comment",
                "source": "medvirk",
                "summary": { "$join": ["$/rating/value", " of ", "$/rating/scale"] }
            },
            "success": { "status": [200], "pointer": "/ok", "equals": true },
            "id": "/id"
        }
    })
    .to_string()
}

/// Replaces the page's content with `html` and records every medvirk event in `window.__events`;
/// with `cancel`, the page takes over sending by cancelling `medvirk-submit`.
fn host_page(b: &Browser, server: &Server, page: &str, html: &str, cancel: bool) {
    b.goto(&format!("{}/{page}", server.url));
    b.js(
        "window.__events = [];
         for (const name of ['medvirk-submit', 'medvirk-submitted', 'medvirk-error']) {
           document.addEventListener(name, (e) => {
             window.__events.push({ name, detail: e.detail, cancelable: e.cancelable,
                                    bubbles: e.bubbles, composed: e.composed, target: e.target.id });
             if (arguments[1] && name === 'medvirk-submit') e.preventDefault();
           });
         }
         const main = document.querySelector('main') || document.body;
         main.innerHTML = arguments[0];",
        vec![json!(html), json!(cancel)],
    );
}

fn events(b: &Browser) -> Vec<Value> {
    b.js("return window.__events;", vec![])
        .as_array()
        .cloned()
        .unwrap_or_default()
}

fn smiley_with(mapping: &str) -> String {
    format!(
        r#"<medvirk-smiley id="w" widget-id="mapped" lang="en"><script type="application/json" slot="mapping">{mapping}</script></medvirk-smiley>"#
    )
}

fn click_rating(b: &Browser, index: usize) {
    let r = "document.querySelector('#w').shadowRoot";
    let option = b.find(&format!(
        "{r} && {r}.querySelectorAll('[role=radio]')[{index}]"
    ));
    b.click(&option);
}

#[test]
fn smiley_posts_the_mapped_body_with_its_header_and_fires_events() {
    let server = Server::start();
    let foreign = Foreign::start();
    let b = Browser::start();
    host_page(
        &b,
        &server,
        "smiley.html",
        &smiley_with(&webhook_mapping(&foreign)),
        false,
    );
    click_rating(&b, 3);

    let got = foreign.wait_for("the mapped POST", 1);
    let post = &got[0];
    assert_eq!(
        (post.method.as_str(), post.path.as_str()),
        ("POST", "/hook")
    );
    assert_eq!(
        post.headers.get("x-api-key").map(String::as_str),
        Some("test-key-1")
    );
    assert_eq!(
        post.headers.get("content-type").map(String::as_str),
        Some("application/json")
    );
    let body: Value = serde_json::from_str(&post.body).unwrap();
    assert_eq!(body["survey"], "mapped");
    assert_eq!(body["score"], 4);
    assert_eq!(body["source"], "medvirk");
    assert_eq!(body["summary"], "4 of 5");
    assert!(body.get("text").is_none(), "no comment yet: {body}");
    let response_id = body["id"].as_str().unwrap().to_string();

    b.wait_until(
        "medvirk-submitted",
        "window.__events.some(e => e.name === 'medvirk-submitted')",
    );
    let ev = events(&b);
    let submit = ev.iter().find(|e| e["name"] == "medvirk-submit").unwrap();
    assert_eq!(submit["detail"]["rating"]["value"], 4);
    assert_eq!(submit["detail"]["responseId"], response_id.as_str());
    assert_eq!(
        (
            &submit["cancelable"],
            &submit["bubbles"],
            &submit["composed"],
            &submit["target"]
        ),
        (&json!(true), &json!(true), &json!(true), &json!("w"))
    );
    let submitted = ev
        .iter()
        .find(|e| e["name"] == "medvirk-submitted")
        .unwrap();
    assert_eq!(submitted["detail"], json!({ "id": "hook-42" }));
    assert_eq!(submitted["cancelable"], false);

    // The comment goes to the same hook again (no update section), whole and with the same id.
    let r = "document.querySelector('#w').shadowRoot";
    let area = b.find(&format!("{r}.querySelector('[part=comment]')"));
    b.type_text(&area, "Fin side");
    b.click(&b.find(&format!("{r}.querySelector('[part=submit]')")));
    let got = foreign.wait_for("the comment", 2);
    let again: Value = serde_json::from_str(&got[1].body).unwrap();
    assert_eq!(
        (again["id"].as_str(), again["text"].as_str()),
        (Some(response_id.as_str()), Some("Fin side"))
    );
    assert_eq!(again["score"], 4);
    // Our own server was never asked.
    assert!(server.feedback().is_empty());
}

#[test]
fn a_cancelled_submit_sends_nothing_and_the_host_page_takes_over() {
    let server = Server::start();
    let foreign = Foreign::start();
    let b = Browser::start();
    host_page(
        &b,
        &server,
        "smiley.html",
        &smiley_with(&webhook_mapping(&foreign)),
        true,
    );
    click_rating(&b, 1);
    b.wait_until(
        "the taken-over state",
        "document.querySelector('#w').shadowRoot.querySelector('[part=status]').textContent.includes('saved')",
    );
    std::thread::sleep(Duration::from_millis(500));
    assert!(foreign.received().is_empty(), "{:?}", foreign.received());
    let ev = events(&b);
    let names: Vec<&str> = ev.iter().filter_map(|e| e["name"].as_str()).collect();
    assert_eq!(names, ["medvirk-submit"], "{ev:?}");
    assert_eq!(ev[0]["detail"]["rating"]["value"], 2);
    assert!(server.feedback().is_empty());
}

#[test]
fn the_native_path_fires_submitted_with_the_stored_id() {
    let server = Server::start();
    let b = Browser::start();
    host_page(
        &b,
        &server,
        "smiley.html",
        r#"<medvirk-smiley id="w" endpoint="/api/v1/feedback" widget-id="native" lang="en"></medvirk-smiley>"#,
        false,
    );
    click_rating(&b, 4);
    let rows = server.wait_for_feedback("the rating", |r| r.len() == 1);
    b.wait_until(
        "medvirk-submitted",
        "window.__events.some(e => e.name === 'medvirk-submitted')",
    );
    let ev = events(&b);
    let submitted = ev
        .iter()
        .find(|e| e["name"] == "medvirk-submitted")
        .unwrap();
    assert_eq!(submitted["detail"]["id"], rows[0]["id"]);
}

#[test]
fn the_directory_reads_a_foreign_list_through_a_read_mapping() {
    let server = Server::start();
    let foreign = Foreign::start();
    let b = Browser::start();
    let mapping = json!({
        "mappingVersion": 1,
        "read": {
            "url": format!("{}/people", foreign.url),
            "headers": { "X-Api-Key": "read-key" },
            "persons": {
                "list": "/data/people",
                "item": {
                    "id": "$/uid",
                    "name": { "$join": ["$/firstName", " ", "$/lastName"] },
                    "sortName": { "$join": ["$/lastName", ", ", "$/firstName"] },
                    "email": "$/contact/mail"
                }
            },
            "organisations": {
                "list": "/data/boards",
                "item": { "id": "$/code", "name": "$/title", "kind": "council" }
            },
            "memberships": {
                "list": "/data/seats",
                "item": {
                    "id": { "$join": ["$/who", "@", "$/board"] },
                    "personId": "$/who",
                    "councilId": "$/board",
                    "role": "$/as"
                }
            }
        }
    });
    host_page(
        &b,
        &server,
        "directory.html",
        &format!(
            r#"<medvirk-directory id="d" lang="en"><script type="application/json" slot="mapping">{mapping}</script></medvirk-directory>"#
        ),
        false,
    );
    b.wait_until(
        "the foreign people in the directory",
        "(() => { const r = document.querySelector('#d').shadowRoot; \
          return r && r.textContent.includes('Kari Nordmann') && r.textContent.includes('Åse Lund') \
          && r.textContent.includes('Eldrerådet i Vestby'); })()",
    );
    let got = foreign.received();
    assert_eq!(
        (got[0].method.as_str(), got[0].path.as_str()),
        ("GET", "/people")
    );
    assert_eq!(
        got[0].headers.get("x-api-key").map(String::as_str),
        Some("read-key")
    );
}

#[test]
fn a_bad_mapping_is_a_visible_notice_and_a_console_error_naming_the_path() {
    let server = Server::start();
    let foreign = Foreign::start();
    let b = Browser::start();
    let bad = webhook_mapping(&foreign).replace("$/rating/value\"", "$/rating/valu\"");
    host_page(&b, &server, "smiley.html", &smiley_with(&bad), false);
    let want = "/submit/body/score: unknown field /rating/valu; did you mean /rating/value?";
    let notice = b.wait_until(
        "the mapping notice",
        "(() => { const r = document.querySelector('#w').shadowRoot; \
          const e = r && r.querySelector('[part=config-error]'); return e && e.textContent; })()",
    );
    assert!(notice.as_str().unwrap().contains(want), "{notice}");
    let console = b.console();
    assert!(
        console.iter().any(|l| l.starts_with("SEVERE")
            && l.contains("medvirk-smiley> mapping /submit/body/score")
            && l.contains("/submit/body/score")),
        "{console:?}"
    );
    // Nothing to rate, nothing sent.
    assert_eq!(
        b.js("return document.querySelector('#w').shadowRoot.querySelectorAll('[role=radio]').length", vec![]),
        json!(0)
    );
    assert!(foreign.received().is_empty());
}
