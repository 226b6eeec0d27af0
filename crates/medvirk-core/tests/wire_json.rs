//! Contract tests of the wire format from the outside: the hand-written JSON writer against
//! serde_json, the example payloads in `examples/feedback/`, and the JSON Schema in `schemas/`.

use std::collections::BTreeSet;
use std::fs;
use std::path::{Path, PathBuf};

use medvirk_core::json::{JsonObject, write_str, write_u64};
use medvirk_core::validate;
use medvirk_core::wire::{FeedbackSubmission, FeedbackUpdate, Page, Rating};
use serde_json::Value;

fn repo_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
}

/// Strings that break naive writers: quotes, backslashes, every control character,
/// non-ASCII letters, emoji, and the JavaScript line separators.
fn nasty_strings() -> Vec<String> {
    let all_controls: String = (0u8..0x20).map(char::from).collect();
    vec![
        String::new(),
        "plain".into(),
        r#"She said "hei" \ and \\ left \" \u0041"#.into(),
        "line\nbreak\r\nand\ttab".into(),
        all_controls,
        "\u{7f}\u{85}\u{2028}\u{2029}".into(),
        "Blåbærsyltetøy på Ærøy, Åre och Östersund".into(),
        "👍🏽 🇳🇴 👨‍👩‍👧 😀".into(),
        "</script><!-- {\"a\":1} -->".into(),
        "\"".repeat(50),
        "ø".repeat(1000),
    ]
}

#[test]
fn strings_are_escaped_so_serde_json_reads_them_back() {
    for s in nasty_strings() {
        let mut out = String::new();
        write_str(&mut out, &s);
        let back: String = serde_json::from_str(&out).unwrap_or_else(|e| panic!("{out:?}: {e}"));
        assert_eq!(back, s);
        // Byte for byte what serde_json writes, so the two writers are interchangeable.
        assert_eq!(out, serde_json::to_string(&s).unwrap());
    }
}

#[test]
fn escapes_are_the_short_and_readable_ones() {
    let cases = [
        ("\"", r#""\"""#),
        ("\\", r#""\\""#),
        ("\n\r\t\u{8}\u{c}", r#""\n\r\t\b\f""#),
        ("\0\u{1}\u{1f}", r#""\u0000\u0001\u001f""#),
        ("æøå 😀", "\"æøå 😀\""),
        ("/", "\"/\""),
    ];
    for (input, want) in cases {
        let mut out = String::new();
        write_str(&mut out, input);
        assert_eq!(out, want, "write_str({input:?})");
    }
}

#[test]
fn numbers_and_objects() {
    for n in [0, 1, 9, 10, 86_400_000, u64::from(u32::MAX), u64::MAX] {
        let mut out = String::new();
        write_u64(&mut out, n);
        assert_eq!(out, n.to_string());
    }
    let mut out = String::new();
    let mut o = JsonObject::new(&mut out);
    o.str("a\"b", "c")
        .u64("n", 7)
        .object("empty", |_| {})
        .object("inner", |o| {
            o.str("x", "y");
        });
    o.end();
    assert_eq!(out, r#"{"a\"b":"c","n":7,"empty":{},"inner":{"x":"y"}}"#);
    let mut out = String::new();
    JsonObject::new(&mut out).end();
    assert_eq!(out, "{}");
}

fn full_submission(comment: Option<String>) -> FeedbackSubmission {
    FeedbackSubmission {
        schema_version: 1,
        response_id: "3f2b8c1e-9a4d-4f6b-8e2a-1c5d7b9e0a42".into(),
        widget_id: "byggesak".into(),
        rating: Rating { value: 2, scale: 3 },
        comment,
        language: "sv".into(),
        page: Page {
            path: "/a\"b\\c/æ".into(),
        },
        client_timestamp: "2026-03-01T12:30:00.000Z".into(),
        time_to_answer_ms: Some(u64::MAX),
    }
}

/// `to_json` must parse back into the same value and equal serde's own output byte for byte.
fn round_trip_submission(sub: &FeedbackSubmission) {
    let json = sub.to_json();
    let back: FeedbackSubmission =
        serde_json::from_str(&json).unwrap_or_else(|e| panic!("{json}: {e}"));
    assert_eq!(&back, sub);
    assert_eq!(json, serde_json::to_string(sub).unwrap());
}

fn round_trip_update(update: &FeedbackUpdate) {
    let json = update.to_json();
    let back: FeedbackUpdate =
        serde_json::from_str(&json).unwrap_or_else(|e| panic!("{json}: {e}"));
    assert_eq!(&back, update);
    assert_eq!(json, serde_json::to_string(update).unwrap());
}

#[test]
fn payloads_with_nasty_strings_round_trip() {
    for s in nasty_strings() {
        round_trip_submission(&full_submission(Some(s.clone())));
        let mut sub = full_submission(None);
        sub.widget_id = s.clone();
        sub.page.path = s.clone();
        sub.client_timestamp = s.clone();
        round_trip_submission(&sub);
        round_trip_update(&FeedbackUpdate {
            schema_version: 1,
            rating: None,
            comment: Some(s.clone()),
        });
        round_trip_update(&FeedbackUpdate {
            schema_version: 1,
            rating: Some(Rating { value: 5, scale: 5 }),
            comment: Some(s),
        });
    }
    round_trip_update(&FeedbackUpdate {
        schema_version: 1,
        rating: Some(Rating { value: 1, scale: 3 }),
        comment: None,
    });
    round_trip_update(&FeedbackUpdate::default());
}

#[test]
fn absent_optional_members_are_left_out() {
    let mut sub = full_submission(None);
    sub.time_to_answer_ms = None;
    let json = sub.to_json();
    assert!(
        !json.contains("comment") && !json.contains("timeToAnswerMs") && !json.contains("null"),
        "{json}"
    );
    assert_eq!(
        FeedbackUpdate {
            schema_version: 1,
            ..Default::default()
        }
        .to_json(),
        r#"{"schemaVersion":1}"#
    );
    // `null` from other clients still reads as absent.
    let update: FeedbackUpdate =
        serde_json::from_str(r#"{"schemaVersion":1,"rating":null,"comment":"x"}"#).unwrap();
    assert_eq!(update.rating, None);
}

// --- example payloads -------------------------------------------------------------------------

fn json_files(dir: &Path) -> Vec<PathBuf> {
    let mut files: Vec<PathBuf> = fs::read_dir(dir)
        .unwrap_or_else(|e| panic!("{}: {e}", dir.display()))
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|x| x == "json"))
        .collect();
    files.sort();
    files
}

/// The error code an example's name promises: the file name up to its first dot.
fn expected_code(path: &Path) -> String {
    let name = path.file_name().unwrap().to_str().unwrap();
    name.split('.').next().unwrap().to_owned()
}

/// The code a server gives a body serde refuses. `medvirk-server` maps serde errors the same way.
fn parse_error_code(e: &serde_json::Error) -> &'static str {
    let msg = e.to_string();
    if msg.starts_with("unknown field") {
        "unknown_field"
    } else if msg.starts_with("missing field") {
        "missing_field"
    } else {
        "invalid_json"
    }
}

/// Parses and validates one body; returns the error code, or `None` when it is accepted.
fn outcome<T: serde::de::DeserializeOwned>(
    text: &str,
    run: fn(&T) -> Result<(), validate::FieldError>,
) -> Option<String> {
    match serde_json::from_str::<T>(text) {
        Err(e) => Some(parse_error_code(&e).to_owned()),
        Ok(payload) => run(&payload).err().map(|e| e.code.to_owned()),
    }
}

#[test]
fn valid_examples_parse_validate_and_are_written_back_identically() {
    let dir = repo_root().join("examples/feedback");
    let mut seen = BTreeSet::new();
    for path in json_files(&dir) {
        let name = path.file_name().unwrap().to_str().unwrap().to_owned();
        let text = fs::read_to_string(&path).unwrap();
        let as_value: Value = serde_json::from_str(&text).unwrap();
        let written = if name.starts_with("submission-") {
            let sub: FeedbackSubmission =
                serde_json::from_str(&text).unwrap_or_else(|e| panic!("{name}: {e}"));
            validate::feedback_submission(&sub).unwrap_or_else(|e| panic!("{name}: {e:?}"));
            sub.to_json()
        } else if name.starts_with("update-") {
            let update: FeedbackUpdate =
                serde_json::from_str(&text).unwrap_or_else(|e| panic!("{name}: {e}"));
            validate::feedback_update(&update).unwrap_or_else(|e| panic!("{name}: {e:?}"));
            update.to_json()
        } else {
            panic!("{name}: valid examples are named submission-*.json or update-*.json");
        };
        // The hand-written writer reproduces the example exactly (as JSON values).
        assert_eq!(
            serde_json::from_str::<Value>(&written).unwrap(),
            as_value,
            "{name}"
        );
        seen.insert(name);
    }
    // Other crates' tests load these by name: they must stay.
    for name in [
        "submission-minimal.json",
        "submission-full.json",
        "submission-scale3.json",
        "update-comment.json",
        "update-rating.json",
    ] {
        assert!(seen.contains(name), "missing example {name}");
    }
}

#[test]
fn invalid_examples_fail_with_the_code_in_their_name() {
    let dir = repo_root().join("examples/feedback/invalid");
    let submissions = json_files(&dir);
    let updates = json_files(&dir.join("update"));
    assert!(submissions.len() >= 20 && updates.len() >= 5);
    let mut codes = BTreeSet::new();
    for path in &submissions {
        let text = fs::read_to_string(path).unwrap();
        let got = outcome::<FeedbackSubmission>(&text, validate::feedback_submission);
        assert_eq!(
            got.as_deref(),
            Some(expected_code(path).as_str()),
            "{}",
            path.display()
        );
        codes.insert(expected_code(path));
    }
    for path in &updates {
        let text = fs::read_to_string(path).unwrap();
        let got = outcome::<FeedbackUpdate>(&text, validate::feedback_update);
        assert_eq!(
            got.as_deref(),
            Some(expected_code(path).as_str()),
            "{}",
            path.display()
        );
        codes.insert(expected_code(path));
    }
    // Every code the validator can produce has at least one example.
    for code in [
        "unsupported_schema_version",
        "invalid_uuid",
        "invalid_widget_id",
        "invalid_rating",
        "too_long",
        "invalid_characters",
        "unsupported_language",
        "invalid_page_path",
        "invalid_timestamp",
        "invalid_time_to_answer",
        "empty_update",
        "unknown_field",
        "missing_field",
        "invalid_json",
    ] {
        assert!(codes.contains(code), "no invalid example for {code}");
    }
}

// --- JSON Schema ------------------------------------------------------------------------------

fn schema() -> Value {
    let path = repo_root().join("schemas/feedback.v1.schema.json");
    serde_json::from_str(&fs::read_to_string(path).unwrap()).unwrap()
}

/// Every property name declared anywhere under `v` (nested objects included), as dotted paths.
fn schema_properties(defs: &Value, v: &Value, prefix: &str, out: &mut BTreeSet<String>) {
    if let Some(r) = v.get("$ref").and_then(Value::as_str) {
        let name = r.strip_prefix("#/$defs/").unwrap();
        return schema_properties(defs, &defs[name], prefix, out);
    }
    for alt in v
        .get("anyOf")
        .and_then(Value::as_array)
        .into_iter()
        .flatten()
    {
        // Only `$ref` alternatives describe members; the others restrict types.
        if alt.get("$ref").is_some() {
            schema_properties(defs, alt, prefix, out);
        }
    }
    for (name, sub) in v
        .get("properties")
        .and_then(Value::as_object)
        .into_iter()
        .flatten()
    {
        let path = format!("{prefix}{name}");
        schema_properties(defs, sub, &format!("{path}."), out);
        out.insert(path);
    }
}

/// Every member name in a serialized value, as dotted paths.
fn value_keys(v: &Value, prefix: &str, out: &mut BTreeSet<String>) {
    for (name, sub) in v.as_object().into_iter().flatten() {
        let path = format!("{prefix}{name}");
        value_keys(sub, &format!("{path}."), out);
        out.insert(path);
    }
}

fn required(def: &Value) -> BTreeSet<String> {
    def["required"]
        .as_array()
        .unwrap()
        .iter()
        .map(|v| v.as_str().unwrap().to_owned())
        .collect()
}

#[test]
fn schema_and_wire_types_name_the_same_members() {
    let schema = schema();
    assert_eq!(
        schema["$schema"],
        "https://json-schema.org/draft/2020-12/schema"
    );
    let defs = &schema["$defs"];
    let full_update = FeedbackUpdate {
        schema_version: 1,
        rating: Some(Rating { value: 1, scale: 3 }),
        comment: Some("x".into()),
    };
    let cases = [
        (
            "FeedbackSubmission",
            serde_json::to_value(full_submission(Some("x".into()))).unwrap(),
        ),
        ("FeedbackUpdate", serde_json::to_value(full_update).unwrap()),
    ];
    for (def, full) in cases {
        let mut in_schema = BTreeSet::new();
        schema_properties(defs, &defs[def], "", &mut in_schema);
        let mut in_rust = BTreeSet::new();
        value_keys(&full, "", &mut in_rust);
        assert_eq!(in_schema, in_rust, "{def}: schema members vs serde members");
        assert_eq!(
            defs[def]["additionalProperties"], false,
            "{def} must reject unknown members"
        );
    }
    // Required members are exactly those serde writes for a payload with every option absent.
    let mut minimal = full_submission(None);
    minimal.time_to_answer_ms = None;
    let written: BTreeSet<String> = serde_json::to_value(minimal)
        .unwrap()
        .as_object()
        .unwrap()
        .keys()
        .cloned()
        .collect();
    assert_eq!(required(&defs["FeedbackSubmission"]), written);
    let written: BTreeSet<String> = serde_json::to_value(FeedbackUpdate {
        schema_version: 1,
        ..Default::default()
    })
    .unwrap()
    .as_object()
    .unwrap()
    .keys()
    .cloned()
    .collect();
    assert_eq!(required(&defs["FeedbackUpdate"]), written);
}

#[test]
fn schema_limits_match_the_rust_constants() {
    let schema = schema();
    let defs = &schema["$defs"];
    let sub = &defs["FeedbackSubmission"]["properties"];
    assert_eq!(
        defs["SchemaVersion"]["const"],
        medvirk_core::wire::SCHEMA_VERSION
    );
    assert_eq!(
        defs["Comment"]["maxLength"],
        medvirk_core::wire::COMMENT_MAX_CHARS
    );
    assert_eq!(
        sub["page"]["properties"]["path"]["maxLength"],
        validate::PAGE_PATH_MAX_BYTES
    );
    assert_eq!(
        sub["timeToAnswerMs"]["maximum"],
        validate::TIME_TO_ANSWER_MAX_MS
    );
    let tags: Vec<&str> = medvirk_core::lang::Lang::ALL
        .iter()
        .map(|l| l.tag())
        .collect();
    assert_eq!(sub["language"]["enum"], serde_json::json!(tags));
    assert_eq!(
        defs["Rating"]["properties"]["scale"]["enum"],
        serde_json::json!([3, 5])
    );
}
