//! Property tests over random valid schedules (the invariants of spec section 5) and over
//! random hostile JSON (never a panic, always issues).

use chrono::{Datelike, Days, Months, NaiveDate};
use phasebill::LineKind;
use phasebill::{InvoiceLine, Preview};
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

/// A discount on some prices of a phase: percent (basis points of a percent) or an amount.
#[derive(Debug, Clone)]
struct DiscountSpec {
    percent: Option<&'static str>,
    cents: i64,
    /// Which prices it may cover (made disjoint in `json`); `None` covers all.
    prices: Option<Vec<usize>>,
}

#[derive(Debug, Clone, Copy)]
enum Anchor {
    PhaseStart,
    Calendar,
    DayOfMonth(u32),
}

#[derive(Debug, Clone)]
struct Spec {
    currency: &'static str,
    start: NaiveDate,
    anchor: Anchor,
    terms: u64,
    phases: Vec<(PhaseKind, Vec<PriceSpec>, Vec<DiscountSpec>)>,
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

fn discount() -> impl Strategy<Value = DiscountSpec> {
    (
        prop::option::of(prop::sample::select(vec![
            "10", "12.5", "33.3333", "50", "100", "0.01",
        ])),
        0i64..200_000,
        prop::option::of(prop::collection::vec(0usize..3, 0..3)),
    )
        .prop_map(|(percent, cents, prices)| DiscountSpec {
            percent,
            cents,
            prices,
        })
}

fn anchor() -> impl Strategy<Value = Anchor> {
    prop_oneof![
        Just(Anchor::PhaseStart),
        Just(Anchor::Calendar),
        (1u32..=31).prop_map(Anchor::DayOfMonth),
    ]
}

fn spec() -> impl Strategy<Value = Spec> {
    (
        prop::sample::select(vec!["USD", "JPY", "KWD"]),
        0u64..3000,
        anchor(),
        prop::sample::select(vec![0u64, 0, 14, 30, 365]),
        prop::collection::vec(
            (
                phase_kind(),
                prop::collection::vec(price(), 0..3),
                prop::collection::vec(discount(), 0..3),
            ),
            1..5,
        ),
        0u64..900,
    )
        .prop_map(
            |(currency, day, anchor, terms, phases, as_of_offset)| Spec {
                currency,
                start: NaiveDate::from_ymd_opt(2024, 1, 1).unwrap() + Days::new(day),
                anchor,
                terms,
                phases,
                as_of_offset,
            },
        )
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
        let phases: Vec<Value> = self.phases.iter().enumerate().map(|(i, (kind, prices, discounts))| {
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
            // Discounts over disjoint sets of existing prices (overlaps are input errors).
            let mut taken = vec![false; prices.len()];
            let discounts: Vec<Value> = discounts.iter().enumerate().filter_map(|(d, spec)| {
                let covered: Vec<usize> = match &spec.prices {
                    None => (0..prices.len()).collect(),
                    Some(list) => list.iter().copied().filter(|&j| j < prices.len()).collect(),
                };
                let mut unique = covered.clone();
                unique.sort_unstable();
                unique.dedup();
                if unique.iter().any(|&j| taken[j]) || unique.len() != covered.len() {
                    return None;
                }
                for &j in &unique { taken[j] = true; }
                let mut value = json!({ "name": format!("d{i}.{d}") });
                match spec.percent {
                    Some(p) => value["percent"] = json!(p),
                    None => value["amount"] = json!(Decimal::new(spec.cents, 2)
                        .round_dp_with_strategy(exp, RoundingStrategy::ToZero).to_string()),
                }
                if spec.prices.is_some() { value["prices"] = json!(unique); }
                Some(value)
            }).collect();
            json!({ "name": format!("phase {i}"), "duration": duration, "prices": prices,
                    "discounts": discounts })
        }).collect();
        let anchor = match self.anchor {
            Anchor::PhaseStart => json!("phaseStart"),
            Anchor::Calendar => json!("calendar"),
            Anchor::DayOfMonth(n) => json!({ "dayOfMonth": n }),
        };
        json!({
            "currency": self.currency,
            "startDate": self.start.to_string(),
            "billingAnchor": anchor,
            "paymentTermsDays": self.terms,
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

/// Day `n` of the month `m` months after `year`-01 (clamped to the month's last day).
fn day_in(year: i32, m: i64, n: u32) -> NaiveDate {
    let y = year + m.div_euclid(12) as i32;
    let month = m.rem_euclid(12) as u32 + 1;
    let first = NaiveDate::from_ymd_opt(y, month, 1).unwrap();
    let last = (first + Months::new(1)).pred_opt().unwrap().day();
    NaiveDate::from_ymd_opt(y, month, n.min(last)).unwrap()
}

/// Billing period k of a price stepping `months` in a phase starting on `s`, per anchor.
fn period(anchor: &Value, s: NaiveDate, months: u32, k: u32) -> (NaiveDate, NaiveDate) {
    let (first, day) = match (anchor.as_str(), anchor["dayOfMonth"].as_u64()) {
        (Some("calendar"), _) => (i64::from(s.month0() / months * months), 1),
        (_, Some(n)) => {
            let n = n as u32;
            // A: the first billing day on or after the start.
            let a = if day_in(s.year(), i64::from(s.month0()), n) >= s {
                i64::from(s.month0())
            } else {
                i64::from(s.month0()) + 1
            };
            let first = if day_in(s.year(), a, n) == s {
                a
            } else {
                a - i64::from(months)
            };
            (first, n)
        }
        _ => (i64::from(s.month0()), s.day()),
    };
    let at = |j: u32| day_in(s.year(), first + i64::from(j * months), day);
    (at(k), at(k + 1))
}

/// The final ideal discount (≤ 0) of a key whose final ideal charge is `charge`.
fn discount_ideal(discount: &Value, charge: i128, exp: u32) -> i128 {
    let off = match discount["percent"].as_str() {
        Some(p) => {
            let d =
                Decimal::from(charge as i64) * p.parse::<Decimal>().unwrap() / Decimal::from(100);
            d.round_dp_with_strategy(0, RoundingStrategy::MidpointAwayFromZero)
                .to_string()
                .parse::<i128>()
                .unwrap()
        }
        None => {
            let a = discount["amount"]
                .as_str()
                .unwrap()
                .parse::<Decimal>()
                .unwrap();
            (a * Decimal::from(10i64.pow(exp)))
                .trunc()
                .to_string()
                .parse::<i128>()
                .unwrap()
        }
    };
    -charge.min(off)
}

/// The discount of a phase covering price `j`, with its index.
fn discount_of(phase: &Value, j: usize) -> Option<(usize, &Value)> {
    phase["discounts"]
        .as_array()?
        .iter()
        .enumerate()
        .find(|(_, d)| {
            d["prices"]
                .as_array()
                .is_none_or(|p| p.iter().any(|i| i.as_u64() == Some(j as u64)))
        })
}

/// An independent oracle for a fully known schedule: the final ideal amount (minor units)
/// of each key (phase, price, period index), from the phase spans in the preview.
fn final_ideals(schedule: &Value, preview: &Preview) -> BTreeMap<(usize, usize, u32), i128> {
    let exp = match preview.currency.code() {
        "JPY" => 0,
        "KWD" => 3,
        _ => 2,
    };
    let anchor = &schedule["billingAnchor"];
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
            for k in 0u32.. {
                let (from, to) = period(anchor, s, months, k);
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
        let (mut charged, mut credited, mut discounted) = (0i128, 0i128, 0i128);
        for inv in &preview.invoices {
            let sum: i128 = inv.lines.iter().map(|l| l.amount.minor()).sum();
            prop_assert_eq!(sum, inv.total.minor());
            prop_assert!(!inv.lines.is_empty());
            let is_credit_note = inv.kind == phasebill::InvoiceKind::CreditNote;
            prop_assert_eq!(is_credit_note, sum < 0);
            prop_assert_eq!(
                inv.due_date,
                (!is_credit_note).then(|| inv.issue_date + Days::new(spec.terms))
            );
            for (n, l) in inv.lines.iter().enumerate() {
                prop_assert!(l.amount.minor() != 0);
                if l.kind == LineKind::Discount {
                    discounted += l.amount.minor();
                    // A discount line follows the line of its charge key.
                    let before = &inv.lines[n.wrapping_sub(1).min(inv.lines.len() - 1)];
                    prop_assert!(n > 0 && before.kind != LineKind::Discount
                        && (before.phase_index, before.price_index, before.period_index)
                            == (l.phase_index, l.price_index, l.period_index), "{:?}", l);
                    prop_assert!(l.discount_index.is_some());
                    continue;
                }
                prop_assert!(l.discount_index.is_none());
                if l.amount.is_negative() { credited += l.amount.minor() } else { charged += l.amount.minor() }
                prop_assert_eq!(l.amount.is_negative(), l.kind == LineKind::Credit);
            }
        }
        prop_assert_eq!(charged, preview.totals.charged.minor());
        prop_assert_eq!(credited, preview.totals.credited.minor());
        prop_assert_eq!(discounted, preview.totals.discounted.minor());
        prop_assert_eq!(charged + credited + discounted, preview.totals.net.minor());
        prop_assert!(preview.invoices.windows(2).all(|w| w[0].issue_date < w[1].issue_date));

        // A credit never exceeds what was billed for its key, and a discount never takes a
        // key's charge below zero, at any point in time.
        let mut billed: BTreeMap<(usize, usize, u32), i128> = BTreeMap::new();
        let mut discounts: BTreeMap<(usize, usize, u32), i128> = BTreeMap::new();
        for inv in &preview.invoices {
            for l in &inv.lines {
                let key = (l.phase_index, l.price_index, l.period_index);
                let sum = if l.kind == LineKind::Discount { &mut discounts } else { &mut billed };
                *sum.entry(key).or_default() += l.amount.minor();
            }
            // At the end of each day (invoice), for every key it touched.
            for l in &inv.lines {
                let key = (l.phase_index, l.price_index, l.period_index);
                let charge = billed.get(&key).copied().unwrap_or(0);
                let off = discounts.get(&key).copied().unwrap_or(0);
                prop_assert!(charge >= 0, "key billed below zero: {:?}", l);
                prop_assert!(off <= 0 && charge + off >= 0, "discount beyond its charge: {:?}", l);
            }
        }

        // No service day of a price is billed twice (net of credits).
        let mut coverage: BTreeMap<(usize, usize, NaiveDate), i32> = BTreeMap::new();
        for (_, l) in lines.iter().filter(|(_, l)| l.kind != LineKind::Discount) {
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

        // Each key's lines, and each discount key's lines, sum exactly to their final
        // rounded ideals (fully known schedules).
        if !preview.truncated && preview.phases.iter().all(|p| p.end.is_some()) {
            let ideals = final_ideals(&schedule, &preview);
            for (key, sum) in &billed {
                prop_assert_eq!(*sum, ideals.get(key).copied().unwrap_or(0), "key {:?}", key);
            }
            let exp = preview.currency.exponent();
            for (key, ideal) in &ideals {
                prop_assert_eq!(billed.get(key).copied().unwrap_or(0), *ideal, "key {:?}", key);
                let phase = &schedule["phases"][key.0];
                let want = discount_of(phase, key.1).map_or(0, |(_, d)| discount_ideal(d, *ideal, exp));
                prop_assert_eq!(discounts.get(key).copied().unwrap_or(0), want, "discount key {:?}", key);
            }
        }
    }

    #[test]
    fn compare_with_itself_changes_nothing(spec in spec()) {
        let options = json!({ "asOf": spec.as_of().to_string() });
        let schedule = spec.json();
        let Ok(same) = phasebill::compare(&schedule, &schedule, &options, spec.as_of()) else {
            return Ok(());
        };
        prop_assert!(same.invoices.is_empty());
        let d = same.delta;
        prop_assert_eq!([d.charged.minor(), d.credited.minor(), d.discounted.minor(), d.net.minor()], [0; 4]);
    }

    #[test]
    fn compare_lines_turn_before_into_after(before in spec(), after in spec()) {
        // Two versions of one contract: same currency, same as-of.
        let after = Spec { currency: before.currency, as_of_offset: before.as_of_offset, start: before.start, ..after };
        let options = json!({ "asOf": before.as_of().to_string() });
        let (b, a) = (before.json(), after.json());
        let Ok(comparison) = phasebill::compare(&b, &a, &options, before.as_of()) else {
            return Ok(());
        };
        let until = json!({ "asOf": before.as_of().to_string(), "until": comparison.until.to_string() });
        let (Ok(pb), Ok(pa)) = (
            phasebill::preview(&b, &until, before.as_of()),
            phasebill::preview(&a, &until, before.as_of()),
        ) else {
            return Ok(());
        };
        // Before's invoices, with each change applied (lines as sorted JSON multisets).
        let as_set = |lines: &[InvoiceLine]| {
            let mut v: Vec<String> = lines.iter().map(|l| serde_json::to_string(l).unwrap()).collect();
            v.sort();
            v
        };
        let mut invoices: BTreeMap<NaiveDate, Vec<String>> =
            pb.invoices.iter().map(|i| (i.issue_date, as_set(&i.lines))).collect();
        for change in &comparison.invoices {
            let entry = invoices.entry(change.issue_date).or_default();
            for removed in &change.removed_lines {
                let text = serde_json::to_string(removed).unwrap();
                let at = entry.iter().position(|l| *l == text);
                prop_assert!(at.is_some(), "removed line not in before: {}", text);
                entry.remove(at.unwrap());
            }
            entry.extend(change.added_lines.iter().map(|l| serde_json::to_string(l).unwrap()));
            entry.sort();
            if entry.is_empty() {
                invoices.remove(&change.issue_date);
            }
        }
        let want: BTreeMap<NaiveDate, Vec<String>> =
            pa.invoices.iter().map(|i| (i.issue_date, as_set(&i.lines))).collect();
        prop_assert_eq!(invoices, want);
        let net = pa.totals.net.minor() - pb.totals.net.minor();
        prop_assert_eq!(comparison.delta.net.minor(), net);
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
            "discounts",
            "percent",
            "dayOfMonth",
            "paymentTermsDays",
            "customer",
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
        spec in spec(), field in 0usize..17, value in hostile()
    ) {
        let mut schedule = spec.json();
        schedule["billingAnchor"] = json!({ "dayOfMonth": 15 });
        schedule["phases"][0]["discounts"] = json!([{ "name": "Launch", "percent": "10" }]);
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
            11 => &mut schedule["phases"][0]["discounts"],
            12 => &mut schedule["phases"][0]["discounts"][0],
            13 => &mut schedule["phases"][0]["discounts"][0]["prices"],
            14 => &mut schedule["paymentTermsDays"],
            15 => &mut schedule["billingAnchor"]["dayOfMonth"],
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
    use phasebill::InvoiceStatus;
    use proptest::strategy::ValueTree;
    use proptest::test_runner::TestRunner;
    let mut runner = TestRunner::deterministic();
    let (mut credits, mut catch_ups, mut prorated, mut forecasts, mut known) = (0, 0, 0, 0, 0);
    let (mut discounts, mut given_back, mut day_of_month) = (0, 0, 0);
    for _ in 0..400 {
        let spec = spec().new_tree(&mut runner).expect("tree").current();
        let Ok(preview) = preview_of(&spec) else {
            continue;
        };
        for (_, line) in all_lines(&preview) {
            credits += usize::from(line.kind == LineKind::Credit);
            catch_ups += usize::from(line.kind == LineKind::CatchUp);
            prorated += usize::from(line.proration.is_some());
            discounts += usize::from(line.kind == LineKind::Discount);
            given_back +=
                usize::from(line.kind == LineKind::Discount && !line.amount.is_negative());
        }
        day_of_month += usize::from(
            matches!(spec.anchor, Anchor::DayOfMonth(_)) && !preview.invoices.is_empty(),
        );
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
    assert!(
        discounts > 100 && given_back > 10 && day_of_month > 50,
        "discount lines {discounts}, given back {given_back}, billing-day schedules {day_of_month}"
    );
}

/// A million discounts on one phase: issues (every later one overlaps the first), in
/// bounded time, never a panic.
#[test]
fn a_million_discounts_are_issues_not_a_hang() {
    let discounts: Vec<Value> = (0..1_000_000)
        .map(|_| json!({ "name": "d", "percent": "10" }))
        .collect();
    let schedule = json!({
        "currency": "USD", "startDate": "2026-01-01",
        "phases": [{ "name": "Run", "duration": { "type": "openEnded" },
            "prices": [{ "name": "Fee", "amount": "100.00", "frequency": "monthly", "timing": "inAdvance" }],
            "discounts": discounts }]
    });
    let today = NaiveDate::from_ymd_opt(2026, 1, 1).unwrap();
    let error = phasebill::preview(&schedule, &Value::Null, today).expect_err("overlaps");
    assert_eq!(error.issues.len(), 999_999);
    assert!(error
        .issues
        .iter()
        .all(|i| i.code == phasebill::Code::OverlappingDiscounts));
}
