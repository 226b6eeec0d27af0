//! The contact-link allowlist: stored data becomes a `mailto:`, `tel:` or `https:` link, or none.
//!
//! Directory data comes from other people's systems, and a link is the one place where text from
//! a backend turns into something a browser *acts* on. So links are built, never passed through:
//! each kind accepts a narrow shape, rebuilds the URL from the parts it understood, and rejects
//! everything else. Rejecting (rather than repairing) is what defeats the classic tricks, because
//! browsers repair for the attacker: the WHATWG URL parser drops tabs and newlines
//! (`java\tscript:`), treats `\` as `/`, and accepts any letter case, so a denylist of schemes
//! always has a hole. Here nothing but the three shapes below ever comes out.
//!
//! Decisions:
//! - `http:` is rejected like any other scheme: a contact page over plain HTTP can be rewritten
//!   in transit, and public bodies serve HTTPS. The data owner fixes the source.
//! - E-mail local parts allow only `A-Z a-z 0-9 . _ + - '`, stricter than RFC 5322: characters
//!   such as `?`, `%`, `&` and `,` would change what a `mailto:` URL means (`?bcc=`).
//! - Phone numbers: digits with spaces, `-`, `.`, `/` or parentheses as separators and an
//!   optional leading `+`; 3 to 15 digits (E.164's maximum; 3 allows emergency and service numbers).
//! - Web links: `https://` then a host name (letters, digits, hyphens; international letters
//!   allowed), an optional port, and a path/query/fragment without spaces, controls, quotes,
//!   angle brackets or backslashes. User info (`https://nav.no@evil.example`) is rejected
//!   because it disguises the real host.

/// Which kind of link to build.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum LinkKind {
    Email,
    Phone,
    Web,
}

/// Longest URL accepted; longer ones are generated junk or an attack.
pub const MAX_URL_BYTES: usize = 2048;

/// Builds a safe `href` from raw contact data, or `None` when `raw` is not a valid value of that
/// kind. `raw` may carry its scheme (`mailto:`, `tel:`, any case) or not; surrounding whitespace
/// is ignored, whitespace inside is not.
pub fn safe_link(raw: &str, kind: LinkKind) -> Option<String> {
    match kind {
        LinkKind::Email => validate_email(raw).map(|a| format!("mailto:{a}")),
        LinkKind::Phone => normalise_phone(raw).map(|p| tel_link(&p)),
        LinkKind::Web => https_url(raw),
    }
}

/// Strips a scheme prefix compared without regard to ASCII case.
fn strip_scheme<'a>(s: &'a str, scheme: &str) -> Option<&'a str> {
    let head = s.get(..scheme.len())?;
    head.eq_ignore_ascii_case(scheme)
        .then(|| &s[scheme.len()..])
}

/// Whether a host label is 1..=63 letters, digits or inner hyphens (international letters allowed).
fn is_label(l: &str) -> bool {
    (1..=63).contains(&l.len())
        && !l.starts_with('-')
        && !l.ends_with('-')
        && l.chars().all(|c| c == '-' || c.is_alphanumeric())
}

/// Checks a host name and returns it with ASCII letters lowercased.
fn host_name(host: &str) -> Option<String> {
    if host.is_empty() || host.len() > 253 {
        return None;
    }
    let labels: Vec<&str> = host.split('.').collect();
    if labels.len() < 2 || !labels.iter().all(|l| is_label(l)) {
        return None;
    }
    let last = labels[labels.len() - 1];
    let ipv4 = labels.len() == 4
        && labels
            .iter()
            .all(|l| l.bytes().all(|b| b.is_ascii_digit()) && l.parse::<u8>().is_ok());
    // A top-level domain is letters (or `xn--` punycode); all-digit endings are only IPv4.
    let tld_ok = last.chars().all(char::is_alphabetic) || last.starts_with("xn--");
    (ipv4 || (tld_ok && last.chars().count() >= 2)).then(|| host.to_ascii_lowercase())
}

/// A validated e-mail address (`mailto:` prefix removed, domain lowercased), or `None`.
pub fn validate_email(raw: &str) -> Option<String> {
    let s = raw.trim();
    let s = strip_scheme(s, "mailto:").unwrap_or(s);
    let (local, domain) = s.split_once('@')?;
    let local_ok = (1..=64).contains(&local.len())
        && local
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'.' | b'_' | b'+' | b'-' | b'\''))
        && !local.starts_with('.')
        && !local.ends_with('.')
        && !local.contains("..");
    if !local_ok {
        return None;
    }
    let domain = host_name(domain)?;
    // An address at an IP literal is not what a directory publishes.
    if domain.bytes().all(|b| b.is_ascii_digit() || b == b'.') {
        return None;
    }
    Some(format!("{local}@{domain}"))
}

/// A phone number in a tidy display form (`+47 22 33 44 55`), or `None`.
///
/// Separators become single spaces between the digit groups the source used; a `(0)` after a
/// country code (`+47 (0)22 ...`) is removed, since it must not be dialled after `+`.
pub fn normalise_phone(raw: &str) -> Option<String> {
    let s = raw.trim();
    let s = strip_scheme(s, "tel:").unwrap_or(s);
    let (plus, body) = match s.strip_prefix('+') {
        Some(rest) => (true, rest.replace("(0)", "")),
        None => (false, s.to_owned()),
    };
    let mut out = String::with_capacity(body.len() + 1);
    if plus {
        out.push('+');
    }
    let mut digits = 0;
    let mut gap = false;
    for c in body.chars() {
        match c {
            '0'..='9' => {
                if gap && digits > 0 {
                    out.push(' ');
                }
                gap = false;
                out.push(c);
                digits += 1;
            }
            ' ' | '\u{a0}' | '-' | '.' | '/' | '(' | ')' => gap = true,
            _ => return None,
        }
    }
    (3..=15).contains(&digits).then_some(out)
}

/// The `tel:` URL of a number from [`normalise_phone`]: `tel:+4722334455`.
pub fn tel_link(phone: &str) -> String {
    let mut out = String::from("tel:");
    out.extend(phone.chars().filter(|c| *c == '+' || c.is_ascii_digit()));
    out
}

/// Whether a character may appear in the path, query or fragment of a web link we emit.
fn url_char_ok(c: char) -> bool {
    if c.is_ascii() {
        c.is_ascii_graphic() && !matches!(c, '"' | '<' | '>' | '\\' | '`' | '{' | '}' | '|' | '^')
    } else {
        // International letters (Bjørnson, 東京) yes; invisible format characters such as
        // bidi overrides, zero-width spaces or soft hyphens no.
        c.is_alphanumeric()
    }
}

/// A validated `https:` URL with the scheme and host lowercased, or `None`.
pub fn https_url(raw: &str) -> Option<String> {
    let s = raw.trim();
    if s.len() > MAX_URL_BYTES {
        return None;
    }
    let rest = strip_scheme(s, "https://")?;
    let end = rest.find(['/', '?', '#']).unwrap_or(rest.len());
    let (authority, tail) = rest.split_at(end);
    if authority.contains('@') || !tail.chars().all(url_char_ok) {
        return None;
    }
    let (host, port) = match authority.rsplit_once(':') {
        Some((h, p)) => {
            let ok = (1..=5).contains(&p.len())
                && p.bytes().all(|b| b.is_ascii_digit())
                && p.parse::<u16>().is_ok_and(|n| n > 0);
            if !ok {
                return None;
            }
            (h, Some(p))
        }
        None => (authority, None),
    };
    let mut out = String::with_capacity(s.len());
    out.push_str("https://");
    out.push_str(&host_name(host)?);
    if let Some(p) = port {
        out.push(':');
        out.push_str(p);
    }
    out.push_str(tail);
    Some(out)
}
