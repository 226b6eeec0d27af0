//! What an import would change: persons, organisations and memberships added, removed or changed, by id.
//!
//! The admin area shows this before it stores anything, so a spreadsheet with the wrong council
//! or a truncated export is caught while it is still a preview. Records are matched by id (the
//! only identity the formats share); a changed record lists the native field names that differ,
//! so the preview can say "e-mail and term end changed" rather than "something changed".

use super::{Directory, Membership, Organisation, Person, RecordKind};

/// How a record differs between the stored directory and the imported one.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Change {
    Added,
    Removed,
    /// Present in both; the native (camelCase) names of the fields that differ.
    Changed(Vec<&'static str>),
}

/// One record that differs.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RecordChange {
    pub kind: RecordKind,
    pub id: String,
    /// What a person reads to know the record: a name, or for a membership "person – council".
    pub label: String,
    pub change: Change,
}

/// Everything that differs, persons first, then organisations, then memberships; within a kind,
/// added and changed records in the new document's order, then removed ones in the old order.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct DirectoryDiff {
    pub changes: Vec<RecordChange>,
}

/// How many records of one kind are added, removed and changed.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Counts {
    pub added: usize,
    pub removed: usize,
    pub changed: usize,
}

impl DirectoryDiff {
    /// Whether storing the new directory would change nothing.
    pub fn is_empty(&self) -> bool {
        self.changes.is_empty()
    }

    /// The counts for one kind of record.
    pub fn counts(&self, kind: RecordKind) -> Counts {
        let mut c = Counts::default();
        for ch in self.changes.iter().filter(|c| c.kind == kind) {
            match ch.change {
                Change::Added => c.added += 1,
                Change::Removed => c.removed += 1,
                Change::Changed(_) => c.changed += 1,
            }
        }
        c
    }

    /// The changes of one kind, in diff order.
    pub fn of(&self, kind: RecordKind) -> impl Iterator<Item = &RecordChange> {
        self.changes.iter().filter(move |c| c.kind == kind)
    }
}

/// The label of a membership: "person – council", falling back to ids for dangling references
/// (a built directory has none, but the label must never panic).
pub fn membership_label(dir: &Directory, m: &Membership) -> String {
    let person = dir.person(&m.person_id).map_or(&m.person_id, |p| &p.name);
    let council = dir
        .organisation(&m.council_id)
        .map_or(&m.council_id, |o| &o.name);
    format!("{person} – {council}")
}

fn person_fields(a: &Person, b: &Person) -> Vec<&'static str> {
    let mut out = Vec::new();
    let mut cmp = |differs: bool, name| {
        if differs {
            out.push(name);
        }
    };
    cmp(a.name != b.name, "name");
    cmp(a.sort_name != b.sort_name, "sortName");
    cmp(a.other_names != b.other_names, "otherNames");
    cmp(a.email != b.email, "email");
    cmp(a.phone != b.phone, "phone");
    cmp(a.address != b.address, "address");
    cmp(a.links != b.links, "links");
    cmp(a.photo_url != b.photo_url, "photoUrl");
    out
}

fn organisation_fields(a: &Organisation, b: &Organisation) -> Vec<&'static str> {
    let mut out = Vec::new();
    let mut cmp = |differs: bool, name| {
        if differs {
            out.push(name);
        }
    };
    cmp(a.name != b.name, "name");
    cmp(a.kind != b.kind, "kind");
    cmp(a.parent_id != b.parent_id, "parentId");
    cmp(a.level != b.level, "level");
    cmp(a.seats != b.seats, "seats");
    out
}

fn membership_fields(a: &Membership, b: &Membership) -> Vec<&'static str> {
    let mut out = Vec::new();
    let mut cmp = |differs: bool, name| {
        if differs {
            out.push(name);
        }
    };
    cmp(a.person_id != b.person_id, "personId");
    cmp(a.council_id != b.council_id, "councilId");
    cmp(a.role != b.role, "role");
    cmp(a.category != b.category, "category");
    cmp(a.on_behalf_of != b.on_behalf_of, "onBehalfOf");
    cmp(a.start != b.start, "start");
    cmp(a.end != b.end, "end");
    cmp(a.status != b.status, "status");
    cmp(a.deputy_for != b.deputy_for, "deputyFor");
    cmp(a.contact.email != b.contact.email, "contact.email");
    cmp(a.contact.phone != b.contact.phone, "contact.phone");
    cmp(a.contact.address != b.contact.address, "contact.address");
    cmp(a.contact.link != b.contact.link, "contact.link");
    cmp(a.confirmed_on != b.confirmed_on, "confirmedOn");
    out
}

/// The parts of a record kind the comparison needs.
trait Keyed {
    const KIND: RecordKind;
    fn key(&self) -> &str;
    fn find<'a>(dir: &'a Directory, id: &str) -> Option<&'a Self>;
    fn all(dir: &Directory) -> &[Self]
    where
        Self: Sized;
    fn fields(old: &Self, new: &Self) -> Vec<&'static str>;
    fn label(&self, dir: &Directory) -> String;
}

impl Keyed for Person {
    const KIND: RecordKind = RecordKind::Person;
    fn key(&self) -> &str {
        &self.id
    }
    fn find<'a>(dir: &'a Directory, id: &str) -> Option<&'a Self> {
        dir.person(id)
    }
    fn all(dir: &Directory) -> &[Self] {
        dir.persons()
    }
    fn fields(old: &Self, new: &Self) -> Vec<&'static str> {
        person_fields(old, new)
    }
    fn label(&self, _: &Directory) -> String {
        self.name.clone()
    }
}

impl Keyed for Organisation {
    const KIND: RecordKind = RecordKind::Organisation;
    fn key(&self) -> &str {
        &self.id
    }
    fn find<'a>(dir: &'a Directory, id: &str) -> Option<&'a Self> {
        dir.organisation(id)
    }
    fn all(dir: &Directory) -> &[Self] {
        dir.organisations()
    }
    fn fields(old: &Self, new: &Self) -> Vec<&'static str> {
        organisation_fields(old, new)
    }
    fn label(&self, _: &Directory) -> String {
        self.name.clone()
    }
}

impl Keyed for Membership {
    const KIND: RecordKind = RecordKind::Membership;
    fn key(&self) -> &str {
        &self.id
    }
    fn find<'a>(dir: &'a Directory, id: &str) -> Option<&'a Self> {
        dir.membership(id)
    }
    fn all(dir: &Directory) -> &[Self] {
        dir.memberships()
    }
    fn fields(old: &Self, new: &Self) -> Vec<&'static str> {
        membership_fields(old, new)
    }
    fn label(&self, dir: &Directory) -> String {
        membership_label(dir, self)
    }
}

/// Compares one kind of record by id.
fn compare<T: Keyed>(out: &mut Vec<RecordChange>, old: &Directory, new: &Directory) {
    let change = |r: &T, dir: &Directory, change| RecordChange {
        kind: T::KIND,
        id: r.key().to_owned(),
        label: r.label(dir),
        change,
    };
    for n in T::all(new) {
        match T::find(old, n.key()) {
            None => out.push(change(n, new, Change::Added)),
            Some(o) => {
                let fields = T::fields(o, n);
                if !fields.is_empty() {
                    out.push(change(n, new, Change::Changed(fields)));
                }
            }
        }
    }
    for o in T::all(old) {
        if T::find(new, o.key()).is_none() {
            out.push(change(o, old, Change::Removed));
        }
    }
}

/// What replacing `old` with `new` changes.
pub fn diff(old: &Directory, new: &Directory) -> DirectoryDiff {
    let mut changes = Vec::new();
    compare::<Person>(&mut changes, old, new);
    compare::<Organisation>(&mut changes, old, new);
    compare::<Membership>(&mut changes, old, new);
    DirectoryDiff { changes }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::directory::native::read_native;

    fn dir(persons: &str, memberships: &str) -> Directory {
        let doc = format!(
            r#"{{"schemaVersion": 1,
                "persons": [{persons}],
                "organisations": [{{"id": "c", "name": "Brukerrådet", "kind": "council"}},
                                  {{"id": "o", "name": "Mental Helse", "kind": "user_organisation"}}],
                "memberships": [{memberships}]}}"#
        );
        let report = read_native(&doc).unwrap();
        assert!(report.skipped.is_empty(), "{:?}", report.skipped);
        report.directory
    }

    const KARI: &str = r#"{"id": "p1", "name": "Kari Nordmann", "email": "kari@example.no"}"#;
    const OLA: &str = r#"{"id": "p2", "name": "Ola Nordmann"}"#;
    const M1: &str = r#"{"id": "m1", "personId": "p1", "councilId": "c", "role": "leader", "status": "appointed", "end": "2026-12-31"}"#;

    #[test]
    fn the_same_directory_has_no_changes() {
        let a = dir(&format!("{KARI},{OLA}"), M1);
        let d = diff(&a, &a.clone());
        assert!(d.is_empty());
        assert_eq!(d.counts(RecordKind::Person), Counts::default());
    }

    #[test]
    fn added_removed_and_changed_records_are_found_by_id() {
        let old = dir(&format!("{KARI},{OLA}"), M1);
        let new = dir(
            r#"{"id": "p1", "name": "Kari Nordmann", "email": "kari.n@example.no"},
               {"id": "p3", "name": "Åse Ødegård"}"#,
            r#"{"id": "m1", "personId": "p1", "councilId": "c", "role": "member", "status": "appointed", "end": "2027-12-31"},
               {"id": "m2", "personId": "p3", "councilId": "c", "role": "deputy", "status": "nominated"}"#,
        );
        let d = diff(&old, &new);
        let persons: Vec<_> = d
            .of(RecordKind::Person)
            .map(|c| (c.id.as_str(), c.label.as_str(), c.change.clone()))
            .collect();
        assert_eq!(
            persons,
            [
                ("p1", "Kari Nordmann", Change::Changed(vec!["email"])),
                ("p3", "Åse Ødegård", Change::Added),
                ("p2", "Ola Nordmann", Change::Removed),
            ]
        );
        let memberships: Vec<_> = d
            .of(RecordKind::Membership)
            .map(|c| (c.id.as_str(), c.label.as_str(), c.change.clone()))
            .collect();
        assert_eq!(
            memberships,
            [
                (
                    "m1",
                    "Kari Nordmann – Brukerrådet",
                    Change::Changed(vec!["role", "end"])
                ),
                ("m2", "Åse Ødegård – Brukerrådet", Change::Added),
            ]
        );
        assert_eq!(
            d.counts(RecordKind::Person),
            Counts {
                added: 1,
                removed: 1,
                changed: 1
            }
        );
        assert_eq!(d.counts(RecordKind::Organisation), Counts::default());
    }

    #[test]
    fn a_removed_membership_is_labelled_from_the_old_directory() {
        let old = dir(KARI, M1);
        let new = dir(KARI, "");
        let d = diff(&old, &new);
        assert_eq!(d.changes.len(), 1);
        assert_eq!(d.changes[0].label, "Kari Nordmann – Brukerrådet");
        assert_eq!(d.changes[0].change, Change::Removed);
        assert_eq!(d.counts(RecordKind::Membership).removed, 1);
    }

    #[test]
    fn everything_is_added_to_an_empty_directory() {
        let new = dir(&format!("{KARI},{OLA}"), M1);
        let d = diff(&Directory::default(), &new);
        assert_eq!(d.counts(RecordKind::Person).added, 2);
        assert_eq!(d.counts(RecordKind::Organisation).added, 2);
        assert_eq!(d.counts(RecordKind::Membership).added, 1);
        let back = diff(&new, &Directory::default());
        assert_eq!(back.counts(RecordKind::Person).removed, 2);
    }
}
