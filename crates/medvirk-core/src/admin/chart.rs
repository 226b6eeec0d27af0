//! Accessible SVG charts for the admin area: a bar chart of a rating distribution and a line chart of a trend with its counts.
//!
//! Every chart is an `<svg role="img">` named by its `<title>` (`aria-labelledby`) and described
//! by its `<desc>` (`aria-describedby`), and comes with the same numbers as a `<table>`, which is
//! what a screen reader user, a keyboard user and a printout rely on. The SVG carries no `style`
//! attributes and no script (the admin pages' policy forbids both); colours are presentation
//! attributes chosen for at least 3:1 against white, and nothing depends on colour alone:
//! counts are written on the bars, and the trend's average is a line with round markers while
//! its counts are bars, each named in a legend of shape plus text.
//!
//! All text passed in is plain text and is escaped here; ids are escaped too, but callers should
//! make them from a counter, never from stored text.

use crate::html::escape;
use crate::i18n::number;
use crate::lang::Lang;

use super::results_texts::{decimal, percent};

/// Bars and the average line: #0b5cad is 6.6:1 on white.
pub const ACCENT: &str = "#0b5cad";
/// Count bars of the trend: #5f6a77 is 5.4:1 on white.
pub const COUNT: &str = "#5f6a77";
/// Axis lines and text: #1b1f24 on white.
pub const INK: &str = "#1b1f24";
/// Grid lines are decoration (the numbers are in the table), so they may be light.
pub const GRID: &str = "#c9ced6";

/// One bar: its axis label (the rating), a longer name for the table, and the count.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Bar {
    pub label: String,
    /// The rating's words ("Veldig bra"), shown in the table next to the label.
    pub name: String,
    pub count: u64,
}

/// A bar chart of counts.
#[derive(Clone, Debug)]
pub struct BarChart<'a> {
    pub id: &'a str,
    pub title: &'a str,
    pub desc: &'a str,
    pub bars: &'a [Bar],
    pub lang: Lang,
    /// Table headers: the label column, the count column, the share column.
    pub headers: [&'a str; 3],
}

/// The bar chart as `<figure>` holding the SVG and the table of its numbers.
pub fn bar_chart(c: &BarChart) -> String {
    const W: f64 = 320.0;
    const H: f64 = 190.0;
    const LEFT: f64 = 12.0;
    const RIGHT: f64 = 12.0;
    const TOP: f64 = 22.0;
    const BOTTOM: f64 = 28.0;
    let id = escape(c.id);
    let total: u64 = c.bars.iter().map(|b| b.count).sum();
    let max = c.bars.iter().map(|b| b.count).max().unwrap_or(0).max(1);
    let n = c.bars.len().max(1) as f64;
    let plot_w = W - LEFT - RIGHT;
    let plot_h = H - TOP - BOTTOM;
    let band = plot_w / n;
    let bar_w = (band * 0.6).min(48.0);
    let base = TOP + plot_h;

    let mut svg = String::with_capacity(1024 + c.bars.len() * 256);
    svg.push_str(&svg_start(&id, c.title, c.desc, W, H));
    for (i, bar) in c.bars.iter().enumerate() {
        let cx = LEFT + band * (i as f64 + 0.5);
        let h = plot_h * bar.count as f64 / max as f64;
        // A zero count still gets a hairline, so an empty rating reads as "none", not "missing".
        let h = if bar.count == 0 { 1.0 } else { h };
        svg.push_str(&format!(
            "<rect x=\"{:.1}\" y=\"{:.1}\" width=\"{:.1}\" height=\"{:.1}\" fill=\"{ACCENT}\"/>\n",
            cx - bar_w / 2.0,
            base - h,
            bar_w,
            h
        ));
        svg.push_str(&format!(
            "<text x=\"{cx:.1}\" y=\"{:.1}\" text-anchor=\"middle\" fill=\"{INK}\">{}</text>\n",
            base - h - 5.0,
            number(c.lang, bar.count as usize)
        ));
        svg.push_str(&format!(
            "<text x=\"{cx:.1}\" y=\"{:.1}\" text-anchor=\"middle\" fill=\"{INK}\">{}</text>\n",
            base + 18.0,
            escape(&bar.label)
        ));
    }
    svg.push_str(&format!(
        "<line x1=\"{LEFT}\" y1=\"{base}\" x2=\"{}\" y2=\"{base}\" stroke=\"{INK}\" stroke-width=\"1\"/>\n</svg>\n",
        W - RIGHT
    ));

    let mut out = String::with_capacity(svg.len() + 512);
    out.push_str("<figure class=\"chart-figure\">\n");
    out.push_str(&svg);
    out.push_str(&table_start(c.title, c.headers));
    for bar in c.bars {
        let name = if bar.name.is_empty() {
            escape(&bar.label)
        } else {
            format!("{} {}", escape(&bar.label), escape(&bar.name))
        };
        out.push_str(&format!(
            "<tr><th scope=\"row\">{name}</th><td class=\"num\">{}</td><td class=\"num\">{}</td></tr>\n",
            number(c.lang, bar.count as usize),
            percent(c.lang, bar.count, total)
        ));
    }
    out.push_str("</tbody>\n</table>\n</figure>\n");
    out
}

/// A small bar chart for a table cell: the same bars without labels, named by its title (which
/// should hold the numbers, since there is no table beside it).
pub fn mini_bars(id: &str, title: &str, counts: &[u64]) -> String {
    const W: f64 = 84.0;
    const H: f64 = 24.0;
    let id = escape(id);
    let max = counts.iter().copied().max().unwrap_or(0).max(1);
    let band = W / counts.len().max(1) as f64;
    let mut svg = format!(
        "<svg class=\"mini-chart\" role=\"img\" aria-labelledby=\"{id}-title\" viewBox=\"0 0 {W} {H}\" \
         width=\"{W}\" height=\"{H}\" focusable=\"false\" xmlns=\"http://www.w3.org/2000/svg\">\
         <title id=\"{id}-title\">{}</title>",
        escape(title)
    );
    for (i, &count) in counts.iter().enumerate() {
        let h = if count == 0 {
            1.0
        } else {
            (H - 2.0) * count as f64 / max as f64
        };
        svg.push_str(&format!(
            "<rect x=\"{:.1}\" y=\"{:.1}\" width=\"{:.1}\" height=\"{h:.1}\" fill=\"{ACCENT}\"/>",
            band * i as f64 + band * 0.15,
            H - h,
            band * 0.7
        ));
    }
    svg.push_str("</svg>");
    svg
}

/// One point of a trend: its period's label, the count, and the average if it may be shown.
#[derive(Clone, Debug, PartialEq)]
pub struct LinePoint {
    pub label: String,
    pub count: u64,
    pub value: Option<f64>,
}

/// A trend: average as a line on a 1..=`scale` axis (left), counts as bars (right axis).
#[derive(Clone, Debug)]
pub struct LineChart<'a> {
    pub id: &'a str,
    pub title: &'a str,
    pub desc: &'a str,
    pub points: &'a [LinePoint],
    pub scale: u8,
    pub lang: Lang,
    pub legend_average: &'a str,
    pub legend_count: &'a str,
    /// Table headers: period, count, average.
    pub headers: [&'a str; 3],
    /// What the table says where an average is hidden.
    pub hidden: &'a str,
    /// The summary of the `<details>` that holds the table.
    pub table_summary: &'a str,
}

/// The trend as `<figure>` holding the SVG and, in a `<details>`, the table of its numbers.
pub fn line_chart(c: &LineChart) -> String {
    const W: f64 = 640.0;
    const H: f64 = 270.0;
    const LEFT: f64 = 40.0;
    const RIGHT: f64 = 52.0;
    const TOP: f64 = 40.0;
    const BOTTOM: f64 = 40.0;
    let id = escape(c.id);
    let scale = f64::from(c.scale.max(2));
    let plot_w = W - LEFT - RIGHT;
    let plot_h = H - TOP - BOTTOM;
    let base = TOP + plot_h;
    let n = c.points.len().max(1);
    let band = plot_w / n as f64;
    let max_count = c.points.iter().map(|p| p.count).max().unwrap_or(0).max(1);
    let x = |i: usize| LEFT + band * (i as f64 + 0.5);
    let y_avg = |v: f64| base - plot_h * (v - 1.0) / (scale - 1.0);

    let mut svg = String::with_capacity(4096 + c.points.len() * 200);
    svg.push_str(&svg_start(&id, c.title, c.desc, W, H));
    // Left axis: every whole rating, with a light grid line.
    for r in 1..=c.scale.max(2) {
        let y = y_avg(f64::from(r));
        svg.push_str(&format!(
            "<line x1=\"{LEFT}\" y1=\"{y:.1}\" x2=\"{:.1}\" y2=\"{y:.1}\" stroke=\"{GRID}\" stroke-width=\"1\"/>\n\
             <text x=\"{:.1}\" y=\"{:.1}\" text-anchor=\"end\" fill=\"{INK}\">{r}</text>\n",
            W - RIGHT,
            LEFT - 6.0,
            y + 4.0
        ));
    }
    // Right axis: zero and the largest count.
    for (count, y) in [(0, base), (max_count, TOP)] {
        svg.push_str(&format!(
            "<text x=\"{:.1}\" y=\"{:.1}\" text-anchor=\"start\" fill=\"{INK}\">{}</text>\n",
            W - RIGHT + 6.0,
            y + 4.0,
            number(c.lang, count as usize)
        ));
    }
    // Counts as bars, behind the line.
    let bar_w = (band * 0.5).clamp(1.0, 24.0);
    for (i, p) in c.points.iter().enumerate() {
        if p.count == 0 {
            continue;
        }
        let h = plot_h * p.count as f64 / max_count as f64;
        svg.push_str(&format!(
            "<rect x=\"{:.1}\" y=\"{:.1}\" width=\"{bar_w:.1}\" height=\"{h:.1}\" fill=\"{COUNT}\"/>\n",
            x(i) - bar_w / 2.0,
            base - h
        ));
    }
    svg.push_str(&format!(
        "<line x1=\"{LEFT}\" y1=\"{base}\" x2=\"{:.1}\" y2=\"{base}\" stroke=\"{INK}\" stroke-width=\"1\"/>\n",
        W - RIGHT
    ));
    // The average: one polyline per run of shown points (a hidden point breaks the line rather
    // than being bridged), drawn over a white halo so it stays distinct where it crosses a bar.
    let mut runs: Vec<Vec<(f64, f64)>> = Vec::new();
    let mut run = Vec::new();
    for (i, p) in c.points.iter().enumerate() {
        match p.value {
            Some(v) => run.push((x(i), y_avg(v))),
            None if !run.is_empty() => runs.push(std::mem::take(&mut run)),
            None => {}
        }
    }
    if !run.is_empty() {
        runs.push(run);
    }
    for run in &runs {
        if run.len() > 1 {
            let pts: Vec<String> = run.iter().map(|(x, y)| format!("{x:.1},{y:.1}")).collect();
            let pts = pts.join(" ");
            svg.push_str(&format!(
                "<polyline points=\"{pts}\" fill=\"none\" stroke=\"#ffffff\" stroke-width=\"6\" stroke-linejoin=\"round\"/>\n\
                 <polyline class=\"average-line\" points=\"{pts}\" fill=\"none\" stroke=\"{ACCENT}\" stroke-width=\"2.5\" stroke-linejoin=\"round\"/>\n"
            ));
        }
        for (x, y) in run {
            svg.push_str(&format!(
                "<circle class=\"average-point\" cx=\"{x:.1}\" cy=\"{y:.1}\" r=\"4\" fill=\"{ACCENT}\" stroke=\"#ffffff\" stroke-width=\"1.5\"/>\n"
            ));
        }
    }
    // Period labels: at most six, evenly spread, always the first and the last.
    let shown = label_indices(c.points.len(), 6);
    for i in shown {
        let anchor = if c.points.len() == 1 {
            "middle"
        } else if i == 0 {
            "start"
        } else if i + 1 == c.points.len() {
            "end"
        } else {
            "middle"
        };
        let lx = match anchor {
            "start" => x(i) - band / 2.0,
            "end" => x(i) + band / 2.0,
            _ => x(i),
        };
        svg.push_str(&format!(
            "<text x=\"{lx:.1}\" y=\"{:.1}\" text-anchor=\"{anchor}\" fill=\"{INK}\">{}</text>\n",
            base + 20.0,
            escape(&c.points[i].label)
        ));
    }
    // Legend: a marked line and a bar, each with its words.
    svg.push_str(&format!(
        "<line x1=\"{LEFT}\" y1=\"14\" x2=\"{:.1}\" y2=\"14\" stroke=\"{ACCENT}\" stroke-width=\"2.5\"/>\n\
         <circle cx=\"{:.1}\" cy=\"14\" r=\"4\" fill=\"{ACCENT}\"/>\n\
         <text x=\"{:.1}\" y=\"18\" fill=\"{INK}\">{}</text>\n\
         <rect x=\"{:.1}\" y=\"7\" width=\"10\" height=\"14\" fill=\"{COUNT}\"/>\n\
         <text x=\"{:.1}\" y=\"18\" fill=\"{INK}\">{}</text>\n</svg>\n",
        LEFT + 24.0,
        LEFT + 12.0,
        LEFT + 30.0,
        escape(c.legend_average),
        LEFT + 300.0,
        LEFT + 316.0,
        escape(c.legend_count),
    ));

    let mut out = String::with_capacity(svg.len() + c.points.len() * 120 + 512);
    out.push_str("<figure class=\"chart-figure\">\n");
    out.push_str(&svg);
    out.push_str(&format!(
        "<details class=\"chart-numbers\"><summary>{}</summary>\n{}",
        escape(c.table_summary),
        table_start(c.title, c.headers)
    ));
    for p in c.points {
        let avg = match p.value {
            Some(v) => decimal(c.lang, v),
            None if p.count == 0 => "–".to_owned(),
            None => escape(c.hidden),
        };
        out.push_str(&format!(
            "<tr><th scope=\"row\">{}</th><td class=\"num\">{}</td><td class=\"num\">{avg}</td></tr>\n",
            escape(&p.label),
            number(c.lang, p.count as usize),
        ));
    }
    out.push_str("</tbody>\n</table>\n</details>\n</figure>\n");
    out
}

/// The opening of a chart's SVG: an image named by its title and described by its description,
/// so a screen reader says both; `id` (escaped) makes the ids unique on the page.
fn svg_start(id: &str, title: &str, desc: &str, w: f64, h: f64) -> String {
    format!(
        "<svg class=\"chart\" role=\"img\" aria-labelledby=\"{id}-title\" aria-describedby=\"{id}-desc\" \
         viewBox=\"0 0 {w} {h}\" width=\"{w}\" height=\"{h}\" focusable=\"false\" xmlns=\"http://www.w3.org/2000/svg\">\n\
         <title id=\"{id}-title\">{}</title>\n<desc id=\"{id}-desc\">{}</desc>\n",
        escape(title),
        escape(desc),
    )
}

/// The opening of the table that gives a chart's numbers: captioned by the chart's title, a
/// label column and two number columns.
fn table_start(title: &str, headers: [&str; 3]) -> String {
    format!(
        "<table class=\"chart-table\">\n<caption>{}</caption>\n<thead><tr><th scope=\"col\">{}</th>\
         <th scope=\"col\" class=\"num\">{}</th><th scope=\"col\" class=\"num\">{}</th></tr></thead>\n<tbody>\n",
        escape(title),
        escape(headers[0]),
        escape(headers[1]),
        escape(headers[2]),
    )
}

/// Up to `most` indices out of `len`, evenly spread, first and last included.
fn label_indices(len: usize, most: usize) -> Vec<usize> {
    if len <= most {
        return (0..len).collect();
    }
    let mut out: Vec<usize> = (0..most)
        .map(|k| (k * (len - 1) + (most - 1) / 2) / (most - 1))
        .collect();
    out.dedup();
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn labels_are_spread_and_keep_both_ends() {
        assert_eq!(label_indices(3, 6), vec![0, 1, 2]);
        let picked = label_indices(31, 6);
        assert_eq!(picked.len(), 6);
        assert_eq!((picked[0], picked[5]), (0, 30));
        assert!(picked.windows(2).all(|w| w[0] < w[1]));
    }
}
