//! Writing mapped values out: compact JSON, `application/x-www-form-urlencoded`, and URL parts.

use crate::json::write_str;
use crate::json_value::Value;

/// Appends `v` as compact JSON. Numbers keep the text they were read with, so a mapped body
/// carries exactly the number our payload had.
pub fn write_value(out: &mut String, v: &Value) {
    match v {
        Value::Null => out.push_str("null"),
        Value::Bool(true) => out.push_str("true"),
        Value::Bool(false) => out.push_str("false"),
        Value::Number(n) => out.push_str(n),
        Value::String(s) => write_str(out, s),
        Value::Array(items) => {
            out.push('[');
            for (i, item) in items.iter().enumerate() {
                if i > 0 {
                    out.push(',');
                }
                write_value(out, item);
            }
            out.push(']');
        }
        Value::Object(members) => {
            out.push('{');
            for (i, (k, item)) in members.iter().enumerate() {
                if i > 0 {
                    out.push(',');
                }
                write_str(out, k);
                out.push(':');
                write_value(out, item);
            }
            out.push('}');
        }
    }
}

/// `v` as a JSON text.
pub fn to_json(v: &Value) -> String {
    let mut out = String::new();
    write_value(&mut out, v);
    out
}

/// Appends `s` percent-encoded: only RFC 3986 unreserved characters stay as they are, so the
/// result is safe in a path segment, a query value and a form field alike.
pub fn push_percent(out: &mut String, s: &str) {
    const HEX: &[u8; 16] = b"0123456789ABCDEF";
    for b in s.bytes() {
        if b.is_ascii_alphanumeric() || matches!(b, b'-' | b'.' | b'_' | b'~') {
            out.push(char::from(b));
        } else {
            out.push('%');
            out.push(char::from(HEX[usize::from(b >> 4)]));
            out.push(char::from(HEX[usize::from(b & 0xf)]));
        }
    }
}

/// An object's members as `a=1&b=x%20y`; `null` members are left out and nested values are
/// sent as their JSON text, which is what form backends that accept "JSON in a field" expect.
pub fn to_form(v: &Value) -> String {
    let mut out = String::new();
    for (k, item) in v.as_object().unwrap_or_default() {
        if item.is_null() {
            continue;
        }
        if !out.is_empty() {
            out.push('&');
        }
        push_percent(&mut out, k);
        out.push('=');
        let mut text = String::new();
        super::template::push_text(&mut text, item);
        push_percent(&mut out, &text);
    }
    out
}
