//! The worked examples of `docs/billing-rules.md` run as written: every schedule in
//! `docs/examples/` is previewed with its as-of (the table below) and its hand-worked
//! figures are checked. A file without an entry in the table fails the test, so the
//! examples and the reference cannot drift apart. The `json` blocks of the reference must
//! be JSON, and those that are whole schedules must preview.

use phasebill::parse_date;
use serde_json::{json, Value};
use std::path::{Path, PathBuf};

/// Every file of `docs/examples/`, the worked example it belongs to and its as-of.
const EXAMPLES: &[(&str, &str, &str)] = &[
    ("acme.json", "A", "2026-03-15"),
    ("pilot-monthly-fee.json", "B", "2026-03-15"),
    ("late-recording.json", "C", "2026-04-10"),
    ("quarterly-month-end.json", "D", "2026-01-31"),
    ("jpy-credit.json", "E", "2026-02-10"),
    ("calendar-anchor.json", "F", "2026-03-15"),
    ("billing-day.json", "G", "2026-03-15"),
    ("billing-day-31-in-arrears.json", "H", "2026-02-10"),
    ("pilot-discount.json", "I", "2026-03-15"),
    ("jpy-fixed-discount.json", "J", "2026-02-10"),
    ("acme-payment-terms.json", "K", "2026-03-15"),
    ("pilot-before.json", "L", "2026-03-15"),
    ("pilot-after.json", "L", "2026-03-15"),
];

fn docs() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../docs")
}

fn read(path: &Path) -> Value {
    let text = std::fs::read_to_string(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    serde_json::from_str(&text).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

fn example(file: &str) -> Value {
    read(&docs().join("examples").join(file))
}

/// The preview of an example as the JSON contract shows it.
fn preview(file: &str, as_of: &str) -> Value {
    let today = parse_date("2000-01-01").unwrap();
    let options = json!({ "asOf": as_of });
    match phasebill::preview(&example(file), &options, today) {
        Ok(preview) => serde_json::to_value(preview).unwrap(),
        Err(error) => panic!("{file}: {error}"),
    }
}

/// The invoice issued on `date`.
fn invoice<'a>(preview: &'a Value, date: &str) -> &'a Value {
    preview["invoices"]
        .as_array()
        .unwrap()
        .iter()
        .find(|i| i["issueDate"] == date)
        .unwrap_or_else(|| panic!("no invoice on {date}"))
}

/// `(kind, amount)` of every line of an invoice.
fn lines(invoice: &Value) -> Vec<(String, String)> {
    invoice["lines"]
        .as_array()
        .unwrap()
        .iter()
        .map(|l| {
            let text = |v: &Value| v.as_str().unwrap().to_string();
            (text(&l["kind"]), text(&l["amount"]))
        })
        .collect()
}

/// `(issueDate, total)` of every invoice.
fn invoices(preview: &Value) -> Vec<(String, String)> {
    preview["invoices"]
        .as_array()
        .unwrap()
        .iter()
        .map(|i| {
            let text = |v: &Value| v.as_str().unwrap().to_string();
            (text(&i["issueDate"]), text(&i["total"]))
        })
        .collect()
}

fn pairs(items: &[(&str, &str)]) -> Vec<(String, String)> {
    items
        .iter()
        .map(|(a, b)| (a.to_string(), b.to_string()))
        .collect()
}

/// The 15th of each month from 2026-04-15 to 2027-03-15, as `(date, "1500.00")`.
fn year_one_on_the_15th() -> Vec<(String, String)> {
    (0..12)
        .map(|k| {
            let (y, m) = (2026 + (3 + k) / 12, (3 + k) % 12 + 1);
            (format!("{y}-{m:02}-15"), "1500.00".to_string())
        })
        .collect()
}

fn check_a(p: &Value) {
    assert_eq!(p["totals"]["net"], "30500.00");
    assert_eq!(p["totals"]["credited"], "0.00");
    assert_eq!(p["until"], "2027-03-15");
    let mut expected = pairs(&[("2026-01-01", "12500.00")]);
    expected.extend(year_one_on_the_15th());
    assert_eq!(invoices(p), expected, "13 invoices");
    assert_eq!(p["phases"][1]["start"], "2026-03-15");
    assert_eq!(p["phases"][1]["end"], "2027-03-15");
}

fn check_b(p: &Value) {
    for date in ["2026-01-01", "2026-02-01", "2026-03-01"] {
        let pilot_support = &invoice(p, date)["lines"]
            .as_array()
            .unwrap()
            .last()
            .unwrap();
        assert_eq!(pilot_support["amount"], "1000.00", "{date}");
    }
    let credit_note = invoice(p, "2026-03-15");
    assert_eq!(credit_note["kind"], "creditNote");
    assert_eq!(credit_note["total"], "-548.39");
    assert_eq!(lines(credit_note), pairs(&[("credit", "-548.39")]));
    let line = &credit_note["lines"][0];
    assert_eq!(
        line["servicePeriod"],
        json!({"start": "2026-03-15", "end": "2026-04-01"})
    );
    assert_eq!(line["proration"], json!({"usedDays": 17, "periodDays": 31}));
    assert_eq!(p["totals"]["net"], "32951.61");
}

fn check_c(p: &Value) {
    assert_eq!(invoice(p, "2026-04-01")["total"], "1000.00");
    let recording = invoice(p, "2026-04-10");
    assert_eq!(
        lines(recording),
        pairs(&[
            ("credit", "-548.39"),
            ("credit", "-1000.00"),
            ("catchUp", "2000.00")
        ])
    );
    assert_eq!(recording["total"], "451.61");
    assert_eq!(recording["kind"], "invoice");
}

fn check_d(p: &Value) {
    let dates: Vec<String> = invoices(p).into_iter().map(|(d, _)| d).collect();
    assert_eq!(
        dates,
        [
            "2026-01-31",
            "2026-04-30",
            "2026-07-31",
            "2026-10-31",
            "2027-01-31"
        ]
    );
    let last = &invoice(p, "2027-01-31")["lines"][0];
    assert_eq!(last["amount"], "1988.76");
    assert_eq!(last["proration"], json!({"usedDays": 59, "periodDays": 89}));
    assert_eq!(
        last["servicePeriod"],
        json!({"start": "2027-01-31", "end": "2027-03-31"})
    );
    assert_eq!(p["totals"]["credited"], "0.00");
    assert_eq!(p["totals"]["net"], "13988.76");
}

fn check_e(p: &Value) {
    assert_eq!(
        invoices(p),
        pairs(&[("2026-02-01", "100000"), ("2026-02-10", "-67857")])
    );
    assert_eq!(invoice(p, "2026-02-10")["kind"], "creditNote");
    assert_eq!(p["totals"]["net"], "32143");
}

fn check_f(p: &Value) {
    let first = &invoice(p, "2026-03-15")["lines"][0];
    assert_eq!(first["amount"], "822.58");
    assert_eq!(
        first["proration"],
        json!({"usedDays": 17, "periodDays": 31})
    );
    for date in ["2026-04-01", "2026-05-01", "2026-06-01"] {
        assert_eq!(invoice(p, date)["total"], "1500.00", "{date}");
    }
    assert_eq!(p["truncated"], true);
}

fn check_g(p: &Value) {
    let first = &invoice(p, "2026-03-15")["lines"][0];
    assert_eq!(first["amount"], "535.71");
    assert_eq!(
        first["servicePeriod"],
        json!({"start": "2026-03-15", "end": "2026-03-25"})
    );
    assert_eq!(
        first["proration"],
        json!({"usedDays": 10, "periodDays": 28})
    );
    for date in ["2026-03-25", "2026-04-25", "2026-05-25"] {
        assert_eq!(invoice(p, date)["total"], "1500.00", "{date}");
    }
    assert_eq!(p["truncated"], true);
}

fn check_h(p: &Value) {
    assert_eq!(
        invoices(p),
        pairs(&[
            ("2026-02-28", "1992.86"),
            ("2026-03-31", "3100.00"),
            ("2026-04-30", "3100.00"),
            ("2026-05-10", "1000.00"),
        ])
    );
    assert_eq!(p["totals"]["net"], "9192.86");
}

fn check_i(p: &Value) {
    assert_eq!(invoice(p, "2026-01-01")["total"], "13400.00");
    assert_eq!(invoice(p, "2026-02-01")["total"], "900.00");
    assert_eq!(invoice(p, "2026-03-01")["total"], "900.00");
    let cut = invoice(p, "2026-03-15");
    assert_eq!(cut["kind"], "creditNote");
    assert_eq!(cut["total"], "-493.55");
    assert_eq!(
        lines(cut),
        pairs(&[("credit", "-548.39"), ("discount", "54.84")])
    );
    assert_eq!(cut["lines"][1]["discountIndex"], 0);
    let t = &p["totals"];
    assert_eq!(
        (&t["charged"], &t["credited"], &t["discounted"], &t["net"]),
        (
            &json!("33500.00"),
            &json!("-548.39"),
            &json!("-245.16"),
            &json!("32706.45")
        )
    );
}

fn check_j(p: &Value) {
    let first = invoice(p, "2026-02-01");
    assert_eq!(
        lines(first),
        pairs(&[("charge", "100000"), ("discount", "-40000")])
    );
    assert_eq!(first["total"], "60000");
    let cut = invoice(p, "2026-02-10");
    assert_eq!(
        lines(cut),
        pairs(&[("credit", "-67857"), ("discount", "7857")])
    );
    assert_eq!(cut["kind"], "creditNote");
    assert_eq!(cut["total"], "-60000");
    assert_eq!(cut["dueDate"], Value::Null);
    assert_eq!(p["totals"]["net"], "0");
}

fn check_k(p: &Value) {
    assert_eq!(invoice(p, "2026-01-01")["dueDate"], "2026-01-31");
    assert_eq!(invoice(p, "2026-04-15")["dueDate"], "2026-05-15");
    assert_eq!(invoice(p, "2027-02-15")["dueDate"], "2027-03-17");
    assert_eq!(p["totals"]["net"], "30500.00");
}

fn check_l_after(p: &Value) {
    let mut expected = pairs(&[
        ("2026-01-01", "13500.00"),
        ("2026-02-01", "1000.00"),
        ("2026-03-01", "1000.00"),
    ]);
    expected.extend((0..12).map(|k| {
        let (y, m) = (2026 + (4 + k) / 12, (4 + k) % 12 + 1);
        (format!("{y}-{m:02}-01"), "1500.00".to_string())
    }));
    assert_eq!(invoices(p), expected);
    assert_eq!(p["totals"]["net"], "33500.00");
}

fn check(file: &str, preview: &Value) {
    match file {
        "acme.json" => check_a(preview),
        "pilot-monthly-fee.json" | "pilot-before.json" => check_b(preview),
        "late-recording.json" => check_c(preview),
        "quarterly-month-end.json" => check_d(preview),
        "jpy-credit.json" => check_e(preview),
        "calendar-anchor.json" => check_f(preview),
        "billing-day.json" => check_g(preview),
        "billing-day-31-in-arrears.json" => check_h(preview),
        "pilot-discount.json" => check_i(preview),
        "jpy-fixed-discount.json" => check_j(preview),
        "acme-payment-terms.json" => check_k(preview),
        "pilot-after.json" => check_l_after(preview),
        other => panic!("{other}: no figures to check"),
    }
}

#[test]
fn every_example_file_previews_to_its_worked_figures() {
    let mut files: Vec<String> = std::fs::read_dir(docs().join("examples"))
        .expect("docs/examples")
        .map(|e| e.unwrap().file_name().into_string().unwrap())
        .filter(|name| name.ends_with(".json"))
        .collect();
    files.sort();
    let missing: Vec<&String> = files
        .iter()
        .filter(|f| !EXAMPLES.iter().any(|(name, _, _)| name == f))
        .collect();
    assert!(
        missing.is_empty(),
        "docs/examples files without an entry in EXAMPLES: {missing:?}"
    );
    for (file, letter, as_of) in EXAMPLES {
        assert!(
            files.iter().any(|f| f == file),
            "{file} (example {letter}) is missing"
        );
        let p = preview(file, as_of);
        assert_eq!(p["asOf"], *as_of, "{file}");
        assert_eq!(p["warnings"], json!([]), "{file}: warnings");
        check(file, &p);
    }
}

#[test]
fn example_l_compares_the_pilot_completed_later() {
    let today = parse_date("2000-01-01").unwrap();
    let options = json!({ "asOf": "2026-03-15" });
    let comparison = phasebill::compare(
        &example("pilot-before.json"),
        &example("pilot-after.json"),
        &options,
        today,
    )
    .unwrap_or_else(|e| panic!("{e}"));
    let c = serde_json::to_value(comparison).unwrap();
    assert_eq!(c["until"], "2027-04-01");
    assert_eq!(c["delta"]["net"], "548.39");
    assert_eq!(c["delta"]["credited"], "548.39");
    assert_eq!(c["delta"]["charged"], "0.00");
    let changes = c["invoices"].as_array().unwrap();
    let of = |change: &str| -> Vec<&str> {
        changes
            .iter()
            .filter(|i| i["change"] == change)
            .map(|i| i["issueDate"].as_str().unwrap())
            .collect()
    };
    assert_eq!(of("changed"), ["2026-01-01"]);
    assert_eq!(changes[0]["delta"], "0.00");
    let removed = of("removed");
    assert_eq!(removed.len(), 13);
    assert_eq!(removed[0], "2026-03-15");
    assert!(removed[1..].iter().all(|d| d.ends_with("-15")));
    let added = of("added");
    assert_eq!(added.len(), 12);
    assert_eq!((added[0], added[11]), ("2026-05-01", "2027-04-01"));
    assert!(!changes
        .iter()
        .any(|i| i["issueDate"] == "2026-02-01" || i["issueDate"] == "2026-03-01"));
}

/// The ```json blocks of the reference: each is JSON; a block holding a whole schedule
/// (`currency`, `startDate` and `phases`) previews without issues.
#[test]
fn json_blocks_of_the_reference_parse_and_schedules_preview() {
    let path = docs().join("billing-rules.md");
    let text = std::fs::read_to_string(&path).expect("docs/billing-rules.md");
    let today = parse_date("2026-03-15").unwrap();
    let mut blocks = 0;
    let mut schedules = 0;
    let mut rest = text.as_str();
    while let Some(start) = rest.find("```json\n") {
        let body = &rest[start + "```json\n".len()..];
        let end = body.find("\n```").expect("an unclosed ```json block");
        let block = &body[..end];
        rest = &body[end + 4..];
        blocks += 1;
        let value: Value = serde_json::from_str(block)
            .unwrap_or_else(|e| panic!("a ```json block is not JSON ({e}):\n{block}"));
        let is_schedule = ["currency", "startDate", "phases"]
            .iter()
            .all(|k| value.get(k).is_some());
        if is_schedule {
            schedules += 1;
            if let Err(e) = phasebill::preview(&value, &Value::Null, today) {
                panic!("a schedule block does not preview: {e}\n{block}");
            }
        }
    }
    assert!(blocks > 0 && schedules > 0, "no json blocks found");
}

/// The reference's error and warning tables list every code the engine can give.
#[test]
fn the_reference_lists_every_error_and_warning_code() {
    let text = std::fs::read_to_string(docs().join("billing-rules.md")).unwrap();
    let listed = |code: &str| text.contains(&format!("| `{code}` |"));
    for code in phasebill::Code::ALL {
        assert!(
            listed(code.as_str()),
            "{} is not in the error table",
            code.as_str()
        );
    }
    for code in phasebill::WarningCode::ALL {
        assert!(
            listed(code.as_str()),
            "{} is not in the warning table",
            code.as_str()
        );
    }
}
