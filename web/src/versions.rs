//! Saved versions of the schedule ("Save version"), kept in IndexedDB beside the draft and
//! compared with the current draft ("Compare with").

use crate::draft::Draft;
use serde::{Deserialize, Serialize};
use serde_json::Value;

/// Most versions kept; the oldest beyond it are dropped (the issue asks for at least 50).
pub const VERSION_LIMIT: usize = 200;

/// One saved version: the draft as it was, when, under a name the user may change.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Version {
    pub id: u64,
    pub name: String,
    /// When it was saved, as shown ("Nov 30, 2026, 6:05 AM").
    pub saved_at: String,
    pub draft: Draft,
}

/// The versions, oldest first, and the number the next default name takes.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Versions {
    pub list: Vec<Version>,
    pub next_number: u64,
}

impl Default for Versions {
    fn default() -> Versions {
        Versions {
            list: Vec::new(),
            next_number: 1,
        }
    }
}

impl Versions {
    pub fn to_text(&self) -> String {
        serde_json::to_string(self).unwrap_or_default()
    }

    /// Reads saved versions; a version that cannot be read is dropped, not the others.
    pub fn from_text(text: &str) -> Versions {
        let value: Value = serde_json::from_str(text).unwrap_or(Value::Null);
        let list: Vec<Version> = value
            .get("list")
            .and_then(Value::as_array)
            .map(|list| {
                list.iter()
                    .filter_map(|v| serde_json::from_value(v.clone()).ok())
                    .collect()
            })
            .unwrap_or_default();
        let next_number = value
            .get("nextNumber")
            .and_then(Value::as_u64)
            .unwrap_or(list.len() as u64 + 1)
            .max(1);
        Versions { list, next_number }
    }

    /// Keeps `draft` as a new version named "Version N – <saved_at>"; returns its id.
    pub fn save(&mut self, draft: Draft, saved_at: &str) -> u64 {
        let id = self.list.iter().map(|v| v.id).max().unwrap_or(0) + 1;
        let number = self.next_number.max(1);
        self.next_number = number + 1;
        self.list.push(Version {
            id,
            name: format!("Version {number} \u{2013} {saved_at}"),
            saved_at: saved_at.to_string(),
            draft,
        });
        if self.list.len() > VERSION_LIMIT {
            let extra = self.list.len() - VERSION_LIMIT;
            self.list.drain(..extra);
        }
        id
    }

    /// Renames a version; an empty name is refused (the old one stays). Returns whether it
    /// changed.
    pub fn rename(&mut self, id: u64, name: &str) -> bool {
        let name = name.trim();
        match self.list.iter_mut().find(|v| v.id == id) {
            Some(v) if !name.is_empty() && v.name != name => {
                v.name = name.to_string();
                true
            }
            _ => false,
        }
    }

    pub fn remove(&mut self, id: u64) -> Option<Version> {
        let index = self.list.iter().position(|v| v.id == id)?;
        Some(self.list.remove(index))
    }

    pub fn get(&self, id: u64) -> Option<&Version> {
        self.list.iter().find(|v| v.id == id)
    }

    /// (id, name), newest first, for the "Compare with" select.
    pub fn newest_first(&self) -> Vec<(u64, String)> {
        self.list
            .iter()
            .rev()
            .map(|v| (v.id, v.name.clone()))
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn versions_are_named_in_order_and_listed_newest_first() {
        let mut versions = Versions::default();
        let a = versions.save(Draft::acme(), "Nov 30, 2026, 6:05 AM");
        let b = versions.save(Draft::blank(), "Nov 30, 2026, 6:07 AM");
        assert_eq!(
            versions.get(a).unwrap().name,
            "Version 1 – Nov 30, 2026, 6:05 AM"
        );
        assert_eq!(
            versions.newest_first(),
            vec![
                (b, "Version 2 – Nov 30, 2026, 6:07 AM".to_string()),
                (a, "Version 1 – Nov 30, 2026, 6:05 AM".to_string())
            ]
        );
        // Numbers are not reused after a removal.
        versions.remove(b).unwrap();
        let c = versions.save(Draft::acme(), "later");
        assert_eq!(versions.get(c).unwrap().name, "Version 3 – later");
        assert_ne!(c, a);
    }

    #[test]
    fn renaming_keeps_a_name() {
        let mut versions = Versions::default();
        let a = versions.save(Draft::acme(), "now");
        assert!(versions.rename(a, "  Before the discount "));
        assert_eq!(versions.get(a).unwrap().name, "Before the discount");
        assert!(!versions.rename(a, "   "));
        assert_eq!(versions.get(a).unwrap().name, "Before the discount");
        assert!(!versions.rename(99, "x"));
    }

    #[test]
    fn fifty_versions_and_more_are_kept_up_to_the_limit() {
        let mut versions = Versions::default();
        for i in 0..VERSION_LIMIT + 5 {
            versions.save(Draft::acme(), &format!("t{i}"));
        }
        assert_eq!(versions.list.len(), VERSION_LIMIT);
        const { assert!(VERSION_LIMIT >= 50) };
        // The oldest went first.
        assert_eq!(versions.list[0].saved_at, "t5");
        let back = Versions::from_text(&versions.to_text());
        assert_eq!(back, versions);
    }

    #[test]
    fn damaged_versions_are_dropped_alone() {
        let mut versions = Versions::default();
        versions.save(Draft::acme(), "now");
        let mut value: Value = serde_json::from_str(&versions.to_text()).unwrap();
        value["list"]
            .as_array_mut()
            .unwrap()
            .push(serde_json::json!({"id": 9, "name": 3}));
        let back = Versions::from_text(&value.to_string());
        assert_eq!(back.list.len(), 1);
        assert_eq!(back.next_number, 2);
        assert_eq!(Versions::from_text("not json"), Versions::default());
    }

    #[test]
    fn a_version_compares_with_the_edited_draft_through_the_engine() {
        let mut versions = Versions::default();
        let id = versions.save(Draft::acme(), "now");
        let mut edited = Draft::acme();
        let year1 = edited.phases[1].id;
        let k = edited.add_discount(year1).unwrap();
        let d = edited.discount_mut(k).unwrap();
        d.name = "Launch".into();
        d.value = "10".into();
        let today = chrono::NaiveDate::from_ymd_opt(2026, 3, 15).unwrap();
        let before = versions.get(id).unwrap().draft.to_schedule();
        let comparison = phasebill::compare(
            &before,
            &edited.to_schedule(),
            &serde_json::json!({}),
            today,
        )
        .unwrap();
        // 10 % of each of the twelve 1500.00 invoices: −150.00 each, −1800.00 in all.
        assert_eq!(comparison.delta.net.to_string(), "-1800.00");
        assert_eq!(comparison.invoices.len(), 12);
        assert!(comparison
            .invoices
            .iter()
            .all(|i| i.delta.to_string() == "-150.00"));
    }
}
