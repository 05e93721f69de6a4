//! The app's state: the draft signal, the as-of, the preview memo, edits, history, autosave.

use super::boot::Boot;
use crate::browser;
use crate::comparing::{Comparing, Current, Outcome, Shared, Version};
use crate::draft::{self, Draft};
use crate::history::{History, SAVED_STEPS};
use crate::messages::*;
use crate::persist::{Saved, Shelf, Snapshot};
use crate::versions::Versions;
use chrono::NaiveDate;
use leptos::prelude::*;
use phasebill::{Change, Comparison, Preview};
use phasebill::{Code, Issue};
use serde_json::{json, Value};
use std::collections::HashMap;
use std::sync::Arc;

/// IndexedDB key of the current draft.
pub(crate) const SAVE_KEY: &str = "current";
/// IndexedDB key of the current draft's undo history.
pub(crate) const HISTORY_KEY: &str = "history";
/// IndexedDB key of the other drafts kept.
pub(crate) const SHELF_KEY: &str = "other-drafts";
/// IndexedDB key of the saved versions.
pub(crate) const VERSIONS_KEY: &str = "versions";
/// Where an unreadable saved draft is copied before it is replaced.
pub(crate) const BACKUP_KEY: &str = "unreadable-backup";

/// Invoices rendered before "Show all" is pressed.
pub(crate) const INVOICES_SHOWN: usize = 400;

/// Previews with more invoices than this open with their years folded (but the as-of's).
pub(crate) const FOLD_ABOVE_INVOICES: usize = 36;

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
    /// The id of an element the notice is about ("Show invoice" scrolls to it).
    pub(crate) target: Option<String>,
}

/// Issues of the current input, placed at their fields.
#[derive(Debug, Clone, PartialEq, Default)]
pub(crate) struct Errors {
    pub(crate) fields: HashMap<String, String>,
    pub(crate) general: Vec<String>,
    /// Every issue as one line ("Phase 2 › Count must be …"), for the announcement.
    pub(crate) all: Vec<String>,
}

#[derive(Clone, Copy)]
pub(crate) struct State {
    pub(crate) draft: RwSignal<Draft>,
    /// Text of the As of field.
    pub(crate) as_of: RwSignal<String>,
    /// Whether the user chose the as-of (else it is today at each load).
    pub(crate) as_of_chosen: RwSignal<bool>,
    pub(crate) history: RwSignal<History<Snapshot>>,
    pub(crate) save_status: RwSignal<SaveStatus>,
    pub(crate) storage: RwSignal<String>,
    pub(crate) notice: RwSignal<Option<Notice>>,
    pub(crate) result: Memo<Result<Arc<Preview>, Arc<phasebill::Error>>>,
    pub(crate) last_good: Memo<Option<Arc<Preview>>>,
    pub(crate) errors: Memo<Errors>,
    /// The engine's message per field (`errors.fields`), kept in step with the draft by the
    /// methods that change it or the as-of (`edit`, `travel`, `set_as_of`), not derived in a memo:
    /// every memo downstream of the draft is marked on each keystroke, and with every phase
    /// of a large contract open the ~650 fields' error views were a third of an edit's work
    /// (docs/decisions.md item 46). This signal changes only when the messages do.
    pub(crate) field_errors: RwSignal<Arc<HashMap<String, String>>>,
    pub(crate) today: NaiveDate,
    /// The phase just added with "Add phase" (its card opens unfolded).
    pub(crate) added_phase: StoredValue<Option<u64>>,
    /// A save is scheduled and has not yet read the state.
    pub(crate) save_pending: StoredValue<bool>,
    /// Number of the latest write started.
    pub(crate) save_seq: StoredValue<u64>,
    /// `History::changes` when the history was last saved.
    pub(crate) history_saved: StoredValue<Option<u64>>,
    /// Ids of the date inputs holding an incomplete date (not a value yet: the draft keeps
    /// the last complete one, the field says "Enter a complete date").
    pub(crate) incomplete: RwSignal<Vec<String>>,
    /// Notified when the draft or the as-of changed other than by typing into a field
    /// (a select, a button, a drag, undo, an import): the inputs then show what the draft
    /// holds. An input typed into already shows its value, so a keystroke wakes none of
    /// the other inputs (docs/decisions.md item 47).
    pub(crate) fields_rewritten: Trigger,
    /// Set while a field's typed value is being applied (see `fields_rewritten`).
    pub(crate) typing: StoredValue<bool>,
    /// The preview does not show the draft as it is (errors, or a date being typed).
    pub(crate) stale: Memo<bool>,
    /// Other drafts kept ("Open as a copy").
    pub(crate) shelf: RwSignal<Shelf>,
    /// A share link's schedule, waiting for the user's answer (it would replace the draft).
    pub(crate) link: RwSignal<Option<Draft>>,
    /// Saved versions ("Save version").
    pub(crate) versions: RwSignal<Versions>,
    /// The version the schedule is compared with ("Compare with"), if any.
    pub(crate) compare_with: RwSignal<Option<u64>>,
    /// The engine's comparison of that version with the current draft (None: not comparing).
    pub(crate) comparison: Memo<Option<Outcome>>,
    /// The last valid comparison with the chosen version (shown while the draft has errors).
    pub(crate) last_comparison: Memo<Option<Shared<Comparison>>>,
    /// What changed on each invoice date of the current preview, while comparing.
    pub(crate) changes: Memo<Arc<HashMap<NaiveDate, Change>>>,
    /// The chosen version's preview over the window it is compared in (for its bars in the
    /// billing-by-month chart).
    pub(crate) saved_preview: Memo<Option<Shared<Preview>>>,
}

impl State {
    /// The engine's message for the field at `path`, if it has one.
    pub(crate) fn field_error(self, path: Signal<String>) -> Memo<Option<String>> {
        Memo::new(move |_| {
            let path = path.get();
            self.field_errors.with(|e| e.get(&path).cloned())
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

    /// The as-of as kept in the history and saved: none when it is "today".
    fn chosen_as_of(self) -> Option<String> {
        self.as_of_chosen
            .get_untracked()
            .then(|| self.as_of.get_untracked())
    }

    fn snapshot(self, draft: Draft) -> Snapshot {
        Snapshot {
            draft,
            as_of: self.chosen_as_of(),
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
            self.after_change();
            let before = self.snapshot(before);
            self.history.update(|h| h.record(before, field));
            self.save();
        }
    }

    /// After the draft or the as-of changed: `field_errors` brought in step, and the inputs
    /// told to show what the draft holds unless the change was typed (`fields_rewritten`).
    fn after_change(self) {
        self.sync_field_errors();
        if !self.typing.get_value() {
            self.fields_rewritten.notify();
        }
    }

    /// Applies a value typed into a field (`apply` edits the draft or the as-of): the
    /// other inputs are left alone.
    pub(crate) fn typed(self, apply: impl FnOnce()) {
        self.typing.set_value(true);
        apply();
        self.typing.set_value(false);
    }

    /// Brings `field_errors` in step with the draft and the as-of just changed.
    fn sync_field_errors(self) {
        let changed = self.errors.with_untracked(|e| {
            let same = self.field_errors.with_untracked(|f| **f == e.fields);
            (!same).then(|| e.fields.clone())
        });
        if let Some(fields) = changed {
            self.field_errors.set(Arc::new(fields));
        }
    }

    /// Sets the as-of (`None`: today, kept so at each visit); one undo step per field edit.
    pub(crate) fn set_as_of(self, as_of: Option<String>) {
        // The field reports its value on key release too: the same date is no edit.
        if as_of.as_deref() == Some(self.as_of.get_untracked().as_str()) {
            return;
        }
        let before = self.snapshot(self.draft.get_untracked());
        if before.as_of == as_of {
            return;
        }
        self.history.update(|h| h.record(before, "asOf"));
        self.apply_as_of(as_of);
        self.after_change();
        self.save();
    }

    fn apply_as_of(self, as_of: Option<String>) {
        self.as_of_chosen.set(as_of.is_some());
        self.as_of
            .set(as_of.unwrap_or_else(|| self.today.to_string()));
    }

    /// Replaces the whole draft (one undo step), with ids not in use by the current one.
    pub(crate) fn replace(self, draft: Draft) {
        let from = self.draft.with_untracked(Draft::next_id);
        self.step(move |d| *d = draft.with_fresh_ids(from));
    }

    /// An edit that is always its own undo step (add, remove, move, import).
    pub(crate) fn step(self, change: impl FnOnce(&mut Draft)) {
        self.clear_incomplete();
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
    pub(crate) fn travel(self, step: fn(&mut History<Snapshot>, Snapshot) -> Option<Snapshot>) {
        self.clear_incomplete();
        let current = self.snapshot(self.draft.get_untracked());
        let mut reached = None;
        self.history.update(|h| reached = step(h, current));
        if let Some(reached) = reached {
            if reached.as_of != self.chosen_as_of() {
                self.apply_as_of(reached.as_of);
            }
            self.draft.set(reached.draft);
            self.after_change();
            self.save();
        }
    }

    fn clear_incomplete(self) {
        if self.incomplete.with_untracked(|v| !v.is_empty()) {
            self.incomplete.set(Vec::new());
        }
    }

    /// Marks the date input `id` as holding an incomplete date, or not.
    pub(crate) fn set_incomplete(self, id: &str, incomplete: bool) {
        let present = self
            .incomplete
            .with_untracked(|v| v.iter().any(|i| i == id));
        if incomplete && !present {
            self.incomplete.update(|v| v.push(id.to_string()));
        } else if !incomplete && present {
            self.incomplete.update(|v| v.retain(|i| i != id));
        }
    }

    /// Writes the other drafts kept.
    pub(crate) fn save_shelf(self) {
        let text = self.shelf.with_untracked(Shelf::to_text);
        leptos::task::spawn_local(async move {
            if let Err(e) = browser::save(SHELF_KEY, &text).await {
                self.tell(true, format!("Other drafts not saved: {e}"));
            }
        });
    }

    /// The current draft as saved (with the as-of, if chosen).
    pub(crate) fn saved(self) -> Saved {
        Saved::new(self.draft.get_untracked(), self.chosen_as_of())
            .comparing(self.compare_with.get_untracked())
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
            let text = self.saved().to_text();
            // The undo history is written when it changed (a new step, an undo), not on
            // every keystroke of one field.
            let changes = self.history.with_untracked(History::changes);
            let history = (self.history_saved.get_value() != Some(changes)).then(|| {
                self.history_saved.set_value(Some(changes));
                self.history.with_untracked(|h| {
                    serde_json::to_string(&h.trimmed(SAVED_STEPS)).unwrap_or_default()
                })
            });
            let status = self.save_status;
            let seq = self.save_seq.get_value() + 1;
            self.save_seq.set_value(seq);
            leptos::task::spawn_local(async move {
                // The draft first: IndexedDB runs transactions on one store in the order
                // they were created, so a later save (started while this one writes) lands
                // after it. Written after the history, an older draft could land last (a
                // save that also writes the history starts its draft write later).
                let mut result = browser::save(SAVE_KEY, &text).await;
                if let (Ok(()), Some(history)) = (&result, history) {
                    result = browser::save(HISTORY_KEY, &history).await;
                }
                if result.is_ok() {
                    browser::tell_tabs("saved");
                }
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
            target: None,
        }));
    }

    /// Keeps the current draft as a new version (named "Version N – <now>") and saves the
    /// versions.
    pub(crate) fn save_version(self) -> u64 {
        let draft = self.draft.get_untracked();
        let mut id = 0;
        self.versions
            .update(|v| id = v.save(draft, &browser::now_text()));
        self.save_versions();
        id
    }

    /// Writes the saved versions.
    pub(crate) fn save_versions(self) {
        let text = self.versions.with_untracked(Versions::to_text);
        leptos::task::spawn_local(async move {
            if let Err(e) = browser::save(VERSIONS_KEY, &text).await {
                self.tell(true, format!("Versions not saved: {e}"));
            }
        });
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

/// A memo's next value for a part of the draft: the previous value when it equals `now`
/// (kept, not copied: no change), else a copy of `now`. For `Memo::new_owning`.
pub(crate) fn kept<T: Clone + PartialEq>(
    previous: Option<Option<T>>,
    now: Option<&T>,
) -> (Option<T>, bool) {
    match previous {
        Some(p) if p.as_ref() == now => (p, false),
        _ => (now.cloned(), true),
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
    // The draft validated (with the app's own checks); kept for compare mode, which
    // previews it over a longer window when the saved version's is longer.
    let checked = Memo::new(move |_| {
        let (schedule, local) = draft.with(|d| (d.to_schedule(), d.local_issues()));
        let engine = options.with(|o| phasebill::validated(&schedule, o, today));
        if local.is_empty() {
            return engine.map(Shared::new).map_err(Arc::new);
        }
        // The app's own findings first; the engine's issues at other fields after them.
        let mut issues: Vec<Issue> = local
            .into_iter()
            .map(|(path, message)| Issue::new(path, Code::RecordedWithoutCompletion, message))
            .collect();
        if let Err(error) = engine {
            draft.with(|d| {
                for issue in error.issues {
                    let field = draft::field_for_path(d, &issue.path);
                    if !issues.iter().any(|l| Some(&l.path) == field.as_ref()) {
                        issues.push(issue);
                    }
                }
            });
        }
        Err(Arc::new(phasebill::Error::new(issues)))
    });
    let result = Memo::new(move |_| {
        checked.with(|c| match c {
            Ok(valid) => valid.preview().map(Arc::new).map_err(Arc::new),
            Err(error) => Err(error.clone()),
        })
    });
    // A saved draft the engine rejects opens with the preview of its latest valid state in
    // the undo history (shown as out of date), if there is one.
    let seed = StoredValue::new(None::<Arc<Preview>>);
    let opened_valid = result.with_untracked(Result::is_ok);
    if !opened_valid {
        let options = options.get_untracked();
        let found = boot.history.past().iter().rev().find_map(|d| {
            phasebill::preview(&d.draft.to_schedule(), &options, today)
                .ok()
                .map(Arc::new)
        });
        seed.set_value(found);
    }
    let last_good = Memo::new(move |previous: Option<&Option<Arc<Preview>>>| {
        result.with(|r| match r {
            Ok(preview) => Some(preview.clone()),
            Err(_) => previous.cloned().flatten().or_else(|| seed.get_value()),
        })
    });
    let errors = Memo::new(move |_| {
        let mut errors = Errors::default();
        result.with(|r| {
            if let Err(error) = r {
                draft.with(|d| {
                    for issue in &error.issues {
                        let date = |d| browser::date(d);
                        let line = issue_line(&issue.path, issue.code, &issue.message, &date);
                        match draft::field_for_path(d, &issue.path) {
                            Some(field) => {
                                let entry = errors.fields.entry(field).or_default();
                                if !entry.is_empty() {
                                    entry.push(' ');
                                }
                                entry.push_str(&field_message(issue.code, &issue.message, &date));
                            }
                            None => errors.general.push(line.clone()),
                        }
                        errors.all.push(line);
                    }
                })
            }
        });
        errors
    });
    let versions = RwSignal::new(boot.versions.clone());
    let compare_with = RwSignal::new(boot.compare_with);
    // The version's schedule: recomputed only when the choice or the versions change.
    let before = Memo::new(move |_| {
        let id = compare_with.get()?;
        versions.with(|v| v.get(id).map(|v| (id, Arc::new(v.draft.to_schedule()))))
    });
    // One comparison made from the previous one: the saved version is validated and
    // previewed again only when it, the as-of or the shared window changed, and the draft's
    // preview on screen is reused (see `crate::comparing`).
    let comparing = Memo::new_owning(move |previous: Option<Option<Comparing>>| {
        let Some((id, schedule)) = before.get() else {
            let was = previous.flatten().is_some();
            return (None, was);
        };
        let next = checked.with(|valid| {
            result.with(|shown| {
                options.with(|o| {
                    Comparing::next(
                        previous.flatten(),
                        Version {
                            id,
                            schedule: &schedule,
                        },
                        o,
                        today,
                        Current {
                            valid: valid.as_ref().ok().map(|v| &**v),
                            displayed: shown.as_ref().ok(),
                        },
                    )
                })
            })
        });
        (Some(next), true)
    });
    let comparison = Memo::new(move |_| comparing.with(|c| c.as_ref().map(|c| c.outcome.clone())));
    let last_comparison = Memo::new(move |previous: Option<&Option<Shared<Comparison>>>| {
        comparison.with(|c| match c {
            None | Some(Outcome::Failed(_)) => None,
            Some(Outcome::Done(c)) => Some(c.clone()),
            Some(Outcome::DraftInvalid) => previous.cloned().flatten(),
        })
    });
    let changes = Memo::new(move |_| {
        last_comparison.with(|c| {
            Arc::new(
                c.iter()
                    .flat_map(|c| &c.invoices)
                    .map(|i| (i.issue_date, i.change))
                    .collect::<HashMap<_, _>>(),
            )
        })
    });
    let saved_preview =
        Memo::new(move |_| comparing.with(|c| c.as_ref().and_then(Comparing::saved_preview)));
    let incomplete = RwSignal::new(Vec::<String>::new());
    let stale =
        Memo::new(move |_| result.with(Result::is_err) || incomplete.with(|v| !v.is_empty()));
    State {
        draft,
        as_of,
        as_of_chosen: RwSignal::new(boot.as_of.is_some()),
        history: RwSignal::new(boot.history.clone()),
        save_status: RwSignal::new(SaveStatus::Idle),
        storage: RwSignal::new(String::new()),
        notice: RwSignal::new(boot.notice.clone()),
        result,
        last_good,
        field_errors: RwSignal::new(Arc::new(errors.with_untracked(|e| e.fields.clone()))),
        errors,
        today,
        added_phase: StoredValue::new(None),
        save_pending: StoredValue::new(false),
        save_seq: StoredValue::new(0),
        history_saved: StoredValue::new(Some(boot.history.changes())),
        incomplete,
        fields_rewritten: Trigger::new(),
        typing: StoredValue::new(false),
        stale,
        shelf: RwSignal::new(boot.shelf.clone()),
        link: RwSignal::new(boot.link.clone()),
        versions,
        compare_with,
        comparison,
        last_comparison,
        changes,
        saved_preview,
    }
}
