//! Signing in to the admin area: sessions held in memory, the session cookie, and the same-origin rule for changes.
//!
//! The admin token is typed once into a form and exchanged for a random session id in an
//! `HttpOnly; SameSite=Strict` cookie scoped to `/admin`: the token never appears in a URL, and a
//! page script cannot read the session. Only the SHA-256 digest of a session id is kept, so a
//! memory dump holds nothing that could be replayed. Sessions end after eight idle hours and on
//! restart (signing in again is cheap; a session table would be one more thing to protect), and a
//! session opened with a stored token ends at its next request once that token is revoked
//! (`medvirk-server token revoke` runs as another process, so each request asks the store).
//!
//! Cross-site request forgery is refused twice: the cookie is `SameSite=Strict`, and every request
//! that changes something must come from our own origin (`Origin`, or `Sec-Fetch-Site`), see
//! [`same_origin_only`].

use std::collections::{HashMap, VecDeque};
use std::net::{IpAddr, SocketAddr};
use std::sync::Mutex;
use std::time::{Duration, Instant};

use std::convert::Infallible;

use axum::extract::{FromRequestParts, OptionalFromRequestParts, Request};
use axum::http::request::Parts;
use axum::http::{HeaderMap, HeaderValue, Method, StatusCode, header};
use axum::middleware::Next;
use axum::response::{IntoResponse, Redirect, Response};
use medvirk_core::admin::texts::shell;
use medvirk_core::lang::Lang;
use sha2::{Digest, Sha256};

use super::{Frame, Nav, error_page, lang_from_headers};
use crate::AppState;

/// The cookie that carries the session id.
pub const COOKIE: &str = "medvirk_admin";
/// How long a session lives without being used.
pub const IDLE: Duration = Duration::from_secs(8 * 60 * 60);
/// Failed sign-ins allowed per minute before the form refuses for a while.
pub const FAILURES_PER_MINUTE: usize = 10;

/// One signed-in person.
#[derive(Clone, Debug)]
struct Session {
    /// Which token signed in: `MEDVIRK_ADMIN_TOKEN` or a stored token's name. Logged with changes.
    who: String,
    /// The stored token's digest (hex SHA-256, as in the store) when one signed in, so that a
    /// revoked token's sessions end; `None` for `MEDVIRK_ADMIN_TOKEN`, which only a restart
    /// changes (and a restart ends every session).
    token_digest: Option<String>,
    lang: Lang,
    last_used: Instant,
}

/// Sessions and recent failed sign-ins per client address, in memory only (like the rate
/// limiter's keys): one client guessing cannot lock the others out.
#[derive(Debug, Default)]
pub struct Sessions {
    by_digest: Mutex<HashMap<[u8; 32], Session>>,
    failures: Mutex<HashMap<Option<IpAddr>, VecDeque<Instant>>>,
}

/// A failure counts for a minute.
const FAILURE_WINDOW: Duration = Duration::from_secs(60);

fn digest(id: &str) -> [u8; 32] {
    Sha256::digest(id.as_bytes()).into()
}

impl Sessions {
    /// Starts a session and returns its id (64 hex digits from the OS's random source).
    pub fn start(&self, who: SignedIn, lang: Lang) -> Result<String, String> {
        let id = crate::tokens::random_hex()?;
        let mut map = self.by_digest.lock().unwrap_or_else(|e| e.into_inner());
        let now = Instant::now();
        // Expired sessions go when new ones come, so the map cannot grow without bound.
        map.retain(|_, s| now.duration_since(s.last_used) < IDLE);
        map.insert(
            digest(&id),
            Session {
                who: who.who,
                token_digest: who.token_digest,
                lang,
                last_used: now,
            },
        );
        Ok(id)
    }

    /// The live session for `id`, touched; `lang` (from `?lang=`) becomes its language.
    fn resume(&self, id: &str, lang: Option<Lang>) -> Option<Session> {
        let mut map = self.by_digest.lock().unwrap_or_else(|e| e.into_inner());
        let key = digest(id);
        let now = Instant::now();
        match map.get_mut(&key) {
            Some(s) if now.duration_since(s.last_used) < IDLE => {
                s.last_used = now;
                if let Some(lang) = lang {
                    s.lang = lang;
                }
                Some(s.clone())
            }
            Some(_) => {
                map.remove(&key);
                None
            }
            None => None,
        }
    }

    /// Ends the session `id` (signing out).
    pub fn end(&self, id: &str) {
        let mut map = self.by_digest.lock().unwrap_or_else(|e| e.into_inner());
        map.remove(&digest(id));
    }

    /// Counts a failed sign-in from `client`; `false` when its last minute already had too many.
    pub fn note_failure(&self, client: Option<IpAddr>) -> bool {
        let mut failures = self.failures.lock().unwrap_or_else(|e| e.into_inner());
        let now = Instant::now();
        // Clients whose failures have all expired go, so the map cannot grow without bound.
        failures.retain(|_, times| {
            times.retain(|t| now.duration_since(*t) <= FAILURE_WINDOW);
            !times.is_empty()
        });
        let times = failures.entry(client).or_default();
        times.push_back(now);
        times.len() <= FAILURES_PER_MINUTE
    }

    /// Whether sign-in is currently refused to `client` because of its recent failures.
    pub fn locked_out(&self, client: Option<IpAddr>) -> bool {
        let failures = self.failures.lock().unwrap_or_else(|e| e.into_inner());
        let now = Instant::now();
        failures.get(&client).is_some_and(|times| {
            times
                .iter()
                .filter(|t| now.duration_since(**t) <= FAILURE_WINDOW)
                .count()
                >= FAILURES_PER_MINUTE
        })
    }
}

/// The client's address for counting failed sign-ins: the peer, or the forwarded address when
/// the rate limiter is told to trust `X-Forwarded-For`.
#[derive(Clone, Copy, Debug)]
pub struct Client(pub Option<IpAddr>);

impl FromRequestParts<AppState> for Client {
    type Rejection = Infallible;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, Infallible> {
        let peer = parts
            .extensions
            .get::<axum::extract::ConnectInfo<SocketAddr>>()
            .map(|c| c.0.ip());
        Ok(Client(match &state.rate_limiter {
            Some(limiter) => limiter.client(peer, &parts.headers),
            None => peer,
        }))
    }
}

/// Who presented `token`: `Some(name)` when it is the configured `MEDVIRK_ADMIN_TOKEN` or a
/// token made with `medvirk-server token create` (then `token NAME`).
pub async fn authenticate(state: &AppState, token: &str) -> Option<SignedIn> {
    let token = token.trim();
    if token.is_empty() {
        return None;
    }
    if state.admin_token.as_ref().is_some_and(|t| t.matches(token)) {
        return Some(SignedIn {
            who: "MEDVIRK_ADMIN_TOKEN".to_owned(),
            token_digest: None,
        });
    }
    crate::tokens::lookup(state.store.as_ref(), token)
        .await
        .map(|name| SignedIn {
            who: format!("token {name}"),
            token_digest: Some(crate::tokens::digest_hex(token)),
        })
}

/// Who a right token belongs to, for a new session.
#[derive(Clone, Debug)]
pub struct SignedIn {
    /// `MEDVIRK_ADMIN_TOKEN` or `token NAME`, for the log.
    pub who: String,
    /// A stored token's digest, checked again on every request of the session.
    pub token_digest: Option<String>,
}

/// Whether any way to sign in exists (otherwise the sign-in page says how to enable one).
pub async fn sign_in_possible(state: &AppState) -> bool {
    state.admin_token.is_some() || crate::tokens::any_stored(state.store.as_ref()).await
}

/// The session cookie's value in the request, if any.
pub fn cookie_value(headers: &HeaderMap) -> Option<&str> {
    headers
        .get_all(header::COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(';'))
        .filter_map(|pair| pair.trim().split_once('='))
        .find(|(name, _)| *name == COOKIE)
        .map(|(_, value)| value)
        .filter(|v| v.len() == 64 && v.bytes().all(|b| b.is_ascii_hexdigit()))
}

/// Loopback hosts may use the cookie over plain HTTP (a webmaster trying it out); anywhere else
/// the browser must only send it over HTTPS.
fn secure_cookie(headers: &HeaderMap) -> bool {
    let host = headers
        .get(header::HOST)
        .and_then(|h| h.to_str().ok())
        .unwrap_or("");
    let name = host
        .rsplit_once(':')
        .filter(|(_, port)| port.bytes().all(|b| b.is_ascii_digit()))
        .map_or(host, |(name, _)| name);
    !matches!(name, "localhost" | "127.0.0.1" | "[::1]")
}

/// `Set-Cookie` for a new session.
pub fn set_cookie(headers: &HeaderMap, id: &str) -> HeaderValue {
    let secure = if secure_cookie(headers) {
        "; Secure"
    } else {
        ""
    };
    let value = format!(
        "{COOKIE}={id}; Path=/admin; HttpOnly; SameSite=Strict; Max-Age={}{secure}",
        IDLE.as_secs()
    );
    HeaderValue::from_str(&value).expect("hex id and fixed attributes are a valid header")
}

/// `Set-Cookie` that removes the session cookie.
pub fn clear_cookie() -> HeaderValue {
    HeaderValue::from_static("medvirk_admin=; Path=/admin; HttpOnly; SameSite=Strict; Max-Age=0")
}

/// A request from a signed-in person: the extractor every admin page but sign-in uses.
#[derive(Clone, Debug)]
pub struct AdminSession {
    pub who: String,
    pub lang: Lang,
    /// The request's query string, for the frame's language switcher.
    pub query: String,
}

impl AdminSession {
    /// The page frame for this person.
    pub fn frame<'a>(&self, title: &'a str, active: Nav) -> Frame<'a> {
        Frame {
            lang: self.lang,
            title,
            active,
            signed_in: true,
            query: self.query.clone(),
        }
    }
}

/// Why a request has no session: sent to the sign-in page (a browser follows the 303).
#[derive(Debug)]
pub struct SignInFirst {
    expired: bool,
}

impl IntoResponse for SignInFirst {
    fn into_response(self) -> Response {
        let to = if self.expired {
            "/admin/?expired=1"
        } else {
            "/admin/"
        };
        let mut response = Redirect::to(to).into_response();
        if self.expired {
            response
                .headers_mut()
                .insert(header::SET_COOKIE, clear_cookie());
        }
        response
    }
}

/// `?lang=nn` on any admin URL switches the session's language (links in the frame's switcher).
pub fn lang_from_query(query: Option<&str>) -> Option<Lang> {
    form_urlencoded::parse(query?.as_bytes())
        .find(|(k, _)| k == "lang")
        .and_then(|(_, v)| Lang::parse(&v))
}

impl FromRequestParts<AppState> for AdminSession {
    type Rejection = SignInFirst;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, SignInFirst> {
        let Some(id) = cookie_value(&parts.headers) else {
            return Err(SignInFirst { expired: false });
        };
        let lang = lang_from_query(parts.uri.query());
        let Some(s) = state.admin_sessions.resume(id, lang) else {
            return Err(SignInFirst { expired: true });
        };
        if let Some(digest) = &s.token_digest {
            // Revoked since sign-in? The same lookup as signing in (it also marks the token
            // used, at most hourly). A store that cannot answer lets nobody in.
            match state
                .store
                .use_admin_token(digest, time::OffsetDateTime::now_utc())
                .await
            {
                Ok(Some(_)) => {}
                Ok(None) => {
                    state.admin_sessions.end(id);
                    eprintln!("medvirk-server: admin session ended: {} was revoked", s.who);
                    return Err(SignInFirst { expired: true });
                }
                Err(e) => {
                    eprintln!("medvirk-server: cannot check stored admin tokens: {e}");
                    return Err(SignInFirst { expired: false });
                }
            }
        }
        Ok(AdminSession {
            who: s.who,
            lang: s.lang,
            query: parts.uri.query().unwrap_or("").to_owned(),
        })
    }
}

/// `Option<AdminSession>`: pages that look different for signed-in people (sign-in, not found).
impl OptionalFromRequestParts<AppState> for AdminSession {
    type Rejection = Infallible;

    async fn from_request_parts(
        parts: &mut Parts,
        state: &AppState,
    ) -> Result<Option<Self>, Infallible> {
        Ok(
            <Self as FromRequestParts<AppState>>::from_request_parts(parts, state)
                .await
                .ok(),
        )
    }
}

/// Refuses any admin request that changes something (not GET/HEAD) unless the browser says it
/// comes from a page of this origin. Browsers send `Origin` on every form POST; non-browser
/// clients must send it too.
pub async fn same_origin_only(req: Request, next: Next) -> Response {
    if matches!(*req.method(), Method::GET | Method::HEAD) || is_same_origin(req.headers()) {
        return next.run(req).await;
    }
    eprintln!(
        "medvirk-server: refused a cross-origin {} to {}",
        req.method(),
        req.uri().path()
    );
    let lang = lang_from_headers(req.headers());
    let frame = Frame {
        lang,
        title: shell(lang).error_heading,
        active: Nav::None,
        signed_in: false,
        query: String::new(),
    };
    error_page(&frame, StatusCode::FORBIDDEN, shell(lang).forbidden_origin)
}

/// `Sec-Fetch-Site: same-origin`, or an `Origin` whose host and port equal `Host`.
pub fn is_same_origin(headers: &HeaderMap) -> bool {
    let get = |name| {
        headers
            .get(name)
            .and_then(|v: &HeaderValue| v.to_str().ok())
    };
    if let Some(site) = get(header::HeaderName::from_static("sec-fetch-site")) {
        return site == "same-origin";
    }
    match (get(header::ORIGIN), get(header::HOST)) {
        (Some(origin), Some(host)) => origin
            .split_once("://")
            .is_some_and(|(_, authority)| authority.eq_ignore_ascii_case(host)),
        _ => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn headers(pairs: &[(&'static str, &str)]) -> HeaderMap {
        let mut h = HeaderMap::new();
        for (k, v) in pairs {
            h.append(*k, HeaderValue::from_str(v).unwrap());
        }
        h
    }

    fn env_token() -> SignedIn {
        SignedIn {
            who: "MEDVIRK_ADMIN_TOKEN".into(),
            token_digest: None,
        }
    }

    #[test]
    fn sessions_resume_switch_language_and_end() {
        let sessions = Sessions::default();
        let id = sessions.start(env_token(), Lang::Nb).unwrap();
        assert_eq!(id.len(), 64);
        assert_eq!(sessions.resume(&id, None).unwrap().lang, Lang::Nb);
        assert_eq!(sessions.resume(&id, Some(Lang::Sv)).unwrap().lang, Lang::Sv);
        assert_eq!(sessions.resume(&id, None).unwrap().lang, Lang::Sv);
        sessions.end(&id);
        assert!(sessions.resume(&id, None).is_none());
        let other = sessions.start(env_token(), Lang::Nb).unwrap();
        assert_ne!(other, id, "ids are random");
    }

    #[test]
    fn failures_lock_out_after_the_limit() {
        let sessions = Sessions::default();
        let guesser = Some(IpAddr::from([10, 0, 0, 1]));
        let admin = Some(IpAddr::from([10, 0, 0, 2]));
        for _ in 0..FAILURES_PER_MINUTE {
            assert!(!sessions.locked_out(guesser));
            assert!(sessions.note_failure(guesser));
        }
        assert!(sessions.locked_out(guesser));
        assert!(!sessions.note_failure(guesser));
        assert!(!sessions.locked_out(admin), "others still sign in");
    }

    #[test]
    fn cookie_is_read_only_when_well_formed() {
        let id = "a".repeat(64);
        let h = headers(&[("cookie", &format!("x=1; medvirk_admin={id}; y=2"))]);
        assert_eq!(cookie_value(&h), Some(id.as_str()));
        let h = headers(&[("cookie", "medvirk_admin=<script>")]);
        assert_eq!(cookie_value(&h), None);
    }

    #[test]
    fn cookie_is_secure_except_on_loopback() {
        let id = "b".repeat(64);
        let local = set_cookie(&headers(&[("host", "127.0.0.1:8080")]), &id);
        assert!(!local.to_str().unwrap().contains("Secure"));
        let public = set_cookie(&headers(&[("host", "medvirk.kommune.no")]), &id);
        let public = public.to_str().unwrap();
        assert!(public.contains("; Secure") && public.contains("HttpOnly"));
        assert!(public.contains("SameSite=Strict") && public.contains("Path=/admin"));
    }

    #[test]
    fn same_origin_needs_matching_origin_or_fetch_metadata() {
        assert!(is_same_origin(&headers(&[
            ("host", "127.0.0.1:8080"),
            ("origin", "http://127.0.0.1:8080")
        ])));
        assert!(!is_same_origin(&headers(&[
            ("host", "127.0.0.1:8080"),
            ("origin", "http://evil.example")
        ])));
        assert!(!is_same_origin(&headers(&[("host", "127.0.0.1:8080")])));
        assert!(is_same_origin(&headers(&[(
            "sec-fetch-site",
            "same-origin"
        )])));
        assert!(!is_same_origin(&headers(&[
            ("sec-fetch-site", "cross-site"),
            ("origin", "http://127.0.0.1:8080"),
            ("host", "127.0.0.1:8080")
        ])));
    }
}
