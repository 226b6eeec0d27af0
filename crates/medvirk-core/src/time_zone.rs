//! Norwegian and Swedish local time (Europe/Oslo = Europe/Stockholm) from Unix seconds, without a time zone database.
//!
//! Both countries have followed the EU rule since 1996: Central European Time (UTC+1), and
//! summer time (UTC+2) from 01:00 UTC on the last Sunday of March to 01:00 UTC on the last
//! Sunday of October. That rule is all the admin pages need to say which day "today" is and
//! which day a response arrived on, so a tz database (and its yearly updates) would be weight
//! without benefit. Times before 1996 are converted with the same rule; nothing stored by
//! medvirk is that old. Should the EU ever drop the switch, this file is the one place to change.

use crate::admin::stats::{civil_from_days, days_from_civil};

/// Seconds in a day.
const DAY: i64 = 86_400;
/// Offset of Central European Time, in seconds.
pub const CET: i64 = 3600;
/// Offset of Central European Summer Time, in seconds.
pub const CEST: i64 = 7200;

/// The Unix day number of the last Sunday of `month` (March or October: both have 31 days).
fn last_sunday(year: i64, month: u32) -> i64 {
    let last = days_from_civil(year, month, 31);
    // Day 0 (1970-01-01) was a Thursday, so `(day + 4) mod 7` is 0 on Sundays.
    last - (last + 4).rem_euclid(7)
}

/// Whether summer time is in force at `unix` (seconds since 1970-01-01 UTC).
pub fn is_summer_time(unix: i64) -> bool {
    let (year, _, _) = civil_from_days(unix.div_euclid(DAY));
    let start = last_sunday(year, 3) * DAY + 3600;
    let end = last_sunday(year, 10) * DAY + 3600;
    (start..end).contains(&unix)
}

/// The offset from UTC at `unix`, in seconds: [`CET`] or [`CEST`].
pub fn offset(unix: i64) -> i64 {
    if is_summer_time(unix) { CEST } else { CET }
}

/// Local wall-clock seconds: `unix` moved by the offset in force, so that dividing by a day
/// gives the local date and the rest the local time of day.
pub fn local_seconds(unix: i64) -> i64 {
    unix + offset(unix)
}

/// The local day number (days since 1970-01-01) of the instant `unix`.
pub fn local_day(unix: i64) -> i64 {
    local_seconds(unix).div_euclid(DAY)
}

/// The instant (Unix seconds) at which local day `day` begins. Midnight always exists and is
/// unambiguous: the clocks change at 02:00 and 03:00 local time.
pub fn local_midnight(day: i64) -> i64 {
    let winter = day * DAY - CET;
    if offset(winter) == CET {
        winter
    } else {
        day * DAY - CEST
    }
}

/// `YYYY-MM-DD HH:MM` in local time, as a person reads it.
pub fn local_minute(unix: i64) -> String {
    let local = local_seconds(unix);
    let (y, m, d) = civil_from_days(local.div_euclid(DAY));
    let rest = local.rem_euclid(DAY);
    format!(
        "{y:04}-{m:02}-{d:02} {:02}:{:02}",
        rest / 3600,
        rest % 3600 / 60
    )
}

/// `YYYY-MM-DDTHH:MM+01:00` (or `+02:00`): the same minute for a `<time datetime>` attribute,
/// with the offset so a machine reads the right instant.
pub fn local_datetime(unix: i64) -> String {
    let hours = offset(unix) / 3600;
    format!("{}+{hours:02}:00", local_minute(unix).replacen(' ', "T", 1))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Unix seconds of a UTC date and time.
    fn utc(y: i64, mo: u32, d: u32, h: i64, mi: i64) -> i64 {
        days_from_civil(y, mo, d) * DAY + h * 3600 + mi * 60
    }

    #[test]
    fn the_last_sundays_are_found() {
        for (year, march, october) in [
            (1996, 31, 27),
            (2024, 31, 27),
            (2025, 30, 26),
            (2026, 29, 25),
            (2027, 28, 31),
            (2030, 31, 27),
        ] {
            assert_eq!(
                last_sunday(year, 3),
                days_from_civil(year, 3, march),
                "{year}"
            );
            assert_eq!(
                last_sunday(year, 10),
                days_from_civil(year, 10, october),
                "{year}"
            );
        }
    }

    #[test]
    fn summer_time_starts_at_one_utc_on_the_last_sunday_of_march() {
        // 2026-03-29: 02:00 CET becomes 03:00 CEST at 01:00 UTC.
        let switch = utc(2026, 3, 29, 1, 0);
        assert_eq!(offset(switch - 1), CET);
        assert_eq!(offset(switch), CEST);
        assert_eq!(local_minute(switch - 60), "2026-03-29 01:59");
        assert_eq!(local_minute(switch), "2026-03-29 03:00");
        assert_eq!(local_datetime(switch - 60), "2026-03-29T01:59+01:00");
        assert_eq!(local_datetime(switch), "2026-03-29T03:00+02:00");
        // The Saturday before is winter all day, the Monday after summer all day.
        assert_eq!(offset(utc(2026, 3, 28, 12, 0)), CET);
        assert_eq!(offset(utc(2026, 3, 30, 0, 0)), CEST);
    }

    #[test]
    fn summer_time_ends_at_one_utc_on_the_last_sunday_of_october() {
        // 2026-10-25: 03:00 CEST becomes 02:00 CET at 01:00 UTC; 02:30 local happens twice.
        let switch = utc(2026, 10, 25, 1, 0);
        assert_eq!(offset(switch - 1), CEST);
        assert_eq!(offset(switch), CET);
        assert_eq!(local_minute(switch - 1800), "2026-10-25 02:30");
        assert_eq!(local_minute(switch + 1800), "2026-10-25 02:30");
        assert_eq!(local_datetime(switch - 1800), "2026-10-25T02:30+02:00");
        assert_eq!(local_datetime(switch + 1800), "2026-10-25T02:30+01:00");
        assert_eq!(offset(utc(2026, 10, 26, 0, 0)), CET);
    }

    #[test]
    fn late_evening_utc_is_already_tomorrow_here() {
        let day = days_from_civil(2026, 6, 30);
        // 22:30 UTC on 30 June is 00:30 on 1 July in summer.
        assert_eq!(local_day(utc(2026, 6, 30, 22, 30)), day + 1);
        assert_eq!(local_day(utc(2026, 6, 30, 21, 59)), day);
        // 23:00 UTC on New Year's Eve is midnight on 1 January in winter.
        let new_year = days_from_civil(2027, 1, 1);
        assert_eq!(local_day(utc(2026, 12, 31, 23, 0)), new_year);
        assert_eq!(local_day(utc(2026, 12, 31, 22, 59)), new_year - 1);
        assert_eq!(local_minute(utc(2026, 12, 31, 23, 0)), "2027-01-01 00:00");
    }

    #[test]
    fn local_midnight_is_the_start_of_the_local_day_around_both_switches() {
        for (y, m, d, expect_utc) in [
            // The day summer time starts: midnight is still winter.
            (2026, 3, 29, utc(2026, 3, 28, 23, 0)),
            // The first whole summer day.
            (2026, 3, 30, utc(2026, 3, 29, 22, 0)),
            // The day summer time ends: midnight is still summer.
            (2026, 10, 25, utc(2026, 10, 24, 22, 0)),
            (2026, 10, 26, utc(2026, 10, 25, 23, 0)),
            (2026, 1, 1, utc(2025, 12, 31, 23, 0)),
        ] {
            let day = days_from_civil(y, m, d);
            assert_eq!(local_midnight(day), expect_utc, "{y}-{m}-{d}");
            assert_eq!(local_day(local_midnight(day)), day);
            assert_eq!(local_day(local_midnight(day) - 1), day - 1);
        }
        // The switching days are 23 and 25 hours long.
        let march = days_from_civil(2026, 3, 29);
        assert_eq!(local_midnight(march + 1) - local_midnight(march), 23 * 3600);
        let october = days_from_civil(2026, 10, 25);
        assert_eq!(
            local_midnight(october + 1) - local_midnight(october),
            25 * 3600
        );
    }
}
