//! `GET /admin/results`: feedback figures per widget and page, charts, trend, lowest pages and latest comments.
//!
//! The handler only reads rows and renders: it pages through the store (keyset pagination, so a
//! large selection is never held whole) into `medvirk_core::admin::stats::Aggregator`, which
//! applies the privacy threshold and keeps scales apart, and draws with
//! `medvirk_core::admin::chart`. The filters are a plain GET form, so a view can be bookmarked
//! and works without JavaScript.

use axum::Router;
use axum::extract::{Query, State};
use axum::http::StatusCode;
use axum::response::Response;
use axum::routing::get;
use medvirk_core::admin::chart::{
    Bar, BarChart, LineChart, LinePoint, bar_chart, line_chart, mini_bars,
};
use medvirk_core::admin::results_texts::{
    average_of, bucket_label, bucket_name, hidden, responses, results, scale_name,
};
use medvirk_core::admin::stats::{Aggregator, Group, Options, Report, Response as Row};
use medvirk_core::admin::texts::{endonym, shell};
use medvirk_core::html::escape;
use medvirk_core::i18n::{fill, number, smiley};
use medvirk_core::lang::Lang;
use medvirk_core::smiley::Scale;
use medvirk_core::time_zone;
use serde::Deserialize;
use time::macros::format_description;
use time::{Date, OffsetDateTime, Time};

use super::markup::{Col, thead};
use super::session::AdminSession;
use super::{Nav, error_page, respond};
use crate::AppState;
use crate::store::{FeedbackFilter, Store, StoreError};

/// Rows read from the store per query while aggregating.
const PAGE: u32 = 2000;
/// Most pages listed in the per-page table.
const MOST_PAGES: usize = 100;

pub fn routes() -> Router<AppState> {
    Router::new().route("/admin/results", get(results_page))
}

/// The filter form's fields, as the browser sends them (empty fields arrive as empty strings).
/// `lang` is the page's language switch, handled by the session; it is listed so a form that
/// carries it is not refused.
#[derive(Debug, Default, Deserialize)]
pub struct ResultsQuery {
    #[serde(default)]
    pub from: String,
    #[serde(default)]
    pub to: String,
    #[serde(default)]
    pub widget: String,
    #[serde(default)]
    pub language: String,
    #[serde(default)]
    pub suspicious: String,
    #[serde(default)]
    pub lang: String,
}

/// A parsed selection.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Selection {
    pub from: Option<Date>,
    /// Inclusive.
    pub to: Option<Date>,
    pub widget: Option<String>,
    pub language: Option<Lang>,
    pub include_suspicious: bool,
}

/// Which field of the form is wrong, and why.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum FormError {
    From,
    To,
    Order,
}

/// A date field that is not `YYYY-MM-DD`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct BadDate;

/// A `YYYY-MM-DD` date field; empty is no bound.
pub fn parse_date(value: &str) -> Result<Option<Date>, BadDate> {
    let value = value.trim();
    if value.is_empty() {
        return Ok(None);
    }
    Date::parse(value, format_description!("[year]-[month]-[day]"))
        .map(Some)
        .map_err(|_| BadDate)
}

impl ResultsQuery {
    /// The selection, or the first wrong field.
    pub fn selection(&self) -> Result<Selection, FormError> {
        let from = parse_date(&self.from).map_err(|BadDate| FormError::From)?;
        let to = parse_date(&self.to).map_err(|BadDate| FormError::To)?;
        if let (Some(from), Some(to)) = (from, to)
            && from > to
        {
            return Err(FormError::Order);
        }
        let widget = Some(self.widget.trim().to_owned()).filter(|w| !w.is_empty());
        Ok(Selection {
            from,
            to,
            widget,
            language: Lang::parse(self.language.trim()),
            include_suspicious: !self.suspicious.is_empty(),
        })
    }
}

impl Selection {
    /// The store filter: `received_at` from 00:00 on `from` to 00:00 the day after `to`, in
    /// Norwegian/Swedish time, so the dates mean what the person picking them means.
    pub fn filter(&self) -> FeedbackFilter {
        FeedbackFilter {
            widget_id: self.widget.clone(),
            from: self.from.map(day_start),
            until: self.to.and_then(Date::next_day).map(day_start),
            language: self.language.map(|l| l.tag().to_owned()),
            ..FeedbackFilter::default()
        }
    }
}

/// Day number (days since 1970-01-01) of a calendar date.
fn unix_day(d: Date) -> i64 {
    d.with_time(Time::MIDNIGHT).assume_utc().unix_timestamp() / 86_400
}

/// The instant a calendar day begins in Norway and Sweden.
pub fn day_start(d: Date) -> OffsetDateTime {
    let unix = time_zone::local_midnight(unix_day(d));
    OffsetDateTime::from_unix_timestamp(unix).unwrap_or(OffsetDateTime::UNIX_EPOCH)
}

/// Reads every row of `filter` in pages and aggregates them.
pub async fn aggregate(
    store: &dyn Store,
    filter: FeedbackFilter,
    options: Options,
) -> Result<Report, StoreError> {
    let mut agg = Aggregator::new(options);
    let mut after = None;
    loop {
        let page = store
            .list_feedback(FeedbackFilter {
                after: after.take(),
                limit: Some(PAGE),
                ..filter.clone()
            })
            .await?;
        for r in &page {
            agg.add(&Row {
                widget_id: &r.widget_id,
                page_path: &r.page_path,
                value: r.rating_value,
                scale: r.rating_scale,
                comment: r.comment.as_deref(),
                received: r.received_at.unix_timestamp(),
                suspicious: r.suspicious.is_some(),
            });
        }
        match page.last() {
            Some(last) if page.len() == PAGE as usize => {
                after = Some((last.received_at, last.id.clone()));
            }
            _ => break,
        }
    }
    Ok(agg.finish())
}

async fn results_page(
    session: AdminSession,
    State(state): State<AppState>,
    Query(query): Query<ResultsQuery>,
) -> Response {
    let lang = session.lang;
    let frame = session.frame(shell(lang).nav_results, Nav::Results);
    let selection = match query.selection() {
        Ok(s) => s,
        Err(e) => {
            let body = filter_form(lang, &query, Some(e));
            return respond(&frame, StatusCode::BAD_REQUEST, &body);
        }
    };
    let today = time_zone::local_day(OffsetDateTime::now_utc().unix_timestamp());
    let options = Options {
        threshold: state.privacy_threshold,
        include_suspicious: selection.include_suspicious,
        first_day: selection.from.map(unix_day),
        // An open end runs to today when the start is given, so the trend shows the quiet days too.
        last_day: selection.to.map(unix_day).or(selection.from.map(|_| today)),
        ..Options::default()
    };
    let report = match aggregate(state.store.as_ref(), selection.filter(), options).await {
        Ok(r) => r,
        Err(e) => {
            eprintln!("medvirk-server: admin results failed: {e}");
            return error_page(
                &frame,
                StatusCode::INTERNAL_SERVER_ERROR,
                shell(lang).error_heading,
            );
        }
    };
    let mut body = filter_form(lang, &query, None);
    body.push_str(&render(lang, &report));
    respond(&frame, StatusCode::OK, &body)
}

/// The opening of a page section named by its heading `{id}-heading`, so a screen reader lists
/// the sections by their headings.
fn section_start(id: &str, heading: &str) -> String {
    format!(
        "<section aria-labelledby=\"{id}-heading\">\n<h2 id=\"{id}-heading\">{}</h2>\n",
        escape(heading)
    )
}

/// A heading per rating scale, only when the selection mixes scales (their figures cannot be
/// added up, so they are shown apart).
fn scale_heading(lang: Lang, report: &Report, scale: u8) -> String {
    if report.mixed_scales() {
        format!("<h3>{}</h3>\n", escape(&scale_name(lang, scale)))
    } else {
        String::new()
    }
}

/// The GET form of filters, with `error` marked on its field.
fn filter_form(lang: Lang, q: &ResultsQuery, error: Option<FormError>) -> String {
    let t = results(lang);
    let mut out = String::new();
    out.push_str(&section_start("filters", t.filters_heading));
    let message = match error {
        Some(FormError::From) | Some(FormError::To) => Some(t.bad_date),
        Some(FormError::Order) => Some(t.range_order),
        None => None,
    };
    if let Some(message) = message {
        let field = if error == Some(FormError::To) {
            "to"
        } else {
            "from"
        };
        out.push_str(&format!(
            "<p role=\"alert\" class=\"error\" id=\"filter-error\"><a href=\"#{field}\">{}</a></p>\n",
            escape(message)
        ));
    }
    // The hints come before the fields they describe, so a sighted reader meets them in order.
    out.push_str(&format!(
        "<p class=\"hint\" id=\"date-hint\">{}</p>\n<p class=\"hint\" id=\"widget-hint\">{}</p>\n",
        escape(t.date_hint),
        escape(t.widget_hint)
    ));
    out.push_str("<form method=\"get\" action=\"/admin/results\" class=\"filters\">\n");
    for (name, label, value, wrong) in [
        (
            "from",
            t.from_label,
            &q.from,
            matches!(error, Some(FormError::From | FormError::Order)),
        ),
        ("to", t.to_label, &q.to, error == Some(FormError::To)),
    ] {
        let described = if wrong {
            "date-hint filter-error"
        } else {
            "date-hint"
        };
        out.push_str(&format!(
            "<div><label for=\"{name}\">{}</label>\n<input type=\"date\" id=\"{name}\" name=\"{name}\" value=\"{}\" \
             aria-describedby=\"{described}\"{}></div>\n",
            escape(label),
            escape(value),
            if wrong { " aria-invalid=\"true\"" } else { "" }
        ));
    }
    out.push_str(&format!(
        "<div><label for=\"widget\">{}</label>\n<input type=\"text\" id=\"widget\" name=\"widget\" value=\"{}\" \
         aria-describedby=\"widget-hint\" autocomplete=\"off\" spellcheck=\"false\"></div>\n",
        escape(t.widget_label),
        escape(&q.widget)
    ));
    out.push_str(&format!(
        "<div><label for=\"language\">{}</label>\n<select id=\"language\" name=\"language\">\n<option value=\"\">{}</option>\n",
        escape(t.language_label),
        escape(t.all_languages)
    ));
    for l in Lang::ALL {
        let selected = if q.language.trim() == l.tag() {
            " selected"
        } else {
            ""
        };
        out.push_str(&format!(
            "<option value=\"{tag}\" lang=\"{tag}\"{selected}>{}</option>\n",
            endonym(l),
            tag = l.tag()
        ));
    }
    out.push_str("</select></div>\n");
    out.push_str(&format!(
        "<div class=\"check\"><input type=\"checkbox\" id=\"suspicious\" name=\"suspicious\" value=\"include\"{}>\n\
         <label for=\"suspicious\">{}</label></div>\n",
        if q.suspicious.is_empty() {
            ""
        } else {
            " checked"
        },
        escape(t.include_suspicious)
    ));
    out.push_str(&format!(
        "<div><button type=\"submit\">{}</button> <a href=\"/admin/results\">{}</a></div>\n",
        escape(t.apply),
        escape(t.reset)
    ));
    out.push_str("</form>\n</section>\n");
    out
}

/// Gives each chart on the page its own id (never derived from stored text).
#[derive(Default)]
struct Ids(usize);

impl Ids {
    fn next(&mut self) -> String {
        self.0 += 1;
        format!("chart-{}", self.0)
    }
}

fn scale_of(scale: u8) -> Option<Scale> {
    match scale {
        3 => Some(Scale::Three),
        5 => Some(Scale::Five),
        _ => None,
    }
}

/// The bars of a distribution: "1" … "5" with the smiley's words.
fn bars(lang: Lang, scale: u8, distribution: &[u64]) -> Vec<Bar> {
    distribution
        .iter()
        .enumerate()
        .map(|(i, &count)| {
            let value = i as u8 + 1;
            Bar {
                label: value.to_string(),
                name: scale_of(scale)
                    .and_then(|s| smiley(lang).label(s, value))
                    .unwrap_or("")
                    .to_owned(),
                count,
            }
        })
        .collect()
}

/// "1: 2, 2: 0, 3: 5" – the numbers a small chart stands for.
fn counts_text(lang: Lang, distribution: &[u64]) -> String {
    distribution
        .iter()
        .enumerate()
        .map(|(i, &n)| format!("{}: {}", i + 1, number(lang, n as usize)))
        .collect::<Vec<_>>()
        .join(", ")
}

/// The whole results body below the filters.
pub fn render(lang: Lang, report: &Report) -> String {
    let t = results(lang);
    let mut ids = Ids::default();
    let mut out = String::with_capacity(16 * 1024);

    out.push_str(&section_start("summary", t.summary_heading));
    out.push_str(&format!(
        "<p class=\"total\" id=\"total\"><strong>{}</strong></p>\n",
        escape(&responses(lang, report.total))
    ));
    if report.suspicious > 0 {
        let template = if report.include_suspicious {
            t.included
        } else {
            t.excluded
        };
        out.push_str(&format!(
            "<p id=\"suspicious-note\">{}</p>\n",
            escape(&fill(
                template,
                &[("n", &number(lang, report.suspicious as usize))]
            ))
        ));
    }
    out.push_str(&format!(
        "<p class=\"hint\">{}</p>\n",
        escape(&fill(
            t.threshold_note,
            &[("n", &report.threshold.to_string())]
        ))
    ));
    if report.total == 0 {
        out.push_str(&format!("<p>{}</p>\n</section>\n", escape(t.no_data)));
        return out;
    }
    if report.mixed_scales() {
        out.push_str(&format!(
            "<p class=\"notice\" id=\"mixed-scales\">{}</p>\n",
            escape(t.mixed_scales)
        ));
    }
    for group in &report.overall {
        out.push_str(&scale_heading(lang, report, group.scale));
        out.push_str(&group_summary(lang, report, group, t.everything, &mut ids));
    }
    out.push_str("</section>\n");

    out.push_str(&section_start("trend", t.trend_heading));
    for trend in &report.trends {
        out.push_str(&scale_heading(lang, report, trend.scale));
        let points: Vec<LinePoint> = trend
            .points
            .iter()
            .map(|p| LinePoint {
                label: bucket_label(lang, trend.bucket, p.start),
                count: p.count,
                value: p.average,
            })
            .collect();
        let title = fill(
            t.trend_title,
            &[("bucket", bucket_name(lang, trend.bucket))],
        );
        let title = if report.mixed_scales() {
            format!("{title} ({})", scale_name(lang, trend.scale))
        } else {
            title
        };
        let desc = fill(
            t.trend_desc,
            &[
                (
                    "first",
                    &points.first().map(|p| p.label.clone()).unwrap_or_default(),
                ),
                (
                    "last",
                    &points.last().map(|p| p.label.clone()).unwrap_or_default(),
                ),
                (
                    "n",
                    &number(
                        lang,
                        trend.points.iter().map(|p| p.count).sum::<u64>() as usize,
                    ),
                ),
            ],
        );
        let id = ids.next();
        out.push_str(&line_chart(&LineChart {
            id: &id,
            title: &title,
            desc: &desc,
            points: &points,
            scale: trend.scale,
            lang,
            legend_average: t.legend_average,
            legend_count: t.legend_count,
            headers: [t.period_header, t.responses_header, t.average_header],
            hidden: &hidden(lang, report.threshold),
            table_summary: t.numbers_as_table,
        }));
    }
    out.push_str("</section>\n");

    out.push_str(&group_table(
        lang,
        report,
        "widgets",
        t.widgets_heading,
        t.widget_header,
        &report.widgets,
        usize::MAX,
        &mut ids,
    ));
    out.push_str(&group_table(
        lang,
        report,
        "pages",
        t.pages_heading,
        t.page_header,
        &report.pages,
        MOST_PAGES,
        &mut ids,
    ));

    out.push_str(&section_start("lowest", t.lowest_heading));
    if report.lowest.is_empty() {
        out.push_str(&format!("<p>{}</p>\n", escape(t.lowest_none)));
    } else {
        out.push_str("<table id=\"lowest\">\n");
        out.push_str(&thead(&[
            Col::Text(t.page_header),
            Col::Num(t.average_header),
            Col::Num(t.responses_header),
        ]));
        for g in &report.lowest {
            let avg = g.figures.as_ref().map(|f| f.average).unwrap_or(0.0);
            out.push_str(&format!(
                "<tr><th scope=\"row\"><code>{}</code></th><td class=\"num\">{}</td><td class=\"num\">{}</td></tr>\n",
                escape(&g.key),
                escape(&average_of(lang, avg, g.scale)),
                number(lang, g.count as usize)
            ));
        }
        out.push_str("</tbody>\n</table>\n");
    }
    out.push_str("</section>\n");

    out.push_str(&section_start("comments", t.comments_heading));
    if report.hidden_comments > 0 {
        out.push_str(&format!(
            "<p class=\"hint\" id=\"hidden-comments\">{}</p>\n",
            escape(&fill(
                t.comments_hidden,
                &[
                    ("n", &number(lang, report.hidden_comments as usize)),
                    ("t", &report.threshold.to_string())
                ]
            ))
        ));
    }
    if report.comments.is_empty() {
        out.push_str(&format!("<p>{}</p>\n", escape(t.comments_none)));
    } else {
        out.push_str("<ul class=\"comments\" id=\"comments\">\n");
        for c in &report.comments {
            let rating = scale_of(c.scale)
                .and_then(|s| smiley(lang).label(s, c.value))
                .map(|words| format!("{} ({}/{})", words, c.value, c.scale))
                .unwrap_or_else(|| format!("{}/{}", c.value, c.scale));
            out.push_str(&format!(
                "<li><blockquote>{}</blockquote>\n<p class=\"hint\">{} · <code>{}</code> · <code>{}</code> · \
                 <time datetime=\"{}\">{}</time></p></li>\n",
                escape(&c.text),
                escape(&rating),
                escape(&c.widget_id),
                escape(&c.page_path),
                escape(&time_zone::local_datetime(c.received)),
                escape(&time_zone::local_minute(c.received)),
            ));
        }
        out.push_str("</ul>\n");
        out.push_str(&format!(
            "<p class=\"hint\">{}</p>\n",
            escape(shell(lang).times_local)
        ));
    }
    out.push_str("</section>\n");
    out
}

/// Count, average and the distribution chart of one group (or "hidden").
fn group_summary(lang: Lang, report: &Report, g: &Group, name: &str, ids: &mut Ids) -> String {
    let t = results(lang);
    let Some(f) = &g.figures else {
        return format!(
            "<p>{}: {}</p>\n",
            escape(t.average_header),
            escape(&hidden(lang, report.threshold))
        );
    };
    let mut out = format!(
        "<p class=\"average\">{}: <strong>{}</strong></p>\n",
        escape(t.average_header),
        escape(&average_of(lang, f.average, g.scale))
    );
    let title = fill(t.distribution_of, &[("group", name)]);
    let title = if report.mixed_scales() {
        format!("{title} ({})", scale_name(lang, g.scale))
    } else {
        title
    };
    let desc = format!(
        "{}. {}: {}. {}",
        responses(lang, g.count),
        t.average_header,
        average_of(lang, f.average, g.scale),
        counts_text(lang, &f.distribution)
    );
    let id = ids.next();
    out.push_str(&bar_chart(&BarChart {
        id: &id,
        title: &title,
        desc: &desc,
        bars: &bars(lang, g.scale, &f.distribution),
        lang,
        headers: [t.rating_header, t.responses_header, t.share_header],
    }));
    out
}

/// A table of groups (widgets or pages): key, scale, count, average, a small distribution chart.
#[allow(clippy::too_many_arguments)]
fn group_table(
    lang: Lang,
    report: &Report,
    id: &str,
    heading: &str,
    key_header: &str,
    groups: &[Group],
    most: usize,
    ids: &mut Ids,
) -> String {
    let t = results(lang);
    let mut out = section_start(id, heading);
    out.push_str(&format!("<table id=\"{id}\">\n"));
    out.push_str(&thead(&[
        Col::Text(key_header),
        Col::Text(t.scale_header),
        Col::Num(t.responses_header),
        Col::Num(t.average_header),
        Col::Text(t.distribution_header),
    ]));
    for g in groups.iter().take(most) {
        let (avg, dist) = match &g.figures {
            Some(f) => {
                let title = format!(
                    "{}: {}",
                    fill(t.distribution_of, &[("group", &g.key)]),
                    counts_text(lang, &f.distribution)
                );
                (
                    escape(&average_of(lang, f.average, g.scale)),
                    mini_bars(&ids.next(), &title, &f.distribution),
                )
            }
            None => (escape(&hidden(lang, report.threshold)), String::new()),
        };
        out.push_str(&format!(
            "<tr><th scope=\"row\"><code>{}</code></th><td>1–{}</td><td class=\"num\">{}</td><td class=\"num\">{avg}</td><td>{dist}</td></tr>\n",
            escape(&g.key),
            g.scale,
            number(lang, g.count as usize),
        ));
    }
    out.push_str("</tbody>\n</table>\n");
    if groups.len() > most {
        out.push_str(&format!(
            "<p class=\"hint\">{}</p>\n",
            escape(&fill(
                t.more_pages,
                &[("n", &number(lang, groups.len() - most))]
            ))
        ));
    }
    out.push_str("</section>\n");
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use medvirk_core::admin::stats::report;

    #[test]
    fn the_form_is_read_strictly() {
        let q = ResultsQuery {
            from: "2026-03-01".into(),
            to: "2026-03-31".into(),
            widget: " byggesak ".into(),
            language: "nn".into(),
            suspicious: "include".into(),
            lang: String::new(),
        };
        let s = q.selection().unwrap();
        assert_eq!(s.widget.as_deref(), Some("byggesak"));
        assert_eq!(s.language, Some(Lang::Nn));
        assert!(s.include_suspicious);
        let f = s.filter();
        // 00:00 on 1 March in Oslo is 23:00 UTC the day before (winter time) ...
        assert_eq!(f.from.unwrap().unix_timestamp(), 1_772_323_200 - 3600);
        // ... and the end, 00:00 on 1 April (inclusive `to`), is 22:00 UTC: summer time began
        // on 29 March, so the selection is 31 days less one hour.
        assert_eq!(f.until.unwrap().unix_timestamp(), 1_775_001_600 - 7200);
        let bad = ResultsQuery {
            from: "1. mars".into(),
            ..ResultsQuery::default()
        };
        assert_eq!(bad.selection(), Err(FormError::From));
        let backwards = ResultsQuery {
            from: "2026-03-02".into(),
            to: "2026-03-01".into(),
            ..ResultsQuery::default()
        };
        assert_eq!(backwards.selection(), Err(FormError::Order));
        assert_eq!(
            ResultsQuery::default().selection(),
            Ok(Selection::default())
        );
    }

    #[test]
    fn hostile_text_is_escaped_everywhere() {
        let hostile = "<img src=x onerror=alert(1)>";
        let rows: Vec<Row> = (0..5)
            .map(|i| Row {
                widget_id: hostile,
                page_path: "/\"><script>x</script>",
                value: 3,
                scale: 5,
                comment: Some("<b>bold</b> & \"quoted\""),
                received: 1_772_323_200 + i,
                suspicious: false,
            })
            .collect();
        let html = render(Lang::En, &report(rows, Options::default()));
        assert!(!html.contains("<img") && !html.contains("<script") && !html.contains("<b>"));
        assert!(html.contains("&lt;img src=x onerror=alert(1)&gt;"));
        assert!(html.contains("&lt;b&gt;bold&lt;/b&gt; &amp; &quot;quoted&quot;"));
        assert!(!html.contains("style="));
    }
}
