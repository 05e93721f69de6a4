//! One invoice of the preview.

use super::state::*;
use crate::browser;
use chrono::{Duration, NaiveDate};
use leptos::prelude::*;
use phasebill::{Change, LineKind};
use phasebill::{Currency, Preview};
use phasebill::{Invoice, InvoiceKind, InvoiceLine, InvoiceStatus};
use std::sync::Arc;

/// One invoice of a preview: the preview and the invoice's index.
#[derive(Clone)]
pub(crate) struct InvoiceRef(Arc<Preview>, usize);

impl InvoiceRef {
    fn get(&self) -> (&Invoice, Currency) {
        (&self.0.invoices[self.1], self.0.currency)
    }
}

impl PartialEq for InvoiceRef {
    fn eq(&self, other: &Self) -> bool {
        (Arc::ptr_eq(&self.0, &other.0) && self.1 == other.1) || self.get() == other.get()
    }
}

/// One invoice; it updates in place when its lines or totals change.
#[component]
pub(crate) fn InvoiceCard(date: NaiveDate) -> impl IntoView {
    let s = expect_context::<State>();
    // This invoice inside the last good preview (shared, not copied); it counts as changed
    // only when the invoice itself or the currency did.
    let invoice = Memo::new_with_compare(
        move |_| {
            s.last_good.with(|p| {
                p.as_ref().and_then(|p| {
                    p.invoices
                        .binary_search_by_key(&date, |i| i.issue_date)
                        .ok()
                        .map(|index| InvoiceRef(p.clone(), index))
                })
            })
        },
        |old, new| old != new,
    );
    let head = Memo::new(move |_| {
        invoice.with(|r| {
            r.as_ref().map(|r| {
                let (i, c) = r.get();
                let due = i
                    .due_date
                    .filter(|d| *d != i.issue_date)
                    .map(|d| format!("Due {}", browser::date(d)));
                (i.status, i.kind, browser::money(i.total, c), due)
            })
        })
    });
    let credit_note =
        move || head.with(|h| h.as_ref().is_some_and(|h| h.1 == InvoiceKind::CreditNote));
    let kind = move || {
        if credit_note() {
            "Credit note"
        } else {
            "Invoice"
        }
    };
    let status = move || {
        head.with(|h| match h.as_ref().map(|h| h.0) {
            Some(InvoiceStatus::Issued) => ("issued", "Issued"),
            Some(InvoiceStatus::Upcoming) => ("upcoming", "Upcoming"),
            Some(InvoiceStatus::Forecast) | None => ("forecast", "Forecast"),
        })
    };
    let adjusted = move || {
        invoice.with(|r| {
            r.as_ref().is_some_and(|r| {
                r.get()
                    .0
                    .lines
                    .iter()
                    .any(|l| matches!(l.kind, LineKind::Credit | LineKind::CatchUp))
            })
        })
    };
    // While comparing with a version: whether this invoice is new or changed.
    let change = Memo::new(move |_| s.changes.with(|c| c.get(&date).copied()));
    let change_text = move || {
        change.get().map(|c| match c {
            Change::Added => "Added since the version",
            Change::Removed => "Removed since the version",
            Change::Changed => "Changed since the version",
        })
    };
    let shown = browser::date(date);
    let label = {
        let shown = shown.clone();
        move || format!("{} {shown}", kind())
    };
    view! {
        <li class="invoice" class:credit-note=credit_note class:changed=move || change.with(Option::is_some) aria-label=label id=format!("invoice-{date}") tabindex="-1">
            <div class="invoice-head">
                <time datetime=date.to_string()>{shown}</time>
                <span class=move || format!("status {}", status().0)>{move || status().1}</span>
                <span class="invoice-kind">{kind}</span>
                {move || change_text().map(|t| view! { <span class="change-mark">{t}</span> })}
                <span class="due">{move || head.with(|h| h.as_ref().and_then(|h| h.3.clone()))}</span>
                <span class="invoice-total">
                    "Total "<span class="money">{move || head.with(|h| h.as_ref().map(|h| h.2.clone()))}</span>
                </span>
            </div>
            {move || adjusted().then(|| view! {
                <p class="invoice-reason">
                    "Adjusts for a milestone recorded on this date: credits for what was billed after its completion, catch-ups for the next phase from its completion."
                </p>
            })}
            <table class="lines">
                <thead>
                    <tr>
                        <th scope="col">"Line"</th>
                        <th scope="col">"Kind"</th>
                        <th scope="col">"Service period"</th>
                        <th scope="col">"Proration"</th>
                        <th scope="col" class="num">"Qty × unit"</th>
                        <th scope="col" class="num">"Amount"</th>
                    </tr>
                </thead>
                // The rows are redrawn only when this invoice changed (few per edit); a
                // reactive node per cell would make every edit walk thousands of them.
                <tbody>
                    {move || {
                        invoice.with(|r| {
                            r.as_ref().map(|r| {
                                let (i, c) = r.get();
                                i.lines.iter().map(|l| line_row(l, c)).collect_view()
                            })
                        })
                    }}
                </tbody>
            </table>
        </li>
    }
}

pub(crate) fn line_row(line: &InvoiceLine, currency: Currency) -> impl IntoView {
    let (kind_class, kind) = match line.kind {
        LineKind::Charge => ("charge", "Charge"),
        LineKind::CatchUp => ("catch-up", "Catch-up"),
        LineKind::Credit => ("credit", "Credit"),
        LineKind::Discount => ("discount", "Discount"),
    };
    let period = match line.service_period.end {
        Some(end) => format!(
            "{} – {}",
            browser::date(line.service_period.start),
            browser::date(end - Duration::days(1))
        ),
        None => format!("from {}", browser::date(line.service_period.start)),
    };
    let proration = line
        .proration
        .map(|p| format!("{} of {} days", p.used_days, p.period_days))
        .unwrap_or_default();
    view! {
        <tr class=format!("line {kind_class}")>
            <td data-label="Line">{line.description.clone()}</td>
            <td data-label="Kind">
                <span class=format!("kind {kind_class}")>{kind}</span>
            </td>
            <td data-label="Service period">{period}</td>
            <td data-label="Proration">{proration}</td>
            <td class="num" data-label="Qty × unit">
                // A credit gives back: its sign shows here too.
                {format!(
                    "{}{} × {}",
                    if line.kind == LineKind::Credit { "\u{2212}" } else { "" },
                    line.quantity,
                    browser::money(line.unit_amount, currency)
                )}
            </td>
            <td class="num" data-label="Amount">{browser::money(line.amount, currency)}</td>
        </tr>
    }
}
