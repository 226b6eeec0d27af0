//! Calendar dates for terms: partial dates as sources write them (`2019`, `2019-05`, `2019-05-03`)
//! and full dates for "today", with the day arithmetic the term rules need.
//!
//! Core has no clock: the widget or server passes `today` in, so every rule is testable.

use core::fmt;

/// A full calendar date (proleptic Gregorian), years 1..=9999.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Date {
    pub year: u16,
    pub month: u8,
    pub day: u8,
}

/// A date known to the year, the month or the day, as Popolo and our native format allow.
///
/// Ordering compares the earliest day each could mean, so `2019` sorts before `2019-01-02`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct PartialDate {
    pub year: u16,
    /// 1..=12, or `None` for a year-only date.
    pub month: Option<u8>,
    /// 1..=31 (valid for the month), only when `month` is known.
    pub day: Option<u8>,
}

fn is_leap(year: u16) -> bool {
    year.is_multiple_of(4) && (!year.is_multiple_of(100) || year.is_multiple_of(400))
}

/// Number of days in `month` of `year`.
pub fn days_in_month(year: u16, month: u8) -> u8 {
    match month {
        2 if is_leap(year) => 29,
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    }
}

impl Date {
    /// A valid date, or `None` (month 13, 30 February, year 0).
    pub fn new(year: u16, month: u8, day: u8) -> Option<Date> {
        let ok = (1..=9999).contains(&year)
            && (1..=12).contains(&month)
            && (1..=days_in_month(year, month)).contains(&day);
        ok.then_some(Date { year, month, day })
    }

    /// Reads `YYYY-MM-DD` exactly.
    pub fn parse(s: &str) -> Option<Date> {
        let p = PartialDate::parse(s)?;
        Date::new(p.year, p.month?, p.day?)
    }

    /// Days since 1970-01-01 (negative before), by Howard Hinnant's `days_from_civil`.
    pub fn days_since_epoch(self) -> i64 {
        let (m, d) = (i64::from(self.month), i64::from(self.day));
        let y = i64::from(self.year) - i64::from(m <= 2);
        let era = y.div_euclid(400);
        let yoe = y - era * 400;
        let doy = (153 * (if m > 2 { m - 3 } else { m + 9 }) + 2) / 5 + d - 1;
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
        era * 146_097 + doe - 719_468
    }

    /// Whole days from `self` to `later` (negative when `later` is earlier).
    pub fn days_until(self, later: Date) -> i64 {
        later.days_since_epoch() - self.days_since_epoch()
    }
}

impl fmt::Display for Date {
    /// ISO 8601 `YYYY-MM-DD`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:04}-{:02}-{:02}", self.year, self.month, self.day)
    }
}

impl PartialDate {
    /// Reads `YYYY`, `YYYY-MM` or `YYYY-MM-DD` with a real month and day; anything else
    /// (times, week dates, `2019-5`, `19-05-03`, surrounding spaces) is `None`.
    pub fn parse(s: &str) -> Option<PartialDate> {
        let b = s.as_bytes();
        let num = |r: core::ops::Range<usize>| -> Option<u16> {
            let d = b.get(r)?;
            d.iter()
                .all(u8::is_ascii_digit)
                .then(|| d.iter().fold(0, |v, &c| v * 10 + u16::from(c - b'0')))
        };
        let year = num(0..4)?;
        if year == 0 {
            return None;
        }
        let (month, day) = match b.len() {
            4 => (None, None),
            7 if b[4] == b'-' => (Some(num(5..7)? as u8), None),
            10 if b[4] == b'-' && b[7] == b'-' => (Some(num(5..7)? as u8), Some(num(8..10)? as u8)),
            _ => return None,
        };
        if let Some(m) = month {
            if !(1..=12).contains(&m) {
                return None;
            }
            if let Some(d) = day
                && !(1..=days_in_month(year, m)).contains(&d)
            {
                return None;
            }
        }
        Some(PartialDate { year, month, day })
    }

    /// The earliest day this date can mean: `2019` → 2019-01-01.
    pub fn first_day(self) -> Date {
        Date {
            year: self.year,
            month: self.month.unwrap_or(1),
            day: self.day.unwrap_or(1),
        }
    }

    /// The latest day this date can mean: `2019` → 2019-12-31, `2020-02` → 2020-02-29.
    /// A term "ending 2019" runs to the end of 2019, so end dates compare by their last day.
    pub fn last_day(self) -> Date {
        let month = self.month.unwrap_or(12);
        Date {
            year: self.year,
            month,
            day: self.day.unwrap_or_else(|| days_in_month(self.year, month)),
        }
    }
}

impl From<Date> for PartialDate {
    fn from(d: Date) -> Self {
        PartialDate {
            year: d.year,
            month: Some(d.month),
            day: Some(d.day),
        }
    }
}

impl PartialOrd for PartialDate {
    fn partial_cmp(&self, other: &Self) -> Option<core::cmp::Ordering> {
        Some(self.cmp(other))
    }
}

impl Ord for PartialDate {
    fn cmp(&self, other: &Self) -> core::cmp::Ordering {
        (self.first_day(), self.month, self.day).cmp(&(other.first_day(), other.month, other.day))
    }
}

impl fmt::Display for PartialDate {
    /// The same form it was read in: `2019`, `2019-05` or `2019-05-03`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:04}", self.year)?;
        if let Some(m) = self.month {
            write!(f, "-{m:02}")?;
        }
        if let Some(d) = self.day {
            write!(f, "-{d:02}")?;
        }
        Ok(())
    }
}

#[cfg(feature = "serde")]
impl serde::Serialize for PartialDate {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(self)
    }
}

#[cfg(feature = "serde")]
impl<'de> serde::Deserialize<'de> for PartialDate {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let s = <std::borrow::Cow<'de, str>>::deserialize(d)?;
        PartialDate::parse(&s)
            .ok_or_else(|| serde::de::Error::custom("expected a date YYYY, YYYY-MM or YYYY-MM-DD"))
    }
}
