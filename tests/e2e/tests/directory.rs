//! End-to-end tests of the representative directory: directory imported through the real
//! server's admin API, the demo page in headless Chromium, keyboard use and axe-core.
//!
//! Each test starts its own server (own SQLite file) and browser. Expected counts for the large
//! fixture come from medvirk-core's own search, so the test checks that the widget shows what
//! core decides, not a number copied by hand.

use medvirk_core::directory::fixture;
use medvirk_core::directory::native::write_native;
use medvirk_core::directory::search::{Query, SearchIndex};
use medvirk_core::directory::widget::PAGE_SIZE;
use medvirk_core::directory::{Date, Role, texts};
use medvirk_core::lang::Lang;
use medvirk_e2e::{Browser, Server, keys};
use serde_json::{Value, json};

/// JS for the shadow root of the directory element with this id.
fn root(id: &str) -> String {
    format!("document.getElementById({id:?}).shadowRoot")
}

/// Today as the browser sees it (the widget's "today").
fn browser_today(b: &Browser) -> Date {
    let v = b.js(
        "const d = new Date(); return [d.getFullYear(), d.getMonth() + 1, d.getDate()];",
        vec![],
    );
    Date::new(
        v[0].as_u64().unwrap() as u16,
        v[1].as_u64().unwrap() as u8,
        v[2].as_u64().unwrap() as u8,
    )
    .unwrap()
}

/// A date `days` after `d`, as `YYYY-MM-DD`.
fn plus_days(d: Date, days: i64) -> String {
    let mut x = d;
    for _ in 0..days {
        x = Date::new(x.year, x.month, x.day + 1)
            .or_else(|| Date::new(x.year, x.month + 1, 1))
            .or_else(|| Date::new(x.year + 1, 1, 1))
            .unwrap();
    }
    format!("{:04}-{:02}-{:02}", x.year, x.month, x.day)
}

/// A small native directory with one term ending soon, one past membership and vacant seats.
fn small_directory(today: Date) -> String {
    json!({
        "schemaVersion": 1,
        "persons": [
            {"id": "p1", "name": "Øyvind Østby", "email": "oyvind@example.no", "phone": "+47 400 00 001"},
            {"id": "p2", "name": "Siv Aamodt", "links": ["https://example.no/siv"]},
            {"id": "p3", "name": "Karin Öberg"},
            {"id": "p4", "name": "Per Haugen"}
        ],
        "organisations": [
            {"id": "kommune", "name": "Eksempel kommune", "kind": "public_body", "level": "local"},
            {"id": "bu", "name": "Brukerutvalget", "kind": "council", "parentId": "kommune",
             "seats": [{"category": "user_representative", "seats": 4}]},
            {"id": "er", "name": "Eldrerådet", "kind": "council", "level": "county",
             "seats": [{"category": "user_representative", "seats": 2}]},
            {"id": "org", "name": "Brukerforeningen", "kind": "user_organisation"}
        ],
        "memberships": [
            {"id": "m1", "personId": "p1", "councilId": "bu", "role": "leader", "category": "user_representative",
             "onBehalfOf": "org", "start": "2024", "end": plus_days(today, 20), "status": "appointed",
             "confirmedOn": "2026-01-15"},
            {"id": "m2", "personId": "p2", "councilId": "bu", "role": "member", "status": "appointed",
             "start": "2024", "end": "2099"},
            {"id": "m3", "personId": "p3", "councilId": "er", "role": "member", "status": "appointed"},
            {"id": "m4", "personId": "p4", "councilId": "er", "role": "member", "status": "ended",
             "start": "2019", "end": "2023"}
        ]
    })
    .to_string()
}

fn import(server: &Server, document: &str) {
    let (status, body) = server.admin_put("/api/v1/admin/directory", document);
    assert_eq!(status, 200, "import failed: {body}");
}

/// Names on the visible cards, in order.
fn names(b: &Browser, id: &str) -> Vec<String> {
    let v = b.js(
        &format!(
            "return [...{}.querySelectorAll('[part~=name]')].map(e => e.textContent);",
            root(id)
        ),
        vec![],
    );
    serde_json::from_value(v).unwrap()
}

fn text(b: &Browser, id: &str, selector: &str) -> String {
    b.js(
        &format!(
            "const e = {}.querySelector({selector:?}); return e ? e.textContent : '';",
            root(id)
        ),
        vec![],
    )
    .as_str()
    .unwrap_or("")
    .to_string()
}

/// Waits until the widget shows `count` (its visible count text).
fn wait_count(b: &Browser, id: &str, count: &str) {
    b.wait_until(
        &format!("count `{count}` in #{id}"),
        &format!(
            "{r} && {r}.querySelector('[part~=count]') && {r}.querySelector('[part~=count]').textContent === {count:?}",
            r = root(id)
        ),
    );
}

fn focused_id(b: &Browser, id: &str) -> String {
    b.js(
        &format!(
            "const a = {}.activeElement; return a ? (a.id || a.getAttribute('part') || a.tagName) : '';",
            root(id)
        ),
        vec![],
    )
    .as_str()
    .unwrap_or("")
    .to_string()
}

#[test]
fn search_filters_keyboard_vacancies_and_vcard() {
    let server = Server::start();
    let b = Browser::start();
    b.goto(&format!("{}/favicon.svg", server.url));
    let today = browser_today(&b);
    import(&server, &small_directory(today));
    b.goto(&format!("{}/directory.html", server.url));
    let id = "directory-server";

    // Current memberships only, grouped by council, with seat counts and vacancies.
    wait_count(&b, id, "3 oppføringer");
    assert_eq!(names(&b, id), ["Øyvind Østby", "Siv Aamodt", "Karin Öberg"]);
    let vacant = b.js(
        &format!(
            "return [...{}.querySelectorAll('[part~=vacant]')].map(e => e.textContent);",
            root(id)
        ),
        vec![],
    );
    // Brukerutvalget: 4 seats, 2 appointed (m2 has no category and fills the only one declared).
    assert_eq!(vacant, json!(["2 ledige plasser", "1 ledig plass"]));
    assert!(text(&b, id, "[part~=ends-soon]").starts_with("Perioden går ut"));
    assert_eq!(
        text(&b, id, "[part~=confirmed]"),
        "Sist bekreftet 15. januar 2026"
    );
    assert_eq!(text(&b, id, "[part~=on-behalf-of]"), "Brukerforeningen");
    // Contact links come only from the allowlist.
    let hrefs = b.js(
        &format!(
            "return [...{}.querySelectorAll('a')].map(a => a.getAttribute('href'));",
            root(id)
        ),
        vec![],
    );
    assert_eq!(
        hrefs,
        json!([
            "mailto:oyvind@example.no",
            "tel:+4740000001",
            "https://example.no/siv"
        ])
    );
    // The count is announced politely once typing pauses.
    b.wait_until(
        "the announced count",
        &format!(
            "{}.querySelector('[aria-live=polite]').textContent === '3 oppføringer'",
            root(id)
        ),
    );

    // Keyboard only: focus the search field and type; "ost" finds Øyvind Østby.
    let search = b.find(&format!("{}.getElementById('md-search')", root(id)));
    b.js("arguments[0].focus();", vec![Browser::arg(&search)]);
    b.press(&["o", "s", "t"]);
    wait_count(&b, id, "1 oppføring");
    assert_eq!(names(&b, id), ["Øyvind Østby"]);
    b.wait_until(
        "the announced single result",
        &format!(
            "{}.querySelector('[aria-live=polite]').textContent === '1 oppføring'",
            root(id)
        ),
    );
    // "oberg" finds Karin Öberg; an organisation name matches its members.
    b.js(
        "arguments[0].value = ''; arguments[0].dispatchEvent(new Event('input', {bubbles: true}));",
        vec![Browser::arg(&search)],
    );
    b.press(&["o", "b", "e", "r", "g"]);
    wait_count(&b, id, "1 oppføring");
    assert_eq!(names(&b, id), ["Karin Öberg"]);
    b.js(
        "arguments[0].value = ''; arguments[0].dispatchEvent(new Event('input', {bubbles: true}));",
        vec![Browser::arg(&search)],
    );
    wait_count(&b, id, "3 oppføringer");

    // Tab reaches the council filter; arrow keys choose a council.
    b.press(&[keys::TAB]);
    assert_eq!(focused_id(&b, id), "md-council");
    b.press(&[keys::DOWN]);
    wait_count(&b, id, "2 oppføringer");
    assert_eq!(names(&b, id), ["Øyvind Østby", "Siv Aamodt"]);
    b.press(&[keys::UP]);
    wait_count(&b, id, "3 oppføringer");

    // Level filter (inherited from the council's parent) through the keyboard as well.
    b.press(&[keys::TAB, keys::TAB]);
    assert_eq!(focused_id(&b, id), "md-level");
    b.press(&[keys::DOWN, keys::DOWN]);
    wait_count(&b, id, "1 oppføring");
    assert_eq!(names(&b, id), ["Karin Öberg"]);
    b.press(&[keys::UP, keys::UP]);
    wait_count(&b, id, "3 oppføringer");

    // Role, then the past toggle with Space.
    b.press(&[keys::TAB]);
    assert_eq!(focused_id(&b, id), "md-role");
    b.press(&[keys::DOWN]);
    wait_count(&b, id, "1 oppføring");
    b.press(&[keys::UP]);
    wait_count(&b, id, "3 oppføringer");
    b.press(&[keys::TAB]);
    assert_eq!(focused_id(&b, id), "md-past");
    b.press(&[keys::SPACE]);
    wait_count(&b, id, "4 oppføringer");
    assert!(names(&b, id).contains(&"Per Haugen".to_string()));
    assert_eq!(text(&b, id, "[part~=past]"), "Tidligere");
    b.assert_accessible("directory: nb, past shown");

    // The vCard button offers a file built by core.
    b.js(
        "window.__vcards = []; const real = URL.createObjectURL;
         URL.createObjectURL = (blob) => { blob.text().then(t => window.__vcards.push(t)); return real(blob); };",
        vec![],
    );
    let vcard = b.find(&format!("{}.querySelector('[part~=vcard]')", root(id)));
    assert_eq!(
        b.js(
            "return arguments[0].textContent;",
            vec![Browser::arg(&vcard)]
        ),
        "Last ned kontaktkort for Øyvind Østby"
    );
    b.click(&vcard);
    let card = b.wait_until("the vCard text", "window.__vcards[0]");
    let card = card.as_str().unwrap();
    assert!(card.starts_with("BEGIN:VCARD\r\n"), "{card}");
    assert!(card.contains("FN:Øyvind Østby"), "{card}");
    assert!(card.contains("mailto:oyvind@example.no") || card.contains("EMAIL"));
}

#[test]
fn hostile_popolo_is_counted_and_rendered_as_text() {
    let server = Server::start();
    let b = Browser::start();
    b.goto(&format!("{}/directory.html", server.url));
    let id = "directory-popolo";
    wait_count(&b, id, "2 oppføringer");
    assert_eq!(
        text(&b, id, "[part~=notice]"),
        "6 oppføringer kunne ikke vises"
    );
    // HTML in names and council names is visible text, never elements.
    let name = names(&b, id);
    assert!(
        name.contains(&"<img src=x onerror=alert(1)>Åse Østerås".to_string()),
        "{name:?}"
    );
    assert!(
        name.contains(&"<b>Ola</b> Nordmann".to_string()),
        "{name:?}"
    );
    let r = root(id);
    assert_eq!(
        b.js(
            &format!("return {r}.querySelectorAll('img, script, b').length;"),
            vec![]
        ),
        json!(0)
    );
    assert_eq!(
        text(&b, id, "[part~=council-name]"),
        "Brukarrådet <script>alert(4)</script>"
    );
    // No javascript:, data: or other scheme reaches the DOM.
    let hrefs: Vec<String> = serde_json::from_value(b.js(
        &format!("return [...{r}.querySelectorAll('[href]')].map(a => a.getAttribute('href'));"),
        vec![],
    ))
    .unwrap();
    assert!(!hrefs.is_empty());
    for h in &hrefs {
        assert!(
            h.starts_with("mailto:") || h.starts_with("tel:") || h.starts_with("https://"),
            "{h}"
        );
    }
    let html: String = b
        .js(&format!("return {r}.innerHTML;"), vec![])
        .as_str()
        .unwrap()
        .to_string();
    assert!(!html.to_lowercase().contains("javascript:"), "{html}");
    assert!(!html.contains("data:text"), "{html}");
    // The reasons went to the console for the webmaster.
    let console = b.console();
    assert!(
        console
            .iter()
            .any(|l| l.contains("medvirk-directory") && l.contains("skipped")),
        "{console:?}"
    );

    // A src that is not http(s) is refused with a message for the webmaster.
    assert!(
        text(&b, "directory-bad", "[part~=config-error]").contains("src"),
        "the bad-src example shows its error"
    );
    b.assert_accessible("directory: demo page, nb");
}

#[test]
fn swedish_texts_and_accessibility() {
    let server = Server::start();
    let b = Browser::start();
    b.goto(&format!("{}/directory.html", server.url));
    let id = "directory-sv";
    // The preset council="eldr" shows one council; lang="sv" gives Swedish texts.
    wait_count(&b, id, "1 träff");
    assert_eq!(names(&b, id), ["Karin Öberg"]);
    assert_eq!(text(&b, id, "[part~=heading]"), "Brukarrepresentanter");
    assert_eq!(text(&b, id, "[part~=role]"), "Ordförande");
    assert_eq!(text(&b, id, "[part~=vacant]"), "3 vakanta platser");
    assert_eq!(
        b.js(
            &format!("return {}.getElementById('md-council').value;", root(id)),
            vec![]
        ),
        "eldr"
    );
    // A new `lang` re-renders what is shown: the count, the council heading's seats (built
    // outside Yew's diffing) and the card's own texts.
    b.js(
        &format!("document.getElementById('{id}').setAttribute('lang', 'en');"),
        vec![],
    );
    wait_count(&b, id, &texts::result_count(Lang::En, 1));
    assert_eq!(
        text(&b, id, "[part~=vacant]"),
        texts::vacant_seats(Lang::En, 3)
    );
    assert_eq!(
        text(&b, id, "[part~=vcard]"),
        texts::vcard_download(Lang::En, "Karin Öberg")
    );
    // The level preset of the file example applies too.
    wait_count(&b, "directory-file", "4 oppføringer");
    b.assert_accessible("directory: demo page, sv");
}

#[test]
fn ten_thousand_memberships_render_a_window_and_filter() {
    let server = Server::start();
    let dir = fixture::generate(10_000, 7);
    assert_eq!(dir.memberships().len(), 10_000);
    import(&server, &write_native(&dir));
    let b = Browser::start();
    b.goto(&format!("{}/directory.html", server.url));
    let today = browser_today(&b);
    let index = SearchIndex::new(dir, Lang::Nb, today);
    let expect = |q: &Query<'_>| texts::result_count(Lang::Nb, index.search(q).count());
    let id = "directory-server";
    let r = root(id);

    let b_count = |q: Query<'_>| expect(&q);
    wait_count(&b, id, &b_count(Query::default()));
    // Only a window of cards is in the DOM, with "show more" for the rest.
    let cards = format!("return {r}.querySelectorAll('[part~=card]').length;");
    let rows = format!(
        "return {r}.querySelectorAll('[part~=card]').length + [...{r}.querySelectorAll('[part~=council]')].filter(c => !c.querySelector('[part~=card]')).length;"
    );
    assert_eq!(b.js(&rows, vec![]), json!(PAGE_SIZE));
    let first_page = b.js(&cards, vec![]);
    b.click(&b.find(&format!("{r}.querySelector('[part~=more]')")));
    b.wait_until(
        "a second page",
        &format!("{r}.querySelectorAll('[part~=card]').length + [...{r}.querySelectorAll('[part~=council]')].filter(c => !c.querySelector('[part~=card]')).length === {}", 2 * PAGE_SIZE),
    );
    // Focus moved to the first new card: the one right after the first page's cards.
    assert_eq!(
        b.js(
            &format!("return {r}.activeElement && {r}.activeElement.getAttribute('part');"),
            vec![]
        ),
        "card"
    );
    assert_eq!(
        b.js(
            &format!(
                "return [...{r}.querySelectorAll('[part~=card]')].indexOf({r}.activeElement);"
            ),
            vec![]
        ),
        first_page
    );

    // Typing narrows the list to what core finds.
    let search = b.find(&format!("{r}.getElementById('md-search')"));
    b.type_text(&search, "ost");
    wait_count(
        &b,
        id,
        &b_count(Query {
            text: "ost",
            ..Query::default()
        }),
    );
    let n = b.js(&cards, vec![]).as_u64().unwrap();
    assert!((1..=PAGE_SIZE as u64).contains(&n), "{n} cards rendered");

    // A role filter on top.
    b.js(
        &format!(
            "const s = {r}.getElementById('md-role'); s.value = 'leader'; s.dispatchEvent(new Event('change', {{bubbles: true}}));"
        ),
        vec![],
    );
    wait_count(
        &b,
        id,
        &b_count(Query {
            text: "ost",
            role: Some(Role::Leader),
            ..Query::default()
        }),
    );
    let leaders: Vec<Value> = serde_json::from_value(b.js(
        &format!("return [...{r}.querySelectorAll('[part~=role]')].map(e => e.textContent);"),
        vec![],
    ))
    .unwrap();
    assert!(!leaders.is_empty());
    assert!(
        leaders
            .iter()
            .all(|l| l.as_str().unwrap().starts_with("Leder")),
        "{leaders:?}"
    );
}
