//! Search: Nordic folding, filters, grouping, seats, term flags, and a timing over 10,000
//! memberships (printed, never asserted).

use medvirk_core::directory::fixture::generate;
use medvirk_core::directory::import::Records;
use medvirk_core::directory::native::read_native;
use medvirk_core::directory::search::{Query, SearchIndex, collation_key, fold};
use medvirk_core::directory::{
    Category, Date, Directory, Level, Membership, OrgKind, Organisation, Person, Role, SeatStatus,
    Status,
};
use medvirk_core::lang::Lang;

fn today() -> Date {
    Date::new(2026, 1, 5).unwrap()
}

fn native_index(lang: Lang) -> SearchIndex {
    let path = format!(
        "{}/../../examples/directory/native-small.json",
        env!("CARGO_MANIFEST_DIR")
    );
    let dir = read_native(&std::fs::read_to_string(path).unwrap())
        .unwrap()
        .directory;
    SearchIndex::new(dir, lang, today())
}

/// Renders results as `Council: Name, Name* | Council: ...` (`*` ends soon, `†` past,
/// `(empty)` for a council listed only for its vacancies).
fn render(index: &SearchIndex, q: &Query<'_>) -> String {
    let dir = index.directory();
    let r = index.search(q);
    r.groups
        .iter()
        .map(|g| {
            let names: Vec<String> = r
                .group_hits(g)
                .iter()
                .map(|h| {
                    let m = &dir.memberships()[h.membership];
                    let name = &dir.person(&m.person_id).unwrap().name;
                    format!(
                        "{name}{}{}",
                        if h.ends_soon { "*" } else { "" },
                        if h.past { "†" } else { "" }
                    )
                })
                .collect();
            let names = if names.is_empty() {
                "(empty)".to_owned()
            } else {
                names.join(", ")
            };
            format!("{}: {names}", dir.organisations()[g.council].name)
        })
        .collect::<Vec<_>>()
        .join(" | ")
}

fn check(index: &SearchIndex, q: Query<'_>, want: &str) {
    assert_eq!(render(index, &q), want, "{q:?}");
}

#[test]
fn fold_is_lowercase_and_diacritic_free() {
    let cases = [
        ("Øst Öst Ost", "ost ost ost"),
        ("ÅSEN Åsen åsen", "asen asen asen"),
        ("Sæther Säther", "sather sather"),
        ("Máret Ánde Sara", "maret ande sara"),
        (
            "Čáhcesuolu Đuottar Ŋuvttos Šiellat Ŧ Žž",
            "cahcesuolu duottar nuvttos siellat t zz",
        ),
        ("Straße Þór Œuvre Ærø", "strasse thor oeuvre aro"),
        (
            "José Müller Łukasz Çelik İstanbul",
            "jose muller lukasz celik istanbul",
        ),
        ("ΗΛΊΑΣ Ηλίας ςσ", "ηλιασ ηλιασ σσ"),
        ("ДМИТРИЙ Ёлка", "дмитрий елка"),
        ("张伟 マーレット", "张伟 マーレット"),
        ("A\u{30a}sen", "asen"),
        ("<b>Nils</b>", "<b>nils</b>"),
    ];
    for (input, want) in cases {
        assert_eq!(fold(input), want, "{input:?}");
    }
}

/// A directory of one council where every person holds one membership, for folding tests.
fn names_index(names: &[&str]) -> SearchIndex {
    let mut r = Records::default();
    r.organisations.push(Organisation {
        id: "c".into(),
        name: "Rådet".into(),
        kind: OrgKind::Council,
        parent_id: None,
        level: None,
        seats: vec![],
    });
    for (i, n) in names.iter().enumerate() {
        r.persons.push(Person {
            id: format!("p{i}"),
            name: (*n).into(),
            ..Person::default()
        });
        r.memberships.push(membership(
            &format!("m{i}"),
            &format!("p{i}"),
            "c",
            Role::Member,
        ));
    }
    let report = Directory::build(r);
    assert!(report.skipped.is_empty());
    SearchIndex::new(report.directory, Lang::En, today())
}

fn membership(id: &str, person: &str, council: &str, role: Role) -> Membership {
    Membership {
        id: id.into(),
        person_id: person.into(),
        council_id: council.into(),
        role,
        category: None,
        on_behalf_of: None,
        start: None,
        end: None,
        status: Status::Appointed,
        deputy_for: None,
        contact: Default::default(),
        confirmed_on: None,
    }
}

#[test]
fn nordic_query_folding() {
    let index = names_index(&[
        "Ost",
        "Öst",
        "Øst",
        "Aasen",
        "Asen",
        "Åsen",
        "Saether",
        "Sather",
        "Sæther",
        "Bjorn",
        "Björn",
        "Bjørn",
        "José",
        "Michael",
        "Máret Ánde Sara",
        "Straße",
        "Ηλίας",
        "Дмитрий",
        "张伟",
        "Ødegård",
        "Oedegaard",
    ]);
    let cases: &[(&str, &str)] = &[
        ("ost", "Ost, Öst, Øst"),
        ("OST", "Ost, Öst, Øst"),
        ("øst", "Öst, Øst"),
        ("Öst", "Öst, Øst"),
        ("asen", "Aasen, Asen, Åsen"),
        ("aasen", "Aasen, Asen, Åsen"),
        ("åsen", "Aasen, Åsen"),
        ("ÅSEN", "Aasen, Åsen"),
        ("sather", "Sather, Sæther"),
        ("saether", "Saether, Sather, Sæther"),
        ("sæther", "Saether, Sæther"),
        ("säther", "Saether, Sæther"),
        ("bjorn", "Bjorn, Björn, Bjørn"),
        ("björn", "Björn, Bjørn"),
        ("bjørn", "Björn, Bjørn"),
        ("jose", "José"),
        ("josé", "José"),
        ("el", "Michael"),
        ("ae", "Michael, Saether"),
        ("aas", "Aasen, Asen, Straße, Åsen"),
        ("maret ande", "Máret Ánde Sara"),
        ("sara maret", "Máret Ánde Sara"),
        ("maret zzz", ""),
        ("strasse", "Straße"),
        ("straße", "Straße"),
        ("ηλιας", "Ηλίας"),
        ("ΗΛΊΑΣ", "Ηλίας"),
        ("ДМИТРИЙ", "Дмитрий"),
        ("张", "张伟"),
        // Names are never contracted, so the old spelling needs its letters typed.
        ("odegard", "Ødegård"),
        ("oedegaard", "Oedegaard, Ødegård"),
        ("ødegård", "Oedegaard, Ødegård"),
        ("xyz", ""),
        ("rådet sara", "Máret Ánde Sara"),
    ];
    for (q, want) in cases {
        let r = index.search(&Query {
            text: q,
            ..Query::default()
        });
        let mut names: Vec<&str> = r
            .hits
            .iter()
            .map(|h| {
                let m = &index.directory().memberships()[h.membership];
                index
                    .directory()
                    .person(&m.person_id)
                    .unwrap()
                    .name
                    .as_str()
            })
            .collect();
        names.sort_unstable();
        assert_eq!(names.join(", "), *want, "query {q:?}");
    }
    // Whitespace only, or nothing, finds everyone.
    assert_eq!(
        index
            .search(&Query {
                text: "  \t ",
                ..Query::default()
            })
            .count(),
        21
    );
    // An absurdly long query is cut, not a problem.
    let long = "a ".repeat(10_000);
    assert_eq!(
        index
            .search(&Query {
                text: &long,
                ..Query::default()
            })
            .count(),
        21
    );
}

#[test]
fn grouping_order_filters_and_flags() {
    let index = native_index(Lang::Nb);
    let all = "Brukerutvalget ved UNN: Máret Ánde Sara, Ahmed Ali*, Kari Nordmann, Øystein Ødegård, Bjørn Aasen \
               | Eldrerådet i Oslo: Ingrid Sæther, Linnéa Bäckström";
    check(&index, Query::default(), all);
    check(
        &index,
        Query {
            text: "   ",
            ..Query::default()
        },
        all,
    );
    check(
        &index,
        Query {
            include_past: true,
            ..Query::default()
        },
        "Brukerutvalget ved UNN: Máret Ánde Sara, Ahmed Ali*, Kari Nordmann, Øystein Ødegård, Bjørn Aasen \
         | Eldrerådet i Oslo: Ingrid Sæther, Linnéa Bäckström, Kari Nordmann†",
    );
    let cases: &[(Query<'_>, &str)] = &[
        (
            Query {
                council: Some("er-oslo"),
                ..Query::default()
            },
            "Eldrerådet i Oslo: Ingrid Sæther, Linnéa Bäckström",
        ),
        (
            Query {
                council: Some("no-such"),
                ..Query::default()
            },
            "",
        ),
        (
            Query {
                organisation: Some("no-such"),
                ..Query::default()
            },
            "",
        ),
        (
            Query {
                organisation: Some("ffo"),
                ..Query::default()
            },
            "Brukerutvalget ved UNN: Máret Ánde Sara, Kari Nordmann",
        ),
        (
            Query {
                organisation: Some("mental-helse"),
                ..Query::default()
            },
            "Brukerutvalget ved UNN: Øystein Ødegård, Bjørn Aasen",
        ),
        (
            Query {
                organisation: Some("helse-nord"),
                ..Query::default()
            },
            "Brukerutvalget ved UNN: Máret Ánde Sara, Ahmed Ali*, Kari Nordmann, Øystein Ødegård, Bjørn Aasen",
        ),
        (
            Query {
                level: Some(Level::Local),
                ..Query::default()
            },
            "Eldrerådet i Oslo: Ingrid Sæther, Linnéa Bäckström",
        ),
        (
            Query {
                level: Some(Level::County),
                ..Query::default()
            },
            "Brukerutvalget ved UNN: Máret Ánde Sara, Ahmed Ali*, Kari Nordmann, Øystein Ødegård, Bjørn Aasen",
        ),
        (
            Query {
                level: Some(Level::National),
                ..Query::default()
            },
            "",
        ),
        (
            Query {
                role: Some(Role::Deputy),
                ..Query::default()
            },
            "Brukerutvalget ved UNN: Bjørn Aasen",
        ),
        (
            Query {
                role: Some(Role::Leader),
                ..Query::default()
            },
            "Brukerutvalget ved UNN: Máret Ánde Sara | Eldrerådet i Oslo: Ingrid Sæther",
        ),
        (
            Query {
                status: Some(Status::Nominated),
                ..Query::default()
            },
            "Brukerutvalget ved UNN: Kari Nordmann",
        ),
        (
            Query {
                status: Some(Status::Ended),
                ..Query::default()
            },
            "",
        ),
        (
            Query {
                status: Some(Status::Ended),
                include_past: true,
                ..Query::default()
            },
            "Eldrerådet i Oslo: Kari Nordmann†",
        ),
        (
            Query {
                text: "ffo",
                ..Query::default()
            },
            "Brukerutvalget ved UNN: Máret Ánde Sara, Kari Nordmann",
        ),
        (
            Query {
                text: "kari oslo",
                ..Query::default()
            },
            "",
        ),
        (
            Query {
                text: "kari oslo",
                include_past: true,
                ..Query::default()
            },
            "Eldrerådet i Oslo: Kari Nordmann†",
        ),
        (
            Query {
                text: "nord-norge oyst",
                ..Query::default()
            },
            "Brukerutvalget ved UNN: Øystein Ødegård",
        ),
        (
            Query {
                text: "nord-norge øyst",
                ..Query::default()
            },
            "Brukerutvalget ved UNN: Øystein Ødegård",
        ),
        (
            Query {
                text: "nord-norge ost",
                ..Query::default()
            },
            "",
        ),
        (
            Query {
                text: "eldreradet",
                ..Query::default()
            },
            "Eldrerådet i Oslo: Ingrid Sæther, Linnéa Bäckström",
        ),
        (
            Query {
                text: "sara",
                council: Some("er-oslo"),
                ..Query::default()
            },
            "",
        ),
    ];
    for (q, want) in cases {
        check(&index, q.clone(), want);
    }
}

#[test]
fn order_follows_the_language_alphabet() {
    // Æ Ø Å come after Z in Norwegian; Å Ä Ö in Swedish; English ignores the marks.
    let words = ["Zahl", "Åsen", "Ærø", "Østby", "Ahl", "Ödman", "Älv"];
    let sorted = |lang| {
        let mut w = words.to_vec();
        w.sort_by_key(|s| collation_key(s, lang));
        w.join(" ")
    };
    assert_eq!(sorted(Lang::Nb), "Ahl Zahl Älv Ærø Ödman Østby Åsen");
    assert_eq!(sorted(Lang::Nn), sorted(Lang::Nb));
    assert_eq!(sorted(Lang::Sv), "Ahl Zahl Åsen Älv Ærø Ödman Østby");
    assert_eq!(sorted(Lang::En), "Ahl Älv Ærø Åsen Ödman Østby Zahl");
}

#[test]
fn seats_vacancies_and_empty_councils() {
    let index = native_index(Lang::En);
    let dir = index.directory();
    let unn = dir.organisation_index("bu-unn").unwrap();
    let oslo = dir.organisation_index("er-oslo").unwrap();
    let seat = |category, seats, filled, pending| SeatStatus {
        category,
        seats,
        filled,
        pending,
    };
    assert_eq!(
        index.seats(unn),
        [
            seat(Category::UserRepresentative, 4, 2, 1),
            seat(Category::Employee, 1, 1, 0)
        ]
    );
    assert_eq!(index.vacancies(unn), 2);
    assert_eq!(
        index.seats(oslo),
        [
            seat(Category::UserRepresentative, 3, 1, 1),
            seat(Category::Politician, 1, 0, 0)
        ]
    );
    assert_eq!(index.vacancies(oslo), 3);
    assert_eq!(dir.seat_status("er-oslo", today()), index.seats(oslo));
    assert!(
        index
            .seats(dir.organisation_index("ffo").unwrap())
            .is_empty()
    );
    // On a later day the ended terms free their seats.
    assert_eq!(
        dir.seat_status("bu-unn", Date::new(2027, 1, 1).unwrap())[0],
        seat(Category::UserRepresentative, 4, 0, 1)
    );

    // A council nobody sits on is listed (for its vacancies) only while nothing is typed.
    let mut r = Records::default();
    for (id, name) in [("c1", "Tomt råd"), ("c2", "Fullt råd")] {
        r.organisations.push(Organisation {
            id: id.into(),
            name: name.into(),
            kind: OrgKind::Council,
            parent_id: None,
            level: Some(Level::Local),
            seats: vec![medvirk_core::directory::SeatCount {
                category: Category::UserRepresentative,
                seats: 2,
            }],
        });
    }
    r.persons.push(Person {
        id: "p".into(),
        name: "Kari".into(),
        ..Person::default()
    });
    r.memberships.push(membership("m", "p", "c2", Role::Member));
    let index = SearchIndex::new(Directory::build(r).directory, Lang::Nb, today());
    check(
        &index,
        Query::default(),
        "Tomt råd: (empty) | Fullt råd: Kari",
    );
    check(
        &index,
        Query {
            level: Some(Level::Local),
            ..Query::default()
        },
        "Tomt råd: (empty) | Fullt råd: Kari",
    );
    check(
        &index,
        Query {
            council: Some("c1"),
            ..Query::default()
        },
        "Tomt råd: (empty)",
    );
    check(
        &index,
        Query {
            text: "kari",
            ..Query::default()
        },
        "Fullt råd: Kari",
    );
    check(
        &index,
        Query {
            role: Some(Role::Member),
            ..Query::default()
        },
        "Fullt råd: Kari",
    );
    assert_eq!(index.vacancies(0), 2);
    // Kari has no category: she fills the council's only declared one.
    assert_eq!(index.vacancies(1), 1);
    assert_eq!(
        index.seats(1),
        [SeatStatus {
            category: Category::UserRepresentative,
            seats: 2,
            filled: 1,
            pending: 0
        }]
    );
}

#[test]
fn term_rules_with_partial_dates() {
    let mut m = membership("m", "p", "c", Role::Member);
    let d = |s| medvirk_core::directory::PartialDate::parse(s);
    let day = |y, mo, da| Date::new(y, mo, da).unwrap();
    // (end, status, today, past, ends within 60 days)
    let cases = [
        (None, Status::Appointed, day(2026, 1, 5), false, false),
        (d("2025"), Status::Appointed, day(2025, 12, 31), false, true),
        (d("2025"), Status::Appointed, day(2026, 1, 1), true, false),
        (
            d("2026-02"),
            Status::Appointed,
            day(2026, 1, 5),
            false,
            true,
        ),
        (
            d("2026-03-06"),
            Status::Appointed,
            day(2026, 1, 5),
            false,
            true,
        ),
        (
            d("2026-03-07"),
            Status::Appointed,
            day(2026, 1, 5),
            false,
            false,
        ),
        (
            d("2024-02"),
            Status::Appointed,
            day(2024, 2, 29),
            false,
            true,
        ),
        (
            d("2024-02"),
            Status::Appointed,
            day(2024, 3, 1),
            true,
            false,
        ),
        (d("2030"), Status::Ended, day(2026, 1, 5), true, false),
    ];
    for (end, status, today, past, soon) in cases {
        m.end = end;
        m.status = status;
        assert_eq!(
            (m.is_past(today), m.ends_within(today, 60)),
            (past, soon),
            "{end:?} {status:?} {today}"
        );
    }
}

#[test]
fn fixture_is_deterministic_and_valid() {
    let a = generate(2_000, 11);
    assert_eq!(a, generate(2_000, 11));
    assert_ne!(a, generate(2_000, 12));
    assert_eq!(a.memberships().len(), 2_000);
    assert_eq!(a.councils().count(), 100);
    // Everything the generator makes passes the import gate untouched.
    let again = medvirk_core::directory::native::read_native(
        &medvirk_core::directory::native::write_native(&a),
    )
    .unwrap();
    assert!(
        again.skipped.is_empty() && again.dropped.is_empty(),
        "{:?}",
        &again.dropped[..again.dropped.len().min(3)]
    );
    assert!(a.memberships().iter().any(|m| m.deputy_for.is_some()));
    assert!(a.persons().iter().any(|p| p.name.contains('Ø')));
}

/// Times keystroke-like queries over 10,000 memberships. Prints p50/p95; asserts only results.
#[test]
fn search_timing_over_10000_memberships() {
    let t0 = std::time::Instant::now();
    let dir = generate(10_000, 1);
    let generated = t0.elapsed();
    let t1 = std::time::Instant::now();
    let index = SearchIndex::new(dir, Lang::Nb, today());
    let built = t1.elapsed();
    // What a person types, one keystroke at a time, plus a few filters.
    let typed = [
        "s",
        "sø",
        "sør",
        "søre",
        "sørensen",
        "k",
        "ka",
        "kar",
        "kari",
        "kari ",
        "kari b",
        "kari be",
        "kari berg",
        "å",
        "ås",
        "åse",
        "åsen",
        "m",
        "ma",
        "mar",
        "mare",
        "maret",
        "tromsø",
        "brukerråd tromsø",
        "mental helse",
        "xyz",
    ];
    let mut times = Vec::new();
    let mut found = 0;
    for round in 0..5 {
        for text in typed {
            let q = Query {
                text,
                include_past: round % 2 == 1,
                ..Query::default()
            };
            let t = std::time::Instant::now();
            let r = index.search(&q);
            times.push(t.elapsed());
            found += r.count();
        }
        let t = std::time::Instant::now();
        let r = index.search(&Query {
            organisation: Some("uo-1"),
            role: Some(Role::Member),
            ..Query::default()
        });
        times.push(t.elapsed());
        found += r.count();
    }
    times.sort();
    let p = |q: f64| times[((times.len() - 1) as f64 * q) as usize];
    println!(
        "10,000 memberships: generate {generated:?}, index {built:?}; per query p50 {:?}, p95 {:?}, max {:?} ({} queries)",
        p(0.5),
        p(0.95),
        times[times.len() - 1],
        times.len()
    );
    assert!(found > 0);
    assert_eq!(
        index
            .search(&Query {
                text: "xyz",
                ..Query::default()
            })
            .count(),
        0
    );
    assert_eq!(
        index
            .search(&Query {
                include_past: true,
                ..Query::default()
            })
            .count(),
        10_000
    );
}
