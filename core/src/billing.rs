//! Billing (spec sections 6 and 7, as numbers): the lines of the window in issue-date order,
//! grouped into invoices with their statuses, due dates and totals, before any line gets
//! its texts. The preview (`preview.rs`) names the lines; the npm package packs this form
//! directly, never building the named lines at all.

use crate::calendar::{self, Date, LAST_DATE};
use crate::currency::Currency;
use crate::error::{Code, Error, Issue, Warning};
use crate::invoicing::{self, Line, LineKind, MAX_LINES};
use crate::money::Money;
use crate::schedule::Schedule;
use crate::terms;
use crate::timeline::{self, Timeline, View};
use crate::validate::Valid;
use chrono::Datelike;
use serde::Serialize;
use std::ops::Range;

/// Most invoices a preview may hold.
pub const MAX_INVOICES: usize = 10_000;

/// The invoices of a schedule inside the window, as numbers: what a preview shows, except
/// the texts each line repeats from its price (see [`Billing::texts`]).
#[derive(Debug, Clone, PartialEq)]
pub struct Billing<'s> {
    schedule: &'s Schedule,
    pub currency: Currency,
    pub as_of: Date,
    /// Last day of the window, inclusive.
    pub until: Date,
    /// Whether billing goes on after `until`.
    pub truncated: bool,
    pub phases: Vec<PhaseView>,
    /// By issue date, one per date that has lines.
    pub invoices: Vec<InvoiceHead>,
    /// Every line, by issue date, in key order (phase, price, period) inside a date.
    pub lines: Vec<Line>,
    pub totals: Totals,
    pub warnings: &'s [Warning],
}

/// An invoice without its lines: where they are in [`Billing::lines`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct InvoiceHead {
    pub issue_date: Date,
    pub summary: InvoiceSummary,
    pub lines: Range<usize>,
}

/// What an invoice says besides its date and lines.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct InvoiceSummary {
    pub kind: InvoiceKind,
    pub status: InvoiceStatus,
    pub total: Money,
    /// `issueDate + paymentTermsDays` for an invoice; `None` for a credit note. May pass
    /// 2999-12-31: it is output only.
    pub due_date: Option<Date>,
}

/// A phase as the input's facts give it (no forecasts).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct PhaseView {
    pub index: usize,
    pub name: String,
    pub start: Option<Date>,
    pub end: Option<Date>,
    pub status: PhaseStatus,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub enum PhaseStatus {
    Completed,
    Active,
    Upcoming,
    /// Its start waits for an earlier milestone.
    AwaitingMilestone,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub enum InvoiceKind {
    Invoice,
    /// The total is negative.
    CreditNote,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub enum InvoiceStatus {
    /// Dated on or before as-of.
    Issued,
    /// Dated after as-of.
    Upcoming,
    /// Dated on or after the earliest `expectedOn` used.
    Forecast,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct Totals {
    /// Sum of positive lines other than discounts.
    pub charged: Money,
    /// Sum of negative lines other than discounts (≤ 0).
    pub credited: Money,
    /// Sum of discount lines.
    pub discounted: Money,
    /// `charged + credited + discounted`.
    pub net: Money,
}

fn too_large(what: &str) -> Error {
    Error::new(vec![Issue::new(
        "",
        Code::PreviewTooLarge,
        format!("preview too large: more than {what}; choose an earlier until"),
    )])
}

/// The default last day of the window of a valid input (spec section 9).
pub(crate) fn default_until(valid: &Valid) -> Date {
    let (forecast, options) = (&valid.forecast, &valid.options);
    match forecast.end() {
        Some(end) => forecast.recordings.iter().copied().fold(end, Date::max),
        None => {
            let from = forecast
                .last_known_boundary()
                .map_or(options.as_of, |b| b.max(options.as_of));
            calendar::add_months(from, 12).map_or(LAST_DATE, |d| d.min(LAST_DATE))
        }
    }
}

fn phase_views(schedule: &Schedule, facts: &Timeline, as_of: Date) -> Vec<PhaseView> {
    schedule
        .phases
        .iter()
        .zip(&facts.spans)
        .enumerate()
        .map(|(index, (phase, span))| {
            let status = match (span.start, span.end) {
                (None, _) => PhaseStatus::AwaitingMilestone,
                (Some(start), _) if as_of < start => PhaseStatus::Upcoming,
                (_, Some(end)) if as_of >= end => PhaseStatus::Completed,
                _ => PhaseStatus::Active,
            };
            PhaseView {
                index,
                name: phase.name.clone(),
                start: span.start,
                end: span.end,
                status,
            }
        })
        .collect()
}

/// The texts a line repeats from its price (or its discount), each the same for every line
/// of that price and kind.
pub struct LineTexts<'s> {
    pub price_name: &'s str,
    /// The price's name, with " (catch-up)" or " (credit)" for those kinds, or the
    /// discount's name.
    pub description: Description<'s>,
    /// The price's quantity, normalized: its `Display` is the canonical text (`"1"`,
    /// `"1.5"`). A number, so that a caller formats each distinct quantity once.
    pub quantity: rust_decimal::Decimal,
    pub unit_amount: Money,
}

/// A line's description: a name of the schedule, or a price's name with its line kind.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Description<'s> {
    Name(&'s str),
    CatchUp(&'s str),
    Credit(&'s str),
}

impl std::fmt::Display for Description<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Description::Name(name) => f.write_str(name),
            Description::CatchUp(name) => write!(f, "{name} (catch-up)"),
            Description::Credit(name) => write!(f, "{name} (credit)"),
        }
    }
}

impl<'s> Billing<'s> {
    /// The texts of `line`'s price and kind. Lines only name prices and discounts of the
    /// schedule they were computed from.
    pub fn texts(&self, line: &Line) -> LineTexts<'s> {
        let phase = &self.schedule.phases[line.phase_index];
        let price = &phase.prices[line.price_index];
        let name = price.name.as_str();
        let description = match (line.kind, line.discount_index) {
            (LineKind::Discount, Some(index)) => Description::Name(&phase.discounts[index].name),
            (LineKind::CatchUp, _) => Description::CatchUp(name),
            (LineKind::Credit, _) => Description::Credit(name),
            _ => Description::Name(name),
        };
        LineTexts {
            price_name: name,
            description,
            quantity: price.quantity.normalize(),
            unit_amount: Money::from_decimal(price.amount, self.currency),
        }
    }

    /// One index per price of the schedule, for a table of what a price's lines share.
    pub fn price_slots(&self) -> PriceSlots {
        let mut offsets = Vec::with_capacity(self.schedule.phases.len());
        let mut count = 0;
        for phase in &self.schedule.phases {
            offsets.push(count);
            count += phase.prices.len();
        }
        PriceSlots { offsets, count }
    }
}

/// The prices of a schedule numbered phase by phase: `of(line)` is the index of its price.
pub struct PriceSlots {
    /// Per phase, the index of its first price.
    offsets: Vec<usize>,
    count: usize,
}

impl PriceSlots {
    /// How many prices the schedule has.
    pub fn count(&self) -> usize {
        self.count
    }

    /// The index of `line`'s price.
    pub fn of(&self, line: &Line) -> usize {
        self.offsets[line.phase_index] + line.price_index
    }
}

/// Bills a validated input: its lines in the window, by date, grouped into invoices.
pub fn billing(valid: &Valid) -> Result<Billing<'_>, Error> {
    let until = valid.options.until.unwrap_or_else(|| default_until(valid));
    billing_to(valid, until)
}

/// [`billing`] over the window ending on `until`, whatever the options say.
pub fn billing_to(valid: &Valid, until: Date) -> Result<Billing<'_>, Error> {
    let Valid {
        schedule,
        options,
        forecast,
        warnings,
    } = valid;
    let currency = schedule.currency;
    let found = invoicing::lines(schedule, forecast, until)
        .map_err(|_| too_large(&format!("{MAX_LINES} lines")))?;
    let truncated = !forecast.all_ends_known() || found.beyond;
    let lines: Vec<Line> = by_date(&found.lines)
        .into_iter()
        .map(|i| found.lines[i as usize])
        .collect();

    // Sums in minor units: at most 100,000 lines, each below 10^19, stay far inside i128.
    let (mut charged, mut credited, mut discounted) = (0i128, 0i128, 0i128);
    let mut invoices: Vec<InvoiceHead> = Vec::new();
    let mut start = 0;
    while start < lines.len() {
        if invoices.len() == MAX_INVOICES {
            return Err(too_large(&format!("{MAX_INVOICES} invoices")));
        }
        let date = lines[start].date;
        let mut end = start;
        let mut total = 0i128;
        while let Some(line) = lines.get(end).filter(|l| l.date == date) {
            total += line.amount;
            *match line.kind {
                LineKind::Discount => &mut discounted,
                _ if line.amount < 0 => &mut credited,
                _ => &mut charged,
            } += line.amount;
            end += 1;
        }
        let status = match forecast.forecast_from {
            Some(from) if date >= from => InvoiceStatus::Forecast,
            _ if date <= options.as_of => InvoiceStatus::Issued,
            _ => InvoiceStatus::Upcoming,
        };
        let (kind, due_date) = if total < 0 {
            (InvoiceKind::CreditNote, None)
        } else {
            let due = terms::due_date(date, schedule.payment_terms_days);
            (InvoiceKind::Invoice, due)
        };
        invoices.push(InvoiceHead {
            issue_date: date,
            summary: InvoiceSummary {
                kind,
                status,
                total: Money::from_minor(total, currency),
                due_date,
            },
            lines: start..end,
        });
        start = end;
    }
    let money = |minor: i128| Money::from_minor(minor, currency);
    let totals = Totals {
        charged: money(charged),
        credited: money(credited),
        discounted: money(discounted),
        net: money(charged + credited + discounted),
    };
    let facts = timeline::resolve(
        schedule.start_date,
        &schedule
            .phases
            .iter()
            .map(|p| Some(p.duration))
            .collect::<Vec<_>>(),
        options.as_of,
        View::Facts,
    );
    Ok(Billing {
        schedule,
        currency,
        as_of: options.as_of,
        until,
        truncated,
        phases: phase_views(schedule, &facts, options.as_of),
        invoices,
        lines,
        totals,
        warnings,
    })
}

/// The positions of `lines` in issue-date order, key order kept inside a date: a stable
/// radix sort on the day, linear in the lines, which links no comparison sort into the
/// wasm module. Each pass sorts on up to 12 bits of the day (fewer for fewer lines).
pub(crate) fn by_date(lines: &[Line]) -> Vec<u32> {
    let Some(first) = lines.iter().map(|line| line.date).min() else {
        return Vec::new();
    };
    // Days after the first line's: below 2^20 inside the calendar's range.
    let first = first.num_days_from_ce();
    let days: Vec<u32> = lines
        .iter()
        .map(|line| u32::try_from(line.date.num_days_from_ce() - first).unwrap_or(0))
        .collect();
    let span = days.iter().copied().max().unwrap_or(0);
    let bits = u32::BITS - span.leading_zeros();
    // Buckets in proportion to the lines (at least 16, at most 4,096): a few lines over many
    // years take more passes over fewer buckets.
    let most = (u32::BITS - (lines.len() as u32).leading_zeros()).clamp(4, 12);
    let passes = bits.div_ceil(most).max(1);
    let width = bits.div_ceil(passes);
    // Positions are below MAX_LINES.
    let mut order: Vec<u32> = (0..days.len() as u32).collect();
    let mut next = vec![0; order.len()];
    let mut starts = vec![0u32; (1 << width) + 1];
    for pass in 0..passes {
        let shift = pass * width;
        let bucket = |i: u32| ((days[i as usize] >> shift) & ((1 << width) - 1)) as usize;
        starts.fill(0);
        for &i in &order {
            starts[bucket(i) + 1] += 1;
        }
        for b in 1..starts.len() {
            starts[b] += starts[b - 1];
        }
        for &i in &order {
            let b = bucket(i);
            next[starts[b] as usize] = i;
            starts[b] += 1;
        }
        std::mem::swap(&mut order, &mut next);
    }
    order
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::charges::ServicePeriod;

    fn line(date: &str, price_index: usize) -> Line {
        let date = calendar::parse_date(date).expect("date");
        Line {
            date,
            phase_index: 0,
            price_index,
            period_index: 0,
            kind: LineKind::Charge,
            discount_index: None,
            service: ServicePeriod {
                start: date,
                end: None,
            },
            proration: None,
            amount: 1,
        }
    }

    #[test]
    fn lines_go_in_date_order_keeping_key_order_inside_a_date() {
        // Spans of under and over 1,024 days, ties in key order.
        let lines = [
            line("2030-06-01", 0),
            line("2026-01-01", 1),
            line("2030-06-01", 2),
            line("2026-01-02", 3),
            line("2026-01-01", 4),
            line("2027-03-01", 5),
        ];
        let prices = |order: Vec<u32>| -> Vec<usize> {
            order
                .iter()
                .map(|&i| lines[i as usize].price_index)
                .collect()
        };
        assert_eq!(prices(by_date(&lines)), [1, 4, 3, 5, 0, 2]);
        // 2026-01-01 .. 2027-03-01.
        let short = [lines[5], lines[1], lines[3], lines[4]];
        assert_eq!(by_date(&short), [1, 3, 2, 0]);
        // One line, and a span of one day.
        assert_eq!(by_date(&lines[..1]), [0]);
        assert_eq!(by_date(&[lines[3], lines[1]]), [1, 0]);
        assert!(by_date(&[]).is_empty());
    }

    proptest::proptest! {
        /// Any span and number of lines (one pass or several): the order of a stable sort
        /// by date.
        #[test]
        fn by_date_is_a_stable_sort_by_date(
            days in proptest::collection::vec(0u64..110_000, 0..300),
            spread in 0u32..4,
        ) {
            let start = calendar::parse_date("1990-01-01").expect("date");
            // Short spans too: days folded into 10, 1,000, 5,000 or 110,000 days.
            let modulo = [10, 1_000, 5_000, 110_000][spread as usize];
            let lines: Vec<Line> = days
                .iter()
                .enumerate()
                .map(|(i, &d)| {
                    let mut l = line("1990-01-01", i);
                    l.date = calendar::add_days(start, d % modulo).expect("in range");
                    l
                })
                .collect();
            let mut expected: Vec<u32> = (0..lines.len() as u32).collect();
            expected.sort_by_key(|&i| lines[i as usize].date);
            proptest::prop_assert_eq!(by_date(&lines), expected);
        }
    }
}
