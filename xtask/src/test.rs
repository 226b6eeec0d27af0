//! `cargo xtask test`: install what is missing, build once, and run every check against that build.
//!
//! Order matters for speed on a 2-core CI machine: formatting and lints first (cheap, fail fast),
//! then the wasm bundle and the server binary once, then native tests, the widget tests in Chromium
//! against a real server, the end-to-end tests, and last the size budgets.

use crate::{build, fuzz, postgres, serve, tools, util};
use anyhow::{Context, Result, bail};
use std::io::{BufRead, BufReader};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};

/// Test totals gathered from every runner's `test result:` lines.
#[derive(Default)]
struct Tally {
    passed: u64,
    failed: u64,
    suites: Vec<(String, u64)>,
}

pub fn run(args: &[String]) -> Result<()> {
    let quick = args.iter().any(|a| a == "--no-lint");
    let root = util::root();
    let cargo = env!("CARGO");

    tools::ensure_wasm_target()?;
    let bindgen = tools::ensure_wasm_bindgen()?;
    let npm_bin = tools::ensure_npm_tools()?;
    let (chromium, chromedriver) = tools::ensure_chromium()?;

    if !quick {
        util::run(
            Command::new(cargo)
                .current_dir(&root)
                .args(["fmt", "--all", "--", "--check"]),
        )
        .context("code is not formatted: run `cargo fmt --all`")?;
        util::run(Command::new(cargo).current_dir(&root).args([
            "clippy",
            "--workspace",
            "--all-targets",
            "--quiet",
            "--",
            "-D",
            "warnings",
        ]))?;
        util::run(Command::new(cargo).current_dir(&root).args([
            "clippy",
            "--target",
            "wasm32-unknown-unknown",
            "-p",
            "medvirk-widgets",
            "-p",
            "medvirk-elements",
            "--all-targets",
            "--quiet",
            "--",
            "-D",
            "warnings",
        ]))?;
    }

    let bundle = build::run(&[])?;
    let server_bin = serve::build_server()?;
    let mut tally = Tally::default();

    // Native tests: core, server (oneshot and one real socket), xtask.
    run_suite(
        &mut tally,
        "native (core, server, xtask)",
        Command::new(cargo)
            .current_dir(&root)
            .args([
                "test",
                "--workspace",
                "--exclude",
                "medvirk-e2e",
                "--exclude",
                "medvirk-widgets",
                "--exclude",
                "medvirk-elements",
            ])
            // The first pass is the SQLite default; PostgreSQL gets its own pass below.
            .env_remove("MEDVIRK_TEST_DATABASE_URL")
            .env_remove("MEDVIRK_REQUIRE_POSTGRES"),
    )?;

    // The whole server suite again on a throwaway PostgreSQL cluster, including two server
    // processes on one database (issue 9: no feature missing on either store).
    let pg = postgres::ensure_postgres()?;
    run_suite(
        &mut tally,
        "server on PostgreSQL",
        Command::new(cargo)
            .current_dir(&root)
            .args(["test", "-p", "medvirk-server"])
            .env("MEDVIRK_TEST_DATABASE_URL", pg.admin_url())
            .env("MEDVIRK_REQUIRE_POSTGRES", "1"),
    )?;
    drop(pg);

    // Widget tests in headless Chromium, talking to a real server on a free port.
    let widget_server = TestServer::start(&server_bin, &root.join("www"))?;
    let runner = bindgen
        .parent()
        .map(|d| d.join("wasm-bindgen-test-runner"))
        .unwrap_or_else(|| PathBuf::from("wasm-bindgen-test-runner"));
    run_suite(
        &mut tally,
        "widgets and elements in Chromium",
        Command::new(cargo)
            .current_dir(&root)
            .args([
                "test",
                "--target",
                "wasm32-unknown-unknown",
                "-p",
                "medvirk-widgets",
                "-p",
                "medvirk-elements",
            ])
            .env("CARGO_TARGET_WASM32_UNKNOWN_UNKNOWN_RUNNER", &runner)
            .env("CHROMEDRIVER", &chromedriver)
            .env(
                "MEDVIRK_TEST_ENDPOINT",
                format!("{}/api/v1/feedback", widget_server.url),
            ),
    )?;
    drop(widget_server);

    // End to end: the real server binary, the demo pages and axe-core in Chromium.
    run_suite(
        &mut tally,
        "end to end in Chromium",
        Command::new(cargo)
            .current_dir(&root)
            .args(["test", "-p", "medvirk-e2e"])
            .env("MEDVIRK_SERVER_BIN", &server_bin)
            .env("MEDVIRK_WWW", root.join("www"))
            .env("CHROMIUM", &chromium)
            .env("CHROMEDRIVER", &chromedriver)
            .env(
                "AXE_JS",
                npm_bin
                    .parent()
                    .map(|nm| nm.join("axe-core/axe.min.js"))
                    .unwrap_or_default(),
            ),
    )?;

    // Fuzz targets (wire decoding, JSON reader, Popolo and native import, link allowlist, CSV
    // writing), time-boxed so the run stays inside CI's budget; `cargo xtask fuzz --seconds 300`
    // runs them longer on demand.
    println!("\n== fuzz targets, 10 s each ==");
    fuzz::run_all(10)?;

    let budgets = check_budgets(&root, &bundle)?;
    println!();
    bundle.print_sizes();
    println!("\nsize budgets (brotli bytes a page pays):");
    for line in &budgets {
        println!("  {line}");
    }
    println!("\ntest suites:");
    for (name, n) in &tally.suites {
        println!("  {n:>5} passed  {name}");
    }
    println!("\n{} passed, {} failed", tally.passed, tally.failed);
    if tally.failed > 0 {
        bail!("{} tests failed", tally.failed);
    }
    Ok(())
}

/// Runs one cargo test invocation, streaming its output and adding its `test result:` lines up.
fn run_suite(tally: &mut Tally, name: &str, cmd: &mut Command) -> Result<()> {
    println!("\n== {name} ==");
    let mut child = cmd
        .stdout(Stdio::piped())
        .spawn()
        .with_context(|| format!("start test suite `{name}`"))?;
    let stdout = child.stdout.take().expect("stdout is piped");
    let mut passed = 0;
    for line in BufReader::new(stdout).lines() {
        let line = line?;
        println!("{line}");
        if let Some((p, f)) = parse_result_line(&line) {
            passed += p;
            tally.passed += p;
            tally.failed += f;
        }
    }
    let status = child.wait()?;
    tally.suites.push((name.to_string(), passed));
    if !status.success() {
        bail!("test suite `{name}` failed ({status})");
    }
    Ok(())
}

/// Reads `test result: ok. 12 passed; 0 failed; ...` into (passed, failed).
fn parse_result_line(line: &str) -> Option<(u64, u64)> {
    let rest = line.trim().strip_prefix("test result:")?;
    let count = |word: &str| -> u64 {
        rest.split(';')
            .find_map(|part| {
                let part = part
                    .trim()
                    .trim_start_matches("ok.")
                    .trim_start_matches("FAILED.");
                part.trim()
                    .strip_suffix(word)
                    .and_then(|n| n.trim().parse().ok())
            })
            .unwrap_or(0)
    };
    Some((count("passed"), count("failed")))
}

/// Compares each page's brotli bytes with `xtask/size-budgets.txt`; a page over budget fails the run.
fn check_budgets(root: &Path, bundle: &build::BuildOutput) -> Result<Vec<String>> {
    let path = root.join("xtask/size-budgets.txt");
    let text =
        std::fs::read_to_string(&path).with_context(|| format!("read {}", path.display()))?;
    let mut report = Vec::new();
    let mut over = Vec::new();
    for line in text.lines().map(str::trim) {
        if line.is_empty() || line.starts_with('#') {
            continue;
        }
        let (page, limit) = line
            .split_once(char::is_whitespace)
            .with_context(|| format!("bad budget line `{line}`"))?;
        let limit: u64 = limit.trim().parse().context("budget is not a number")?;
        let Some(actual) = bundle.page_brotli(page) else {
            bail!("budget names page `{page}`, which the build did not produce");
        };
        let verdict = if actual <= limit { "ok" } else { "OVER" };
        report.push(format!("{page:<12} {actual:>7} / {limit:>7}  {verdict}"));
        if actual > limit {
            over.push(format!("{page}: {actual} > {limit}"));
        }
    }
    if !over.is_empty() {
        bail!("bundle over its size budget: {}", over.join(", "));
    }
    Ok(report)
}

/// A medvirk-server on a free port with a throwaway database, for the widget tests.
struct TestServer {
    child: Child,
    url: String,
    db: PathBuf,
}

impl TestServer {
    fn start(bin: &Path, www: &Path) -> Result<TestServer> {
        let db =
            std::env::temp_dir().join(format!("medvirk-widget-tests-{}.db", std::process::id()));
        let mut child = Command::new(bin)
            .args(["--addr", "127.0.0.1:0", "--db"])
            .arg(&db)
            .arg("--www")
            .arg(www)
            .stdout(Stdio::piped())
            .spawn()
            .with_context(|| format!("start {}", bin.display()))?;
        let stdout = child.stdout.take().expect("stdout is piped");
        let mut lines = BufReader::new(stdout).lines();
        let url = loop {
            match lines.next() {
                Some(line) => {
                    let line = line?;
                    if let Some(i) = line.find("http://") {
                        break line[i..].trim().trim_end_matches('/').to_string();
                    }
                }
                None => bail!("medvirk-server exited before printing its address"),
            }
        };
        std::thread::spawn(move || for _ in lines.by_ref() {});
        Ok(TestServer { child, url, db })
    }
}

impl Drop for TestServer {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
        for suffix in ["", "-wal", "-shm"] {
            let mut p = self.db.clone().into_os_string();
            p.push(suffix);
            let _ = std::fs::remove_file(p);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::parse_result_line;

    #[test]
    fn reads_cargo_and_wasm_bindgen_result_lines() {
        let cases = [
            (
                "test result: ok. 12 passed; 0 failed; 0 ignored; 0 measured; 0 filtered out; finished in 0.01s",
                Some((12, 0)),
            ),
            (
                "test result: FAILED. 3 passed; 2 failed; 0 ignored",
                Some((3, 2)),
            ),
            ("running 4 tests", None),
        ];
        for (line, want) in cases {
            assert_eq!(parse_result_line(line), want, "{line}");
        }
    }
}
