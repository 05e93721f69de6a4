//! The ISO 4217 table: the active currency codes (fund codes included) and their minor
//! units, exactly as spec section 9 lists them. One table, one file.
//!
//! No crate on crates.io carries both the current list (XCG, ZWG, SLE, VED) and the
//! exponents the spec fixes for fund and precious-metal codes, so the table lives here.

/// Codes whose minor unit is 0 digits.
const EXPONENT_0: &[&str] = &[
    "BIF", "CLP", "DJF", "GNF", "ISK", "JPY", "KMF", "KRW", "PYG", "RWF", "UGX", "UYI", "VND",
    "VUV", "XAF", "XOF", "XPF",
];

/// Codes whose minor unit is 3 digits.
const EXPONENT_3: &[&str] = &["BHD", "IQD", "JOD", "KWD", "LYD", "OMR", "TND"];

/// Codes whose minor unit is 4 digits.
const EXPONENT_4: &[&str] = &["CLF", "UYW"];

/// Every active code, sorted (binary search).
const ACTIVE: &[&str] = &[
    "AED", "AFN", "ALL", "AMD", "AOA", "ARS", "AUD", "AWG", "AZN", "BAM", "BBD", "BDT", "BHD",
    "BIF", "BMD", "BND", "BOB", "BOV", "BRL", "BSD", "BTN", "BWP", "BYN", "BZD", "CAD", "CDF",
    "CHE", "CHF", "CHW", "CLF", "CLP", "CNY", "COP", "COU", "CRC", "CUP", "CVE", "CZK", "DJF",
    "DKK", "DOP", "DZD", "EGP", "ERN", "ETB", "EUR", "FJD", "FKP", "GBP", "GEL", "GHS", "GIP",
    "GMD", "GNF", "GTQ", "GYD", "HKD", "HNL", "HTG", "HUF", "IDR", "ILS", "INR", "IQD", "IRR",
    "ISK", "JMD", "JOD", "JPY", "KES", "KGS", "KHR", "KMF", "KPW", "KRW", "KWD", "KYD", "KZT",
    "LAK", "LBP", "LKR", "LRD", "LSL", "LYD", "MAD", "MDL", "MGA", "MKD", "MMK", "MNT", "MOP",
    "MRU", "MUR", "MVR", "MWK", "MXN", "MXV", "MYR", "MZN", "NAD", "NGN", "NIO", "NOK", "NPR",
    "NZD", "OMR", "PAB", "PEN", "PGK", "PHP", "PKR", "PLN", "PYG", "QAR", "RON", "RSD", "RUB",
    "RWF", "SAR", "SBD", "SCR", "SDG", "SEK", "SGD", "SHP", "SLE", "SOS", "SRD", "SSP", "STN",
    "SVC", "SYP", "SZL", "THB", "TJS", "TMT", "TND", "TOP", "TRY", "TTD", "TWD", "TZS", "UAH",
    "UGX", "USD", "USN", "UYI", "UYU", "UYW", "UZS", "VED", "VES", "VND", "VUV", "WST", "XAF",
    "XAG", "XAU", "XBA", "XBB", "XBC", "XBD", "XCD", "XCG", "XDR", "XOF", "XPD", "XPF", "XPT",
    "XSU", "XTS", "XUA", "XXX", "YER", "ZAR", "ZMW", "ZWG",
];

/// An active ISO 4217 currency and the number of its minor digits.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Currency {
    code: &'static str,
    exponent: u32,
}

impl Currency {
    /// Looks up an active code; codes are case-sensitive (`"usd"` is not a currency).
    pub fn from_code(code: &str) -> Option<Currency> {
        let index = ACTIVE.binary_search(&code).ok()?;
        let code = ACTIVE[index];
        let exponent = if EXPONENT_0.contains(&code) {
            0
        } else if EXPONENT_3.contains(&code) {
            3
        } else if EXPONENT_4.contains(&code) {
            4
        } else {
            2
        };
        Some(Currency { code, exponent })
    }

    /// The three-letter code.
    pub fn code(self) -> &'static str {
        self.code
    }

    /// Number of minor digits (0 for JPY, 2 for USD, 3 for KWD, 4 for CLF).
    pub fn exponent(self) -> u32 {
        self.exponent
    }
}

impl serde::Serialize for Currency {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(self.code)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn table_is_sorted_and_exponents_are_listed_codes() {
        assert!(ACTIVE.windows(2).all(|w| w[0] < w[1]));
        for code in EXPONENT_0.iter().chain(EXPONENT_3).chain(EXPONENT_4) {
            assert!(ACTIVE.contains(code), "{code}");
        }
    }

    #[test]
    fn exponents() {
        let exp = |c| Currency::from_code(c).map(Currency::exponent);
        assert_eq!(exp("USD"), Some(2));
        assert_eq!(exp("JPY"), Some(0));
        assert_eq!(exp("KWD"), Some(3));
        assert_eq!(exp("CLF"), Some(4));
        assert_eq!(exp("usd"), None);
        assert_eq!(exp("XXY"), None);
    }
}
