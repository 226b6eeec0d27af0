//! Detection of likely personal data (fødselsnummer/D-nummer, phone numbers, e-mail) in free text.
//!
//! The smiley comment is anonymous by design, yet people type their national identity number or
//! phone number into it to "make it easier for you". This scanner finds the likely cases so the
//! widget can warn before sending and let the person edit. It is a warning, not a filter: it
//! prefers missing an odd format to nagging people about prices, years and case numbers, and it
//! leans on check digits to keep false alarms rare.
//!
//! Written without regular expressions on purpose: it ships in the wasm bundle, where a regex
//! engine would cost more than every widget together.

/// What kind of personal data a finding looks like.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum PiiKind {
    /// Norwegian fødselsnummer, D-nummer or H-nummer, or Swedish personnummer/samordningsnummer.
    NationalId,
    /// Norwegian phone number or Swedish mobile number.
    Phone,
    /// E-mail address.
    Email,
}

/// One likely piece of personal data: `text[start..end]`, byte offsets on char boundaries.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct PiiFinding {
    pub kind: PiiKind,
    pub start: usize,
    pub end: usize,
}

/// Finds likely personal data in `text`, sorted by position and never overlapping.
pub fn scan(text: &str) -> Vec<PiiFinding> {
    let mut found = emails(text);
    let b = text.as_bytes();
    let mut i = 0;
    while i < b.len() {
        // Numbers inside an e-mail address belong to the address.
        if let Some(e) = found.iter().find(|f| f.start <= i && i < f.end) {
            i = e.end;
            continue;
        }
        let starts_number = (b[i] == b'+' && is_digit(b, i + 1))
            || (is_digit(b, i) && (i == 0 || !is_digit(b, i - 1)));
        if !starts_number {
            i += 1;
            continue;
        }
        match number_at(b, i) {
            Some((kind, end)) => {
                // Inserted in place rather than sorted at the end: a handful of findings at most,
                // and the standard library's stable sort costs every visitor about 1 KB of wasm.
                let at = found.iter().take_while(|f| f.start < i).count();
                found.insert(
                    at,
                    PiiFinding {
                        kind,
                        start: i,
                        end,
                    },
                );
                i = end;
            }
            // The rest of this digit run cannot start a match: it is preceded by a digit.
            None => i = run_end(b, i + 1),
        }
    }
    found
}

/// Tries every number format at `i`, the most specific first. Returns the kind and end offset.
fn number_at(b: &[u8], i: usize) -> Option<(PiiKind, usize)> {
    if b[i] == b'+' {
        return intl_phone(b, i + 1).map(|end| (PiiKind::Phone, end));
    }
    if let Some(end) = norwegian_id(b, i) {
        return Some((PiiKind::NationalId, end));
    }
    // A Swedish mobile number read as a date of birth ("070123…") is more likely a phone.
    if let Some(end) = swedish_mobile(b, i) {
        return Some((PiiKind::Phone, end));
    }
    if let Some(end) = swedish_id(b, i) {
        return Some((PiiKind::NationalId, end));
    }
    if b[i..].starts_with(b"00")
        && let Some(end) = intl_phone(b, i + 2)
    {
        return Some((PiiKind::Phone, end));
    }
    norwegian_phone(b, i).map(|end| (PiiKind::Phone, end))
}

// ---------------------------------------------------------------------------------------------
// Building blocks. Every group is a *whole* digit run: it must not be followed by another digit,
// and the callers only start groups where no digit precedes, so "123456789012" never yields an
// 11-digit match and "1 91234567" still finds the phone number after the space.

fn is_digit(b: &[u8], i: usize) -> bool {
    b.get(i).is_some_and(u8::is_ascii_digit)
}

fn run_end(b: &[u8], mut i: usize) -> usize {
    while is_digit(b, i) {
        i += 1;
    }
    i
}

/// Exactly `n` digits at `i` and no digit right after them.
fn group(b: &[u8], i: usize, n: usize) -> Option<usize> {
    (run_end(b, i) == i + n).then_some(i + n)
}

/// One space or no-break space (U+00A0, common in formatted numbers copied from web pages).
fn space(b: &[u8], i: usize) -> Option<usize> {
    match b.get(i..) {
        Some([b' ', ..]) => Some(i + 1),
        Some([0xC2, 0xA0, ..]) => Some(i + 2),
        _ => None,
    }
}

/// Groups of the given lengths joined by single spaces.
fn spaced(b: &[u8], mut i: usize, lens: &[usize]) -> Option<usize> {
    for (k, &n) in lens.iter().enumerate() {
        if k > 0 {
            i = space(b, i)?;
        }
        i = group(b, i, n)?;
    }
    Some(i)
}

fn digits(b: &[u8], start: usize, end: usize) -> impl Iterator<Item = u32> + '_ {
    b[start..end]
        .iter()
        .filter(|c| c.is_ascii_digit())
        .map(|c| u32::from(c - b'0'))
}

/// Whether day/month can be a real date; the century is unknown, so 29 February always passes.
fn plausible_day(day: u32, month: u32) -> bool {
    let max = match month {
        2 => 29,
        4 | 6 | 9 | 11 => 30,
        1..=12 => 31,
        _ => return false,
    };
    (1..=max).contains(&day)
}

// ---------------------------------------------------------------------------------------------
// National identity numbers.

/// Norwegian fødselsnummer/D-nummer/H-nummer: `DDMMYYIIIKK` or `DDMMYY IIIKK`.
fn norwegian_id(b: &[u8], i: usize) -> Option<usize> {
    let end = match group(b, i, 11) {
        Some(end) => end,
        None => {
            let date_end = group(b, i, 6)?;
            let j = if b.get(date_end) == Some(&b'-') {
                date_end + 1
            } else {
                space(b, date_end)?
            };
            group(b, j, 5)?
        }
    };
    let d: Vec<u32> = digits(b, i, end).collect();
    fnr_valid(&d).then_some(end)
}

/// Both mod-11 check digits and a plausible date (see [`plausible_day`]).
fn fnr_valid(d: &[u32]) -> bool {
    const W1: [u32; 9] = [3, 7, 6, 1, 8, 9, 4, 5, 2];
    const W2: [u32; 10] = [5, 4, 3, 2, 7, 6, 5, 4, 3, 2];
    let check = |w: &[u32]| {
        let sum: u32 = w.iter().zip(d).map(|(w, d)| w * d).sum();
        match 11 - sum % 11 {
            11 => Some(0),
            10 => None,
            k => Some(k),
        }
    };
    if check(&W1) != Some(d[9]) || check(&W2) != Some(d[10]) {
        return false;
    }
    let mut day = d[0] * 10 + d[1];
    let mut month = d[2] * 10 + d[3];
    // D-nummer adds 4 to the first digit.
    if day > 40 {
        day -= 40;
    }
    // H-nummer adds 4 to the third digit; synthetic test numbers (Tenor) add 8, and they are
    // exactly what people paste when trying the widget, so they are flagged too.
    if month > 80 {
        month -= 80;
    } else if month > 40 {
        month -= 40;
    }
    plausible_day(day, month)
}

/// Swedish personnummer or samordningsnummer: `YYMMDD-XXXX`, `YYMMDD+XXXX` (over 100 years),
/// `YYYYMMDD-XXXX`, `YYYYMMDDXXXX` and `YYMMDDXXXX`, with the Luhn check over the last ten digits.
fn swedish_id(b: &[u8], i: usize) -> Option<usize> {
    let date_len = run_end(b, i) - i;
    let end = match date_len {
        6 | 8 if matches!(b.get(i + date_len), Some(b'-' | b'+')) => group(b, i + date_len + 1, 4)?,
        10 | 12 => i + date_len,
        _ => return None,
    };
    let d: Vec<u32> = digits(b, i, end).collect();
    let (century, d) = d.split_at(d.len() - 10);
    if !century.is_empty() && !(18..=20).contains(&(century[0] * 10 + century[1])) {
        return None;
    }
    let month = d[2] * 10 + d[3];
    let mut day = d[4] * 10 + d[5];
    // Samordningsnummer adds 60 to the day.
    if day > 60 {
        day -= 60;
    }
    (plausible_day(day, month) && luhn(d)).then_some(end)
}

fn luhn(d: &[u32]) -> bool {
    let sum: u32 = d
        .iter()
        .rev()
        .enumerate()
        .map(|(k, &x)| {
            if k % 2 == 1 {
                if x * 2 > 9 { x * 2 - 9 } else { x * 2 }
            } else {
                x
            }
        })
        .sum();
    sum.is_multiple_of(10)
}

// ---------------------------------------------------------------------------------------------
// Phone numbers.

/// After `+` or `00`: `47` followed by a Norwegian number, or `46` followed by a Swedish mobile.
fn intl_phone(b: &[u8], i: usize) -> Option<usize> {
    let country = b.get(i..i + 2)?;
    let j = space(b, i + 2).unwrap_or(i + 2);
    match country {
        b"47" => norwegian_phone(b, j),
        b"46" => swedish_mobile_national(b, j),
        _ => None,
    }
}

/// Norwegian numbers have eight digits and never start with 0 or 1. Written `91234567`,
/// `912 34 567`, `91 23 45 67` or `9123 4567`; other groupings (`25 000 000`) are amounts.
fn norwegian_phone(b: &[u8], i: usize) -> Option<usize> {
    if !matches!(b.get(i), Some(b'2'..=b'9')) {
        return None;
    }
    let end = [&[8][..], &[3, 2, 3], &[2, 2, 2, 2], &[4, 4]]
        .iter()
        .find_map(|lens| spaced(b, i, lens))?;
    let d: Vec<u32> = digits(b, i, end).collect();
    let num = |r: std::ops::Range<usize>| d[r].iter().fold(0, |n, x| n * 10 + x);
    // "20240315" is a date and "2019 2024" two years, far likelier than an Oslo number.
    let looks_like_date = num(0..2) == 20 && plausible_day(num(6..8), num(4..6));
    let years = 1900..=2099;
    let two_years = !is_digit(b, i + 4) && years.contains(&num(0..4)) && years.contains(&num(4..8));
    if looks_like_date || two_years || is_money(b, i, end) {
        return None;
    }
    Some(end)
}

/// Swedish mobile numbers: `07x` and seven digits, as `0701234567`, `070-123 45 67`,
/// `070 123 45 67`, `070-1234567` or `070-123 4567`.
fn swedish_mobile(b: &[u8], i: usize) -> Option<usize> {
    if b.get(i) != Some(&b'0') {
        return None;
    }
    if let Some(end) = group(b, i, 10) {
        return is_mobile_prefix(b, i + 1).then_some(end);
    }
    let area = group(b, i, 3)?;
    if !is_mobile_prefix(b, i + 1) {
        return None;
    }
    let j = if b.get(area) == Some(&b'-') {
        area + 1
    } else {
        space(b, area)?
    };
    subscriber(b, j)
}

/// The international form without the leading 0: `+46 70 123 45 67`, `+46701234567`.
fn swedish_mobile_national(b: &[u8], i: usize) -> Option<usize> {
    if !is_mobile_prefix(b, i) {
        return None;
    }
    if let Some(end) = group(b, i, 9) {
        return Some(end);
    }
    let area = group(b, i, 2)?;
    let j = if b.get(area) == Some(&b'-') {
        area + 1
    } else {
        space(b, area)?
    };
    subscriber(b, j)
}

/// `7` and one of the digits Swedish mobile operators use (070, 072, 073, 076, 079).
fn is_mobile_prefix(b: &[u8], i: usize) -> bool {
    b.get(i) == Some(&b'7') && matches!(b.get(i + 1), Some(b'0' | b'2' | b'3' | b'6' | b'9'))
}

/// The seven-digit subscriber part of a Swedish mobile number in its usual groupings.
fn subscriber(b: &[u8], j: usize) -> Option<usize> {
    [&[7][..], &[3, 2, 2], &[3, 4], &[2, 2, 3]]
        .iter()
        .find_map(|lens| spaced(b, j, lens))
}

/// "kr 25000000", "25000000 kr", "NOK 25000000" and "25000000,-" are amounts, not numbers to call.
fn is_money(b: &[u8], start: usize, end: usize) -> bool {
    const CURRENCIES: [&[u8]; 3] = [b"kr", b"nok", b"sek"];
    let before = &b[..start];
    let before = before.strip_suffix(b" ").unwrap_or(before);
    let before = before.strip_suffix(b".").unwrap_or(before);
    let after = &b[end..];
    let after_word = after.strip_prefix(b" ").unwrap_or(after);
    // The currency must be a word of its own: "ring 91234567 Kristin" is a phone number.
    let ends_with_word = |w: &[u8]| {
        before.len() >= w.len()
            && before[before.len() - w.len()..].eq_ignore_ascii_case(w)
            && !before[..before.len() - w.len()]
                .last()
                .is_some_and(u8::is_ascii_alphabetic)
    };
    let starts_with_word = |w: &[u8]| {
        after_word.len() >= w.len()
            && after_word[..w.len()].eq_ignore_ascii_case(w)
            && !after_word.get(w.len()).is_some_and(u8::is_ascii_alphabetic)
    };
    CURRENCIES
        .iter()
        .any(|c| ends_with_word(c) || starts_with_word(c))
        || after.starts_with(b",-")
        || after.starts_with(b",00")
}

// ---------------------------------------------------------------------------------------------
// E-mail addresses.

/// The Unicode character classes the e-mail rules use.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum CharClass {
    /// `char::is_alphanumeric`: Unicode `Alphabetic` or `N`.
    Alphanumeric,
    /// `char::is_alphabetic`: Unicode `Alphabetic`.
    Alphabetic,
}

/// Answers [`CharClass`] questions about non-ASCII characters (see [`set_classifier`]).
pub type Classifier = fn(char, CharClass) -> bool;

thread_local! {
    static CLASSIFIER: std::cell::Cell<Option<Classifier>> = const { std::cell::Cell::new(None) };
}

/// Lets the browser answer the e-mail rules' Unicode questions. Natively the standard library's
/// tables answer them; in the wasm they would add about 1.8 KB brotli (the `Alphabetic` and `N`
/// tables) to every visitor's download, while the browser has the same tables already, so the
/// elements layer installs one backed by `RegExp` `\p{Alphabetic}` / `\p{N}` when a widget starts.
pub fn set_classifier(classifier: Classifier) {
    CLASSIFIER.set(Some(classifier));
}

/// Whether `c` is in `class`: ASCII here, the rest by the installed classifier (or, without one,
/// the standard library natively and Latin letters only in the wasm).
fn is_class(c: char, class: CharClass) -> bool {
    if c.is_ascii() {
        return match class {
            CharClass::Alphanumeric => c.is_ascii_alphanumeric(),
            CharClass::Alphabetic => c.is_ascii_alphabetic(),
        };
    }
    match CLASSIFIER.get() {
        Some(classify) => classify(c, class),
        None => without_classifier(c, class),
    }
}

#[cfg(not(target_arch = "wasm32"))]
fn without_classifier(c: char, class: CharClass) -> bool {
    match class {
        CharClass::Alphanumeric => c.is_alphanumeric(),
        CharClass::Alphabetic => c.is_alphabetic(),
    }
}

/// In the wasm without the browser's classifier (no `\p{...}` support): the letters of the
/// Latin-1 Supplement and Latin Extended-A/B blocks, which cover the Nordic languages.
#[cfg(target_arch = "wasm32")]
fn without_classifier(c: char, _class: CharClass) -> bool {
    matches!(c, '\u{c0}'..='\u{24f}') && c != '\u{d7}' && c != '\u{f7}'
}

/// A practical `local@domain.tld`: letters (Nordic ones too), digits and `._%+-` in the local
/// part; letters, digits and hyphens in dot-separated domain labels; a top-level domain of at
/// least two letters.
fn emails(text: &str) -> Vec<PiiFinding> {
    let mut out = Vec::new();
    let mut from = 0;
    while let Some(at) = text[from..].find('@').map(|k| from + k) {
        from = at + 1;
        // matches! rather than `"._%+-".contains(c)`, which for non-ASCII `c` searches the
        // string for a string and pulls the two-way substring searcher (about 1 KB) into the wasm.
        let is_local = |c: char| {
            is_class(c, CharClass::Alphanumeric) || matches!(c, '.' | '_' | '%' | '+' | '-')
        };
        // Never reach back into the previous address, so findings cannot overlap.
        let floor = out.last().map_or(0, |f: &PiiFinding| f.end);
        let start = floor
            + text[floor..at]
                .char_indices()
                .rev()
                .take_while(|&(_, c)| is_local(c))
                .last()
                .map_or(at - floor, |(k, _)| k);
        // A local part does not start with a dot; "...ola@" means "ola@".
        let start = start + text[start..at].len() - text[start..at].trim_start_matches('.').len();
        let domain = &text[at + 1..];
        let len = domain
            .char_indices()
            .find(|&(_, c)| !(is_class(c, CharClass::Alphanumeric) || c == '-' || c == '.'))
            .map_or(domain.len(), |(k, _)| k);
        // A sentence may end right after the address: "skriv til ola@nav.no."
        let domain = domain[..len].trim_end_matches(['.', '-']);
        let labels_ok = domain
            .split('.')
            .all(|l| !l.is_empty() && !l.starts_with('-') && !l.ends_with('-'));
        let tld_ok = domain.rsplit_once('.').is_some_and(|(_, tld)| {
            tld.chars().count() >= 2 && tld.chars().all(|c| is_class(c, CharClass::Alphabetic))
        });
        if start < at && labels_ok && tld_ok {
            let end = at + 1 + domain.len();
            out.push(PiiFinding {
                kind: PiiKind::Email,
                start,
                end,
            });
            from = end;
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_installed_classifier_answers_for_non_ascii_characters() {
        let text = "Skriv til åse@ås.kommune.no";
        let emails = || {
            scan(text)
                .iter()
                .filter(|f| f.kind == PiiKind::Email)
                .count()
        };
        // The standard library's tables (natively, without a classifier) know Nordic letters.
        assert_eq!(emails(), 1);
        assert!(is_class('ø', CharClass::Alphabetic) && is_class('٣', CharClass::Alphanumeric));
        assert!(!is_class('٣', CharClass::Alphabetic) && !is_class('»', CharClass::Alphanumeric));
        // The test thread's own classifier (thread-local): nothing non-ASCII is a letter, so
        // the domain "ås" no longer reads as one. ASCII never asks it.
        set_classifier(|_, _| false);
        assert_eq!(emails(), 0);
        assert!(is_class('a', CharClass::Alphabetic) && is_class('7', CharClass::Alphanumeric));
    }
}
