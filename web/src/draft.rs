//! The editable draft of a schedule and its conversion to and from the schedule JSON of the
//! spec (section 7), which is also the npm package's import/export format.
//!
//! A draft keeps every field as the text the user typed, so that half-typed or invalid
//! values survive until the user fixes them; the engine decides what is valid and reports
//! each problem at its JSON path.

use crate::messages::normalise_amount;
use serde::{Deserialize, Serialize};
use serde_json::{json, Map, Value};

/// One contract being edited.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Draft {
    /// Not used by the engine; exported as `customer` (unknown fields are ignored by it).
    pub customer: String,
    pub currency: String,
    pub start_date: String,
    /// `phaseStart`, `calendar` or `dayOfMonth` (then `billing_day` is the day).
    pub billing_anchor: String,
    /// The billing day of the month (1–31) when the anchor is `dayOfMonth`.
    #[serde(default)]
    pub billing_day: String,
    /// Payment terms in days (`paymentTermsDays`); empty means none (0).
    #[serde(default)]
    pub payment_terms: String,
    pub phases: Vec<PhaseDraft>,
}

/// One phase card.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct PhaseDraft {
    /// Stable identity for rendering and editing (not exported).
    pub id: u64,
    pub name: String,
    /// `fixed`, `milestone` or `openEnded`.
    pub duration_type: String,
    pub count: String,
    pub unit: String,
    /// A milestone's state, chosen explicitly ("Mark milestone complete", "Reopen
    /// milestone"); never derived from whether a date field happens to be empty.
    #[serde(default)]
    pub completed: bool,
    pub completed_on: String,
    pub recorded_on: String,
    pub expected_on: String,
    pub prices: Vec<PriceDraft>,
    /// The phase's discounts (older saved drafts have none).
    #[serde(default)]
    pub discounts: Vec<DiscountDraft>,
}

/// One discount row of a phase.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct DiscountDraft {
    pub id: u64,
    pub name: String,
    /// `percent` or `amount`.
    pub kind: String,
    /// The percent or the amount, as typed.
    pub value: String,
    /// Ids of the phase's prices the discount does not apply to (none: every price, also
    /// prices added later).
    pub excluded: Vec<u64>,
}

/// One price row.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct PriceDraft {
    pub id: u64,
    pub name: String,
    pub amount: String,
    pub quantity: String,
    pub frequency: String,
    pub timing: String,
}

pub const DURATION_TYPES: [(&str, &str); 3] = [
    ("fixed", "Fixed"),
    ("milestone", "Milestone"),
    ("openEnded", "Open-ended"),
];
pub const UNITS: [(&str, &str); 4] = [
    ("days", "Days"),
    ("weeks", "Weeks"),
    ("months", "Months"),
    ("years", "Years"),
];
pub const FREQUENCIES: [(&str, &str); 5] = [
    ("oneTime", "One-time"),
    ("monthly", "Monthly"),
    ("quarterly", "Quarterly"),
    ("semiAnnually", "Semi-annually"),
    ("annually", "Annually"),
];
pub const TIMINGS: [(&str, &str); 2] = [("inAdvance", "In advance"), ("inArrears", "In arrears")];
pub const ANCHORS: [(&str, &str); 3] = [
    ("phaseStart", "Phase start"),
    ("calendar", "Calendar"),
    ("dayOfMonth", "Day of month"),
];
pub const DISCOUNT_KINDS: [(&str, &str); 2] = [("percent", "Percent"), ("amount", "Amount")];

impl Draft {
    /// The Acme contract of spec section 8 (A).
    pub fn acme() -> Draft {
        Draft {
            customer: "Acme Corp".into(),
            currency: "USD".into(),
            start_date: "2026-01-01".into(),
            billing_anchor: "phaseStart".into(),
            billing_day: String::new(),
            payment_terms: String::new(),
            phases: vec![
                PhaseDraft {
                    id: 1,
                    name: "Pilot".into(),
                    duration_type: "milestone".into(),
                    count: String::new(),
                    unit: "months".into(),
                    completed: true,
                    completed_on: "2026-03-15".into(),
                    recorded_on: "2026-03-15".into(),
                    expected_on: String::new(),
                    prices: vec![PriceDraft {
                        id: 2,
                        name: "Pilot fee".into(),
                        amount: "12500.00".into(),
                        quantity: "1".into(),
                        frequency: "oneTime".into(),
                        timing: "inAdvance".into(),
                    }],
                    discounts: Vec::new(),
                },
                PhaseDraft {
                    id: 3,
                    name: "Year 1".into(),
                    duration_type: "fixed".into(),
                    count: "12".into(),
                    unit: "months".into(),
                    completed: false,
                    completed_on: String::new(),
                    recorded_on: String::new(),
                    expected_on: String::new(),
                    prices: vec![PriceDraft {
                        id: 4,
                        name: "Platform access".into(),
                        amount: "1500.00".into(),
                        quantity: "1".into(),
                        frequency: "monthly".into(),
                        timing: "inArrears".into(),
                    }],
                    discounts: Vec::new(),
                },
            ],
        }
    }

    /// A fresh id, larger than every id in use.
    pub fn next_id(&self) -> u64 {
        self.phases
            .iter()
            .flat_map(|p| {
                std::iter::once(p.id)
                    .chain(p.prices.iter().map(|q| q.id))
                    .chain(p.discounts.iter().map(|k| k.id))
            })
            .max()
            .unwrap_or(0)
            + 1
    }

    /// The same draft with every id moved to `from` and up: a draft that replaces another
    /// (import, share link, New schedule) gets new phase cards, each opened or folded by
    /// the same rule, rather than inheriting the old cards of equal ids.
    pub fn with_fresh_ids(mut self, from: u64) -> Draft {
        let mut next = from;
        for phase in &mut self.phases {
            phase.id = next;
            next += 1;
            let mut moved = Vec::with_capacity(phase.prices.len());
            for price in &mut phase.prices {
                moved.push((price.id, next));
                price.id = next;
                next += 1;
            }
            for discount in &mut phase.discounts {
                discount.id = next;
                next += 1;
                for excluded in &mut discount.excluded {
                    if let Some((_, new)) = moved.iter().find(|(old, _)| old == excluded) {
                        *excluded = *new;
                    }
                }
            }
        }
        self
    }

    pub fn phase_index(&self, id: u64) -> Option<usize> {
        self.phases.iter().position(|p| p.id == id)
    }

    pub fn phase(&self, id: u64) -> Option<&PhaseDraft> {
        self.phases.iter().find(|p| p.id == id)
    }

    pub fn phase_mut(&mut self, id: u64) -> Option<&mut PhaseDraft> {
        self.phases.iter_mut().find(|p| p.id == id)
    }

    /// (phase index, price index) of a price id.
    pub fn price_position(&self, id: u64) -> Option<(usize, usize)> {
        self.phases
            .iter()
            .enumerate()
            .find_map(|(i, p)| p.prices.iter().position(|q| q.id == id).map(|j| (i, j)))
    }

    pub fn price(&self, id: u64) -> Option<&PriceDraft> {
        self.price_position(id)
            .map(|(i, j)| &self.phases[i].prices[j])
    }

    pub fn price_mut(&mut self, id: u64) -> Option<&mut PriceDraft> {
        let (i, j) = self.price_position(id)?;
        Some(&mut self.phases[i].prices[j])
    }

    /// A new, empty schedule (one empty phase): nothing counts until it is filled in.
    pub fn blank() -> Draft {
        let mut draft = Draft {
            customer: String::new(),
            currency: String::new(),
            start_date: String::new(),
            billing_anchor: "phaseStart".into(),
            billing_day: String::new(),
            payment_terms: String::new(),
            phases: Vec::new(),
        };
        draft.add_phase();
        draft
    }

    /// Appends a new phase (fixed, in months, one price; name, count and amount empty, so
    /// that nothing counts in the totals before it is filled in) and returns its id.
    pub fn add_phase(&mut self) -> u64 {
        let id = self.next_id();
        self.phases.push(PhaseDraft {
            id,
            name: String::new(),
            duration_type: "fixed".into(),
            count: String::new(),
            unit: "months".into(),
            completed: false,
            completed_on: String::new(),
            recorded_on: String::new(),
            expected_on: String::new(),
            prices: Vec::new(),
            discounts: Vec::new(),
        });
        self.add_price(id);
        id
    }

    pub fn remove_phase(&mut self, id: u64) {
        self.phases.retain(|p| p.id != id);
    }

    /// Moves a phase by `delta` places (clamped); returns whether it moved.
    pub fn move_phase(&mut self, id: u64, delta: i64) -> bool {
        let Some(from) = self.phase_index(id) else {
            return false;
        };
        let to = (from as i64 + delta).clamp(0, self.phases.len() as i64 - 1) as usize;
        if to == from {
            return false;
        }
        let phase = self.phases.remove(from);
        self.phases.insert(to, phase);
        true
    }

    /// Adds a price to a phase; returns its id.
    pub fn add_price(&mut self, phase_id: u64) -> Option<u64> {
        let id = self.next_id();
        let phase = self.phase_mut(phase_id)?;
        phase.prices.push(PriceDraft {
            id,
            name: String::new(),
            amount: String::new(),
            quantity: "1".into(),
            frequency: "monthly".into(),
            timing: "inAdvance".into(),
        });
        Some(id)
    }

    pub fn remove_price(&mut self, price_id: u64) {
        for phase in &mut self.phases {
            phase.prices.retain(|q| q.id != price_id);
            for discount in &mut phase.discounts {
                discount.excluded.retain(|q| *q != price_id);
            }
        }
    }

    /// Adds a discount (10 percent off every price, unnamed) to a phase; returns its id.
    pub fn add_discount(&mut self, phase_id: u64) -> Option<u64> {
        let id = self.next_id();
        let phase = self.phase_mut(phase_id)?;
        phase.discounts.push(DiscountDraft {
            id,
            name: String::new(),
            kind: "percent".into(),
            value: String::new(),
            excluded: Vec::new(),
        });
        Some(id)
    }

    pub fn remove_discount(&mut self, discount_id: u64) {
        for phase in &mut self.phases {
            phase.discounts.retain(|k| k.id != discount_id);
        }
    }

    /// (phase index, discount index) of a discount id.
    pub fn discount_position(&self, id: u64) -> Option<(usize, usize)> {
        self.phases
            .iter()
            .enumerate()
            .find_map(|(i, p)| p.discounts.iter().position(|k| k.id == id).map(|j| (i, j)))
    }

    pub fn discount_mut(&mut self, id: u64) -> Option<&mut DiscountDraft> {
        let (i, j) = self.discount_position(id)?;
        Some(&mut self.phases[i].discounts[j])
    }

    /// Marks a milestone complete on `completed_on`, recorded on `recorded_on`.
    pub fn complete_milestone(&mut self, phase_id: u64, completed_on: &str, recorded_on: &str) {
        if let Some(phase) = self.phase_mut(phase_id) {
            phase.completed = true;
            phase.completed_on = completed_on.to_string();
            phase.recorded_on = recorded_on.to_string();
            phase.expected_on.clear();
        }
    }

    /// Makes a completed milestone pending again.
    pub fn reopen_milestone(&mut self, phase_id: u64) {
        if let Some(phase) = self.phase_mut(phase_id) {
            phase.completed = false;
            phase.completed_on.clear();
            phase.recorded_on.clear();
        }
    }

    /// Problems the app finds itself, before the engine: (path, message). A completed
    /// milestone without a completion date is one (the engine would take it as pending).
    pub fn local_issues(&self) -> Vec<(String, String)> {
        self.phases
            .iter()
            .enumerate()
            .filter(|(_, p)| {
                p.duration_type == "milestone" && p.completed && p.completed_on.trim().is_empty()
            })
            .map(|(i, _)| {
                (
                    format!("phases[{i}].duration.completedOn"),
                    "Enter the completion date.".to_string(),
                )
            })
            .collect()
    }

    /// Gives every milestone an explicit state where a saved draft of an older format had
    /// none: completed when it has a completion (or recording) date.
    pub fn set_milestone_states(&mut self) {
        for phase in &mut self.phases {
            phase.completed = !phase.completed_on.is_empty() || !phase.recorded_on.is_empty();
        }
    }

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

#[cfg(test)]
#[path = "draft_tests.rs"]
mod tests;
