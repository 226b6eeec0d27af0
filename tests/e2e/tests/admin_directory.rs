//! End-to-end tests of the directory admin in headless Chromium: a CSV file with errors uploaded
//! through the file input shows its row errors and a preview, storing waits for confirmation, a
//! person is edited with an error fixed, and axe-core finds nothing on any page state.

use medvirk_e2e::{Browser, Server};
use serde_json::Value;

const CSV: &str = "Navn;Råd;Rolle;Til;E-post\n\
    Máret Ánde Sara;Brukerrådet i Kautokeino;Leder;31.12.2027;maret@example.no\n\
    Ola Nordmann;Brukerrådet i Kautokeino;Sjef;2024-13-01;ola(at)example.no\n\
    Åsa Lindström;Eldrerådet;vara;2030;asa@example.se\n";

fn directory(server: &Server) -> Value {
    server.get_json("/api/v1/directory")
}

fn text(b: &Browser) -> String {
    b.text_of("main")
}

#[test]
fn a_csv_with_errors_is_previewed_then_stored_and_a_person_edited() {
    let server = Server::start();
    let b = Browser::start();
    b.admin_sign_in(&server);
    b.goto(&format!("{}/admin/directory?lang=en", server.url));
    b.find("document.querySelector('#file')");
    b.assert_admin_accessible("directory overview, empty");

    // An empty form: the error is summarised and tied to the file field.
    let preview = b.find("document.querySelector('form.import button[type=submit]')");
    b.click(&preview);
    b.wait_until(
        "the error summary",
        "document.querySelector('.error-summary a[href=\"#file\"]')",
    );
    b.assert_admin_accessible("directory import with an error");

    // Upload the file through the file input, as a person picking it would.
    let path = std::env::temp_dir().join(format!("medvirk-e2e-{}.csv", std::process::id()));
    std::fs::write(&path, CSV).unwrap();
    let file = b.find("document.querySelector('#file')");
    b.type_text(&file, path.to_str().unwrap());
    let preview = b.find("document.querySelector('form.import button[type=submit]')");
    b.click(&preview);
    b.wait_until(
        "the preview",
        "location.pathname === '/admin/directory/preview' && document.querySelector('.row-errors')",
    );
    let _ = std::fs::remove_file(&path);
    let rows = b.js(
        "return [...document.querySelectorAll('.row-errors tbody tr')].map(r => r.cells[0].textContent + ':' + r.cells[1].textContent)",
        vec![],
    );
    let rows: Vec<&str> = rows
        .as_array()
        .unwrap()
        .iter()
        .map(|v| v.as_str().unwrap())
        .collect();
    for expected in ["3:Rolle", "3:Til", "3:E-post"] {
        assert!(rows.contains(&expected), "{expected} in {rows:?}");
    }
    // The problems are sentences in the page's language that quote the cell.
    let problems = text(&b);
    assert!(
        problems.contains("Unknown role “Sjef”. Use chair, deputy chair, member or deputy"),
        "{problems}"
    );
    assert!(problems.contains("“ola(at)example.no” is not a valid e-mail address"));
    assert!(text(&b).contains("Máret Ánde Sara – Brukerrådet i Kautokeino"));
    b.assert_admin_accessible("directory import preview with row errors");
    // Nothing is stored by the preview.
    assert_eq!(directory(&server)["persons"], serde_json::json!([]));

    let store = b.find("document.querySelector('form.confirm button')");
    b.click(&store);
    b.wait_until(
        "the stored message",
        "location.pathname === '/admin/directory' && document.querySelector('p.ok[role=status]')",
    );
    b.assert_admin_accessible("directory overview after import");
    let stored = directory(&server);
    assert_eq!(stored["persons"].as_array().unwrap().len(), 2);

    // Edit a person: a bad e-mail first, then a good one.
    let person = b.find(
        "[...document.querySelectorAll('main a')].find(a => a.textContent === 'Åsa Lindström')",
    );
    b.click(&person);
    b.wait_until("the person form", "document.querySelector('#email')");
    b.assert_admin_accessible("person edit form");
    let email = b.find("document.querySelector('#email')");
    b.replace_text(&email, "asa(at)example.se");
    let save = b.find("document.querySelector('form.edit button[type=submit]')");
    b.click(&save);
    b.wait_until(
        "the e-mail error",
        "document.querySelector('.error-summary a[href=\"#email\"]')",
    );
    b.assert_admin_accessible("person edit form with an error");
    let email = b.find("document.querySelector('#email')");
    assert_eq!(
        b.js("return arguments[0].value", vec![Browser::arg(&email)]),
        "asa(at)example.se",
        "what was typed stays"
    );
    b.replace_text(&email, "asa.lindstrom@example.se");
    let save = b.find("document.querySelector('form.edit button[type=submit]')");
    b.click(&save);
    b.wait_until(
        "the saved message",
        "document.querySelector('p.ok[role=status]')",
    );

    // Mark the membership as confirmed today: the server's today is the Norwegian local date.
    let before = norwegian_today();
    let confirm = b.find("document.querySelector('form.inline button')");
    b.click(&confirm);
    b.wait_until(
        "the confirmed message",
        "document.querySelector('p.ok[role=status]') && document.querySelector('p.ok').textContent.includes('confirmed')",
    );
    b.assert_admin_accessible("person page after confirming");

    let stored = directory(&server);
    let asa = stored["persons"]
        .as_array()
        .unwrap()
        .iter()
        .find(|p| p["name"] == "Åsa Lindström")
        .unwrap();
    assert_eq!(asa["email"], "asa.lindstrom@example.se");
    let confirmed: Vec<&Value> = stored["memberships"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|m| m["personId"] == asa["id"])
        .map(|m| &m["confirmedOn"])
        .collect();
    // Midnight may pass between the click and this check; either side of it is today.
    let after = norwegian_today();
    assert!(
        !confirmed.is_empty()
            && confirmed
                .iter()
                .all(|c| c.as_str() == Some(before.as_str()) || c.as_str() == Some(after.as_str())),
        "confirmed today ({before}): {confirmed:?}"
    );
}

/// Today's date in Norway as `YYYY-MM-DD`, the way the admin's "confirm" button stores it.
fn norwegian_today() -> String {
    use medvirk_core::admin::stats::civil_from_days;
    use medvirk_core::time_zone::local_day;
    let now = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .expect("the clock is after 1970")
        .as_secs();
    let (y, m, d) = civil_from_days(local_day(i64::try_from(now).expect("a sane clock")));
    format!("{y:04}-{m:02}-{d:02}")
}
