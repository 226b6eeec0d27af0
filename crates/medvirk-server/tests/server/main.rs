//! HTTP tests of medvirk-server: `oneshot` against `app()` over a fresh database, plus the real binary on port 0.
//! Feedback, cases, the directory, the Open311 facade, admin auth and CSV export, CORS, OpenAPI,
//! static files, health probes, hostile input and retry storms, rate limits, and two replicas on
//! one PostgreSQL database. SQLite by default; every test runs on PostgreSQL when
//! `MEDVIRK_TEST_DATABASE_URL` is set (see `common`).

mod admin;
mod admin_cases;
mod admin_directory;
mod admin_exports;
mod admin_results;
mod admin_tokens;
mod admin_ui;
mod cases;
mod common;
mod cors;
mod directory;
mod feedback;
mod health;
mod hostile;
mod open311;
mod openapi;
mod process;
mod ratelimit;
mod replicas;
mod static_files;
mod strict_csp;
mod suspicious;
