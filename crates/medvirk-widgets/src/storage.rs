//! The only browser-storage code: the smiley's "don't ask again" (this session), the case form's draft and the outbox.
//!
//! sessionStorage rather than localStorage or a cookie: the person asked us to stop asking now,
//! not forever, and nothing should outlive the visit. Storage can be unavailable (privacy modes,
//! sandboxed iframes, blocked third-party storage); then the widget simply asks again.

const SMILEY_DISMISSED: &str = "medvirk-smiley-dismissed";

fn session() -> Option<web_sys::Storage> {
    web_sys::window()?.session_storage().ok().flatten()
}

/// Whether the person said "don't ask again" earlier in this session (on any page of the site).
pub fn smiley_dismissed() -> bool {
    session()
        .and_then(|s| s.get_item(SMILEY_DISMISSED).ok().flatten())
        .is_some()
}

/// Remembers "don't ask again" until the browser session ends.
pub fn remember_smiley_dismissed() {
    if let Some(s) = session() {
        // A full or blocked storage only means the question comes back on the next page.
        let _ = s.set_item(SMILEY_DISMISSED, "1");
    }
}

/// Forgets "don't ask again" (used by tests and by demo pages that reset the widget).
pub fn forget_smiley_dismissed() {
    if let Some(s) = session() {
        let _ = s.remove_item(SMILEY_DISMISSED);
    }
}

// The case form's draft: localStorage on the host page's origin, because the point is to survive
// a reload or a closed tab. Keyed by council, so two councils' forms on one site keep apart, and
// holding only what `medvirk_core::case_form::draft` lets into a draft (never contact details).
// Expiry and foreign data are judged by core (`draft::restorable`) when the form opens.

const CASE_DRAFT_PREFIX: &str = "medvirk-case-draft:";

fn local() -> Option<web_sys::Storage> {
    web_sys::window()?.local_storage().ok().flatten()
}

fn case_draft_key(council: &str) -> String {
    let mut key = String::from(CASE_DRAFT_PREFIX);
    key.push_str(council);
    key
}

/// The stored draft string for `council`, if any (unchecked: pass it to `draft::restorable`).
pub fn case_draft(council: &str) -> Option<String> {
    local()?.get_item(&case_draft_key(council)).ok().flatten()
}

/// Stores the draft string for `council`. A full or blocked storage only means no draft is kept.
pub fn save_case_draft(council: &str, json: &str) {
    if let Some(s) = local() {
        let _ = s.set_item(&case_draft_key(council), json);
    }
}

/// Deletes the draft for `council` (after sending, on "clear draft", or when it is unusable).
pub fn delete_case_draft(council: &str) {
    if let Some(s) = local() {
        let _ = s.remove_item(&case_draft_key(council));
    }
}

// The outbox (`crate::outbox`, `medvirk_core::outbox`): localStorage on the host page's origin,
// because a submission must survive a closed tab and go out from any page of the site that
// embeds a widget. One key per widget kind, so a damaged feedback queue cannot take cases with
// it. Entries hold only what is needed to send them and expire after a week (core decides).

/// The localStorage key of the outbox for `kind` (`"feedback"`, `"case"`, or `"mapped"` for
/// sends shaped by a page's mapping).
fn outbox_key(kind: &str) -> String {
    let mut key = String::from("medvirk-outbox-");
    key.push_str(kind);
    key
}

/// The stored outbox text for `kind` (inner `None`: nothing stored); `None` when localStorage
/// cannot be used at all (privacy modes, sandboxed iframes), so the caller keeps the queue in
/// memory instead.
pub fn outbox(kind: &str) -> Option<Option<String>> {
    local()?.get_item(&outbox_key(kind)).ok()
}

/// Stores the outbox text for `kind` (an empty queue removes the key). False when it could not
/// be stored (blocked or full storage).
pub fn save_outbox(kind: &str, json: Option<&str>) -> bool {
    let Some(s) = local() else { return false };
    match json {
        Some(text) => s.set_item(&outbox_key(kind), text).is_ok(),
        None => s.remove_item(&outbox_key(kind)).is_ok(),
    }
}
