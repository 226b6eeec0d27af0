//! Our payload fields per widget kind, so a mapping can be checked before anything is sent, and
//! "did you mean" suggestions for typos.
//!
//! The lists mirror the wire types (`wire::FeedbackSubmission`, `case_form::CaseSubmission`) and
//! the native directory records (`schemas/directory.v1.schema.json`); the tests in
//! `mapping/tests.rs` check them against the example payloads so they cannot drift silently.

/// Every JSON Pointer a `<medvirk-smiley>` submission template may reference.
pub const FEEDBACK: &[&str] = &[
    "",
    "/schemaVersion",
    "/responseId",
    "/widgetId",
    "/rating",
    "/rating/value",
    "/rating/scale",
    "/comment",
    "/language",
    "/page",
    "/page/path",
    "/clientTimestamp",
    "/timeToAnswerMs",
];

/// Every JSON Pointer a `<medvirk-case-form>` submission template may reference.
pub const CASE: &[&str] = &[
    "",
    "/schemaVersion",
    "/caseId",
    "/council",
    "/title",
    "/why",
    "/where",
    "/when",
    "/solution",
    "/proposer",
    "/proposer/role",
    "/proposer/organisation",
    "/contact",
    "/contact/name",
    "/contact/email",
    "/contact/phone",
    "/contact/consent",
    "/language",
    "/clientTimestamp",
    "/honeypot",
    "/elapsedMs",
];

/// The members of our public case status view (`CaseStatusView`) a `status` mapping may fill;
/// the history is derived, not mapped.
pub const STATUS_VIEW: &[&str] = &[
    "receipt",
    "status",
    "statusLabel",
    "receivedAt",
    "updatedAt",
    "meetingDate",
    "publicAnswer",
    "reason",
];

/// The lists of a native directory document a read mapping may fill.
pub const DIRECTORY_LISTS: &[&str] = &["persons", "organisations", "memberships"];

/// The members of a native directory record of list `list`.
pub fn directory_item(list: &str) -> &'static [&'static str] {
    match list {
        "persons" => &[
            "id",
            "name",
            "sortName",
            "otherNames",
            "email",
            "phone",
            "address",
            "links",
            "photoUrl",
        ],
        "organisations" => &["id", "name", "kind", "parentId", "level", "seats"],
        _ => &[
            "id",
            "personId",
            "councilId",
            "role",
            "category",
            "onBehalfOf",
            "start",
            "end",
            "status",
            "deputyFor",
            "contact",
            "confirmedOn",
        ],
    }
}

/// Whether `pointer` is `known`, or lies inside a known object (`/rating/value/x` is not:
/// only the listed paths exist).
pub fn exists(known: &[&str], pointer: &str) -> bool {
    known.contains(&pointer)
}

/// The closest known name, when it is close enough to be a likely typo.
pub fn suggest<'a>(known: &[&'a str], wrong: &str) -> Option<&'a str> {
    let limit = (wrong.chars().count() / 3).clamp(1, 3);
    known
        .iter()
        .filter(|k| !k.is_empty())
        .map(|k| (distance(k, wrong), *k))
        .filter(|(d, _)| *d <= limit)
        .min_by_key(|(d, _)| *d)
        .map(|(_, k)| k)
}

/// Edit distance (optimal string alignment: insert, delete, substitute, swap two neighbours),
/// case-insensitively, since a swapped pair or a wrong case is the typical typo.
fn distance(a: &str, b: &str) -> usize {
    let a: Vec<char> = a.chars().flat_map(char::to_lowercase).collect();
    let b: Vec<char> = b.chars().flat_map(char::to_lowercase).collect();
    let mut before: Vec<usize> = vec![0; b.len() + 1];
    let mut prev: Vec<usize> = (0..=b.len()).collect();
    let mut cur = vec![0; b.len() + 1];
    for i in 0..a.len() {
        cur[0] = i + 1;
        for j in 0..b.len() {
            let mut d = (prev[j] + usize::from(a[i] != b[j]))
                .min(prev[j + 1] + 1)
                .min(cur[j] + 1);
            if i > 0 && j > 0 && a[i] == b[j - 1] && a[i - 1] == b[j] {
                d = d.min(before[j - 1] + 1);
            }
            cur[j + 1] = d;
        }
        std::mem::swap(&mut before, &mut prev);
        std::mem::swap(&mut prev, &mut cur);
    }
    prev[b.len()]
}
