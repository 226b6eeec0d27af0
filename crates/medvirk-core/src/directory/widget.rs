//! What a `<medvirk-directory>` element is configured with, and which slice of the results it renders.
//!
//! The widget crate only renders; the decisions it needs are here so they are tested natively:
//! - [`Config::parse`] checks the element's attributes. `src` must be an absolute `http(s):` URL
//!   or a path on the page's own origin: a `data:` or `javascript:` source (or any other scheme)
//!   is refused, because the directory is shown to visitors as trusted public information.
//! - [`read`] picks the reader for the `format` attribute.
//! - [`visible`] windows the results: a directory of 10,000 memberships must not put 10,000
//!   cards into the page on every keystroke, so the widget renders the first [`PAGE_SIZE`]
//!   rows (cards, and councils that only show vacant seats) and offers "show more".

use std::ops::Range;

use super::search::SearchResults;
use super::{ImportError, ImportReport, Level, native, popolo};

/// Rows rendered at first and added by each "show more".
pub const PAGE_SIZE: usize = 50;

/// The data format the `src` URL serves.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Format {
    /// Our versioned format (`schemas/directory.v1.schema.json`), as `GET /api/v1/directory` serves it.
    #[default]
    Native,
    /// Popolo JSON (EveryPolitician and others).
    Popolo,
}

/// The element's attributes as written (absent = `None`).
#[derive(Clone, Copy, Debug, Default)]
pub struct Attrs<'a> {
    pub src: Option<&'a str>,
    pub format: Option<&'a str>,
    pub council: Option<&'a str>,
    pub organisation: Option<&'a str>,
    pub level: Option<&'a str>,
}

/// A checked configuration.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Config {
    pub src: String,
    pub format: Format,
    /// Initial council filter (organisation id).
    pub council: Option<String>,
    /// Initial organisation filter (organisation id).
    pub organisation: Option<String>,
    /// Initial level filter.
    pub level: Option<Level>,
}

/// Why the attributes cannot work; shown to the webmaster in the page's language.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ConfigError {
    MissingSrc,
    /// The value as written.
    InvalidSrc(String),
    InvalidFormat(String),
    InvalidLevel(String),
}

impl ConfigError {
    /// The attribute at fault, as written in HTML.
    pub fn attribute(&self) -> &'static str {
        match self {
            ConfigError::MissingSrc | ConfigError::InvalidSrc(_) => "src",
            ConfigError::InvalidFormat(_) => "format",
            ConfigError::InvalidLevel(_) => "level",
        }
    }
}

/// Longest `src` accepted.
pub const MAX_SRC_BYTES: usize = 2048;

impl Config {
    /// Checks the attributes. Empty filter attributes mean "no filter", so a CMS template that
    /// always writes `council=""` works.
    pub fn parse(a: Attrs<'_>) -> Result<Config, ConfigError> {
        let src = a.src.map(str::trim).filter(|s| !s.is_empty());
        let src = src.ok_or(ConfigError::MissingSrc)?;
        if !is_src(src) {
            return Err(ConfigError::InvalidSrc(src.to_string()));
        }
        let format = match a.format.map(str::trim).filter(|s| !s.is_empty()) {
            None => Format::Native,
            Some(f) if f.eq_ignore_ascii_case("native") => Format::Native,
            Some(f) if f.eq_ignore_ascii_case("popolo") => Format::Popolo,
            Some(f) => return Err(ConfigError::InvalidFormat(f.to_string())),
        };
        let level = match a.level.map(str::trim).filter(|s| !s.is_empty()) {
            None => None,
            Some(l) => Some(Level::parse(l).ok_or_else(|| ConfigError::InvalidLevel(l.into()))?),
        };
        let id = |v: Option<&str>| v.map(str::trim).filter(|s| !s.is_empty()).map(String::from);
        Ok(Config {
            src: src.to_string(),
            format,
            council: id(a.council),
            organisation: id(a.organisation),
            level,
        })
    }
}

/// An absolute `http(s):` URL with a host and no user info, or a path starting with one `/`.
/// Query strings are fine (a GET URL may select a tenant); whitespace, controls and backslashes
/// are not, since browsers repair them in ways that change the URL.
fn is_src(s: &str) -> bool {
    if s.len() > MAX_SRC_BYTES
        || s.chars()
            .any(|c| c.is_whitespace() || c.is_control() || c == '\\')
    {
        return false;
    }
    if let Some(path) = s.strip_prefix('/') {
        // "//host/x" is a protocol-relative URL to another host, not a path.
        return !path.starts_with('/');
    }
    let lower = s.to_ascii_lowercase();
    let Some(rest) = lower
        .strip_prefix("https://")
        .or_else(|| lower.strip_prefix("http://"))
    else {
        return false;
    };
    let host = rest.split(['/', '?', '#']).next().unwrap_or("");
    !host.is_empty()
        && !host.starts_with(':')
        && host
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '.' | '-' | ':' | '[' | ']'))
}

/// Reads a fetched document in the configured format.
pub fn read(text: &str, format: Format) -> Result<ImportReport, ImportError> {
    match format {
        Format::Native => native::read_native(text),
        Format::Popolo => popolo::read_popolo(text),
    }
}

/// The part of the results to render: per shown group (index into
/// [`SearchResults::groups`]) the range of its hits (relative to the group) to render.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Visible {
    pub groups: Vec<(usize, Range<usize>)>,
    /// Whether anything (hits or whole groups) is left out.
    pub more: bool,
}

/// The first `limit` rows of `results`, in order. A hit is one row; a group without hits (a
/// council shown only for its vacant seats) is one row too, so an empty query over thousands
/// of councils is windowed as well. A group is shown (with its heading and seat counts) as soon
/// as one of its rows fits.
pub fn visible(results: &SearchResults, limit: usize) -> Visible {
    let mut out = Visible::default();
    let mut left = limit;
    for (i, g) in results.groups.iter().enumerate() {
        let len = g.hits.len();
        if left == 0 {
            out.more = true;
            break;
        }
        if len == 0 {
            out.groups.push((i, 0..0));
            left -= 1;
            continue;
        }
        let take = len.min(left);
        out.groups.push((i, 0..take));
        left -= take;
        if take < len {
            out.more = true;
            break;
        }
    }
    out
}
