//! `cargo xtask fuzz`: run every cargo-fuzz target in `fuzz/` for a fixed time each, failing on any crash.
//!
//! `cargo xtask test` calls [`run_all`] with a few seconds per target, so every test run fuzzes a
//! little; `cargo xtask fuzz --seconds 300` fuzzes longer on demand. cargo-fuzz and libFuzzer need
//! the nightly toolchain (for `-Zsanitizer=address`); cargo-fuzz is installed once when missing.
//!
//! The working corpus lives in `fuzz/corpus/<target>/` (git-ignored) and grows from run to run.
//! Each run first copies seeds into it: our own example payloads from `examples/` and a few
//! hand-written inputs below, so the fuzzer starts from valid documents instead of from nothing.
//! A crash leaves its input in `fuzz/artifacts/<target>/`; the error names that file and the
//! command that replays it.

use anyhow::{Context, Result, bail};
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::SystemTime;

use crate::util::{output, root, run};

/// Every target in `fuzz/Cargo.toml`, with the example folders that seed it.
const TARGETS: &[(&str, &[&str])] = &[
    (
        "wire_feedback",
        &["feedback", "feedback/invalid", "feedback/invalid/update"],
    ),
    ("wire_case", &["case", "case/invalid"]),
    (
        "json_value",
        &["feedback", "case", "case/responses", "directory"],
    ),
    ("popolo_import", &["directory"]),
    ("native_import", &["directory"]),
    ("safe_link", &[]),
    ("csv_out", &[]),
    ("mapping", &["mapping"]),
];

/// Hand-written seeds for targets whose input is not a file in `examples/`.
fn extra_seeds(target: &str) -> Vec<(&'static str, Vec<u8>)> {
    match target {
        "safe_link" => vec![
            ("email", b"mailto:Ola.Nordmann@Kommune.NO".to_vec()),
            ("phone", b"tel:+47 (22) 00-00.00".to_vec()),
            ("web", b"https://www.nav.no:443/kontakt?x=1&y=2#a".to_vec()),
            ("tricks", b" JaVa\tScRiPt:alert(1)".to_vec()),
            ("userinfo", b"https://nav.no@evil.example/".to_vec()),
            ("data", b"data:text/html;base64,PHNjcmlwdD4=".to_vec()),
        ],
        "csv_out" => vec![
            ("plain", b"\x00Ola\x01Nordmann\x02Kari\x01".to_vec()),
            (
                "formula",
                b"\x03=HYPERLINK(\"https://evil.example\";\"x\")\x01 +1\x01-2\x01@A1".to_vec(),
            ),
            (
                "quotes",
                b"\x05a;b,c\x01\"q\"\x01line\r\nbreak\x01\t=1".to_vec(),
            ),
        ],
        _ => Vec::new(),
    }
}

/// `cargo xtask fuzz [--seconds N] [--target NAME]`.
pub fn run_cli(args: &[String]) -> Result<()> {
    let mut seconds = 60;
    let mut only = None;
    let mut args = args.iter();
    while let Some(arg) = args.next() {
        match arg.as_str() {
            "--seconds" => {
                let value = args.next().context("--seconds needs a number")?;
                seconds = value
                    .parse()
                    .with_context(|| format!("--seconds: `{value}` is not a number"))?;
            }
            "--target" => only = Some(args.next().context("--target needs a name")?.clone()),
            other => bail!("unknown fuzz option `{other}` (use --seconds N, --target NAME)"),
        }
    }
    match only {
        None => run_all(seconds),
        Some(name) => {
            if !TARGETS.iter().any(|(t, _)| *t == name) {
                let names: Vec<&str> = TARGETS.iter().map(|(t, _)| *t).collect();
                bail!("no fuzz target `{name}`; targets: {}", names.join(", "));
            }
            prepare()?;
            fuzz_one(&name, seconds).map(|_| ())
        }
    }
}

/// Installs what is missing, builds the targets once, and runs each for `seconds_each` seconds.
/// Fails on the first crash, naming the reproducer.
pub fn run_all(seconds_each: u64) -> Result<()> {
    prepare()?;
    let mut summary = Vec::new();
    for (target, _) in TARGETS {
        let runs = fuzz_one(target, seconds_each)?;
        summary.push(format!("{target}: {runs} runs"));
    }
    eprintln!(
        "xtask: fuzzing passed ({seconds_each} s each): {}",
        summary.join(", ")
    );
    Ok(())
}

/// Nightly, cargo-fuzz and one build of every target.
fn prepare() -> Result<()> {
    if output(Command::new("cargo").args(["+nightly", "--version"])).is_none() {
        run(Command::new("rustup").args([
            "toolchain",
            "install",
            "nightly",
            "--profile",
            "minimal",
        ]))?;
    }
    ensure_cargo_fuzz()?;
    run(fuzz_command("build").arg("--debug-assertions"))
}

/// Installs cargo-fuzz unless `cargo fuzz` already answers (a second run installs nothing).
fn ensure_cargo_fuzz() -> Result<()> {
    if output(Command::new("cargo").args(["+nightly", "fuzz", "--version"])).is_some() {
        return Ok(());
    }
    eprintln!("xtask: installing cargo-fuzz (once; a few minutes)");
    run(Command::new("cargo").args(["install", "cargo-fuzz", "--locked"]))
}

/// `cargo +nightly fuzz <sub>` at the workspace root, where cargo-fuzz finds `fuzz/`.
fn fuzz_command(sub: &str) -> Command {
    let mut cmd = Command::new("cargo");
    cmd.current_dir(root()).args(["+nightly", "fuzz", sub]);
    cmd
}

/// Seeds the corpus, runs one target, and returns how many inputs it tried.
fn fuzz_one(target: &str, seconds: u64) -> Result<u64> {
    let corpus = root().join("fuzz/corpus").join(target);
    seed(target, &corpus)?;
    let artifacts = root().join("fuzz/artifacts").join(target);
    std::fs::create_dir_all(&artifacts)?;
    let started = SystemTime::now();
    eprintln!("xtask: fuzzing {target} for {seconds} s");
    let out = fuzz_command("run")
        .args([target, "--debug-assertions"])
        .arg(&corpus)
        .arg("--")
        .arg(format!("-max_total_time={seconds}"))
        // A slow input is a bug too (quadratic parsing): ten seconds for one input is far beyond
        // any honest document, even in an instrumented build.
        .args(["-timeout=10", "-rss_limit_mb=2048", "-print_final_stats=1"])
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .output()
        .with_context(|| format!("could not start cargo fuzz run {target}"))?;
    let log = String::from_utf8_lossy(&out.stderr);
    let runs = log
        .lines()
        .find_map(|l| l.strip_prefix("stat::number_of_executed_units:"))
        .and_then(|n| n.trim().parse().ok())
        .unwrap_or(0);
    if !out.status.success() {
        let tail: Vec<&str> = log.lines().rev().take(40).collect();
        let tail: Vec<&str> = tail.into_iter().rev().collect();
        let reproducers = new_files(&artifacts, started);
        let list = if reproducers.is_empty() {
            "(no artifact written; see the log above)".to_owned()
        } else {
            reproducers
                .iter()
                .map(|p| {
                    format!(
                        "  {}\n  replay: cargo +nightly fuzz run {target} {}",
                        p.display(),
                        p.display()
                    )
                })
                .collect::<Vec<_>>()
                .join("\n")
        };
        bail!(
            "fuzz target {target} failed ({}) after {runs} runs:\n{}\nreproducer:\n{list}",
            out.status,
            tail.join("\n")
        );
    }
    eprintln!("xtask: {target}: {runs} runs, no crash");
    Ok(runs)
}

/// Copies the target's seeds into its corpus directory (existing entries are kept).
fn seed(target: &str, corpus: &Path) -> Result<()> {
    std::fs::create_dir_all(corpus)
        .with_context(|| format!("cannot create {}", corpus.display()))?;
    let folders = TARGETS
        .iter()
        .find(|(t, _)| *t == target)
        .map_or(&[][..], |(_, f)| *f);
    for folder in folders {
        let dir = root().join("examples").join(folder);
        let Ok(entries) = std::fs::read_dir(&dir) else {
            continue;
        };
        for entry in entries.flatten() {
            let path = entry.path();
            if path.extension().is_some_and(|e| e == "json") {
                let name = format!(
                    "seed-{}-{}",
                    folder.replace('/', "-"),
                    entry.file_name().to_string_lossy()
                );
                std::fs::copy(&path, corpus.join(name))
                    .with_context(|| format!("cannot copy {}", path.display()))?;
            }
        }
    }
    for (name, bytes) in extra_seeds(target) {
        std::fs::write(corpus.join(format!("seed-{name}")), bytes)?;
    }
    Ok(())
}

/// Files in `dir` modified at or after `since`: the artifacts this run wrote.
fn new_files(dir: &Path, since: SystemTime) -> Vec<PathBuf> {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return Vec::new();
    };
    let mut files: Vec<PathBuf> = entries
        .flatten()
        .filter(|e| {
            e.metadata()
                .and_then(|m| m.modified())
                .is_ok_and(|t| t >= since)
        })
        .map(|e| e.path())
        .collect();
    files.sort();
    files
}
