//! medvirk-core: the logic of the medvirk widgets and server, free of I/O and of the browser.
//!
//! Everything here runs under plain `cargo test` in milliseconds. The widgets crate renders what
//! this crate decides; the server stores what this crate validates.

pub mod admin;
pub mod case_form;
pub mod css;
pub mod csv_out;
pub mod directory;
pub mod html;
pub mod i18n;
pub mod json;
pub mod json_value;
pub mod lang;
pub mod mapping;
pub mod outbox;
pub mod pii;
pub mod smiley;
pub mod time_zone;
pub mod validate;
pub mod wire;
