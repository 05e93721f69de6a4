//! Errors and warnings: one public error type carrying every issue found.

use serde::Serialize;

/// Stable, case-sensitive error codes (spec sections 9–11). Serialized in camelCase, as
/// [`Code::as_str`] (one string write, not one inlined per code).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Code {
    /// The input is not JSON at all (front doors only).
    InvalidJson,
    Required,
    InvalidType,
    InvalidDate,
    DateOutOfRange,
    InvalidCurrency,
    InvalidBillingAnchor,
    EmptyPhases,
    InvalidName,
    InvalidDuration,
    InvalidDurationType,
    InvalidCount,
    InvalidUnit,
    OpenEndedNotLast,
    RecordedWithoutCompletion,
    CompletedBeforeStart,
    CompletedAfterPending,
    ExpectedBeforeStart,
    InvalidAmount,
    InvalidQuantity,
    InvalidFrequency,
    InvalidTiming,
    InvalidPaymentTerms,
    InvalidDiscount,
    InvalidPercent,
    InvalidDiscountPrices,
    OverlappingDiscounts,
    PreviewTooLarge,
    /// The two schedules of a compare have different currencies.
    CurrencyMismatch,
}

impl Code {
    /// Every code, in declaration order.
    pub const ALL: [Code; 29] = [
        Code::InvalidJson,
        Code::Required,
        Code::InvalidType,
        Code::InvalidDate,
        Code::DateOutOfRange,
        Code::InvalidCurrency,
        Code::InvalidBillingAnchor,
        Code::EmptyPhases,
        Code::InvalidName,
        Code::InvalidDuration,
        Code::InvalidDurationType,
        Code::InvalidCount,
        Code::InvalidUnit,
        Code::OpenEndedNotLast,
        Code::RecordedWithoutCompletion,
        Code::CompletedBeforeStart,
        Code::CompletedAfterPending,
        Code::ExpectedBeforeStart,
        Code::InvalidAmount,
        Code::InvalidQuantity,
        Code::InvalidFrequency,
        Code::InvalidTiming,
        Code::InvalidPaymentTerms,
        Code::InvalidDiscount,
        Code::InvalidPercent,
        Code::InvalidDiscountPrices,
        Code::OverlappingDiscounts,
        Code::PreviewTooLarge,
        Code::CurrencyMismatch,
    ];

    /// The code as it is serialized (`"invalidAmount"`).
    pub fn as_str(self) -> &'static str {
        match self {
            Code::InvalidJson => "invalidJson",
            Code::Required => "required",
            Code::InvalidType => "invalidType",
            Code::InvalidDate => "invalidDate",
            Code::DateOutOfRange => "dateOutOfRange",
            Code::InvalidCurrency => "invalidCurrency",
            Code::InvalidBillingAnchor => "invalidBillingAnchor",
            Code::EmptyPhases => "emptyPhases",
            Code::InvalidName => "invalidName",
            Code::InvalidDuration => "invalidDuration",
            Code::InvalidDurationType => "invalidDurationType",
            Code::InvalidCount => "invalidCount",
            Code::InvalidUnit => "invalidUnit",
            Code::OpenEndedNotLast => "openEndedNotLast",
            Code::RecordedWithoutCompletion => "recordedWithoutCompletion",
            Code::CompletedBeforeStart => "completedBeforeStart",
            Code::CompletedAfterPending => "completedAfterPending",
            Code::ExpectedBeforeStart => "expectedBeforeStart",
            Code::InvalidAmount => "invalidAmount",
            Code::InvalidQuantity => "invalidQuantity",
            Code::InvalidFrequency => "invalidFrequency",
            Code::InvalidTiming => "invalidTiming",
            Code::InvalidPaymentTerms => "invalidPaymentTerms",
            Code::InvalidDiscount => "invalidDiscount",
            Code::InvalidPercent => "invalidPercent",
            Code::InvalidDiscountPrices => "invalidDiscountPrices",
            Code::OverlappingDiscounts => "overlappingDiscounts",
            Code::PreviewTooLarge => "previewTooLarge",
            Code::CurrencyMismatch => "currencyMismatch",
        }
    }
}

impl Serialize for Code {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(self.as_str())
    }
}

impl Serialize for WarningCode {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(self.as_str())
    }
}

/// One problem with the input, at the JSON path of the value that causes it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Issue {
    /// `""` for the schedule itself, else e.g. `phases[1].prices[0].amount`, `options.asOf`.
    pub path: String,
    pub code: Code,
    /// Lowercase, names the bad value.
    pub message: String,
}

impl Issue {
    pub fn new(path: impl Into<String>, code: Code, message: impl Into<String>) -> Issue {
        Issue {
            path: path.into(),
            code,
            message: message.into(),
        }
    }
}

/// Warning codes: the input is accepted, but part of it was not used. Serialized as
/// [`WarningCode::as_str`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum WarningCode {
    ExpectedOnIgnored,
    /// A field the spec does not define (a misspelling, most likely); it is ignored.
    UnknownField,
}

impl WarningCode {
    /// Every warning code, in declaration order.
    pub const ALL: [WarningCode; 2] = [WarningCode::ExpectedOnIgnored, WarningCode::UnknownField];

    /// The code as it is serialized (`"unknownField"`).
    pub fn as_str(self) -> &'static str {
        match self {
            WarningCode::ExpectedOnIgnored => "expectedOnIgnored",
            WarningCode::UnknownField => "unknownField",
        }
    }
}

/// Something in a valid input that the preview did not use.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Warning {
    pub path: String,
    pub code: WarningCode,
    pub message: String,
}

/// Invalid input: every issue found, never a partial preview.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Error {
    pub message: String,
    pub issues: Vec<Issue>,
}

impl Error {
    /// Wraps the issues found (at least one): "invalid options" when only the options are
    /// wrong, else "invalid schedule".
    pub fn new(issues: Vec<Issue>) -> Error {
        let only_options = issues
            .iter()
            .all(|i| i.path == "options" || i.path.starts_with("options."));
        let what = if only_options { "options" } else { "schedule" };
        let message = match issues.as_slice() {
            [one] if one.code == Code::PreviewTooLarge => one.message.clone(),
            [one] if one.code == Code::InvalidJson => one.message.clone(),
            [_] => format!("invalid {what}: 1 issue"),
            many => format!("invalid {what}: {} issues", many.len()),
        };
        Error { message, issues }
    }

    /// An input that is not JSON.
    pub fn invalid_json(detail: impl std::fmt::Display) -> Error {
        Error::new(vec![Issue::new(
            "",
            Code::InvalidJson,
            format!("input is not valid json: {detail}").to_ascii_lowercase(),
        )])
    }
}

impl std::fmt::Display for Error {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}", self.message)?;
        for issue in &self.issues {
            let path = if issue.path.is_empty() {
                "(schedule)"
            } else {
                &issue.path
            };
            write!(f, "\n  {path}: {} [{}]", issue.message, issue.code.as_str())?;
        }
        Ok(())
    }
}

impl std::error::Error for Error {}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn as_str_is_the_serialized_name() {
        for code in Code::ALL {
            assert_eq!(serde_json::to_value(code).unwrap(), code.as_str());
        }
        for code in WarningCode::ALL {
            assert_eq!(serde_json::to_value(code).unwrap(), code.as_str());
        }
    }
}
