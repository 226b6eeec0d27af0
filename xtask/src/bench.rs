//! `cargo xtask bench`: measured speed next to issue 7's targets, printed as a table and written to
//! bench/results/latest.json.
//!
//! 1. bytes each page pays (from the build manifest, bundles chosen as the loader chooses them);
//! 2. time to interactive of the smiley next to a plain-JavaScript reference, loopback and slow;
//! 3. the directory with 10,000 memberships: initial render and time per keystroke, 1x and 4x CPU;
//! 4. server ingest: POST throughput and latency against SQLite versus a no-op endpoint, a paced
//!    run at 1,000 requests/s, and stored rows checked against 2xx responses.
//!
//! A section whose page or bundle does not exist yet says "not available"; a section that fails
//! says why and the others still run. Everything runs on loopback against throwaway servers.

mod browser;
mod bytes;
mod load;
mod site;
mod stats;

use crate::{build, tools, util};
use anyhow::{Context, Result, bail};
use serde::Serialize;
use stats::{Summary, summarize};
use std::net::SocketAddr;
use std::path::PathBuf;
use std::time::Duration;

/// Options of `cargo xtask bench`.
#[derive(Clone, Debug, PartialEq)]
pub struct Options {
    /// Shorter runs: 5 s ingest, 3 s paced, 5 loads per page.
    pub quick: bool,
    /// Use the existing www/widgets/manifest.json instead of building first.
    pub no_build: bool,
    /// Seconds of each ingest run at maximum throughput.
    pub duration: u64,
    /// Connections (threads) of the load generator.
    pub connections: usize,
    /// Loads per page after the warm-up.
    pub loads: usize,
    /// Sections to run (all when empty): bytes, tti, directory, ingest.
    pub only: Vec<String>,
}

const SECTIONS: &[&str] = &["bytes", "tti", "directory", "ingest"];

impl Options {
    pub fn parse(args: &[String]) -> Result<Options> {
        let mut o = Options {
            quick: false,
            no_build: false,
            duration: 30,
            connections: 8,
            loads: 10,
            only: Vec::new(),
        };
        let mut duration = None;
        let mut loads = None;
        let mut it = args.iter();
        while let Some(arg) = it.next() {
            let mut value = |name: &str| {
                it.next()
                    .with_context(|| format!("{name} needs a value"))
                    .cloned()
            };
            match arg.as_str() {
                "--quick" => o.quick = true,
                "--no-build" => o.no_build = true,
                "--duration" => duration = Some(value("--duration")?.parse()?),
                "--connections" => o.connections = value("--connections")?.parse()?,
                "--loads" => loads = Some(value("--loads")?.parse()?),
                "--only" => {
                    for s in value("--only")?.split(',') {
                        if !SECTIONS.contains(&s) {
                            bail!("unknown section `{s}` (known: {})", SECTIONS.join(", "));
                        }
                        o.only.push(s.to_string());
                    }
                }
                other => bail!(
                    "unknown option `{other}` for bench (known: --quick, --no-build, --duration SECS, \
                     --connections N, --loads N, --only bytes,tti,directory,ingest)"
                ),
            }
        }
        o.duration = duration.unwrap_or(if o.quick { 5 } else { 30 });
        o.loads = loads.unwrap_or(if o.quick { 5 } else { 10 });
        if o.connections == 0 || o.loads == 0 || o.duration == 0 {
            bail!("--connections, --loads and --duration must be at least 1");
        }
        Ok(o)
    }

    fn runs(&self, section: &str) -> bool {
        self.only.is_empty() || self.only.iter().any(|s| s == section)
    }

    /// The paced run's length: a third of the throughput runs, at least 3 s.
    fn paced_secs(&self) -> u64 {
        (self.duration / 3).max(3)
    }
}

/// PASS/MISS against a target, or a figure without one.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
pub enum Verdict {
    Pass,
    Miss,
    /// A figure with no target of its own.
    Info,
    /// The page or bundle does not exist (yet).
    NotAvailable,
    /// The measurement failed.
    Error,
}

impl Verdict {
    fn label(self) -> &'static str {
        match self {
            Verdict::Pass => "PASS",
            Verdict::Miss => "MISS",
            Verdict::Info => "",
            Verdict::NotAvailable => "n/a",
            Verdict::Error => "ERROR",
        }
    }

    fn check(ok: bool) -> Verdict {
        if ok { Verdict::Pass } else { Verdict::Miss }
    }
}

/// One line of the table.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Row {
    pub section: String,
    pub metric: String,
    pub value: String,
    pub target: String,
    pub verdict: Verdict,
}

fn row(section: &str, metric: &str, value: String, target: &str, verdict: Verdict) -> Row {
    Row {
        section: section.into(),
        metric: metric.into(),
        value,
        target: target.into(),
        verdict,
    }
}

/// Formats rows as an aligned plain-text table (column widths in characters, not bytes, so
/// "–" and "ø" do not break the alignment).
pub fn format_table(rows: &[Row]) -> String {
    let header = ["section", "metric", "measured", "target", ""];
    let cells: Vec<[String; 5]> = rows
        .iter()
        .map(|r| {
            [
                r.section.clone(),
                r.metric.clone(),
                r.value.clone(),
                r.target.clone(),
                r.verdict.label().to_string(),
            ]
        })
        .collect();
    let mut widths = header.map(|h| h.chars().count());
    for c in &cells {
        for (w, cell) in widths.iter_mut().zip(c) {
            *w = (*w).max(cell.chars().count());
        }
    }
    let line = |c: &[String]| {
        let mut s = String::new();
        for (i, (cell, w)) in c.iter().zip(widths).enumerate() {
            if i > 0 {
                s.push_str("  ");
            }
            s.push_str(cell);
            s.extend(std::iter::repeat_n(' ', w - cell.chars().count()));
        }
        s.trim_end().to_string() + "\n"
    };
    let mut out = line(&header.map(String::from));
    out += &line(&widths.map(|w| "-".repeat(w)));
    for c in &cells {
        out += &line(c);
    }
    out
}

/// Formats rows as a Markdown table for PERFORMANCE.md.
pub fn format_markdown(rows: &[Row]) -> String {
    let mut out =
        String::from("| section | metric | measured | target | |\n|---|---|---|---|---|\n");
    for r in rows {
        out += &format!(
            "| {} | {} | {} | {} | {} |\n",
            r.section,
            r.metric,
            r.value,
            r.target,
            r.verdict.label()
        );
    }
    out
}

/// "123 ms (110–140)": median and range of a summary, `digits` after the point.
fn ms(s: &Summary, digits: usize) -> String {
    format!(
        "{:.d$} ms ({:.d$}–{:.d$})",
        s.median,
        s.min,
        s.max,
        d = digits
    )
}

fn kb(bytes: u64) -> String {
    format!("{:.1} KB", bytes as f64 / 1000.0)
}

/// Everything a run measured, as written to bench/results/latest.json.
#[derive(Debug, Default, Serialize)]
struct Report {
    generated_unix: u64,
    toolchain: Option<build::Toolchain>,
    rows: Vec<Row>,
    bytes: Vec<(String, Option<bytes::PageBytes>)>,
    reference_brotli: Option<u64>,
    tti: Vec<browser::TtiRun>,
    directory: Vec<browser::DirectoryRun>,
    ingest: Option<IngestReport>,
}

/// `cargo xtask bench [options]`.
pub fn run(args: &[String]) -> Result<()> {
    let options = Options::parse(args)?;
    let manifest = if options.no_build {
        build::load_manifest(&build::out_dir())?
    } else {
        match build::build(&build::BuildOptions::default()) {
            Ok(out) => out,
            Err(e) => {
                eprintln!(
                    "warning: the build failed ({e:#}); measuring the last build in www/widgets instead"
                );
                build::load_manifest(&build::out_dir())?
            }
        }
    };
    let mut report = Report {
        generated_unix: std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map_or(0, |d| d.as_secs()),
        toolchain: Some(manifest.toolchain),
        ..Default::default()
    };

    let needs_server = ["tti", "directory", "ingest"]
        .iter()
        .any(|s| options.runs(s));
    let server_bin = if needs_server {
        Some(site::build_server()?)
    } else {
        None
    };
    let web = site::Site::create(&manifest.out_dir)?;
    report.reference_brotli = Some(site::reference_brotli_bytes(&web));

    if options.runs("bytes") {
        bytes_section(&manifest, &mut report);
    }
    let has = |kind: &str| {
        manifest
            .bundles
            .iter()
            .any(|b| b.widgets.iter().any(|w| w == kind))
    };
    if options.runs("tti") || options.runs("directory") {
        let bin = server_bin.as_ref().expect("built above");
        let (chromium, driver) = tools::ensure_chromium()?;
        for (var, found, default) in [
            ("CHROMIUM", &chromium, "/usr/bin/chromium"),
            ("CHROMEDRIVER", &driver, "/usr/bin/chromedriver"),
        ] {
            // The e2e harness reads these variables, falling back to /usr/bin.
            if std::env::var_os(var).is_none() && found != &PathBuf::from(default) {
                bail!(
                    "found {} but the browser harness looks for {default}: set {var}={}",
                    found.display(),
                    found.display()
                );
            }
        }
        if options.runs("tti") {
            if has("smiley") {
                guarded(&mut report, "time to interactive", |r| {
                    tti_section(bin, &web, &options, r)
                });
            } else {
                report
                    .rows
                    .push(unavailable("time to interactive", "no smiley bundle"));
            }
        }
        if options.runs("directory") {
            if has("directory") {
                guarded(&mut report, "directory", |r| {
                    directory_section(bin, &web, &options, r)
                });
            } else {
                report
                    .rows
                    .push(unavailable("directory", "no directory bundle in the build"));
            }
        }
    }
    if options.runs("ingest") {
        let bin = server_bin.as_ref().expect("built above");
        guarded(&mut report, "server ingest", |r| {
            ingest_section(bin, &web, &options, r)
        });
    }

    println!(
        "\nmedvirk bench ({:?} wasm toolchain)\n",
        manifest.toolchain
    );
    print!("{}", format_table(&report.rows));
    let dir = util::root().join("bench/results");
    std::fs::create_dir_all(&dir)?;
    let json = serde_json::to_string_pretty(&report)? + "\n";
    std::fs::write(dir.join("latest.json"), json)?;
    std::fs::write(dir.join("latest.md"), format_markdown(&report.rows))?;
    println!("\nwrote bench/results/latest.json and latest.md");
    Ok(())
}

fn unavailable(section: &str, why: &str) -> Row {
    row(
        section,
        "—",
        format!("not available: {why}"),
        "",
        Verdict::NotAvailable,
    )
}

/// Runs a section; an error or a panic (the WebDriver client panics on failure) becomes an ERROR
/// row and the other sections still run.
fn guarded(report: &mut Report, section: &str, f: impl FnOnce(&mut Report) -> Result<()>) {
    let outcome = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| f(report)));
    let message = match outcome {
        Ok(Ok(())) => return,
        Ok(Err(e)) => format!("{e:#}"),
        Err(panic) => panic
            .downcast_ref::<String>()
            .cloned()
            .or_else(|| panic.downcast_ref::<&str>().map(|s| s.to_string()))
            .unwrap_or_else(|| "panicked".into()),
    };
    eprintln!("error in section {section}: {message}");
    let short: String = message.chars().take(120).collect();
    report.rows.push(row(
        section,
        "—",
        format!("failed: {short}"),
        "",
        Verdict::Error,
    ));
}

fn bytes_section(manifest: &build::BuildOutput, report: &mut Report) {
    let pages: [(&str, &[&str], Option<u64>); 4] = [
        ("smiley only", &["smiley"], Some(40_000)),
        ("case form only", &["case-form"], None),
        ("directory only", &["directory"], None),
        (
            "all three",
            &["smiley", "case-form", "directory"],
            Some(60_000),
        ),
    ];
    for (name, kinds, limit) in pages {
        let page = bytes::page_bytes(manifest, kinds);
        let target = limit.map_or(String::new(), |l| format!("<= {} br", kb(l)));
        let r = match &page {
            Some(p) => row(
                "bytes",
                name,
                format!(
                    "{} br, {} gz ({})",
                    kb(p.brotli),
                    kb(p.gzip),
                    p.bundles.join(" + ")
                ),
                &target,
                limit.map_or(Verdict::Info, |l| Verdict::check(p.brotli <= l)),
            ),
            None => row(
                "bytes",
                name,
                "not available: no bundle for every kind".into(),
                &target,
                Verdict::NotAvailable,
            ),
        };
        report.rows.push(r);
        report.bytes.push((name.to_string(), page));
    }
    if let Some(b) = report.reference_brotli {
        report.rows.push(row(
            "bytes",
            "reference smiley (plain JS + CSS)",
            format!("{} br", kb(b)),
            "",
            Verdict::Info,
        ));
    }
}

fn tti_section(
    bin: &std::path::Path,
    web: &site::Site,
    options: &Options,
    report: &mut Report,
) -> Result<()> {
    let server = site::Server::start(bin, &web.dir, "tti")?;
    let b = medvirk_e2e::Browser::start();
    for c in [browser::LOOPBACK, browser::SLOW] {
        eprintln!(
            "time to interactive: {} ({} loads each)",
            c.name, options.loads
        );
        let run = browser::time_to_interactive(&b, &server.url, &c, options.loads)?;
        let respond =
            |s: &[browser::TtiSample]| summarize(&s.iter().map(|x| x.respond).collect::<Vec<_>>());
        let (ours, reference) = (
            respond(&run.ours).context("no loads")?,
            respond(&run.reference).context("no loads")?,
        );
        let section = format!("interactive, {}", c.name);
        report.rows.push(row(
            &section,
            "ours (medvirk-smiley)",
            ms(&ours, 0),
            "",
            Verdict::Info,
        ));
        report.rows.push(row(
            &section,
            "reference (plain JS)",
            ms(&reference, 0),
            "",
            Verdict::Info,
        ));
        let ratio = ours.median / reference.median;
        report.rows.push(row(
            &section,
            "ratio ours / reference (medians)",
            format!("{ratio:.2}x"),
            "<= 1.15x",
            Verdict::check(ratio <= 1.15),
        ));
        report.tti.push(run);
    }
    Ok(())
}

fn directory_section(
    bin: &std::path::Path,
    web: &site::Site,
    options: &Options,
    report: &mut Report,
) -> Result<()> {
    use medvirk_core::directory::{fixture, native};
    let server = site::Server::start(bin, &web.dir, "directory")?;
    let dir = fixture::generate(10_000, 7);
    let document = native::write_native(&dir);
    let host = server.addr.to_string();
    let auth = format!("Bearer {}", site::ADMIN_TOKEN);
    let put = load::request(
        "PUT",
        &host,
        "/api/v1/admin/directory",
        &[
            ("Authorization", auth.as_str()),
            ("Content-Type", "application/json"),
        ],
        document.as_bytes(),
    );
    let resp = load::Conn::new(server.addr).send(&put)?;
    if resp.status != 200 {
        bail!(
            "directory import failed: HTTP {} {}",
            resp.status,
            String::from_utf8_lossy(&resp.body)
        );
    }
    let b = medvirk_e2e::Browser::start();
    let loads = options.loads.div_ceil(2);
    for (cpu, budget) in [(1.0, 8.0), (4.0, 16.0)] {
        eprintln!("directory: {cpu}x CPU ({loads} loads, then typing)");
        let run = browser::directory(&b, &server.url, cpu, loads)?;
        let section = format!("directory 10k, {cpu}x CPU");
        let render = summarize(&run.initial_render).context("no loads")?;
        report.rows.push(row(
            &section,
            "initial render",
            ms(&render, 0),
            "",
            Verdict::Info,
        ));
        let keys = summarize(&run.keystrokes).context("no keystrokes")?;
        let p50 = stats::percentile(
            &{
                let mut v = run.keystrokes.clone();
                v.sort_by(f64::total_cmp);
                v
            },
            50.0,
        )
        .unwrap_or(f64::NAN);
        report.rows.push(row(
            &section,
            &format!("keystroke p50 / p95 ({} keys)", keys.n),
            format!("{p50:.1} / {:.1} ms (max {:.1})", keys.p95, keys.max),
            &format!("p95 <= {budget:.0} ms"),
            Verdict::check(keys.p95 <= budget),
        ));
        report.directory.push(run);
    }
    Ok(())
}

/// One load run reduced for the report.
#[derive(Debug, Serialize)]
struct LoadFigures {
    what: String,
    seconds: f64,
    requests: u64,
    ok_2xx: u64,
    other_status: u64,
    errors: u64,
    first_error: Option<String>,
    per_second: f64,
    latency_ms: Option<Summary>,
}

impl LoadFigures {
    fn new(what: &str, r: &load::LoadResult) -> LoadFigures {
        let lat: Vec<f64> = r
            .latencies_us
            .iter()
            .map(|&u| f64::from(u) / 1000.0)
            .collect();
        LoadFigures {
            what: what.into(),
            seconds: r.elapsed.as_secs_f64(),
            requests: r.requests,
            ok_2xx: r.ok_2xx,
            other_status: r.other_status,
            errors: r.errors,
            first_error: r.first_error.clone(),
            per_second: r.per_second(),
            latency_ms: summarize(&lat),
        }
    }

    fn cell(&self) -> String {
        let (p50, p99) = self
            .latency_ms
            .map_or((f64::NAN, f64::NAN), |s| (s.median, s.p99));
        format!(
            "{:.0} req/s, p50 {p50:.2} ms, p99 {p99:.2} ms ({} requests)",
            self.per_second, self.requests
        )
    }
}

#[derive(Debug, Serialize)]
struct IngestReport {
    connections: usize,
    post: LoadFigures,
    noop: LoadFigures,
    paced: LoadFigures,
    rows_post: u64,
    rows_paced: u64,
}

/// Upper bound of requests per run, so a very fast machine cannot fill the disk.
const MAX_REQUESTS: u64 = 400_000;

/// A FeedbackSubmission with a response id unique per (run, connection, sequence): the UUID
/// version nibble is 4 and the variant nibble 8, as validation requires.
fn feedback_body(widget: &str, run: u16, conn: usize, seq: u64) -> String {
    format!(
        concat!(
            r#"{{"schemaVersion":1,"responseId":"{:08x}-{:04x}-4000-8000-{:012x}","#,
            r#""widgetId":"{}","rating":{{"value":{},"scale":5}},"language":"nb","#,
            r#""page":{{"path":"/bench/ingest"}},"clientTimestamp":"2026-03-01T12:30:00.000Z"}}"#
        ),
        run,
        conn,
        seq,
        widget,
        seq % 5 + 1
    )
}

/// Stored rows of one widget, counted through the admin API.
fn stored_rows(addr: SocketAddr, widget: &str) -> Result<u64> {
    let auth = format!("Bearer {}", site::ADMIN_TOKEN);
    let req = load::request(
        "GET",
        &addr.to_string(),
        &format!("/api/v1/admin/feedback?widgetId={widget}"),
        &[("Authorization", auth.as_str())],
        b"",
    );
    let resp = load::Conn::new(addr).send(&req)?;
    if resp.status != 200 {
        bail!("admin list failed: HTTP {}", resp.status);
    }
    let v: serde_json::Value = serde_json::from_slice(&resp.body)?;
    v["count"].as_u64().context("admin list has no count")
}

fn ingest_section(
    bin: &std::path::Path,
    web: &site::Site,
    options: &Options,
    report: &mut Report,
) -> Result<()> {
    let server = site::Server::start(bin, &web.dir, "ingest")?;
    let addr = server.addr;
    let host = addr.to_string();
    let n = options.connections;
    let secs = Duration::from_secs(options.duration);
    let post = |widget: &'static str, run: u16| {
        let host = host.clone();
        move |c: usize, seq: u64| {
            let body = feedback_body(widget, run, c, seq);
            load::request(
                "POST",
                &host,
                "/api/v1/feedback",
                &[("Content-Type", "application/json")],
                body.as_bytes(),
            )
        }
    };
    eprintln!(
        "ingest: POST at max throughput, {n} connections, {}s",
        secs.as_secs()
    );
    let post_run = load::run(
        addr,
        n,
        secs,
        MAX_REQUESTS,
        load::Pace::Max,
        &post("bench-ingest", 1),
    );
    // The no-op: an unknown API path, answered by the API router's JSON 404 through the same
    // middleware, with no body to parse and no store (see PERFORMANCE.md for why not openapi.json).
    let noop_req = load::request("GET", &host, "/api/v1/bench-noop", &[], b"");
    eprintln!("ingest: no-op at max throughput, {}s", secs.as_secs());
    let noop_run = load::run(addr, n, secs, MAX_REQUESTS, load::Pace::Max, &|_, _| {
        noop_req.clone()
    });
    let paced_secs = Duration::from_secs(options.paced_secs());
    eprintln!(
        "ingest: POST paced at 1000 req/s, {}s",
        paced_secs.as_secs()
    );
    let paced_run = load::run(
        addr,
        n,
        paced_secs,
        MAX_REQUESTS,
        load::Pace::PerSecond(1000.0),
        &post("bench-paced", 2),
    );
    let rows_post = stored_rows(addr, "bench-ingest")?;
    let rows_paced = stored_rows(addr, "bench-paced")?;

    let ingest = IngestReport {
        connections: n,
        post: LoadFigures::new("POST /api/v1/feedback (SQLite)", &post_run),
        noop: LoadFigures::new("GET /api/v1/bench-noop (JSON 404)", &noop_run),
        paced: LoadFigures::new("POST paced at 1000/s", &paced_run),
        rows_post,
        rows_paced,
    };
    let s = "server ingest";
    report.rows.push(row(
        s,
        &format!("POST feedback, {n} connections"),
        ingest.post.cell(),
        "",
        Verdict::Info,
    ));
    report.rows.push(row(
        s,
        "no-op (API 404)",
        ingest.noop.cell(),
        "",
        Verdict::Info,
    ));
    let ratio = ingest.post.per_second / ingest.noop.per_second.max(1e-9);
    report.rows.push(row(
        s,
        "durable / no-op throughput",
        format!("{:.0}%", ratio * 100.0),
        ">= 50%",
        Verdict::check(ratio >= 0.5),
    ));
    let p99 = ingest.paced.latency_ms.map_or(f64::INFINITY, |l| l.p99);
    let achieved = ingest.paced.per_second;
    report.rows.push(row(
        s,
        "p99 at 1,000 req/s",
        format!(
            "{p99:.2} ms (p50 {:.2}, achieved {achieved:.0} req/s)",
            ingest.paced.latency_ms.map_or(f64::NAN, |l| l.median)
        ),
        "<= 20 ms",
        Verdict::check(p99 <= 20.0 && achieved >= 950.0),
    ));
    let lost_ok = rows_post == post_run.ok_2xx && rows_paced == paced_run.ok_2xx;
    report.rows.push(row(
        s,
        "stored rows vs 2xx",
        format!(
            "{rows_post} = {} and {rows_paced} = {} ({} errors, {} non-2xx)",
            post_run.ok_2xx,
            paced_run.ok_2xx,
            post_run.errors + paced_run.errors,
            post_run.other_status + paced_run.other_status
        ),
        "0 lost",
        Verdict::check(lost_ok && post_run.errors + paced_run.errors == 0),
    ));
    if let Some(e) = post_run
        .first_error
        .as_ref()
        .or(paced_run.first_error.as_ref())
    {
        eprintln!("first ingest error: {e}");
    }
    report.ingest = Some(ingest);
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn options_defaults_quick_and_errors() {
        let o = Options::parse(&[]).unwrap();
        assert_eq!(
            (o.duration, o.loads, o.connections, o.quick),
            (30, 10, 8, false)
        );
        let q = Options::parse(&["--quick".into()]).unwrap();
        assert_eq!((q.duration, q.loads, q.paced_secs()), (5, 5, 3));
        let args: Vec<String> = ["--quick", "--duration", "12", "--only", "bytes,ingest"]
            .map(String::from)
            .to_vec();
        let o = Options::parse(&args).unwrap();
        assert_eq!((o.duration, o.paced_secs()), (12, 4));
        assert!(o.runs("bytes") && o.runs("ingest") && !o.runs("tti"));
        assert!(Options::parse(&["--only".into(), "speed".into()]).is_err());
        assert!(Options::parse(&["--duration".into()]).is_err());
        assert!(Options::parse(&["--connections".into(), "0".into()]).is_err());
        assert!(Options::parse(&["--fast".into()]).is_err());
    }

    #[test]
    fn table_aligns_by_characters_and_shows_verdicts() {
        let rows = vec![
            row(
                "bytes",
                "smiley only",
                "39.0 KB br".into(),
                "<= 40.0 KB br",
                Verdict::Pass,
            ),
            row("directory", "ø–æ", "1 ms (1–2)".into(), "", Verdict::Info),
            row("x", "y", "failed".into(), "", Verdict::Error),
        ];
        let t = format_table(&rows);
        let lines: Vec<&str> = t.lines().collect();
        assert_eq!(lines.len(), 5);
        assert!(lines[0].starts_with("section    metric"));
        assert!(lines[2].ends_with("<= 40.0 KB br  PASS"));
        assert!(lines[4].ends_with("ERROR"));
        // The measured column starts at the same character in every row.
        let col = |l: &str, needle: &str| l.find(needle).map(|b| l[..b].chars().count());
        assert_eq!(col(lines[2], "39.0"), col(lines[3], "1 ms"));
        assert!(!lines[3].ends_with(' '), "no trailing spaces");
        let md = format_markdown(&rows);
        assert!(md.contains("| bytes | smiley only | 39.0 KB br | <= 40.0 KB br | PASS |"));
    }

    #[test]
    fn feedback_bodies_are_valid_and_unique() {
        let a = feedback_body("bench-ingest", 1, 3, 17);
        let b = feedback_body("bench-ingest", 1, 3, 18);
        let v: serde_json::Value = serde_json::from_str(&a).unwrap();
        let id = v["responseId"].as_str().unwrap();
        assert_eq!(id, "00000001-0003-4000-8000-000000000011");
        assert_ne!(a, b);
        assert_eq!(v["rating"]["value"], 3);
        assert_eq!(v["widgetId"], "bench-ingest");
    }

    #[test]
    fn medians_and_ranges_print_compactly() {
        let s = summarize(&[10.0, 12.4, 30.0]).unwrap();
        assert_eq!(ms(&s, 0), "12 ms (10–30)");
        assert_eq!(kb(40_960), "41.0 KB");
    }
}
