//! Mapping tests: every ready-made example in `examples/mapping/` against our example payloads,
//! and the webmaster's mistakes with the path each error must name.

use super::*;
use crate::directory::native::read_native;

fn example(path: &str) -> String {
    let full = [env!("CARGO_MANIFEST_DIR"), "/../../", path].concat();
    std::fs::read_to_string(&full).unwrap_or_else(|e| panic!("{full}: {e}"))
}

fn mapping(name: &str, kind: Kind) -> Mapping {
    let text = example(&["examples/mapping/", name].concat());
    Mapping::parse(&text, kind).unwrap_or_else(|e| panic!("{name}: {}", e.text()))
}

/// Compares JSON texts by value, so the expected side can be written readably.
fn same_json(got: &str, want: &str) {
    let (g, w) = (
        json_value::parse(got).unwrap(),
        json_value::parse(want).unwrap(),
    );
    assert_eq!(g, w, "\n got: {got}\nwant: {want}");
}

fn header<'a>(r: &'a Request, name: &str) -> Option<&'a str> {
    r.headers
        .iter()
        .find(|(k, _)| k.eq_ignore_ascii_case(name))
        .map(|(_, v)| v.as_str())
}

#[test]
fn every_example_mapping_is_valid_for_the_kind_in_its_name() {
    let dir = [env!("CARGO_MANIFEST_DIR"), "/../../examples/mapping"].concat();
    let mut n = 0;
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        let name = path.file_name().unwrap().to_str().unwrap().to_owned();
        let kind = if name.ends_with(".smiley.json") {
            Kind::Smiley
        } else if name.ends_with(".case-form.json") {
            Kind::CaseForm
        } else if name.ends_with(".directory.json") {
            Kind::Directory
        } else {
            panic!("{name}: name it <what>.<smiley|case-form|directory>.json");
        };
        let text = std::fs::read_to_string(&path).unwrap();
        if let Err(e) = Mapping::parse(&text, kind) {
            panic!("{name}: {}", e.text());
        }
        n += 1;
    }
    assert!(n >= 7, "the docs promise seven ready-made mappings");
}

#[test]
fn own_server_mapping_sends_our_payload_unchanged_and_patches_by_id() {
    let m = mapping("own-server.smiley.json", Kind::Smiley);
    let payload = example("examples/feedback/submission-full.json");
    let r = m.send_for(false).unwrap().request(&payload);
    assert_eq!(
        (r.method.as_str(), r.url.as_str()),
        ("POST", "/api/v1/feedback")
    );
    assert_eq!(r.content_type, Some("application/json"));
    same_json(r.body.as_deref().unwrap(), &payload);

    let sub: FeedbackSubmission = serde_json::from_str(&payload).unwrap();
    let update = FeedbackUpdate {
        schema_version: 1,
        rating: None,
        comment: Some("Bra".to_owned()),
    };
    let merged = merge_update(&sub, &update);
    assert_eq!(merged.comment.as_deref(), Some("Bra"));
    assert_eq!(merged.rating, sub.rating);
    let r = m.send_for(true).unwrap().request(&merged.to_json());
    assert_eq!(r.method, "PATCH");
    assert_eq!(r.url, ["/api/v1/feedback/", &sub.response_id].concat());
    same_json(
        r.body.as_deref().unwrap(),
        r#"{"schemaVersion":1,"rating":{"value":2,"scale":5},"comment":"Bra"}"#,
    );
    // Our server answers {"id": ...}.
    let id = m.submit.as_ref().unwrap().outcome(201, r#"{"id":"abc"}"#);
    assert_eq!(id, Ok(Some("abc".to_owned())));
}

#[test]
fn webhook_mapping_flattens_with_constants_joins_and_a_header() {
    let m = mapping("webhook.smiley.json", Kind::Smiley);
    let s = m.send_for(false).unwrap();
    let r = s.request(&example("examples/feedback/submission-full.json"));
    assert_eq!(r.url, "https://functions.example.no/api/feedback");
    assert_eq!(header(&r, "x-api-key"), Some("public-widget-key-123"));
    same_json(
        r.body.as_deref().unwrap(),
        r#"{"id":"b7e1c2d4-5f6a-4b8c-9d0e-1f2a3b4c5d6e","survey":"nav.sykepenger-2026","score":2,"maxScore":5,
            "text":"Søknaden var vanskelig å finne på mobil.\nKnappen «Send» lå under bildet, og jeg måtte zoome ut for å se den. Ellers grei tjeneste – takk! 👍",
            "lang":"nb","page":"/helse/s%C3%B8knad/sykepenger","source":"medvirk",
            "summary":"2/5 on /helse/s%C3%B8knad/sykepenger"}"#,
    );
    // No comment: the member is left out rather than sent as null.
    let r = s.request(&example("examples/feedback/submission-minimal.json"));
    let body = json_value::parse(r.body.as_deref().unwrap()).unwrap();
    assert!(body.get("text").is_none());
    assert_eq!(body.get("score").and_then(Value::as_u64), Some(4));
    // The webhook's own success flag decides, not only the status.
    assert_eq!(
        s.outcome(200, r#"{"ok":true,"id":"w-1"}"#),
        Ok(Some("w-1".to_owned()))
    );
    assert_eq!(s.outcome(200, r#"{"ok":false}"#), Err(Failure::Status(400)));
    assert_eq!(s.outcome(204, ""), Err(Failure::Status(204)));
    assert_eq!(s.outcome(503, ""), Err(Failure::Status(503)));
    // Without an update section, a later comment goes through submit again, same id.
    assert!(std::ptr::eq(m.send_for(true).unwrap(), s));
}

#[test]
fn open311_mapping_is_form_encoded_and_reads_the_request_id() {
    let m = mapping("open311.case-form.json", Kind::CaseForm);
    let s = m.submit.as_ref().unwrap();
    let r = s.request(&example("examples/case/submission-contact-relative.json"));
    assert_eq!(r.content_type, Some("application/x-www-form-urlencoded"));
    let body = r.body.unwrap();
    assert!(body.starts_with("api_key=public-open311-key&jurisdiction_id=region-nord&service_code=brukerrad-sak&description=Bes%C3%B8kstider%20"), "{body}");
    assert!(body.contains("&email=kari.nordmann%40example.no&phone=%2B47%20912%2034%20567&first_name=Kari%20Nordmann&"), "{body}");
    assert!(
        body.ends_with("&attribute%5Bcase_id%5D=0b9e4d7c-1a2f-4c3e-8b5d-6e7f8a9b0c1d"),
        "{body}"
    );
    // An anonymous case has no contact: those fields are not sent at all.
    let r = s.request(&example("examples/case/submission-anonymous.json"));
    assert!(!r.body.unwrap().contains("email="));
    assert_eq!(
        s.outcome(
            201,
            r#"[{"service_request_id":"311-77","service_notice":""}]"#
        ),
        Ok(Some("311-77".to_owned()))
    );
}

#[test]
fn form_backend_mapping_nests_fields_and_checks_its_status_member() {
    let m = mapping("form-backend.case-form.json", Kind::CaseForm);
    let s = m.submit.as_ref().unwrap();
    let r = s.request(&example("examples/case/submission-contact-relative.json"));
    assert_eq!(
        header(&r, "Authorization"),
        Some("Bearer public-form-token")
    );
    let body = json_value::parse(r.body.as_deref().unwrap()).unwrap();
    assert_eq!(
        body.pointer("/fields/subject").and_then(Value::as_str),
        Some("Besøkstider som passar for pårørande i arbeid")
    );
    assert_eq!(body.pointer("/fields/consent"), Some(&Value::Bool(true)));
    assert_eq!(
        body.pointer("/meta/tags/1").and_then(Value::as_str),
        Some("eldreradet-vestby")
    );
    assert_eq!(
        s.outcome(200, r#"{"status":"received","submission":{"number":1042}}"#),
        Ok(Some("1042".to_owned()))
    );
    assert!(s.outcome(200, r#"{"status":"spam"}"#).is_err());
}

#[test]
fn popolo_read_mapping_gives_a_native_directory() {
    let m = mapping("popolo.directory.json", Kind::Directory);
    let read = m.read.as_ref().unwrap();
    let native = read
        .to_native(&example("examples/directory/popolo-small.json"))
        .unwrap();
    let report = read_native(&native).unwrap();
    let sara = report.directory.person("sara").expect("sara is read");
    assert_eq!(sara.name, "Máret Ánde Sara");
    assert_eq!(
        sara.photo_url.as_deref(),
        Some("https://example.no/img/maret.jpg")
    );
    assert!(!report.directory.organisations().is_empty());
    // Seats are what the widget lists; they come through with our required fields.
    let seats = report.directory.memberships_of("sara").count();
    assert!(seats >= 1, "{:?}", report.skipped);
    assert_eq!(read.request("/data/x.json").url, "/data/x.json");
}

#[test]
fn foreign_list_read_mapping_renames_and_joins() {
    let m = mapping("foreign-list.directory.json", Kind::Directory);
    let read = m.read.as_ref().unwrap();
    let theirs = r#"{"data":{"people":[
        {"uid":"u1","firstName":"Kari","lastName":"Nordmann","contact":{"mail":"kari@example.no","mobile":"+47 400 00 001"}},
        {"uid":"u2","firstName":"Ola","lastName":"Nordmann"}]}}"#;
    let report = read_native(&read.to_native(theirs).unwrap()).unwrap();
    let kari = report.directory.person("u1").unwrap();
    assert_eq!(kari.name, "Kari Nordmann");
    assert_eq!(kari.sort_name.as_deref(), Some("Nordmann, Kari"));
    assert_eq!(kari.email.as_deref(), Some("kari@example.no"));
    assert_eq!(report.directory.person("u2").unwrap().email, None);
    let r = read.request("/ignored");
    assert_eq!(
        r.url,
        "https://intranet.example.no/api/people?council=brukerutvalg"
    );
    assert_eq!(header(&r, "X-Api-Key"), Some("public-read-key"));
    assert_eq!(
        read.to_native(r#"{"people":[]}"#),
        Err("no array at /data/people in the answer".to_owned())
    );
}

/// The mistakes a webmaster makes, each with the error text the widget must show.
#[test]
fn mistakes_are_reported_with_their_path() {
    let smiley = |body: &str| {
        [
            r#"{"mappingVersion":1,"submit":{"url":"https://x.example/h","#,
            body,
            "}}",
        ]
        .concat()
    };
    // A case-form status section with `extra` members; later members win, so `extra` may
    // replace the valid ones.
    let status = |extra: &str| {
        [
            r#"{"mappingVersion":1,"status":{"url":"/s/{receipt}","view":{"status":"$/s","receivedAt":"$/t"},"#,
            extra,
            "}}",
        ]
        .concat()
    };
    let cases: &[(Kind, String, &str)] = &[
        (Kind::Smiley, smiley(r#""body":{"rating":"$/rating/valu"}"#),
         "/submit/body/rating: unknown field /rating/valu; did you mean /rating/value?"),
        (Kind::Smiley, smiley(r#""body":{"t":{"$join":["$/title"]}}"#),
         "/submit/body/t/$join/0: unknown field /title"),
        (Kind::Smiley, smiley(r#""body":{"a":["x","$rating"]}"#),
         "/submit/body/a/1: invalid JSON Pointer \"rating\" (it must start with / and write ~ as ~0, / inside a name as ~1)"),
        (Kind::Smiley, smiley(r#""body":{"a":"$/page/path/~2"}"#),
         "/submit/body/a: invalid JSON Pointer \"/page/path/~2\" (it must start with / and write ~ as ~0, / inside a name as ~1)"),
        (Kind::Smiley, smiley(r#""body":{"a":{"$concat":[]}}"#),
         "/submit/body/a/$concat: unknown operator $concat (only $join, alone in its object; write $$ for a literal $)"),
        (Kind::Smiley, smiley(r#""headers":{"Cookie":"a=b"}"#),
         "/submit/headers/Cookie: a header the browser controls; it cannot be set from a page"),
        (Kind::Smiley, smiley(r#""headers":{"host":"evil"}"#),
         "/submit/headers/host: a header the browser controls; it cannot be set from a page"),
        (Kind::Smiley, smiley(r#""headers":{"Content-Type":"text/plain"}"#),
         "/submit/headers/Content-Type: Content-Type is set by \"format\" (json or form)"),
        (Kind::Smiley, smiley(r#""headers":{"X Key":"1"}"#),
         "/submit/headers/X Key: not a valid header name"),
        (Kind::Smiley, smiley(r#""headers":{"X-Key":"1\r\nX-Evil: 1"}"#),
         "/submit/headers/X-Key: line breaks are not allowed in a header value"),
        (Kind::Smiley, smiley(r#""method":"GET""#), "/submit/method: must be POST, PUT or PATCH"),
        (Kind::Smiley, smiley(r#""format":"xml""#), "/submit/format: must be \"json\" or \"form\""),
        (Kind::Smiley, smiley(r#""format":"form","body":"$""#), "/submit/body: a form body must be an object of fields"),
        (Kind::Smiley, smiley(r#""bdy":{}"#), "/submit/bdy: unknown member \"bdy\"; did you mean \"body\"?"),
        (Kind::Smiley, smiley(r#""success":{"status":[200,"201"]}"#), "/submit/success/status/1: not a success status (200 to 299)"),
        (Kind::Smiley, smiley(r#""success":{"status":[302]}"#), "/submit/success/status/0: not a success status (200 to 299)"),
        (Kind::Smiley, smiley(r#""success":{"pointer":"/ok"}"#), "/submit/success: \"pointer\" and \"equals\" go together"),
        (Kind::Smiley, smiley(r#""id":"id""#), "/submit/id: invalid JSON Pointer \"id\" (it must start with /)"),
        (Kind::Smiley, r#"{"mappingVersion":1,"submit":{"url":"ftp://x.example/h"}}"#.to_owned(),
         "/submit/url: must be an absolute https:// or http:// URL, or a path starting with /"),
        (Kind::Smiley, r#"{"mappingVersion":1,"submit":{"url":"//x.example/h"}}"#.to_owned(),
         "/submit/url: must be an absolute https:// or http:// URL, or a path starting with /"),
        (Kind::Smiley, r#"{"mappingVersion":1,"submit":{"url":"/f/{responseid}"}}"#.to_owned(),
         "/submit/url: unknown field /responseid; did you mean /responseId?"),
        (Kind::Smiley, r#"{"mappingVersion":1,"submit":{"url":"/f/{responseId"}}"#.to_owned(),
         "/submit/url: a { without its closing }"),
        (Kind::Smiley, r#"{"mappingVersion":1,"submit":{}}"#.to_owned(), "/submit: missing \"url\""),
        (Kind::Smiley, r#"{"mappingVersion":2,"submit":{"url":"/a"}}"#.to_owned(),
         "/mappingVersion: unsupported version; this widget reads mappingVersion 1"),
        (Kind::Smiley, r#"{"submit":{"url":"/a"}}"#.to_owned(), "/mappingVersion: missing; write \"mappingVersion\": 1"),
        (Kind::Smiley, r#"{"mappingVersion":1}"#.to_owned(), "(the whole document): missing the \"submit\" section"),
        (Kind::CaseForm, r#"{"mappingVersion":1}"#.to_owned(), "(the whole document): missing a \"submit\" or a \"status\" section"),
        (Kind::Smiley, r#"{"mappingVersion":1,"submit":{"url":"/a"},"status":{}}"#.to_owned(), "/status: this widget has no status section"),
        (Kind::CaseForm, status(r#""url":"/s/{caseId}""#), "/status/url: unknown field /caseId"),
        (Kind::CaseForm, status(r#""url":"/s""#), "/status/url: must contain {receipt}, where the code the person typed goes"),
        (Kind::CaseForm, r#"{"mappingVersion":1,"status":{"url":"/s/{receipt}"}}"#.to_owned(),
         "/status: missing \"view\" (our status fields from their answer)"),
        (Kind::CaseForm, status(r#""view":{"status":"$/s","recievedAt":"$/t"}"#),
         "/status/view/recievedAt: unknown field \"recievedAt\"; did you mean \"receivedAt\"?"),
        (Kind::CaseForm, status(r#""view":{"status":"$/s"}"#), "/status/view: missing our required field \"receivedAt\""),
        (Kind::CaseForm, status(r#""statuses":{"NY":"recieved"}"#),
         "/status/statuses/NY: not one of our statuses (received, being_assessed, on_agenda, discussed, decided, closed, not_taken_up); did you mean \"received\"?"),
        (Kind::CaseForm, status(r#""headers":{"Origin":"x"}"#),
         "/status/headers/Origin: a header the browser controls; it cannot be set from a page"),
        (Kind::CaseForm, status(r#""statsues":{}"#), "/status/statsues: unknown member \"statsues\"; did you mean \"statuses\"?"),
        (Kind::Smiley, r#"{"mappingVersion":1,"submit":{"url":"/a"},"read":{}}"#.to_owned(), "/read: this widget has no read section"),
        (Kind::Smiley, r#"{"mappingVersion":1,"submit":{"url":"/a"},}"#.to_owned(), "(the whole document): not valid JSON (stopped at byte 42)"),
        (Kind::CaseForm, r#"{"mappingVersion":1,"submit":{"url":"/a","body":{"t":"$/rating/value"}}}"#.to_owned(),
         "/submit/body/t: unknown field /rating/value"),
        (Kind::Directory, r#"{"mappingVersion":1,"read":{"persons":{"list":"/p","item":{"id":"$/a","nmae":"$/b"}}}}"#.to_owned(),
         "/read/persons/item/nmae: unknown field \"nmae\"; did you mean \"name\"?"),
        (Kind::Directory, r#"{"mappingVersion":1,"read":{"memberships":{"list":"/p","item":{"id":"$/a","personId":"$/b","councilId":"$/c"}}}}"#.to_owned(),
         "/read/memberships/item: missing our required field \"role\""),
        (Kind::Directory, r#"{"mappingVersion":1,"read":{"persons":{"list":"p","item":{}}}}"#.to_owned(),
         "/read/persons/list: invalid JSON Pointer \"p\" (it must start with /)"),
        (Kind::Directory, r#"{"mappingVersion":1,"read":{"url":"/x"}}"#.to_owned(),
         "/read: map at least one of persons, organisations, memberships"),
        (Kind::Directory, r#"{"mappingVersion":1,"read":{"persns":{}}}"#.to_owned(),
         "/read/persns: unknown member \"persns\"; did you mean \"persons\"?"),
    ];
    for (kind, text, want) in cases {
        let got = Mapping::parse(text, *kind)
            .map(|_| ())
            .map_err(|e| e.text());
        assert_eq!(got, Err((*want).to_owned()), "for {text}");
    }
}

#[test]
fn literal_dollars_url_placeholders_and_absent_values() {
    let m = Mapping::parse(
        r#"{"mappingVersion":1,"submit":{"method":"put","url":"https://x.example/r/{responseId}?p={/page/path}",
            "body":{"$$price":"$$5","list":["$/comment",1,null],"j":{"$join":["$/comment","-",true]}}}}"#,
        Kind::Smiley,
    )
    .unwrap();
    let s = m.submit.as_ref().unwrap();
    let r = s.request(&example("examples/feedback/submission-minimal.json"));
    assert_eq!(r.method, "PUT");
    assert_eq!(
        r.url,
        "https://x.example/r/3f2b8c1e-9a4d-4f6b-8e2a-1c5d7b9e0a42?p=%2Ftjenester%2Fbyggesak%2Fsoknad"
    );
    same_json(
        r.body.as_deref().unwrap(),
        r#"{"$price":"$5","list":[null,1,null],"j":"-true"}"#,
    );
}

#[test]
fn error_events_say_what_kind_of_failure() {
    assert_eq!(
        WidgetEvent::from_failure(Failure::Status(503)),
        WidgetEvent::Error {
            code: "server",
            message: "the backend answered with HTTP status 503".to_owned()
        }
    );
    assert!(matches!(
        WidgetEvent::from_failure(Failure::Status(422)),
        WidgetEvent::Error {
            code: "rejected",
            ..
        }
    ));
    assert_eq!(
        WidgetEvent::unreadable("no array at /data/people in the answer"),
        WidgetEvent::Error {
            code: "invalid",
            message: "the data could not be read: no array at /data/people in the answer"
                .to_owned()
        }
    );
    assert!(matches!(
        WidgetEvent::from_failure(Failure::Network),
        WidgetEvent::Error {
            code: "network",
            ..
        }
    ));
}

/// Every field our example payloads carry is in the field lists, so valid mappings are never
/// refused (and the lists follow the wire format).
#[test]
fn field_lists_cover_the_example_payloads() {
    fn walk(v: &Value, at: &str, out: &mut Vec<String>) {
        out.push(at.to_owned());
        if let Some(members) = v.as_object() {
            for (k, item) in members {
                let mut p = at.to_owned();
                push_token(&mut p, k);
                walk(item, &p, out);
            }
        }
    }
    let sets: [(&[&str], &[&str]); 2] = [
        (
            fields::FEEDBACK,
            &[
                "examples/feedback/submission-full.json",
                "examples/feedback/submission-scale3.json",
            ],
        ),
        (
            fields::CASE,
            &[
                "examples/case/submission-contact-relative.json",
                "examples/case/submission-user-organisation.json",
            ],
        ),
    ];
    for (known, files) in sets {
        for f in files {
            let mut all = Vec::new();
            walk(&json_value::parse(&example(f)).unwrap(), "", &mut all);
            for p in all {
                assert!(
                    fields::exists(known, &p),
                    "{f}: {p} is not in the field list"
                );
            }
        }
    }
}

#[test]
fn case_system_mapping_puts_under_our_id_and_reads_the_case_number() {
    let m = mapping("case-system.case-form.json", Kind::CaseForm);
    let s = m.submit.as_ref().unwrap();
    let mut payload: Value =
        json_value::parse(&example("examples/case/submission-timed.json")).unwrap();
    let r = s.request(&encode::to_json(&payload));
    assert_eq!(r.method, "PUT");
    assert_eq!(
        r.url,
        "https://sak.example.kommune.no/api/brukerrad/henvendelser/0b7d4f2e-8c1a-4e6b-9d3f-a5c7e9b1d3f5"
    );
    assert_eq!(header(&r, "x-api-key"), Some("public-case-key"));
    same_json(
        r.body.as_deref().unwrap(),
        r#"{"eksternId":"0b7d4f2e-8c1a-4e6b-9d3f-a5c7e9b1d3f5","utvalg":"eldreradet",
            "tittel":"Benkene langs turveien er borte",
            "beskrivelse":"Mange eldre går ikke lenger tur langs elva fordi det ikke er noe sted å hvile.\n\nHvor: Turveien langs elva\nNår: \n\nForslag: Sett ut benker igjen, minst én per halve kilometer.",
            "innsenderRolle":"service_user","kontakt":{},"sprak":"nb",
            "kontroll":{"felle":"","tidBruktMs":184000}}"#,
    );
    // The outbox finds this form's waiting case again by its URL, whatever the id.
    assert!(s.matches_url(&r.url));
    assert!(s.matches_url("https://sak.example.kommune.no/api/brukerrad/henvendelser/x%2Fy-1"));
    assert!(!s.matches_url("https://sak.example.kommune.no/api/brukerrad/henvendelser/a/b"));
    assert!(!s.matches_url("https://sak.example.kommune.no/api/brukerrad/henvendelse/a"));
    assert!(!s.matches_url("/api/v1/cases"));
    if let Value::Object(members) = &mut payload {
        members.retain(|(k, _)| k != "honeypot");
    }
    let r = s.request(&encode::to_json(&payload));
    let body = json_value::parse(r.body.as_deref().unwrap()).unwrap();
    assert_eq!(
        body.pointer("/kontroll/felle"),
        None,
        "an absent honeypot is left out"
    );

    assert_eq!(
        s.outcome(201, r#"{"resultat":"mottatt","saksnummer":"2026/118"}"#),
        Ok(Some("2026/118".to_owned()))
    );
    assert_eq!(
        s.outcome(200, r#"{"resultat":"avvist"}"#),
        Err(Failure::Status(400))
    );
    assert_eq!(s.outcome(503, ""), Err(Failure::Status(503)));

    let st = m.status.as_ref().unwrap();
    let r = st.request("  2026/118 ").unwrap();
    assert_eq!(
        (r.method.as_str(), r.url.as_str()),
        (
            "GET",
            "https://sak.example.kommune.no/api/brukerrad/henvendelser?saksnummer=2026%2F118"
        )
    );
    assert_eq!(header(&r, "X-Api-Key"), Some("public-case-key"));
    assert_eq!(st.request("   "), None);
    let view = st
        .view(
            "2026/118",
            r#"{"sak":{"saksnummer":"2026/118","tilstand":"SATT_OPP","tilstandTekst":"Satt opp til møte",
                "mottatt":"2026-03-02T10:15:00+01:00","endret":"2026-03-10T09:00:00+01:00",
                "motedato":"2026-04-14","svar":null}}"#,
        )
        .unwrap();
    assert_eq!(view.status, crate::case_form::CaseStatus::OnAgenda);
    assert_eq!(view.status_label.as_deref(), Some("Satt opp til møte"));
    assert_eq!(view.meeting_date.as_deref(), Some("2026-04-14"));
    assert_eq!(view.public_answer, None);
    assert_eq!(view.receipt, "2026/118");
    let stages: Vec<_> = view
        .history
        .iter()
        .map(|h| (h.status, h.at.as_str()))
        .collect();
    assert_eq!(
        stages,
        [
            (
                crate::case_form::CaseStatus::Received,
                "2026-03-02T10:15:00+01:00"
            ),
            (
                crate::case_form::CaseStatus::OnAgenda,
                "2026-03-10T09:00:00+01:00"
            ),
        ]
    );
    // What the mapped view gives is what our own server's answer would: the widget renders both alike.
    assert_eq!(
        crate::case_form::CaseStatusView::from_json(&view.to_json()),
        Some(view.clone())
    );
    // Our own status words pass without a translation; an unknown one is an error, not a guess.
    let ours = st
        .view(
            "x",
            r#"{"sak":{"tilstand":"decided","mottatt":"2026-03-02"}}"#,
        )
        .unwrap();
    assert_eq!(
        (ours.receipt.as_str(), ours.updated_at.as_str()),
        ("x", "2026-03-02")
    );
    assert_eq!(
        st.view(
            "x",
            r#"{"sak":{"tilstand":"PARKERT","mottatt":"2026-03-02"}}"#
        ),
        Err("unknown status \"PARKERT\" in the answer; add it to /status/statuses".to_owned())
    );
    assert_eq!(
        st.view("x", r#"{"sak":{"tilstand":"MOTTATT"}}"#),
        Err("no receivedAt in the answer".to_owned())
    );
    assert_eq!(
        st.view("x", "<html>"),
        Err("the answer is not valid JSON".to_owned())
    );
}

#[test]
fn a_case_form_mapping_may_map_only_its_status_reads() {
    let m = Mapping::parse(
        r#"{"mappingVersion":1,"status":{"url":"/cases/{receipt}.json","view":{"status":"$/s","receivedAt":"$/t"}}}"#,
        Kind::CaseForm,
    )
    .unwrap();
    assert!(m.submit.is_none());
    assert_eq!(
        m.status
            .as_ref()
            .unwrap()
            .request("BR-2026-0001")
            .unwrap()
            .url,
        "/cases/BR-2026-0001.json"
    );
}
