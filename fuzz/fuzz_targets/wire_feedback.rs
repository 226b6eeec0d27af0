//! Fuzz target: the smiley's wire format as the server reads it (serde_json into FeedbackSubmission / FeedbackUpdate, then core's validation).
//!
//! Beyond "no panic": a submission that passes validation must survive a serialize/parse round
//! trip unchanged, because the server hashes the re-serialized form to recognise replays.
#![no_main]

use libfuzzer_sys::fuzz_target;
use medvirk_core::validate;
use medvirk_core::wire::{FeedbackSubmission, FeedbackUpdate};

fuzz_target!(|data: &[u8]| {
    if let Ok(sub) = serde_json::from_slice::<FeedbackSubmission>(data)
        && validate::feedback_submission(&sub).is_ok()
    {
        let text = serde_json::to_string(&sub).expect("a valid submission serializes");
        let again: FeedbackSubmission = serde_json::from_str(&text).expect("and parses back");
        assert_eq!(again, sub);
        assert!(validate::feedback_submission(&again).is_ok());
    }
    if let Ok(update) = serde_json::from_slice::<FeedbackUpdate>(data) {
        let _ = validate::feedback_update(&update);
    }
});
