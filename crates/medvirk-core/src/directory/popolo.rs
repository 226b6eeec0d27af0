//! The Popolo reader (persons, organizations, memberships, posts, events), as written by
//! EveryPolitician, YourNextRepresentative and many parliaments' open data.
//!
//! Popolo is loose where our model is closed, so this module maps vocabularies:
//! - Ids: `id` or `_id`, a string or an integer. Memberships without an id (common) get
//!   `#N`, their 1-based position in the `memberships` array, so report lines can point at them.
//! - `classification` strings (English, Norwegian, Swedish) map to [`OrgKind`]. An organisation
//!   that memberships point at becomes a council unless its classification clearly says it is
//!   something else (a party, a user organisation, a public body): then those memberships are
//!   skipped as "not a council", because a party membership is not a council seat.
//! - `role` strings ("leder", "nestleiar", "ordförande", "ledamot", "ersättare", "vara",
//!   "chair", "vice chair", "member", "deputy", ...) map to [`Role`]; an unrecognised role
//!   (Popolo roles are free text such as "Member of the Lagting") reads as [`Role::Member`].
//! - Dates: `start_date`/`end_date`; missing ones are taken from the membership's
//!   `legislative_period_id` event (EveryPolitician terms). Years alone are fine.
//! - Seats: one Popolo post is one seat; posts are counted per organisation and category
//!   (the post's `category`, or words in its `role`/`label`). Without posts, an organisation's
//!   integer `seats` (EveryPolitician) gives that many seats of category "other".
//! - Contact: `email`, and `contact_details` of type `email`, `phone`/`voice`/`cell`/`mobile`,
//!   `address` and `url`; `links[].url`; `image` as the photo. Other types (twitter, fax) are
//!   ignored. The first *valid* value of each kind wins.
//! - Extensions we read when present: organisation `level`; membership `status`, `category`,
//!   `deputy_for_id` and `confirmed_on`.

use std::collections::{HashMap, HashSet};

use super::import::{Records, check_limit};
use super::links::{https_url, normalise_phone, validate_email};
use super::native::Fields;
use super::search::fold;
use super::{
    Category, Contact, Directory, ImportError, ImportReport, Level, Membership, OrgKind,
    Organisation, PartialDate, Person, Reason, RecordKind, Role, SeatCount, Status,
};
use crate::json_value::{self, Value};

/// Reads a Popolo JSON document.
pub fn read_popolo(text: &str) -> Result<ImportReport, ImportError> {
    let doc = json_value::parse(text)?;
    if doc.as_object().is_none() {
        return Err(ImportError::NotAnObject);
    }
    let list = |key: &str| -> Result<Option<&[Value]>, ImportError> {
        match doc.get(key) {
            None | Some(Value::Null) => Ok(None),
            Some(Value::Array(a)) => Ok(Some(a)),
            Some(_) => Err(ImportError::WrongFormat),
        }
    };
    let (persons, orgs, memberships) = (
        list("persons")?,
        list("organizations")?,
        list("memberships")?,
    );
    if persons.is_none() && orgs.is_none() && memberships.is_none() {
        return Err(ImportError::WrongFormat);
    }
    let (persons, orgs, memberships) = (
        persons.unwrap_or(&[]),
        orgs.unwrap_or(&[]),
        memberships.unwrap_or(&[]),
    );
    let posts = list("posts")?.unwrap_or(&[]);
    let events = list("events")?.unwrap_or(&[]);
    check_limit(RecordKind::Person, persons.len())?;
    check_limit(RecordKind::Organisation, orgs.len())?;
    check_limit(RecordKind::Post, posts.len())?;
    check_limit(RecordKind::Membership, memberships.len())?;

    let mut r = Records::default();

    // Terms by event id, for memberships that only name their legislative period.
    let mut periods: HashMap<String, (Option<PartialDate>, Option<PartialDate>)> = HashMap::new();
    for e in events {
        if let Some(id) = any_id(e) {
            let date = |k: &str| {
                e.get(k)
                    .and_then(Value::as_str)
                    .and_then(PartialDate::parse)
            };
            periods.insert(id, (date("start_date"), date("end_date")));
        }
    }

    // Posts: where each post sits and what seat category it is.
    let mut post_info: HashMap<String, (String, Category)> = HashMap::new();
    let mut post_seats: HashMap<String, Vec<SeatCount>> = HashMap::new();
    for p in posts {
        let Some(mut f) = Fields::open(p, RecordKind::Post, &mut r) else {
            continue;
        };
        let Some(id) = read_id(&mut f) else { continue };
        let Some(org) = f.v.get("organization_id").and_then(id_text) else {
            f.skip(Reason::UnknownCouncil, "organization_id");
            continue;
        };
        let category = ["category", "role", "label"]
            .iter()
            .filter_map(|k| f.v.get(k).and_then(Value::as_str))
            .find_map(category_from_words)
            .unwrap_or(Category::Other);
        let seats = post_seats.entry(org.clone()).or_default();
        match seats.iter_mut().find(|s| s.category == category) {
            Some(s) => s.seats += 1,
            None => seats.push(SeatCount { category, seats: 1 }),
        }
        post_info.insert(id, (org, category));
    }

    // Which organisations memberships point at, to promote unclassified ones to councils.
    let mut seated: HashSet<String> = HashSet::new();
    for m in memberships {
        let org = m.get("organization_id").and_then(id_text).or_else(|| {
            let post = m.get("post_id").and_then(id_text)?;
            post_info.get(&post).map(|(o, _)| o.clone())
        });
        seated.extend(org);
    }

    for o in orgs {
        let Some(mut f) = Fields::open(o, RecordKind::Organisation, &mut r) else {
            continue;
        };
        let Some(id) = read_id(&mut f) else { continue };
        let Some(name) = f.required("name") else {
            continue;
        };
        let classified = f
            .string("classification")
            .and_then(|c| kind_from_classification(&c));
        let kind = match classified {
            Some(k) => k,
            None if seated.contains(&id) => OrgKind::Council,
            None => OrgKind::Other,
        };
        let mut seats = Vec::new();
        if kind == OrgKind::Council {
            if let Some(s) = post_seats.remove(&id) {
                seats = s;
            } else if let Some(n) = f.v.get("seats").and_then(Value::as_u64) {
                match u32::try_from(n) {
                    Ok(n) if n > 0 => seats.push(SeatCount {
                        category: Category::Other,
                        seats: n,
                    }),
                    _ => f.drop("seats", Reason::InvalidValue),
                }
            }
        }
        let level = f.string("level").and_then(|l| {
            let out = level_from_words(&l);
            if out.is_none() {
                f.drop("level", Reason::InvalidValue);
            }
            out
        });
        let parent_id = f.v.get("parent_id").and_then(id_text);
        f.r.organisations.push(Organisation {
            id,
            name,
            kind,
            parent_id,
            level,
            seats,
        });
    }

    for p in persons {
        let Some(mut f) = Fields::open(p, RecordKind::Person, &mut r) else {
            continue;
        };
        let Some(id) = read_id(&mut f) else { continue };
        let name = match f.v.get("name").and_then(Value::as_str) {
            Some(n) if !n.trim().is_empty() => n.to_owned(),
            _ => {
                // Popolo allows the name in parts only.
                let part = |k: &str| f.v.get(k).and_then(Value::as_str).unwrap_or("").trim();
                let joined = format!("{} {}", part("given_name"), part("family_name"));
                if joined.trim().is_empty() {
                    f.skip(Reason::MissingName, "name");
                    continue;
                }
                joined.trim().to_owned()
            }
        };
        let mut other_names = Vec::new();
        for n in
            f.v.get("other_names")
                .and_then(Value::as_array)
                .unwrap_or(&[])
        {
            match n.get("name").and_then(Value::as_str).or_else(|| n.as_str()) {
                Some(s) => other_names.push(s.to_owned()),
                None => f.drop("otherNames", Reason::InvalidValue),
            }
        }
        let details = contact_details(f.v);
        let mut links: Vec<String> =
            f.v.get("links")
                .and_then(Value::as_array)
                .unwrap_or(&[])
                .iter()
                .filter_map(|l| l.get("url").and_then(Value::as_str).map(str::to_owned))
                .collect();
        links.extend(details.urls);
        let photo =
            f.v.get("image")
                .and_then(Value::as_str)
                .or_else(|| f.v.pointer("/images/0/url").and_then(Value::as_str))
                .map(str::to_owned);
        let sort_name = f.string("sort_name");
        let email = first_valid(
            f.string("email").into_iter().chain(details.emails),
            validate_email,
        );
        f.r.persons.push(Person {
            id,
            name,
            sort_name,
            other_names,
            email,
            phone: first_valid(details.phones.into_iter(), normalise_phone),
            address: details.addresses.into_iter().next(),
            links,
            photo_url: photo,
        });
    }

    for (n, m) in memberships.iter().enumerate() {
        let Some(mut f) = Fields::open(m, RecordKind::Membership, &mut r) else {
            continue;
        };
        let id = match any_id(m) {
            Some(id) => id,
            None => format!("#{}", n + 1),
        };
        f.id = Some(id.clone());
        let Some(person_id) = m.get("person_id").and_then(id_text) else {
            f.skip(Reason::UnknownPerson, "person_id");
            continue;
        };
        let post = m
            .get("post_id")
            .and_then(id_text)
            .and_then(|p| post_info.get(&p));
        let Some(council_id) = m
            .get("organization_id")
            .and_then(id_text)
            .or_else(|| post.map(|(o, _)| o.clone()))
        else {
            f.skip(Reason::UnknownCouncil, "organization_id");
            continue;
        };
        let (Ok(mut start), Ok(mut end)) = (
            f.date_value(m.get("start_date"), "start_date"),
            f.date_value(m.get("end_date"), "end_date"),
        ) else {
            continue;
        };
        if let Some((s, e)) = m
            .get("legislative_period_id")
            .and_then(id_text)
            .and_then(|p| periods.get(&p))
        {
            start = start.or(*s);
            end = end.or(*e);
        }
        let role = m
            .get("role")
            .and_then(Value::as_str)
            .map_or(Role::Member, role_from_words);
        let status = match f.string("status") {
            None => Status::Appointed,
            Some(s) => status_from_words(&s).unwrap_or_else(|| {
                f.drop("status", Reason::InvalidValue);
                Status::Appointed
            }),
        };
        let category = f
            .string("category")
            .and_then(|c| category_from_words(&c))
            .or_else(|| post.map(|(_, c)| *c));
        let details = contact_details(m);
        let contact = Contact {
            email: first_valid(details.emails.into_iter(), validate_email),
            phone: first_valid(details.phones.into_iter(), normalise_phone),
            address: details.addresses.into_iter().next(),
            link: first_valid(details.urls.into_iter(), https_url),
        };
        let confirmed_on = f
            .date_value(m.get("confirmed_on"), "confirmed_on")
            .ok()
            .flatten();
        f.r.memberships.push(Membership {
            id,
            person_id,
            council_id,
            role,
            category,
            on_behalf_of: m.get("on_behalf_of_id").and_then(id_text),
            start,
            end,
            status,
            deputy_for: m.get("deputy_for_id").and_then(id_text),
            contact,
            confirmed_on,
        });
    }

    // Memberships of organisations that are clearly not councils (party memberships) are
    // skipped by `build` with the reason "not a council".
    Ok(Directory::build(r))
}

/// An id as text: a string, or an integer written in decimal.
fn id_text(v: &Value) -> Option<String> {
    match v {
        Value::String(s) if !s.trim().is_empty() => Some(s.trim().to_owned()),
        Value::Number(_) => v.as_i64().map(|n| n.to_string()),
        _ => None,
    }
}

/// `id`, else `_id` (as MongoDB-backed Popolo tools write it).
fn any_id(v: &Value) -> Option<String> {
    v.get("id")
        .and_then(id_text)
        .or_else(|| v.get("_id").and_then(id_text))
}

/// Reads a record's id, skipping the record when it has none.
fn read_id(f: &mut Fields<'_, '_>) -> Option<String> {
    let id = any_id(f.v);
    match &id {
        Some(_) => f.id.clone_from(&id),
        None => f.skip(Reason::MissingId, "id"),
    }
    id
}

/// The first value that passes `check`, else the first value (so `build` reports it as
/// dropped), else `None`.
fn first_valid(
    values: impl Iterator<Item = String>,
    check: fn(&str) -> Option<String>,
) -> Option<String> {
    let mut first = None;
    for v in values {
        if check(&v).is_some() {
            return Some(v);
        }
        first.get_or_insert(v);
    }
    first
}

#[derive(Default)]
struct Details {
    emails: Vec<String>,
    phones: Vec<String>,
    addresses: Vec<String>,
    urls: Vec<String>,
}

/// Sorts `contact_details` by type.
fn contact_details(v: &Value) -> Details {
    let mut d = Details::default();
    for c in v
        .get("contact_details")
        .and_then(Value::as_array)
        .unwrap_or(&[])
    {
        let (Some(t), Some(value)) = (
            c.get("type").and_then(Value::as_str),
            c.get("value").and_then(Value::as_str),
        ) else {
            continue;
        };
        let list = match t.trim().to_ascii_lowercase().as_str() {
            "email" | "e-mail" => &mut d.emails,
            "phone" | "voice" | "cell" | "mobile" | "tel" | "telephone" => &mut d.phones,
            "address" => &mut d.addresses,
            "url" | "website" | "web" => &mut d.urls,
            _ => continue,
        };
        list.push(value.to_owned());
    }
    d
}

/// Folded words of `s`: lowercase, diacritics removed, split at anything not a letter or digit.
fn words(s: &str) -> Vec<String> {
    fold(s)
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .map(str::to_owned)
        .collect()
}

fn is_leader_word(w: &str) -> bool {
    matches!(
        w,
        "leader"
            | "chair"
            | "chairman"
            | "chairperson"
            | "chairwoman"
            | "president"
            | "ordforer"
            | "convenor"
            | "forman"
            | "forperson"
    ) || w.ends_with("leder")
        || w.ends_with("leiar")
        || w.ends_with("ordforande")
}

/// Maps a free-text role (English, Norwegian, Swedish) to a [`Role`]; unknown means member.
pub fn role_from_words(s: &str) -> Role {
    role_word(s).unwrap_or(Role::Member)
}

/// Maps a free-text role to a [`Role`], or `None` when no word of it is a role we know
/// (the strict variant, for admin imports that should report typos).
pub fn role_word(s: &str) -> Option<Role> {
    if let Some(r) = Role::parse(s.trim()) {
        return Some(r);
    }
    let w = words(s);
    let next_is_leader = |i: usize| w.get(i + 1).is_some_and(|n| is_leader_word(n));
    for (i, word) in w.iter().enumerate() {
        // "nestleder", "nestleiar", "viceordförande", "varaordfører" and "vice chair",
        // "deputy leader", "nest leder".
        let compound = ["nest", "vice", "vara"]
            .iter()
            .any(|p| word.strip_prefix(p).is_some_and(is_leader_word));
        let phrase =
            matches!(word.as_str(), "vice" | "deputy" | "nest" | "vara") && next_is_leader(i);
        if compound || phrase {
            return Some(Role::DeputyLeader);
        }
    }
    let deputy = w.iter().any(|x| {
        matches!(
            x.as_str(),
            "deputy" | "substitute" | "alternate" | "suppleant"
        ) || x.starts_with("vara")
            || x.starts_with("ersattar")
    });
    let member = w.iter().any(|x| {
        matches!(
            x.as_str(),
            "member"
                | "members"
                | "medlem"
                | "ledamot"
                | "representant"
                | "representative"
                | "mp"
                | "councillor"
                | "councilor"
        )
    });
    if deputy {
        Some(Role::Deputy)
    } else if w.iter().any(|x| is_leader_word(x)) {
        Some(Role::Leader)
    } else if member {
        Some(Role::Member)
    } else {
        None
    }
}

/// Maps an appointment status word to a [`Status`].
pub fn status_from_words(s: &str) -> Option<Status> {
    let f = fold(s.trim());
    Status::parse(&f).or(match f.as_str() {
        "nominert" | "nominerad" | "foreslatt" | "foreslagen" | "foreslegen" => {
            Some(Status::Nominated)
        }
        "innstilt" | "innstilla" | "rekommenderad" | "tilradd" => Some(Status::Recommended),
        "oppnevnt" | "oppnemnd" | "utnevnt" | "utsedd" | "vald" | "valgt" | "active"
        | "current" => Some(Status::Appointed),
        "avsluttet" | "avslutta" | "avslutad" | "former" | "past" => Some(Status::Ended),
        _ => None,
    })
}

/// Maps a Popolo `classification` to an [`OrgKind`]; `None` when the words say nothing we know.
pub fn kind_from_classification(s: &str) -> Option<OrgKind> {
    let w = words(s);
    let any = |f: &dyn Fn(&str) -> bool| w.iter().any(|x| f(x));
    if let Some(k) = OrgKind::parse(s.trim()) {
        return Some(k);
    }
    if any(&|x| {
        matches!(
            x,
            "council"
                | "committee"
                | "board"
                | "legislature"
                | "parliament"
                | "assembly"
                | "chamber"
                | "senate"
                | "rad"
                | "utval"
                | "utvalg"
                | "namnd"
                | "styre"
                | "styrelse"
        ) || x.ends_with("rad")
            || x.ends_with("utvalg")
            || x.ends_with("utval")
            || x.ends_with("namnd")
            || x.ends_with("styre")
            || x.ends_with("ting")
    }) {
        return Some(OrgKind::Council);
    }
    if any(&|x| {
        matches!(
            x,
            "public"
                | "government"
                | "agency"
                | "ministry"
                | "department"
                | "municipality"
                | "kommune"
                | "kommun"
                | "region"
                | "county"
                | "hospital"
                | "trust"
                | "helseforetak"
                | "sykehus"
                | "sjukhus"
                | "sjukehus"
                | "etat"
                | "direktorat"
                | "myndighet"
                | "executive"
                | "authority"
        ) || x.ends_with("kommune")
            || x.ends_with("foretak")
    }) {
        return Some(OrgKind::PublicBody);
    }
    if any(&|x| {
        matches!(
            x,
            "user"
                | "users"
                | "patient"
                | "patients"
                | "relatives"
                | "ngo"
                | "association"
                | "charity"
                | "nonprofit"
        ) || x.ends_with("organisasjon")
            || x.ends_with("organisation")
            || x.ends_with("forening")
            || x.ends_with("forbund")
    }) {
        return Some(OrgKind::UserOrganisation);
    }
    if any(&|x| matches!(x, "party" | "parti" | "coalition" | "company" | "other")) {
        return Some(OrgKind::Other);
    }
    None
}

/// Maps a level word ("kommunal", "fylke", "regional", "nationell", ...) to a [`Level`].
pub fn level_from_words(s: &str) -> Option<Level> {
    let w = words(s);
    let first = w.first()?;
    Level::parse(first).or(match first.as_str() {
        "lokal" | "lokalt" | "kommunal" | "kommunalt" | "municipal" | "kommune" | "kommun" => {
            Some(Level::Local)
        }
        "fylke" | "fylkeskommunal" | "regional" | "regionalt" | "region" | "lan" | "landsting" => {
            Some(Level::County)
        }
        "nasjonal" | "nasjonalt" | "nationell" | "statlig" | "state" | "sentral" => {
            Some(Level::National)
        }
        _ => None,
    })
}

/// Maps a seat category phrase ("brukerrepresentant", "pårørende", "ansatt", "politiker", ...)
/// to a [`Category`]; `None` when nothing matches.
pub fn category_from_words(s: &str) -> Option<Category> {
    if let Some(c) = Category::parse(s.trim()) {
        return Some(c);
    }
    let w = words(s);
    let any = |f: &dyn Fn(&str) -> bool| w.iter().any(|x| f(x));
    if any(&|x| {
        x.starts_with("relative")
            || x.starts_with("parorand")
            || x.starts_with("parorend")
            || x.starts_with("anhorig")
    }) {
        Some(Category::RelativeRepresentative)
    } else if any(&|x| {
        x == "user"
            || x.starts_with("bruker")
            || x.starts_with("brukar")
            || x.starts_with("patient")
            || x.starts_with("pasient")
    }) {
        Some(Category::UserRepresentative)
    } else if any(&|x| {
        matches!(
            x,
            "employee"
                | "employees"
                | "staff"
                | "ansatt"
                | "ansatte"
                | "tilsett"
                | "tilsette"
                | "anstalld"
                | "anstallda"
        ) || x.starts_with("ansattrepresentant")
            || x.starts_with("tillitsvalgt")
    }) {
        Some(Category::Employee)
    } else if any(&|x| {
        x.starts_with("politic")
            || x.starts_with("politik")
            || x.starts_with("folkevalg")
            || x.starts_with("folkevald")
            || x.starts_with("fortroendevald")
            || x == "elected"
    }) {
        Some(Category::Politician)
    } else if matches!(w.as_slice(), [x] if matches!(x.as_str(), "annet" | "anna" | "annat")) {
        // The CSV import's messages offer "annet" (nn "anna", sv "annat") for other seats.
        Some(Category::Other)
    } else {
        None
    }
}
