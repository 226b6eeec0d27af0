//! Fuzz target: core's own JSON parser (`json_value::parse`), which reads directory and Open311 data in the browser.
//!
//! It must never panic or recurse without bound, and it must not be more lenient than serde_json:
//! whatever it accepts (at most 64 levels deep) serde_json accepts too (128 levels). Two
//! documented differences are allowed for: core skips a leading byte order mark (RFC 8259
//! section 8.1 allows it), and core keeps a number's source text, so `1e999999` is valid JSON to it
//! while serde_json, converting to f64, says "number out of range".
#![no_main]

use libfuzzer_sys::fuzz_target;
use medvirk_core::json_value;

fuzz_target!(|text: &str| {
    if json_value::parse(text).is_ok() {
        let without_bom = text.strip_prefix('\u{feff}').unwrap_or(text);
        if let Err(e) = serde_json::from_str::<serde_json::Value>(without_bom) {
            assert!(
                e.to_string().starts_with("number out of range"),
                "core accepted what serde_json refuses ({e}): {text:?}"
            );
        }
    }
});
