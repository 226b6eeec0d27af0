//! HTTP tests of medvirk-server: `oneshot` against `app()` over a fresh database, plus the real binary on port 0.
//! Feedback, cases, the directory, the Open311 facade, admin auth, CORS, OpenAPI, static files,
//! health probes, and two replicas on one PostgreSQL database. SQLite by default; every test runs
//! on PostgreSQL when `MEDVIRK_TEST_DATABASE_URL` is set (see `common`).

mod admin;
mod cases;
mod common;
mod cors;
mod directory;
mod feedback;
mod health;
mod open311;
mod openapi;
mod process;
mod replicas;
mod static_files;
