//! `compare_previews` (a caller keeps one side's preview, as the builder keeps its saved
//! version's) answers exactly what `compare` does, on every compare fixture that compares.

use serde_json::Value;
use std::path::Path;

#[test]
fn comparing_two_kept_previews_equals_comparing_the_two_schedules() {
    let today = phasebill::parse_date("2026-01-01").expect("date");
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../tests/fixtures/compare");
    let mut compared = 0;
    for entry in std::fs::read_dir(dir).expect("compare fixtures") {
        let path = entry.expect("entry").path();
        let case: Value =
            serde_json::from_str(&std::fs::read_to_string(&path).expect("read")).expect("json");
        let (before, after, options) = (&case["before"], &case["after"], &case["options"]);
        let Ok(expected) = phasebill::compare(before, after, options, today) else {
            continue;
        };
        let b = phasebill::validated(before, options, today).expect("before validates");
        let a = phasebill::validated(after, options, today).expect("after validates");
        let until = b.default_until().max(a.default_until());
        let (pb, pa) = (b.preview_until(until), a.preview_until(until));
        let got = phasebill::compare_previews(&pb.expect("before"), &pa.expect("after"));
        assert_eq!(got.as_ref(), Some(&expected), "{}", path.display());
        compared += 1;
    }
    assert!(compared >= 5, "only {compared} compare fixtures compared");
}

#[test]
fn previews_of_different_windows_do_not_compare() {
    let today = phasebill::parse_date("2026-01-01").expect("date");
    let schedule = serde_json::json!({
        "currency": "USD", "startDate": "2026-01-01",
        "phases": [{ "name": "Year 1", "duration": { "type": "fixed", "count": 12, "unit": "months" },
            "prices": [{ "name": "Fee", "amount": "100.00", "frequency": "monthly", "timing": "inAdvance" }] }]
    });
    let v = phasebill::validated(&schedule, &Value::Null, today).expect("valid");
    let short = v.preview_until(phasebill::parse_date("2026-06-30").expect("date"));
    let long = v.preview_until(phasebill::parse_date("2026-12-31").expect("date"));
    assert!(phasebill::compare_previews(&short.expect("short"), &long.expect("long")).is_none());
}
