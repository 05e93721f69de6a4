//! The forecast of a book of contracts: per currency and calendar month, what is billed,
//! credited, discounted and falls due, summed exactly over many previews.
//!
//! Pure like the rest of the engine: the caller bills each contract (with `until` = the
//! forecast's last day; [`crate::Validated::billing`], the preview as numbers, without its
//! line texts) and folds the billings in with [`Forecast::add`]. Folds of parts of
//! a book merge ([`Forecast::merge`]) into the fold of the whole, whatever the split: every
//! sum is an integer of minor units, so the order of additions never changes a digit.

use crate::billing::{Billing, InvoiceKind, InvoiceStatus};
use crate::calendar::Date;
use crate::currency::Currency;
use crate::invoicing::LineKind;
use crate::money::Money;
use chrono::Datelike;
use serde::Serialize;
use std::collections::BTreeMap;

/// The columns of the forecast CSV, in order; also the keys of a JSON row.
pub const CSV_COLUMNS: [&str; 11] = [
    "currency",
    "month",
    "contracts",
    "invoices",
    "creditNotes",
    "charged",
    "credited",
    "discounted",
    "net",
    "forecastNet",
    "dueNet",
];

/// A calendar month, written `2026-04`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Month {
    pub year: i32,
    pub month: u32,
}

impl Month {
    /// The month a date falls in.
    pub fn of(date: Date) -> Month {
        Month {
            year: date.year(),
            month: date.month(),
        }
    }
}

impl std::fmt::Display for Month {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{:04}-{:02}", self.year, self.month)
    }
}

impl Serialize for Month {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(self)
    }
}

/// The sums of one currency and month, amounts in minor units.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Sums {
    /// Contracts with at least one invoice or credit note issued that month.
    pub contracts: u64,
    /// Invoices (kind `invoice`) issued that month.
    pub invoices: u64,
    /// Credit notes issued that month.
    pub credit_notes: u64,
    /// Charge and catch-up lines of the month's invoices and credit notes.
    pub charged: i128,
    /// Credit lines.
    pub credited: i128,
    /// Discount lines.
    pub discounted: i128,
    /// Totals of the month's invoices and credit notes.
    pub net: i128,
    /// Totals of the month's `forecast` invoices and credit notes.
    pub forecast_net: i128,
    /// Totals of invoices (kind `invoice`) whose due date falls in the month, wherever
    /// their issue date is.
    pub due_net: i128,
}

impl Sums {
    /// Adds another cell's sums. A contract's lines stay below 10^24 minor units in all
    /// (100,000 lines below 10^19 each), so `i128` holds the sums of 10^14 contracts; the
    /// saturating adds are never reached in practice.
    pub fn merge(&mut self, other: &Sums) {
        self.contracts += other.contracts;
        self.invoices += other.invoices;
        self.credit_notes += other.credit_notes;
        self.charged = self.charged.saturating_add(other.charged);
        self.credited = self.credited.saturating_add(other.credited);
        self.discounted = self.discounted.saturating_add(other.discounted);
        self.net = self.net.saturating_add(other.net);
        self.forecast_net = self.forecast_net.saturating_add(other.forecast_net);
        self.due_net = self.due_net.saturating_add(other.due_net);
    }
}

/// One row of the forecast: a currency, a month and its sums as money.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Row {
    pub currency: Currency,
    pub month: Month,
    pub contracts: u64,
    pub invoices: u64,
    pub credit_notes: u64,
    pub charged: Money,
    pub credited: Money,
    pub discounted: Money,
    pub net: Money,
    pub forecast_net: Money,
    pub due_net: Money,
}

impl Row {
    fn new(currency: Currency, month: Month, sums: &Sums) -> Row {
        let money = |minor| Money::from_minor(minor, currency);
        Row {
            currency,
            month,
            contracts: sums.contracts,
            invoices: sums.invoices,
            credit_notes: sums.credit_notes,
            charged: money(sums.charged),
            credited: money(sums.credited),
            discounted: money(sums.discounted),
            net: money(sums.net),
            forecast_net: money(sums.forecast_net),
            due_net: money(sums.due_net),
        }
    }

    /// The row's cells in the order of [`CSV_COLUMNS`].
    pub fn cells(&self) -> [String; 11] {
        [
            self.currency.code().to_string(),
            self.month.to_string(),
            self.contracts.to_string(),
            self.invoices.to_string(),
            self.credit_notes.to_string(),
            self.charged.to_string(),
            self.credited.to_string(),
            self.discounted.to_string(),
            self.net.to_string(),
            self.forecast_net.to_string(),
            self.due_net.to_string(),
        ]
    }
}

/// A partial row for an outside engine to add up (`phasebill forecast --partial`): a row
/// and the currency's minor digits, so that the sums can be written back with them.
#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct PartialRow<'a> {
    #[serde(flatten)]
    row: &'a Row,
    minor_digits: u32,
}

/// The fold of a book: sums per currency and month of the days in `[from, to]`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Forecast {
    from: Date,
    to: Date,
    /// Keyed by currency code then month, which is the order of the rows.
    cells: BTreeMap<(&'static str, Month), (Currency, Sums)>,
}

impl Forecast {
    /// An empty forecast of the days `from..=to`.
    pub fn new(from: Date, to: Date) -> Forecast {
        Forecast {
            from,
            to,
            cells: BTreeMap::new(),
        }
    }

    /// First day counted.
    pub fn from(&self) -> Date {
        self.from
    }

    /// Last day counted (inclusive).
    pub fn to(&self) -> Date {
        self.to
    }

    fn counts(&self, date: Date) -> bool {
        self.from <= date && date <= self.to
    }

    fn cell(&mut self, currency: Currency, month: Month) -> &mut Sums {
        &mut self
            .cells
            .entry((currency.code(), month))
            .or_insert((currency, Sums::default()))
            .1
    }

    /// Folds in one contract's billing. Invoices issued in `[from, to]` count in their
    /// issue month; invoices of kind `invoice` whose due date is in `[from, to]` add their
    /// total to `dueNet` of the due month (so the preview must reach back before `from`:
    /// preview from the schedule's start, as every preview does).
    pub fn add(&mut self, billing: &Billing<'_>) {
        let currency = billing.currency;
        // Invoices come in issue-date order, so a contract's months come one after another.
        let mut counted: Option<Month> = None;
        for head in &billing.invoices {
            let invoice = &head.summary;
            if self.counts(head.issue_date) {
                let month = Month::of(head.issue_date);
                let first_in_month = counted != Some(month);
                counted = Some(month);
                let sums = self.cell(currency, month);
                if first_in_month {
                    sums.contracts += 1;
                }
                match invoice.kind {
                    InvoiceKind::Invoice => sums.invoices += 1,
                    InvoiceKind::CreditNote => sums.credit_notes += 1,
                }
                for line in &billing.lines[head.lines.clone()] {
                    let amount = line.amount;
                    match line.kind {
                        LineKind::Charge | LineKind::CatchUp => sums.charged += amount,
                        LineKind::Credit => sums.credited += amount,
                        LineKind::Discount => sums.discounted += amount,
                    }
                }
                sums.net += invoice.total.minor();
                if invoice.status == InvoiceStatus::Forecast {
                    sums.forecast_net += invoice.total.minor();
                }
            }
            if invoice.kind == InvoiceKind::Invoice {
                if let Some(due) = invoice.due_date.filter(|&d| self.counts(d)) {
                    self.cell(currency, Month::of(due)).due_net += invoice.total.minor();
                }
            }
        }
    }

    /// Adds the fold of another part of the book (over the same days).
    pub fn merge(&mut self, other: &Forecast) {
        for (&(code, month), (currency, sums)) in &other.cells {
            self.cells
                .entry((code, month))
                .or_insert((*currency, Sums::default()))
                .1
                .merge(sums);
        }
    }

    /// The rows, by currency code then month.
    pub fn rows(&self) -> Vec<Row> {
        self.cells
            .iter()
            .map(|(&(_, month), (currency, sums))| Row::new(*currency, month, sums))
            .collect()
    }

    /// The CSV: a header row of [`CSV_COLUMNS`], then one row per currency and month, each
    /// line ending in `\n`. No cell needs quoting (codes, months, counts and decimals).
    pub fn csv(&self) -> String {
        let mut out = CSV_COLUMNS.join(",");
        out.push('\n');
        for row in self.rows() {
            out.push_str(&row.cells().join(","));
            out.push('\n');
        }
        out
    }

    /// One JSON line per row with `minorDigits` added: the partial sums of a part of a book,
    /// for an engine (Spark) that adds the parts up itself.
    pub fn partial_lines(&self) -> String {
        let mut out = String::new();
        for row in self.rows() {
            let partial = PartialRow {
                row: &row,
                minor_digits: row.currency.exponent(),
            };
            if let Ok(text) = serde_json::to_string(&partial) {
                out.push_str(&text);
                out.push('\n');
            }
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::calendar::parse_date;
    use serde_json::{json, Value};

    fn date(text: &str) -> Date {
        parse_date(text).expect("date")
    }

    fn preview(schedule: Value, as_of: &str, until: &str) -> crate::Validated {
        crate::validated(
            &schedule,
            &json!({"asOf": as_of, "until": until}),
            date(as_of),
        )
        .expect("valid schedule")
    }

    /// Acme (example A) with 30-day terms and a 10% discount on the pilot support.
    fn acme() -> Value {
        json!({
            "currency": "USD", "startDate": "2026-01-01", "paymentTermsDays": 30,
            "phases": [
                { "name": "Pilot",
                  "duration": { "type": "milestone", "completedOn": "2026-03-15" },
                  "prices": [
                    { "name": "Pilot fee", "amount": "12500.00", "frequency": "oneTime", "timing": "inAdvance" },
                    { "name": "Pilot support", "amount": "1000.00", "frequency": "monthly", "timing": "inAdvance" }],
                  "discounts": [{ "name": "Support discount", "percent": "10", "prices": [1] }] },
                { "name": "Year 1", "duration": { "type": "fixed", "count": 12, "unit": "months" },
                  "prices": [{ "name": "Platform access", "amount": "1500.00", "frequency": "monthly", "timing": "inArrears" }] }
            ]
        })
    }

    fn row<'a>(rows: &'a [Row], currency: &str, month: &str) -> &'a Row {
        rows.iter()
            .find(|r| r.currency.code() == currency && r.month.to_string() == month)
            .unwrap_or_else(|| panic!("no row {currency} {month}"))
    }

    #[test]
    fn months_sum_lines_by_kind_and_count_contracts_once() {
        let mut forecast = Forecast::new(date("2026-01-01"), date("2026-12-31"));
        let p = preview(acme(), "2026-03-15", "2026-12-31");
        forecast.add(&p.billing().expect("bills"));
        forecast.add(&p.billing().expect("bills"));
        let rows = forecast.rows();
        // March: the invoice of 03-01 (support 1000 − 100) and the credit note of 03-15
        // (−548.39 + 54.84), twice.
        let march = row(&rows, "USD", "2026-03");
        assert_eq!(march.contracts, 2);
        assert_eq!((march.invoices, march.credit_notes), (2, 2));
        assert_eq!(march.charged.to_string(), "2000.00");
        assert_eq!(march.credited.to_string(), "-1096.78");
        assert_eq!(march.discounted.to_string(), "-90.32");
        assert_eq!(march.net.to_string(), "812.90");
        assert_eq!(march.forecast_net.to_string(), "0.00");
        // Due in March: the invoices of 02-01 (due 03-03) and 03-01 (due 03-31), 900.00
        // each, twice.
        assert_eq!(march.due_net.to_string(), "3600.00");
        // The months are those of the window, nothing after 2026-12.
        assert!(rows.iter().all(|r| r.month.year == 2026));
    }

    #[test]
    fn invoices_before_from_count_only_where_they_fall_due() {
        let mut forecast = Forecast::new(date("2026-02-15"), date("2026-03-31"));
        forecast.add(
            &preview(acme(), "2026-03-15", "2026-03-31")
                .billing()
                .expect("bills"),
        );
        let rows = forecast.rows();
        // 2026-01-01 (13400.00) is due 01-31: outside. 2026-02-01 (900.00) is issued before
        // from but due 03-03: February gets no row from it, March its due amount, beside
        // that of 03-01 (due 03-31).
        assert_eq!(rows.len(), 1);
        let march = row(&rows, "USD", "2026-03");
        assert_eq!(march.due_net.to_string(), "1800.00");
        assert_eq!((march.invoices, march.credit_notes), (1, 1));
        assert_eq!(march.net.to_string(), "406.45");
    }

    #[test]
    fn a_month_with_only_due_amounts_gets_a_row() {
        let mut forecast = Forecast::new(date("2026-01-31"), date("2026-01-31"));
        forecast.add(
            &preview(acme(), "2026-03-15", "2026-12-31")
                .billing()
                .expect("bills"),
        );
        let rows = forecast.rows();
        assert_eq!(rows.len(), 1);
        let january = row(&rows, "USD", "2026-01");
        assert_eq!((january.contracts, january.invoices), (0, 0));
        assert_eq!(january.net.to_string(), "0.00");
        assert_eq!(january.due_net.to_string(), "13400.00");
    }

    #[test]
    fn forecast_invoices_and_currencies_with_their_digits() {
        let pending = json!({
            "currency": "KWD", "startDate": "2026-01-01",
            "phases": [
                { "name": "Build", "duration": { "type": "milestone", "expectedOn": "2026-05-01" },
                  "prices": [{ "name": "Go-live", "amount": "1000.125", "frequency": "oneTime", "timing": "inArrears" }] },
                { "name": "Run", "duration": { "type": "fixed", "count": 1, "unit": "months" },
                  "prices": [{ "name": "Run", "amount": "10.000", "frequency": "monthly", "timing": "inAdvance" }] }
            ]
        });
        let yen = json!({
            "currency": "JPY", "startDate": "2026-05-10",
            "phases": [{ "name": "Only", "duration": { "type": "openEnded" },
              "prices": [{ "name": "Fee", "amount": "3000", "frequency": "monthly", "timing": "inAdvance" }] }]
        });
        let mut forecast = Forecast::new(date("2026-05-01"), date("2026-05-31"));
        forecast.add(
            &preview(pending, "2026-03-01", "2026-05-31")
                .billing()
                .expect("bills"),
        );
        forecast.add(
            &preview(yen, "2026-03-01", "2026-05-31")
                .billing()
                .expect("bills"),
        );
        let rows = forecast.rows();
        assert_eq!(rows.len(), 2);
        assert_eq!(rows[0].currency.code(), "JPY");
        assert_eq!(rows[0].net.to_string(), "3000");
        assert_eq!(rows[0].forecast_net.to_string(), "0");
        let kwd = row(&rows, "KWD", "2026-05");
        assert_eq!(kwd.net.to_string(), "1010.125");
        assert_eq!(kwd.forecast_net.to_string(), "1010.125");
        assert_eq!(kwd.due_net.to_string(), "1010.125");
    }

    #[test]
    fn merging_parts_gives_the_whole_in_any_order() {
        let (from, to) = (date("2026-01-01"), date("2027-06-30"));
        let previews = [
            preview(acme(), "2026-03-15", "2027-06-30"),
            preview(acme(), "2026-01-10", "2027-06-30"),
            preview(acme(), "2027-01-01", "2027-06-30"),
        ];
        let mut whole = Forecast::new(from, to);
        previews
            .iter()
            .for_each(|p| whole.add(&p.billing().expect("bills")));
        let mut first = Forecast::new(from, to);
        first.add(&previews[2].billing().expect("bills"));
        let mut second = Forecast::new(from, to);
        second.add(&previews[1].billing().expect("bills"));
        second.add(&previews[0].billing().expect("bills"));
        let mut merged = Forecast::new(from, to);
        merged.merge(&second);
        merged.merge(&first);
        assert_eq!(merged, whole);
        assert_eq!(merged.csv(), whole.csv());
    }

    #[test]
    fn csv_and_partial_lines() {
        let mut forecast = Forecast::new(date("2026-01-01"), date("2026-01-31"));
        assert_eq!(forecast.csv(), format!("{}\n", CSV_COLUMNS.join(",")));
        assert_eq!(forecast.partial_lines(), "");
        forecast.add(
            &preview(acme(), "2026-03-15", "2026-12-31")
                .billing()
                .expect("bills"),
        );
        assert_eq!(
            forecast.csv(),
            "currency,month,contracts,invoices,creditNotes,charged,credited,discounted,net,forecastNet,dueNet\n\
             USD,2026-01,1,1,0,13500.00,0.00,-100.00,13400.00,0.00,13400.00\n"
        );
        let partial: Value =
            serde_json::from_str(forecast.partial_lines().trim_end()).expect("one JSON line");
        assert_eq!(
            partial,
            json!({"currency": "USD", "month": "2026-01", "contracts": 1, "invoices": 1,
                   "creditNotes": 0, "charged": "13500.00", "credited": "0.00",
                   "discounted": "-100.00", "net": "13400.00", "forecastNet": "0.00",
                   "dueNet": "13400.00", "minorDigits": 2})
        );
        let keys: Vec<&str> = partial
            .as_object()
            .map(|o| o.keys().map(String::as_str).collect())
            .unwrap_or_default();
        let mut columns: Vec<&str> = CSV_COLUMNS.to_vec();
        columns.push("minorDigits");
        columns.sort_unstable();
        let mut sorted = keys.clone();
        sorted.sort_unstable();
        assert_eq!(sorted, columns);
    }
}
