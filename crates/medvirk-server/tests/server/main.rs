//! HTTP tests of medvirk-server: `oneshot` against `app()` with a temp SQLite file, plus the real binary on port 0.
//! Feedback, cases, the directory, the Open311 facade, admin auth, CORS, OpenAPI and static files.

mod admin;
mod cases;
mod common;
mod cors;
mod directory;
mod feedback;
mod open311;
mod openapi;
mod process;
mod static_files;
