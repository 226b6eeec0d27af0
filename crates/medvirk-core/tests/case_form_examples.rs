//! Contract tests of the case wire format from the outside: the example payloads in
//! `examples/case/`, the hand-written JSON against the serde derives, and the JSON Schema in
//! `schemas/case.v1.schema.json` against the Rust types and the length limits.

use std::collections::BTreeSet;
use std::fs;
use std::path::{Path, PathBuf};

use medvirk_core::case_form::{
    CaseReceipt, CaseStatus, CaseStatusView, CaseSubmission, Contact, HistoryEntry, LIMITS,
    Proposer, Role, Visibility, check_case, visibility,
};
use serde_json::Value;

fn repo_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
}

fn json_files(dir: &Path) -> Vec<PathBuf> {
    let mut files: Vec<PathBuf> = fs::read_dir(dir)
        .unwrap_or_else(|e| panic!("{}: {e}", dir.display()))
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|x| x == "json"))
        .collect();
    files.sort();
    files
}

fn name(path: &Path) -> &str {
    path.file_name().unwrap().to_str().unwrap()
}

/// What a server answers for a body: the error code, or `None` when the case is accepted.
/// Bodies serde refuses get the codes medvirk-server uses for them.
fn outcome(text: &str) -> Option<String> {
    match serde_json::from_str::<CaseSubmission>(text) {
        Err(e) => {
            let msg = e.to_string();
            let code = if msg.starts_with("unknown field") {
                "unknown_field"
            } else if msg.starts_with("missing field") {
                "missing_field"
            } else {
                "invalid_json"
            };
            Some(code.to_owned())
        }
        Ok(sub) => check_case(&sub).err().map(|e| e.code.to_owned()),
    }
}

#[test]
fn valid_submissions_pass_and_are_written_back_identically() {
    let files = json_files(&repo_root().join("examples/case"));
    let mut roles = BTreeSet::new();
    let (mut anonymous, mut with_contact) = (0, 0);
    for path in &files {
        let text = fs::read_to_string(path).unwrap();
        let sub: CaseSubmission =
            serde_json::from_str(&text).unwrap_or_else(|e| panic!("{}: {e}", name(path)));
        assert_eq!(check_case(&sub), Ok(()), "{}", name(path));
        let written = sub.to_json();
        assert_eq!(
            serde_json::from_str::<Value>(&written).unwrap(),
            serde_json::from_str::<Value>(&text).unwrap(),
            "{}",
            name(path)
        );
        assert_eq!(
            written,
            serde_json::to_string(&sub).unwrap(),
            "{}",
            name(path)
        );
        roles.insert(sub.proposer.role.wire());
        match sub.contact {
            None => anonymous += 1,
            Some(_) => with_contact += 1,
        }
    }
    assert_eq!(roles.len(), Role::ALL.len(), "every role has an example");
    assert!(anonymous >= 2 && with_contact >= 2);
}

#[test]
fn invalid_submissions_fail_with_the_code_in_their_name() {
    let files = json_files(&repo_root().join("examples/case/invalid"));
    let mut codes = BTreeSet::new();
    for path in &files {
        let want = name(path).split('.').next().unwrap().to_owned();
        let text = fs::read_to_string(path).unwrap();
        assert_eq!(
            outcome(&text).as_deref(),
            Some(want.as_str()),
            "{}",
            name(path)
        );
        codes.insert(want);
    }
    for code in [
        "required",
        "too_long",
        "invalid_characters",
        "contact_missing",
        "consent_required",
        "invalid_email",
        "invalid_phone",
        "invalid_council",
        "invalid_uuid",
        "unsupported_language",
        "invalid_timestamp",
        "unsupported_schema_version",
        "unknown_field",
        "missing_field",
        "invalid_json",
    ] {
        assert!(codes.contains(code), "no invalid example for {code}");
    }
}

#[test]
fn response_examples_read_the_same_by_hand_and_by_serde() {
    let dir = repo_root().join("examples/case/responses");
    let mut seen = 0;
    for path in json_files(&dir) {
        let text = fs::read_to_string(&path).unwrap();
        let n = name(&path);
        if n.starts_with("receipt") {
            let by_hand = CaseReceipt::from_json(&text).unwrap();
            let by_serde: CaseReceipt = serde_json::from_str(&text).unwrap();
            assert_eq!(by_hand, by_serde, "{n}");
            assert_eq!(by_hand.to_json(), serde_json::to_string(&by_serde).unwrap());
        } else if n.starts_with("status-") {
            let by_hand = CaseStatusView::from_json(&text).unwrap_or_else(|| panic!("{n}"));
            let by_serde: CaseStatusView = serde_json::from_str(&text).unwrap();
            assert_eq!(by_hand, by_serde, "{n}");
            assert_eq!(by_hand.to_json(), serde_json::to_string(&by_serde).unwrap());
            // Nothing in a status view may be admin-only.
            for key in serde_json::from_str::<Value>(&text)
                .unwrap()
                .as_object()
                .unwrap()
                .keys()
            {
                assert_eq!(visibility(key), Visibility::Public, "{n}: {key}");
            }
        } else {
            panic!("{n}: response examples are named receipt*.json or status-*.json");
        }
        seen += 1;
    }
    assert!(seen >= 3);
}

#[test]
fn status_views_from_other_backends_are_read_defensively() {
    let ok = r#"{"receipt":"R1","status":"on_agenda","receivedAt":"a","updatedAt":"b",
        "meetingDate":null,"extra":{"x":[1]},"history":[{"status":"received","at":"a"}]}"#;
    let view = CaseStatusView::from_json(ok).unwrap();
    assert_eq!(
        (view.status, view.meeting_date),
        (CaseStatus::OnAgenda, None)
    );
    for bad in [
        "",
        "[]",
        r#"{"receipt":"R1","status":"open","receivedAt":"a","updatedAt":"b","history":[]}"#,
        r#"{"receipt":"R1","status":"received","receivedAt":"a","updatedAt":"b","history":[{"status":"x","at":"a"}]}"#,
        r#"{"receipt":"R1","status":"received","receivedAt":"a","updatedAt":"b","history":{}}"#,
        r#"{"receipt":"R1","status":"received","receivedAt":"a","updatedAt":"b","reason":5}"#,
        r#"{"receipt":1,"status":"received","receivedAt":"a","updatedAt":"b"}"#,
        r#"{"status":"received","receivedAt":"a","updatedAt":"b"}"#,
    ] {
        assert_eq!(CaseStatusView::from_json(bad), None, "{bad}");
    }
    assert_eq!(
        CaseReceipt::from_json(r#"{"receipt":" ","status":"received"}"#),
        None
    );
    assert_eq!(
        CaseReceipt::from_json(r#"{"receipt":"BR-2026-0001","status":"new"}"#),
        None
    );
    assert_eq!(
        CaseReceipt::from_json(r#"{"receipt":" BR-2026-0001 ","status":"received","id":"x"}"#)
            .map(|r| r.receipt),
        Some("BR-2026-0001".into())
    );
}

/// Strings that break naive writers.
fn nasty_strings() -> Vec<String> {
    vec![
        String::new(),
        r#"She said "hei" \ and \\ left"#.into(),
        (0u8..0x20).map(char::from).collect(),
        "\u{7f}\u{85}\u{2028}\u{2029}".into(),
        "Blåbær på Ærøy, Åre och Östersund 👨‍👩‍👧".into(),
        "</script><!-- {\"a\":null} -->".into(),
    ]
}

fn full_case(s: &str) -> CaseSubmission {
    CaseSubmission {
        schema_version: 1,
        case_id: s.into(),
        council: s.into(),
        title: s.into(),
        why: s.into(),
        where_: s.into(),
        when: s.into(),
        solution: s.into(),
        proposer: Proposer {
            role: Role::Employee,
            organisation: Some(s.into()),
        },
        contact: Some(Contact {
            name: Some(s.into()),
            email: None,
            phone: Some(s.into()),
            consent: true,
        }),
        language: s.into(),
        client_timestamp: s.into(),
        honeypot: Some(s.into()),
        elapsed_ms: Some(184_000),
    }
}

fn full_view(s: &str) -> CaseStatusView {
    CaseStatusView {
        receipt: s.into(),
        status: CaseStatus::NotTakenUp,
        status_label: Some(s.into()),
        received_at: s.into(),
        updated_at: s.into(),
        meeting_date: Some(s.into()),
        public_answer: Some(s.into()),
        reason: Some(s.into()),
        history: vec![
            HistoryEntry {
                status: CaseStatus::Received,
                at: s.into(),
            },
            HistoryEntry {
                status: CaseStatus::NotTakenUp,
                at: s.into(),
            },
        ],
    }
}

#[test]
fn hand_written_json_equals_serde_for_any_text() {
    for s in nasty_strings() {
        let sub = full_case(&s);
        let json = sub.to_json();
        assert_eq!(json, serde_json::to_string(&sub).unwrap());
        assert_eq!(serde_json::from_str::<CaseSubmission>(&json).unwrap(), sub);
        let view = full_view(&s);
        let json = view.to_json();
        assert_eq!(json, serde_json::to_string(&view).unwrap());
        assert_eq!(CaseStatusView::from_json(&json), Some(view));
    }
    let mut sub = full_case("x");
    sub.contact = None;
    sub.proposer.organisation = None;
    assert!(
        sub.to_json()
            .contains(r#""organisation":null},"contact":null,"#)
    );
    let mut view = full_view("x");
    view.status_label = None;
    view.meeting_date = None;
    view.public_answer = None;
    view.reason = None;
    view.history.clear();
    assert_eq!(
        view.to_json(),
        r#"{"receipt":"x","status":"not_taken_up","receivedAt":"x","updatedAt":"x","history":[]}"#
    );
}

// --- JSON Schema ------------------------------------------------------------------------------

fn schema() -> Value {
    let path = repo_root().join("schemas/case.v1.schema.json");
    serde_json::from_str(&fs::read_to_string(path).unwrap()).unwrap()
}

/// Follows `$ref`, `allOf` and `anyOf` alternatives that are objects to the schemas that
/// describe members, collecting every property as a dotted path with its schema.
fn members<'a>(defs: &'a Value, v: &'a Value, prefix: &str, out: &mut Vec<(String, &'a Value)>) {
    if let Some(r) = v.get("$ref").and_then(Value::as_str) {
        let def = r.strip_prefix("#/$defs/").unwrap();
        return members(defs, &defs[def], prefix, out);
    }
    // Own properties first: `anyOf` branches (Contact's) restate some of them partially.
    for (name, sub) in v
        .get("properties")
        .and_then(Value::as_object)
        .into_iter()
        .flatten()
    {
        let path = format!("{prefix}{name}");
        members(defs, sub, &format!("{path}."), out);
        if !out.iter().any(|(q, _)| *q == path) {
            out.push((path, sub));
        }
    }
    for key in ["allOf", "anyOf"] {
        for alt in v.get(key).and_then(Value::as_array).into_iter().flatten() {
            if alt.get("$ref").is_some() || alt.get("properties").is_some() {
                let mut inner = Vec::new();
                members(defs, alt, prefix, &mut inner);
                for (p, s) in inner {
                    if !out.iter().any(|(q, _)| *q == p) {
                        out.push((p, s));
                    }
                }
            }
        }
    }
}

fn value_keys(v: &Value, prefix: &str, out: &mut BTreeSet<String>) {
    for (name, sub) in v.as_object().into_iter().flatten() {
        let path = format!("{prefix}{name}");
        value_keys(sub, &format!("{path}."), out);
        out.insert(path);
    }
}

/// The `maxLength` that applies to a member: its own or that of its string alternative.
fn max_length(v: &Value) -> Option<u64> {
    v.get("maxLength").and_then(Value::as_u64).or_else(|| {
        v.get("anyOf")?
            .as_array()?
            .iter()
            .find_map(|alt| alt.get("maxLength").and_then(Value::as_u64))
    })
}

#[test]
fn schema_names_the_same_members_and_limits_as_the_rust_types() {
    let schema = schema();
    assert_eq!(
        schema["$schema"],
        "https://json-schema.org/draft/2020-12/schema"
    );
    let defs = &schema["$defs"];
    let cases = [
        (
            "CaseSubmission",
            serde_json::to_value(full_case("x")).unwrap(),
        ),
        (
            "CaseStatusView",
            serde_json::to_value(full_view("x")).unwrap(),
        ),
        (
            "CaseReceipt",
            serde_json::to_value(CaseReceipt {
                receipt: "x".into(),
                status: CaseStatus::Received,
            })
            .unwrap(),
        ),
    ];
    for (def, full) in &cases {
        let mut in_schema = Vec::new();
        members(defs, &defs[*def], "", &mut in_schema);
        let in_schema: BTreeSet<String> = in_schema.into_iter().map(|(p, _)| p).collect();
        let mut in_rust = BTreeSet::new();
        value_keys(full, "", &mut in_rust);
        // Array items (history entries) are described under `items`, not `properties`.
        in_rust.retain(|k| !k.starts_with("history."));
        assert_eq!(in_schema, in_rust, "{def}: schema members vs serde members");
    }
    for def in ["CaseSubmission", "Proposer", "Contact", "CaseStatusView"] {
        assert_eq!(defs[def]["additionalProperties"], false, "{def}");
    }
    // A submission always carries every member, so every member is required, at every level;
    // except the later, optional abuse signals `honeypot` and `elapsedMs` (left out when absent).
    let required = |def: &str| -> BTreeSet<String> {
        defs[def]["required"]
            .as_array()
            .unwrap()
            .iter()
            .map(|v| v.as_str().unwrap().to_owned())
            .collect()
    };
    let keys = |v: &Value| -> BTreeSet<String> { v.as_object().unwrap().keys().cloned().collect() };
    let sub = serde_json::to_value(full_case("x")).unwrap();
    let mut always = keys(&sub);
    assert!(always.remove("honeypot") && always.remove("elapsedMs"));
    assert_eq!(required("CaseSubmission"), always);
    assert_eq!(required("Proposer"), keys(&sub["proposer"]));
    assert_eq!(required("Contact"), keys(&sub["contact"]));
    // The limits the widget counts against are the schema's.
    let mut all = Vec::new();
    members(defs, &defs["CaseSubmission"], "", &mut all);
    for l in LIMITS {
        let (_, member) = all
            .iter()
            .find(|(p, _)| p == l.field)
            .unwrap_or_else(|| panic!("{} not in schema", l.field));
        assert_eq!(max_length(member), Some(l.max_chars as u64), "{}", l.field);
    }
    // Enumerations list exactly the Rust variants.
    let strings = |v: &Value| -> Vec<String> {
        v["enum"]
            .as_array()
            .unwrap()
            .iter()
            .map(|s| s.as_str().unwrap().to_owned())
            .collect()
    };
    assert_eq!(
        strings(&defs["Role"]),
        Role::ALL.map(|r| r.wire().to_owned())
    );
    assert_eq!(
        strings(&defs["CaseStatus"]),
        CaseStatus::ALL.map(|s| s.wire().to_owned())
    );
}
