//! Directory texts: complete in every language, with plural forms and dates.

use medvirk_core::directory::texts::*;
use medvirk_core::directory::{Category, Level, OrgKind, PartialDate, Role, Status};
use medvirk_core::lang::Lang;

#[test]
fn every_label_exists_in_every_language() {
    for lang in Lang::ALL {
        let t = texts(lang);
        let fixed = [
            t.heading,
            t.search_label,
            t.filter_council,
            t.filter_organisation,
            t.filter_level,
            t.filter_role,
            t.filter_status,
            t.filter_all,
            t.show_past,
            t.vacant_seat,
            t.on_behalf_of,
            t.personal_deputy_for,
            t.past,
            t.term,
            t.email,
            t.phone,
            t.address,
            t.website,
            t.no_results,
            t.loading,
            t.load_failed,
            t.retry,
            t.print,
        ];
        let mut all: Vec<String> = fixed.iter().map(|s| s.to_string()).collect();
        all.extend(Role::ALL.iter().map(|r| role_label(lang, *r).to_owned()));
        all.extend(
            Status::ALL
                .iter()
                .map(|s| status_label(lang, *s).to_owned()),
        );
        all.extend(Level::ALL.iter().map(|l| level_label(lang, *l).to_owned()));
        all.extend(
            Category::ALL
                .iter()
                .map(|c| category_label(lang, *c).to_owned()),
        );
        all.extend(OrgKind::ALL.iter().map(|k| kind_label(lang, *k).to_owned()));
        for n in [0, 1, 2, 21] {
            all.push(result_count(lang, n));
            all.push(records_not_shown(lang, n));
            all.push(vacant_seats(lang, n as u32));
            all.push(seats_filled(lang, n as u32, 4));
        }
        let d = PartialDate::parse("2026-02-28").unwrap();
        all.extend([
            term_ends(lang, d),
            confirmed_on(lang, d),
            email_link_label(lang, "Kari"),
            phone_link_label(lang, "Kari"),
            website_link_label(lang, "Kari"),
            vcard_download(lang, "Kari"),
        ]);
        for s in &all {
            assert!(!s.trim().is_empty(), "{lang:?}: empty text");
            assert!(
                !s.contains('{') && !s.contains('}'),
                "{lang:?}: placeholder left in {s:?}"
            );
            assert_eq!(s.trim(), s, "{lang:?}: stray whitespace in {s:?}");
        }
        // Labels within one list must be distinguishable.
        for list in [
            Role::ALL
                .iter()
                .map(|r| role_label(lang, *r))
                .collect::<Vec<_>>(),
            Status::ALL.iter().map(|s| status_label(lang, *s)).collect(),
            Level::ALL.iter().map(|l| level_label(lang, *l)).collect(),
            Category::ALL
                .iter()
                .map(|c| category_label(lang, *c))
                .collect(),
        ] {
            let mut sorted = list.clone();
            sorted.sort_unstable();
            sorted.dedup();
            assert_eq!(
                sorted.len(),
                list.len(),
                "{lang:?}: duplicate labels in {list:?}"
            );
        }
    }
}

#[test]
fn plurals_numbers_and_dates() {
    let d = |s| PartialDate::parse(s).unwrap();
    let cases: Vec<(String, &str)> = vec![
        (result_count(Lang::Nb, 0), "Ingen oppføringer"),
        (result_count(Lang::Nb, 1), "1 oppføring"),
        (result_count(Lang::Nb, 12), "12 oppføringer"),
        (result_count(Lang::Nn, 12), "12 oppføringar"),
        (result_count(Lang::Sv, 1), "1 träff"),
        (result_count(Lang::Sv, 3), "3 träffar"),
        (result_count(Lang::En, 0), "No results"),
        (result_count(Lang::En, 1), "1 result"),
        (
            records_not_shown(Lang::Nb, 1),
            "1 oppføring kunne ikke vises",
        ),
        (
            records_not_shown(Lang::Nn, 3),
            "3 oppføringar kunne ikkje visast",
        ),
        (records_not_shown(Lang::Sv, 3), "3 poster kunde inte visas"),
        (
            records_not_shown(Lang::En, 2),
            "2 records could not be shown",
        ),
        (vacant_seats(Lang::Nb, 1), "1 ledig plass"),
        (vacant_seats(Lang::Nb, 2), "2 ledige plasser"),
        (vacant_seats(Lang::Nn, 2), "2 ledige plassar"),
        (vacant_seats(Lang::Sv, 2), "2 vakanta platser"),
        (vacant_seats(Lang::En, 1), "1 vacant seat"),
        (seats_filled(Lang::Nb, 3, 4), "3 av 4 plasser besatt"),
        (seats_filled(Lang::En, 1, 1), "1 of 1 seat filled"),
        (format_date(Lang::Nb, d("2026-05-03")), "3. mai 2026"),
        (format_date(Lang::Nn, d("2026-12")), "desember 2026"),
        (format_date(Lang::Sv, d("2026-05-03")), "3 maj 2026"),
        (format_date(Lang::En, d("2026-05-03")), "3 May 2026"),
        (format_date(Lang::En, d("2026")), "2026"),
        (
            term_range(Lang::Nb, Some(d("2023")), Some(d("2026-12-31"))),
            "2023–31. desember 2026",
        ),
        (
            term_range(Lang::En, Some(d("2023-03")), None),
            "March 2023–",
        ),
        (term_range(Lang::En, None, None), ""),
        (
            term_ends(Lang::Nb, d("2026-02-28")),
            "Perioden går ut 28. februar 2026",
        ),
        (
            term_ends(Lang::Sv, d("2026-02-28")),
            "Mandatperioden löper ut 28 februari 2026",
        ),
        (term_ends(Lang::En, d("2026-02")), "Term ends February 2026"),
        (
            confirmed_on(Lang::Nn, d("2025-09-01")),
            "Sist stadfesta 1. september 2025",
        ),
        (
            confirmed_on(Lang::En, d("2025-06")),
            "Last confirmed June 2025",
        ),
        (
            email_link_label(Lang::Sv, "Kari"),
            "Skicka e-post till Kari",
        ),
        (
            vcard_download(Lang::Nb, "Kari"),
            "Last ned kontaktkort for Kari",
        ),
    ];
    for (got, want) in cases {
        assert_eq!(got, want);
    }
}
