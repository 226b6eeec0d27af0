//! The organisation's side: what the admin area at `/admin/` decides, free of HTTP.
//!
//! The server renders these pages (see `medvirk-server/src/admin_ui`); the texts of the four
//! languages, the aggregation of feedback and the charts live here so they are tested natively.

pub mod texts;
