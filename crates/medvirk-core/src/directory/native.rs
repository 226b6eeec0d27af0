//! The native directory format (`schemaVersion: 1`, camelCase): reader and writer.
//!
//! The format is described by `schemas/directory.v1.schema.json` and shown by
//! `examples/directory/native-small.json`. It is what `GET /api/v1/directory` serves and what
//! the widget reads by default. Reading is lenient per record and strict per document: a
//! record that breaks the schema is skipped or loses the bad field (see [`super::import`]),
//! while a document that is not JSON, not an object, or of another `schemaVersion` fails whole.

use super::import::{Records, check_limit};
use super::{
    Category, Contact, Directory, Dropped, ImportError, ImportReport, Level, Membership, OrgKind,
    Organisation, PartialDate, Person, Reason, RecordKind, Role, SeatCount, Skipped, Status,
};
use crate::json::write_str;
use crate::json_value::{self, Value};

/// Reads a native directory document.
pub fn read_native(text: &str) -> Result<ImportReport, ImportError> {
    let doc = json_value::parse(text)?;
    if doc.as_object().is_none() {
        return Err(ImportError::NotAnObject);
    }
    match doc.get("schemaVersion") {
        None => return Err(ImportError::WrongFormat),
        Some(v) if v.as_u64() == Some(1) => {}
        Some(_) => return Err(ImportError::UnsupportedSchemaVersion),
    }
    let persons = list(&doc, "persons")?;
    let organisations = list(&doc, "organisations")?;
    let memberships = list(&doc, "memberships")?;
    check_limit(RecordKind::Person, persons.len())?;
    check_limit(RecordKind::Organisation, organisations.len())?;
    check_limit(RecordKind::Membership, memberships.len())?;

    let mut r = Records::default();
    for v in persons {
        if let Some(mut f) = Fields::open(v, RecordKind::Person, &mut r) {
            let (Some(id), Some(name)) = (f.required("id"), f.required("name")) else {
                continue;
            };
            let p = Person {
                sort_name: f.string("sortName"),
                other_names: f.strings("otherNames"),
                email: f.string("email"),
                phone: f.string("phone"),
                address: f.string("address"),
                links: f.strings("links"),
                photo_url: f.string("photoUrl"),
                id,
                name,
            };
            f.r.persons.push(p);
        }
    }
    for v in organisations {
        if let Some(mut f) = Fields::open(v, RecordKind::Organisation, &mut r) {
            let (Some(id), Some(name)) = (f.required("id"), f.required("name")) else {
                continue;
            };
            let Some(kind) = f.required_enum("kind", OrgKind::parse) else {
                continue;
            };
            let mut seats = Vec::new();
            if let Some(list) = f.array("seats") {
                for s in list {
                    let category = s
                        .get("category")
                        .and_then(Value::as_str)
                        .and_then(Category::parse);
                    let count = s
                        .get("seats")
                        .and_then(Value::as_u64)
                        .and_then(|n| u32::try_from(n).ok());
                    match (category, count) {
                        (Some(category), Some(seats_n)) => seats.push(SeatCount {
                            category,
                            seats: seats_n,
                        }),
                        _ => f.drop("seats", Reason::InvalidValue),
                    }
                }
            }
            let o = Organisation {
                parent_id: f.string("parentId"),
                level: f.optional_enum("level", Level::parse),
                id,
                name,
                kind,
                seats,
            };
            f.r.organisations.push(o);
        }
    }
    for v in memberships {
        if let Some(mut f) = Fields::open(v, RecordKind::Membership, &mut r) {
            let (Some(id), Some(person_id), Some(council_id)) = (
                f.required("id"),
                f.required("personId"),
                f.required("councilId"),
            ) else {
                continue;
            };
            let Some(role) = f.required_enum("role", Role::parse) else {
                continue;
            };
            let status = match f.v.get("status") {
                None | Some(Value::Null) => Some(Status::Appointed),
                Some(_) => f.required_enum("status", Status::parse),
            };
            let (Some(status), Ok(start), Ok(end)) = (status, f.date("start"), f.date("end"))
            else {
                continue;
            };
            // Not part of the term: a bad value only drops the field.
            let confirmed_on = f.date("confirmedOn").ok().flatten();
            let contact = match f.v.get("contact") {
                Some(c @ Value::Object(_)) => Contact {
                    email: f.string_in(c, "email", "contact.email"),
                    phone: f.string_in(c, "phone", "contact.phone"),
                    address: f.string_in(c, "address", "contact.address"),
                    link: f.string_in(c, "link", "contact.link"),
                },
                None | Some(Value::Null) => Contact::default(),
                Some(_) => {
                    f.drop("contact", Reason::InvalidValue);
                    Contact::default()
                }
            };
            let m = Membership {
                category: f.optional_enum("category", Category::parse),
                on_behalf_of: f.string("onBehalfOf"),
                deputy_for: f.string("deputyFor"),
                id,
                person_id,
                council_id,
                role,
                start,
                end,
                status,
                contact,
                confirmed_on,
            };
            f.r.memberships.push(m);
        }
    }
    Ok(Directory::build(r))
}

/// An optional top-level array; anything but an array or absence means another format.
fn list<'a>(doc: &'a Value, key: &str) -> Result<&'a [Value], ImportError> {
    match doc.get(key) {
        None | Some(Value::Null) => Ok(&[]),
        Some(Value::Array(a)) => Ok(a),
        Some(_) => Err(ImportError::WrongFormat),
    }
}

/// Reads the fields of one record, reporting skips and drops into `r`.
///
/// Shared with the Popolo reader, which uses other keys but the same rules: a wrong type in a
/// required field skips the record, in an optional field drops the field.
pub(crate) struct Fields<'a, 'r> {
    pub v: &'a Value,
    pub kind: RecordKind,
    /// The record's id once read, for report lines.
    pub id: Option<String>,
    pub r: &'r mut Records,
    /// Set once the record has been skipped, so it is reported only once.
    pub skipped: bool,
}

impl<'a, 'r> Fields<'a, 'r> {
    /// Opens a record, skipping it when it is not an object.
    pub fn open(v: &'a Value, kind: RecordKind, r: &'r mut Records) -> Option<Self> {
        if v.as_object().is_none() {
            r.skipped.push(Skipped {
                kind,
                id: None,
                reason: Reason::NotAnObject,
                field: None,
            });
            return None;
        }
        Some(Fields {
            v,
            kind,
            id: None,
            r,
            skipped: false,
        })
    }

    pub fn skip(&mut self, reason: Reason, field: &'static str) {
        if !self.skipped {
            self.skipped = true;
            self.r.skipped.push(Skipped {
                kind: self.kind,
                id: self.id.clone(),
                reason,
                field: Some(field),
            });
        }
    }

    pub fn drop(&mut self, field: &'static str, reason: Reason) {
        self.r.dropped.push(Dropped {
            kind: self.kind,
            id: self.id.clone().unwrap_or_default(),
            field,
            reason,
        });
    }

    /// A required string member; a missing or mistyped one skips the record.
    pub fn required(&mut self, key: &'static str) -> Option<String> {
        let out = match self.v.get(key) {
            Some(Value::String(s)) if !s.trim().is_empty() => Some(s.clone()),
            None | Some(Value::Null) => {
                let reason = match key {
                    "id" | "_id" => Reason::MissingId,
                    "name" => Reason::MissingName,
                    "personId" | "person_id" => Reason::UnknownPerson,
                    "councilId" | "organization_id" => Reason::UnknownCouncil,
                    _ => Reason::InvalidValue,
                };
                self.skip(reason, key);
                None
            }
            Some(Value::String(_)) => {
                let reason = match key {
                    "name" => Reason::MissingName,
                    "id" | "_id" => Reason::MissingId,
                    _ => Reason::InvalidValue,
                };
                self.skip(reason, key);
                None
            }
            Some(_) => {
                self.skip(Reason::InvalidValue, key);
                None
            }
        };
        if key == "id" && self.id.is_none() {
            self.id.clone_from(&out);
        }
        out
    }

    /// An optional string member; a mistyped one is dropped.
    pub fn string(&mut self, key: &'static str) -> Option<String> {
        let v = self.v;
        self.string_in(v, key, key)
    }

    /// An optional string member of `obj`, reported as `field`.
    pub fn string_in(&mut self, obj: &Value, key: &str, field: &'static str) -> Option<String> {
        match obj.get(key) {
            Some(Value::String(s)) => Some(s.clone()),
            None | Some(Value::Null) => None,
            Some(_) => {
                self.drop(field, Reason::InvalidValue);
                None
            }
        }
    }

    /// An optional array member; a mistyped one is dropped.
    pub fn array(&mut self, key: &'static str) -> Option<&'a [Value]> {
        match self.v.get(key) {
            Some(Value::Array(a)) => Some(a),
            None | Some(Value::Null) => None,
            Some(_) => {
                self.drop(key, Reason::InvalidValue);
                None
            }
        }
    }

    /// An optional array of strings; non-string items are dropped.
    pub fn strings(&mut self, key: &'static str) -> Vec<String> {
        let mut out = Vec::new();
        for item in self.array(key).unwrap_or(&[]) {
            match item.as_str() {
                Some(s) => out.push(s.to_owned()),
                None => self.drop(key, Reason::InvalidValue),
            }
        }
        out
    }

    /// A required member from a closed set; missing or unknown skips the record.
    pub fn required_enum<T>(
        &mut self,
        key: &'static str,
        parse: fn(&str) -> Option<T>,
    ) -> Option<T> {
        let out = self.v.get(key).and_then(Value::as_str).and_then(parse);
        if out.is_none() {
            self.skip(Reason::InvalidValue, key);
        }
        out
    }

    /// An optional member from a closed set; an unknown value is dropped.
    pub fn optional_enum<T>(
        &mut self,
        key: &'static str,
        parse: fn(&str) -> Option<T>,
    ) -> Option<T> {
        let v = self.v;
        let s = self.string_in(v, key, key)?;
        let out = parse(&s);
        if out.is_none() {
            self.drop(key, Reason::InvalidValue);
        }
        out
    }

    /// An optional partial date. `Err` when present but invalid: the caller decides whether
    /// that skips the record (term dates) or only drops the field.
    pub fn date(&mut self, key: &'static str) -> Result<Option<PartialDate>, ()> {
        self.date_value(self.v.get(key), key)
    }

    /// Like [`Fields::date`] for a value found elsewhere; invalid term dates skip the record,
    /// anything else drops the field.
    pub fn date_value(
        &mut self,
        v: Option<&Value>,
        key: &'static str,
    ) -> Result<Option<PartialDate>, ()> {
        match v {
            None | Some(Value::Null) => Ok(None),
            Some(Value::String(s)) if s.trim().is_empty() => Ok(None),
            Some(v) => match v.as_str().and_then(|s| PartialDate::parse(s.trim())) {
                Some(d) => Ok(Some(d)),
                None => {
                    if is_term_date(key) {
                        self.skip(Reason::InvalidDate, key);
                    } else {
                        self.drop(key, Reason::InvalidDate);
                    }
                    Err(())
                }
            },
        }
    }
}

/// Dates that define a term: a bad one makes the membership unreliable, so it is skipped.
fn is_term_date(key: &str) -> bool {
    matches!(key, "start" | "end" | "start_date" | "end_date")
}

/// Writes a directory in the native format (compact JSON, absent fields left out).
pub fn write_native(dir: &Directory) -> String {
    let mut out = String::with_capacity(256 + dir.memberships().len() * 200);
    out.push_str("{\"schemaVersion\":1,\"persons\":[");
    for (i, p) in dir.persons().iter().enumerate() {
        let mut o = Obj::new(&mut out, i);
        o.str("id", &p.id).str("name", &p.name);
        o.opt("sortName", p.sort_name.as_deref());
        o.list("otherNames", &p.other_names);
        o.opt("email", p.email.as_deref())
            .opt("phone", p.phone.as_deref())
            .opt("address", p.address.as_deref());
        o.list("links", &p.links);
        o.opt("photoUrl", p.photo_url.as_deref());
        o.end();
    }
    out.push_str("],\"organisations\":[");
    for (i, org) in dir.organisations().iter().enumerate() {
        let mut o = Obj::new(&mut out, i);
        o.str("id", &org.id)
            .str("name", &org.name)
            .str("kind", org.kind.as_str())
            .opt("parentId", org.parent_id.as_deref())
            .opt("level", org.level.map(Level::as_str));
        if !org.seats.is_empty() {
            o.key("seats");
            o.out.push('[');
            for (j, s) in org.seats.iter().enumerate() {
                let mut so = Obj::new(o.out, j);
                so.str("category", s.category.as_str());
                so.key("seats");
                crate::json::write_u64(so.out, s.seats.into());
                so.end();
            }
            o.out.push(']');
        }
        o.end();
    }
    out.push_str("],\"memberships\":[");
    for (i, m) in dir.memberships().iter().enumerate() {
        let mut o = Obj::new(&mut out, i);
        o.str("id", &m.id)
            .str("personId", &m.person_id)
            .str("councilId", &m.council_id)
            .str("role", m.role.as_str())
            .opt("category", m.category.map(Category::as_str))
            .opt("onBehalfOf", m.on_behalf_of.as_deref());
        o.date("start", m.start).date("end", m.end);
        o.str("status", m.status.as_str())
            .opt("deputyFor", m.deputy_for.as_deref());
        if !m.contact.is_empty() {
            o.key("contact");
            let mut c = Obj::new(o.out, 0);
            c.opt("email", m.contact.email.as_deref())
                .opt("phone", m.contact.phone.as_deref())
                .opt("address", m.contact.address.as_deref())
                .opt("link", m.contact.link.as_deref());
            c.end();
        }
        o.date("confirmedOn", m.confirmed_on);
        o.end();
    }
    out.push_str("]}");
    out
}

/// A minimal object writer for [`write_native`], with optional and list members.
struct Obj<'o> {
    out: &'o mut String,
    first: bool,
}

impl<'o> Obj<'o> {
    /// Starts an object, preceded by a comma unless it is the first item of its list.
    fn new(out: &'o mut String, index: usize) -> Self {
        if index > 0 {
            out.push(',');
        }
        out.push('{');
        Obj { out, first: true }
    }

    fn key(&mut self, k: &str) {
        if !self.first {
            self.out.push(',');
        }
        self.first = false;
        write_str(self.out, k);
        self.out.push(':');
    }

    fn str(&mut self, k: &str, v: &str) -> &mut Self {
        self.key(k);
        write_str(self.out, v);
        self
    }

    fn opt(&mut self, k: &str, v: Option<&str>) -> &mut Self {
        if let Some(v) = v {
            self.str(k, v);
        }
        self
    }

    fn date(&mut self, k: &str, v: Option<PartialDate>) -> &mut Self {
        if let Some(d) = v {
            self.str(k, &d.to_string());
        }
        self
    }

    fn list(&mut self, k: &str, v: &[String]) -> &mut Self {
        if !v.is_empty() {
            self.key(k);
            self.out.push('[');
            for (i, s) in v.iter().enumerate() {
                if i > 0 {
                    self.out.push(',');
                }
                write_str(self.out, s);
            }
            self.out.push(']');
        }
        self
    }

    fn end(self) {
        self.out.push('}');
    }
}
