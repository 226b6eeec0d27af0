//! The widgets' outbox: submissions kept on the person's device until the server confirms them.
//!
//! People rate and report on trains and flaky municipal networks, and backends restart. Every
//! submission is written here *before* it is sent (write-ahead), sent from here, and removed only
//! when the server confirms it, so a closed page, an offline browser, a 503 or a 429 never loses
//! it. Every entry carries the client-generated id the server deduplicates on (responseId,
//! caseId), so a resend after a lost answer stores nothing twice.
//!
//! This module is the pure part: the queue, its JSON form for browser storage, and the retry
//! policy. The widgets own storage, the clock, randomness and `fetch`, and pass them in:
//!
//! - Retry on network errors, timeouts, 5xx, 408 and 429, honouring `Retry-After` (seconds or an
//!   HTTP date), otherwise exponential backoff with jitter from [`BACKOFF_BASE_MS`] to
//!   [`BACKOFF_CAP_MS`]. Any other answer is final: 2xx removes the entry as delivered; a 4xx
//!   removes it as refused (a 409 means the server holds a different payload under this id).
//! - Entries expire after [`MAX_AGE_MS`]: a week-old rating is no longer worth sending and the
//!   device should not keep the text forever.
//! - A later PATCH for the same response replaces a queued one (the newest rating and comment
//!   win), keeping its place after the POST; an entry is only sent when no older entry for the
//!   same id is still waiting, so a PATCH never overtakes its POST.
//! - Reading stored text is defensive: foreign, damaged or oversized entries are skipped, never
//!   trusted, because other scripts on the host page share the storage.

use crate::json::JsonObject;
use crate::json_value::{self, Limits, Value};

/// First retry delay; doubled per attempt.
pub const BACKOFF_BASE_MS: u64 = 2_000;
/// Longest delay between two attempts.
pub const BACKOFF_CAP_MS: u64 = 5 * 60 * 1000;
/// Longest `Retry-After` honoured; a larger value is treated as this (a misconfigured proxy
/// must not park a rating for a year).
pub const RETRY_AFTER_CAP_MS: u64 = 60 * 60 * 1000;
/// Entries older than this are dropped unsent.
pub const MAX_AGE_MS: u64 = 7 * 24 * 60 * 60 * 1000;
/// Most entries kept; beyond this a new submission is refused rather than an old one lost.
pub const MAX_ENTRIES: usize = 50;
/// Largest body kept (the server refuses larger ones anyway).
pub const MAX_BODY_BYTES: usize = 64 * 1024;
/// Version of the stored format (its `v`); other versions are ignored.
pub const FORMAT_VERSION: u64 = 1;

/// What an entry sends.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Kind {
    /// A new smiley response (POST to the feedback endpoint).
    FeedbackPost,
    /// A change of rating or comment (PATCH to `{endpoint}/{responseId}`).
    FeedbackPatch,
    /// A case from the case form (POST, JSON or Open311 form-encoded).
    CasePost,
}

impl Kind {
    pub fn tag(self) -> &'static str {
        match self {
            Kind::FeedbackPost => "feedback-post",
            Kind::FeedbackPatch => "feedback-patch",
            Kind::CasePost => "case-post",
        }
    }

    pub fn from_tag(tag: &str) -> Option<Kind> {
        match tag {
            "feedback-post" => Some(Kind::FeedbackPost),
            "feedback-patch" => Some(Kind::FeedbackPatch),
            "case-post" => Some(Kind::CasePost),
            _ => None,
        }
    }

    /// The HTTP method, derived from the kind so a stored entry cannot pair them wrongly.
    pub fn method(self) -> &'static str {
        match self {
            Kind::FeedbackPatch => "PATCH",
            Kind::FeedbackPost | Kind::CasePost => "POST",
        }
    }
}

/// One submission waiting for the server's confirmation. Holds only what is needed to send it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Entry {
    /// The client-generated id the server deduplicates on (responseId or caseId).
    pub id: String,
    pub kind: Kind,
    /// The full URL, so any widget on any page of the site can send it.
    pub url: String,
    pub body: String,
    /// `application/json` or, for Open311, `application/x-www-form-urlencoded`.
    pub content_type: String,
    pub created_ms: u64,
    /// Attempts that failed so far.
    pub attempts: u32,
    /// Not sent before this Unix time in ms.
    pub next_attempt_ms: u64,
    /// The method and extra headers of a send a page's declarative mapping shaped (`None` for
    /// our own backend). Only bundles that read mappings have this, and they keep such entries
    /// in a queue of their own, so a bundle without it never loads (and drops) one.
    #[cfg(feature = "mapping")]
    pub mapped: Option<Mapped>,
}

/// What a mapped entry sends besides URL, body and content type.
#[cfg(feature = "mapping")]
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Mapped {
    /// `POST`, `PUT` or `PATCH`.
    pub method: String,
    /// From the mapping, which the page shows anyway (e.g. a public API key).
    pub headers: Vec<(String, String)>,
}

impl Entry {
    /// A new entry, due at once.
    pub fn new(
        id: &str,
        kind: Kind,
        url: &str,
        body: &str,
        content_type: &str,
        now_ms: u64,
    ) -> Entry {
        Entry {
            id: id.to_string(),
            kind,
            url: url.to_string(),
            body: body.to_string(),
            content_type: content_type.to_string(),
            created_ms: now_ms,
            attempts: 0,
            next_attempt_ms: now_ms,
            #[cfg(feature = "mapping")]
            mapped: None,
        }
    }

    /// The HTTP method: the kind's, unless a mapping chose another.
    pub fn method(&self) -> &str {
        #[cfg(feature = "mapping")]
        if let Some(m) = &self.mapped {
            return &m.method;
        }
        self.kind.method()
    }

    fn same_slot(&self, id: &str, kind: Kind) -> bool {
        self.id == id && self.kind == kind
    }
}

/// How one attempt ended, as the widget saw it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Outcome<'a> {
    /// No answer: offline, refused, timed out (aborted), blocked.
    Network,
    /// An HTTP answer, with its `Retry-After` header if any.
    Status {
        status: u16,
        retry_after: Option<&'a str>,
    },
}

/// What became of an entry after an attempt.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Report {
    /// The server confirmed it; the entry is gone. `more` says whether other entries for the
    /// same id still wait (a PATCH behind its POST).
    Delivered { more: bool },
    /// Kept; the next attempt is due at this Unix time in ms.
    Retrying { at_ms: u64 },
    /// The server refused it for good (this 4xx status); the entry is gone. A 409 means the
    /// server holds a different payload under this id.
    Refused { status: u16 },
    /// The entry changed while the attempt was under way (a newer PATCH replaced it) or is gone;
    /// the newer one is due at once.
    Superseded,
}

/// Whether an answer with this status is worth repeating.
pub fn retryable(status: u16) -> bool {
    status >= 500 || status == 408 || status == 429
}

/// The queue, oldest first.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Outbox {
    pub entries: Vec<Entry>,
}

/// One stored entry's members as a JSON reader sees them: core's [`json_value`] (in
/// [`Outbox::load`]) or, in the browser, the result of `JSON.parse`, which spares every visitor
/// the download of a JSON parser. Members of the wrong type read as absent.
pub trait StoredEntry {
    /// The string member `key`.
    fn text(&self, key: &str) -> Option<String>;
    /// The member `key` when it is a whole number from 0 to 2^53.
    fn number(&self, key: &str) -> Option<u64>;
    /// Whether the entry has a member `key` at all (of any type).
    fn has(&self, key: &str) -> bool;
    /// The members of the object member `key` in order, each value `None` unless it is a
    /// string; `None` when `key` is absent or not an object.
    fn members(&self, key: &str) -> Option<Vec<(String, Option<String>)>>;
}

impl StoredEntry for &Value {
    fn text(&self, key: &str) -> Option<String> {
        self.get(key).and_then(Value::as_str).map(str::to_owned)
    }

    fn number(&self, key: &str) -> Option<u64> {
        self.get(key)
            .and_then(Value::as_u64)
            .filter(|n| *n <= MAX_SAFE_INTEGER)
    }

    fn has(&self, key: &str) -> bool {
        self.get(key).is_some()
    }

    fn members(&self, key: &str) -> Option<Vec<(String, Option<String>)>> {
        let members = self.get(key)?.as_object()?;
        Some(
            members
                .iter()
                .map(|(k, v)| (k.clone(), v.as_str().map(str::to_owned)))
                .collect(),
        )
    }
}

/// The largest integer a JavaScript number holds exactly, so both readers agree on numbers.
pub const MAX_SAFE_INTEGER: u64 = (1 << 53) - 1;

/// Why [`Outbox::enqueue`] refused an entry.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Full {
    /// [`MAX_ENTRIES`] entries wait already.
    TooMany,
    /// The body is larger than [`MAX_BODY_BYTES`].
    TooLarge,
}

impl Outbox {
    /// Reads stored text (`None` when nothing is stored) with core's own JSON reader. Anything
    /// unreadable counts as empty; single damaged or expired entries are skipped. The browser
    /// reads with `JSON.parse` and [`Outbox::from_stored`] instead, so no parser ships in the wasm.
    pub fn load(text: Option<&str>, now_ms: u64) -> Outbox {
        let Some(text) = text else {
            return Outbox::default();
        };
        let limits = Limits {
            max_depth: 4,
            max_bytes: MAX_ENTRIES * (MAX_BODY_BYTES + 4096),
        };
        let Ok(value) = json_value::parse_with(text, limits) else {
            return Outbox::default();
        };
        if value.get("v").and_then(Value::as_u64) != Some(FORMAT_VERSION) {
            return Outbox::default();
        }
        let Some(items) = value.get("entries").and_then(Value::as_array) else {
            return Outbox::default();
        };
        Outbox::from_stored(items, now_ms)
    }

    /// The queue from the parsed `entries` of a stored outbox whose `v` is [`FORMAT_VERSION`],
    /// checked entry by entry as [`Outbox::load`] does: damaged, foreign or expired entries are
    /// skipped, and at most [`MAX_ENTRIES`] are kept.
    pub fn from_stored<E: StoredEntry>(items: impl IntoIterator<Item = E>, now_ms: u64) -> Outbox {
        let mut outbox = Outbox::default();
        for item in items {
            if outbox.entries.len() >= MAX_ENTRIES {
                break;
            }
            if let Some(e) = read_entry(&item, now_ms) {
                // Two entries for one slot can only come from tampering; the first one wins.
                if !outbox.entries.iter().any(|o| o.same_slot(&e.id, e.kind)) {
                    outbox.entries.push(e);
                }
            }
        }
        outbox
    }

    /// The stored form.
    pub fn to_json(&self) -> String {
        let mut out = String::with_capacity(
            32 + self
                .entries
                .iter()
                .map(|e| e.body.len() + e.url.len() + 160)
                .sum::<usize>(),
        );
        out.push_str("{\"v\":1,\"entries\":[");
        for (i, e) in self.entries.iter().enumerate() {
            if i > 0 {
                out.push(',');
            }
            let mut o = JsonObject::new(&mut out);
            o.str("id", &e.id)
                .str("kind", e.kind.tag())
                .str("method", e.method())
                .str("url", &e.url)
                .str("contentType", &e.content_type)
                .str("body", &e.body)
                .u64("created", e.created_ms)
                .u64("attempts", e.attempts.into())
                .u64("next", e.next_attempt_ms);
            #[cfg(feature = "mapping")]
            if let Some(m) = &e.mapped {
                o.object("headers", |h| {
                    for (k, v) in &m.headers {
                        h.str(k, v);
                    }
                });
            }
            o.end();
        }
        out.push_str("]}");
        out
    }

    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }

    /// Whether anything for `id` still waits.
    pub fn has(&self, id: &str) -> bool {
        self.entries.iter().any(|e| e.id == id)
    }

    /// The entry for `id` and `kind`, if it waits.
    pub fn get(&self, id: &str, kind: Kind) -> Option<&Entry> {
        self.entries.iter().find(|e| e.same_slot(id, kind))
    }

    /// Adds a submission. A PATCH replaces a waiting PATCH for the same id in its place (the
    /// newest change wins); a repeated POST of the same id replaces the waiting body too (the
    /// server would answer 409 for a different one otherwise, and only the newest is wanted).
    /// A replaced entry is due at once with a fresh attempt count.
    pub fn enqueue(&mut self, entry: Entry) -> Result<(), Full> {
        if entry.body.len() > MAX_BODY_BYTES {
            return Err(Full::TooLarge);
        }
        if let Some(old) = self
            .entries
            .iter_mut()
            .find(|e| e.same_slot(&entry.id, entry.kind))
        {
            if old.body != entry.body || old.url != entry.url {
                old.body = entry.body;
                old.url = entry.url;
                old.content_type = entry.content_type;
                old.attempts = 0;
                old.next_attempt_ms = entry.next_attempt_ms;
            }
            return Ok(());
        }
        if self.entries.len() >= MAX_ENTRIES {
            return Err(Full::TooMany);
        }
        self.entries.push(entry);
        Ok(())
    }

    /// Drops expired entries and returns them (the widget may say so).
    pub fn expire(&mut self, now_ms: u64) -> Vec<Entry> {
        let (old, keep) = std::mem::take(&mut self.entries)
            .into_iter()
            .partition(|e| expired(e, now_ms));
        self.entries = keep;
        old
    }

    /// Entries that may be sent now: due, not `busy` (already in flight on this page), and with
    /// no older entry for the same id still waiting.
    pub fn due(&self, now_ms: u64, busy: impl Fn(&Entry) -> bool) -> Vec<Entry> {
        let mut out = Vec::new();
        for (i, e) in self.entries.iter().enumerate() {
            let behind = self.entries[..i].iter().any(|o| o.id == e.id);
            if !behind && e.next_attempt_ms <= now_ms && !expired(e, now_ms) && !busy(e) {
                out.push(e.clone());
            }
        }
        out
    }

    /// When the next entry falls due, for the backoff timer (`None` when nothing waits).
    pub fn next_due_ms(&self) -> Option<u64> {
        self.entries.iter().map(|e| e.next_attempt_ms).min()
    }

    /// Makes every entry due now: the connection came back, the page became visible, or the
    /// person pressed "try now". Attempt counts stay, so the backoff still grows.
    pub fn due_now(&mut self, now_ms: u64) {
        for e in &mut self.entries {
            e.next_attempt_ms = e.next_attempt_ms.min(now_ms);
        }
    }

    /// Records how an attempt to send `sent` (the entry as it was sent) ended. `random` is any
    /// random number; it spreads retries of many devices after an outage.
    pub fn record(
        &mut self,
        sent: &Entry,
        outcome: Outcome<'_>,
        now_ms: u64,
        random: u32,
    ) -> Report {
        let Some(pos) = self
            .entries
            .iter()
            .position(|e| e.same_slot(&sent.id, sent.kind))
        else {
            return Report::Superseded;
        };
        let changed = self.entries[pos].body != sent.body || self.entries[pos].url != sent.url;
        let retry_at = match outcome {
            Outcome::Network => Some(now_ms + backoff_ms(self.entries[pos].attempts + 1, random)),
            Outcome::Status { status, .. } if (200..300).contains(&status) => None,
            Outcome::Status {
                status,
                retry_after,
            } if retryable(status) => {
                let wait = retry_after
                    .and_then(|h| retry_after_ms(h, now_ms))
                    .map(|ms| ms.min(RETRY_AFTER_CAP_MS))
                    .unwrap_or_else(|| backoff_ms(self.entries[pos].attempts + 1, random));
                Some(now_ms + wait)
            }
            Outcome::Status { status, .. } => {
                if changed {
                    // The refused payload is not the one waiting now; try the newer one.
                    return Report::Superseded;
                }
                let gone = self.entries.remove(pos);
                if gone.kind != Kind::FeedbackPatch {
                    // A PATCH of a response the server refused can only end in 404.
                    self.entries
                        .retain(|e| !(e.id == gone.id && e.kind == Kind::FeedbackPatch));
                }
                return Report::Refused { status };
            }
        };
        if changed {
            // A newer body replaced the one sent; it has not been tried yet.
            return Report::Superseded;
        }
        match retry_at {
            Some(at_ms) => {
                let e = &mut self.entries[pos];
                e.attempts = e.attempts.saturating_add(1);
                e.next_attempt_ms = at_ms;
                Report::Retrying { at_ms }
            }
            None => {
                let gone = self.entries.remove(pos);
                Report::Delivered {
                    more: self.has(&gone.id),
                }
            }
        }
    }
}

fn expired(e: &Entry, now_ms: u64) -> bool {
    now_ms.saturating_sub(e.created_ms) > MAX_AGE_MS
}

/// The delay before attempt `attempt + 1` after `attempt` failures: base·2^(attempt−1), capped,
/// of which the upper half is random ("equal jitter": never sooner than half the delay, so a
/// dead server is not hammered, yet devices spread out).
pub fn backoff_ms(attempt: u32, random: u32) -> u64 {
    let exp = attempt.saturating_sub(1).min(20);
    let full = BACKOFF_BASE_MS.saturating_mul(1 << exp).min(BACKOFF_CAP_MS);
    let half = full / 2;
    half + u64::from(random) % (half + 1)
}

/// A `Retry-After` value as a delay from `now_ms`: delay-seconds or an IMF-fixdate
/// (`Sun, 06 Nov 1994 08:49:37 GMT`). `None` when unreadable; a date in the past is 0.
pub fn retry_after_ms(value: &str, now_ms: u64) -> Option<u64> {
    let value = value.trim();
    if !value.is_empty() && value.len() <= 10 && value.bytes().all(|b| b.is_ascii_digit()) {
        return value.parse::<u64>().ok().map(|s| s.saturating_mul(1000));
    }
    http_date_ms(value).map(|at| at.saturating_sub(now_ms))
}

/// Parses an IMF-fixdate (RFC 9110 §5.6.7), the only form servers may send.
fn http_date_ms(s: &str) -> Option<u64> {
    let b = s.as_bytes();
    // "Sun, 06 Nov 1994 08:49:37 GMT"
    if b.len() != 29 || &b[3..5] != b", " || &b[25..] != b" GMT" {
        return None;
    }
    let num = |from: usize, len: usize| -> Option<u64> {
        let part = s.get(from..from + len)?;
        part.bytes()
            .all(|c| c.is_ascii_digit())
            .then(|| part.parse().ok())
            .flatten()
    };
    const MONTHS: [&str; 12] = [
        "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
    ];
    let day = num(5, 2)?;
    let month = MONTHS.iter().position(|m| s.get(8..11) == Some(*m))? as u64 + 1;
    let year = num(12, 4)?;
    let (h, m, sec) = (num(17, 2)?, num(20, 2)?, num(23, 2)?);
    if b[7] != b' ' || b[11] != b' ' || b[16] != b' ' || b[19] != b':' || b[22] != b':' {
        return None;
    }
    if !(1..=31).contains(&day) || year < 1970 || h > 23 || m > 59 || sec > 60 {
        return None;
    }
    let days = days_from_civil(year, month, day);
    Some(((days * 86_400) + h * 3600 + m * 60 + sec) * 1000)
}

/// Days since 1970-01-01 of a Gregorian date (Howard Hinnant's algorithm), for years ≥ 1970.
fn days_from_civil(y: u64, m: u64, d: u64) -> u64 {
    let y = if m <= 2 { y - 1 } else { y };
    let era = y / 400;
    let yoe = y - era * 400;
    let mp = (m + 9) % 12;
    let doy = (153 * mp + 2) / 5 + d - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

fn read_entry(v: &impl StoredEntry, now_ms: u64) -> Option<Entry> {
    let s = |k: &str| v.text(k);
    let n = |k: &str| v.number(k);
    let id = s("id")?;
    if id.is_empty()
        || id.len() > 64
        || !id
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_')
    {
        return None;
    }
    let kind = Kind::from_tag(&s("kind")?)?;
    let url = s("url")?;
    let lower = url.get(..8).unwrap_or(&url).to_ascii_lowercase();
    let url_ok =
        (lower.starts_with("https://") || lower.starts_with("http://") || url.starts_with('/'))
            && !url.starts_with("//")
            && url.len() <= 2048
            && !url.chars().any(char::is_control);
    if !url_ok {
        return None;
    }
    let content_type = s("contentType")?;
    if !matches!(
        content_type.as_str(),
        "application/json" | "application/x-www-form-urlencoded"
    ) {
        return None;
    }
    let body = s("body")?;
    if body.len() > MAX_BODY_BYTES {
        return None;
    }
    let created_ms = n("created")?;
    // A creation time in the future comes from a wrong clock or tampering; a day of slack.
    if created_ms > now_ms.saturating_add(24 * 60 * 60 * 1000) {
        return None;
    }
    let attempts = u32::try_from(n("attempts")?).ok()?;
    // A far-future retry time would park the entry; the cap bounds it.
    let next_attempt_ms = n("next")?.min(now_ms.saturating_add(RETRY_AFTER_CAP_MS));
    let entry = Entry {
        id,
        kind,
        url,
        body,
        content_type,
        created_ms,
        attempts,
        next_attempt_ms,
        #[cfg(feature = "mapping")]
        mapped: match v.has("headers") {
            false => None,
            true => Some(read_mapped(&s("method")?, v.members("headers")?)?),
        },
    };
    (!expired(&entry, now_ms)).then_some(entry)
}

/// The method and headers of a stored mapped entry, checked as strictly as the mapping was:
/// other scripts on the page share the storage, and a forged header must not go out.
#[cfg(feature = "mapping")]
fn read_mapped(method: &str, members: Vec<(String, Option<String>)>) -> Option<Mapped> {
    if !matches!(method, "POST" | "PUT" | "PATCH") {
        return None;
    }
    if members.len() > 32 {
        return None;
    }
    let mut out = Vec::with_capacity(members.len());
    for (k, v) in members {
        let v = v?;
        if k.len() > 256 || v.len() > 4096 || crate::mapping::header_ok(&k, &v).is_err() {
            return None;
        }
        out.push((k, v));
    }
    Some(Mapped {
        method: method.to_owned(),
        headers: out,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    const T0: u64 = 1_700_000_000_000;
    const URL: &str = "https://kommune.example/api/v1/feedback";

    fn entry(id: &str, kind: Kind, body: &str) -> Entry {
        let url = if kind == Kind::FeedbackPatch {
            format!("{URL}/{id}")
        } else {
            URL.to_string()
        };
        Entry::new(id, kind, &url, body, "application/json", T0)
    }

    fn parse_kind(k: &str) -> Kind {
        match k {
            "post" => Kind::FeedbackPost,
            "patch" => Kind::FeedbackPatch,
            "case" => Kind::CasePost,
            other => panic!("unknown kind {other}"),
        }
    }

    fn describe(o: &Outbox) -> String {
        o.entries
            .iter()
            .map(|e| {
                format!(
                    "{}:{}:{}@{}#{}",
                    e.id,
                    e.kind.tag(),
                    e.body,
                    (e.next_attempt_ms - T0) / 1000,
                    e.attempts
                )
            })
            .collect::<Vec<_>>()
            .join(" ")
    }

    /// Runs a script against one outbox, one step per line, and compares the trace
    /// `step => result | queue` with `expected`. Steps (time `t` in seconds after T0):
    /// `add ID KIND BODY`, `due T`, `send T ID KIND BODY OUTCOME [RETRY-AFTER]` (OUTCOME is `net`
    /// or a status; the random number is always 0, so delays are the lower bound),
    /// `now T`, `expire T`, `reload T` (through the stored JSON).
    fn check(script: &str, expected: &str) {
        let mut o = Outbox::default();
        let mut trace = String::new();
        for step in script.lines().map(str::trim).filter(|l| !l.is_empty()) {
            let w: Vec<&str> = step.splitn(7, ' ').collect();
            let secs = |i: usize| T0 + w[i].parse::<u64>().unwrap() * 1000;
            let result = match w[0] {
                "add" => format!("{:?}", o.enqueue(entry(w[1], parse_kind(w[2]), w[3]))),
                "due" => o
                    .due(secs(1), |_| false)
                    .iter()
                    .map(|e| format!("{}:{}", e.id, e.kind.tag()))
                    .collect::<Vec<_>>()
                    .join(","),
                "send" => {
                    let mut sent = entry(w[2], parse_kind(w[3]), w[4]);
                    if let Some(real) = o.get(w[2], sent.kind) {
                        sent.url = real.url.clone();
                    }
                    let outcome = match w[5] {
                        "net" => Outcome::Network,
                        s => Outcome::Status {
                            status: s.parse().unwrap(),
                            retry_after: w.get(6).copied(),
                        },
                    };
                    match o.record(&sent, outcome, secs(1), 0) {
                        Report::Retrying { at_ms } => {
                            format!("Retrying at {}", (at_ms - T0) / 1000)
                        }
                        r => format!("{r:?}"),
                    }
                }
                "now" => {
                    o.due_now(secs(1));
                    String::new()
                }
                "expire" => format!("{}", o.expire(secs(1)).len()),
                "reload" => {
                    o = Outbox::load(Some(&o.to_json()), secs(1));
                    String::new()
                }
                other => panic!("unknown step {other}"),
            };
            let line = format!("{step} => {result} | {}", describe(&o));
            trace.push_str(line.trim_end());
            trace.push('\n');
        }
        let expected: String = expected
            .lines()
            .map(str::trim)
            .filter(|l| !l.is_empty())
            .map(|l| format!("{l}\n"))
            .collect();
        assert_eq!(trace, expected, "\n--- got ---\n{trace}");
    }

    #[test]
    fn delivered_entries_are_removed_and_a_patch_waits_for_its_post() {
        check(
            "add a post P1
             add a patch C1
             due 0
             send 0 a post P1 201
             due 0
             send 0 a patch C1 200",
            "add a post P1 => Ok(()) | a:feedback-post:P1@0#0
             add a patch C1 => Ok(()) | a:feedback-post:P1@0#0 a:feedback-patch:C1@0#0
             due 0 => a:feedback-post | a:feedback-post:P1@0#0 a:feedback-patch:C1@0#0
             send 0 a post P1 201 => Delivered { more: true } | a:feedback-patch:C1@0#0
             due 0 => a:feedback-patch | a:feedback-patch:C1@0#0
             send 0 a patch C1 200 => Delivered { more: false } | ",
        );
    }

    #[test]
    fn failures_back_off_exponentially_up_to_the_cap() {
        check(
            "add a post P
             send 0 a post P net
             due 0
             due 1
             send 1 a post P 503
             send 3 a post P 500
             send 7 a post P 408
             send 20 a post P net
             send 30 a post P net
             send 40 a post P net
             send 100 a post P net
             send 300 a post P net
             send 500 a post P net
             send 1000 a post P net",
            "add a post P => Ok(()) | a:feedback-post:P@0#0
             send 0 a post P net => Retrying at 1 | a:feedback-post:P@1#1
             due 0 =>  | a:feedback-post:P@1#1
             due 1 => a:feedback-post | a:feedback-post:P@1#1
             send 1 a post P 503 => Retrying at 3 | a:feedback-post:P@3#2
             send 3 a post P 500 => Retrying at 7 | a:feedback-post:P@7#3
             send 7 a post P 408 => Retrying at 15 | a:feedback-post:P@15#4
             send 20 a post P net => Retrying at 36 | a:feedback-post:P@36#5
             send 30 a post P net => Retrying at 62 | a:feedback-post:P@62#6
             send 40 a post P net => Retrying at 104 | a:feedback-post:P@104#7
             send 100 a post P net => Retrying at 228 | a:feedback-post:P@228#8
             send 300 a post P net => Retrying at 450 | a:feedback-post:P@450#9
             send 500 a post P net => Retrying at 650 | a:feedback-post:P@650#10
             send 1000 a post P net => Retrying at 1150 | a:feedback-post:P@1150#11",
        );
    }

    #[test]
    fn retry_after_is_honoured_in_seconds_and_as_a_date() {
        check(
            "add a post P
             send 0 a post P 429 30
             send 30 a post P 503 Tue, 14 Nov 2023 22:14:20 GMT
             send 40 a post P 429 99999999
             send 50 a post P 429 soon",
            "add a post P => Ok(()) | a:feedback-post:P@0#0
             send 0 a post P 429 30 => Retrying at 30 | a:feedback-post:P@30#1
             send 30 a post P 503 Tue, 14 Nov 2023 22:14:20 GMT => Retrying at 60 | a:feedback-post:P@60#2
             send 40 a post P 429 99999999 => Retrying at 3640 | a:feedback-post:P@3640#3
             send 50 a post P 429 soon => Retrying at 58 | a:feedback-post:P@58#4",
        );
    }

    #[test]
    fn final_refusals_drop_the_entry_and_a_refused_post_takes_its_patches() {
        for status in ["400", "404", "409", "413", "415", "422"] {
            check(
                &format!(
                    "add a post P
                     add a patch C
                     add b case X
                     send 0 a post P {status}"
                ),
                &format!(
                    "add a post P => Ok(()) | a:feedback-post:P@0#0
                     add a patch C => Ok(()) | a:feedback-post:P@0#0 a:feedback-patch:C@0#0
                     add b case X => Ok(()) | a:feedback-post:P@0#0 a:feedback-patch:C@0#0 b:case-post:X@0#0
                     send 0 a post P {status} => Refused {{ status: {status} }} | b:case-post:X@0#0"
                ),
            );
        }
    }

    #[test]
    fn a_later_patch_replaces_the_waiting_one_in_its_place() {
        check(
            "add a post P
             add a patch C1
             add b post Q
             send 0 a post P net
             add a patch C2
             add a post P
             due 5",
            "add a post P => Ok(()) | a:feedback-post:P@0#0
             add a patch C1 => Ok(()) | a:feedback-post:P@0#0 a:feedback-patch:C1@0#0
             add b post Q => Ok(()) | a:feedback-post:P@0#0 a:feedback-patch:C1@0#0 b:feedback-post:Q@0#0
             send 0 a post P net => Retrying at 1 | a:feedback-post:P@1#1 a:feedback-patch:C1@0#0 b:feedback-post:Q@0#0
             add a patch C2 => Ok(()) | a:feedback-post:P@1#1 a:feedback-patch:C2@0#0 b:feedback-post:Q@0#0
             add a post P => Ok(()) | a:feedback-post:P@1#1 a:feedback-patch:C2@0#0 b:feedback-post:Q@0#0
             due 5 => a:feedback-post,b:feedback-post | a:feedback-post:P@1#1 a:feedback-patch:C2@0#0 b:feedback-post:Q@0#0",
        );
    }

    #[test]
    fn an_answer_for_a_replaced_patch_leaves_the_newer_one_waiting() {
        check(
            "add a patch C1
             add a patch C2
             send 0 a patch C1 200
             send 0 a patch C1 404
             send 0 a patch C1 net
             send 0 a patch C2 200
             send 0 a patch C2 200",
            "add a patch C1 => Ok(()) | a:feedback-patch:C1@0#0
             add a patch C2 => Ok(()) | a:feedback-patch:C2@0#0
             send 0 a patch C1 200 => Superseded | a:feedback-patch:C2@0#0
             send 0 a patch C1 404 => Superseded | a:feedback-patch:C2@0#0
             send 0 a patch C1 net => Superseded | a:feedback-patch:C2@0#0
             send 0 a patch C2 200 => Delivered { more: false } | 
             send 0 a patch C2 200 => Superseded | ",
        );
    }

    #[test]
    fn due_now_skips_the_wait_and_expiry_drops_week_old_entries() {
        check(
            "add a post P
             send 0 a post P 503 600
             due 10
             now 10
             due 10
             expire 604800
             expire 604801",
            "add a post P => Ok(()) | a:feedback-post:P@0#0
             send 0 a post P 503 600 => Retrying at 600 | a:feedback-post:P@600#1
             due 10 =>  | a:feedback-post:P@600#1
             now 10 =>  | a:feedback-post:P@10#1
             due 10 => a:feedback-post | a:feedback-post:P@10#1
             expire 604800 => 0 | a:feedback-post:P@10#1
             expire 604801 => 1 | ",
        );
    }

    #[test]
    fn the_stored_form_round_trips() {
        check(
            "add a post P\"1\\n
             add a patch æ😀
             add c case k=v&x=1
             send 0 a post P\"1\\n net
             reload 0
             due 2",
            "add a post P\"1\\n => Ok(()) | a:feedback-post:P\"1\\n@0#0
             add a patch æ😀 => Ok(()) | a:feedback-post:P\"1\\n@0#0 a:feedback-patch:æ😀@0#0
             add c case k=v&x=1 => Ok(()) | a:feedback-post:P\"1\\n@0#0 a:feedback-patch:æ😀@0#0 c:case-post:k=v&x=1@0#0
             send 0 a post P\"1\\n net => Retrying at 1 | a:feedback-post:P\"1\\n@1#1 a:feedback-patch:æ😀@0#0 c:case-post:k=v&x=1@0#0
             reload 0 =>  | a:feedback-post:P\"1\\n@1#1 a:feedback-patch:æ😀@0#0 c:case-post:k=v&x=1@0#0
             due 2 => a:feedback-post,c:case-post | a:feedback-post:P\"1\\n@1#1 a:feedback-patch:æ😀@0#0 c:case-post:k=v&x=1@0#0",
        );
        let mut o = Outbox::default();
        let mut e = entry("f", Kind::CasePost, "a=1");
        e.content_type = "application/x-www-form-urlencoded".to_string();
        o.enqueue(e).unwrap();
        assert_eq!(Outbox::load(Some(&o.to_json()), T0), o);
    }

    #[test]
    fn the_queue_is_bounded() {
        let mut o = Outbox::default();
        for i in 0..MAX_ENTRIES {
            o.enqueue(entry(&format!("id{i}"), Kind::FeedbackPost, "{}"))
                .unwrap();
        }
        assert_eq!(
            o.enqueue(entry("one-more", Kind::FeedbackPost, "{}")),
            Err(Full::TooMany)
        );
        // Replacing a waiting PATCH is not a new entry.
        let mut o = Outbox::default();
        let big = "x".repeat(MAX_BODY_BYTES + 1);
        assert_eq!(
            o.enqueue(entry("a", Kind::FeedbackPost, &big)),
            Err(Full::TooLarge)
        );
    }

    #[test]
    fn damaged_or_foreign_stored_text_is_skipped() {
        let good = {
            let mut o = Outbox::default();
            o.enqueue(entry("ok", Kind::FeedbackPost, "{}")).unwrap();
            o.to_json()
        };
        let cases: &[(&str, usize)] = &[
            ("", 0),
            ("null", 0),
            ("[]", 0),
            ("{\"v\":2,\"entries\":[]}", 0),
            ("{\"v\":1,\"entries\":{}}", 0),
            ("{\"v\":1,\"entries\":[1,\"x\",null,[]]}", 0),
            (&good, 1),
        ];
        for (text, n) in cases {
            assert_eq!(Outbox::load(Some(text), T0).entries.len(), *n, "{text}");
        }
        let base = good.clone();
        let broken = [
            ("\"id\":\"ok\"", "\"id\":\"\""),
            ("\"id\":\"ok\"", "\"id\":\"<script>\""),
            ("\"id\":\"ok\"", "\"id\":7"),
            ("\"kind\":\"feedback-post\"", "\"kind\":\"delete-all\""),
            ("https://kommune.example", "javascript:alert(1)//"),
            ("https://kommune.example", "//evil.example"),
            (
                "\"contentType\":\"application/json\"",
                "\"contentType\":\"text/html\"",
            ),
            ("\"created\":1700000000000", "\"created\":1800000000000"),
            ("\"created\":1700000000000", "\"created\":1000"),
            ("\"attempts\":0", "\"attempts\":-1"),
            ("\"attempts\":0", "\"attempts\":99999999999"),
            ("\"body\":\"{}\"", "\"body\":{}"),
            // Beyond 2^53 JavaScript's JSON.parse would round it; neither reader takes it.
            ("\"next\":1700000000000", "\"next\":9007199254740992"),
        ];
        for (from, to) in broken {
            let text = base.replacen(from, to, 1);
            assert_ne!(text, base, "{from} not found");
            assert!(Outbox::load(Some(&text), T0).is_empty(), "{text}");
        }
        // Duplicates of a slot and far-future retry times are tamed.
        let object = &base[base.find('[').unwrap() + 1..base.len() - 2];
        let dup = base.replace("]}", &[",", object, "]}"].concat());
        assert_eq!(Outbox::load(Some(&dup), T0).entries.len(), 1, "{dup}");
        let far = base.replacen("\"next\":1700000000000", "\"next\":99999999999999", 1);
        let loaded = Outbox::load(Some(&far), T0);
        assert_eq!(loaded.entries[0].next_attempt_ms, T0 + RETRY_AFTER_CAP_MS);
        // Deep nesting and invalid JSON are refused without panicking.
        let deep = "[".repeat(10_000);
        assert!(Outbox::load(Some(&deep), T0).is_empty());
    }

    #[test]
    fn backoff_jitter_stays_within_half_and_full_delay() {
        for attempt in 1..40 {
            let full = (BACKOFF_BASE_MS << (attempt - 1).min(20)).min(BACKOFF_CAP_MS);
            for random in [0, 1, 12_345, u32::MAX] {
                let d = backoff_ms(attempt, random);
                assert!(d >= full / 2 && d <= full, "{attempt} {random} {d}");
            }
        }
        assert_eq!(backoff_ms(1, 0), 1_000);
        assert_eq!(backoff_ms(1, 1_000), 2_000);
    }

    #[test]
    fn retry_after_values() {
        let now = 784_111_777_000; // Sun, 06 Nov 1994 08:49:37 GMT
        let cases: &[(&str, Option<u64>)] = &[
            ("0", Some(0)),
            ("120", Some(120_000)),
            (" 5 ", Some(5_000)),
            ("Sun, 06 Nov 1994 08:49:37 GMT", Some(0)),
            ("Sun, 06 Nov 1994 08:50:37 GMT", Some(60_000)),
            ("Sun, 06 Nov 1994 07:00:00 GMT", Some(0)),
            ("Mon, 07 Nov 1994 08:49:37 GMT", Some(86_400_000)),
            ("Tue, 01 Mar 2000 00:00:00 GMT", Some(951_868_800_000 - now)),
            ("Sunday, 06-Nov-94 08:49:37 GMT", None),
            ("Sun, 06 Foo 1994 08:49:37 GMT", None),
            ("Sun, 06 Nov 1994 25:49:37 GMT", None),
            ("-1", None),
            ("1.5", None),
            ("", None),
            ("99999999999", None),
        ];
        for (value, want) in cases {
            assert_eq!(retry_after_ms(value, now), *want, "{value:?}");
        }
    }

    #[cfg(feature = "mapping")]
    #[test]
    fn a_mapped_entry_keeps_its_method_and_headers_and_forged_ones_are_skipped() {
        let mut e = entry("m1", Kind::CasePost, r#"{"tittel":"x"}"#);
        e.mapped = Some(Mapped {
            method: "PUT".to_string(),
            headers: vec![("X-Api-Key".to_string(), "public-key".to_string())],
        });
        assert_eq!(e.method(), "PUT");
        let mut q = Outbox::default();
        q.enqueue(e.clone()).unwrap();
        q.enqueue(entry("plain", Kind::FeedbackPost, "{}")).unwrap();
        let back = Outbox::load(Some(&q.to_json()), T0);
        assert_eq!(back, q);
        assert_eq!(back.entries[1].method(), "POST");
        assert_eq!(back.entries[1].mapped, None);
        for forged in [
            r#""method":"DELETE","headers":{}"#,
            r#""method":"POST","headers":{"Cookie":"a=b"}"#,
            r#""method":"POST","headers":{"Transfer-Encoding":"chunked"}"#,
            r#""method":"POST","headers":{"Connection":"close"}"#,
            r#""method":"POST","headers":{"Sec-Fetch-Site":"none"}"#,
            r#""method":"POST","headers":{"X-A":"1\r\nX-B: 2"}"#,
            r#""method":"POST","headers":{"X A":"1"}"#,
            r#""method":"POST","headers":[]"#,
        ] {
            let text = format!(
                r#"{{"v":1,"entries":[{{"id":"m1","kind":"case-post",{forged},"url":"{URL}","contentType":"application/json","body":"{{}}","created":{T0},"attempts":0,"next":{T0}}}]}}"#
            );
            assert!(Outbox::load(Some(&text), T0).is_empty(), "{forged}");
        }
    }
}
