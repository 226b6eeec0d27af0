//! Command-line flags and environment variables of the `medvirk-server` binary, parsed without I/O.
//!
//! The parser takes the arguments and an environment lookup as values so tests can drive it; the
//! binary passes `std::env::args` and `std::env::var`. A handful of flags does not justify an argument-parsing
//! dependency in every build of the server.

use std::path::PathBuf;

use axum::http::HeaderValue;

use crate::ratelimit::RateLimit;

pub const DEFAULT_ADDR: &str = "127.0.0.1:8080";
pub const DEFAULT_DB: &str = "./medvirk.db";
pub const DEFAULT_WWW: &str = "./www";

/// Environment variable holding the admin API bearer token; unset or empty disables the admin API.
pub const ENV_ADMIN_TOKEN: &str = "MEDVIRK_ADMIN_TOKEN";
/// Environment variable with the comma-separated origins allowed to call the widget endpoints.
pub const ENV_ALLOWED_ORIGINS: &str = "MEDVIRK_ALLOWED_ORIGINS";
/// Environment variable naming the database when `--db` is not given (the usual name for a
/// PostgreSQL URL in container platforms).
pub const ENV_DATABASE_URL: &str = "DATABASE_URL";
/// Environment variable for the connection pool size when `--db-pool-size` is not given.
pub const ENV_DB_POOL_SIZE: &str = "MEDVIRK_DB_POOL_SIZE";
/// Environment variable for the rate limit when `--rate-limit` is not given (`off` or `BURST,PER_MINUTE`).
pub const ENV_RATE_LIMIT: &str = "MEDVIRK_RATE_LIMIT";
/// Environment variable that, set to `1` or `true`, does what `--trust-forwarded-for` does.
pub const ENV_TRUST_FORWARDED_FOR: &str = "MEDVIRK_TRUST_FORWARDED_FOR";
/// Environment variable for the privacy threshold when `--privacy-threshold` is not given.
pub const ENV_PRIVACY_THRESHOLD: &str = "MEDVIRK_PRIVACY_THRESHOLD";
/// Fewest responses a group needs before the admin results show its average and comments.
pub const DEFAULT_PRIVACY_THRESHOLD: u32 = 5;

pub const HELP: &str = "\
medvirk-server: reference JSON backend for the medvirk widgets.

USAGE:
    medvirk-server [--addr HOST:PORT] [--db PATH|URL] [--www DIR] [--open311]
                   [--db-pool-size N] [--no-migrate] [--rate-limit off|BURST,PER_MINUTE]
                   [--trust-forwarded-for] [--privacy-threshold N]
    medvirk-server migrate [--db PATH|URL]    apply pending migrations, then exit
    medvirk-server token create NAME [--db PATH|URL]
                                              make an admin token, print it once, store
                                              only its SHA-256 digest
    medvirk-server token list [--db PATH|URL] names of the stored admin tokens, when made
                                              and last used
    medvirk-server token revoke NAME [--db PATH|URL]
                                              delete a stored admin token (its sessions end
                                              within eight idle hours or on restart)

FLAGS:
    --addr HOST:PORT   address to listen on (default 127.0.0.1:8080; port 0 picks a free port,
                       the chosen one is printed as `medvirk-server listening on http://...`)
    --db PATH|URL      SQLite database file, created when missing (default ./medvirk.db; a
                       `sqlite:` URL works too), or a PostgreSQL URL
                       postgres://USER:PASSWORD@HOST:PORT/DATABASE for several replicas
    --db-pool-size N   most database connections this process opens (default 10 for
                       PostgreSQL, 4 for SQLite)
    --no-migrate       do not apply migrations on start; refuse to start unless the schema is
                       current (run `medvirk-server migrate` as a separate deployment step)
    --www DIR          demo pages served at /, widget bundle at /widgets/ from DIR/widgets
                       (default ./www)
    --open311          also serve an Open311 GeoReport v2 facade under /open311/v2/ (services.json,
                       requests.json, requests/{id}.json) storing into the same cases; for testing
                       the case form's Open311 adapter. Off by default
    --rate-limit off|BURST,PER_MINUTE
                       per-client limit on the public endpoints (feedback, cases, case status,
                       Open311), per route group, kept in memory only and per replica: BURST
                       requests at once, then PER_MINUTE a minute; over it answers 429 with
                       Retry-After (default 30,60; `off` for benchmarks and load tests)
    --trust-forwarded-for
                       key the rate limit by the last address in X-Forwarded-For (set by your
                       reverse proxy) instead of the socket peer. Only behind a proxy that sets
                       it: without one, clients choose the header. Off by default
    --privacy-threshold N
                       the admin results show a group's average, distribution and comments
                       only once it has at least N responses; its count always (default 5;
                       1 shows everything)
    -h, --help         print this help

ENDPOINTS FOR LOAD BALANCERS:
    GET /healthz       200 while the process serves HTTP
    GET /readyz        200 when the database answers, 503 otherwise

ENVIRONMENT:
    DATABASE_URL             the database when --db is not given (--db wins)
    MEDVIRK_DB_POOL_SIZE     the pool size when --db-pool-size is not given
    MEDVIRK_RATE_LIMIT       the rate limit when --rate-limit is not given
    MEDVIRK_TRUST_FORWARDED_FOR  1 or true: as --trust-forwarded-for
    MEDVIRK_PRIVACY_THRESHOLD    the privacy threshold when --privacy-threshold is not given
    MEDVIRK_ADMIN_TOKEN      admin token for the admin area at /admin/ and bearer token for
                             /api/v1/admin/* (feedback, cases, directory); tokens made with
                             `medvirk-server token create` work too. Neither = admin disabled
    MEDVIRK_ALLOWED_ORIGINS  comma-separated origins (https://kommune.no,https://www.kommune.no)
                             allowed to call /api/v1/feedback and /api/v1/cases from a browser;
                             unset or * = any origin. The public directory is readable from any
                             origin. Credentials are never allowed.
";

/// Which origins may call the widget endpoints from a browser.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum AllowedOrigins {
    Any,
    List(Vec<HeaderValue>),
}

impl AllowedOrigins {
    /// Parses `MEDVIRK_ALLOWED_ORIGINS`: empty or `*` is any origin; otherwise a comma list of
    /// `scheme://host[:port]`. A path or trailing slash is refused, because a browser's `Origin`
    /// header never has one and such an entry would silently match nothing.
    pub fn parse(value: &str) -> Result<Self, String> {
        let value = value.trim();
        if value.is_empty() || value == "*" {
            return Ok(AllowedOrigins::Any);
        }
        let mut list = Vec::new();
        for origin in value.split(',').map(str::trim).filter(|o| !o.is_empty()) {
            let rest = origin
                .strip_prefix("https://")
                .or_else(|| origin.strip_prefix("http://"))
                .ok_or_else(|| {
                    format!("{ENV_ALLOWED_ORIGINS}: `{origin}` must start with https:// or http://")
                })?;
            if rest.is_empty() || rest.contains(['/', '?', '#', ' ', '*']) {
                return Err(format!(
                    "{ENV_ALLOWED_ORIGINS}: `{origin}` must be scheme://host[:port] without path, \
                     trailing slash or wildcard (e.g. https://www.kommune.no)"
                ));
            }
            let header = HeaderValue::from_str(&origin.to_ascii_lowercase())
                .map_err(|_| format!("{ENV_ALLOWED_ORIGINS}: `{origin}` is not a valid origin"))?;
            list.push(header);
        }
        if list.is_empty() {
            return Ok(AllowedOrigins::Any);
        }
        Ok(AllowedOrigins::List(list))
    }
}

/// Everything the server needs to start.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Config {
    pub addr: String,
    pub db: String,
    pub www: PathBuf,
    pub admin_token: Option<String>,
    pub allowed_origins: AllowedOrigins,
    /// Serve the Open311 GeoReport v2 facade (`--open311`).
    pub open311: bool,
    /// `--db-pool-size`; `None` is the store's default.
    pub db_pool_size: Option<u32>,
    /// Apply migrations on start (false with `--no-migrate`).
    pub migrate: bool,
    /// Per-client limit of the public endpoints; `None` is `--rate-limit off`.
    pub rate_limit: Option<RateLimit>,
    /// Key the rate limit by `X-Forwarded-For` (`--trust-forwarded-for`).
    pub trust_forwarded_for: bool,
    /// Fewest responses a group of the admin results needs before its average and comments show.
    pub privacy_threshold: u32,
}

/// `medvirk-server token ...`: managing stored admin tokens.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum TokenCommand {
    Create(String),
    List,
    Revoke(String),
}

/// What the command line asks for.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Command {
    Run(Config),
    /// `medvirk-server migrate`: apply pending migrations to `Config::db` and exit.
    Migrate(Config),
    /// `medvirk-server token create|list|revoke`: act on `Config::db`'s admin tokens and exit.
    Token(TokenCommand, Config),
    Help,
}

/// Parses the arguments (without the program name) and the environment.
pub fn parse(
    args: impl IntoIterator<Item = String>,
    env: impl Fn(&str) -> Option<String>,
) -> Result<Command, String> {
    let mut addr = DEFAULT_ADDR.to_owned();
    let mut db = None;
    let mut www = DEFAULT_WWW.to_owned();
    let mut pool_size = None;
    let mut open311 = false;
    let mut migrate_on_start = true;
    let mut rate_limit = None;
    let mut trust_forwarded_for = false;
    let mut privacy_threshold = None;
    let mut args = args.into_iter().peekable();
    let migrate_command = args.next_if(|a| a == "migrate").is_some();
    let token_command = if !migrate_command && args.next_if(|a| a == "token").is_some() {
        let usage = "usage: medvirk-server token create NAME | token list | token revoke NAME";
        let name = |name: Option<String>| {
            name.filter(|n| !n.starts_with('-'))
                .ok_or_else(|| format!("the token needs a NAME; {usage}"))
        };
        Some(match args.next().as_deref() {
            Some("create") => TokenCommand::Create(name(args.next())?),
            Some("list") => TokenCommand::List,
            Some("revoke") => TokenCommand::Revoke(name(args.next())?),
            Some(other) => return Err(format!("unknown token command `{other}`; {usage}")),
            None => return Err(usage.to_owned()),
        })
    } else {
        None
    };
    while let Some(arg) = args.next() {
        let (flag, inline) = match arg.split_once('=') {
            Some((flag, value)) if flag.starts_with("--") => {
                (flag.to_owned(), Some(value.to_owned()))
            }
            _ => (arg.clone(), None),
        };
        if matches!(
            flag.as_str(),
            "--open311" | "--no-migrate" | "--trust-forwarded-for"
        ) {
            if inline.is_some() {
                return Err(format!("{flag} takes no value; see --help"));
            }
            match flag.as_str() {
                "--open311" => open311 = true,
                "--no-migrate" => migrate_on_start = false,
                _ => trust_forwarded_for = true,
            }
            continue;
        }
        let target = match flag.as_str() {
            "-h" | "--help" => return Ok(Command::Help),
            "--addr" => &mut addr,
            "--db" => db.insert(String::new()),
            "--www" => &mut www,
            "--db-pool-size" => pool_size.insert(String::new()),
            "--rate-limit" => rate_limit.insert(String::new()),
            "--privacy-threshold" => privacy_threshold.insert(String::new()),
            _ => return Err(format!("unknown argument `{arg}`; see --help")),
        };
        let value = match inline {
            Some(v) => v,
            None => args
                .next()
                .ok_or_else(|| format!("{flag} needs a value; see --help"))?,
        };
        if value.is_empty() {
            return Err(format!("{flag} needs a non-empty value; see --help"));
        }
        *target = value;
    }
    let db = db
        .or_else(|| env(ENV_DATABASE_URL).filter(|v| !v.trim().is_empty()))
        .unwrap_or_else(|| DEFAULT_DB.to_owned());
    let db_pool_size = match pool_size.or_else(|| env(ENV_DB_POOL_SIZE)) {
        None => None,
        Some(n) => match n.trim().parse::<u32>() {
            Ok(n @ 1..=10_000) => Some(n),
            _ => {
                return Err(format!(
                    "--db-pool-size / {ENV_DB_POOL_SIZE}: `{n}` is not a number of connections (1 or more)"
                ));
            }
        },
    };
    let rate_limit = match rate_limit.or_else(|| env(ENV_RATE_LIMIT)) {
        None => Some(RateLimit::default()),
        Some(spec) => {
            RateLimit::parse(&spec).map_err(|e| format!("--rate-limit / {ENV_RATE_LIMIT}: {e}"))?
        }
    };
    let trust_forwarded_for = trust_forwarded_for
        || env(ENV_TRUST_FORWARDED_FOR)
            .is_some_and(|v| matches!(v.trim().to_ascii_lowercase().as_str(), "1" | "true"));
    let privacy_threshold = match privacy_threshold.or_else(|| env(ENV_PRIVACY_THRESHOLD)) {
        None => DEFAULT_PRIVACY_THRESHOLD,
        Some(n) => match n.trim().parse::<u32>() {
            Ok(n @ 1..=1_000_000) => n,
            _ => {
                return Err(format!(
                    "--privacy-threshold / {ENV_PRIVACY_THRESHOLD}: `{n}` is not a number of responses (1 or more)"
                ));
            }
        },
    };
    let admin_token = env(ENV_ADMIN_TOKEN).filter(|t| !t.trim().is_empty());
    let allowed_origins = AllowedOrigins::parse(&env(ENV_ALLOWED_ORIGINS).unwrap_or_default())?;
    let config = Config {
        addr,
        db,
        www: PathBuf::from(www),
        admin_token,
        allowed_origins,
        open311,
        db_pool_size,
        migrate: migrate_on_start,
        rate_limit,
        trust_forwarded_for,
        privacy_threshold,
    };
    Ok(if migrate_command {
        Command::Migrate(config)
    } else if let Some(token) = token_command {
        Command::Token(token, config)
    } else {
        Command::Run(config)
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn run(args: &[&str], env: &[(&str, &str)]) -> Result<Command, String> {
        let env: Vec<(String, String)> = env
            .iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect();
        parse(args.iter().map(|a| a.to_string()), |k| {
            env.iter()
                .find(|(name, _)| name == k)
                .map(|(_, v)| v.clone())
        })
    }

    #[test]
    fn defaults() {
        let Ok(Command::Run(c)) = run(&[], &[]) else {
            panic!()
        };
        assert_eq!((c.addr.as_str(), c.db.as_str()), (DEFAULT_ADDR, DEFAULT_DB));
        assert_eq!(c.www, PathBuf::from(DEFAULT_WWW));
        assert_eq!(
            (c.admin_token, c.allowed_origins, c.open311),
            (None, AllowedOrigins::Any, false)
        );
    }

    #[test]
    fn flags_and_env() {
        let env = [
            (ENV_ADMIN_TOKEN, "s3cret"),
            (ENV_ALLOWED_ORIGINS, "https://a.no, http://b.se:8080"),
        ];
        let Ok(Command::Run(c)) = run(
            &["--addr", "0.0.0.0:9000", "--db=x.db", "--www", "site"],
            &env,
        ) else {
            panic!()
        };
        assert_eq!((c.addr.as_str(), c.db.as_str()), ("0.0.0.0:9000", "x.db"));
        assert_eq!(c.www, PathBuf::from("site"));
        assert_eq!(c.admin_token.as_deref(), Some("s3cret"));
        assert_eq!(
            c.allowed_origins,
            AllowedOrigins::List(vec![
                HeaderValue::from_static("https://a.no"),
                HeaderValue::from_static("http://b.se:8080")
            ])
        );
        assert!(!c.open311);
        let Ok(Command::Run(c)) = run(&["--open311", "--db", "y.db"], &[]) else {
            panic!()
        };
        assert!(c.open311 && c.db == "y.db");
        assert!(HELP.contains("--open311"));
        assert_eq!(run(&["--help"], &[]), Ok(Command::Help));
        let Ok(Command::Run(c)) = run(&[], &[(ENV_ADMIN_TOKEN, "  ")]) else {
            panic!()
        };
        assert_eq!(
            c.admin_token, None,
            "a blank token must not enable the admin API"
        );
    }

    #[test]
    fn database_url_pool_size_and_migrate() {
        let pg = "postgres://medvirk:pw@db:5432/medvirk";
        let Ok(Command::Run(c)) = run(&[], &[(ENV_DATABASE_URL, pg)]) else {
            panic!()
        };
        assert_eq!((c.db.as_str(), c.db_pool_size, c.migrate), (pg, None, true));
        let Ok(Command::Run(c)) = run(
            &["--db", "local.db", "--db-pool-size=25", "--no-migrate"],
            &[(ENV_DATABASE_URL, pg), (ENV_DB_POOL_SIZE, "7")],
        ) else {
            panic!()
        };
        assert_eq!(
            (c.db.as_str(), c.db_pool_size, c.migrate),
            ("local.db", Some(25), false),
            "flags win over the environment"
        );
        let Ok(Command::Run(c)) = run(&[], &[(ENV_DATABASE_URL, " "), (ENV_DB_POOL_SIZE, "7")])
        else {
            panic!()
        };
        assert_eq!((c.db.as_str(), c.db_pool_size), (DEFAULT_DB, Some(7)));
        let Ok(Command::Migrate(c)) = run(&["migrate", "--db", pg], &[]) else {
            panic!()
        };
        assert_eq!(c.db, pg);
        assert!(matches!(
            run(&["--db", "x.db", "migrate"], &[]),
            Err(e) if e.contains("unknown argument `migrate`")
        ));
        for word in [
            "migrate",
            "--db-pool-size",
            "--no-migrate",
            "DATABASE_URL",
            "/readyz",
        ] {
            assert!(HELP.contains(word), "{word} missing from --help");
        }
    }

    #[test]
    fn rate_limit_flags_and_env() {
        let Ok(Command::Run(c)) = run(&[], &[]) else {
            panic!()
        };
        assert_eq!(
            (c.rate_limit, c.trust_forwarded_for),
            (Some(RateLimit::default()), false)
        );
        let Ok(Command::Run(c)) = run(
            &["--rate-limit", "off", "--trust-forwarded-for"],
            &[(ENV_RATE_LIMIT, "5,5")],
        ) else {
            panic!()
        };
        assert_eq!((c.rate_limit, c.trust_forwarded_for), (None, true));
        let Ok(Command::Run(c)) = run(
            &[],
            &[(ENV_RATE_LIMIT, "5,120"), (ENV_TRUST_FORWARDED_FOR, "true")],
        ) else {
            panic!()
        };
        assert_eq!(
            (c.rate_limit, c.trust_forwarded_for),
            (
                Some(RateLimit {
                    burst: 5,
                    per_minute: 120
                }),
                true
            )
        );
        for word in ["--rate-limit", "--trust-forwarded-for", ENV_RATE_LIMIT] {
            assert!(HELP.contains(word), "{word} missing from --help");
        }
    }

    #[test]
    fn privacy_threshold_and_token_commands() {
        let Ok(Command::Run(c)) = run(&[], &[]) else {
            panic!()
        };
        assert_eq!(c.privacy_threshold, DEFAULT_PRIVACY_THRESHOLD);
        let Ok(Command::Run(c)) = run(
            &["--privacy-threshold", "10"],
            &[(ENV_PRIVACY_THRESHOLD, "3")],
        ) else {
            panic!()
        };
        assert_eq!(c.privacy_threshold, 10, "the flag wins");
        let Ok(Command::Run(c)) = run(&[], &[(ENV_PRIVACY_THRESHOLD, " 1 ")]) else {
            panic!()
        };
        assert_eq!(c.privacy_threshold, 1);
        assert_eq!(
            run(&["token", "create", "kari", "--db", "x.db"], &[]),
            Ok(Command::Token(
                TokenCommand::Create("kari".into()),
                match run(&["--db", "x.db"], &[]) {
                    Ok(Command::Run(c)) => c,
                    _ => panic!(),
                }
            ))
        );
        let Ok(Command::Token(TokenCommand::List, c)) = run(&["token", "list", "--db=y.db"], &[])
        else {
            panic!()
        };
        assert_eq!(c.db, "y.db");
        let Ok(Command::Token(TokenCommand::Revoke(name), _)) =
            run(&["token", "revoke", "Åse-kontor"], &[])
        else {
            panic!()
        };
        assert_eq!(name, "Åse-kontor");
        for word in [
            "--privacy-threshold",
            ENV_PRIVACY_THRESHOLD,
            "token create",
            "token revoke",
        ] {
            assert!(HELP.contains(word), "{word} missing from --help");
        }
    }

    #[test]
    fn errors() {
        for (args, env, needle) in [
            (&["--port", "1"][..], &[][..], "unknown argument `--port`"),
            (&["--db"][..], &[][..], "--db needs a value"),
            (&["--www="][..], &[][..], "non-empty"),
            (&["--open311=yes"][..], &[][..], "takes no value"),
            (&["--no-migrate=1"][..], &[][..], "takes no value"),
            (&["--db-pool-size", "0"][..], &[][..], "not a number"),
            (&["--db-pool-size=ten"][..], &[][..], "not a number"),
            (&[][..], &[(ENV_DB_POOL_SIZE, "-3")][..], "not a number"),
            (&["serve"][..], &[][..], "unknown argument `serve`"),
            (&["--rate-limit", "fast"][..], &[][..], "BURST,PER_MINUTE"),
            (&["--trust-forwarded-for=1"][..], &[][..], "takes no value"),
            (&[][..], &[(ENV_RATE_LIMIT, "0,60")][..], "at least 1"),
            (&["--privacy-threshold", "0"][..], &[][..], "1 or more"),
            (&[][..], &[(ENV_PRIVACY_THRESHOLD, "many")][..], "1 or more"),
            (&["token"][..], &[][..], "usage: medvirk-server token"),
            (&["token", "create"][..], &[][..], "needs a NAME"),
            (
                &["token", "create", "--db", "x"][..],
                &[][..],
                "needs a NAME",
            ),
            (
                &["token", "rotate"][..],
                &[][..],
                "unknown token command `rotate`",
            ),
            (
                &["token", "list", "extra"][..],
                &[][..],
                "unknown argument `extra`",
            ),
            (
                &[][..],
                &[(ENV_ALLOWED_ORIGINS, "https://a.no/")][..],
                "without path",
            ),
            (
                &[][..],
                &[(ENV_ALLOWED_ORIGINS, "a.no")][..],
                "must start with",
            ),
        ] {
            let err = run(args, env).unwrap_err();
            assert!(err.contains(needle), "{err}");
        }
    }
}
