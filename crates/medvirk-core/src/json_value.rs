//! A small, strict JSON reader (RFC 8259) into a value tree, for the wasm bundle and the server.
//!
//! The widgets read backend responses (the directory, mapped adapters) without serde_json, which
//! would cost more bytes than a whole widget. This parser is deliberately small and strict:
//!
//! - The grammar is exactly RFC 8259: no comments, no trailing commas, no single quotes, no
//!   `NaN`, no leading zeros, no control characters inside strings, nothing after the value
//!   except whitespace. A leading UTF-8 byte order mark (U+FEFF) is skipped, as RFC 8259 §8.1
//!   allows, because Windows tools and some CMS exports write one.
//! - `\uXXXX` escapes are decoded, surrogate pairs combined; a lone surrogate is an error rather
//!   than a silently replaced character, so two different inputs never read as the same text.
//! - Numbers keep their source text ([`Value::Number`]); callers convert with [`Value::as_i64`],
//!   [`Value::as_u64`] or [`Value::as_f64`]. So `1e999999` parses (it is valid JSON) but
//!   `as_i64` says `None`, and the float conversion code is only linked where someone asks for it.
//! - Objects keep their members in source order. A duplicate key is accepted and
//!   [`Value::get`] returns the *last* one, as the browser's `JSON.parse` and serde_json do, so a
//!   backend tested in a browser reads the same here.
//! - Limits: nesting depth ([`Limits::max_depth`], default 64) keeps the recursive descent off
//!   the end of the stack, and the input size ([`Limits::max_bytes`], default 32 MiB) bounds
//!   memory. Errors carry the byte offset where reading stopped. No input makes it panic.

use core::fmt;

/// A parsed JSON value.
#[derive(Clone, Debug, PartialEq)]
pub enum Value {
    Null,
    Bool(bool),
    /// The number exactly as written in the source (valid JSON number syntax).
    Number(String),
    String(String),
    Array(Vec<Value>),
    /// Members in source order; duplicate keys are kept, lookups take the last.
    Object(Vec<(String, Value)>),
}

/// How much input a parse accepts.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Limits {
    /// Deepest nesting of arrays and objects; `[[1]]` has depth 2.
    pub max_depth: usize,
    /// Longest input in bytes.
    pub max_bytes: usize,
}

impl Default for Limits {
    fn default() -> Self {
        Limits {
            max_depth: 64,
            max_bytes: 32 * 1024 * 1024,
        }
    }
}

/// What went wrong, without the position.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum JsonErrorKind {
    /// The input ended in the middle of a value (or was empty).
    UnexpectedEnd,
    /// A character that cannot start or continue a value here.
    UnexpectedChar(char),
    /// A backslash escape other than `\" \\ \/ \b \f \n \r \t \uXXXX`.
    InvalidEscape,
    /// A `\uD800`–`\uDFFF` escape that is not half of a valid surrogate pair.
    LoneSurrogate,
    /// A raw control character (U+0000–U+001F) inside a string; JSON requires it escaped.
    ControlCharacter,
    /// A number that breaks the grammar (`01`, `1.`, `-`, `1e`).
    InvalidNumber,
    /// Nesting deeper than [`Limits::max_depth`].
    TooDeep,
    /// Input longer than [`Limits::max_bytes`].
    TooLarge,
    /// Something other than whitespace after the value.
    TrailingCharacters,
}

/// A parse error: what went wrong and the byte offset in the input where it was noticed.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct JsonError {
    pub kind: JsonErrorKind,
    pub offset: usize,
}

impl fmt::Display for JsonError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let what = match self.kind {
            JsonErrorKind::UnexpectedEnd => "unexpected end of input",
            JsonErrorKind::UnexpectedChar(c) => {
                return write!(f, "unexpected character {c:?} at byte {}", self.offset);
            }
            JsonErrorKind::InvalidEscape => "invalid escape sequence",
            JsonErrorKind::LoneSurrogate => "lone surrogate in \\u escape",
            JsonErrorKind::ControlCharacter => "unescaped control character in string",
            JsonErrorKind::InvalidNumber => "invalid number",
            JsonErrorKind::TooDeep => "nesting too deep",
            JsonErrorKind::TooLarge => "input too large",
            JsonErrorKind::TrailingCharacters => "trailing characters after the value",
        };
        write!(f, "{what} at byte {}", self.offset)
    }
}

impl std::error::Error for JsonError {}

/// Parses a complete JSON text with the default [`Limits`].
pub fn parse(text: &str) -> Result<Value, JsonError> {
    parse_with(text, Limits::default())
}

/// Parses a complete JSON text with the given limits.
pub fn parse_with(text: &str, limits: Limits) -> Result<Value, JsonError> {
    if text.len() > limits.max_bytes {
        return Err(JsonError {
            kind: JsonErrorKind::TooLarge,
            offset: limits.max_bytes,
        });
    }
    let start = if text.starts_with('\u{feff}') { 3 } else { 0 };
    let mut p = Parser {
        s: text,
        b: text.as_bytes(),
        i: start,
        max_depth: limits.max_depth,
    };
    p.ws();
    let v = p.value(0)?;
    p.ws();
    if p.i != p.b.len() {
        return Err(p.err(JsonErrorKind::TrailingCharacters));
    }
    Ok(v)
}

struct Parser<'a> {
    s: &'a str,
    b: &'a [u8],
    i: usize,
    max_depth: usize,
}

impl Parser<'_> {
    fn err(&self, kind: JsonErrorKind) -> JsonError {
        JsonError {
            kind,
            offset: self.i,
        }
    }

    /// The error for whatever sits at the current position: end of input or that character.
    fn unexpected(&self) -> JsonError {
        match self.s.get(self.i..).and_then(|r| r.chars().next()) {
            Some(c) => self.err(JsonErrorKind::UnexpectedChar(c)),
            None => self.err(JsonErrorKind::UnexpectedEnd),
        }
    }

    fn ws(&mut self) {
        while let Some(b' ' | b'\t' | b'\n' | b'\r') = self.b.get(self.i) {
            self.i += 1;
        }
    }

    fn eat(&mut self, c: u8) -> bool {
        if self.b.get(self.i) == Some(&c) {
            self.i += 1;
            true
        } else {
            false
        }
    }

    fn literal(&mut self, word: &str, v: Value) -> Result<Value, JsonError> {
        if self.b[self.i..].starts_with(word.as_bytes()) {
            self.i += word.len();
            Ok(v)
        } else {
            // Point at the first byte that differs, so `tru` and `trux` both get a precise offset.
            let same = self.b[self.i..]
                .iter()
                .zip(word.as_bytes())
                .take_while(|(a, b)| a == b)
                .count();
            self.i += same;
            Err(self.unexpected())
        }
    }

    fn value(&mut self, depth: usize) -> Result<Value, JsonError> {
        match self.b.get(self.i) {
            None => Err(self.err(JsonErrorKind::UnexpectedEnd)),
            Some(b'n') => self.literal("null", Value::Null),
            Some(b't') => self.literal("true", Value::Bool(true)),
            Some(b'f') => self.literal("false", Value::Bool(false)),
            Some(b'"') => self.string().map(Value::String),
            Some(b'-' | b'0'..=b'9') => self.number(),
            Some(b'[') => {
                let depth = self.enter(depth)?;
                let mut items = Vec::new();
                self.ws();
                if self.eat(b']') {
                    return Ok(Value::Array(items));
                }
                loop {
                    self.ws();
                    items.push(self.value(depth)?);
                    self.ws();
                    if self.eat(b']') {
                        return Ok(Value::Array(items));
                    }
                    if !self.eat(b',') {
                        return Err(self.unexpected());
                    }
                }
            }
            Some(b'{') => {
                let depth = self.enter(depth)?;
                let mut members = Vec::new();
                self.ws();
                if self.eat(b'}') {
                    return Ok(Value::Object(members));
                }
                loop {
                    self.ws();
                    if self.b.get(self.i) != Some(&b'"') {
                        return Err(self.unexpected());
                    }
                    let key = self.string()?;
                    self.ws();
                    if !self.eat(b':') {
                        return Err(self.unexpected());
                    }
                    self.ws();
                    let v = self.value(depth)?;
                    members.push((key, v));
                    self.ws();
                    if self.eat(b'}') {
                        return Ok(Value::Object(members));
                    }
                    if !self.eat(b',') {
                        return Err(self.unexpected());
                    }
                }
            }
            Some(_) => Err(self.unexpected()),
        }
    }

    /// Steps over an opening bracket, one level deeper, unless that is too deep.
    fn enter(&mut self, depth: usize) -> Result<usize, JsonError> {
        if depth >= self.max_depth {
            return Err(self.err(JsonErrorKind::TooDeep));
        }
        self.i += 1;
        Ok(depth + 1)
    }

    fn number(&mut self) -> Result<Value, JsonError> {
        let start = self.i;
        let digits = |p: &mut Self| {
            let from = p.i;
            while p.b.get(p.i).is_some_and(u8::is_ascii_digit) {
                p.i += 1;
            }
            p.i - from
        };
        self.eat(b'-');
        match self.b.get(self.i) {
            Some(b'0') => {
                self.i += 1;
                if self.b.get(self.i).is_some_and(u8::is_ascii_digit) {
                    return Err(self.err(JsonErrorKind::InvalidNumber));
                }
            }
            Some(b'1'..=b'9') => {
                digits(self);
            }
            _ => return Err(self.err(JsonErrorKind::InvalidNumber)),
        }
        if self.eat(b'.') && digits(self) == 0 {
            return Err(self.err(JsonErrorKind::InvalidNumber));
        }
        if self.eat(b'e') || self.eat(b'E') {
            if !self.eat(b'+') {
                self.eat(b'-');
            }
            if digits(self) == 0 {
                return Err(self.err(JsonErrorKind::InvalidNumber));
            }
        }
        Ok(Value::Number(self.s[start..self.i].to_owned()))
    }

    /// Reads a string starting at its opening quote.
    fn string(&mut self) -> Result<String, JsonError> {
        self.i += 1;
        let mut out = String::new();
        loop {
            // Copy the plain stretch up to the next quote, backslash or control byte in one go.
            // Those three are ASCII, so the stretch ends on a char boundary.
            let from = self.i;
            while let Some(&c) = self.b.get(self.i) {
                if c == b'"' || c == b'\\' || c < 0x20 {
                    break;
                }
                self.i += 1;
            }
            out.push_str(&self.s[from..self.i]);
            match self.b.get(self.i) {
                None => return Err(self.err(JsonErrorKind::UnexpectedEnd)),
                Some(b'"') => {
                    self.i += 1;
                    return Ok(out);
                }
                Some(b'\\') => {
                    self.i += 1;
                    let simple = match self.b.get(self.i) {
                        None => return Err(self.err(JsonErrorKind::UnexpectedEnd)),
                        Some(b'"') => '"',
                        Some(b'\\') => '\\',
                        Some(b'/') => '/',
                        Some(b'b') => '\u{8}',
                        Some(b'f') => '\u{c}',
                        Some(b'n') => '\n',
                        Some(b'r') => '\r',
                        Some(b't') => '\t',
                        Some(b'u') => {
                            self.i += 1;
                            let c = self.unicode_escape()?;
                            out.push(c);
                            continue;
                        }
                        Some(_) => return Err(self.err(JsonErrorKind::InvalidEscape)),
                    };
                    self.i += 1;
                    out.push(simple);
                }
                Some(_) => return Err(self.err(JsonErrorKind::ControlCharacter)),
            }
        }
    }

    /// Reads the `XXXX` after `\u` (and a following `\uXXXX` low surrogate when needed).
    fn unicode_escape(&mut self) -> Result<char, JsonError> {
        let hi = self.hex4()?;
        let code = if (0xD800..0xDC00).contains(&hi) {
            let at = self.i;
            if !(self.eat(b'\\') && self.eat(b'u')) {
                self.i = at;
                return Err(self.err(JsonErrorKind::LoneSurrogate));
            }
            let lo = self.hex4()?;
            if !(0xDC00..0xE000).contains(&lo) {
                self.i = at;
                return Err(self.err(JsonErrorKind::LoneSurrogate));
            }
            0x10000 + ((hi - 0xD800) << 10) + (lo - 0xDC00)
        } else if (0xDC00..0xE000).contains(&hi) {
            return Err(self.err(JsonErrorKind::LoneSurrogate));
        } else {
            hi
        };
        // Every code outside the surrogate range is a valid char, so this never fails.
        char::from_u32(code).ok_or(self.err(JsonErrorKind::LoneSurrogate))
    }

    fn hex4(&mut self) -> Result<u32, JsonError> {
        let mut v = 0;
        for _ in 0..4 {
            let d = match self.b.get(self.i) {
                None => return Err(self.err(JsonErrorKind::UnexpectedEnd)),
                Some(&c) => (c as char)
                    .to_digit(16)
                    .ok_or(self.err(JsonErrorKind::InvalidEscape))?,
            };
            v = v * 16 + d;
            self.i += 1;
        }
        Ok(v)
    }
}

impl Value {
    /// The member `key` of an object (the last one if the key is repeated); `None` for a
    /// missing key or when this is not an object.
    pub fn get(&self, key: &str) -> Option<&Value> {
        match self {
            Value::Object(m) => m.iter().rev().find(|(k, _)| k == key).map(|(_, v)| v),
            _ => None,
        }
    }

    /// The element `i` of an array; `None` out of range or when this is not an array.
    pub fn index(&self, i: usize) -> Option<&Value> {
        self.as_array()?.get(i)
    }

    pub fn as_str(&self) -> Option<&str> {
        match self {
            Value::String(s) => Some(s),
            _ => None,
        }
    }

    pub fn as_array(&self) -> Option<&[Value]> {
        match self {
            Value::Array(a) => Some(a),
            _ => None,
        }
    }

    /// The members of an object in source order.
    pub fn as_object(&self) -> Option<&[(String, Value)]> {
        match self {
            Value::Object(m) => Some(m),
            _ => None,
        }
    }

    pub fn as_bool(&self) -> Option<bool> {
        match self {
            Value::Bool(b) => Some(*b),
            _ => None,
        }
    }

    pub fn is_null(&self) -> bool {
        matches!(self, Value::Null)
    }

    /// An integer number that fits `i64`. Only numbers written as integers count (`42`, `-7`;
    /// not `2.0` or `1e3`), so nothing is silently rounded or truncated.
    pub fn as_i64(&self) -> Option<i64> {
        match self {
            Value::Number(n) if !n.contains(['.', 'e', 'E']) => n.parse().ok(),
            _ => None,
        }
    }

    /// A non-negative integer number that fits `u64`, written as an integer.
    pub fn as_u64(&self) -> Option<u64> {
        match self {
            Value::Number(n) if !n.contains(['.', 'e', 'E', '-']) => n.parse().ok(),
            _ => None,
        }
    }

    /// Any number as the nearest `f64`; huge exponents give infinity, as in JavaScript.
    pub fn as_f64(&self) -> Option<f64> {
        match self {
            Value::Number(n) => n.parse().ok(),
            _ => None,
        }
    }

    /// The JSON type name (`"null"`, `"boolean"`, `"number"`, `"string"`, `"array"`,
    /// `"object"`), for error messages.
    pub fn type_name(&self) -> &'static str {
        match self {
            Value::Null => "null",
            Value::Bool(_) => "boolean",
            Value::Number(_) => "number",
            Value::String(_) => "string",
            Value::Array(_) => "array",
            Value::Object(_) => "object",
        }
    }

    /// Looks up a JSON Pointer (RFC 6901): `""` is the whole value, `"/a/0/b"` walks member
    /// `a`, element 0, member `b`; `~1` stands for `/` and `~0` for `~` inside a token.
    /// Array indexes are decimal without leading zeros; `-` (past the end) finds nothing.
    /// A malformed pointer (not starting with `/`, or `~` followed by other than `0`/`1`)
    /// finds nothing.
    pub fn pointer(&self, pointer: &str) -> Option<&Value> {
        if pointer.is_empty() {
            return Some(self);
        }
        let rest = pointer.strip_prefix('/')?;
        let mut cur = self;
        let mut token = String::new();
        for raw in rest.split('/') {
            token.clear();
            let mut chars = raw.chars();
            while let Some(c) = chars.next() {
                if c == '~' {
                    match chars.next() {
                        Some('0') => token.push('~'),
                        Some('1') => token.push('/'),
                        _ => return None,
                    }
                } else {
                    token.push(c);
                }
            }
            cur = match cur {
                Value::Object(_) => cur.get(&token)?,
                Value::Array(a) => {
                    let ok = !token.is_empty()
                        && token.bytes().all(|b| b.is_ascii_digit())
                        && (token == "0" || !token.starts_with('0'));
                    if !ok {
                        return None;
                    }
                    a.get(token.parse::<usize>().ok()?)?
                }
                _ => return None,
            };
        }
        Some(cur)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Parses `input` and compares a compact rendering of the result (or the error) with `want`.
    fn check(input: &str, want: &str) {
        let got = match parse(input) {
            Ok(v) => show(&v),
            Err(e) => format!("error: {e}"),
        };
        assert_eq!(got, want, "input: {input:?}");
    }

    /// A compact, unambiguous rendering of a value for test expectations.
    fn show(v: &Value) -> String {
        match v {
            Value::Null => "null".into(),
            Value::Bool(b) => b.to_string(),
            Value::Number(n) => format!("#{n}"),
            Value::String(s) => format!("{s:?}"),
            Value::Array(a) => format!("[{}]", a.iter().map(show).collect::<Vec<_>>().join(",")),
            Value::Object(m) => format!(
                "{{{}}}",
                m.iter()
                    .map(|(k, v)| format!("{k:?}:{}", show(v)))
                    .collect::<Vec<_>>()
                    .join(",")
            ),
        }
    }

    #[test]
    fn valid_documents() {
        let cases = [
            ("null", "null"),
            (" true ", "true"),
            ("false", "false"),
            ("0", "#0"),
            ("-0", "#-0"),
            ("12.5e-3", "#12.5e-3"),
            ("1E+2", "#1E+2"),
            ("1e999999", "#1e999999"),
            (
                "123456789012345678901234567890",
                "#123456789012345678901234567890",
            ),
            (r#""""#, r#""""#),
            (r#""æøå 東京""#, r#""æøå 東京""#),
            (
                r#""\" \\ \/ \b \f \n \r \t""#,
                r#""\" \\ / \u{8} \u{c} \n \r \t""#,
            ),
            (r#""\u00e6\u00C6""#, r#""æÆ""#),
            (r#""\ud83d\ude00""#, r#""😀""#),
            (r#""\u0000""#, r#""\0""#),
            ("[]", "[]"),
            ("{}", "{}"),
            (" [ 1 , [ 2 , { } ] ] ", "[#1,[#2,{}]]"),
            (r#"{"a":1,"b":[true,null]}"#, r#"{"a":#1,"b":[true,null]}"#),
            ("\u{feff}{\"bom\":1}", r#"{"bom":#1}"#),
            ("\t\r\n 1 \n", "#1"),
        ];
        for (input, want) in cases {
            check(input, want);
        }
    }

    #[test]
    fn invalid_documents_report_kind_and_offset() {
        let cases = [
            ("", "unexpected end of input at byte 0"),
            ("   ", "unexpected end of input at byte 3"),
            ("\u{feff}", "unexpected end of input at byte 3"),
            ("nul", "unexpected end of input at byte 3"),
            ("trux", "unexpected character 'x' at byte 3"),
            ("[1,]", "unexpected character ']' at byte 3"),
            ("[1 2]", "unexpected character '2' at byte 3"),
            ("{\"a\" 1}", "unexpected character '1' at byte 5"),
            ("{\"a\":1,}", "unexpected character '}' at byte 7"),
            ("{a:1}", "unexpected character 'a' at byte 1"),
            ("{'a':1}", "unexpected character '\\'' at byte 1"),
            ("[1", "unexpected end of input at byte 2"),
            ("{\"a\":", "unexpected end of input at byte 5"),
            ("\"abc", "unexpected end of input at byte 4"),
            (
                "\"a\nb\"",
                "unescaped control character in string at byte 2",
            ),
            ("\"\\x\"", "invalid escape sequence at byte 2"),
            ("\"\\u12G4\"", "invalid escape sequence at byte 5"),
            ("\"\\u12", "unexpected end of input at byte 5"),
            ("\"\\ud800\"", "lone surrogate in \\u escape at byte 7"),
            (
                "\"\\ud800\\u0041\"",
                "lone surrogate in \\u escape at byte 7",
            ),
            ("\"\\udc00\"", "lone surrogate in \\u escape at byte 7"),
            ("01", "invalid number at byte 1"),
            ("-", "invalid number at byte 1"),
            ("1.", "invalid number at byte 2"),
            (".5", "unexpected character '.' at byte 0"),
            ("1e", "invalid number at byte 2"),
            ("+1", "unexpected character '+' at byte 0"),
            ("NaN", "unexpected character 'N' at byte 0"),
            ("1 2", "trailing characters after the value at byte 2"),
            ("{} x", "trailing characters after the value at byte 3"),
            (
                "[1] // comment",
                "trailing characters after the value at byte 4",
            ),
            (
                "\u{feff}\u{feff}1",
                "unexpected character '\\u{feff}' at byte 3",
            ),
        ];
        for (input, want) in cases {
            check(input, &format!("error: {want}"));
        }
    }

    #[test]
    fn nesting_is_limited_without_overflowing_the_stack() {
        let ok = format!("{}{}", "[".repeat(64), "]".repeat(64));
        assert!(parse(&ok).is_ok());
        let deep = format!("{}{}", "[".repeat(65), "]".repeat(65));
        assert_eq!(parse(&deep).unwrap_err().kind, JsonErrorKind::TooDeep);
        // A hostile document far deeper than any stack: rejected at the limit, not crashed.
        // Each `[{"a":` (6 bytes) opens two levels, so the 65th opener is at byte 32 * 6.
        let hostile = "[{\"a\":".repeat(200_000);
        let e = parse(&hostile).unwrap_err();
        assert_eq!((e.kind, e.offset), (JsonErrorKind::TooDeep, 32 * 6));
        let limits = Limits {
            max_depth: 2,
            ..Limits::default()
        };
        assert!(parse_with("[[1]]", limits).is_ok());
        assert_eq!(
            parse_with("[[[1]]]", limits).unwrap_err().kind,
            JsonErrorKind::TooDeep
        );
    }

    #[test]
    fn input_size_is_limited() {
        let limits = Limits {
            max_bytes: 8,
            ..Limits::default()
        };
        assert!(parse_with("[1,2,3]", limits).is_ok());
        assert_eq!(
            parse_with("[1,2,3,4]", limits).unwrap_err().kind,
            JsonErrorKind::TooLarge
        );
    }

    #[test]
    fn truncations_of_a_document_never_panic() {
        let doc = r#"{"a":[1,-2.5e3,"x\u00e6\ud83d\ude00\n",true,false,null,{"b":{}}]}"#;
        assert!(parse(doc).is_ok());
        for end in 0..doc.len() {
            if doc.is_char_boundary(end) {
                assert!(parse(&doc[..end]).is_err(), "prefix {end} parsed");
            }
        }
        // Every single-byte replacement by a special character either parses or errors.
        for i in 0..doc.len() {
            for c in ["\"", "\\", "{", "]", ",", ":", "\u{1}", "9"] {
                if doc.is_char_boundary(i) && doc.is_char_boundary(i + 1) {
                    let mutated = format!("{}{c}{}", &doc[..i], &doc[i + 1..]);
                    let _ = parse(&mutated);
                }
            }
        }
    }

    #[test]
    fn accessors() {
        let v = parse(
            r#"{"s":"x","n":-42,"u":7,"f":2.5,"big":1e400,"a":[1],"o":{"k":null},"dup":1,"dup":2}"#,
        )
        .unwrap();
        assert_eq!(v.get("s").and_then(Value::as_str), Some("x"));
        assert_eq!(v.get("n").and_then(Value::as_i64), Some(-42));
        assert_eq!(v.get("n").and_then(Value::as_u64), None);
        assert_eq!(v.get("u").and_then(Value::as_u64), Some(7));
        assert_eq!(v.get("f").and_then(Value::as_i64), None);
        assert_eq!(v.get("f").and_then(Value::as_f64), Some(2.5));
        assert_eq!(v.get("big").and_then(Value::as_f64), Some(f64::INFINITY));
        assert_eq!(v.get("big").and_then(Value::as_i64), None);
        assert_eq!(
            v.get("a").and_then(|a| a.index(0)).and_then(Value::as_u64),
            Some(1)
        );
        assert!(
            v.get("o")
                .and_then(|o| o.get("k"))
                .is_some_and(Value::is_null)
        );
        assert_eq!(
            v.get("dup").and_then(Value::as_u64),
            Some(2),
            "last duplicate wins"
        );
        assert_eq!(v.get("missing"), None);
        assert_eq!(v.get("s").and_then(|s| s.get("x")), None);
        assert_eq!(v.get("a").map(Value::type_name), Some("array"));
        assert_eq!(parse("9223372036854775808").unwrap().as_i64(), None);
        assert_eq!(
            parse("18446744073709551615").unwrap().as_u64(),
            Some(u64::MAX)
        );
    }

    #[test]
    fn json_pointer() {
        let v =
            parse(r#"{"a":[{"b":"x"},2],"":0,"c/d":1,"e~f":2,"g":{"h":{"i":3}},"01":4}"#).unwrap();
        let cases: &[(&str, Option<&str>)] = &[
            ("", Some("object")),
            ("/a/0/b", Some("\"x\"")),
            ("/a/1", Some("2")),
            ("/a/2", None),
            ("/a/-", None),
            ("/a/01", None),
            ("/a/+1", None),
            ("/a/", None),
            ("/", Some("0")),
            ("/c~1d", Some("1")),
            ("/e~0f", Some("2")),
            ("/e~2f", None),
            ("/e~", None),
            ("/g/h/i", Some("3")),
            ("/01", Some("4")),
            ("a", None),
            ("/a/0/b/c", None),
            ("/missing", None),
        ];
        for (pointer, want) in cases {
            let got = v.pointer(pointer).map(|x| match x {
                Value::Object(_) => "object".to_owned(),
                Value::String(s) => format!("{s:?}"),
                Value::Number(n) => n.clone(),
                other => other.type_name().to_owned(),
            });
            assert_eq!(got.as_deref(), *want, "pointer {pointer:?}");
        }
    }
}
