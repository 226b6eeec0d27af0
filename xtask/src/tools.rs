//! Finds, and where it can installs, the outside tools the workflows need: the wasm target,
//! wasm-bindgen-cli at the locked version, the pinned npm tools, Chromium with chromedriver, and
//! a nightly toolchain able to rebuild std for wasm.
//!
//! Every check is cheap when the tool is already there (a file test or one `--version`), so each
//! workflow can call these on every run; nothing is reinstalled on a second run.

use anyhow::{Context, Result, bail};
use sha2::{Digest, Sha256};
use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::OnceLock;

use crate::util;

/// The wasm target every bundle is built for.
pub const WASM_TARGET: &str = "wasm32-unknown-unknown";

/// Makes sure the default (stable) toolchain can build for [`WASM_TARGET`], adding the target
/// with rustup when it is missing.
pub fn ensure_wasm_target() -> Result<()> {
    let rustc = std::env::var("RUSTC").unwrap_or_else(|_| "rustc".into());
    let sysroot = util::output(
        Command::new(&rustc)
            .args(["--print", "sysroot"])
            .current_dir(util::root()),
    )
    .with_context(|| format!("could not run `{rustc} --print sysroot`: is Rust installed?"))?;
    if has_target(Path::new(&sysroot)) {
        return Ok(());
    }
    if which("rustup").is_none() {
        bail!("the {WASM_TARGET} standard library is missing and rustup is not there to add it");
    }
    util::run(
        Command::new("rustup")
            .args(["target", "add", WASM_TARGET])
            .current_dir(util::root()),
    )
}

/// Whether a toolchain's sysroot holds the standard library for [`WASM_TARGET`].
fn has_target(sysroot: &Path) -> bool {
    sysroot
        .join("lib/rustlib")
        .join(WASM_TARGET)
        .join("lib")
        .is_dir()
}

/// The version of `package` recorded in the workspace's Cargo.lock (the first entry when several
/// versions are locked).
pub fn locked_version(package: &str) -> Result<String> {
    let lock_path = util::root().join("Cargo.lock");
    let lock = std::fs::read_to_string(&lock_path)
        .with_context(|| format!("could not read {}", lock_path.display()))?;
    let name_line = format!("name = \"{package}\"");
    let mut lines = lock.lines();
    while let Some(line) = lines.next() {
        if line.trim() == name_line
            && let Some(version) = lines
                .next()
                .and_then(|l| l.trim().strip_prefix("version = "))
        {
            return Ok(version.trim_matches('"').to_string());
        }
    }
    bail!("`{package}` is not in {}", lock_path.display())
}

/// Returns the path of a `wasm-bindgen` whose version equals the `wasm-bindgen` crate in
/// Cargo.lock (they must match exactly), installing wasm-bindgen-cli at that version with
/// `cargo install` when it is missing or different. The same install provides
/// `wasm-bindgen-test-runner` in the same directory.
///
/// `--locked` is deliberately not passed: wasm-bindgen-cli's own lockfile pins a `webpki-roots`
/// release the registry mirror here lacks (see shared/design/toolchain.md).
pub fn ensure_wasm_bindgen() -> Result<PathBuf> {
    static FOUND: OnceLock<PathBuf> = OnceLock::new();
    if let Some(path) = FOUND.get() {
        return Ok(path.clone());
    }
    let wanted = locked_version("wasm-bindgen")?;
    let candidates = [
        which("wasm-bindgen"),
        Some(cargo_home().join("bin/wasm-bindgen")),
    ];
    for path in candidates.into_iter().flatten() {
        if installed_version(&path).as_deref() == Some(wanted.as_str()) {
            return Ok(FOUND.get_or_init(|| path).clone());
        }
    }
    eprintln!(
        "wasm-bindgen {wanted} (the version in Cargo.lock) is missing: installing it (about 2-3 minutes)"
    );
    util::run(Command::new("cargo").args(["install", "wasm-bindgen-cli", "--version", &wanted]))?;
    let path = cargo_home().join("bin/wasm-bindgen");
    match installed_version(&path) {
        Some(v) if v == wanted => Ok(FOUND.get_or_init(|| path).clone()),
        other => bail!(
            "after `cargo install wasm-bindgen-cli --version {wanted}`, {} reports {other:?}",
            path.display()
        ),
    }
}

/// The version a `wasm-bindgen` binary reports (`wasm-bindgen 0.2.130` → `0.2.130`).
fn installed_version(path: &Path) -> Option<String> {
    let out = util::output(Command::new(path).arg("--version"))?;
    out.split_whitespace().nth(1).map(str::to_string)
}

fn cargo_home() -> PathBuf {
    std::env::var_os("CARGO_HOME")
        .map(PathBuf::from)
        .or_else(|| std::env::var_os("HOME").map(|h| PathBuf::from(h).join(".cargo")))
        .unwrap_or_else(|| PathBuf::from(".cargo"))
}

/// The directory of the pinned npm tools (tools/package.json and package-lock.json: binaryen's
/// wasm-opt, esbuild, axe-core).
pub fn npm_tools_dir() -> PathBuf {
    util::root().join("tools")
}

/// Installs the pinned npm tools with `npm ci` when tools/node_modules is missing or was
/// installed from a different package-lock.json, and returns `tools/node_modules/.bin`.
///
/// A stamp in node_modules records the SHA-256 of the lockfile it was installed from, so a second
/// run costs one file hash. axe-core's script is at `tools/node_modules/axe-core/axe.min.js`.
pub fn ensure_npm_tools() -> Result<PathBuf> {
    let dir = npm_tools_dir();
    let lock_path = dir.join("package-lock.json");
    let lock = std::fs::read(&lock_path)
        .with_context(|| format!("could not read {}", lock_path.display()))?;
    let digest = hex(&Sha256::digest(&lock));
    let modules = dir.join("node_modules");
    let stamp = modules.join(".medvirk-installed-from");
    let bin = modules.join(".bin");
    let complete = ["wasm-opt", "esbuild"].iter().all(|t| bin.join(t).exists())
        && modules.join("axe-core/axe.min.js").exists();
    if complete && std::fs::read_to_string(&stamp).is_ok_and(|s| s.trim() == digest) {
        return Ok(bin);
    }
    if which("npm").is_none() {
        bail!(
            "npm is missing: install Node.js 20 or newer with npm (Debian: `apt-get install nodejs npm`), \
             then run this again"
        );
    }
    util::run(
        Command::new("npm")
            .args(["ci", "--no-audit", "--no-fund", "--loglevel=error"])
            .current_dir(&dir),
    )?;
    std::fs::write(&stamp, &digest)
        .with_context(|| format!("could not write {}", stamp.display()))?;
    Ok(bin)
}

/// Returns the paths of Chromium and its matching chromedriver. The environment variables
/// `CHROMIUM` and `CHROMEDRIVER` override the search. When either is missing and we run as root,
/// installs Debian's `chromium` and `chromium-driver` with apt-get; otherwise fails with a message
/// naming those packages.
pub fn ensure_chromium() -> Result<(PathBuf, PathBuf)> {
    let find = || {
        let browser = env_path("CHROMIUM")
            .or_else(|| which("chromium"))
            .or_else(|| which("chromium-browser"));
        let driver = env_path("CHROMEDRIVER").or_else(|| which("chromedriver"));
        browser.zip(driver)
    };
    if let Some(found) = find() {
        return Ok(found);
    }
    let root = util::output(Command::new("id").arg("-u")).is_some_and(|uid| uid == "0");
    if !root || which("apt-get").is_none() {
        bail!(
            "Chromium and chromedriver are needed for the browser tests. Install the Debian packages \
             `chromium` and `chromium-driver` (`sudo apt-get install chromium chromium-driver`), or set \
             CHROMIUM and CHROMEDRIVER to their paths"
        );
    }
    util::run(Command::new("apt-get").arg("update"))?;
    util::run(
        Command::new("apt-get")
            .args([
                "install",
                "-y",
                "--no-install-recommends",
                "chromium",
                "chromium-driver",
            ])
            .env("DEBIAN_FRONTEND", "noninteractive"),
    )?;
    find().context("apt-get installed chromium and chromium-driver, but they are still not on PATH")
}

fn env_path(var: &str) -> Option<PathBuf> {
    let path = PathBuf::from(std::env::var_os(var)?);
    path.is_file().then_some(path)
}

/// Whether a nightly toolchain with `rust-src` and the wasm target is there, so the build can use
/// `-Zbuild-std` and `-Cpanic=immediate-abort` (about 11 KB less brotli per bundle). When nightly
/// exists but lacks one of them, adding them is tried once (a stamp in target/ remembers the try,
/// so an offline machine is not asked again on every build). Never installs nightly itself.
pub fn nightly_wasm_available() -> bool {
    static AVAILABLE: OnceLock<bool> = OnceLock::new();
    *AVAILABLE.get_or_init(|| {
        let Some(toolchains) = util::output(Command::new("rustup").args(["toolchain", "list"]))
        else {
            return false;
        };
        if !toolchains.lines().any(|l| l.starts_with("nightly")) {
            return false;
        }
        let ready = || {
            util::output(
                Command::new("rustc")
                    .args(["+nightly", "--print", "sysroot"])
                    .env("RUSTUP_AUTO_INSTALL", "0"),
            )
            .map(PathBuf::from)
            .is_some_and(|sysroot| {
                has_target(&sysroot) && sysroot.join("lib/rustlib/src/rust/library/std").is_dir()
            })
        };
        if ready() {
            return true;
        }
        let stamp = util::root().join("target/xtask/nightly-setup-tried");
        if stamp.exists() {
            return false;
        }
        let _ = std::fs::create_dir_all(stamp.parent().expect("stamp has a parent"));
        let _ = std::fs::write(
            &stamp,
            "rustup component add rust-src / target add were tried\n",
        );
        let added = util::run(Command::new("rustup").args([
            "component",
            "add",
            "rust-src",
            "--toolchain",
            "nightly",
        ]))
        .and_then(|()| {
            util::run(Command::new("rustup").args([
                "target",
                "add",
                WASM_TARGET,
                "--toolchain",
                "nightly",
            ]))
        });
        added.is_ok() && ready()
    })
}

/// The first executable called `name` on PATH.
pub fn which(name: &str) -> Option<PathBuf> {
    std::env::split_paths(&std::env::var_os("PATH")?)
        .map(|dir| dir.join(name))
        .find(|p| p.is_file())
}

/// Lower-case hex of `bytes`.
pub fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_the_locked_wasm_bindgen_version() {
        // The workspace pins wasm-bindgen with `=`, so the lockfile must agree with the manifest.
        let manifest = std::fs::read_to_string(util::root().join("Cargo.toml")).unwrap();
        let pinned = manifest
            .lines()
            .find_map(|l| l.strip_prefix("wasm-bindgen = \"="))
            .and_then(|rest| rest.strip_suffix('"'))
            .expect("the workspace pins wasm-bindgen with =");
        assert_eq!(locked_version("wasm-bindgen").unwrap(), pinned);
        assert!(locked_version("no-such-package-here").is_err());
    }

    #[test]
    fn hex_is_lower_case_and_padded() {
        assert_eq!(hex(&[0, 10, 255]), "000aff");
    }
}
