//! The npm package's boundary: the only file that knows about wasm-bindgen.
//!
//! Each export is *JSON text in → one core call → JSON text out*. Crossing as one string
//! that JavaScript parses with `JSON.parse` costs a fraction of building JS objects field by
//! field, and bad input stays a value (`{"error": …}`), never a trap. The clock is read by
//! the JavaScript caller, which passes today's UTC date.
//!
//! The JSON inputs cross as UTF-8 bytes, not as strings: wasm-bindgen copies a string into
//! the module one character at a time in JavaScript (75 µs for the 18 KB input of the
//! 2,400-line bench contract), `TextEncoder` in native code (9 µs). For a preview, the
//! bytes are written by `TextEncoder.encodeInto` straight into a buffer the module keeps
//! (`inputBuffer`), and the answer is read where the module wrote it (`Exchange`): no
//! buffer is allocated, copied or freed at the boundary per call.
//!
//! A preview crosses *packed*: invoice lines as one flat run of integers that index a table
//! of distinct strings (dates, amounts, names), the strings' text in the same run, so that
//! a 2,400-line preview is about 80 kilobytes read in place instead of half a megabyte of
//! JSON; `js/api.js` (`unpack`) rebuilds exactly the JSON of spec section 7. The strings
//! (dates, amounts, names) are numbered in a table the module keeps from call to call, and
//! JavaScript keeps the same strings: an answer carries only the strings its caller has not
//! seen (`pack/strings.rs`). Off the hot path too, answers cross as JSON text (`compare`,
//! `validate`), which `js/api.js` parses into the same objects: serde-wasm-bindgen would
//! add a second serializer, 3.5 KiB of the 80 KiB gzip budget. The renderers answer text
//! (`renderTable`, `renderCsv`, `renderCompareTable`: the core's one table and CSV, for
//! `npx phasebill`).

use phasebill::{
    Billing, Comparison, Date, Description, Error, InvoiceKind, InvoiceStatus, Issue, Json,
    LineKind, PhaseStatus, Preview, Validated,
};
use serde::Serialize;
use std::cell::RefCell;
use wasm_bindgen::prelude::wasm_bindgen;

/// The module's allocator: talc, not Rust's default dlmalloc for wasm. A preview allocates
/// a few hundred times (the input's JSON tree, the generator's vectors); with talc the
/// wasm compute is 2–5 % quicker on the bench contracts and 14 % on the 99,900-line one, and
/// the module 1.9 KiB gzip smaller (measured in turns against dlmalloc).
#[cfg(all(not(target_feature = "atomics"), target_family = "wasm"))]
#[global_allocator]
static TALC: talc::wasm::WasmDynamicTalc = talc::wasm::new_wasm_dynamic_allocator();

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

/// A JSON input as UTF-8 bytes (see the module's notes); JSON that does not parse is one
/// `invalidJson` issue. The tree borrows its strings from the bytes (`phasebill::Json`).
fn parse(json: &[u8]) -> Result<Json<'_>, Error> {
    // `TextEncoder` writes UTF-8, checked here once: quicker than serde_json's check of
    // each string.
    let text = std::str::from_utf8(json)
        .map_err(|e| Error::invalid_json(format!("it is not utf-8 ({e})")))?;
    Json::parse(text).map_err(Error::invalid_json)
}

/// Parses the three inputs; JSON that does not parse is one `invalidJson` issue.
fn inputs<'a>(
    schedule: &'a [u8],
    options: &'a [u8],
    today: &str,
) -> Result<(Json<'a>, Json<'a>, Date), Error> {
    let schedule = parse(schedule)?;
    let options = parse(options)?;
    let today = phasebill::parse_date(today)
        .map_err(|_| Error::invalid_json(format!("today \"{today}\" is not a date")))?;
    Ok((schedule, options, today))
}

fn validated(schedule: &[u8], options: &[u8], today: &str) -> Result<Validated, Error> {
    let (schedule, options, today) = inputs(schedule, options, today)?;
    phasebill::validated_json(&schedule, &options, today)
}

fn run(schedule: &[u8], options: &[u8], today: &str) -> Result<Preview, Error> {
    validated(schedule, options, today)?.preview()
}

/// The buffers a packed preview crosses through, kept from call to call: JavaScript
/// writes the two JSON inputs into `input` (`TextEncoder.encodeInto`, straight into the
/// module's memory) and reads the packed preview from `output` where it lies, before it
/// calls again (the module is single-threaded). So a preview allocates, copies and frees
/// no buffer at the boundary; each keeps the size of the largest call so far. `strings`
/// are the strings of every packed preview so far (see `pack/strings.rs`).
#[derive(Default)]
struct Exchange {
    input: Vec<u8>,
    output: Vec<i32>,
    strings: pack::StringTable,
}

thread_local! {
    static EXCHANGE: RefCell<Exchange> = RefCell::default();
}

/// The module's memory, in which JavaScript writes the inputs and reads the answer.
#[wasm_bindgen(js_name = moduleMemory)]
pub fn module_memory() -> wasm_bindgen::JsValue {
    wasm_bindgen::memory()
}

/// Where JavaScript writes the next call's inputs: room for at least `bytes` bytes.
#[wasm_bindgen(js_name = inputBuffer)]
pub fn input_buffer(bytes: usize) -> *mut u8 {
    EXCHANGE.with_borrow_mut(|exchange| {
        if exchange.input.len() < bytes {
            exchange.input.resize(bytes, 0);
        }
        exchange.input.as_mut_ptr()
    })
}

/// The packed preview (see `pack.rs`) of the schedule and options JSON written into the
/// input buffer (`schedule_bytes` bytes, then `options_bytes`), for a caller that holds
/// the first `known` strings of the string table's generation `generation`: where it lies
/// in the module's memory, one run of 32-bit integers holding the preview's numbers and
/// the strings the caller lacks, or an error's JSON text (`{"error": {message, issues}}`).
/// It stays there until the next call.
#[wasm_bindgen(js_name = previewPacked)]
pub fn preview_packed(
    schedule_bytes: usize,
    options_bytes: usize,
    today: &str,
    generation: i32,
    known: usize,
) -> *const i32 {
    EXCHANGE.with_borrow_mut(|exchange| {
        let Exchange {
            input,
            output,
            strings,
        } = exchange;
        // Lengths beyond the buffer (never written so) read as no input: invalid JSON.
        let end = schedule_bytes.saturating_add(options_bytes);
        let schedule = input.get(..schedule_bytes).unwrap_or_default();
        let options = input.get(schedule_bytes..end).unwrap_or_default();
        let known = pack::Known {
            generation,
            count: known,
        };
        packed_preview(schedule, options, today, strings, known, output);
        output.as_ptr()
    })
}

/// The packed preview of `schedule` and `options` (JSON as UTF-8 bytes) into `out`,
/// replacing what it held, with its strings in `strings`: what `previewPacked` answers a
/// caller holding `known`.
pub fn packed_preview(
    schedule: &[u8],
    options: &[u8],
    today: &str,
    strings: &mut pack::StringTable,
    known: pack::Known,
    out: &mut Vec<i32>,
) {
    let packed = validated(schedule, options, today).and_then(|valid| {
        valid
            .billing()
            .map(|billing| pack::pack_into(&billing, strings, known, out))
    });
    if let Err(error) = packed {
        pack::pack_error_into(&failure(&error), out);
    }
}

#[doc(hidden)]
pub mod pack;

/// `{"ok": Issue[]}` (empty when valid) as JSON text.
#[wasm_bindgen]
pub fn validate(schedule: &[u8], options: &[u8], today: &str) -> String {
    let issues = match validated(schedule, options, today).and_then(|v| v.billing().map(drop)) {
        Ok(()) => Vec::new(),
        Err(error) => error.issues,
    };
    respond::<Vec<Issue>>(Ok(issues))
}

/// `{"ok": Comparison}` (spec section 11) or `{"error": …}` as JSON text.
#[wasm_bindgen]
pub fn compare(before: &[u8], after: &[u8], options: &[u8], today: &str) -> String {
    respond(compare_values(before, after, options, today))
}

fn compare_values(
    before: &[u8],
    after: &[u8],
    options: &[u8],
    today: &str,
) -> Result<Comparison, Error> {
    let (before, options, today) = inputs(before, options, today)?;
    let after = parse(after)?;
    phasebill::compare_json(&before, &after, &options, today)
}

/// `{"ok": text}` or `{"error": …}` as JSON text: the preview as the core's table.
#[wasm_bindgen(js_name = renderTable)]
pub fn render_table(schedule: &[u8], options: &[u8], today: &str) -> String {
    respond(run(schedule, options, today).map(|p| phasebill::render::table(&p)))
}

/// `{"ok": text}` or `{"error": …}` as JSON text: the preview as the core's CSV.
#[wasm_bindgen(js_name = renderCsv)]
pub fn render_csv(schedule: &[u8], options: &[u8], today: &str) -> String {
    respond(run(schedule, options, today).map(|p| phasebill::render::csv(&p)))
}

/// `{"ok": text}` or `{"error": …}` as JSON text: the comparison as the core's table.
#[wasm_bindgen(js_name = renderCompareTable)]
pub fn render_compare_table(before: &[u8], after: &[u8], options: &[u8], today: &str) -> String {
    respond(
        compare_values(before, after, options, today).map(|c| phasebill::render::compare_table(&c)),
    )
}

/// For `npm run bench` (built with the `bench` feature, never shipped): computes the preview (validation included) `iterations` times
/// inside wasm, without crossing the boundary or serializing, and answers `{"ok": lines}`
/// (the lines of one preview).
#[cfg(feature = "bench")]
#[wasm_bindgen(js_name = benchCompute)]
pub fn bench_compute(schedule: &[u8], options: &[u8], today: &str, iterations: u32) -> String {
    let computed = inputs(schedule, options, today).and_then(|(schedule, options, today)| {
        let mut lines = 0usize;
        for _ in 0..iterations {
            let valid = phasebill::validated_json(&schedule, &options, today)?;
            lines = valid.billing()?.lines.len();
        }
        Ok(lines)
    });
    respond(computed)
}

/// For `npm run bench` (the `bench` feature): parses `text` into a JSON tree `iterations`
/// times, the first step of every call; answers `{"ok": true}`.
#[cfg(feature = "bench")]
#[wasm_bindgen(js_name = benchParse)]
pub fn bench_parse(text: &[u8], iterations: u32) -> String {
    let mut ok = true;
    for _ in 0..iterations {
        ok &= parse(std::hint::black_box(text)).is_ok();
    }
    respond(Ok(ok))
}
