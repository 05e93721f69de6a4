//! The npm package's boundary: the only file that knows about wasm-bindgen.
//!
//! Each export is *JSON text in → one core call → JSON text out*. Crossing as one string
//! that JavaScript parses with `JSON.parse` costs a fraction of building JS objects field by
//! field, and bad input stays a value (`{"error": …}`), never a trap. The clock is read by
//! the JavaScript caller, which passes today's UTC date.
//!
//! A preview crosses *packed*: invoice lines as one flat array of integers that index a
//! table of distinct strings (dates, amounts, names), so that a 2,400-line preview is a few
//! tens of kilobytes instead of half a megabyte; `js/api.js` (`unpack`) rebuilds exactly the
//! JSON of spec section 7. Off the hot path too, answers cross as JSON text (`compare`,
//! `validate`), which `js/api.js` parses into the same objects: serde-wasm-bindgen would
//! add a second serializer, 3.5 KiB of the 80 KiB gzip budget. The renderers answer text
//! (`renderTable`, `renderCsv`, `renderCompareTable`: the core's one table and CSV, for
//! `npx phasebill`).

use crate::{
    calendar::{self, Date},
    error::Error,
    invoicing::LineKind,
    preview::{InvoiceKind, InvoiceStatus, PhaseView, Preview, Totals},
    Currency, Money, Warning,
};
use serde::Serialize;
use serde_json::Value;
use std::collections::HashMap;
use wasm_bindgen::prelude::wasm_bindgen;

/// What every export answers on success: `{"ok": …}`.
#[derive(Serialize)]
struct Answer<'a, T: Serialize> {
    ok: &'a T,
}

/// What every export answers on failure: `{"error": {message, issues}}`.
#[derive(Serialize)]
struct Failure<'a> {
    error: &'a Error,
}

/// The one error helper: a result as JSON text. Only the `ok` side is generic; errors are
/// written by one function for every export.
fn respond<T: Serialize>(result: Result<T, Error>) -> String {
    match &result {
        Ok(value) => json(serde_json::to_string(&Answer { ok: value })),
        Err(error) => failure(error),
    }
}

fn failure(error: &Error) -> String {
    json(serde_json::to_string(&Failure { error }))
}

fn json(text: serde_json::Result<String>) -> String {
    text.unwrap_or_else(|e| {
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

/// A packed preview: `head` is `{"ok": PackedPreview}` or `{"error": {message, issues}}` as
/// JSON text; `lines` the invoice lines as integers (empty on error), copied into an
/// `Int32Array` without any text in between.
#[wasm_bindgen]
pub struct Packed {
    head: String,
    lines: Vec<i32>,
}

#[wasm_bindgen]
impl Packed {
    #[wasm_bindgen(getter)]
    pub fn head(&self) -> String {
        self.head.clone()
    }

    #[wasm_bindgen(getter)]
    pub fn lines(&self) -> Vec<i32> {
        self.lines.clone()
    }
}

#[wasm_bindgen(js_name = previewPacked)]
pub fn preview_packed(schedule: &str, options: &str, today: &str) -> Packed {
    match run(schedule, options, today) {
        Ok(preview) => {
            let (head, lines) = pack(&preview);
            Packed {
                head: respond(Ok(head)),
                lines,
            }
        }
        Err(error) => Packed {
            head: failure(&error),
            lines: Vec::new(),
        },
    }
}

/// Numbers per packed line: phaseIndex, priceIndex, priceName, kind, description, start,
/// end (-1: null), quantity, unitAmount, amount, usedDays (-1: no proration), periodDays,
/// discountIndex (-1: null).
const LINE_WIDTH: usize = 13;

/// A preview for the crossing; field names and order as in `js/api.js`.
#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct PackedPreview<'a> {
    currency: Currency,
    as_of: Date,
    until: Date,
    truncated: bool,
    phases: &'a [PhaseView],
    totals: Totals,
    warnings: &'a [Warning],
    strings: Vec<String>,
    /// Per invoice: issueDate, kind (0 invoice, 1 creditNote), status (0 issued,
    /// 1 upcoming, 2 forecast), total, dueDate (-1: null), number of lines.
    invoices: Vec<i64>,
}

/// Distinct strings, each formatted once.
#[derive(Default)]
struct Strings {
    list: Vec<String>,
    /// One map for every kind of key (one map type in the module, not three): dates and
    /// amounts use the first index, prices all three.
    found: HashMap<Key, [u32; 3]>,
}

/// What a string of the table was formatted from.
#[derive(PartialEq, Eq, Hash)]
enum Key {
    Date(Date),
    Money(i128),
    /// Name, description, quantity of a price by (phase, price, line kind).
    Price(usize, usize, i32),
}

impl Strings {
    fn add(&mut self, text: String) -> u32 {
        let index = u32::try_from(self.list.len()).unwrap_or(u32::MAX);
        self.list.push(text);
        index
    }

    fn date(&mut self, date: Date) -> u32 {
        if let Some(&[i, ..]) = self.found.get(&Key::Date(date)) {
            return i;
        }
        let i = self.add(date.to_string());
        self.found.insert(Key::Date(date), [i, 0, 0]);
        i
    }

    #[inline(never)]
    fn money(&mut self, money: Money) -> u32 {
        if let Some(&[i, ..]) = self.found.get(&Key::Money(money.minor())) {
            return i;
        }
        let i = self.add(money.to_string());
        self.found.insert(Key::Money(money.minor()), [i, 0, 0]);
        i
    }

    /// The strings a line repeats from its price, each formatted once per price and kind.
    fn price(&mut self, line: &crate::preview::InvoiceLine, kind: i32) -> [u32; 3] {
        let key = Key::Price(line.phase_index, line.price_index, kind);
        if let Some(&found) = self.found.get(&key) {
            return found;
        }
        let found = [
            self.add(line.price_name.to_string()),
            self.add(line.description.to_string()),
            self.add(line.quantity.to_string()),
        ];
        self.found.insert(key, found);
        found
    }
}

fn pack(preview: &Preview) -> (PackedPreview<'_>, Vec<i32>) {
    let count: usize = preview.invoices.iter().map(|i| i.lines.len()).sum();
    let mut strings = Strings::default();
    let mut invoices = Vec::with_capacity(preview.invoices.len() * 6);
    let mut lines = Vec::with_capacity(count * LINE_WIDTH);
    for invoice in &preview.invoices {
        invoices.extend([
            i64::from(strings.date(invoice.issue_date)),
            match invoice.kind {
                InvoiceKind::Invoice => 0,
                InvoiceKind::CreditNote => 1,
            },
            match invoice.status {
                InvoiceStatus::Issued => 0,
                InvoiceStatus::Upcoming => 1,
                InvoiceStatus::Forecast => 2,
            },
            i64::from(strings.money(invoice.total)),
            invoice.due_date.map_or(-1, |d| i64::from(strings.date(d))),
            i64::try_from(invoice.lines.len()).unwrap_or(i64::MAX),
        ]);
        for line in &invoice.lines {
            let (used, period) = line
                .proration
                .map_or((-1, -1), |p| (p.used_days, p.period_days));
            let as_i32 = |n: usize| i32::try_from(n).unwrap_or(i32::MAX);
            let as_days = |n: i64| i32::try_from(n).unwrap_or(i32::MAX);
            let kind = match line.kind {
                LineKind::Charge => 0,
                LineKind::CatchUp => 1,
                LineKind::Credit => 2,
                LineKind::Discount => 3,
            };
            let [name, description, quantity] = strings.price(line, kind);
            lines.extend([
                as_i32(line.phase_index),
                as_i32(line.price_index),
                index(name),
                kind,
                index(description),
                index(strings.date(line.service_period.start)),
                line.service_period
                    .end
                    .map_or(-1, |e| index(strings.date(e))),
                index(quantity),
                index(strings.money(line.unit_amount)),
                index(strings.money(line.amount)),
                as_days(used),
                as_days(period),
                line.discount_index.map_or(-1, as_i32),
            ]);
        }
    }
    let head = PackedPreview {
        currency: preview.currency,
        as_of: preview.as_of,
        until: preview.until,
        truncated: preview.truncated,
        phases: &preview.phases,
        totals: preview.totals,
        warnings: &preview.warnings,
        strings: strings.list,
        invoices,
    };
    (head, lines)
}

/// A string-table index as a packed integer (tables never reach 2^31 entries).
fn index(i: u32) -> i32 {
    i32::try_from(i).unwrap_or(i32::MAX)
}

/// `{"ok": Issue[]}` (empty when valid) as JSON text.
#[wasm_bindgen]
pub fn validate(schedule: &str, options: &str, today: &str) -> String {
    let issues = match run(schedule, options, today) {
        Ok(_) => Vec::new(),
        Err(error) => error.issues,
    };
    respond::<Vec<crate::Issue>>(Ok(issues))
}

/// `{"ok": Comparison}` (spec section 11) or `{"error": …}` as JSON text.
#[wasm_bindgen]
pub fn compare(before: &str, after: &str, options: &str, today: &str) -> String {
    respond(compare_values(before, after, options, today))
}

fn compare_values(
    before: &str,
    after: &str,
    options: &str,
    today: &str,
) -> Result<crate::compare::Comparison, Error> {
    let (before, options, today) = inputs(before, options, today)?;
    let after: Value = serde_json::from_str(after).map_err(Error::invalid_json)?;
    crate::compare(&before, &after, &options, today)
}

/// `{"ok": text}` or `{"error": …}` as JSON text: the preview as the core's table.
#[wasm_bindgen(js_name = renderTable)]
pub fn render_table(schedule: &str, options: &str, today: &str) -> String {
    respond(run(schedule, options, today).map(|p| crate::render::table(&p)))
}

/// `{"ok": text}` or `{"error": …}` as JSON text: the preview as the core's CSV.
#[wasm_bindgen(js_name = renderCsv)]
pub fn render_csv(schedule: &str, options: &str, today: &str) -> String {
    respond(run(schedule, options, today).map(|p| crate::render::csv(&p)))
}

/// `{"ok": text}` or `{"error": …}` as JSON text: the comparison as the core's table.
#[wasm_bindgen(js_name = renderCompareTable)]
pub fn render_compare_table(before: &str, after: &str, options: &str, today: &str) -> String {
    respond(compare_values(before, after, options, today).map(|c| crate::render::compare_table(&c)))
}

/// For `npm run bench` (built with the `bench` feature, never shipped): computes the preview (validation included) `iterations` times
/// inside wasm, without crossing the boundary or serializing, and answers `{"ok": lines}`
/// (the lines of one preview).
#[cfg(feature = "bench")]
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
