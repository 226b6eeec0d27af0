//! The smiley rating's state machine: what to send when, independent of the browser.
//!
//! The widget feeds [`Action`]s in (clicks, keys, timers, server answers) and executes the
//! [`Effect`]s that [`State::reduce`] returns (HTTP, timers, focus, session storage). Every rule
//! about *what* is sent and *when* lives here, so it is tested natively:
//!
//! - A click, Space or Enter commits a rating at once; arrow keys only move the selection and the
//!   final choice is committed after a quiet period, so browsing the scale never floods the server
//!   and never loses the last choice.
//! - The machine keeps what the person wants stored (`committed`) apart from what the server has
//!   confirmed (`acked`). Whenever no request is in flight and the two differ, it sends the
//!   difference: the first time as a POST, later as one PATCH to the same response id. Changes made
//!   while a request is in flight therefore wait and go out together, and a double submit cannot
//!   happen because there is never more than one request in flight.
//! - A failed request is kept as it was; retry resends exactly that payload with the same
//!   `responseId`, so a request that did reach the server is deduplicated there instead of
//!   creating a second row or a 409.

use crate::lang::Lang;
use crate::pii::{self, PiiKind};
use crate::validate;
use crate::wire::{self, FeedbackSubmission, FeedbackUpdate, Page, Rating};

/// Quiet period after the last arrow key before the selection is committed and sent.
pub const DEBOUNCE_MS: u32 = 700;

/// A comment counter is announced to screen readers only when this few characters remain.
pub const ANNOUNCE_FROM_REMAINING: usize = 100;

/// The two scales a webmaster may choose.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Default)]
pub enum Scale {
    Three,
    #[default]
    Five,
}

impl Scale {
    /// The number of smileys, which is also the highest rating value.
    pub fn max(self) -> u8 {
        match self {
            Scale::Three => 3,
            Scale::Five => 5,
        }
    }

    /// Rating values from worst to best.
    pub fn values(self) -> std::ops::RangeInclusive<u8> {
        1..=self.max()
    }
}

/// The element's attributes as the page wrote them; `None` when an attribute is absent.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Attrs<'a> {
    pub endpoint: Option<&'a str>,
    pub widget_id: Option<&'a str>,
    pub scale: Option<&'a str>,
    pub question: Option<&'a str>,
}

/// A checked widget configuration.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Config {
    /// Where responses are POSTed, without a trailing slash; PATCHes go to `{endpoint}/{id}`.
    pub endpoint: String,
    pub widget_id: String,
    pub scale: Scale,
    /// The webmaster's own question, replacing the default text in every language.
    pub question: Option<String>,
}

/// A configuration mistake, reported to the webmaster inline and in the console.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ConfigError {
    MissingEndpoint,
    /// The value as written.
    InvalidEndpoint(String),
    InvalidWidgetId(String),
    InvalidScale(String),
}

impl ConfigError {
    /// The attribute at fault, as written in HTML.
    pub fn attribute(&self) -> &'static str {
        match self {
            ConfigError::MissingEndpoint | ConfigError::InvalidEndpoint(_) => "endpoint",
            ConfigError::InvalidWidgetId(_) => "widget-id",
            ConfigError::InvalidScale(_) => "scale",
        }
    }
}

/// The widget id used when the page sets none.
pub const DEFAULT_WIDGET_ID: &str = "default";

impl Config {
    /// Checks the attributes. An invalid value is an error rather than a silent default: a
    /// webmaster who wrote `scale="4"` must see that it did not work, not get five smileys.
    pub fn parse(attrs: Attrs<'_>) -> Result<Config, ConfigError> {
        let endpoint = match attrs.endpoint.map(str::trim) {
            None | Some("") => return Err(ConfigError::MissingEndpoint),
            Some(e) if is_endpoint(e) => e.trim_end_matches('/').to_string(),
            Some(e) => return Err(ConfigError::InvalidEndpoint(e.to_string())),
        };
        let widget_id = match attrs.widget_id.map(str::trim) {
            None | Some("") => DEFAULT_WIDGET_ID.to_string(),
            Some(w) if validate::is_widget_id(w) => w.to_string(),
            Some(w) => return Err(ConfigError::InvalidWidgetId(w.to_string())),
        };
        let scale = match attrs.scale.map(str::trim) {
            None | Some("") => Scale::Five,
            Some("5") => Scale::Five,
            Some("3") => Scale::Three,
            Some(s) => return Err(ConfigError::InvalidScale(s.to_string())),
        };
        let question = attrs
            .question
            .map(str::trim)
            .filter(|q| !q.is_empty())
            .map(str::to_string);
        Ok(Config {
            endpoint,
            widget_id,
            scale,
            question,
        })
    }

    /// The URL a PATCH for `response_id` goes to.
    pub fn patch_url(&self, response_id: &str) -> String {
        // Concatenation rather than format!, which would pull core::fmt into the wasm.
        let mut url = String::with_capacity(self.endpoint.len() + 1 + response_id.len());
        url.push_str(&self.endpoint);
        url.push('/');
        url.push_str(response_id);
        url
    }

    /// What identifies the survey: endpoint, widget id and scale. A change of any of them starts
    /// a new response; language and question only change texts.
    pub fn survey_key(&self) -> String {
        let mut key = String::with_capacity(self.endpoint.len() + self.widget_id.len() + 4);
        for part in [&self.endpoint, &self.widget_id] {
            key.push_str(part);
            key.push('\n');
        }
        key.push(char::from(b'0' + self.scale.max()));
        key
    }
}

/// An absolute http(s) URL with a host, or a path on the page's own origin.
///
/// Query strings and fragments are refused because the PATCH URL is built by appending
/// `/{responseId}`; user info is refused because `fetch` rejects URLs with credentials.
pub(crate) fn is_endpoint(e: &str) -> bool {
    if e.chars()
        .any(|c| c.is_whitespace() || c.is_control() || matches!(c, '?' | '#' | '\\'))
    {
        return false;
    }
    if let Some(path) = e.strip_prefix('/') {
        // "//host/x" would be a protocol-relative URL to another host, not a path.
        return !path.starts_with('/');
    }
    let lower = e.to_ascii_lowercase();
    let rest = match lower
        .strip_prefix("https://")
        .or_else(|| lower.strip_prefix("http://"))
    {
        Some(rest) => rest,
        None => return false,
    };
    let host = rest.split('/').next().unwrap_or("");
    !host.is_empty()
        && !host.starts_with(':')
        && host
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '.' | '-' | ':' | '[' | ']'))
}

/// The page path to report: the path only, never a query string or fragment, which may carry
/// personal data (search terms, case numbers, tokens).
/// Control characters are dropped and overlong paths cut, as the server would refuse them.
pub fn page_path(raw: &str) -> String {
    let path = raw.split(['?', '#']).next().unwrap_or("");
    let mut out = String::with_capacity(path.len() + 1);
    if !path.starts_with('/') {
        out.push('/');
    }
    for c in path.chars().filter(|c| !c.is_control()) {
        if out.len() + c.len_utf8() > validate::PAGE_PATH_MAX_BYTES {
            break;
        }
        out.push(c);
    }
    out
}

/// Formats 16 random bytes as a UUID version 4 (the fallback when `crypto.randomUUID` is missing,
/// as it is on plain-http intranet pages).
pub fn uuid_v4(mut bytes: [u8; 16]) -> String {
    bytes[6] = (bytes[6] & 0x0f) | 0x40;
    bytes[8] = (bytes[8] & 0x3f) | 0x80;
    let mut s = String::with_capacity(36);
    for (i, b) in bytes.iter().enumerate() {
        if matches!(i, 4 | 6 | 8 | 10) {
            s.push('-');
        }
        for nibble in [b >> 4, b & 0x0f] {
            s.push(char::from_digit(u32::from(nibble), 16).unwrap_or('0'));
        }
    }
    s
}

/// RFC 3339 UTC timestamp with milliseconds for a Unix time in milliseconds.
pub fn rfc3339_utc(unix_ms: u64) -> String {
    let secs = unix_ms / 1000;
    let (days, rem) = (secs / 86_400, secs % 86_400);
    let (y, m, d) = civil_from_days(days as i64);
    // Written by hand rather than with format!, which would pull core::fmt into the wasm.
    let mut out = String::with_capacity(24);
    let fields = [
        (y.max(0) as u64, 4, '-'),
        (u64::from(m), 2, '-'),
        (u64::from(d), 2, 'T'),
        (rem / 3600, 2, ':'),
        (rem % 3600 / 60, 2, ':'),
        (rem % 60, 2, '.'),
        (unix_ms % 1000, 3, 'Z'),
    ];
    for (value, width, after) in fields {
        push_padded(&mut out, value, width);
        out.push(after);
    }
    out
}

/// Appends `value` in decimal, zero-padded to at least `width` digits.
fn push_padded(out: &mut String, value: u64, width: usize) {
    let mut digits = String::new();
    crate::json::write_u64(&mut digits, value);
    for _ in digits.len()..width {
        out.push('0');
    }
    out.push_str(&digits);
}

/// Days since 1970-01-01 to a proleptic Gregorian date (Howard Hinnant's algorithm).
fn civil_from_days(z: i64) -> (i64, u32, u32) {
    let z = z + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097);
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = (doy - (153 * mp + 2) / 5 + 1) as u32;
    let m = if mp < 10 { mp + 3 } else { mp - 9 } as u32;
    let y = yoe + era * 400 + i64::from(m <= 2);
    (y, m, d)
}

/// A key that moves the selection inside the radio group.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum NavKey {
    Next,
    Prev,
    First,
    Last,
}

impl NavKey {
    /// Maps `KeyboardEvent.key`; right and down move forward as in a native radio group.
    pub fn from_key(key: &str) -> Option<NavKey> {
        match key {
            "ArrowRight" | "ArrowDown" | "Right" | "Down" => Some(NavKey::Next),
            "ArrowLeft" | "ArrowUp" | "Left" | "Up" => Some(NavKey::Prev),
            "Home" => Some(NavKey::First),
            "End" => Some(NavKey::Last),
            _ => None,
        }
    }
}

/// The value a navigation key leads to from `from`, wrapping at both ends.
pub fn navigate(scale: Scale, from: u8, key: NavKey) -> u8 {
    let max = scale.max();
    let from = from.clamp(1, max);
    match key {
        NavKey::Next if from == max => 1,
        NavKey::Next => from + 1,
        NavKey::Prev if from == 1 => max,
        NavKey::Prev => from - 1,
        NavKey::First => 1,
        NavKey::Last => max,
    }
}

/// Why a request failed, as far as the widget can tell.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Failure {
    /// No answer: offline, refused, timed out, blocked by CORS.
    Network,
    /// The server answered with this HTTP status.
    Status(u16),
}

impl Failure {
    /// Whether sending the same payload again can succeed. A 4xx other than timeout and rate
    /// limiting means the backend refused this payload; repeating it would only fail again.
    pub fn retryable(self) -> bool {
        match self {
            Failure::Network => true,
            Failure::Status(s) => s >= 500 || s == 408 || s == 429,
        }
    }
}

/// A request as sent, kept so that a retry resends exactly the same bytes.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Request {
    Post(FeedbackSubmission),
    Patch(FeedbackUpdate),
}

/// The single network slot.
#[derive(Clone, Debug, PartialEq, Eq, Default)]
pub enum Net {
    #[default]
    Idle,
    InFlight(Request),
    Failed(Request, Failure),
}

/// Which part of the widget is shown.
#[derive(Clone, Debug, PartialEq, Eq, Default)]
pub enum Phase {
    /// The smileys, and once one is chosen the comment field.
    #[default]
    Open,
    /// The comment looks like it contains personal data; the kinds found, in a fixed order.
    PiiWarning(Vec<PiiKind>),
    /// Everything the person gave is stored.
    Thanks,
    /// The person asked not to be asked again in this browser session.
    Dismissed,
}

/// What is wrong with the comment draft.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum CommentError {
    /// Longer than [`wire::COMMENT_MAX_CHARS`] characters.
    TooLong,
}

/// Where keyboard focus must go after a change that removes or reveals the focused control.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum FocusTarget {
    /// The smiley with this value (roving focus follows the selection).
    Option(u8),
    Comment,
    /// The "Edit comment" button of the personal-data warning.
    PiiEdit,
    /// The closing message: the thank-you, or the note that we will not ask again.
    Thanks,
    /// Whatever is the natural place now that an error box is gone: the thank-you text,
    /// the comment field or the checked smiley.
    Restore,
}

/// Something the widget must do after a state change.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Effect {
    Post(FeedbackSubmission),
    Patch {
        response_id: String,
        update: FeedbackUpdate,
    },
    /// Start (or restart) the debounce timer; when it fires, dispatch [`Action::DebounceElapsed`]
    /// with the same token. Older tokens are ignored, so timers need not be cancelled.
    StartDebounce {
        token: u32,
        ms: u32,
    },
    Focus(FocusTarget),
    /// Remember "don't ask again" for this browser session.
    RememberDismissed,
}

/// Everything that can happen to the widget.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Action {
    /// Click, tap, Space or Enter on a smiley: commit this rating now.
    Choose(u8),
    /// An arrow key, Home or End on the smiley whose value is `from`.
    Navigate {
        from: u8,
        key: NavKey,
    },
    DebounceElapsed(u32),
    /// Commit a selection still waiting for its debounce (focus left the group, page hidden).
    Flush,
    CommentInput(String),
    /// "Send" under the comment.
    SubmitComment,
    /// "Edit comment" in the personal-data warning.
    EditComment,
    /// "Send anyway" in the personal-data warning.
    SendAnyway,
    /// "No thanks": finish without a comment.
    Finish,
    /// "Don't ask me again".
    Dismiss,
    RequestSucceeded,
    RequestFailed(Failure),
    Retry,
    /// What the outbox (`crate::outbox`) made of a request of this kind (`patch`: a PATCH,
    /// otherwise the POST): the answer to the request in flight, or later news of one queued.
    Outbox {
        patch: bool,
        sent: Sent,
    },
}

/// The outbox's news about one request.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Sent {
    /// The server confirmed it; `more` says whether other requests of this response still wait.
    Delivered { more: bool },
    /// Saved on the device and retried until the server confirms it.
    Queued,
    /// The server refused it for good.
    Refused(Failure),
}

/// What a response carries besides the person's input; fixed when the widget is first shown.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Context {
    pub response_id: String,
    pub widget_id: String,
    pub language: Lang,
    pub page_path: String,
    /// Unix time in ms of the first render, the start of time-to-answer.
    pub rendered_at_ms: u64,
}

/// The smiley widget's whole state.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct State {
    pub scale: Scale,
    pub ctx: Context,
    pub phase: Phase,
    /// The checked smiley (moves with arrow keys before it is committed).
    pub selected: Option<u8>,
    /// The rating the person settled on and wants stored.
    committed_rating: Option<u8>,
    /// The comment the person sent (trimmed, non-empty).
    committed_comment: Option<String>,
    /// Whether the server has the response (the POST succeeded).
    created: bool,
    acked_rating: Option<u8>,
    acked_comment: Option<String>,
    pub net: Net,
    /// Token of the newest debounce timer while a keyboard selection waits; `None` when nothing waits.
    debounce: Option<u32>,
    next_token: u32,
    first_choice_ms: Option<u64>,
    /// The comment being typed.
    pub comment: String,
    pub comment_error: Option<CommentError>,
    /// Remaining characters to announce politely, updated only when a threshold is crossed so
    /// that a screen reader is not interrupted on every keystroke.
    pub counter_announcement: Option<isize>,
    /// The person is done (sent a comment or said no thanks); show thanks once all is stored.
    finishing: bool,
    /// The person pressed retry; focus must be put back when the error box disappears.
    restore_focus: bool,
    /// Something of this response waits in the outbox, saved on the device.
    queued: bool,
    /// A queued request that the server later refused for good.
    lost: Option<Failure>,
}

impl State {
    pub fn new(scale: Scale, ctx: Context) -> State {
        State {
            scale,
            ctx,
            phase: Phase::Open,
            selected: None,
            committed_rating: None,
            committed_comment: None,
            created: false,
            acked_rating: None,
            acked_comment: None,
            net: Net::Idle,
            debounce: None,
            next_token: 0,
            first_choice_ms: None,
            comment: String::new(),
            comment_error: None,
            counter_announcement: None,
            finishing: false,
            restore_focus: false,
            queued: false,
            lost: None,
        }
    }

    /// A state for a person who already said "don't ask again" in this session.
    pub fn dismissed(scale: Scale, ctx: Context) -> State {
        State {
            phase: Phase::Dismissed,
            ..State::new(scale, ctx)
        }
    }

    /// Whether the server has confirmed the rating currently committed.
    pub fn rating_saved(&self) -> bool {
        self.created && self.acked_rating.is_some() && self.acked_rating == self.committed_rating
    }

    /// Whether the comment field is shown: as soon as a smiley is checked.
    pub fn shows_comment(&self) -> bool {
        self.selected.is_some() && matches!(self.phase, Phase::Open | Phase::PiiWarning(_))
    }

    /// The failure to show, with whether a retry is offered.
    pub fn failure(&self) -> Option<Failure> {
        match &self.net {
            Net::Failed(_, f) => Some(*f),
            _ => self.lost,
        }
    }

    /// Part of the answer is saved on the device and will be sent when the connection is back.
    pub fn queued(&self) -> bool {
        self.queued
    }

    /// A retry is in flight: the error box stays (with a disabled button) so focus is not lost.
    pub fn retrying(&self) -> bool {
        self.restore_focus && matches!(self.net, Net::InFlight(_))
    }

    /// The person is done and their last answer is on its way: show "sending", not the form's buttons.
    pub fn sending(&self) -> bool {
        self.finishing && self.phase == Phase::Open && matches!(self.net, Net::InFlight(_))
    }

    /// Characters in the comment draft, as the limit counts them.
    pub fn comment_chars(&self) -> usize {
        self.comment.chars().count()
    }

    /// Applies one action at Unix time `now_ms` and returns what the widget must do.
    pub fn reduce(&mut self, action: Action, now_ms: u64) -> Vec<Effect> {
        let mut fx = Vec::new();
        if self.phase == Phase::Dismissed
            && !matches!(
                action,
                Action::RequestSucceeded | Action::RequestFailed(_) | Action::Outbox { .. }
            )
        {
            return fx;
        }
        match action {
            Action::Choose(v) => {
                if !self.accepts_rating(v) {
                    return fx;
                }
                self.note_first_choice(now_ms);
                self.selected = Some(v);
                self.debounce = None;
                self.committed_rating = Some(v);
            }
            Action::Navigate { from, key } => {
                if self.phase == Phase::Thanks {
                    return fx;
                }
                // Move from the current choice, not from the button that got the key: when keys
                // come faster than the browser moves focus, several presses land on the same
                // button, and each must still count.
                let v = navigate(self.scale, self.selected.unwrap_or(from), key);
                self.note_first_choice(now_ms);
                self.selected = Some(v);
                let token = self.next_token;
                self.next_token = self.next_token.wrapping_add(1);
                self.debounce = Some(token);
                fx.push(Effect::Focus(FocusTarget::Option(v)));
                fx.push(Effect::StartDebounce {
                    token,
                    ms: DEBOUNCE_MS,
                });
            }
            Action::DebounceElapsed(token) => {
                if self.debounce != Some(token) {
                    return fx;
                }
                self.flush();
            }
            Action::Flush => self.flush(),
            Action::CommentInput(text) => {
                if self.phase == Phase::Thanks {
                    return fx;
                }
                let max = wire::COMMENT_MAX_CHARS;
                let before = remaining(self.comment_chars(), max);
                self.comment = text;
                let after = remaining(self.comment_chars(), max);
                if bucket(before) != bucket(after) && after <= ANNOUNCE_FROM_REMAINING as isize {
                    self.counter_announcement = Some(after);
                } else if after > ANNOUNCE_FROM_REMAINING as isize {
                    self.counter_announcement = None;
                }
                if after >= 0 {
                    self.comment_error = None;
                }
                if matches!(self.phase, Phase::PiiWarning(_)) {
                    self.phase = Phase::Open;
                }
            }
            Action::SubmitComment => {
                if self.phase != Phase::Open || self.selected.is_none() {
                    return fx;
                }
                let text = self.comment.trim();
                if text.chars().count() > wire::COMMENT_MAX_CHARS {
                    self.comment_error = Some(CommentError::TooLong);
                    fx.push(Effect::Focus(FocusTarget::Comment));
                    return fx;
                }
                let mut kinds: Vec<PiiKind> = Vec::new();
                for kind in [PiiKind::NationalId, PiiKind::Phone, PiiKind::Email] {
                    if pii::scan(text).iter().any(|f| f.kind == kind) {
                        kinds.push(kind);
                    }
                }
                if kinds.is_empty() {
                    self.send_comment();
                } else {
                    // The rating must not wait for the person to decide about the comment.
                    self.flush();
                    self.phase = Phase::PiiWarning(kinds);
                    fx.push(Effect::Focus(FocusTarget::PiiEdit));
                }
            }
            Action::EditComment => {
                if matches!(self.phase, Phase::PiiWarning(_)) {
                    self.phase = Phase::Open;
                    fx.push(Effect::Focus(FocusTarget::Comment));
                }
                return fx;
            }
            Action::SendAnyway => {
                if !matches!(self.phase, Phase::PiiWarning(_)) {
                    return fx;
                }
                self.phase = Phase::Open;
                self.send_comment();
            }
            Action::Finish => {
                if self.phase != Phase::Open || self.selected.is_none() {
                    return fx;
                }
                self.flush();
                self.finishing = true;
            }
            Action::Dismiss => {
                // A rating already chosen is still stored; only the questions stop.
                self.flush();
                self.phase = Phase::Dismissed;
                fx.push(Effect::RememberDismissed);
                // The button that was focused is gone; the closing message takes focus.
                fx.push(Effect::Focus(FocusTarget::Thanks));
            }
            Action::RequestSucceeded => {
                if !self.ack() {
                    return fx;
                }
            }
            Action::Outbox { patch, sent } => {
                // News of the request in flight answers it; news of one queued earlier only
                // changes the notice.
                let answers = match &self.net {
                    Net::InFlight(Request::Patch(_)) => patch,
                    Net::InFlight(Request::Post(_)) => !patch,
                    _ => false,
                };
                match sent {
                    Sent::Delivered { more } => {
                        if answers {
                            self.ack();
                        }
                        if !more {
                            self.queued = false;
                        }
                    }
                    // Saved on the device counts as stored: the outbox sends it, so the person
                    // may go on (and finish) while it waits.
                    Sent::Queued => {
                        if answers {
                            self.ack();
                        }
                        self.queued = true;
                    }
                    Sent::Refused(failure) => {
                        self.queued = false;
                        if answers {
                            if let Net::InFlight(req) = std::mem::take(&mut self.net) {
                                self.net = Net::Failed(req, failure);
                            }
                        } else {
                            self.lost = Some(failure);
                        }
                        return fx;
                    }
                }
            }
            Action::RequestFailed(failure) => {
                if let Net::InFlight(req) = std::mem::take(&mut self.net) {
                    self.net = Net::Failed(req, failure);
                }
                return fx;
            }
            Action::Retry => {
                if let Net::Failed(req, f) = &self.net {
                    if !f.retryable() {
                        return fx;
                    }
                    let req = req.clone();
                    fx.push(self.send(req));
                    self.restore_focus = true;
                }
                return fx;
            }
        }
        self.sync(now_ms, &mut fx);
        fx
    }

    fn accepts_rating(&self, v: u8) -> bool {
        self.scale.values().contains(&v) && matches!(self.phase, Phase::Open | Phase::PiiWarning(_))
    }

    fn note_first_choice(&mut self, now_ms: u64) {
        if self.first_choice_ms.is_none() {
            self.first_choice_ms = Some(now_ms);
        }
    }

    /// Marks the request in flight as stored; false when none is in flight.
    fn ack(&mut self) -> bool {
        let Net::InFlight(req) = std::mem::take(&mut self.net) else {
            return false;
        };
        match req {
            Request::Post(sub) => {
                self.created = true;
                self.acked_rating = Some(sub.rating.value);
                self.acked_comment = sub.comment;
            }
            Request::Patch(update) => {
                if let Some(r) = update.rating {
                    self.acked_rating = Some(r.value);
                }
                if let Some(c) = update.comment {
                    self.acked_comment = Some(c);
                }
            }
        }
        true
    }

    /// Commits a keyboard selection that is still waiting for its quiet period.
    fn flush(&mut self) {
        if self.debounce.take().is_some() {
            self.committed_rating = self.selected;
        }
    }

    fn send_comment(&mut self) {
        self.flush();
        // Control characters other than line breaks and tabs come only from pasting; the server
        // refuses them, and a refused comment would be lost, so they are dropped here.
        let text: String = self
            .comment
            .trim()
            .chars()
            .filter(|c| !c.is_control() || matches!(c, '\n' | '\r' | '\t'))
            .collect();
        self.committed_comment = (!text.is_empty()).then_some(text);
        self.finishing = true;
    }

    fn send(&mut self, req: Request) -> Effect {
        self.net = Net::InFlight(req.clone());
        match req {
            Request::Post(sub) => Effect::Post(sub),
            Request::Patch(update) => Effect::Patch {
                response_id: self.ctx.response_id.clone(),
                update,
            },
        }
    }

    /// Sends whatever the server does not have yet, if the network slot is free.
    fn sync(&mut self, now_ms: u64, fx: &mut Vec<Effect>) {
        if self.net != Net::Idle {
            return;
        }
        let Some(value) = self.committed_rating else {
            return;
        };
        let rating = Rating {
            value,
            scale: self.scale.max(),
        };
        let req = if !self.created {
            Some(Request::Post(FeedbackSubmission {
                schema_version: wire::SCHEMA_VERSION,
                response_id: self.ctx.response_id.clone(),
                widget_id: self.ctx.widget_id.clone(),
                rating,
                comment: self.committed_comment.clone(),
                language: self.ctx.language.tag().to_string(),
                page: Page {
                    path: self.ctx.page_path.clone(),
                },
                client_timestamp: rfc3339_utc(now_ms),
                time_to_answer_ms: self
                    .first_choice_ms
                    .map(|t| t.saturating_sub(self.ctx.rendered_at_ms))
                    // After a day the number says nothing about the question; the server refuses it.
                    .filter(|&ms| ms <= validate::TIME_TO_ANSWER_MAX_MS),
            }))
        } else {
            let update = FeedbackUpdate {
                schema_version: wire::SCHEMA_VERSION,
                rating: (self.acked_rating != Some(value)).then_some(rating),
                comment: self
                    .committed_comment
                    .clone()
                    .filter(|c| self.acked_comment.as_ref() != Some(c)),
            };
            (update.rating.is_some() || update.comment.is_some()).then_some(Request::Patch(update))
        };
        if let Some(req) = req {
            let effect = self.send(req);
            fx.push(effect);
            return;
        }
        // Everything is stored.
        let restore = std::mem::take(&mut self.restore_focus);
        if self.finishing && self.phase == Phase::Open {
            self.phase = Phase::Thanks;
            fx.push(Effect::Focus(FocusTarget::Thanks));
        } else if restore {
            fx.push(Effect::Focus(FocusTarget::Restore));
        }
    }
}

/// Characters left before the limit; negative when over.
pub fn remaining(chars: usize, max: usize) -> isize {
    max as isize - chars as isize
}

/// Thresholds at which the remaining count is announced: 100, 50, 20, 10, 0 and over the limit.
fn bucket(remaining: isize) -> u8 {
    match remaining {
        r if r < 0 => 6,
        0 => 5,
        1..=10 => 4,
        11..=20 => 3,
        21..=50 => 2,
        51..=100 => 1,
        _ => 0,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const ID: &str = "0b6f1c4e-2a8d-4c1e-9f3a-5d7e8b9a0c1d";

    fn ctx() -> Context {
        Context {
            response_id: ID.to_string(),
            widget_id: "byggesak".to_string(),
            language: Lang::Nn,
            page_path: "/bygg".to_string(),
            rendered_at_ms: 1_000,
        }
    }

    fn describe(e: &Effect) -> String {
        fn comment(c: &Option<String>) -> String {
            c.as_deref().map_or("-".to_string(), |c| format!("{c:?}"))
        }
        match e {
            Effect::Post(s) => format!(
                "POST r={}/{} c={} tta={}",
                s.rating.value,
                s.rating.scale,
                comment(&s.comment),
                s.time_to_answer_ms
                    .map_or("-".to_string(), |t| t.to_string())
            ),
            Effect::Patch { update, .. } => format!(
                "PATCH r={} c={}",
                update
                    .rating
                    .map_or("-".to_string(), |r| r.value.to_string()),
                comment(&update.comment)
            ),
            Effect::StartDebounce { token, .. } => format!("debounce#{token}"),
            Effect::Focus(t) => format!("focus {t:?}"),
            Effect::RememberDismissed => "remember".to_string(),
        }
    }

    fn parse_action(step: &str) -> Action {
        let (word, arg) = step.split_once(' ').unwrap_or((step, ""));
        let n = || arg.parse::<u32>().unwrap();
        match word {
            "click" => Action::Choose(n() as u8),
            "next" => Action::Navigate {
                from: n() as u8,
                key: NavKey::Next,
            },
            "prev" => Action::Navigate {
                from: n() as u8,
                key: NavKey::Prev,
            },
            "home" => Action::Navigate {
                from: n() as u8,
                key: NavKey::First,
            },
            "end" => Action::Navigate {
                from: n() as u8,
                key: NavKey::Last,
            },
            "tick" => Action::DebounceElapsed(n()),
            "flush" => Action::Flush,
            "type" => Action::CommentInput(arg.to_string()),
            "submit" => Action::SubmitComment,
            "edit" => Action::EditComment,
            "anyway" => Action::SendAnyway,
            "finish" => Action::Finish,
            "dismiss" => Action::Dismiss,
            "ok" => Action::RequestSucceeded,
            "fail" => Action::RequestFailed(Failure::Network),
            "reject" => Action::RequestFailed(Failure::Status(n() as u16)),
            "retry" => Action::Retry,
            // Outbox news: `queued post`, `delivered patch`, `delivered+ post` (more waits),
            // `refused post 409`.
            "queued" | "delivered" | "delivered+" | "refused" => {
                let (kind, status) = arg.split_once(' ').unwrap_or((arg, ""));
                let sent = match word {
                    "queued" => Sent::Queued,
                    "delivered" => Sent::Delivered { more: false },
                    "delivered+" => Sent::Delivered { more: true },
                    _ => Sent::Refused(Failure::Status(status.parse().unwrap())),
                };
                Action::Outbox {
                    patch: kind == "patch",
                    sent,
                }
            }
            other => panic!("unknown step {other}"),
        }
    }

    /// Runs a script of actions, one per line, 100 ms apart starting 500 ms after the first
    /// render, and compares the trace `action => effects [phase]` with `expected`.
    fn check_with(mut state: State, script: &str, expected: &str) -> State {
        let mut trace = String::new();
        let mut now = 1_500;
        for step in script.lines().map(str::trim).filter(|l| !l.is_empty()) {
            let fx = state.reduce(parse_action(step), now);
            let fx: Vec<String> = fx.iter().map(describe).collect();
            trace.push_str(format!("{step} => {}", fx.join(", ")).trim_end());
            if state.phase != Phase::Open {
                trace.push_str(&format!(" [{:?}]", state.phase));
            }
            if state.queued() {
                trace.push_str(" {queued}");
            }
            if let (Some(f), Net::Idle) = (state.failure(), &state.net) {
                trace.push_str(&format!(" {{lost {f:?}}}"));
            }
            trace.push('\n');
            now += 100;
        }
        let expected: String = expected
            .lines()
            .map(str::trim)
            .filter(|l| !l.is_empty())
            .map(|l| format!("{l}\n"))
            .collect();
        assert_eq!(
            trace, expected,
            "\n--- got ---\n{trace}--- expected ---\n{expected}"
        );
        state
    }

    fn check(scale: Scale, script: &str, expected: &str) -> State {
        check_with(State::new(scale, ctx()), script, expected)
    }

    #[test]
    fn click_posts_at_once_then_comment_patches_then_thanks() {
        check(
            Scale::Five,
            "click 4
             ok
             type  Fint, men treg. 
             submit
             ok",
            r#"click 4 => POST r=4/5 c=- tta=500
               ok =>
               type  Fint, men treg. =>
               submit => PATCH r=- c="Fint, men treg."
               ok => focus Thanks [Thanks]"#,
        );
    }

    #[test]
    fn a_queued_rating_counts_as_saved_and_the_comment_queues_behind_it() {
        check(
            Scale::Five,
            "click 4
             queued post
             type Treg
             submit
             queued patch
             delivered+ post
             delivered patch",
            r#"click 4 => POST r=4/5 c=- tta=500
               queued post => {queued}
               type Treg => {queued}
               submit => PATCH r=- c="Treg" {queued}
               queued patch => focus Thanks [Thanks] {queued}
               delivered+ post => [Thanks] {queued}
               delivered patch => [Thanks]"#,
        );
    }

    #[test]
    fn outbox_news_answers_only_the_request_of_its_kind() {
        check(
            Scale::Five,
            "click 2
             queued post
             click 3
             delivered post
             delivered patch
             finish",
            "click 2 => POST r=2/5 c=- tta=500
             queued post => {queued}
             click 3 => PATCH r=3 c=- {queued}
             delivered post =>
             delivered patch =>
             finish => focus Thanks [Thanks]",
        );
    }

    #[test]
    fn a_refusal_of_the_request_in_flight_fails_it_and_a_later_one_is_shown_as_lost() {
        let s = check(
            Scale::Five,
            "click 2
             refused post 409
             retry",
            "click 2 => POST r=2/5 c=- tta=500
             refused post 409 =>
             retry =>",
        );
        assert_eq!(s.failure(), Some(Failure::Status(409)));
        check(
            Scale::Five,
            "click 2
             queued post
             refused post 422
             finish",
            "click 2 => POST r=2/5 c=- tta=500
             queued post => {queued}
             refused post 422 => {lost Status(422)}
             finish => focus Thanks [Thanks] {lost Status(422)}",
        );
    }

    #[test]
    fn outbox_news_still_arrives_after_dont_ask_again() {
        check(
            Scale::Five,
            "click 5
             dismiss
             queued post
             delivered post",
            "click 5 => POST r=5/5 c=- tta=500
             dismiss => remember, focus Thanks [Dismissed]
             queued post => [Dismissed] {queued}
             delivered post => [Dismissed]",
        );
    }

    #[test]
    fn fast_arrows_count_even_before_focus_has_moved() {
        check(
            Scale::Five,
            "next 1
             next 1
             next 1
             tick 2",
            "next 1 => focus Option(2), debounce#0
             next 1 => focus Option(3), debounce#1
             next 1 => focus Option(4), debounce#2
             tick 2 => POST r=4/5 c=- tta=500",
        );
    }

    #[test]
    fn arrows_send_only_the_final_choice_after_the_quiet_period() {
        let s = check(
            Scale::Five,
            "next 1
             next 2
             next 3
             prev 4
             tick 0
             tick 1
             tick 2
             tick 3
             ok",
            "next 1 => focus Option(2), debounce#0
             next 2 => focus Option(3), debounce#1
             next 3 => focus Option(4), debounce#2
             prev 4 => focus Option(3), debounce#3
             tick 0 =>
             tick 1 =>
             tick 2 =>
             tick 3 => POST r=3/5 c=- tta=500
             ok =>",
        );
        assert!(s.rating_saved());
        // A timer that fires again after the commit changes nothing.
        let mut s = s;
        assert_eq!(s.reduce(Action::DebounceElapsed(3), 9_000), vec![]);
    }

    #[test]
    fn arrows_wrap_and_home_end_jump() {
        check(
            Scale::Three,
            "next 3
             prev 1
             home 2
             end 1",
            "next 3 => focus Option(1), debounce#0
             prev 1 => focus Option(3), debounce#1
             home 2 => focus Option(1), debounce#2
             end 1 => focus Option(3), debounce#3",
        );
        assert_eq!(navigate(Scale::Five, 5, NavKey::Next), 1);
        assert_eq!(navigate(Scale::Five, 1, NavKey::Prev), 5);
        assert_eq!(NavKey::from_key("ArrowDown"), Some(NavKey::Next));
        assert_eq!(NavKey::from_key("ArrowUp"), Some(NavKey::Prev));
        assert_eq!(NavKey::from_key("a"), None);
    }

    #[test]
    fn changes_while_a_post_is_in_flight_go_out_as_one_patch() {
        check(
            Scale::Five,
            "click 2
             click 3
             click 5
             type Dårleg skilting
             submit
             ok
             ok",
            r#"click 2 => POST r=2/5 c=- tta=500
               click 3 =>
               click 5 =>
               type Dårleg skilting =>
               submit =>
               ok => PATCH r=5 c="Dårleg skilting"
               ok => focus Thanks [Thanks]"#,
        );
    }

    #[test]
    fn changing_back_to_the_stored_rating_sends_nothing() {
        check(
            Scale::Five,
            "click 2
             click 4
             click 2
             ok
             finish",
            "click 2 => POST r=2/5 c=- tta=500
             click 4 =>
             click 2 =>
             ok =>
             finish => focus Thanks [Thanks]",
        );
    }

    #[test]
    fn a_changed_rating_after_storage_is_a_patch() {
        check(
            Scale::Three,
            "click 1
             ok
             click 3
             ok
             finish",
            "click 1 => POST r=1/3 c=- tta=500
             ok =>
             click 3 => PATCH r=3 c=-
             ok =>
             finish => focus Thanks [Thanks]",
        );
    }

    #[test]
    fn comment_before_the_post_leaves_rides_along_in_the_post() {
        // The keyboard selection is still waiting when the comment is sent: one POST carries both.
        check(
            Scale::Five,
            "next 1
             type Bra side
             submit
             ok",
            r#"next 1 => focus Option(2), debounce#0
               type Bra side =>
               submit => POST r=2/5 c="Bra side" tta=500
               ok => focus Thanks [Thanks]"#,
        );
    }

    #[test]
    fn leaving_the_group_commits_the_keyboard_selection() {
        check(
            Scale::Five,
            "end 1
             flush
             tick 0",
            "end 1 => focus Option(5), debounce#0
             flush => POST r=5/5 c=- tta=500
             tick 0 =>",
        );
    }

    #[test]
    fn failure_and_retry_resend_exactly_the_same_payload() {
        let mut s = State::new(Scale::Five, ctx());
        let first = s.reduce(Action::Choose(3), 2_000);
        s.reduce(Action::RequestFailed(Failure::Network), 2_100);
        assert_eq!(s.failure(), Some(Failure::Network));
        // A later change waits for the failed request instead of replacing it.
        assert_eq!(s.reduce(Action::Choose(4), 2_200), vec![]);
        let again = s.reduce(Action::Retry, 9_999);
        assert_eq!(
            again, first,
            "retry must resend the identical POST (same id and timestamp)"
        );
        assert!(s.retrying());
        // While the retry is in flight, pressing retry again does nothing.
        assert_eq!(s.reduce(Action::Retry, 10_000), vec![]);
        let fx: Vec<String> = s
            .reduce(Action::RequestSucceeded, 10_100)
            .iter()
            .map(describe)
            .collect();
        assert_eq!(fx, ["PATCH r=4 c=-"]);
        let fx: Vec<String> = s
            .reduce(Action::RequestSucceeded, 10_200)
            .iter()
            .map(describe)
            .collect();
        assert_eq!(fx, ["focus Restore"]);
        assert!(!s.retrying());
    }

    #[test]
    fn a_failed_comment_patch_keeps_the_person_on_the_form_until_retry_succeeds() {
        check(
            Scale::Five,
            "click 1
             ok
             type Vanskeleg å finne skjema
             submit
             fail
             retry
             ok",
            r#"click 1 => POST r=1/5 c=- tta=500
               ok =>
               type Vanskeleg å finne skjema =>
               submit => PATCH r=- c="Vanskeleg å finne skjema"
               fail =>
               retry => PATCH r=- c="Vanskeleg å finne skjema"
               ok => focus Thanks [Thanks]"#,
        );
    }

    #[test]
    fn a_refused_payload_is_not_retried() {
        let s = check(
            Scale::Five,
            "click 2
             reject 422
             retry",
            "click 2 => POST r=2/5 c=- tta=500
             reject 422 =>
             retry =>",
        );
        assert_eq!(s.failure(), Some(Failure::Status(422)));
        assert!(Failure::Status(503).retryable());
        assert!(Failure::Status(429).retryable());
        assert!(!Failure::Status(409).retryable());
    }

    #[test]
    fn personal_data_in_the_comment_stops_and_asks() {
        let s = check(
            Scale::Five,
            "click 2
             ok
             type Ring meg på 912 34 567 eller ola@example.no
             submit
             edit
             type Ring meg
             submit
             ok",
            r#"click 2 => POST r=2/5 c=- tta=500
               ok =>
               type Ring meg på 912 34 567 eller ola@example.no =>
               submit => focus PiiEdit [PiiWarning([Phone, Email])]
               edit => focus Comment
               type Ring meg =>
               submit => PATCH r=- c="Ring meg"
               ok => focus Thanks [Thanks]"#,
        );
        assert_eq!(s.phase, Phase::Thanks);
    }

    #[test]
    fn send_anyway_sends_the_comment_as_written() {
        check(
            Scale::Five,
            "click 5
             type Fødselsnummeret mitt er 01019010046, det var feil
             submit
             anyway
             ok
             ok",
            r#"click 5 => POST r=5/5 c=- tta=500
               type Fødselsnummeret mitt er 01019010046, det var feil =>
               submit => focus PiiEdit [PiiWarning([NationalId])]
               anyway =>
               ok => PATCH r=- c="Fødselsnummeret mitt er 01019010046, det var feil"
               ok => focus Thanks [Thanks]"#,
        );
    }

    #[test]
    fn typing_during_the_warning_returns_to_the_form() {
        let mut s = State::new(Scale::Five, ctx());
        s.reduce(Action::Choose(1), 2_000);
        s.reduce(Action::CommentInput("post: kari@example.com".into()), 2_100);
        s.reduce(Action::SubmitComment, 2_200);
        assert_eq!(s.phase, Phase::PiiWarning(vec![PiiKind::Email]));
        s.reduce(Action::CommentInput("post: kari".into()), 2_300);
        assert_eq!(s.phase, Phase::Open);
    }

    #[test]
    fn too_long_comment_is_refused_with_an_error() {
        let mut s = State::new(Scale::Five, ctx());
        s.reduce(Action::Choose(3), 2_000);
        s.reduce(Action::RequestSucceeded, 2_050);
        // Counted in characters: 1000 × "å" is 2000 bytes but within the limit.
        s.reduce(
            Action::CommentInput("å".repeat(wire::COMMENT_MAX_CHARS + 1)),
            2_100,
        );
        assert_eq!(
            s.reduce(Action::SubmitComment, 2_200),
            vec![Effect::Focus(FocusTarget::Comment)]
        );
        assert_eq!(s.comment_error, Some(CommentError::TooLong));
        assert_eq!(s.counter_announcement, Some(-1));
        s.reduce(
            Action::CommentInput("å".repeat(wire::COMMENT_MAX_CHARS)),
            2_300,
        );
        assert_eq!(s.comment_error, None);
        let fx = s.reduce(Action::SubmitComment, 2_400);
        assert!(
            matches!(&fx[..], [Effect::Patch { update, .. }] if update.comment.as_ref().unwrap().chars().count() == 1000)
        );
    }

    #[test]
    fn counter_is_announced_only_when_crossing_thresholds() {
        let mut s = State::new(Scale::Five, ctx());
        s.reduce(Action::Choose(3), 2_000);
        let mut seen = Vec::new();
        for len in [10, 899, 900, 901, 950, 951, 990, 1000, 1001, 1002, 5] {
            s.reduce(Action::CommentInput("x".repeat(len)), 3_000);
            seen.push(s.counter_announcement);
        }
        assert_eq!(
            seen,
            [
                None,
                None,
                Some(100),
                Some(100),
                Some(50),
                Some(50),
                Some(10),
                Some(0),
                Some(-1),
                Some(-1),
                None
            ]
        );
    }

    #[test]
    fn pasted_control_characters_are_dropped_but_line_breaks_kept() {
        check(
            Scale::Five,
            "click 3\nok\ntype a\u{1b}[31mb\nsubmit",
            "click 3 => POST r=3/5 c=- tta=500
             ok =>
             type a\u{1b}[31mb =>
             submit => PATCH r=- c=\"a[31mb\"",
        );
        let mut s = State::new(Scale::Five, ctx());
        s.reduce(Action::Choose(3), 2_000);
        s.reduce(Action::CommentInput("linje 1\nlinje 2".into()), 2_100);
        assert_eq!(
            s.reduce(Action::SubmitComment, 2_200),
            vec![],
            "waits for the POST"
        );
        let fx = s.reduce(Action::RequestSucceeded, 2_300);
        assert!(
            matches!(&fx[..], [Effect::Patch { update, .. }] if update.comment.as_deref() == Some("linje 1\nlinje 2")),
            "{fx:?}"
        );
    }

    #[test]
    fn a_late_first_answer_is_sent_without_time_to_answer() {
        let mut s = State::new(Scale::Five, ctx());
        let fx = s.reduce(
            Action::Choose(3),
            1_000 + validate::TIME_TO_ANSWER_MAX_MS + 1,
        );
        assert!(matches!(&fx[..], [Effect::Post(sub)] if sub.time_to_answer_ms.is_none()));
    }

    #[test]
    fn empty_comment_means_no_comment() {
        check(
            Scale::Five,
            "click 3
             type    \u{20}
             submit
             ok",
            "click 3 => POST r=3/5 c=- tta=500
             type =>
             submit =>
             ok => focus Thanks [Thanks]",
        );
    }

    #[test]
    fn dismiss_remembers_and_ignores_later_input_but_still_stores_a_choice() {
        check(
            Scale::Five,
            "dismiss
             click 3",
            "dismiss => remember, focus Thanks [Dismissed]
             click 3 => [Dismissed]",
        );
        check(
            Scale::Five,
            "next 3
             dismiss
             ok",
            "next 3 => focus Option(4), debounce#0
             dismiss => remember, focus Thanks, POST r=4/5 c=- tta=500 [Dismissed]
             ok => [Dismissed]",
        );
    }

    #[test]
    fn thanks_ignores_further_choices() {
        let s = check(
            Scale::Five,
            "click 1
             finish
             ok
             click 5
             next 1",
            "click 1 => POST r=1/5 c=- tta=500
             finish =>
             ok => focus Thanks [Thanks]
             click 5 => [Thanks]
             next 1 => [Thanks]",
        );
        assert_eq!(s.selected, Some(1));
    }

    #[test]
    fn out_of_range_ratings_are_ignored() {
        check(Scale::Three, "click 4\nclick 0", "click 4 =>\nclick 0 =>");
    }

    #[test]
    fn the_post_carries_the_context() {
        let mut s = State::new(Scale::Three, ctx());
        let fx = s.reduce(Action::Choose(2), 1_767_225_600_123);
        let [Effect::Post(sub)] = &fx[..] else {
            panic!("{fx:?}")
        };
        assert_eq!(sub.response_id, ID);
        assert_eq!(sub.widget_id, "byggesak");
        assert_eq!(sub.language, "nn");
        assert_eq!(sub.page.path, "/bygg");
        assert_eq!(sub.schema_version, wire::SCHEMA_VERSION);
        assert_eq!(sub.client_timestamp, "2026-01-01T00:00:00.123Z");
        assert_eq!(sub.rating, Rating { value: 2, scale: 3 });
    }

    #[test]
    fn config_parse() {
        let ok = |e: &str| {
            Config::parse(Attrs {
                endpoint: Some(e),
                ..Attrs::default()
            })
        };
        assert_eq!(
            ok("https://kommune.no/api/v1/feedback/").unwrap().endpoint,
            "https://kommune.no/api/v1/feedback"
        );
        assert_eq!(ok("/api/v1/feedback").unwrap().endpoint, "/api/v1/feedback");
        assert_eq!(
            ok("http://127.0.0.1:8080/api/v1/feedback")
                .unwrap()
                .widget_id,
            DEFAULT_WIDGET_ID
        );
        assert_eq!(ok("HTTPS://[::1]:8080/x").unwrap().scale, Scale::Five);
        for bad in [
            "api/v1/feedback",
            "//evil.example/x",
            "ftp://kommune.no/x",
            "https:///x",
            "https://user:pw@kommune.no/x",
            "https://kommune.no/x?key=1",
            "https://kommune.no/x#y",
            "https://kommune .no/x",
            "javascript:alert(1)",
        ] {
            assert_eq!(
                ok(bad),
                Err(ConfigError::InvalidEndpoint(bad.to_string())),
                "{bad}"
            );
        }
        assert_eq!(
            Config::parse(Attrs::default()),
            Err(ConfigError::MissingEndpoint)
        );
        assert_eq!(ok("  "), Err(ConfigError::MissingEndpoint));

        let with = |scale: Option<&str>, widget_id: Option<&str>, question: Option<&str>| {
            Config::parse(Attrs {
                endpoint: Some("/f"),
                widget_id,
                scale,
                question,
            })
        };
        assert_eq!(with(Some("3"), None, None).unwrap().scale, Scale::Three);
        assert_eq!(with(Some(" 5 "), None, None).unwrap().scale, Scale::Five);
        assert_eq!(
            with(Some("4"), None, None),
            Err(ConfigError::InvalidScale("4".into()))
        );
        assert_eq!(
            with(Some("fem"), None, None).unwrap_err().attribute(),
            "scale"
        );
        assert_eq!(
            with(None, Some("byggesak"), None).unwrap().widget_id,
            "byggesak"
        );
        assert_eq!(
            with(None, Some(""), None).unwrap().widget_id,
            DEFAULT_WIDGET_ID
        );
        assert_eq!(
            with(None, Some("bygge sak!"), None),
            Err(ConfigError::InvalidWidgetId("bygge sak!".into()))
        );
        assert_eq!(with(None, None, Some("  ")).unwrap().question, None);
        assert_eq!(
            with(None, None, Some("Fann du det du leita etter?"))
                .unwrap()
                .question
                .as_deref(),
            Some("Fann du det du leita etter?")
        );
        assert_eq!(
            ok("/api/v1/feedback").unwrap().patch_url(ID),
            format!("/api/v1/feedback/{ID}")
        );
        // The survey key changes with endpoint, widget id and scale, not with the question.
        let key = |e: &str, w: Option<&str>, s: &str, q: Option<&str>| {
            Config::parse(Attrs {
                endpoint: Some(e),
                widget_id: w,
                scale: Some(s),
                question: q,
            })
            .unwrap()
            .survey_key()
        };
        assert_eq!(key("/f", Some("a"), "3", None), "/f\na\n3");
        assert_eq!(key("/f", None, "5", Some("Ok?")), "/f\ndefault\n5");
        assert_eq!(
            key("/f", Some("a"), "5", None),
            key("/f", Some("a"), "5", Some("Fann du det?"))
        );
    }

    #[test]
    fn helpers() {
        assert_eq!(
            page_path("/tjenester/bygg?fnr=01010112345#x"),
            "/tjenester/bygg"
        );
        assert_eq!(page_path(""), "/");
        assert_eq!(page_path("a/b"), "/a/b");
        let id = uuid_v4([0xff; 16]);
        assert_eq!(id, "ffffffff-ffff-4fff-bfff-ffffffffffff");
        assert!(
            validate::is_uuid_v4(&uuid_v4([0; 16])),
            "{}",
            uuid_v4([0; 16])
        );
        assert_eq!(rfc3339_utc(0), "1970-01-01T00:00:00.000Z");
        assert_eq!(rfc3339_utc(951_782_400_000), "2000-02-29T00:00:00.000Z");
        assert_eq!(rfc3339_utc(1_709_251_199_999), "2024-02-29T23:59:59.999Z");
        assert_eq!(remaining(1001, 1000), -1);
        assert_eq!(page_path("/a\u{7}b"), "/ab");
        let long = format!("/{}", "ø".repeat(2000));
        let cut = page_path(&long);
        assert!(
            cut.len() <= validate::PAGE_PATH_MAX_BYTES && cut.len() > 2040,
            "{}",
            cut.len()
        );
    }
}
