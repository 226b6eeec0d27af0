//! Drafts kept on the device: never a contact detail, read back defensively, gone after 30 days.

use medvirk_core::case_form::draft::restorable;
use medvirk_core::case_form::{
    CaseForm, DRAFT_MAX_AGE_MS, Draft, Role, draft_from_form, is_expired,
};

const NOW: u64 = 1_772_000_000_000;
const DAY: u64 = 24 * 60 * 60 * 1000;

/// A form with every field filled, contact details made of strings that appear nowhere else.
fn full_form() -> CaseForm {
    CaseForm {
        title: "Ventetid \"fysio\"".into(),
        why: "Linje 1\nLinje 2 – «sitat» 😀".into(),
        where_: "Legevakten".into(),
        when: "Om kvelden".into(),
        solution: "Faste timer\\uke".into(),
        role: Some(Role::Relative),
        organisation: "Pårørendeforeningen".into(),
        wants_contact: true,
        name: "Kari Contactname".into(),
        email: "secret.mail@example.no".into(),
        phone: "+47 912 34 567".into(),
        consent: true,
        honeypot: "bot-typed-honeypot".into(),
    }
}

#[test]
fn a_draft_round_trips_without_contact_details() {
    let form = full_form();
    let draft = draft_from_form(&form, "brukerradet-helse-x");
    let json = draft.to_json(NOW);
    for personal in [
        "Contactname",
        "secret.mail",
        "912 34 567",
        "consent",
        "email",
        "phone",
        "bot-typed",
    ] {
        assert!(!json.contains(personal), "{personal} in {json}");
    }
    // The stored keys are exactly these; a new key needs a decision about personal data.
    let keys: Vec<String> =
        serde_json::from_str::<serde_json::Map<String, serde_json::Value>>(&json)
            .unwrap()
            .keys()
            .cloned()
            .collect();
    let mut want = [
        "kind",
        "v",
        "savedAt",
        "council",
        "title",
        "why",
        "where",
        "when",
        "solution",
        "role",
        "organisation",
        "wantsContact",
    ]
    .map(String::from)
    .to_vec();
    want.sort();
    let mut keys_sorted = keys.clone();
    keys_sorted.sort();
    assert_eq!(keys_sorted, want);

    let (back, saved) = Draft::from_json(&json).unwrap();
    assert_eq!((&back, saved), (&draft, NOW));

    // Restoring fills the case fields and leaves whatever contact fields the form has alone.
    let mut restored = CaseForm {
        email: "typed.after.reload@example.no".into(),
        ..CaseForm::default()
    };
    back.restore_into(&mut restored);
    assert_eq!(
        restored,
        CaseForm {
            name: String::new(),
            email: "typed.after.reload@example.no".into(),
            phone: String::new(),
            consent: false,
            honeypot: String::new(),
            ..form
        }
    );
}

#[test]
fn no_form_can_put_contact_details_into_a_draft() {
    // Contact details typed into every combination of the other fields and choices.
    for wants_contact in [false, true] {
        for role in [None, Some(Role::ServiceUser), Some(Role::Other)] {
            let form = CaseForm {
                role,
                wants_contact,
                ..full_form()
            };
            let json = draft_from_form(&form, "c").to_json(0);
            for personal in [&form.name, &form.email, &form.phone] {
                assert!(!json.contains(personal.as_str()), "{json}");
            }
        }
    }
}

#[test]
fn a_stored_string_cannot_smuggle_contact_details_into_the_form() {
    let tampered = r#"{"kind":"medvirk-case-draft","v":1,"savedAt":1,"council":"c","title":"t","why":"w","where":"","when":"","solution":"","role":null,"organisation":"","wantsContact":true,"name":"Evil","email":"evil@example.no","phone":"91234567","consent":true}"#;
    let (draft, _) = Draft::from_json(tampered).unwrap();
    let mut form = CaseForm::default();
    draft.restore_into(&mut form);
    assert_eq!(
        (form.name.as_str(), form.email.as_str(), form.phone.as_str()),
        ("", "", "")
    );
    assert!(!form.consent);
}

#[test]
fn corrupt_or_foreign_data_is_no_draft() {
    let good = draft_from_form(&full_form(), "c").to_json(NOW);
    let mut bad: Vec<String> = [
        "",
        "null",
        "[]",
        "{}",
        "\"draft\"",
        "{\"kind\":\"medvirk-case-draft\"}",
        "<html>",
        "undefined",
    ]
    .map(String::from)
    .to_vec();
    // Cut short anywhere (a full quota, a crash while writing).
    bad.extend(
        good.char_indices()
            .map(|(i, _)| good[..i].to_owned())
            .filter(|s| !s.is_empty()),
    );
    let swap = |from: &str, to: &str| {
        assert!(good.contains(from), "{from}");
        good.replacen(from, to, 1)
    };
    bad.extend([
        swap("medvirk-case-draft", "medvirk-smiley-queue"),
        swap("\"v\":1", "\"v\":2"),
        swap("\"v\":1", "\"v\":\"1\""),
        swap("\"relative\"", "\"patient\""),
        swap("\"relative\"", "3"),
        swap("\"wantsContact\":true", "\"wantsContact\":\"yes\""),
        swap("\"savedAt\":", "\"savedAt\":-"),
        swap("\"title\":", "\"title\":null,\"x\":"),
        swap("\"council\":\"c\",", ""),
        format!("{good} trailing"),
    ]);
    for s in &bad {
        assert_eq!(Draft::from_json(s), None, "{s:?}");
    }
    // Unknown members from a newer writer of the same version are ignored.
    let extra = swap("{", "{\"extra\":[1,{\"a\":null}],");
    assert!(Draft::from_json(&extra).is_some());
}

#[test]
fn drafts_expire_after_thirty_days() {
    let cases: &[(u64, u64, bool)] = &[
        (NOW, NOW, false),
        (NOW - 29 * DAY, NOW, false),
        (NOW - DRAFT_MAX_AGE_MS + 1, NOW, false),
        (NOW - DRAFT_MAX_AGE_MS, NOW, true),
        (NOW - 400 * DAY, NOW, true),
        (0, NOW, true),
        // A clock set back a little must not throw away today's work ...
        (NOW + DAY, NOW, false),
        // ... but a stamp far in the future would never expire, so it counts as expired.
        (NOW + DAY + 1, NOW, true),
        (u64::MAX, NOW, true),
        (0, 0, false),
        (0, u64::MAX, true),
    ];
    for &(saved, now, want) in cases {
        assert_eq!(is_expired(saved, now), want, "saved {saved}, now {now}");
    }
    assert_eq!(DRAFT_MAX_AGE_MS, 30 * DAY);
}

#[test]
fn what_is_restored_when_the_form_opens() {
    let draft = draft_from_form(&full_form(), "brukerradet-helse-x");
    let stored = draft.to_json(NOW - DAY);
    assert_eq!(restorable(&stored, "brukerradet-helse-x", NOW), Some(draft));
    assert_eq!(restorable(&stored, "eldreradet", NOW), None);
    assert_eq!(
        restorable(&stored, "brukerradet-helse-x", NOW + 30 * DAY),
        None
    );
    assert_eq!(restorable("garbage", "brukerradet-helse-x", NOW), None);
    // Only the contact choice was made: nothing worth a "draft restored" notice.
    let empty = draft_from_form(
        &CaseForm {
            wants_contact: true,
            title: "  ".into(),
            ..CaseForm::default()
        },
        "c",
    );
    assert!(empty.is_empty());
    assert_eq!(restorable(&empty.to_json(NOW), "c", NOW), None);
    let role_only = draft_from_form(
        &CaseForm {
            role: Some(Role::Employee),
            ..CaseForm::default()
        },
        "c",
    );
    assert!(!role_only.is_empty());
}
