//! Table tests of `diff` alone: one key's ideals in, its lines out (as Kill Bill's
//! `TestSubscriptionItemTree`). Every expected number is worked out by hand in the row.

use super::*;
use crate::currency::Currency;
use crate::schedule::{Discount, Off};
use rust_decimal::Decimal;

fn day(text: &str) -> Date {
    crate::calendar::parse_date(text).expect("date")
}

fn service(start: &str, end: &str) -> ServicePeriod {
    ServicePeriod {
        start: day(start),
        end: Some(day(end)),
    }
}

/// A monthly charge for `[start, end)` of a 31-day January period, due on `due`.
fn charge(start: &str, end: &str, amount: i128, due: &str) -> Charge {
    let used = crate::calendar::days_between(day(start), day(end));
    Charge {
        service: service(start, end),
        days: Some((used, 31)),
        amount,
        due: day(due),
    }
}

fn ten_percent() -> DiscountRule {
    let discount = Discount {
        name: "Launch".into(),
        off: Off::Percent(Decimal::TEN),
        prices: None,
    };
    DiscountRule::new(&discount, Currency::from_code("USD").expect("USD"))
}

/// Asserts that `diff` turns `ideals` (with `discount`) into exactly `expected`, in order:
/// one line per change, `date kind start end proration amount`, e.g.
/// `2026-01-15 credit 2026-01-15 2026-02-01 17/31 -54839` (`-` for no end or proration).
fn check(ideals: Ideals, discount: Option<DiscountRule>, expected: &[&str]) {
    let mut found = Vec::new();
    diff(&ideals, discount, |c| found.push(c));
    let expected: Vec<Change> = expected
        .iter()
        .map(|row| {
            let f: Vec<&str> = row.split_whitespace().collect();
            let kind = match f[1] {
                "charge" => LineKind::Charge,
                "catchUp" => LineKind::CatchUp,
                "credit" => LineKind::Credit,
                "discount" => LineKind::Discount,
                other => panic!("kind {other}"),
            };
            let proration = f[4]
                .split_once('/')
                .map(|(used, period)| (used.parse().expect("days"), period.parse().expect("days")));
            Change {
                date: day(f[0]),
                kind,
                service: ServicePeriod {
                    start: day(f[2]),
                    end: (f[3] != "-").then(|| day(f[3])),
                },
                proration,
                amount: f[5].parse().expect("amount"),
            }
        })
        .collect();
    assert_eq!(found, expected);
}

#[test]
fn a_known_key_bills_its_charge_on_its_due_date() {
    // 1,000.00 a month in advance, phase known from the start: one charge on 01-01.
    let ideals = Ideals {
        open: None,
        last: Some(charge("2026-01-01", "2026-02-01", 100_000, "2026-01-01")),
        start_known: Known::Always,
        end_known: Known::Always,
    };
    let expected = ["2026-01-01 charge 2026-01-01 2026-02-01 - 100000"];
    check(ideals, None, &expected);
}

#[test]
fn late_recording_bills_a_catch_up_on_the_recording_day() {
    // The phase starts 01-01 but its start is recorded on 01-20: the 01-01 charge, due
    // before anyone knew, is billed on 01-20 as a catch-up of the whole 1,000.00.
    let ideals = Ideals {
        open: Some(charge("2026-01-01", "2026-02-01", 100_000, "2026-01-01")),
        last: None,
        start_known: Known::On(day("2026-01-20")),
        end_known: Known::Never,
    };
    let expected = ["2026-01-20 catchUp 2026-01-01 2026-02-01 - 100000"];
    check(ideals, None, &expected);
}

#[test]
fn an_ideal_rounding_to_zero_bills_nothing() {
    // 0.10 a month for 1 day of 31: 10 × 1 / 31 = 0.32 minor units, rounds to 0.
    let ideals = Ideals {
        open: None,
        last: Some(charge("2026-01-01", "2026-01-02", 0, "2026-01-01")),
        start_known: Known::Always,
        end_known: Known::Always,
    };
    check(ideals, Some(ten_percent()), &[]);
}

#[test]
fn an_ideal_cut_to_zero_is_credited_whole_with_the_period_billed() {
    // 0.10 billed in advance on 01-01; the phase ends 01-02, known that day: the final
    // ideal rounds to 0 (10 × 1 / 31), so the credit takes back all 10 for the period
    // that was billed, and no zero line is left.
    let ideals = Ideals {
        open: Some(charge("2026-01-01", "2026-02-01", 10, "2026-01-01")),
        last: Some(charge("2026-01-01", "2026-01-02", 0, "2026-01-01")),
        start_known: Known::Always,
        end_known: Known::On(day("2026-01-02")),
    };
    let expected = [
        "2026-01-01 charge 2026-01-01 2026-02-01 - 10",
        "2026-01-02 credit 2026-01-01 2026-02-01 - -10",
    ];
    check(ideals, None, &expected);
}

#[test]
fn an_in_arrears_period_cut_short_bills_its_days_when_the_end_is_known() {
    // 1,000.00 a month in arrears; the phase ends 01-15 (14 of 31 days): 100,000 × 14 / 31
    // = 45,161.29 → 45,161, due 01-15. The open version's charge (due 02-01) falls after
    // the end is known, so there is none.
    let cut = charge("2026-01-01", "2026-01-15", 45_161, "2026-01-15");
    let on_time = Ideals {
        open: None,
        last: Some(cut),
        start_known: Known::Always,
        end_known: Known::On(day("2026-01-15")),
    };
    let expected = ["2026-01-15 charge 2026-01-01 2026-01-15 14/31 45161"];
    check(on_time, None, &expected);
    // Recorded on 01-20: the same days, billed as a catch-up that day.
    let late = Ideals {
        end_known: Known::On(day("2026-01-20")),
        ..on_time
    };
    let expected = ["2026-01-20 catchUp 2026-01-01 2026-01-15 14/31 45161"];
    check(late, None, &expected);
}

#[test]
fn a_discount_is_given_back_with_the_credit() {
    // 1,000.00 in advance with 10 % off, billed 01-01: charge 100,000, discount −10,000.
    // The phase ends 01-15, known that day: the final ideal is 45,161 (14 of 31 days), so
    // the credit is 45,161 − 100,000 = −54,839 for [01-15, 02-01) (17 of 31 days), and the
    // discount's ideal goes from −10,000 to −round(4,516.1) = −4,516: +5,484 given back.
    let ideals = Ideals {
        open: Some(charge("2026-01-01", "2026-02-01", 100_000, "2026-01-01")),
        last: Some(charge("2026-01-01", "2026-01-15", 45_161, "2026-01-01")),
        start_known: Known::Always,
        end_known: Known::On(day("2026-01-15")),
    };
    let expected = [
        "2026-01-01 charge 2026-01-01 2026-02-01 - 100000",
        "2026-01-01 discount 2026-01-01 2026-02-01 - -10000",
        "2026-01-15 credit 2026-01-15 2026-02-01 17/31 -54839",
        "2026-01-15 discount 2026-01-15 2026-02-01 17/31 5484",
    ];
    check(ideals, Some(ten_percent()), &expected);
}

#[test]
fn an_in_arrears_period_billed_then_cut_short_is_credited_for_the_days_after_the_end() {
    // 1,000.00 a month in arrears, billed 02-01 for January under the open version. On
    // 03-10 the phase is known to have ended 01-20 (19 of 31 days): the final ideal is
    // 100,000 × 19 / 31 = 61,290.3 → 61,290, so 03-10 credits 100,000 − 61,290 = 38,710
    // for [01-20, 02-01), 12 of 31 days.
    let ideals = Ideals {
        open: Some(charge("2026-01-01", "2026-02-01", 100_000, "2026-02-01")),
        last: Some(charge("2026-01-01", "2026-01-20", 61_290, "2026-01-20")),
        start_known: Known::Always,
        end_known: Known::On(day("2026-03-10")),
    };
    let expected = [
        "2026-02-01 charge 2026-01-01 2026-02-01 - 100000",
        "2026-03-10 credit 2026-01-20 2026-02-01 12/31 -38710",
    ];
    check(ideals, None, &expected);
}
