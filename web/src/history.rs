//! Undo / redo over whole drafts. Consecutive edits of the same field (one word typed key by
//! key, one marker dragged) form one step; any other edit, an undo or a redo starts a new one.

/// Most steps kept.
pub const LIMIT: usize = 200;

#[derive(Debug, Clone, PartialEq)]
pub struct History<T> {
    past: Vec<T>,
    future: Vec<T>,
    /// The field of the last recorded edit, while it may still be coalesced.
    open: Option<String>,
}

impl<T> Default for History<T> {
    fn default() -> Self {
        History {
            past: Vec::new(),
            future: Vec::new(),
            open: None,
        }
    }
}

impl<T> History<T> {
    /// Records an edit of `field` that replaces `before`.
    pub fn record(&mut self, before: T, field: &str) {
        self.future.clear();
        if self.open.as_deref() == Some(field) && !self.past.is_empty() {
            return;
        }
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
        self.future.push(current);
        self.open = None;
        Some(previous)
    }

    /// The state to go forward to, given the current one.
    pub fn redo(&mut self, current: T) -> Option<T> {
        let next = self.future.pop()?;
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
