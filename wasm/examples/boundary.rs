//! Where the npm `preview()` call's time goes inside the module, natively: parsing the input
//! text, validation, billing, packing. For `npm run bench`'s split.
//!
//! `cargo run --release -p phasebill-wasm --example boundary -- core/benches/contracts/*.json`
use std::hint::black_box;
use std::time::Instant;

fn time(mut f: impl FnMut()) -> f64 {
    for _ in 0..20 {
        f();
    }
    let mut best = f64::MAX;
    for _ in 0..7 {
        let runs = 50;
        let started = Instant::now();
        for _ in 0..runs {
            f();
        }
        best = best.min(started.elapsed().as_secs_f64() / f64::from(runs));
    }
    best
}

fn main() {
    let today = "2026-01-01";
    for path in std::env::args().skip(1) {
        let case: serde_json::Value =
            serde_json::from_str(&std::fs::read_to_string(&path).expect("read")).expect("json");
        let schedule = case["schedule"].to_string();
        let options = case["options"].to_string();
        let parse = time(|| {
            black_box(phasebill::Json::parse(black_box(&schedule)).ok());
        });
        let json = phasebill::Json::parse(&schedule).expect("json");
        let options_json = phasebill::Json::parse(&options).expect("json");
        let date = phasebill::parse_date(today).expect("date");
        let bill = time(|| {
            let valid = phasebill::validated_json(black_box(&json), &options_json, date);
            black_box(valid.and_then(|v| v.billing().map(|b| b.lines.len())).ok());
        });
        let valid = phasebill::validated_json(&json, &options_json, date).expect("valid");
        let billing = valid.billing().expect("bills");
        let pack = time(|| {
            black_box(phasebill_wasm::pack::pack(black_box(&billing)));
        });
        // Packing again for a caller that holds the strings (as a preview's caller most
        // often does: the same contract as it is edited, or contracts of one book).
        let mut again = Vec::new();
        let mut table = phasebill_wasm::pack::StringTable::new();
        let pack_again = time(|| {
            let known = table.all_known();
            phasebill_wasm::pack::pack_into(black_box(&billing), &mut table, known, &mut again);
            black_box(&again);
        });
        // As the module does: one output buffer and one string table, kept from call to
        // call, for a caller that holds every string so far.
        let mut packed = Vec::new();
        let mut strings = phasebill_wasm::pack::StringTable::new();
        let all = time(|| {
            let known = strings.all_known();
            phasebill_wasm::packed_preview(
                black_box(schedule.as_bytes()),
                options.as_bytes(),
                today,
                &mut strings,
                known,
                &mut packed,
            );
            black_box(&packed);
        });
        let lines = billing.lines.len();
        println!(
            "{path}: {lines} lines; parse {:.1} µs, validate + billing {:.1} µs, pack {:.1} µs \
             ({:.1} µs with the strings held), the rest of the call {:.1} µs ({:.0} ns/line), whole call {:.1} µs; {} numbers \
             ({} KiB)",
            parse * 1e6,
            bill * 1e6,
            pack * 1e6,
            pack_again * 1e6,
            (all - parse - bill) * 1e6,
            (all - parse - bill) * 1e9 / lines.max(1) as f64,
            all * 1e6,
            packed.len(),
            packed.len() * 4 / 1024
        );
    }
}
