//! Renderings for people and spreadsheets, shared by every front door (the native CLI, the
//! npm package's CLI through the wasm module, the builder's CSV export): a text table of a
//! preview or a comparison, and the CSV of a preview. Service periods and phase ranges are
//! shown with their inclusive last day; the JSON keeps half-open ranges.

use crate::calendar::{previous_day, Date};
use crate::compare::{Change, Comparison};
use crate::invoicing::LineKind;
use crate::preview::{Invoice, InvoiceKind, InvoiceLine, InvoiceStatus, PhaseStatus, Preview};
use std::fmt::{Display, Write};

/// The CSV columns, one row per invoice line (the names of the JSON contract).
pub const CSV_COLUMNS: [&str; 20] = [
    "issueDate",
    "invoiceKind",
    "invoiceStatus",
    "invoiceTotal",
    "dueDate",
    "phaseIndex",
    "phaseName",
    "priceIndex",
    "priceName",
    "lineKind",
    "discountIndex",
    "description",
    "serviceStart",
    "serviceLastDay",
    "usedDays",
    "periodDays",
    "quantity",
    "unitAmount",
    "amount",
    "currency",
];

/// Whether `text` is exactly a decimal number (`-548.39`, `12`), which a spreadsheet
/// reads as a number and never as a formula.
fn is_number(text: &str) -> bool {
    let digits = text.strip_prefix('-').unwrap_or(text);
    let (whole, fraction) = digits.split_once('.').unwrap_or((digits, "0"));
    let all_digits = |s: &str| !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit());
    all_digits(whole) && all_digits(fraction)
}

/// One CSV field (RFC 4180): a text a spreadsheet would run as a formula (first character
/// `= + - @`, tab or carriage return, and not exactly a number) gets a leading `'`; a field
/// holding a comma, quote or line break is quoted, quotes doubled.
pub fn csv_field(text: &str) -> String {
    let risky = text.starts_with(['=', '+', '-', '@', '\t', '\r']) && !is_number(text);
    let text = if risky {
        format!("'{text}")
    } else {
        text.to_string()
    };
    if text.contains([',', '"', '\n', '\r']) {
        format!("\"{}\"", text.replace('"', "\"\""))
    } else {
        text
    }
}

/// A value as text (for padding: `{:>16}`), through one out-of-line `Display` path rather
/// than a `to_string` inlined per type and place.
#[inline(never)]
fn shown(value: &dyn Display) -> String {
    value.to_string()
}

fn last_day(end: Option<Date>) -> Option<Date> {
    end.and_then(previous_day)
}

fn text(value: Option<impl Display>) -> String {
    value.map_or(String::new(), |v| shown(&v))
}

/// The preview as CSV: a header, then one row per invoice line, CRLF line ends.
pub fn csv(preview: &Preview) -> String {
    let mut out = CSV_COLUMNS.join(",");
    out.push_str("\r\n");
    for invoice in &preview.invoices {
        for line in &invoice.lines {
            let phase = preview.phases.get(line.phase_index);
            let (kind, status) = (invoice_kind(invoice.kind), invoice_status(invoice.status));
            let (due, discount) = (text(invoice.due_date), text(line.discount_index));
            let last = text(last_day(line.service_period.end));
            let used = text(line.proration.map(|p| p.used_days));
            let period = text(line.proration.map(|p| p.period_days));
            let name = phase.map_or("", |p| p.name.as_str());
            // One `Display` path for every column (not one `to_string` per type and column).
            let row: [&dyn Display; 20] = [
                &invoice.issue_date,
                &kind,
                &status,
                &invoice.total,
                &due,
                &line.phase_index,
                &name,
                &line.price_index,
                &line.price_name,
                &line_kind(line.kind),
                &discount,
                &line.description,
                &line.service_period.start,
                &last,
                &used,
                &period,
                &line.quantity,
                &line.unit_amount,
                &line.amount,
                &preview.currency.code(),
            ];
            for (i, field) in row.iter().enumerate() {
                if i > 0 {
                    out.push(',');
                }
                out.push_str(&csv_field(&shown(*field)));
            }
            out.push_str("\r\n");
        }
    }
    out
}

pub fn line_kind(kind: LineKind) -> &'static str {
    match kind {
        LineKind::Charge => "charge",
        LineKind::CatchUp => "catchUp",
        LineKind::Credit => "credit",
        LineKind::Discount => "discount",
    }
}

pub fn invoice_kind(kind: InvoiceKind) -> &'static str {
    match kind {
        InvoiceKind::Invoice => "invoice",
        InvoiceKind::CreditNote => "creditNote",
    }
}

pub fn invoice_status(status: InvoiceStatus) -> &'static str {
    match status {
        InvoiceStatus::Issued => "issued",
        InvoiceStatus::Upcoming => "upcoming",
        InvoiceStatus::Forecast => "forecast",
    }
}

pub fn phase_status(status: PhaseStatus) -> &'static str {
    match status {
        PhaseStatus::Completed => "completed",
        PhaseStatus::Active => "active",
        PhaseStatus::Upcoming => "upcoming",
        PhaseStatus::AwaitingMilestone => "awaitingMilestone",
    }
}

/// A name on one table row: control characters (a newline in a name) become spaces.
#[inline(never)]
fn one_line(name: &str) -> String {
    name.chars()
        .map(|c| if c.is_control() { ' ' } else { c })
        .collect()
}

/// `text` padded with spaces to `width` characters (never cut).
#[inline(never)]
fn pad(text: &str, width: usize) -> String {
    let n = text.chars().count();
    format!("{text}{}", " ".repeat(width.saturating_sub(n)))
}

/// An inclusive range: `2026-03-15 – 2027-03-14`, `2026-03-15 –` when open, `?` unknown.
#[inline(never)]
fn range(start: Option<Date>, end: Option<Date>) -> String {
    match (start, last_day(end)) {
        (None, _) => "?".into(),
        (Some(s), Some(last)) => format!("{s} – {last}"),
        (Some(s), None) => format!("{s} –"),
    }
}

/// The preview laid out for people: the phases, one block per invoice (with due dates and
/// discount lines), then the totals and warnings.
pub fn table(preview: &Preview) -> String {
    let mut out = String::new();
    let cut = if preview.truncated {
        " (truncated: billing goes on)"
    } else {
        ""
    };
    let _ = writeln!(
        out,
        "{} preview as of {}, until {}{cut}\n",
        preview.currency.code(),
        preview.as_of,
        preview.until
    );
    for phase in &preview.phases {
        let _ = writeln!(
            out,
            "phase {} {} {}  {}",
            phase.index,
            pad(&one_line(&phase.name), 24),
            pad(&range(phase.start, phase.end), 25),
            phase_status(phase.status)
        );
    }
    out.push('\n');
    for invoice in &preview.invoices {
        invoice_block(&mut out, invoice);
    }
    let t = &preview.totals;
    let _ = writeln!(
        out,
        "charged {}  credited {}  discounted {}  net {}",
        t.charged, t.credited, t.discounted, t.net
    );
    for warning in &preview.warnings {
        let _ = writeln!(out, "warning: {}: {}", warning.path, warning.message);
    }
    out
}

fn invoice_block(out: &mut String, invoice: &Invoice) {
    let due = invoice
        .due_date
        .map_or(String::new(), |d| format!("  due {d}"));
    let _ = writeln!(
        out,
        "{} {} {}  total {}{due}",
        invoice.issue_date,
        invoice_kind(invoice.kind),
        invoice_status(invoice.status),
        invoice.total
    );
    for line in &invoice.lines {
        table_line(out, line);
    }
    out.push('\n');
}

fn table_line(out: &mut String, line: &InvoiceLine) {
    let proration = line.proration.map_or(String::new(), |p| {
        format!("{} of {} days", p.used_days, p.period_days)
    });
    // A discount line sits under the line it discounts.
    let description = match line.kind {
        LineKind::Discount => format!("  {}", one_line(&line.description)),
        _ => one_line(&line.description),
    };
    let _ = writeln!(
        out,
        "  {} {} {} {:>16}",
        pad(&description, 32),
        pad(
            &range(Some(line.service_period.start), line.service_period.end),
            25
        ),
        pad(&proration, 16),
        shown(&line.amount)
    );
}

fn change_name(change: Change) -> &'static str {
    match change {
        Change::Added => "added",
        Change::Removed => "removed",
        Change::Changed => "changed",
    }
}

/// A comparison laid out for people: one row per changed invoice (before, after, delta),
/// then the deltas of the totals.
pub fn compare_table(comparison: &Comparison) -> String {
    let mut out = String::new();
    let _ = writeln!(
        out,
        "{} compare as of {}, until {}\n",
        comparison.currency.code(),
        comparison.as_of,
        comparison.until
    );
    let _ = writeln!(
        out,
        "{:<10}  {:<8} {:>16} {:>16} {:>16}",
        "date", "change", "before", "after", "delta"
    );
    for invoice in &comparison.invoices {
        let total = |side: Option<crate::compare::InvoiceSummary>| {
            side.map_or("–".to_string(), |s| shown(&s.total))
        };
        let _ = writeln!(
            out,
            "{:<10}  {:<8} {:>16} {:>16} {:>16}",
            shown(&invoice.issue_date),
            change_name(invoice.change),
            total(invoice.before),
            total(invoice.after),
            shown(&invoice.delta)
        );
    }
    if comparison.invoices.is_empty() {
        out.push_str("no invoice changes\n");
    }
    out.push('\n');
    let (b, a, d) = (
        &comparison.before.totals,
        &comparison.after.totals,
        &comparison.delta,
    );
    let _ = writeln!(
        out,
        "{:<10}  {:<8} {:>16} {:>16} {:>16}",
        "totals", "", "before", "after", "delta"
    );
    for (name, before, after, delta) in [
        ("charged", b.charged, a.charged, d.charged),
        ("credited", b.credited, a.credited, d.credited),
        ("discounted", b.discounted, a.discounted, d.discounted),
        ("net", b.net, a.net, d.net),
    ] {
        let _ = writeln!(
            out,
            "{:<10}  {:<8} {:>16} {:>16} {:>16}",
            name,
            "",
            shown(&before),
            shown(&after),
            shown(&delta)
        );
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn csv_fields_are_quoted_and_formula_safe() {
        assert_eq!(csv_field("plain"), "plain");
        assert_eq!(csv_field("a,b"), "\"a,b\"");
        assert_eq!(csv_field("say \"hi\""), "\"say \"\"hi\"\"\"");
        assert_eq!(csv_field("two\nlines"), "\"two\nlines\"");
        // Numbers stay numbers; every other text a spreadsheet would evaluate is neutralised.
        assert_eq!(csv_field("-548.39"), "-548.39");
        assert_eq!(csv_field("12"), "12");
        assert_eq!(csv_field("=1+1"), "'=1+1");
        assert_eq!(csv_field("+1"), "'+1");
        assert_eq!(csv_field("@SUM(A1)"), "'@SUM(A1)");
        assert_eq!(csv_field("-1+1"), "'-1+1");
        assert_eq!(
            csv_field("-2+3+cmd|' /C calc'!A0"),
            "'-2+3+cmd|' /C calc'!A0"
        );
        assert_eq!(csv_field("\tx"), "'\tx");
        assert_eq!(csv_field("\rx"), "\"'\rx\"");
        assert_eq!(csv_field("-"), "'-");
        assert_eq!(csv_field("-.5"), "'-.5");
    }

    #[test]
    fn names_stay_on_one_row() {
        assert_eq!(one_line("Pilot\nfee"), "Pilot fee");
        assert_eq!(pad("é", 3), "é  ");
    }
}
