//! A tiny JSON writer for the wasm bundle, so that serde_json stays out of the download.
//!
//! The widgets only ever *write* a handful of flat objects, so an object builder with string and
//! integer members is all that is needed. The contract tests in `tests/wire_json.rs` parse the
//! output with serde_json and compare it with the serde derives, so both stay the same format.

use crate::wire::{FeedbackSubmission, FeedbackUpdate, Page, Rating};

/// Appends `s` as a JSON string literal: quotes and backslashes escaped, control characters as
/// `\n`, `\r`, `\t`, `\b`, `\f` or `\u00XX`, everything else (æøå, emoji) kept as UTF-8.
pub fn write_str(out: &mut String, s: &str) {
    out.push('"');
    // Copy unescaped stretches in one go; only the rare special characters are handled one by one.
    let mut plain = 0;
    for (i, c) in s.char_indices() {
        let escape = match c {
            '"' => "\\\"",
            '\\' => "\\\\",
            '\n' => "\\n",
            '\r' => "\\r",
            '\t' => "\\t",
            '\u{8}' => "\\b",
            '\u{c}' => "\\f",
            // Other control characters have no short form: written as \u00XX below.
            c if c < ' ' => "",
            _ => continue,
        };
        out.push_str(&s[plain..i]);
        if escape.is_empty() {
            const HEX: &[u8; 16] = b"0123456789abcdef";
            out.push_str("\\u00");
            out.push(char::from(HEX[usize::from(c as u8 >> 4)]));
            out.push(char::from(HEX[usize::from(c as u8 & 0xf)]));
        } else {
            out.push_str(escape);
        }
        plain = i + c.len_utf8();
    }
    out.push_str(&s[plain..]);
    out.push('"');
}

/// Appends `n` in decimal without pulling in `core::fmt`.
pub fn write_u64(out: &mut String, mut n: u64) {
    let mut buf = [0u8; 20];
    let mut i = buf.len();
    loop {
        i -= 1;
        buf[i] = b'0' + (n % 10) as u8;
        n /= 10;
        if n == 0 {
            break;
        }
    }
    out.extend(buf[i..].iter().map(|&d| char::from(d)));
}

/// Writes one JSON object member by member: `{` on creation, `}` on [`JsonObject::end`].
pub struct JsonObject<'a> {
    out: &'a mut String,
    empty: bool,
}

impl<'a> JsonObject<'a> {
    pub fn new(out: &'a mut String) -> Self {
        out.push('{');
        JsonObject { out, empty: true }
    }

    fn key(&mut self, key: &str) {
        if !self.empty {
            self.out.push(',');
        }
        self.empty = false;
        write_str(self.out, key);
        self.out.push(':');
    }

    pub fn str(&mut self, key: &str, value: &str) -> &mut Self {
        self.key(key);
        write_str(self.out, value);
        self
    }

    pub fn u64(&mut self, key: &str, value: u64) -> &mut Self {
        self.key(key);
        write_u64(self.out, value);
        self
    }

    /// A nested object member, written by `f`.
    pub fn object(&mut self, key: &str, f: impl FnOnce(&mut JsonObject<'_>)) -> &mut Self {
        self.key(key);
        let mut inner = JsonObject::new(self.out);
        f(&mut inner);
        inner.end();
        self
    }

    /// Closes the object.
    pub fn end(self) {
        self.out.push('}');
    }
}

fn rating(o: &mut JsonObject<'_>, r: &Rating) {
    o.u64("value", r.value.into()).u64("scale", r.scale.into());
}

fn page(o: &mut JsonObject<'_>, p: &Page) {
    o.str("path", &p.path);
}

impl FeedbackSubmission {
    /// The camelCase wire JSON, with absent optional members left out.
    pub fn to_json(&self) -> String {
        let mut out = String::with_capacity(256 + self.comment.as_ref().map_or(0, String::len));
        let mut o = JsonObject::new(&mut out);
        o.u64("schemaVersion", self.schema_version.into())
            .str("responseId", &self.response_id)
            .str("widgetId", &self.widget_id)
            .object("rating", |o| rating(o, &self.rating));
        if let Some(c) = &self.comment {
            o.str("comment", c);
        }
        o.str("language", &self.language)
            .object("page", |o| page(o, &self.page))
            .str("clientTimestamp", &self.client_timestamp);
        if let Some(ms) = self.time_to_answer_ms {
            o.u64("timeToAnswerMs", ms);
        }
        o.end();
        out
    }
}

impl FeedbackUpdate {
    /// The camelCase wire JSON, with absent optional members left out.
    pub fn to_json(&self) -> String {
        let mut out = String::with_capacity(64 + self.comment.as_ref().map_or(0, String::len));
        let mut o = JsonObject::new(&mut out);
        o.u64("schemaVersion", self.schema_version.into());
        if let Some(r) = &self.rating {
            o.object("rating", |o| rating(o, r));
        }
        if let Some(c) = &self.comment {
            o.str("comment", c);
        }
        o.end();
        out
    }
}
