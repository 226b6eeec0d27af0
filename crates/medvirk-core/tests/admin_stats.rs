//! The results page's arithmetic and charts, natively: figures of a fixed dataset, the privacy threshold, mixed scales, trends, hostile text.

use medvirk_core::admin::chart::{
    Bar, BarChart, LineChart, LinePoint, bar_chart, line_chart, mini_bars,
};
use medvirk_core::admin::stats::{
    Bucket, Options, Response, civil_from_days, days_from_civil, iso_week, report,
};
use medvirk_core::lang::Lang;

/// Noon UTC of a March 2026 day, in Unix seconds.
fn march(day: u32) -> i64 {
    days_from_civil(2026, 3, day) * 86_400 + 12 * 3600
}

fn r<'a>(widget: &'a str, page: &'a str, value: u8, scale: u8, day: u32) -> Response<'a> {
    Response {
        widget_id: widget,
        page_path: page,
        value,
        scale,
        comment: None,
        received: march(day),
        suspicious: false,
    }
}

/// The fixed dataset: `byggesak` on /bygg (6 responses) and /skjema (2), `barnehage` on /bhg (5),
/// all scale 5, spread over 2–4 March, plus one suspicious response.
fn dataset() -> Vec<Response<'static>> {
    let mut rows = vec![
        r("byggesak", "/bygg", 5, 5, 2),
        r("byggesak", "/bygg", 4, 5, 2),
        r("byggesak", "/bygg", 4, 5, 3),
        r("byggesak", "/bygg", 2, 5, 3),
        r("byggesak", "/bygg", 1, 5, 4),
        r("byggesak", "/bygg", 5, 5, 4),
        r("byggesak", "/skjema", 1, 5, 4),
        r("byggesak", "/skjema", 2, 5, 4),
        r("barnehage", "/bhg", 3, 5, 2),
        r("barnehage", "/bhg", 3, 5, 2),
        r("barnehage", "/bhg", 2, 5, 3),
        r("barnehage", "/bhg", 2, 5, 3),
        r("barnehage", "/bhg", 3, 5, 3),
    ];
    rows[0].comment = Some("Fin side");
    rows[5].comment = Some("Raskt svar");
    rows[6].comment = Some("Fant ikke skjemaet");
    rows[9].comment = Some("Ok");
    let mut bot = r("byggesak", "/bygg", 1, 5, 2);
    bot.suspicious = true;
    bot.comment = Some("spam");
    rows.push(bot);
    rows
}

#[test]
fn figures_of_a_fixed_dataset() {
    let rep = report(dataset(), Options::default());
    assert_eq!((rep.total, rep.suspicious, rep.threshold), (13, 1, 5));
    assert_eq!(rep.overall.len(), 1);
    let all = &rep.overall[0];
    assert_eq!((all.scale, all.count), (5, 13));
    let f = all.figures.as_ref().unwrap();
    assert_eq!(f.distribution, vec![2, 4, 3, 2, 2]);
    assert!((f.average - 37.0 / 13.0).abs() < 1e-9);

    let by: Vec<(&str, u64, Option<f64>)> = rep
        .widgets
        .iter()
        .map(|g| {
            (
                g.key.as_str(),
                g.count,
                g.figures.as_ref().map(|f| f.average),
            )
        })
        .collect();
    assert_eq!(
        by,
        vec![
            ("barnehage", 5, Some(13.0 / 5.0)),
            ("byggesak", 8, Some(24.0 / 8.0))
        ]
    );
    let pages: Vec<(&str, u64, bool)> = rep
        .pages
        .iter()
        .map(|g| (g.key.as_str(), g.count, g.figures.is_some()))
        .collect();
    assert_eq!(
        pages,
        vec![("/bygg", 6, true), ("/bhg", 5, true), ("/skjema", 2, false)],
        "most answered first; /skjema is under the threshold"
    );
    // Lowest average among pages that may be shown: /bhg (2.6) before /bygg (3.5).
    let lowest: Vec<&str> = rep.lowest.iter().map(|g| g.key.as_str()).collect();
    assert_eq!(lowest, vec!["/bhg", "/bygg"]);
}

#[test]
fn small_groups_show_only_their_count_and_hide_comments() {
    let rep = report(dataset(), Options::default());
    let skjema = rep.pages.iter().find(|g| g.key == "/skjema").unwrap();
    assert_eq!((skjema.count, skjema.figures.clone()), (2, None));
    // "Fant ikke skjemaet" is on /skjema (2 responses): hidden, and counted as hidden. The
    // suspicious "spam" is not in the figures at all.
    let texts: Vec<&str> = rep.comments.iter().map(|c| c.text.as_str()).collect();
    // Newest first; "Fin side" and "Ok" came at the same second and go by text.
    assert_eq!(texts, vec!["Raskt svar", "Fin side", "Ok"]);
    assert_eq!(rep.hidden_comments, 1);

    // With a threshold of 6 only /bygg and byggesak reach it; barnehage's comment hides too.
    let rep = report(
        dataset(),
        Options {
            threshold: 6,
            ..Options::default()
        },
    );
    let shown: Vec<&str> = rep
        .widgets
        .iter()
        .filter(|g| g.figures.is_some())
        .map(|g| g.key.as_str())
        .collect();
    assert_eq!(shown, vec!["byggesak"]);
    let texts: Vec<&str> = rep.comments.iter().map(|c| c.text.as_str()).collect();
    assert_eq!(texts, vec!["Raskt svar", "Fin side"]);
    assert_eq!(rep.hidden_comments, 2);

    // A threshold of 1 shows everything.
    let rep = report(
        dataset(),
        Options {
            threshold: 1,
            ..Options::default()
        },
    );
    assert!(rep.pages.iter().all(|g| g.figures.is_some()));
    assert_eq!((rep.comments.len(), rep.hidden_comments), (4, 0));
}

#[test]
fn suspicious_rows_count_only_when_asked() {
    let rep = report(
        dataset(),
        Options {
            include_suspicious: true,
            ..Options::default()
        },
    );
    assert_eq!((rep.total, rep.suspicious), (14, 1));
    assert_eq!(
        rep.overall[0].figures.as_ref().unwrap().distribution,
        vec![3, 4, 3, 2, 2]
    );
    assert!(rep.comments.iter().any(|c| c.text == "spam"));
}

#[test]
fn mixed_scales_are_never_averaged_together() {
    let mut rows = dataset();
    for v in [1, 1, 2, 3, 3] {
        rows.push(r("byggesak", "/bygg", v, 3, 3));
    }
    let rep = report(rows, Options::default());
    assert!(rep.mixed_scales());
    let overall: Vec<(u8, u64)> = rep.overall.iter().map(|g| (g.scale, g.count)).collect();
    assert_eq!(overall, vec![(3, 5), (5, 13)]);
    let three = &rep.overall[0].figures.as_ref().unwrap();
    assert_eq!(three.distribution, vec![2, 1, 2]);
    assert!((three.average - 2.0).abs() < 1e-9);
    // The 1–5 figures are exactly those without the 1–3 rows.
    assert_eq!(
        rep.overall[1].figures.as_ref().unwrap().distribution,
        vec![2, 4, 3, 2, 2]
    );
    let byggesak: Vec<(u8, u64)> = rep
        .widgets
        .iter()
        .filter(|g| g.key == "byggesak")
        .map(|g| (g.scale, g.count))
        .collect();
    assert_eq!(byggesak, vec![(3, 5), (5, 8)]);
    // /bhg averages 2.6 of 5 (position 0.4), /bygg on 1–3 2.0 of 3 (0.5), /bygg on 1–5 3.5 (0.625).
    let lowest: Vec<(&str, u8)> = rep
        .lowest
        .iter()
        .map(|g| (g.key.as_str(), g.scale))
        .collect();
    assert_eq!(lowest, vec![("/bhg", 5), ("/bygg", 3), ("/bygg", 5)]);
    assert_eq!(rep.trends.len(), 2, "one trend per scale");
}

#[test]
fn trends_fill_every_bucket_and_hide_small_ones() {
    let rep = report(
        dataset(),
        Options {
            threshold: 3,
            first_day: Some(days_from_civil(2026, 3, 1)),
            last_day: Some(days_from_civil(2026, 3, 5)),
            ..Options::default()
        },
    );
    let trend = &rep.trends[0];
    assert_eq!(trend.bucket, Bucket::Day);
    let points: Vec<(String, u64, Option<f64>)> = trend
        .points
        .iter()
        .map(|p| {
            let (y, m, d) = civil_from_days(p.start);
            (format!("{y}-{m:02}-{d:02}"), p.count, p.average)
        })
        .collect();
    assert_eq!(
        points,
        vec![
            ("2026-03-01".into(), 0, None),
            ("2026-03-02".into(), 4, Some(15.0 / 4.0)),
            ("2026-03-03".into(), 5, Some(13.0 / 5.0)),
            ("2026-03-04".into(), 4, Some(9.0 / 4.0)),
            ("2026-03-05".into(), 0, None),
        ]
    );
    // With the default threshold of 5, only 3 March may show its average.
    let rep = report(dataset(), Options::default());
    let shown: Vec<bool> = rep.trends[0]
        .points
        .iter()
        .map(|p| p.average.is_some())
        .collect();
    assert_eq!(shown, vec![false, true, false]);
}

#[test]
fn the_range_chooses_days_weeks_or_months() {
    assert_eq!(Bucket::for_span(31), Bucket::Day);
    assert_eq!(Bucket::for_span(32), Bucket::Week);
    assert_eq!(Bucket::for_span(731), Bucket::Week);
    assert_eq!(Bucket::for_span(732), Bucket::Month);
    let rep = report(
        dataset(),
        Options {
            first_day: Some(days_from_civil(2026, 1, 1)),
            last_day: Some(days_from_civil(2026, 3, 31)),
            ..Options::default()
        },
    );
    let trend = &rep.trends[0];
    assert_eq!(trend.bucket, Bucket::Week);
    // 2026-01-01 is a Thursday: the first week starts on Monday 29 December 2025.
    assert_eq!(trend.points[0].start, days_from_civil(2025, 12, 29));
    assert_eq!(trend.points.len(), 14);
    let week10 = trend
        .points
        .iter()
        .find(|p| p.start == days_from_civil(2026, 3, 2))
        .unwrap();
    assert_eq!(week10.count, 13);
    assert_eq!(trend.points.iter().map(|p| p.count).sum::<u64>(), 13);
    // Months over a long range.
    let rep = report(
        dataset(),
        Options {
            first_day: Some(days_from_civil(2024, 1, 15)),
            last_day: Some(days_from_civil(2026, 3, 31)),
            ..Options::default()
        },
    );
    assert_eq!(rep.trends[0].bucket, Bucket::Month);
    assert_eq!(rep.trends[0].points.len(), 27);
    assert_eq!(rep.trends[0].points[0].start, days_from_civil(2024, 1, 1));
}

#[test]
fn calendar_arithmetic() {
    for (y, m, d) in [(1970, 1, 1), (2000, 2, 29), (2026, 12, 31), (1969, 12, 31)] {
        assert_eq!(civil_from_days(days_from_civil(y, m, d)), (y, m, d));
    }
    assert_eq!(days_from_civil(1970, 1, 1), 0);
    assert_eq!(iso_week(days_from_civil(2026, 1, 1)), (2026, 1));
    assert_eq!(iso_week(days_from_civil(2027, 1, 1)), (2026, 53));
    assert_eq!(iso_week(days_from_civil(2024, 12, 30)), (2025, 1));
}

#[test]
fn empty_selection() {
    let rep = report(Vec::new(), Options::default());
    assert_eq!(rep.total, 0);
    assert!(rep.overall.is_empty() && rep.trends.is_empty() && rep.comments.is_empty());
}

#[test]
fn the_comment_list_stays_bounded_and_newest_first() {
    let texts: Vec<String> = (0..100).map(|i| format!("c{i:03}")).collect();
    let rows: Vec<Response> = texts
        .iter()
        .enumerate()
        .map(|(i, t)| Response {
            comment: Some(t),
            received: march(1) + i as i64,
            ..r("w", "/p", 3, 5, 1)
        })
        .collect();
    let rep = report(
        rows,
        Options {
            comments: 3,
            ..Options::default()
        },
    );
    let shown: Vec<&str> = rep.comments.iter().map(|c| c.text.as_str()).collect();
    assert_eq!(shown, vec!["c099", "c098", "c097"]);
    assert_eq!(rep.hidden_comments, 0);
}

#[test]
fn bar_chart_is_an_image_with_title_desc_and_a_table() {
    let bars: Vec<Bar> = [(1, 2), (2, 0), (3, 5)]
        .iter()
        .map(|&(v, n)| Bar {
            label: v.to_string(),
            name: format!("<b>{v}</b>"),
            count: n,
        })
        .collect();
    let html = bar_chart(&BarChart {
        id: "c1",
        title: "Fordeling: <script>alert(1)</script>",
        desc: "7 svar \"quoted\"",
        bars: &bars,
        lang: Lang::Nb,
        headers: ["Vurdering", "Svar", "Andel"],
    });
    assert!(
        html.contains("role=\"img\" aria-labelledby=\"c1-title\" aria-describedby=\"c1-desc\"")
    );
    assert!(html.contains(
        "<title id=\"c1-title\">Fordeling: &lt;script&gt;alert(1)&lt;/script&gt;</title>"
    ));
    assert!(html.contains("<desc id=\"c1-desc\">7 svar &quot;quoted&quot;</desc>"));
    assert!(!html.contains("<script") && !html.contains("<b>"));
    assert!(
        !html.contains("style="),
        "no inline styles under the strict policy"
    );
    assert_eq!(html.matches("<rect").count(), 3);
    assert!(html.contains("<th scope=\"row\">3 &lt;b&gt;3&lt;/b&gt;</th><td class=\"num\">5</td><td class=\"num\">71\u{a0}%</td>"));
    assert!(html.contains("<td class=\"num\">0</td><td class=\"num\">0\u{a0}%</td>"));
}

#[test]
fn line_chart_breaks_at_hidden_points_and_lists_every_period() {
    let points = vec![
        LinePoint {
            label: "2026-03-01".into(),
            count: 6,
            value: Some(4.0),
        },
        LinePoint {
            label: "2026-03-02".into(),
            count: 7,
            value: Some(3.5),
        },
        LinePoint {
            label: "2026-03-03".into(),
            count: 2,
            value: None,
        },
        LinePoint {
            label: "2026-03-04".into(),
            count: 0,
            value: None,
        },
        LinePoint {
            label: "<i>x</i>".into(),
            count: 9,
            value: Some(2.25),
        },
    ];
    let html = line_chart(&LineChart {
        id: "t1",
        title: "Gjennomsnitt per dag",
        desc: "beskrivelse",
        points: &points,
        scale: 5,
        lang: Lang::En,
        legend_average: "Average",
        legend_count: "Responses",
        headers: ["Period", "Responses", "Average"],
        hidden: "Hidden (under 5 responses)",
        table_summary: "The figures as a table",
    });
    assert!(html.contains("aria-labelledby=\"t1-title\""));
    // One two-point run (a line with a halo) and one lone point: three markers, two polylines.
    assert_eq!(html.matches("class=\"average-point\"").count(), 3);
    assert_eq!(html.matches("class=\"average-line\"").count(), 1);
    assert_eq!(html.matches("<polyline").count(), 2);
    // Count bars for the four periods with responses, plus the legend's sample bar.
    assert_eq!(html.matches("<rect").count(), 5);
    assert!(html.contains(
        "<th scope=\"row\">2026-03-02</th><td class=\"num\">7</td><td class=\"num\">3.5</td>"
    ));
    assert!(
        html.contains("<td class=\"num\">2</td><td class=\"num\">Hidden (under 5 responses)</td>")
    );
    assert!(html.contains("<td class=\"num\">0</td><td class=\"num\">–</td>"));
    assert!(html.contains("&lt;i&gt;x&lt;/i&gt;") && !html.contains("<i>"));
    assert!(!html.contains("style="));
}

#[test]
fn mini_bars_are_named_images() {
    let svg = mini_bars("m\"1", "1: 2, 2: 0 & more", &[2, 0, 1]);
    assert!(svg.contains("aria-labelledby=\"m&quot;1-title\""));
    assert!(svg.contains("<title id=\"m&quot;1-title\">1: 2, 2: 0 &amp; more</title>"));
    assert_eq!(svg.matches("<rect").count(), 3);
}
