//! The one gate every directory record passes: text cleaning, contact validation, reference and
//! cycle checks, and the report of what was skipped or dropped.
//!
//! Readers ([`super::native`], [`super::popolo`], [`super::csv`]) only translate their format
//! into [`Records`]; [`Directory::build`] decides what is valid. So the three formats cannot
//! drift apart in what they let through, and the widget can say "N records could not be shown".
//!
//! Decisions:
//! - A record that cannot be shown correctly is *skipped* with a reason (no id, no name,
//!   duplicate id, a membership whose person or council is missing, a bad date, a term that ends
//!   before it starts). The first record with an id wins; later duplicates are skipped.
//! - A field that is wrong but not essential is *dropped* and the record kept (a bad e-mail,
//!   an `http:` link, a nominating organisation that does not exist). People stay findable.
//! - A cyclic parent chain (A → B → A) drops the parent link of every organisation on the
//!   cycle instead of skipping them, since skipping a council would also hide all its members.
//! - Names are plain text stored as given (HTML stays visible text, rendered inert by the
//!   widget); control characters and invisible direction overrides are removed and whitespace
//!   collapsed, because they can reorder or hide what a reader sees.

use core::fmt;

use super::links::{https_url, normalise_phone, validate_email};
use super::{Contact, Directory, Membership, OrgKind, Organisation, Person};
use crate::json_value::JsonError;

/// Most persons a document may hold.
pub const MAX_PERSONS: usize = 50_000;
/// Most organisations a document may hold.
pub const MAX_ORGANISATIONS: usize = 10_000;
/// Most memberships a document may hold.
pub const MAX_MEMBERSHIPS: usize = 50_000;
/// Longest name, in characters; longer ones are junk, not names.
pub const MAX_NAME_CHARS: usize = 300;
/// Longest other text field (address, sort name), in characters.
pub const MAX_TEXT_CHARS: usize = 1000;
/// Longest id, in bytes.
pub const MAX_ID_BYTES: usize = 200;
/// Most other names, or links, kept per person.
pub const MAX_LIST_ITEMS: usize = 50;
/// Most seats a council may declare in one category.
pub const MAX_SEATS: u32 = 10_000;

/// Which kind of record a report line is about.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum RecordKind {
    Person,
    Organisation,
    Membership,
    /// A Popolo post (a seat).
    Post,
}

impl RecordKind {
    pub fn as_str(self) -> &'static str {
        match self {
            RecordKind::Person => "person",
            RecordKind::Organisation => "organisation",
            RecordKind::Membership => "membership",
            RecordKind::Post => "post",
        }
    }
}

/// Why a record was skipped or a field dropped.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Reason {
    NotAnObject,
    MissingId,
    InvalidId,
    DuplicateId,
    MissingName,
    TooLong,
    InvalidValue,
    InvalidDate,
    EndBeforeStart,
    UnknownPerson,
    UnknownCouncil,
    NotACouncil,
    UnknownReference,
    CyclicParent,
    InvalidEmail,
    InvalidPhone,
    InvalidUrl,
}

impl Reason {
    /// Every reason, for tests that each has a text in every language.
    pub const ALL: [Reason; 17] = [
        Reason::NotAnObject,
        Reason::MissingId,
        Reason::InvalidId,
        Reason::DuplicateId,
        Reason::MissingName,
        Reason::TooLong,
        Reason::InvalidValue,
        Reason::InvalidDate,
        Reason::EndBeforeStart,
        Reason::UnknownPerson,
        Reason::UnknownCouncil,
        Reason::NotACouncil,
        Reason::UnknownReference,
        Reason::CyclicParent,
        Reason::InvalidEmail,
        Reason::InvalidPhone,
        Reason::InvalidUrl,
    ];

    /// An English sentence fragment for logs, console warnings and the JSON API; the admin
    /// pages say it in the person's language (`admin::import_texts`).
    pub fn message(self) -> &'static str {
        match self {
            Reason::NotAnObject => "not a JSON object",
            Reason::MissingId => "no id",
            Reason::InvalidId => "id is not a string of at most 200 bytes",
            Reason::DuplicateId => "an earlier record has the same id",
            Reason::MissingName => "no name",
            Reason::TooLong => "too long",
            Reason::InvalidValue => "value of the wrong type or not allowed",
            Reason::InvalidDate => "not a date of the form YYYY, YYYY-MM or YYYY-MM-DD",
            Reason::EndBeforeStart => "the term ends before it starts",
            Reason::UnknownPerson => "the person does not exist",
            Reason::UnknownCouncil => "the council does not exist",
            Reason::NotACouncil => "the organisation is not a council",
            Reason::UnknownReference => "refers to a record that does not exist",
            Reason::CyclicParent => "the parent chain loops back to this organisation",
            Reason::InvalidEmail => "not a valid e-mail address",
            Reason::InvalidPhone => "not a valid phone number",
            Reason::InvalidUrl => "not a valid https: URL",
        }
    }
}

/// A record left out of the directory.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Skipped {
    pub kind: RecordKind,
    /// The record's id when it had a usable one.
    pub id: Option<String>,
    pub reason: Reason,
    /// The field at fault (native camelCase name), when one is.
    pub field: Option<&'static str>,
}

impl fmt::Display for Skipped {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} ", self.kind.as_str())?;
        if let Some(id) = &self.id {
            write!(f, "{id:?} ")?;
        }
        write!(f, "skipped: {}", self.reason.message())?;
        if let Some(field) = self.field {
            write!(f, " ({field})")?;
        }
        Ok(())
    }
}

/// A field removed from a record that was kept.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Dropped {
    pub kind: RecordKind,
    pub id: String,
    /// Native camelCase field name, e.g. `email`, `links`, `contact.phone`, `parentId`.
    pub field: &'static str,
    pub reason: Reason,
}

impl fmt::Display for Dropped {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{} {:?}: {} dropped: {}",
            self.kind.as_str(),
            self.id,
            self.field,
            self.reason.message()
        )
    }
}

/// A document that could not be read at all.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ImportError {
    /// Not JSON.
    Json(JsonError),
    /// JSON, but not an object at the top.
    NotAnObject,
    /// An object, but not this format (no `schemaVersion`; no Popolo arrays).
    WrongFormat,
    /// A native document of a version this build does not read.
    UnsupportedSchemaVersion,
    /// More records of one kind than the limit.
    TooMany {
        kind: RecordKind,
        count: usize,
        limit: usize,
    },
}

impl fmt::Display for ImportError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ImportError::Json(e) => write!(f, "not valid JSON: {e}"),
            ImportError::NotAnObject => f.write_str("the document is not a JSON object"),
            ImportError::WrongFormat => f.write_str("the document is not in the expected format"),
            ImportError::UnsupportedSchemaVersion => {
                f.write_str("unsupported schemaVersion (this build reads version 1)")
            }
            ImportError::TooMany { kind, count, limit } => {
                write!(f, "too many {}s: {count} (at most {limit})", kind.as_str())
            }
        }
    }
}

impl std::error::Error for ImportError {}

impl From<JsonError> for ImportError {
    fn from(e: JsonError) -> Self {
        ImportError::Json(e)
    }
}

/// Checks a record count against its limit.
pub(crate) fn check_limit(kind: RecordKind, count: usize) -> Result<(), ImportError> {
    let limit = match kind {
        RecordKind::Person => MAX_PERSONS,
        RecordKind::Organisation | RecordKind::Post => MAX_ORGANISATIONS,
        RecordKind::Membership => MAX_MEMBERSHIPS,
    };
    if count > limit {
        return Err(ImportError::TooMany { kind, count, limit });
    }
    Ok(())
}

/// A directory read from a document, with everything that had to be left out.
#[derive(Clone, Debug, PartialEq)]
pub struct ImportReport {
    pub directory: Directory,
    /// Records not in the directory; the widget shows their count.
    pub skipped: Vec<Skipped>,
    /// Fields removed from records that are in the directory.
    pub dropped: Vec<Dropped>,
}

/// Records as a reader found them, before [`Directory::build`] validates them.
#[derive(Clone, Debug, Default)]
pub struct Records {
    pub persons: Vec<Person>,
    pub organisations: Vec<Organisation>,
    pub memberships: Vec<Membership>,
    /// What the reader already had to skip (records it could not even translate).
    pub skipped: Vec<Skipped>,
    /// What the reader already had to drop.
    pub dropped: Vec<Dropped>,
}

/// Whether a character is removed from text: controls, and invisible characters that change
/// how the surrounding text is displayed (direction overrides and isolates, marks, zero-width
/// space, word joiner, byte order mark, soft hyphen). Zero-width (non-)joiners stay: some
/// scripts and emoji need them.
fn is_invisible(c: char) -> bool {
    c.is_control()
        || matches!(
            c,
            '\u{200b}' | '\u{200e}' | '\u{200f}' | '\u{2060}' | '\u{feff}' | '\u{ad}'
        )
        || ('\u{202a}'..='\u{202e}').contains(&c)
        || ('\u{2066}'..='\u{2069}').contains(&c)
}

/// One line of plain text: invisible characters removed, whitespace (tabs and line breaks
/// included) collapsed to single spaces, trimmed.
pub fn clean_line(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut space = false;
    for c in s.chars() {
        if c.is_whitespace() {
            space = true;
        } else if !is_invisible(c) {
            if space && !out.is_empty() {
                out.push(' ');
            }
            space = false;
            out.push(c);
        }
    }
    out
}

/// Multi-line text (an address): each line cleaned like [`clean_line`], empty lines removed,
/// lines joined with `\n`.
pub fn clean_lines(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for line in s
        .split(['\n', '\r'])
        .map(clean_line)
        .filter(|l| !l.is_empty())
    {
        if !out.is_empty() {
            out.push('\n');
        }
        out.push_str(&line);
    }
    out
}

/// A usable id: trimmed, non-empty, at most [`MAX_ID_BYTES`], no invisible characters.
fn clean_id(id: &str) -> Result<String, Reason> {
    let id = id.trim();
    if id.is_empty() {
        Err(Reason::MissingId)
    } else if id.len() > MAX_ID_BYTES || id.chars().any(is_invisible) {
        Err(Reason::InvalidId)
    } else {
        Ok(id.to_owned())
    }
}

/// Collects skipped records and dropped fields while building.
struct Gate {
    skipped: Vec<Skipped>,
    dropped: Vec<Dropped>,
}

impl Gate {
    fn skip(
        &mut self,
        kind: RecordKind,
        id: Option<&str>,
        reason: Reason,
        field: Option<&'static str>,
    ) {
        self.skipped.push(Skipped {
            kind,
            id: id.map(str::to_owned),
            reason,
            field,
        });
    }

    fn drop(&mut self, kind: RecordKind, id: &str, field: &'static str, reason: Reason) {
        self.dropped.push(Dropped {
            kind,
            id: id.to_owned(),
            field,
            reason,
        });
    }

    /// Cleans an optional one-line text field, dropping it when too long.
    fn text(
        &mut self,
        v: Option<String>,
        max: usize,
        at: (RecordKind, &str, &'static str),
    ) -> Option<String> {
        let v = clean_line(&v?);
        self.limit(v, max, at)
    }

    fn limit(
        &mut self,
        v: String,
        max: usize,
        (kind, id, field): (RecordKind, &str, &'static str),
    ) -> Option<String> {
        if v.is_empty() {
            None
        } else if v.chars().count() > max {
            self.drop(kind, id, field, Reason::TooLong);
            None
        } else {
            Some(v)
        }
    }

    /// Validates an optional field with `check`, dropping it with `reason` when invalid.
    fn valid(
        &mut self,
        v: Option<String>,
        check: fn(&str) -> Option<String>,
        reason: Reason,
        (kind, id, field): (RecordKind, &str, &'static str),
    ) -> Option<String> {
        let v = v?;
        if v.trim().is_empty() {
            return None;
        }
        let out = check(&v);
        if out.is_none() {
            self.drop(kind, id, field, reason);
        }
        out
    }

    /// Checks id and name shared by persons and organisations; `Err` means skipped.
    fn id_and_name(
        &mut self,
        kind: RecordKind,
        raw_id: &str,
        raw_name: &str,
        seen: &std::collections::HashMap<String, usize>,
    ) -> Option<(String, String)> {
        let id = match clean_id(raw_id) {
            Ok(id) => id,
            Err(reason) => {
                self.skip(kind, None, reason, Some("id"));
                return None;
            }
        };
        if seen.contains_key(&id) {
            self.skip(kind, Some(&id), Reason::DuplicateId, Some("id"));
            return None;
        }
        let name = clean_line(raw_name);
        if name.is_empty() {
            self.skip(kind, Some(&id), Reason::MissingName, Some("name"));
            return None;
        }
        if name.chars().count() > MAX_NAME_CHARS {
            self.skip(kind, Some(&id), Reason::TooLong, Some("name"));
            return None;
        }
        Some((id, name))
    }

    fn contact(&mut self, c: Contact, kind: RecordKind, id: &str) -> Contact {
        Contact {
            email: self.valid(
                c.email,
                validate_email,
                Reason::InvalidEmail,
                (kind, id, "contact.email"),
            ),
            phone: self.valid(
                c.phone,
                normalise_phone,
                Reason::InvalidPhone,
                (kind, id, "contact.phone"),
            ),
            address: c.address.and_then(|a| {
                self.limit(
                    clean_lines(&a),
                    MAX_TEXT_CHARS,
                    (kind, id, "contact.address"),
                )
            }),
            link: self.valid(
                c.link,
                https_url,
                Reason::InvalidUrl,
                (kind, id, "contact.link"),
            ),
        }
    }
}

impl Directory {
    /// Validates records into a directory; see the module docs for what is skipped or dropped.
    pub fn build(records: Records) -> ImportReport {
        let Records {
            persons,
            organisations,
            memberships,
            skipped,
            dropped,
        } = records;
        let mut g = Gate { skipped, dropped };
        let mut dir = Directory::default();

        for p in persons {
            let kind = RecordKind::Person;
            let Some((id, name)) = g.id_and_name(kind, &p.id, &p.name, &dir.person_ix) else {
                continue;
            };
            let mut other_names: Vec<String> = Vec::new();
            for n in p.other_names {
                let n = clean_line(&n);
                if n.is_empty() || n == name || other_names.contains(&n) {
                    continue;
                }
                if n.chars().count() > MAX_NAME_CHARS || other_names.len() >= MAX_LIST_ITEMS {
                    g.drop(kind, &id, "otherNames", Reason::TooLong);
                    continue;
                }
                other_names.push(n);
            }
            let mut links: Vec<String> = Vec::new();
            for l in p.links {
                match https_url(&l) {
                    Some(l) if links.len() < MAX_LIST_ITEMS => {
                        if !links.contains(&l) {
                            links.push(l);
                        }
                    }
                    Some(_) => g.drop(kind, &id, "links", Reason::TooLong),
                    None => g.drop(kind, &id, "links", Reason::InvalidUrl),
                }
            }
            let person = Person {
                sort_name: g.text(p.sort_name, MAX_NAME_CHARS, (kind, &id, "sortName")),
                other_names,
                email: g.valid(
                    p.email,
                    validate_email,
                    Reason::InvalidEmail,
                    (kind, &id, "email"),
                ),
                phone: g.valid(
                    p.phone,
                    normalise_phone,
                    Reason::InvalidPhone,
                    (kind, &id, "phone"),
                ),
                address: p
                    .address
                    .and_then(|a| g.limit(clean_lines(&a), MAX_TEXT_CHARS, (kind, &id, "address"))),
                links,
                photo_url: g.valid(
                    p.photo_url,
                    https_url,
                    Reason::InvalidUrl,
                    (kind, &id, "photoUrl"),
                ),
                name,
                id,
            };
            dir.person_ix.insert(person.id.clone(), dir.persons.len());
            dir.persons.push(person);
        }

        for o in organisations {
            let kind = RecordKind::Organisation;
            let Some((id, name)) = g.id_and_name(kind, &o.id, &o.name, &dir.org_ix) else {
                continue;
            };
            let mut seats = o.seats;
            if o.kind != OrgKind::Council && !seats.is_empty() {
                g.drop(kind, &id, "seats", Reason::NotACouncil);
                seats.clear();
            }
            if seats.iter().any(|s| s.seats > MAX_SEATS) {
                g.drop(kind, &id, "seats", Reason::InvalidValue);
                seats.clear();
            }
            let org = Organisation {
                parent_id: o
                    .parent_id
                    .map(|p| p.trim().to_owned())
                    .filter(|p| !p.is_empty()),
                id,
                name,
                kind: o.kind,
                level: o.level,
                seats,
            };
            dir.org_ix.insert(org.id.clone(), dir.organisations.len());
            dir.organisations.push(org);
        }
        // Parents are resolved once every organisation is known, so order in the source does
        // not matter; then cycles are broken.
        for i in 0..dir.organisations.len() {
            let known = dir.organisations[i]
                .parent_id
                .as_deref()
                .is_none_or(|p| dir.org_ix.contains_key(p));
            if !known {
                let o = &mut dir.organisations[i];
                o.parent_id = None;
                g.drop(
                    RecordKind::Organisation,
                    &o.id,
                    "parentId",
                    Reason::UnknownReference,
                );
            }
        }
        break_parent_cycles(&mut dir, &mut g);

        for m in memberships {
            let kind = RecordKind::Membership;
            let id = match clean_id(&m.id) {
                Ok(id) => id,
                Err(reason) => {
                    g.skip(kind, None, reason, Some("id"));
                    continue;
                }
            };
            let fail = |g: &mut Gate, reason, field| g.skip(kind, Some(&id), reason, Some(field));
            if dir.membership_ix.contains_key(&id) {
                fail(&mut g, Reason::DuplicateId, "id");
                continue;
            }
            let person_id = m.person_id.trim();
            if !dir.person_ix.contains_key(person_id) {
                fail(&mut g, Reason::UnknownPerson, "personId");
                continue;
            }
            let council_id = m.council_id.trim();
            match dir.organisation(council_id) {
                None => {
                    fail(&mut g, Reason::UnknownCouncil, "councilId");
                    continue;
                }
                Some(o) if o.kind != OrgKind::Council => {
                    fail(&mut g, Reason::NotACouncil, "councilId");
                    continue;
                }
                Some(_) => {}
            }
            if let (Some(s), Some(e)) = (m.start, m.end)
                && s.first_day() > e.last_day()
            {
                fail(&mut g, Reason::EndBeforeStart, "end");
                continue;
            }
            let mut on_behalf_of = m
                .on_behalf_of
                .map(|o| o.trim().to_owned())
                .filter(|o| !o.is_empty());
            if on_behalf_of
                .as_deref()
                .is_some_and(|o| !dir.org_ix.contains_key(o))
            {
                g.drop(kind, &id, "onBehalfOf", Reason::UnknownReference);
                on_behalf_of = None;
            }
            let membership = Membership {
                person_id: person_id.to_owned(),
                council_id: council_id.to_owned(),
                contact: g.contact(m.contact, kind, &id),
                deputy_for: m
                    .deputy_for
                    .map(|d| d.trim().to_owned())
                    .filter(|d| !d.is_empty()),
                on_behalf_of,
                id,
                ..m
            };
            dir.membership_ix
                .insert(membership.id.clone(), dir.memberships.len());
            dir.memberships.push(membership);
        }
        // A personal deputy must stand in for another membership on the same council.
        for i in 0..dir.memberships.len() {
            let m = &dir.memberships[i];
            let ok = m.deputy_for.as_deref().is_none_or(|d| {
                d != m.id
                    && dir
                        .membership(d)
                        .is_some_and(|t| t.council_id == m.council_id)
            });
            if !ok {
                let m = &mut dir.memberships[i];
                m.deputy_for = None;
                g.drop(
                    RecordKind::Membership,
                    &m.id,
                    "deputyFor",
                    Reason::UnknownReference,
                );
            }
        }

        ImportReport {
            directory: dir,
            skipped: g.skipped,
            dropped: g.dropped,
        }
    }
}

/// Drops the parent link of every organisation that lies on a cycle of parent links.
fn break_parent_cycles(dir: &mut Directory, g: &mut Gate) {
    const UNSEEN: u8 = 0;
    const ON_PATH: u8 = 1;
    const DONE: u8 = 2;
    let n = dir.organisations.len();
    let mut state = vec![UNSEEN; n];
    let mut on_cycle = vec![false; n];
    let mut path: Vec<usize> = Vec::new();
    for start in 0..n {
        let mut cur = Some(start);
        while let Some(i) = cur {
            match state[i] {
                UNSEEN => {
                    state[i] = ON_PATH;
                    path.push(i);
                    cur = dir.organisations[i]
                        .parent_id
                        .as_deref()
                        .and_then(|p| dir.org_ix.get(p).copied());
                }
                ON_PATH => {
                    // The walk came back to `i`: everything on the path from `i` is the cycle.
                    let from = path.iter().position(|&p| p == i).unwrap_or(0);
                    for &p in &path[from..] {
                        on_cycle[p] = true;
                    }
                    cur = None;
                }
                _ => cur = None,
            }
        }
        for &p in &path {
            state[p] = DONE;
        }
        path.clear();
    }
    for (i, o) in dir.organisations.iter_mut().enumerate() {
        if on_cycle[i] {
            o.parent_id = None;
            g.drop(
                RecordKind::Organisation,
                &o.id,
                "parentId",
                Reason::CyclicParent,
            );
        }
    }
}
