//! `cargo bench --bench stages`: where a preview's time goes, stage by stage, per invoice
//! line, on the benchmark contracts (`benches/contracts/`). Each row times the stages up to
//! and including its own, so a stage's cost is the difference with the row above. A bench
//! prints numbers; it asserts nothing about time.

use phasebill::stages;
use serde_json::Value;
use std::hint::black_box;
use std::time::Instant;

const CONTRACTS: [&str; 4] = [
    "medium-5x4-5y",
    "large-20x10-20y",
    "huge-100k-lines",
    "terms-5x4-5y",
];

fn load(name: &str) -> (Value, Value) {
    let path = format!(
        "{}/benches/contracts/{name}.json",
        env!("CARGO_MANIFEST_DIR")
    );
    let case: Value =
        serde_json::from_str(&std::fs::read_to_string(&path).expect("contract")).expect("json");
    (case["schedule"].clone(), case["options"].clone())
}

/// Seconds per call: the fastest of 9 batches of about 100 ms, after a warm-up (the least
/// disturbed batch, on a machine shared with other builds).
fn time(mut f: impl FnMut()) -> f64 {
    let mut per_batch = 1u32;
    loop {
        let started = Instant::now();
        for _ in 0..per_batch {
            f();
        }
        let elapsed = started.elapsed().as_secs_f64();
        if elapsed > 0.05 {
            per_batch = ((f64::from(per_batch) * 0.1 / elapsed).ceil() as u32).max(1);
            break;
        }
        per_batch *= 4;
    }
    let mut batches: Vec<f64> = (0..9)
        .map(|_| {
            let started = Instant::now();
            for _ in 0..per_batch {
                f();
            }
            started.elapsed().as_secs_f64() / f64::from(per_batch)
        })
        .collect();
    batches.sort_by(f64::total_cmp);
    batches[0]
}

fn main() {
    // `cargo bench` passes `--bench`; a filter argument picks contracts by name.
    let filter: Vec<String> = std::env::args()
        .skip(1)
        .filter(|a| !a.starts_with("--"))
        .collect();
    let today = phasebill::parse_date("2026-01-01").expect("date");
    for name in CONTRACTS {
        if !filter.is_empty() && !filter.iter().any(|f| name.contains(f.as_str())) {
            continue;
        }
        let (schedule, options) = load(name);
        let text = schedule.to_string();
        let (json, options_json) = (
            phasebill::Json::from(&schedule),
            phasebill::Json::from(&options),
        );
        let valid = stages::validate(&json, &options_json, today).expect("valid contract");
        let preview = stages::preview(&valid).expect("previews");
        let lines: usize = preview.invoices.iter().map(|i| i.lines.len()).sum();
        let stages: [(&str, &dyn Fn()); 11] = [
            ("parse the JSON text (serde_json::Value)", &|| {
                black_box(serde_json::from_str::<Value>(black_box(&text)).ok());
            }),
            (
                "parse the JSON text (Json, what the CLI and npm do)",
                &|| {
                    black_box(phasebill::Json::parse(black_box(&text)).ok());
                },
            ),
            ("validate (parsed JSON → schedule, timeline)", &|| {
                black_box(stages::validate(black_box(&json), &options_json, today));
            }),
            ("periods and ideal charges (no diff)", &|| {
                black_box(stages::ideals(black_box(&valid)));
            }),
            ("+ knowledge diff (lines)", &|| {
                black_box(stages::lines(black_box(&valid)));
            }),
            ("+ order by issue date", &|| {
                black_box(stages::ordered(black_box(&valid)));
            }),
            ("+ invoices and totals as numbers (Billing)", &|| {
                black_box(stages::billing(black_box(&valid)));
            }),
            ("+ line texts (Preview)", &|| {
                black_box(stages::preview(black_box(&valid)));
            }),
            ("preview() (validate + all of the above)", &|| {
                black_box(phasebill::preview(black_box(&schedule), &options, today).ok());
            }),
            ("validate + Billing (what the npm package packs)", &|| {
                black_box(
                    phasebill::validated_json(black_box(&json), &options_json, today)
                        .and_then(|v| v.billing().map(|b| b.lines.len()))
                        .ok(),
                );
            }),
            ("serialize the Preview to JSON text", &|| {
                black_box(serde_json::to_string(black_box(&preview)).ok());
            }),
        ];
        let rows = stages.map(|(stage, run)| (stage, time(run)));
        println!("\n{name}: {lines} lines");
        for (stage, seconds) in rows {
            println!(
                "  {stage:<44} {:>10.1} µs {:>8.1} ns/line",
                seconds * 1e6,
                seconds * 1e9 / lines.max(1) as f64
            );
        }
    }
}
