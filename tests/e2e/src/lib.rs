//! Harness for medvirk's end-to-end tests: starts the real server and a real headless Chromium.
//!
//! The browser is driven through chromedriver's W3C WebDriver HTTP API with a small client written
//! here, because a full WebDriver crate would pull in a TLS stack and an async runtime that these
//! loopback-only tests do not need. Paths come from the environment that `cargo xtask test` sets:
//! `MEDVIRK_SERVER_BIN`, `MEDVIRK_WWW`, `CHROMIUM`, `CHROMEDRIVER`, `AXE_JS`.

use serde_json::{Value, json};
use std::io::{BufRead, BufReader};
use std::net::TcpListener;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

/// The admin token every test server is started with.
pub const ADMIN_TOKEN: &str = "e2e-admin-token-0123456789";

/// WebDriver's key for an element reference in JSON.
const ELEMENT_KEY: &str = "element-6066-11e4-a52e-4f735466cecf";

/// The workspace root, for files the tests read (www/, tools/).
pub fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .ancestors()
        .nth(2)
        .expect("tests/e2e is two levels below the root")
        .to_path_buf()
}

fn env_path(var: &str, fallback: PathBuf) -> PathBuf {
    std::env::var_os(var).map(PathBuf::from).unwrap_or(fallback)
}

fn agent() -> ureq::Agent {
    ureq::Agent::config_builder()
        .http_status_as_error(false)
        .timeout_global(Some(Duration::from_secs(60)))
        .build()
        .into()
}

/// A medvirk-server process on a free loopback port with its own SQLite file; killed on drop.
pub struct Server {
    child: Child,
    /// Base URL without a trailing slash, e.g. `http://127.0.0.1:41234`.
    pub url: String,
    /// The SQLite file, removed on drop.
    pub db: PathBuf,
}

impl Server {
    /// Starts the server binary built by `cargo xtask test` and waits until it listens.
    pub fn start() -> Server {
        Self::start_with(&[])
    }

    /// Starts the server with extra environment variables.
    pub fn start_with(envs: &[(&str, &str)]) -> Server {
        Self::start_with_args(&[], envs)
    }

    /// Starts the server with extra command-line flags (e.g. `--open311`) and environment variables.
    pub fn start_with_args(args: &[&str], envs: &[(&str, &str)]) -> Server {
        let bin = env_path(
            "MEDVIRK_SERVER_BIN",
            root().join("target/debug/medvirk-server"),
        );
        assert!(
            bin.exists(),
            "medvirk-server binary not found at {} (run the tests through `cargo xtask test`)",
            bin.display()
        );
        let www = env_path("MEDVIRK_WWW", root().join("www"));
        assert!(
            www.join("widgets/medvirk.js").exists(),
            "the widget bundle is missing in {}/widgets (run `cargo xtask build`)",
            www.display()
        );
        let db = std::env::temp_dir().join(format!(
            "medvirk-e2e-{}-{}.db",
            std::process::id(),
            unique()
        ));
        let mut cmd = Command::new(&bin);
        cmd.arg("--addr")
            .arg("127.0.0.1:0")
            .arg("--db")
            .arg(&db)
            .arg("--www")
            .arg(&www)
            .env("MEDVIRK_ADMIN_TOKEN", ADMIN_TOKEN)
            .stdout(Stdio::piped())
            .stderr(Stdio::inherit());
        for (k, v) in envs {
            cmd.env(k, v);
        }
        cmd.args(args);
        let mut child = cmd.spawn().expect("start medvirk-server");
        let stdout = child.stdout.take().expect("server stdout is piped");
        let mut lines = BufReader::new(stdout).lines();
        let url = loop {
            let line = lines
                .next()
                .expect("medvirk-server exited before it printed its address")
                .expect("read server stdout");
            if let Some(i) = line.find("http://") {
                break line[i..].trim().trim_end_matches('/').to_string();
            }
        };
        // Keep draining stdout so the server never blocks on a full pipe.
        std::thread::spawn(move || for _ in lines.by_ref() {});
        Server { child, url, db }
    }

    /// GET an admin API path with the test token; returns (status, JSON body).
    pub fn admin_get(&self, path: &str) -> (u16, Value) {
        let mut resp = agent()
            .get(format!("{}{path}", self.url))
            .header("Authorization", format!("Bearer {ADMIN_TOKEN}"))
            .call()
            .expect("admin request");
        let status = resp.status().as_u16();
        let body = resp.body_mut().read_json::<Value>().unwrap_or(Value::Null);
        (status, body)
    }

    /// PUTs a JSON document to an admin API path with the test token (e.g. a directory import);
    /// returns (status, JSON body).
    pub fn admin_put(&self, path: &str, json_text: &str) -> (u16, Value) {
        let mut resp = agent()
            .put(format!("{}{path}", self.url))
            .header("Authorization", format!("Bearer {ADMIN_TOKEN}"))
            .header("Content-Type", "application/json")
            .send(json_text)
            .expect("admin request");
        let status = resp.status().as_u16();
        let body = resp.body_mut().read_json::<Value>().unwrap_or(Value::Null);
        (status, body)
    }

    /// GET a public API path; panics unless it answers 200 with JSON.
    pub fn get_json(&self, path: &str) -> Value {
        let mut resp = agent()
            .get(format!("{}{path}", self.url))
            .call()
            .expect("public request");
        assert_eq!(resp.status().as_u16(), 200, "GET {path}");
        resp.body_mut().read_json().unwrap()
    }

    /// The stored feedback rows, through the admin API.
    pub fn feedback(&self) -> Vec<Value> {
        let (status, body) = self.admin_get("/api/v1/admin/feedback");
        assert_eq!(status, 200, "admin feedback list failed: {body}");
        body["items"].as_array().cloned().unwrap_or_default()
    }

    /// Polls the admin API until `pred` holds for the stored rows, or panics after 10 s.
    pub fn wait_for_feedback(&self, what: &str, pred: impl Fn(&[Value]) -> bool) -> Vec<Value> {
        let start = Instant::now();
        loop {
            let rows = self.feedback();
            if pred(&rows) {
                return rows;
            }
            if start.elapsed() > Duration::from_secs(10) {
                panic!("timed out waiting for stored feedback: {what}; rows now: {rows:#?}");
            }
            std::thread::sleep(Duration::from_millis(100));
        }
    }
}

impl Server {
    /// The loopback port the server listens on.
    pub fn port(&self) -> u16 {
        self.url
            .rsplit(':')
            .next()
            .and_then(|p| p.parse().ok())
            .expect("the server URL ends in a port")
    }

    /// Stops the process; the SQLite file stays, so [`Server::restart`] continues with it.
    pub fn stop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }

    /// Starts the server again on the same port and database (after [`Server::stop`]), with
    /// the default flags and the admin token, and waits until it listens. Extra flags and
    /// environment given at the first start are not repeated.
    pub fn restart(&mut self) {
        self.stop();
        let bin = env_path(
            "MEDVIRK_SERVER_BIN",
            root().join("target/debug/medvirk-server"),
        );
        let www = env_path("MEDVIRK_WWW", root().join("www"));
        let addr = format!("127.0.0.1:{}", self.port());
        let start = Instant::now();
        loop {
            let mut child = Command::new(&bin)
                .arg("--addr")
                .arg(&addr)
                .arg("--db")
                .arg(&self.db)
                .arg("--www")
                .arg(&www)
                .env("MEDVIRK_ADMIN_TOKEN", ADMIN_TOKEN)
                .stdout(Stdio::piped())
                .stderr(Stdio::inherit())
                .spawn()
                .expect("restart medvirk-server");
            let stdout = child.stdout.take().expect("server stdout is piped");
            let mut lines = BufReader::new(stdout).lines();
            let listening = lines
                .by_ref()
                .map_while(Result::ok)
                .any(|line| line.contains("http://"));
            if listening {
                std::thread::spawn(move || for _ in lines.by_ref() {});
                self.child = child;
                return;
            }
            // The port can linger for a moment after the old process ended.
            let _ = child.wait();
            assert!(
                start.elapsed() < Duration::from_secs(10),
                "medvirk-server did not come back on {addr}"
            );
            std::thread::sleep(Duration::from_millis(200));
        }
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
        for suffix in ["", "-wal", "-shm"] {
            let mut p = self.db.clone().into_os_string();
            p.push(suffix);
            let _ = std::fs::remove_file(p);
        }
    }
}

/// A number no other call in this process returns: the clock, plus a counter because two test
/// threads can read the same clock value (they then shared one database file).
fn unique() -> u128 {
    static NEXT: std::sync::atomic::AtomicU64 = std::sync::atomic::AtomicU64::new(0);
    let n = NEXT.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.as_nanos())
        .unwrap_or(0)
        .wrapping_mul(1024)
        .wrapping_add(u128::from(n))
}

fn free_port() -> u16 {
    TcpListener::bind("127.0.0.1:0")
        .and_then(|l| l.local_addr())
        .map(|a| a.port())
        .expect("a free loopback port")
}

/// A headless Chromium session behind its own chromedriver process; both end on drop.
pub struct Browser {
    driver: Child,
    base: String,
    http: ureq::Agent,
    profile: PathBuf,
}

/// A DOM element held by the browser (possibly inside a shadow root).
#[derive(Clone, Debug)]
pub struct Element(String);

impl Browser {
    /// Starts chromedriver and a fresh headless Chromium with an empty profile.
    pub fn start() -> Browser {
        let chromedriver = env_path("CHROMEDRIVER", PathBuf::from("/usr/bin/chromedriver"));
        let chromium = env_path("CHROMIUM", PathBuf::from("/usr/bin/chromium"));
        let port = free_port();
        let driver = Command::new(&chromedriver)
            .arg(format!("--port={port}"))
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .unwrap_or_else(|e| panic!("start {}: {e}", chromedriver.display()));
        let base = format!("http://127.0.0.1:{port}");
        let http = agent();
        let start = Instant::now();
        while http.get(format!("{base}/status")).call().is_err() {
            assert!(
                start.elapsed() < Duration::from_secs(20),
                "chromedriver did not start"
            );
            std::thread::sleep(Duration::from_millis(50));
        }
        let profile = std::env::temp_dir().join(format!("medvirk-e2e-profile-{}", unique()));
        let caps = json!({"capabilities": {"alwaysMatch": {
            "browserName": "chrome",
            "goog:loggingPrefs": {"browser": "ALL"},
            "goog:chromeOptions": {
                "binary": chromium,
                "args": [
                    "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                    "--disable-background-networking", "--disable-component-update", "--disable-sync",
                    "--disable-dev-shm-usage", "--window-size=1024,900",
                    format!("--user-data-dir={}", profile.display()),
                ]
            }
        }}});
        let mut b = Browser {
            driver,
            base,
            http,
            profile,
        };
        let v = b.raw("POST", "/session", Some(caps));
        let id = v["sessionId"]
            .as_str()
            .unwrap_or_else(|| panic!("no WebDriver session: {v}"))
            .to_string();
        b.base = format!("{}/session/{id}", b.base);
        b.cmd("POST", "/timeouts", json!({"script": 30000}));
        b
    }

    fn raw(&self, method: &str, path: &str, body: Option<Value>) -> Value {
        let url = format!("{}{path}", self.base);
        let resp = match (method, body) {
            ("GET", _) => self.http.get(&url).call(),
            ("DELETE", _) => self.http.delete(&url).call(),
            (_, Some(b)) => self.http.post(&url).send_json(b),
            (_, None) => self.http.post(&url).send_json(json!({})),
        };
        let mut resp = resp.unwrap_or_else(|e| panic!("WebDriver {method} {path}: {e}"));
        let status = resp.status().as_u16();
        let v: Value = resp
            .body_mut()
            .read_json()
            .unwrap_or_else(|e| panic!("WebDriver {method} {path}: bad JSON: {e}"));
        assert!(
            status < 400,
            "WebDriver {method} {path} failed ({status}): {}",
            v["value"]
        );
        v["value"].clone()
    }

    fn cmd(&self, method: &str, path: &str, body: Value) -> Value {
        self.raw(method, path, Some(body))
    }

    /// Opens a URL and waits until the document has loaded.
    pub fn goto(&self, url: &str) {
        self.cmd("POST", "/url", json!({ "url": url }));
    }

    /// Runs a synchronous script in the page; `arguments` are the given args.
    pub fn js(&self, script: &str, args: Vec<Value>) -> Value {
        self.cmd(
            "POST",
            "/execute/sync",
            json!({"script": script, "args": args}),
        )
    }

    /// Runs an async script; the script calls `arguments[arguments.length - 1](result)`.
    pub fn js_async(&self, script: &str, args: Vec<Value>) -> Value {
        self.cmd(
            "POST",
            "/execute/async",
            json!({"script": script, "args": args}),
        )
    }

    /// Polls a JS expression until it is truthy; panics with `what` after 10 s.
    pub fn wait_until(&self, what: &str, expr: &str) -> Value {
        let start = Instant::now();
        let script = format!("return ({expr});");
        loop {
            let v = self.js(&script, vec![]);
            if !(v.is_null() || v == json!(false) || v == json!("") || v == json!(0)) {
                return v;
            }
            if start.elapsed() > Duration::from_secs(10) {
                panic!(
                    "timed out waiting for {what} (`{expr}`); console: {:?}",
                    self.console()
                );
            }
            std::thread::sleep(Duration::from_millis(50));
        }
    }

    /// Finds an element with a JS expression that returns it (e.g. inside a shadow root).
    pub fn find(&self, expr: &str) -> Element {
        let v = self.wait_until(&format!("element {expr}"), expr);
        let id = v[ELEMENT_KEY]
            .as_str()
            .unwrap_or_else(|| panic!("`{expr}` is not an element: {v}"));
        Element(id.to_string())
    }

    /// A real mouse click on the element, as WebDriver performs it (scrolls into view first).
    pub fn click(&self, el: &Element) {
        self.cmd("POST", &format!("/element/{}/click", el.0), json!({}));
    }

    /// Types text into the element through real key events.
    pub fn type_text(&self, el: &Element, text: &str) {
        self.cmd(
            "POST",
            &format!("/element/{}/value", el.0),
            json!({ "text": text }),
        );
    }

    /// Presses keys (WebDriver key codes, e.g. [`keys::TAB`]) on whatever has focus.
    pub fn press(&self, keys: &[&str]) {
        let mut actions = Vec::new();
        for k in keys {
            actions.push(json!({"type": "keyDown", "value": k}));
            actions.push(json!({"type": "keyUp", "value": k}));
        }
        self.cmd(
            "POST",
            "/actions",
            json!({"actions": [{"type": "key", "id": "keyboard", "actions": actions}]}),
        );
        self.raw("DELETE", "/actions", None);
    }

    /// Presses keys together, e.g. `[keys::SHIFT, keys::TAB]`: all go down in order, then up in reverse.
    pub fn chord(&self, keys: &[&str]) {
        let mut actions: Vec<Value> = keys
            .iter()
            .map(|k| json!({"type": "keyDown", "value": k}))
            .collect();
        actions.extend(
            keys.iter()
                .rev()
                .map(|k| json!({"type": "keyUp", "value": k})),
        );
        self.cmd(
            "POST",
            "/actions",
            json!({"actions": [{"type": "key", "id": "keyboard", "actions": actions}]}),
        );
        self.raw("DELETE", "/actions", None);
    }

    /// A JSON element argument for [`Browser::js`].
    pub fn arg(el: &Element) -> Value {
        json!({ ELEMENT_KEY: el.0 })
    }

    /// Chrome DevTools Protocol command through chromedriver (network emulation, CPU throttling).
    pub fn cdp(&self, cmd: &str, params: Value) -> Value {
        self.cmd(
            "POST",
            "/goog/cdp/execute",
            json!({"cmd": cmd, "params": params}),
        )
    }

    /// Browser console messages since the last call (errors show up here first when a widget breaks).
    pub fn console(&self) -> Vec<String> {
        let v = self.cmd("POST", "/se/log", json!({"type": "browser"}));
        v.as_array()
            .map(|a| {
                a.iter()
                    .map(|e| {
                        format!(
                            "{} {}",
                            e["level"].as_str().unwrap_or(""),
                            e["message"].as_str().unwrap_or("")
                        )
                    })
                    .collect()
            })
            .unwrap_or_default()
    }

    /// Loads axe-core through DevTools (`Runtime.evaluate`), which a page's Content-Security-Policy
    /// does not block, unlike the `eval` that [`Browser::assert_accessible`] uses otherwise: call this
    /// first on pages served without `'unsafe-eval'`.
    pub fn load_axe_bypassing_csp(&self) {
        let axe = env_path(
            "AXE_JS",
            root().join("tools/node_modules/axe-core/axe.min.js"),
        );
        let source = std::fs::read_to_string(&axe)
            .unwrap_or_else(|e| panic!("read axe-core at {}: {e}", axe.display()));
        let v = self.cdp(
            "Runtime.evaluate",
            json!({"expression": format!("{source}\n;typeof axe"), "returnByValue": true}),
        );
        assert_eq!(
            v["result"]["value"], "object",
            "axe-core did not load through DevTools: {v}"
        );
    }

    /// Runs axe-core in the page (it descends into open shadow roots) against WCAG 2.1 A/AA and
    /// best practices, and panics listing every violation: an accessibility regression fails the test.
    pub fn assert_accessible(&self, state: &str) {
        let axe = env_path(
            "AXE_JS",
            root().join("tools/node_modules/axe-core/axe.min.js"),
        );
        let source = std::fs::read_to_string(&axe)
            .unwrap_or_else(|e| panic!("read axe-core at {}: {e}", axe.display()));
        self.js(
            "if (!window.axe) { (0, eval)(arguments[0]); } return true;",
            vec![json!(source)],
        );
        let result = self.js_async(
            r#"const done = arguments[arguments.length - 1];
               axe.run(document, {runOnly: {type: 'tag', values:
                   ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice']}})
                 .then(r => done(r.violations.map(v => ({id: v.id, impact: v.impact, help: v.help,
                     nodes: v.nodes.map(n => n.target.join(' ') + ' :: ' + n.failureSummary)}))))
                 .catch(e => done({error: String(e)}));"#,
            vec![],
        );
        assert!(
            result.as_array().is_some_and(|v| v.is_empty()),
            "axe-core found accessibility violations in state `{state}`:\n{}",
            serde_json::to_string_pretty(&result).unwrap_or_default()
        );
    }
}

impl Browser {
    /// axe-core on an admin page: those send a strict policy, so axe is loaded past it first.
    pub fn assert_admin_accessible(&self, state: &str) {
        self.load_axe_bypassing_csp();
        self.assert_accessible(state);
    }

    /// Replaces what a text field holds: emptied, then `text` typed with real key events.
    pub fn replace_text(&self, el: &Element, text: &str) {
        self.js("arguments[0].value = ''", vec![Browser::arg(el)]);
        self.type_text(el, text);
    }

    /// The `textContent` of the first element matching the CSS `selector`.
    pub fn text_of(&self, selector: &str) -> String {
        let v = self.js(
            "return document.querySelector(arguments[0]).textContent",
            vec![json!(selector)],
        );
        v.as_str()
            .unwrap_or_else(|| panic!("no text at `{selector}`: {v}"))
            .to_owned()
    }

    /// Signs in to `server`'s admin area through its form, as a person would, and waits for the
    /// results page. The admin pages send a strict policy: call [`Browser::load_axe_bypassing_csp`]
    /// before [`Browser::assert_accessible`] there.
    pub fn admin_sign_in(&self, server: &Server) {
        self.goto(&format!("{}/admin/", server.url));
        let field = self.find("document.querySelector('#token')");
        self.type_text(&field, ADMIN_TOKEN);
        self.press(&[keys::ENTER]);
        self.wait_until(
            "the admin results page after signing in",
            "location.pathname === '/admin/results'",
        );
    }
}

impl Drop for Browser {
    fn drop(&mut self) {
        // Ending the session closes Chromium; then chromedriver itself goes.
        let _ = self.http.delete(&self.base).call();
        let _ = self.driver.kill();
        let _ = self.driver.wait();
        let _ = std::fs::remove_dir_all(&self.profile);
    }
}

/// WebDriver key codes for [`Browser::press`].
pub mod keys {
    pub const TAB: &str = "\u{E004}";
    pub const SHIFT: &str = "\u{E008}";
    pub const ENTER: &str = "\u{E007}";
    pub const SPACE: &str = "\u{E00D}";
    pub const LEFT: &str = "\u{E012}";
    pub const RIGHT: &str = "\u{E014}";
    pub const UP: &str = "\u{E013}";
    pub const DOWN: &str = "\u{E015}";
    pub const HOME: &str = "\u{E011}";
    pub const END: &str = "\u{E010}";
}
