//! The organisation's side: what the admin area at `/admin/` decides, free of HTTP.
//!
//! The server renders these pages (see `medvirk-server/src/admin_ui`); the texts of the four
//! languages, the aggregation of feedback and the charts live here so they are tested natively.

pub mod cases;
pub mod cases_texts;
pub mod chart;
pub mod directory_texts;
pub mod import_texts;
pub mod results_texts;
pub mod stats;
pub mod texts;
