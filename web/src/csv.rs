//! The invoices of a preview as CSV (RFC 4180), one row per line, for spreadsheets.

use phasebill::calendar::previous_day;
use phasebill::Preview;

pub const HEADER: [&str; 15] = [
    "Invoice date",
    "Invoice status",
    "Invoice kind",
    "Invoice total",
    "Phase",
    "Price",
    "Line kind",
    "Description",
    "Service start",
    "Service last day",
    "Used days",
    "Period days",
    "Quantity",
    "Unit amount",
    "Amount",
];

/// One field, quoted when needed; text that a spreadsheet would run as a formula is
/// prefixed with `'`.
pub fn field(text: &str) -> String {
    let text = if text.starts_with(['=', '+', '-', '@', '\t', '\r']) {
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

fn json_name<T: serde::Serialize>(value: T) -> String {
    serde_json::to_value(value)
        .ok()
        .and_then(|v| v.as_str().map(str::to_owned))
        .unwrap_or_default()
}

/// The CSV text: a header, then every line of every invoice; amounts in the currency
/// (column header names it), dates ISO 8601, service periods inclusive.
pub fn invoices_csv(preview: &Preview) -> String {
    let mut out = String::new();
    let currency = preview.currency.code();
    let header: Vec<String> = HEADER
        .iter()
        .map(|h| match *h {
            "Invoice total" | "Unit amount" | "Amount" => format!("{h} ({currency})"),
            _ => h.to_string(),
        })
        .collect();
    out.push_str(&header.join(","));
    out.push_str("\r\n");
    for invoice in &preview.invoices {
        for line in &invoice.lines {
            let phase = preview
                .phases
                .get(line.phase_index)
                .map_or(String::new(), |p| p.name.clone());
            let last_day = line
                .service_period
                .end
                .and_then(previous_day)
                .map_or(String::new(), |d| d.to_string());
            let (used, period) = line.proration.map_or((String::new(), String::new()), |p| {
                (p.used_days.to_string(), p.period_days.to_string())
            });
            let row = [
                invoice.issue_date.to_string(),
                json_name(invoice.status),
                json_name(invoice.kind),
                invoice.total.to_string(),
                field(&phase),
                field(&line.price_name),
                json_name(line.kind),
                field(&line.description),
                line.service_period.start.to_string(),
                last_day,
                used,
                period,
                line.quantity.clone(),
                line.unit_amount.to_string(),
                line.amount.to_string(),
            ];
            out.push_str(&row.join(","));
            out.push_str("\r\n");
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::draft::Draft;
    use serde_json::json;

    fn today() -> chrono::NaiveDate {
        chrono::NaiveDate::from_ymd_opt(2026, 3, 15).unwrap()
    }

    #[test]
    fn fields_are_escaped() {
        assert_eq!(field("plain"), "plain");
        assert_eq!(field("a,b"), "\"a,b\"");
        assert_eq!(field("say \"hi\""), "\"say \"\"hi\"\"\"");
        assert_eq!(field("=SUM(A1)"), "'=SUM(A1)");
        assert_eq!(field("line\nbreak"), "\"line\nbreak\"");
    }

    #[test]
    fn acme_csv() {
        let preview =
            phasebill::preview(&Draft::acme().to_schedule(), &json!({}), today()).unwrap();
        let csv = invoices_csv(&preview);
        let rows: Vec<&str> = csv.split("\r\n").filter(|r| !r.is_empty()).collect();
        assert_eq!(rows.len(), 14);
        assert!(rows[0].contains("Amount (USD)"));
        assert_eq!(
            rows[1],
            "2026-01-01,issued,invoice,12500.00,Pilot,Pilot fee,charge,Pilot fee,2026-01-01,2026-03-14,,,1,12500.00,12500.00"
        );
        assert_eq!(
            rows[2],
            "2026-04-15,upcoming,invoice,1500.00,Year 1,Platform access,charge,Platform access,2026-03-15,2026-04-14,,,1,1500.00,1500.00"
        );
    }

    #[test]
    fn credits_and_prorations() {
        let mut draft = Draft::acme();
        draft.phases[0].prices[0].frequency = "monthly".into();
        draft.phases[0].prices[0].amount = "1000.00".into();
        draft.phases[0].name = "Pilot, \"beta\"".into();
        let preview = phasebill::preview(&draft.to_schedule(), &json!({}), today()).unwrap();
        let csv = invoices_csv(&preview);
        let credit = csv.lines().find(|l| l.starts_with("2026-03-15")).unwrap();
        assert!(
            credit.contains("creditNote,-548.39,\"Pilot, \"\"beta\"\"\""),
            "{credit}"
        );
        assert!(credit.contains(",credit,"), "{credit}");
        assert!(credit.contains(",17,31,1,1000.00,-548.39"), "{credit}");
    }
}
