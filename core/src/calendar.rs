//! Calendar dates: parsing, the supported range, month arithmetic and day counts.
//!
//! Every span in the engine is half-open, `[start, end)`.

use chrono::{Datelike, Days, Months, NaiveDate};

/// A calendar date without time of day or time zone.
pub type Date = NaiveDate;

/// The first supported date, 1900-01-01.
pub const FIRST_DATE: Date = match NaiveDate::from_ymd_opt(1900, 1, 1) {
    Some(d) => d,
    None => NaiveDate::MIN,
};

/// The last supported date, 2999-12-31.
pub const LAST_DATE: Date = match NaiveDate::from_ymd_opt(2999, 12, 31) {
    Some(d) => d,
    None => NaiveDate::MAX,
};

/// Why a date string was refused.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DateError {
    /// Not `YYYY-MM-DD`, or not a real calendar day.
    Invalid,
    /// A real day outside 1900-01-01..=2999-12-31.
    OutOfRange,
}

/// Parses a strict `YYYY-MM-DD` date inside the supported range.
pub fn parse_date(text: &str) -> Result<Date, DateError> {
    let b = text.as_bytes();
    let digits = [0, 1, 2, 3, 5, 6, 8, 9];
    if b.len() != 10
        || b[4] != b'-'
        || b[7] != b'-'
        || digits.iter().any(|&i| !b[i].is_ascii_digit())
    {
        return Err(DateError::Invalid);
    }
    let num = |r: std::ops::Range<usize>| {
        b[r].iter()
            .fold(0u32, |acc, d| acc * 10 + u32::from(d - b'0'))
    };
    let year = num(0..4) as i32;
    let date = NaiveDate::from_ymd_opt(year, num(5..7), num(8..10)).ok_or(DateError::Invalid)?;
    if in_range(date) {
        Ok(date)
    } else {
        Err(DateError::OutOfRange)
    }
}

/// Whether `date` lies in the supported range.
pub fn in_range(date: Date) -> bool {
    (FIRST_DATE..=LAST_DATE).contains(&date)
}

/// `date + months`, keeping the day of month and clamping to the month's last day
/// (2026-01-31 + 1 month = 2026-02-28). `None` past chrono's range.
pub fn add_months(date: Date, months: u32) -> Option<Date> {
    date.checked_add_months(Months::new(months))
}

/// `date + days`. `None` past chrono's range.
pub fn add_days(date: Date, days: u64) -> Option<Date> {
    date.checked_add_days(Days::new(days))
}

/// The day before `date`.
pub fn previous_day(date: Date) -> Option<Date> {
    date.pred_opt()
}

/// Number of days in `[start, end)`; zero or negative when `end <= start`.
pub fn days_between(start: Date, end: Date) -> i64 {
    // Day numbers (a few multiplications) rather than `signed_duration_since`, whose
    // 400-year cycle arithmetic was a tenth of a preview's time in wasm.
    i64::from(end.num_days_from_ce()) - i64::from(start.num_days_from_ce())
}

/// Days in `month` (1–12) of `year` in the proleptic Gregorian calendar.
pub fn days_in_month(year: i32, month: u32) -> u32 {
    match month {
        2 if year % 4 == 0 && (year % 100 != 0 || year % 400 == 0) => 29,
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    }
}

/// The first day of the month that is `months_in_step`-aligned (1, 3, 6 or 12) and
/// contains `date`: the calendar boundary on or before `date`.
pub fn calendar_boundary(date: Date, months_in_step: u32) -> Date {
    let step = months_in_step.clamp(1, 12);
    let month0 = date.month0() / step * step;
    // Day 1 of a month of a year chrono already holds always exists.
    NaiveDate::from_ymd_opt(date.year(), month0 + 1, 1).unwrap_or(date)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> Date {
        parse_date(s).unwrap()
    }

    #[test]
    fn parses_only_strict_dates_in_range() {
        assert_eq!(
            d("2026-03-15"),
            NaiveDate::from_ymd_opt(2026, 3, 15).unwrap()
        );
        for bad in [
            "2026-3-15",
            "2026-02-30",
            "20260315",
            "2026-03-15T00:00",
            "",
            "２０２６-03-15",
        ] {
            assert_eq!(parse_date(bad), Err(DateError::Invalid), "{bad}");
        }
        assert_eq!(parse_date("1899-12-31"), Err(DateError::OutOfRange));
        assert_eq!(parse_date("3000-01-01"), Err(DateError::OutOfRange));
        assert!(parse_date("1900-01-01").is_ok() && parse_date("2999-12-31").is_ok());
    }

    #[test]
    fn month_arithmetic_clamps_to_month_end() {
        assert_eq!(add_months(d("2026-01-31"), 1), Some(d("2026-02-28")));
        assert_eq!(add_months(d("2028-02-29"), 12), Some(d("2029-02-28")));
        assert_eq!(add_months(d("2026-01-31"), 3), Some(d("2026-04-30")));
    }

    #[test]
    fn calendar_boundaries() {
        assert_eq!(calendar_boundary(d("2026-03-15"), 1), d("2026-03-01"));
        assert_eq!(calendar_boundary(d("2026-03-15"), 3), d("2026-01-01"));
        assert_eq!(calendar_boundary(d("2026-08-15"), 6), d("2026-07-01"));
        assert_eq!(calendar_boundary(d("2026-12-31"), 12), d("2026-01-01"));
        assert_eq!(days_between(d("2027-01-31"), d("2027-04-30")), 89);
        assert_eq!(
            [
                days_in_month(2026, 2),
                days_in_month(2028, 2),
                days_in_month(2100, 2)
            ],
            [28, 29, 28]
        );
        assert_eq!(
            [
                days_in_month(2000, 2),
                days_in_month(2026, 4),
                days_in_month(2026, 12)
            ],
            [29, 30, 31]
        );
    }
}
