//! The case form as the person fills it in: validation with field paths and codes, length
//! counters, personal-data hints, the submission built from the form, the review step, and the
//! texts in all four languages.

use medvirk_core::case_form::check::{is_council_id, is_plausible_email, is_plausible_phone};
use medvirk_core::case_form::texts::texts;
use medvirk_core::case_form::{
    CaseForm, CaseStatus, CaseSubmission, CharCount, Contact, Envelope, LIMITS, Proposer, Role,
    Visibility, case_errors, char_count, check_case, form_errors, limit, pii_hints, review_rows,
    visibility,
};
use medvirk_core::lang::Lang;
use medvirk_core::pii::PiiKind;

const CASE_ID: &str = "6f1c2a9e-3b7d-4e2f-9a1c-5d8e7f6a4b30";

fn filled() -> CaseForm {
    CaseForm {
        title: "Lang ventetid på fysioterapi".into(),
        why: "Jeg ventet fire måneder.".into(),
        role: Some(Role::ServiceUser),
        ..CaseForm::default()
    }
}

fn with_contact(name: &str, email: &str, phone: &str, consent: bool) -> CaseForm {
    CaseForm {
        wants_contact: true,
        name: name.into(),
        email: email.into(),
        phone: phone.into(),
        consent,
        ..filled()
    }
}

fn envelope() -> Envelope<'static> {
    Envelope {
        case_id: CASE_ID,
        council: "brukerradet-helse-x",
        lang: Lang::Nn,
        client_timestamp: "2026-03-01T12:30:00.000Z",
    }
}

/// The one helper the validation tables go through: `form` must give exactly the errors
/// `want`, as (field, code) in form order.
fn check(form: &CaseForm, want: &[(&str, &str)]) {
    let got: Vec<(&str, &str)> = form_errors(form)
        .iter()
        .map(|e| (e.field, e.code))
        .collect();
    assert_eq!(got, want, "form_errors({form:#?})");
}

#[test]
fn a_filled_in_form_has_no_errors() {
    check(&filled(), &[]);
    check(&with_contact("", "kari@example.no", "", true), &[]);
    check(&with_contact("Kari", "", "912 34 567", true), &[]);
}

#[test]
fn required_fields_are_reported_in_form_order() {
    check(
        &CaseForm::default(),
        &[
            ("title", "required"),
            ("why", "required"),
            ("proposer.role", "required"),
        ],
    );
    let blank = CaseForm {
        title: " \n\t ".into(),
        ..filled()
    };
    check(&blank, &[("title", "required")]);
}

#[test]
fn lengths_count_characters_after_trimming() {
    let exactly = |n: usize| "ø".repeat(n);
    let cases: &[(&str, usize)] = &[
        ("title", 120),
        ("why", 2000),
        ("where", 300),
        ("when", 300),
        ("solution", 2000),
        ("proposer.organisation", 200),
    ];
    for &(field, max) in cases {
        let set = |text: String| {
            let mut f = filled();
            match field {
                "title" => f.title = text,
                "why" => f.why = text,
                "where" => f.where_ = text,
                "when" => f.when = text,
                "solution" => f.solution = text,
                _ => f.organisation = text,
            }
            f
        };
        check(&set(format!("  {}  \n", exactly(max))), &[]);
        check(&set(exactly(max + 1)), &[(field, "too_long")]);
        assert_eq!(limit(field).map(|l| l.max_chars), Some(max), "{field}");
    }
    check(
        &with_contact(&"K".repeat(121), "kari@example.no", "", true),
        &[("contact.name", "too_long")],
    );
    // An over-long e-mail gets one error, not also `invalid_email`.
    let long_email = format!("{}@example.no", "k".repeat(250));
    check(
        &with_contact("", &long_email, "", true),
        &[("contact.email", "too_long")],
    );
}

#[test]
fn control_characters_are_refused_but_line_breaks_are_not() {
    let mut f = filled();
    f.why = "Første linje\r\nandre\tlinje".into();
    check(&f, &[]);
    f.when = "kveld\u{1b}[31m".into();
    check(&f, &[("when", "invalid_characters")]);
    // U+0085 (NEL) is a C1 control inside the text; at the ends it is whitespace and trimmed.
    f.when = "kve\u{85}ld".into();
    check(&f, &[("when", "invalid_characters")]);
}

#[test]
fn contact_rules() {
    check(
        &with_contact("Kari", "", "  ", true),
        &[("contact.email", "contact_missing")],
    );
    check(
        &with_contact("Kari", "kari@example.no", "", false),
        &[("contact.consent", "consent_required")],
    );
    check(
        &with_contact("", "", "", false),
        &[
            ("contact.email", "contact_missing"),
            ("contact.consent", "consent_required"),
        ],
    );
    check(
        &with_contact("", "kari@", "123", true),
        &[
            ("contact.email", "invalid_email"),
            ("contact.phone", "invalid_phone"),
        ],
    );
    // Anonymous: whatever is still in the contact fields is ignored, not validated.
    let mut anonymous = with_contact("", "not an address", "x", false);
    anonymous.wants_contact = false;
    check(&anonymous, &[]);
}

#[test]
fn plausible_email_addresses() {
    for ok in [
        "kari@example.no",
        "kari.nordmann+brukerrad@nav.no",
        "ÅSE@øst.no",
        "o'brien@mail.example.co.uk",
        "a@b.se",
    ] {
        assert!(is_plausible_email(ok), "{ok}");
    }
    for bad in [
        "",
        "kari",
        "kari@",
        "@example.no",
        "kari@example",
        "kari@example.n",
        "kari@example.123",
        "kari nordmann@example.no",
        "kari@@example.no",
        "kari@ex ample.no",
        ".kari@example.no",
        "kari..n@example.no",
        "kari@-example.no",
        "kari@example..no",
        "kari@example.no.",
    ] {
        assert!(!is_plausible_email(bad), "{bad}");
    }
}

#[test]
fn plausible_phone_numbers() {
    for ok in [
        "91234567",
        "912 34 567",
        "22 22 22 22",
        "+47 912 34 567",
        "0047 91234567",
        "+4791234567",
        "070-123 45 67",
        "08-123 456 78",
        "0701234567",
        "+46 70 123 45 67",
        "+46 (0)70-123 45 67",
        "+46 8 123 456 78",
        "+45 32 12 34 56",
        "+1 (202) 555-0143",
        "+358 40 1234567",
    ] {
        assert!(is_plausible_phone(ok), "{ok}");
    }
    for bad in [
        "",
        "12345",
        "1234 5678",
        "0123",
        "+47 123 45 678",
        "+47 912 34 56",
        "+46 070 123 45 67 89 0",
        "+0 1234 5678",
        "ring meg",
        "912 34 567 eller 22 22 22 22",
        "+",
        "00",
        "+47 912 34 567 ext 2",
        "+1234567890123456",
    ] {
        assert!(!is_plausible_phone(bad), "{bad}");
    }
}

#[test]
fn council_ids_are_slugs() {
    for ok in [
        "brukerradet-helse-x",
        "a",
        "council-1",
        "2026",
        &"a".repeat(64),
    ] {
        assert!(is_council_id(ok), "{ok}");
    }
    for bad in [
        "",
        "-a",
        "a-",
        "a--b",
        "Brukerradet",
        "brukerrådet",
        "a b",
        "a_b",
        "a/b",
        &"a".repeat(65),
    ] {
        assert!(!is_council_id(bad), "{bad}");
    }
}

#[test]
fn the_submission_is_trimmed_and_anonymous_by_default() {
    let mut form = filled();
    form.title = "  Lang ventetid  ".into();
    form.organisation = "   ".into();
    form.name = "Kari".into();
    form.email = "kari@example.no".into();
    let sub = form.submission(&envelope()).unwrap();
    assert_eq!(
        sub,
        CaseSubmission {
            schema_version: 1,
            case_id: CASE_ID.into(),
            council: "brukerradet-helse-x".into(),
            title: "Lang ventetid".into(),
            why: "Jeg ventet fire måneder.".into(),
            where_: String::new(),
            when: String::new(),
            solution: String::new(),
            proposer: Proposer {
                role: Role::ServiceUser,
                organisation: None,
            },
            contact: None,
            language: "nn".into(),
            client_timestamp: "2026-03-01T12:30:00.000Z".into(),
            honeypot: None,
            elapsed_ms: None,
        }
    );
    assert_eq!(check_case(&sub), Ok(()));

    let sub = with_contact(" Kari Nordmann ", "", " 912 34 567 ", true)
        .submission(&envelope())
        .unwrap();
    assert_eq!(
        sub.contact,
        Some(Contact {
            name: Some("Kari Nordmann".into()),
            email: None,
            phone: Some("912 34 567".into()),
            consent: true,
        })
    );
}

#[test]
fn the_submission_is_refused_with_every_form_error_then_envelope_errors() {
    let errors = CaseForm::default().submission(&envelope()).unwrap_err();
    assert_eq!(errors.len(), 3);
    let bad_envelope = Envelope {
        case_id: "not-a-uuid",
        council: "Not A Slug",
        ..envelope()
    };
    let codes: Vec<_> = filled()
        .submission(&bad_envelope)
        .unwrap_err()
        .iter()
        .map(|e| (e.field, e.code))
        .collect();
    assert_eq!(
        codes,
        [("caseId", "invalid_uuid"), ("council", "invalid_council")]
    );
}

#[test]
fn case_errors_cover_the_envelope() {
    let mut sub = filled().submission(&envelope()).unwrap();
    sub.schema_version = 2;
    sub.language = "nb-NO".into();
    sub.client_timestamp = "yesterday".into();
    sub.contact = Some(Contact {
        name: None,
        email: None,
        phone: None,
        consent: false,
    });
    let got: Vec<_> = case_errors(&sub)
        .iter()
        .map(|e| (e.field, e.code))
        .collect();
    assert_eq!(
        got,
        [
            ("schemaVersion", "unsupported_schema_version"),
            ("contact.email", "contact_missing"),
            ("contact.consent", "consent_required"),
            ("language", "unsupported_language"),
            ("clientTimestamp", "invalid_timestamp"),
        ]
    );
    assert_eq!(check_case(&sub).unwrap_err().field, "schemaVersion");
}

#[test]
fn counters_follow_the_limits_table() {
    assert_eq!(
        char_count("title", "  blåbær  "),
        Some(CharCount { used: 6, max: 120 })
    );
    assert_eq!(char_count("proposer.role", "x"), None);
    let c = CharCount {
        used: 125,
        max: 120,
    };
    assert_eq!((c.remaining(), c.over()), (0, 5));
    let cases: &[(Lang, usize, &str)] = &[
        (Lang::Nb, 0, "Du har 120 tegn igjen"),
        (Lang::Nb, 119, "Du har 1 tegn igjen"),
        (Lang::Nb, 120, "Du har 0 tegn igjen"),
        (Lang::Nb, 121, "Du har 1 tegn for mye"),
        (Lang::Nn, 130, "Du har 10 teikn for mykje"),
        (Lang::Sv, 100, "Du har 20 tecken kvar"),
        (Lang::En, 119, "You have 1 character remaining"),
        (Lang::En, 122, "You have 2 characters too many"),
    ];
    for &(lang, used, want) in cases {
        assert_eq!(
            texts(lang).counter(CharCount { used, max: 120 }),
            want,
            "{lang:?} {used}"
        );
    }
    // Every text field of the form has a limit, listed once.
    let mut fields: Vec<_> = LIMITS.iter().map(|l| l.field).collect();
    fields.sort_unstable();
    fields.dedup();
    assert_eq!(fields.len(), LIMITS.len());
}

#[test]
fn personal_data_hints_name_the_field() {
    let form = CaseForm {
        title: "Ventetid".into(),
        why: "Ring meg på 912 34 567 eller skriv til kari@example.no".into(),
        where_: "Legevakten".into(),
        solution: "Pasienten med fnr 01010110013 ventet".into(),
        // Contact fields are meant to be personal and are not scanned.
        email: "kari@example.no".into(),
        ..CaseForm::default()
    };
    let hints = pii_hints(form.free_text());
    let got: Vec<(&str, Vec<PiiKind>)> = hints
        .iter()
        .map(|h| (h.field, h.findings.iter().map(|f| f.kind).collect()))
        .collect();
    assert_eq!(
        got,
        [
            ("why", vec![PiiKind::Phone, PiiKind::Email]),
            ("solution", vec![PiiKind::NationalId]),
        ]
    );
    assert!(pii_hints(filled().free_text()).is_empty());
    // The server sees the same through the submission.
    let mut sub = filled().submission(&envelope()).unwrap();
    sub.proposer.organisation = Some("ola@example.no".into());
    let fields: Vec<_> = pii_hints(sub.free_text()).iter().map(|h| h.field).collect();
    assert_eq!(fields, ["proposer.organisation"]);
}

#[test]
fn only_the_councils_handling_is_public() {
    for field in [
        "receipt",
        "status",
        "receivedAt",
        "updatedAt",
        "meetingDate",
        "publicAnswer",
        "reason",
        "history",
    ] {
        assert_eq!(visibility(field), Visibility::Public, "{field}");
    }
    for field in [
        "title",
        "why",
        "where",
        "when",
        "solution",
        "proposer.role",
        "proposer.organisation",
        "contact",
        "contact.name",
        "contact.email",
        "contact.phone",
        "caseId",
        "somethingNew",
    ] {
        assert_eq!(visibility(field), Visibility::AdminOnly, "{field}");
    }
}

#[test]
fn every_error_has_a_message_in_every_language() {
    let forms = [
        CaseForm::default(),
        with_contact(&"K".repeat(121), "", "", false),
        with_contact("", "x@", "1", true),
        CaseForm {
            when: "\u{0}".into(),
            ..filled()
        },
    ];
    let mut bad_envelope = filled().submission(&envelope()).unwrap();
    bad_envelope.council = "X".into();
    let mut errors: Vec<_> = forms.iter().flat_map(form_errors).collect();
    errors.extend(case_errors(&bad_envelope));
    for lang in Lang::ALL {
        let t = texts(lang);
        for e in &errors {
            let msg = t.error(e);
            assert!(
                !msg.is_empty() && !msg.contains('{'),
                "{lang:?} {e:?}: {msg}"
            );
            // Configuration errors are not the person's to fix; everything else is specific.
            assert_eq!(msg == t.err_other, e.field == "council", "{lang:?} {e:?}");
        }
    }
    let too_long = form_errors(&with_contact(&"K".repeat(121), "a@b.no", "", true));
    assert_eq!(
        texts(Lang::Nb).error(&too_long[0]),
        "«Navn» kan ha høyst 120 tegn"
    );
    assert_eq!(
        texts(Lang::En).error(&too_long[0]),
        "‘Name’ must be 120 characters or fewer"
    );
}

#[test]
fn review_rows_link_back_to_every_field() {
    let t = texts(Lang::Nb);
    let rows = review_rows(&filled(), t);
    let got: Vec<(&str, &str, &str)> = rows
        .iter()
        .map(|r| (r.field, r.label, r.value.as_str()))
        .collect();
    assert_eq!(
        got,
        [
            ("title", "Tittel", "Lang ventetid på fysioterapi"),
            ("why", "Hvorfor", "Jeg ventet fire måneder."),
            ("where", "Hvor", "Ikke fylt ut"),
            ("when", "Når", "Ikke fylt ut"),
            ("solution", "Forslag til løsning", "Ikke fylt ut"),
            ("proposer.role", "Foreslått av", "Jeg bruker tjenesten"),
            ("proposer.organisation", "Organisasjon", "Ikke fylt ut"),
            ("contact", "Kontaktinformasjon", "Anonymt"),
        ]
    );
    let rows = review_rows(
        &with_contact("Kari", "kari@example.no", "", true),
        texts(Lang::En),
    );
    let tail: Vec<_> = rows[7..]
        .iter()
        .map(|r| (r.field, r.value.as_str()))
        .collect();
    assert_eq!(
        tail,
        [
            ("contact.name", "Kari"),
            ("contact.email", "kari@example.no"),
            ("contact.phone", "Not filled in"),
        ]
    );
}

/// Every text of one language with a name, for the completeness checks.
fn all_texts(lang: Lang) -> Vec<(String, &'static str)> {
    let t = texts(lang);
    let mut out: Vec<(String, &'static str)> = Vec::new();
    let fields = [
        ("title", t.title),
        ("why", t.why),
        ("where", t.where_),
        ("when", t.when),
        ("solution", t.solution),
        ("role", t.role),
        ("organisation", t.organisation),
        ("contact", t.contact),
        ("name", t.name),
        ("email", t.email),
        ("phone", t.phone),
        ("status_code", t.status_code),
    ];
    for (name, f) in fields {
        out.push((format!("{name}.label"), f.label));
        out.push((format!("{name}.hint"), f.hint));
        out.push((format!("{name}.short"), f.short));
    }
    for role in Role::ALL {
        out.push((format!("role.{}", role.wire()), t.role_label(role)));
    }
    for status in CaseStatus::ALL {
        out.push((format!("status.{}", status.wire()), t.status_label(status)));
    }
    for kind in [PiiKind::NationalId, PiiKind::Phone, PiiKind::Email] {
        out.push((format!("pii.{kind:?}"), t.pii_warning(kind)));
    }
    let plain = [
        ("heading", t.heading),
        ("intro", t.intro),
        ("required_marker", t.required_marker),
        ("optional_marker", t.optional_marker),
        ("anonymous_option", t.anonymous_option),
        ("contact_option", t.contact_option),
        ("consent", t.consent),
        ("health_heading", t.health_heading),
        ("health_intro", t.health_intro),
        ("health_no_names", t.health_no_names),
        ("health_no_diagnoses", t.health_no_diagnoses),
        ("health_no_id_numbers", t.health_no_id_numbers),
        ("chars_remaining", t.chars_remaining),
        ("chars_remaining_one", t.chars_remaining_one),
        ("chars_too_many", t.chars_too_many),
        ("chars_too_many_one", t.chars_too_many_one),
        ("error_summary_heading", t.error_summary_heading),
        ("err_title_required", t.err_title_required),
        ("err_why_required", t.err_why_required),
        ("err_role_required", t.err_role_required),
        ("err_too_long", t.err_too_long),
        ("err_invalid_characters", t.err_invalid_characters),
        ("err_contact_missing", t.err_contact_missing),
        ("err_invalid_email", t.err_invalid_email),
        ("err_invalid_phone", t.err_invalid_phone),
        ("err_consent_required", t.err_consent_required),
        ("err_other", t.err_other),
        ("review_button", t.review_button),
        ("review_heading", t.review_heading),
        ("review_intro", t.review_intro),
        ("change_link", t.change_link),
        ("review_empty", t.review_empty),
        ("review_anonymous", t.review_anonymous),
        ("send_button", t.send_button),
        ("back_button", t.back_button),
        ("sending", t.sending),
        ("send_failed", t.send_failed),
        ("retry", t.retry),
        ("receipt_heading", t.receipt_heading),
        ("receipt_code_label", t.receipt_code_label),
        ("receipt_keep_code", t.receipt_keep_code),
        ("next_steps_heading", t.next_steps_heading),
        ("next_steps", t.next_steps),
        ("status_link", t.status_link),
        ("status_heading", t.status_heading),
        ("status_button", t.status_button),
        ("status_not_found", t.status_not_found),
        ("status_invalid_code", t.status_invalid_code),
        ("status_failed", t.status_failed),
        ("status_current", t.status_current),
        ("status_received_at", t.status_received_at),
        ("status_updated_at", t.status_updated_at),
        ("status_meeting_date", t.status_meeting_date),
        ("status_public_answer", t.status_public_answer),
        ("status_reason", t.status_reason),
        ("status_history", t.status_history),
        ("draft_info", t.draft_info),
        ("draft_restored", t.draft_restored),
        ("draft_clear", t.draft_clear),
        ("draft_cleared", t.draft_cleared),
        ("truncated", t.truncated),
    ];
    out.extend(plain.iter().map(|&(n, v)| (n.to_owned(), v)));
    out
}

fn placeholders(s: &str) -> Vec<&str> {
    let mut out: Vec<&str> = s
        .match_indices('{')
        .filter_map(|(i, _)| s[i..].find('}').map(|j| &s[i..=i + j]))
        .collect();
    out.sort_unstable();
    out
}

#[test]
fn texts_are_complete_in_all_four_languages() {
    let nb = all_texts(Lang::Nb);
    for lang in Lang::ALL {
        let this = all_texts(lang);
        assert_eq!(this.len(), nb.len());
        for ((name, text), (_, nb_text)) in this.iter().zip(&nb) {
            assert!(!text.trim().is_empty(), "{lang:?} {name} is empty");
            assert_eq!(text.trim(), *text, "{lang:?} {name} has stray whitespace");
            assert!(!text.contains("  "), "{lang:?} {name} has a double space");
            assert_eq!(
                placeholders(text),
                placeholders(nb_text),
                "{lang:?} {name}: placeholders differ from bokmål"
            );
        }
    }
    // A table copied from another language and never translated shows up as many equal texts.
    // Short words may coincide ("Status", "Organisasjon"), whole sentences may not, except
    // between bokmål and nynorsk, which share some sentences word for word; there a copied
    // table would still show up as far more than a handful.
    let shared = all_texts(Lang::Nb)
        .into_iter()
        .zip(all_texts(Lang::Nn))
        .filter(|((_, x), (_, y))| x == y && x.split(' ').count() > 4)
        .count();
    assert!(shared <= 3, "bokmål and nynorsk share {shared} sentences");
    for (a, b) in [
        (Lang::Nb, Lang::Sv),
        (Lang::Nb, Lang::En),
        (Lang::Nn, Lang::Sv),
        (Lang::Sv, Lang::En),
    ] {
        let same: Vec<_> = all_texts(a)
            .into_iter()
            .zip(all_texts(b))
            .filter(|((_, x), (_, y))| x == y && x.split(' ').count() > 4)
            .map(|((n, _), _)| n)
            .collect();
        assert!(same.is_empty(), "{a:?} and {b:?} share {same:?}");
    }
}

#[test]
fn the_health_warning_and_consent_say_what_matters() {
    let cases: &[(Lang, [&str; 4])] = &[
        (
            Lang::Nb,
            ["navn", "diagnoser", "fødselsnummer", "offentlig"],
        ),
        (
            Lang::Nn,
            ["namn", "diagnosane", "fødselsnummer", "offentleg"],
        ),
        (
            Lang::Sv,
            ["namn", "diagnoser", "personnummer", "offentligt"],
        ),
        (
            Lang::En,
            ["names", "diagnoses", "identity numbers", "publicly"],
        ),
    ];
    for (lang, [names, diagnoses, id, public]) in cases {
        let t = texts(*lang);
        assert!(t.health_no_names.contains(names), "{lang:?}");
        assert!(t.health_no_diagnoses.contains(diagnoses), "{lang:?}");
        assert!(t.health_no_id_numbers.contains(id), "{lang:?}");
        assert!(
            t.consent.contains(public),
            "{lang:?}: consent must say it is not public"
        );
        assert!(t.draft_info.contains("30"), "{lang:?}: draft expiry");
    }
}

#[test]
fn suspicion_flags_a_filled_honeypot_first_then_a_fast_send() {
    use medvirk_core::case_form::{MIN_HUMAN_ELAPSED_MS, suspicion};
    let text = std::fs::read_to_string(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../../examples/case/submission-timed.json"
    ))
    .unwrap();
    let base: CaseSubmission = serde_json::from_str(&text).unwrap();
    let with = |honeypot: Option<&str>, elapsed_ms: Option<u64>| CaseSubmission {
        honeypot: honeypot.map(str::to_owned),
        elapsed_ms,
        ..base.clone()
    };
    assert_eq!(suspicion(&base), None, "the example is a human send");
    assert_eq!(suspicion(&with(None, None)), None, "nothing measured");
    assert_eq!(suspicion(&with(Some(""), Some(MIN_HUMAN_ELAPSED_MS))), None);
    assert_eq!(suspicion(&with(Some(" \n"), Some(60_000))), None);
    assert_eq!(
        suspicion(&with(None, Some(MIN_HUMAN_ELAPSED_MS - 1))),
        Some("too_fast")
    );
    assert_eq!(
        suspicion(&with(Some("https://spam.example"), Some(60_000))),
        Some("honeypot_filled")
    );
    assert_eq!(
        suspicion(&with(Some("x"), Some(10))),
        Some("honeypot_filled"),
        "the honeypot is the stronger signal"
    );
}
