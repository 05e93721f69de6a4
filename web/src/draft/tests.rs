//! Tests of the `draft` module (kept apart to keep each part short).

use super::*;
use serde_json::json;

fn today() -> chrono::NaiveDate {
    chrono::NaiveDate::from_ymd_opt(2026, 3, 15).unwrap()
}

#[test]
fn acme_is_spec_example_a() {
    let preview = phasebill::preview(&Draft::acme().to_schedule(), &json!({}), today()).unwrap();
    assert_eq!(preview.invoices.len(), 13);
    assert_eq!(preview.totals.net.to_string(), "30500.00");
}

#[test]
fn schedule_json_matches_spec_shape() {
    let value = Draft::acme().to_schedule();
    assert_eq!(
        value["phases"][1]["duration"],
        json!({"type": "fixed", "count": 12, "unit": "months"})
    );
    assert_eq!(
        value["phases"][0]["duration"],
        json!({"type": "milestone", "completedOn": "2026-03-15", "recordedOn": "2026-03-15"})
    );
    assert_eq!(value["phases"][1]["prices"][0]["amount"], json!("1500.00"));
    assert_eq!(value["customer"], json!("Acme Corp"));
}

#[test]
fn round_trip_through_json() {
    let draft = Draft::acme();
    let back = Draft::from_schedule(&serde_json::from_str(&draft.export_json()).unwrap()).unwrap();
    assert_eq!(back.to_schedule(), draft.to_schedule());
}

#[test]
fn empty_required_fields_are_reported_by_the_engine_at_their_path() {
    let mut draft = Draft::acme();
    draft.phases[1].prices[0].amount.clear();
    draft.phases[0].name.clear();
    let error = phasebill::preview(&draft.to_schedule(), &json!({}), today()).unwrap_err();
    let paths: Vec<_> = error.issues.iter().map(|i| i.path.as_str()).collect();
    assert!(paths.contains(&"phases[1].prices[0].amount"), "{paths:?}");
    assert!(paths.contains(&"phases[0].name"), "{paths:?}");
}

#[test]
fn typed_amounts_and_currency_reach_the_engine_normalised() {
    let mut draft = Draft::acme();
    draft.currency = "usd".into();
    draft.phases[1].prices[0].amount = "$1,500.00".into();
    let value = draft.to_schedule();
    assert_eq!(value["currency"], json!("USD"));
    assert_eq!(value["phases"][1]["prices"][0]["amount"], json!("1500.00"));
    let preview = phasebill::preview(&value, &json!({}), today()).unwrap();
    assert_eq!(preview.totals.net.to_string(), "30500.00");
}

#[test]
fn count_text_that_is_not_an_integer_stays_text() {
    let mut draft = Draft::acme();
    draft.phases[1].count = "1.5".into();
    assert_eq!(
        draft.to_schedule()["phases"][1]["duration"]["count"],
        json!("1.5")
    );
    let error = phasebill::preview(&draft.to_schedule(), &json!({}), today()).unwrap_err();
    assert_eq!(error.issues[0].path, "phases[1].duration.count");
}

#[test]
fn an_empty_completion_date_never_makes_a_milestone_pending() {
    let mut draft = Draft::acme();
    draft.phases[0].completed_on.clear();
    assert!(draft.phases[0].completed, "the state is explicit");
    assert_eq!(
        draft.local_issues(),
        vec![(
            "phases[0].duration.completedOn".to_string(),
            "Enter the completion date.".to_string()
        )]
    );
    // A pending milestone sends only its expected date: no recordedOn is left behind.
    draft.reopen_milestone(1);
    draft.phases[0].expected_on = "2026-04-01".into();
    draft.phases[0].recorded_on = "2026-03-15".into();
    assert_eq!(
        draft.to_schedule()["phases"][0]["duration"],
        json!({"type": "milestone", "expectedOn": "2026-04-01"})
    );
    assert!(draft.local_issues().is_empty());
    // A completed one sends only its completion.
    draft.complete_milestone(1, "2026-03-20", "2026-03-20");
    assert_eq!(
        draft.to_schedule()["phases"][0]["duration"],
        json!({"type": "milestone", "completedOn": "2026-03-20", "recordedOn": "2026-03-20"})
    );
}

#[test]
fn imported_milestones_get_their_state_from_their_dates() {
    let value = json!({"currency": "USD", "startDate": "2026-01-01", "phases": [
        {"name": "A", "duration": {"type": "milestone", "recordedOn": "2026-02-01"}, "prices": []},
        {"name": "B", "duration": {"type": "milestone", "expectedOn": "2026-05-01"}, "prices": []}]});
    let draft = Draft::from_schedule(&value).unwrap();
    assert!(draft.phases[0].completed);
    assert!(!draft.phases[1].completed);
    // Shown at the completion date field, not lost.
    assert_eq!(draft.local_issues().len(), 1);
}

#[test]
fn milestone_fields_only_for_milestones() {
    let mut draft = Draft::acme();
    draft.phases[0].duration_type = "fixed".into();
    draft.phases[0].count = "2".into();
    let value = draft.to_schedule();
    assert_eq!(
        value["phases"][0]["duration"],
        json!({"type": "fixed", "count": 2, "unit": "months"})
    );
}

#[test]
fn from_schedule_accepts_numbers_and_defaults() {
    let value = json!({
        "currency": "JPY", "startDate": "2026-02-01",
        "phases": [{"name": "P", "duration": {"type": "openEnded"},
                    "prices": [{"name": "Fee", "amount": 100000, "frequency": "monthly", "timing": "inAdvance"}]}]
    });
    let draft = Draft::from_schedule(&value).unwrap();
    assert_eq!(draft.phases[0].prices[0].amount, "100000");
    assert_eq!(draft.phases[0].prices[0].quantity, "1");
    assert_eq!(draft.billing_anchor, "phaseStart");
    assert_ne!(draft.phases[0].id, draft.phases[0].prices[0].id);
}

#[test]
fn import_refuses_bad_files_with_a_message() {
    let opts = json!({"asOf": "2026-03-15"});
    assert_eq!(
        import("{not json", &opts, today()).unwrap_err(),
        "The file is not JSON (it breaks off or is wrong at line 1, column 2)."
    );
    assert!(import("[1,2]", &opts, today())
        .unwrap_err()
        .contains("Not a schedule"));
    let bad = json!({"currency": "usd", "startDate": "2026-01-01", "phases": []}).to_string();
    let message = import(&bad, &opts, today()).unwrap_err();
    assert_eq!(
        message,
        "The schedule is not valid: Currency: Not a currency code: use 3 letters, such as \
         USD or EUR. Add at least one phase."
    );
    let good = Draft::acme().export_json();
    assert_eq!(
        import(&good, &opts, today()).unwrap().to_schedule(),
        Draft::acme().to_schedule()
    );
}

#[test]
fn new_phases_and_prices_count_for_nothing_until_filled_in() {
    let mut draft = Draft::acme();
    let id = draft.add_phase();
    let phase = draft.phase(id).unwrap();
    assert!(phase.name.is_empty() && phase.count.is_empty());
    assert!(phase.prices[0].amount.is_empty());
    let error = phasebill::preview(&draft.to_schedule(), &json!({}), today()).unwrap_err();
    let paths: Vec<_> = error.issues.iter().map(|i| i.path.as_str()).collect();
    assert!(paths.contains(&"phases[2].name"), "{paths:?}");
    assert!(paths.contains(&"phases[2].prices[0].amount"), "{paths:?}");
    let blank = Draft::blank();
    assert_eq!(blank.phases.len(), 1);
    assert!(phasebill::preview(&blank.to_schedule(), &json!({}), today()).is_err());
}

#[test]
fn fresh_ids_do_not_collide() {
    let old = Draft::acme();
    let new = Draft::acme().with_fresh_ids(old.next_id());
    let ids = |d: &Draft| {
        d.phases
            .iter()
            .flat_map(|p| std::iter::once(p.id).chain(p.prices.iter().map(|q| q.id)))
            .collect::<Vec<_>>()
    };
    assert_eq!(ids(&new), vec![5, 6, 7, 8]);
    assert!(ids(&new).iter().all(|id| !ids(&old).contains(id)));
    assert_eq!(new.to_schedule(), old.to_schedule());
}

#[test]
fn editing_helpers() {
    let mut draft = Draft::acme();
    let id = draft.add_phase();
    assert_eq!(draft.phases.len(), 3);
    assert_eq!(draft.phases[2].prices.len(), 1);
    assert!(draft.move_phase(id, -1));
    assert_eq!(draft.phase_index(id), Some(1));
    assert!(!draft.move_phase(1, -1));
    let price = draft.add_price(id).unwrap();
    assert_eq!(draft.price_position(price), Some((1, 1)));
    draft.remove_price(price);
    assert_eq!(draft.phase(id).unwrap().prices.len(), 1);
    draft.remove_phase(id);
    assert_eq!(draft.phases.len(), 2);
    draft.reopen_milestone(1);
    assert!(draft.phases[0].completed_on.is_empty() && draft.phases[0].recorded_on.is_empty());
    draft.complete_milestone(1, "2026-03-15", "2026-04-10");
    assert_eq!(draft.phases[0].recorded_on, "2026-04-10");
}

#[test]
fn issue_paths_map_to_fields() {
    let mut draft = Draft::acme();
    let f = |d: &Draft, p: &str| field_for_path(d, p);
    assert_eq!(f(&draft, "currency").as_deref(), Some("currency"));
    assert_eq!(
        f(&draft, "phases[1].prices[0].amount").as_deref(),
        Some("phases[1].prices[0].amount")
    );
    assert_eq!(
        f(&draft, "phases[1].duration").as_deref(),
        Some("phases[1].duration.type")
    );
    assert_eq!(
        f(&draft, "phases[0].duration.recordedOn").as_deref(),
        Some("phases[0].duration.completedOn")
    );
    assert_eq!(f(&draft, "phases[0].duration.expectedOn"), None);
    assert_eq!(f(&draft, "phases[5].name"), None);
    assert_eq!(f(&draft, "phases[1].prices[3].amount"), None);
    assert_eq!(f(&draft, ""), None);
    draft.reopen_milestone(1);
    assert_eq!(
        f(&draft, "phases[0].duration.expectedOn").as_deref(),
        Some("phases[0].duration.expectedOn")
    );
}

#[test]
fn spec_example_c_through_the_draft() {
    let draft = Draft::spec_example_c();
    // A new price is monthly, in advance, quantity 1.
    let pilot_fee = &draft.phases[0].prices[1];
    assert_eq!(
        (
            pilot_fee.quantity.as_str(),
            pilot_fee.frequency.as_str(),
            pilot_fee.timing.as_str()
        ),
        ("1", "monthly", "inAdvance")
    );
    let preview = phasebill::preview(
        &draft.to_schedule(),
        &json!({"asOf": "2026-04-10"}),
        today(),
    )
    .unwrap();
    let inv = preview
        .invoices
        .iter()
        .find(|i| i.issue_date.to_string() == "2026-04-10")
        .unwrap();
    assert_eq!(inv.total.to_string(), "451.61");
}

#[test]
fn billing_day_and_payment_terms_reach_the_engine_and_come_back() {
    let mut draft = Draft::acme();
    draft.billing_anchor = "dayOfMonth".into();
    draft.billing_day = "25".into();
    draft.payment_terms = " 30 ".into();
    let value = draft.to_schedule();
    assert_eq!(value["billingAnchor"], json!({"dayOfMonth": 25}));
    assert_eq!(value["paymentTermsDays"], json!(30));
    let back = Draft::from_schedule(&value).unwrap();
    assert_eq!(back.billing_anchor, "dayOfMonth");
    assert_eq!(back.billing_day, "25");
    assert_eq!(back.payment_terms, "30");
    // Year 1 starts on Mar 15, its first billing day is Mar 25: 10 of the 28 days of
    // [Feb 25, Mar 25) in arrears, 1500 × 10 / 28 = 535.714… → 535.71.
    let preview = phasebill::preview(&value, &json!({}), today()).unwrap();
    let first = preview
        .invoices
        .iter()
        .find(|i| i.issue_date.to_string() == "2026-03-25")
        .unwrap();
    assert_eq!(first.lines[0].amount.to_string(), "535.71");
    // Terms of 30 days: Jan 1 is due Jan 31.
    assert_eq!(
        preview.invoices[0].due_date.map(|d| d.to_string()),
        Some("2026-01-31".into())
    );
}

#[test]
fn wrong_billing_day_and_terms_are_shown_at_their_fields() {
    let mut draft = Draft::acme();
    draft.billing_anchor = "dayOfMonth".into();
    draft.payment_terms = "thirty".into();
    let error = phasebill::preview(&draft.to_schedule(), &json!({}), today()).unwrap_err();
    let fields: Vec<_> = error
        .issues
        .iter()
        .filter_map(|i| field_for_path(&draft, &i.path))
        .collect();
    assert!(
        fields.contains(&"billingAnchor.dayOfMonth".to_string()),
        "{fields:?}"
    );
    assert!(
        fields.contains(&"paymentTermsDays".to_string()),
        "{fields:?}"
    );
    draft.billing_day = "32".into();
    let error = phasebill::preview(&draft.to_schedule(), &json!({}), today()).unwrap_err();
    assert_eq!(
        field_for_path(&draft, &error.issues[0].path).as_deref(),
        Some("billingAnchor.dayOfMonth")
    );
}

#[test]
fn a_ten_percent_discount_on_year_1_takes_1800_off() {
    let mut draft = Draft::acme();
    let year1 = draft.phases[1].id;
    let id = draft.add_discount(year1).unwrap();
    let discount = draft.discount_mut(id).unwrap();
    discount.name = "Launch".into();
    discount.value = "10%".into();
    let value = draft.to_schedule();
    // Every price covered: no `prices`.
    assert_eq!(
        value["phases"][1]["discounts"],
        json!([{"name": "Launch", "percent": "10"}])
    );
    let preview = phasebill::preview(&value, &json!({}), today()).unwrap();
    // 12 × 1500 × 10 % = 1800 off 30500.
    assert_eq!(preview.totals.net.to_string(), "28700.00");
    assert_eq!(preview.totals.discounted.to_string(), "-1800.00");
}

#[test]
fn discounts_cover_the_checked_prices_by_index_and_round_trip() {
    let mut draft = Draft::acme();
    let pilot = draft.phases[0].id;
    let support = draft.add_price(pilot).unwrap();
    let fee = draft.phases[0].prices[0].id;
    let id = draft.add_discount(pilot).unwrap();
    {
        let d = draft.discount_mut(id).unwrap();
        d.name = "Fee off".into();
        d.kind = "amount".into();
        d.value = "$1,000".into();
        d.excluded = vec![support];
    }
    let value = draft.to_schedule();
    assert_eq!(
        value["phases"][0]["discounts"],
        json!([{"name": "Fee off", "amount": "1000", "prices": [0]}])
    );
    let back = Draft::from_schedule(&value).unwrap();
    assert_eq!(back.to_schedule(), value);
    assert_eq!(
        back.phases[0].discounts[0].excluded,
        vec![back.phases[0].prices[1].id]
    );
    // Fresh ids keep which price is left out.
    let fresh = back.clone().with_fresh_ids(100);
    assert_eq!(fresh.to_schedule(), value);
    // Removing the excluded price leaves a discount on every price.
    draft.remove_price(support);
    assert!(draft.discount_mut(id).unwrap().excluded.is_empty());
    assert!(draft.to_schedule()["phases"][0]["discounts"][0]
        .get("prices")
        .is_none());
    let _ = fee;
}

#[test]
fn discount_issues_land_on_the_value_field_and_the_row() {
    let mut draft = Draft::acme();
    let year1 = draft.phases[1].id;
    for value in ["150", "10"] {
        let id = draft.add_discount(year1).unwrap();
        let d = draft.discount_mut(id).unwrap();
        d.name = "D".into();
        d.value = value.into();
    }
    let error = phasebill::preview(&draft.to_schedule(), &json!({}), today()).unwrap_err();
    let fields: Vec<_> = error
        .issues
        .iter()
        .map(|i| (i.code, field_for_path(&draft, &i.path)))
        .collect();
    assert!(fields.contains(&(
        phasebill::Code::InvalidPercent,
        Some("phases[1].discounts[0].value".into())
    )));
    assert!(fields.contains(&(
        phasebill::Code::OverlappingDiscounts,
        Some("phases[1].discounts[1]".into())
    )));
}

#[test]
fn drafts_saved_before_terms_and_discounts_still_open() {
    let old = r#"{"customer":"","currency":"USD","startDate":"2026-01-01","billingAnchor":"calendar",
        "phases":[{"id":1,"name":"P","durationType":"openEnded","count":"","unit":"months",
        "completed":false,"completedOn":"","recordedOn":"","expectedOn":"","prices":[]}]}"#;
    let draft: Draft = serde_json::from_str(old).unwrap();
    assert_eq!(draft.payment_terms, "");
    assert_eq!(draft.billing_day, "");
    assert!(draft.phases[0].discounts.is_empty());
    assert!(draft.to_schedule().get("paymentTermsDays").is_none());
}
