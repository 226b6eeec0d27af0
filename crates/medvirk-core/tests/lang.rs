//! Language tags and the element → ancestor → browser → bokmål choice, as the widgets see them.

use medvirk_core::lang::{Lang, negotiate};

#[test]
fn parses_supported_tags_in_any_case() {
    let cases: &[(&str, Option<Lang>)] = &[
        ("nb", Some(Lang::Nb)),
        ("nb-NO", Some(Lang::Nb)),
        ("NB-no", Some(Lang::Nb)),
        ("no", Some(Lang::Nb)),
        ("no-NO", Some(Lang::Nb)),
        ("no-NB", Some(Lang::Nb)),
        ("nb_NO", Some(Lang::Nb)),
        ("nn", Some(Lang::Nn)),
        ("nn-NO", Some(Lang::Nn)),
        ("no-NN", Some(Lang::Nn)),
        ("no-nyn", Some(Lang::Nn)),
        ("NN", Some(Lang::Nn)),
        ("sv", Some(Lang::Sv)),
        ("sv-SE", Some(Lang::Sv)),
        ("sv-FI", Some(Lang::Sv)),
        ("SV-se", Some(Lang::Sv)),
        ("en", Some(Lang::En)),
        ("en-GB", Some(Lang::En)),
        ("en-US", Some(Lang::En)),
        (" en-US ", Some(Lang::En)),
        ("de", None),
        ("de-DE", None),
        ("da", None),
        ("se", None),
        ("fi-FI", None),
        ("", None),
        ("   ", None),
        ("-", None),
        ("en-", None),
        ("nb--NO", None),
        ("english", None),
        ("norsk", None),
        ("svenska", None),
        ("n", None),
        ("en-GB!", None),
        ("ænb", None),
    ];
    for &(tag, want) in cases {
        assert_eq!(Lang::parse(tag), want, "Lang::parse({tag:?})");
    }
}

#[test]
fn every_language_round_trips_through_its_tag() {
    for lang in Lang::ALL {
        assert_eq!(Lang::parse(lang.tag()), Some(lang));
    }
    assert_eq!(Lang::default(), Lang::Nb);
    assert_eq!(Lang::ALL[0], Lang::default());
}

/// (element `lang`, closest ancestor `lang`, `navigator.languages`, expected language).
type Case = (
    Option<&'static str>,
    Option<&'static str>,
    &'static [&'static str],
    Lang,
);

#[test]
fn negotiates_by_element_then_ancestor_then_browser_then_bokmal() {
    let none: &[&str] = &[];
    let cases: &[Case] = &[
        // The element's own attribute wins over everything.
        (Some("nn"), Some("sv"), &["en"], Lang::Nn),
        // Then the closest ancestor.
        (None, Some("sv"), &["en"], Lang::Sv),
        // An unsupported value falls through to the next level.
        (Some("de"), Some("sv"), &["en"], Lang::Sv),
        (Some("de"), Some("fr"), &["da", "en-GB"], Lang::En),
        // Empty strings count as absent.
        (Some(""), Some(""), &["", "sv-FI"], Lang::Sv),
        (Some(""), Some("nn-NO"), none, Lang::Nn),
        // Browser languages in the person's order: the first supported one wins.
        (None, None, &["de-DE", "sv-SE", "en-US"], Lang::Sv),
        (None, None, &["en-US", "nb"], Lang::En),
        // Nothing usable anywhere: bokmål.
        (None, None, none, Lang::Nb),
        (Some("de"), Some("fr"), &["da", "fi"], Lang::Nb),
        (Some("  "), None, &[""], Lang::Nb),
    ];
    for &(own, inherited, browser, want) in cases {
        assert_eq!(
            negotiate(own, inherited, browser),
            want,
            "negotiate({own:?}, {inherited:?}, {browser:?})"
        );
    }
}

#[test]
fn negotiate_accepts_owned_browser_lists() {
    // navigator.languages arrives as owned strings from the browser glue.
    let browser = vec![String::from("fr-FR"), String::from("nn")];
    assert_eq!(negotiate(None, None, &browser), Lang::Nn);
}
