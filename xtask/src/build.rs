//! `cargo xtask build`: the widget bundles, from Rust to the files served at `/widgets/`.
//!
//! For each [`BUNDLES`] entry: a release wasm of medvirk-elements with that bundle's features
//! (nightly with `-Zbuild-std` and `-Cpanic=immediate-abort` when available: the largest size
//! win), `wasm-bindgen --target web`, `wasm-opt -Oz`, wasm-opt's import/export name minifier with
//! the glue rewritten to match, esbuild for the glue, and a Node check that the glue instantiates
//! its wasm. Shipped files get content-hashed names; the loader `medvirk.js` gets the bundle list injected and is minified.
//! Every shipped file gets `.br` and `.gz` siblings, `manifest.json` records sizes and SRI
//! hashes, and a size table is printed. A rebuild with no change reuses the cached
//! bindgen/opt/minify output and only costs cargo's own freshness check.

use anyhow::{Context, Result, bail};
use base64::Engine as _;
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256, Sha384};
use std::collections::BTreeSet;
use std::io::Write as _;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::Instant;

use crate::tools::{self, WASM_TARGET, hex};
use crate::util;

/// One wasm bundle: a set of widgets compiled into one module with one Yew runtime.
pub struct BundleSpec {
    /// Name stem of the shipped files (`medvirk-<name>-<hash>.js`) and of the page in size reports.
    pub name: &'static str,
    /// Widget kinds it mounts (the tag without `medvirk-`), as the loader matches them.
    pub widgets: &'static [&'static str],
    /// Cargo features of medvirk-elements (widgets plus build options such as `small-alloc`, and
    /// `mapping` for pages whose widgets carry a `<script slot="mapping">`).
    pub features: &'static [&'static str],
}

impl BundleSpec {
    /// Whether the bundle reads mappings; the loader gives pages with a mapping script only such
    /// a bundle, since the others refuse the script with an error.
    pub fn mapping(&self) -> bool {
        self.features.contains(&"mapping")
    }
}

/// The bundles, smallest first: the loader picks the first one that covers every widget kind on
/// the page, so a page with one kind of widget pays for that widget only, and a page with several
/// gets the combined `all` bundle. A page with a mapping script gets the first that also has
/// `mapping` (about 13 KB brotli, which the per-widget bundles leave out).
pub const BUNDLES: &[BundleSpec] = &[
    BundleSpec {
        name: "smiley",
        widgets: &["smiley"],
        features: &["smiley", "small-alloc"],
    },
    BundleSpec {
        name: "case-form",
        widgets: &["case-form"],
        features: &["case-form", "small-alloc"],
    },
    // No `small-alloc` where the directory is: lol_alloc's free list is walked on every
    // allocation, and 10,000 parsed memberships make it long (keystroke p50 41 -> 18 ms measured).
    BundleSpec {
        name: "directory",
        widgets: &["directory"],
        features: &["directory"],
    },
    // Every widget in one module (one Yew runtime) for pages with several kinds; each new widget
    // adds itself here too.
    BundleSpec {
        name: "all",
        widgets: &["smiley", "case-form", "directory"],
        features: &["smiley", "case-form", "directory", "mapping"],
    },
];

/// wasm-opt's flags: `-Oz` plus the features rustc's wasm output uses (binaryen refuses the
/// module without them), and the assumptions toolchain.md measured as safe and smaller.
pub const WASM_OPT_FLAGS: &[&str] = &[
    "-Oz",
    "--enable-bulk-memory",
    "--enable-multivalue",
    "--enable-mutable-globals",
    "--enable-nontrapping-float-to-int",
    "--enable-reference-types",
    "--enable-sign-ext",
    "--converge",
    "--low-memory-unused",
    "--zero-filled-memory",
];

/// Bumped when the post-processing below changes, so cached outputs of older pipelines are not reused.
const PIPELINE_VERSION: &str = "2";

/// Marker in js/medvirk.js that the bundle list replaces.
const BUNDLES_MARKER: &str = "/*MEDVIRK_BUNDLES*/ []";

/// The loader's file name: the one stable URL host pages include.
pub const LOADER: &str = "medvirk.js";

/// Which Rust toolchain built the wasm.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Toolchain {
    /// Nightly with `-Zbuild-std=std,panic_abort` and `-Cpanic=immediate-abort`.
    Nightly,
    /// The workspace's stable toolchain (bigger wasm; no unstable flags).
    Stable,
}

impl Toolchain {
    fn name(self) -> &'static str {
        match self {
            Toolchain::Nightly => "nightly",
            Toolchain::Stable => "stable",
        }
    }
}

/// Options of `cargo xtask build`.
#[derive(Clone, Debug, Default)]
pub struct BuildOptions {
    /// Build with the stable toolchain even when nightly is available (`--stable`).
    pub force_stable: bool,
}

impl BuildOptions {
    /// Parses `cargo xtask build` arguments.
    pub fn parse(args: &[String]) -> Result<Self> {
        let mut options = BuildOptions::default();
        for arg in args {
            match arg.as_str() {
                "--stable" => options.force_stable = true,
                other => bail!("unknown option `{other}` for build (known: --stable)"),
            }
        }
        Ok(options)
    }
}

/// A bundle as shipped: its widgets and the names of its two files in the output directory.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct BuiltBundle {
    pub name: String,
    pub widgets: Vec<String>,
    /// Whether it reads `<script slot="mapping">` (built with the `mapping` feature).
    #[serde(default)]
    pub mapping: bool,
    /// The minified wasm-bindgen glue (an ES module).
    pub js: String,
    /// The optimised wasm.
    pub wasm: String,
}

/// One shipped file with its sizes in bytes and its Subresource Integrity hash.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ShippedFile {
    pub name: String,
    pub raw: u64,
    pub gzip: u64,
    pub brotli: u64,
    /// `sha384-<base64>`, for `<script integrity>` and `fetch(..., {integrity})`.
    pub integrity: String,
}

/// What a page that embeds one bundle's widgets downloads: the loader, the glue and the wasm.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct PageCost {
    /// The bundle name (e.g. `smiley`).
    pub name: String,
    pub files: Vec<String>,
    pub raw: u64,
    pub gzip: u64,
    pub brotli: u64,
}

/// The result of a build, also written as `manifest.json` in the output directory.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct BuildOutput {
    /// Where the files were written (`www/widgets`); not stored in manifest.json.
    #[serde(skip)]
    pub out_dir: PathBuf,
    pub toolchain: Toolchain,
    pub bundles: Vec<BuiltBundle>,
    /// Every shipped file, loader first (their `.br` and `.gz` siblings are not listed).
    pub files: Vec<ShippedFile>,
    /// Per-page totals, one per bundle.
    pub pages: Vec<PageCost>,
    /// The page totals of the build before this one, for the size change in the table; not stored.
    #[serde(skip)]
    pub previous_pages: Vec<PageCost>,
}

impl BuildOutput {
    /// The shipped file called `name`.
    pub fn file(&self, name: &str) -> Option<&ShippedFile> {
        self.files.iter().find(|f| f.name == name)
    }

    /// The page cost of the bundle called `name`.
    pub fn page(&self, name: &str) -> Option<&PageCost> {
        self.pages.iter().find(|p| p.name == name)
    }

    /// The brotli bytes a page of the bundle called `name` downloads (loader + glue + wasm).
    pub fn page_brotli(&self, name: &str) -> Option<u64> {
        self.page(name).map(|p| p.brotli)
    }

    /// Prints the size table: every shipped file, then the per-page totals.
    pub fn print_sizes(&self) {
        let kb = |b: u64| format!("{:.1} KB", b as f64 / 1000.0);
        println!(
            "\nwidget bundle ({} toolchain) in {}",
            self.toolchain.name(),
            self.out_dir.display()
        );
        println!(
            "{:<40} {:>10} {:>10} {:>10}",
            "file", "raw", "gzip", "brotli"
        );
        for f in &self.files {
            println!(
                "{:<40} {:>10} {:>10} {:>10}",
                f.name,
                kb(f.raw),
                kb(f.gzip),
                kb(f.brotli)
            );
        }
        for p in &self.pages {
            let label = format!("page `{}` ({} files)", p.name, p.files.len());
            let change = match self.previous_pages.iter().find(|q| q.name == p.name) {
                Some(q) if q.brotli != p.brotli => {
                    format!(
                        "  ({:+} B brotli since the last build)",
                        p.brotli as i64 - q.brotli as i64
                    )
                }
                _ => String::new(),
            };
            println!(
                "{:<40} {:>10} {:>10} {:>10}{change}",
                label,
                kb(p.raw),
                kb(p.gzip),
                kb(p.brotli)
            );
        }
        println!(
            "integrity of {LOADER}: {}",
            self.file(LOADER).map_or("?", |f| &f.integrity)
        );
    }
}

/// Reads a `manifest.json` written by an earlier build (for tests that must not rebuild).
pub fn load_manifest(out_dir: &Path) -> Result<BuildOutput> {
    let path = out_dir.join("manifest.json");
    let text = std::fs::read_to_string(&path).with_context(|| {
        format!(
            "could not read {} (run `cargo xtask build`)",
            path.display()
        )
    })?;
    let mut output: BuildOutput =
        serde_json::from_str(&text).with_context(|| format!("{} is malformed", path.display()))?;
    output.out_dir = out_dir.to_path_buf();
    Ok(output)
}

/// The output directory, served at `/widgets/` (git-ignored).
pub fn out_dir() -> PathBuf {
    util::root().join("www/widgets")
}

/// `cargo xtask build [--stable]`: builds every bundle, prints the size table and returns the result.
pub fn run(args: &[String]) -> Result<BuildOutput> {
    let output = build(&BuildOptions::parse(args)?)?;
    output.print_sizes();
    Ok(output)
}

/// Builds every bundle into [`out_dir`] without printing the size table.
pub fn build(options: &BuildOptions) -> Result<BuildOutput> {
    // Two builds at once (two terminals, or a test run beside a serve) would share the scratch
    // folders and the output folder and delete each other's files: the second waits instead.
    let lock_dir = util::root().join("target");
    std::fs::create_dir_all(&lock_dir)?;
    let lock = std::fs::File::create(lock_dir.join("medvirk-build.lock"))
        .context("could not create the build lock file")?;
    if lock.try_lock().is_err() {
        eprintln!("another `cargo xtask build` is running; waiting for it to finish");
        lock.lock().context("could not wait for the build lock")?;
    }
    let started = Instant::now();
    tools::ensure_wasm_target()?;
    let wasm_bindgen = tools::ensure_wasm_bindgen()?;
    let npm_bin = tools::ensure_npm_tools()?;
    let toolchain = if options.force_stable {
        Toolchain::Stable
    } else if tools::nightly_wasm_available() {
        Toolchain::Nightly
    } else {
        eprintln!(
            "note: no nightly toolchain with rust-src and {WASM_TARGET}: building on stable, which \
             costs about 11 KB brotli per bundle (`rustup toolchain install nightly --component rust-src \
             --target {WASM_TARGET}` enables the smaller build)"
        );
        Toolchain::Stable
    };
    let out = out_dir();
    std::fs::create_dir_all(&out).with_context(|| format!("could not create {}", out.display()))?;

    // Shipped files as (name, contents), loader first.
    let mut shipped: Vec<(String, Vec<u8>)> = Vec::new();
    let mut bundles = Vec::new();
    for spec in BUNDLES {
        let (js, wasm) = build_bundle(spec, toolchain, &wasm_bindgen, &npm_bin)?;
        let js_name = format!(
            "medvirk-{}-{}.js",
            spec.name,
            &hex(&Sha256::digest(&js))[..12]
        );
        let wasm_name = format!(
            "medvirk-{}-{}.wasm",
            spec.name,
            &hex(&Sha256::digest(&wasm))[..12]
        );
        bundles.push(BuiltBundle {
            name: spec.name.to_string(),
            widgets: spec.widgets.iter().map(|w| w.to_string()).collect(),
            mapping: spec.mapping(),
            js: js_name.clone(),
            wasm: wasm_name.clone(),
        });
        shipped.push((js_name, js));
        shipped.push((wasm_name, wasm));
    }
    let loader = build_loader(&bundles, &npm_bin)?;
    shipped.insert(0, (LOADER.to_string(), loader));

    let mut files = Vec::new();
    for (name, bytes) in &shipped {
        files.push(write_shipped(&out, name, bytes)?);
    }
    let keep: BTreeSet<String> = shipped
        .iter()
        .flat_map(|(n, _)| [n.clone(), format!("{n}.br"), format!("{n}.gz")])
        .collect();
    remove_stale(&out, &keep)?;

    let pages = bundles
        .iter()
        .map(|b| {
            let names = [LOADER.to_string(), b.js.clone(), b.wasm.clone()];
            let of = |n: &String| files.iter().find(|f: &&ShippedFile| &f.name == n);
            let sum = |field: fn(&ShippedFile) -> u64| names.iter().filter_map(of).map(field).sum();
            PageCost {
                name: b.name.clone(),
                raw: sum(|f| f.raw),
                gzip: sum(|f| f.gzip),
                brotli: sum(|f| f.brotli),
                files: names.to_vec(),
            }
        })
        .collect();
    let previous_pages = load_manifest(&out).map(|m| m.pages).unwrap_or_default();
    let output = BuildOutput {
        out_dir: out.clone(),
        toolchain,
        bundles,
        files,
        pages,
        previous_pages,
    };
    let manifest = serde_json::to_string_pretty(&output)? + "\n";
    write_if_changed(&out.join("manifest.json"), manifest.as_bytes())?;
    eprintln!(
        "built the widget bundles in {:.1} s",
        started.elapsed().as_secs_f64()
    );
    Ok(output)
}

/// Builds one bundle and returns (minified glue, optimised wasm). The post-processing of a given
/// cargo output is cached in target/medvirk-build/<toolchain>-<bundle>/, keyed by a hash of that
/// output and of every tool and flag involved.
fn build_bundle(
    spec: &BundleSpec,
    toolchain: Toolchain,
    wasm_bindgen: &Path,
    npm_bin: &Path,
) -> Result<(Vec<u8>, Vec<u8>)> {
    let root = util::root();
    let label = format!("{}-{}", toolchain.name(), spec.name);
    // A target dir per toolchain and bundle: nightly's rebuilt std, stable's std and each feature
    // set keep their own fresh artifacts instead of invalidating each other.
    let target_dir = root.join("target").join(format!("wasm-{label}"));
    let features = spec.features.join(",");
    let mut cargo = Command::new("cargo");
    if toolchain == Toolchain::Nightly {
        cargo.arg("+nightly");
    }
    cargo
        .args([
            "build",
            "--release",
            "--target",
            WASM_TARGET,
            "-p",
            "medvirk-elements",
        ])
        .args(["--no-default-features", "--features", &features])
        .env("CARGO_TARGET_DIR", &target_dir)
        .env_remove("CARGO_ENCODED_RUSTFLAGS")
        .current_dir(&root);
    if toolchain == Toolchain::Nightly {
        cargo
            .arg("-Zbuild-std=std,panic_abort")
            .env("RUSTFLAGS", "-Zunstable-options -Cpanic=immediate-abort");
    }
    let step = Instant::now();
    util::run(&mut cargo)?;
    eprintln!(
        "  cargo build ({label}): {:.1} s",
        step.elapsed().as_secs_f64()
    );
    let built = target_dir
        .join(WASM_TARGET)
        .join("release/medvirk_elements.wasm");
    let raw =
        std::fs::read(&built).with_context(|| format!("cargo built no {}", built.display()))?;

    let cache = root.join("target/medvirk-build").join(&label);
    let key = {
        let mut h = Sha256::new();
        h.update(&raw);
        for part in [PIPELINE_VERSION, &tools::locked_version("wasm-bindgen")?] {
            h.update(part.as_bytes());
            h.update([0]);
        }
        h.update(WASM_OPT_FLAGS.join(" ").as_bytes());
        // The npm lockfile pins wasm-opt's and esbuild's versions.
        h.update(std::fs::read(
            tools::npm_tools_dir().join("package-lock.json"),
        )?);
        hex(&h.finalize())
    };
    let (key_file, glue_file, wasm_file) = (
        cache.join("key"),
        cache.join("glue.min.js"),
        cache.join("opt.wasm"),
    );
    if std::fs::read_to_string(&key_file).is_ok_and(|k| k == key)
        && let (Ok(js), Ok(wasm)) = (std::fs::read(&glue_file), std::fs::read(&wasm_file))
    {
        eprintln!("  {label}: wasm unchanged, reusing its optimised output");
        return Ok((js, wasm));
    }

    let tmp = cache.join("tmp");
    let _ = std::fs::remove_dir_all(&tmp);
    std::fs::create_dir_all(&tmp)?;
    let _ = std::fs::remove_file(&key_file);
    let stem = format!("medvirk_{}", spec.name);
    let step = Instant::now();
    util::run(
        Command::new(wasm_bindgen)
            .args([
                "--target",
                "web",
                "--remove-name-section",
                "--no-typescript",
            ])
            .arg("--out-name")
            .arg(&stem)
            .arg("--out-dir")
            .arg(&tmp)
            .arg(&built),
    )?;
    let bg = tmp.join(format!("{stem}_bg.wasm"));
    let optimised = tmp.join("opt.wasm");
    util::run(
        Command::new(npm_bin.join("wasm-opt"))
            .args(WASM_OPT_FLAGS)
            .arg(&bg)
            .arg("-o")
            .arg(&optimised),
    )?;
    let glue_path = tmp.join(format!("{stem}.js"));
    let glue = std::fs::read_to_string(&glue_path)?;
    match minify_wasm_names(
        npm_bin,
        &optimised,
        &wasm_file,
        &glue,
        &format!("./{stem}_bg.js"),
    ) {
        Ok(renamed) => std::fs::write(&glue_path, renamed)?,
        Err(why) => {
            // A future wasm-bindgen may shape its glue differently: ship the long names (about
            // 2 KB more) rather than a glue that does not match its wasm.
            eprintln!("warning: keeping long wasm import/export names: {why:#}");
            std::fs::copy(&optimised, &wasm_file)?;
        }
    }
    minify(npm_bin, &glue_path, &glue_file)?;
    check_links(&glue_file, &wasm_file)?;
    eprintln!(
        "  wasm-bindgen + wasm-opt + esbuild ({label}): {:.1} s",
        step.elapsed().as_secs_f64()
    );
    std::fs::write(&key_file, &key)?;
    let _ = std::fs::remove_dir_all(&tmp);
    Ok((std::fs::read(&glue_file)?, std::fs::read(&wasm_file)?))
}

/// The import and export renames wasm-opt's `--minify-imports-and-exports-and-modules` reports.
#[derive(Deserialize)]
struct NameMap {
    /// (module, old name, new name)
    imports: Vec<(String, String, String)>,
    /// (old name, new name)
    exports: Vec<(String, String)>,
}

/// The module name wasm-opt gives every import when it minifies module names.
const MINIFIED_MODULE: &str = "a";

/// Shortens the wasm's import, export and module names (wasm-bindgen's are long and hashed:
/// about 2 KB brotli between wasm and glue) into `output`, and returns `glue` rewritten to match.
fn minify_wasm_names(
    npm_bin: &Path,
    input: &Path,
    output: &Path,
    glue: &str,
    module: &str,
) -> Result<String> {
    let out = Command::new(npm_bin.join("wasm-opt"))
        .args(WASM_OPT_FLAGS.iter().filter(|f| f.starts_with("--enable-")))
        .arg("--minify-imports-and-exports-and-modules")
        .arg(input)
        .arg("-o")
        .arg(output)
        .output()
        .context("could not run wasm-opt")?;
    if !out.status.success() {
        bail!("wasm-opt failed: {}", String::from_utf8_lossy(&out.stderr));
    }
    let map: NameMap =
        serde_json::from_slice(&out.stdout).context("wasm-opt printed no import/export mapping")?;
    rename_in_glue(glue, &map, module)
}

/// Rewrites wasm-bindgen's `--target web` glue for renamed imports, exports and module: import
/// functions are keys (`name: function(`) of the object `__wbg_get_imports` returns under the
/// module's name, and exports are read as `wasm.name`. Fails unless every name is found where
/// expected, so a glue of another shape is never half rewritten.
fn rename_in_glue(glue: &str, map: &NameMap, module: &str) -> Result<String> {
    let mut out = glue.to_string();
    let module_key = format!("\"{module}\": ");
    if out.matches(&module_key).count() != 1 {
        bail!("the glue does not name the import module {module} exactly once");
    }
    out = out.replace(&module_key, &format!("\"{MINIFIED_MODULE}\": "));
    for (import_module, old, new) in &map.imports {
        if import_module != module {
            bail!("the wasm imports from {import_module}, which this rewrite does not know");
        }
        let key = format!(" {old}: ");
        if out.matches(&key).count() != 1 {
            bail!("the glue does not define the import {old} exactly once");
        }
        out = out.replace(&key, &format!(" \"{new}\": "));
    }
    // Export reads: `wasm.<old>` not followed by more of an identifier.
    let is_ident = |c: char| c.is_ascii_alphanumeric() || c == '_' || c == '$';
    let mut renamed = String::with_capacity(out.len());
    let mut rest = out.as_str();
    while let Some(at) = rest.find("wasm.") {
        renamed.push_str(&rest[..at + 5]);
        rest = &rest[at + 5..];
        let end = rest.find(|c: char| !is_ident(c)).unwrap_or(rest.len());
        let name = &rest[..end];
        match map.exports.iter().find(|(old, _)| old == name) {
            Some((_, new)) => renamed.push_str(new),
            None => bail!("the glue reads wasm.{name}, which the wasm does not export"),
        }
        rest = &rest[end..];
    }
    renamed.push_str(rest);
    Ok(renamed)
}

/// Instantiates the wasm with its glue in Node (`initSync`), so a glue whose imports do not
/// match its wasm fails the build instead of a visitor's page. Only wasm-bindgen's start code
/// runs; no widget is mounted.
fn check_links(glue: &Path, wasm: &Path) -> Result<()> {
    let script = "const [g, w] = process.argv.slice(1);\
        const m = await import(require('url').pathToFileURL(g));\
        m.initSync({ module: require('fs').readFileSync(w) });";
    let script = format!(
        "const require = (await import('module')).createRequire(import.meta.url); {script}"
    );
    let out = Command::new("node")
        .args(["--input-type=module", "-e", &script])
        .arg(glue)
        .arg(wasm)
        .output()
        .context("could not run node")?;
    if !out.status.success() {
        bail!(
            "the glue {} cannot instantiate its wasm: {}",
            glue.display(),
            String::from_utf8_lossy(&out.stderr)
        );
    }
    Ok(())
}

/// Minifies one ES module with esbuild (no bundling: the module's imports stay as they are).
fn minify(npm_bin: &Path, input: &Path, output: &Path) -> Result<()> {
    util::run(
        Command::new(npm_bin.join("esbuild"))
            .arg(input)
            .args([
                "--minify",
                "--format=esm",
                "--legal-comments=none",
                "--log-level=warning",
            ])
            .arg(format!("--outfile={}", output.display())),
    )
}

/// The loader with the bundle list injected, minified.
fn build_loader(bundles: &[BuiltBundle], npm_bin: &Path) -> Result<Vec<u8>> {
    let source_path = util::root().join("crates/medvirk-elements/js/medvirk.js");
    let source = std::fs::read_to_string(&source_path)
        .with_context(|| format!("could not read {}", source_path.display()))?;
    if source.matches(BUNDLES_MARKER).count() != 1 {
        bail!(
            "{} must contain `{BUNDLES_MARKER}` exactly once",
            source_path.display()
        );
    }
    // Only what the loader reads: widgets, file names and (when set) the mapping flag.
    let list: Vec<serde_json::Value> = bundles
        .iter()
        .map(|b| {
            let mut entry = serde_json::json!({ "widgets": b.widgets, "js": b.js, "wasm": b.wasm });
            if b.mapping {
                entry["mapping"] = true.into();
            }
            entry
        })
        .collect();
    let injected = source.replace(BUNDLES_MARKER, &serde_json::to_string(&list)?);
    let dir = util::root().join("target/medvirk-build");
    std::fs::create_dir_all(&dir)?;
    let (input, output) = (dir.join("medvirk.src.js"), dir.join("medvirk.min.js"));
    std::fs::write(&input, injected)?;
    minify(npm_bin, &input, &output)?;
    Ok(std::fs::read(&output)?)
}

/// Writes a shipped file and its `.gz` and `.br` siblings (maximum quality) unless identical
/// copies are already there, and returns its sizes and integrity hash.
fn write_shipped(out: &Path, name: &str, bytes: &[u8]) -> Result<ShippedFile> {
    let path = out.join(name);
    let (gz_path, br_path) = (
        out.join(format!("{name}.gz")),
        out.join(format!("{name}.br")),
    );
    let changed = write_if_changed(&path, bytes)?;
    if changed || !gz_path.exists() {
        let mut gz = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::best());
        gz.write_all(bytes)?;
        write_atomically(&gz_path, &gz.finish()?)?;
    }
    if changed || !br_path.exists() {
        let mut br = Vec::new();
        let params = brotli::enc::BrotliEncoderParams {
            quality: 11,
            lgwin: 24,
            size_hint: bytes.len(),
            ..Default::default()
        };
        brotli::BrotliCompress(&mut &bytes[..], &mut br, &params)?;
        write_atomically(&br_path, &br)?;
    }
    let size = |p: &Path| -> Result<u64> { Ok(std::fs::metadata(p)?.len()) };
    Ok(ShippedFile {
        name: name.to_string(),
        raw: bytes.len() as u64,
        gzip: size(&gz_path)?,
        brotli: size(&br_path)?,
        integrity: format!(
            "sha384-{}",
            base64::engine::general_purpose::STANDARD.encode(Sha384::digest(bytes))
        ),
    })
}

/// Writes `bytes` to `path` unless it already holds exactly them; returns whether it wrote.
fn write_if_changed(path: &Path, bytes: &[u8]) -> Result<bool> {
    if std::fs::read(path).is_ok_and(|old| old == bytes) {
        return Ok(false);
    }
    write_atomically(path, bytes)?;
    Ok(true)
}

/// Writes through a temporary file and a rename, so a server never sends a half-written file and
/// an interrupted build never leaves one that a later build would take as complete.
fn write_atomically(path: &Path, bytes: &[u8]) -> Result<()> {
    let tmp = path.with_extension("tmp-write");
    std::fs::write(&tmp, bytes).with_context(|| format!("could not write {}", tmp.display()))?;
    std::fs::rename(&tmp, path).with_context(|| format!("could not write {}", path.display()))
}

/// Removes files of earlier builds (old hashed names and their siblings) from the output directory.
fn remove_stale(out: &Path, keep: &BTreeSet<String>) -> Result<()> {
    for entry in std::fs::read_dir(out)? {
        let entry = entry?;
        let name = entry.file_name().to_string_lossy().into_owned();
        if name.starts_with("medvirk") && !keep.contains(&name) && entry.file_type()?.is_file() {
            std::fs::remove_file(entry.path())?;
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn options_accept_stable_and_refuse_unknown_flags() {
        assert!(
            BuildOptions::parse(&["--stable".into()])
                .unwrap()
                .force_stable
        );
        assert!(!BuildOptions::parse(&[]).unwrap().force_stable);
        assert!(BuildOptions::parse(&["--fast".into()]).is_err());
    }

    #[test]
    fn every_widget_has_a_bundle_that_reads_mappings() {
        // The loader gives a page with a mapping script only a bundle built with `mapping`; a
        // widget without one would fall back to a bundle that refuses the script.
        for widget in BUNDLES.iter().flat_map(|b| b.widgets) {
            assert!(
                BUNDLES
                    .iter()
                    .any(|b| b.mapping() && b.widgets.contains(widget)),
                "no bundle with `mapping` has {widget}"
            );
        }
        assert!(
            !BUNDLES[0].mapping(),
            "the smallest bundle stays without mapping"
        );
    }

    #[test]
    fn every_bundle_widget_is_known_to_the_loader() {
        // The loader defines elements only for kinds in its WIDGETS table; a bundle with a widget
        // the table lacks would ship code no element can reach.
        let loader =
            std::fs::read_to_string(util::root().join("crates/medvirk-elements/js/medvirk.js"))
                .unwrap();
        assert_eq!(loader.matches(BUNDLES_MARKER).count(), 1);
        for spec in BUNDLES {
            for widget in spec.widgets {
                let key = if widget.contains('-') {
                    format!("\"{widget}\": [")
                } else {
                    format!("{widget}: [")
                };
                assert!(
                    loader.contains(&key),
                    "js/medvirk.js has no WIDGETS entry for {widget}"
                );
                assert!(
                    spec.features.contains(widget),
                    "bundle {} lacks feature {widget}",
                    spec.name
                );
            }
        }
        assert!(
            BUNDLES
                .windows(2)
                .all(|w| w[0].widgets.len() <= w[1].widgets.len()),
            "smallest first"
        );
    }

    #[test]
    fn stale_files_go_and_others_stay() {
        let dir = std::env::temp_dir().join(format!("medvirk-stale-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        for name in [
            "medvirk.js",
            "medvirk-smiley-aaa.wasm",
            "medvirk-smiley-aaa.wasm.br",
            "manifest.json",
            "README",
        ] {
            std::fs::write(dir.join(name), "x").unwrap();
        }
        let keep: BTreeSet<String> = ["medvirk.js".to_string()].into();
        remove_stale(&dir, &keep).unwrap();
        let mut left: Vec<String> = std::fs::read_dir(&dir)
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .collect();
        left.sort();
        assert_eq!(left, ["README", "manifest.json", "medvirk.js"]);
        std::fs::remove_dir_all(&dir).unwrap();
    }

    #[test]
    fn shipped_files_get_compressed_siblings_and_sri() {
        let dir = std::env::temp_dir().join(format!("medvirk-ship-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let text = "const x = 1;\n".repeat(200);
        let f = write_shipped(&dir, "a.js", text.as_bytes()).unwrap();
        assert_eq!(f.raw, text.len() as u64);
        assert!(f.gzip < f.raw / 10 && f.brotli < f.raw / 10, "{f:?}");
        assert!(f.integrity.starts_with("sha384-") && f.integrity.len() == 7 + 64);
        let mut decoded = Vec::new();
        brotli::BrotliDecompress(
            &mut &std::fs::read(dir.join("a.js.br")).unwrap()[..],
            &mut decoded,
        )
        .unwrap();
        assert_eq!(decoded, text.as_bytes());
        // A second write of the same bytes leaves the files alone.
        assert!(!write_if_changed(&dir.join("a.js"), text.as_bytes()).unwrap());
        std::fs::remove_dir_all(&dir).unwrap();
    }

    #[test]
    fn glue_follows_minified_wasm_names_or_refuses() {
        // The shape of wasm-bindgen's `--target web` glue that the rewrite relies on.
        let glue = r#"
export function mount(kind, host) {
    const ptr0 = passStringToWasm0(kind, wasm.__wbindgen_malloc, wasm.__wbindgen_realloc);
    const ret = wasm.mount(ptr0, host);
}
function __wbg_get_imports() {
    const import0 = {
        __proto__: null,
        __wbg_closest_39824b16065066bc: function(arg0) {
            return arg0.closest(getStringFromWasm0(wasm.memory, arg0));
        },
    };
    return {
        __proto__: null,
        "./medvirk_smiley_bg.js": import0,
    };
}
function mount_x() { return wasm.mount_x; }
"#;
        let map = |imports: &[(&str, &str, &str)], exports: &[(&str, &str)]| NameMap {
            imports: imports
                .iter()
                .map(|(m, o, n)| (m.to_string(), o.to_string(), n.to_string()))
                .collect(),
            exports: exports
                .iter()
                .map(|(o, n)| (o.to_string(), n.to_string()))
                .collect(),
        };
        let imports = [(
            "./medvirk_smiley_bg.js",
            "__wbg_closest_39824b16065066bc",
            "b",
        )];
        let exports = [
            ("__wbindgen_malloc", "c"),
            ("__wbindgen_realloc", "d"),
            ("mount", "e"),
            ("memory", "f"),
            ("mount_x", "g"),
        ];
        let out = rename_in_glue(glue, &map(&imports, &exports), "./medvirk_smiley_bg.js").unwrap();
        assert!(out.contains(r#""b": function(arg0)"#));
        assert!(out.contains(r#""a": import0"#));
        assert!(out.contains("passStringToWasm0(kind, wasm.c, wasm.d)"));
        assert!(
            out.contains("wasm.e(ptr0, host)")
                && out.contains("wasm.f, arg0")
                && out.contains("return wasm.g;")
        );
        assert!(!out.contains("39824b") && !out.contains("medvirk_smiley_bg"));

        // Anything unexpected refuses the whole rewrite.
        let missing_export = &exports[1..];
        assert!(
            rename_in_glue(
                glue,
                &map(&imports, missing_export),
                "./medvirk_smiley_bg.js"
            )
            .is_err()
        );
        let unknown_import = [("./medvirk_smiley_bg.js", "__wbg_other_0", "b")];
        assert!(
            rename_in_glue(
                glue,
                &map(&unknown_import, &exports),
                "./medvirk_smiley_bg.js"
            )
            .is_err()
        );
        assert!(rename_in_glue(glue, &map(&imports, &exports), "./other_bg.js").is_err());
    }
}
