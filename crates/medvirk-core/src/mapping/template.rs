//! Body and item templates: a JSON value whose strings may reference a source document.
//!
//! The syntax (documented in the README section "Any JSON backend"):
//! - a string `"$/a/b"` is the value at JSON Pointer `/a/b` of the source (`"$"` alone is the
//!   whole source); `"$$..."` is the literal string `"$..."`;
//! - `{"$join": [t1, t2, ...]}` concatenates the parts as text (absent parts count as "");
//! - everything else is a constant and passes through; objects and arrays are walked.
//!
//! One syntax on purpose: a webmaster reads `"$/rating/value"` at a glance, and a string that
//! merely starts with `$` is rare enough that doubling it is an acceptable escape.

use crate::json_value::Value;

/// A parsed template.
#[derive(Clone, Debug, PartialEq)]
pub enum Template {
    /// Passed through as written (`"$$x"` already unescaped to `"$x"`).
    Const(Value),
    /// A JSON Pointer into the source, already checked for syntax.
    Ref(String),
    Join(Vec<Template>),
    Array(Vec<Template>),
    /// Members in order; keys already unescaped.
    Object(Vec<(String, Template)>),
}

/// Where a template went wrong: the JSON Pointer of the bad part relative to the template, and why.
pub type TemplateError = (String, String);

/// Appends `token` to a JSON Pointer, escaping `~` and `/` as RFC 6901 asks.
pub fn push_token(path: &mut String, token: &str) {
    path.push('/');
    for c in token.chars() {
        match c {
            '~' => path.push_str("~0"),
            '/' => path.push_str("~1"),
            c => path.push(c),
        }
    }
}

/// Whether `p` is a syntactically valid JSON Pointer (RFC 6901): empty, or `/`-separated tokens
/// in which `~` is only followed by `0` or `1`.
pub fn valid_pointer(p: &str) -> bool {
    if p.is_empty() {
        return true;
    }
    if !p.starts_with('/') {
        return false;
    }
    let mut chars = p.chars();
    while let Some(c) = chars.next() {
        if c == '~' && !matches!(chars.next(), Some('0' | '1')) {
            return false;
        }
    }
    true
}

fn pointer_error(at: &str, p: &str) -> TemplateError {
    (
        at.to_owned(),
        [
            "invalid JSON Pointer \"",
            p,
            "\" (it must start with / and write ~ as ~0, / inside a name as ~1)",
        ]
        .concat(),
    )
}

impl Template {
    /// Reads a template from its JSON form; `at` is the template's own path, used in errors.
    pub fn parse(v: &Value, at: &str) -> Result<Template, TemplateError> {
        match v {
            Value::String(s) => {
                if let Some(rest) = s.strip_prefix("$$") {
                    Ok(Template::Const(Value::String(["$", rest].concat())))
                } else if let Some(p) = s.strip_prefix('$') {
                    if valid_pointer(p) {
                        Ok(Template::Ref(p.to_owned()))
                    } else {
                        Err(pointer_error(at, p))
                    }
                } else {
                    Ok(Template::Const(v.clone()))
                }
            }
            Value::Array(items) => {
                let mut out = Vec::with_capacity(items.len());
                for (i, item) in items.iter().enumerate() {
                    let mut path = at.to_owned();
                    push_token(&mut path, &index_text(i));
                    out.push(Template::parse(item, &path)?);
                }
                Ok(Template::Array(out))
            }
            Value::Object(members) => {
                if let [(k, parts)] = &members[..]
                    && k == "$join"
                {
                    let mut path = at.to_owned();
                    push_token(&mut path, "$join");
                    let Template::Array(parts) = Template::parse(parts, &path)? else {
                        return Err((path, "$join takes an array of parts".to_owned()));
                    };
                    return Ok(Template::Join(parts));
                }
                let mut out = Vec::with_capacity(members.len());
                for (k, item) in members {
                    let mut path = at.to_owned();
                    push_token(&mut path, k);
                    let key = if let Some(rest) = k.strip_prefix("$$") {
                        ["$", rest].concat()
                    } else if k.starts_with('$') {
                        return Err((
                            path,
                            [
                                "unknown operator ",
                                k,
                                " (only $join, alone in its object; write $$ for a literal $)",
                            ]
                            .concat(),
                        ));
                    } else {
                        k.clone()
                    };
                    out.push((key, Template::parse(item, &path)?));
                }
                Ok(Template::Object(out))
            }
            _ => Ok(Template::Const(v.clone())),
        }
    }

    /// Calls `f(path, pointer)` for every reference, with the template path it sits at.
    pub fn refs(&self, at: &str, f: &mut dyn FnMut(&str, &str)) {
        match self {
            Template::Const(_) => {}
            Template::Ref(p) => f(at, p),
            Template::Join(parts) => {
                let mut base = at.to_owned();
                push_token(&mut base, "$join");
                for (i, t) in parts.iter().enumerate() {
                    let mut path = base.clone();
                    push_token(&mut path, &index_text(i));
                    t.refs(&path, f);
                }
            }
            Template::Array(items) => {
                for (i, t) in items.iter().enumerate() {
                    let mut path = at.to_owned();
                    push_token(&mut path, &index_text(i));
                    t.refs(&path, f);
                }
            }
            Template::Object(members) => {
                for (k, t) in members {
                    let mut path = at.to_owned();
                    push_token(&mut path, k);
                    t.refs(&path, f);
                }
            }
        }
    }

    /// Fills the template from `source`. A reference to something absent (or `null`) gives
    /// `None`: an object leaves that member out, an array writes `null`, a join writes "".
    pub fn eval(&self, source: &Value) -> Option<Value> {
        match self {
            Template::Const(v) => Some(v.clone()),
            Template::Ref(p) => source.pointer(p).filter(|v| !v.is_null()).cloned(),
            Template::Join(parts) => {
                let mut s = String::new();
                for part in parts {
                    if let Some(v) = part.eval(source) {
                        push_text(&mut s, &v);
                    }
                }
                Some(Value::String(s))
            }
            Template::Array(items) => Some(Value::Array(
                items
                    .iter()
                    .map(|t| t.eval(source).unwrap_or(Value::Null))
                    .collect(),
            )),
            Template::Object(members) => Some(Value::Object(
                members
                    .iter()
                    .filter_map(|(k, t)| Some((k.clone(), t.eval(source)?)))
                    .collect(),
            )),
        }
    }
}

/// A value as plain text, for joins, URLs and form fields: strings as they are, numbers as
/// written, `true`/`false`, nothing for `null`, and compact JSON for objects and arrays.
pub fn push_text(out: &mut String, v: &Value) {
    match v {
        Value::String(s) => out.push_str(s),
        Value::Null => {}
        other => super::encode::write_value(out, other),
    }
}

/// `i` in decimal, without `core::fmt`.
pub fn index_text(i: usize) -> String {
    let mut s = String::new();
    crate::json::write_u64(&mut s, i as u64);
    s
}
