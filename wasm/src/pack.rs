//! The packed preview: the engine's [`Billing`] (lines as numbers, by date) written straight
//! into flat arrays of integers that index a table of distinct strings (dates, amounts,
//! names), each formatted once and kept from call to call (`strings.rs`). `js/api.js`
//! (`unpack`) rebuilds exactly the JSON of spec section 7 from it; the named preview is
//! never built.
//!
//! What a line repeats from its price (phase and price index, name, kind, description,
//! quantity, unit amount, discount) is one *template* per price and kind, packed once and
//! referenced by index: a line itself is six numbers. A template is found by its price and
//! kind, and a line's amount is most often its template's last one.

use super::*;

mod strings;
pub use strings::{Known, StringTable};

/// The packed preview is one array of integers: the head (`HEAD_WIDTH`), the phases'
/// (`PHASE_WIDTH` each), the warnings' (`WARNING_WIDTH` each), the invoices'
/// (`INVOICE_WIDTH` each, by date), the lines' (`LINE_WIDTH` each, invoice by invoice), the
/// templates' (`TEMPLATE_WIDTH` each), then the strings the caller lacks: each one's length
/// (in UTF-16 code units, as JavaScript slices text), then their text, one after the other,
/// as UTF-8 bytes four per integer (in memory order). Strings are indices into the string
/// table ([`StringTable`]); -1 is null. JavaScript decodes the new strings' text with one
/// `TextDecoder` call (UTF-8: several times quicker than UTF-16 for the ASCII text most
/// previews have), and none when there are none.
///
/// Numbers of the head: how many invoices, phases, warnings, lines and templates, how many
/// strings the answer carries and their text's length in bytes; currency, asOf, until,
/// truncated (0 or 1), the totals charged, credited, discounted, net; then the table's
/// generation and the index of the first string carried (the caller's strings from there
/// on are replaced; 0: all of them).
///
/// An error is `[-1, n]` followed by the `n` bytes of its JSON text
/// (`{"error": {message, issues}}`), packed the same way.
pub const HEAD_WIDTH: usize = 17;

/// Numbers per packed phase: index, name, start, end, status (0 completed, 1 active,
/// 2 upcoming, 3 awaitingMilestone).
pub const PHASE_WIDTH: usize = 5;

/// Numbers per packed warning: path, code, message.
pub const WARNING_WIDTH: usize = 3;

/// Numbers per packed invoice: issueDate, kind (0 invoice, 1 creditNote), status (0 issued,
/// 1 upcoming, 2 forecast), total, dueDate (-1: null), number of lines.
pub const INVOICE_WIDTH: usize = 6;

/// Numbers per packed line: template, start, end (-1: null), amount, usedDays (-1: no
/// proration), periodDays.
pub const LINE_WIDTH: usize = 6;

/// Numbers per template (what every line of one price and kind repeats): phaseIndex,
/// priceIndex, priceName, kind (0 charge, 1 catchUp, 2 credit, 3 discount), description,
/// quantity, unitAmount, discountIndex (-1: null).
pub const TEMPLATE_WIDTH: usize = 8;

/// A line kind as its packed number.
fn kind_number(kind: LineKind) -> usize {
    match kind {
        LineKind::Charge => 0,
        LineKind::CatchUp => 1,
        LineKind::Credit => 2,
        LineKind::Discount => 3,
    }
}

/// A count, index or day count as a packed integer (all stay far below 2^31).
fn int(n: impl TryInto<i32>) -> i32 {
    n.try_into().unwrap_or(i32::MAX)
}

/// A phase status as its packed number.
fn status_number(status: PhaseStatus) -> i32 {
    match status {
        PhaseStatus::Completed => 0,
        PhaseStatus::Active => 1,
        PhaseStatus::Upcoming => 2,
        PhaseStatus::AwaitingMilestone => 3,
    }
}

/// An error as its packed form (see [`HEAD_WIDTH`]): `-1`, then its JSON text.
pub fn pack_error(json: &str) -> Vec<i32> {
    let mut packed = Vec::new();
    pack_error_into(json, &mut packed);
    packed
}

/// An error's packed form written into `out`, replacing what it held (its capacity is
/// kept).
pub fn pack_error_into(json: &str, out: &mut Vec<i32>) {
    out.clear();
    out.extend([-1, 0]);
    out[1] = push_text(out, json.as_bytes());
}

/// Appends `bytes` (UTF-8 text), four per integer in memory order; how many there are.
fn push_text(out: &mut Vec<i32>, bytes: &[u8]) -> i32 {
    let mut words = bytes.chunks_exact(4);
    out.extend(
        words
            .by_ref()
            .map(|w| i32::from_le_bytes([w[0], w[1], w[2], w[3]])),
    );
    let rest = words.remainder();
    if !rest.is_empty() {
        let mut last = [0; 4];
        last[..rest.len()].copy_from_slice(rest);
        out.push(i32::from_le_bytes(last));
    }
    int(bytes.len())
}

/// The packed preview of `billing` (see [`HEAD_WIDTH`]), with every string it needs:
/// self-contained.
pub fn pack(billing: &Billing<'_>) -> Vec<i32> {
    let mut packed = Vec::new();
    pack_into(
        billing,
        &mut StringTable::new(),
        Known::default(),
        &mut packed,
    );
    packed
}

/// The packed preview of `billing` written into `numbers`, replacing what it held (its
/// capacity is kept: the module reuses one vector from call to call), with its strings
/// in `strings` and the strings a caller holding `known` lacks.
pub fn pack_into(
    billing: &Billing<'_>,
    strings: &mut StringTable,
    known: Known,
    numbers: &mut Vec<i32>,
) {
    numbers.clear();
    let first = strings.begin(known);
    let lines = &billing.lines;
    let currency = billing.currency;
    // Per price and line kind of the schedule, its template's index + 1 (0: not yet), and
    // the last amount one of its lines packed (most often the next one's too).
    let prices = billing.price_slots();
    // The distinct quantities written so far (most schedules have a few).
    let mut quantities = Vec::new();
    let mut templates: Vec<(u32, Option<(i128, u32)>)> = vec![(0, None); prices.count() * 4];
    let mut table = Vec::new();
    let invoices = &billing.invoices;
    let (phases, warnings) = (&billing.phases, billing.warnings);
    // Exactly what the head, phases, warnings, invoices and lines take, and room for what
    // most schedules' templates and new strings take.
    numbers.reserve(
        HEAD_WIDTH
            + phases.len() * PHASE_WIDTH
            + warnings.len() * WARNING_WIDTH
            + invoices.len() * INVOICE_WIDTH
            + lines.len() * LINE_WIDTH
            + prices.count() * 16
            + 256,
    );
    let totals = billing.totals;
    numbers.extend([
        int(invoices.len()),
        int(phases.len()),
        int(warnings.len()),
        int(lines.len()),
        // The templates', strings' and text's counts, once known.
        0,
        0,
        0,
        int(strings.text(currency.code())),
        int(strings.date(billing.as_of)),
        int(strings.date(billing.until)),
        i32::from(billing.truncated),
        int(strings.amount(totals.charged.minor(), currency)),
        int(strings.amount(totals.credited.minor(), currency)),
        int(strings.amount(totals.discounted.minor(), currency)),
        int(strings.amount(totals.net.minor(), currency)),
        // The generation and the first string carried, at the end.
        0,
        0,
    ]);
    for phase in phases {
        numbers.extend([
            int(phase.index),
            int(strings.text(&phase.name)),
            phase.start.map_or(-1, |d| int(strings.date(d))),
            phase.end.map_or(-1, |d| int(strings.date(d))),
            status_number(phase.status),
        ]);
    }
    for warning in warnings {
        numbers.extend([
            int(strings.text(&warning.path)),
            int(strings.text(warning.code.as_str())),
            int(strings.text(&warning.message)),
        ]);
    }
    for invoice in invoices {
        let summary = &invoice.summary;
        numbers.extend([
            int(strings.date(invoice.issue_date)),
            match summary.kind {
                InvoiceKind::Invoice => 0,
                InvoiceKind::CreditNote => 1,
            },
            match summary.status {
                InvoiceStatus::Issued => 0,
                InvoiceStatus::Upcoming => 1,
                InvoiceStatus::Forecast => 2,
            },
            int(strings.amount(summary.total.minor(), currency)),
            summary.due_date.map_or(-1, |d| int(strings.date(d))),
            int(invoice.lines.len()),
        ]);
    }
    for line in lines {
        let kind = kind_number(line.kind);
        let slot = &mut templates[prices.of(line) * 4 + kind];
        let template = match slot.0 {
            0 => {
                let t = billing.texts(line);
                let name = strings.text(t.price_name);
                let description = match t.description {
                    Description::Name(text) if text == t.price_name => name,
                    other => strings.show(&other),
                };
                table.extend([
                    int(line.phase_index),
                    int(line.price_index),
                    int(name),
                    int(kind),
                    int(description),
                    int(match quantities.iter().find(|(q, _)| *q == t.quantity) {
                        Some(&(_, index)) => index,
                        None => {
                            let index = strings.show(&t.quantity);
                            quantities.push((t.quantity, index));
                            index
                        }
                    }),
                    int(strings.amount(t.unit_amount.minor(), currency)),
                    line.discount_index.map_or(-1, int),
                ]);
                let index = table.len() / TEMPLATE_WIDTH - 1;
                slot.0 = u32::try_from(index + 1).unwrap_or(u32::MAX);
                index
            }
            found => found as usize - 1,
        };
        let amount = match slot.1 {
            Some((minor, index)) if minor == line.amount => index,
            _ => {
                let index = strings.amount(line.amount, currency);
                slot.1 = Some((line.amount, index));
                index
            }
        };
        let (used, period) = line.proration.unwrap_or((-1, -1));
        numbers.extend([
            int(template),
            int(strings.date(line.service.start)),
            line.service.end.map_or(-1, |e| int(strings.date(e))),
            int(amount),
            int(used),
            int(period),
        ]);
    }
    numbers[4] = int(table.len() / TEMPLATE_WIDTH);
    numbers.extend(table);
    let units = strings.units_from(first);
    numbers[5] = int(units.len());
    numbers.extend_from_slice(units);
    numbers[6] = push_text(numbers, strings.text_from(first));
    numbers[HEAD_WIDTH - 2] = strings.generation();
    numbers[HEAD_WIDTH - 1] = int(first);
}

#[cfg(test)]
mod tests {
    //! The packing's round trip, natively: every golden fixture that previews is packed, then
    //! unpacked the way `js/api.js` does it, and must equal the preview's own JSON.
    use super::*;
    use serde_json::{json, Value};
    use std::path::Path;

    /// `unpack` of `js/api.js`, in Rust, for a self-contained answer.
    fn unpack(numbers: &[i32]) -> Value {
        unpack_with(numbers, &mut Vec::new())
    }

    /// `unpack` of `js/api.js`, in Rust: `known` are the strings the caller holds, which
    /// the answer's strings extend (or replace, from its first one on).
    fn unpack_with(numbers: &[i32], known: &mut Vec<String>) -> Value {
        let (head, rest) = numbers.split_at(HEAD_WIDTH);
        let count = |i: usize| head[i] as usize;
        let (phase_numbers, rest) = rest.split_at(count(1) * PHASE_WIDTH);
        let (warning_numbers, rest) = rest.split_at(count(2) * WARNING_WIDTH);
        let (invoice_numbers, rest) = rest.split_at(count(0) * INVOICE_WIDTH);
        let (lines, rest) = rest.split_at(count(3) * LINE_WIDTH);
        let (template_numbers, rest) = rest.split_at(count(4) * TEMPLATE_WIDTH);
        let (lengths, text) = rest.split_at(count(5));
        assert_eq!(text.len(), count(6).div_ceil(4), "four bytes per number");
        let bytes: Vec<u8> = text
            .iter()
            .flat_map(|n| n.to_le_bytes())
            .take(count(6))
            .collect();
        let text = String::from_utf8(bytes).expect("utf-8");
        // Lengths are in UTF-16 code units, as JavaScript slices.
        let units: Vec<u16> = text.encode_utf16().collect();
        let mut at = 0;
        let first = usize::try_from(head[HEAD_WIDTH - 1]).expect("first");
        assert!(
            first <= known.len(),
            "the answer starts within the caller's strings"
        );
        known.truncate(first);
        known.extend(lengths.iter().map(|&n| {
            let piece = String::from_utf16(&units[at..at + n as usize]).expect("utf-16");
            at += n as usize;
            piece
        }));
        assert_eq!(at, units.len(), "the lengths cover the text");
        let strings = &*known;
        let s = |i: i64| json!(strings[usize::try_from(i).expect("index")]);
        let or_null = |i: i64, f: &dyn Fn(i64) -> Value| if i < 0 { Value::Null } else { f(i) };
        let phases: Vec<Value> = phase_numbers
            .chunks(PHASE_WIDTH)
            .map(|p| {
                let p: Vec<i64> = p.iter().map(|&n| n.into()).collect();
                json!({
                    "index": p[0], "name": s(p[1]), "start": or_null(p[2], &s),
                    "end": or_null(p[3], &s),
                    "status": (["completed", "active", "upcoming", "awaitingMilestone"][p[4] as usize]),
                })
            })
            .collect();
        let warnings: Vec<Value> = warning_numbers
            .chunks(WARNING_WIDTH)
            .map(|w| json!({ "path": s(w[0].into()), "code": s(w[1].into()), "message": s(w[2].into()) }))
            .collect();
        let templates: Vec<Vec<i64>> = template_numbers
            .chunks(TEMPLATE_WIDTH)
            .map(|t| t.iter().map(|&n| n.into()).collect())
            .collect();
        let mut k = 0;
        let mut invoices = Vec::new();
        for i in invoice_numbers.chunks(INVOICE_WIDTH) {
            let i: Vec<i64> = i.iter().map(|&n| n.into()).collect();
            let mut out = Vec::new();
            for _ in 0..i[5] {
                let l: Vec<i64> = lines[k..k + LINE_WIDTH].iter().map(|&n| n.into()).collect();
                k += LINE_WIDTH;
                let t = &templates[l[0] as usize];
                out.push(json!({
                    "phaseIndex": t[0], "priceIndex": t[1], "priceName": s(t[2]),
                    "kind": (["charge", "catchUp", "credit", "discount"][t[3] as usize]),
                    "description": s(t[4]),
                    "servicePeriod": { "start": s(l[1]), "end": or_null(l[2], &s) },
                    "quantity": s(t[5]), "unitAmount": s(t[6]), "amount": s(l[3]),
                    "proration": or_null(l[4], &|u| json!({ "usedDays": u, "periodDays": l[5] })),
                    "discountIndex": or_null(t[7], &|d| json!(d)),
                }));
            }
            invoices.push(json!({
                "issueDate": s(i[0]),
                "kind": (["invoice", "creditNote"][i[1] as usize]),
                "status": (["issued", "upcoming", "forecast"][i[2] as usize]),
                "total": s(i[3]), "dueDate": or_null(i[4], &s), "lines": out,
            }));
        }
        assert_eq!(k, lines.len(), "every packed line belongs to an invoice");
        let h = |i: usize| i64::from(head[i]);
        json!({
            "currency": s(h(7)), "asOf": s(h(8)), "until": s(h(9)), "truncated": head[10] == 1,
            "phases": phases, "invoices": invoices,
            "totals": {
                "charged": s(h(11)), "credited": s(h(12)), "discounted": s(h(13)), "net": s(h(14)),
            },
            "warnings": warnings,
        })
    }

    fn fixtures(dir: &Path, out: &mut Vec<std::path::PathBuf>) {
        for entry in std::fs::read_dir(dir).expect("fixtures") {
            let path = entry.expect("entry").path();
            if path.is_dir() {
                fixtures(&path, out);
            } else if path.extension().is_some_and(|e| e == "json") {
                out.push(path);
            }
        }
    }

    #[test]
    fn an_error_packs_as_minus_one_and_its_json_text() {
        // 13 bytes (é is two, 😀 four): the last number holds one of them.
        let packed = pack_error(r#"{"é":"😀"}"#);
        assert_eq!(packed[..2], [-1, 13]);
        let bytes: Vec<u8> = packed[2..].iter().flat_map(|n| n.to_le_bytes()).collect();
        assert_eq!(bytes.len(), 16);
        assert_eq!(&bytes[..13], r#"{"é":"😀"}"#.as_bytes());
        assert_eq!(pack_error(""), [-1, 0]);
    }

    #[test]
    fn names_beyond_ascii_keep_their_utf16_lengths() {
        let today = phasebill::parse_date("2026-01-01").expect("date");
        let schedule = json!({
            "currency": "EUR", "startDate": "2026-01-01",
            "phases": [{ "name": "Café ☕", "duration": { "type": "fixed", "count": 2, "unit": "months" },
                "prices": [
                    { "name": "日本 licence 😀", "amount": "10.00", "frequency": "monthly", "timing": "inAdvance" },
                    { "name": "Ünïcödé", "amount": "1.50", "quantity": "2.5", "frequency": "oneTime", "timing": "inArrears" }
                ] }]
        });
        let valid = phasebill::validated(&schedule, &Value::Null, today).expect("valid");
        let (billing, preview) = (
            valid.billing().expect("bills"),
            valid.preview().expect("previews"),
        );
        let expected = serde_json::to_value(&preview).expect("preview serializes");
        assert_eq!(unpack(&pack(&billing)), expected);
    }

    /// Calls `check` with the billing and the preview JSON of every file of `paths` that
    /// previews; how many did.
    fn each_preview(paths: &[&Path], mut check: impl FnMut(&Path, &Billing<'_>, Value)) -> usize {
        let today = phasebill::parse_date("2026-01-01").expect("date");
        let mut previewed = 0;
        for path in paths {
            let case: Value =
                serde_json::from_str(&std::fs::read_to_string(path).expect("read")).expect("json");
            let Ok(valid) = phasebill::validated(&case["schedule"], &case["options"], today) else {
                continue;
            };
            let (Ok(billing), Ok(preview)) = (valid.billing(), valid.preview()) else {
                continue;
            };
            check(
                path,
                &billing,
                serde_json::to_value(&preview).expect("preview serializes"),
            );
            previewed += 1;
        }
        previewed
    }

    /// The golden fixtures' files.
    fn golden() -> Vec<std::path::PathBuf> {
        let mut paths = Vec::new();
        fixtures(
            &Path::new(env!("CARGO_MANIFEST_DIR")).join("../tests/fixtures"),
            &mut paths,
        );
        paths
    }

    #[test]
    fn a_packed_preview_unpacks_to_exactly_the_preview_json() {
        let mut paths = golden();
        let bench = Path::new(env!("CARGO_MANIFEST_DIR")).join("../core/benches/contracts");
        fixtures(&bench, &mut paths);
        let paths: Vec<&Path> = paths.iter().map(|p| p.as_path()).collect();
        let packed = each_preview(&paths, |path, billing, expected| {
            assert_eq!(unpack(&pack(billing)), expected, "{}", path.display());
        });
        assert!(packed > 100, "only {packed} fixtures packed");
    }

    #[test]
    fn previews_packed_one_after_another_carry_only_the_strings_their_caller_lacks() {
        // As the module and one JavaScript caller do: one string table, one list of
        // strings on the caller's side, every fixture packed in turn (twice), each answer
        // unpacked against what the caller already holds.
        let today = phasebill::parse_date("2026-01-01").expect("date");
        let golden = golden();
        let paths: Vec<&Path> = golden.iter().map(|p| p.as_path()).collect();
        let mut table = StringTable::new();
        let mut held = Vec::new();
        let mut numbers = Vec::new();
        for round in 0..2 {
            let packed = each_preview(&paths, |path, billing, expected| {
                let known = Known {
                    count: held.len(),
                    ..table.all_known()
                };
                pack_into(billing, &mut table, known, &mut numbers);
                assert_eq!(
                    unpack_with(&numbers, &mut held),
                    expected,
                    "{}",
                    path.display()
                );
                assert_eq!(held.len(), table.len(), "the caller holds every string");
                if round == 1 {
                    assert_eq!(numbers[5], 0, "{}: strings sent again", path.display());
                }
            });
            assert!(packed > 100, "only {packed} previews packed");
        }
        // A caller that holds nothing (another caller, or one that lost its strings) gets
        // them all; the first caller then gets the strings it lacks.
        let (valid, mut other) = (phasebill::validated(&json!({
            "currency": "JPY", "startDate": "2026-01-01",
            "phases": [{ "name": "Kyōto 京都", "duration": { "type": "fixed", "count": 3, "unit": "months" },
                "prices": [{ "name": "Fee", "amount": "1234", "frequency": "monthly", "timing": "inAdvance" }] }]
        }), &Value::Null, today).expect("valid"), Vec::new());
        let expected = serde_json::to_value(valid.preview().expect("previews")).expect("json");
        let billing = valid.billing().expect("bills");
        pack_into(&billing, &mut table, Known::default(), &mut numbers);
        assert_eq!(numbers[HEAD_WIDTH - 1], 0);
        assert_eq!(unpack_with(&numbers, &mut other), expected);
        assert_eq!(other.len(), table.len());
        let known = Known {
            count: held.len(),
            ..table.all_known()
        };
        pack_into(&billing, &mut table, known, &mut numbers);
        assert_eq!(unpack_with(&numbers, &mut held), expected);
    }
}
