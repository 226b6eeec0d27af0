//! The demo page's data files in `www/data/` read as the demo page says they do.

use medvirk_core::directory::widget::{Format, read};

#[test]
fn demo_directory_reads_whole() {
    let r = read(
        include_str!("../../../www/data/directory-demo.json"),
        Format::Native,
    )
    .unwrap();
    assert!(
        r.skipped.is_empty() && r.dropped.is_empty(),
        "{:?} {:?}",
        r.skipped,
        r.dropped
    );
    assert_eq!(r.directory.memberships().len(), 9);
}

#[test]
fn hostile_popolo_keeps_the_good_and_reports_the_rest() {
    let r = read(
        include_str!("../../../www/data/directory-hostile.popolo.json"),
        Format::Popolo,
    )
    .unwrap();
    let d = &r.directory;
    // HTML stays text in the name; javascript:, data: and tab-split schemes never become links.
    let ase = d.person("h-1").unwrap();
    assert!(ase.name.contains("<img"));
    assert_eq!(ase.links, ["https://example.no/ase"]);
    assert!(d.person("h-2").unwrap().email.is_none());
    for p in d.persons() {
        assert!(p.links.iter().all(|l| l.starts_with("https://")), "{p:?}");
    }
    assert_eq!(d.memberships().len(), 2, "{:#?}", r.skipped);
    // Nameless, not an object, duplicate, bad date, unknown person, unknown council.
    assert_eq!(r.skipped.len(), 6, "{:#?}", r.skipped);
}
