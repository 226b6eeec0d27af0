//! Aggregation of stored feedback for the results page: groups, distributions, trends, and the privacy threshold.
//!
//! Decisions:
//! - **Mixed scales are never averaged together.** A 2 on a scale of 3 and a 2 on a scale of 5 do
//!   not mean the same, and a normalised "score" would hide that two questions were asked. Every
//!   group is therefore keyed by its scale as well: a widget that has been used with both scales
//!   shows as two groups ("byggesak, 1–3" and "byggesak, 1–5"), and the overall figures and the
//!   trend come once per scale. Only the list of pages with the lowest average compares groups of
//!   different scales, and it ranks them by their position on their own scale
//!   (`(average − 1) / (scale − 1)`) while still showing the plain average "of 3" or "of 5".
//! - **Privacy for small units.** A group with fewer than `threshold` responses shows its count
//!   only: its average, its distribution (which with one response *is* the response) and its
//!   comments stay hidden. A trend point is a group too. A comment is shown only when both its
//!   widget group and its page group reach the threshold, so narrowing to one page cannot reveal
//!   what a single person wrote. The threshold applies to the figures of the current selection.
//! - **Suspicious responses** (honeypot filled, answered inhumanly fast) are left out of every
//!   figure unless the caller asks for them, and the number left out is reported.
//! - **Time** arrives as Unix seconds (UTC) and is bucketed by Norwegian/Swedish day
//!   (`crate::time_zone`: a response at 23:30 on 1 March in Oslo belongs to 1 March, not to the
//!   UTC day), ISO week (Monday first) or calendar month, chosen by the length of the range so a
//!   chart has a readable number of points. Day numbers in [`Options`] are local days too.
//!
//! The aggregator takes rows one at a time, so the server can feed it page by page from the store
//! without holding every row.

use std::collections::BTreeMap;

/// Seconds in a day.
const DAY: i64 = 86_400;

/// One stored response, borrowed from whatever the store returned.
#[derive(Clone, Copy, Debug)]
pub struct Response<'a> {
    pub widget_id: &'a str,
    pub page_path: &'a str,
    pub value: u8,
    pub scale: u8,
    pub comment: Option<&'a str>,
    /// When the server received it, Unix seconds (UTC).
    pub received: i64,
    /// Flagged as probably automated when it was stored.
    pub suspicious: bool,
}

/// What to compute.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Options {
    /// Fewest responses a group needs before its average, distribution and comments are shown.
    pub threshold: u32,
    /// Count suspicious responses in the figures (normally they are left out and counted apart).
    pub include_suspicious: bool,
    /// The selected period as inclusive local day numbers; `None` ends take the first or last
    /// response's day. Sets the trend's buckets and their span.
    pub first_day: Option<i64>,
    pub last_day: Option<i64>,
    /// Most comments to list, newest first.
    pub comments: usize,
    /// Most pages in the "lowest average" list.
    pub lowest: usize,
}

impl Default for Options {
    fn default() -> Self {
        Options {
            threshold: 5,
            include_suspicious: false,
            first_day: None,
            last_day: None,
            comments: 20,
            lowest: 10,
        }
    }
}

/// Count, sum and distribution of one group's ratings.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
struct Tally {
    count: u64,
    sum: u64,
    /// `dist[v - 1]` responses rated `v`.
    dist: Vec<u64>,
}

impl Tally {
    fn add(&mut self, value: u8, scale: u8) {
        if self.dist.is_empty() {
            self.dist = vec![0; usize::from(scale)];
        }
        self.count += 1;
        self.sum += u64::from(value);
        self.dist[usize::from(value) - 1] += 1;
    }
}

/// The figures a group shows once it has enough responses.
#[derive(Clone, Debug, PartialEq)]
pub struct Figures {
    /// Mean rating on the group's own scale (1 ..= scale).
    pub average: f64,
    /// `distribution[v - 1]` responses rated `v`, worst first.
    pub distribution: Vec<u64>,
}

/// One widget, one page or the whole selection, on one scale.
#[derive(Clone, Debug, PartialEq)]
pub struct Group {
    /// The widget id or page path (empty for the whole selection).
    pub key: String,
    pub scale: u8,
    /// Always shown.
    pub count: u64,
    /// `None` while the group is below the threshold.
    pub figures: Option<Figures>,
}

impl Group {
    fn from_tally(key: String, scale: u8, tally: &Tally, threshold: u32) -> Group {
        let shown = tally.count >= u64::from(threshold.max(1));
        Group {
            key,
            scale,
            count: tally.count,
            figures: shown.then(|| Figures {
                average: tally.sum as f64 / tally.count as f64,
                distribution: tally.dist.clone(),
            }),
        }
    }

    /// Where the average lies on its own scale, 0 (all worst) to 1 (all best); the only way
    /// groups of different scales are compared.
    pub fn position(&self) -> Option<f64> {
        let f = self.figures.as_ref()?;
        Some((f.average - 1.0) / (f64::from(self.scale) - 1.0))
    }
}

/// How the trend's points are bucketed.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Bucket {
    Day,
    /// ISO week, Monday first.
    Week,
    Month,
}

impl Bucket {
    /// Days for up to a month, weeks for up to two years, months beyond.
    pub fn for_span(days: i64) -> Bucket {
        match days {
            ..=31 => Bucket::Day,
            32..=731 => Bucket::Week,
            _ => Bucket::Month,
        }
    }

    /// The first day of the bucket holding `day`.
    pub fn start(self, day: i64) -> i64 {
        match self {
            Bucket::Day => day,
            Bucket::Week => day - (day + 3).rem_euclid(7),
            Bucket::Month => {
                let (y, m, _) = civil_from_days(day);
                days_from_civil(y, m, 1)
            }
        }
    }

    /// The first day of the bucket after the one starting at `start`.
    pub fn next(self, start: i64) -> i64 {
        match self {
            Bucket::Day => start + 1,
            Bucket::Week => start + 7,
            Bucket::Month => {
                let (y, m, _) = civil_from_days(start);
                if m == 12 {
                    days_from_civil(y + 1, 1, 1)
                } else {
                    days_from_civil(y, m + 1, 1)
                }
            }
        }
    }
}

/// One point of a trend.
#[derive(Clone, Debug, PartialEq)]
pub struct Point {
    /// First day of the bucket (Unix day number).
    pub start: i64,
    pub count: u64,
    /// `None` when the bucket is empty or below the threshold.
    pub average: Option<f64>,
}

/// The trend of one scale: every bucket of the range, empty ones included, oldest first.
#[derive(Clone, Debug, PartialEq)]
pub struct Trend {
    pub scale: u8,
    pub bucket: Bucket,
    pub points: Vec<Point>,
}

/// A comment that may be shown.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Comment {
    pub widget_id: String,
    pub page_path: String,
    pub value: u8,
    pub scale: u8,
    pub text: String,
    pub received: i64,
}

/// Everything the results page shows.
#[derive(Clone, Debug, PartialEq)]
pub struct Report {
    pub threshold: u32,
    /// Responses in the figures.
    pub total: u64,
    /// Suspicious responses in the selection: left out of the figures unless `include_suspicious`.
    pub suspicious: u64,
    pub include_suspicious: bool,
    /// Rows whose rating does not fit their scale (never written by this server); left out.
    pub unreadable: u64,
    /// The whole selection, once per scale.
    pub overall: Vec<Group>,
    /// Per widget id and scale, by widget id.
    pub widgets: Vec<Group>,
    /// Per page path and scale, most responses first.
    pub pages: Vec<Group>,
    /// Pages that reach the threshold, lowest position on their scale first.
    pub lowest: Vec<Group>,
    /// One trend per scale.
    pub trends: Vec<Trend>,
    /// Shown comments, newest first.
    pub comments: Vec<Comment>,
    /// Comments held back because their widget or page is below the threshold.
    pub hidden_comments: u64,
}

impl Report {
    /// Whether the selection holds more than one scale (the page then says how it aggregates).
    pub fn mixed_scales(&self) -> bool {
        self.overall.len() > 1
    }
}

/// Takes responses one at a time and produces a [`Report`].
#[derive(Clone, Debug)]
pub struct Aggregator {
    options: Options,
    total: u64,
    suspicious: u64,
    unreadable: u64,
    overall: BTreeMap<u8, Tally>,
    widgets: BTreeMap<(String, u8), Tally>,
    pages: BTreeMap<(String, u8), Tally>,
    /// Per scale, per day: count and sum. Bucketed at the end, once the range is known.
    days: BTreeMap<u8, BTreeMap<i64, (u64, u64)>>,
    /// Per (widget, page, scale): how many comments, and the newest of them (at most about
    /// twice `options.comments`, so memory stays bounded whatever the selection holds).
    comments: BTreeMap<(String, String, u8), (u64, Vec<Comment>)>,
}

impl Aggregator {
    pub fn new(options: Options) -> Self {
        Aggregator {
            options,
            total: 0,
            suspicious: 0,
            unreadable: 0,
            overall: BTreeMap::new(),
            widgets: BTreeMap::new(),
            pages: BTreeMap::new(),
            days: BTreeMap::new(),
            comments: BTreeMap::new(),
        }
    }

    /// Adds one response.
    pub fn add(&mut self, r: &Response) {
        if r.suspicious {
            self.suspicious += 1;
            if !self.options.include_suspicious {
                return;
            }
        }
        if r.scale < 2 || r.value == 0 || r.value > r.scale {
            self.unreadable += 1;
            return;
        }
        self.total += 1;
        self.overall
            .entry(r.scale)
            .or_default()
            .add(r.value, r.scale);
        self.widgets
            .entry((r.widget_id.to_owned(), r.scale))
            .or_default()
            .add(r.value, r.scale);
        self.pages
            .entry((r.page_path.to_owned(), r.scale))
            .or_default()
            .add(r.value, r.scale);
        let day = crate::time_zone::local_day(r.received);
        let cell = self
            .days
            .entry(r.scale)
            .or_default()
            .entry(day)
            .or_default();
        cell.0 += 1;
        cell.1 += u64::from(r.value);
        if let Some(text) = r.comment.filter(|c| !c.trim().is_empty()) {
            let (count, list) = self
                .comments
                .entry((r.widget_id.to_owned(), r.page_path.to_owned(), r.scale))
                .or_default();
            *count += 1;
            list.push(Comment {
                widget_id: r.widget_id.to_owned(),
                page_path: r.page_path.to_owned(),
                value: r.value,
                scale: r.scale,
                text: text.to_owned(),
                received: r.received,
            });
            if list.len() > self.options.comments.max(1) * 2 {
                newest_first(list);
                list.truncate(self.options.comments.max(1));
            }
        }
    }

    /// The report of everything added.
    pub fn finish(self) -> Report {
        let o = self.options;
        let t = o.threshold.max(1);
        let overall: Vec<Group> = self
            .overall
            .iter()
            .map(|(&scale, tally)| Group::from_tally(String::new(), scale, tally, t))
            .collect();
        let widgets: Vec<Group> = self
            .widgets
            .iter()
            .map(|((key, scale), tally)| Group::from_tally(key.clone(), *scale, tally, t))
            .collect();
        let mut pages: Vec<Group> = self
            .pages
            .iter()
            .map(|((key, scale), tally)| Group::from_tally(key.clone(), *scale, tally, t))
            .collect();
        pages.sort_by(|a, b| b.count.cmp(&a.count).then_with(|| a.key.cmp(&b.key)));
        let mut lowest: Vec<Group> = pages
            .iter()
            .filter(|g| g.figures.is_some())
            .cloned()
            .collect();
        lowest.sort_by(|a, b| {
            let (pa, pb) = (a.position().unwrap_or(1.0), b.position().unwrap_or(1.0));
            pa.total_cmp(&pb)
                .then_with(|| b.count.cmp(&a.count))
                .then_with(|| a.key.cmp(&b.key))
        });
        lowest.truncate(o.lowest);

        let trends = self.trends();

        let shown = |widget: &str, page: &str, scale: u8| {
            let reaches = |map: &BTreeMap<(String, u8), Tally>, key: &str| {
                map.get(&(key.to_owned(), scale))
                    .is_some_and(|tally| tally.count >= u64::from(t))
            };
            reaches(&self.widgets, widget) && reaches(&self.pages, page)
        };
        let mut comments = Vec::new();
        let mut hidden_comments = 0;
        for ((widget, page, scale), (count, list)) in &self.comments {
            if shown(widget, page, *scale) {
                comments.extend(list.iter().cloned());
            } else {
                hidden_comments += count;
            }
        }
        newest_first(&mut comments);
        comments.truncate(o.comments);

        Report {
            threshold: t,
            total: self.total,
            suspicious: self.suspicious,
            include_suspicious: o.include_suspicious,
            unreadable: self.unreadable,
            overall,
            widgets,
            pages,
            lowest,
            trends,
            comments,
            hidden_comments,
        }
    }

    fn trends(&self) -> Vec<Trend> {
        let t = u64::from(self.options.threshold.max(1));
        let data_first = self.days.values().filter_map(|d| d.keys().next()).min();
        let data_last = self
            .days
            .values()
            .filter_map(|d| d.keys().next_back())
            .max();
        let (Some(&data_first), Some(&data_last)) = (data_first, data_last) else {
            return Vec::new();
        };
        let first = self.options.first_day.unwrap_or(data_first);
        let last = self.options.last_day.unwrap_or(data_last).max(first);
        let bucket = Bucket::for_span(last - first + 1);
        self.days
            .iter()
            .map(|(&scale, days)| {
                let mut points = Vec::new();
                let mut start = bucket.start(first);
                while start <= last {
                    let end = bucket.next(start);
                    let (count, sum) = days
                        .range(start..end)
                        .fold((0, 0), |(c, s), (_, (dc, ds))| (c + dc, s + ds));
                    points.push(Point {
                        start,
                        count,
                        average: (count >= t).then(|| sum as f64 / count as f64),
                    });
                    start = end;
                }
                Trend {
                    scale,
                    bucket,
                    points,
                }
            })
            .collect()
    }
}

fn newest_first(list: &mut [Comment]) {
    list.sort_by(|a, b| {
        b.received
            .cmp(&a.received)
            .then_with(|| a.text.cmp(&b.text))
    });
}

/// Aggregates `rows` in one call.
pub fn report<'a>(rows: impl IntoIterator<Item = Response<'a>>, options: Options) -> Report {
    let mut agg = Aggregator::new(options);
    for r in rows {
        agg.add(&r);
    }
    agg.finish()
}

/// The Unix day number of a civil date (proleptic Gregorian), after Howard Hinnant's
/// `days_from_civil`.
pub fn days_from_civil(y: i64, m: u32, d: u32) -> i64 {
    let y = if m <= 2 { y - 1 } else { y };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let m = i64::from(m);
    let doy = (153 * (if m > 2 { m - 3 } else { m + 9 }) + 2) / 5 + i64::from(d) - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

/// The civil date `(year, month, day)` of a Unix day number.
pub fn civil_from_days(z: i64) -> (i64, u32, u32) {
    let z = z + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = (doy - (153 * mp + 2) / 5 + 1) as u32;
    let m = if mp < 10 { mp + 3 } else { mp - 9 } as u32;
    let y = yoe + era * 400 + i64::from(m <= 2);
    (y, m, d)
}

/// `YYYY-MM-DD` of a Unix day number.
pub fn iso_date(day: i64) -> String {
    let (y, m, d) = civil_from_days(day);
    format!("{y:04}-{m:02}-{d:02}")
}

/// `YYYY-MM-DD HH:MM` (UTC) of Unix seconds; pages show [`crate::time_zone::local_minute`].
pub fn iso_minute(seconds: i64) -> String {
    let day = seconds.div_euclid(DAY);
    let rest = seconds.rem_euclid(DAY);
    format!(
        "{} {:02}:{:02}",
        iso_date(day),
        rest / 3600,
        rest % 3600 / 60
    )
}

/// `(ISO year, ISO week)` of the week holding `day`: the week belongs to the year of its Thursday.
pub fn iso_week(day: i64) -> (i64, u32) {
    let thursday = Bucket::Week.start(day) + 3;
    let (year, _, _) = civil_from_days(thursday);
    let week = (thursday - days_from_civil(year, 1, 1)) / 7 + 1;
    (year, week as u32)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn days_are_norwegian_days_not_utc_days() {
        let first = days_from_civil(2026, 3, 28);
        // 23:30 UTC on 28 March is 00:30 on 29 March in Oslo (winter); 22:30 UTC on 29 March
        // is 00:30 on 30 March (summer time began that morning). 12:00 UTC stays on its day.
        let at = |day: i64, h: i64, m: i64| day * DAY + h * 3600 + m * 60;
        let rows = [
            at(first, 12, 0),
            at(first, 23, 30),
            at(first + 1, 22, 30),
            at(first + 1, 21, 59),
        ]
        .map(|received| Response {
            widget_id: "w",
            page_path: "/",
            value: 3,
            scale: 5,
            comment: None,
            received,
            suspicious: false,
        });
        let r = report(
            rows,
            Options {
                threshold: 1,
                first_day: Some(first),
                last_day: Some(first + 2),
                ..Options::default()
            },
        );
        let counts: Vec<(String, u64)> = r.trends[0]
            .points
            .iter()
            .map(|p| (iso_date(p.start), p.count))
            .collect();
        assert_eq!(
            counts,
            [
                ("2026-03-28".to_owned(), 1),
                ("2026-03-29".to_owned(), 2),
                ("2026-03-30".to_owned(), 1)
            ]
        );
    }
}
