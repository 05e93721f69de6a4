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
use crate::money::Money;
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
    named(billing::billing(valid)?)
}

/// [`preview`] over the window ending on `until`, whatever the options say.
pub fn preview_to(valid: &Valid, until: Date) -> Result<Preview, Error> {
    named(billing::billing_to(valid, until)?)
}

/// The preview of a billing: each line named.
fn named(billing: billing::Billing<'_>) -> Result<Preview, Error> {
    let mut texts = SharedTexts::new(&billing);
    let currency = billing.currency;
    let mut invoices = Vec::with_capacity(billing.invoices.len());
    for head in &billing.invoices {
        let lines = &billing.lines[head.lines.clone()];
        let mut named = Vec::with_capacity(lines.len());
        for line in lines {
            named.push(texts.line(&billing, line, currency));
        }
        invoices.push(Invoice {
            issue_date: head.issue_date,
            kind: head.summary.kind,
            status: head.summary.status,
            total: head.summary.total,
            due_date: head.summary.due_date,
            lines: named,
        });
    }
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

/// What the lines of one price share, made on its first line: the texts of
/// [`billing::Billing::texts`] as shared strings, and a description per line kind.
struct Shared {
    name: Arc<str>,
    quantity: Arc<str>,
    unit_amount: Money,
    descriptions: [Option<Arc<str>>; 4],
}

/// Per price of the schedule, its shared texts: never a `String` per line, and only the
/// texts some line uses.
struct SharedTexts {
    prices: billing::PriceSlots,
    slots: Vec<Option<Shared>>,
}

impl SharedTexts {
    fn new(billing: &billing::Billing<'_>) -> SharedTexts {
        let prices = billing.price_slots();
        let mut slots = Vec::new();
        slots.resize_with(prices.count(), || None);
        SharedTexts { prices, slots }
    }

    fn line(
        &mut self,
        billing: &billing::Billing<'_>,
        line: &Line,
        currency: Currency,
    ) -> InvoiceLine {
        // Lines only name prices and discounts of the schedule they were computed from.
        let slot = &mut self.slots[self.prices.of(line)];
        let shared = match slot {
            Some(shared) => shared,
            None => {
                let texts = billing.texts(line);
                slot.insert(Shared {
                    name: texts.price_name.into(),
                    quantity: texts.quantity.to_string().into(),
                    unit_amount: texts.unit_amount,
                    descriptions: Default::default(),
                })
            }
        };
        let kind = line.kind as usize;
        let description = match &shared.descriptions[kind] {
            Some(description) => Arc::clone(description),
            None => {
                let description: Arc<str> = match billing.texts(line).description {
                    billing::Description::Name(text) if text == &*shared.name => {
                        Arc::clone(&shared.name)
                    }
                    other => other.to_string().into(),
                };
                shared.descriptions[kind] = Some(Arc::clone(&description));
                description
            }
        };
        InvoiceLine {
            phase_index: line.phase_index,
            price_index: line.price_index,
            price_name: Arc::clone(&shared.name),
            kind: line.kind,
            description,
            service_period: line.service,
            quantity: Arc::clone(&shared.quantity),
            unit_amount: shared.unit_amount,
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
