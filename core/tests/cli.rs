//! The native `phasebill` command: previews, formats, errors, exit codes, batch mode.

use serde_json::Value;
use std::io::Write;
use std::process::{Command, Output, Stdio};

const ACME: &str = r#"{"currency":"USD","startDate":"2026-01-01","phases":[
 {"name":"Pilot","duration":{"type":"milestone","completedOn":"2026-03-15","recordedOn":"2026-03-15"},
  "prices":[{"name":"Pilot fee","amount":"12500.00","frequency":"oneTime","timing":"inAdvance"}]},
 {"name":"Year 1","duration":{"type":"fixed","count":12,"unit":"months"},
  "prices":[{"name":"Platform access","amount":"1500.00","frequency":"monthly","timing":"inArrears"}]}]}"#;

fn run(args: &[&str], stdin: &str) -> Output {
    let mut child = Command::new(env!("CARGO_BIN_EXE_phasebill"))
        .args(args)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("phasebill runs");
    // A usage error may exit before reading its input: a broken pipe is no failure here.
    let _ = child
        .stdin
        .take()
        .expect("stdin")
        .write_all(stdin.as_bytes());
    child.wait_with_output().expect("phasebill exits")
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
    assert_eq!(examples, 6, "examples A to F");
}
