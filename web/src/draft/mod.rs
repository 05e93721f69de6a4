//! The editable draft of a schedule and its conversion to and from the schedule JSON of the
//! spec (section 7), which is also the npm package's import/export format.
//!
//! A draft keeps every field as the text the user typed, so that half-typed or invalid
//! values survive until the user fixes them; the engine decides what is valid and reports
//! each problem at its JSON path.

mod edit;
mod example;
mod json;
mod paths;

pub use json::import;
pub use paths::field_for_path;

use serde::{Deserialize, Serialize};

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

/// Ids and lookups: every phase, price and discount has an id unique in the draft.
impl Draft {
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
}

#[cfg(test)]
mod tests;
