//! The app's state: the draft signal, the as-of, the preview memo, edits, history, autosave.

use crate::browser;
use crate::draft::{self, Draft};
use crate::history::History;
use crate::messages::*;
use crate::persist::{self, Saved};
use chrono::NaiveDate;
use leptos::prelude::*;
use phasebill::Preview;
use serde_json::{json, Value};
use std::collections::HashMap;
use std::sync::Arc;

/// IndexedDB key of the current draft.
pub(crate) const SAVE_KEY: &str = "current";
/// Where an unreadable saved draft is copied before it is replaced.
pub(crate) const BACKUP_KEY: &str = "unreadable-backup";

/// Invoices rendered before "Show all" is pressed.
pub(crate) const INVOICES_SHOWN: usize = 400;

/// Contracts with more prices than this open with their phases folded.
pub(crate) const FOLD_ABOVE_PRICES: usize = 30;

#[derive(Debug, Clone, PartialEq)]
pub(crate) enum SaveStatus {
    Idle,
    Saving,
    Saved,
    Failed(String),
}

#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Notice {
    pub(crate) error: bool,
    pub(crate) text: String,
}

/// Issues of the current input, placed at their fields.
#[derive(Debug, Clone, PartialEq, Default)]
pub(crate) struct Errors {
    pub(crate) fields: HashMap<String, String>,
    pub(crate) general: Vec<String>,
}

#[derive(Clone, Copy)]
pub(crate) struct State {
    pub(crate) draft: RwSignal<Draft>,
    /// Text of the As of field.
    pub(crate) as_of: RwSignal<String>,
    /// Whether the user chose the as-of (else it is today at each load).
    pub(crate) as_of_chosen: RwSignal<bool>,
    pub(crate) history: RwSignal<History<Draft>>,
    pub(crate) save_status: RwSignal<SaveStatus>,
    pub(crate) storage: RwSignal<String>,
    pub(crate) notice: RwSignal<Option<Notice>>,
    pub(crate) result: Memo<Result<Arc<Preview>, Arc<phasebill::Error>>>,
    pub(crate) last_good: Memo<Option<Arc<Preview>>>,
    pub(crate) errors: Memo<Errors>,
    pub(crate) today: NaiveDate,
    /// The phase just added with "Add phase" (its card opens unfolded).
    pub(crate) added_phase: StoredValue<Option<u64>>,
    /// A save is scheduled and has not yet read the state.
    pub(crate) save_pending: StoredValue<bool>,
    /// Number of the latest write started.
    pub(crate) save_seq: StoredValue<u64>,
}

impl State {
    /// The engine's message for the field at `path`, if it has one.
    pub(crate) fn field_error(self, path: Signal<String>) -> Memo<Option<String>> {
        Memo::new(move |_| {
            let path = path.get();
            self.errors.with(|e| e.fields.get(&path).cloned())
        })
    }

    pub(crate) fn options(self) -> Value {
        let as_of = self.as_of.get_untracked();
        if as_of.is_empty() {
            json!({})
        } else {
            json!({ "asOf": as_of })
        }
    }

    /// Applies an edit of `field`; consecutive edits of one field are one undo step.
    pub(crate) fn edit(self, field: &str, change: impl FnOnce(&mut Draft)) {
        let mut before = None;
        self.draft.maybe_update(|draft| {
            let old = draft.clone();
            change(draft);
            let changed = *draft != old;
            if changed {
                before = Some(old);
            }
            changed
        });
        if let Some(before) = before {
            self.history.update(|h| h.record(before, field));
            self.save();
        }
    }

    /// An edit that is always its own undo step (add, remove, move, import).
    pub(crate) fn step(self, change: impl FnOnce(&mut Draft)) {
        self.history.update(History::seal);
        self.edit("step", change);
        self.history.update(History::seal);
    }

    pub(crate) fn seal(self) {
        self.history.update_untracked(History::seal);
    }

    pub(crate) fn undo(self) {
        self.travel(History::undo);
    }

    pub(crate) fn redo(self) {
        self.travel(History::redo);
    }

    /// Moves through the history (undo or redo) from the current draft, if it can.
    pub(crate) fn travel(self, step: fn(&mut History<Draft>, Draft) -> Option<Draft>) {
        let current = self.draft.get_untracked();
        let mut reached = None;
        self.history.update(|h| reached = step(h, current));
        if let Some(reached) = reached {
            self.draft.set(reached);
            self.save();
        }
    }

    /// Autosave: every change is written to IndexedDB; failures (quota) are shown. The write
    /// runs in a later task, so typing is not slowed by it; changes made before it runs are
    /// written together (the latest state).
    pub(crate) fn save(self) {
        if self.save_status.get_untracked() != SaveStatus::Saving {
            self.save_status.set(SaveStatus::Saving);
        }
        if self.save_pending.get_value() {
            return;
        }
        self.save_pending.set_value(true);
        browser::later(move || {
            self.save_pending.set_value(false);
            let as_of = self
                .as_of_chosen
                .get_untracked()
                .then(|| self.as_of.get_untracked());
            let text = Saved::new(self.draft.get_untracked(), as_of).to_text();
            let status = self.save_status;
            let seq = self.save_seq.get_value() + 1;
            self.save_seq.set_value(seq);
            leptos::task::spawn_local(async move {
                let result = browser::save(SAVE_KEY, &text).await;
                // A later save is scheduled or under way: its result is the one to show.
                if self.save_pending.get_value() || self.save_seq.get_value() != seq {
                    return;
                }
                match result {
                    Ok(()) => status.set(SaveStatus::Saved),
                    Err(e) => status.set(SaveStatus::Failed(e)),
                }
            });
        });
    }

    pub(crate) fn tell(self, error: bool, text: impl Into<String>) {
        self.notice.set(Some(Notice {
            error,
            text: text.into(),
        }));
    }

    /// A memo of one draft value (notifies only when that value changes).
    pub(crate) fn value<F>(self, read: F) -> Signal<String>
    where
        F: Fn(&Draft) -> Option<String> + Send + Sync + 'static,
    {
        let draft = self.draft;
        Memo::new(move |_| draft.with(|d| read(d).unwrap_or_default())).into()
    }
}

/// What the app starts with.
pub(crate) struct Boot {
    pub(crate) draft: Draft,
    pub(crate) as_of: Option<String>,
    pub(crate) notice: Option<Notice>,
    /// Save at once (the draft came from a share link).
    pub(crate) save: bool,
}

pub(crate) async fn boot(today: NaiveDate) -> Boot {
    let mut notice = None;
    if let Some(link) = persist::fragment_schedule(&browser::fragment()) {
        browser::clear_fragment();
        match link.and_then(|text| draft::import(&text, &json!({}), today)) {
            Ok(draft) => {
                return Boot {
                    draft,
                    as_of: None,
                    notice: Some(Notice {
                        error: false,
                        text: "Opened the schedule from a share link.".into(),
                    }),
                    save: true,
                }
            }
            Err(e) => {
                notice = Some(Notice {
                    error: true,
                    text: format!("The share link could not be opened. {e}"),
                })
            }
        }
    }
    match browser::load(SAVE_KEY).await {
        Ok(Some(text)) => {
            match Saved::from_text(&text) {
                Ok(saved) => {
                    return Boot {
                        draft: saved.draft,
                        as_of: saved.as_of,
                        notice,
                        save: false,
                    }
                }
                Err(e) => {
                    let kept = browser::save(BACKUP_KEY, &text).await.is_ok();
                    let kept = if kept {
                        " A copy was kept in the browser's storage."
                    } else {
                        ""
                    };
                    notice = Some(Notice {
                    error: true,
                    text: format!("Your last draft could not be restored: {e}.{kept} Showing the example."),
                });
                }
            }
        }
        Ok(None) => {}
        Err(e) => {
            notice = Some(Notice {
                error: true,
                text: format!("Saved drafts could not be read: {e}. Changes may not be kept."),
            })
        }
    }
    Boot {
        draft: Draft::acme(),
        as_of: None,
        notice,
        save: false,
    }
}

pub(crate) fn build_state(boot: &Boot, today: NaiveDate) -> State {
    let draft = RwSignal::new(boot.draft.clone());
    let as_of = RwSignal::new(boot.as_of.clone().unwrap_or_else(|| today.to_string()));
    let options = Memo::new(move |_| {
        as_of.with(|a| {
            if a.is_empty() {
                json!({})
            } else {
                json!({ "asOf": a })
            }
        })
    });
    let result = Memo::new(move |_| {
        let schedule = draft.with(Draft::to_schedule);
        options
            .with(|o| phasebill::preview(&schedule, o, today))
            .map(Arc::new)
            .map_err(Arc::new)
    });
    let last_good = Memo::new(move |previous: Option<&Option<Arc<Preview>>>| {
        result.with(|r| match r {
            Ok(preview) => Some(preview.clone()),
            Err(_) => previous.cloned().flatten(),
        })
    });
    let errors = Memo::new(move |_| {
        let mut errors = Errors::default();
        result.with(|r| {
            if let Err(error) = r {
                draft.with(|d| {
                    for issue in &error.issues {
                        match draft::field_for_path(d, &issue.path) {
                            Some(field) => {
                                let entry = errors.fields.entry(field).or_default();
                                if !entry.is_empty() {
                                    entry.push(' ');
                                }
                                entry.push_str(&sentence(&issue.message));
                            }
                            None => {
                                errors
                                    .general
                                    .push(describe_issue(d, &issue.path, &issue.message))
                            }
                        }
                    }
                })
            }
        });
        errors
    });
    State {
        draft,
        as_of,
        as_of_chosen: RwSignal::new(boot.as_of.is_some()),
        history: RwSignal::new(History::default()),
        save_status: RwSignal::new(SaveStatus::Idle),
        storage: RwSignal::new(String::new()),
        notice: RwSignal::new(boot.notice.clone()),
        result,
        last_good,
        errors,
        today,
        added_phase: StoredValue::new(None),
        save_pending: StoredValue::new(false),
        save_seq: StoredValue::new(0),
    }
}
