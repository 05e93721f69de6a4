fn main() {
    let mut args = std::env::args().skip(1);
    let path = args.next().unwrap();
    let runs: usize = args.next().unwrap().parse().unwrap();
    let text = std::fs::read_to_string(path).unwrap();
    let case: serde_json::Value = serde_json::from_str(&text).unwrap();
    let s = case["schedule"].to_string();
    let o = case["options"].to_string();
    let today = phasebill::parse_date("2026-01-01").unwrap();
    let mut n = 0;
    for _ in 0..runs {
        let js = phasebill::Json::parse(&s).unwrap();
        let jo = phasebill::Json::parse(&o).unwrap();
        let v = phasebill::validated_json(&js, &jo, today).unwrap();
        n += std::hint::black_box(v.billing().unwrap().lines.len());
    }
    println!("{n}");
}
