//! Undo / redo over whole drafts. Consecutive edits of the same field (one word typed key by
//! key, one marker dragged) form one step; any other edit, an undo or a redo starts a new one.

use serde::{Deserialize, Serialize};

/// Most steps kept.
pub const LIMIT: usize = 200;

/// Most steps saved with the draft (each way), so that Undo survives a reload.
pub const SAVED_STEPS: usize = 50;

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct History<T> {
    past: Vec<T>,
    future: Vec<T>,
    /// The field of the last recorded edit, while it may still be coalesced.
    #[serde(skip)]
    open: Option<String>,
    /// Counts the changes of `past` and `future` (to save the history only when it changed).
    #[serde(skip)]
    changes: u64,
}

impl<T> Default for History<T> {
    fn default() -> Self {
        History {
            past: Vec::new(),
            future: Vec::new(),
            open: None,
            changes: 0,
        }
    }
}

impl<T: Clone> History<T> {
    /// A copy holding at most the last `steps` steps each way (what is saved).
    pub fn trimmed(&self, steps: usize) -> History<T> {
        History {
            past: self.past[self.past.len().saturating_sub(steps)..].to_vec(),
            future: self.future[self.future.len().saturating_sub(steps)..].to_vec(),
            open: None,
            changes: self.changes,
        }
    }
}

impl<T> History<T> {
    /// Records an edit of `field` that replaces `before`.
    pub fn record(&mut self, before: T, field: &str) {
        if !self.future.is_empty() {
            self.future.clear();
            self.changes += 1;
        }
        if self.open.as_deref() == Some(field) && !self.past.is_empty() {
            return;
        }
        self.changes += 1;
        self.past.push(before);
        if self.past.len() > LIMIT {
            self.past.remove(0);
        }
        self.open = Some(field.to_string());
    }

    /// Ends coalescing (the field lost focus).
    pub fn seal(&mut self) {
        self.open = None;
    }

    /// The state to go back to, given the current one.
    pub fn undo(&mut self, current: T) -> Option<T> {
        let previous = self.past.pop()?;
        self.changes += 1;
        self.future.push(current);
        self.open = None;
        Some(previous)
    }

    /// The state to go forward to, given the current one.
    pub fn redo(&mut self, current: T) -> Option<T> {
        let next = self.future.pop()?;
        self.changes += 1;
        self.past.push(current);
        self.open = None;
        Some(next)
    }

    pub fn can_undo(&self) -> bool {
        !self.past.is_empty()
    }

    pub fn can_redo(&self) -> bool {
        !self.future.is_empty()
    }

    /// The states undo goes back to, oldest first.
    pub fn past(&self) -> &[T] {
        &self.past
    }

    /// Changes so far (a step added, undone or redone, the redo branch dropped).
    pub fn changes(&self) -> u64 {
        self.changes
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn undo_redo_round_trip() {
        let mut h = History::default();
        h.record(1, "a");
        h.record(2, "b");
        assert_eq!(h.undo(3), Some(2));
        assert_eq!(h.undo(2), Some(1));
        assert_eq!(h.undo(1), None);
        assert_eq!(h.redo(1), Some(2));
        assert_eq!(h.redo(2), Some(3));
        assert_eq!(h.redo(3), None);
    }

    #[test]
    fn typing_in_one_field_is_one_step() {
        let mut h = History::default();
        h.record("1", "amount");
        h.record("15", "amount");
        h.record("150", "amount");
        assert_eq!(h.undo("1500"), Some("1"));
        assert!(!h.can_undo());
    }

    #[test]
    fn sealing_or_undo_starts_a_new_step() {
        let mut h = History::default();
        h.record(1, "a");
        h.seal();
        h.record(2, "a");
        assert_eq!(h.undo(3), Some(2));
        h.record(2, "a");
        h.record(5, "a");
        assert_eq!(h.undo(6), Some(2));
        assert_eq!(h.undo(2), Some(1));
    }

    #[test]
    fn a_new_edit_drops_the_redo_branch() {
        let mut h = History::default();
        h.record(1, "a");
        assert_eq!(h.undo(2), Some(1));
        assert!(h.can_redo());
        h.record(1, "b");
        assert!(!h.can_redo());
    }

    #[test]
    fn saved_history_round_trips_and_is_trimmed() {
        let mut h = History::default();
        for i in 0..(SAVED_STEPS + 5) {
            h.record(i, &i.to_string());
        }
        assert_eq!(h.undo(99), Some(SAVED_STEPS + 4));
        let text = serde_json::to_string(&h.trimmed(SAVED_STEPS)).unwrap();
        let mut back: History<usize> = serde_json::from_str(&text).unwrap();
        assert_eq!(back.redo(SAVED_STEPS + 4), Some(99));
        let mut steps = 0;
        let mut current = 99;
        while let Some(previous) = back.undo(current) {
            current = previous;
            steps += 1;
        }
        // The saved steps, and the one redone.
        assert_eq!(steps, SAVED_STEPS + 1);
    }

    #[test]
    fn changes_count_steps_not_keystrokes() {
        let mut h = History::default();
        h.record(1, "a");
        h.record(2, "a");
        assert_eq!(h.changes(), 1);
        h.record(3, "b");
        h.undo(4);
        assert_eq!(h.changes(), 3);
    }

    #[test]
    fn history_is_bounded() {
        let mut h = History::default();
        for i in 0..(LIMIT + 50) {
            h.record(i, &i.to_string());
        }
        let mut steps = 0;
        let mut current = LIMIT + 50;
        while let Some(previous) = h.undo(current) {
            current = previous;
            steps += 1;
        }
        assert_eq!(steps, LIMIT);
        assert_eq!(current, 50);
    }
}
