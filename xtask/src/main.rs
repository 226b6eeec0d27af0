//! cargo xtask: build, serve, test and bench medvirk from one entry point, in Rust.
//!
//! Every workflow installs what it is missing (wasm target, wasm-bindgen-cli at the locked version,
//! npm tools from tools/package-lock.json, Chromium) so that a fresh machine needs only `cargo`.

mod bench;
mod build;
mod fuzz;
mod postgres;
mod serve;
mod test;
mod tools;
mod util;

use anyhow::{Result, bail};

fn main() -> Result<()> {
    let mut args = std::env::args().skip(1);
    let cmd = args.next().unwrap_or_default();
    let rest: Vec<String> = args.collect();
    match cmd.as_str() {
        "bench" => bench::run(&rest),
        "build" => build::run(&rest).map(|_| ()),
        "fuzz" => fuzz::run_cli(&rest),
        "serve" => serve::run(&rest),
        "test" => test::run(&rest),
        "" | "help" | "--help" | "-h" => {
            println!("{HELP}");
            Ok(())
        }
        other => bail!("unknown xtask command `{other}`\n\n{HELP}"),
    }
}

const HELP: &str = "\
usage: cargo xtask <command> [options]

commands:
  build   build the widget bundle into www/widgets/ and print raw / gzip / brotli sizes
  serve   build, then run medvirk-server with the demo pages (flags after `--` go to the server,
          e.g. `cargo xtask serve -- --addr 127.0.0.1:9000 --db ./other.db`)
  test    install what is missing, build once, and run every test (core, server, widgets in
          Chromium, end to end, accessibility, size budgets)
  bench   measure bytes per page, time to interactive against a plain-JS reference, directory
          keystrokes and server ingest; prints a table, writes bench/results/latest.json
          (`--quick`, `--no-build`, `--only bytes,tti,directory,ingest`; see PERFORMANCE.md)
  fuzz    run every cargo-fuzz target in fuzz/ (nightly; installs cargo-fuzz once) for
          `--seconds N` each (default 60), or one with `--target NAME`; fails on a crash";
