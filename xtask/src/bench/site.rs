//! The bench's own web root and server: a temporary directory with a copy of the built widgets,
//! the bench pages (with the probe inlined) and the plain-JavaScript reference smiley, served by a
//! real medvirk-server on a free loopback port. Nothing bench-only is ever in www/.

use crate::util;
use anyhow::{Context, Result, bail};
use std::io::{BufRead, BufReader, Write as _};
use std::net::SocketAddr;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};

/// The admin token the bench servers start with (loopback only, throwaway databases).
pub const ADMIN_TOKEN: &str = "bench-admin-token-7c1e9a40d2b54f6e";

/// Where a bench page's probe goes; replaced by the inlined bench/pages/probe.js.
const PROBE_MARKER: &str = "<!--BENCH_PROBE-->";

/// A temporary web root, removed on drop.
pub struct Site {
    pub dir: PathBuf,
}

impl Site {
    /// Copies `widgets` (the build output) and the bench pages into a fresh temporary directory.
    pub fn create(widgets: &Path) -> Result<Site> {
        let dir = std::env::temp_dir().join(format!("medvirk-bench-www-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        let site = Site { dir };
        let root = util::root();
        std::fs::create_dir_all(site.dir.join("widgets"))?;
        for entry in std::fs::read_dir(widgets)
            .with_context(|| format!("read {} (run `cargo xtask build`)", widgets.display()))?
        {
            let entry = entry?;
            if entry.file_type()?.is_file() {
                std::fs::copy(
                    entry.path(),
                    site.dir.join("widgets").join(entry.file_name()),
                )?;
            }
        }
        let probe = std::fs::read_to_string(root.join("bench/pages/probe.js"))?;
        for page in ["smiley.html", "reference.html", "directory.html"] {
            let text = std::fs::read_to_string(root.join("bench/pages").join(page))?;
            if text.matches(PROBE_MARKER).count() != 1 {
                bail!("bench/pages/{page} must contain {PROBE_MARKER} exactly once");
            }
            let text = text.replace(PROBE_MARKER, &format!("<script>\n{probe}</script>"));
            write_compressed(&site.dir.join(page), text.as_bytes())?;
        }
        std::fs::create_dir_all(site.dir.join("reference"))?;
        for file in ["reference-smiley.js", "reference-smiley.css"] {
            let bytes = std::fs::read(root.join("bench/reference-smiley").join(file))?;
            write_compressed(&site.dir.join("reference").join(file), &bytes)?;
        }
        Ok(site)
    }
}

impl Drop for Site {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.dir);
    }
}

/// Writes a file with `.br` and `.gz` siblings, as the build does for the widgets, so the server
/// sends the reference and the pages compressed exactly like our bundle.
fn write_compressed(path: &Path, bytes: &[u8]) -> Result<()> {
    std::fs::write(path, bytes)?;
    let mut gz = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::best());
    gz.write_all(bytes)?;
    std::fs::write(with_suffix(path, ".gz"), gz.finish()?)?;
    let mut br = Vec::new();
    let params = brotli::enc::BrotliEncoderParams {
        quality: 11,
        ..Default::default()
    };
    brotli::BrotliCompress(&mut &bytes[..], &mut br, &params)?;
    std::fs::write(with_suffix(path, ".br"), br)?;
    Ok(())
}

fn with_suffix(path: &Path, suffix: &str) -> PathBuf {
    let mut p = path.as_os_str().to_owned();
    p.push(suffix);
    PathBuf::from(p)
}

/// The brotli size of a reference file as served (for the table's note on bytes).
pub fn reference_brotli_bytes(site: &Site) -> u64 {
    ["reference-smiley.js", "reference-smiley.css"]
        .iter()
        .filter_map(|f| std::fs::metadata(site.dir.join("reference").join(format!("{f}.br"))).ok())
        .map(|m| m.len())
        .sum()
}

/// A medvirk-server process with its own SQLite file; killed (and the file removed) on drop.
pub struct Server {
    child: Child,
    pub url: String,
    pub addr: SocketAddr,
    db: PathBuf,
}

impl Server {
    pub fn start(bin: &Path, www: &Path, label: &str) -> Result<Server> {
        let db =
            std::env::temp_dir().join(format!("medvirk-bench-{label}-{}.db", std::process::id()));
        remove_db(&db);
        let mut child = Command::new(bin)
            // Measurements, not abuse: the per-client limit would turn the ingest run into 429s.
            .args(["--rate-limit", "off", "--addr", "127.0.0.1:0", "--db"])
            .arg(&db)
            .arg("--www")
            .arg(www)
            .env("MEDVIRK_ADMIN_TOKEN", ADMIN_TOKEN)
            .env_remove("MEDVIRK_ALLOWED_ORIGINS")
            .stdout(Stdio::piped())
            .stderr(Stdio::inherit())
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
        let addr = url
            .trim_start_matches("http://")
            .parse()
            .with_context(|| format!("server address {url}"))?;
        Ok(Server {
            child,
            url,
            addr,
            db,
        })
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
        remove_db(&self.db);
    }
}

fn remove_db(db: &Path) {
    for suffix in ["", "-wal", "-shm"] {
        let _ = std::fs::remove_file(with_suffix(db, suffix));
    }
}

/// Builds medvirk-server with the `server` profile (optimised, like a deployment) and returns it;
/// `MEDVIRK_SERVER_BIN` names a binary to use instead (no build).
pub fn build_server() -> Result<PathBuf> {
    if let Some(bin) = std::env::var_os("MEDVIRK_SERVER_BIN") {
        return Ok(PathBuf::from(bin));
    }
    let root = util::root();
    util::run(Command::new(env!("CARGO")).current_dir(&root).args([
        "build",
        "--quiet",
        "--profile",
        "server",
        "-p",
        "medvirk-server",
    ]))?;
    Ok(root.join("target/server/medvirk-server"))
}
