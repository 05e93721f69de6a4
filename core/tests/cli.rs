//! The native `phasebill` command: previews, formats, errors, exit codes, batch mode.

use serde_json::Value;
mod common;

use std::process::Output;

const ACME: &str = r#"{"currency":"USD","startDate":"2026-01-01","phases":[
 {"name":"Pilot","duration":{"type":"milestone","completedOn":"2026-03-15","recordedOn":"2026-03-15"},
  "prices":[{"name":"Pilot fee","amount":"12500.00","frequency":"oneTime","timing":"inAdvance"}]},
 {"name":"Year 1","duration":{"type":"fixed","count":12,"unit":"months"},
  "prices":[{"name":"Platform access","amount":"1500.00","frequency":"monthly","timing":"inArrears"}]}]}"#;

fn run(args: &[&str], stdin: &str) -> Output {
    common::run(args, stdin.as_bytes())
}

fn stdout_json(output: &Output) -> Value {
    serde_json::from_slice(&output.stdout).expect("stdout is JSON")
}

#[test]
fn previews_spec_example_a_from_stdin_and_from_a_file() {
    let output = run(&["preview", "-", "--as-of", "2026-03-15"], ACME);
    assert_eq!(output.status.code(), Some(0));
    let preview = stdout_json(&output);
    assert_eq!(preview["totals"]["net"], "30500.00");
    assert_eq!(preview["invoices"].as_array().map(Vec::len), Some(13));
    assert_eq!(preview["invoices"][12]["issueDate"], "2027-03-15");

    let file = std::env::temp_dir().join(format!("phasebill-cli-{}.json", std::process::id()));
    std::fs::write(&file, ACME).expect("temp file");
    let from_file = run(
        &[
            "preview",
            file.to_str().expect("path"),
            "--as-of=2026-03-15",
        ],
        "",
    );
    std::fs::remove_file(&file).ok();
    assert_eq!(stdout_json(&from_file), preview);
}

#[test]
fn until_and_table_format() {
    let output = run(
        &[
            "preview",
            "--as-of",
            "2026-03-15",
            "--until",
            "2026-05-15",
            "--format",
            "table",
        ],
        ACME,
    );
    assert_eq!(output.status.code(), Some(0));
    let text = String::from_utf8(output.stdout).expect("utf-8");
    assert!(text.contains("until 2026-05-15 (truncated"), "{text}");
    assert!(
        text.contains("2026-03-15 – 2026-04-14"),
        "service periods shown inclusively: {text}"
    );
    assert!(text.contains("net 15500.00"), "{text}");
}

#[test]
fn invalid_input_exits_1_with_issues_on_stdout_and_stderr() {
    let bad = ACME.replace(r#""12500.00""#, r#""-5""#);
    let output = run(&["preview", "--as-of", "2026-03-15"], &bad);
    assert_eq!(output.status.code(), Some(1));
    let error = stdout_json(&output);
    assert_eq!(
        error["error"]["issues"][0]["path"],
        "phases[0].prices[0].amount"
    );
    assert_eq!(error["error"]["issues"][0]["code"], "invalidAmount");
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(
        stderr.contains("phases[0].prices[0].amount: amount \"-5\" is negative"),
        "{stderr}"
    );
}

#[test]
fn unparsable_json_is_one_invalid_json_issue() {
    let output = run(&["preview"], "{\"currency\": ");
    assert_eq!(output.status.code(), Some(1));
    let error = stdout_json(&output);
    assert_eq!(error["error"]["issues"].as_array().map(Vec::len), Some(1));
    assert_eq!(error["error"]["issues"][0]["code"], "invalidJson");
    assert_eq!(error["error"]["issues"][0]["path"], "");
}

#[test]
fn bad_flags_are_usage_errors() {
    assert_eq!(
        run(&["preview", "--format", "xml"], ACME).status.code(),
        Some(2)
    );
    assert_eq!(run(&["invoice"], ACME).status.code(), Some(2));
    assert_eq!(
        run(&["preview", "/nonexistent/file.json"], "")
            .status
            .code(),
        Some(2)
    );
    let bad_date = run(&["preview", "--as-of", "2026-02-30"], ACME);
    assert_eq!(bad_date.status.code(), Some(1));
    assert_eq!(
        stdout_json(&bad_date)["error"]["issues"][0]["path"],
        "options.asOf"
    );
    // Only the options are wrong: the message says so.
    assert_eq!(
        stdout_json(&bad_date)["error"]["message"],
        "invalid options: 1 issue"
    );
    assert!(String::from_utf8_lossy(&bad_date.stderr)
        .starts_with("phasebill: invalid options: 1 issue\n"));
}

#[test]
fn version_and_help_of_every_command_exit_0_on_stdout() {
    let version = format!("phasebill {}\n", env!("CARGO_PKG_VERSION"));
    for args in [
        &["--version"][..],
        &["-V"],
        &["preview", "--version"],
        &["compare", "a.json", "--version"],
        &["forecast", "--version"],
    ] {
        let out = run(args, "");
        assert_eq!(out.status.code(), Some(0), "{args:?}");
        assert_eq!(String::from_utf8_lossy(&out.stdout), version, "{args:?}");
    }
    for (args, usage) in [
        (&["preview", "--help"][..], "usage: phasebill preview"),
        (&["forecast", "-h"], "usage: phasebill forecast"),
    ] {
        let out = run(args, "");
        assert_eq!(out.status.code(), Some(0), "{args:?}");
        assert!(
            String::from_utf8_lossy(&out.stdout).starts_with(usage),
            "{args:?}"
        );
    }
}

#[test]
fn jsonl_batch_writes_one_line_per_input() {
    let acme: Value = serde_json::from_str(ACME).expect("json");
    let good = serde_json::json!({ "schedule": acme, "options": { "asOf": "2026-03-15" } });
    let input = format!("{good}\nnot json\n\n{{\"schedule\": {{}}}}\n{good}\n");
    let output = run(&["preview", "--jsonl", "--until", "2026-04-30"], &input);
    assert_eq!(output.status.code(), Some(1), "some lines were invalid");
    let lines: Vec<Value> = String::from_utf8(output.stdout)
        .expect("utf-8")
        .lines()
        .map(|l| serde_json::from_str(l).expect("each line is JSON"))
        .collect();
    assert_eq!(lines.len(), 4);
    assert_eq!(
        lines[0]["until"], "2026-04-30",
        "--until applies where the line has none"
    );
    assert_eq!(lines[0]["totals"]["net"], "14000.00");
    assert_eq!(lines[1]["error"]["issues"][0]["code"], "invalidJson");
    assert_eq!(lines[2]["error"]["issues"][0]["code"], "required");
    assert_eq!(lines[3], lines[0]);
}

#[test]
fn reproduces_every_worked_example_of_spec_section_8() {
    let dir = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../tests/fixtures/spec-examples"
    );
    let mut examples = 0;
    for entry in std::fs::read_dir(dir).expect("spec examples") {
        let path = entry.expect("entry").path();
        let case: Value =
            serde_json::from_str(&std::fs::read_to_string(&path).expect("read")).expect("json");
        let mut args = vec!["preview".to_string(), path.display().to_string()];
        for (flag, key) in [("--as-of", "asOf"), ("--until", "until")] {
            if let Some(date) = case["options"][key].as_str() {
                args.extend([flag.to_string(), date.to_string()]);
            }
        }
        let args: Vec<&str> = args.iter().map(String::as_str).collect();
        // The fixture file itself is not a schedule: pass its `schedule` on stdin instead.
        let args = [&args[..1], &["-"], &args[2..]].concat();
        let output = run(&args, &case["schedule"].to_string());
        assert_eq!(output.status.code(), Some(0), "{}", path.display());
        assert_eq!(stdout_json(&output), case["expected"], "{}", path.display());
        examples += 1;
    }
    assert_eq!(examples, 11, "examples A to K");
}

fn temp_file(name: &str, value: &Value) -> std::path::PathBuf {
    let file = std::env::temp_dir().join(format!("phasebill-cli-{}-{name}", std::process::id()));
    std::fs::write(&file, value.to_string()).expect("temp file");
    file
}

#[test]
fn compare_reproduces_every_compare_fixture_and_batches() {
    let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/../tests/fixtures/compare");
    let mut cases = 0;
    let mut batch = String::new();
    let mut expected = Vec::new();
    for entry in std::fs::read_dir(dir).expect("compare fixtures") {
        let path = entry.expect("entry").path();
        let case: Value =
            serde_json::from_str(&std::fs::read_to_string(&path).expect("read")).expect("json");
        let (before, after) = (
            temp_file("before.json", &case["before"]),
            temp_file("after.json", &case["after"]),
        );
        let mut args = vec![
            "compare".to_string(),
            before.display().to_string(),
            after.display().to_string(),
        ];
        for (flag, key) in [("--as-of", "asOf"), ("--until", "until")] {
            if let Some(date) = case["options"][key].as_str() {
                args.extend([flag.to_string(), date.to_string()]);
            }
        }
        let args: Vec<&str> = args.iter().map(String::as_str).collect();
        let output = run(&args, "");
        std::fs::remove_file(before).ok();
        std::fs::remove_file(after).ok();
        let mut got = stdout_json(&output);
        if case["expected"].get("error").is_some() {
            assert_eq!(output.status.code(), Some(1), "{}", path.display());
            let issues = got["error"]["issues"].as_array_mut().expect("issues");
            let mut issues: Vec<Value> = issues
                .iter()
                .map(|i| serde_json::json!({ "path": i["path"], "code": i["code"] }))
                .collect();
            issues.sort_by_key(|i| i.to_string());
            let mut want = case["expected"]["error"]["issues"]
                .as_array()
                .expect("issues")
                .clone();
            want.sort_by_key(|i| i.to_string());
            assert_eq!(issues, want, "{}", path.display());
        } else {
            assert_eq!(output.status.code(), Some(0), "{}", path.display());
            assert_eq!(got, case["expected"], "{}", path.display());
            batch.push_str(
                &serde_json::json!({
                    "before": case["before"], "after": case["after"], "options": case["options"]
                })
                .to_string(),
            );
            batch.push('\n');
            expected.push(case["expected"].clone());
        }
        cases += 1;
    }
    assert!(cases >= 10, "the compare fixtures, found {cases}");
    let output = run(&["compare", "--jsonl"], &batch);
    assert_eq!(output.status.code(), Some(0));
    let lines: Vec<Value> = String::from_utf8(output.stdout)
        .expect("utf-8")
        .lines()
        .map(|l| serde_json::from_str(l).expect("each line is JSON"))
        .collect();
    assert_eq!(lines, expected);
}

#[test]
fn tables_show_discounts_due_dates_and_compare_rows() {
    let example = |name: &str| -> Value {
        let path = format!("{}/../tests/fixtures/{name}", env!("CARGO_MANIFEST_DIR"));
        serde_json::from_str(&std::fs::read_to_string(path).expect("read")).expect("json")
    };
    let i = example("spec-examples/example-i-percent-discount-given-back-on-credit.json");
    let output = run(
        &["preview", "--as-of", "2026-03-15", "--format", "table"],
        &i["schedule"].to_string(),
    );
    let text = String::from_utf8(output.stdout).expect("utf-8");
    assert!(text.contains("total 13400.00"), "{text}");
    assert!(text.contains("-100.00"), "discount line: {text}");
    assert!(text.contains("discounted -245.16  net 32706.45"), "{text}");
    let k = example("spec-examples/example-k-payment-terms-30-days.json");
    let output = run(
        &["preview", "--as-of", "2026-03-15", "--format", "table"],
        &k["schedule"].to_string(),
    );
    let text = String::from_utf8(output.stdout).expect("utf-8");
    assert!(text.contains("total 12500.00  due 2026-01-31"), "{text}");
    assert!(text.contains("due 2026-05-15"), "{text}");

    let l = example("compare/example-l-milestone-completed-later.json");
    let (before, after) = (
        temp_file("l-before.json", &l["before"]),
        temp_file("l-after.json", &l["after"]),
    );
    let output = run(
        &[
            "compare",
            before.to_str().expect("path"),
            after.to_str().expect("path"),
            "--as-of",
            "2026-03-15",
            "--format",
            "table",
        ],
        "",
    );
    std::fs::remove_file(before).ok();
    std::fs::remove_file(after).ok();
    let text = String::from_utf8(output.stdout).expect("utf-8");
    assert_eq!(output.status.code(), Some(0), "{text}");
    assert!(
        text.contains("2026-03-15  removed           -548.39"),
        "{text}"
    );
    assert!(text.contains("548.39"), "{text}");
    let net = text
        .lines()
        .find(|l| l.starts_with("net"))
        .expect("net row");
    assert!(net.ends_with("548.39"), "{net}");
}

#[test]
fn csv_format_and_refusals() {
    let output = run(
        &["preview", "--as-of", "2026-03-15", "--format", "csv"],
        ACME,
    );
    assert_eq!(output.status.code(), Some(0));
    let text = String::from_utf8(output.stdout).expect("utf-8");
    let mut rows = text.split("\r\n");
    assert_eq!(
        rows.next(),
        Some(phasebill::render::CSV_COLUMNS.join(",").as_str())
    );
    assert_eq!(
        rows.next(),
        Some("2026-01-01,invoice,issued,12500.00,2026-01-01,0,Pilot,0,Pilot fee,charge,,Pilot fee,2026-01-01,2026-03-14,,,1,12500.00,12500.00,USD")
    );
    for args in [
        &["preview", "--jsonl", "--format", "csv"][..],
        &["compare", "only-one.json"],
        &["compare", "a.json", "b.json", "--format", "csv"],
        &["preview", "a.json", "b.json"],
    ] {
        assert_eq!(run(args, "").status.code(), Some(2), "{args:?}");
    }
    // A UTF-8 byte order mark before the JSON is accepted.
    let output = run(
        &["preview", "--as-of", "2026-03-15"],
        &format!("\u{feff}{ACME}"),
    );
    assert_eq!(output.status.code(), Some(0));
}

/// The one CSV and table layout, shared with `npx phasebill` and the builder's export:
/// `tests/render/*.csv` and `*.txt` hold the expected bytes.
#[test]
fn renders_the_shared_csv_and_table_files() {
    let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/../tests/render");
    let case: Value = serde_json::from_str(
        &std::fs::read_to_string(format!("{dir}/pilot-discount-terms.json")).expect("read"),
    )
    .expect("json");
    for (format, ending) in [("csv", "csv"), ("table", "txt")] {
        let output = run(
            &["preview", "--as-of", "2026-03-15", "--format", format],
            &case["schedule"].to_string(),
        );
        assert_eq!(output.status.code(), Some(0));
        let want = std::fs::read(format!("{dir}/pilot-discount-terms.{ending}")).expect("read");
        assert_eq!(
            String::from_utf8(output.stdout).expect("utf-8"),
            String::from_utf8(want).expect("utf-8"),
            "{format}"
        );
    }
}

/// The engine reads its input text into a tree of its own (`phasebill::Json`): a key given
/// twice counts with its last value, as a `serde_json::Value` has it, and an unknown key
/// given twice is one warning.
#[test]
fn a_repeated_key_counts_with_its_last_value_and_an_unknown_one_warns_once() {
    // "currency" first says EUR, then USD; "amount" 1.00, then 1500.00; "note" twice.
    let text = ACME
        .replacen(
            r#""currency":"USD""#,
            r#""currency":"EUR","note":1,"currency":"USD","note":2"#,
            1,
        )
        .replacen(
            r#""amount":"1500.00""#,
            r#""amount":"1.00","amount":"1500.00""#,
            1,
        );
    let output = run(&["preview", "-", "--as-of", "2026-03-15"], &text);
    assert_eq!(output.status.code(), Some(0));
    let preview = stdout_json(&output);
    assert_eq!(preview["currency"], "USD");
    // As Acme: 12,500.00 + 12 × 1,500.00 = 30,500.00.
    assert_eq!(preview["totals"]["net"], "30500.00");
    let warnings = preview["warnings"].as_array().expect("warnings");
    let notes: Vec<&Value> = warnings.iter().filter(|w| w["path"] == "note").collect();
    assert_eq!(notes.len(), 1, "{warnings:?}");
    assert_eq!(notes[0]["code"], "unknownField");
}
