//! The packed preview: the engine's [`Billing`] (lines as numbers, by date) written straight
//! into flat arrays of integers that index a table of distinct strings (dates, amounts,
//! names), each formatted once. `js/api.js` (`unpack`) rebuilds exactly the JSON of spec
//! section 7 from it; the named preview is never built.
//!
//! What a line repeats from its price (phase and price index, name, kind, description,
//! quantity, unit amount, discount) is one *template* per price and kind, packed once and
//! referenced by index: a line itself is six numbers. Every lookup is direct or nearly so:
//! a date indexes a table by its day, a template a table by its price and kind, an amount
//! a small open-addressing table of the amounts already written. Nothing is hashed by a
//! hashing crate: the module has an 80 KiB budget.

use super::*;
use chrono::{Datelike, Days};

/// The packed preview is one array of integers: the head (`HEAD_WIDTH`), the phases'
/// (`PHASE_WIDTH` each), the warnings' (`WARNING_WIDTH` each), the invoices'
/// (`INVOICE_WIDTH` each, by date), the lines' (`LINE_WIDTH` each, invoice by invoice), the
/// templates' (`TEMPLATE_WIDTH` each), each string's length (in UTF-16 code units, as
/// JavaScript slices text), then the text of the strings, one after the other, as UTF-8
/// bytes four per integer (in memory order). Strings are indices into the text's strings;
/// -1 is null. One array crosses with one copy; JavaScript decodes the text with one
/// `TextDecoder` call (UTF-8: several times quicker than UTF-16 for the ASCII text most
/// previews have).
///
/// Numbers of the head: how many invoices, phases, warnings, lines, templates and strings,
/// and the text's length in bytes; currency, asOf, until, truncated (0 or 1), then the
/// totals charged, credited, discounted, net.
///
/// An error is `[-1, n]` followed by the `n` bytes of its JSON text
/// (`{"error": {message, issues}}`), packed the same way.
pub const HEAD_WIDTH: usize = 15;

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

/// Slots a date table has (366 a year: about 358 years); dates past it are formatted where
/// they occur.
const DATE_TABLE_DAYS: i64 = 1 << 17;

/// Most days from an invoice to its due date (payment terms); the date table covers them.
const TERMS_DAYS: u64 = 365;

/// The string table, written as one text with each string's length (in UTF-16 code units,
/// as JavaScript slices it): no allocation per string, no JSON to parse. Dates and amounts
/// are each written once; other strings as they come.
struct Strings {
    text: Text,
    lengths: Vec<i32>,
    /// The first year of the date table, and per day (366 slots a year, by day of the
    /// year: no day numbers to work out) its index + 1 (0: not yet).
    first_year: i32,
    days: Vec<u32>,
    amounts: Amounts,
    currency: Currency,
}

/// The amounts already written, in minor units, with their string index: open addressing
/// with linear probing, kept at most half full.
struct Amounts {
    slots: Vec<Option<(i128, u32)>>,
    used: usize,
}

impl Amounts {
    fn new() -> Amounts {
        Amounts {
            slots: vec![None; 64],
            used: 0,
        }
    }

    /// Where `minor` is, or the empty slot where it goes.
    fn slot(&self, minor: i128) -> usize {
        let mask = self.slots.len() - 1;
        // Fibonacci hashing of both halves: amounts differ in their low digits.
        let mixed = (minor as u64 ^ (minor >> 64) as u64).wrapping_mul(0x9E37_79B9_7F4A_7C15);
        let mut at = (mixed >> 40) as usize & mask;
        while let Some((key, _)) = self.slots[at] {
            if key == minor {
                break;
            }
            at = (at + 1) & mask;
        }
        at
    }

    fn get(&self, minor: i128) -> Option<u32> {
        self.slots[self.slot(minor)].map(|(_, index)| index)
    }

    fn insert(&mut self, minor: i128, index: u32) {
        if 2 * (self.used + 1) > self.slots.len() {
            let grown = vec![None; 2 * self.slots.len()];
            let old = std::mem::replace(&mut self.slots, grown);
            for (key, value) in old.into_iter().flatten() {
                let at = self.slot(key);
                self.slots[at] = Some((key, value));
            }
        }
        let at = self.slot(minor);
        self.slots[at] = Some((minor, index));
        self.used += 1;
    }
}

impl Strings {
    /// A table for dates from `first_day` to `last_day`, with room for about `room` strings.
    fn new(first_day: Date, last_day: Date, currency: Currency, room: usize) -> Strings {
        let first_year = first_day.year();
        let span = (i64::from(last_day.year()) - i64::from(first_year) + 1) * 366;
        Strings {
            // Most strings are dates and amounts: about ten bytes each.
            text: Text(Vec::with_capacity(room * 10)),
            lengths: Vec::with_capacity(room),
            first_year,
            days: vec![0; span.clamp(0, DATE_TABLE_DAYS) as usize],
            amounts: Amounts::new(),
            currency,
        }
    }

    /// Ends the string written since `start`; its index.
    fn end(&mut self, start: usize) -> u32 {
        // `get`, not indexing: no panic path (and its formatting) in the module.
        let piece = self.text.0.get(start..).unwrap_or_default();
        let units = if piece.is_ascii() {
            piece.len()
        } else {
            // Written from `str`s only: always UTF-8.
            std::str::from_utf8(piece).map_or(piece.len(), |text| text.encode_utf16().count())
        };
        self.push_length(units)
    }

    /// Ends the string just written, `units` UTF-16 code units long; its index. Dates and
    /// amounts are ASCII, as many units as bytes: they skip `end`'s look at the text.
    fn push_length(&mut self, units: usize) -> u32 {
        self.lengths.push(int(units));
        u32::try_from(self.lengths.len() - 1).unwrap_or(u32::MAX)
    }

    fn add(&mut self, text: &str) -> u32 {
        let start = self.text.0.len();
        self.text.0.extend_from_slice(text.as_bytes());
        self.end(start)
    }

    /// A value's `Display` text as a new string.
    fn show(&mut self, value: &dyn std::fmt::Display) -> u32 {
        use std::fmt::Write;
        let start = self.text.0.len();
        // Writing into a vector cannot fail.
        let _ = write!(self.text, "{value}");
        self.end(start)
    }

    #[inline]
    fn date(&mut self, date: Date) -> u32 {
        let day = i64::from(date.year() - self.first_year) * 366 + i64::from(date.ordinal0());
        match usize::try_from(day).ok().filter(|&d| d < self.days.len()) {
            Some(slot) => {
                if self.days[slot] == 0 {
                    self.days[slot] = self.write_date(date) + 1;
                }
                self.days[slot] - 1
            }
            None => self.write_date(date),
        }
    }

    /// `yyyy-mm-dd`, as chrono writes it, without the formatting machinery for the years a
    /// schedule has (0–9999): ten digits and dashes from one buffer.
    #[inline(never)]
    fn write_date(&mut self, date: Date) -> u32 {
        let year = date.year();
        let Ok(y @ 0..=9999) = u32::try_from(year) else {
            return self.show(&date);
        };
        let (m, d) = (date.month(), date.day());
        let digit = |n: u32| b'0' + (n % 10) as u8;
        let buf = [
            digit(y / 1000),
            digit(y / 100),
            digit(y / 10),
            digit(y),
            b'-',
            digit(m / 10),
            digit(m),
            b'-',
            digit(d / 10),
            digit(d),
        ];
        self.text.0.extend_from_slice(&buf);
        self.push_length(buf.len())
    }

    /// An amount in minor units of the preview's currency, written once.
    fn amount(&mut self, minor: i128) -> u32 {
        if let Some(index) = self.amounts.get(minor) {
            return index;
        }
        use std::fmt::Write;
        let start = self.text.0.len();
        // Writing into a vector cannot fail; an amount is ASCII.
        let _ = write!(self.text, "{}", Money::from_minor(minor, self.currency));
        let index = self.push_length(self.text.0.len() - start);
        self.amounts.insert(minor, index);
        index
    }

    fn money(&mut self, money: Money) -> u32 {
        self.amount(money.minor())
    }
}

/// The strings' text as UTF-8 bytes, written from `str`s only (so always UTF-8, with no
/// check of each piece).
struct Text(Vec<u8>);

impl std::fmt::Write for Text {
    fn write_str(&mut self, text: &str) -> std::fmt::Result {
        self.0.extend_from_slice(text.as_bytes());
        Ok(())
    }
}

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

/// The packed preview of `billing` (see [`HEAD_WIDTH`]).
pub fn pack(billing: &Billing<'_>) -> Vec<i32> {
    let mut packed = Vec::new();
    pack_into(billing, &mut packed);
    packed
}

/// The packed preview of `billing` written into `numbers`, replacing what it held (its
/// capacity is kept: the module reuses one vector from call to call).
pub fn pack_into(billing: &Billing<'_>, numbers: &mut Vec<i32>) {
    numbers.clear();
    let lines = &billing.lines;
    // The date table spans the window's lines and their service periods.
    let mut first = billing.as_of.min(billing.until);
    let mut last = first;
    for line in lines {
        first = first.min(line.service.start);
        last = last
            .max(line.date)
            .max(line.service.end.unwrap_or(line.date));
    }
    let last = last.checked_add_days(Days::new(TERMS_DAYS)).unwrap_or(last);
    // Per price and line kind of the schedule, its template's index + 1 (0: not yet), and
    // the last amount one of its lines packed (most often the next one's too).
    let prices = billing.price_slots();
    // Room for an issue date and a total per invoice, and four texts per price.
    let room = billing.invoices.len() * 2 + prices.count() * 4 + 64;
    let mut strings = Strings::new(first, last, billing.currency, room);
    // The distinct quantities written so far (most schedules have a few).
    let mut quantities = Vec::new();
    let mut templates: Vec<(u32, Option<(i128, u32)>)> = vec![(0, None); prices.count() * 4];
    let mut table = Vec::new();
    let invoices = &billing.invoices;
    let (phases, warnings) = (&billing.phases, billing.warnings);
    // Exactly what the head, phases, warnings, invoices and lines take, and room for what
    // most schedules' templates, string lengths and text take.
    numbers.reserve(
        HEAD_WIDTH
            + phases.len() * PHASE_WIDTH
            + warnings.len() * WARNING_WIDTH
            + invoices.len() * INVOICE_WIDTH
            + lines.len() * LINE_WIDTH
            + prices.count() * 16
            + invoices.len() * 8
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
        int(strings.add(billing.currency.code())),
        int(strings.date(billing.as_of)),
        int(strings.date(billing.until)),
        i32::from(billing.truncated),
        int(strings.money(totals.charged)),
        int(strings.money(totals.credited)),
        int(strings.money(totals.discounted)),
        int(strings.money(totals.net)),
    ]);
    for phase in phases {
        numbers.extend([
            int(phase.index),
            int(strings.add(&phase.name)),
            phase.start.map_or(-1, |d| int(strings.date(d))),
            phase.end.map_or(-1, |d| int(strings.date(d))),
            status_number(phase.status),
        ]);
    }
    for warning in warnings {
        numbers.extend([
            int(strings.add(&warning.path)),
            int(strings.add(warning.code.as_str())),
            int(strings.add(&warning.message)),
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
            int(strings.money(summary.total)),
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
                let name = strings.add(t.price_name);
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
                    int(strings.money(t.unit_amount)),
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
                let index = strings.amount(line.amount);
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
    numbers[5] = int(strings.lengths.len());
    numbers.extend(table);
    numbers.extend(strings.lengths);
    numbers[6] = push_text(numbers, &strings.text.0);
}

#[cfg(test)]
mod tests {
    //! The packing's round trip, natively: every golden fixture that previews is packed, then
    //! unpacked the way `js/api.js` does it, and must equal the preview's own JSON.
    use super::*;
    use serde_json::{json, Value};
    use std::path::Path;

    /// `unpack` of `js/api.js`, in Rust.
    fn unpack(numbers: &[i32]) -> Value {
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
        let strings: Vec<String> = lengths
            .iter()
            .map(|&n| {
                let piece = String::from_utf16(&units[at..at + n as usize]).expect("utf-16");
                at += n as usize;
                piece
            })
            .collect();
        assert_eq!(at, units.len(), "the lengths cover the text");
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

    #[test]
    fn a_packed_preview_unpacks_to_exactly_the_preview_json() {
        let today = phasebill::parse_date("2026-01-01").expect("date");
        let mut paths = Vec::new();
        fixtures(
            &Path::new(env!("CARGO_MANIFEST_DIR")).join("../tests/fixtures"),
            &mut paths,
        );
        let bench = Path::new(env!("CARGO_MANIFEST_DIR")).join("../core/benches/contracts");
        fixtures(&bench, &mut paths);
        let mut packed = 0;
        for path in &paths {
            let case: Value =
                serde_json::from_str(&std::fs::read_to_string(path).expect("read")).expect("json");
            let Ok(valid) = phasebill::validated(&case["schedule"], &case["options"], today) else {
                continue;
            };
            let (Ok(billing), Ok(preview)) = (valid.billing(), valid.preview()) else {
                continue;
            };
            let expected = serde_json::to_value(&preview).expect("preview serializes");
            assert_eq!(unpack(&pack(&billing)), expected, "{}", path.display());
            packed += 1;
        }
        assert!(packed > 100, "only {packed} fixtures packed");
    }
}
