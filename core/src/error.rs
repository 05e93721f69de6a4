//! Errors and warnings: one public error type carrying every issue found.

use serde::Serialize;

/// Stable, case-sensitive error codes (spec section 9). Serialized in camelCase.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "camelCase")]
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
    PreviewTooLarge,
}

impl Code {
    /// Every code, in declaration order.
    pub const ALL: [Code; 23] = [
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
        Code::PreviewTooLarge,
    ];
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

/// Warning codes: the input is accepted, but part of it was not used.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "camelCase")]
pub enum WarningCode {
    ExpectedOnIgnored,
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
    /// Wraps the issues found (at least one).
    pub fn new(issues: Vec<Issue>) -> Error {
        let message = match issues.as_slice() {
            [one] if one.code == Code::PreviewTooLarge => one.message.clone(),
            [one] if one.code == Code::InvalidJson => one.message.clone(),
            [_] => "invalid schedule: 1 issue".to_string(),
            many => format!("invalid schedule: {} issues", many.len()),
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
            write!(
                f,
                "\n  {path}: {} [{}]",
                issue.message,
                code_name(issue.code)
            )?;
        }
        Ok(())
    }
}

impl std::error::Error for Error {}

/// The camelCase name of a code, as serialized.
pub fn code_name(code: Code) -> String {
    serde_json::to_value(code)
        .ok()
        .and_then(|v| v.as_str().map(str::to_owned))
        .unwrap_or_default()
}
