//! The preview (spec sections 6 and 7): the window, invoices with statuses, phases, totals.

use crate::calendar::{self, Date, LAST_DATE};
use crate::charges::ServicePeriod;
use crate::currency::Currency;
use crate::error::{Code, Error, Issue, Warning};
use crate::invoicing::{self, Line, LineKind, MAX_LINES};
use crate::money::{self, Money};
use crate::schedule::Schedule;
use crate::terms;
use crate::timeline::{self, Timeline, View};
use crate::validate::Valid;
use serde::Serialize;
use std::sync::Arc;

/// Most invoices a preview may hold.
pub const MAX_INVOICES: usize = 10_000;

/// Every invoice, credit and proration of a schedule inside the window.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Preview {
    pub currency: Currency,
    pub as_of: Date,
    /// Last day of the window, inclusive.
    pub until: Date,
    /// Whether billing goes on after `until`.
    pub truncated: bool,
    pub phases: Vec<PhaseView>,
    pub invoices: Vec<Invoice>,
    pub totals: Totals,
    pub warnings: Vec<Warning>,
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

/// All lines issued on one date.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Invoice {
    pub issue_date: Date,
    pub kind: InvoiceKind,
    pub status: InvoiceStatus,
    pub total: Money,
    /// `issueDate + paymentTermsDays` for an invoice; `None` for a credit note. May pass
    /// 2999-12-31: it is output only.
    pub due_date: Option<Date>,
    pub lines: Vec<InvoiceLine>,
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

#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct InvoiceLine {
    pub phase_index: usize,
    pub price_index: usize,
    /// Shared by every line of the price (formatted once per price, never per line).
    pub price_name: Arc<str>,
    pub kind: LineKind,
    /// Shared by every line of the price and kind (or of the discount).
    pub description: Arc<str>,
    pub service_period: ServicePeriod,
    /// Canonical decimal (`"1"`, `"1.5"`), shared by every line of the price.
    pub quantity: Arc<str>,
    pub unit_amount: Money,
    pub amount: Money,
    pub proration: Option<Proration>,
    /// The discount's index in its phase's `discounts`, on discount lines only.
    pub discount_index: Option<usize>,
    /// Billing-period index, for ordering; not part of the JSON.
    #[serde(skip)]
    pub period_index: u32,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Proration {
    pub used_days: i64,
    pub period_days: i64,
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

/// Builds the preview of a validated input.
pub fn preview(valid: &Valid) -> Result<Preview, Error> {
    let Valid {
        schedule,
        options,
        forecast,
        warnings,
    } = valid;
    let currency = schedule.currency;
    let until = options.until.unwrap_or_else(|| default_until(valid));
    let found = invoicing::lines(schedule, forecast, until)
        .map_err(|_| too_large(&format!("{MAX_LINES} lines")))?;
    let truncated = !forecast.all_ends_known() || found.beyond;

    let lines = found.lines;
    let prices = PriceTexts::new(schedule);
    let mut invoices: Vec<Invoice> = Vec::new();
    for line in by_date(&lines).into_iter().map(|i| &lines[i as usize]) {
        if invoices
            .last()
            .is_none_or(|inv| inv.issue_date != line.date)
        {
            if invoices.len() == MAX_INVOICES {
                return Err(too_large(&format!("{MAX_INVOICES} invoices")));
            }
            let status = match forecast.forecast_from {
                Some(from) if line.date >= from => InvoiceStatus::Forecast,
                _ if line.date <= options.as_of => InvoiceStatus::Issued,
                _ => InvoiceStatus::Upcoming,
            };
            invoices.push(Invoice {
                issue_date: line.date,
                kind: InvoiceKind::Invoice,
                status,
                total: Money::zero(currency),
                due_date: None,
                lines: Vec::new(),
            });
        }
        if let Some(invoice) = invoices.last_mut() {
            invoice.lines.push(prices.line(line, currency));
        }
    }
    let mut charged = Money::zero(currency);
    let mut credited = Money::zero(currency);
    let mut discounted = Money::zero(currency);
    for invoice in &mut invoices {
        for line in &invoice.lines {
            invoice.total = invoice.total + line.amount;
            let sum = match line.kind {
                LineKind::Discount => &mut discounted,
                _ if line.amount.is_negative() => &mut credited,
                _ => &mut charged,
            };
            *sum = *sum + line.amount;
        }
        if invoice.total.is_negative() {
            invoice.kind = InvoiceKind::CreditNote;
        } else {
            invoice.due_date = terms::due_date(invoice.issue_date, schedule.payment_terms_days);
        }
    }
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
    Ok(Preview {
        currency,
        as_of: options.as_of,
        until,
        truncated,
        phases: phase_views(schedule, &facts, options.as_of),
        invoices,
        totals: Totals {
            charged,
            credited,
            discounted,
            net: charged + credited + discounted,
        },
        warnings: warnings.clone(),
    })
}

/// The positions of `lines` in issue-date order, key order kept inside a date: a stable
/// radix sort on the day (two passes of 10 bits), linear in the lines, which links no
/// comparison sort into the wasm module.
pub(crate) fn by_date(lines: &[Line]) -> Vec<u32> {
    let Some(first) = lines.iter().map(|line| line.date).min() else {
        return Vec::new();
    };
    // Days after the first line's: below 2^20 inside the calendar's range.
    let days: Vec<u32> = lines
        .iter()
        .map(|line| u32::try_from(calendar::days_between(first, line.date)).unwrap_or(0))
        .collect();
    // Positions are below MAX_LINES.
    let mut order: Vec<u32> = (0..days.len() as u32).collect();
    let mut next = vec![0; order.len()];
    for shift in [0, 10] {
        let bucket = |i: u32| ((days[i as usize] >> shift) & 1023) as usize;
        let mut starts = vec![0usize; 1025];
        for &i in &order {
            starts[bucket(i) + 1] += 1;
        }
        for b in 1..starts.len() {
            starts[b] += starts[b - 1];
        }
        for &i in &order {
            let b = bucket(i);
            next[starts[b]] = i;
            starts[b] += 1;
        }
        std::mem::swap(&mut order, &mut next);
    }
    order
}

/// What every line of a price repeats, formatted once per price.
struct PriceText {
    name: Arc<str>,
    catch_up: Arc<str>,
    credit: Arc<str>,
    quantity: Arc<str>,
    unit_amount: Money,
}

/// Per phase: the texts of its prices and the names of its discounts.
struct PriceTexts(Vec<(Vec<PriceText>, Vec<Arc<str>>)>);

impl PriceTexts {
    fn new(schedule: &Schedule) -> PriceTexts {
        let texts = schedule.phases.iter().map(|phase| {
            let prices = phase
                .prices
                .iter()
                .map(|price| PriceText {
                    name: price.name.as_str().into(),
                    catch_up: format!("{} (catch-up)", price.name).into(),
                    credit: format!("{} (credit)", price.name).into(),
                    quantity: money::canonical(price.quantity).into(),
                    unit_amount: Money::from_decimal(price.amount, schedule.currency),
                })
                .collect();
            let discounts = phase
                .discounts
                .iter()
                .map(|d| d.name.as_str().into())
                .collect();
            (prices, discounts)
        });
        PriceTexts(texts.collect())
    }

    fn line(&self, line: &Line, currency: Currency) -> InvoiceLine {
        // Lines only name prices and discounts of the schedule they were computed from.
        let (prices, discounts) = &self.0[line.phase_index];
        let price = &prices[line.price_index];
        let description = match (line.kind, line.discount_index) {
            (LineKind::Discount, Some(index)) => &discounts[index],
            (LineKind::CatchUp, _) => &price.catch_up,
            (LineKind::Credit, _) => &price.credit,
            _ => &price.name,
        };
        InvoiceLine {
            phase_index: line.phase_index,
            price_index: line.price_index,
            price_name: Arc::clone(&price.name),
            kind: line.kind,
            description: Arc::clone(description),
            service_period: line.service,
            quantity: Arc::clone(&price.quantity),
            unit_amount: price.unit_amount,
            amount: Money::from_minor(line.amount, currency),
            proration: line.proration.map(|(used_days, period_days)| Proration {
                used_days,
                period_days,
            }),
            discount_index: line.discount_index,
            period_index: line.period_index,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

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
        assert!(by_date(&[]).is_empty());
    }
}
