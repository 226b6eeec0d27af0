//! Fuzz target: case submission decoding (serde_json into CaseSubmission, core's `check_case`) and, for valid cases, the Open311 mapping.
//!
//! A case that passes `check_case` is mapped to Open311 form fields and URL-encoded, as the case
//! form does; every field name and value must come out of the encoder without raw separators.
#![no_main]

use libfuzzer_sys::fuzz_target;
use medvirk_core::case_form::{
    CaseSubmission, Open311Config, check_case, form_urlencode, open311_request,
};
use medvirk_core::lang::Lang;

fuzz_target!(|data: &[u8]| {
    let Ok(sub) = serde_json::from_slice::<CaseSubmission>(data) else {
        return;
    };
    if check_case(&sub).is_err() {
        return;
    }
    let cfg = Open311Config {
        service_code: "brukerrad-sak".into(),
        jurisdiction_id: Some("kommune.no".into()),
        api_key: None,
        fallback_address: None,
    };
    for lang in [Lang::Nb, Lang::Nn, Lang::Sv, Lang::En] {
        let fields = open311_request(&sub, &cfg, lang);
        let encoded = form_urlencode(&fields);
        // One `key=value` per field: nothing in a value can add a field or a line.
        assert_eq!(encoded.split('&').count(), fields.len(), "{encoded}");
        assert!(!encoded.contains(['\n', '\r', ' ', '#']), "{encoded}");
    }
});
