//! End-to-end tests of the results and exports pages in headless Chromium: feedback sent over HTTP
//! shows up as SVG charts and tables with the right numbers, the privacy threshold hides small
//! groups, a filter narrows the figures, and axe-core finds nothing on any page state.

use medvirk_e2e::{Browser, Server, keys};
use serde_json::{Value, json};

/// POSTs one rating as a widget would; `n` makes the response id.
fn send(server: &Server, n: u32, widget: &str, page: &str, value: u8, comment: Option<&str>) {
    let mut body = json!({
        "schemaVersion": 1,
        "responseId": format!("{n:08x}-0000-4000-8000-000000000000"),
        "widgetId": widget,
        "rating": {"value": value, "scale": 5},
        "language": "nb",
        "page": {"path": page},
        "clientTimestamp": "2026-03-01T12:30:00.000Z",
        "timeToAnswerMs": 4000
    });
    if let Some(c) = comment {
        body["comment"] = c.into();
    }
    let resp = ureq::post(format!("{}/api/v1/feedback", server.url))
        .config()
        .http_status_as_error(false)
        .build()
        .header("Content-Type", "application/json")
        .send(body.to_string())
        .expect("POST feedback");
    assert_eq!(resp.status().as_u16(), 201);
}

fn strings(v: Value) -> Vec<String> {
    v.as_array()
        .unwrap_or_else(|| panic!("not an array: {v}"))
        .iter()
        .map(|s| s.as_str().unwrap_or_default().to_owned())
        .collect()
}

#[test]
fn charts_show_the_seeded_numbers_and_a_filter_narrows_them() {
    let server = Server::start_with_args(&["--rate-limit", "off"], &[]);
    let ratings: [(&str, &str, u8, Option<&str>); 13] = [
        ("byggesak", "/bygg", 5, Some("Fin side")),
        ("byggesak", "/bygg", 4, None),
        ("byggesak", "/bygg", 4, None),
        ("byggesak", "/bygg", 2, Some("<img src=x onerror=alert(1)>")),
        ("byggesak", "/bygg", 1, None),
        ("byggesak", "/bygg", 5, None),
        ("byggesak", "/skjema", 1, Some("Hemmelig")),
        ("byggesak", "/skjema", 2, None),
        ("barnehage", "/bhg", 3, None),
        ("barnehage", "/bhg", 3, None),
        ("barnehage", "/bhg", 2, None),
        ("barnehage", "/bhg", 2, None),
        ("barnehage", "/bhg", 3, None),
    ];
    for (n, (widget, page, value, comment)) in ratings.into_iter().enumerate() {
        send(&server, n as u32, widget, page, value, comment);
    }

    let b = Browser::start();
    b.admin_sign_in(&server);
    b.goto(&format!("{}/admin/results?lang=en", server.url));
    b.wait_until("the results", "document.querySelector('#total')");
    assert_eq!(b.text_of("#total"), "13 responses");

    // The overall distribution: an SVG image named by its title, and the same numbers as a table.
    let chart = b.js(
        "const svg = document.querySelector('figure svg[role=img]');
         const title = document.getElementById(svg.getAttribute('aria-labelledby'));
         const desc = document.getElementById(svg.getAttribute('aria-describedby'));
         return {
           title: title.textContent, desc: desc.textContent,
           heights: Array.from(svg.querySelectorAll('rect')).map(r => Number(r.getAttribute('height'))),
           labels: Array.from(svg.querySelectorAll('text')).map(t => t.textContent),
           table: Array.from(svg.closest('figure').querySelectorAll('table tbody tr'))
             .map(r => r.querySelector('td').textContent),
         };",
        vec![],
    );
    assert_eq!(chart["title"], "Distribution of ratings: all responses");
    assert!(
        chart["desc"]
            .as_str()
            .unwrap()
            .contains("1: 2, 2: 4, 3: 3, 4: 2, 5: 2")
    );
    assert_eq!(strings(chart["table"].clone()), ["2", "4", "3", "2", "2"]);
    let heights: Vec<f64> = chart["heights"]
        .as_array()
        .unwrap()
        .iter()
        .map(|h| h.as_f64().unwrap())
        .collect();
    assert_eq!(heights.len(), 5);
    assert!(
        (heights[1] - 2.0 * heights[0]).abs() < 0.2,
        "bar heights follow the counts: {heights:?}"
    );
    let labels = strings(chart["labels"].clone());
    for count in ["2", "4", "3"] {
        assert!(labels.iter().any(|l| l == count), "{labels:?}");
    }
    assert!(b.text_of(".average strong") == "2.8 of 5");

    // The trend: one day with 13 responses, its line point and its table row.
    let trend = b.js(
        "const fig = document.querySelectorAll('figure')[1];
         return {
           points: fig.querySelectorAll('circle.average-point').length,
           rows: Array.from(fig.querySelectorAll('table tbody tr')).map(r => r.textContent),
           named: !!document.getElementById(fig.querySelector('svg').getAttribute('aria-labelledby')),
         };",
        vec![],
    );
    assert_eq!(trend["points"], 1);
    assert_eq!(trend["named"], true);
    let rows = strings(trend["rows"].clone());
    assert_eq!(rows.len(), 1);
    assert!(rows[0].ends_with("132.8"), "{rows:?}");

    // Per widget, per page, and the privacy threshold of 5 on /skjema.
    let row = |table: &str, key: &str| {
        strings(b.js(
            "const row = Array.from(document.querySelectorAll('#' + arguments[0] + ' tbody tr'))
               .find(r => r.querySelector('th').textContent === arguments[1]);
             return Array.from(row.cells).map(c => c.textContent);",
            vec![json!(table), json!(key)],
        ))
    };
    assert_eq!(row("widgets", "byggesak")[2..4], ["8", "3.0 of 5"]);
    assert_eq!(row("widgets", "barnehage")[2..4], ["5", "2.6 of 5"]);
    assert_eq!(
        row("pages", "/skjema")[2..4],
        ["2", "Hidden (under 5 responses)"]
    );
    let comments = b.js(
        "return Array.from(document.querySelectorAll('#comments blockquote')).map(q => q.textContent)",
        vec![],
    );
    let comments = strings(comments);
    assert!(comments.contains(&"Fin side".to_owned()));
    assert!(comments.contains(&"<img src=x onerror=alert(1)>".to_owned()));
    assert!(!comments.contains(&"Hemmelig".to_owned()));
    assert_eq!(
        b.js(
            "return document.querySelectorAll('main img').length",
            vec![]
        ),
        0,
        "a comment is text, never markup"
    );
    b.assert_admin_accessible("results");

    // A filter by widget id, typed and sent with Enter.
    let field = b.find("document.querySelector('#widget')");
    b.type_text(&field, "barnehage");
    b.press(&[keys::ENTER]);
    b.wait_until(
        "the filtered results",
        "location.search.includes('widget=barnehage') && document.querySelector('#total')",
    );
    assert_eq!(b.text_of("#total"), "5 responses");
    assert_eq!(
        b.js(
            "return document.querySelector('figure table tbody').textContent.includes('byggesak')",
            vec![]
        ),
        false
    );
    assert_eq!(
        strings(b.js(
            "return Array.from(document.querySelectorAll('#widgets tbody th')).map(t => t.textContent)",
            vec![]
        )),
        ["barnehage"]
    );
    b.assert_admin_accessible("results filtered by widget");

    // The language switcher keeps the person on the results, now in svenska.
    let sv = b.find("document.querySelector('.langs a[lang=sv]')");
    b.click(&sv);
    b.wait_until("svenska", "document.documentElement.lang === 'sv'");
    // ... and keeps the filter: still only barnehage's five responses.
    assert_eq!(
        b.js(
            "return [location.search.includes('widget=barnehage'), document.querySelector('#widget').value, document.querySelector('#total').textContent]",
            vec![]
        ),
        json!([true, "barnehage", "5 svar"])
    );
    b.assert_admin_accessible("results in svenska");

    // A wrong date: an alert linked to its field.
    b.goto(&format!("{}/admin/results?from=1.+mars", server.url));
    b.wait_until(
        "the date error",
        "document.querySelector('[role=alert] a[href=\"#from\"]')",
    );
    b.assert_admin_accessible("results with a wrong date");

    b.goto(&format!("{}/admin/exports?lang=en", server.url));
    b.wait_until(
        "the exports page",
        "document.querySelector('#feedback-export')",
    );
    assert_eq!(b.text_of("nav [aria-current=page]"), "Exports");
    b.assert_admin_accessible("exports");
}

#[test]
fn a_higher_threshold_from_the_command_line_hides_more() {
    let server =
        Server::start_with_args(&["--rate-limit", "off", "--privacy-threshold", "10"], &[]);
    for n in 0..6 {
        send(&server, n, "byggesak", "/bygg", 4, Some("Bra"));
    }
    let b = Browser::start();
    b.admin_sign_in(&server);
    b.goto(&format!("{}/admin/results?lang=en", server.url));
    b.wait_until("the results", "document.querySelector('#total')");
    assert_eq!(b.text_of("#total"), "6 responses");
    assert_eq!(
        b.js(
            "return document.querySelectorAll('figure svg.chart').length",
            vec![]
        ),
        1,
        "only the trend chart (its average hidden); no distribution"
    );
    assert_eq!(
        b.js(
            "return document.querySelectorAll('circle.average-point').length",
            vec![]
        ),
        0
    );
    assert_eq!(
        b.js(
            "return document.querySelectorAll('#comments').length",
            vec![]
        ),
        0
    );
    assert!(b.text_of("main").contains("at least 10 responses"));
    b.assert_admin_accessible("results under the threshold");
}
