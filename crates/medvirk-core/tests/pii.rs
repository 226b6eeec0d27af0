//! Personal-data detection in comments: valid and invalid national identity numbers, phone
//! numbers, e-mail addresses, and the everyday numbers (years, prices, dates) that must not trip it.

use medvirk_core::pii::{PiiFinding, PiiKind, scan};

use PiiKind::{Email, NationalId, Phone};

/// The one helper every table goes through: `text` must yield exactly `want`, given as
/// (kind, matched text) in order, and every finding must sit on char boundaries.
fn check(text: &str, want: &[(PiiKind, &str)]) {
    let found = scan(text);
    for f in &found {
        assert!(
            text.is_char_boundary(f.start) && text.is_char_boundary(f.end) && f.start < f.end,
            "finding {f:?} in {text:?} is not a char-boundary range"
        );
    }
    for pair in found.windows(2) {
        assert!(
            pair[0].end <= pair[1].start,
            "overlapping findings {pair:?} in {text:?}"
        );
    }
    let got: Vec<(PiiKind, &str)> = found
        .iter()
        .map(|f| (f.kind, &text[f.start..f.end]))
        .collect();
    assert_eq!(got, want, "scan({text:?})");
}

/// Mod-11 check digit with the fødselsnummer rules; `None` when the computed digit would be 10.
fn mod11(digits: &[u32], weights: &[u32]) -> Option<u32> {
    let sum: u32 = digits.iter().zip(weights).map(|(d, w)| d * w).sum();
    match 11 - sum % 11 {
        11 => Some(0),
        10 => None,
        k => Some(k),
    }
}

/// Builds a valid 11-digit number for the six-digit `date` (DDMMYY, possibly D-/H-shifted),
/// taking the first individual number from `first` upwards whose check digits both exist.
fn fnr(date: &str, first: u32) -> String {
    for individual in first..1000 {
        let nine = format!("{date}{individual:03}");
        let mut d: Vec<u32> = nine.chars().map(|c| c.to_digit(10).unwrap()).collect();
        let Some(k1) = mod11(&d, &[3, 7, 6, 1, 8, 9, 4, 5, 2]) else {
            continue;
        };
        d.push(k1);
        let Some(k2) = mod11(&d, &[5, 4, 3, 2, 7, 6, 5, 4, 3, 2]) else {
            continue;
        };
        return format!("{nine}{k1}{k2}");
    }
    panic!("no valid individual number for {date}");
}

/// Builds a Swedish personnummer's ten digits (YYMMDDNNN + Luhn digit).
fn pnr(yymmdd: &str, serial: &str) -> String {
    let nine = format!("{yymmdd}{serial}");
    let sum: u32 = nine
        .chars()
        .map(|c| c.to_digit(10).unwrap())
        .enumerate()
        .map(|(i, d)| {
            if i % 2 == 0 {
                let x = d * 2;
                x / 10 + x % 10
            } else {
                d
            }
        })
        .sum();
    format!("{nine}{}", (10 - sum % 10) % 10)
}

#[test]
fn helpers_agree_with_hand_computed_numbers() {
    // 150765005: weighted sums 148 and 138 give check digits 6 and 5.
    assert_eq!(fnr("150765", 5), "15076500565");
    check("15076500565", &[(NationalId, "15076500565")]);
    // Skatteverket's example personnummer 811218-9876.
    assert_eq!(pnr("811218", "987"), "8112189876");
    check("811218-9876", &[(NationalId, "811218-9876")]);
}

#[test]
fn finds_valid_fodselsnummer_in_every_written_form() {
    let n = fnr("010190", 123);
    let (date, rest) = n.split_at(6);
    check(&n, &[(NationalId, &n)]);
    check(
        &format!("{date} {rest}"),
        &[(NationalId, &format!("{date} {rest}"))],
    );
    check(
        &format!("{date}-{rest}"),
        &[(NationalId, &format!("{date}-{rest}"))],
    );
    check(
        &format!("{date}\u{a0}{rest}"),
        &[(NationalId, &format!("{date}\u{a0}{rest}"))],
    );
    check(&format!("Mitt fnr er {n}, takk."), &[(NationalId, &n)]);
    check(&format!("fnr:{n}"), &[(NationalId, &n)]);
    // Two spaces, or a 5+6 split, is not how the number is written: no guessing.
    check(&format!("{date}  {rest}"), &[]);
}

#[test]
fn finds_fodselsnummer_for_many_dates() {
    for (day, month, year) in [
        (1, 1, 0),
        (31, 12, 99),
        (29, 2, 84),
        (30, 4, 55),
        (15, 7, 23),
    ] {
        let n = fnr(&format!("{day:02}{month:02}{year:02}"), 0);
        check(&n, &[(NationalId, &n)]);
    }
}

#[test]
fn one_changed_digit_is_never_a_national_id_or_a_phone() {
    for base in [fnr("010190", 123), fnr("241270", 500), fnr("450377", 0)] {
        for pos in 0..11 {
            for digit in b'0'..=b'9' {
                let mut bytes = base.clone().into_bytes();
                if bytes[pos] == digit {
                    continue;
                }
                bytes[pos] = digit;
                let changed = String::from_utf8(bytes).unwrap();
                check(&changed, &[]);
                check(&format!("fnr {changed} ok"), &[]);
            }
        }
    }
}

#[test]
fn finds_d_and_h_numbers_and_rejects_impossible_dates() {
    // D-nummer: 4 added to the first digit (day 41-71).
    let d = fnr("410190", 0);
    check(&d, &[(NationalId, &d)]);
    let d = fnr("710190", 0);
    check(&d, &[(NationalId, &d)]);
    // H-nummer: 4 added to the third digit (month 41-52).
    let h = fnr("015290", 0);
    check(&h, &[(NationalId, &h)]);
    // Valid check digits, impossible dates.
    for date in [
        "000190", "320190", "011390", "300290", "310490", "720190", "011390", "015390",
    ] {
        check(&fnr(date, 0), &[]);
    }
}

#[test]
fn digits_inside_longer_runs_do_not_match() {
    let n = fnr("010190", 123);
    check(&format!("1{n}"), &[]);
    check(&format!("{n}9"), &[]);
    check(&format!("12{n}34"), &[]);
    check(&format!("0{} {}", &n[..6], &n[6..]), &[]);
    check(&format!("{} {}1", &n[..6], &n[6..]), &[]);
    // A neighbouring number separated by a space is a different number.
    check(&format!("12 {n} 34"), &[(NationalId, &n)]);
}

#[test]
fn byte_offsets_are_right_around_unicode_text() {
    let n = fnr("170583", 421);
    for text in [
        format!("Blåbærsyltetøy 😀 {n} æøå"),
        format!("😀{n}😀"),
        format!("Ærlig talt: {n}."),
        format!("{n}🇳🇴"),
    ] {
        let found = scan(&text);
        assert_eq!(found.len(), 1, "{text:?}");
        let f = found[0];
        assert_eq!(&text[f.start..f.end], n);
        assert_eq!(f.start, text.find(&n).unwrap());
    }
}

#[test]
fn finds_swedish_personnummer() {
    let p = pnr("811218", "987");
    let (date, rest) = p.split_at(6);
    for text in [
        format!("{date}-{rest}"),
        format!("{date}+{rest}"),
        format!("19{date}-{rest}"),
        format!("19{date}{rest}"),
        p.clone(),
    ] {
        check(
            &format!("Mitt personnummer: {text}"),
            &[(NationalId, &text)],
        );
    }
    // Samordningsnummer: 60 added to the day.
    let s = pnr("811278", "123");
    check(
        &format!("{}-{}", &s[..6], &s[6..]),
        &[(NationalId, &format!("{}-{}", &s[..6], &s[6..]))],
    );
}

#[test]
fn rejects_swedish_numbers_with_a_wrong_check_digit_or_date() {
    let p = pnr("811218", "987");
    let wrong = format!("{}{}", &p[..9], (p.as_bytes()[9] - b'0' + 1) % 10);
    check(&format!("{}-{}", &wrong[..6], &wrong[6..]), &[]);
    check(&wrong, &[]);
    let bad_month = pnr("811318", "987");
    check(&format!("{}-{}", &bad_month[..6], &bad_month[6..]), &[]);
    // A twelve-digit number needs a plausible century.
    check(&format!("23{p}"), &[]);
}

#[test]
fn finds_norwegian_phone_numbers() {
    for number in [
        "91234567",
        "912 34 567",
        "91 23 45 67",
        "9123 4567",
        "22 33 44 55",
        "412\u{a0}34\u{a0}567",
        "+47 912 34 567",
        "+4791234567",
        "+47 91 23 45 67",
        "+47\u{a0}91234567",
        "0047 91234567",
        "004791234567",
    ] {
        check(number, &[(Phone, number)]);
        check(
            &format!("Ring meg på {number}, helst før 16."),
            &[(Phone, number)],
        );
        check(&format!("(tlf: {number})"), &[(Phone, number)]);
    }
    // "kr" as part of a name is not a currency.
    check("ring 91234567 Kristin", &[(Phone, "91234567")]);
    check(
        "Tlf 91234567 eller 91234568",
        &[(Phone, "91234567"), (Phone, "91234568")],
    );
}

#[test]
fn finds_swedish_mobile_numbers() {
    for number in [
        "070-123 45 67",
        "0701234567",
        "070 123 45 67",
        "070-1234567",
        "073-123 4567",
        "076-12 34 567",
        "+46 70 123 45 67",
        "+46701234567",
        "+46 70-123 45 67",
        "0046 70 123 45 67",
    ] {
        check(&format!("Ring {number} tack!"), &[(Phone, number)]);
    }
    // 071 and 074 are not mobile series.
    check("Ring 071-123 45 67", &[]);
}

#[test]
fn everyday_numbers_are_not_personal_data() {
    for text in [
        "Det var i 2024.",
        "mellom 2019 og 2024",
        "2019 2024",
        "Saken fra 2019 2024 er ikke løst",
        "Saksnummer 2024/12345",
        "Saksnr. 24/01234-5",
        "Møtet var 01.01.2024 kl 12",
        "Møtet var 2024-03-15",
        "dato 20240315",
        "Det kostet kr 25 000 000",
        "Det kostet kr 25000000",
        "Det kostet kr. 25000000",
        "Det kostet 25000000 kr",
        "Det kostet 25000000kr",
        "Det kostet NOK 49999999",
        "Det kostet 49999999,-",
        "Det kostet 49999999,00",
        "Pris: 499,-",
        "1234567",
        "123456789",
        "912345678",
        "12345678",
        "01234567",
        "9123456",
        "912 345 678",
        "25 000 000",
        "1 234 567",
        "91-23-45-67",
        "Org.nr. 974760673",
        "Kontonummer 12345678903",
        "Ring 113 eller 116 117",
        "+45 12345678",
        "+4712345678",
        "3,14159265",
        "Versjon 1.2.3 fra 10:30",
    ] {
        check(text, &[]);
    }
}

#[test]
fn an_eleven_digit_number_that_fails_the_check_is_not_a_phone() {
    let mut n = fnr("010190", 123).into_bytes();
    n[10] = if n[10] == b'9' { b'0' } else { n[10] + 1 };
    let n = String::from_utf8(n).unwrap();
    check(&n, &[]);
    check(&format!("{} {}", &n[..6], &n[6..]), &[]);
}

#[test]
fn finds_email_addresses() {
    for (text, address) in [
        ("ola.nordmann@nav.no", "ola.nordmann@nav.no"),
        ("Skriv til ola@nav.no.", "ola@nav.no"),
        ("kari+test@example.com!", "kari+test@example.com"),
        (
            "<per_olsen@sub-domene.kommune.no>",
            "per_olsen@sub-domene.kommune.no",
        ),
        ("mailto:ola@nav.no", "ola@nav.no"),
        (
            "per.ødegård@nærøy.kommune.no",
            "per.ødegård@nærøy.kommune.no",
        ),
        ("Ærlig: åse@ås.kommune.no 😀", "åse@ås.kommune.no"),
        ("...ola@nav.no", "ola@nav.no"),
        ("OLA@NAV.NO", "OLA@NAV.NO"),
    ] {
        check(text, &[(Email, address)]);
    }
    for text in [
        "@nav.no",
        "ola@",
        "ola@localhost",
        "ola@nav",
        "ola@nav.n",
        "a@b.c0",
        "ola @ nav.no",
        "ola@.no",
        "ola@-nav.no",
        "@@",
    ] {
        check(text, &[]);
    }
}

#[test]
fn digits_inside_an_email_belong_to_the_email() {
    check("ola91234567@nav.no", &[(Email, "ola91234567@nav.no")]);
    let n = fnr("010190", 123);
    let address = format!("{n}@example.no");
    check(&format!("send til {address}"), &[(Email, &address)]);
}

#[test]
fn reports_several_findings_in_order() {
    let n = fnr("241270", 31);
    let text = format!(
        "Hei! Jeg heter Åse 🙂, fnr {n}, tlf +47 912 34 567 og e-post åse@eksempel.no. Takk!"
    );
    check(
        &text,
        &[
            (NationalId, &n),
            (Phone, "+47 912 34 567"),
            (Email, "åse@eksempel.no"),
        ],
    );
}

#[test]
fn text_without_personal_data_yields_nothing() {
    for text in [
        "",
        "Veldig bra tjeneste! 👍",
        "æøå ÆØÅ äö",
        "Svaret kom etter 3 dager og 2 timer.",
        "+",
        "++47",
        "0",
        "@",
    ] {
        check(text, &[]);
    }
    assert_eq!(scan("nothing"), Vec::<PiiFinding>::new());
}
