//! The npm package's boundary: the only file that knows about wasm-bindgen.
//!
//! Each export is *JSON text in → one core call → JSON text out*. Crossing as one string
//! that JavaScript parses with `JSON.parse` costs a fraction of building JS objects field by
//! field, and bad input stays a value (`{"error": …}`), never a trap. The clock is read by
//! the JavaScript caller, which passes today's UTC date.

use crate::{calendar, error::Error, preview::Preview};
use serde::Serialize;
use serde_json::Value;
use wasm_bindgen::prelude::wasm_bindgen;

/// What every export answers: exactly one of the two fields.
#[derive(Serialize)]
struct Answer<'a, T: Serialize> {
    #[serde(skip_serializing_if = "Option::is_none")]
    ok: Option<&'a T>,
    #[serde(skip_serializing_if = "Option::is_none")]
    error: Option<&'a Error>,
}

/// The one error helper: a result as JSON text.
fn respond<T: Serialize>(result: Result<T, Error>) -> String {
    let answer = match &result {
        Ok(value) => Answer {
            ok: Some(value),
            error: None,
        },
        Err(error) => Answer {
            ok: None,
            error: Some(error),
        },
    };
    serde_json::to_string(&answer).unwrap_or_else(|e| {
        format!(r#"{{"error":{{"message":"cannot serialize the answer: {e}","issues":[]}}}}"#)
    })
}

/// Parses the three inputs; JSON that does not parse is one `invalidJson` issue.
fn inputs(
    schedule: &str,
    options: &str,
    today: &str,
) -> Result<(Value, Value, calendar::Date), Error> {
    let schedule: Value = serde_json::from_str(schedule).map_err(Error::invalid_json)?;
    let options: Value = serde_json::from_str(options).map_err(Error::invalid_json)?;
    let today = calendar::parse_date(today)
        .map_err(|_| Error::invalid_json(format!("today {today:?} is not a date")))?;
    Ok((schedule, options, today))
}

fn run(schedule: &str, options: &str, today: &str) -> Result<Preview, Error> {
    let (schedule, options, today) = inputs(schedule, options, today)?;
    crate::preview(&schedule, &options, today)
}

/// `{"ok": Preview}` or `{"error": {message, issues}}` as JSON text.
#[wasm_bindgen(js_name = previewJson)]
pub fn preview_json(schedule: &str, options: &str, today: &str) -> String {
    respond(run(schedule, options, today))
}

/// `{"ok": Issue[]}` (empty when valid) as JSON text.
#[wasm_bindgen(js_name = validateJson)]
pub fn validate_json(schedule: &str, options: &str, today: &str) -> String {
    let issues = match run(schedule, options, today) {
        Ok(_) => Vec::new(),
        Err(error) => error.issues,
    };
    respond::<Vec<crate::Issue>>(Ok(issues))
}

/// For `npm run bench`: computes the preview (validation included) `iterations` times
/// inside wasm, without crossing the boundary or serializing, and answers `{"ok": lines}`
/// (the lines of one preview).
#[wasm_bindgen(js_name = benchCompute)]
pub fn bench_compute(schedule: &str, options: &str, today: &str, iterations: u32) -> String {
    let computed = inputs(schedule, options, today).and_then(|(schedule, options, today)| {
        let mut lines = 0usize;
        for _ in 0..iterations {
            let preview = crate::preview(&schedule, &options, today)?;
            lines = preview.invoices.iter().map(|i| i.lines.len()).sum();
        }
        Ok(lines)
    });
    respond(computed)
}
