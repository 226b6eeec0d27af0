//! The admin area at `/admin/`: server-rendered pages for the organisation (results, cases, directory, exports).
//!
//! Why server-rendered HTML and not a second Yew app: the people using it sit at office machines,
//! often behind a CMS's strict Content-Security-Policy habits; plain forms and links work with the
//! keyboard, a screen reader and no JavaScript at all, need no wasm download, and keep every
//! decision on the server, where the data and the privacy threshold are. Charts are SVG drawn
//! by `medvirk_core::admin` and sent inside the page.
//!
//! This module holds the frame every page shares ([`page`]), signing in and out, the stylesheet,
//! and the security headers of every admin response. Each page lives in its own module and adds
//! its routes in [`router`].

pub mod cases;
pub mod directory;
pub mod exports;
pub mod markup;
pub mod results;
pub mod session;

use axum::Router;
use axum::extract::{Form, Query, Request, State};
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::middleware::{self, Next};
use axum::response::{Html, IntoResponse, Redirect, Response};
use axum::routing::{get, post};
use medvirk_core::admin::texts::{endonym, shell};
use medvirk_core::html::escape;
use medvirk_core::lang::Lang;
use serde::Deserialize;

use crate::AppState;
use session::{AdminSession, authenticate, cookie_value, sign_in_possible};

/// Policy of every admin page: nothing inline, nothing from elsewhere, never framed.
pub const ADMIN_CSP: &str = "default-src 'self'; script-src 'self'; style-src 'self'; \
    img-src 'self' data:; connect-src 'self'; object-src 'none'; base-uri 'none'; \
    form-action 'self'; frame-ancestors 'none'";

/// Which navigation entry is the current page.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Nav {
    None,
    Results,
    Cases,
    Directory,
    Exports,
}

/// What the frame around a page needs to know.
#[derive(Clone, Debug)]
pub struct Frame<'a> {
    pub lang: Lang,
    /// The page's `<h1>` and the first part of its `<title>`; plain text (escaped here).
    pub title: &'a str,
    pub active: Nav,
    /// Shows the navigation and the sign-out button.
    pub signed_in: bool,
    /// The request's query string as sent (without `?`): the language switcher keeps it, so
    /// switching language on a filtered page keeps the filters.
    pub query: String,
}

/// The link of the language switcher's entry for `lang`: the current query with `lang`
/// replaced (every other parameter kept, in order), relative to the current path. Raw: escape
/// it for an attribute.
pub fn lang_href(query: &str, lang: Lang) -> String {
    let mut out = form_urlencoded::Serializer::for_suffix(String::from("?"), 1);
    for (k, v) in form_urlencoded::parse(query.as_bytes()) {
        if k != "lang" {
            out.append_pair(&k, &v);
        }
    }
    out.append_pair("lang", lang.tag());
    out.finish()
}

/// Today's date in Norway and Sweden (`medvirk_core::time_zone`): what "confirmed today" and
/// "ending soon" count from, and the date in a download's file name. UTC would still say
/// yesterday for the first one or two hours of every day.
pub fn local_today() -> time::Date {
    let now = time::OffsetDateTime::now_utc().unix_timestamp();
    let day = medvirk_core::time_zone::local_day(now);
    time::OffsetDateTime::from_unix_timestamp(day * 86_400)
        .map_or_else(|_| time::OffsetDateTime::now_utc().date(), |t| t.date())
}

/// The admin routes, merged into the app before the static site's fallback.
pub fn router() -> Router<AppState> {
    Router::new()
        .route("/admin", get(|| async { Redirect::permanent("/admin/") }))
        .route("/admin/", get(start))
        .route("/admin/sign-in", post(sign_in))
        .route("/admin/sign-out", post(sign_out))
        .route("/admin/admin.css", get(stylesheet))
        .merge(cases::routes())
        .merge(directory::routes())
        .merge(results::routes())
        .merge(exports::routes())
        .route("/admin/{*rest}", get(not_found).post(not_found))
        .layer(middleware::from_fn(session::same_origin_only))
        .layer(middleware::from_fn(security_headers))
}

/// The frame around `body` (trusted markup built by the page): skip link, header with
/// navigation, language switcher and sign-out, then `<main>` with the page's heading.
pub fn page(frame: &Frame, body: &str) -> String {
    let t = shell(frame.lang);
    let title = escape(frame.title);
    let mut out = String::with_capacity(body.len() + 2048);
    out.push_str("<!doctype html>\n<html lang=\"");
    out.push_str(frame.lang.tag());
    out.push_str("\">\n<head>\n<meta charset=\"utf-8\">\n");
    out.push_str("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n");
    out.push_str("<meta name=\"referrer\" content=\"same-origin\">\n");
    out.push_str(&format!(
        "<title>{title} – {} – {}</title>\n",
        escape(t.admin_area),
        escape(t.product)
    ));
    out.push_str("<link rel=\"stylesheet\" href=\"/admin/admin.css\">\n");
    out.push_str("<link rel=\"icon\" href=\"/favicon.svg\" type=\"image/svg+xml\">\n");
    out.push_str("</head>\n<body>\n");
    out.push_str(&format!(
        "<a class=\"skip\" href=\"#main\">{}</a>\n",
        escape(t.skip_to_content)
    ));
    out.push_str("<header class=\"top\">\n");
    out.push_str(&format!(
        "<p class=\"brand\"><span>{}</span> {}</p>\n",
        escape(t.product),
        escape(t.admin_area)
    ));
    if frame.signed_in {
        out.push_str(&format!(
            "<nav aria-label=\"{}\"><ul>\n",
            escape(t.main_nav)
        ));
        for (nav, href, label) in [
            (Nav::Results, "/admin/results", t.nav_results),
            (Nav::Cases, "/admin/cases", t.nav_cases),
            (Nav::Directory, "/admin/directory", t.nav_directory),
            (Nav::Exports, "/admin/exports", t.nav_exports),
        ] {
            let current = if nav == frame.active {
                " aria-current=\"page\""
            } else {
                ""
            };
            out.push_str(&format!(
                "<li><a href=\"{href}\"{current}>{}</a></li>\n",
                escape(label)
            ));
        }
        out.push_str("</ul></nav>\n");
    }
    out.push_str(&format!(
        "<nav class=\"langs\" aria-label=\"{}\"><ul>\n",
        escape(t.language)
    ));
    for lang in Lang::ALL {
        let current = if lang == frame.lang {
            " aria-current=\"true\""
        } else {
            ""
        };
        out.push_str(&format!(
            "<li><a href=\"{href}\" lang=\"{tag}\" hreflang=\"{tag}\"{current}>{}</a></li>\n",
            endonym(lang),
            href = escape(&lang_href(&frame.query, lang)),
            tag = lang.tag()
        ));
    }
    out.push_str("</ul></nav>\n");
    if frame.signed_in {
        out.push_str(&format!(
            "<form method=\"post\" action=\"/admin/sign-out\" class=\"sign-out\"><button type=\"submit\">{}</button></form>\n",
            escape(t.sign_out)
        ));
    }
    out.push_str("</header>\n<main id=\"main\" tabindex=\"-1\">\n");
    out.push_str(&format!("<h1>{title}</h1>\n"));
    out.push_str(body);
    out.push_str("\n</main>\n</body>\n</html>\n");
    out
}

/// A page with `status`.
pub fn respond(frame: &Frame, status: StatusCode, body: &str) -> Response {
    (status, Html(page(frame, body))).into_response()
}

/// A page that only says what went wrong, as an alert.
pub fn error_page(frame: &Frame, status: StatusCode, message: &str) -> Response {
    respond(
        frame,
        status,
        &format!("<p role=\"alert\" class=\"error\">{}</p>", escape(message)),
    )
}

/// The language of a person without a session: `?lang=`, then `Accept-Language`, then bokmål.
pub fn lang_from_headers(headers: &HeaderMap) -> Lang {
    let accept = headers
        .get(header::ACCEPT_LANGUAGE)
        .and_then(|v| v.to_str().ok())
        .unwrap_or("");
    // Quality values are ignored: browsers list languages in the person's order anyway.
    let browser: Vec<&str> = accept
        .split(',')
        .map(|part| part.split(';').next().unwrap_or("").trim())
        .filter(|tag| !tag.is_empty())
        .collect();
    medvirk_core::lang::negotiate(None, None, &browser)
}

/// Sets the headers every admin response carries: the page policy, no caching of personal data
/// by the browser or a proxy, no framing, no referrer leaving the site.
async fn security_headers(req: Request, next: Next) -> Response {
    let mut response = next.run(req).await;
    let h = response.headers_mut();
    h.insert(
        header::CONTENT_SECURITY_POLICY,
        HeaderValue::from_static(ADMIN_CSP),
    );
    h.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    h.insert(header::X_FRAME_OPTIONS, HeaderValue::from_static("DENY"));
    h.insert(
        header::REFERRER_POLICY,
        HeaderValue::from_static("same-origin"),
    );
    response
}

#[derive(Debug, Deserialize)]
struct StartQuery {
    expired: Option<String>,
    lang: Option<String>,
}

/// `/admin/`: the results for a signed-in person, else the sign-in form.
async fn start(
    State(state): State<AppState>,
    session: Option<AdminSession>,
    headers: HeaderMap,
    Query(query): Query<StartQuery>,
) -> Response {
    if session.is_some() {
        return Redirect::to("/admin/results").into_response();
    }
    let lang = query
        .lang
        .as_deref()
        .and_then(Lang::parse)
        .unwrap_or_else(|| lang_from_headers(&headers));
    let t = shell(lang);
    let notice = if query.expired.is_some() && cookie_value(&headers).is_none() {
        Some(t.session_expired)
    } else {
        None
    };
    sign_in_page(&state, lang, StatusCode::OK, notice).await
}

async fn sign_in_page(
    state: &AppState,
    lang: Lang,
    status: StatusCode,
    message: Option<&str>,
) -> Response {
    let t = shell(lang);
    let frame = Frame {
        lang,
        title: t.sign_in_heading,
        active: Nav::None,
        signed_in: false,
        query: String::new(),
    };
    if !sign_in_possible(state).await {
        return error_page(
            &frame,
            StatusCode::SERVICE_UNAVAILABLE,
            t.no_token_configured,
        );
    }
    let mut body = String::new();
    if let Some(message) = message {
        body.push_str(&format!(
            "<p role=\"alert\" class=\"error\" id=\"sign-in-error\">{}</p>\n",
            escape(message)
        ));
    }
    let described = if message.is_some() {
        "token-hint sign-in-error"
    } else {
        "token-hint"
    };
    body.push_str(&format!(
        "<p>{intro}</p>\n<form method=\"post\" action=\"/admin/sign-in\" class=\"sign-in\">\n\
         <input type=\"hidden\" name=\"lang\" value=\"{tag}\">\n\
         <label for=\"token\">{label}</label>\n\
         <p class=\"hint\" id=\"token-hint\">{hint}</p>\n\
         <input type=\"password\" id=\"token\" name=\"token\" autocomplete=\"current-password\" required \
         aria-describedby=\"{described}\"{invalid}>\n\
         <button type=\"submit\">{button}</button>\n</form>",
        intro = escape(t.sign_in_intro),
        tag = lang.tag(),
        label = escape(t.token_label),
        hint = escape(t.token_hint),
        invalid = if message.is_some() && status != StatusCode::OK {
            " aria-invalid=\"true\""
        } else {
            ""
        },
        button = escape(t.sign_in),
    ));
    respond(&frame, status, &body)
}

#[derive(Debug, Deserialize)]
struct SignInForm {
    token: String,
    lang: Option<String>,
}

/// `POST /admin/sign-in`: a session cookie for a right token; a failure is logged (never the
/// token) and counted, and after [`session::FAILURES_PER_MINUTE`] the form refuses for a minute.
async fn sign_in(
    State(state): State<AppState>,
    session::Client(client): session::Client,
    headers: HeaderMap,
    Form(form): Form<SignInForm>,
) -> Response {
    let lang = form
        .lang
        .as_deref()
        .and_then(Lang::parse)
        .unwrap_or_else(|| lang_from_headers(&headers));
    let t = shell(lang);
    if state.admin_sessions.locked_out(client) {
        eprintln!("medvirk-server: admin sign-in refused: too many failed attempts");
        return sign_in_page(
            &state,
            lang,
            StatusCode::TOO_MANY_REQUESTS,
            Some(t.too_many_attempts),
        )
        .await;
    }
    let Some(who) = authenticate(&state, &form.token).await else {
        state.admin_sessions.note_failure(client);
        eprintln!("medvirk-server: admin sign-in failed: wrong token");
        return sign_in_page(&state, lang, StatusCode::UNAUTHORIZED, Some(t.wrong_token)).await;
    };
    let id = match state.admin_sessions.start(who.clone(), lang) {
        Ok(id) => id,
        Err(e) => {
            eprintln!("medvirk-server: admin sign-in failed: {e}");
            let frame = Frame {
                lang,
                title: t.error_heading,
                active: Nav::None,
                signed_in: false,
                query: String::new(),
            };
            return error_page(&frame, StatusCode::INTERNAL_SERVER_ERROR, t.error_heading);
        }
    };
    eprintln!("medvirk-server: admin signed in ({})", who.who);
    let mut response = Redirect::to("/admin/results").into_response();
    response
        .headers_mut()
        .insert(header::SET_COOKIE, session::set_cookie(&headers, &id));
    response
}

/// `POST /admin/sign-out`: ends the session and clears the cookie.
async fn sign_out(State(state): State<AppState>, headers: HeaderMap) -> Response {
    if let Some(id) = cookie_value(&headers) {
        state.admin_sessions.end(id);
    }
    let mut response = Redirect::to("/admin/").into_response();
    response
        .headers_mut()
        .insert(header::SET_COOKIE, session::clear_cookie());
    response
}

/// The admin stylesheet, compiled in so the admin area works whatever `--www` holds.
async fn stylesheet() -> Response {
    (
        [
            (header::CONTENT_TYPE, "text/css; charset=utf-8"),
            (header::CACHE_CONTROL, "no-cache"),
        ],
        include_str!("admin.css"),
    )
        .into_response()
}

async fn not_found(session: Option<AdminSession>, headers: HeaderMap) -> Response {
    let lang = session
        .as_ref()
        .map_or_else(|| lang_from_headers(&headers), |s| s.lang);
    let t = shell(lang);
    let frame = Frame {
        lang,
        title: t.error_heading,
        active: Nav::None,
        signed_in: session.is_some(),
        query: String::new(),
    };
    error_page(&frame, StatusCode::NOT_FOUND, t.not_found)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_language_links_keep_the_other_parameters() {
        assert_eq!(lang_href("", Lang::Nn), "?lang=nn");
        assert_eq!(
            lang_href("from=2026-03-01&lang=sv&widget=a%26b&language=nb", Lang::En),
            "?from=2026-03-01&widget=a%26b&language=nb&lang=en"
        );
        // Spaces, quotes and markup stay encoded; a repeated `lang` goes entirely.
        assert_eq!(
            lang_href("q=%22%3Cb%3E+x&lang=nb&lang=nn", Lang::Sv),
            "?q=%22%3Cb%3E+x&lang=sv"
        );
        let html = page(
            &Frame {
                lang: Lang::Nb,
                title: "T",
                active: Nav::None,
                signed_in: false,
                query: "council=r%C3%A5d&status=received".into(),
            },
            "",
        );
        assert!(
            html.contains(
                "<a href=\"?council=r%C3%A5d&amp;status=received&amp;lang=sv\" lang=\"sv\""
            )
        );
    }

    #[test]
    fn today_is_a_plausible_local_date() {
        let utc = time::OffsetDateTime::now_utc().date();
        let local = local_today();
        assert!(
            local == utc || local == utc.next_day().unwrap(),
            "{local} {utc}"
        );
    }
}
