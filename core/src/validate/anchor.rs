//! The billing anchor (`docs/billing-rules.md`, "Billing periods and anchors"):
//! `"phaseStart"`, `"calendar"` or a billing day of the month.

use super::{get, show, At, Checker, Place};
use crate::error::Code;
use crate::json::Json;
use crate::schedule::{BillingAnchor, DayOfMonth};

/// `"phaseStart"`, `"calendar"` or `{"dayOfMonth": 1..=31}` (spec section 10.1).
pub(super) fn billing_anchor(c: &mut Checker, value: &Json) -> Option<BillingAnchor> {
    let Json::Object(object) = value else {
        return c.choice(
            value,
            At(&Place::Root, "billingAnchor"),
            "billingAnchor",
            Code::InvalidBillingAnchor,
            &[
                ("phaseStart", BillingAnchor::PhaseStart),
                ("calendar", BillingAnchor::Calendar),
            ],
        );
    };
    let base = Place::Field(&Place::Root, "billingAnchor");
    c.unknown_fields(object, &base, &["dayOfMonth"]);
    let Some(day) = get(object, "dayOfMonth") else {
        let msg = "billingAnchor object has no dayOfMonth".to_string();
        c.push("billingAnchor".into(), Code::InvalidBillingAnchor, msg);
        return None;
    };
    match c.whole_in(day, 1..=31).and_then(|d| u32::try_from(d).ok()) {
        Some(day_of_month) => Some(BillingAnchor::DayOfMonth(DayOfMonth { day_of_month })),
        None => {
            let msg = format!(
                "billingAnchor.dayOfMonth {} is not a whole number from 1 to 31",
                show(day)
            );
            let path = "billingAnchor.dayOfMonth".into();
            c.push(path, Code::InvalidBillingAnchor, msg);
            None
        }
    }
}
