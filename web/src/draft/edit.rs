//! Edits of a draft: phases, prices and discounts added, removed and moved; milestones
//! completed and reopened; the app's own checks.

use super::*;

impl Draft {
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
}
