//! Declarative mappings to any JSON backend: what a webmaster writes instead of Rust.
//!
//! A mapping is a JSON document (`"mappingVersion": 1`, schema `schemas/mapping.v1.schema.json`,
//! examples in `examples/mapping/`) that a page puts in
//! `<script type="application/json" slot="mapping">` inside a widget element, or fetches from the
//! URL in its `mapping` attribute. It says how to send our payload to someone else's backend
//! (`submit`, and for the smiley's later comment `update`), how to read someone else's list as
//! our directory (`read`), and how the case form reads a case's status ([`status`]). The syntax
//! of body and item templates is in [`template`].
//!
//! Everything is checked once, when the element starts ([`Mapping::parse`]): every pointer, every
//! referenced field of our payload, URLs, methods and headers. A mistake is reported with the
//! JSON Pointer of the bad part inside the mapping, so a webmaster sees
//! `/submit/body/score: unknown field /rating/valu; did you mean /rating/value?` in the console
//! and in the widget instead of a backend that silently receives nothing.

pub mod encode;
pub mod fields;
pub mod status;
pub mod template;
#[cfg(test)]
mod tests;

use crate::json::write_u64;
use crate::json_value::{self, Value};
use crate::smiley::Failure;
use crate::wire::{FeedbackSubmission, FeedbackUpdate};
use status::StatusRead;
use template::{Template, push_text, push_token, valid_pointer};

/// The mapping format version this code reads.
pub const MAPPING_VERSION: u64 = 1;

/// Which widget a mapping is for; decides which sections and fields exist.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Kind {
    Smiley,
    CaseForm,
    Directory,
}

/// A mistake in a mapping: where (a JSON Pointer into the mapping document) and what.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct MappingError {
    pub path: String,
    pub message: String,
}

impl MappingError {
    fn new(path: &str, message: impl Into<String>) -> MappingError {
        MappingError {
            path: path.to_owned(),
            message: message.into(),
        }
    }

    /// `"/submit/url: ..."`, the text for the console and the widget's notice.
    pub fn text(&self) -> String {
        let path = if self.path.is_empty() {
            "(the whole document)"
        } else {
            &self.path
        };
        [path, ": ", &self.message].concat()
    }
}

/// A checked mapping.
#[derive(Clone, Debug, PartialEq)]
pub struct Mapping {
    /// How a submission is sent (smiley, case form).
    pub submit: Option<Send>,
    /// How the smiley sends a later change (the comment) for the same `responseId`; without it,
    /// changes go through `submit` again with the whole, updated response.
    pub update: Option<Send>,
    /// How a list is read (directory).
    pub read: Option<Read>,
    /// How a case's status is read by its receipt (case form).
    pub status: Option<StatusRead>,
}

/// One part of a URL template.
#[derive(Clone, Debug, PartialEq, Eq)]
enum UrlPart {
    Text(String),
    /// A JSON Pointer into our payload, percent-encoded when filled in.
    Ref(String),
}

/// How to send our payload.
#[derive(Clone, Debug, PartialEq)]
pub struct Send {
    pub method: String,
    url: Vec<UrlPart>,
    pub headers: Vec<(String, String)>,
    body: Template,
    /// `application/x-www-form-urlencoded` instead of JSON.
    pub form: bool,
    /// Statuses that mean success; empty means any 2xx.
    success_status: Vec<u16>,
    /// A member of the answer that must equal a value for success.
    success_check: Option<(String, Value)>,
    /// Where the stored id or receipt is in the answer.
    id: Option<String>,
}

/// A request ready for `fetch`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Request {
    pub method: String,
    pub url: String,
    pub headers: Vec<(String, String)>,
    pub body: Option<String>,
    pub content_type: Option<&'static str>,
}

/// How to read a foreign list as our directory.
#[derive(Clone, Debug, PartialEq)]
pub struct Read {
    /// Where to read from; `None` means the element's `src`.
    pub url: Option<String>,
    pub headers: Vec<(String, String)>,
    lists: Vec<ListMap>,
}

/// One of our lists (`persons`, ...) filled from a list in their document.
#[derive(Clone, Debug, PartialEq)]
struct ListMap {
    name: &'static str,
    /// Where the array is in their document.
    list: String,
    /// One of our records, with references into one of their items.
    item: Template,
}

/// Something a widget tells the host page, as a DOM event (see the README, "Events").
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum WidgetEvent {
    /// `medvirk-submit`: the person asked to send; our payload as JSON text. Cancelable.
    Submit(String),
    /// `medvirk-submitted`: the backend stored it under this id (or receipt).
    Submitted { id: String },
    /// `medvirk-error`: a send failed, or (the directory) its data could not be loaded.
    Error { code: &'static str, message: String },
}

impl WidgetEvent {
    /// The `medvirk-error` event for a failed send.
    pub fn from_failure(f: Failure) -> WidgetEvent {
        match f {
            Failure::Network => WidgetEvent::Error {
                code: "network",
                message: "the backend could not be reached".to_owned(),
            },
            Failure::Status(s) => {
                let mut message = String::from("the backend answered with HTTP status ");
                write_u64(&mut message, s.into());
                WidgetEvent::Error {
                    code: if f.retryable() { "server" } else { "rejected" },
                    message,
                }
            }
        }
    }
}

impl WidgetEvent {
    /// The `medvirk-error` of a directory whose answer arrived but could not be read as one
    /// (`code` `invalid`): not valid JSON, not the format, or not where the mapping says.
    pub fn unreadable(why: &str) -> WidgetEvent {
        WidgetEvent::Error {
            code: "invalid",
            message: ["the data could not be read: ", why].concat(),
        }
    }
}

/// The smiley's whole response after `update`: what a mapped backend without an `update`
/// section receives again, and what `medvirk-submit` carries for a later comment.
pub fn merge_update(sub: &FeedbackSubmission, update: &FeedbackUpdate) -> FeedbackSubmission {
    let mut merged = sub.clone();
    if let Some(r) = &update.rating {
        merged.rating = *r;
    }
    if let Some(c) = &update.comment {
        merged.comment = Some(c.clone());
    }
    merged
}

/// Reads the members of an object, remembering which were looked at, so that unknown (usually
/// misspelt) members can be reported with a suggestion.
struct Obj<'a> {
    path: String,
    members: &'a [(String, Value)],
    allowed: &'static [&'static str],
}

impl<'a> Obj<'a> {
    fn open(
        v: &'a Value,
        path: &str,
        allowed: &'static [&'static str],
    ) -> Result<Obj<'a>, MappingError> {
        let members = v.as_object().ok_or_else(|| {
            MappingError::new(path, ["expected an object, found ", v.type_name()].concat())
        })?;
        for (k, _) in members {
            if !allowed.contains(&k.as_str()) {
                let mut at = path.to_owned();
                push_token(&mut at, k);
                let mut msg = ["unknown member \"", k, "\""].concat();
                if let Some(s) = fields::suggest(allowed, k) {
                    msg.push_str("; did you mean \"");
                    msg.push_str(s);
                    msg.push_str("\"?");
                }
                return Err(MappingError::new(&at, msg));
            }
        }
        Ok(Obj {
            path: path.to_owned(),
            members,
            allowed,
        })
    }

    fn at(&self, key: &str) -> String {
        debug_assert!(self.allowed.contains(&key));
        let mut p = self.path.clone();
        push_token(&mut p, key);
        p
    }

    fn get(&self, key: &str) -> Option<&'a Value> {
        self.members
            .iter()
            .rev()
            .find(|(k, _)| k == key)
            .map(|(_, v)| v)
    }

    fn str(&self, key: &str) -> Result<Option<&'a str>, MappingError> {
        match self.get(key) {
            None => Ok(None),
            Some(Value::String(s)) => Ok(Some(s)),
            Some(v) => Err(MappingError::new(
                &self.at(key),
                ["expected a string, found ", v.type_name()].concat(),
            )),
        }
    }

    fn pointer(&self, key: &str) -> Result<Option<String>, MappingError> {
        let Some(p) = self.str(key)? else {
            return Ok(None);
        };
        if valid_pointer(p) {
            Ok(Some(p.to_owned()))
        } else {
            Err(MappingError::new(
                &self.at(key),
                ["invalid JSON Pointer \"", p, "\" (it must start with /)"].concat(),
            ))
        }
    }
}

const TOP: &[&str] = &[
    "mappingVersion",
    "$schema",
    "description",
    "submit",
    "update",
    "read",
    "status",
];
const SEND: &[&str] = &[
    "method", "url", "headers", "format", "body", "success", "id",
];
const SUCCESS: &[&str] = &["status", "pointer", "equals"];
const READ: &[&str] = &["url", "headers", "persons", "organisations", "memberships"];
const LIST: &[&str] = &["list", "item"];

impl Mapping {
    /// Parses and checks a mapping for a widget of `kind`.
    pub fn parse(text: &str, kind: Kind) -> Result<Mapping, MappingError> {
        let doc = json_value::parse(text).map_err(|e| {
            let mut msg = String::from("not valid JSON (stopped at byte ");
            write_u64(&mut msg, e.offset as u64);
            msg.push(')');
            MappingError::new("", msg)
        })?;
        let top = Obj::open(&doc, "", TOP)?;
        match top.get("mappingVersion") {
            Some(v) if v.as_u64() == Some(MAPPING_VERSION) => {}
            Some(_) => {
                return Err(MappingError::new(
                    "/mappingVersion",
                    "unsupported version; this widget reads mappingVersion 1",
                ));
            }
            None => {
                return Err(MappingError::new(
                    "/mappingVersion",
                    "missing; write \"mappingVersion\": 1",
                ));
            }
        }
        // The case form may map its sends, its status reads, or both; the other part then
        // goes to `endpoint` as without a mapping.
        let (allowed, required): (&[&str], &str) = match kind {
            Kind::Smiley => (&["submit", "update"], "the \"submit\" section"),
            Kind::CaseForm => (
                &["submit", "status"],
                "a \"submit\" or a \"status\" section",
            ),
            Kind::Directory => (&["read"], "the \"read\" section"),
        };
        for section in ["submit", "update", "read", "status"] {
            if top.get(section).is_some() && !allowed.contains(&section) {
                return Err(MappingError::new(
                    &top.at(section),
                    ["this widget has no ", section, " section"].concat(),
                ));
            }
        }
        if !allowed
            .iter()
            .any(|s| *s != "update" && top.get(s).is_some())
        {
            return Err(MappingError::new("", ["missing ", required].concat()));
        }
        let known = match kind {
            Kind::CaseForm => fields::CASE,
            _ => fields::FEEDBACK,
        };
        let send = |key: &str| -> Result<Option<Send>, MappingError> {
            top.get(key)
                .map(|v| Send::parse(v, &top.at(key), known))
                .transpose()
        };
        Ok(Mapping {
            submit: send("submit")?,
            update: send("update")?,
            read: top
                .get("read")
                .map(|v| Read::parse(v, "/read"))
                .transpose()?,
            status: top
                .get("status")
                .map(|v| StatusRead::parse(v, "/status"))
                .transpose()?,
        })
    }

    /// The section for a send: `update` for a later change when there is one, else `submit`.
    pub fn send_for(&self, is_update: bool) -> Option<&Send> {
        if is_update {
            self.update.as_ref().or(self.submit.as_ref())
        } else {
            self.submit.as_ref()
        }
    }
}

/// Headers the browser owns or that would leak or forge something (the browser refuses to set
/// them anyway, silently); `proxy-*` and `sec-*` too, see [`header_ok`].
const FORBIDDEN_HEADERS: &[&str] = &[
    "accept-charset",
    "accept-encoding",
    "access-control-request-headers",
    "access-control-request-method",
    "connection",
    "content-length",
    "content-type",
    "cookie",
    "cookie2",
    "date",
    "dnt",
    "expect",
    "host",
    "keep-alive",
    "origin",
    "referer",
    "set-cookie",
    "te",
    "trailer",
    "transfer-encoding",
    "upgrade",
    "via",
];

/// Whether a header may be sent: its name is an HTTP token and none the browser controls, its
/// value has no line breaks. The error says why. Shared by the mapping parser and the outbox,
/// which re-checks stored entries (other scripts on the page share the storage).
pub(crate) fn header_ok(name: &str, value: &str) -> Result<(), &'static str> {
    let token = !name.is_empty()
        && name
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b"!#$%&'*+-.^_`|~".contains(&b));
    if !token {
        return Err("not a valid header name");
    }
    let lower = name.to_ascii_lowercase();
    if FORBIDDEN_HEADERS.contains(&lower.as_str())
        || lower.starts_with("proxy-")
        || lower.starts_with("sec-")
    {
        return Err(if lower == "content-type" {
            "Content-Type is set by \"format\" (json or form)"
        } else {
            "a header the browser controls; it cannot be set from a page"
        });
    }
    if value.chars().any(|c| matches!(c, '\r' | '\n' | '\0')) {
        return Err("line breaks are not allowed in a header value");
    }
    Ok(())
}

/// Checks headers with [`header_ok`]; every value must be a string.
fn parse_headers(v: Option<&Value>, path: &str) -> Result<Vec<(String, String)>, MappingError> {
    let Some(v) = v else {
        return Ok(Vec::new());
    };
    let members = v.as_object().ok_or_else(|| {
        MappingError::new(path, ["expected an object, found ", v.type_name()].concat())
    })?;
    let mut out = Vec::with_capacity(members.len());
    for (name, value) in members {
        let mut at = path.to_owned();
        push_token(&mut at, name);
        // The name is checked before the value's type, so a bad name is reported first.
        header_ok(name, "").map_err(|why| MappingError::new(&at, why))?;
        let Some(text) = value.as_str() else {
            return Err(MappingError::new(
                &at,
                ["expected a string, found ", value.type_name()].concat(),
            ));
        };
        header_ok(name, text).map_err(|why| MappingError::new(&at, why))?;
        out.push((name.clone(), text.to_owned()));
    }
    Ok(out)
}

/// The error for `key` under `path` that is not one of our fields in `known`, with the
/// closest one as a suggestion.
fn unknown_field(path: &str, key: &str, known: &[&str]) -> MappingError {
    let mut at = path.to_owned();
    push_token(&mut at, key);
    let mut msg = ["unknown field \"", key, "\""].concat();
    if let Some(s) = fields::suggest(known, key) {
        msg.push_str("; did you mean \"");
        msg.push_str(s);
        msg.push_str("\"?");
    }
    MappingError::new(&at, msg)
}

/// Whether the URL (placeholders removed) is absolute http(s) or a path on this site.
pub fn url_shape_ok(url: &str) -> bool {
    if url.chars().any(|c| c.is_whitespace() || c.is_control()) {
        return false;
    }
    let lower = url.get(..8).unwrap_or(url).to_ascii_lowercase();
    let rest = if lower.starts_with("https://") {
        &url[8..]
    } else if lower.starts_with("http://") {
        &url[7..]
    } else {
        return url.starts_with('/') && !url.starts_with("//");
    };
    rest.chars().next().is_some_and(|c| c != '/' && c != '{')
}

/// What [`url_shape_ok`] requires, for error messages.
pub const URL_RULE: &str = "must be an absolute https:// or http:// URL, or a path starting with /";

/// Splits `url` into text and `{placeholder}`s; `{name}` is `/name` of our payload, `{/a/b}` a
/// pointer. Every reference must be one of `known`.
fn parse_url(url: &str, path: &str, known: &[&str]) -> Result<Vec<UrlPart>, MappingError> {
    let mut parts = Vec::new();
    let mut rest = url;
    let mut shape = String::new();
    while let Some(open) = rest.find('{') {
        let text = &rest[..open];
        let after = &rest[open + 1..];
        let close = after
            .find('}')
            .ok_or_else(|| MappingError::new(path, "a { without its closing }"))?;
        let name = &after[..close];
        let pointer = if name.starts_with('/') {
            name.to_owned()
        } else {
            ["/", name].concat()
        };
        if !valid_pointer(&pointer) || name.is_empty() || name.contains('{') {
            return Err(MappingError::new(
                path,
                ["invalid placeholder {", name, "}"].concat(),
            ));
        }
        check_field(known, &pointer, path)?;
        shape.push_str(text);
        shape.push('x');
        if !text.is_empty() {
            parts.push(UrlPart::Text(text.to_owned()));
        }
        parts.push(UrlPart::Ref(pointer));
        rest = &after[close + 1..];
    }
    shape.push_str(rest);
    if !rest.is_empty() {
        parts.push(UrlPart::Text(rest.to_owned()));
    }
    if !url_shape_ok(&shape) {
        return Err(MappingError::new(path, URL_RULE));
    }
    Ok(parts)
}

/// Fills a URL template from `source`, each reference percent-encoded.
fn fill_url(parts: &[UrlPart], source: &Value) -> String {
    let mut url = String::new();
    for part in parts {
        match part {
            UrlPart::Text(t) => url.push_str(t),
            UrlPart::Ref(p) => {
                let mut text = String::new();
                if let Some(v) = source.pointer(p) {
                    push_text(&mut text, v);
                }
                encode::push_percent(&mut url, &text);
            }
        }
    }
    url
}

/// An error unless `pointer` is one of our fields, with the closest field as a suggestion.
fn check_field(known: &[&str], pointer: &str, path: &str) -> Result<(), MappingError> {
    if fields::exists(known, pointer) {
        return Ok(());
    }
    let mut msg = ["unknown field ", pointer].concat();
    if let Some(s) = fields::suggest(known, pointer) {
        msg.push_str("; did you mean ");
        msg.push_str(s);
        msg.push('?');
    }
    Err(MappingError::new(path, msg))
}

fn parse_template(v: &Value, path: &str) -> Result<Template, MappingError> {
    Template::parse(v, path).map_err(|(p, m)| MappingError::new(&p, m))
}

impl Send {
    fn parse(v: &Value, path: &str, known: &[&str]) -> Result<Send, MappingError> {
        let o = Obj::open(v, path, SEND)?;
        let method = match o.str("method")? {
            None => "POST".to_owned(),
            Some(m) => {
                let upper = m.to_ascii_uppercase();
                if !matches!(upper.as_str(), "POST" | "PUT" | "PATCH") {
                    return Err(MappingError::new(
                        &o.at("method"),
                        "must be POST, PUT or PATCH",
                    ));
                }
                upper
            }
        };
        let url = o
            .str("url")?
            .ok_or_else(|| MappingError::new(path, "missing \"url\""))?;
        let url = parse_url(url, &o.at("url"), known)?;
        let headers = parse_headers(o.get("headers"), &o.at("headers"))?;
        let form = match o.str("format")? {
            None | Some("json") => false,
            Some("form") => true,
            Some(_) => {
                return Err(MappingError::new(
                    &o.at("format"),
                    "must be \"json\" or \"form\"",
                ));
            }
        };
        let body = match o.get("body") {
            None => Template::Ref(String::new()),
            Some(b) => parse_template(b, &o.at("body"))?,
        };
        let mut bad = None;
        body.refs(&o.at("body"), &mut |at, p| {
            if bad.is_none() {
                bad = check_field(known, p, at).err();
            }
        });
        if let Some(e) = bad {
            return Err(e);
        }
        if form && !matches!(body, Template::Object(_)) {
            return Err(MappingError::new(
                &o.at("body"),
                "a form body must be an object of fields",
            ));
        }
        let (mut success_status, mut success_check) = (Vec::new(), None);
        if let Some(s) = o.get("success") {
            let s = Obj::open(s, &o.at("success"), SUCCESS)?;
            if let Some(list) = s.get("status") {
                let items = list.as_array().ok_or_else(|| {
                    MappingError::new(&s.at("status"), "expected an array of HTTP status codes")
                })?;
                for (i, item) in items.iter().enumerate() {
                    // Only 2xx: a page never sees 1xx or 3xx (fetch follows redirects), and an
                    // error status taken as success would drop a submission the outbox must keep.
                    let code = item
                        .as_u64()
                        .filter(|c| (200..=299).contains(c))
                        .ok_or_else(|| {
                            let mut at = s.at("status");
                            push_token(&mut at, &template::index_text(i));
                            MappingError::new(&at, "not a success status (200 to 299)")
                        })?;
                    success_status.push(code as u16);
                }
            }
            match (s.pointer("pointer")?, s.get("equals")) {
                (Some(p), Some(v)) => success_check = Some((p, v.clone())),
                (None, None) => {}
                _ => {
                    return Err(MappingError::new(
                        &s.path,
                        "\"pointer\" and \"equals\" go together",
                    ));
                }
            }
        }
        Ok(Send {
            method,
            url,
            headers,
            body,
            form,
            success_status,
            success_check,
            id: o.pointer("id")?,
        })
    }

    /// The request for our payload (its JSON text, as the wire writer produced it).
    pub fn request(&self, payload_json: &str) -> Request {
        // Our own writer produced the text, so it parses; a null source only ever fills nothing.
        let source = json_value::parse(payload_json).unwrap_or(Value::Null);
        let url = fill_url(&self.url, &source);
        let body = self.body.eval(&source).unwrap_or(Value::Null);
        let (body, content_type) = if self.form {
            (encode::to_form(&body), "application/x-www-form-urlencoded")
        } else {
            (encode::to_json(&body), "application/json")
        };
        Request {
            method: self.method.clone(),
            url,
            headers: self.headers.clone(),
            body: Some(body),
            content_type: Some(content_type),
        }
    }

    /// Whether `url` is one this section sends to (its text as written, each placeholder filled
    /// with any percent-encoded value): how the case form finds its own waiting case in the
    /// outbox after a reload, when the URL holds the case's id.
    pub fn matches_url(&self, url: &str) -> bool {
        let bytes = url.as_bytes();
        // Every position in `url` the parts so far can end at.
        let mut at = vec![false; bytes.len() + 1];
        at[0] = true;
        for part in &self.url {
            let mut next = vec![false; bytes.len() + 1];
            match part {
                UrlPart::Text(t) => {
                    for (i, ok) in at.iter().enumerate() {
                        if *ok
                            && url
                                .get(i..)
                                .is_some_and(|rest| rest.starts_with(t.as_str()))
                        {
                            next[i + t.len()] = true;
                        }
                    }
                }
                UrlPart::Ref(_) => {
                    // A filled reference is unreserved characters and %XX only (`push_percent`).
                    let mut open = false;
                    for i in 0..=bytes.len() {
                        open |= at[i];
                        next[i] = open;
                        if i < bytes.len()
                            && !(bytes[i].is_ascii_alphanumeric() || b"-._~%".contains(&bytes[i]))
                        {
                            open = false;
                        }
                    }
                }
            }
            at = next;
        }
        at[bytes.len()]
    }

    /// Reads their answer: `Ok` with the id (or receipt) when it says success, else the
    /// failure the widget shows. A success without an id where `id` points gives `Ok(None)`.
    pub fn outcome(&self, status: u16, body: &str) -> Result<Option<String>, Failure> {
        let status_ok = if self.success_status.is_empty() {
            (200..300).contains(&status)
        } else {
            self.success_status.contains(&status)
        };
        if !status_ok {
            return Err(Failure::Status(status));
        }
        let needs_body = self.success_check.is_some() || self.id.is_some();
        let answer = if needs_body {
            json_value::parse(body).ok()
        } else {
            None
        };
        if let Some((p, want)) = &self.success_check {
            let got = answer.as_ref().and_then(|a| a.pointer(p));
            if got != Some(want) {
                // The backend answered but said no: resending the same payload will not help.
                return Err(Failure::Status(status.max(400)));
            }
        }
        Ok(self
            .id
            .as_ref()
            .and_then(|p| answer.as_ref()?.pointer(p))
            .filter(|v| !v.is_null())
            .map(|v| {
                let mut s = String::new();
                push_text(&mut s, v);
                s
            }))
    }
}

impl Read {
    fn parse(v: &Value, path: &str) -> Result<Read, MappingError> {
        let o = Obj::open(v, path, READ)?;
        let url = match o.str("url")? {
            None => None,
            Some(u) => {
                if u.contains('{') || !url_shape_ok(u) {
                    return Err(MappingError::new(&o.at("url"), URL_RULE));
                }
                Some(u.to_owned())
            }
        };
        let headers = parse_headers(o.get("headers"), &o.at("headers"))?;
        let mut lists = Vec::new();
        for &name in fields::DIRECTORY_LISTS {
            let Some(l) = o.get(name) else { continue };
            let l = Obj::open(l, &o.at(name), LIST)?;
            let list = l.pointer("list")?.ok_or_else(|| {
                MappingError::new(
                    &l.path,
                    "missing \"list\" (where the array is in their answer)",
                )
            })?;
            let item_v = l.get("item").ok_or_else(|| {
                MappingError::new(&l.path, "missing \"item\" (our fields from one of theirs)")
            })?;
            let item = parse_template(item_v, &l.at("item"))?;
            let Template::Object(members) = &item else {
                return Err(MappingError::new(
                    &l.at("item"),
                    "expected an object of our fields",
                ));
            };
            let known = fields::directory_item(name);
            for (k, _) in members {
                if !known.contains(&k.as_str()) {
                    return Err(unknown_field(&l.at("item"), k, known));
                }
            }
            // Without these our reader skips every record, and the webmaster sees an empty list.
            let required: &[&str] = match name {
                "persons" => &["id", "name"],
                "organisations" => &["id", "name", "kind"],
                _ => &["id", "personId", "councilId", "role"],
            };
            for &required in required {
                if !members.iter().any(|(k, _)| k == required) {
                    return Err(MappingError::new(
                        &l.at("item"),
                        ["missing our required field \"", required, "\""].concat(),
                    ));
                }
            }
            lists.push(ListMap { name, list, item });
        }
        if lists.is_empty() {
            return Err(MappingError::new(
                path,
                "map at least one of persons, organisations, memberships",
            ));
        }
        Ok(Read {
            url,
            headers,
            lists,
        })
    }

    /// Turns their answer into a native directory document (JSON text), which the widget then
    /// reads like our own server's answer. A list that is not where the mapping says is an error
    /// naming the pointer, since an empty directory would hide the mistake.
    pub fn to_native(&self, text: &str) -> Result<String, String> {
        let theirs =
            json_value::parse(text).map_err(|_| "the answer is not valid JSON".to_owned())?;
        let mut doc = vec![("schemaVersion".to_owned(), Value::Number("1".to_owned()))];
        for l in &self.lists {
            let items = theirs
                .pointer(&l.list)
                .and_then(Value::as_array)
                .ok_or_else(|| ["no array at ", &l.list, " in the answer"].concat())?;
            let ours = items.iter().filter_map(|i| l.item.eval(i)).collect();
            doc.push((l.name.to_owned(), Value::Array(ours)));
        }
        Ok(encode::to_json(&Value::Object(doc)))
    }

    /// The GET request for `src` (used when the mapping has no `url`).
    pub fn request(&self, src: &str) -> Request {
        Request {
            method: "GET".to_owned(),
            url: self.url.clone().unwrap_or_else(|| src.to_owned()),
            headers: self.headers.clone(),
            body: None,
            content_type: None,
        }
    }
}
