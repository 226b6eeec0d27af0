//! The contact-link allowlist against valid data and a long table of hostile inputs.

use medvirk_core::directory::links::{
    LinkKind, https_url, normalise_phone, safe_link, tel_link, validate_email,
};

/// Builds a link of `kind` from `raw` and compares it with `want` (`None`: rejected).
fn check(kind: LinkKind, raw: &str, want: Option<&str>) {
    assert_eq!(safe_link(raw, kind).as_deref(), want, "{kind:?} {raw:?}");
}

#[test]
fn web_links_accept_https_only_and_normalise_scheme_and_host() {
    let cases: &[(&str, Option<&str>)] = &[
        ("https://example.no", Some("https://example.no")),
        ("https://example.no/", Some("https://example.no/")),
        (
            "  https://example.no/a?b=c#d  ",
            Some("https://example.no/a?b=c#d"),
        ),
        ("HTTPS://Example.NO/Path", Some("https://example.no/Path")),
        (
            "https://www.nav.no:443/brukerråd",
            Some("https://www.nav.no:443/brukerråd"),
        ),
        (
            "https://no.wikipedia.org/wiki/Bjørnstjerne_Bjørnson",
            Some("https://no.wikipedia.org/wiki/Bjørnstjerne_Bjørnson"),
        ),
        ("https://bøler.no/", Some("https://bøler.no/")),
        ("https://xn--bler-hra.no/", Some("https://xn--bler-hra.no/")),
        ("https://192.0.2.1/x", Some("https://192.0.2.1/x")),
        ("https://example.no/a%20b", Some("https://example.no/a%20b")),
        (
            "https://example.no/?q=a&b=c,d;e",
            Some("https://example.no/?q=a&b=c,d;e"),
        ),
        // Other schemes, whatever their case or disguise.
        ("http://example.no", None),
        ("HTTP://example.no", None),
        ("javascript:alert(1)", None),
        ("JavaScript:alert(1)", None),
        ("  javascript:alert(1)", None),
        ("java\tscript:alert(1)", None),
        ("java\nscript:alert(1)", None),
        ("java\rscript:alert(1)", None),
        ("\u{0}javascript:alert(1)", None),
        ("javascript&#58;alert(1)", None),
        ("javascript&colon;alert(1)", None),
        ("&#106;avascript:alert(1)", None),
        ("%6Aavascript:alert(1)", None),
        ("javascript%3Aalert(1)", None),
        ("vbscript:msgbox(1)", None),
        ("data:text/html,<script>alert(1)</script>", None),
        ("data:image/svg+xml;base64,PHN2Zz4=", None),
        ("file:///etc/passwd", None),
        ("ftp://example.no/", None),
        ("mailto:kari@example.no", None),
        ("tel:+4722334455", None),
        ("//evil.example/x", None),
        ("/relative/path", None),
        ("example.no", None),
        ("", None),
        ("   ", None),
        // https in form only.
        ("https:example.no", None),
        ("https:/example.no", None),
        ("https:///example.no", None),
        ("https:\\\\example.no", None),
        ("https://example.no\\@evil.example", None),
        ("https://example.no/\\evil", None),
        ("ht\ttps://example.no", None),
        ("https ://example.no", None),
        ("https://exa mple.no", None),
        ("https://example.no/a b", None),
        ("https://example.no/\u{202e}gpj.exe", None),
        ("https://example.no/\u{200b}", None),
        ("https://example.no/\"onmouseover=alert(1)", None),
        ("https://example.no/<script>", None),
        ("https://example.no/`x`", None),
        ("https://nav.no@evil.example/", None),
        ("https://user:pass@example.no/", None),
        ("https://example.no:0/", None),
        ("https://example.no:99999/", None),
        ("https://example.no:/", None),
        ("https://example.no:80a/", None),
        ("https://localhost/", None),
        ("https://-example.no/", None),
        ("https://example-.no/", None),
        ("https://exa_mple.no/", None),
        ("https://example..no/", None),
        ("https://example.no./", None),
        ("https://%65xample.no/", None),
        ("https://[::1]/", None),
        ("https://example.123/", None),
        ("ｈｔｔｐｓ://example.no/", None),
        ("https：//example.no/", None),
    ];
    for (raw, want) in cases {
        check(LinkKind::Web, raw, *want);
    }
    let long = format!("https://example.no/{}", "a".repeat(3000));
    check(LinkKind::Web, &long, None);
    assert_eq!(
        https_url("https://example.no"),
        safe_link("https://example.no", LinkKind::Web)
    );
}

#[test]
fn email_links_validate_the_address_and_reject_uri_tricks() {
    let cases: &[(&str, Option<&str>)] = &[
        ("kari@example.no", Some("mailto:kari@example.no")),
        (
            "  Kari.Nordmann@Example.NO ",
            Some("mailto:Kari.Nordmann@example.no"),
        ),
        ("mailto:kari@example.no", Some("mailto:kari@example.no")),
        ("MAILTO:kari@example.no", Some("mailto:kari@example.no")),
        (
            "o'brien+council@sub.example.co.uk",
            Some("mailto:o'brien+council@sub.example.co.uk"),
        ),
        ("post@bøler.no", Some("mailto:post@bøler.no")),
        ("kari@example.no?bcc=all@example.no", None),
        ("kari@example.no&body=x", None),
        ("kari@example.no,evil@example.no", None),
        ("kari@example.no;evil@example.no", None),
        ("kari@example.no\nbcc:evil@example.no", None),
        ("kari@exa\tmple.no", None),
        ("kari@@example.no", None),
        ("kari", None),
        ("@example.no", None),
        ("kari@", None),
        ("kari@no", None),
        ("kari@localhost", None),
        ("kari@192.0.2.1", None),
        (".kari@example.no", None),
        ("kari.@example.no", None),
        ("ka..ri@example.no", None),
        ("kåri@example.no", None),
        ("ka ri@example.no", None),
        ("\"kari\"@example.no", None),
        ("kari%40evil@example.no", None),
        ("<kari@example.no>", None),
        ("kari@example.no>", None),
        ("javascript:alert(1)//@example.no", None),
        ("javascript&#58;x@example.no", None),
        ("mailto:javascript:alert(1)", None),
        ("not-an-email", None),
        ("", None),
    ];
    for (raw, want) in cases {
        check(LinkKind::Email, raw, *want);
    }
    let long_local = format!("{}@example.no", "a".repeat(65));
    check(LinkKind::Email, &long_local, None);
    assert_eq!(
        validate_email("mailto:Kari@EXAMPLE.no").as_deref(),
        Some("Kari@example.no")
    );
}

#[test]
fn phone_links_keep_digits_and_a_leading_plus() {
    let cases: &[(&str, Option<&str>, Option<&str>)] = &[
        (
            "+47 22 33 44 55",
            Some("+47 22 33 44 55"),
            Some("tel:+4722334455"),
        ),
        (
            "  +47   22 33\u{a0}44 55 ",
            Some("+47 22 33 44 55"),
            Some("tel:+4722334455"),
        ),
        ("22-33-44-55", Some("22 33 44 55"), Some("tel:22334455")),
        (
            "(08) 123 45 67",
            Some("08 123 45 67"),
            Some("tel:081234567"),
        ),
        (
            "+46 (0)8 123 45 67",
            Some("+46 8 123 45 67"),
            Some("tel:+4681234567"),
        ),
        (
            "tel:+4722334455",
            Some("+4722334455"),
            Some("tel:+4722334455"),
        ),
        ("TEL:113", Some("113"), Some("tel:113")),
        (
            "0047.22.33.44.55",
            Some("0047 22 33 44 55"),
            Some("tel:004722334455"),
        ),
        ("12", None, None),
        ("+47 1234567890123456", None, None),
        ("22 33 44 55 ext 12", None, None),
        ("22+33", None, None),
        ("++47 22 33 44 55", None, None),
        ("javascript:alert(1)", None, None),
        ("tel:javascript:alert(1)", None, None),
        ("22 33 44 55;phone-context=evil", None, None),
        ("22\t33 44 55", None, None),
        ("٢٢٣٣٤٤٥٥", None, None),
        ("", None, None),
    ];
    for (raw, display, link) in cases {
        assert_eq!(normalise_phone(raw).as_deref(), *display, "display {raw:?}");
        check(LinkKind::Phone, raw, *link);
    }
    assert_eq!(tel_link("+47 22 33 44 55"), "tel:+4722334455");
}
