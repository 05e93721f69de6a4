//! Compare mode ("Compare with") without previewing the saved version on every edit.
//!
//! The saved version's side (its validated form and its preview over the shared window) is
//! kept from one comparison to the next and made again only when the version, the options
//! (the as-of) or the shared window change; the current draft's side is the preview already
//! on screen when its window is the shared one. So an edit with compare on previews the
//! current draft once (for the page) and compares two ready previews
//! (`phasebill::compare_previews`). The app holds a [`Comparing`] in one memo, each run
//! made from the previous one ([`Comparing::next`]).

use phasebill::{Code, Comparison, Date, Error, Issue, Preview, Validated};
use serde_json::Value;
use std::sync::Arc;

/// A value shared between memos that is equal only to itself: a new one is a change, and
/// comparing two costs nothing (a preview compared field by field would cost more than it
/// saves).
#[derive(Debug)]
pub struct Shared<T>(pub Arc<T>);

impl<T> Clone for Shared<T> {
    fn clone(&self) -> Self {
        Shared(self.0.clone())
    }
}

impl<T> PartialEq for Shared<T> {
    fn eq(&self, other: &Self) -> bool {
        Arc::ptr_eq(&self.0, &other.0)
    }
}

impl<T> std::ops::Deref for Shared<T> {
    type Target = T;
    fn deref(&self) -> &T {
        &self.0
    }
}

impl<T> Shared<T> {
    pub fn new(value: T) -> Shared<T> {
        Shared(Arc::new(value))
    }
}

/// The window both sides are previewed over: the later of their default windows (what
/// `phasebill::compare` does).
pub fn shared_until(saved: &Validated, current: &Validated) -> Date {
    saved.default_until().max(current.default_until())
}

/// What one comparison had to compute (the rest was kept or reused).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Work {
    /// The saved version was validated (it, or the as-of, changed).
    pub saved_validated: bool,
    /// The saved version was previewed (it, the as-of or the shared window changed).
    pub saved_previewed: bool,
    /// The current draft was previewed again, over a window longer than its own.
    pub current_previewed: bool,
}

/// What the comparison shows.
#[derive(Debug, Clone, PartialEq)]
pub enum Outcome {
    Done(Shared<Comparison>),
    /// The current draft has errors (they are shown at their fields).
    DraftInvalid,
    /// The saved version cannot be compared: the engine's issues with it (at the version's
    /// own paths), or the currencies differ.
    Failed(Vec<Issue>),
}

/// The current draft as the page has it.
pub struct Current<'a> {
    /// Its validated form, or `None` while it has errors.
    pub valid: Option<&'a Validated>,
    /// Its preview on screen (over its own default window), when it has one.
    pub displayed: Option<&'a Arc<Preview>>,
}

/// The saved version to compare with.
pub struct Version<'a> {
    pub id: u64,
    /// Its schedule JSON (usually the same `Arc` while the version is unchanged; an equal
    /// one is the same version too, e.g. after a rename).
    pub schedule: &'a Arc<Value>,
}

/// The saved version previewed over a window (the last day of the window, and the preview
/// or why there is none).
type Previewed = (Date, Result<Arc<Preview>, Arc<Error>>);

/// The saved version's side, kept between comparisons.
#[derive(Clone)]
struct SavedSide {
    id: u64,
    schedule: Arc<Value>,
    options: Value,
    valid: Result<Arc<Validated>, Arc<Error>>,
    /// Its preview over the window it was made for.
    preview: Option<Previewed>,
}

/// One comparison of the current draft with a saved version, and the saved side kept for
/// the next.
#[derive(Clone)]
pub struct Comparing {
    saved: SavedSide,
    pub outcome: Outcome,
    pub work: Work,
}

impl Comparing {
    /// The comparison after a change of any input, reusing what `previous` computed when
    /// its inputs are the same: the saved version is validated again only when it or the
    /// options changed, previewed
    /// again only when, in addition, the shared window changed; the current draft is
    /// previewed again only when its own window is shorter than the shared one.
    pub fn next(
        previous: Option<Comparing>,
        version: Version<'_>,
        options: &Value,
        today: Date,
        current: Current<'_>,
    ) -> Comparing {
        let mut work = Work::default();
        let kept = previous.map(|p| p.saved).filter(|s| {
            s.id == version.id
                && (Arc::ptr_eq(&s.schedule, version.schedule) || s.schedule == *version.schedule)
                && s.options == *options
        });
        let mut saved = kept.unwrap_or_else(|| {
            work.saved_validated = true;
            SavedSide {
                id: version.id,
                schedule: version.schedule.clone(),
                options: options.clone(),
                valid: phasebill::validated(version.schedule, options, today)
                    .map(Arc::new)
                    .map_err(Arc::new),
                preview: None,
            }
        });
        let outcome = match (&saved.valid, current.valid, current.displayed) {
            (Err(error), _, _) => Outcome::Failed(error.issues.clone()),
            (Ok(_), None, _) | (Ok(_), _, None) => Outcome::DraftInvalid,
            (Ok(before), Some(valid), Some(displayed)) => {
                let until = shared_until(before, valid);
                if saved.preview.as_ref().map(|p| p.0) != Some(until) {
                    work.saved_previewed = true;
                    let preview = before.preview_until(until).map(Arc::new).map_err(Arc::new);
                    saved.preview = Some((until, preview));
                }
                let after = if displayed.until == until {
                    Ok(displayed.clone())
                } else {
                    work.current_previewed = true;
                    valid.preview_until(until).map(Arc::new)
                };
                match (&saved.preview, after) {
                    (Some((_, Err(e))), _) => Outcome::Failed(e.issues.clone()),
                    (_, Err(_)) => Outcome::DraftInvalid,
                    (None, _) => Outcome::DraftInvalid,
                    (Some((_, Ok(b))), Ok(a)) => compared(b, &a),
                }
            }
        };
        Comparing {
            saved,
            outcome,
            work,
        }
    }

    /// The saved version's preview over the shared window, when it has one.
    pub fn saved_preview(&self) -> Option<Shared<Preview>> {
        match &self.saved.preview {
            Some((_, Ok(p))) => Some(Shared(p.clone())),
            _ => None,
        }
    }
}

/// The comparison of two previews of one window; two currencies are an issue at the
/// currency (what `phasebill::compare` says of them).
fn compared(before: &Preview, after: &Preview) -> Outcome {
    match phasebill::compare_previews(before, after) {
        Some(c) => Outcome::Done(Shared::new(c)),
        None => Outcome::Failed(vec![Issue::new(
            "currency",
            Code::CurrencyMismatch,
            format!(
                "currency {} differs from the currency {} of the saved version",
                after.currency.code(),
                before.currency.code()
            ),
        )]),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::draft::Draft;
    use serde_json::json;

    fn today() -> Date {
        Date::from_ymd_opt(2026, 3, 1).unwrap()
    }

    struct Page {
        valid: Validated,
        displayed: Arc<Preview>,
    }

    /// The current draft as the page previews it (over its own window).
    fn page(schedule: &Value, options: &Value) -> Page {
        let valid = phasebill::validated(schedule, options, today()).unwrap();
        let displayed = Arc::new(valid.preview().unwrap());
        Page { valid, displayed }
    }

    fn step(
        previous: Option<Comparing>,
        id: u64,
        saved: &Arc<Value>,
        options: &Value,
        now: &Page,
    ) -> Comparing {
        Comparing::next(
            previous,
            Version {
                id,
                schedule: saved,
            },
            options,
            today(),
            Current {
                valid: Some(&now.valid),
                displayed: Some(&now.displayed),
            },
        )
    }

    fn net(c: &Comparing) -> String {
        match &c.outcome {
            Outcome::Done(c) => c.delta.net.to_string(),
            other => panic!("no comparison: {other:?}"),
        }
    }

    fn acme() -> Value {
        Draft::acme().to_schedule()
    }

    /// Acme with the Year 1 platform fee changed from 1,500.00 to `amount` a month.
    fn acme_with_fee(amount: &str) -> Value {
        let mut s = acme();
        s["phases"][1]["prices"][0]["amount"] = json!(amount);
        s
    }

    #[test]
    fn an_edit_previews_neither_the_saved_version_nor_the_draft_again() {
        let saved = Arc::new(acme());
        let options = json!({});
        let first = step(None, 1, &saved, &options, &page(&acme(), &options));
        assert_eq!(
            first.work,
            Work {
                saved_validated: true,
                saved_previewed: true,
                current_previewed: false
            }
        );
        assert_eq!(net(&first), "0.00");
        let kept = first.saved_preview().unwrap();
        // Year 1's fee 1,500.00 → 1,350.00 a month, 12 months: net change −1,800.00.
        let edited = page(&acme_with_fee("1350.00"), &options);
        let second = step(Some(first), 1, &saved, &options, &edited);
        assert_eq!(second.work, Work::default());
        assert_eq!(net(&second), "-1800.00");
        assert_eq!(second.saved_preview().unwrap(), kept);
    }

    #[test]
    fn the_saved_side_is_made_again_when_the_version_or_the_as_of_changes() {
        let options = json!({});
        let now = page(&acme(), &options);
        let saved = Arc::new(acme());
        let first = step(None, 1, &saved, &options, &now);
        // Another version with the same content: validated again.
        let other = Arc::new(acme());
        let second = step(Some(first), 2, &other, &options, &now);
        assert!(second.work.saved_validated && second.work.saved_previewed);
        // Another as-of.
        let as_of = json!({ "asOf": "2026-06-01" });
        let now = page(&acme(), &as_of);
        let third = step(Some(second), 2, &other, &as_of, &now);
        assert!(third.work.saved_validated && third.work.saved_previewed);
        assert_eq!(net(&third), "0.00");
    }

    #[test]
    fn a_longer_draft_window_previews_the_saved_version_again_and_not_the_draft() {
        let options = json!({});
        let saved = Arc::new(acme());
        let first = step(None, 1, &saved, &options, &page(&acme(), &options));
        let until = first.saved_preview().unwrap().until;
        // A third phase makes the draft's window longer than the version's.
        let mut longer = acme();
        let mut extra = longer["phases"][1].clone();
        extra["name"] = json!("Year 2");
        longer["phases"].as_array_mut().unwrap().push(extra);
        let now = page(&longer, &options);
        assert!(now.displayed.until > until);
        let second = step(Some(first), 1, &saved, &options, &now);
        assert_eq!(
            second.work,
            Work {
                saved_validated: false,
                saved_previewed: true,
                current_previewed: false
            }
        );
        assert_eq!(second.saved_preview().unwrap().until, now.displayed.until);
        let engine = phasebill::compare(&saved, &longer, &options, today()).unwrap();
        match &second.outcome {
            Outcome::Done(c) => assert_eq!(**c, engine),
            other => panic!("no comparison: {other:?}"),
        }
    }

    #[test]
    fn a_shorter_draft_window_previews_the_draft_over_the_saved_versions_window() {
        let options = json!({});
        let saved = Arc::new(acme());
        // A Year 1 of 6 months instead of 12 ends sooner than the version.
        let mut shorter = acme();
        shorter["phases"][1]["duration"]["count"] = json!(6);
        let now = page(&shorter, &options);
        let c = step(None, 1, &saved, &options, &now);
        assert!(c.work.current_previewed);
        assert!(c.saved_preview().unwrap().until > now.displayed.until);
        let engine = phasebill::compare(&saved, &shorter, &options, today()).unwrap();
        match &c.outcome {
            Outcome::Done(c) => assert_eq!(**c, engine),
            other => panic!("no comparison: {other:?}"),
        }
    }

    #[test]
    fn an_invalid_draft_keeps_the_saved_side_for_when_it_is_valid_again() {
        let options = json!({});
        let saved = Arc::new(acme());
        let first = step(None, 1, &saved, &options, &page(&acme(), &options));
        let invalid = Comparing::next(
            Some(first),
            Version {
                id: 1,
                schedule: &saved,
            },
            &options,
            today(),
            Current {
                valid: None,
                displayed: None,
            },
        );
        assert_eq!(invalid.outcome, Outcome::DraftInvalid);
        let again = step(Some(invalid), 1, &saved, &options, &page(&acme(), &options));
        assert_eq!(again.work, Work::default());
    }

    #[test]
    fn a_version_the_engine_rejects_or_in_another_currency_says_why() {
        let options = json!({});
        let now = page(&acme(), &options);
        let mut broken = acme();
        broken["phases"][0]["prices"][0]["amount"] = json!("abc");
        let c = step(None, 1, &Arc::new(broken), &options, &now);
        match &c.outcome {
            Outcome::Failed(issues) => {
                assert_eq!(issues[0].path, "phases[0].prices[0].amount")
            }
            other => panic!("expected a failure: {other:?}"),
        }
        let mut euros = acme();
        euros["currency"] = json!("EUR");
        let c = step(None, 1, &Arc::new(euros), &options, &now);
        match &c.outcome {
            Outcome::Failed(issues) => assert_eq!(issues[0].code, Code::CurrencyMismatch),
            other => panic!("expected a failure: {other:?}"),
        }
    }
}
