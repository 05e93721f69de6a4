//! `cargo bench`: time per preview and per invoice line for the benchmark contracts in
//! `benches/contracts/` (shared with `npm run bench`). A bench prints numbers; it asserts
//! nothing about time.

use criterion::{criterion_group, criterion_main, BenchmarkId, Criterion, Throughput};
use serde_json::Value;
use std::hint::black_box;
use std::time::{Duration, Instant};

const CONTRACTS: [&str; 5] = [
    "example-a",
    "medium-5x4-5y",
    "terms-5x4-5y",
    "large-20x10-20y",
    "huge-100k-lines",
];

fn load(name: &str) -> (String, Value, Value) {
    let path = format!(
        "{}/benches/contracts/{name}.json",
        env!("CARGO_MANIFEST_DIR")
    );
    let case: Value =
        serde_json::from_str(&std::fs::read_to_string(&path).expect("contract")).expect("json");
    (
        case["description"].as_str().unwrap_or(name).to_string(),
        case["schedule"].clone(),
        case["options"].clone(),
    )
}

fn lines_of(preview: &phasebill::Preview) -> usize {
    preview.invoices.iter().map(|i| i.lines.len()).sum()
}

fn previews(c: &mut Criterion) {
    let today = phasebill::parse_date("2026-01-01").expect("date");
    let mut group = c.benchmark_group("preview");
    let mut summary = Vec::new();
    for name in CONTRACTS {
        let (description, schedule, options) = load(name);
        let preview = phasebill::preview(&schedule, &options, today).expect("valid contract");
        let lines = lines_of(&preview);
        group.throughput(Throughput::Elements(lines as u64));
        if lines > 10_000 {
            group
                .sample_size(10)
                .measurement_time(Duration::from_secs(8));
        } else {
            group
                .sample_size(50)
                .measurement_time(Duration::from_secs(3));
        }
        group.bench_with_input(BenchmarkId::from_parameter(name), &(), |b, ()| {
            b.iter(|| phasebill::preview(black_box(&schedule), black_box(&options), today))
        });
        // A plain mean over a fixed run, for the summary table.
        let runs = (200_000 / lines.max(1)).clamp(5, 20_000);
        let started = Instant::now();
        for _ in 0..runs {
            black_box(phasebill::preview(black_box(&schedule), &options, today).ok());
        }
        let per_preview = started.elapsed().as_secs_f64() / runs as f64;
        summary.push((name, description, lines, per_preview));
    }
    group.finish();
    println!(
        "\n{:<18} {:>8} {:>14} {:>12}  contract",
        "name", "lines", "per preview", "per line"
    );
    for (name, description, lines, t) in summary {
        println!(
            "{name:<18} {lines:>8} {:>11.1} µs {:>9.0} ns  {description}",
            t * 1e6,
            t * 1e9 / lines.max(1) as f64
        );
    }
}

criterion_group!(benches, previews);
criterion_main!(benches);
