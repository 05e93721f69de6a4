//! A phase's discounts (`docs/billing-rules.md`, "Discounts"):
//! exactly one of percent and amount, the prices covered, and overlaps between discounts.

use super::{get, join, number, show, whole_number, At, Checker, Place};
use crate::currency::Currency;
use crate::error::Code;
use crate::json::{Json, Object};
use crate::money;
use crate::schedule::{Discount, Off, Price};
use rust_decimal::Decimal;

/// Most decimals of a discount's percent.
const MAX_PERCENT_SCALE: u32 = 4;

/// A phase's discounts (spec section 10.3); `prices` are the phase's prices when valid.
pub(super) fn discounts(
    c: &mut Checker,
    phase: &Object<'_>,
    base: &Place<'_>,
    currency: Option<Currency>,
    prices: Option<&[Price]>,
) -> Option<Vec<Discount>> {
    let Some(value) = get(phase, "discounts") else {
        return Some(Vec::new());
    };
    let base = Place::Field(base, "discounts");
    let Json::Array(items) = value else {
        let msg = format!("discounts must be an array, not {}", show(value));
        c.push(base.to_string(), Code::InvalidType, msg);
        return None;
    };
    let before = c.issues.len();
    let mut found = Vec::with_capacity(items.len().min(1024));
    // Which discount first covers each price, for `overlappingDiscounts`.
    let mut covered_by: Vec<Option<usize>> = vec![None; prices.map_or(0, <[Price]>::len)];
    for (j, item) in items.iter().enumerate() {
        let path = Place::Item(&base, j);
        let Json::Object(object) = item else {
            let msg = format!("discount must be an object, not {}", show(item));
            c.push(path.to_string(), Code::InvalidType, msg);
            continue;
        };
        c.unknown_fields(object, &path, &["name", "percent", "amount", "prices"]);
        let name = c.name(object, &path);
        let off = discount_off(c, object, &path, currency);
        let covered = discount_prices(c, object, &path, prices.map(<[Price]>::len));
        if let Some(covered) = &covered {
            let all: Vec<usize> = match covered {
                Some(list) => list.clone(),
                None => (0..covered_by.len()).collect(),
            };
            for index in all {
                match covered_by.get_mut(index) {
                    Some(Some(first)) => {
                        let msg = format!(
                            "discount {j} covers price {index}, which discount {first} already covers"
                        );
                        c.push(path.to_string(), Code::OverlappingDiscounts, msg);
                        break;
                    }
                    Some(slot) => *slot = Some(j),
                    None => {}
                }
            }
        }
        if let (Some(name), Some(off), Some(prices)) = (name, off, covered) {
            found.push(Discount { name, off, prices });
        }
    }
    (c.issues.len() == before).then_some(found)
}

/// Exactly one of `percent` and `amount`.
fn discount_off(
    c: &mut Checker,
    object: &Object<'_>,
    path: &Place<'_>,
    currency: Option<Currency>,
) -> Option<Off> {
    match (get(object, "percent"), get(object, "amount")) {
        (Some(percent), None) => {
            let parsed = money::read_decimal(percent, MAX_PERCENT_SCALE)
                .ok()
                .filter(|p| !p.is_zero() && *p <= Decimal::ONE_HUNDRED);
            if parsed.is_none() {
                let msg = format!(
                    "percent {} is not a decimal above 0 and at most 100 with at most {MAX_PERCENT_SCALE} decimals",
                    show(percent)
                );
                c.push(join(path, "percent"), Code::InvalidPercent, msg);
            }
            parsed.map(Off::Percent)
        }
        (None, Some(amount)) => {
            let max_scale = currency.map_or(28, Currency::exponent);
            number(
                c,
                amount,
                At(path, "amount"),
                "amount",
                Code::InvalidAmount,
                max_scale,
                currency,
            )
            .map(Off::Amount)
        }
        (both, _) => {
            let msg = if both.is_some() {
                "a discount has both percent and amount; give exactly one"
            } else {
                "a discount needs a percent or an amount"
            };
            c.push(path.to_string(), Code::InvalidDiscount, msg.into());
            None
        }
    }
}

/// The prices a discount covers: `Some(None)` for all, `Some(Some(indices))`, or `None`
/// when invalid. `count` is the number of the phase's prices when they are valid.
fn discount_prices(
    c: &mut Checker,
    object: &Object<'_>,
    path: &Place<'_>,
    count: Option<usize>,
) -> Option<Option<Vec<usize>>> {
    let Some(value) = get(object, "prices") else {
        return Some(None);
    };
    let path = Place::Field(path, "prices");
    let Json::Array(items) = value else {
        let msg = format!("prices {} is not a list of price indices", show(value));
        c.push(path.to_string(), Code::InvalidDiscountPrices, msg);
        return None;
    };
    let mut indices = Vec::with_capacity(items.len().min(1024));
    let mut seen = std::collections::HashSet::new();
    let mut ok = true;
    for (k, item) in items.iter().enumerate() {
        // `1.0` is the index 1, as JavaScript sees them alike (like `count`).
        let index = whole_number(item)
            .and_then(|i| usize::try_from(i).ok())
            .filter(|&i| count.is_none_or(|n| i < n));
        let problem = match index {
            None => format!(
                "{} is not the index of a price of this phase{}",
                show(item),
                count.map_or(String::new(), |n| format!(
                    " (0 to {})",
                    n.saturating_sub(1)
                ))
            ),
            Some(i) if !seen.insert(i) => format!("price {i} is listed twice"),
            Some(i) => {
                indices.push(i);
                continue;
            }
        };
        c.push(format!("{path}[{k}]"), Code::InvalidDiscountPrices, problem);
        ok = false;
    }
    ok.then_some(Some(indices))
}
