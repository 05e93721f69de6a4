//! Messages in the user's words (pure, tested natively): the engine's issues said with the
//! labels on the screen and the UI's date format, the announcement of the problems, the
//! normalisation of typed amounts, export file names.

use crate::draft::Draft;
use chrono::NaiveDate;
use phasebill::LineKind;
use phasebill::{Code, Currency, Money, Preview};

/// The error of a date input with a part still missing (or a day the month does not have).
pub const INCOMPLETE_DATE: &str = "Enter a complete, real date (month, day and year).";

/// "amount must be …" → "Amount must be …."
pub fn sentence(message: &str) -> String {
    let mut chars = message.chars();
    let mut out: String = match chars.next() {
        Some(c) => c.to_uppercase().chain(chars).collect(),
        None => String::new(),
    };
    if !out.is_empty() && !out.ends_with('.') {
        out.push('.');
    }
    out
}

/// The engine's names of values, and the labels the screen shows for them.
const LABELS: [(&str, &str); 16] = [
    ("paymentTermsDays", "Payment terms (days)"),
    ("dayOfMonth", "Billing day"),
    ("percent", "Discount value"),
    ("completedOn", "Completion date"),
    ("recordedOn", "Recorded date"),
    ("expectedOn", "Expected date"),
    ("startDate", "Start date"),
    ("billingAnchor", "Billing anchor"),
    ("asOf", "As of"),
    ("currency", "Currency"),
    ("count", "Count"),
    ("unit", "Unit"),
    ("amount", "Amount"),
    ("quantity", "Quantity"),
    ("frequency", "Frequency"),
    ("timing", "Timing"),
];

fn label_of(key: &str) -> String {
    match key {
        "name" => "Name".into(),
        "type" | "duration" => "Duration type".into(),
        "prices" => "Prices".into(),
        _ => LABELS
            .iter()
            .find(|(k, _)| *k == key)
            .map_or_else(|| key.to_string(), |(_, label)| label.to_string()),
    }
}

/// Where a value is, as the screen names it: `phases[1].prices[0].amount` →
/// "Phase 2 › Price 1 › Amount"; `phases[0].name` → "Phase 1 › Phase name".
pub fn field_label(path: &str) -> String {
    let mut parts = Vec::new();
    let mut in_price = false;
    let mut in_discount = false;
    for segment in path.split('.') {
        if let Some((key, index)) = segment.split_once('[') {
            let n = index
                .trim_end_matches(']')
                .parse::<usize>()
                .map_or(0, |i| i + 1);
            match key {
                "phases" => parts.push(format!("Phase {n}")),
                "prices" if !in_discount => {
                    parts.push(format!("Price {n}"));
                    in_price = true;
                }
                "discounts" => {
                    parts.push(format!("Discount {n}"));
                    in_discount = true;
                }
                _ => parts.push(format!("{} {n}", label_of(key))),
            }
        } else if segment == "name" {
            parts.push(
                if in_discount {
                    "Discount name"
                } else if in_price {
                    "Price name"
                } else {
                    "Phase name"
                }
                .into(),
            );
        } else if segment == "amount" && in_discount {
            parts.push("Discount value".into());
        } else if segment == "options" || segment.is_empty() {
            continue;
        } else if segment == "duration" && path.ends_with(".duration") {
            parts.push("Duration type".into());
        } else if segment != "duration" {
            parts.push(label_of(segment));
        }
    }
    if parts.is_empty() {
        "Schedule".into()
    } else {
        parts.join(" › ")
    }
}

/// The last `yyyy-mm-dd` in `text`, if any.
fn last_date(text: &str) -> Option<NaiveDate> {
    text.split(|c: char| !(c.is_ascii_digit() || c == '-'))
        .filter_map(|w| phasebill::parse_date(w).ok())
        .next_back()
}

/// Replaces the engine's value names and ISO dates in a message with labels and `date`.
fn in_words(message: &str, date: &dyn Fn(NaiveDate) -> String) -> String {
    let words: Vec<String> = message
        .split(' ')
        .map(|w| {
            let core = w.trim_matches(|c: char| c == '"' || c == ',' || c == ':' || c == ';');
            if let Ok(d) = phasebill::parse_date(core) {
                return w.replace(core, &date(d));
            }
            match LABELS.iter().find(|(k, _)| *k == core) {
                Some((_, label)) => w.replace(core, label),
                None => w.to_string(),
            }
        })
        .collect();
    sentence(&words.join(" "))
}

/// What is wrong with a field, in the user's words, shown next to it. `date` formats a date
/// as the UI does.
pub fn field_message(code: Code, message: &str, date: &dyn Fn(NaiveDate) -> String) -> String {
    let has = |part: &str| message.contains(part);
    match code {
        Code::Required => "Required.".into(),
        Code::InvalidDate => "Not a real date.".into(),
        Code::DateOutOfRange if has("ends after") => {
            "This phase would end after 31 Dec 2999.".into()
        }
        Code::DateOutOfRange => "Use a date from 1900 to 2999.".into(),
        Code::InvalidCurrency => "Not a currency code: use 3 letters, such as USD or EUR.".into(),
        Code::InvalidCount => "Count must be a whole number, 1 or more.".into(),
        Code::InvalidName if has("empty") => "Enter a name.".into(),
        Code::InvalidAmount | Code::InvalidQuantity => {
            let what = if code == Code::InvalidAmount {
                "Amount"
            } else {
                "Quantity"
            };
            if has("not a decimal number") {
                format!("{what} must be a number, such as 1500.00.")
            } else if has("is negative") {
                format!("{what} must not be negative.")
            } else if has("10^15") {
                format!("{what} is too large.")
            } else if let Some(n) = message
                .rsplit_once('(')
                .filter(|_| has("more decimals than"))
                .map(|(_, r)| r.trim_end_matches(')'))
            {
                let s = if n == "1" { "" } else { "s" };
                format!("{what} has too many decimals: at most {n} decimal{s} in this currency.")
            } else if let Some(n) = message
                .split("more than ")
                .nth(1)
                .and_then(|r| r.split(' ').next())
            {
                let s = if n == "1" { "" } else { "s" };
                format!("{what} has too many decimals: at most {n} decimal{s} in this currency.")
            } else {
                in_words(message, date)
            }
        }
        Code::CompletedBeforeStart | Code::ExpectedBeforeStart => match last_date(message) {
            Some(start) => format!("Must be after the phase starts ({}).", date(start)),
            None => "Must be after the phase starts.".into(),
        },
        Code::CompletedAfterPending => {
            "An earlier milestone is still pending: complete it first.".into()
        }
        Code::RecordedWithoutCompletion => "Enter the completion date.".into(),
        Code::OpenEndedNotLast => "Only the last phase can be open-ended.".into(),
        Code::EmptyPhases => "Add at least one phase.".into(),
        Code::InvalidBillingAnchor if has("no dayOfMonth") => {
            "Enter the billing day (1 to 31).".into()
        }
        Code::InvalidBillingAnchor if has("dayOfMonth") => {
            "Billing day must be a whole number from 1 to 31.".into()
        }
        Code::InvalidPaymentTerms => {
            "Payment terms must be a whole number of days from 0 to 365.".into()
        }
        Code::InvalidPercent if has("percent \"\"") => "Enter the percentage.".into(),
        Code::InvalidPercent => {
            "Percent must be above 0 and at most 100 (at most 4 decimals).".into()
        }
        Code::OverlappingDiscounts => {
            "This discount applies to a price another discount of the phase already covers: a price can have one discount.".into()
        }
        Code::InvalidDiscountPrices => "Check the prices this discount applies to.".into(),
        _ => in_words(message, date),
    }
}

/// An issue in a list (no field next to it): where, then what ("Phase 2 › Count: …").
pub fn issue_line(
    path: &str,
    code: Code,
    message: &str,
    date: &dyn Fn(NaiveDate) -> String,
) -> String {
    let text = field_message(code, message, date);
    if path.is_empty() || path == "phases" {
        return text;
    }
    let label = field_label(path);
    match label.rsplit_once(" › ") {
        // "Phase 2 › Count" + "Count must be …" → "Phase 2 › Count must be …".
        Some((head, last)) if text.starts_with(last) => format!("{head} › {text}"),
        _ if text.starts_with(&label) => text,
        _ => format!("{label}: {text}"),
    }
}

/// The one announcement of the form's problems ("2 problems: …").
pub fn announce(problems: &[String]) -> String {
    match problems {
        [] => String::new(),
        [one] => format!("1 problem: {one}"),
        many => format!("{} problems: {}", many.len(), many.join(" ")),
    }
}

/// A warning of the engine in words: "ExpectedOn ignored: 2026-09-01 is not after as-of
/// 2026-11-30" → "Expected date ignored: Sep 1, 2026 is not after As of Nov 30, 2026."
pub fn warning_text(message: &str, date: &dyn Fn(NaiveDate) -> String) -> String {
    let lowered = message.replacen("ExpectedOn", "expectedOn", 1);
    in_words(&lowered, date).replace("as-of", "the as-of date")
}

/// An amount as typed ("1,500.00", "$1500", "USD 1 500") → the engine's decimal text
/// ("1500.00"): a leading or trailing currency symbol or code and thousands separators
/// (commas, spaces) are dropped. Anything else is left for the engine to judge.
pub fn normalise_amount(text: &str) -> String {
    let mut t = text.trim();
    for symbol in [
        "US$", "$", "€", "£", "¥", "₹", "CHF", "USD", "EUR", "GBP", "JPY",
    ] {
        if let Some(rest) = t.strip_prefix(symbol) {
            t = rest.trim_start();
            break;
        }
        if let Some(rest) = t.strip_suffix(symbol) {
            t = rest.trim_end();
            break;
        }
    }
    // Thousands separators: commas or spaces between groups of three digits.
    let grouped = |sep: char| {
        let int = t.split('.').next().unwrap_or("");
        let groups: Vec<&str> = int.split(sep).collect();
        groups.len() > 1
            && !groups[0].is_empty()
            && groups[0].len() <= 3
            && groups[1..].iter().all(|g| g.len() == 3)
            && groups.iter().all(|g| g.chars().all(|c| c.is_ascii_digit()))
    };
    if grouped(',') {
        return t.replace(',', "");
    }
    if grouped(' ') || grouped('\u{a0}') {
        return t.replace([' ', '\u{a0}'], "");
    }
    t.to_string()
}

/// What "Mark milestone complete" changed, for the notice: the credits and catch-ups on
/// the invoice of the recording date `on` ("Apr 10, 2026: credits −$1,548.39, catch-ups
/// +$2,000.00"), or `None` when it has none. `money` formats a positive amount.
pub fn adjustment_summary(
    preview: &Preview,
    on: NaiveDate,
    money: &dyn Fn(Money) -> String,
    date: &dyn Fn(NaiveDate) -> String,
) -> Option<String> {
    let invoice = preview.invoices.iter().find(|i| i.issue_date == on)?;
    let sum = |kind: LineKind| {
        let lines = invoice.lines.iter().filter(|l| l.kind == kind);
        let minor: i128 = lines.clone().map(|l| l.amount.minor()).sum();
        (lines.count() > 0).then_some(minor)
    };
    let mut parts = Vec::new();
    if let Some(minor) = sum(LineKind::Credit) {
        let amount = money(Money::from_minor(minor.abs(), preview.currency));
        parts.push(format!("credits \u{2212}{amount}"));
    }
    if let Some(minor) = sum(LineKind::CatchUp) {
        let amount = money(Money::from_minor(minor.abs(), preview.currency));
        parts.push(format!("catch-ups +{amount}"));
    }
    (!parts.is_empty()).then(|| format!("{}: {}", date(on), parts.join(", ")))
}

/// When billing continues after the preview window: the amount of the phases that end (the
/// commitment), as distinct from the window's total, which depends on where the window ends.
/// `None` when the preview is not cut short.
pub fn committed(preview: &Preview) -> Option<Money> {
    if !preview.truncated {
        return None;
    }
    let ends = |i: usize| preview.phases.get(i).is_some_and(|p| p.end.is_some());
    let minor: i128 = preview
        .invoices
        .iter()
        .flat_map(|i| &i.lines)
        .filter(|l| ends(l.phase_index))
        .map(|l| l.amount.minor())
        .sum();
    Some(Money::from_minor(minor, preview.currency))
}

/// A change of money with its sign always shown: "+$548.39", "−$1,800.00" (a true minus
/// sign), "$0.00". `money` formats an amount (without sign) as the UI does.
pub fn signed(change: Money, currency: Currency, money: &dyn Fn(Money) -> String) -> String {
    let size = money(Money::from_minor(change.minor().abs(), currency));
    match change.minor().signum() {
        1 => format!("+{size}"),
        -1 => format!("\u{2212}{size}"),
        _ => size,
    }
}

/// An export's file name from the customer ("Acme Corp" → `schedule-acme-corp.json`).
pub fn file_name(customer: &str, ext: &str) -> String {
    let slug: String = customer
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() {
                c.to_ascii_lowercase()
            } else {
                '-'
            }
        })
        .collect();
    let slug: Vec<&str> = slug.split('-').filter(|p| !p.is_empty()).collect();
    if slug.is_empty() {
        format!("schedule.{ext}")
    } else {
        format!("schedule-{}.{ext}", slug.join("-"))
    }
}

/// The name a draft goes by in messages ("Replace your current draft, Globex Inc?").
pub fn draft_name(draft: &Draft) -> String {
    let name = draft.customer.trim();
    if name.is_empty() {
        "(no customer)".to_string()
    } else {
        name.to_string()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn changes_show_their_sign() {
        let usd = Currency::from_code("USD").unwrap();
        let plain = |m: Money| format!("${m}");
        let m = |minor| Money::from_minor(minor, usd);
        assert_eq!(signed(m(-180_000), usd, &plain), "\u{2212}$1800.00");
        assert_eq!(signed(m(54_839), usd, &plain), "+$548.39");
        assert_eq!(signed(m(0), usd, &plain), "$0.00");
    }

    #[test]
    fn terms_and_discount_issues_in_words() {
        let d = |_: NaiveDate| String::new();
        assert_eq!(
            field_message(
                Code::InvalidPercent,
                "percent \"150\" is not a decimal above 0",
                &d
            ),
            "Percent must be above 0 and at most 100 (at most 4 decimals)."
        );
        assert_eq!(
            field_message(
                Code::InvalidPercent,
                "percent \"\" is not a decimal above 0",
                &d
            ),
            "Enter the percentage."
        );
        assert_eq!(
            field_message(
                Code::InvalidBillingAnchor,
                "billingAnchor object has no dayOfMonth",
                &d
            ),
            "Enter the billing day (1 to 31)."
        );
        assert_eq!(
            field_label("phases[1].discounts[0].percent"),
            "Phase 2 › Discount 1 › Discount value"
        );
        assert_eq!(
            field_label("phases[1].discounts[0].name"),
            "Phase 2 › Discount 1 › Discount name"
        );
        assert_eq!(field_label("paymentTermsDays"), "Payment terms (days)");
    }

    fn short(d: NaiveDate) -> String {
        d.format("%b %-d, %Y").to_string()
    }

    fn engine_issues(draft: &Draft) -> Vec<phasebill::Issue> {
        let today = NaiveDate::from_ymd_opt(2026, 11, 30).unwrap();
        phasebill::preview(&draft.to_schedule(), &json!({}), today)
            .unwrap_err()
            .issues
    }

    #[test]
    fn sentences() {
        assert_eq!(sentence("amount must be set"), "Amount must be set.");
        assert_eq!(sentence("Done."), "Done.");
        assert_eq!(sentence(""), "");
    }

    #[test]
    fn labels_are_the_ones_on_screen() {
        assert_eq!(
            field_label("phases[1].prices[0].amount"),
            "Phase 2 › Price 1 › Amount"
        );
        assert_eq!(field_label("phases[1].duration.count"), "Phase 2 › Count");
        assert_eq!(field_label("phases[0].name"), "Phase 1 › Phase name");
        assert_eq!(
            field_label("phases[0].prices[2].name"),
            "Phase 1 › Price 3 › Price name"
        );
        assert_eq!(
            field_label("phases[0].duration.completedOn"),
            "Phase 1 › Completion date"
        );
        assert_eq!(field_label("phases[2].duration"), "Phase 3 › Duration type");
        assert_eq!(field_label("startDate"), "Start date");
        assert_eq!(field_label("options.asOf"), "As of");
        assert_eq!(field_label(""), "Schedule");
    }

    #[test]
    fn engine_issues_in_the_users_words() {
        let mut draft = Draft::acme();
        draft.phases[1].count = "0".into();
        let issue = &engine_issues(&draft)[0];
        assert_eq!(
            issue_line(&issue.path, issue.code, &issue.message, &short),
            "Phase 2 › Count must be a whole number, 1 or more."
        );

        let mut draft = Draft::acme();
        draft.start_date = "2026-02-31".into();
        let issue = &engine_issues(&draft)[0];
        assert_eq!(
            field_message(issue.code, &issue.message, &short),
            "Not a real date."
        );

        let mut draft = Draft::acme();
        draft.phases[1].prices[0].amount = "12.345".into();
        let issue = &engine_issues(&draft)[0];
        assert_eq!(
            field_message(issue.code, &issue.message, &short),
            "Amount has too many decimals: at most 2 decimals in this currency."
        );

        let mut draft = Draft::acme();
        draft.phases[1].prices[0].amount = "abc".into();
        let issue = &engine_issues(&draft)[0];
        assert_eq!(
            issue_line(&issue.path, issue.code, &issue.message, &short),
            "Phase 2 › Price 1 › Amount must be a number, such as 1500.00."
        );

        let mut draft = Draft::acme();
        draft.phases[0].completed_on = "2025-12-01".into();
        let issue = &engine_issues(&draft)[0];
        assert_eq!(
            field_message(issue.code, &issue.message, &short),
            "Must be after the phase starts (Jan 1, 2026)."
        );

        let mut draft = Draft::acme();
        draft.phases.clear();
        let issue = &engine_issues(&draft)[0];
        assert_eq!(
            issue_line(&issue.path, issue.code, &issue.message, &short),
            "Add at least one phase."
        );

        let mut draft = Draft::acme();
        draft.currency = "XYZ".into();
        let issue = &engine_issues(&draft)[0];
        assert_eq!(
            field_message(issue.code, &issue.message, &short),
            "Not a currency code: use 3 letters, such as USD or EUR."
        );
        // No JSON names or ISO dates left in a fallback.
        assert_eq!(
            in_words("recordedOn 2026-03-15 is odd", &short),
            "Recorded date Mar 15, 2026 is odd."
        );
    }

    #[test]
    fn warnings_in_words() {
        assert_eq!(
            warning_text(
                "ExpectedOn ignored: 2026-09-01 is not after as-of 2026-11-30",
                &short
            ),
            "Expected date ignored: Sep 1, 2026 is not after the as-of date Nov 30, 2026."
        );
    }

    #[test]
    fn one_announcement() {
        assert_eq!(announce(&[]), "");
        assert_eq!(announce(&["A.".into()]), "1 problem: A.");
        assert_eq!(announce(&["A.".into(), "B.".into()]), "2 problems: A. B.");
    }

    #[test]
    fn typed_amounts_are_normalised() {
        assert_eq!(normalise_amount("1,500.00"), "1500.00");
        assert_eq!(normalise_amount("$1500"), "1500");
        assert_eq!(normalise_amount(" $ 1,234,567.5 "), "1234567.5");
        assert_eq!(normalise_amount("€1 500,00"), "1 500,00");
        assert_eq!(normalise_amount("1500 USD"), "1500");
        assert_eq!(normalise_amount("12.345"), "12.345");
        // Not thousands groups: left for the engine to refuse.
        assert_eq!(normalise_amount("1,50"), "1,50");
        assert_eq!(normalise_amount("abc"), "abc");
    }

    #[test]
    fn the_adjustment_of_a_completion_in_words() {
        // Spec example C: the pilot completed on Mar 15, recorded on Apr 10.
        let draft = Draft::spec_example_c();
        let today = NaiveDate::from_ymd_opt(2026, 3, 15).unwrap();
        let preview =
            phasebill::preview(&draft.to_schedule(), &json!({"asOf": "2026-04-10"}), today)
                .unwrap();
        let money = |m: Money| format!("${m}");
        let on = NaiveDate::from_ymd_opt(2026, 4, 10).unwrap();
        assert_eq!(
            adjustment_summary(&preview, on, &money, &short).as_deref(),
            Some("Apr 10, 2026: credits \u{2212}$1548.39, catch-ups +$2000.00")
        );
        let jan = NaiveDate::from_ymd_opt(2026, 1, 1).unwrap();
        assert_eq!(adjustment_summary(&preview, jan, &money, &short), None);
    }

    #[test]
    fn the_commitment_leaves_out_phases_without_an_end() {
        let today = NaiveDate::from_ymd_opt(2026, 3, 15).unwrap();
        let mut draft = Draft::acme();
        let preview = phasebill::preview(&draft.to_schedule(), &json!({}), today).unwrap();
        assert_eq!(committed(&preview), None, "not cut short");
        draft.phases[1].duration_type = "openEnded".into();
        let preview = phasebill::preview(&draft.to_schedule(), &json!({}), today).unwrap();
        assert!(preview.truncated);
        assert_eq!(committed(&preview).unwrap().to_string(), "12500.00");
    }

    #[test]
    fn file_names() {
        assert_eq!(file_name("Acme Corp", "json"), "schedule-acme-corp.json");
        assert_eq!(file_name("  ", "csv"), "schedule.csv");
        assert_eq!(file_name("Ünï / Co.", "csv"), "schedule-n-co.csv");
    }
}
