//! The npm package's types (`js/index.d.ts`) are written by hand next to the Rust types;
//! this test keeps them in step: every error code and every enum value the engine can
//! serialize appears in the `.d.ts`.

use phasebill::Code;

fn dts() -> String {
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/../js/index.d.ts");
    std::fs::read_to_string(path).expect("js/index.d.ts")
}

/// The string-literal members of `export type NAME = "a" | "b" …;`.
fn union(dts: &str, name: &str) -> Vec<String> {
    let start = dts
        .find(&format!("export type {name} ="))
        .unwrap_or_else(|| panic!("type {name} in index.d.ts"));
    let body = &dts[start..];
    let body = &body[..body.find(';').expect("type ends with ;")];
    body.split('"')
        .skip(1)
        .step_by(2)
        .map(str::to_owned)
        .collect()
}

fn names<T: serde::Serialize>(values: &[T]) -> Vec<String> {
    values
        .iter()
        .map(|v| {
            serde_json::to_value(v)
                .expect("serializes")
                .as_str()
                .expect("a string")
                .to_owned()
        })
        .collect()
}

#[test]
fn every_error_code_is_in_the_error_code_union() {
    let codes: Vec<String> = Code::ALL.iter().map(|c| c.as_str().to_string()).collect();
    assert_eq!(union(&dts(), "ErrorCode"), codes);
}

#[test]
fn every_enum_value_is_in_its_union() {
    use phasebill::LineKind;
    use phasebill::{BillingAnchor, Frequency, Timing, Unit};
    use phasebill::{InvoiceKind, InvoiceStatus, PhaseStatus};
    let dts = dts();
    let check = |name: &str, values: Vec<String>| assert_eq!(union(&dts, name), values, "{name}");
    check(
        "BillingAnchor",
        names(&[BillingAnchor::PhaseStart, BillingAnchor::Calendar]),
    );
    check(
        "DurationUnit",
        names(&[Unit::Days, Unit::Weeks, Unit::Months, Unit::Years]),
    );
    check(
        "Frequency",
        names(&[
            Frequency::OneTime,
            Frequency::Monthly,
            Frequency::Quarterly,
            Frequency::SemiAnnually,
            Frequency::Annually,
        ]),
    );
    check("Timing", names(&[Timing::InAdvance, Timing::InArrears]));
    check(
        "PhaseStatus",
        names(&[
            PhaseStatus::Completed,
            PhaseStatus::Active,
            PhaseStatus::Upcoming,
            PhaseStatus::AwaitingMilestone,
        ]),
    );
    check(
        "InvoiceKind",
        names(&[InvoiceKind::Invoice, InvoiceKind::CreditNote]),
    );
    check(
        "InvoiceStatus",
        names(&[
            InvoiceStatus::Issued,
            InvoiceStatus::Upcoming,
            InvoiceStatus::Forecast,
        ]),
    );
    check(
        "LineKind",
        names(&[
            LineKind::Charge,
            LineKind::CatchUp,
            LineKind::Credit,
            LineKind::Discount,
        ]),
    );
    check(
        "WarningCode",
        phasebill::WarningCode::ALL
            .iter()
            .map(|c| c.as_str().to_string())
            .collect(),
    );
}
