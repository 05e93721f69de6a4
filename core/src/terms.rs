//! Payment terms (spec section 10.2): when an invoice falls due.

use crate::calendar::{self, Date};

/// Most days of payment terms.
pub const MAX_PAYMENT_TERMS_DAYS: u16 = 365;

/// `issue_date + terms_days`. It may pass 2999-12-31 (output only); `None` only past
/// chrono's own range, which a valid schedule never reaches.
pub fn due_date(issue_date: Date, terms_days: u16) -> Option<Date> {
    calendar::add_days(issue_date, u64::from(terms_days))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn due_dates_count_calendar_days_and_may_pass_the_supported_range() {
        let d = |s| calendar::parse_date(s).unwrap();
        assert_eq!(due_date(d("2026-01-01"), 30), Some(d("2026-01-31")));
        assert_eq!(due_date(d("2026-04-15"), 30), Some(d("2026-05-15")));
        assert_eq!(due_date(d("2026-04-15"), 0), Some(d("2026-04-15")));
        assert_eq!(
            due_date(d("2999-12-31"), 365).map(|d| d.to_string()),
            Some("3000-12-31".to_string())
        );
    }
}
