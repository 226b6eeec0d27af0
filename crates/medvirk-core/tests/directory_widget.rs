//! Tests of the `<medvirk-directory>` configuration and of result windowing.

use medvirk_core::directory::search::{Query, SearchIndex};
use medvirk_core::directory::widget::{
    Attrs, Config, ConfigError, Format, PAGE_SIZE, read, visible,
};
use medvirk_core::directory::{Date, Level, fixture, texts};
use medvirk_core::lang::Lang;

fn parse(src: &str) -> Result<Config, ConfigError> {
    Config::parse(Attrs {
        src: Some(src),
        ..Attrs::default()
    })
}

#[test]
fn src_accepts_http_urls_and_own_paths_only() {
    for ok in [
        "https://kommune.no/api/v1/directory",
        "http://127.0.0.1:8080/api/v1/directory",
        "https://kommune.no/api/v1/directory?tenant=oslo",
        "/api/v1/directory",
        "/data/directory-demo.json",
        "  https://kommune.no/x  ",
    ] {
        assert!(parse(ok).is_ok(), "{ok}");
    }
    for bad in [
        "data:application/json,{}",
        "javascript:alert(1)",
        "JAVASCRIPT:alert(1)",
        "java\tscript:alert(1)",
        "ftp://kommune.no/x",
        "//evil.example/x",
        "data/directory.json",
        "https://",
        "https://user:pw@kommune.no/x",
        "https://kommune .no/x",
        "https://kommune.no\\x",
    ] {
        assert_eq!(
            parse(bad),
            Err(ConfigError::InvalidSrc(bad.trim().to_string())),
            "{bad:?}"
        );
    }
    assert_eq!(
        Config::parse(Attrs::default()),
        Err(ConfigError::MissingSrc)
    );
    assert_eq!(parse("  "), Err(ConfigError::MissingSrc));
}

#[test]
fn format_level_and_presets() {
    let c = Config::parse(Attrs {
        src: Some("/api/v1/directory"),
        format: Some("Popolo"),
        council: Some("bu-unn"),
        organisation: Some(""),
        level: Some("county"),
    })
    .unwrap();
    assert_eq!(c.format, Format::Popolo);
    assert_eq!(c.council.as_deref(), Some("bu-unn"));
    assert_eq!(c.organisation, None, "an empty attribute is no filter");
    assert_eq!(c.level, Some(Level::County));
    assert_eq!(parse("/x").unwrap().format, Format::Native);

    let bad_format = Config::parse(Attrs {
        src: Some("/x"),
        format: Some("csv"),
        ..Attrs::default()
    });
    assert_eq!(bad_format, Err(ConfigError::InvalidFormat("csv".into())));
    let bad_level = Config::parse(Attrs {
        src: Some("/x"),
        level: Some("kommune"),
        ..Attrs::default()
    })
    .unwrap_err();
    assert_eq!(bad_level.attribute(), "level");
    // The webmaster's message names the value and the allowed ones, in every language.
    for lang in [Lang::Nb, Lang::Nn, Lang::Sv, Lang::En] {
        let m = texts::config_error(lang, &bad_level);
        assert!(m.contains("kommune") && m.contains("county"), "{m}");
        assert!(!texts::config_error(lang, &ConfigError::MissingSrc).contains("{value}"));
    }
}

#[test]
fn read_follows_the_format() {
    let native = include_str!("../../../examples/directory/native-small.json");
    let popolo = include_str!("../../../examples/directory/popolo-small.json");
    assert!(read(native, Format::Native).is_ok());
    assert!(read(popolo, Format::Popolo).is_ok());
    assert!(read(popolo, Format::Native).is_err());
}

#[test]
fn windowing_renders_at_most_a_page_of_rows() {
    let today = Date::new(2025, 6, 1).unwrap();
    let index = SearchIndex::new(fixture::generate(10_000, 7), Lang::Nb, today);
    let all = index.search(&Query::default());
    assert!(all.count() > PAGE_SIZE * 10);
    let rows = |v: &medvirk_core::directory::widget::Visible| -> usize {
        v.groups.iter().map(|(_, r)| r.len().max(1)).sum()
    };
    let first = visible(&all, PAGE_SIZE);
    assert!(first.more);
    assert_eq!(rows(&first), PAGE_SIZE);
    let second = visible(&all, PAGE_SIZE * 2);
    assert_eq!(rows(&second), PAGE_SIZE * 2);
    // Groups come in order and each hit range lies inside its group.
    for w in second.groups.windows(2) {
        assert!(w[0].0 < w[1].0);
    }
    for (g, r) in &second.groups {
        assert!(r.end <= all.groups[*g].hits.len());
    }
    // A small result fits whole, with nothing more to show.
    let everything = visible(&all, usize::MAX);
    assert!(!everything.more);
    assert_eq!(
        everything
            .groups
            .iter()
            .map(|(_, r)| r.len())
            .sum::<usize>(),
        all.count()
    );
    assert_eq!(visible(&all, 0).groups.len(), 0);
}

#[test]
fn showing_and_more_texts() {
    assert_eq!(texts::showing(Lang::Nb, 50, 1200), "Viser 50 av 1200");
    assert_eq!(texts::showing(Lang::Sv, 50, 1200), "Visar 50 av 1200");
    assert_eq!(texts::show_more(Lang::Nn), "Vis fleire");
}
