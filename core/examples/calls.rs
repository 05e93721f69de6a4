//! Runs what the npm package's `preview()` computes (parse the input text into `Json`,
//! validate, `Billing`) a given number of times, for an instruction count that the
//! machine's load does not move: the README's callgrind figures.
//!
//! ```text
//! cargo build --release -p phasebill --example calls
//! valgrind --tool=callgrind target/release/examples/calls core/benches/contracts/large-20x10-20y.json 20
//! valgrind --tool=callgrind target/release/examples/calls core/benches/contracts/large-20x10-20y.json 0
//! ```
//!
//! (the difference of the two totals, divided by 20, is one call).

fn main() {
    let mut args = std::env::args().skip(1);
    let (Some(path), Some(runs)) = (args.next(), args.next()) else {
        eprintln!("usage: calls CONTRACT.json RUNS");
        std::process::exit(2);
    };
    let runs: usize = runs.parse().expect("RUNS is a whole number");
    let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{path}: {e}"));
    let case: serde_json::Value = serde_json::from_str(&text).expect("contract is JSON");
    let schedule = case["schedule"].to_string();
    let options = case["options"].to_string();
    let today = phasebill::parse_date("2026-01-01").expect("date");
    let mut lines = 0;
    for _ in 0..runs {
        let schedule = phasebill::Json::parse(&schedule).expect("JSON");
        let options = phasebill::Json::parse(&options).expect("JSON");
        let valid = phasebill::validated_json(&schedule, &options, today).expect("valid");
        lines += std::hint::black_box(valid.billing().expect("bills").lines.len());
    }
    println!("{lines} lines");
}
