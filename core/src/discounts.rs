//! Discounts (spec section 10.3): what a discount takes off one charge key, given the key's
//! rounded ideal charge. Knowledge is not considered here: the generator reconciles discount
//! keys day by day exactly like charge keys.

use crate::currency::Currency;
use crate::money::{self, Money};
use crate::schedule::{Discount, Off};

/// A discount as applied to the charge keys of the prices it covers.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct DiscountRule {
    off: OffMinor,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum OffMinor {
    /// `percent = numerator ÷ denominator × 100`, exact.
    Percent { numerator: i128, denominator: i128 },
    /// Minor units taken off each key, never prorated.
    Amount(i128),
}

impl DiscountRule {
    pub fn new(discount: &Discount, currency: Currency) -> DiscountRule {
        let off = match discount.off {
            Off::Percent(percent) => OffMinor::Percent {
                numerator: percent.mantissa(),
                // Validated: at most 4 decimals, so 100 × 10^4 at most.
                denominator: 100 * 10i128.pow(percent.scale()),
            },
            Off::Amount(amount) => OffMinor::Amount(Money::from_decimal(amount, currency).minor()),
        };
        DiscountRule { off }
    }

    /// The key's ideal discount (≤ 0) when its rounded ideal charge is `charge` (≥ 0):
    /// `−min(charge, D)`, with `D` the percent of the charge rounded half-up once, or the
    /// fixed amount. A discount never takes a charge below zero.
    pub fn ideal(&self, charge: i128) -> i128 {
        if charge <= 0 {
            return 0;
        }
        let off = match self.off {
            OffMinor::Percent {
                numerator,
                denominator,
            } => money::round_half_up(money::product(charge, numerator), denominator),
            OffMinor::Amount(amount) => amount,
        };
        -charge.min(off)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use rust_decimal::Decimal;

    fn rule(off: Off, code: &str) -> DiscountRule {
        let discount = Discount {
            name: "Launch".into(),
            off,
            prices: None,
        };
        DiscountRule::new(&discount, Currency::from_code(code).unwrap())
    }

    fn dec(s: &str) -> Decimal {
        Decimal::from_str_exact(s).unwrap()
    }

    #[test]
    fn percent_follows_the_charge_and_rounds_half_up_once() {
        let ten = rule(Off::Percent(dec("10")), "USD");
        // Spec example I: 10% of 1,000.00 and of the cut March 451.61.
        assert_eq!(ten.ideal(100_000), -10_000);
        assert_eq!(ten.ideal(45_161), -4_516);
        // 12.5% of 0.04 = 0.005: half-up to 0.01.
        assert_eq!(rule(Off::Percent(dec("12.5")), "USD").ideal(4), -1);
        assert_eq!(rule(Off::Percent(dec("100")), "USD").ideal(12_345), -12_345);
        assert_eq!(ten.ideal(0), 0);
    }

    #[test]
    fn a_fixed_amount_is_capped_by_the_charge() {
        // Spec example J: ¥40,000 off February, capped by the cut February ¥32,143.
        let yen = rule(Off::Amount(dec("40000")), "JPY");
        assert_eq!(yen.ideal(100_000), -40_000);
        assert_eq!(yen.ideal(32_143), -32_143);
        assert_eq!(yen.ideal(0), 0);
        let kwd = rule(Off::Amount(dec("1.250")), "KWD");
        assert_eq!(kwd.ideal(5_000), -1_250);
    }
}
