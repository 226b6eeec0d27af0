//! Fuzz target: the contact-link allowlist (`directory::links::safe_link`), where backend text becomes an `href`.
//!
//! Every link that comes out starts with its kind's scheme (`mailto:`, `tel:`, `https://`) and
//! holds no whitespace, control or quote characters, whatever tricks the input plays (case,
//! tabs inside `javascript:`, backslashes, user info). Feeding a link back in gives the same link.
#![no_main]

use libfuzzer_sys::fuzz_target;
use medvirk_core::directory::links::{LinkKind, safe_link};

fuzz_target!(|raw: &str| {
    for (kind, scheme) in [
        (LinkKind::Email, "mailto:"),
        (LinkKind::Phone, "tel:"),
        (LinkKind::Web, "https://"),
    ] {
        let Some(link) = safe_link(raw, kind) else {
            continue;
        };
        assert!(link.starts_with(scheme), "{kind:?} {raw:?} -> {link:?}");
        assert!(
            !link.chars().any(|c| c.is_whitespace()
                || c.is_control()
                || matches!(c, '"' | '<' | '>' | '\\' | '`')),
            "{kind:?} {raw:?} -> {link:?}"
        );
        assert_eq!(
            safe_link(&link, kind).as_deref(),
            Some(link.as_str()),
            "{kind:?} {raw:?}"
        );
    }
});
