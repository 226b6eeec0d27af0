//! The only HTTP code of the widgets: JSON (and, for Open311, form-encoded) bodies sent with `fetch`.
//!
//! Raw `web_sys` rather than gloo-net and `String` bodies written by `medvirk-core::json` rather
//! than serde_json: both keep every visitor's download small. Requests never carry cookies or
//! other credentials (`credentials: "omit"`), use `keepalive` so a rating sent while the person
//! leaves the page still arrives, and give up after [`TIMEOUT`] so a dead connection turns into
//! a retry button instead of a widget that waits forever.

use std::time::Duration;

use medvirk_core::smiley::Failure;
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;
use web_sys::{
    AbortController, Headers, Request, RequestCredentials, RequestInit, RequestMode, Response,
};

/// How long a request may take before it counts as a network failure (and, for an outbox
/// entry, is retried later).
pub const TIMEOUT: Duration = Duration::from_secs(15);

/// The server's answer to an outbox entry: status, `Retry-After` and body text.
pub struct Answer {
    pub status: u16,
    pub retry_after: Option<String>,
    pub body: String,
}

/// Sends one outbox entry as it is stored (method from its kind, its URL, body and content
/// type). `Err(())` means no answer: offline, refused, timed out, blocked by CORS. Feedback
/// goes with `keepalive` so a rating sent while the person leaves still arrives; cases do not
/// (keepalive bodies are capped at 64 KB and the person waits for the receipt anyway).
pub async fn send_entry(entry: &medvirk_core::outbox::Entry) -> Result<Answer, ()> {
    use medvirk_core::outbox::Kind;
    let window = web_sys::window().ok_or(())?;
    let init = RequestInit::new();
    init.set_method(entry.method());
    init.set_body(&JsValue::from_str(&entry.body));
    init.set_mode(RequestMode::Cors);
    init.set_credentials(RequestCredentials::Omit);
    // Mapped sends go without keepalive too: a webmaster's extra headers may make the request
    // one that keepalive refuses.
    #[cfg(feature = "mapping")]
    let keepalive = entry.kind != Kind::CasePost && entry.mapped.is_none();
    #[cfg(not(feature = "mapping"))]
    let keepalive = entry.kind != Kind::CasePost;
    if keepalive {
        let _ = js_sys::Reflect::set(&init, &JsValue::from_str("keepalive"), &JsValue::TRUE);
    }
    let headers = Headers::new().map_err(|_| ())?;
    #[cfg(feature = "mapping")]
    if let Some(m) = &entry.mapped {
        for (name, value) in &m.headers {
            headers.set(name, value).map_err(|_| ())?;
        }
    }
    headers
        .set("Content-Type", &entry.content_type)
        .map_err(|_| ())?;
    headers.set("Accept", "application/json").map_err(|_| ())?;
    init.set_headers(&headers);
    let controller = AbortController::new().ok();
    if let Some(c) = &controller {
        init.set_signal(Some(&c.signal()));
    }
    let request = Request::new_with_str_and_init(&entry.url, &init).map_err(|_| ())?;
    if let Some(c) = controller {
        yew::platform::spawn_local(async move {
            yew::platform::time::sleep(TIMEOUT).await;
            // Aborting a finished request does nothing.
            c.abort();
        });
    }
    let answer = JsFuture::from(window.fetch_with_request(&request))
        .await
        .map_err(|_| ())?;
    let response: Response = answer.dyn_into().map_err(|_| ())?;
    let status = response.status();
    // Retry-After is readable cross-origin only when the server exposes it; without it the
    // outbox falls back to its own backoff.
    let retry_after = response.headers().get("Retry-After").ok().flatten();
    // Only a 2xx body matters (the case receipt); an unreadable one is an unanswered request
    // there, since the receipt would be lost.
    let body = match response.text() {
        Ok(p) => JsFuture::from(p).await.ok().and_then(|t| t.as_string()),
        Err(_) => None,
    };
    let body = match body {
        Some(b) => b,
        None if (200..300).contains(&status) => return Err(()),
        None => String::new(),
    };
    Ok(Answer {
        status,
        retry_after,
        body,
    })
}

/// `GET`s `url` and returns the body of a 2xx answer (a case's public status).
pub async fn get_text(url: &str) -> Result<String, Failure> {
    fetch_text("GET", url, None).await
}

/// One request with the rules every send follows (CORS, no credentials, [`TIMEOUT`]), reading
/// the answer's text. A 2xx answer whose body cannot be read counts as a network failure.
async fn fetch_text(
    method: &str,
    url: &str,
    body: Option<(&str, &str)>,
) -> Result<String, Failure> {
    let window = web_sys::window().ok_or(Failure::Network)?;
    let init = RequestInit::new();
    init.set_method(method);
    init.set_mode(RequestMode::Cors);
    init.set_credentials(RequestCredentials::Omit);
    let headers = Headers::new().map_err(|_| Failure::Network)?;
    headers
        .set("Accept", "application/json")
        .map_err(|_| Failure::Network)?;
    if let Some((text, content_type)) = body {
        init.set_body(&JsValue::from_str(text));
        headers
            .set("Content-Type", content_type)
            .map_err(|_| Failure::Network)?;
    }
    init.set_headers(&headers);
    let controller = AbortController::new().ok();
    if let Some(c) = &controller {
        init.set_signal(Some(&c.signal()));
    }
    let request = Request::new_with_str_and_init(url, &init).map_err(|_| Failure::Network)?;
    if let Some(c) = controller {
        yew::platform::spawn_local(async move {
            yew::platform::time::sleep(TIMEOUT).await;
            c.abort();
        });
    }
    let answer = JsFuture::from(window.fetch_with_request(&request))
        .await
        .map_err(|_| Failure::Network)?;
    let response: Response = answer.dyn_into().map_err(|_| Failure::Network)?;
    if !response.ok() {
        return Err(Failure::Status(response.status()));
    }
    let text = response.text().map_err(|_| Failure::Network)?;
    JsFuture::from(text)
        .await
        .ok()
        .and_then(|t| t.as_string())
        .ok_or(Failure::Network)
}

/// Sends a request built by a declarative mapping (`medvirk_core::mapping`) and returns the
/// answer's status and text whatever the status, because the mapping, not this function,
/// decides what counts as success (`Send::outcome`). Same rules as the other requests: CORS, no
/// credentials, [`TIMEOUT`]; no `keepalive`, since the webmaster's extra headers may make the
/// request one that keepalive refuses.
pub async fn send_mapped(req: &medvirk_core::mapping::Request) -> Result<(u16, String), Failure> {
    let window = web_sys::window().ok_or(Failure::Network)?;
    let init = RequestInit::new();
    init.set_method(&req.method);
    init.set_mode(RequestMode::Cors);
    init.set_credentials(RequestCredentials::Omit);
    let headers = Headers::new().map_err(|_| Failure::Network)?;
    headers
        .set("Accept", "application/json")
        .map_err(|_| Failure::Network)?;
    for (name, value) in &req.headers {
        headers.set(name, value).map_err(|_| Failure::Network)?;
    }
    if let Some(body) = &req.body {
        init.set_body(&JsValue::from_str(body));
    }
    if let Some(content_type) = req.content_type {
        headers
            .set("Content-Type", content_type)
            .map_err(|_| Failure::Network)?;
    }
    init.set_headers(&headers);
    let controller = AbortController::new().ok();
    if let Some(c) = &controller {
        init.set_signal(Some(&c.signal()));
    }
    let request = Request::new_with_str_and_init(&req.url, &init).map_err(|_| Failure::Network)?;
    if let Some(c) = controller {
        yew::platform::spawn_local(async move {
            yew::platform::time::sleep(TIMEOUT).await;
            c.abort();
        });
    }
    let answer = JsFuture::from(window.fetch_with_request(&request))
        .await
        .map_err(|_| Failure::Network)?;
    let response: Response = answer.dyn_into().map_err(|_| Failure::Network)?;
    let status = response.status();
    // A body that cannot be read is an empty one: the status still tells the mapping a lot.
    let text = match response.text() {
        Ok(p) => JsFuture::from(p)
            .await
            .ok()
            .and_then(|t| t.as_string())
            .unwrap_or_default(),
        Err(_) => String::new(),
    };
    Ok((status, text))
}
