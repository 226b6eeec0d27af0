//! `/admin/results`: sign-in required, the figures of a seeded dataset, the privacy threshold, filters, mixed scales, hostile text.

use axum::http::StatusCode;
use medvirk_server::store::{InsertOutcome, NewFeedback};
use time::{Date, Month, Time};

use crate::common::*;

/// One stored response for a test; [`Seed::default`] is a plain 1–5 rating in bokmål on 2 March 2026.
#[derive(Clone, Copy, Debug)]
pub struct Seed<'a> {
    pub widget: &'a str,
    pub page: &'a str,
    pub value: u8,
    pub scale: u8,
    pub comment: Option<&'a str>,
    /// Day of March 2026; received at noon UTC plus `second` seconds.
    pub day: u8,
    pub second: i64,
    pub language: &'a str,
    pub suspicious: bool,
}

impl Default for Seed<'_> {
    fn default() -> Self {
        Seed {
            widget: "byggesak",
            page: "/bygg",
            value: 3,
            scale: 5,
            comment: None,
            day: 2,
            second: 0,
            language: "nb",
            suspicious: false,
        }
    }
}

/// Stores `s` under id `uuid(n)` directly, with its own `received_at`.
pub async fn seed(t: &TestApp, n: u32, s: Seed<'_>) {
    let at = Date::from_calendar_date(2026, Month::March, s.day)
        .unwrap()
        .with_time(Time::from_hms(12, 0, 0).unwrap())
        .assume_utc()
        + time::Duration::seconds(s.second);
    let outcome = t
        .store
        .insert_feedback(NewFeedback {
            id: uuid(n),
            widget_id: s.widget.to_owned(),
            rating_value: s.value,
            rating_scale: s.scale,
            comment: s.comment.map(str::to_owned),
            language: s.language.to_owned(),
            page_path: s.page.to_owned(),
            client_timestamp: "2026-03-01T12:00:00Z".to_owned(),
            time_to_answer_ms: Some(4000),
            received_at: at,
            request_hash: format!("hash-{n}"),
            suspicious: s.suspicious.then_some("too_fast"),
        })
        .await
        .unwrap();
    assert_eq!(outcome, InsertOutcome::Created);
}

/// The core test's dataset: `byggesak` on /bygg (6) and /skjema (2), `barnehage` on /bhg (5),
/// all on 1–5 over 2–4 March, one suspicious response, and one nynorsk response on 20 March.
async fn seed_dataset(t: &TestApp) {
    let rows = [
        ("byggesak", "/bygg", 5, 2, Some("Fin side")),
        ("byggesak", "/bygg", 4, 2, None),
        ("byggesak", "/bygg", 4, 3, None),
        ("byggesak", "/bygg", 2, 3, None),
        ("byggesak", "/bygg", 1, 4, None),
        ("byggesak", "/bygg", 5, 4, Some("Raskt svar")),
        ("byggesak", "/skjema", 1, 4, Some("Fant ikke skjemaet")),
        ("byggesak", "/skjema", 2, 4, None),
        ("barnehage", "/bhg", 3, 2, None),
        ("barnehage", "/bhg", 3, 2, Some("Ok")),
        ("barnehage", "/bhg", 2, 3, None),
        ("barnehage", "/bhg", 2, 3, None),
        ("barnehage", "/bhg", 3, 3, None),
    ];
    for (n, (widget, page, value, day, comment)) in rows.into_iter().enumerate() {
        seed(
            t,
            n as u32,
            Seed {
                widget,
                page,
                value,
                day,
                comment,
                second: n as i64,
                ..Seed::default()
            },
        )
        .await;
    }
    seed(
        t,
        100,
        Seed {
            value: 1,
            comment: Some("spam"),
            suspicious: true,
            ..Seed::default()
        },
    )
    .await;
    seed(
        t,
        101,
        Seed {
            widget: "barnehage",
            page: "/bhg",
            value: 5,
            day: 20,
            language: "nn",
            ..Seed::default()
        },
    )
    .await;
}

async fn page(t: &TestApp, cookie: &str, query: &str) -> String {
    t.admin_get(cookie, &format!("/admin/results{query}"))
        .await
        .text()
}

#[tokio::test]
async fn results_need_a_session() {
    let t = TestApp::new().await;
    seed_dataset(&t).await;
    for path in [
        "/admin/results",
        "/admin/results?from=2026-03-01",
        "/admin/exports",
        "/admin/exports/feedback",
        "/admin/exports/cases?format=json",
    ] {
        let res = t.send(Req::get(path)).await;
        assert_eq!(res.status, StatusCode::SEE_OTHER, "{path}");
        assert_eq!(res.header("location"), Some("/admin/"), "{path}");
        assert!(
            !res.text().contains("byggesak"),
            "{path} shows data without a session"
        );
    }
}

#[tokio::test]
async fn figures_of_a_seeded_dataset() {
    let t = TestApp::new().await;
    seed_dataset(&t).await;
    let cookie = t.sign_in().await;
    let html = page(&t, &cookie, "?from=2026-03-01&to=2026-03-05&lang=en").await;
    assert!(html.contains("<strong>13 responses</strong>"), "{html}");
    assert!(html.contains("left out of the figures: 1."));
    // The overall distribution 2, 4, 3, 2, 2 as a chart and a table; average 37/13 = 2.8.
    assert!(html.contains("Average: <strong>2.8 of 5</strong>"));
    assert!(html.contains("role=\"img\" aria-labelledby=\"chart-1-title\""));
    for (value, count, share) in [(1, 2, 15), (2, 4, 31), (3, 3, 23), (4, 2, 15), (5, 2, 15)] {
        assert!(
            html.contains(&format!(
                "<td class=\"num\">{count}</td><td class=\"num\">{share}%</td>"
            )),
            "rating {value}: {html}"
        );
    }
    // Per widget and per page; /skjema has 2 responses: count only.
    assert!(html.contains(
        "<th scope=\"row\"><code>byggesak</code></th><td>1–5</td><td class=\"num\">8</td><td class=\"num\">3.0 of 5</td>"
    ));
    assert!(html.contains(
        "<th scope=\"row\"><code>barnehage</code></th><td>1–5</td><td class=\"num\">5</td><td class=\"num\">2.6 of 5</td>"
    ));
    assert!(html.contains(
        "<th scope=\"row\"><code>/skjema</code></th><td>1–5</td><td class=\"num\">2</td><td class=\"num\">Hidden (under 5 responses)</td>"
    ));
    // Lowest first: /bhg (2.6) then /bygg (3.5).
    let lowest = &html[html.find("id=\"lowest\"").unwrap()..];
    let (bhg, bygg) = (lowest.find("/bhg").unwrap(), lowest.find("/bygg").unwrap());
    assert!(bhg < bygg);
    assert!(lowest.contains("<td class=\"num\">3.5 of 5</td><td class=\"num\">6</td>"));
    // The trend per day, 1–5 March: only 3 March has five responses.
    assert!(html.contains("Average and number of responses per day"));
    assert!(html.contains(
        "<th scope=\"row\">2026-03-03</th><td class=\"num\">5</td><td class=\"num\">2.6</td>"
    ));
    assert!(html.contains(
        "<th scope=\"row\">2026-03-02</th><td class=\"num\">4</td><td class=\"num\">Hidden (under 5 responses)</td>"
    ));
    assert!(html.contains("<th scope=\"row\">2026-03-05</th><td class=\"num\">0</td>"));
    // Comments: the /skjema one is hidden, the suspicious one left out.
    assert!(html.contains("<blockquote>Raskt svar</blockquote>"));
    assert!(html.contains("<blockquote>Ok</blockquote>"));
    assert!(!html.contains("Fant ikke skjemaet") && !html.contains("spam"));
    assert!(html.contains("in the selection: 1."), "one comment hidden");
    assert!(
        !html.contains("style="),
        "no inline style under the strict CSP"
    );
    assert!(html.contains("aria-current=\"page\">Results</a>"));
}

#[tokio::test]
async fn filters_narrow_the_selection() {
    let t = TestApp::new().await;
    seed_dataset(&t).await;
    let cookie = t.sign_in().await;
    // All time: 14 responses, and a range over 2–20 March still counts in days.
    let html = page(&t, &cookie, "?lang=en").await;
    assert!(html.contains("<strong>14 responses</strong>"), "{html}");
    // Widget filter.
    let html = page(&t, &cookie, "?widget=barnehage&lang=en").await;
    assert!(html.contains("<strong>6 responses</strong>"));
    assert!(
        html.contains("value=\"barnehage\""),
        "the form keeps the choice"
    );
    assert!(!html.contains("<code>byggesak</code>"));
    // Language filter: the one nynorsk response, whose figures stay hidden.
    let html = page(&t, &cookie, "?language=nn&lang=en").await;
    assert!(html.contains("<strong>1 response</strong>"));
    assert!(html.contains("<option value=\"nn\" lang=\"nn\" selected>"));
    assert!(html.contains("Average: Hidden (under 5 responses)"));
    // Suspicious rows on request.
    let html = page(
        &t,
        &cookie,
        "?from=2026-03-01&to=2026-03-05&suspicious=include&lang=en",
    )
    .await;
    assert!(html.contains("<strong>14 responses</strong>"));
    assert!(html.contains("included in the figures: 1."));
    assert!(html.contains("<blockquote>spam</blockquote>"));
    // A range over more than a month counts in weeks.
    let html = page(&t, &cookie, "?from=2026-02-01&to=2026-03-31&lang=nb").await;
    assert!(html.contains("Gjennomsnitt og antall svar per uke"));
    assert!(html.contains("<th scope=\"row\">uke 10 2026</th><td class=\"num\">13</td>"));
}

#[tokio::test]
async fn a_wrong_date_is_marked_on_its_field() {
    let t = TestApp::new().await;
    let cookie = t.sign_in().await;
    let res = t
        .send(Req::get("/admin/results?from=1.+mars&lang=nn").session(&cookie))
        .await;
    assert_eq!(res.status, StatusCode::BAD_REQUEST);
    let html = res.text();
    assert!(html.contains("role=\"alert\""));
    assert!(html.contains("Datoen må skrivast som ÅÅÅÅ-MM-DD"));
    assert!(html.contains("id=\"from\" name=\"from\" value=\"1. mars\" aria-describedby=\"date-hint filter-error\" aria-invalid=\"true\""));
    let res = t
        .send(Req::get("/admin/results?from=2026-03-05&to=2026-03-01&lang=en").session(&cookie))
        .await;
    assert_eq!(res.status, StatusCode::BAD_REQUEST);
    assert!(res.text().contains("cannot be after"));
}

#[tokio::test]
async fn the_privacy_threshold_is_configurable() {
    let t = TestApp::with(Options {
        privacy_threshold: 3,
        ..Options::default()
    })
    .await;
    for n in 0..2 {
        seed(
            &t,
            n,
            Seed {
                page: "/liten",
                value: 1,
                comment: Some("Hemmelig"),
                second: n as i64,
                ..Seed::default()
            },
        )
        .await;
    }
    for n in 2..5 {
        seed(
            &t,
            n,
            Seed {
                page: "/stor",
                value: 4,
                comment: Some("Synlig"),
                second: n as i64,
                ..Seed::default()
            },
        )
        .await;
    }
    let cookie = t.sign_in().await;
    let html = page(&t, &cookie, "?lang=en").await;
    assert!(html.contains("at least 3 responses"));
    assert!(html.contains(
        "<code>/liten</code></th><td>1–5</td><td class=\"num\">2</td><td class=\"num\">Hidden (under 3 responses)</td>"
    ));
    assert!(html.contains(
        "<code>/stor</code></th><td>1–5</td><td class=\"num\">3</td><td class=\"num\">4.0 of 5</td>"
    ));
    assert!(html.contains("<blockquote>Synlig</blockquote>"));
    assert!(!html.contains("Hemmelig"));
    assert!(html.contains("in the selection: 2."), "two comments hidden");
    // The widget as a whole (5 responses) shows its average: 2·1 + 3·4 = 14 / 5.
    assert!(html.contains("<code>byggesak</code></th><td>1–5</td><td class=\"num\">5</td><td class=\"num\">2.8 of 5</td>"));

    // With the default of 5, /stor hides too.
    let t = TestApp::new().await;
    for n in 0..3 {
        seed(&t, n, Seed::default()).await;
    }
    let cookie = t.sign_in().await;
    let html = page(&t, &cookie, "?lang=en").await;
    assert!(html.contains("<strong>3 responses</strong>"));
    assert!(html.contains("Average: Hidden (under 5 responses)"));
    assert!(!html.contains("3.0 of 5"));
}

#[tokio::test]
async fn mixed_scales_are_shown_apart() {
    let t = TestApp::new().await;
    for n in 0..5 {
        seed(
            &t,
            n,
            Seed {
                value: 5,
                ..Seed::default()
            },
        )
        .await;
        seed(
            &t,
            10 + n,
            Seed {
                value: 1,
                scale: 3,
                ..Seed::default()
            },
        )
        .await;
    }
    let cookie = t.sign_in().await;
    let html = page(&t, &cookie, "?lang=en").await;
    assert!(html.contains("id=\"mixed-scales\""));
    assert!(html.contains("<h3>Scale 1–3</h3>") && html.contains("<h3>Scale 1–5</h3>"));
    assert!(
        html.contains("<strong>1.0 of 3</strong>") && html.contains("<strong>5.0 of 5</strong>")
    );
    assert!(html.contains("<code>byggesak</code></th><td>1–3</td><td class=\"num\">5</td><td class=\"num\">1.0 of 3</td>"));
    assert!(html.contains("<code>byggesak</code></th><td>1–5</td><td class=\"num\">5</td><td class=\"num\">5.0 of 5</td>"));
    // No average across scales (1 and 5 would make a meaningless 3.0).
    assert!(!html.contains("3.0 of"));
}

#[tokio::test]
async fn hostile_widget_ids_pages_and_comments_are_text() {
    let t = TestApp::new().await;
    for n in 0..5 {
        seed(
            &t,
            n,
            Seed {
                widget: "<svg onload=alert(1)>",
                page: "/\"><script>alert(2)</script>",
                comment: Some("</blockquote><img src=x onerror=alert(3)>"),
                second: i64::from(n),
                ..Seed::default()
            },
        )
        .await;
    }
    let cookie = t.sign_in().await;
    let html = page(&t, &cookie, "?widget=%3Csvg+onload%3Dalert(1)%3E&lang=en").await;
    assert!(html.contains("<strong>5 responses</strong>"), "{html}");
    assert!(
        !html.contains("<svg onload")
            && !html.contains("<script>alert")
            && !html.contains("<img src=x")
    );
    assert!(html.contains("&lt;svg onload=alert(1)&gt;"));
    assert!(html.contains("value=\"&lt;svg onload=alert(1)&gt;\""));
    assert!(html.contains("&lt;/blockquote&gt;&lt;img src=x onerror=alert(3)&gt;"));
}

#[tokio::test]
async fn large_selections_are_read_in_pages() {
    // More rows than one store page of the results handler (2000).
    let t = TestApp::new().await;
    let inserts = (0..4500u32).map(|n| {
        seed(
            &t,
            n,
            Seed {
                value: (n % 5 + 1) as u8,
                day: (n % 28 + 1) as u8,
                second: i64::from(n),
                ..Seed::default()
            },
        )
    });
    futures_util::future::join_all(inserts).await;
    let cookie = t.sign_in().await;
    let html = page(&t, &cookie, "?lang=en").await;
    assert!(html.contains("<strong>4,500 responses</strong>"), "{html}");
    assert!(html.contains("Average: <strong>3.0 of 5</strong>"));
}

#[tokio::test]
async fn days_and_times_are_norwegian_and_swedish_not_utc() {
    let t = TestApp::with(Options {
        privacy_threshold: 1,
        ..Options::default()
    })
    .await;
    // Seconds from noon UTC on the seed's day.
    let hours = |h: i64, m: i64| h * 3600 + m * 60;
    for (n, day, second, comment) in [
        // 22:30 UTC on 28 February is 23:30 there: before the selection.
        (0, 1, hours(-13, -30), "Februar"),
        // 23:30 UTC on 28 February is 00:30 on 1 March there.
        (1, 1, hours(-13, 30), "Første mars"),
        // 23:30 UTC on 2 March is 00:30 on 3 March there.
        (2, 2, hours(11, 30), "Natt til tredje"),
    ] {
        seed(
            &t,
            n,
            Seed {
                comment: Some(comment),
                day,
                second,
                ..Seed::default()
            },
        )
        .await;
    }
    let cookie = t.sign_in().await;
    let html = page(&t, &cookie, "?from=2026-03-01&to=2026-03-03&lang=en").await;
    assert!(html.contains("<strong>2 responses</strong>"), "{html}");
    assert!(!html.contains("Februar"));
    for (day, count) in [("2026-03-01", 1), ("2026-03-02", 0), ("2026-03-03", 1)] {
        assert!(
            html.contains(&format!(
                "<th scope=\"row\">{day}</th><td class=\"num\">{count}</td>"
            )),
            "{day}: {html}"
        );
    }
    assert!(html.contains("<time datetime=\"2026-03-03T00:30+01:00\">2026-03-03 00:30</time>"));
    assert!(html.contains("Times are in Norwegian and Swedish time."));
    assert!(!html.contains("UTC"));
}

#[tokio::test]
async fn the_language_links_keep_the_filters() {
    let t = TestApp::new().await;
    seed_dataset(&t).await;
    let cookie = t.sign_in().await;
    let html = page(
        &t,
        &cookie,
        "?from=2026-03-01&to=2026-03-05&widget=bygge+sak%26x&lang=en",
    )
    .await;
    for lang in ["nb", "nn", "sv", "en"] {
        assert!(
            html.contains(&format!(
                "<a href=\"?from=2026-03-01&amp;to=2026-03-05&amp;widget=bygge+sak%26x&amp;lang={lang}\" lang=\"{lang}\""
            )),
            "{lang}: {html}"
        );
    }
    // Following one switches the language and keeps the selection.
    let html = page(
        &t,
        &cookie,
        "?from=2026-03-01&to=2026-03-05&widget=barnehage&lang=sv",
    )
    .await;
    assert!(html.contains("<html lang=\"sv\">"));
    assert!(html.contains("value=\"barnehage\""));
    assert!(html.contains("value=\"2026-03-05\""));
    assert!(html.contains("<strong>5 svar</strong>"), "{html}");
}
