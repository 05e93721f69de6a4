//! The packed preview: the engine's [`Billing`] (lines as numbers, by date) written straight
//! into one flat array of integers that index a table of distinct strings (dates, amounts,
//! names), each formatted once. `js/api.js` (`unpack`) rebuilds exactly the JSON of spec
//! section 7 from it; the named preview is never built.
//!
//! Every lookup is direct, without hashing: a date indexes a table by its day, a line's price
//! texts a table by its price and kind, and a line's amount is most often the previous amount
//! of its price and kind. The rest (prorations, invoice totals, dates centuries away) is
//! formatted where it occurs: a few repeated strings cost less than a hash map's code in a
//! module with an 80 KiB budget.

use super::*;
use chrono::{Datelike, Days};

/// The packed numbers are the head (`HEAD_WIDTH`), the phases' (`PHASE_WIDTH` each), the
/// warnings' (`WARNING_WIDTH` each), the invoices' (`INVOICE_WIDTH` each, by date), the
/// lines' (`LINE_WIDTH` each, invoice by invoice), then the strings' lengths (one each, in
/// UTF-16 code units, of the packed text): one `Int32Array` and one text, no JSON to write
/// or to parse. Strings are indices into the text's strings; -1 is null.
///
/// Numbers of the head: how many invoices, phases, warnings and strings; currency, asOf,
/// until, truncated (0 or 1), then the totals charged, credited, discounted, net.
pub const HEAD_WIDTH: usize = 12;

/// Numbers per packed phase: index, name, start, end, status (0 completed, 1 active,
/// 2 upcoming, 3 awaitingMilestone).
pub const PHASE_WIDTH: usize = 5;

/// Numbers per packed warning: path, code, message.
pub const WARNING_WIDTH: usize = 3;

/// Numbers per packed line: phaseIndex, priceIndex, priceName, kind, description, start,
/// end (-1: null), quantity, unitAmount, amount, usedDays (-1: no proration), periodDays,
/// discountIndex (-1: null).
pub const LINE_WIDTH: usize = 13;

/// Numbers per packed invoice: issueDate, kind (0 invoice, 1 creditNote), status (0 issued,
/// 1 upcoming, 2 forecast), total, dueDate (-1: null), number of lines.
pub const INVOICE_WIDTH: usize = 6;

/// Days a date table covers directly (about 359 years); dates past it are formatted where
/// they occur.
const DATE_TABLE_DAYS: i64 = 1 << 17;

/// Most days from an invoice to its due date (payment terms); the date table covers them.
const TERMS_DAYS: u64 = 365;

/// What a price's lines repeat, as string-table indices, filled on first use.
#[derive(Clone, Copy, Default)]
struct PriceSlot {
    /// Name, description and quantity, per line kind.
    texts: [Option<[u32; 3]>; 4],
    unit_amount: Option<u32>,
    /// Per line kind, the last amount a line of this price packed, and its index.
    last_amount: [Option<(i128, u32)>; 4],
}

/// The string table, written as one text with each string's length (in UTF-16 code units,
/// as JavaScript slices it): no allocation per string, no JSON to parse. Dates are each
/// written once; other strings as they come.
struct Strings {
    text: String,
    lengths: Vec<i32>,
    /// The first day of the date table (days from the common era), and per day its index
    /// + 1 (0: not yet).
    first_day: i32,
    days: Vec<u32>,
}

impl Strings {
    fn new(first_day: Date, last_day: Date) -> Strings {
        let first_day = first_day.num_days_from_ce();
        let span = i64::from(last_day.num_days_from_ce()) - i64::from(first_day) + 1;
        Strings {
            text: String::new(),
            lengths: Vec::new(),
            first_day,
            days: vec![0; span.clamp(0, DATE_TABLE_DAYS) as usize],
        }
    }

    /// Ends the string written since `start`; its index.
    fn end(&mut self, start: usize) -> u32 {
        // `get`, not indexing: no panic path (and its formatting) in the module.
        let piece = self.text.get(start..).unwrap_or_default();
        let units = if piece.is_ascii() {
            piece.len()
        } else {
            piece.encode_utf16().count()
        };
        self.lengths.push(int(units));
        u32::try_from(self.lengths.len() - 1).unwrap_or(u32::MAX)
    }

    fn add(&mut self, text: &str) -> u32 {
        let start = self.text.len();
        self.text.push_str(text);
        self.end(start)
    }

    /// A value's `Display` text as a new string.
    fn show(&mut self, value: &dyn std::fmt::Display) -> u32 {
        use std::fmt::Write;
        let start = self.text.len();
        // Writing into a String cannot fail.
        let _ = write!(self.text, "{value}");
        self.end(start)
    }

    fn date(&mut self, date: Date) -> u32 {
        let day = i64::from(date.num_days_from_ce()) - i64::from(self.first_day);
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
    /// schedule has (0–9999).
    fn write_date(&mut self, date: Date) -> u32 {
        let year = date.year();
        if !(0..=9999).contains(&year) {
            return self.show(&date);
        }
        let start = self.text.len();
        let (y, m, d) = (year.unsigned_abs(), date.month(), date.day());
        for (n, unit) in [
            (y, 1000),
            (y, 100),
            (y, 10),
            (y, 1),
            (0, 0),
            (m, 10),
            (m, 1),
            (0, 0),
            (d, 10),
            (d, 1),
        ] {
            self.text.push(match unit {
                0 => '-',
                _ => char::from(b'0' + (n / unit % 10) as u8),
            });
        }
        self.end(start)
    }

    fn money(&mut self, money: Money) -> u32 {
        self.show(&money)
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

/// The packed preview: its numbers and its text.
pub fn pack(billing: &Billing<'_>) -> (Vec<i32>, String) {
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
    let mut strings = Strings::new(first, last);
    // Per price of the schedule, what its lines share.
    let prices = billing.price_slots();
    let mut slots = vec![PriceSlot::default(); prices.count()];
    let invoices = &billing.invoices;
    let (phases, warnings) = (&billing.phases, billing.warnings);
    let mut packed = Vec::with_capacity(
        HEAD_WIDTH
            + phases.len() * PHASE_WIDTH
            + warnings.len() * WARNING_WIDTH
            + invoices.len() * INVOICE_WIDTH
            + lines.len() * LINE_WIDTH,
    );
    let totals = billing.totals;
    packed.extend([
        int(invoices.len()),
        int(phases.len()),
        int(warnings.len()),
        // The strings' count, once known.
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
        packed.extend([
            int(phase.index),
            int(strings.add(&phase.name)),
            phase.start.map_or(-1, |d| int(strings.date(d))),
            phase.end.map_or(-1, |d| int(strings.date(d))),
            status_number(phase.status),
        ]);
    }
    for warning in warnings {
        packed.extend([
            int(strings.add(&warning.path)),
            int(strings.add(warning.code.as_str())),
            int(strings.add(&warning.message)),
        ]);
    }
    // Consecutive invoices most often total the same.
    let mut last_total: Option<(Money, u32)> = None;
    for invoice in invoices {
        let summary = &invoice.summary;
        let total = match last_total {
            Some((money, i)) if money == summary.total => i,
            _ => {
                let i = strings.money(summary.total);
                last_total = Some((summary.total, i));
                i
            }
        };
        packed.extend([
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
            int(total),
            summary.due_date.map_or(-1, |d| int(strings.date(d))),
            int(invoice.lines.len()),
        ]);
    }
    for line in lines {
        let kind = kind_number(line.kind);
        let slot = &mut slots[prices.of(line)];
        let texts = match slot.texts[kind] {
            Some(found) => found,
            None => {
                let t = billing.texts(line);
                let name = strings.add(t.price_name);
                let description = match t.description {
                    Description::Name(text) if text == t.price_name => name,
                    other => strings.show(&other),
                };
                let found = [name, description, strings.add(&t.quantity)];
                slot.texts[kind] = Some(found);
                if slot.unit_amount.is_none() {
                    slot.unit_amount = Some(strings.money(t.unit_amount));
                }
                found
            }
        };
        let amount = match slot.last_amount[kind] {
            Some((minor, i)) if minor == line.amount => i,
            _ => {
                let i = strings.money(Money::from_minor(line.amount, billing.currency));
                slot.last_amount[kind] = Some((line.amount, i));
                i
            }
        };
        let (used, period) = line.proration.unwrap_or((-1, -1));
        packed.extend([
            int(line.phase_index),
            int(line.price_index),
            int(texts[0]),
            int(kind),
            int(texts[1]),
            int(strings.date(line.service.start)),
            line.service.end.map_or(-1, |e| int(strings.date(e))),
            int(texts[2]),
            slot.unit_amount.map_or(-1, int),
            int(amount),
            int(used),
            int(period),
            line.discount_index.map_or(-1, int),
        ]);
    }
    packed[3] = int(strings.lengths.len());
    packed.extend(strings.lengths);
    (packed, strings.text)
}

#[cfg(test)]
mod tests {
    //! The packing's round trip, natively: every golden fixture that previews is packed, then
    //! unpacked the way `js/api.js` does it, and must equal the preview's own JSON.
    use super::*;
    use serde_json::{json, Value};
    use std::path::Path;

    /// `unpack` of `js/api.js`, in Rust.
    fn unpack(numbers: &[i32], text: &str) -> Value {
        let (head, rest) = numbers.split_at(HEAD_WIDTH);
        let count = |i: usize| head[i] as usize;
        let (phase_numbers, rest) = rest.split_at(count(1) * PHASE_WIDTH);
        let (warning_numbers, rest) = rest.split_at(count(2) * WARNING_WIDTH);
        let (invoice_numbers, rest) = rest.split_at(count(0) * INVOICE_WIDTH);
        let (lines, lengths) = rest.split_at(rest.len() - count(3));
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
        let mut k = 0;
        let mut invoices = Vec::new();
        for i in invoice_numbers.chunks(INVOICE_WIDTH) {
            let i: Vec<i64> = i.iter().map(|&n| n.into()).collect();
            let mut out = Vec::new();
            for _ in 0..i[5] {
                let l: Vec<i64> = lines[k..k + LINE_WIDTH].iter().map(|&n| n.into()).collect();
                k += LINE_WIDTH;
                out.push(json!({
                    "phaseIndex": l[0], "priceIndex": l[1], "priceName": s(l[2]),
                    "kind": (["charge", "catchUp", "credit", "discount"][l[3] as usize]),
                    "description": s(l[4]),
                    "servicePeriod": { "start": s(l[5]), "end": or_null(l[6], &s) },
                    "quantity": s(l[7]), "unitAmount": s(l[8]), "amount": s(l[9]),
                    "proration": or_null(l[10], &|u| json!({ "usedDays": u, "periodDays": l[11] })),
                    "discountIndex": or_null(l[12], &|d| json!(d)),
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
            "currency": s(h(4)), "asOf": s(h(5)), "until": s(h(6)), "truncated": head[7] == 1,
            "phases": phases, "invoices": invoices,
            "totals": {
                "charged": s(h(8)), "credited": s(h(9)), "discounted": s(h(10)), "net": s(h(11)),
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
        let (numbers, text) = pack(&billing);
        assert!(text.contains("日本 licence 😀"));
        let expected = serde_json::to_value(&preview).expect("preview serializes");
        assert_eq!(unpack(&numbers, &text), expected);
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
            let (numbers, text) = pack(&billing);
            let expected = serde_json::to_value(&preview).expect("preview serializes");
            assert_eq!(unpack(&numbers, &text), expected, "{}", path.display());
            packed += 1;
        }
        assert!(packed > 100, "only {packed} fixtures packed");
    }
}
