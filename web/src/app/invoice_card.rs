//! One invoice of the preview.

use crate::browser;
use crate::messages::escape_html;
use chrono::{Duration, NaiveDate};
use leptos::prelude::*;
use phasebill::{Change, LineKind};
use phasebill::{Currency, Preview};
use phasebill::{Invoice, InvoiceKind, InvoiceLine, InvoiceStatus};
use std::collections::HashMap;
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

/// An invoice as listed: its card is drawn once and replaced (not updated in place) when
/// the invoice or its change mark changes, so an edit costs a keyed comparison of the list
/// and the drawing of the few invoices it changed, with no reactive node per card.
#[derive(Clone)]
pub(crate) struct Card {
    pub(crate) date: NaiveDate,
    /// Grows each time this date's card changes: the list's key with the date.
    pub(crate) generation: u64,
    pub(crate) invoice: InvoiceRef,
    pub(crate) change: Option<Change>,
}

impl PartialEq for Card {
    fn eq(&self, other: &Self) -> bool {
        (self.date, self.generation) == (other.date, other.generation)
    }
}

/// The cards of a preview's first `limit` invoices, made from the previous cards: an
/// invoice equal to the one its date had (and with the same change mark) keeps its
/// generation, so its card stays on the page untouched.
pub(crate) fn cards(
    previous: Option<Vec<Card>>,
    preview: Option<&Arc<Preview>>,
    changes: &HashMap<NaiveDate, Change>,
    limit: usize,
) -> (Vec<Card>, bool) {
    let previous = previous.unwrap_or_default();
    let mut next_generation = previous.iter().map(|c| c.generation + 1).max().unwrap_or(0);
    let mut changed = false;
    let list: Vec<Card> = preview
        .iter()
        .flat_map(|p| {
            p.invoices
                .iter()
                .enumerate()
                .take(limit)
                .map(move |(i, _)| InvoiceRef(Arc::clone(p), i))
        })
        .map(|invoice| {
            let date = invoice.get().0.issue_date;
            let change = changes.get(&date).copied();
            let kept = previous
                .binary_search_by_key(&date, |c| c.date)
                .ok()
                .map(|k| &previous[k])
                .filter(|c| c.change == change && c.invoice == invoice);
            let generation = kept.map_or_else(
                || {
                    changed = true;
                    next_generation += 1;
                    next_generation
                },
                |c| c.generation,
            );
            Card {
                date,
                generation,
                invoice,
                change,
            }
        })
        .collect();
    changed |= list.len() != previous.len();
    (list, changed)
}

/// One invoice, drawn once (see [`Card`]) from HTML text: one DOM call for the card's
/// content instead of one per element, attribute and text (every value escaped).
#[component]
pub(crate) fn InvoiceCard(card: Card) -> impl IntoView {
    let date = card.date;
    let (invoice, currency) = card.invoice.get();
    let credit_note = invoice.kind == InvoiceKind::CreditNote;
    let kind = if credit_note {
        "Credit note"
    } else {
        "Invoice"
    };
    let shown = browser::date(date);
    let label = format!("{kind} {shown}");
    let html = card_html(invoice, currency, card.change, &shown, kind);
    view! {
        <li class="invoice" class:credit-note=credit_note class:changed=card.change.is_some() aria-label=label
            id=format!("invoice-{date}") tabindex="-1" inner_html=html></li>
    }
}

/// The content of an invoice card as HTML.
fn card_html(
    invoice: &Invoice,
    currency: Currency,
    change: Option<Change>,
    shown: &str,
    kind: &str,
) -> String {
    let (status_class, status) = match invoice.status {
        InvoiceStatus::Issued => ("issued", "Issued"),
        InvoiceStatus::Upcoming => ("upcoming", "Upcoming"),
        InvoiceStatus::Forecast => ("forecast", "Forecast"),
    };
    let mut html = String::with_capacity(600 + 400 * invoice.lines.len());
    html.push_str(&format!(
        r#"<div class="invoice-head"><time datetime="{}">{}</time><span class="status {status_class}">{status}</span><span class="invoice-kind">{kind}</span>"#,
        invoice.issue_date,
        escape_html(shown),
    ));
    // While comparing with a version: whether this invoice is new or changed.
    if let Some(change) = change {
        let text = match change {
            Change::Added => "Added since the version",
            Change::Removed => "Removed since the version",
            Change::Changed => "Changed since the version",
        };
        html.push_str(&format!(r#"<span class="change-mark">{text}</span>"#));
    }
    let due = invoice
        .due_date
        .filter(|d| *d != invoice.issue_date)
        .map(|d| format!("Due {}", browser::date(d)))
        .unwrap_or_default();
    html.push_str(&format!(
        r#"<span class="due">{}</span><span class="invoice-total">Total <span class="money">{}</span></span></div>"#,
        escape_html(&due),
        escape_html(&browser::money(invoice.total, currency)),
    ));
    let adjusted = invoice
        .lines
        .iter()
        .any(|l| matches!(l.kind, LineKind::Credit | LineKind::CatchUp));
    if adjusted {
        html.push_str(r#"<p class="invoice-reason">Adjusts for a milestone recorded on this date: credits for what was billed after its completion, catch-ups for the next phase from its completion.</p>"#);
    }
    html.push_str(concat!(
        r#"<table class="lines"><thead><tr><th scope="col">Line</th><th scope="col">Kind</th>"#,
        r#"<th scope="col">Service period</th><th scope="col">Proration</th>"#,
        r#"<th scope="col" class="num">Qty × unit</th><th scope="col" class="num">Amount</th></tr></thead><tbody>"#,
    ));
    for line in &invoice.lines {
        html.push_str(&line_html(line, currency));
    }
    html.push_str("</tbody></table>");
    html
}

/// One invoice line as a table row (HTML, every value escaped).
pub(crate) fn line_html(line: &InvoiceLine, currency: Currency) -> String {
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
    // A credit gives back: its sign shows in the quantity too.
    let quantity = format!(
        "{}{} × {}",
        if line.kind == LineKind::Credit {
            "\u{2212}"
        } else {
            ""
        },
        line.quantity,
        browser::money(line.unit_amount, currency)
    );
    format!(
        concat!(
            r#"<tr class="line {kc}"><td data-label="Line">{description}</td>"#,
            r#"<td data-label="Kind"><span class="kind {kc}">{kind}</span></td>"#,
            r#"<td data-label="Service period">{period}</td><td data-label="Proration">{proration}</td>"#,
            r#"<td class="num" data-label="Qty × unit">{quantity}</td>"#,
            r#"<td class="num" data-label="Amount">{amount}</td></tr>"#,
        ),
        kc = kind_class,
        kind = kind,
        description = escape_html(&line.description),
        period = escape_html(&period),
        proration = escape_html(&proration),
        quantity = escape_html(&quantity),
        amount = escape_html(&browser::money(line.amount, currency)),
    )
}
