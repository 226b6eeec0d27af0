//! Fuzz target: the native directory reader (`directory::native::read_native`) on arbitrary text.
//!
//! A document it accepts, written back with `write_native`, must read back to the same directory
//! with nothing skipped (the writer and reader agree on every field).
#![no_main]

use libfuzzer_sys::fuzz_target;
use medvirk_core::directory::native::{read_native, write_native};

fuzz_target!(|text: &str| {
    if let Ok(report) = read_native(text) {
        let native = write_native(&report.directory);
        let again = read_native(&native).expect("our own native output reads back");
        assert_eq!(again.directory, report.directory);
        assert!(again.skipped.is_empty(), "{:?}", again.skipped);
    }
});
