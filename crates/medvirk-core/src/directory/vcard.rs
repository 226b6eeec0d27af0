//! vCard 4.0 (RFC 6350) for one person, for the "download contact card" button.
//!
//! Built only from validated directory data, so every EMAIL, TEL and URL is one the link
//! allowlist accepted. Text is escaped (`\\`, `\,`, `\;`, `\n`) and lines are folded at 75
//! octets on UTF-8 character boundaries, with CRLF line ends, as RFC 6350 §3.2 requires.

use super::links::tel_link;
use super::search::fold;
use super::texts::role_label;
use super::{Date, Directory};
use crate::lang::Lang;

/// Escapes a text value (or one component of a structured value).
fn escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '\\' => out.push_str("\\\\"),
            ',' => out.push_str("\\,"),
            ';' => out.push_str("\\;"),
            '\n' => out.push_str("\\n"),
            '\r' => {}
            c => out.push(c),
        }
    }
    out
}

/// Appends one content line, folded so no physical line exceeds 75 octets.
fn line(out: &mut String, content: &str) {
    let mut budget = 75;
    let mut used = 0;
    for c in content.chars() {
        let n = c.len_utf8();
        if used + n > budget {
            out.push_str("\r\n ");
            // A continuation line starts with one space, which counts toward its 75 octets.
            budget = 74;
            used = 0;
        }
        out.push(c);
        used += n;
    }
    out.push_str("\r\n");
}

/// Family and given names: from a "Family, Given" sort name, else the last word of the name
/// is taken as the family name (right for most Nordic names, and only a sort hint anyway).
fn name_parts(name: &str, sort_name: Option<&str>) -> (String, String) {
    if let Some((family, given)) = sort_name.and_then(|s| s.split_once(',')) {
        return (family.trim().to_owned(), given.trim().to_owned());
    }
    match name.rsplit_once(' ') {
        Some((given, family)) => (family.to_owned(), given.to_owned()),
        None => (name.to_owned(), String::new()),
    }
}

/// The vCard of a person with their current memberships (as TITLE lines: role and council,
/// and ORG: the first nominating organisation), or `None` for an unknown id.
pub fn vcard(dir: &Directory, person_id: &str, lang: Lang, today: Date) -> Option<String> {
    let p = dir.person(person_id)?;
    let mut out = String::with_capacity(512);
    line(&mut out, "BEGIN:VCARD");
    line(&mut out, "VERSION:4.0");
    line(&mut out, &format!("FN:{}", escape(&p.name)));
    let (family, given) = name_parts(&p.name, p.sort_name.as_deref());
    line(
        &mut out,
        &format!("N:{};{};;;", escape(&family), escape(&given)),
    );
    let current: Vec<_> = dir
        .memberships_of(person_id)
        .filter(|m| !m.is_past(today))
        .collect();

    let mut emails: Vec<&str> = p.email.as_deref().into_iter().collect();
    let mut phones: Vec<&str> = p.phone.as_deref().into_iter().collect();
    let mut urls: Vec<&str> = p.links.iter().map(String::as_str).collect();
    for m in &current {
        emails.extend(m.contact.email.as_deref());
        phones.extend(m.contact.phone.as_deref());
        urls.extend(m.contact.link.as_deref());
    }
    let mut seen: Vec<&str> = Vec::new();
    for e in emails {
        if !seen.contains(&e) {
            seen.push(e);
            line(&mut out, &format!("EMAIL:{}", escape(e)));
        }
    }
    for t in phones {
        let uri = tel_link(t);
        if !seen.contains(&t) {
            seen.push(t);
            line(&mut out, &format!("TEL;VALUE=uri:{uri}"));
        }
    }
    if let Some(org) = current
        .iter()
        .find_map(|m| dir.organisation(m.on_behalf_of.as_deref()?))
    {
        line(&mut out, &format!("ORG:{}", escape(&org.name)));
    }
    for m in &current {
        let council = dir
            .organisation(&m.council_id)
            .map_or("", |c| c.name.as_str());
        let title = format!("{}, {council}", role_label(lang, m.role));
        line(&mut out, &format!("TITLE:{}", escape(&title)));
    }
    for u in urls {
        if !seen.contains(&u) {
            seen.push(u);
            // URI values are not text: they are not escaped, and the allowlist keeps `,;\` out
            // of hosts; a comma in a path is legal in a URI value.
            line(&mut out, &format!("URL:{u}"));
        }
    }
    line(&mut out, "END:VCARD");
    Some(out)
}

/// A safe download file name for a person's vCard: `kari-nordmann.vcf`, `contact.vcf` when
/// the name has no Latin letters or digits.
pub fn vcard_file_name(name: &str) -> String {
    let mut out = String::new();
    for c in fold(name).chars() {
        if c.is_ascii_alphanumeric() {
            out.push(c);
        } else if !out.is_empty() && !out.ends_with('-') {
            out.push('-');
        }
        if out.len() >= 60 {
            break;
        }
    }
    let stem = out.trim_end_matches('-');
    format!("{}.vcf", if stem.is_empty() { "contact" } else { stem })
}
