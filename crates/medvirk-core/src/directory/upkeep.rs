//! Keeping a directory current: edits of a person or membership through the same gate as imports,
//! "confirmed today", terms that end soon and vacant seats.
//!
//! An edit never patches a [`Directory`] in place: it changes the records and runs
//! [`Directory::build`] again, so a typed e-mail address or link meets exactly the checks an
//! imported one does (the link allowlist, phone normalising, text cleaning). What the gate
//! would have skipped or dropped from the edited record comes back as errors per form field,
//! and nothing is stored; a quiet drop would lose what the person typed.

use super::import::{Records, clean_line};
use super::{
    Date, Directory, ENDS_SOON_DAYS, Membership, Organisation, PartialDate, Reason, RecordKind,
    Role, SeatStatus, Status,
};

/// What is wrong with one field of an edit.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Problem {
    /// The record is not in the directory (any more).
    NotFound,
    Required,
    TooLong,
    InvalidEmail,
    InvalidPhone,
    InvalidUrl,
    /// Not `YYYY`, `YYYY-MM`, `YYYY-MM-DD` or `DD.MM.YYYY`, or not a real date.
    InvalidDate,
    EndBeforeStart,
    /// A choice that is not one of the offered values.
    InvalidValue,
}

/// One field's problem; `field` is the form field's name (`name`, `email`, `end`, `contact.phone`, ...).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct EditError {
    pub field: &'static str,
    pub problem: Problem,
}

/// A person's details as typed into the edit form; empty text means "none".
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct PersonEdit {
    pub name: String,
    pub email: String,
    pub phone: String,
    /// Lines separated by line breaks.
    pub address: String,
}

/// A membership's details as typed into the edit form; empty text means "none".
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct MembershipEdit {
    /// A native role name (`leader`, `member`, ...).
    pub role: String,
    /// A native status name (`nominated`, `appointed`, ...).
    pub status: String,
    pub start: String,
    pub end: String,
    pub email: String,
    pub phone: String,
}

impl PersonEdit {
    /// The form as it looks for a stored person.
    pub fn from_person(p: &super::Person) -> Self {
        PersonEdit {
            name: p.name.clone(),
            email: p.email.clone().unwrap_or_default(),
            phone: p.phone.clone().unwrap_or_default(),
            address: p.address.clone().unwrap_or_default(),
        }
    }
}

impl MembershipEdit {
    /// The form as it looks for a stored membership.
    pub fn from_membership(m: &Membership) -> Self {
        let date = |d: Option<PartialDate>| d.map(|d| d.to_string()).unwrap_or_default();
        MembershipEdit {
            role: m.role.as_str().to_owned(),
            status: m.status.as_str().to_owned(),
            start: date(m.start),
            end: date(m.end),
            email: m.contact.email.clone().unwrap_or_default(),
            phone: m.contact.phone.clone().unwrap_or_default(),
        }
    }
}

/// Reads a typed date: `YYYY`, `YYYY-MM`, `YYYY-MM-DD`, or `DD.MM.YYYY` as Nordic people write
/// it. Surrounding spaces are ignored.
pub fn parse_date_input(s: &str) -> Option<PartialDate> {
    let s = s.trim();
    PartialDate::parse(s).or_else(|| {
        let mut parts = s.split('.');
        let (d, m, y) = (parts.next()?, parts.next()?, parts.next()?);
        if parts.next().is_some() || y.len() != 4 || d.is_empty() || m.is_empty() {
            return None;
        }
        Some(Date::new(y.parse().ok()?, m.parse().ok()?, d.parse().ok()?)?.into())
    })
}

fn optional(s: &str) -> Option<String> {
    let t = s.trim();
    (!t.is_empty()).then(|| t.to_owned())
}

/// The records a directory was built from, ready to be changed and built again.
fn records_of(dir: &Directory) -> Records {
    Records {
        persons: dir.persons().to_vec(),
        organisations: dir.organisations().to_vec(),
        memberships: dir.memberships().to_vec(),
        skipped: Vec::new(),
        dropped: Vec::new(),
    }
}

fn problem_of(reason: Reason) -> Problem {
    match reason {
        Reason::MissingName | Reason::MissingId => Problem::Required,
        Reason::TooLong => Problem::TooLong,
        Reason::InvalidEmail => Problem::InvalidEmail,
        Reason::InvalidPhone => Problem::InvalidPhone,
        Reason::InvalidUrl => Problem::InvalidUrl,
        Reason::InvalidDate => Problem::InvalidDate,
        Reason::EndBeforeStart => Problem::EndBeforeStart,
        _ => Problem::InvalidValue,
    }
}

/// Builds `records` and turns what the gate said about record `id` of `kind` into errors.
/// Anything it said about another record means the rebuild would lose data that was stored
/// as valid: that is refused too, on no particular field, rather than stored.
fn rebuild(
    records: Records,
    kind: RecordKind,
    id: &str,
    mut errors: Vec<EditError>,
) -> Result<Directory, Vec<EditError>> {
    let report = Directory::build(records);
    let mut other = false;
    for s in &report.skipped {
        if s.kind == kind && s.id.as_deref() == Some(id) {
            let field = s.field.unwrap_or("");
            if !errors.iter().any(|e| e.field == field) {
                errors.push(EditError {
                    field,
                    problem: problem_of(s.reason),
                });
            }
        } else if !(kind == RecordKind::Person && s.reason == Reason::UnknownPerson) {
            // A membership skipped because its person was: the person's error says it.
            other = true;
        }
    }
    for d in &report.dropped {
        if d.kind == kind && d.id == id {
            if !errors.iter().any(|e| e.field == d.field) {
                errors.push(EditError {
                    field: d.field,
                    problem: problem_of(d.reason),
                });
            }
        } else if d.field != "deputyFor" || errors.is_empty() {
            other = true;
        }
    }
    if other && errors.is_empty() {
        errors.push(EditError {
            field: "",
            problem: Problem::InvalidValue,
        });
    }
    if errors.is_empty() {
        Ok(report.directory)
    } else {
        Err(errors)
    }
}

/// The directory with person `id` changed as typed, or every problem with the form.
pub fn edit_person(
    dir: &Directory,
    id: &str,
    edit: &PersonEdit,
) -> Result<Directory, Vec<EditError>> {
    let Some(ix) = dir.person_index(id) else {
        return Err(vec![EditError {
            field: "",
            problem: Problem::NotFound,
        }]);
    };
    let mut errors = Vec::new();
    if clean_line(&edit.name).is_empty() {
        errors.push(EditError {
            field: "name",
            problem: Problem::Required,
        });
    }
    let mut records = records_of(dir);
    let p = &mut records.persons[ix];
    p.name = edit.name.clone();
    p.email = optional(&edit.email);
    p.phone = optional(&edit.phone);
    p.address = optional(&edit.address);
    rebuild(records, RecordKind::Person, id, errors)
}

/// The directory with membership `id` changed as typed, or every problem with the form.
pub fn edit_membership(
    dir: &Directory,
    id: &str,
    edit: &MembershipEdit,
) -> Result<Directory, Vec<EditError>> {
    let Some(ix) = dir.membership_index(id) else {
        return Err(vec![EditError {
            field: "",
            problem: Problem::NotFound,
        }]);
    };
    let mut errors = Vec::new();
    let mut error = |field, problem| errors.push(EditError { field, problem });
    let role = Role::parse(edit.role.trim());
    if role.is_none() {
        error("role", Problem::InvalidValue);
    }
    let status = Status::parse(edit.status.trim());
    if status.is_none() {
        error("status", Problem::InvalidValue);
    }
    let date = |s: &str| -> Result<Option<PartialDate>, ()> {
        if s.trim().is_empty() {
            Ok(None)
        } else {
            parse_date_input(s).map(Some).ok_or(())
        }
    };
    let start = date(&edit.start);
    if start.is_err() {
        error("start", Problem::InvalidDate);
    }
    let end = date(&edit.end);
    if end.is_err() {
        error("end", Problem::InvalidDate);
    }
    if let (Ok(Some(s)), Ok(Some(e))) = (start, end)
        && s.first_day() > e.last_day()
    {
        error("end", Problem::EndBeforeStart);
    }
    let mut records = records_of(dir);
    let m = &mut records.memberships[ix];
    if let Some(role) = role {
        m.role = role;
    }
    if let Some(status) = status {
        m.status = status;
    }
    m.start = start.unwrap_or(m.start);
    m.end = end.unwrap_or(m.end);
    m.contact.email = optional(&edit.email);
    m.contact.phone = optional(&edit.phone);
    rebuild(records, RecordKind::Membership, id, errors)
}

/// The directory with membership `id` marked as confirmed on `today`; `None` if there is no
/// such membership.
pub fn confirm_membership(dir: &Directory, id: &str, today: Date) -> Option<Directory> {
    let ix = dir.membership_index(id)?;
    let mut records = records_of(dir);
    records.memberships[ix].confirmed_on = Some(today.into());
    rebuild(records, RecordKind::Membership, id, Vec::new()).ok()
}

/// Current memberships whose term ends within [`ENDS_SOON_DAYS`] of `today`, soonest first.
pub fn ending_soon(dir: &Directory, today: Date) -> Vec<&Membership> {
    let mut out: Vec<&Membership> = dir
        .memberships()
        .iter()
        .filter(|m| m.ends_within(today, ENDS_SOON_DAYS))
        .collect();
    out.sort_by_key(|m| m.end.map(PartialDate::last_day));
    out
}

/// Seat categories with nobody appointed to some seats on `today`, council by council.
pub fn vacancies(dir: &Directory, today: Date) -> Vec<(&Organisation, SeatStatus)> {
    dir.councils()
        .flat_map(|c| {
            dir.seat_status(&c.id, today)
                .into_iter()
                .filter(|s| s.vacant() > 0)
                .map(move |s| (c, s))
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::directory::native::read_native;
    use crate::directory::{Category, fixture};

    fn small() -> Directory {
        let doc = r#"{"schemaVersion": 1,
            "persons": [
                {"id": "p1", "name": "Kari Nordmann", "email": "kari@example.no"},
                {"id": "p2", "name": "Ola Nordmann"}],
            "organisations": [
                {"id": "c", "name": "Brukerrådet", "kind": "council",
                 "seats": [{"category": "user_representative", "seats": 3}]}],
            "memberships": [
                {"id": "m1", "personId": "p1", "councilId": "c", "role": "leader",
                 "status": "appointed", "start": "2023", "end": "2026-03-01"},
                {"id": "m2", "personId": "p2", "councilId": "c", "role": "member",
                 "status": "appointed", "end": "2027"},
                {"id": "m3", "personId": "p2", "councilId": "c", "role": "deputy",
                 "status": "appointed", "deputyFor": "m1", "end": "2026-02-01"}]}"#;
        let r = read_native(doc).unwrap();
        assert!(r.skipped.is_empty() && r.dropped.is_empty());
        r.directory
    }

    fn today() -> Date {
        Date::new(2026, 1, 15).unwrap()
    }

    #[test]
    fn rebuilding_a_valid_directory_changes_nothing() {
        // The edits rely on it: a rebuild of stored data must neither drop nor alter anything.
        let dir = fixture::generate(2000, 7);
        let report = Directory::build(records_of(&dir));
        assert!(report.skipped.is_empty(), "{:?}", &report.skipped[..1]);
        assert!(report.dropped.is_empty(), "{:?}", &report.dropped[..1]);
        assert_eq!(report.directory, dir);
    }

    #[test]
    fn a_person_edit_is_cleaned_and_validated_like_an_import() {
        let dir = small();
        let edit = PersonEdit {
            name: "  Kari \u{202e}Nordmann ".into(),
            email: "kari.nordmann@example.no".into(),
            phone: "+47 400 00 001".into(),
            address: "Gate 1\r\n\r\n0150 Oslo".into(),
        };
        let new = edit_person(&dir, "p1", &edit).unwrap();
        let p = new.person("p1").unwrap();
        assert_eq!(p.name, "Kari Nordmann");
        assert_eq!(p.email.as_deref(), Some("kari.nordmann@example.no"));
        assert_eq!(p.address.as_deref(), Some("Gate 1\n0150 Oslo"));
        assert_eq!(new.memberships(), dir.memberships());
        // Emptying a field removes it.
        let cleared = PersonEdit {
            email: " ".into(),
            ..edit
        };
        assert_eq!(
            edit_person(&new, "p1", &cleared)
                .unwrap()
                .person("p1")
                .unwrap()
                .email,
            None
        );
    }

    #[test]
    fn every_bad_person_field_is_reported_and_nothing_changes() {
        let dir = small();
        let edit = PersonEdit {
            name: " ".into(),
            email: "not an address".into(),
            phone: "call me".into(),
            address: String::new(),
        };
        let errors = edit_person(&dir, "p1", &edit).unwrap_err();
        assert_eq!(
            errors,
            [EditError {
                field: "name",
                problem: Problem::Required
            }],
            "a skipped record reports its name; the contact is checked once it has one"
        );
        let edit = PersonEdit {
            name: "Kari".into(),
            ..edit
        };
        let errors = edit_person(&dir, "p1", &edit).unwrap_err();
        assert_eq!(
            errors,
            [
                EditError {
                    field: "email",
                    problem: Problem::InvalidEmail
                },
                EditError {
                    field: "phone",
                    problem: Problem::InvalidPhone
                }
            ]
        );
        assert_eq!(
            edit_person(&dir, "nobody", &PersonEdit::default()).unwrap_err()[0].problem,
            Problem::NotFound
        );
    }

    #[test]
    fn a_membership_edit_checks_choices_dates_and_contact() {
        let dir = small();
        let mut edit = MembershipEdit::from_membership(dir.membership("m1").unwrap());
        assert_eq!(edit.start, "2023");
        edit.role = "member".into();
        edit.end = "31.12.2027".into();
        edit.email = "leder@example.no".into();
        let new = edit_membership(&dir, "m1", &edit).unwrap();
        let m = new.membership("m1").unwrap();
        assert_eq!(m.role, Role::Member);
        assert_eq!(m.end.unwrap().to_string(), "2027-12-31");
        assert_eq!(m.contact.email.as_deref(), Some("leder@example.no"));
        // The personal deputy still points at the edited membership.
        assert_eq!(
            new.membership("m3").unwrap().deputy_for.as_deref(),
            Some("m1")
        );

        let bad = MembershipEdit {
            role: "king".into(),
            status: "appointed".into(),
            start: "2027-01-01".into(),
            end: "2026-12-31".into(),
            email: "x@".into(),
            phone: String::new(),
        };
        let errors = edit_membership(&dir, "m1", &bad).unwrap_err();
        let fields: Vec<_> = errors.iter().map(|e| (e.field, e.problem)).collect();
        assert_eq!(
            fields,
            [
                ("role", Problem::InvalidValue),
                ("end", Problem::EndBeforeStart)
            ]
        );
        let bad = MembershipEdit {
            start: "30.02.2026".into(),
            end: "2026-13".into(),
            role: "member".into(),
            ..bad
        };
        let fields: Vec<_> = edit_membership(&dir, "m1", &bad)
            .unwrap_err()
            .iter()
            .map(|e| (e.field, e.problem))
            .collect();
        assert_eq!(
            fields,
            [
                ("start", Problem::InvalidDate),
                ("end", Problem::InvalidDate),
                ("contact.email", Problem::InvalidEmail)
            ]
        );
    }

    #[test]
    fn dates_are_read_in_iso_and_nordic_forms() {
        assert_eq!(
            parse_date_input(" 2026-05-14 ").unwrap().to_string(),
            "2026-05-14"
        );
        assert_eq!(
            parse_date_input("14.5.2026").unwrap().to_string(),
            "2026-05-14"
        );
        assert_eq!(parse_date_input("2026").unwrap().to_string(), "2026");
        for bad in ["", "29.02.2026", "2026-5-14", "14.05.26", "1.2.3.2026"] {
            assert_eq!(parse_date_input(bad), None, "{bad}");
        }
    }

    #[test]
    fn confirming_stamps_today_and_nothing_else() {
        let dir = small();
        let new = confirm_membership(&dir, "m2", today()).unwrap();
        assert_eq!(
            new.membership("m2")
                .unwrap()
                .confirmed_on
                .unwrap()
                .to_string(),
            "2026-01-15"
        );
        assert_eq!(crate::directory::diff::diff(&dir, &new).changes.len(), 1);
        assert!(confirm_membership(&dir, "nope", today()).is_none());
    }

    #[test]
    fn terms_ending_soon_come_soonest_first() {
        let dir = small();
        let ids: Vec<_> = ending_soon(&dir, today())
            .iter()
            .map(|m| m.id.as_str())
            .collect();
        assert_eq!(ids, ["m3", "m1"]);
        let later = Date::new(2026, 2, 2).unwrap();
        let ids: Vec<_> = ending_soon(&dir, later)
            .iter()
            .map(|m| m.id.as_str())
            .collect();
        assert_eq!(
            ids,
            ["m1"],
            "a term that has ended is no longer 'ending soon'"
        );
    }

    #[test]
    fn vacant_seats_are_listed_per_council_and_category() {
        let dir = small();
        let v = vacancies(&dir, today());
        assert_eq!(v.len(), 1);
        assert_eq!(v[0].0.id, "c");
        assert_eq!(v[0].1.category, Category::UserRepresentative);
        // Leader and member fill two of three seats; the deputy fills none.
        assert_eq!((v[0].1.seats, v[0].1.filled, v[0].1.vacant()), (3, 2, 1));
    }
}
