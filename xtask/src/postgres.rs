//! A throwaway PostgreSQL cluster for the server tests: installs Debian's `postgresql` when missing, runs it as a non-root role, removes it on drop.
//!
//! `cargo xtask test` runs the server suite a second time against it (see [`ensure_postgres`]).
//! The cluster lives in its own temp directory on a free loopback port with its socket in that
//! directory, so it never touches a system cluster (`/var/lib/postgresql`) or port 5432. fsync is
//! off: the data is thrown away, and the tests are about behaviour, not durability.

use anyhow::{Context, Result, bail};
use sha2::{Digest, Sha256};
use std::net::TcpListener;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::{SystemTime, UNIX_EPOCH};

/// Where Debian's packages put the server binaries: `/usr/lib/postgresql/<major>/bin`.
const DEBIAN_PG_ROOT: &str = "/usr/lib/postgresql";
/// The login role the tests use. It may create databases (one per test) but is no superuser.
const TEST_ROLE: &str = "medvirk_test";
/// The system user Debian's package creates; the cluster runs as it when xtask runs as root,
/// because PostgreSQL refuses to run as root.
const SYSTEM_USER: &str = "postgres";

/// A running throwaway cluster; stopped and deleted when dropped.
pub struct Postgres {
    dir: PathBuf,
    bin: PathBuf,
    port: u16,
    password: String,
    /// `Some(user)` when the server processes run as another user than xtask.
    run_as: Option<String>,
}

impl Postgres {
    /// `postgres://medvirk_test:PASSWORD@127.0.0.1:PORT/postgres`: a role allowed to create and
    /// drop databases, connected to the maintenance database. Tests read it from
    /// `MEDVIRK_TEST_DATABASE_URL` and create a fresh database per test from it.
    pub fn admin_url(&self) -> String {
        format!(
            "postgres://{TEST_ROLE}:{}@127.0.0.1:{}/postgres",
            self.password, self.port
        )
    }

    /// `postgres://...:PORT/medvirk_test`: a database of its own for anything that wants one.
    #[allow(dead_code)] // Part of the handle's API; the test run needs only `admin_url`.
    pub fn database_url(&self) -> String {
        format!(
            "postgres://{TEST_ROLE}:{}@127.0.0.1:{}/{TEST_ROLE}",
            self.password, self.port
        )
    }

    fn data(&self) -> PathBuf {
        self.dir.join("data")
    }

    fn socket_dir(&self) -> PathBuf {
        self.dir.join("socket")
    }

    /// A command for a PostgreSQL binary, run as the cluster's owner.
    fn pg(&self, program: &str) -> Command {
        pg_command(&self.bin.join(program), self.run_as.as_deref(), &self.dir)
    }
}

impl Drop for Postgres {
    fn drop(&mut self) {
        let stopped = self
            .pg("pg_ctl")
            .arg("-D")
            .arg(self.data())
            .args(["-m", "fast", "-w", "-t", "30", "stop"])
            .output();
        if !stopped.is_ok_and(|o| o.status.success()) {
            eprintln!(
                "xtask: could not stop the test PostgreSQL in {}; stop it with pg_ctl -D {} stop",
                self.dir.display(),
                self.data().display()
            );
            return;
        }
        if let Err(e) = std::fs::remove_dir_all(&self.dir) {
            eprintln!("xtask: could not remove {}: {e}", self.dir.display());
        }
    }
}

/// Starts a throwaway PostgreSQL cluster and returns its handle.
///
/// Installs Debian's `postgresql` package first when no server binaries are found and xtask
/// runs as root (`apt-get update` then `apt-get install -y postgresql`); an installed server is
/// used as it is, so a second run installs nothing. As root the cluster runs as the `postgres`
/// system user the package creates; otherwise as the current user.
pub fn ensure_postgres() -> Result<Postgres> {
    let root = is_root();
    let bin = match find_bin_dir() {
        Some(bin) => bin,
        None if root => {
            install()?;
            find_bin_dir().with_context(|| {
                format!("apt-get installed postgresql but no {DEBIAN_PG_ROOT}/<version>/bin/initdb exists")
            })?
        }
        None => bail!(
            "PostgreSQL server binaries not found under {DEBIAN_PG_ROOT}; install them with \
             `sudo apt-get install postgresql`, or set MEDVIRK_TEST_DATABASE_URL to an existing \
             server's admin URL"
        ),
    };
    let run_as = if root {
        if crate::util::output(Command::new("id").args(["-u", SYSTEM_USER])).is_none() {
            bail!(
                "running as root but there is no `{SYSTEM_USER}` system user to run PostgreSQL as \
                 (reinstall the postgresql package, or run xtask as a normal user)"
            );
        }
        Some(SYSTEM_USER.to_owned())
    } else {
        None
    };

    let dir = std::env::temp_dir().join(format!("medvirk-pg-{}", unique()));
    std::fs::create_dir_all(dir.join("socket"))
        .with_context(|| format!("cannot create {}", dir.display()))?;
    let password = hex(&Sha256::digest(
        format!("{}-{:?}", unique(), dir).as_bytes(),
    ))[..24]
        .to_owned();
    let mut pg = Postgres {
        dir,
        bin,
        port: 0,
        password,
        run_as,
    };
    if let Some(user) = &pg.run_as {
        // initdb insists that the data directory belongs to the user running the server.
        crate::util::run(
            Command::new("chown")
                .args(["-R", &format!("{user}:")])
                .arg(&pg.dir),
        )?;
    }

    run_quiet(
        pg.pg("initdb").arg("-D").arg(pg.data()).args([
            "--username=postgres",
            "--auth-local=trust",
            "--auth-host=scram-sha-256",
            "--encoding=UTF8",
            "--locale=C",
            "--no-sync",
        ]),
        "initdb",
    )?;

    // A free port can be taken between asking and binding; try a few.
    let mut last = None;
    for _ in 0..3 {
        pg.port = free_port()?;
        let options = format!(
            "-p {} -k {} -c listen_addresses=127.0.0.1 -c fsync=off -c synchronous_commit=off \
             -c full_page_writes=off -c max_connections=200",
            pg.port,
            pg.socket_dir().display()
        );
        let started = run_quiet(
            pg.pg("pg_ctl")
                .arg("-D")
                .arg(pg.data())
                .arg("-l")
                .arg(pg.dir.join("server.log"))
                .args(["-o", &options, "-w", "-t", "60", "start"]),
            "pg_ctl start",
        );
        match started {
            Ok(()) => {
                last = None;
                break;
            }
            Err(e) => last = Some(e),
        }
    }
    if let Some(e) = last {
        let log = std::fs::read_to_string(pg.dir.join("server.log")).unwrap_or_default();
        return Err(e.context(format!("PostgreSQL did not start; its log:\n{log}")));
    }

    // Over the private socket as the cluster's superuser (trusted there), create the tests' role.
    let sql = format!(
        "CREATE ROLE {TEST_ROLE} LOGIN CREATEDB PASSWORD '{}'",
        pg.password
    );
    run_quiet(
        pg.pg("psql")
            .arg("-h")
            .arg(pg.socket_dir())
            .args([
                "-p",
                &pg.port.to_string(),
                "-U",
                "postgres",
                "-d",
                "postgres",
            ])
            .args(["-v", "ON_ERROR_STOP=1", "-q", "-c", &sql])
            .args([
                "-c",
                &format!("CREATE DATABASE {TEST_ROLE} OWNER {TEST_ROLE}"),
            ]),
        "psql (create the test role)",
    )?;
    eprintln!(
        "xtask: throwaway PostgreSQL ({}) on 127.0.0.1:{} in {}",
        pg.bin.display(),
        pg.port,
        pg.dir.display()
    );
    Ok(pg)
}

/// The newest `/usr/lib/postgresql/<major>/bin` that holds `initdb` and `pg_ctl`.
fn find_bin_dir() -> Option<PathBuf> {
    let names: Vec<String> = std::fs::read_dir(DEBIAN_PG_ROOT)
        .ok()?
        .filter_map(|e| e.ok()?.file_name().into_string().ok())
        .filter(|name| {
            let bin = Path::new(DEBIAN_PG_ROOT).join(name).join("bin");
            bin.join("initdb").is_file() && bin.join("pg_ctl").is_file()
        })
        .collect();
    newest_version(&names).map(|v| Path::new(DEBIAN_PG_ROOT).join(v).join("bin"))
}

/// The highest numeric version among directory names (`9.6` < `15` < `17`).
fn newest_version(names: &[String]) -> Option<&str> {
    names
        .iter()
        .filter_map(|n| {
            let key: Option<Vec<u32>> = n.split('.').map(|p| p.parse().ok()).collect();
            Some((key?, n.as_str()))
        })
        .max()
        .map(|(_, n)| n)
}

fn install() -> Result<()> {
    eprintln!("xtask: PostgreSQL server not found; installing Debian's postgresql package");
    crate::util::run(
        Command::new("apt-get")
            .arg("update")
            .env("DEBIAN_FRONTEND", "noninteractive"),
    )?;
    crate::util::run(
        Command::new("apt-get")
            .args(["install", "-y", "--no-install-recommends", "postgresql"])
            .env("DEBIAN_FRONTEND", "noninteractive"),
    )
}

fn is_root() -> bool {
    crate::util::output(Command::new("id").arg("-u")).as_deref() == Some("0")
}

/// `program` run as `user` through `runuser` (util-linux, on every Debian), from `cwd` so the
/// other user never needs to read xtask's working directory.
fn pg_command(program: &Path, user: Option<&str>, cwd: &Path) -> Command {
    let mut cmd = match user {
        Some(user) => {
            let mut c = Command::new("runuser");
            c.args(["-u", user, "--"]).arg(program);
            c
        }
        None => Command::new(program),
    };
    cmd.current_dir(cwd).env_remove("PGPASSWORD");
    cmd
}

/// Runs a command, keeping its chatter unless it fails.
fn run_quiet(cmd: &mut Command, what: &str) -> Result<()> {
    let out = cmd
        .output()
        .with_context(|| format!("could not start {what}"))?;
    if !out.status.success() {
        bail!(
            "{what} failed with {}:\n{}{}",
            out.status,
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr)
        );
    }
    Ok(())
}

fn free_port() -> Result<u16> {
    let listener = TcpListener::bind("127.0.0.1:0").context("cannot find a free port")?;
    Ok(listener.local_addr()?.port())
}

/// Distinct per call and per process: names the temp dir and seeds the password.
fn unique() -> String {
    let nanos = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map(|d| d.as_nanos())
        .unwrap_or(0);
    format!("{}-{nanos}", std::process::id())
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn newest_version_compares_numbers_not_text() {
        let names: Vec<String> = ["9.6", "15", "13", "17", "notes"]
            .iter()
            .map(|s| s.to_string())
            .collect();
        assert_eq!(newest_version(&names), Some("17"));
        assert_eq!(newest_version(&["9.6".into(), "10".into()]), Some("10"));
        assert_eq!(newest_version(&[]), None);
    }

    #[test]
    fn commands_run_as_the_cluster_owner() {
        let cmd = pg_command(
            Path::new("/pg/bin/initdb"),
            Some("postgres"),
            Path::new("/tmp"),
        );
        assert_eq!(cmd.get_program(), "runuser");
        let args: Vec<_> = cmd.get_args().collect();
        assert_eq!(args, ["-u", "postgres", "--", "/pg/bin/initdb"]);
        let cmd = pg_command(Path::new("/pg/bin/initdb"), None, Path::new("/tmp"));
        assert_eq!(cmd.get_program(), "/pg/bin/initdb");
    }
}
