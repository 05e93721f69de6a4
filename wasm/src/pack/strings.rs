//! The strings packed previews refer to: every distinct date, amount and text, written
//! once and numbered, and kept from call to call. The module keeps one table and the
//! JavaScript caller keeps the same strings as JavaScript strings (`PackedStrings` in
//! `js/api.js`), so a preview sends only the strings the caller has not seen: previewing
//! again as a schedule is edited, or a book of contracts one after another, sends almost
//! none, and neither side formats, decodes or slices them again.
//!
//! The caller says which strings it holds (the table's *generation* and how many); the
//! answer carries the strings from there on. A caller that holds none, or strings of an
//! earlier generation, gets them all. The table only grows, until it passes
//! [`MAX_STRINGS`] strings or [`MAX_TEXT`] bytes: then the next call starts a new
//! generation from empty.
//!
//! Every lookup is direct or nearly so: a date indexes one table by its year and day of
//! the year, an amount a small open-addressing table keyed by its minor units and its
//! currency's exponent, any other text an open-addressing table keyed by a hash of its
//! bytes. Nothing is hashed by a hashing
//! crate: the module has an 80 KiB budget.

use chrono::Datelike;
use phasebill::{Currency, Date, Money};

/// Strings past which the next call starts a new generation.
pub const MAX_STRINGS: usize = 1 << 16;

/// Bytes of text past which the next call starts a new generation.
pub const MAX_TEXT: usize = 1 << 20;

/// The years the date table may cover; dates outside are looked up by their text.
const YEARS: std::ops::Range<i32> = 1900..3100;

/// What the caller holds: the strings of one generation, up to a count.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Known {
    pub generation: i32,
    pub count: usize,
}

/// The table (see the module's notes).
pub struct StringTable {
    /// Every string's UTF-8 bytes, one after the other.
    text: Vec<u8>,
    /// Per string, where its bytes start in `text`; one more entry, the end of the last.
    starts: Vec<u32>,
    /// Per string, its length in UTF-16 code units, as JavaScript slices text.
    units: Vec<i32>,
    generation: i32,
    /// Per day from `first_year` on (366 slots a year, by day of the year: no day numbers
    /// to work out), its date's index + 1 (0: not yet). It grows to cover each year a date
    /// is written in.
    first_year: i32,
    days: Vec<u32>,
    amounts: Amounts,
    /// Open addressing over every string, by a hash of its bytes: index + 1 (0: empty).
    slots: Vec<u32>,
}

impl Default for StringTable {
    fn default() -> StringTable {
        StringTable::new()
    }
}

impl StringTable {
    pub fn new() -> StringTable {
        StringTable {
            text: Vec::new(),
            starts: vec![0],
            units: Vec::new(),
            generation: 0,
            first_year: 0,
            days: Vec::new(),
            amounts: Amounts::new(),
            slots: vec![0; 64],
        }
    }

    /// How many strings the table holds.
    pub fn len(&self) -> usize {
        self.units.len()
    }

    pub fn is_empty(&self) -> bool {
        self.units.is_empty()
    }

    pub fn generation(&self) -> i32 {
        self.generation
    }

    /// What a caller holding every string of the table holds.
    pub fn all_known(&self) -> Known {
        Known {
            generation: self.generation,
            count: self.len(),
        }
    }

    /// Starts a call: a new generation if the table has grown past its limits; then the
    /// index of the first string the caller, holding `known`, lacks.
    pub fn begin(&mut self, known: Known) -> usize {
        if self.len() > MAX_STRINGS || self.text.len() > MAX_TEXT {
            let generation = self.generation.wrapping_add(1);
            *self = StringTable::new();
            self.generation = generation;
        }
        if known.generation == self.generation && known.count <= self.len() {
            known.count
        } else {
            0
        }
    }

    /// The UTF-16 lengths of the strings from `first` on.
    pub fn units_from(&self, first: usize) -> &[i32] {
        self.units.get(first..).unwrap_or_default()
    }

    /// The UTF-8 text of the strings from `first` on.
    pub fn text_from(&self, first: usize) -> &[u8] {
        let start = self
            .starts
            .get(first)
            .map_or(self.text.len(), |&s| s as usize);
        self.text.get(start..).unwrap_or_default()
    }

    /// The index of `text`.
    pub fn text(&mut self, text: &str) -> u32 {
        let start = self.text.len();
        self.text.extend_from_slice(text.as_bytes());
        self.end(start)
    }

    /// The index of a value's `Display` text.
    pub fn show(&mut self, value: &dyn std::fmt::Display) -> u32 {
        use std::fmt::Write;
        let start = self.text.len();
        // Writing into a vector cannot fail.
        let _ = write!(Text(&mut self.text), "{value}");
        self.end(start)
    }

    /// The index of the text written since `start`: the string already in the table (the
    /// text written is taken back), or a new string.
    fn end(&mut self, start: usize) -> u32 {
        let piece = self.text.get(start..).unwrap_or_default();
        let mut at = hash(piece) as usize & (self.slots.len() - 1);
        loop {
            match self.slots[at] {
                0 => break,
                found => {
                    let i = found as usize - 1;
                    if self.piece(i) == piece {
                        self.text.truncate(start);
                        return i as u32;
                    }
                }
            }
            at = (at + 1) & (self.slots.len() - 1);
        }
        let units = if piece.is_ascii() {
            piece.len()
        } else {
            // Written from `str`s only: always UTF-8.
            std::str::from_utf8(piece).map_or(piece.len(), |t| t.encode_utf16().count())
        };
        let index = self.push(units);
        self.slots[at] = index + 1;
        if 2 * self.len() > self.slots.len() {
            self.rehash();
        }
        index
    }

    /// Ends the string written since the last one, `units` UTF-16 code units long, as a new
    /// string, not looked up by its text: dates and amounts, which their own tables find.
    fn push(&mut self, units: usize) -> u32 {
        let index = self.len() as u32;
        self.units.push(i32::try_from(units).unwrap_or(i32::MAX));
        self.starts
            .push(u32::try_from(self.text.len()).unwrap_or(u32::MAX));
        index
    }

    fn piece(&self, i: usize) -> &[u8] {
        let (start, end) = (self.starts[i] as usize, self.starts[i + 1] as usize);
        self.text.get(start..end).unwrap_or_default()
    }

    /// Slots for every string (dates and amounts too: they may have been pushed since),
    /// at most half full.
    fn rehash(&mut self) {
        let mut size = 2 * self.slots.len();
        while size < 4 * self.len() {
            size *= 2;
        }
        let mut slots = vec![0u32; size];
        let mask = slots.len() - 1;
        for i in 0..self.len() {
            let mut at = hash(self.piece(i)) as usize & mask;
            while slots[at] != 0 {
                at = (at + 1) & mask;
            }
            slots[at] = i as u32 + 1;
        }
        self.slots = slots;
    }

    /// The index of a date, `yyyy-mm-dd`.
    #[inline]
    pub fn date(&mut self, date: Date) -> u32 {
        let year = usize::try_from(date.year() - self.first_year).unwrap_or(usize::MAX / 366);
        match self.days.get(year * 366 + date.ordinal0() as usize) {
            Some(&found) if found != 0 => found - 1,
            _ => self.new_date(date),
        }
    }

    /// A date not yet in the table: its text, as chrono writes it for the years of the
    /// table, without the formatting machinery.
    #[inline(never)]
    fn new_date(&mut self, date: Date) -> u32 {
        let year = date.year();
        if !YEARS.contains(&year) {
            return self.show(&date);
        }
        let (y, m, d) = (year as u32, date.month(), date.day());
        let digit = |n: u32| b'0' + (n % 10) as u8;
        self.text.extend_from_slice(&[
            digit(y / 1000),
            digit(y / 100),
            digit(y / 10),
            digit(y),
            b'-',
            digit(m / 10),
            digit(m),
            b'-',
            digit(d / 10),
            digit(d),
        ]);
        let index = self.push(10);
        if self.days.is_empty() {
            self.first_year = year;
        } else if year < self.first_year {
            // Earlier years go in front.
            let mut days = vec![0; (self.first_year - year) as usize * 366];
            days.append(&mut self.days);
            self.days = days;
            self.first_year = year;
        }
        let slot = (year - self.first_year) as usize * 366 + date.ordinal0() as usize;
        if self.days.len() <= slot {
            self.days
                .resize((year - self.first_year + 1) as usize * 366, 0);
        }
        self.days[slot] = index + 1;
        index
    }

    /// The index of an amount in minor units of `currency`.
    pub fn amount(&mut self, minor: i128, currency: Currency) -> u32 {
        let key = (minor, currency.exponent());
        if let Some(index) = self.amounts.get(key) {
            return index;
        }
        use std::fmt::Write;
        let start = self.text.len();
        // Writing into a vector cannot fail; an amount is ASCII.
        let _ = write!(
            Text(&mut self.text),
            "{}",
            Money::from_minor(minor, currency)
        );
        let index = self.push(self.text.len() - start);
        self.amounts.insert(key, index);
        index
    }
}

/// FNV-1a over the bytes: strings here are short.
fn hash(bytes: &[u8]) -> u32 {
    bytes.iter().fold(0x811c_9dc5, |h, &b| {
        (h ^ u32::from(b)).wrapping_mul(0x0100_0193)
    })
}

/// The amounts already written, by minor units and the currency's exponent, with their
/// string index: open addressing with linear probing, kept at most half full.
struct Amounts {
    slots: Vec<Option<((i128, u32), u32)>>,
    used: usize,
}

impl Amounts {
    fn new() -> Amounts {
        Amounts {
            slots: vec![None; 64],
            used: 0,
        }
    }

    /// Where `key` is, or the empty slot where it goes.
    fn slot(&self, key: (i128, u32)) -> usize {
        let mask = self.slots.len() - 1;
        let minor = key.0;
        // Fibonacci hashing of both halves: amounts differ in their low digits.
        let mixed = (minor as u64 ^ (minor >> 64) as u64 ^ u64::from(key.1))
            .wrapping_mul(0x9E37_79B9_7F4A_7C15);
        let mut at = (mixed >> 40) as usize & mask;
        while let Some((found, _)) = self.slots[at] {
            if found == key {
                break;
            }
            at = (at + 1) & mask;
        }
        at
    }

    fn get(&self, key: (i128, u32)) -> Option<u32> {
        self.slots[self.slot(key)].map(|(_, index)| index)
    }

    fn insert(&mut self, key: (i128, u32), index: u32) {
        if 2 * (self.used + 1) > self.slots.len() {
            let grown = vec![None; 2 * self.slots.len()];
            let old = std::mem::replace(&mut self.slots, grown);
            for (key, value) in old.into_iter().flatten() {
                let at = self.slot(key);
                self.slots[at] = Some((key, value));
            }
        }
        let at = self.slot(key);
        self.slots[at] = Some((key, index));
        self.used += 1;
    }
}

/// Text written into the table's bytes, from `str`s only (so always UTF-8).
struct Text<'a>(&'a mut Vec<u8>);

impl std::fmt::Write for Text<'_> {
    fn write_str(&mut self, text: &str) -> std::fmt::Result {
        self.0.extend_from_slice(text.as_bytes());
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn strings(table: &StringTable, first: usize) -> Vec<String> {
        let text = String::from_utf8(table.text_from(first).to_vec()).expect("utf-8");
        let units: Vec<u16> = text.encode_utf16().collect();
        let mut at = 0;
        table
            .units_from(first)
            .iter()
            .map(|&n| {
                let s = String::from_utf16(&units[at..at + n as usize]).expect("utf-16");
                at += n as usize;
                s
            })
            .collect()
    }

    #[test]
    fn each_distinct_string_is_written_once_whatever_the_way_in() {
        let mut t = StringTable::new();
        let date = phasebill::parse_date("2026-03-01").expect("date");
        let a = t.date(date);
        assert_eq!(t.date(date), a);
        let usd = Currency::from_code("USD").expect("usd");
        let jpy = Currency::from_code("JPY").expect("jpy");
        let price = t.amount(12_345, usd);
        assert_eq!(t.amount(12_345, usd), price);
        let yen = t.amount(12_345, jpy);
        assert_ne!(yen, price, "12345 yen is \"12345\"");
        assert_eq!(t.amount(12_345, jpy), yen);
        let text = t.text("Café ☕ 😀");
        assert_eq!(t.show(&"Café ☕ 😀"), text);
        assert_eq!(t.text("Café ☕ 😀"), text);
        assert_eq!(
            strings(&t, 0),
            ["2026-03-01", "123.45", "12345", "Café ☕ 😀"]
        );
        assert_eq!(t.units_from(3), [9], "é and ☕ one unit each, 😀 two");
    }

    #[test]
    fn a_caller_gets_the_strings_it_lacks_and_all_of_them_after_a_new_generation() {
        let mut t = StringTable::new();
        assert_eq!(t.begin(Known::default()), 0);
        for i in 0..100 {
            t.text(&format!("name {i}"));
        }
        let known = Known {
            count: 60,
            ..t.all_known()
        };
        assert_eq!(t.begin(known), 60);
        assert_eq!(strings(&t, 60)[0], "name 60");
        assert_eq!(
            t.begin(Known {
                count: 101,
                ..known
            }),
            0,
            "more than the table"
        );
        assert_eq!(
            t.begin(Known {
                generation: 7,
                ..known
            }),
            0,
            "another generation"
        );
        for i in 100..=MAX_STRINGS {
            t.text(&format!("name {i}"));
        }
        let known = t.all_known();
        assert_eq!(t.begin(known), 0, "past the limit: a new generation");
        assert_eq!(t.generation(), known.generation + 1);
        assert!(t.is_empty());
        assert_eq!(t.text("name 5"), 0, "numbered from 0 again");
    }

    #[test]
    fn texts_after_many_dates_and_amounts_still_find_room() {
        // Dates and amounts are not looked up by their text, so they fill no slot until the
        // next text's slots are made: for every string.
        let mut t = StringTable::new();
        let usd = Currency::from_code("USD").expect("usd");
        let first = phasebill::parse_date("2026-01-01").expect("date");
        for day in 0..3000u64 {
            t.date(first + chrono::Days::new(day));
            t.amount(i128::from(day), usd);
        }
        let names: Vec<u32> = (0..50).map(|i| t.text(&format!("name {i}"))).collect();
        let again: Vec<u32> = (0..50).map(|i| t.text(&format!("name {i}"))).collect();
        assert_eq!(names, again);
        assert_eq!(t.len(), 6050);
        assert_eq!(strings(&t, 6049), ["name 49"]);
    }

    #[test]
    fn dates_outside_the_date_table_are_found_by_their_text() {
        let mut t = StringTable::new();
        for text in [
            "1899-12-31",
            "1900-01-01",
            "3099-12-31",
            "3100-01-01",
            "2028-02-29",
        ] {
            let n = |r: std::ops::Range<usize>| text[r].parse::<u32>().expect("digits");
            let date =
                chrono::NaiveDate::from_ymd_opt(n(0..4) as i32, n(5..7), n(8..10)).expect("date");
            let index = t.date(date);
            assert_eq!(t.date(date), index, "{text}");
            assert_eq!(strings(&t, index as usize)[0], text);
        }
        assert_eq!(t.len(), 5);
    }
}
