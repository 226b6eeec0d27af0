//! vCard 4.0 output: properties, escaping and line folding.

use medvirk_core::directory::import::Records;
use medvirk_core::directory::native::read_native;
use medvirk_core::directory::vcard::{vcard, vcard_file_name};
use medvirk_core::directory::{Date, Directory, Person};
use medvirk_core::lang::Lang;

fn native() -> Directory {
    let path = format!(
        "{}/../../examples/directory/native-small.json",
        env!("CARGO_MANIFEST_DIR")
    );
    read_native(&std::fs::read_to_string(path).unwrap())
        .unwrap()
        .directory
}

fn check(dir: &Directory, person: &str, lang: Lang, want: &str) {
    let got = vcard(dir, person, lang, Date::new(2026, 1, 5).unwrap()).unwrap();
    let want: String = want
        .lines()
        .map(str::trim_start)
        .filter(|l| !l.is_empty())
        .map(|l| format!("{}\r\n", l.replace('·', " ")))
        .collect();
    assert_eq!(got, want);
}

#[test]
fn vcard_of_a_representative() {
    let dir = native();
    check(
        &dir,
        "p-maret",
        Lang::Nb,
        r"
        BEGIN:VCARD
        VERSION:4.0
        FN:Máret Ánde Sara
        N:Sara;Máret Ánde;;;
        EMAIL:maret.sara@example.no
        EMAIL:brukerutvalget@example.no
        TEL;VALUE=uri:tel:+4740000001
        ORG:FFO Troms og Finnmark
        TITLE:Leder\, Brukerutvalget ved UNN
        URL:https://example.no/representanter/maret-sara
        URL:https://example.no/brukerutvalget
        END:VCARD
        ",
    );
    // Past memberships are not titles any more; a person without contact data still has a card.
    check(
        &dir,
        "p-kari",
        Lang::Sv,
        r"
        BEGIN:VCARD
        VERSION:4.0
        FN:Kari Nordmann
        N:Nordmann;Kari;;;
        ORG:FFO Troms og Finnmark
        TITLE:Ledamot\, Brukerutvalget ved UNN
        END:VCARD
        ",
    );
    assert_eq!(
        vcard(&dir, "nobody", Lang::En, Date::new(2026, 1, 1).unwrap()),
        None
    );
}

#[test]
fn escaping_and_folding() {
    let name =
        "Anne-Grethe; \\Backslash, Nordmann-Østby Ødegård Ærlighetsen Åsheim Sørli-Strømstad";
    let r = Directory::build(Records {
        persons: vec![Person {
            id: "p".into(),
            name: name.into(),
            ..Person::default()
        }],
        ..Records::default()
    });
    let card = vcard(&r.directory, "p", Lang::En, Date::new(2026, 1, 1).unwrap()).unwrap();
    for line in card.split("\r\n") {
        assert!(line.len() <= 75, "{line:?} is {} octets", line.len());
    }
    // Unfolding (RFC 6350 §3.2: remove CRLF followed by one space) restores the logical line.
    let unfolded = card.replace("\r\n ", "");
    assert!(unfolded.contains(
        "FN:Anne-Grethe\\; \\\\Backslash\\, Nordmann-Østby Ødegård Ærlighetsen Åsheim Sørli-Strømstad\r\n"
    ));
    assert!(unfolded.contains("N:Sørli-Strømstad;Anne-Grethe\\; \\\\Backslash\\, Nordmann-Østby Ødegård Ærlighetsen Åsheim;;;\r\n"));
    // Folding never splits a multi-byte character: every physical line is valid UTF-8 by
    // construction of `str`, and continuation lines start with exactly one space.
    let lines: Vec<&str> = card.split("\r\n").collect();
    assert!(
        lines
            .iter()
            .skip(1)
            .filter(|l| l.starts_with(' '))
            .all(|l| !l.starts_with("  "))
    );
    assert!(
        lines.iter().any(|l| l.starts_with(' ')),
        "the long name was folded"
    );
    // Line breaks in data become \n, never a new property.
    let r = Directory::build(Records {
        persons: vec![Person {
            id: "p".into(),
            name: "Kari".into(),
            sort_name: Some("Nordmann, Kari".into()),
            ..Person::default()
        }],
        ..Records::default()
    });
    assert!(
        vcard(&r.directory, "p", Lang::En, Date::new(2026, 1, 1).unwrap())
            .unwrap()
            .contains("N:Nordmann;Kari;;;")
    );
}

#[test]
fn file_names_are_ascii_and_safe() {
    let cases = [
        ("Máret Ánde Sara", "maret-ande-sara.vcf"),
        ("Øystein Ødegård", "oystein-odegard.vcf"),
        ("../../etc/passwd", "etc-passwd.vcf"),
        ("张伟", "contact.vcf"),
        ("", "contact.vcf"),
        ("<script>alert(1)</script>", "script-alert-1-script.vcf"),
    ];
    for (name, want) in cases {
        assert_eq!(vcard_file_name(name), want, "{name:?}");
    }
    assert!(vcard_file_name(&"a".repeat(500)).len() <= 70);
}
