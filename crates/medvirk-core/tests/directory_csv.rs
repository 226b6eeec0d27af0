//! CSV import: the RFC 4180 reader and the column mapping with row-level errors.

use medvirk_core::directory::csv::{CsvError, RowError, import_csv, parse_csv};
use medvirk_core::directory::{Role, Status};

/// Parses CSV and renders records as `line: [fields]`.
fn check(text: &str, want: &[(usize, &[&str])]) {
    let got = parse_csv(text).unwrap();
    let got: Vec<(usize, Vec<&str>)> = got
        .iter()
        .map(|r| (r.line, r.fields.iter().map(String::as_str).collect()))
        .collect();
    let want: Vec<(usize, Vec<&str>)> = want.iter().map(|(l, f)| (*l, f.to_vec())).collect();
    assert_eq!(got, want, "{text:?}");
}

#[test]
fn reader_handles_quotes_delimiters_and_line_ends() {
    check(
        "a;b;c\n1;2;3\n",
        &[(1, &["a", "b", "c"]), (2, &["1", "2", "3"])],
    );
    check("a,b\r\n1,2\r\n", &[(1, &["a", "b"]), (2, &["1", "2"])]);
    check("a\tb\n1\t2", &[(1, &["a", "b"]), (2, &["1", "2"])]);
    check(
        "\u{feff}navn;råd\nKari;Brukerråd",
        &[(1, &["navn", "råd"]), (2, &["Kari", "Brukerråd"])],
    );
    check(
        "a;b\n\"x;y\";\"he said \"\"hi\"\"\"\n",
        &[(1, &["a", "b"]), (2, &["x;y", "he said \"hi\""])],
    );
    check(
        "a;b\n\"line 1\nline 2\";z\nnext;row",
        &[
            (1, &["a", "b"]),
            (2, &["line 1\nline 2", "z"]),
            (4, &["next", "row"]),
        ],
    );
    check("a;b\n\n\n1;2\n", &[(1, &["a", "b"]), (4, &["1", "2"])]);
    check(
        "a;b\n1;\n;\n",
        &[(1, &["a", "b"]), (2, &["1", ""]), (3, &["", ""])],
    );
    check(
        "a;b\nsize 5\" screen;x",
        &[(1, &["a", "b"]), (2, &["size 5\" screen", "x"])],
    );
    check("\"a,b\";c;d\n", &[(1, &["a,b", "c", "d"])]);
    check("a;b\r1;2\r", &[(1, &["a", "b"]), (2, &["1", "2"])]);
    check("a,b;c,d\n", &[(1, &["a", "b;c", "d"])]);
    // A tie goes to `;`, the Nordic Excel default.
    check("a,b;c;d,e\n", &[(1, &["a,b", "c", "d,e"])]);
    check("", &[]);
    assert_eq!(
        parse_csv("a;b\n\"open;x\n"),
        Err(CsvError::UnterminatedQuote { line: 2 })
    );
}

#[test]
fn import_maps_columns_and_reports_row_errors() {
    let csv = "\u{feff}Navn;Råd;Rolle;Organisasjon;Kategori;Status;Fra;Til;E-post;Telefon;Nivå;Personlig vara for;Favorittfarge\n\
        Máret Ánde Sara;Brukerrådet i Kautokeino;Leder;Norgga Sámiid Riikkasearvi;Brukerrepresentant;Oppnevnt;01.01.2024;31.12.2027;maret@example.no;+47 400 00 001;kommunal;;blå\n\
        Nils Somby;Brukerrådet i Kautokeino;Vara;Norgga Sámiid Riikkasearvi;;;2024;2027;;;;Máret Ánde Sara;\n\
        Ola Nordmann;Brukerrådet i Kautokeino;Sjef;;Astronaut;kanskje;2024-13-01;2023;ola(at)example.no;ring meg;;;\n\
        ;Brukerrådet i Kautokeino;Medlem;;;;;;;;;;\n\
        Máret Ánde Sara;Eldrerådet;Medlem;;;Nominert;2025;;maret@example.no;;;;\n\
        Åsa Lindström;Eldrerådet;vara;;;;;;;;;Ingen Slik;\n";
    let r = import_csv(csv).unwrap();
    assert_eq!(r.ignored_columns, ["Favorittfarge"]);
    let e =
        |line: usize, column: &str, message: &str| (line, column.to_owned(), message.to_owned());
    let errors: Vec<_> = r
        .errors
        .iter()
        .map(|e: &RowError| (e.line, e.column.clone(), e.message.clone()))
        .collect();
    assert_eq!(
        errors,
        [
            e(
                4,
                "Rolle",
                "unknown role; use leder, nestleder, medlem or vara (or chair, member, deputy)"
            ),
            e(
                4,
                "Status",
                "unknown status; use nominert, innstilt, oppnevnt or avsluttet"
            ),
            e(
                4,
                "Kategori",
                "unknown category; use brukerrepresentant, pårørende, ansatt, politiker or annet"
            ),
            e(
                4,
                "Fra",
                "not a date; use YYYY-MM-DD, DD.MM.YYYY, YYYY-MM or YYYY"
            ),
            e(4, "E-post", "not a valid e-mail address"),
            e(4, "Telefon", "not a valid phone number"),
            e(5, "Navn", "the name is empty"),
            e(
                7,
                "Personlig vara for",
                "no membership with id or member named \"Ingen Slik\" on this council"
            ),
        ]
    );
    let d = &r.report.directory;
    assert!(r.report.skipped.is_empty() && r.report.dropped.is_empty());
    assert_eq!(d.persons().len(), 3, "Máret's two rows are one person");
    let maret = &d.persons()[0];
    assert_eq!(
        (
            maret.name.as_str(),
            maret.email.as_deref(),
            maret.phone.as_deref()
        ),
        (
            "Máret Ánde Sara",
            Some("maret@example.no"),
            Some("+47 400 00 001")
        )
    );
    let ms = d.memberships();
    assert_eq!(ms.len(), 4);
    assert_eq!(
        (ms[0].id.as_str(), ms[0].role, ms[0].status),
        ("row-2", Role::Leader, Status::Appointed)
    );
    assert_eq!(
        ms[0].start.map(|s| s.to_string()).as_deref(),
        Some("2024-01-01")
    );
    assert_eq!(
        ms[0].end.map(|s| s.to_string()).as_deref(),
        Some("2027-12-31")
    );
    assert_eq!(
        (ms[1].role, ms[1].deputy_for.as_deref()),
        (Role::Deputy, Some("row-2"))
    );
    assert_eq!(
        (ms[2].council_id.as_str(), ms[2].status),
        ("council-eldreradet", Status::Nominated)
    );
    let council = d.organisation(&ms[0].council_id).unwrap();
    assert_eq!(
        (council.id.as_str(), council.level.map(|l| l.as_str())),
        ("council-brukerradet-i-kautokeino", Some("local"))
    );
    assert_eq!(
        d.organisation("org-norgga-samiid-riikkasearvi")
            .map(|o| o.name.as_str()),
        Some("Norgga Sámiid Riikkasearvi")
    );
}

#[test]
fn import_refuses_files_without_required_columns() {
    assert_eq!(import_csv("").unwrap_err(), CsvError::Empty);
    assert_eq!(
        import_csv("navn;rolle\nKari;leder").unwrap_err(),
        CsvError::MissingColumn("council")
    );
    assert_eq!(
        import_csv("council,role\nX,leader").unwrap_err(),
        CsvError::MissingColumn("name")
    );
    let ok = import_csv("name,council,membership_id,deputy_for\nKari,Rådet,k1,\nOla,Rådet,o1,k1")
        .unwrap();
    assert!(ok.errors.is_empty());
    assert_eq!(
        ok.report
            .directory
            .membership("o1")
            .and_then(|m| m.deputy_for.as_deref()),
        Some("k1")
    );
}
