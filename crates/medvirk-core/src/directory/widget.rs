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
//! - [`card`] decides what one card shows, every text formatted and every link built by
//!   `links::safe_link`, so the widget only places finished strings into its markup.

use std::ops::Range;

use super::links::{LinkKind, safe_link};
use super::search::{Hit, SearchIndex, SearchResults};
use super::{ImportError, ImportReport, Level, Role, Status, native, popolo, texts};
use crate::lang::Lang;

/// Rows rendered at first and added by each "show more". Twenty rows fill several screens on
/// any device (a card is about a third of a phone screen), and every row in the window is
/// built when a keystroke changes the results: 50 made a heavy keystroke build over 1,500
/// nodes (the bench's p95 at 4x CPU was 82 ms).
pub const PAGE_SIZE: usize = 20;

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

/// One line of a card's contact list.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ContactLine<'a> {
    /// "E-post", "Telefon", "Nettside", "Adresse".
    pub label: &'static str,
    /// The value as the data holds it.
    pub text: &'a str,
    /// The link, rebuilt by [`safe_link`]; `None` for an address.
    pub href: Option<String>,
}

/// What one membership's card shows, in order. Texts borrowed from the directory are not
/// copied; the council is the heading of the group the card sits in, so it is not repeated.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Card<'a> {
    pub person_id: &'a str,
    pub name: &'a str,
    /// The role, followed by the appointment status unless appointed: "Medlem · Nominert".
    pub role: String,
    /// "Personlig vara for Kari Nordmann", for a personal deputy whose member is known.
    pub deputy_for: Option<String>,
    /// The nominating organisation's name.
    pub on_behalf_of: Option<&'a str>,
    /// The term ("2022–2025"); empty when no dates are known.
    pub term: String,
    /// The membership is over (shown with the "past" flag).
    pub past: bool,
    /// "Perioden går ut 1. mars 2026", when the term ends soon.
    pub ends_soon: Option<String>,
    /// "Sist bekreftet juni 2025".
    pub confirmed: Option<String>,
    /// Membership contacts first, then the person's; a value listed once.
    pub contact: Vec<ContactLine<'a>>,
    /// Label of the vCard button.
    pub vcard: String,
    /// A deputy standing in for one named member: the card is drawn apart (dashed border).
    pub personal_deputy: bool,
}

/// The card of `hit`, or `None` when its person is missing (a built directory never has that).
///
/// Every href is rebuilt by the allowlist here, even though the reader validated the data:
/// the link is where backend text turns into something the browser acts on. A value that
/// does not make a valid link is left out rather than shown unlinked.
pub fn card<'a>(index: &'a SearchIndex, hit: &Hit, lang: Lang) -> Option<Card<'a>> {
    let t = texts::texts(lang);
    let dir = index.directory();
    let m = dir.memberships().get(hit.membership)?;
    let parties = index.parties(hit.membership);
    let person = parties.person?;
    let mut role = texts::role_label(lang, m.role).to_string();
    if m.status != Status::Appointed {
        role.push_str(" · ");
        role.push_str(texts::status_label(lang, m.status));
    }
    let deputy_for = m
        .deputy_for
        .as_deref()
        .and_then(|id| dir.membership(id))
        .and_then(|d| dir.person(&d.person_id))
        .map(|p| format!("{} {}", t.personal_deputy_for, p.name));

    let mut contact: Vec<ContactLine<'a>> = Vec::new();
    let mut push = |label, raw: Option<&'a String>, kind: Option<LinkKind>| {
        let Some(raw) = raw else { return };
        let href = kind.and_then(|k| safe_link(raw, k));
        if (kind.is_some() && href.is_none()) || contact.iter().any(|l| l.text == raw.as_str()) {
            return;
        }
        contact.push(ContactLine {
            label,
            text: raw,
            href,
        });
    };
    push(t.email, m.contact.email.as_ref(), Some(LinkKind::Email));
    push(t.email, person.email.as_ref(), Some(LinkKind::Email));
    push(t.phone, m.contact.phone.as_ref(), Some(LinkKind::Phone));
    push(t.phone, person.phone.as_ref(), Some(LinkKind::Phone));
    push(t.website, m.contact.link.as_ref(), Some(LinkKind::Web));
    for l in &person.links {
        push(t.website, Some(l), Some(LinkKind::Web));
    }
    push(t.address, m.contact.address.as_ref(), None);
    push(t.address, person.address.as_ref(), None);

    Some(Card {
        person_id: &person.id,
        name: &person.name,
        role,
        on_behalf_of: parties.nominator.map(|o| o.name.as_str()),
        term: texts::term_range(lang, m.start, m.end),
        past: hit.past,
        ends_soon: m
            .end
            .filter(|_| hit.ends_soon)
            .map(|end| texts::term_ends(lang, end)),
        confirmed: m.confirmed_on.map(|d| texts::confirmed_on(lang, d)),
        contact,
        vcard: texts::vcard_download(lang, &person.name),
        personal_deputy: m.role == Role::Deputy && deputy_for.is_some(),
        deputy_for,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::directory::search::Query;
    use crate::directory::{Date, PartialDate};

    const DOC: &str = r#"{
      "schemaVersion": 1,
      "persons": [
        {"id": "p1", "name": "Øyvind Østby", "email": "oyvind@example.no", "phone": "+47 400 00 001",
         "links": ["https://example.no/oyvind"], "address": "Storgata 1\n9008 Tromsø"},
        {"id": "p2", "name": "Siv Aamodt", "email": "siv@example.no"}
      ],
      "organisations": [
        {"id": "bu", "name": "Brukerutvalget", "kind": "council"},
        {"id": "org", "name": "Brukerforeningen", "kind": "user_organisation"}
      ],
      "memberships": [
        {"id": "m1", "personId": "p1", "councilId": "bu", "role": "member", "onBehalfOf": "org",
         "start": "2024", "end": "2026-03-01", "status": "nominated", "confirmedOn": "2025-06",
         "contact": {"email": "oyvind@example.no", "phone": "+47 777 00 000"}},
        {"id": "m2", "personId": "p2", "councilId": "bu", "role": "deputy", "deputyFor": "m1",
         "status": "appointed"}
      ]
    }"#;

    fn cards(today: Date) -> Vec<Card<'static>> {
        let report = native::read_native(DOC).expect("valid document");
        let index: &'static SearchIndex = Box::leak(Box::new(SearchIndex::new(
            report.directory,
            Lang::Nb,
            today,
        )));
        let results = index.search(&Query::default());
        results
            .hits
            .iter()
            .map(|h| card(index, h, Lang::Nb).expect("person exists"))
            .collect()
    }

    #[test]
    fn a_card_holds_finished_texts_and_safe_links() {
        let today = Date::new(2026, 2, 1).unwrap();
        let [member, deputy] = <[Card; 2]>::try_from(cards(today)).unwrap();

        assert_eq!(member.name, "Øyvind Østby");
        assert_eq!(member.person_id, "p1");
        assert_eq!(member.role, "Medlem · Nominert");
        assert_eq!(member.on_behalf_of, Some("Brukerforeningen"));
        assert_eq!(
            member.term,
            texts::term_range(
                Lang::Nb,
                Some(PartialDate::parse("2024").unwrap()),
                Some(PartialDate::parse("2026-03-01").unwrap())
            )
        );
        assert!(!member.past);
        assert_eq!(
            member.ends_soon.as_deref(),
            Some(texts::term_ends(Lang::Nb, PartialDate::parse("2026-03-01").unwrap()).as_str())
        );
        assert_eq!(
            member.confirmed.as_deref(),
            Some("Sist bekreftet juni 2025")
        );
        assert_eq!(member.vcard, "Last ned kontaktkort for Øyvind Østby");
        assert_eq!(member.deputy_for, None);
        assert!(!member.personal_deputy);
        // Membership contacts first; the person's e-mail equals the membership's and is listed
        // once; every link rebuilt; the address is text.
        let lines: Vec<(&str, &str, Option<&str>)> = member
            .contact
            .iter()
            .map(|l| (l.label, l.text, l.href.as_deref()))
            .collect();
        assert_eq!(
            lines,
            [
                (
                    "E-post",
                    "oyvind@example.no",
                    Some("mailto:oyvind@example.no")
                ),
                ("Telefon", "+47 777 00 000", Some("tel:+4777700000")),
                ("Telefon", "+47 400 00 001", Some("tel:+4740000001")),
                (
                    "Nettside",
                    "https://example.no/oyvind",
                    Some("https://example.no/oyvind")
                ),
                ("Adresse", "Storgata 1\n9008 Tromsø", None),
            ]
        );

        assert_eq!(deputy.role, "Varamedlem");
        assert_eq!(
            deputy.deputy_for.as_deref(),
            Some("Personlig vara for Øyvind Østby")
        );
        assert!(deputy.personal_deputy);
        assert_eq!(deputy.on_behalf_of, None);
        assert_eq!(deputy.term, "");
        assert_eq!(deputy.ends_soon, None);
    }

    #[test]
    fn a_past_membership_is_flagged_and_not_ending_soon() {
        let today = Date::new(2027, 1, 1).unwrap();
        let report = native::read_native(DOC).expect("valid document");
        let index = SearchIndex::new(report.directory, Lang::Nb, today);
        let results = index.search(&Query {
            include_past: true,
            ..Query::default()
        });
        let past: Vec<Card> = results
            .hits
            .iter()
            .filter(|h| h.past)
            .map(|h| card(&index, h, Lang::Nb).unwrap())
            .collect();
        assert_eq!(past.len(), 1);
        assert!(past[0].past);
        assert_eq!(past[0].ends_soon, None);
        assert_eq!(
            card(
                &index,
                &Hit {
                    membership: 99,
                    past: false,
                    ends_soon: false
                },
                Lang::Nb
            ),
            None
        );
    }
}
