//! The case inbox pages: sign-in required, the same-origin rule, the lifecycle through the forms,
//! errors tied to fields, stale forms, contact only with consent, flags and escaping.

use axum::http::StatusCode;
use serde_json::Value;

use crate::cases::{CASES, case_json, case_with_id, create};
use crate::common::*;

/// A case with `title`, its own id, and the given extra fields set.
fn case_titled(n: u32, title: &str, extra: &[(&str, Value)]) -> String {
    let mut v = case_json("submission-anonymous.json");
    v["caseId"] = uuid(n).into();
    v["title"] = title.into();
    for (k, val) in extra {
        v[*k] = val.clone();
    }
    v.to_string()
}

async fn post(t: &TestApp, cookie: &str, receipt: &str, body: &str) -> Res {
    t.admin_post(cookie, &format!("/admin/cases/{receipt}"), body)
        .await
}

async fn public_status(t: &TestApp, receipt: &str) -> Value {
    let res = t.send(Req::get(&format!("{CASES}/{receipt}"))).await;
    assert_eq!(res.status, StatusCode::OK);
    res.json()
}

#[tokio::test]
async fn every_case_page_needs_a_session() {
    let t = TestApp::new().await;
    let receipt = create(&t, &case_with_id(&uuid(1))).await;
    for req in [
        Req::get("/admin/cases"),
        Req::get("/admin/cases?status=received"),
        Req::get(&format!("/admin/cases/{receipt}")),
        Req::form(
            &format!("/admin/cases/{receipt}"),
            "from=received&to=being_assessed",
        ),
    ] {
        let path = req.path.clone();
        let res = t.send(req).await;
        assert_eq!(res.status, StatusCode::SEE_OTHER, "{path}");
        assert_eq!(res.header("location"), Some("/admin/"), "{path}");
    }
    assert_eq!(public_status(&t, &receipt).await["status"], "received");
}

#[tokio::test]
async fn a_move_from_another_origin_is_refused() {
    let t = TestApp::new().await;
    let receipt = create(&t, &case_with_id(&uuid(1))).await;
    let cookie = t.sign_in().await;
    let res = t
        .send(
            Req::new("POST", &format!("/admin/cases/{receipt}"))
                .header("host", "127.0.0.1:8080")
                .header("origin", "https://evil.example")
                .header("content-type", "application/x-www-form-urlencoded")
                .body("from=received&to=being_assessed")
                .session(&cookie),
        )
        .await;
    assert_eq!(res.status, StatusCode::FORBIDDEN);
    assert_eq!(public_status(&t, &receipt).await["status"], "received");
}

#[tokio::test]
async fn the_inbox_counts_filters_and_lists_newest_first() {
    let t = TestApp::new().await;
    let first = create(&t, &case_titled(1, "Første sak", &[])).await;
    let second = create(
        &t,
        &case_titled(2, "Andre sak", &[("council", "eldreradet-vestby".into())]),
    )
    .await;
    let third = create(&t, &case_titled(3, "Tredje sak", &[])).await;
    let cookie = t.sign_in().await;
    assert_eq!(
        post(&t, &cookie, &third, "from=received&to=being_assessed")
            .await
            .status,
        StatusCode::SEE_OTHER
    );

    let html = t.admin_get(&cookie, "/admin/cases").await.text();
    assert!(html.contains("<title>Cases"), "the session's language (en)");
    assert!(html.contains("aria-current=\"page\">Cases</a>"));
    let (a, b, c) = (
        html.find("Tredje sak").unwrap(),
        html.find("Andre sak").unwrap(),
        html.find("Første sak").unwrap(),
    );
    assert!(a < b && b < c, "newest first");
    assert!(
        html.contains("<h2 id=\"list-heading\">3 cases</h2>"),
        "{html}"
    );
    assert!(
        html.contains("status=received\">Received</a></th><td class=\"num\">2</td>"),
        "{html}"
    );

    let html = t
        .admin_get(&cookie, "/admin/cases?status=received")
        .await
        .text();
    assert!(html.contains("2 cases") && !html.contains("Tredje sak"));
    let html = t
        .admin_get(&cookie, "/admin/cases?council=eldreradet-vestby")
        .await
        .text();
    assert!(html.contains("1 case<") && html.contains(&second) && !html.contains(&first));
    assert!(html.contains("<option value=\"eldreradet-vestby\" selected>"));
    // The counts follow the council filter.
    assert!(
        html.contains("status=received\">Received</a></th><td class=\"num\">1</td>"),
        "{html}"
    );
}

#[tokio::test]
async fn a_case_moves_through_the_whole_lifecycle_with_the_forms() {
    let t = TestApp::new().await;
    let receipt = create(&t, &case_with_id(&uuid(1))).await;
    let cookie = t.sign_in().await;
    let path = format!("/admin/cases/{receipt}");

    let html = t.admin_get(&cookie, &path).await.text();
    assert!(html.contains(&format!("<h1>Case {receipt}</h1>")), "{html}");
    for to in ["being_assessed", "on_agenda", "not_taken_up"] {
        assert!(html.contains(&format!("id=\"to-{to}\"")), "{to} offered");
    }
    assert!(
        !html.contains("id=\"to-decided\""),
        "only core's moves are offered"
    );

    // A missing meeting date: 422, an error summary linking to the field, the field marked.
    let res = post(
        &t,
        &cookie,
        &receipt,
        "from=received&to=on_agenda&meeting_date=",
    )
    .await;
    assert_eq!(res.status, StatusCode::UNPROCESSABLE_ENTITY);
    let html = res.text();
    assert!(
        html.contains("class=\"error-summary\" role=\"alert\""),
        "{html}"
    );
    assert!(html.contains("<a href=\"#meeting-date\">Enter the meeting date</a>"));
    assert!(html.contains(
        "aria-describedby=\"meeting-date-hint meeting-date-error\" aria-invalid=\"true\""
    ));
    // Not a real date: the same field, and what was typed is still there.
    let res = post(
        &t,
        &cookie,
        &receipt,
        "from=received&to=on_agenda&meeting_date=31.02.2026",
    )
    .await;
    assert_eq!(res.status, StatusCode::UNPROCESSABLE_ENTITY);
    let html = res.text();
    assert!(html.contains("must be a real date"));
    assert!(html.contains("value=\"31.02.2026\""));
    assert_eq!(public_status(&t, &receipt).await["status"], "received");

    // A Nordic date is stored as ISO and shown to the public.
    let res = post(
        &t,
        &cookie,
        &receipt,
        "from=received&to=on_agenda&meeting_date=14.05.2026",
    )
    .await;
    assert_eq!(res.status, StatusCode::SEE_OTHER);
    assert_eq!(
        res.header("location"),
        Some(format!("{path}?done=1").as_str())
    );
    let html = t.admin_get(&cookie, &format!("{path}?done=1")).await.text();
    assert!(
        html.contains("role=\"status\">The case now has the status “On the agenda”."),
        "{html}"
    );
    assert!(html.contains("<dd>2026-05-14</dd>"));
    let public = public_status(&t, &receipt).await;
    assert_eq!(public["status"], "on_agenda");
    assert_eq!(public["meetingDate"], "2026-05-14");

    // The meeting moves; then it is discussed, decided with a public answer, and closed.
    for body in [
        "from=on_agenda&to=on_agenda&meeting_date=2026-06-11",
        "from=on_agenda&to=discussed",
        "from=discussed&to=decided&public_answer=R%C3%A5det+anbefaler+lengre+bes%C3%B8kstid.",
        "from=decided&to=closed",
    ] {
        let res = post(&t, &cookie, &receipt, body).await;
        assert_eq!(res.status, StatusCode::SEE_OTHER, "{body}: {}", res.text());
    }
    let public = public_status(&t, &receipt).await;
    assert_eq!(public["status"], "closed");
    assert_eq!(public["meetingDate"], "2026-06-11");
    assert_eq!(public["publicAnswer"], "Rådet anbefaler lengre besøkstid.");
    let html = t.admin_get(&cookie, &path).await.text();
    assert!(html.contains("cannot be moved any further"));
    assert!(!html.contains("<form method=\"post\" action=\"/admin/cases/"));
    // Six steps of history, the answer among the notes.
    assert_eq!(html.matches("<td class=\"note\">").count(), 6, "{html}");
    assert!(html.contains("<td class=\"note\">Rådet anbefaler lengre besøkstid.</td>"));
}

#[tokio::test]
async fn a_reason_is_required_to_not_take_a_case_up_and_messages_follow_the_language() {
    let t = TestApp::new().await;
    let receipt = create(&t, &case_with_id(&uuid(1))).await;
    let cookie = t.sign_in().await;
    // Switch the session to nynorsk through the language switcher's link.
    t.admin_get(&cookie, &format!("/admin/cases/{receipt}?lang=nn"))
        .await
        .text();
    let res = post(
        &t,
        &cookie,
        &receipt,
        "from=received&to=not_taken_up&reason=+",
    )
    .await;
    assert_eq!(res.status, StatusCode::UNPROCESSABLE_ENTITY);
    let html = res.text();
    assert!(html.contains("<html lang=\"nn\">"));
    assert!(
        html.contains("<a href=\"#reason\">Skriv kvifor saka ikkje blir teken opp</a>"),
        "{html}"
    );
    let res = post(
        &t,
        &cookie,
        &receipt,
        "from=received&to=not_taken_up&reason=H%C3%B8yrer+til+fylket.",
    )
    .await;
    assert_eq!(res.status, StatusCode::SEE_OTHER);
    let public = public_status(&t, &receipt).await;
    assert_eq!(public["status"], "not_taken_up");
    assert_eq!(public["reason"], "Høyrer til fylket.");
}

#[tokio::test]
async fn a_stale_form_is_refused_and_keeps_what_was_typed() {
    let t = TestApp::new().await;
    let receipt = create(&t, &case_with_id(&uuid(1))).await;
    let alice = t.sign_in().await;
    let bob = t.sign_in().await;
    // Bob moves the case first.
    let res = post(&t, &bob, &receipt, "from=received&to=being_assessed").await;
    assert_eq!(res.status, StatusCode::SEE_OTHER);
    // Alice's page still said "received": her reason is not stored, and not lost.
    let res = post(
        &t,
        &alice,
        &receipt,
        "from=received&to=not_taken_up&reason=Passer+bedre+i+eldrer%C3%A5det.",
    )
    .await;
    assert_eq!(res.status, StatusCode::CONFLICT);
    let html = res.text();
    assert!(html.contains("Someone else changed this case"), "{html}");
    assert!(html.contains("“Being assessed”"));
    assert!(
        html.contains(">Passer bedre i eldrerådet.</textarea>"),
        "{html}"
    );
    assert_eq!(
        public_status(&t, &receipt).await["status"],
        "being_assessed"
    );

    // A move that no longer exists: the text is shown so it can be copied.
    let res = post(
        &t,
        &bob,
        &receipt,
        "from=being_assessed&to=on_agenda&meeting_date=2026-05-14",
    )
    .await;
    assert_eq!(res.status, StatusCode::SEE_OTHER);
    let res = post(
        &t,
        &alice,
        &receipt,
        "from=being_assessed&to=not_taken_up&reason=Passer+bedre+i+eldrer%C3%A5det.",
    )
    .await;
    assert_eq!(res.status, StatusCode::CONFLICT);
    let html = res.text();
    assert!(
        html.contains("<blockquote class=\"typed\">Passer bedre i eldrerådet.</blockquote>"),
        "{html}"
    );
}

#[tokio::test]
async fn contact_details_are_shown_only_with_consent() {
    let t = TestApp::new().await;
    let anonymous = create(&t, &case_with_id(&uuid(1))).await;
    let mut with_contact = case_json("submission-contact-relative.json");
    with_contact["caseId"] = uuid(2).into();
    let consented = create(&t, &with_contact.to_string()).await;
    let cookie = t.sign_in().await;

    let html = t
        .admin_get(&cookie, &format!("/admin/cases/{anonymous}"))
        .await
        .text();
    assert!(html.contains("No contact details: the person chose to be anonymous"));
    assert!(!html.contains("@example"));
    let html = t
        .admin_get(&cookie, &format!("/admin/cases/{consented}"))
        .await
        .text();
    assert!(html.contains("agreed to be contacted"));
    assert!(html.contains("<dd>kari.nordmann@example.no</dd>"), "{html}");
    assert!(html.contains("<dd>+47 912 34 567</dd>"));
}

#[tokio::test]
async fn suspicious_cases_are_flagged_in_the_list_and_on_the_page() {
    let t = TestApp::new().await;
    let flagged = create(
        &t,
        &case_titled(
            1,
            "Kjøp billige klokker",
            &[("honeypot", "https://spam.example".into())],
        ),
    )
    .await;
    create(&t, &case_titled(2, "Vanlig sak", &[])).await;
    let cookie = t.sign_in().await;
    let html = t.admin_get(&cookie, "/admin/cases").await.text();
    assert_eq!(
        html.matches("<strong class=\"badge\">Possibly automated</strong>")
            .count(),
        1
    );
    let html = t
        .admin_get(&cookie, &format!("/admin/cases/{flagged}"))
        .await
        .text();
    assert!(
        html.contains("a hidden field that only robots see was filled in"),
        "{html}"
    );
}

#[tokio::test]
async fn what_people_wrote_is_escaped() {
    let t = TestApp::new().await;
    let hostile = "<script>alert(1)</script> & \"quotes\"";
    let receipt = create(
        &t,
        &case_titled(
            1,
            hostile,
            &[("why", "<img src=x onerror=alert(2)>".into())],
        ),
    )
    .await;
    let cookie = t.sign_in().await;
    for path in ["/admin/cases".to_owned(), format!("/admin/cases/{receipt}")] {
        let html = t.admin_get(&cookie, &path).await.text();
        assert!(!html.contains("<script>alert"), "{path}");
        assert!(!html.contains("<img src=x"), "{path}");
        assert!(
            html.contains("&lt;script&gt;alert(1)&lt;/script&gt; &amp; &quot;quotes&quot;"),
            "{path}"
        );
    }
    // A receipt code that is not one is a 404 page, not an error or a reflection.
    let res = t
        .send(Req::get("/admin/cases/%3Cscript%3E").session(&cookie))
        .await;
    assert_eq!(res.status, StatusCode::NOT_FOUND);
    assert!(!res.text().contains("<script>"));
}

#[tokio::test]
async fn councils_are_named_from_the_stored_directory() {
    let t = TestApp::new().await;
    let vestby = create(
        &t,
        &case_titled(1, "Vestby", &[("council", "eldreradet-vestby".into())]),
    )
    .await;
    let other = create(&t, &case_titled(2, "Helse X", &[])).await;
    let cookie = t.sign_in().await;
    // Before a directory is stored, the ids are all there is.
    let html = t.admin_get(&cookie, "/admin/cases").await.text();
    assert!(html.contains("<option value=\"eldreradet-vestby\">eldreradet-vestby</option>"));

    let document = serde_json::json!({
        "schemaVersion": 1,
        "persons": [],
        "organisations": [
            {"id": "eldreradet-vestby", "name": "Eldrerådet i Vestby <&>", "kind": "council"},
            {"id": "vestby", "name": "Vestby kommune", "kind": "public_body"}
        ],
        "memberships": []
    })
    .to_string();
    let stored = medvirk_server::store::StoredDirectory {
        etag: "\"v1\"".into(),
        document,
        updated_at: time::OffsetDateTime::now_utc(),
    };
    assert!(t.store.replace_directory_if(None, stored).await.unwrap());

    let html = t.admin_get(&cookie, "/admin/cases").await.text();
    // The select shows names (escaped) and keeps filtering by id; an unknown id stays an id.
    assert!(
        html.contains(
            "<option value=\"eldreradet-vestby\">Eldrerådet i Vestby &lt;&amp;&gt;</option>"
        ),
        "{html}"
    );
    assert!(html.contains("<option value=\"brukerradet-helse-x\">brukerradet-helse-x</option>"));
    let (named, unnamed) = (
        html.find("<option value=\"eldreradet-vestby\">").unwrap(),
        html.find("<option value=\"brukerradet-helse-x\">").unwrap(),
    );
    assert!(unnamed < named, "sorted by what is shown: b… before E…");
    assert!(html.contains("<td>Eldrerådet i Vestby &lt;&amp;&gt;</td>"));
    assert!(html.contains("<td>brukerradet-helse-x</td>"));
    let html = t
        .admin_get(&cookie, "/admin/cases?council=eldreradet-vestby")
        .await
        .text();
    assert!(html.contains("<option value=\"eldreradet-vestby\" selected>Eldrerådet i Vestby"));
    assert!(html.contains(&vestby) && !html.contains(&other));

    // The case page names the council, with the id the exports filter by.
    let html = t
        .admin_get(&cookie, &format!("/admin/cases/{vestby}"))
        .await
        .text();
    assert!(
        html.contains("<dd>Eldrerådet i Vestby &lt;&amp;&gt; (eldreradet-vestby)</dd>"),
        "{html}"
    );
    let html = t
        .admin_get(&cookie, &format!("/admin/cases/{other}"))
        .await
        .text();
    assert!(html.contains("<dd>brukerradet-helse-x</dd>"));
    // Times there are local, and the page says so.
    assert!(html.contains("Times are in Norwegian and Swedish time."));
    assert!(!html.contains(" UTC<"));
}
