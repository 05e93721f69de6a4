//! What is saved in IndexedDB (versioned, with migration) and what a share link carries.

use crate::draft::Draft;
use serde::{Deserialize, Serialize};
use serde_json::Value;

/// The current format of a saved draft.
pub const FORMAT: u64 = 3;

/// A saved draft, format 3: the draft with its ids (and each milestone's explicit state) and
/// the as-of the user chose (none means "today" at each load), and the saved version it is
/// compared with, if any (absent from drafts saved before "Compare with" was kept). Format 2
/// had no milestone state: it is derived from the dates once, when read.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Saved {
    pub format: u64,
    pub draft: Draft,
    pub as_of: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub compare_with: Option<u64>,
}

impl Saved {
    pub fn new(draft: Draft, as_of: Option<String>) -> Saved {
        Saved {
            format: FORMAT,
            draft,
            as_of,
            compare_with: None,
        }
    }

    /// The same, compared with the saved version `id` (or nothing).
    pub fn comparing(mut self, id: Option<u64>) -> Saved {
        self.compare_with = id;
        self
    }

    pub fn to_text(&self) -> String {
        serde_json::to_string(self).unwrap_or_default()
    }

    /// Reads any saved format. Format 1 (the first prototype) stored the schedule JSON of
    /// the spec under `schedule` and the customer beside it; it migrates to a draft.
    pub fn from_text(text: &str) -> Result<Saved, String> {
        let value: Value =
            serde_json::from_str(text).map_err(|e| format!("the saved draft is damaged ({e})"))?;
        let format = value.get("format").and_then(Value::as_u64).unwrap_or(0);
        match format {
            1 => {
                let schedule = value.get("schedule").cloned().unwrap_or(Value::Null);
                let mut draft = Draft::from_schedule(&schedule)
                    .map_err(|e| format!("the saved draft (format 1) is damaged: {e}"))?;
                if let Some(customer) = value.get("customer").and_then(Value::as_str) {
                    draft.customer = customer.to_string();
                }
                Ok(Saved::new(draft, None))
            }
            2 => {
                let mut saved: Saved = serde_json::from_value(value)
                    .map_err(|e| format!("the saved draft is damaged ({e})"))?;
                saved.draft.set_milestone_states();
                saved.format = FORMAT;
                Ok(saved)
            }
            FORMAT => serde_json::from_value(value)
                .map_err(|e| format!("the saved draft is damaged ({e})")),
            n if n > FORMAT => Err(format!(
                "the saved draft has format {n}, made by a newer version of this app"
            )),
            _ => Err("the saved draft has no known format".into()),
        }
    }
}

/// One state of the undo history: the draft and the as-of chosen (none: today).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Snapshot {
    pub draft: Draft,
    pub as_of: Option<String>,
}

/// Other drafts kept beside the current one ("Open as a copy" of a share link, or a draft
/// switched away from), newest first.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct Shelf {
    pub drafts: Vec<Saved>,
}

/// Most drafts kept on the shelf.
pub const SHELF_LIMIT: usize = 20;

impl Shelf {
    pub fn to_text(&self) -> String {
        serde_json::to_string(self).unwrap_or_default()
    }

    /// Reads the shelf; drafts of older formats are migrated, unreadable ones dropped.
    pub fn from_text(text: &str) -> Shelf {
        let value: Value = serde_json::from_str(text).unwrap_or(Value::Null);
        let drafts = value
            .get("drafts")
            .and_then(Value::as_array)
            .map(|list| {
                list.iter()
                    .filter_map(|d| Saved::from_text(&d.to_string()).ok())
                    .collect()
            })
            .unwrap_or_default();
        Shelf { drafts }
    }

    /// Keeps `saved` first (the oldest beyond the limit are dropped).
    pub fn put(&mut self, saved: Saved) {
        self.drafts.insert(0, saved);
        self.drafts.truncate(SHELF_LIMIT);
    }

    /// Takes the draft at `index` off the shelf.
    pub fn take(&mut self, index: usize) -> Option<Saved> {
        (index < self.drafts.len()).then(|| self.drafts.remove(index))
    }
}

const ALPHABET: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";

/// Base64url without padding (RFC 4648 section 5).
pub fn base64url_encode(bytes: &[u8]) -> String {
    let mut out = String::with_capacity(bytes.len().div_ceil(3) * 4);
    for chunk in bytes.chunks(3) {
        let n = (u32::from(chunk[0]) << 16)
            | (u32::from(*chunk.get(1).unwrap_or(&0)) << 8)
            | u32::from(*chunk.get(2).unwrap_or(&0));
        let chars = chunk.len() + 1;
        for k in 0..chars {
            out.push(ALPHABET[((n >> (18 - 6 * k)) & 63) as usize] as char);
        }
    }
    out
}

pub fn base64url_decode(text: &str) -> Option<Vec<u8>> {
    let mut out = Vec::with_capacity(text.len() * 3 / 4);
    let mut buffer = 0u32;
    let mut bits = 0;
    for c in text.bytes() {
        let v = ALPHABET.iter().position(|&a| a == c)? as u32;
        buffer = (buffer << 6) | v;
        bits += 6;
        if bits >= 8 {
            bits -= 8;
            out.push((buffer >> bits) as u8);
            buffer &= (1 << bits) - 1;
        }
    }
    // Leftover bits must be zero padding, and a lone 6-bit group is not valid.
    if bits >= 6 || buffer != 0 {
        return None;
    }
    Some(out)
}

/// The URL fragment (without `#`) that carries a schedule.
pub fn share_fragment(draft: &Draft) -> String {
    format!(
        "schedule={}",
        base64url_encode(draft.to_schedule().to_string().as_bytes())
    )
}

/// The schedule JSON text carried by a fragment (with or without `#`), if any.
pub fn fragment_schedule(fragment: &str) -> Option<Result<String, String>> {
    let fragment = fragment.strip_prefix('#').unwrap_or(fragment);
    let encoded = fragment
        .split('&')
        .find_map(|part| part.strip_prefix("schedule="))?;
    Some(
        base64url_decode(encoded)
            .and_then(|bytes| String::from_utf8(bytes).ok())
            .ok_or_else(|| "The share link is damaged.".to_string()),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn base64url_round_trips_all_lengths() {
        for len in 0..70u8 {
            let bytes: Vec<u8> = (0..len)
                .map(|i| i.wrapping_mul(37).wrapping_add(250))
                .collect();
            let text = base64url_encode(&bytes);
            assert!(!text.contains('=') && !text.contains('+') && !text.contains('/'));
            assert_eq!(base64url_decode(&text).unwrap(), bytes, "len {len}");
        }
        assert_eq!(base64url_encode(b"Man"), "TWFu");
        assert_eq!(base64url_encode(b"Ma"), "TWE");
        assert_eq!(base64url_encode(&[0xfb, 0xff]), "-_8");
        assert_eq!(base64url_decode("TW=u"), None);
        assert_eq!(base64url_decode("T"), None);
    }

    #[test]
    fn share_link_carries_the_schedule() {
        let draft = Draft::acme();
        let fragment = share_fragment(&draft);
        let text = fragment_schedule(&format!("#{fragment}")).unwrap().unwrap();
        let back = Draft::from_schedule(&serde_json::from_str(&text).unwrap()).unwrap();
        assert_eq!(back.to_schedule(), draft.to_schedule());
        assert!(fragment_schedule("#other=1").is_none());
        assert!(fragment_schedule("#schedule=%%%").unwrap().is_err());
    }

    #[test]
    fn share_links_and_saves_carry_terms_and_discounts() {
        let mut draft = Draft::acme();
        draft.billing_anchor = "dayOfMonth".into();
        draft.billing_day = "25".into();
        draft.payment_terms = "30".into();
        let year1 = draft.phases[1].id;
        let id = draft.add_discount(year1).unwrap();
        let d = draft.discount_mut(id).unwrap();
        d.name = "Launch".into();
        d.value = "10".into();
        let text = fragment_schedule(&format!("#{}", share_fragment(&draft)))
            .unwrap()
            .unwrap();
        let back = Draft::from_schedule(&serde_json::from_str(&text).unwrap()).unwrap();
        assert_eq!(back.to_schedule(), draft.to_schedule());
        assert_eq!(back.phases[1].discounts[0].name, "Launch");
        let saved = Saved::new(draft, None);
        assert_eq!(Saved::from_text(&saved.to_text()).unwrap(), saved);
    }

    #[test]
    fn saved_round_trip() {
        let saved = Saved::new(Draft::acme(), Some("2026-04-10".into()));
        assert_eq!(Saved::from_text(&saved.to_text()).unwrap(), saved);
        assert!(saved.to_text().contains("\"format\":3"));
    }

    #[test]
    fn the_version_compared_with_is_kept_with_the_draft() {
        let saved = Saved::new(Draft::acme(), None).comparing(Some(7));
        let back = Saved::from_text(&saved.to_text()).unwrap();
        assert_eq!(back.compare_with, Some(7));
        // A draft saved before "Compare with" was kept compares with nothing.
        let mut older = serde_json::to_value(Saved::new(Draft::acme(), None)).unwrap();
        older.as_object_mut().unwrap().remove("compareWith");
        assert_eq!(
            Saved::from_text(&older.to_string()).unwrap().compare_with,
            None
        );
        assert!(!Saved::new(Draft::acme(), None)
            .to_text()
            .contains("compareWith"));
    }

    #[test]
    fn format_1_migrates() {
        let v1 = serde_json::json!({
            "format": 1,
            "customer": "Old Co",
            "schedule": Draft::acme().to_schedule(),
        });
        let saved = Saved::from_text(&v1.to_string()).unwrap();
        assert_eq!(saved.format, FORMAT);
        assert_eq!(saved.draft.customer, "Old Co");
        assert_eq!(saved.draft.phases.len(), 2);
        assert_eq!(saved.draft.phases[1].prices[0].amount, "1500.00");
        assert_eq!(saved.as_of, None);
    }

    #[test]
    fn format_2_gets_explicit_milestone_states() {
        let mut v2 = serde_json::to_value(Saved::new(Draft::acme(), None)).unwrap();
        v2["format"] = 2.into();
        for phase in v2["draft"]["phases"].as_array_mut().unwrap() {
            phase.as_object_mut().unwrap().remove("completed");
        }
        let saved = Saved::from_text(&v2.to_string()).unwrap();
        assert_eq!(saved.format, FORMAT);
        assert!(saved.draft.phases[0].completed);
        assert!(!saved.draft.phases[1].completed);
    }

    #[test]
    fn the_shelf_keeps_other_drafts() {
        let mut shelf = Shelf::default();
        let mut globex = Draft::acme();
        globex.customer = "Globex Inc".into();
        shelf.put(Saved::new(globex.clone(), None));
        shelf.put(Saved::new(Draft::acme(), Some("2026-04-10".into())));
        let mut back = Shelf::from_text(&shelf.to_text());
        assert_eq!(back, shelf);
        assert_eq!(back.take(1).unwrap().draft, globex);
        assert_eq!(back.take(5), None);
        assert_eq!(back.drafts.len(), 1);
        for _ in 0..(SHELF_LIMIT + 3) {
            back.put(Saved::new(Draft::acme(), None));
        }
        assert_eq!(back.drafts.len(), SHELF_LIMIT);
        assert_eq!(Shelf::from_text("{oops"), Shelf::default());
    }

    #[test]
    fn unreadable_saves_are_errors() {
        assert!(Saved::from_text("{").is_err());
        assert!(Saved::from_text("{\"format\":99}")
            .unwrap_err()
            .contains("newer"));
        assert!(Saved::from_text("{\"draft\":{}}").is_err());
        assert!(Saved::from_text("{\"format\":2,\"draft\":{}}").is_err());
        assert!(Saved::from_text("{\"format\":3,\"draft\":{}}").is_err());
    }
}
