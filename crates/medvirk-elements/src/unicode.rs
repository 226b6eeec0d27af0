//! The browser's Unicode tables for core's personal-data check (`pii::set_classifier`).
//!
//! The check's e-mail rules ask whether a non-ASCII character is a letter or a digit. The
//! standard library's tables for that are about 1.7 KB brotli of every smiley and case-form
//! download, while the browser already has the same Unicode properties behind `RegExp`.

use medvirk_core::pii::{self, CharClass};
use wasm_bindgen::prelude::*;

#[wasm_bindgen]
extern "C" {
    /// A JavaScript `RegExp`, bound here with `catch` on its constructor: a browser without
    /// Unicode property escapes throws on the pattern, and the widget must not fail with it.
    #[wasm_bindgen(js_name = RegExp)]
    type UnicodeRegExp;
    #[wasm_bindgen(constructor, js_class = "RegExp", catch)]
    fn new(pattern: &str, flags: &str) -> Result<UnicodeRegExp, JsValue>;
    #[wasm_bindgen(method)]
    fn test(this: &UnicodeRegExp, text: &str) -> bool;
}

/// Installs the browser-backed classifier (`\p{Alphabetic}` and `\p{N}`, the properties
/// `char::is_alphabetic` and `char::is_alphanumeric` use). Called when a widget starts; ASCII
/// never reaches it, so the regular expression runs only for non-ASCII characters next to an `@`.
pub fn use_browser_unicode() {
    pii::set_classifier(|c, class| {
        let pattern = match class {
            CharClass::Alphanumeric => "^[\\p{Alphabetic}\\p{N}]$",
            CharClass::Alphabetic => "^\\p{Alphabetic}$",
        };
        let mut text = [0u8; 4];
        match UnicodeRegExp::new(pattern, "u") {
            Ok(re) => re.test(c.encode_utf8(&mut text)),
            // Without `\p{...}` support: the Latin letters, which cover the Nordic languages.
            Err(_) => matches!(c, '\u{c0}'..='\u{24f}') && c != '\u{d7}' && c != '\u{f7}',
        }
    });
}
