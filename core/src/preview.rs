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
use chrono::Datelike;
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
    let order = by_date(&lines);
    let prices = PriceTexts::new(schedule);
    let mut invoices: Vec<Invoice> = Vec::new();
    let mut rest = &order[..];
    while let Some(&first) = rest.first() {
        // One invoice per issue date: the run of lines dated alike.
        let date = lines[position(first)].date;
        let run = rest.iter().take_while(|&&k| k >> 32 == first >> 32).count();
        if invoices.len() == MAX_INVOICES {
            return Err(too_large(&format!("{MAX_INVOICES} invoices")));
        }
        let status = match forecast.forecast_from {
            Some(from) if date >= from => InvoiceStatus::Forecast,
            _ if date <= options.as_of => InvoiceStatus::Issued,
            _ => InvoiceStatus::Upcoming,
        };
        let (run, after) = rest.split_at(run);
        rest = after;
        invoices.push(Invoice {
            issue_date: date,
            kind: InvoiceKind::Invoice,
            status,
            total: Money::zero(currency),
            due_date: None,
            lines: run
                .iter()
                .map(|&k| prices.line(&lines[position(k)], currency))
                .collect(),
        });
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

/// The lines in issue-date order, key order kept inside a date, as sort keys
/// `day << 32 | position`: sorting these 8-byte keys instead of the lines themselves.
pub(crate) fn by_date(lines: &[Line]) -> Vec<u64> {
    let mut keys: Vec<u64> = lines
        .iter()
        .enumerate()
        .map(|(i, line)| {
            // Days since 0001-01-01 are positive in the calendar's range; positions are
            // below MAX_LINES.
            let day = u64::try_from(line.date.num_days_from_ce()).unwrap_or(0);
            day << 32 | i as u64
        })
        .collect();
    // Keys are distinct, so an unstable sort orders them as a stable one would.
    keys.sort_unstable();
    keys
}

/// The line position of a sort key of [`by_date`].
fn position(key: u64) -> usize {
    (key & u64::from(u32::MAX)) as usize
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
