//! Golden fixtures: every `tests/fixtures/**/*.json` is one case with a `description`, a
//! `schedule`, `options` and the `expected` preview (or `{"error":{"issues":[{path, code}]}}`).
//! A compare case (`tests/fixtures/compare/`) has `before` and `after` instead of `schedule`,
//! and the expected comparison of spec section 11.
//! Expected numbers are worked out by hand from the spec, never pasted from the engine.
//!
//! `UPDATE_EXPECT=1 cargo test --test golden` rewrites the expectations, for review in git.

use serde_json::{json, Value};
use std::path::{Path, PathBuf};

fn fixtures_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../tests/fixtures")
}

fn collect(dir: &Path, out: &mut Vec<PathBuf>) {
    let mut entries: Vec<_> = std::fs::read_dir(dir)
        .unwrap_or_else(|e| panic!("cannot read {}: {e}", dir.display()))
        .map(|e| e.expect("directory entry").path())
        .collect();
    entries.sort();
    for path in entries {
        if path.is_dir() {
            collect(&path, out);
        } else if path.extension().is_some_and(|e| e == "json") {
            out.push(path);
        }
    }
}

/// The engine's answer in the fixture's terms: messages are checked for presence, then
/// dropped; issues are sorted so that their order does not matter.
fn actual(case: &Value) -> Value {
    let today = phasebill::parse_date("2026-01-01").expect("date");
    let answer = if case.get("before").is_some() {
        phasebill::compare(&case["before"], &case["after"], &case["options"], today)
            .map(|c| serde_json::to_value(&c).expect("comparison serializes"))
    } else {
        phasebill::preview(&case["schedule"], &case["options"], today)
            .map(|p| serde_json::to_value(&p).expect("preview serializes"))
    };
    match answer {
        Ok(mut value) => {
            if let Some(warnings) = value.get_mut("warnings").and_then(Value::as_array_mut) {
                for w in warnings {
                    let message = w.as_object_mut().and_then(|o| o.shift_remove("message"));
                    assert!(message.is_some_and(|m| m.as_str().is_some_and(|m| !m.is_empty())));
                }
            }
            value
        }
        Err(error) => {
            assert!(!error.message.is_empty());
            let mut issues: Vec<Value> = error
                .issues
                .iter()
                .map(|i| {
                    assert!(!i.message.is_empty(), "empty message for {i:?}");
                    json!({ "path": i.path, "code": i.code })
                })
                .collect();
            issues.sort_by_key(|i| i.to_string());
            json!({ "error": { "issues": issues } })
        }
    }
}

fn normalized_expected(expected: &Value) -> Value {
    let mut expected = expected.clone();
    let issues = expected.get_mut("error").and_then(|e| e.get_mut("issues"));
    if let Some(issues) = issues.and_then(Value::as_array_mut) {
        issues.sort_by_key(|i| i.to_string());
    }
    expected
}

/// The first place where two JSON values differ, as a path.
fn first_difference(path: &str, a: &Value, b: &Value) -> Option<String> {
    match (a, b) {
        (Value::Object(x), Value::Object(y)) => {
            for key in x.keys().chain(y.keys()) {
                let (va, vb) = (
                    x.get(key).unwrap_or(&Value::Null),
                    y.get(key).unwrap_or(&Value::Null),
                );
                if x.contains_key(key) != y.contains_key(key) {
                    return Some(format!("{path}.{key}: expected {va}, got {vb}"));
                }
                if let Some(d) = first_difference(&format!("{path}.{key}"), va, vb) {
                    return Some(d);
                }
            }
            None
        }
        (Value::Array(x), Value::Array(y)) => {
            for (i, (va, vb)) in x.iter().zip(y).enumerate() {
                if let Some(d) = first_difference(&format!("{path}[{i}]"), va, vb) {
                    return Some(d);
                }
            }
            (x.len() != y.len())
                .then(|| format!("{path}: expected {} items, got {}", x.len(), y.len()))
        }
        _ => (a != b).then(|| format!("{path}: expected {a}, got {b}")),
    }
}

#[test]
fn golden_fixtures() {
    let mut files = Vec::new();
    collect(&fixtures_dir(), &mut files);
    assert!(
        files.len() >= 40,
        "expected the golden fixtures, found {}",
        files.len()
    );
    let update = std::env::var_os("UPDATE_EXPECT").is_some();
    let mut failures = Vec::new();
    for file in &files {
        let name = file
            .strip_prefix(fixtures_dir())
            .unwrap_or(file)
            .display()
            .to_string();
        let text = std::fs::read_to_string(file).expect("fixture readable");
        let mut case: Value = serde_json::from_str(&text).unwrap_or_else(|e| panic!("{name}: {e}"));
        assert!(
            case["description"].as_str().is_some_and(|d| d.len() > 10),
            "{name}: a fixture states its rule and arithmetic in `description`"
        );
        assert!(
            case["options"]["asOf"].is_string(),
            "{name}: fixtures pin options.asOf"
        );
        let got = actual(&case);
        let want = normalized_expected(&case["expected"]);
        if let Some(diff) = first_difference("expected", &want, &got) {
            if update {
                case["expected"] = got;
                let mut text = serde_json::to_string_pretty(&case).expect("serializes");
                text.push('\n');
                std::fs::write(file, text).expect("fixture writable");
            }
            failures.push(format!("{name}\n    {diff}"));
        }
    }
    assert!(
        failures.is_empty(),
        "{} of {} golden fixtures differ{}:\n  {}",
        failures.len(),
        files.len(),
        if update {
            " (rewritten, review with git diff)"
        } else {
            ""
        },
        failures.join("\n  ")
    );
}
