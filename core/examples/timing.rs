//! Native time per preview of the benchmark contracts, as JSON, for `npm run bench`
//! (which compares it with the wasm build): `preview()` (the named preview a Rust caller
//! gets), and validation of the parsed JSON + `billing()` (what the npm package computes
//! before packing, the same work as the wasm module's `benchCompute`). `cargo bench` has the stage split.
//!
//! `cargo run --release --example timing -- core/benches/contracts/*.json`

use std::hint::black_box;
use std::time::Instant;

fn main() {
    let today = phasebill::parse_date("2026-01-01").expect("date");
    let mut results = Vec::new();
    for path in std::env::args().skip(1) {
        let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{path}: {e}"));
        let case: serde_json::Value = serde_json::from_str(&text).expect("contract is JSON");
        let (schedule, options) = (&case["schedule"], &case["options"]);
        let preview = phasebill::preview(schedule, options, today).expect("valid contract");
        let lines: usize = preview.invoices.iter().map(|i| i.lines.len()).sum();
        // Warm up, then time enough runs for about a second.
        let runs = (2_000_000 / lines.max(1)).clamp(5, 100_000);
        for _ in 0..runs.min(50) {
            black_box(phasebill::preview(black_box(schedule), options, today).ok());
        }
        let started = Instant::now();
        for _ in 0..runs {
            black_box(phasebill::preview(black_box(schedule), options, today).ok());
        }
        let seconds = started.elapsed().as_secs_f64() / runs as f64;
        // From the JSON as parsed (the module parses its input text into the same tree).
        let (schedule, options) = (
            phasebill::Json::from(schedule),
            phasebill::Json::from(options),
        );
        let bill = || {
            let valid = phasebill::validated_json(black_box(&schedule), &options, today);
            black_box(valid.and_then(|v| v.billing().map(|b| b.lines.len())).ok());
        };
        for _ in 0..runs.min(50) {
            bill();
        }
        let started = Instant::now();
        for _ in 0..runs {
            bill();
        }
        let billing = started.elapsed().as_secs_f64() / runs as f64;
        results.push(serde_json::json!({
            "path": path, "lines": lines, "secondsPerPreview": seconds,
            "secondsPerBilling": billing,
        }));
    }
    println!("{}", serde_json::Value::Array(results));
}
