//! The common JSON text read without serde: what `JSON.stringify` writes for a schedule —
//! objects, arrays, strings without escapes, whole numbers, `true`, `false`, `null`.
//!
//! In the wasm module serde_json's generic reader was 8 % of a 240-line `preview()` (each
//! value through a visitor, each string through its escape handling). This reader takes
//! the text as it comes and gives up — `None`, never an error — at the first thing it
//! does not read exactly as serde_json does: an escape, a control character, a fraction,
//! an exponent, a negative number, a number that does not fit, nesting past 100, or bad
//! text. [`Json::parse`] then reads the text with serde_json, which gives the tree or
//! serde_json's own error. So its answers are serde_json's, byte for byte; a property
//! test holds the two to it.

use super::{Json, Object};
use serde_json::Number;
use std::borrow::Cow;

/// Deeper than this, serde_json decides (its limit is 128).
const MOST_DEPTH: u32 = 100;

/// The tree of `text`, or `None` for serde_json to read it.
pub(super) fn parse(text: &str) -> Option<Json<'_>> {
    let mut reader = Reader { text, at: 0 };
    let mut json = Json::Null;
    reader.value(0, &mut json)?;
    reader.skip_space();
    (reader.at == text.len()).then_some(json)
}

struct Reader<'a> {
    text: &'a str,
    at: usize,
}

impl<'a> Reader<'a> {
    fn peek(&self) -> Option<u8> {
        self.text.as_bytes().get(self.at).copied()
    }

    fn skip_space(&mut self) {
        while let Some(b' ' | b'\n' | b'\t' | b'\r') = self.peek() {
            self.at += 1;
        }
    }

    /// The next byte after any space, consumed.
    fn next_token(&mut self) -> Option<u8> {
        self.skip_space();
        let byte = self.peek()?;
        self.at += 1;
        Some(byte)
    }

    /// The next value, written into `slot` (in place: a tree's values are not moved from
    /// call to call).
    fn value(&mut self, depth: u32, slot: &mut Json<'a>) -> Option<()> {
        *slot = match self.next_token()? {
            b'"' => Json::String(self.string()?),
            b'{' => return self.object(depth + 1, slot),
            b'[' => return self.array(depth + 1, slot),
            b't' => self.word(b"rue", Json::Bool(true))?,
            b'f' => self.word(b"alse", Json::Bool(false))?,
            b'n' => self.word(b"ull", Json::Null)?,
            first @ b'0'..=b'9' => self.number(first)?,
            _ => return None,
        };
        Some(())
    }

    fn word(&mut self, rest: &[u8], json: Json<'a>) -> Option<Json<'a>> {
        let end = self.at + rest.len();
        (self.text.as_bytes().get(self.at..end)? == rest).then(|| {
            self.at = end;
            json
        })
    }

    /// A whole number of at most 19 digits (it fits in a `u64`), as serde_json reads it.
    fn number(&mut self, first: u8) -> Option<Json<'a>> {
        let mut n = u64::from(first - b'0');
        let mut digits = 1;
        while let Some(byte @ b'0'..=b'9') = self.peek() {
            // "01" is bad text; past 19 digits a number may not fit.
            if first == b'0' || digits == 19 {
                return None;
            }
            n = n * 10 + u64::from(byte - b'0');
            digits += 1;
            self.at += 1;
        }
        // A fraction or an exponent after it is no `,`, `]`, `}` or end: the reader gives up.
        Some(Json::Number(Number::from(n)))
    }

    /// A string after its opening quote, borrowed: one without escapes or control
    /// characters (which serde_json refuses inside strings).
    fn string(&mut self) -> Option<Cow<'a, str>> {
        let bytes = self.text.as_bytes();
        let start = self.at;
        loop {
            match *bytes.get(self.at)? {
                b'"' => break,
                b'\\' | 0..=0x1f => return None,
                _ => self.at += 1,
            }
        }
        // Stopped at an ASCII quote: both ends are character boundaries.
        let text = self.text.get(start..self.at)?;
        self.at += 1;
        Some(Cow::Borrowed(text))
    }

    fn array(&mut self, depth: u32, slot: &mut Json<'a>) -> Option<()> {
        if depth > MOST_DEPTH {
            return None;
        }
        let mut items = Vec::with_capacity(8);
        self.skip_space();
        if self.peek() == Some(b']') {
            self.at += 1;
        } else {
            loop {
                items.push(Json::Null);
                self.value(depth, items.last_mut()?)?;
                match self.next_token()? {
                    b',' => {}
                    b']' => break,
                    _ => return None,
                }
            }
        }
        *slot = Json::Array(items);
        Some(())
    }

    fn object(&mut self, depth: u32, slot: &mut Json<'a>) -> Option<()> {
        if depth > MOST_DEPTH {
            return None;
        }
        let mut fields = Vec::with_capacity(8);
        if self.next_token()? != b'}' {
            // The token just read opens the first key.
            self.at -= 1;
            loop {
                if self.next_token()? != b'"' {
                    return None;
                }
                let key = self.string()?;
                if self.next_token()? != b':' {
                    return None;
                }
                fields.push((key, Json::Null));
                self.value(depth, &mut fields.last_mut()?.1)?;
                match self.next_token()? {
                    b',' => {}
                    b'}' => break,
                    _ => return None,
                }
            }
        }
        *slot = Json::Object(Object { fields });
        Some(())
    }
}
