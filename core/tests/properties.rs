//! Property tests over random valid schedules (the invariants of spec section 5) and over
//! random hostile JSON (never a panic, always issues).

use chrono::{Datelike, Days, Months, NaiveDate};
use phasebill::preview::{InvoiceLine, Preview};
use proptest::prelude::*;
use rust_decimal::{Decimal, RoundingStrategy};
use serde_json::{json, Value};
use std::collections::BTreeMap;

#[derive(Debug, Clone)]
enum PhaseKind {
    Fixed {
        count: u64,
        unit: &'static str,
    },
    /// Completion `days` after the phase start, recorded `lag` days after completion.
    Completed {
        days: u64,
        lag: i64,
    },
    Pending {
        expected_in: Option<u64>,
    },
    OpenEnded,
}

#[derive(Debug, Clone)]
struct PriceSpec {
    cents: i64,
    quantity: &'static str,
    frequency: &'static str,
    timing: &'static str,
}

#[derive(Debug, Clone)]
struct Spec {
    currency: &'static str,
    start: NaiveDate,
    calendar: bool,
    phases: Vec<(PhaseKind, Vec<PriceSpec>)>,
    as_of_offset: u64,
}

fn price() -> impl Strategy<Value = PriceSpec> {
    (
        0i64..500_000,
        prop::sample::select(vec!["1", "2", "1.5", "0.333333333"]),
        prop::sample::select(vec![
            "oneTime",
            "monthly",
            "quarterly",
            "semiAnnually",
            "annually",
        ]),
        prop::sample::select(vec!["inAdvance", "inArrears"]),
    )
        .prop_map(|(cents, quantity, frequency, timing)| PriceSpec {
            cents,
            quantity,
            frequency,
            timing,
        })
}

fn phase_kind() -> impl Strategy<Value = PhaseKind> {
    prop_oneof![
        (
            1u64..30,
            prop::sample::select(vec!["days", "weeks", "months", "years"])
        )
            .prop_map(|(count, unit)| PhaseKind::Fixed {
                count: if unit == "years" {
                    count % 3 + 1
                } else {
                    count
                },
                unit
            }),
        (1u64..200, -90i64..150).prop_map(|(days, lag)| PhaseKind::Completed { days, lag }),
        prop::option::of(1u64..200).prop_map(|expected_in| PhaseKind::Pending { expected_in }),
        Just(PhaseKind::OpenEnded),
    ]
}

fn spec() -> impl Strategy<Value = Spec> {
    (
        prop::sample::select(vec!["USD", "JPY", "KWD"]),
        0u64..3000,
        any::<bool>(),
        prop::collection::vec((phase_kind(), prop::collection::vec(price(), 0..3)), 1..5),
        0u64..900,
    )
        .prop_map(|(currency, day, calendar, phases, as_of_offset)| Spec {
            currency,
            start: NaiveDate::from_ymd_opt(2024, 1, 1).unwrap() + Days::new(day),
            calendar,
            phases,
            as_of_offset,
        })
}

impl Spec {
    fn as_of(&self) -> NaiveDate {
        self.start + Days::new(self.as_of_offset)
    }

    /// The schedule JSON; kinds that the spec forbids in a position are made legal
    /// (open-ended only last; no completion after a pending milestone).
    fn json(&self) -> Value {
        let mut start = Some(self.start);
        let mut pending = false;
        let last = self.phases.len() - 1;
        let exp = match self.currency {
            "JPY" => 0,
            "KWD" => 3,
            _ => 2,
        };
        let phases: Vec<Value> = self.phases.iter().enumerate().map(|(i, (kind, prices))| {
            let kind = match kind {
                PhaseKind::OpenEnded if i != last => PhaseKind::Fixed { count: 2, unit: "months" },
                PhaseKind::Completed { .. } if pending => PhaseKind::Pending { expected_in: None },
                k => k.clone(),
            };
            let duration = match kind {
                PhaseKind::Fixed { count, unit } => {
                    start = start.map(|s| match unit {
                        "days" => s + Days::new(count),
                        "weeks" => s + Days::new(count * 7),
                        "months" => s + Months::new(count as u32),
                        _ => s + Months::new(count as u32 * 12),
                    });
                    json!({ "type": "fixed", "count": count, "unit": unit })
                }
                PhaseKind::Completed { days, lag } => {
                    let s = start.expect("no completion after a pending milestone");
                    let done = s + Days::new(days);
                    let recorded = if lag >= 0 { done + Days::new(lag as u64) } else { done - Days::new((-lag) as u64) };
                    start = Some(done);
                    json!({ "type": "milestone", "completedOn": done.to_string(), "recordedOn": recorded.to_string() })
                }
                PhaseKind::Pending { expected_in } => {
                    pending = true;
                    let expected = expected_in.map(|d| (self.as_of() + Days::new(d)).to_string());
                    start = None;
                    json!({ "type": "milestone", "expectedOn": expected })
                }
                PhaseKind::OpenEnded => json!({ "type": "openEnded" }),
            };
            let prices: Vec<Value> = prices.iter().enumerate().map(|(j, p)| {
                let amount = Decimal::new(p.cents, 2).round_dp_with_strategy(exp, RoundingStrategy::ToZero);
                json!({ "name": format!("p{i}.{j}"), "amount": amount.to_string(), "quantity": p.quantity,
                        "frequency": p.frequency, "timing": p.timing })
            }).collect();
            json!({ "name": format!("phase {i}"), "duration": duration, "prices": prices })
        }).collect();
        json!({
            "currency": self.currency,
            "startDate": self.start.to_string(),
            "billingAnchor": if self.calendar { "calendar" } else { "phaseStart" },
            "phases": phases,
        })
    }
}

fn preview_of(spec: &Spec) -> Result<Preview, phasebill::Error> {
    let options = json!({ "asOf": spec.as_of().to_string() });
    phasebill::preview(&spec.json(), &options, spec.as_of())
}

fn all_lines(preview: &Preview) -> Vec<(NaiveDate, &InvoiceLine)> {
    preview
        .invoices
        .iter()
        .flat_map(|inv| inv.lines.iter().map(move |l| (inv.issue_date, l)))
        .collect()
}

/// An independent oracle for a fully known schedule: the final ideal amount (minor units)
/// of each key (phase, price, period index), from the phase spans in the preview.
fn final_ideals(schedule: &Value, preview: &Preview) -> BTreeMap<(usize, usize, u32), i128> {
    let exp = match preview.currency.code() {
        "JPY" => 0,
        "KWD" => 3,
        _ => 2,
    };
    let calendar = schedule["billingAnchor"] == "calendar";
    let mut ideals = BTreeMap::new();
    for (p, phase) in schedule["phases"].as_array().unwrap().iter().enumerate() {
        let (s, e) = (
            preview.phases[p].start.unwrap(),
            preview.phases[p].end.unwrap(),
        );
        for (j, price) in phase["prices"].as_array().unwrap().iter().enumerate() {
            let dec = |v: &Value| v.as_str().unwrap().parse::<Decimal>().unwrap();
            let full = dec(&price["amount"]) * dec(&price["quantity"]);
            let round = |d: Decimal| {
                let r = d.round_dp_with_strategy(exp, RoundingStrategy::MidpointAwayFromZero);
                (r * Decimal::from(10i64.pow(exp)))
                    .trunc()
                    .to_string()
                    .parse::<i128>()
                    .unwrap()
            };
            if round(full) == 0 {
                continue;
            }
            let months = match price["frequency"].as_str().unwrap() {
                "oneTime" => {
                    ideals.insert((p, j, 0), round(full));
                    continue;
                }
                "monthly" => 1,
                "quarterly" => 3,
                "semiAnnually" => 6,
                _ => 12,
            };
            let base = if calendar {
                NaiveDate::from_ymd_opt(s.year(), s.month0() / months * months + 1, 1).unwrap()
            } else {
                s
            };
            for k in 0u32.. {
                let from = base + Months::new(k * months);
                let to = base + Months::new((k + 1) * months);
                if from >= e {
                    break;
                }
                let used = (to.min(e) - from.max(s)).num_days();
                let days = (to - from).num_days();
                ideals.insert(
                    (p, j, k),
                    round(full * Decimal::from(used) / Decimal::from(days)),
                );
            }
        }
    }
    ideals
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 400, ..ProptestConfig::default() })]

    #[test]
    fn invariants_hold_for_random_schedules(spec in spec()) {
        let schedule = spec.json();
        let first = preview_of(&spec);
        let second = preview_of(&spec);
        prop_assert_eq!(&first, &second, "output is deterministic");
        let preview = match first {
            Ok(p) => p,
            // A forecast may land on or before a later phase's start; that is an input error.
            Err(e) => {
                prop_assert!(e.issues.iter().all(|i| i.code == phasebill::Code::ExpectedBeforeStart), "{e}");
                return Ok(());
            }
        };
        let lines = all_lines(&preview);

        // Totals equal the sum of lines; invoices sum their lines; kinds and signs agree.
        let mut charged = 0i128;
        let mut credited = 0i128;
        for inv in &preview.invoices {
            let sum: i128 = inv.lines.iter().map(|l| l.amount.minor()).sum();
            prop_assert_eq!(sum, inv.total.minor());
            prop_assert!(!inv.lines.is_empty());
            for l in &inv.lines {
                prop_assert!(l.amount.minor() != 0);
                if l.amount.is_negative() { credited += l.amount.minor() } else { charged += l.amount.minor() }
                prop_assert_eq!(l.amount.is_negative(), l.kind == phasebill::invoicing::LineKind::Credit);
            }
        }
        prop_assert_eq!(charged, preview.totals.charged.minor());
        prop_assert_eq!(credited, preview.totals.credited.minor());
        prop_assert_eq!(charged + credited, preview.totals.net.minor());
        prop_assert!(preview.invoices.windows(2).all(|w| w[0].issue_date < w[1].issue_date));

        // A credit never exceeds what was billed for its key, at any point in time.
        let mut billed: BTreeMap<(usize, usize, u32), i128> = BTreeMap::new();
        for (_, l) in &lines {
            let key = billed.entry((l.phase_index, l.price_index, l.period_index)).or_default();
            *key += l.amount.minor();
            prop_assert!(*key >= 0, "key billed below zero: {:?}", l);
        }

        // No service day of a price is billed twice (net of credits).
        let mut coverage: BTreeMap<(usize, usize, NaiveDate), i32> = BTreeMap::new();
        for (_, l) in &lines {
            let Some(end) = l.service_period.end else { continue };
            let sign = if l.amount.is_negative() { -1 } else { 1 };
            let mut day = l.service_period.start;
            while day < end {
                *coverage.entry((l.phase_index, l.price_index, day)).or_default() += sign;
                day = day.succ_opt().unwrap();
            }
        }
        for (key, count) in &coverage {
            prop_assert!((0..=1).contains(count), "day billed {} times: {:?}", count, key);
        }

        // Each key's lines sum exactly to its final rounded ideal (fully known schedules).
        if !preview.truncated && preview.phases.iter().all(|p| p.end.is_some()) {
            let ideals = final_ideals(&schedule, &preview);
            for (key, sum) in &billed {
                prop_assert_eq!(*sum, ideals.get(key).copied().unwrap_or(0), "key {:?}", key);
            }
            for (key, ideal) in &ideals {
                prop_assert_eq!(billed.get(key).copied().unwrap_or(0), *ideal, "key {:?}", key);
            }
        }
    }
}

/// Random JSON built from the schedule vocabulary, so that it reaches deep into validation.
fn hostile() -> impl Strategy<Value = Value> {
    let leaf = prop_oneof![
        Just(Value::Null),
        any::<bool>().prop_map(Value::Bool),
        any::<i64>().prop_map(Value::from),
        any::<f64>()
            .prop_map(|f| serde_json::Number::from_f64(f).map_or(Value::Null, Value::Number)),
        prop::sample::select(vec![
            "USD",
            "JPY",
            "usd",
            "2026-01-31",
            "2026-02-30",
            "0000-01-01",
            "9999-12-31",
            "2999-12-31",
            "fixed",
            "milestone",
            "openEnded",
            "months",
            "days",
            "years",
            "weeks",
            "monthly",
            "oneTime",
            "annually",
            "inAdvance",
            "inArrears",
            "calendar",
            "phaseStart",
            "1e400",
            "-0",
            "0.000000001",
            "99999999999999999999999999999999",
            "999999999999999.99",
            "",
            "<script>alert(1)</script>",
        ])
        .prop_map(|s| Value::String(s.to_string())),
        "\\PC{0,300}".prop_map(Value::String),
    ];
    leaf.prop_recursive(6, 64, 8, |inner| {
        let keys = prop::sample::select(vec![
            "currency",
            "startDate",
            "billingAnchor",
            "phases",
            "name",
            "duration",
            "type",
            "count",
            "unit",
            "completedOn",
            "recordedOn",
            "expectedOn",
            "prices",
            "amount",
            "quantity",
            "frequency",
            "timing",
            "asOf",
            "until",
        ]);
        prop_oneof![
            prop::collection::vec(inner.clone(), 0..6).prop_map(Value::Array),
            prop::collection::btree_map(keys, inner, 0..8).prop_map(|m| Value::Object(
                m.into_iter().map(|(k, v)| (k.to_string(), v)).collect()
            )),
        ]
    })
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 2000, ..ProptestConfig::default() })]

    #[test]
    fn hostile_json_gives_issues_never_a_panic(schedule in hostile(), options in hostile()) {
        let today = NaiveDate::from_ymd_opt(2026, 11, 22).unwrap();
        if let Err(error) = phasebill::preview(&schedule, &options, today) {
            prop_assert!(!error.issues.is_empty());
            for issue in &error.issues {
                prop_assert!(!issue.message.is_empty());
            }
        }
    }

    #[test]
    fn a_mutated_valid_schedule_gives_issues_never_a_panic(
        spec in spec(), field in 0usize..12, value in hostile()
    ) {
        let mut schedule = spec.json();
        let target = match field {
            0 => &mut schedule["currency"],
            1 => &mut schedule["startDate"],
            2 => &mut schedule["phases"],
            3 => &mut schedule["phases"][0],
            4 => &mut schedule["phases"][0]["duration"],
            5 => &mut schedule["phases"][0]["duration"]["count"],
            6 => &mut schedule["phases"][0]["duration"]["completedOn"],
            7 => &mut schedule["phases"][0]["prices"],
            8 => &mut schedule["phases"][0]["name"],
            9 => &mut schedule["billingAnchor"],
            10 => &mut schedule["phases"][0]["duration"]["type"],
            _ => &mut schedule,
        };
        *target = value;
        let options = json!({ "asOf": spec.as_of().to_string() });
        if let Err(error) = phasebill::preview(&schedule, &options, spec.as_of()) {
            prop_assert!(!error.issues.is_empty());
        }
    }
}

/// The random schedules above do reach what the invariants are about: credits, catch-ups,
/// prorations, forecasts and fully known schedules (else the properties would be vacuous).
#[test]
fn random_schedules_cover_credits_catch_ups_and_forecasts() {
    use phasebill::invoicing::LineKind;
    use phasebill::preview::InvoiceStatus;
    use proptest::strategy::ValueTree;
    use proptest::test_runner::TestRunner;
    let mut runner = TestRunner::deterministic();
    let (mut credits, mut catch_ups, mut prorated, mut forecasts, mut known) = (0, 0, 0, 0, 0);
    for _ in 0..400 {
        let spec = spec().new_tree(&mut runner).expect("tree").current();
        let Ok(preview) = preview_of(&spec) else {
            continue;
        };
        for (_, line) in all_lines(&preview) {
            credits += usize::from(line.kind == LineKind::Credit);
            catch_ups += usize::from(line.kind == LineKind::CatchUp);
            prorated += usize::from(line.proration.is_some());
        }
        forecasts += usize::from(
            preview
                .invoices
                .iter()
                .any(|i| i.status == InvoiceStatus::Forecast),
        );
        known += usize::from(!preview.truncated);
    }
    assert!(credits > 20 && catch_ups > 20 && prorated > 100 && forecasts > 10 && known > 50,
        "credits {credits}, catch-ups {catch_ups}, prorated {prorated}, forecasts {forecasts}, fully known {known}");
}
