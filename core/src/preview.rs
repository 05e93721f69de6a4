//! The preview (spec sections 6 and 7): the window, invoices with statuses, phases, totals.

use crate::billing;
pub use crate::billing::{
    InvoiceKind, InvoiceStatus, PhaseStatus, PhaseView, Totals, MAX_INVOICES,
};
use crate::calendar::Date;
use crate::charges::ServicePeriod;
use crate::currency::Currency;
use crate::error::{Error, Warning};
use crate::invoicing::{Line, LineKind};
use crate::money::{self, Money};
use crate::schedule::Schedule;
use crate::validate::Valid;
use serde::Serialize;
use std::sync::Arc;

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

/// Builds the preview of a validated input: its billing, each line named.
pub fn preview(valid: &Valid) -> Result<Preview, Error> {
    named(billing::billing(valid)?, valid)
}

/// [`preview`] over the window ending on `until`, whatever the options say.
pub fn preview_to(valid: &Valid, until: Date) -> Result<Preview, Error> {
    named(billing::billing_to(valid, until)?, valid)
}

/// The preview of a billing: each line named.
fn named(billing: billing::Billing<'_>, valid: &Valid) -> Result<Preview, Error> {
    let prices = PriceTexts::new(&valid.schedule);
    let currency = billing.currency;
    let invoices = billing
        .invoices
        .iter()
        .map(|head| Invoice {
            issue_date: head.issue_date,
            kind: head.summary.kind,
            status: head.summary.status,
            total: head.summary.total,
            due_date: head.summary.due_date,
            lines: billing.lines[head.lines.clone()]
                .iter()
                .map(|line| prices.line(line, currency))
                .collect(),
        })
        .collect();
    Ok(Preview {
        currency,
        as_of: billing.as_of,
        until: billing.until,
        truncated: billing.truncated,
        phases: billing.phases,
        invoices,
        totals: billing.totals,
        warnings: billing.warnings.to_vec(),
    })
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
