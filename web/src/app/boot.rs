//! What the app starts with: the saved draft (with its undo history and the other drafts
//! kept), or a share link's schedule, or the example.

use super::state::*;
use crate::browser;
use crate::draft::{self, Draft};
use crate::history::History;
use crate::persist::{self, Saved, Shelf, Snapshot};
use crate::versions::Versions;
use chrono::NaiveDate;
use serde_json::json;

/// What the app starts with.
pub(crate) struct Boot {
    pub(crate) draft: Draft,
    pub(crate) as_of: Option<String>,
    pub(crate) notice: Option<Notice>,
    /// Save at once (the draft came from a share link).
    pub(crate) save: bool,
    /// The undo history saved with the draft.
    pub(crate) history: History<Snapshot>,
    pub(crate) shelf: Shelf,
    /// A share link's schedule that would replace a different saved draft: asked first.
    pub(crate) link: Option<Draft>,
    /// The saved versions.
    pub(crate) versions: Versions,
    /// The saved version the draft was compared with ("Compare with"), if it still exists.
    pub(crate) compare_with: Option<u64>,
}

fn notice(error: bool, text: impl Into<String>) -> Option<Notice> {
    Some(Notice {
        error,
        text: text.into(),
        target: None,
    })
}

pub(crate) async fn boot(today: NaiveDate) -> Boot {
    let mut boot = Boot {
        draft: Draft::acme(),
        as_of: None,
        notice: None,
        save: false,
        history: History::default(),
        shelf: Shelf::default(),
        link: None,
        versions: Versions::default(),
        compare_with: None,
    };
    let mut link = None;
    if let Some(found) = persist::fragment_schedule(&browser::fragment()) {
        browser::clear_fragment();
        match found.and_then(|text| draft::import(&text, &json!({}), today)) {
            Ok(draft) => link = Some(draft),
            Err(e) => {
                boot.notice = notice(true, format!("The share link could not be opened. {e}"));
            }
        }
    }
    if let Ok(Some(text)) = browser::load(SHELF_KEY).await {
        boot.shelf = Shelf::from_text(&text);
    }
    if let Ok(Some(text)) = browser::load(VERSIONS_KEY).await {
        boot.versions = Versions::from_text(&text);
    }
    let mut restored = false;
    match browser::load(SAVE_KEY).await {
        Ok(Some(text)) => match Saved::from_text(&text) {
            Ok(saved) => {
                boot.draft = saved.draft;
                boot.as_of = saved.as_of;
                boot.compare_with = saved
                    .compare_with
                    .filter(|id| boot.versions.get(*id).is_some());
                restored = true;
                if let Ok(Some(text)) = browser::load(HISTORY_KEY).await {
                    boot.history = serde_json::from_str(&text).unwrap_or_default();
                }
            }
            Err(e) => {
                let kept = browser::save(BACKUP_KEY, &text).await.is_ok();
                let kept = if kept {
                    " A copy was kept in the browser's storage."
                } else {
                    ""
                };
                let shown = if link.is_some() {
                    "Opening the share link."
                } else {
                    "Showing the example."
                };
                boot.notice = notice(
                    true,
                    format!("Your last draft could not be restored: {e}.{kept} {shown}"),
                );
            }
        },
        Ok(None) => {}
        Err(e) => {
            boot.notice = notice(
                true,
                format!("Saved drafts could not be read: {e}. Changes may not be kept."),
            );
        }
    }
    if let Some(shared) = link {
        if !restored {
            // Nothing of the user's to replace.
            boot.draft = shared;
            boot.as_of = None;
            boot.history = History::default();
            boot.save = true;
            if boot.notice.is_none() {
                boot.notice = notice(false, "Opened the schedule from a share link.");
            }
        } else if shared.to_schedule() == boot.draft.to_schedule() {
            boot.notice = notice(false, "The share link holds the draft you have open.");
        } else {
            boot.link = Some(shared);
        }
    }
    boot
}
