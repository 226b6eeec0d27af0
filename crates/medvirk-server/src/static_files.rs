//! Static files: the widget bundle at `/widgets/*` and the demo pages at `/`, with caching rules.
//!
//! The build writes content-hashed names (`medvirk-smiley-3fa9c2d1e0b4.wasm`) next to a stable
//! entry script (`medvirk.js`) and `.br`/`.gz` siblings of each file. Hashed names never change
//! content, so browsers may keep them for a year; everything else must be revalidated on each use
//! (cheap with `ETag`/`Last-Modified` and a 304), or a new release would be mixed with a cached old one.

use std::hash::Hasher;
use std::path::Path;

use axum::Router;
use axum::extract::Request;
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::middleware::{self, Next};
use axum::response::Response;
use tower_http::services::ServeDir;

pub const IMMUTABLE: &str = "public, max-age=31536000, immutable";
pub const REVALIDATE: &str = "no-cache";

/// `/widgets/*` from `<www>/widgets/`: readable cross-origin, since host pages on other origins load
/// the entry script as a module and instantiate the wasm, both of which need CORS.
pub fn widgets(www: &Path) -> Router {
    Router::new()
        .fallback_service(serve_dir(&www.join("widgets")))
        .layer(middleware::from_fn(widget_headers))
}

/// Everything else from `<www>/`, `index.html` for directories.
pub fn site(www: &Path) -> Router {
    Router::new()
        .fallback_service(serve_dir(www))
        .layer(middleware::from_fn(cache_headers))
        .layer(middleware::from_fn(strict_csp))
}

/// The policy of the strict-CSP demo page: what a careful municipality sends. No `'unsafe-inline'`
/// anywhere; WebAssembly needs `'wasm-unsafe-eval'`, and the widgets style their shadow roots with
/// constructable stylesheets, which `style-src 'self'` does not block.
pub const STRICT_CSP: &str = "default-src 'self'; script-src 'self' 'wasm-unsafe-eval'; \
    style-src 'self'; img-src 'self' data:; connect-src 'self'; object-src 'none'; \
    base-uri 'none'; form-action 'self'; frame-ancestors 'none'";

/// Sends [`STRICT_CSP`] on `/strict-csp*`, so the demo proves the widgets work under it.
async fn strict_csp(req: Request, next: Next) -> Response {
    let strict = req.uri().path().starts_with("/strict-csp");
    let mut response = next.run(req).await;
    if strict {
        response.headers_mut().insert(
            header::CONTENT_SECURITY_POLICY,
            HeaderValue::from_static(STRICT_CSP),
        );
    }
    response
}

fn serve_dir(dir: &Path) -> ServeDir {
    // ServeDir picks `x.br` or `x.gz` when the client accepts it and the sibling exists, and keeps the
    // content type of `x` (mime_guess: application/wasm, text/javascript).
    ServeDir::new(dir).precompressed_br().precompressed_gzip()
}

async fn widget_headers(req: Request, next: Next) -> Response {
    let mut response = cache_headers(req, next).await;
    response.headers_mut().insert(
        header::ACCESS_CONTROL_ALLOW_ORIGIN,
        HeaderValue::from_static("*"),
    );
    response
}

async fn cache_headers(req: Request, next: Next) -> Response {
    let hashed = is_content_hashed(req.uri().path());
    let if_none_match = req.headers().get(header::IF_NONE_MATCH).cloned();
    let mut response = next.run(req).await;
    let status = response.status();
    if !(status.is_success() || status == StatusCode::NOT_MODIFIED) {
        return response;
    }
    let headers = response.headers_mut();
    // Demo pages are Norwegian and Swedish text: without a charset a page that lacks
    // `<meta charset>` would show mojibake for æ, ø and å. (Module scripts are always UTF-8.)
    if headers
        .get(header::CONTENT_TYPE)
        .is_some_and(|v| v == "text/html")
    {
        headers.insert(
            header::CONTENT_TYPE,
            HeaderValue::from_static("text/html; charset=utf-8"),
        );
    }
    headers.insert(
        header::CACHE_CONTROL,
        HeaderValue::from_static(if hashed { IMMUTABLE } else { REVALIDATE }),
    );
    // The same URL answers with brotli, gzip or identity bytes: caches must key on the encoding.
    headers.insert(header::VARY, HeaderValue::from_static("accept-encoding"));
    if status == StatusCode::OK
        && let Some(etag) = etag(headers)
    {
        headers.insert(header::ETAG, etag.clone());
        if if_none_match.is_some_and(|inm| etag_matches(&inm, &etag)) {
            return not_modified(response.headers());
        }
    }
    response
}

/// A weak validator from what ServeDir already knows: length, modification time and encoding
/// (each encoding is a different representation and needs its own tag).
fn etag(headers: &HeaderMap) -> Option<HeaderValue> {
    let length = headers.get(header::CONTENT_LENGTH)?.to_str().ok()?;
    let modified = headers.get(header::LAST_MODIFIED)?.as_bytes();
    let encoding = headers
        .get(header::CONTENT_ENCODING)
        .map_or(&b"identity"[..], |v| v.as_bytes());
    let mut hasher = Fnv1a::default();
    hasher.write(modified);
    hasher.write(encoding);
    HeaderValue::from_str(&format!("W/\"{length}-{:016x}\"", hasher.finish())).ok()
}

fn etag_matches(if_none_match: &HeaderValue, etag: &HeaderValue) -> bool {
    let Ok(list) = if_none_match.to_str() else {
        return false;
    };
    let ours = etag.to_str().unwrap_or("").trim_start_matches("W/");
    list.split(',')
        .map(str::trim)
        .any(|candidate| candidate == "*" || candidate.trim_start_matches("W/") == ours)
}

fn not_modified(from: &HeaderMap) -> Response {
    let mut response = Response::new(axum::body::Body::empty());
    *response.status_mut() = StatusCode::NOT_MODIFIED;
    for name in [
        header::CACHE_CONTROL,
        header::ETAG,
        header::LAST_MODIFIED,
        header::VARY,
        header::CONTENT_LOCATION,
    ] {
        if let Some(value) = from.get(&name) {
            response.headers_mut().insert(name, value.clone());
        }
    }
    response
}

/// True for names like `medvirk-smiley-3fa9c2d1e0b4.wasm`: a `-` and at least 8 hex digits right
/// before the extension.
pub fn is_content_hashed(path: &str) -> bool {
    let name = path.rsplit('/').next().unwrap_or("");
    let Some((stem, _extension)) = name.rsplit_once('.') else {
        return false;
    };
    let Some((_, hash)) = stem.rsplit_once('-') else {
        return false;
    };
    hash.len() >= 8 && hash.bytes().all(|b| b.is_ascii_hexdigit())
}

/// FNV-1a: tiny, and stable across Rust releases (unlike `DefaultHasher`), so ETags survive an upgrade.
struct Fnv1a(u64);

impl Default for Fnv1a {
    fn default() -> Self {
        Fnv1a(0xcbf2_9ce4_8422_2325)
    }
}

impl Hasher for Fnv1a {
    fn finish(&self) -> u64 {
        self.0
    }

    fn write(&mut self, bytes: &[u8]) {
        for &b in bytes {
            self.0 = (self.0 ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn content_hashed_names() {
        for (path, hashed) in [
            ("/medvirk-smiley-3fa9c2d1e0b4.wasm", true),
            ("/medvirk_elements-3FA9C2D1.js", true),
            ("/a/b/x-0123456789abcdef.js", true),
            ("/medvirk.js", false),
            ("/medvirk-smiley.wasm", false),
            ("/medvirk-3fa9c2d.js", false),
            ("/x-3fa9c2d1e0b4", false),
            ("/x-3fa9c2dz.js", false),
            ("/x-3fa9c2d1.js.map", false),
            ("/", false),
        ] {
            assert_eq!(is_content_hashed(path), hashed, "{path}");
        }
    }
}
