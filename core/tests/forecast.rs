//! `phasebill forecast`: a book's sums against the sum of its previews (added up here,
//! independently of the engine's fold), the same bytes for any `--jobs`, partial sums that
//! add up to the whole (what Spark does), invalid contracts, the CSV and JSON shapes.
//!
//! The books come from `scripts/make-book.mjs` (Node, which `npm test` has anyway).

use serde_json::{json, Value};
use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};
mod common;

use common::run;
use std::process::{Command, Output};

const FROM: &str = "2026-01-01";
const TO: &str = "2027-12-31";
const AS_OF: &str = "2026-06-15";

fn text(bytes: &[u8]) -> String {
    String::from_utf8(bytes.to_vec()).expect("UTF-8")
}

/// A book from the generator, in a temporary file.
fn book(count: usize, seed: u32, invalid_every: u32, name: &str) -> PathBuf {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("..");
    let path = std::env::temp_dir().join(format!(
        "phasebill-forecast-{}-{name}.jsonl",
        std::process::id()
    ));
    let status = Command::new("node")
        .arg(root.join("scripts/make-book.mjs"))
        .args(["--count", &count.to_string(), "--seed", &seed.to_string()])
        .args(["--invalid-every", &invalid_every.to_string()])
        .arg("--out")
        .arg(&path)
        .status()
        .expect("node runs scripts/make-book.mjs (the tests need Node)");
    assert!(status.success(), "make-book.mjs failed");
    path
}

/// `"-12.345"` as minor units and digits: `(-12345, 3)`.
fn minor(amount: &str) -> (i128, usize) {
    let digits = amount.split_once('.').map_or(0, |(_, d)| d.len());
    (amount.replace('.', "").parse().expect("decimal"), digits)
}

fn decimal(minor: i128, digits: usize) -> String {
    let sign = if minor < 0 { "-" } else { "" };
    let abs = minor.unsigned_abs();
    if digits == 0 {
        return format!("{sign}{abs}");
    }
    let unit = 10u128.pow(digits as u32);
    format!("{sign}{}.{:0digits$}", abs / unit, abs % unit)
}

#[derive(Default, Debug)]
struct Expected {
    digits: usize,
    contracts: u64,
    invoices: u64,
    credit_notes: u64,
    charged: i128,
    credited: i128,
    discounted: i128,
    net: i128,
    forecast_net: i128,
    due_net: i128,
}

impl Expected {
    fn row(&self, currency: &str, month: &str) -> Vec<String> {
        let d = self.digits;
        vec![
            currency.to_string(),
            month.to_string(),
            self.contracts.to_string(),
            self.invoices.to_string(),
            self.credit_notes.to_string(),
            decimal(self.charged, d),
            decimal(self.credited, d),
            decimal(self.discounted, d),
            decimal(self.net, d),
            decimal(self.forecast_net, d),
            decimal(self.due_net, d),
        ]
    }
}

/// The book's forecast added up from one `phasebill preview` per contract (through
/// `--jsonl`, each with until = TO): the CSV it should be, and the ids that fail.
fn sum_of_previews(book: &str) -> (String, BTreeSet<String>) {
    let lines: Vec<&str> = book.lines().collect();
    let mut batch = String::new();
    let mut ids = Vec::new();
    for line in &lines {
        // Lines that are not JSON go as they are: the batch answers them with an error.
        let mut item: Value = serde_json::from_str(line).unwrap_or(Value::Null);
        let id = item["id"].as_str().map(str::to_string);
        if let Value::Object(object) = &mut item {
            object.remove("id");
            let options = object
                .entry("options")
                .or_insert_with(|| serde_json::json!({}));
            options["until"] = Value::String(TO.into());
            batch.push_str(&item.to_string());
        } else {
            batch.push_str(line);
        }
        batch.push('\n');
        ids.push(id);
    }
    let output = run(&["preview", "--jsonl", "--as-of", AS_OF], batch.as_bytes());
    let answers: Vec<Value> = text(&output.stdout)
        .lines()
        .map(|l| serde_json::from_str(l).expect("a JSON answer per line"))
        .collect();
    assert_eq!(answers.len(), lines.len());

    let mut cells: BTreeMap<(String, String), Expected> = BTreeMap::new();
    let mut invalid = BTreeSet::new();
    for (number, (answer, id)) in answers.iter().zip(&ids).enumerate() {
        let Some(id) = id else {
            invalid.insert(format!("line {}", number + 1));
            continue;
        };
        if answer.get("error").is_some() {
            invalid.insert(id.clone());
            continue;
        }
        let currency = answer["currency"].as_str().expect("currency").to_string();
        let mut months = BTreeSet::new();
        for invoice in answer["invoices"].as_array().expect("invoices") {
            let issued = invoice["issueDate"].as_str().expect("issueDate");
            let (total, digits) = minor(invoice["total"].as_str().expect("total"));
            let is_invoice = invoice["kind"] == "invoice";
            if (FROM..=TO).contains(&issued) {
                let month = issued[..7].to_string();
                let cell = cells.entry((currency.clone(), month.clone())).or_default();
                cell.digits = digits;
                if months.insert(month) {
                    cell.contracts += 1;
                }
                if is_invoice {
                    cell.invoices += 1;
                } else {
                    cell.credit_notes += 1;
                }
                for line in invoice["lines"].as_array().expect("lines") {
                    let (amount, _) = minor(line["amount"].as_str().expect("amount"));
                    match line["kind"].as_str().expect("kind") {
                        "charge" | "catchUp" => cell.charged += amount,
                        "credit" => cell.credited += amount,
                        "discount" => cell.discounted += amount,
                        other => panic!("line kind {other}"),
                    }
                }
                cell.net += total;
                if invoice["status"] == "forecast" {
                    cell.forecast_net += total;
                }
            }
            if let (true, Some(due)) = (is_invoice, invoice["dueDate"].as_str()) {
                if (FROM..=TO).contains(&due) {
                    let cell = cells
                        .entry((currency.clone(), due[..7].to_string()))
                        .or_default();
                    cell.digits = digits;
                    cell.due_net += total;
                }
            }
        }
    }
    let mut csv = "currency,month,contracts,invoices,creditNotes,charged,credited,discounted,net,forecastNet,dueNet\n".to_string();
    for ((currency, month), cell) in &cells {
        csv.push_str(&cell.row(currency, month).join(","));
        csv.push('\n');
    }
    (csv, invalid)
}

/// The ids (or `line N` when there is none) of the invalid contracts of a JSON answer.
fn invalid_ids(report: &Value) -> BTreeSet<String> {
    report["invalid"]
        .as_array()
        .expect("invalid")
        .iter()
        .map(|entry| match entry["id"].as_str() {
            Some(id) => id.to_string(),
            None => format!("line {}", entry["line"]),
        })
        .collect()
}

/// Adds up `--partial` lines exactly (as the Spark job does) into the CSV.
fn add_partials(outputs: &[String]) -> String {
    let mut cells: BTreeMap<(String, String), Expected> = BTreeMap::new();
    for line in outputs.iter().flat_map(|o| o.lines()) {
        let partial: Value = serde_json::from_str(line).expect("a JSON line");
        if partial.get("invalid").is_some() {
            continue;
        }
        let key = (
            partial["currency"].as_str().expect("currency").to_string(),
            partial["month"].as_str().expect("month").to_string(),
        );
        let cell = cells.entry(key).or_default();
        cell.digits = partial["minorDigits"].as_u64().expect("minorDigits") as usize;
        let count = |k: &str| partial[k].as_u64().expect("count");
        let amount = |k: &str| {
            let (value, digits) = minor(partial[k].as_str().expect("amount"));
            assert_eq!(
                digits,
                cell_digits(&partial),
                "{k} has the currency's digits"
            );
            value
        };
        cell.contracts += count("contracts");
        cell.invoices += count("invoices");
        cell.credit_notes += count("creditNotes");
        cell.charged += amount("charged");
        cell.credited += amount("credited");
        cell.discounted += amount("discounted");
        cell.net += amount("net");
        cell.forecast_net += amount("forecastNet");
        cell.due_net += amount("dueNet");
    }
    let mut csv = "currency,month,contracts,invoices,creditNotes,charged,credited,discounted,net,forecastNet,dueNet\n".to_string();
    for ((currency, month), cell) in &cells {
        csv.push_str(&cell.row(currency, month).join(","));
        csv.push('\n');
    }
    csv
}

fn cell_digits(partial: &Value) -> usize {
    partial["minorDigits"].as_u64().expect("minorDigits") as usize
}

#[test]
fn a_small_book_is_the_sum_of_its_previews_and_of_its_partials() {
    let path = book(400, 11, 41, "small");
    let book = std::fs::read_to_string(&path).expect("book");
    let file = path.to_str().expect("path");
    let window = ["--from", FROM, "--to", TO, "--as-of", AS_OF];

    let (expected_csv, expected_invalid) = sum_of_previews(&book);
    assert!(expected_csv.lines().count() > 40, "{expected_csv}");

    let mut args = vec!["forecast", file];
    args.extend(window);
    let csv = run(&args, b"");
    assert_eq!(csv.status.code(), Some(1), "{}", text(&csv.stderr));
    assert_eq!(text(&csv.stdout), expected_csv);

    args.extend(["--format", "json"]);
    let json = run(&args, b"");
    assert_eq!(json.status.code(), Some(1));
    let report: Value = serde_json::from_slice(&json.stdout).expect("JSON");
    assert_eq!(invalid_ids(&report), expected_invalid);
    assert!(!expected_invalid.is_empty());

    // The book in three parts through --partial (from standard input, as Spark pipes it),
    // added up exactly: the same table.
    let lines: Vec<&str> = book.lines().collect();
    let partials: Vec<String> = lines
        .chunks(150)
        .map(|part| {
            let mut args = vec!["forecast", "-", "--partial", "--jobs", "2"];
            args.extend(window);
            let output = run(&args, format!("{}\n", part.join("\n")).as_bytes());
            assert_eq!(output.status.code(), Some(0), "{}", text(&output.stderr));
            text(&output.stdout)
        })
        .collect();
    assert_eq!(add_partials(&partials), expected_csv);
    let partial_invalid = partials
        .iter()
        .flat_map(|o| o.lines())
        .filter(|l| l.starts_with("{\"invalid\":"))
        .count();
    assert_eq!(partial_invalid, expected_invalid.len());
    std::fs::remove_file(&path).ok();
}

#[test]
fn jobs_1_and_jobs_4_are_byte_identical_on_20000_contracts() {
    let path = book(20_000, 3, 997, "large");
    let file = path.to_str().expect("path");
    let outputs: Vec<Output> = ["1", "4"]
        .iter()
        .map(|jobs| {
            run(
                &[
                    "forecast", file, "--from", FROM, "--to", TO, "--as-of", AS_OF, "--jobs", jobs,
                    "--format", "json",
                ],
                b"",
            )
        })
        .collect();
    std::fs::remove_file(&path).ok();
    assert_eq!(outputs[0].status.code(), Some(1));
    assert!(outputs[0].stdout.len() > 10_000);
    assert!(outputs[0].stdout == outputs[1].stdout, "stdout differs");
    assert_eq!(text(&outputs[0].stderr), text(&outputs[1].stderr));
    let report: Value = serde_json::from_slice(&outputs[0].stdout).expect("JSON");
    // 20,000 / 997: the generator's invalid contracts, in book order.
    let lines: Vec<u64> = report["invalid"]
        .as_array()
        .expect("invalid")
        .iter()
        .map(|i| i["line"].as_u64().expect("line"))
        .collect();
    assert_eq!(lines, (1..=20).map(|k| k * 997).collect::<Vec<_>>());
}

const ACME: &str = r#"{"currency":"USD","startDate":"2026-01-01","phases":[
 {"name":"Pilot","duration":{"type":"milestone","completedOn":"2026-03-15"},
  "prices":[{"name":"Pilot fee","amount":"12500.00","frequency":"oneTime","timing":"inAdvance"}]},
 {"name":"Year 1","duration":{"type":"fixed","count":12,"unit":"months"},
  "prices":[{"name":"Platform access","amount":"1500.00","frequency":"monthly","timing":"inArrears"}]}]}"#;

fn acme_line(id: &str, options: &str) -> String {
    let schedule: Value = serde_json::from_str(ACME).expect("ACME");
    format!(r#"{{"id":"{id}","schedule":{schedule}{options}}}"#)
}

#[test]
fn invalid_contracts_are_listed_and_the_run_goes_on() {
    let book = format!(
        "\u{feff}{}\r\n\n{}\nnot json\n{{\"schedule\":{}}}\n[1]\n{}\n",
        acme_line("a-1", ""),
        r#"{"id":"bad-currency","schedule":{"currency":"usd","startDate":"2026-01-01","phases":[]}}"#,
        serde_json::from_str::<Value>(ACME).expect("ACME"),
        acme_line("a-2", ""),
    );
    let window = [
        "--from",
        "2026-01-01",
        "--to",
        "2026-03-31",
        "--as-of",
        "2026-03-15",
    ];
    let mut args = vec!["forecast", "-", "--format", "json"];
    args.extend(window);
    let output = run(&args, book.as_bytes());
    assert_eq!(output.status.code(), Some(1));
    let report: Value = serde_json::from_slice(&output.stdout).expect("JSON");
    let invalid = report["invalid"].as_array().expect("invalid");
    let summary: Vec<(Value, u64, String)> = invalid
        .iter()
        .map(|i| {
            (
                i["id"].clone(),
                i["line"].as_u64().expect("line"),
                i["issues"][0]["code"].as_str().expect("code").to_string(),
            )
        })
        .collect();
    assert_eq!(
        summary,
        vec![
            ("bad-currency".into(), 3, "invalidCurrency".into()),
            (Value::Null, 4, "invalidJson".into()),
            (Value::Null, 5, "required".into()),
            (Value::Null, 6, "invalidType".into()),
        ]
    );
    // Every issue of a contract is in the JSON; standard error shows the first.
    assert_eq!(invalid[0]["issues"].as_array().map(Vec::len), Some(2));
    assert_eq!(invalid[2]["issues"][0]["path"], "id");
    let stderr = text(&output.stderr);
    assert!(
        stderr.contains("line 3, id \"bad-currency\": currency: "),
        "{stderr}"
    );
    assert!(stderr.contains("(+1 more)"), "{stderr}");
    assert!(stderr.contains("line 4, no id: (schedule): input is not valid json"));
    assert!(stderr.contains("4 of 6 contracts invalid"), "{stderr}");
    // The two valid contracts (BOM and CRLF included) are summed.
    let rows = report["rows"].as_array().expect("rows");
    assert_eq!(rows[0]["month"], "2026-01");
    assert_eq!(rows[0]["contracts"], 2);
    assert_eq!(rows[0]["net"], "25000.00");

    // A line that is not UTF-8 is one invalid contract too.
    let mut bytes = acme_line("a-3", "").into_bytes();
    bytes.extend(b"\n{\"id\":\"\xff\"}\n");
    let output = run(
        &["forecast", "--from", "2026-01-01", "--to", "2026-03-31"],
        &bytes,
    );
    assert_eq!(output.status.code(), Some(1));
    let stderr = text(&output.stderr);
    assert!(
        stderr.contains("line 2, no id: (schedule): input is not valid json"),
        "{stderr}"
    );
    assert!(stderr.contains("1 of 2 contracts invalid"), "{stderr}");

    // --partial lists them as lines of their own and exits 0 (for Spark's pipe).
    let mut args = vec!["forecast", "--partial"];
    args.extend(window);
    let partial = run(&args, book.as_bytes());
    assert_eq!(partial.status.code(), Some(0));
    let out = text(&partial.stdout);
    assert_eq!(
        out.lines()
            .filter(|l| l.starts_with("{\"invalid\":"))
            .count(),
        4
    );
    assert!(partial.stderr.is_empty());
}

/// A book line is read into the engine's own JSON tree (`phasebill::Json`): an id that is
/// not a string is listed as given, and a repeated key counts with its last value, as
/// `serde_json::Value` had them.
#[test]
fn an_id_that_is_not_a_string_is_listed_as_given_and_a_repeated_key_counts_last() {
    let schedule: Value = serde_json::from_str(ACME).expect("ACME");
    let book = format!(
        "{{\"id\":5,\"schedule\":{schedule}}}\n\
         {{\"id\":[\"a\"],\"schedule\":{schedule}}}\n\
         {{\"id\":\"first\",\"id\":\"last\",\"schedule\":{schedule},\"options\":\"bad\"}}\n"
    );
    let args = [
        "forecast",
        "-",
        "--format",
        "json",
        "--from",
        "2026-01-01",
        "--to",
        "2026-03-31",
    ];
    let output = run(&args, book.as_bytes());
    assert_eq!(output.status.code(), Some(1));
    let report: Value = serde_json::from_slice(&output.stdout).expect("JSON");
    let ids: Vec<&Value> = report["invalid"]
        .as_array()
        .expect("invalid")
        .iter()
        .map(|i| &i["id"])
        .collect();
    assert_eq!(ids, [&json!(5), &json!(["a"]), &json!("last")]);
    assert_eq!(report["invalid"][2]["issues"][0]["path"], "options");
}

#[test]
fn csv_and_json_shapes_and_the_window() {
    // The line's own until is replaced by --to; its asOf is kept.
    let book = format!(
        "{}\n{}\n",
        acme_line("early-until", r#","options":{"until":"2026-01-31"}"#),
        acme_line("own-as-of", r#","options":{"asOf":"2026-01-10"}"#),
    );
    let window = [
        "--from",
        "2026-02-01",
        "--to",
        "2026-04-30",
        "--as-of",
        "2026-03-15",
    ];
    let mut args = vec!["forecast"];
    args.extend(window);
    let csv = run(&args, book.as_bytes());
    assert_eq!(csv.status.code(), Some(0));
    assert!(
        csv.stderr.is_empty(),
        "no progress when stderr is no terminal"
    );
    assert_eq!(
        text(&csv.stdout),
        "currency,month,contracts,invoices,creditNotes,charged,credited,discounted,net,forecastNet,dueNet\n\
         USD,2026-04,2,2,0,3000.00,0.00,0.00,3000.00,0.00,3000.00\n"
    );

    args.extend(["--format", "json"]);
    let json = run(&args, book.as_bytes());
    assert_eq!(json.status.code(), Some(0));
    let report: Value = serde_json::from_slice(&json.stdout).expect("JSON");
    let keys = |v: &Value| -> Vec<String> {
        v.as_object()
            .expect("object")
            .keys()
            .cloned()
            .collect::<Vec<_>>()
    };
    assert_eq!(keys(&report), ["from", "to", "rows", "invalid"]);
    assert_eq!(
        (&report["from"], &report["to"]),
        (&"2026-02-01".into(), &"2026-04-30".into())
    );
    assert_eq!(
        keys(&report["rows"][0]),
        [
            "currency",
            "month",
            "contracts",
            "invoices",
            "creditNotes",
            "charged",
            "credited",
            "discounted",
            "net",
            "forecastNet",
            "dueNet"
        ]
    );
    assert_eq!(report["rows"][0]["contracts"], 2);
    assert_eq!(report["invalid"], serde_json::json!([]));

    // An empty book: the header alone.
    let empty = run(&args[..7], b"");
    assert_eq!(empty.status.code(), Some(0));
    assert_eq!(text(&empty.stdout).lines().count(), 1);
}

#[test]
fn usage_errors_exit_2() {
    for args in [
        &["forecast", "--to", "2026-12-31"][..],
        &["forecast", "--from", "2026-12-31", "--to", "2026-01-01"],
        &["forecast", "--from", "2026-01-01", "--to", "2026-02-30"],
        &[
            "forecast",
            "--from",
            "2026-01-01",
            "--to",
            "2026-12-31",
            "--jobs",
            "0",
        ],
        &[
            "forecast",
            "--from",
            "2026-01-01",
            "--to",
            "2026-12-31",
            "--format",
            "table",
        ],
        &[
            "forecast",
            "--from",
            "2026-01-01",
            "--to",
            "2026-12-31",
            "--partial",
            "--format",
            "csv",
        ],
        &[
            "forecast",
            "--from",
            "2026-01-01",
            "--to",
            "2026-12-31",
            "--until",
            "2026-12-31",
        ],
        &[
            "forecast",
            "a",
            "b",
            "--from",
            "2026-01-01",
            "--to",
            "2026-12-31",
        ],
        &[
            "forecast",
            "/nonexistent/book.jsonl",
            "--from",
            "2026-01-01",
            "--to",
            "2026-12-31",
        ],
    ] {
        let output = run(args, b"");
        assert_eq!(output.status.code(), Some(2), "{args:?}");
        assert!(output.stdout.is_empty(), "{args:?}");
    }
    let help = run(&["forecast", "--help"], b"");
    assert_eq!(help.status.code(), Some(0));
    assert!(text(&help.stdout).contains("--partial"));
}
