//! End-to-end tests of declarative mappings and DOM events: widgets talking to a foreign backend
//! with its own field names (a tiny HTTP server inside the test), a host page that takes over
//! sending by cancelling `medvirk-submit`, a mistake in a mapping shown to the webmaster, a
//! mapping fetched from `mapping="URL"`, a case form sending to and reading statuses from a case
//! system, a mapped send that survives a failing backend and a reload in the outbox, and the
//! directory's `medvirk-error` when its data cannot be loaded.

use std::collections::HashMap;
use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpListener;
use std::sync::atomic::{AtomicBool, Ordering};
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
/// `{"ok": true, "id": "hook-42"}` (or 503 while `failing`), `GET /people` with a list in its
/// own shape, a case system (`PUT /cases/{id}`, `GET /cases?nr=`), and any `GET` set with
/// [`Foreign::serve`]; it records every request except preflights.
struct Foreign {
    url: String,
    received: Arc<Mutex<Vec<Received>>>,
    failing: Arc<AtomicBool>,
    documents: Arc<Mutex<HashMap<String, String>>>,
}

/// The case system's answer to a status read of case 2026/118.
const CASE_STATUS: &str = r#"{"sak":{"saksnummer":"2026/118","tilstand":"SATT_OPP","tilstandTekst":"Satt opp til møte",
  "mottatt":"2026-03-02T10:15:00+01:00","endret":"2026-03-10T09:00:00+01:00","motedato":"2026-04-14"}}"#;

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
        let failing = Arc::new(AtomicBool::new(false));
        let documents = Arc::new(Mutex::new(HashMap::new()));
        let log = Arc::clone(&received);
        let (fail, docs) = (Arc::clone(&failing), Arc::clone(&documents));
        std::thread::spawn(move || {
            for stream in listener.incoming() {
                let Ok(mut stream) = stream else { continue };
                let log = Arc::clone(&log);
                let (fail, docs) = (Arc::clone(&fail), Arc::clone(&docs));
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
                    let document = docs.lock().unwrap().get(&path).cloned();
                    let (status, answer) = match (method.as_str(), path.as_str()) {
                        ("OPTIONS", _) => ("204 No Content", String::new()),
                        ("POST", "/hook") if fail.load(Ordering::SeqCst) => {
                            ("503 Service Unavailable", "{}".into())
                        }
                        ("POST", "/hook") => ("200 OK", r#"{"ok":true,"id":"hook-42"}"#.into()),
                        ("GET", "/people") => ("200 OK", PEOPLE.to_string()),
                        ("PUT", p) if p.starts_with("/cases/") => (
                            "201 Created",
                            r#"{"resultat":"mottatt","saksnummer":"2026/118"}"#.into(),
                        ),
                        ("GET", "/cases?nr=2026%2F118") => ("200 OK", CASE_STATUS.into()),
                        ("GET", _) if document.is_some() => ("200 OK", document.unwrap()),
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
        Foreign {
            url,
            received,
            failing,
            documents,
        }
    }

    /// Answers `GET path` with `body` from now on.
    fn serve(&self, path: &str, body: &str) {
        self.documents
            .lock()
            .unwrap()
            .insert(path.to_string(), body.to_string());
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

/// The mapping for the foreign case system: its own field names, PUT under our caseId, the
/// receipt from its answer, and status reads by that receipt.
fn case_system_mapping(foreign: &Foreign) -> String {
    json!({
        "mappingVersion": 1,
        "submit": {
            "method": "PUT",
            "url": format!("{}/cases/{{caseId}}", foreign.url),
            "headers": { "X-Api-Key": "case-key" },
            "body": {
                "eksternId": "$/caseId",
                "tittel": "$/title",
                "beskrivelse": { "$join": ["$/why", " | ", "$/where"] },
                "rolle": "$/proposer/role",
                "kontroll": { "felle": "$/honeypot", "tidBruktMs": "$/elapsedMs" }
            },
            "success": { "status": [201], "pointer": "/resultat", "equals": "mottatt" },
            "id": "/saksnummer"
        },
        "status": {
            "url": format!("{}/cases?nr={{receipt}}", foreign.url),
            "headers": { "X-Api-Key": "case-key" },
            "view": {
                "receipt": "$/sak/saksnummer",
                "status": "$/sak/tilstand",
                "statusLabel": "$/sak/tilstandTekst",
                "receivedAt": "$/sak/mottatt",
                "updatedAt": "$/sak/endret",
                "meetingDate": "$/sak/motedato"
            },
            "statuses": { "MOTTATT": "received", "SATT_OPP": "on_agenda" }
        }
    })
    .to_string()
}

#[test]
fn the_case_form_sends_to_a_case_system_and_reads_its_status_through_a_mapping() {
    use medvirk_core::case_form::{CaseStatus, texts};
    use medvirk_core::lang::Lang;
    let server = Server::start();
    let foreign = Foreign::start();
    let b = Browser::start();
    host_page(
        &b,
        &server,
        "case-form.html",
        &format!(
            r#"<h1>Case system</h1><medvirk-case-form id="cf" council="brukerradet-helse-x" lang="en"><script type="application/json" slot="mapping">{}</script></medvirk-case-form>"#,
            case_system_mapping(&foreign)
        ),
        false,
    );
    let r = "document.querySelector('#cf').shadowRoot";
    let q = |sel: &str| format!("{r} && {r}.querySelector({sel:?})");
    b.type_text(&b.find(&q("#mvc-title")), "Benker langs turveien");
    b.type_text(&b.find(&q("#mvc-why")), "Ingen steder å hvile.");
    b.type_text(&b.find(&q("#mvc-where")), "Turveien");
    b.click(&b.find(&q("#mvc-proposer-role")));
    b.click(&b.find(&q("[part=review]")));
    b.click(&b.find(&q("[part=send]")));

    // The receipt is the case system's number, read by the mapping's `id`.
    let code = b.wait_until(
        "the case system's receipt",
        &format!(
            "(() => {{ const e = {}; return e && e.textContent; }})()",
            q("[part=receipt-code]")
        ),
    );
    assert_eq!(code, json!("2026/118"));
    let got = foreign.wait_for("the mapped case", 1);
    let put = &got[0];
    let ev = events(&b);
    let submit = ev.iter().find(|e| e["name"] == "medvirk-submit").unwrap();
    let case_id = submit["detail"]["caseId"].as_str().unwrap();
    assert_eq!(
        (put.method.as_str(), put.path.clone()),
        ("PUT", format!("/cases/{case_id}"))
    );
    assert_eq!(
        put.headers.get("x-api-key").map(String::as_str),
        Some("case-key")
    );
    let body: Value = serde_json::from_str(&put.body).unwrap();
    assert_eq!(body["eksternId"], case_id);
    assert_eq!(body["tittel"], "Benker langs turveien");
    assert_eq!(body["beskrivelse"], "Ingen steder å hvile. | Turveien");
    assert_eq!(body["rolle"], "service_user");
    assert!(
        body["kontroll"].get("felle").is_none(),
        "an empty honeypot is not sent: {body}"
    );
    assert!(body["kontroll"]["tidBruktMs"].as_u64().is_some(), "{body}");
    let submitted = ev
        .iter()
        .find(|e| e["name"] == "medvirk-submitted")
        .unwrap();
    assert_eq!(
        submitted["detail"],
        json!({ "id": "2026/118", "receipt": "2026/118" })
    );
    // Our own server never saw the case, and nothing waits in the outbox.
    assert_eq!(
        server.admin_get("/api/v1/admin/cases").1["items"],
        json!([])
    );
    assert_eq!(
        b.js(
            "return localStorage.getItem('medvirk-outbox-mapped')",
            vec![]
        ),
        Value::Null
    );

    // The status button under the receipt reads the case system through `status`.
    b.click(&b.find(&q("[part=status-link]")));
    let label = b.wait_until(
        "the mapped status",
        &format!(
            "(() => {{ const e = {}; return e && e.textContent; }})()",
            q("[part=status-label]")
        ),
    );
    let t = texts(Lang::En);
    assert_eq!(
        label,
        json!(format!(
            "{} (Satt opp til møte)",
            t.status_label(CaseStatus::OnAgenda)
        ))
    );
    let reads = foreign.wait_for("the status read", 2);
    assert_eq!(
        (reads[1].method.as_str(), reads[1].path.as_str()),
        ("GET", "/cases?nr=2026%2F118")
    );
    assert_eq!(
        reads[1].headers.get("x-api-key").map(String::as_str),
        Some("case-key")
    );
    b.assert_accessible("mapped case status");

    // The same lookup in its own element, without any endpoint.
    host_page(
        &b,
        &server,
        "case-form.html",
        &format!(
            r#"<medvirk-case-form id="cf" mode="status" lang="en"><script type="application/json" slot="mapping">{}</script></medvirk-case-form>"#,
            case_system_mapping(&foreign)
        ),
        false,
    );
    b.type_text(&b.find(&q("#mvc-status-code")), " 2026/118 ");
    b.click(&b.find(&q("[part=status-button]")));
    b.find(&q("[part=status-label]"));
    assert!(
        b.js(
            &format!("return {r}.querySelector('[part=status-result]').textContent"),
            vec![]
        )
        .as_str()
        .unwrap()
        .contains("2026/118")
    );
}

#[test]
fn a_mapping_attribute_fetches_the_document_and_names_its_url_in_errors() {
    let server = Server::start();
    let foreign = Foreign::start();
    let b = Browser::start();
    foreign.serve("/mapping.json", &webhook_mapping(&foreign));
    let url = format!("{}/mapping.json", foreign.url);
    host_page(
        &b,
        &server,
        "smiley.html",
        &format!(
            r#"<medvirk-smiley id="w" widget-id="by-url" lang="en" mapping="{url}"></medvirk-smiley>"#
        ),
        false,
    );
    click_rating(&b, 2);
    let got = foreign.wait_for("the mapping document and the mapped POST", 2);
    assert_eq!(
        (got[0].method.as_str(), got[0].path.as_str()),
        ("GET", "/mapping.json")
    );
    let post = &got[1];
    assert_eq!(
        (post.method.as_str(), post.path.as_str()),
        ("POST", "/hook")
    );
    let body: Value = serde_json::from_str(&post.body).unwrap();
    assert_eq!(
        (body["survey"].as_str(), body["score"].as_u64()),
        (Some("by-url"), Some(3))
    );
    assert!(server.feedback().is_empty());

    // A document that is not there, and one with a mistake: the notice and the console say
    // which URL (and which path inside it).
    let bad = webhook_mapping(&foreign).replace("$/rating/value\"", "$/rating/valu\"");
    foreign.serve("/bad.json", &bad);
    let missing = format!("{}/missing.json", foreign.url);
    let wrong = format!("{}/bad.json", foreign.url);
    host_page(
        &b,
        &server,
        "smiley.html",
        &format!(
            r#"<h1>Mapping notices</h1><medvirk-smiley id="a" lang="en" mapping="{missing}"></medvirk-smiley>
               <div id="b" data-medvirk="smiley" data-lang="en" data-mapping="{wrong}"></div>"#
        ),
        false,
    );
    let notice = |id: &str| {
        b.wait_until(
            &format!("the mapping notice of #{id}"),
            &format!(
                "(() => {{ const r = document.querySelector('#{id}').shadowRoot; \
                  const e = r && r.querySelector('[part=config-error]'); return e && e.textContent; }})()"
            ),
        )
        .as_str()
        .unwrap()
        .to_string()
    };
    let want_missing = format!("{missing}: could not be fetched (HTTP status 404)");
    let want_wrong = format!(
        "{wrong}#/submit/body/score: unknown field /rating/valu; did you mean /rating/value?"
    );
    assert!(notice("a").contains(&want_missing), "{}", notice("a"));
    assert!(notice("b").contains(&want_wrong), "{}", notice("b"));
    let console = b.console();
    for want in [&want_missing, &want_wrong] {
        assert!(
            console
                .iter()
                .any(|l| l.starts_with("SEVERE") && l.contains(want.as_str())),
            "{want} not in {console:?}"
        );
    }
    b.assert_accessible("mapping notices");
}

#[test]
fn a_mapped_rating_waits_in_the_outbox_through_a_failing_backend_and_a_reload() {
    let server = Server::start();
    let foreign = Foreign::start();
    let b = Browser::start();
    foreign.failing.store(true, Ordering::SeqCst);
    // A heading, as a real page has, so axe judges the widget and not the bare test page.
    let page = format!(
        "<h1>Mapped feedback</h1>{}",
        smiley_with(&webhook_mapping(&foreign))
    );
    host_page(&b, &server, "smiley.html", &page, false);
    click_rating(&b, 4);
    let first = foreign.wait_for("the first attempt", 1);
    let id = serde_json::from_str::<Value>(&first[0].body).unwrap()["id"]
        .as_str()
        .unwrap()
        .to_string();
    // Kept on the device, with the mapping's method and header, and the person is told.
    let stored = b.wait_until(
        "the mapped entry in the outbox",
        "localStorage.getItem('medvirk-outbox-mapped')",
    );
    let stored: Value = serde_json::from_str(stored.as_str().unwrap()).unwrap();
    let entry = &stored["entries"][0];
    assert_eq!(entry["id"], json!(id));
    assert_eq!(entry["method"], json!("POST"));
    assert_eq!(entry["headers"], json!({ "X-Api-Key": "test-key-1" }));
    assert!(
        events(&b).iter().all(|e| e["name"] != "medvirk-error"),
        "a queued send is not an error yet"
    );
    // The widget is in English (`lang="en"` in `smiley_with`), so it says so in English.
    let queued = medvirk_core::i18n::smiley(medvirk_core::lang::Lang::En).queued;
    let shown = b.wait_until(
        "the queued notice in the status region",
        "(() => { const r = document.querySelector('#w').shadowRoot; \
          const e = r && r.querySelector('[role=status] [part=queued]'); return e && e.textContent.trim(); })()",
    );
    assert_eq!(shown, json!(queued));
    b.assert_accessible("mapped rating queued");

    // The page is left and opened again; the backend is back.
    b.js("location.reload()", vec![]);
    foreign.failing.store(false, Ordering::SeqCst);
    host_page(&b, &server, "smiley.html", &page, false);
    b.wait_until(
        "the outbox emptied",
        "localStorage.getItem('medvirk-outbox-mapped') === null",
    );
    let got = foreign.received();
    let posts: Vec<Value> = got
        .iter()
        .filter(|r| r.method == "POST")
        .map(|r| serde_json::from_str(&r.body).unwrap())
        .collect();
    assert!(posts.len() >= 2, "{got:?}");
    assert!(
        posts
            .iter()
            .all(|p| p["id"] == json!(id) && p["score"] == json!(5)),
        "every attempt is the same rating: {posts:?}"
    );
    assert!(server.feedback().is_empty());
}

#[test]
fn the_directory_fires_medvirk_error_when_its_data_fails_to_load() {
    let server = Server::start();
    let foreign = Foreign::start();
    let b = Browser::start();
    foreign.serve("/junk.json", "<html>not a directory</html>");
    host_page(
        &b,
        &server,
        "directory.html",
        &format!(
            r#"<h1>Directory errors</h1><medvirk-directory id="gone" src="/no-such-directory.json" lang="en"></medvirk-directory>
               <medvirk-directory id="junk" src="{}/junk.json" lang="en"></medvirk-directory>"#,
            foreign.url
        ),
        false,
    );
    b.wait_until(
        "two medvirk-error events",
        "window.__events.filter(e => e.name === 'medvirk-error').length === 2",
    );
    let ev = events(&b);
    let of = |id: &str| ev.iter().find(|e| e["target"] == id).unwrap().clone();
    let gone = of("gone");
    assert_eq!(gone["detail"]["code"], "rejected");
    assert_eq!(
        gone["detail"]["message"],
        "the backend answered with HTTP status 404"
    );
    assert_eq!(
        (&gone["bubbles"], &gone["composed"], &gone["cancelable"]),
        (&json!(true), &json!(true), &json!(false))
    );
    let junk = of("junk");
    assert_eq!(junk["detail"]["code"], "invalid");
    assert!(
        junk["detail"]["message"]
            .as_str()
            .unwrap()
            .starts_with("the data could not be read: "),
        "{junk}"
    );
    b.assert_accessible("directory load errors");
    // "Try again" fails again and says so again.
    b.click(&b.find("document.querySelector('#gone').shadowRoot.querySelector('[part=retry]')"));
    b.wait_until(
        "a third medvirk-error",
        "window.__events.filter(e => e.name === 'medvirk-error').length === 3",
    );
    b.assert_accessible("directory load error after a retry");
}
