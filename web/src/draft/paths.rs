//! Where an engine issue is shown: JSON path → the field that displays it.

use super::*;

/// Where an engine issue is shown: the path of the field (as used for the field's errors),
/// or `None` when no field shows it (then it is listed with the schedule's errors).
pub fn field_for_path(draft: &Draft, path: &str) -> Option<String> {
    match path {
        "currency" | "startDate" | "options.asOf" | "paymentTermsDays" => return Some(path.into()),
        // A missing or wrong billing day is the billing day field's.
        "billingAnchor" | "billingAnchor.dayOfMonth" if draft.billing_anchor == "dayOfMonth" => {
            return Some("billingAnchor.dayOfMonth".into())
        }
        "billingAnchor" => return Some(path.into()),
        _ => {}
    }
    let rest = path.strip_prefix("phases[")?;
    let (index, rest) = rest.split_once(']')?;
    let i: usize = index.parse().ok()?;
    let phase = draft.phases.get(i)?;
    let base = format!("phases[{i}]");
    let field = match rest {
        ".name" => ".name".to_string(),
        ".duration" | ".duration.type" => ".duration.type".into(),
        ".duration.count" | ".duration.unit" if phase.duration_type == "fixed" => rest.into(),
        ".duration.completedOn" | ".duration.recordedOn"
            if phase.duration_type == "milestone" && phase.completed =>
        {
            ".duration.completedOn".into()
        }
        ".duration.expectedOn" if phase.duration_type == "milestone" && !phase.completed => {
            rest.into()
        }
        _ if rest.starts_with(".discounts[") => {
            let rest = rest.strip_prefix(".discounts[")?;
            let (index, field) = rest.split_once(']')?;
            let k: usize = index.parse().ok()?;
            phase.discounts.get(k)?;
            let field = match field {
                ".name" => ".name",
                ".percent" | ".amount" => ".value",
                // The discount as a whole, its prices and overlaps: shown on the row.
                _ => "",
            };
            format!(".discounts[{k}]{field}")
        }
        _ => {
            let rest = rest.strip_prefix(".prices[")?;
            let (index, field) = rest.split_once(']')?;
            let j: usize = index.parse().ok()?;
            phase.prices.get(j)?;
            match field {
                ".name" | ".amount" | ".quantity" | ".frequency" | ".timing" => {
                    format!(".prices[{j}]{field}")
                }
                _ => return None,
            }
        }
    };
    Some(format!("{base}{field}"))
}
