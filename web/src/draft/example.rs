//! The drafts the app opens with: the Acme contract of spec section 8 (A) and a blank one.

use super::*;

impl Draft {
    /// The Acme contract of spec section 8 (A).
    pub fn acme() -> Draft {
        Draft {
            customer: "Acme Corp".into(),
            currency: "USD".into(),
            start_date: "2026-01-01".into(),
            billing_anchor: "phaseStart".into(),
            billing_day: String::new(),
            payment_terms: String::new(),
            phases: vec![
                PhaseDraft {
                    id: 1,
                    name: "Pilot".into(),
                    duration_type: "milestone".into(),
                    count: String::new(),
                    unit: "months".into(),
                    completed: true,
                    completed_on: "2026-03-15".into(),
                    recorded_on: "2026-03-15".into(),
                    expected_on: String::new(),
                    prices: vec![PriceDraft {
                        id: 2,
                        name: "Pilot fee".into(),
                        amount: "12500.00".into(),
                        quantity: "1".into(),
                        frequency: "oneTime".into(),
                        timing: "inAdvance".into(),
                    }],
                    discounts: Vec::new(),
                },
                PhaseDraft {
                    id: 3,
                    name: "Year 1".into(),
                    duration_type: "fixed".into(),
                    count: "12".into(),
                    unit: "months".into(),
                    completed: false,
                    completed_on: String::new(),
                    recorded_on: String::new(),
                    expected_on: String::new(),
                    prices: vec![PriceDraft {
                        id: 4,
                        name: "Platform access".into(),
                        amount: "1500.00".into(),
                        quantity: "1".into(),
                        frequency: "monthly".into(),
                        timing: "inArrears".into(),
                    }],
                    discounts: Vec::new(),
                },
            ],
        }
    }

    /// A new, empty schedule (one empty phase): nothing counts until it is filled in.
    pub fn blank() -> Draft {
        let mut draft = Draft {
            customer: String::new(),
            currency: String::new(),
            start_date: String::new(),
            billing_anchor: "phaseStart".into(),
            billing_day: String::new(),
            payment_terms: String::new(),
            phases: Vec::new(),
        };
        draft.add_phase();
        draft
    }

    /// Spec example C, built by editing Acme (for tests): a monthly "Pilot monthly" fee of
    /// 1,000.00 in the pilot, a one-time "Onboarding" of 2,000.00 in Year 1, the pilot
    /// completed on 2026-03-15 and recorded on 2026-04-10.
    #[cfg(test)]
    pub fn spec_example_c() -> Draft {
        let mut draft = Draft::acme();
        draft.reopen_milestone(1);
        let p = draft.add_price(1).expect("the pilot");
        let price = draft.price_mut(p).expect("the new price");
        price.name = "Pilot monthly".into();
        price.amount = "1000.00".into();
        let q = draft.add_price(3).expect("Year 1");
        let price = draft.price_mut(q).expect("the new price");
        price.name = "Onboarding".into();
        price.amount = "2000.00".into();
        price.frequency = "oneTime".into();
        draft.complete_milestone(1, "2026-03-15", "2026-04-10");
        draft
    }
}
