//! Compare two versions of a schedule (spec section 11): both previewed over one window,
//! then matched invoice by invoice (by issue date); only what changed is listed.

use crate::billing;
pub use crate::billing::InvoiceSummary;
use crate::calendar::Date;
use crate::currency::Currency;
use crate::error::{Code, Error, Issue};
use crate::money::Money;
use crate::preview::{self, Invoice, InvoiceLine, Preview, Totals};
use crate::validate::Valid;
use serde::Serialize;
use std::collections::HashMap;

/// What changed between two previews of the same window.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Comparison {
    pub currency: Currency,
    pub as_of: Date,
    /// The window's last day, shared by both sides.
    pub until: Date,
    pub before: Side,
    pub after: Side,
    /// `after − before`, per total.
    pub delta: Totals,
    /// The changed invoices only, by issue date.
    pub invoices: Vec<InvoiceChange>,
}

/// One version's preview, summed up.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Side {
    pub truncated: bool,
    pub totals: Totals,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub enum Change {
    /// Only after has an invoice on this date.
    Added,
    /// Only before has one.
    Removed,
    /// Both have one, and something differs.
    Changed,
}

/// One changed invoice.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct InvoiceChange {
    pub issue_date: Date,
    pub change: Change,
    pub before: Option<InvoiceSummary>,
    pub after: Option<InvoiceSummary>,
    /// After's total minus before's; a missing side counts 0.
    pub delta: Money,
    /// Before's lines that after does not have (as a multiset), in before's line order.
    pub removed_lines: Vec<InvoiceLine>,
    /// After's lines that before does not have, in after's line order.
    pub added_lines: Vec<InvoiceLine>,
}

/// Every field of a line that its JSON shows, for comparing lines as whole objects.
type LineKey<'a> = (
    (usize, usize, &'a str, &'a str),
    crate::invoicing::LineKind,
    (Date, Option<Date>),
    (&'a str, Money, Money),
    Option<(i64, i64)>,
    Option<usize>,
);

fn key(line: &InvoiceLine) -> LineKey<'_> {
    (
        (
            line.phase_index,
            line.price_index,
            &line.price_name,
            &line.description,
        ),
        line.kind,
        (line.service_period.start, line.service_period.end),
        (&line.quantity, line.unit_amount, line.amount),
        line.proration.map(|p| (p.used_days, p.period_days)),
        line.discount_index,
    )
}

/// The lines of `from` that `other` does not hold, counting repeats (multiset difference),
/// in `from`'s order.
fn difference(from: &[InvoiceLine], other: &[InvoiceLine]) -> Vec<InvoiceLine> {
    let mut left: HashMap<LineKey<'_>, usize> = HashMap::with_capacity(other.len());
    for line in other {
        *left.entry(key(line)).or_insert(0) += 1;
    }
    from.iter()
        .filter(|line| match left.get_mut(&key(line)) {
            Some(n) if *n > 0 => {
                *n -= 1;
                false
            }
            _ => true,
        })
        .cloned()
        .collect()
}

fn summary(invoice: &Invoice) -> InvoiceSummary {
    InvoiceSummary {
        kind: invoice.kind,
        status: invoice.status,
        total: invoice.total,
        due_date: invoice.due_date,
    }
}

fn lines(invoice: Option<&Invoice>) -> &[InvoiceLine] {
    invoice.map_or(&[], |i| i.lines.as_slice())
}

fn change(before: Option<&Invoice>, after: Option<&Invoice>, zero: Money) -> Option<InvoiceChange> {
    let (issue_date, change) = match (before, after) {
        (Some(b), None) => (b.issue_date, Change::Removed),
        (None, Some(a)) => (a.issue_date, Change::Added),
        (Some(b), Some(_)) => (b.issue_date, Change::Changed),
        (None, None) => return None,
    };
    let removed_lines = difference(lines(before), lines(after));
    let added_lines = difference(lines(after), lines(before));
    let (b, a) = (before.map(summary), after.map(summary));
    if change == Change::Changed && a == b && removed_lines.is_empty() && added_lines.is_empty() {
        return None;
    }
    let total = |s: Option<InvoiceSummary>| s.map_or(zero, |s| s.total);
    Some(InvoiceChange {
        issue_date,
        change,
        before: b,
        after: a,
        delta: total(a) - total(b),
        removed_lines,
        added_lines,
    })
}

/// The changed invoices of two previews, by date (both lists are sorted by date).
fn changes(before: &[Invoice], after: &[Invoice], zero: Money) -> Vec<InvoiceChange> {
    let (mut b, mut a) = (before.iter().peekable(), after.iter().peekable());
    let mut out = Vec::new();
    loop {
        let pair = match (b.peek(), a.peek()) {
            (None, None) => break,
            (Some(x), Some(y)) if x.issue_date == y.issue_date => (b.next(), a.next()),
            (Some(x), Some(y)) if x.issue_date < y.issue_date => (b.next(), None),
            (Some(_), None) => (b.next(), None),
            _ => (None, a.next()),
        };
        out.extend(change(pair.0, pair.1, zero));
    }
    out
}

fn delta(before: &Totals, after: &Totals) -> Totals {
    Totals {
        charged: after.charged - before.charged,
        credited: after.credited - before.credited,
        discounted: after.discounted - before.discounted,
        net: after.net - before.net,
    }
}

/// `before.` / `after.` in front of an issue's path (the schedule itself is `before`).
fn prefixed(side: &str, issue: Issue) -> Issue {
    let path = if issue.path.is_empty() {
        side.to_string()
    } else {
        format!("{side}.{}", issue.path)
    };
    Issue { path, ..issue }
}

fn is_options_issue(issue: &Issue) -> bool {
    issue.path == "options" || issue.path.starts_with("options.")
}

/// Joins the validation of both sides: schedule issues prefixed, options issues once.
pub(crate) fn both_valid(
    before: Result<Valid, Vec<Issue>>,
    after: Result<Valid, Vec<Issue>>,
) -> Result<(Valid, Valid), Error> {
    match (before, after) {
        (Ok(b), Ok(a)) if b.schedule.currency != a.schedule.currency => {
            Err(Error::new(vec![Issue::new(
                "after.currency",
                Code::CurrencyMismatch,
                format!(
                    "currency {} differs from the currency {} of before",
                    a.schedule.currency.code(),
                    b.schedule.currency.code()
                ),
            )]))
        }
        (Ok(b), Ok(a)) => Ok((b, a)),
        (b, a) => {
            let b = b.err().unwrap_or_default();
            let a = a.err().unwrap_or_default();
            let options_seen = b.iter().any(is_options_issue);
            let mut issues = Vec::with_capacity(b.len() + a.len());
            for issue in b {
                issues.push(if is_options_issue(&issue) {
                    issue
                } else {
                    prefixed("before", issue)
                });
            }
            for issue in a {
                match is_options_issue(&issue) {
                    true if options_seen => {}
                    true => issues.push(issue),
                    false => issues.push(prefixed("after", issue)),
                }
            }
            Err(Error::new(issues))
        }
    }
}

/// Previews both valid versions over one window and lists what changed. Without an explicit
/// `until`, the window ends at the later of the two default ends.
pub fn compare(before: Valid, after: Valid) -> Result<Comparison, Error> {
    let until = before
        .options
        .until
        .unwrap_or_else(|| billing::default_until(&before).max(billing::default_until(&after)));
    let b: Preview = preview::preview_to(&before, until)?;
    let a: Preview = preview::preview_to(&after, until)?;
    Ok(between(&b, &a).unwrap_or_else(|| unreachable_window(&b)))
}

/// Both previews share a window by construction; should they not, nothing is listed.
fn unreachable_window(b: &Preview) -> Comparison {
    let side = Side {
        truncated: b.truncated,
        totals: b.totals,
    };
    Comparison {
        currency: b.currency,
        as_of: b.as_of,
        until: b.until,
        before: side,
        after: side,
        delta: delta(&b.totals, &b.totals),
        invoices: Vec::new(),
    }
}

/// What changed between two previews of one window (the same currency, as-of and until, as
/// [`crate::Validated::preview_until`] makes them): what [`compare`] answers, for a caller
/// that keeps one side's preview (the builder's saved version). `None` when the windows or
/// currencies differ.
pub fn between(b: &Preview, a: &Preview) -> Option<Comparison> {
    if (b.currency, b.as_of, b.until) != (a.currency, a.as_of, a.until) {
        return None;
    }
    let zero = Money::zero(b.currency);
    Some(Comparison {
        currency: b.currency,
        as_of: b.as_of,
        until: b.until,
        before: Side {
            truncated: b.truncated,
            totals: b.totals,
        },
        after: Side {
            truncated: a.truncated,
            totals: a.totals,
        },
        delta: delta(&b.totals, &a.totals),
        invoices: changes(&b.invoices, &a.invoices, zero),
    })
}
