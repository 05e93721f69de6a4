//! The validator's tools: a field's place (`At`), values shown in messages, and the
//! `Checker` that collects every issue and warning with its path.

use super::{whole_number, MAX_NAME_CHARS};
use crate::calendar::{self, Date, DateError};
use crate::error::{Code, Issue, Warning, WarningCode};
use crate::json::{same_text, Json, Object};
use rust_decimal::Decimal;

// `#[inline(never)]` on the helpers used at many places (show, join, the `Checker`
// checks, `number`): built for speed, the crate would copy each into every caller, and the
// wasm module has an 80 KiB gzip budget. Validation is a small part of a preview's time.

/// A JSON value shortened for a message: strings quoted as JSON, numbers as decimals,
/// structures by their kind (never their whole text).
#[inline(never)]
pub(super) fn show(value: &Json) -> String {
    match value {
        Json::String(text) => {
            let mut shown: String = text.chars().take(40).collect();
            if shown.len() < text.len() {
                shown.push_str("...");
            }
            // Quoted and escaped as JSON text: serde_json's escaper is in the module anyway,
            // and Rust's `escape_debug` would link Unicode tables (about 3 KiB gzip of wasm).
            serde_json::to_string(&shown).unwrap_or(shown)
        }
        Json::Number(n) => match (n.as_i64(), n.as_u64()) {
            (Some(i), _) => i.to_string(),
            (_, Some(u)) => u.to_string(),
            _ => n
                .as_f64()
                .and_then(<Decimal as rust_decimal::prelude::FromPrimitive>::from_f64)
                .map_or_else(|| "a number".into(), |d| d.normalize().to_string()),
        },
        Json::Bool(b) => b.to_string(),
        Json::Null => "null".into(),
        Json::Array(_) => "an array".into(),
        Json::Object(_) => "an object".into(),
    }
}

/// The value of `key`, treating JSON null as absent.
pub(super) fn get<'a>(object: &'a Object<'a>, key: &str) -> Option<&'a Json<'a>> {
    object.get(key).filter(|v| !v.is_null())
}

/// The path of `key` in the object at `base` (`phases[0].name`).
#[inline(never)]
pub(super) fn join(base: &Place<'_>, key: &str) -> String {
    Place::Field(base, key).to_string()
}

/// Where a value is in the input: links to its parent, written out as a path
/// (`phases[0].prices[1]`) only when an issue names it. Most values have no issue, and a
/// path formatted per price was most of validation's time.
#[derive(Clone, Copy)]
pub(super) enum Place<'a> {
    /// The schedule itself (path `""`).
    Root,
    /// A field of the object at the parent place.
    Field(&'a Place<'a>, &'a str),
    /// An item of the array at the parent place.
    Item(&'a Place<'a>, usize),
}

impl std::fmt::Display for Place<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Place::Root => Ok(()),
            Place::Field(Place::Root, key) => f.write_str(key),
            Place::Field(parent, key) => write!(f, "{parent}.{key}"),
            Place::Item(parent, index) => write!(f, "{parent}[{index}]"),
        }
    }
}

/// Where a field is: its object's place and its key.
#[derive(Clone, Copy)]
pub(super) struct At<'a>(pub &'a Place<'a>, pub &'a str);

impl At<'_> {
    pub(super) fn path(self) -> String {
        join(self.0, self.1)
    }
}

/// Sorts `keys` in O(n log n) whatever their number: a heapsort is a few hundred bytes of
/// wasm where the standard library's sort links 4 KiB gzip.
fn heapsort(keys: &mut [&str]) {
    fn sift(keys: &mut [&str], mut root: usize, end: usize) {
        loop {
            let mut child = 2 * root + 1;
            if child >= end {
                return;
            }
            if child + 1 < end && keys[child] < keys[child + 1] {
                child += 1;
            }
            if keys[root] >= keys[child] {
                return;
            }
            keys.swap(root, child);
            root = child;
        }
    }
    for root in (0..keys.len() / 2).rev() {
        sift(keys, root, keys.len());
    }
    for end in (1..keys.len()).rev() {
        keys.swap(0, end);
        sift(keys, 0, end);
    }
}

/// Collects issues and warnings at paths.
pub(super) struct Checker {
    pub(super) issues: Vec<Issue>,
    pub(super) warnings: Vec<Warning>,
}

impl Checker {
    #[inline(never)]
    pub(super) fn push(&mut self, path: String, code: Code, message: String) {
        self.issues.push(Issue::new(path, code, message));
    }

    /// `unknownField` for every key of `object` outside `known` (spec section 9, version 2),
    /// once each, in key order so that every build reports them alike.
    #[inline(never)]
    pub(super) fn unknown_fields(&mut self, object: &Object<'_>, base: &Place<'_>, known: &[&str]) {
        let mut unknown: Vec<&str> = object
            .keys()
            .filter(|key| !known.iter().any(|known| same_text(known, key)))
            .collect();
        if unknown.is_empty() {
            return;
        }
        heapsort(&mut unknown);
        unknown.dedup();
        for key in unknown {
            let shown = show(&Json::String(key.into()));
            self.warnings.push(Warning {
                path: join(base, key),
                code: WarningCode::UnknownField,
                message: format!("field {shown} is not part of the schedule format; it is ignored"),
            });
        }
    }

    /// A JSON integer in `range` (`12.0` counts as 12); `None` otherwise.
    pub(super) fn whole_in(
        &mut self,
        value: &Json,
        range: std::ops::RangeInclusive<u64>,
    ) -> Option<u64> {
        whole_number(value).filter(|n| range.contains(n))
    }

    /// A required field: `None` (and `required`) when absent or null.
    #[inline(never)]
    pub(super) fn required<'a>(
        &mut self,
        object: &'a Object<'a>,
        base: &Place<'_>,
        key: &str,
    ) -> Option<&'a Json<'a>> {
        let value = get(object, key);
        if value.is_none() {
            self.push(
                join(base, key),
                Code::Required,
                format!("{key} is required"),
            );
        }
        value
    }

    #[inline(never)]
    pub(super) fn date(&mut self, value: &Json, at: At<'_>, field: &str) -> Option<Date> {
        let parsed = match value {
            Json::String(text) => calendar::parse_date(text),
            _ => Err(DateError::Invalid),
        };
        match parsed {
            Ok(date) => Some(date),
            Err(DateError::Invalid) => {
                let msg = format!("{field} {} is not a date (yyyy-mm-dd)", show(value));
                self.push(at.path(), Code::InvalidDate, msg);
                None
            }
            Err(DateError::OutOfRange) => {
                let msg = format!("{field} {} is outside 1900-01-01..2999-12-31", show(value));
                self.push(at.path(), Code::DateOutOfRange, msg);
                None
            }
        }
    }

    #[inline(never)]
    pub(super) fn optional_date(
        &mut self,
        object: &Object<'_>,
        base: &Place<'_>,
        key: &str,
    ) -> Result<Option<Date>, ()> {
        match get(object, key) {
            None => Ok(None),
            Some(value) => self.date(value, At(base, key), key).map(Some).ok_or(()),
        }
    }

    #[inline(never)]
    pub(super) fn name(&mut self, object: &Object<'_>, base: &Place<'_>) -> Option<String> {
        let value = self.required(object, base, "name")?;
        self.text(value, At(base, "name"), "name")
    }

    /// A name-like text: a non-empty string of at most [`MAX_NAME_CHARS`] characters.
    #[inline(never)]
    pub(super) fn text(&mut self, value: &Json, at: At<'_>, field: &str) -> Option<String> {
        let problem = match value {
            Json::String(text) if text.is_empty() => format!("{field} is empty"),
            // A text of at most as many bytes as the limit has at most as many characters.
            Json::String(text)
                if text.len() > MAX_NAME_CHARS && text.chars().count() > MAX_NAME_CHARS =>
            {
                format!(
                    "{field} has {} characters, more than {MAX_NAME_CHARS}",
                    text.chars().count()
                )
            }
            Json::String(text) => return Some(text.to_string()),
            other => format!("{field} {} is not a string", show(other)),
        };
        self.push(at.path(), Code::InvalidName, problem);
        None
    }

    /// A string enum value; `code` when it is not one of `choices`.
    pub(super) fn choice<T: Copy>(
        &mut self,
        value: &Json,
        at: At<'_>,
        field: &str,
        code: Code,
        choices: &[(&str, T)],
    ) -> Option<T> {
        let found = value
            .as_str()
            .and_then(|text| choices.iter().find(|(name, _)| same_text(name, text)))
            .map(|&(_, v)| v);
        if found.is_none() {
            let names: Vec<&str> = choices.iter().map(|(n, _)| *n).collect();
            self.not_one_of(value, at, field, code, &names);
        }
        found
    }

    /// The issue of [`Checker::choice`], shared by every type of choice.
    #[inline(never)]
    pub(super) fn not_one_of(
        &mut self,
        value: &Json,
        at: At<'_>,
        field: &str,
        code: Code,
        names: &[&str],
    ) {
        let msg = format!("{field} {} is not one of {}", show(value), names.join(", "));
        self.push(at.path(), code, msg);
    }
}

#[cfg(test)]
mod tests {
    use super::heapsort;
    use proptest::prelude::*;

    proptest! {
        #[test]
        fn heapsort_sorts_as_the_standard_sort(keys in prop::collection::vec("[a-d]{0,3}", 0..40)) {
            let mut ours: Vec<&str> = keys.iter().map(String::as_str).collect();
            let mut theirs = ours.clone();
            heapsort(&mut ours);
            theirs.sort();
            prop_assert_eq!(ours, theirs);
        }
    }
}
