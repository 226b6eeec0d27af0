//! The representative directory: data model, native and Popolo readers, search and folding.
//!
//! A directory lists the people who sit on user councils (brukerråd; brukarråd in nynorsk and Swedish),
//! which organisation nominated them, their role and term, and how to reach them. Everything a
//! `<medvirk-directory>` widget or the server needs to decide lives here; they only render,
//! fetch and store.
//!
//! - [`Directory`] holds persons, organisations (councils are organisations of kind
//!   [`OrgKind::Council`] with a seat composition) and memberships, indexed by id. It can only be
//!   made through [`Directory::build`] (which the readers call), the single gate that cleans
//!   text, validates contact data and references, and reports what it had to skip or drop.
//! - Readers: [`native`] (our versioned format, `schemas/directory.v1.schema.json`),
//!   [`popolo`] (Popolo / EveryPolitician) and [`csv`] (admin spreadsheets).
//! - [`search`]: Nordic-aware folding and a precomputed [`search::SearchIndex`] that answers a
//!   keystroke with a cheap scan, grouped by council with seat counts.
//! - [`links`]: the allowlist that turns stored contact data into `mailto:`, `tel:` and
//!   `https:` links and nothing else.
//! - [`vcard`], [`texts`] (labels in nb, nn, sv, en) and [`fixture`] (deterministic test data).
//! - [`widget`]: the `<medvirk-directory>` element's configuration and result windowing.

use std::collections::HashMap;

pub mod csv;
pub mod date;
pub mod diff;
pub mod fixture;
pub mod import;
pub mod links;
pub mod native;
pub mod popolo;
pub mod search;
pub mod texts;
pub mod upkeep;
pub mod vcard;
pub mod widget;

pub use date::{Date, PartialDate};
pub use import::{Dropped, ImportError, ImportReport, Reason, RecordKind, Skipped};

/// Declares a closed set of values with their wire names (snake_case), `as_str` and `parse`.
macro_rules! wire_enum {
    ($(#[$m:meta])* $name:ident { $($(#[$vm:meta])* $v:ident = $s:literal),+ $(,)? }) => {
        $(#[$m])*
        #[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
        #[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
        #[cfg_attr(feature = "serde", serde(rename_all = "snake_case"))]
        pub enum $name { $($(#[$vm])* $v),+ }

        impl $name {
            /// Every value, in display order.
            pub const ALL: &'static [$name] = &[$($name::$v),+];

            /// The name used in the native JSON format and in element attributes.
            pub fn as_str(self) -> &'static str {
                match self { $($name::$v => $s),+ }
            }

            /// Reads the native name exactly (the readers map other vocabularies themselves).
            pub fn parse(s: &str) -> Option<$name> {
                match s { $($s => Some($name::$v),)+ _ => None }
            }
        }
    };
}

wire_enum! {
    /// What kind of body an organisation is.
    OrgKind {
        /// A user, patient or relatives' organisation (brukerorganisasjon).
        UserOrganisation = "user_organisation",
        /// A municipality, health trust, agency or other public body.
        PublicBody = "public_body",
        /// A council, board or committee whose seats memberships fill.
        Council = "council",
        Other = "other",
    }
}

wire_enum! {
    /// The level a council or organisation works at.
    Level {
        Local = "local",
        County = "county",
        National = "national",
        Other = "other",
    }
}

wire_enum! {
    /// Whom a seat on a council is for.
    Category {
        UserRepresentative = "user_representative",
        RelativeRepresentative = "relative_representative",
        Employee = "employee",
        Politician = "politician",
        Other = "other",
    }
}

wire_enum! {
    /// A member's role on a council, in the order the directory lists them.
    Role {
        Leader = "leader",
        DeputyLeader = "deputy_leader",
        Member = "member",
        /// A deputy (vara, ersättare); with `deputy_for` a personal deputy for one member.
        Deputy = "deputy",
    }
}

wire_enum! {
    /// Where an appointment stands: nominated → recommended → appointed, then ended.
    Status {
        Nominated = "nominated",
        Recommended = "recommended",
        Appointed = "appointed",
        Ended = "ended",
    }
}

/// A person who is (or was) a representative.
#[derive(Clone, Debug, PartialEq, Eq, Default)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "serde", serde(rename_all = "camelCase"))]
pub struct Person {
    pub id: String,
    /// Plain text as the source gave it (control characters removed); never HTML.
    pub name: String,
    /// "Family, Given" or any key the source sorts by.
    pub sort_name: Option<String>,
    /// Other spellings and scripts (Sámi, Cyrillic, ...); searchable.
    pub other_names: Vec<String>,
    /// A validated address (`kari@example.no`), without `mailto:`.
    pub email: Option<String>,
    /// A validated number for display (`+47 22 33 44 55`); see [`links::tel_link`].
    pub phone: Option<String>,
    /// Postal address; lines separated by `\n`.
    pub address: Option<String>,
    /// `https:` URLs only.
    pub links: Vec<String>,
    /// An `https:` URL of a portrait.
    pub photo_url: Option<String>,
}

/// How many seats of one category a council has.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
pub struct SeatCount {
    pub category: Category,
    pub seats: u32,
}

/// An organisation: a council, a user organisation, a public body, ...
#[derive(Clone, Debug, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "serde", serde(rename_all = "camelCase"))]
pub struct Organisation {
    pub id: String,
    pub name: String,
    pub kind: OrgKind,
    /// The organisation this one belongs to (a council's health trust, a local branch's
    /// national organisation). Never cyclic in a built [`Directory`].
    pub parent_id: Option<String>,
    pub level: Option<Level>,
    /// Seat composition of a council; empty when unknown or not a council.
    pub seats: Vec<SeatCount>,
}

/// Contact details that belong to one membership (a council e-mail, an office phone).
#[derive(Clone, Debug, PartialEq, Eq, Default)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
pub struct Contact {
    pub email: Option<String>,
    pub phone: Option<String>,
    pub address: Option<String>,
    /// An `https:` URL.
    pub link: Option<String>,
}

impl Contact {
    pub fn is_empty(&self) -> bool {
        self.email.is_none()
            && self.phone.is_none()
            && self.address.is_none()
            && self.link.is_none()
    }
}

/// A person's seat (or deputy place) on a council.
#[derive(Clone, Debug, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "serde", serde(rename_all = "camelCase"))]
pub struct Membership {
    pub id: String,
    pub person_id: String,
    /// The council (an organisation of kind council).
    pub council_id: String,
    pub role: Role,
    /// Which seat category this membership fills. `None` fills the council's only category
    /// when it declares exactly one, else counts as [`Category::Other`].
    pub category: Option<Category>,
    /// The nominating organisation (Popolo `on_behalf_of`).
    pub on_behalf_of: Option<String>,
    pub start: Option<PartialDate>,
    pub end: Option<PartialDate>,
    pub status: Status,
    /// For a personal deputy: the membership id of the member they stand in for.
    pub deputy_for: Option<String>,
    pub contact: Contact,
    /// When the data owner last confirmed this entry.
    pub confirmed_on: Option<PartialDate>,
}

impl Membership {
    /// Whether the membership is over on `today`: ended by status, or its end date (its last
    /// possible day, for partial dates) lies before `today`.
    pub fn is_past(&self, today: Date) -> bool {
        self.status == Status::Ended || self.end.is_some_and(|e| e.last_day() < today)
    }

    /// Whether a current term ends within `days` days of `today` (today included).
    pub fn ends_within(&self, today: Date, days: i64) -> bool {
        !self.is_past(today)
            && self
                .end
                .is_some_and(|e| (0..=days).contains(&today.days_until(e.last_day())))
    }

    /// Whether the membership occupies a seat on `today`: appointed, not a deputy, not past.
    pub fn fills_seat(&self, today: Date) -> bool {
        self.status == Status::Appointed && self.role != Role::Deputy && !self.is_past(today)
    }
}

/// Terms ending within this many days are flagged "ends soon".
pub const ENDS_SOON_DAYS: i64 = 60;

/// Seats of one category on one council on a given day.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct SeatStatus {
    pub category: Category,
    /// Seats the council has (0 for a category with members but no declared seats).
    pub seats: u32,
    /// Seats taken by current appointed members.
    pub filled: u32,
    /// Current nominated or recommended candidates (not counted as filled).
    pub pending: u32,
}

impl SeatStatus {
    /// Seats with nobody appointed.
    pub fn vacant(&self) -> u32 {
        self.seats.saturating_sub(self.filled)
    }
}

/// Persons, organisations and memberships, valid and indexed by id.
///
/// Invariants (established by [`Directory::build`]): ids are unique per record kind; every
/// membership's person and council exist and the council is of kind council; `on_behalf_of`,
/// `parent_id` and `deputy_for` point at existing records or are `None`; parent chains end;
/// texts have no control characters; contact data passed [`links`] validation.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Directory {
    persons: Vec<Person>,
    organisations: Vec<Organisation>,
    memberships: Vec<Membership>,
    person_ix: HashMap<String, usize>,
    org_ix: HashMap<String, usize>,
    membership_ix: HashMap<String, usize>,
}

impl Directory {
    pub fn persons(&self) -> &[Person] {
        &self.persons
    }

    pub fn organisations(&self) -> &[Organisation] {
        &self.organisations
    }

    pub fn memberships(&self) -> &[Membership] {
        &self.memberships
    }

    pub fn person(&self, id: &str) -> Option<&Person> {
        self.person_ix.get(id).map(|&i| &self.persons[i])
    }

    pub fn organisation(&self, id: &str) -> Option<&Organisation> {
        self.org_ix.get(id).map(|&i| &self.organisations[i])
    }

    pub fn membership(&self, id: &str) -> Option<&Membership> {
        self.membership_ix.get(id).map(|&i| &self.memberships[i])
    }

    /// Position of a person in [`Directory::persons`].
    pub fn person_index(&self, id: &str) -> Option<usize> {
        self.person_ix.get(id).copied()
    }

    /// Position of an organisation in [`Directory::organisations`].
    pub fn organisation_index(&self, id: &str) -> Option<usize> {
        self.org_ix.get(id).copied()
    }

    /// Position of a membership in [`Directory::memberships`].
    pub fn membership_index(&self, id: &str) -> Option<usize> {
        self.membership_ix.get(id).copied()
    }

    /// Organisations of kind council, in source order.
    pub fn councils(&self) -> impl Iterator<Item = &Organisation> {
        self.organisations
            .iter()
            .filter(|o| o.kind == OrgKind::Council)
    }

    /// A person's memberships, in source order.
    pub fn memberships_of<'a>(
        &'a self,
        person_id: &'a str,
    ) -> impl Iterator<Item = &'a Membership> {
        self.memberships
            .iter()
            .filter(move |m| m.person_id == person_id)
    }

    /// The personal deputies of a membership.
    pub fn deputies_of<'a>(
        &'a self,
        membership_id: &'a str,
    ) -> impl Iterator<Item = &'a Membership> {
        self.memberships
            .iter()
            .filter(move |m| m.deputy_for.as_deref() == Some(membership_id))
    }

    /// An organisation and then its parents, nearest first.
    pub fn ancestors<'a>(&'a self, org_id: &str) -> impl Iterator<Item = &'a Organisation> {
        let mut next = self.organisation(org_id);
        // Parent chains are acyclic by construction; the bound is a second line of defence.
        let mut left = self.organisations.len() + 1;
        core::iter::from_fn(move || {
            let cur = next?;
            left = left.checked_sub(1)?;
            next = cur.parent_id.as_deref().and_then(|p| self.organisation(p));
            Some(cur)
        })
    }

    /// The level of an organisation, or of its nearest ancestor that has one.
    pub fn effective_level(&self, org_id: &str) -> Option<Level> {
        self.ancestors(org_id).find_map(|o| o.level)
    }

    /// Seats per category of a council on `today`: declared categories first (in declared
    /// order), then any category that has members but no declared seats (seats 0), so
    /// overfilled or undeclared seats stay visible instead of vanishing.
    pub fn seat_status(&self, council_id: &str, today: Date) -> Vec<SeatStatus> {
        match self.organisation(council_id) {
            Some(c) if c.kind == OrgKind::Council => search::seat_status(
                &c.seats,
                self.memberships
                    .iter()
                    .filter(|m| m.council_id == council_id),
                today,
            ),
            _ => Vec::new(),
        }
    }
}
