//! The JSON the validator reads: a tree that borrows its strings from the input text.
//!
//! `serde_json::Value` allocates every key and every string and keeps each object in a
//! B-tree; parsing an input into it took longer than validating it (83 µs against 72 µs
//! for the 200 prices of the 2,400-line bench contract). This tree allocates one vector per
//! object and per array, borrows each string without escapes from the text, and keeps an
//! object's fields in their order: the handful of fields an object has are found by a
//! linear search. A `Value` is read through the same tree ([`Json::from`]), so every caller
//! gets the same validation.
//!
//! An object may repeat a key; as with `serde_json::Value`, the last one counts.

use serde::de::{Deserialize, DeserializeSeed, Deserializer, MapAccess, SeqAccess, Visitor};
use serde_json::{Number, Value};
use std::borrow::Cow;
use std::fmt;

mod plain;

/// A JSON value whose strings borrow from the text it was parsed from (or from the
/// `serde_json::Value` it reads).
#[derive(Debug, Clone, PartialEq)]
pub enum Json<'a> {
    Null,
    Bool(bool),
    Number(Number),
    String(Cow<'a, str>),
    Array(Vec<Json<'a>>),
    Object(Object<'a>),
}

/// A JSON object's fields in the order they were written.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Object<'a> {
    fields: Vec<(Cow<'a, str>, Json<'a>)>,
}

impl<'a> Json<'a> {
    /// Parses JSON text; its strings without escapes are borrowed, not copied. The usual
    /// text is read by [`plain`]; anything else, and every error, by serde_json.
    pub fn parse(text: &'a str) -> serde_json::Result<Json<'a>> {
        match plain::parse(text) {
            Some(json) => Ok(json),
            None => Json::parse_with_serde(text),
        }
    }

    fn parse_with_serde(text: &'a str) -> serde_json::Result<Json<'a>> {
        let mut de = serde_json::Deserializer::from_str(text);
        let json = Json::deserialize(&mut de)?;
        de.end()?;
        Ok(json)
    }

    pub fn as_str(&self) -> Option<&str> {
        match self {
            Json::String(text) => Some(text),
            _ => None,
        }
    }

    pub fn as_number(&self) -> Option<&Number> {
        match self {
            Json::Number(n) => Some(n),
            _ => None,
        }
    }

    pub fn is_null(&self) -> bool {
        matches!(self, Json::Null)
    }
}

impl<'a> Object<'a> {
    /// The value of `key` (the last one when it is repeated).
    pub fn get(&self, key: &str) -> Option<&Json<'a>> {
        self.fields
            .iter()
            .rev()
            .find(|(k, _)| same_text(k, key))
            .map(|(_, v)| v)
    }

    /// Every key in the order written, repeated keys as often as they occur.
    pub fn keys(&self) -> impl Iterator<Item = &str> {
        self.fields.iter().map(|(k, _)| k.as_ref())
    }
}

/// `a == b` for the short texts of keys and choices, compared byte by byte in place.
/// `==` on strings calls `memcmp`, which in the wasm module is a call to a byte loop: a
/// tenth of validation's time there, for keys of a few bytes.
#[inline]
pub fn same_text(a: &str, b: &str) -> bool {
    a.len() == b.len() && a.bytes().zip(b.bytes()).all(|(x, y)| x == y)
}

impl<'a> From<&'a Value> for Json<'a> {
    /// The same value, its strings borrowed.
    fn from(value: &'a Value) -> Json<'a> {
        match value {
            Value::Null => Json::Null,
            Value::Bool(b) => Json::Bool(*b),
            Value::Number(n) => Json::Number(n.clone()),
            Value::String(s) => Json::String(Cow::Borrowed(s)),
            Value::Array(items) => Json::Array(items.iter().map(Json::from).collect()),
            Value::Object(map) => Json::Object(Object {
                fields: map
                    .iter()
                    .map(|(k, v)| (Cow::Borrowed(k.as_str()), Json::from(v)))
                    .collect(),
            }),
        }
    }
}

impl From<&Json<'_>> for Value {
    /// The same value as a `serde_json::Value` (its strings copied; a repeated key once,
    /// with its last value).
    fn from(json: &Json<'_>) -> Value {
        match json {
            Json::Null => Value::Null,
            Json::Bool(b) => Value::Bool(*b),
            Json::Number(n) => Value::Number(n.clone()),
            Json::String(s) => Value::String(s.to_string()),
            Json::Array(items) => Value::Array(items.iter().map(Value::from).collect()),
            Json::Object(object) => Value::Object(
                object
                    .fields
                    .iter()
                    .map(|(k, v)| (k.to_string(), Value::from(v)))
                    .collect(),
            ),
        }
    }
}

impl<'de> Deserialize<'de> for Json<'de> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Json<'de>, D::Error> {
        deserializer.deserialize_any(JsonVisitor)
    }
}

struct JsonVisitor;

impl<'de> Visitor<'de> for JsonVisitor {
    type Value = Json<'de>;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("any valid JSON value")
    }

    fn visit_bool<E>(self, b: bool) -> Result<Json<'de>, E> {
        Ok(Json::Bool(b))
    }

    fn visit_i64<E>(self, n: i64) -> Result<Json<'de>, E> {
        Ok(Json::Number(n.into()))
    }

    fn visit_u64<E>(self, n: u64) -> Result<Json<'de>, E> {
        Ok(Json::Number(n.into()))
    }

    fn visit_f64<E>(self, f: f64) -> Result<Json<'de>, E> {
        // JSON text has no NaN or infinity: `Number::from_f64` refuses only those.
        Ok(Number::from_f64(f).map_or(Json::Null, Json::Number))
    }

    fn visit_borrowed_str<E>(self, text: &'de str) -> Result<Json<'de>, E> {
        Ok(Json::String(Cow::Borrowed(text)))
    }

    fn visit_str<E>(self, text: &str) -> Result<Json<'de>, E> {
        Ok(Json::String(Cow::Owned(text.to_owned())))
    }

    fn visit_string<E>(self, text: String) -> Result<Json<'de>, E> {
        Ok(Json::String(Cow::Owned(text)))
    }

    fn visit_unit<E>(self) -> Result<Json<'de>, E> {
        Ok(Json::Null)
    }

    fn visit_none<E>(self) -> Result<Json<'de>, E> {
        Ok(Json::Null)
    }

    fn visit_some<D: Deserializer<'de>>(self, d: D) -> Result<Json<'de>, D::Error> {
        Json::deserialize(d)
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Json<'de>, A::Error> {
        // serde_json gives no size hint: room for a schedule's usual arrays and objects
        // at once, instead of growing from 4 to 8.
        let mut items = Vec::with_capacity(seq.size_hint().unwrap_or(8).min(64));
        while let Some(item) = seq.next_element()? {
            items.push(item);
        }
        Ok(Json::Array(items))
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Json<'de>, A::Error> {
        let mut fields = Vec::with_capacity(map.size_hint().unwrap_or(8).min(64));
        while let Some(key) = map.next_key_seed(Key)? {
            fields.push((key, map.next_value()?));
        }
        Ok(Json::Object(Object { fields }))
    }
}

/// A key, borrowed from the text when it has no escapes.
struct Key;

impl<'de> DeserializeSeed<'de> for Key {
    type Value = Cow<'de, str>;

    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<Cow<'de, str>, D::Error> {
        d.deserialize_str(self)
    }
}

impl<'de> Visitor<'de> for Key {
    type Value = Cow<'de, str>;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("a string key")
    }

    fn visit_borrowed_str<E>(self, text: &'de str) -> Result<Cow<'de, str>, E> {
        Ok(Cow::Borrowed(text))
    }

    fn visit_str<E>(self, text: &str) -> Result<Cow<'de, str>, E> {
        Ok(Cow::Owned(text.to_owned()))
    }

    fn visit_string<E>(self, text: String) -> Result<Cow<'de, str>, E> {
        Ok(Cow::Owned(text))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn strings_without_escapes_are_borrowed_from_the_text() {
        let json = Json::parse(r#"{"name": "Platform fee", "note": "a \"quoted\" word"}"#).unwrap();
        let Json::Object(object) = &json else {
            panic!("an object")
        };
        assert!(matches!(
            object.get("name"),
            Some(Json::String(Cow::Borrowed("Platform fee")))
        ));
        assert!(matches!(
            object.get("note"),
            Some(Json::String(Cow::Owned(text))) if text == "a \"quoted\" word"
        ));
    }

    #[test]
    fn a_repeated_key_counts_once_with_its_last_value_as_in_serde_json() {
        let text = r#"{"a": 1, "b": 2, "a": 3}"#;
        let Json::Object(object) = Json::parse(text).unwrap() else {
            panic!("an object")
        };
        let value: Value = serde_json::from_str(text).unwrap();
        assert_eq!(
            object.get("a").and_then(Json::as_number),
            value["a"].as_number()
        );
        assert_eq!(object.keys().collect::<Vec<_>>(), ["a", "b", "a"]);
    }

    #[test]
    fn bad_text_is_refused_with_serde_json_s_words() {
        for text in ["", "{", "[1,]", "{\"a\" 1}", "1 2", "nul", "\"\\x\""] {
            let ours = Json::parse(text).unwrap_err().to_string();
            let theirs = serde_json::from_str::<Value>(text).unwrap_err().to_string();
            assert_eq!(ours, theirs, "{text:?}");
        }
        // Nesting deeper than serde_json's limit (128) is refused, not a stack overflow.
        let deep = "[".repeat(100_000);
        let ours = Json::parse(&deep).unwrap_err().to_string();
        assert!(ours.starts_with("recursion limit exceeded"), "{ours}");
    }

    #[test]
    fn the_plain_reader_leaves_serde_json_every_text_it_does_not_read_alike() {
        let deep = |n| format!("{}{}", "[".repeat(n), "]".repeat(n));
        let texts = [
            "01",
            "-0",
            "-1",
            "1.5",
            "1e5",
            "1E5",
            "10000000000000000000",
            "\"a\tb\"",
            "\"a\\nb\"",
            "\"\u{1}\"",
            "[1,]",
            "{\"a\":1,}",
            "{,}",
            "[,1]",
            "tru",
            "nulll",
            "{\"a\" 1}",
            "{\"a\":}",
            "{1:2}",
            "[1 2]",
            "1 2",
            "",
            "  ",
            "[",
            "\"open",
        ];
        for text in texts
            .iter()
            .map(|t| t.to_string())
            .chain([deep(101), deep(129)])
        {
            let serde = Json::parse_with_serde(&text).map_err(|e| e.to_string());
            assert!(
                plain::parse(&text).is_none(),
                "{text:?} is serde_json's: {serde:?}"
            );
        }
        let read = [
            "0",
            "9999999999999999999",
            " {\"a\" : [ 1 ,\ttrue,null,\r\n\"é\"] } ",
        ];
        for text in read.iter().map(|t| t.to_string()).chain([deep(100)]) {
            let serde = Json::parse_with_serde(&text).unwrap();
            assert_eq!(plain::parse(&text), Some(serde), "{text:?}");
        }
    }

    /// Any JSON value, as text.
    fn any_json() -> impl Strategy<Value = Value> {
        let leaf = prop_oneof![
            Just(Value::Null),
            any::<bool>().prop_map(Value::Bool),
            any::<i64>().prop_map(Value::from),
            any::<u64>().prop_map(Value::from),
            any::<f64>()
                .prop_filter("finite", |f| f.is_finite())
                .prop_map(Value::from),
            ".{0,12}".prop_map(Value::String),
        ];
        leaf.prop_recursive(4, 48, 6, |inner| {
            prop_oneof![
                prop::collection::vec(inner.clone(), 0..6).prop_map(Value::Array),
                prop::collection::vec(("[a-c\"\\\\é]{0,3}", inner), 0..6)
                    .prop_map(|fields| Value::Object(fields.into_iter().collect())),
            ]
        })
    }

    /// Whether the text of `value` is of the kinds the plain reader takes: whole numbers
    /// of at most 19 digits, strings that need no escape.
    fn of_plain_kinds(value: &Value) -> bool {
        let plain_text = |s: &str| !s.contains(|c: char| c == '"' || c == '\\' || c < ' ');
        match value {
            // At most 19 digits.
            Value::Number(n) => n.as_u64().is_some_and(|n| n < 10_000_000_000_000_000_000),
            Value::String(s) => plain_text(s),
            Value::Array(items) => items.iter().all(of_plain_kinds),
            Value::Object(map) => map.iter().all(|(k, v)| plain_text(k) && of_plain_kinds(v)),
            Value::Null | Value::Bool(_) => true,
        }
    }

    proptest! {
        /// A tree read back into a `Value` is the value it was read from.
        #[test]
        fn a_value_read_as_json_and_back_is_the_same(value in any_json()) {
            prop_assert_eq!(Value::from(&Json::from(&value)), value);
        }

        /// The plain reader gives serde_json's tree, and reads every text of the kinds it
        /// takes (no fraction, exponent, negative number or escape), spaced or not.
        #[test]
        fn the_plain_reader_agrees_with_serde_json(value in any_json(), pretty: bool) {
            let text = if pretty {
                serde_json::to_string_pretty(&value).unwrap()
            } else {
                serde_json::to_string(&value).unwrap()
            };
            let plain = plain::parse(&text);
            if let Some(tree) = &plain {
                prop_assert_eq!(tree, &Json::parse_with_serde(&text).unwrap());
            }
            prop_assert!(plain.is_some() || !of_plain_kinds(&value), "declined {}", text);
        }

        /// On text cut short or with a byte replaced, the plain reader answers only where
        /// serde_json reads the text, and then with the same tree.
        #[test]
        fn the_plain_reader_declines_what_serde_json_refuses(
            value in any_json(),
            at in any::<prop::sample::Index>(),
            byte in prop::sample::select(b"{}[]:,\" 0an-.e\\\t\n".to_vec()),
            cut: bool,
        ) {
            let mut bytes = serde_json::to_string(&value).unwrap().into_bytes();
            let at = at.index(bytes.len() + 1);
            if cut {
                bytes.truncate(at);
            } else if at < bytes.len() && bytes[at].is_ascii() {
                bytes[at] = byte;
            }
            let Ok(text) = String::from_utf8(bytes) else { return Ok(()) };
            if let Some(tree) = plain::parse(&text) {
                prop_assert_eq!(Ok(tree), Json::parse_with_serde(&text).map_err(|e| e.to_string()));
            }
        }

        /// Parsing a text gives the tree read from serde_json's value of the same text.
        #[test]
        fn parsing_text_agrees_with_serde_json_value(value in any_json()) {
            let text = serde_json::to_string(&value).unwrap();
            let parsed: Value = serde_json::from_str(&text).unwrap();
            prop_assert_eq!(Json::parse(&text).unwrap(), Json::from(&parsed));
        }
    }
}
