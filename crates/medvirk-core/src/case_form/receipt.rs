//! Receipt codes (`BR-2026-0042`): what a person writes down to follow their case later.
//!
//! `BR` for brukerråd, the year the case came in, and the council's running number that year,
//! padded to four digits and growing beyond 9999 when needed. People copy these from e-mails and
//! type them from paper, so reading tolerates lower case and surrounding spaces, and nothing
//! else: a lookup by a code that is almost right must find nothing rather than someone else's case.

use crate::json::write_u64;

/// A parsed receipt code.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Receipt {
    /// 1000 ..= 9999.
    pub year: u16,
    /// 1 and up.
    pub seq: u32,
}

impl Receipt {
    /// The canonical spelling, as [`format_receipt`].
    pub fn code(self) -> String {
        format_receipt(self.year, self.seq)
    }
}

/// `BR-YYYY-NNNN`: the year as is and the number with at least four digits.
pub fn format_receipt(year: u16, seq: u32) -> String {
    let mut out = String::with_capacity(18);
    out.push_str("BR-");
    write_u64(&mut out, year.into());
    out.push('-');
    let mut digits = String::with_capacity(10);
    write_u64(&mut digits, seq.into());
    for _ in digits.len()..4 {
        out.push('0');
    }
    out.push_str(&digits);
    out
}

/// Reads a code as a person types it: `br-2026-0042` and ` BR-2026-0042 ` are fine. Rejects
/// everything else, including non-canonical numbers (`BR-2026-42`, `BR-2026-00042`), a zero
/// sequence number and numbers beyond `u32`, so each case has exactly one code.
pub fn parse_receipt(s: &str) -> Option<Receipt> {
    let s = s.trim();
    let prefix = s.get(..3)?;
    if !prefix.eq_ignore_ascii_case("BR-") {
        return None;
    }
    let (year, seq) = s[3..].split_once('-')?;
    let all_digits = |d: &str| !d.is_empty() && d.bytes().all(|c| c.is_ascii_digit());
    if year.len() != 4 || !all_digits(year) || year.starts_with('0') {
        return None;
    }
    if seq.len() < 4 || !all_digits(seq) || (seq.len() > 4 && seq.starts_with('0')) {
        return None;
    }
    let seq: u32 = seq.parse().ok()?;
    (seq > 0).then_some(Receipt {
        year: year.parse().ok()?,
        seq,
    })
}
