//! Fuzz target: the Popolo reader (`directory::popolo::read_popolo`) on arbitrary text, as a backend might send it.
//!
//! Whatever it keeps must be a directory medvirk can write as its native format and read back to
//! the same directory: the reader's output passed every validation rule once, so it must again.
#![no_main]

use libfuzzer_sys::fuzz_target;
use medvirk_core::directory::native::{read_native, write_native};
use medvirk_core::directory::popolo::read_popolo;

fuzz_target!(|text: &str| {
    if let Ok(report) = read_popolo(text) {
        let native = write_native(&report.directory);
        let again = read_native(&native).expect("our own native output reads back");
        assert_eq!(again.directory, report.directory);
        assert!(again.skipped.is_empty(), "{:?}", again.skipped);
    }
});
