//! `cargo xtask serve`: build the widget bundle, then run medvirk-server with the demo pages.

use crate::{build, util};
use anyhow::Result;
use std::process::Command;

/// Builds everything and runs the server in the foreground; arguments go to the server
/// (e.g. `--addr 127.0.0.1:9000 --db ./other.db`).
pub fn run(args: &[String]) -> Result<()> {
    build::run(&[])?;
    let server = build_server()?;
    let root = util::root();
    let mut cmd = Command::new(server);
    if !args.iter().any(|a| a == "--www") {
        cmd.arg("--www").arg(root.join("www"));
    }
    cmd.args(args.iter().filter(|a| a.as_str() != "--"));
    util::run(&mut cmd)
}

/// Builds the server binary (debug profile: it is fast enough for the demo and shares the test build)
/// and returns its path.
pub fn build_server() -> Result<std::path::PathBuf> {
    let root = util::root();
    util::run(Command::new(env!("CARGO")).current_dir(&root).args([
        "build",
        "--quiet",
        "-p",
        "medvirk-server",
    ]))?;
    Ok(root.join("target/debug/medvirk-server"))
}
