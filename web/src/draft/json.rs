//! The draft as the schedule JSON of spec section 7 and back, and import.

use super::*;
use crate::messages::normalise_amount;
use serde_json::{json, Map, Value};

impl Draft {
    /// The schedule JSON (spec section 7) the engine reads. Empty optional fields are left
    /// out; empty required fields are left out too, so the engine reports them `required`.
    pub fn to_schedule(&self) -> Value {
        let mut root = Map::new();
        if !self.customer.is_empty() {
            root.insert("customer".into(), json!(self.customer));
        }
        put(&mut root, "currency", &self.currency.trim().to_uppercase());
        put(&mut root, "startDate", &self.start_date);
        if self.billing_anchor == "dayOfMonth" {
            let mut anchor = Map::new();
            put_whole(&mut anchor, "dayOfMonth", &self.billing_day);
            root.insert("billingAnchor".into(), Value::Object(anchor));
        } else {
            put(&mut root, "billingAnchor", &self.billing_anchor);
        }
        put_whole(&mut root, "paymentTermsDays", &self.payment_terms);
        let phases = self.phases.iter().map(PhaseDraft::to_json).collect();
        root.insert("phases".into(), Value::Array(phases));
        Value::Object(root)
    }

    /// Pretty schedule JSON for export.
    pub fn export_json(&self) -> String {
        let mut text = serde_json::to_string_pretty(&self.to_schedule()).unwrap_or_default();
        text.push('\n');
        text
    }

    /// Reads a schedule JSON (as exported here or by the npm package). Only the structure
    /// is checked here; values are checked by the engine.
    pub fn from_schedule(value: &Value) -> Result<Draft, String> {
        let root = value
            .as_object()
            .ok_or("the schedule must be a JSON object")?;
        let phases = match root.get("phases") {
            Some(Value::Array(phases)) => phases,
            Some(_) => return Err("\"phases\" must be a list".into()),
            None => return Err("the schedule has no \"phases\"".into()),
        };
        let mut draft = Draft {
            customer: text(root.get("customer")),
            currency: text(root.get("currency")),
            start_date: text(root.get("startDate")),
            billing_anchor: text_or(root.get("billingAnchor"), "phaseStart"),
            billing_day: String::new(),
            payment_terms: text(root.get("paymentTermsDays")),
            phases: Vec::new(),
        };
        if let Some(Value::Object(anchor)) = root.get("billingAnchor") {
            draft.billing_anchor = "dayOfMonth".into();
            draft.billing_day = text(anchor.get("dayOfMonth"));
        }
        let mut next = 1;
        let mut id = || {
            next += 1;
            next - 1
        };
        for (i, phase) in phases.iter().enumerate() {
            let phase = phase
                .as_object()
                .ok_or(format!("phase {} must be a JSON object", i + 1))?;
            let duration = match phase.get("duration") {
                Some(Value::Object(d)) => d.clone(),
                _ => return Err(format!("phase {} has no duration object", i + 1)),
            };
            let prices = match phase.get("prices") {
                Some(Value::Array(prices)) => prices.as_slice(),
                None | Some(Value::Null) => &[],
                Some(_) => return Err(format!("the prices of phase {} must be a list", i + 1)),
            };
            let mut draft_phase = PhaseDraft {
                id: id(),
                name: text(phase.get("name")),
                duration_type: text(duration.get("type")),
                count: text(duration.get("count")),
                unit: text_or(duration.get("unit"), "months"),
                completed: duration.contains_key("completedOn")
                    || duration.contains_key("recordedOn"),
                completed_on: text(duration.get("completedOn")),
                recorded_on: text(duration.get("recordedOn")),
                expected_on: text(duration.get("expectedOn")),
                prices: Vec::new(),
                discounts: Vec::new(),
            };
            for (j, price) in prices.iter().enumerate() {
                let price = price.as_object().ok_or(format!(
                    "price {} of phase {} must be a JSON object",
                    j + 1,
                    i + 1
                ))?;
                draft_phase.prices.push(PriceDraft {
                    id: id(),
                    name: text(price.get("name")),
                    amount: text(price.get("amount")),
                    quantity: text_or(price.get("quantity"), "1"),
                    frequency: text(price.get("frequency")),
                    timing: text(price.get("timing")),
                });
            }
            let discounts = match phase.get("discounts") {
                Some(Value::Array(discounts)) => discounts.as_slice(),
                None | Some(Value::Null) => &[],
                Some(_) => return Err(format!("the discounts of phase {} must be a list", i + 1)),
            };
            for (k, discount) in discounts.iter().enumerate() {
                let discount = discount.as_object().ok_or(format!(
                    "discount {} of phase {} must be a JSON object",
                    k + 1,
                    i + 1
                ))?;
                let (kind, value) = match discount.get("amount") {
                    Some(amount) if !discount.contains_key("percent") => ("amount", amount),
                    _ => ("percent", discount.get("percent").unwrap_or(&Value::Null)),
                };
                // Covered prices by index; the rest are excluded (by id).
                let excluded = match discount.get("prices") {
                    Some(Value::Array(covered)) => draft_phase
                        .prices
                        .iter()
                        .enumerate()
                        .filter(|(j, _)| !covered.iter().any(|c| c.as_u64() == Some(*j as u64)))
                        .map(|(_, q)| q.id)
                        .collect(),
                    _ => Vec::new(),
                };
                draft_phase.discounts.push(DiscountDraft {
                    id: id(),
                    name: text(discount.get("name")),
                    kind: kind.into(),
                    value: text(Some(value)),
                    excluded,
                });
            }
            draft.phases.push(draft_phase);
        }
        Ok(draft)
    }
}

impl PhaseDraft {
    fn to_json(&self) -> Value {
        let mut phase = Map::new();
        put(&mut phase, "name", &self.name);
        let mut duration = Map::new();
        put(&mut duration, "type", &self.duration_type);
        match self.duration_type.as_str() {
            "fixed" => {
                let count = self.count.trim();
                if let Ok(n) = count.parse::<u64>() {
                    duration.insert("count".into(), json!(n));
                } else {
                    put(&mut duration, "count", count);
                }
                put(&mut duration, "unit", &self.unit);
            }
            // Only the dates of the chosen state are sent: no hidden value stays behind.
            "milestone" if self.completed => {
                put(&mut duration, "completedOn", &self.completed_on);
                put(&mut duration, "recordedOn", &self.recorded_on);
            }
            "milestone" => put(&mut duration, "expectedOn", &self.expected_on),
            _ => {}
        }
        phase.insert("duration".into(), Value::Object(duration));
        let prices = self
            .prices
            .iter()
            .map(|q| {
                let mut price = Map::new();
                put(&mut price, "name", &q.name);
                put(&mut price, "amount", &normalise_amount(&q.amount));
                put(&mut price, "quantity", &normalise_amount(&q.quantity));
                put(&mut price, "frequency", &q.frequency);
                put(&mut price, "timing", &q.timing);
                Value::Object(price)
            })
            .collect();
        phase.insert("prices".into(), Value::Array(prices));
        if !self.discounts.is_empty() {
            let discounts = self
                .discounts
                .iter()
                .map(|k| self.discount_json(k))
                .collect();
            phase.insert("discounts".into(), Value::Array(discounts));
        }
        Value::Object(phase)
    }

    /// A discount as the engine reads it: an empty value is sent as `""` (so the engine
    /// reports it at the value field); `prices` only when some price is left out.
    fn discount_json(&self, discount: &DiscountDraft) -> Value {
        let mut out = Map::new();
        put(&mut out, "name", &discount.name);
        let value = match discount.kind.as_str() {
            "amount" => normalise_amount(&discount.value),
            _ => discount
                .value
                .trim()
                .trim_end_matches('%')
                .trim()
                .to_string(),
        };
        let key = if discount.kind == "amount" {
            "amount"
        } else {
            "percent"
        };
        out.insert(key.into(), Value::String(value));
        if self
            .prices
            .iter()
            .any(|q| discount.excluded.contains(&q.id))
        {
            let covered = self
                .prices
                .iter()
                .enumerate()
                .filter(|(_, q)| !discount.excluded.contains(&q.id))
                .map(|(j, _)| json!(j))
                .collect();
            out.insert("prices".into(), Value::Array(covered));
        }
        Value::Object(out)
    }
}

fn put(map: &mut Map<String, Value>, key: &str, value: &str) {
    if !value.is_empty() {
        map.insert(key.into(), Value::String(value.to_string()));
    }
}

/// A whole number as a JSON number when it is one; otherwise the text, for the engine to
/// report (empty: left out).
fn put_whole(map: &mut Map<String, Value>, key: &str, value: &str) {
    let value = value.trim();
    match value.parse::<u64>() {
        Ok(n) => {
            map.insert(key.into(), json!(n));
        }
        Err(_) => put(map, key, value),
    }
}

/// A JSON value as editable text: strings verbatim, numbers in their JSON form.
fn text(value: Option<&Value>) -> String {
    text_or(value, "")
}

/// A JSON value as the text of a field; `default` when absent or null.
fn text_or(value: Option<&Value>, default: &str) -> String {
    match value {
        None | Some(Value::Null) => default.to_string(),
        Some(Value::String(s)) => s.clone(),
        Some(other) => other.to_string(),
    }
}

/// Reads an imported file: JSON, a schedule's structure, and then the engine's validation
/// (with `options` as the app's as-of). Any problem is a message; nothing is changed.
pub fn import(text_in: &str, options: &Value, today: chrono::NaiveDate) -> Result<Draft, String> {
    let value: Value =
        serde_json::from_str(text_in.trim_start_matches('\u{feff}')).map_err(|e| {
            format!(
                "The file is not JSON (it breaks off or is wrong at line {}, column {}).",
                e.line(),
                e.column()
            )
        })?;
    let draft = Draft::from_schedule(&value).map_err(|e| format!("Not a schedule: {e}."))?;
    match phasebill::preview(&value, options, today) {
        Ok(_) => Ok(draft),
        Err(error) => {
            let issues: Vec<String> = error
                .issues
                .iter()
                .take(5)
                .map(|i| {
                    crate::messages::issue_line(&i.path, i.code, &i.message, &|d| d.to_string())
                })
                .collect();
            let more = error.issues.len().saturating_sub(5);
            let more = if more > 0 {
                format!(" (and {more} more)")
            } else {
                String::new()
            };
            Err(format!(
                "The schedule is not valid: {}{more}",
                issues.join(" ")
            ))
        }
    }
}
