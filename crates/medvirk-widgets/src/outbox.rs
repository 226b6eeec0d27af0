//! Runs the outbox in the browser: persists entries, sends them, and tells widgets what happened.
//!
//! The queue and its rules live in `medvirk_core::outbox`; this module adds the page's side:
//! localStorage (through `storage`), the clock, randomness for jitter, `fetch` (through `client`)
//! and the wake-ups — a backoff timer, the `online` event, the page becoming visible again, the
//! "try now" button, and every widget mount, which sends what earlier pages left behind (entries
//! carry their full URL, so any widget can send any entry).
//!
//! Write-ahead: [`submit`] stores the entry before the first attempt, so closing the page
//! mid-request loses nothing; the server deduplicates the resend by its id. At most one request
//! per entry is in flight on a page, whatever the buttons and events do.
//!
//! Sends shaped by a page's mapping (with the `mapping` feature) go through here too, in a queue
//! of their own: a bundle without mapping support never loads that queue, so it can neither
//! drop such an entry as unreadable nor send it without the mapping's method and headers. They
//! wait for the next page with a mapping-capable bundle; whether a 2xx answer meant success is
//! the mapping's call (`Send::outcome`), made by the widget that hears the news.

use std::cell::RefCell;

use medvirk_core::outbox::{Entry, Kind, Outbox, Outcome, Report};
#[cfg(not(feature = "core-json"))]
use medvirk_core::outbox::{FORMAT_VERSION, MAX_SAFE_INTEGER, StoredEntry};
use medvirk_core::smiley::Failure;
use wasm_bindgen::JsCast;
#[cfg(not(feature = "core-json"))]
use wasm_bindgen::JsValue;
use wasm_bindgen::prelude::Closure;
use yew::Callback;

use crate::{client, storage};

/// What the outbox tells the widget whose id an entry carries.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum News {
    /// The server confirmed the entry (a 2xx `status`); `more` says whether other entries for
    /// the id still wait. `body` is the answer (the case receipt, or what a mapping reads).
    Delivered {
        more: bool,
        status: u16,
        body: String,
    },
    /// Saved on this device; it will be retried.
    Queued,
    /// Refused for good (4xx), or could not even be queued and the one attempt failed.
    Refused(Failure),
}

/// The queues, one storage key each.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Queue {
    Feedback,
    Case,
    /// Mapped sends of every kind.
    #[cfg(feature = "mapping")]
    Mapped,
}

#[cfg(not(feature = "mapping"))]
const QUEUES: [Queue; 2] = [Queue::Feedback, Queue::Case];
#[cfg(feature = "mapping")]
const QUEUES: [Queue; 3] = [Queue::Feedback, Queue::Case, Queue::Mapped];

impl Queue {
    fn of(entry: &Entry) -> Queue {
        #[cfg(feature = "mapping")]
        if entry.mapped.is_some() {
            return Queue::Mapped;
        }
        match entry.kind {
            Kind::CasePost => Queue::Case,
            Kind::FeedbackPost | Kind::FeedbackPatch => Queue::Feedback,
        }
    }

    fn name(self) -> &'static str {
        match self {
            Queue::Feedback => "feedback",
            Queue::Case => "case",
            #[cfg(feature = "mapping")]
            Queue::Mapped => "mapped",
        }
    }

    fn index(self) -> usize {
        self as usize
    }
}

type Listener = (u32, String, Callback<(Kind, News)>);

#[derive(Default)]
struct Runner {
    started: bool,
    /// Entries being sent on this page, by id and kind.
    in_flight: Vec<(String, Kind)>,
    /// The queues as last written, used when localStorage is unavailable.
    memory: [Outbox; QUEUES.len()],
    listeners: Vec<Listener>,
    next_listener: u32,
    /// Only the newest backoff timer acts; older ones find a different generation.
    timer: u32,
}

thread_local! {
    static RUNNER: RefCell<Runner> = RefCell::default();
}

fn now_ms() -> u64 {
    js_sys::Date::now() as u64
}

fn random() -> u32 {
    (js_sys::Math::random() * f64::from(u32::MAX)) as u32
}

fn load(queue: Queue, now: u64) -> Outbox {
    match storage::outbox(queue.name()) {
        Some(text) => text.map_or_else(Outbox::default, |t| parse(&t, now)),
        None => RUNNER.with(|r| r.borrow().memory[queue.index()].clone()),
    }
}

/// Reads the stored text with core's JSON reader, which bundles with the case form or mappings
/// carry anyway.
#[cfg(feature = "core-json")]
fn parse(text: &str, now: u64) -> Outbox {
    Outbox::load(Some(text), now)
}

/// Reads the stored text with the browser's `JSON.parse` rather than core's JSON reader
/// (`Outbox::load`), which would add a parser to the smiley's download (about 1.2 KB brotli);
/// core still checks every entry. Anything unreadable counts as empty, as there.
#[cfg(not(feature = "core-json"))]
fn parse(text: &str, now: u64) -> Outbox {
    let Ok(doc) = js_sys::JSON::parse(text) else {
        return Outbox::default();
    };
    if Stored(doc.clone()).number("v") != Some(FORMAT_VERSION) {
        return Outbox::default();
    }
    let entries = member(&doc, "entries");
    if !js_sys::Array::is_array(&entries) {
        return Outbox::default();
    }
    Outbox::from_stored(js_sys::Array::from(&entries).iter().map(Stored), now)
}

#[cfg(not(feature = "core-json"))]
/// The member `key` of a parsed value (`undefined` when absent or when `value` is no object).
fn member(value: &JsValue, key: &str) -> JsValue {
    js_sys::Reflect::get(value, &JsValue::from_str(key)).unwrap_or(JsValue::UNDEFINED)
}

/// A stored entry as `JSON.parse` gave it.
#[cfg(not(feature = "core-json"))]
struct Stored(JsValue);

#[cfg(not(feature = "core-json"))]
impl StoredEntry for Stored {
    fn text(&self, key: &str) -> Option<String> {
        member(&self.0, key).as_string()
    }

    fn number(&self, key: &str) -> Option<u64> {
        let n = member(&self.0, key).as_f64()?;
        (n >= 0.0 && n.fract() == 0.0 && n <= MAX_SAFE_INTEGER as f64).then_some(n as u64)
    }

    fn has(&self, key: &str) -> bool {
        !member(&self.0, key).is_undefined()
    }

    fn members(&self, key: &str) -> Option<Vec<(String, Option<String>)>> {
        let object = member(&self.0, key);
        // Arrays are objects to JavaScript but not to JSON's readers.
        if !object.is_object() || js_sys::Array::is_array(&object) {
            return None;
        }
        let pairs = js_sys::Object::entries(object.unchecked_ref());
        Some(
            pairs
                .iter()
                .map(|pair| {
                    let pair: js_sys::Array = pair.unchecked_into();
                    (
                        pair.get(0).as_string().unwrap_or_default(),
                        pair.get(1).as_string(),
                    )
                })
                .collect(),
        )
    }
}

fn save(queue: Queue, outbox: &Outbox) {
    let json = (!outbox.is_empty()).then(|| outbox.to_json());
    // A full or blocked storage keeps the queue for this page only.
    let _ = storage::save_outbox(queue.name(), json.as_deref());
    RUNNER.with(|r| r.borrow_mut().memory[queue.index()] = outbox.clone());
}

/// Tells the listeners of `id` what happened to its entry of `kind`.
fn notify(id: &str, kind: Kind, news: News) {
    let callbacks: Vec<Callback<(Kind, News)>> = RUNNER.with(|r| {
        r.borrow()
            .listeners
            .iter()
            .filter(|(_, l, _)| l == id)
            .map(|(_, _, c)| c.clone())
            .collect()
    });
    for c in callbacks {
        c.emit((kind, news.clone()));
    }
}

/// A registration for news about one id; dropping it unregisters.
pub struct Subscription(u32);

impl Drop for Subscription {
    fn drop(&mut self) {
        let n = self.0;
        RUNNER.with(|r| r.borrow_mut().listeners.retain(|(i, _, _)| *i != n));
    }
}

/// Receive news about the entries of `id` (a responseId or caseId).
pub fn subscribe(id: &str, callback: Callback<(Kind, News)>) -> Subscription {
    RUNNER.with(|r| {
        let mut r = r.borrow_mut();
        let n = r.next_listener;
        r.next_listener = n.wrapping_add(1);
        r.listeners.push((n, id.to_string(), callback));
        Subscription(n)
    })
}

/// Entries of `kind` that wait, in any queue, oldest first per queue (the case form looks for
/// its own on load).
pub fn entries(kind: Kind) -> Vec<Entry> {
    let now = now_ms();
    QUEUES
        .into_iter()
        .flat_map(|q| load(q, now).entries)
        .filter(|e| e.kind == kind)
        .collect()
}

/// Installs the wake-ups once per page and sends whatever is due. Every widget calls this when
/// it mounts.
pub fn start() {
    let first = RUNNER.with(|r| !std::mem::replace(&mut r.borrow_mut().started, true));
    if first && let Some(window) = web_sys::window() {
        // The listeners live as long as the page; they are installed once, so forgetting the
        // closures leaks nothing that grows.
        let online = Closure::<dyn Fn()>::new(wake);
        let _ = window.add_event_listener_with_callback("online", online.as_ref().unchecked_ref());
        online.forget();
        if let Some(document) = window.document() {
            let visible = Closure::<dyn Fn()>::new(|| {
                let shown = web_sys::window()
                    .and_then(|w| w.document())
                    .is_some_and(|d| d.visibility_state() == web_sys::VisibilityState::Visible);
                if shown {
                    wake();
                }
            });
            let _ = document.add_event_listener_with_callback(
                "visibilitychange",
                visible.as_ref().unchecked_ref(),
            );
            visible.forget();
        }
    }
    pump();
}

/// Writes `entry` to the outbox, then sends it when it is due. The entry's listeners hear
/// [`News::Queued`] at once when it cannot go now (an older entry for the id waits, or the same
/// slot is in flight), otherwise the outcome of the attempt.
pub fn submit(entry: Entry) {
    let now = now_ms();
    let queue = Queue::of(&entry);
    let mut outbox = load(queue, now);
    outbox.expire(now);
    let (id, kind) = (entry.id.clone(), entry.kind);
    if outbox.enqueue(entry.clone()).is_err() {
        // No room on the device: one attempt, and the person hears if it failed.
        yew::platform::spawn_local(async move {
            let news = match client::send_entry(&entry).await {
                Ok(a) if (200..300).contains(&a.status) => News::Delivered {
                    more: false,
                    status: a.status,
                    body: a.body,
                },
                Ok(a) => News::Refused(Failure::Status(a.status)),
                Err(()) => News::Refused(Failure::Network),
            };
            notify(&entry.id, entry.kind, news);
        });
        return;
    }
    save(queue, &outbox);
    let due = outbox.due(now, is_busy);
    if !due.iter().any(|e| e.id == id && e.kind == kind) {
        notify(&id, kind, News::Queued);
    }
    pump();
}

/// Makes everything due now and sends it: the connection is back, the page is visible again,
/// or the person pressed "try now". Entries already in flight are not sent twice.
pub fn wake() {
    let now = now_ms();
    for queue in QUEUES {
        let mut outbox = load(queue, now);
        if !outbox.is_empty() {
            outbox.due_now(now);
            save(queue, &outbox);
        }
    }
    pump();
}

fn is_busy(e: &Entry) -> bool {
    RUNNER.with(|r| {
        r.borrow()
            .in_flight
            .iter()
            .any(|(id, kind)| *id == e.id && *kind == e.kind)
    })
}

/// Sends every due entry that is not in flight, then sets the timer for the next one.
fn pump() {
    let now = now_ms();
    let mut next: Option<u64> = None;
    for queue in QUEUES {
        let mut outbox = load(queue, now);
        if !outbox.expire(now).is_empty() {
            save(queue, &outbox);
        }
        for entry in outbox.due(now, is_busy) {
            RUNNER.with(|r| {
                r.borrow_mut()
                    .in_flight
                    .push((entry.id.clone(), entry.kind))
            });
            yew::platform::spawn_local(attempt(queue, entry));
        }
        let later = outbox
            .entries
            .iter()
            .filter(|e| !is_busy(e))
            .map(|e| e.next_attempt_ms)
            .min();
        next = match (next, later) {
            (Some(a), Some(b)) => Some(a.min(b)),
            (a, b) => a.or(b),
        };
    }
    if let Some(at) = next {
        let generation = RUNNER.with(|r| {
            let mut r = r.borrow_mut();
            r.timer = r.timer.wrapping_add(1);
            r.timer
        });
        // At least a second, so an entry due "now" but blocked behind an older one for the same
        // id does not spin; the older one's answer pumps again anyway.
        let wait = at.saturating_sub(now).max(1_000);
        yew::platform::spawn_local(async move {
            yew::platform::time::sleep(std::time::Duration::from_millis(wait)).await;
            if RUNNER.with(|r| r.borrow().timer) == generation {
                pump();
            }
        });
    }
}

/// One attempt at `entry`, recorded in the stored queue (re-read, since other widgets and tabs
/// may have changed it meanwhile).
async fn attempt(queue: Queue, entry: Entry) {
    let answer = client::send_entry(&entry).await;
    let now = now_ms();
    let mut outbox = load(queue, now);
    let status = answer.as_ref().map_or(0, |a| a.status);
    let (report, body) = match &answer {
        Ok(a) => (
            outbox.record(
                &entry,
                Outcome::Status {
                    status: a.status,
                    retry_after: a.retry_after.as_deref(),
                },
                now,
                random(),
            ),
            a.body.clone(),
        ),
        Err(()) => (
            outbox.record(&entry, Outcome::Network, now, random()),
            String::new(),
        ),
    };
    save(queue, &outbox);
    RUNNER.with(|r| {
        r.borrow_mut()
            .in_flight
            .retain(|(id, kind)| !(*id == entry.id && *kind == entry.kind))
    });
    let news = match report {
        Report::Delivered { more } => Some(News::Delivered { more, status, body }),
        Report::Retrying { .. } => Some(News::Queued),
        Report::Refused { status } => Some(News::Refused(Failure::Status(status))),
        // Another tab sent it, or a newer body replaced it; that one reports.
        Report::Superseded => match answer {
            Ok(a) if (200..300).contains(&a.status) && !outbox.has(&entry.id) => {
                Some(News::Delivered {
                    more: false,
                    status,
                    body,
                })
            }
            _ => None,
        },
    };
    if let Some(news) = news {
        notify(&entry.id, entry.kind, news);
    }
    pump();
}
