//! Money: exact amounts in minor units, decimal parsing and half-up proration.
//!
//! Amounts are never floats. A price's amount and quantity are exact decimals; a charge is
//! computed with integer arithmetic on their digits and rounded half-up once.

use crate::currency::Currency;
use rust_decimal::prelude::FromPrimitive;
use rust_decimal::Decimal;

/// Inputs are refused at or above this magnitude (amounts, quantities, amount × quantity).
pub const LIMIT: i64 = 1_000_000_000_000_000;

/// Most decimal places a quantity may have.
pub const MAX_QUANTITY_SCALE: u32 = 9;

/// An amount of money in minor units of a currency (cents for USD, yen for JPY).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Money {
    minor: i128,
    exponent: u32,
}

impl Money {
    /// Zero in `currency`.
    pub fn zero(currency: Currency) -> Money {
        Money::from_minor(0, currency)
    }

    /// `minor` minor units of `currency`.
    pub fn from_minor(minor: i128, currency: Currency) -> Money {
        Money {
            minor,
            exponent: currency.exponent(),
        }
    }

    /// An exact decimal with at most the currency's minor digits (as validated).
    pub fn from_decimal(value: Decimal, currency: Currency) -> Money {
        let exponent = currency.exponent();
        let scale = value.scale();
        let minor = if scale <= exponent {
            value
                .mantissa()
                .saturating_mul(10i128.pow(exponent - scale))
        } else {
            value.mantissa() / 10i128.pow(scale - exponent)
        };
        Money::from_minor(minor, currency)
    }

    /// The amount in minor units.
    pub fn minor(self) -> i128 {
        self.minor
    }

    /// Whether the amount is below zero.
    pub fn is_negative(self) -> bool {
        self.minor < 0
    }
}

impl std::ops::Add for Money {
    type Output = Money;
    /// Sums stay far below `i128::MAX`: at most 100,000 lines, each below 10^19 minor units.
    fn add(self, other: Money) -> Money {
        Money {
            minor: self.minor.saturating_add(other.minor),
            exponent: self.exponent,
        }
    }
}

impl std::ops::Sub for Money {
    type Output = Money;
    fn sub(self, other: Money) -> Money {
        Money {
            minor: self.minor.saturating_sub(other.minor),
            exponent: self.exponent,
        }
    }
}

impl std::fmt::Display for Money {
    /// Exactly the currency's minor digits; negatives as `-548.39`, never `-0.00`.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let sign = if self.minor < 0 { "-" } else { "" };
        let abs = self.minor.unsigned_abs();
        // Amounts below 2^64 minor units (all but absurd sums): digits written right to left
        // with 64-bit arithmetic, not through 128-bit division and padded formatting.
        if let Ok(mut rest) = u64::try_from(abs) {
            let mut buf = [0u8; 24];
            let mut at = buf.len();
            let mut digits = 0;
            while rest > 0 || digits <= self.exponent {
                if digits == self.exponent && digits > 0 {
                    at -= 1;
                    buf[at] = b'.';
                }
                at -= 1;
                buf[at] = b'0' + (rest % 10) as u8;
                rest /= 10;
                digits += 1;
            }
            f.write_str(sign)?;
            return f.write_str(std::str::from_utf8(&buf[at..]).unwrap_or("?"));
        }
        if self.exponent == 0 {
            return write!(f, "{sign}{abs}");
        }
        let unit = 10u128.pow(self.exponent);
        let width = self.exponent as usize;
        write!(f, "{sign}{}.{:0width$}", abs / unit, abs % unit)
    }
}

impl serde::Serialize for Money {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(self)
    }
}

/// Reads a decimal from JSON text `^-?\d+(\.\d+)?$`, or from a finite JSON number through its
/// shortest decimal form. `None` when it is neither.
pub fn parse_decimal(value: &crate::json::Json) -> Option<Decimal> {
    match value {
        crate::json::Json::String(text) => {
            let body = text.strip_prefix('-').unwrap_or(text);
            let (int, frac) = match body.split_once('.') {
                Some((i, f)) => (i, Some(f)),
                None => (body, None),
            };
            let all_digits = |s: &str| !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit());
            if !all_digits(int) || frac.is_some_and(|f| !all_digits(f)) {
                return None;
            }
            // Too many digits for a Decimal is also "not a decimal we accept"; values that
            // large are refused by the limits anyway.
            Decimal::from_str_exact(text).ok()
        }
        crate::json::Json::Number(n) => {
            if let Some(i) = n.as_i64() {
                Some(Decimal::from(i))
            } else if let Some(u) = n.as_u64() {
                Some(Decimal::from(u))
            } else {
                // Rounded to the digits an f64 carries (15 significant), so that 0.1 is one
                // tenth; more digits need a decimal string.
                // A float beyond Decimal's range is refused by the limits, not as bad syntax.
                n.as_f64().and_then(|f| match Decimal::from_f64(f) {
                    Some(d) => Some(d),
                    None if f >= 1.0 => Some(Decimal::MAX),
                    None if f <= -1.0 => Some(Decimal::MIN),
                    None => None,
                })
            }
        }
        _ => None,
    }
}

/// Why an amount or quantity was refused.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DecimalError {
    /// Wrong JSON type or syntax.
    Syntax,
    /// Below zero.
    Negative,
    /// At or above 10^15.
    TooLarge,
    /// More fractional digits than allowed (the currency's minor unit, or 9 for quantities).
    TooPrecise,
}

/// Checks a decimal against the sign, magnitude and precision limits; returns it normalized.
pub fn check_decimal(value: Option<Decimal>, max_scale: u32) -> Result<Decimal, DecimalError> {
    let value = value.ok_or(DecimalError::Syntax)?.normalize();
    if value.is_sign_negative() && !value.is_zero() {
        return Err(DecimalError::Negative);
    }
    if value >= Decimal::from(LIMIT) {
        return Err(DecimalError::TooLarge);
    }
    if value.scale() > max_scale {
        return Err(DecimalError::TooPrecise);
    }
    // `-0` normalizes to a negative zero; give it the plain form.
    Ok(value.abs())
}

/// `check_decimal(parse_decimal(value), max_scale)`, the same result, reading the usual
/// inputs — a decimal string of at most 18 digits, or a whole JSON number — with integer
/// arithmetic. `Decimal`'s parsing and normalizing are loops over a 96-bit mantissa, and
/// in the wasm module they were a quarter of validation's time.
pub fn read_decimal(value: &crate::json::Json, max_scale: u32) -> Result<Decimal, DecimalError> {
    let (negative, digits, scale) = match value {
        crate::json::Json::String(text) => match plain_digits(text) {
            Some(read) => read,
            None => return check_decimal(parse_decimal(value), max_scale),
        },
        crate::json::Json::Number(n) => match n.as_i64() {
            Some(i) => (i < 0, i.unsigned_abs(), 0),
            None => return check_decimal(parse_decimal(value), max_scale),
        },
        _ => return Err(DecimalError::Syntax),
    };
    // The checks of `check_decimal`, in its order, on `digits / 10^scale`.
    if negative && digits != 0 {
        return Err(DecimalError::Negative);
    }
    if POWERS_OF_TEN
        .get(15 + scale as usize)
        .is_some_and(|&limit| digits >= limit)
    {
        return Err(DecimalError::TooLarge);
    }
    if scale > max_scale {
        return Err(DecimalError::TooPrecise);
    }
    Ok(Decimal::from_i128_with_scale(i128::from(digits), scale))
}

/// `a × b` when their significant bits add up to at most 64 (so the product fits), `None`
/// otherwise. `u64::checked_mul` would do in wasm a 128-bit product, a library call.
fn small_product(a: u64, b: u64) -> Option<u64> {
    (a.leading_zeros() + b.leading_zeros() >= 64).then(|| a * b)
}

/// `digits / 10^scale` with the trailing zeros off the scale, as `Decimal::normalize`
/// drops them ("2.50": 250 and 2 become 25 and 1; zero has scale 0).
fn without_trailing_zeros(mut digits: u64, mut scale: u32) -> (u64, u32) {
    while scale > 0 && digits.is_multiple_of(10) {
        digits /= 10;
        scale -= 1;
    }
    (digits, scale)
}

/// `10^n` for `n` in `0..=19`, every power of ten a `u64` holds.
const POWERS_OF_TEN: [u64; 20] = {
    let mut powers = [1u64; 20];
    let mut n = 1;
    while n < 20 {
        powers[n] = powers[n - 1] * 10;
        n += 1;
    }
    powers
};

/// A decimal string `^-?\d+(\.\d+)?$` of at most 18 digits as (negative, digits, scale),
/// its fraction's trailing zeros dropped as `Decimal::normalize` drops them ("2.50" is
/// 25 and scale 1; "-0.0" is 0 and scale 0). `None` for any other text: the general path
/// reads it.
fn plain_digits(text: &str) -> Option<(bool, u64, u32)> {
    let bytes = text.as_bytes();
    let (negative, body) = match bytes {
        [b'-', rest @ ..] => (true, rest),
        _ => (false, bytes),
    };
    let (mut digits, mut count, mut point) = (0u64, 0usize, None);
    for (i, &byte) in body.iter().enumerate() {
        match byte {
            b'0'..=b'9' if count < 18 => {
                digits = digits * 10 + u64::from(byte - b'0');
                count += 1;
            }
            // One point, with digits on both sides.
            b'.' if point.is_none() && i > 0 && i + 1 < body.len() => point = Some(i),
            _ => return None,
        }
    }
    if count == 0 {
        return None;
    }
    let scale = point.map_or(0, |at| (body.len() - at - 1) as u32);
    let (digits, scale) = without_trailing_zeros(digits, scale);
    Some((negative, digits, scale))
}

/// What one full billing period (or a one-time fee) of a price costs, kept as the exact
/// fraction `numerator / denominator` in minor units so that proration rounds only once.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Rate {
    numerator: i128,
    denominator: i128,
    /// The whole charge, rounded once here: most periods are whole.
    full: i128,
}

impl Rate {
    /// `amount × quantity` in minor units of `currency`. `None` when the product reaches 10^15
    /// (in major units), the engine's largest charge.
    pub fn new(amount: Decimal, quantity: Decimal, currency: Currency) -> Option<Rate> {
        Rate::narrow(amount, quantity, currency).or_else(|| Rate::wide(amount, quantity, currency))
    }

    /// [`Rate::new`] in `u64` arithmetic, for the usual prices whose product fits in it
    /// below the limit (`None` otherwise: [`Rate::wide`] decides). The wasm module has no
    /// 128-bit instructions: each `i128` product or quotient is a library call there.
    fn narrow(amount: Decimal, quantity: Decimal, currency: Currency) -> Option<Rate> {
        // `Decimal::normalize`, in integers.
        let normalized = |d: Decimal| {
            let digits = u64::try_from(d.mantissa()).ok()?;
            Some(without_trailing_zeros(digits, d.scale()))
        };
        let ((a, sa), (q, sq)) = (normalized(amount)?, normalized(quantity)?);
        let minor = *POWERS_OF_TEN.get(currency.exponent() as usize)?;
        let numerator = small_product(small_product(a, q)?, minor)?;
        let denominator = *POWERS_OF_TEN.get((sa + sq) as usize)?;
        let limit = small_product(LIMIT as u64, minor)?;
        if numerator / denominator >= limit {
            return None;
        }
        let (numerator, denominator) = (i128::from(numerator), i128::from(denominator));
        Some(Rate {
            numerator,
            denominator,
            full: round_half_up(numerator, denominator),
        })
    }

    /// [`Rate::new`] in `i128` arithmetic, for every price.
    fn wide(amount: Decimal, quantity: Decimal, currency: Currency) -> Option<Rate> {
        let amount = amount.normalize();
        let quantity = quantity.normalize();
        // amount = a / 10^sa, quantity = q / 10^sq; in minor units the product is
        // a × q × 10^exp / 10^(sa + sq). Both factors are < 10^15 with ≤ 28 digits in all.
        let numerator = amount
            .mantissa()
            .checked_mul(quantity.mantissa())?
            .checked_mul(10i128.checked_pow(currency.exponent())?)?;
        let denominator = 10i128.checked_pow(amount.scale() + quantity.scale())?;
        let limit = i128::from(LIMIT).checked_mul(10i128.checked_pow(currency.exponent())?)?;
        if numerator.checked_div(denominator)? >= limit {
            return None;
        }
        Some(Rate {
            numerator,
            denominator,
            full: round_half_up(numerator, denominator),
        })
    }

    /// The whole charge, rounded half-up to the minor unit.
    pub fn full(self) -> i128 {
        self.full
    }

    /// `round(rate × used ÷ period)` half-up, the charge for `used` of `period` days.
    pub fn prorate(self, used: i64, period: i64) -> i128 {
        if period <= 0 || used <= 0 {
            return 0;
        }
        if used == period {
            return self.full;
        }
        // numerator < 10^29 and days ≤ 366 keep both products far inside i128.
        let num = product(self.numerator, i128::from(used));
        let den = product(self.denominator, i128::from(period));
        round_half_up(num, den)
    }
}

/// `a × b` for `a, b ≥ 0`, saturating at `i128::MAX`. In `u64` when the product fits
/// there, as nearly all charges do: the wasm module has no 128-bit instructions, so an
/// `i128` product is a library call there.
pub fn product(a: i128, b: i128) -> i128 {
    match (u64::try_from(a), u64::try_from(b)) {
        (Ok(x), Ok(y)) => small_product(x, y).map_or_else(|| a.saturating_mul(b), i128::from),
        _ => a.saturating_mul(b),
    }
}

/// `n ÷ d` rounded half away from zero, for `n ≥ 0`, `d > 0`.
pub fn round_half_up(n: i128, d: i128) -> i128 {
    if d <= 0 {
        return 0;
    }
    // In `u64` when both fit (the usual case): an `i128` quotient is a library call in wasm.
    if let (Ok(n), Ok(d)) = (u64::try_from(n), u64::try_from(d)) {
        let (q, r) = (n / d, n % d);
        return i128::from(q + u64::from(r >= d - r));
    }
    let q = n / d;
    let r = n - q * d;
    if r >= d - r {
        q + 1
    } else {
        q
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::json::Json;

    fn usd() -> Currency {
        Currency::from_code("USD").unwrap()
    }

    fn dec(s: &str) -> Decimal {
        Decimal::from_str_exact(s).unwrap()
    }

    #[test]
    fn formats_minor_digits() {
        let jpy = Currency::from_code("JPY").unwrap();
        let kwd = Currency::from_code("KWD").unwrap();
        assert_eq!(Money::from_minor(-54839, usd()).to_string(), "-548.39");
        assert_eq!(Money::from_minor(5, usd()).to_string(), "0.05");
        assert_eq!(Money::from_minor(0, usd()).to_string(), "0.00");
        assert_eq!(Money::from_minor(-67857, jpy).to_string(), "-67857");
        assert_eq!(Money::from_minor(1500, kwd).to_string(), "1.500");
    }

    #[test]
    fn formats_like_integer_and_fraction_division_on_both_sides_of_64_bits() {
        // The reference: whole and fractional parts by 128-bit division, zero-padded.
        let reference = |minor: i128, exponent: u32| {
            let sign = if minor < 0 { "-" } else { "" };
            let (abs, unit) = (minor.unsigned_abs(), 10u128.pow(exponent));
            match exponent {
                0 => format!("{sign}{abs}"),
                e => format!("{sign}{}.{:0w$}", abs / unit, abs % unit, w = e as usize),
            }
        };
        let mut x: u64 = 0x9e37_79b9_7f4a_7c15;
        for exponent in 0..=4 {
            let mut cases = vec![
                0i128,
                1,
                -1,
                9,
                10,
                -10,
                99,
                100,
                12345,
                i128::from(u64::MAX),
            ];
            cases.extend([
                i128::from(u64::MAX) + 1,
                -i128::from(u64::MAX) - 7,
                i128::MAX,
            ]);
            for _ in 0..500 {
                x ^= x << 13;
                x ^= x >> 7;
                x ^= x << 17;
                let digits = (x % 19) as u32;
                cases.push(
                    i128::from(x % 10u64.pow(digits).max(1)) * if x & 1 == 0 { 1 } else { -1 },
                );
            }
            for minor in cases {
                let money = Money { minor, exponent };
                assert_eq!(
                    money.to_string(),
                    reference(minor, exponent),
                    "{minor} e{exponent}"
                );
            }
        }
    }

    #[test]
    fn prorates_half_up_once() {
        let rate = Rate::new(dec("1000.00"), dec("1"), usd()).unwrap();
        assert_eq!(rate.prorate(14, 31), 45161);
        let jpy = Currency::from_code("JPY").unwrap();
        assert_eq!(
            Rate::new(dec("100000"), dec("1"), jpy)
                .unwrap()
                .prorate(9, 28),
            32143
        );
        // 0.05 × 1 / 2 = 0.025 → 0.03 (half away from zero, not banker's 0.02)
        assert_eq!(
            Rate::new(dec("0.05"), dec("1"), usd())
                .unwrap()
                .prorate(1, 2),
            3
        );
        assert_eq!(
            Rate::new(dec("3000"), dec("1"), usd())
                .unwrap()
                .prorate(59, 89),
            198876
        );
    }

    #[test]
    fn rounds_half_up_on_both_sides_of_64_bits() {
        assert_eq!(round_half_up(5, 2), 3);
        assert_eq!(round_half_up(4, 3), 1);
        assert_eq!(round_half_up(0, 7), 0);
        // 2^64 ÷ 2 = 2^63 exactly; (2^64 + 1) ÷ 2 is half-way and rounds up.
        let two_to_64 = i128::from(u64::MAX) + 1;
        assert_eq!(round_half_up(two_to_64, 2), 1 << 63);
        assert_eq!(round_half_up(two_to_64 + 1, 2), (1 << 63) + 1);
        assert_eq!(round_half_up(two_to_64 * 3 + 1, two_to_64 * 2), 2);
    }

    #[test]
    fn refuses_charges_of_a_quadrillion() {
        assert!(Rate::new(dec("999999999999999.99"), dec("1"), usd()).is_some());
        assert!(Rate::new(dec("100000000"), dec("10000000"), usd()).is_none());
        assert!(Rate::new(
            dec("999999999999999.99"),
            dec("999999999999999.999999999"),
            usd()
        )
        .is_none());
    }

    #[test]
    fn parses_decimal_strings_and_numbers() {
        use serde_json::json;
        assert_eq!(
            parse_decimal(&Json::from(&json!("1500.00"))),
            Some(dec("1500.00"))
        );
        assert_eq!(
            parse_decimal(&Json::from(&json!(1500.5))),
            Some(dec("1500.5"))
        );
        assert_eq!(parse_decimal(&Json::from(&json!(0.1))), Some(dec("0.1")));
        assert_eq!(
            parse_decimal(&Json::from(&json!(0.0000001))),
            Some(dec("0.0000001"))
        );
        assert_eq!(
            parse_decimal(&Json::from(&json!(1.5e16))).map(|d| d.normalize()),
            Some(dec("15000000000000000"))
        );
        assert_eq!(
            check_decimal(parse_decimal(&Json::from(&json!(1e300))), 2),
            Err(DecimalError::TooLarge)
        );
        for bad in [
            json!("1e3"),
            json!(" 1"),
            json!("1."),
            json!(".5"),
            json!("+1"),
            json!(true),
            json!(null),
        ] {
            assert_eq!(parse_decimal(&Json::from(&bad)), None, "{bad}");
        }
        assert_eq!(
            check_decimal(parse_decimal(&Json::from(&json!("-1"))), 2),
            Err(DecimalError::Negative)
        );
        assert_eq!(
            check_decimal(parse_decimal(&Json::from(&json!("100.50"))), 0),
            Err(DecimalError::TooPrecise)
        );
        assert_eq!(
            check_decimal(parse_decimal(&Json::from(&json!("100.00"))), 0),
            Ok(dec("100"))
        );
        // A normalized decimal shows in canonical form (how quantities are written).
        assert_eq!(dec("1.500").normalize().to_string(), "1.5");
        assert_eq!(dec("2.000").normalize().to_string(), "2");
    }

    /// A decimal's exact form: value, scale and sign, which `==` on `Decimal` does not
    /// compare ("2.5" equals "2.50").
    fn form(d: Result<Decimal, DecimalError>) -> Result<(i128, u32, bool), DecimalError> {
        d.map(|d| (d.mantissa(), d.scale(), d.is_sign_negative()))
    }

    #[test]
    fn reads_usual_decimals_as_the_general_path_does() {
        use serde_json::json;
        for (value, scale) in [
            (json!("137.24"), 2),
            (json!("2.50"), 9),
            (json!("-0.00"), 2),
            (json!("-0"), 0),
            (json!("007.10"), 2),
            (json!("999999999999999.99"), 2),
            (json!("1000000000000000"), 2),
            (json!("100000000000000.0000"), 4),
            (json!("123456789012345678"), 0),
            (json!("1234567890123456789"), 0),
            (json!("0.000000001"), 9),
            (json!("0.0000000001"), 9),
            (json!("-3"), 2),
            (json!("1."), 2),
            (json!(".5"), 2),
            (json!("1.2.3"), 2),
            (json!("--1"), 2),
            (json!(""), 2),
            (json!(12), 2),
            (json!(-12), 2),
            (json!(1_000_000_000_000_000i64), 2),
            (json!(2.5), 2),
            (json!(null), 2),
        ] {
            let json = Json::from(&value);
            assert_eq!(
                form(read_decimal(&json, scale)),
                form(check_decimal(parse_decimal(&json), scale)),
                "{value} at scale {scale}"
            );
        }
    }

    proptest::proptest! {
        #[test]
        fn read_decimal_is_the_general_path(
            text in "-?[0-9]{0,20}(\\.[0-9]{0,20})?",
            whole in proptest::prelude::any::<i64>(),
            max_scale in 0u32..10,
        ) {
            for value in [serde_json::json!(text), serde_json::json!(whole)] {
                let json = Json::from(&value);
                proptest::prop_assert_eq!(
                    form(read_decimal(&json, max_scale)),
                    form(check_decimal(parse_decimal(&json), max_scale))
                );
            }
        }

        #[test]
        fn product_and_rounding_are_the_128_bit_ones(
            // Around 2^32 too: products at the edge of 64 bits.
            a in proptest::prop_oneof![0i128..1_000, (1i128 << 31)..(1i128 << 33), 0i128..(1 << 40), 0i128..i128::MAX],
            b in proptest::prop_oneof![0i128..1_000, (1i128 << 31)..(1i128 << 33), 0i128..(1 << 40), 0i128..i128::MAX],
            d in proptest::prop_oneof![1i128..1_000, 1i128..(1 << 70)],
        ) {
            proptest::prop_assert_eq!(product(a, b), a.saturating_mul(b));
            let n = a.saturating_mul(b);
            let (q, r) = (n / d, n % d);
            proptest::prop_assert_eq!(round_half_up(n, d), if r >= d - r { q + 1 } else { q });
            // Halves come up often with small divisors: 2k + 1 over 2 is k + 1.
            proptest::prop_assert_eq!(round_half_up(2 * (a % 1_000) + 1, 2), a % 1_000 + 1);
        }

        #[test]
        fn a_narrow_rate_is_the_wide_rate(
            // Small digits too, so that halves (ties to round up) come up often.
            amount in proptest::prop_oneof![0u64..100, 0u64..2_000_000_000_000_000_000],
            amount_scale in 0u32..5,
            quantity in proptest::prop_oneof![0u64..100, 0u64..20_000_000_000],
            quantity_scale in 0u32..10,
            code in proptest::sample::select(vec!["USD", "JPY", "KWD", "CLF"]),
        ) {
            let currency = Currency::from_code(code).unwrap();
            let amount = Decimal::from_i128_with_scale(i128::from(amount), amount_scale);
            let quantity = Decimal::from_i128_with_scale(i128::from(quantity), quantity_scale);
            if let Some(narrow) = Rate::narrow(amount, quantity, currency) {
                proptest::prop_assert_eq!(Some(narrow), Rate::wide(amount, quantity, currency));
            }
            proptest::prop_assert_eq!(
                Rate::new(amount, quantity, currency),
                Rate::wide(amount, quantity, currency)
            );
        }
    }
}
