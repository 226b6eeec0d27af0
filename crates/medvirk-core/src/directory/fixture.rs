//! A deterministic, realistic-looking directory of any size, for tests and benchmarks.
//!
//! Same arguments, same directory, on every machine: a small linear congruential generator
//! (Knuth's MMIX constants) instead of a random crate. Names mix Norwegian, Swedish, Sámi and
//! other spellings (Ø/Ö, Å/Aa, Æ/Ä, Máret, Ánde) so search folding is exercised at scale.

use super::import::Records;
use super::{
    Category, Contact, Directory, Level, Membership, OrgKind, Organisation, PartialDate, Person,
    Role, SeatCount, Status,
};

/// Knuth's MMIX LCG; the high bits are the usable ones.
struct Lcg(u64);

impl Lcg {
    fn next(&mut self) -> u32 {
        self.0 = self
            .0
            .wrapping_mul(6_364_136_223_846_793_005)
            .wrapping_add(1_442_695_040_888_963_407);
        (self.0 >> 33) as u32
    }

    fn below(&mut self, n: usize) -> usize {
        self.next() as usize % n.max(1)
    }

    fn pick<'a>(&mut self, items: &[&'a str]) -> &'a str {
        items[self.below(items.len())]
    }
}

const GIVEN: &[&str] = &[
    "Kari", "Ola", "Åse", "Øystein", "Bjørn", "Björn", "Märta", "Åsa", "Máret", "Ánde", "Niillas",
    "Sigrid", "Jon", "Ingrid", "Aslak", "Elle", "Lars", "Mette", "Siv", "Astrid", "Håkon", "Tove",
    "Jörgen", "Linnéa", "Ahmed", "Fatima", "Olena", "Dmitrij", "Mei", "José", "Ævar", "Gøril",
];
const FAMILY: &[&str] = &[
    "Nordmann",
    "Hansen",
    "Sørensen",
    "Åsen",
    "Aasen",
    "Østby",
    "Sæther",
    "Ødegård",
    "Sara",
    "Gaup",
    "Eriksson",
    "Lindström",
    "Bäckström",
    "Hætta",
    "Somby",
    "Berg",
    "Dahl",
    "Nilsen",
    "Johansen",
    "Strøm",
    "Lie",
    "Haugen",
    "Öberg",
    "Karlsen",
    "Ali",
    "Kovalenko",
    "Nguyen",
    "Andersson",
];
const PLACES: &[&str] = &[
    "Oslo",
    "Bergen",
    "Tromsø",
    "Kautokeino",
    "Bodø",
    "Ålesund",
    "Lillehammer",
    "Førde",
    "Stockholm",
    "Göteborg",
    "Malmö",
    "Umeå",
    "Kiruna",
    "Östersund",
    "Växjö",
    "Karasjok",
    "Hammerfest",
    "Skien",
];
const COUNCIL_KINDS: &[&str] = &[
    "Brukerråd",
    "Eldreråd",
    "Råd for personer med funksjonsnedsettelse",
    "Brukarråd",
    "Ungdomsråd",
    "Pasient- og brukerombudets råd",
];
const USER_ORGS: &[&str] = &[
    "Norges Blindeforbund",
    "Mental Helse",
    "LHL",
    "Funksjonshemmedes Fellesorganisasjon",
    "Autismeforeningen",
    "Landsforeningen for pårørende innen psykisk helse",
    "Norges Handikapforbund",
    "Pensjonistforbundet",
    "Diabetesförbundet",
    "Synskadades Riksförbund",
    "Astma- och Allergiförbundet",
    "Sámi Searvi",
];
const PUBLIC_BODIES: &[&str] = &[
    "kommune",
    "Helse Nord",
    "Helse Vest",
    "NAV",
    "Region",
    "sykehus",
    "universitetssjukhus",
];

/// Builds a directory with exactly `memberships` memberships (for `memberships` ≥ 1), about
/// 0.7 persons per membership, one council per 20 memberships, user organisations with local
/// branches, and a mix of roles, statuses, categories, personal deputies and term dates around
/// 2020–2028. `seed` varies the data; the same seed gives the same directory.
pub fn generate(memberships: usize, seed: u64) -> Directory {
    let mut rng = Lcg(seed ^ 0x5eed_d1c7);
    let mut r = Records::default();

    // Public bodies own councils; user organisations (and their local branches) nominate.
    for (i, place) in PLACES.iter().enumerate() {
        let body = PUBLIC_BODIES[i % PUBLIC_BODIES.len()];
        r.organisations.push(Organisation {
            id: format!("pb-{i}"),
            name: format!("{place} {body}"),
            kind: OrgKind::PublicBody,
            parent_id: None,
            level: Some([Level::Local, Level::County, Level::National][i % 3]),
            seats: Vec::new(),
        });
    }
    for (i, org) in USER_ORGS.iter().enumerate() {
        r.organisations.push(Organisation {
            id: format!("uo-{i}"),
            name: (*org).to_owned(),
            kind: OrgKind::UserOrganisation,
            parent_id: None,
            level: Some(Level::National),
            seats: Vec::new(),
        });
        for (j, place) in PLACES.iter().enumerate().filter(|(j, _)| (i + j) % 4 == 0) {
            r.organisations.push(Organisation {
                id: format!("uo-{i}-{j}"),
                name: format!("{org} {place}"),
                kind: OrgKind::UserOrganisation,
                parent_id: Some(format!("uo-{i}")),
                level: Some(Level::Local),
                seats: Vec::new(),
            });
        }
    }
    let nominators: Vec<String> = r
        .organisations
        .iter()
        .filter(|o| o.kind == OrgKind::UserOrganisation)
        .map(|o| o.id.clone())
        .collect();

    let n_councils = memberships.div_ceil(20).max(1);
    for c in 0..n_councils {
        let place = PLACES[c % PLACES.len()];
        let kind = COUNCIL_KINDS[(c / PLACES.len()) % COUNCIL_KINDS.len()];
        let round = c / (PLACES.len() * COUNCIL_KINDS.len());
        let name = if round == 0 {
            format!("{kind} {place}")
        } else {
            format!("{kind} {place} {}", round + 1)
        };
        r.organisations.push(Organisation {
            id: format!("council-{c}"),
            name,
            kind: OrgKind::Council,
            parent_id: Some(format!("pb-{}", c % PLACES.len())),
            level: None,
            seats: vec![
                SeatCount {
                    category: Category::UserRepresentative,
                    seats: 6 + (c % 3) as u32,
                },
                SeatCount {
                    category: Category::Employee,
                    seats: 2,
                },
                SeatCount {
                    category: Category::Politician,
                    seats: 1,
                },
            ],
        });
    }

    let n_persons = (memberships * 7 / 10).max(1);
    for i in 0..n_persons {
        let given = rng.pick(GIVEN);
        let family = rng.pick(FAMILY);
        let name = format!("{given} {family}");
        let mail_local: String = super::search::fold(&format!("{given}.{family}"))
            .chars()
            .filter(|c| c.is_ascii_alphanumeric() || *c == '.')
            .collect();
        r.persons.push(Person {
            id: format!("p-{i}"),
            sort_name: Some(format!("{family}, {given}")),
            other_names: if i % 17 == 0 {
                vec![format!("{given} {family} ({})", PLACES[i % PLACES.len()])]
            } else {
                Vec::new()
            },
            email: (i % 3 != 0).then(|| format!("{mail_local}{i}@example.no")),
            phone: (i % 4 == 0)
                .then(|| format!("+47 9{:02} {:02} {:03}", i % 100, (i / 100) % 100, i % 1000)),
            address: None,
            links: Vec::new(),
            photo_url: None,
            name,
        });
    }

    // Each council gets 20 memberships: leader, deputy leader, members, then personal deputies.
    let mut member_ids: Vec<String> = Vec::new();
    for i in 0..memberships {
        let c = i / 20;
        let slot = i % 20;
        if slot == 0 {
            member_ids.clear();
        }
        let role = match slot {
            0 => Role::Leader,
            1 => Role::DeputyLeader,
            2..=9 => Role::Member,
            _ => Role::Deputy,
        };
        let category = match slot % 10 {
            7 => Category::Employee,
            8 => Category::Employee,
            9 => Category::Politician,
            _ => Category::UserRepresentative,
        };
        let start_year = 2019 + rng.below(6) as u16;
        let start = match rng.below(3) {
            0 => PartialDate::parse(&format!("{start_year}")),
            1 => PartialDate::parse(&format!("{start_year}-{:02}", 1 + rng.below(12))),
            _ => PartialDate::parse(&format!(
                "{start_year}-{:02}-{:02}",
                1 + rng.below(12),
                1 + rng.below(28)
            )),
        };
        let end = start.map(|s| PartialDate {
            year: s.year + 4,
            month: s.month,
            day: s.day,
        });
        let status = match rng.below(20) {
            0 => Status::Nominated,
            1 => Status::Recommended,
            2 => Status::Ended,
            _ => Status::Appointed,
        };
        let id = format!("m-{i}");
        let deputy_for = (role == Role::Deputy && !member_ids.is_empty())
            .then(|| member_ids[slot % member_ids.len()].clone());
        if role != Role::Deputy {
            member_ids.push(id.clone());
        }
        r.memberships.push(Membership {
            person_id: format!("p-{}", rng.below(n_persons)),
            council_id: format!("council-{c}"),
            role,
            category: (role != Role::Deputy).then_some(category),
            on_behalf_of: (category == Category::UserRepresentative)
                .then(|| nominators[rng.below(nominators.len())].clone()),
            start,
            end,
            status,
            deputy_for,
            contact: if i % 50 == 0 {
                Contact {
                    email: Some(format!("rad{c}@example.no")),
                    ..Contact::default()
                }
            } else {
                Contact::default()
            },
            confirmed_on: (i % 5 == 0).then_some(PartialDate {
                year: 2025,
                month: Some(1 + (i % 12) as u8),
                day: None,
            }),
            id,
        });
    }
    Directory::build(r).directory
}
