//! Every validation rule for feedback payloads, one table row per rule, through one `check` helper.

use medvirk_core::validate::{self, FieldError, is_rfc3339, is_uuid_v4, is_widget_id};
use medvirk_core::wire::{ErrorBody, FeedbackSubmission, FeedbackUpdate, Page, Rating};

fn submission() -> FeedbackSubmission {
    FeedbackSubmission {
        schema_version: 1,
        response_id: "3f2b8c1e-9a4d-4f6b-8e2a-1c5d7b9e0a42".into(),
        widget_id: "byggesak".into(),
        rating: Rating { value: 4, scale: 5 },
        comment: Some("Fint! Æøå 👍\nNy linje\tog tab\r\n".into()),
        language: "nb".into(),
        page: Page {
            path: "/tjenester/byggesak".into(),
        },
        client_timestamp: "2026-03-01T12:30:00.000Z".into(),
        time_to_answer_ms: Some(4200),
    }
}

fn update() -> FeedbackUpdate {
    FeedbackUpdate {
        schema_version: 1,
        rating: None,
        comment: Some("Hei".into()),
    }
}

type Mutation<T> = fn(&mut T);

/// One table row: how to break a valid payload, and the (code, field) expected, if any.
type Case<T> = (Mutation<T>, Option<(&'static str, &'static str)>);

/// Applies `mutate` to a valid payload and checks the outcome: `None` means still valid,
/// `Some((code, field))` the first error. Also checks that messages name the field they blame.
fn check<T>(
    valid: fn() -> T,
    run: fn(&T) -> Result<(), FieldError>,
    mutate: Mutation<T>,
    want: Option<(&str, &str)>,
    row: usize,
) {
    let mut payload = valid();
    mutate(&mut payload);
    match (run(&payload), want) {
        (Ok(()), None) => {}
        (Err(e), Some((code, field))) => {
            assert_eq!((e.code, e.field), (code, field), "row {row}: {e:?}");
            assert!(
                e.message.ends_with('.'),
                "row {row}: message is not a sentence: {:?}",
                e.message
            );
            let named = if field.is_empty() { "update" } else { field };
            assert!(
                e.message.contains(named),
                "row {row}: message {:?} does not name {named}",
                e.message
            );
        }
        (got, want) => panic!("row {row}: got {got:?}, want {want:?}"),
    }
}

#[test]
fn submission_rules() {
    let cases: &[Case<FeedbackSubmission>] = &[
        (|_| {}, None),
        (|s| s.comment = None, None),
        (|s| s.time_to_answer_ms = None, None),
        (
            |s| s.schema_version = 2,
            Some(("unsupported_schema_version", "schemaVersion")),
        ),
        (
            |s| s.schema_version = 0,
            Some(("unsupported_schema_version", "schemaVersion")),
        ),
        (
            |s| s.response_id = "3F2B8C1E-9A4D-4F6B-AE2A-1C5D7B9E0A42".into(),
            None,
        ),
        (
            |s| s.response_id = "3f2b8c1e-9a4d-1f6b-8e2a-1c5d7b9e0a42".into(),
            Some(("invalid_uuid", "responseId")),
        ),
        (
            |s| s.response_id = "3f2b8c1e-9a4d-4f6b-7e2a-1c5d7b9e0a42".into(),
            Some(("invalid_uuid", "responseId")),
        ),
        (
            |s| s.response_id = "3f2b8c1e9a4d4f6b8e2a1c5d7b9e0a42".into(),
            Some(("invalid_uuid", "responseId")),
        ),
        (
            |s| s.response_id = "{3f2b8c1e-9a4d-4f6b-8e2a-1c5d7b9e0a42}".into(),
            Some(("invalid_uuid", "responseId")),
        ),
        (
            |s| s.response_id = String::new(),
            Some(("invalid_uuid", "responseId")),
        ),
        (|s| s.widget_id = "a".into(), None),
        (|s| s.widget_id = "Nav.sykepenger_2026-v2".into(), None),
        (|s| s.widget_id = "w".repeat(64), None),
        (
            |s| s.widget_id = "w".repeat(65),
            Some(("invalid_widget_id", "widgetId")),
        ),
        (
            |s| s.widget_id = String::new(),
            Some(("invalid_widget_id", "widgetId")),
        ),
        (
            |s| s.widget_id = "bygge sak".into(),
            Some(("invalid_widget_id", "widgetId")),
        ),
        (
            |s| s.widget_id = "byggesøk".into(),
            Some(("invalid_widget_id", "widgetId")),
        ),
        (
            |s| s.widget_id = "a/b".into(),
            Some(("invalid_widget_id", "widgetId")),
        ),
        (|s| s.rating = Rating { value: 1, scale: 5 }, None),
        (|s| s.rating = Rating { value: 5, scale: 5 }, None),
        (|s| s.rating = Rating { value: 3, scale: 3 }, None),
        (
            |s| s.rating = Rating { value: 0, scale: 5 },
            Some(("invalid_rating", "rating.value")),
        ),
        (
            |s| s.rating = Rating { value: 6, scale: 5 },
            Some(("invalid_rating", "rating.value")),
        ),
        (
            |s| s.rating = Rating { value: 4, scale: 3 },
            Some(("invalid_rating", "rating.value")),
        ),
        (
            |s| s.rating = Rating { value: 2, scale: 4 },
            Some(("invalid_rating", "rating.scale")),
        ),
        (
            |s| s.rating = Rating { value: 0, scale: 0 },
            Some(("invalid_rating", "rating.scale")),
        ),
        (
            |s| {
                s.rating = Rating {
                    value: 1,
                    scale: 10,
                }
            },
            Some(("invalid_rating", "rating.scale")),
        ),
        (|s| s.comment = Some(String::new()), None),
        (|s| s.comment = Some("ø".repeat(1000)), None),
        (|s| s.comment = Some("😀".repeat(1000)), None),
        (
            |s| s.comment = Some("ø".repeat(1001)),
            Some(("too_long", "comment")),
        ),
        (
            |s| s.comment = Some("Hei\0der".into()),
            Some(("invalid_characters", "comment")),
        ),
        (
            |s| s.comment = Some("Rød \u{1b}[31m".into()),
            Some(("invalid_characters", "comment")),
        ),
        (
            |s| s.comment = Some("DEL \u{7f}".into()),
            Some(("invalid_characters", "comment")),
        ),
        (
            |s| s.comment = Some("C1 \u{85}".into()),
            Some(("invalid_characters", "comment")),
        ),
        (|s| s.language = "nn".into(), None),
        (|s| s.language = "sv".into(), None),
        (|s| s.language = "en".into(), None),
        (
            |s| s.language = "de".into(),
            Some(("unsupported_language", "language")),
        ),
        (
            |s| s.language = "nb-NO".into(),
            Some(("unsupported_language", "language")),
        ),
        (
            |s| s.language = "NB".into(),
            Some(("unsupported_language", "language")),
        ),
        (
            |s| s.language = String::new(),
            Some(("unsupported_language", "language")),
        ),
        (|s| s.page.path = "/".into(), None),
        (|s| s.page.path = "/s%C3%B8knad/".into(), None),
        (|s| s.page.path = format!("/{}", "a".repeat(2047)), None),
        (
            |s| s.page.path = format!("/{}", "a".repeat(2048)),
            Some(("invalid_page_path", "page.path")),
        ),
        (
            |s| s.page.path = format!("/{}", "ø".repeat(1024)),
            Some(("invalid_page_path", "page.path")),
        ),
        (
            |s| s.page.path = String::new(),
            Some(("invalid_page_path", "page.path")),
        ),
        (
            |s| s.page.path = "side".into(),
            Some(("invalid_page_path", "page.path")),
        ),
        (
            |s| s.page.path = "https://kommune.no/".into(),
            Some(("invalid_page_path", "page.path")),
        ),
        (
            |s| s.page.path = "/sok?q=1".into(),
            Some(("invalid_page_path", "page.path")),
        ),
        (
            |s| s.page.path = "/side#topp".into(),
            Some(("invalid_page_path", "page.path")),
        ),
        (
            |s| s.page.path = "/a\nb".into(),
            Some(("invalid_page_path", "page.path")),
        ),
        (
            |s| s.client_timestamp = "2026-03-01T13:30:00+01:00".into(),
            None,
        ),
        (
            |s| s.client_timestamp = "2020-02-29T23:59:60.123456789-12:00".into(),
            None,
        ),
        (
            |s| s.client_timestamp = "2026-02-29T12:00:00Z".into(),
            Some(("invalid_timestamp", "clientTimestamp")),
        ),
        (
            |s| s.client_timestamp = "2026-03-01 12:30:00Z".into(),
            Some(("invalid_timestamp", "clientTimestamp")),
        ),
        (
            |s| s.client_timestamp = String::new(),
            Some(("invalid_timestamp", "clientTimestamp")),
        ),
        (|s| s.time_to_answer_ms = Some(0), None),
        (|s| s.time_to_answer_ms = Some(86_400_000), None),
        (
            |s| s.time_to_answer_ms = Some(86_400_001),
            Some(("invalid_time_to_answer", "timeToAnswerMs")),
        ),
        (
            |s| s.time_to_answer_ms = Some(u64::MAX),
            Some(("invalid_time_to_answer", "timeToAnswerMs")),
        ),
        // Several faults: the first in wire order is reported.
        (
            |s| {
                s.language = "de".into();
                s.widget_id = String::new();
                s.page.path = "x".into();
            },
            Some(("invalid_widget_id", "widgetId")),
        ),
    ];
    for (row, &(mutate, want)) in cases.iter().enumerate() {
        check(submission, validate::feedback_submission, mutate, want, row);
    }
}

#[test]
fn update_rules() {
    let cases: &[Case<FeedbackUpdate>] = &[
        (|_| {}, None),
        (|u| u.comment = Some(String::new()), None),
        (|u| u.rating = Some(Rating { value: 1, scale: 3 }), None),
        (
            |u| {
                u.comment = None;
                u.rating = Some(Rating { value: 5, scale: 5 });
            },
            None,
        ),
        (|u| u.comment = None, Some(("empty_update", ""))),
        (
            |u| u.schema_version = 2,
            Some(("unsupported_schema_version", "schemaVersion")),
        ),
        (
            |u| {
                u.schema_version = 7;
                u.comment = None;
            },
            Some(("unsupported_schema_version", "schemaVersion")),
        ),
        (
            |u| u.rating = Some(Rating { value: 0, scale: 3 }),
            Some(("invalid_rating", "rating.value")),
        ),
        (
            |u| u.rating = Some(Rating { value: 1, scale: 7 }),
            Some(("invalid_rating", "rating.scale")),
        ),
        (
            |u| u.comment = Some("x".repeat(1001)),
            Some(("too_long", "comment")),
        ),
        (
            |u| u.comment = Some("bell\u{7}".into()),
            Some(("invalid_characters", "comment")),
        ),
    ];
    for (row, &(mutate, want)) in cases.iter().enumerate() {
        check(update, validate::feedback_update, mutate, want, row);
    }
}

#[test]
fn uuid_and_widget_id_predicates() {
    for (s, want) in [
        ("3f2b8c1e-9a4d-4f6b-8e2a-1c5d7b9e0a42", true),
        ("3F2B8C1E-9A4D-4F6B-9E2A-1C5D7B9E0A42", true),
        ("00000000-0000-4000-a000-000000000000", true),
        ("00000000-0000-4000-B000-000000000000", true),
        ("00000000-0000-4000-c000-000000000000", false),
        ("00000000-0000-5000-8000-000000000000", false),
        ("00000000-0000-4000-8000-00000000000", false),
        ("00000000-0000-4000-8000-0000000000000", false),
        ("00000000_0000-4000-8000-000000000000", false),
        ("g0000000-0000-4000-8000-000000000000", false),
        ("", false),
    ] {
        assert_eq!(is_uuid_v4(s), want, "is_uuid_v4({s:?})");
    }
    for (s, want) in [
        ("byggesak", true),
        ("a.b-c_D9", true),
        ("", false),
        ("æ", false),
        ("a b", false),
        ("a:b", false),
    ] {
        assert_eq!(is_widget_id(s), want, "is_widget_id({s:?})");
    }
}

#[test]
fn rfc3339_checker() {
    for s in [
        "2026-03-01T12:30:00Z",
        "2026-03-01t12:30:00z",
        "2026-03-01T12:30:00.1Z",
        "2026-03-01T12:30:00.123456789Z",
        "2026-03-01T12:30:00+01:00",
        "2026-03-01T12:30:00-23:59",
        "2000-02-29T00:00:00Z",
        "2024-12-31T23:59:60Z",
        "1970-01-01T00:00:00Z",
    ] {
        assert!(is_rfc3339(s), "{s:?} should be accepted");
    }
    for s in [
        "",
        "2026-03-01",
        "2026-03-01T12:30Z",
        "2026-03-01T12:30:00",
        "2026-03-01T12:30:00.Z",
        "2026-03-01T12:30:00.1234567890Z",
        "2026-03-01T12:30:00+0100",
        "2026-03-01T12:30:00+01",
        "2026-03-01T12:30:00+24:00",
        "2026-03-01T12:30:00Z ",
        " 2026-03-01T12:30:00Z",
        "2026-03-01T24:00:00Z",
        "2026-03-01T12:60:00Z",
        "2026-03-01T12:30:61Z",
        "2026-13-01T12:30:00Z",
        "2026-00-01T12:30:00Z",
        "2026-04-31T12:30:00Z",
        "1900-02-29T12:30:00Z",
        "2026-3-01T12:30:00Z",
        "26-03-01T12:30:00Z",
        "2026/03/01T12:30:00Z",
        "2026-03-01T12:30:00ZZ",
        "2026-03-01T12:30:00.12a3Z",
        "２０２６-03-01T12:30:00Z",
    ] {
        assert!(!is_rfc3339(s), "{s:?} should be rejected");
    }
}

#[test]
fn field_errors_become_the_shared_error_body() {
    let mut bad = submission();
    bad.rating.value = 9;
    let body: ErrorBody = validate::feedback_submission(&bad).unwrap_err().into();
    assert_eq!(body.error.code, "invalid_rating");
    assert_eq!(body.error.field.as_deref(), Some("rating.value"));
    // An error about the whole payload has no field.
    let body: ErrorBody = validate::feedback_update(&FeedbackUpdate {
        schema_version: 1,
        ..Default::default()
    })
    .unwrap_err()
    .into();
    assert_eq!(
        (body.error.code.as_str(), body.error.field),
        ("empty_update", None)
    );
}
