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

/// The packed numbers are the invoices' (`INVOICE_WIDTH` each, by date), then the lines'
/// (`LINE_WIDTH` each, invoice by invoice): one `Int32Array`, no number in the JSON head.
///
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

/// A preview for the crossing; field names and order as in `js/api.js`.
#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
pub struct PackedPreview<'a> {
    pub currency: Currency,
    pub as_of: Date,
    pub until: Date,
    pub truncated: bool,
    pub phases: &'a [PhaseView],
    pub totals: Totals,
    pub warnings: &'a [Warning],
    pub strings: Vec<String>,
    /// How many invoices the packed numbers start with.
    pub invoices: usize,
}

/// What a price's lines repeat, as string-table indices, filled on first use.
#[derive(Clone, Copy, Default)]
struct PriceSlot {
    /// Name, description and quantity, per line kind.
    texts: [Option<[u32; 3]>; 4],
    unit_amount: Option<u32>,
    /// Per line kind, the last amount a line of this price packed, and its index.
    last_amount: [Option<(i128, u32)>; 4],
}

/// The string table: dates each formatted once, other strings as they come.
struct Strings {
    list: Vec<String>,
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
            list: Vec::new(),
            first_day,
            days: vec![0; span.clamp(0, DATE_TABLE_DAYS) as usize],
        }
    }

    fn add(&mut self, text: String) -> u32 {
        let index = u32::try_from(self.list.len()).unwrap_or(u32::MAX);
        self.list.push(text);
        index
    }

    fn date(&mut self, date: Date) -> u32 {
        let day = i64::from(date.num_days_from_ce()) - i64::from(self.first_day);
        match usize::try_from(day).ok().filter(|&d| d < self.days.len()) {
            Some(slot) => {
                if self.days[slot] == 0 {
                    self.days[slot] = self.add(date_text(date)) + 1;
                }
                self.days[slot] - 1
            }
            None => self.add(date_text(date)),
        }
    }

    fn money(&mut self, money: Money) -> u32 {
        self.add(money.to_string())
    }
}

/// `yyyy-mm-dd`, as chrono writes it, without the formatting machinery for the years a
/// schedule has (0–9999).
fn date_text(date: Date) -> String {
    let Ok(year) = u16::try_from(date.year()).map(u32::from) else {
        return date.to_string();
    };
    if year > 9999 {
        return date.to_string();
    }
    let digit = |n: u32| b'0' + (n % 10) as u8;
    let (m, d) = (date.month(), date.day());
    let text = [
        digit(year / 1000),
        digit(year / 100),
        digit(year / 10),
        digit(year),
        b'-',
        digit(m / 10),
        digit(m),
        b'-',
        digit(d / 10),
        digit(d),
    ];
    std::str::from_utf8(&text)
        .map(str::to_owned)
        .unwrap_or_default()
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

pub fn pack<'a>(billing: &'a Billing<'_>) -> (PackedPreview<'a>, Vec<i32>) {
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
    // Per price of every phase, its slot: phase offsets into one table.
    let mut offsets = Vec::new();
    let mut prices = 0;
    for count in billing.prices_per_phase() {
        offsets.push(prices);
        prices += count;
    }
    let mut slots = vec![PriceSlot::default(); prices];
    let invoices = &billing.invoices;
    let mut packed = Vec::with_capacity(invoices.len() * INVOICE_WIDTH + lines.len() * LINE_WIDTH);
    for invoice in invoices {
        let summary = &invoice.summary;
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
            int(strings.money(summary.total)),
            summary.due_date.map_or(-1, |d| int(strings.date(d))),
            int(invoice.lines.len()),
        ]);
    }
    for line in lines {
        let kind = kind_number(line.kind);
        let slot = &mut slots[offsets[line.phase_index] + line.price_index];
        let texts = match slot.texts[kind] {
            Some(found) => found,
            None => {
                let t = billing.texts(line);
                let found = [
                    strings.add(t.price_name.to_string()),
                    strings.add(t.description.to_string()),
                    strings.add(t.quantity),
                ];
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
    let head = PackedPreview {
        currency: billing.currency,
        as_of: billing.as_of,
        until: billing.until,
        truncated: billing.truncated,
        phases: &billing.phases,
        totals: billing.totals,
        warnings: billing.warnings,
        strings: strings.list,
        invoices: invoices.len(),
    };
    (head, packed)
}

#[cfg(test)]
mod tests {
    //! The packing's round trip, natively: every golden fixture that previews is packed, then
    //! unpacked the way `js/api.js` does it, and must equal the preview's own JSON.
    use super::*;
    use serde_json::{json, Value};
    use std::path::Path;

    /// `unpack` of `js/api.js`, in Rust.
    fn unpack(head: &PackedPreview<'_>, lines: &[i32]) -> Value {
        let head = serde_json::to_value(head).expect("head serializes");
        let s = |i: i64| head["strings"][usize::try_from(i).expect("index")].clone();
        let or_null = |i: i64, f: &dyn Fn(i64) -> Value| if i < 0 { Value::Null } else { f(i) };
        let count = head["invoices"].as_u64().expect("count") as usize;
        let (numbers, lines) = lines.split_at(count * INVOICE_WIDTH);
        let numbers: Vec<i64> = numbers.iter().map(|&n| n.into()).collect();
        let mut k = 0;
        let mut invoices = Vec::new();
        for i in numbers.chunks(INVOICE_WIDTH) {
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
        json!({
            "currency": head["currency"], "asOf": head["asOf"], "until": head["until"],
            "truncated": head["truncated"], "phases": head["phases"], "invoices": invoices,
            "totals": head["totals"], "warnings": head["warnings"],
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
            let (head, lines) = pack(&billing);
            let expected = serde_json::to_value(&preview).expect("preview serializes");
            assert_eq!(unpack(&head, &lines), expected, "{}", path.display());
            packed += 1;
        }
        assert!(packed > 100, "only {packed} fixtures packed");
    }
}
