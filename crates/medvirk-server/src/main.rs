//! medvirk-server binary: parse flags, open the store, bind, serve until Ctrl-C or SIGTERM.
//!
//! Start-up failures (bad flag, port in use, database not writable) end with one clear line on
//! stderr and exit code 1 or 2, never a panic, because webmasters read these messages first.

use std::io::{ErrorKind, Write};

use axum::serve::ListenerExt;
use std::process::ExitCode;

use medvirk_server::config::{self, AllowedOrigins, Command, Config};
use medvirk_server::{AppState, app, store};

#[tokio::main]
async fn main() -> ExitCode {
    let config = match config::parse(std::env::args().skip(1), |name| std::env::var(name).ok()) {
        Ok(Command::Run(config)) => config,
        Ok(Command::Migrate(config)) => {
            return match store::migrate(&config.db).await {
                Ok(()) => {
                    println!("medvirk-server: {} is migrated", store::redact(&config.db));
                    ExitCode::SUCCESS
                }
                Err(message) => {
                    eprintln!("medvirk-server: {message}");
                    ExitCode::from(1)
                }
            };
        }
        Ok(Command::Token(command, config)) => {
            return match token(command, &config).await {
                Ok(out) => {
                    print!("{out}");
                    ExitCode::SUCCESS
                }
                Err(message) => {
                    eprintln!("medvirk-server: {message}");
                    ExitCode::from(1)
                }
            };
        }
        Ok(Command::Help) => {
            print!("{}", config::HELP);
            return ExitCode::SUCCESS;
        }
        Err(message) => {
            eprintln!("medvirk-server: {message}");
            return ExitCode::from(2);
        }
    };
    match run(config).await {
        Ok(()) => ExitCode::SUCCESS,
        Err(message) => {
            eprintln!("medvirk-server: {message}");
            ExitCode::from(1)
        }
    }
}

/// `medvirk-server token ...` against `--db` (migrated first, so a fresh database works).
async fn token(command: config::TokenCommand, config: &Config) -> Result<String, String> {
    let store = store::open_with(
        &config.db,
        store::OpenOptions {
            pool_size: Some(1),
            migrate: true,
        },
    )
    .await?;
    let created = matches!(command, config::TokenCommand::Create(_));
    let result = medvirk_server::tokens::run(store.as_ref(), command).await;
    store.close().await;
    if created && result.is_ok() {
        // stdout carries only the token (for scripts); the advice goes to stderr.
        eprintln!(
            "medvirk-server: token stored in {} (only its SHA-256). Copy it now: it is not shown again.",
            store::redact(&config.db)
        );
    }
    result
}

async fn run(config: Config) -> Result<(), String> {
    let store = store::open_with(
        &config.db,
        store::OpenOptions {
            pool_size: config.db_pool_size,
            migrate: config.migrate,
        },
    )
    .await?;
    let listener = tokio::net::TcpListener::bind(&config.addr).await.map_err(|e| {
        let hint = match e.kind() {
            ErrorKind::AddrInUse => " (another program, maybe another medvirk-server, uses this port; choose another with --addr)",
            ErrorKind::PermissionDenied => " (ports below 1024 need privileges; choose another with --addr)",
            _ => "",
        };
        format!("cannot listen on {}: {e}{hint}", config.addr)
    })?;
    let local = listener
        .local_addr()
        .map_err(|e| format!("cannot read the listening address: {e}"))?;

    if !config.www.is_dir() {
        eprintln!(
            "medvirk-server: warning: {} is not a directory; / and /widgets/ will answer 404 (set --www)",
            config.www.display()
        );
    }
    let admin_enabled =
        config.admin_token.is_some() || medvirk_server::tokens::any_stored(store.as_ref()).await;
    if !admin_enabled {
        eprintln!(
            "medvirk-server: admin area and admin API disabled (set {} or run `medvirk-server token create NAME` to enable them)",
            config::ENV_ADMIN_TOKEN
        );
    }
    match config.rate_limit {
        Some(limit) => eprintln!(
            "medvirk-server: rate limit {} at once, then {} a minute per client and route group{}",
            limit.burst,
            limit.per_minute,
            if config.trust_forwarded_for {
                " (client from X-Forwarded-For)"
            } else {
                ""
            }
        ),
        None => eprintln!("medvirk-server: rate limit off"),
    }
    if let AllowedOrigins::List(list) = &config.allowed_origins {
        let names: Vec<&str> = list.iter().filter_map(|v| v.to_str().ok()).collect();
        eprintln!(
            "medvirk-server: widget API allowed for origins {}",
            names.join(", ")
        );
    }
    // Scripts and tests read the actual port from this line (with --addr 127.0.0.1:0), so it goes
    // to stdout and is flushed at once.
    println!("medvirk-server listening on http://{local}");
    let _ = std::io::stdout().flush();

    eprintln!("medvirk-server: database {}", store::redact(&config.db));
    if admin_enabled {
        // Where a webmaster who just set a token goes next.
        eprintln!("medvirk-server: admin area on http://{local}/admin/");
    }
    let state = AppState::new(store.clone(), &config);
    // No Nagle delay: a response whose headers and body leave in two writes (static files) otherwise
    // waited for the client's delayed ACK of the first, 40 ms on Linux; measured in the bench as
    // medvirk.js taking 40 ms from first to last byte on loopback in about half of the loads.
    let listener = listener.tap_io(|tcp| {
        let _ = tcp.set_nodelay(true);
    });
    // The peer address reaches the rate limiter (in memory only) through ConnectInfo.
    axum::serve(
        listener,
        app(state).into_make_service_with_connect_info::<std::net::SocketAddr>(),
    )
    .with_graceful_shutdown(shutdown_signal())
    .await
    .map_err(|e| format!("server error: {e}"))?;
    // Every in-flight request has been answered; hand the connections back to the database.
    store.close().await;
    eprintln!("medvirk-server: stopped");
    Ok(())
}

/// Resolves on Ctrl-C or SIGTERM (what service managers and `docker stop` send); in-flight
/// requests are then finished before `serve` returns.
async fn shutdown_signal() {
    let ctrl_c = async {
        if tokio::signal::ctrl_c().await.is_err() {
            std::future::pending::<()>().await;
        }
    };
    #[cfg(unix)]
    let terminate = async {
        match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(mut signal) => {
                signal.recv().await;
            }
            Err(_) => std::future::pending::<()>().await,
        }
    };
    #[cfg(not(unix))]
    let terminate = std::future::pending::<()>();
    tokio::select! {
        () = ctrl_c => {},
        () = terminate => {},
    }
}
