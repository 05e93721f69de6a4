//! What a printed preview starts with: the schedule's terms (customer, currency, start,
//! billing anchor, phases and prices) and the print date. Shown only in print.

use super::phase_card::nice_date;
use super::state::*;
use crate::browser;
use crate::draft::{self, Draft};
use leptos::prelude::*;

fn option_text(options: &[(&str, &'static str)], value: &str) -> String {
    options
        .iter()
        .find(|(v, _)| *v == value)
        .map_or_else(|| value.to_string(), |(_, text)| text.to_string())
}

/// One row per price (a phase without prices has one row): phase, duration, price, amount.
fn rows(d: &Draft) -> Vec<[String; 5]> {
    let mut rows = Vec::new();
    for (i, p) in d.phases.iter().enumerate() {
        let duration = match p.duration_type.as_str() {
            "fixed" => format!(
                "{} {}",
                p.count,
                option_text(&draft::UNITS, &p.unit).to_lowercase()
            ),
            "milestone" if p.completed => {
                format!("until milestone, completed {}", nice_date(&p.completed_on))
            }
            "milestone" => "until milestone (pending)".into(),
            _ => "open-ended".into(),
        };
        let phase = format!("{}. {}", i + 1, p.name);
        if p.prices.is_empty() {
            rows.push([
                phase.clone(),
                duration.clone(),
                String::new(),
                String::new(),
                String::new(),
            ]);
        }
        for q in &p.prices {
            rows.push([
                phase.clone(),
                duration.clone(),
                q.name.clone(),
                format!("{} × {}", q.quantity, q.amount),
                format!(
                    "{}, {}",
                    option_text(&draft::FREQUENCIES, &q.frequency),
                    option_text(&draft::TIMINGS, &q.timing).to_lowercase()
                ),
            ]);
        }
    }
    rows
}

/// "Day of month (25) · Payment terms 30 days", as printed.
fn anchor_text(d: &crate::draft::Draft) -> String {
    let mut text = option_text(&draft::ANCHORS, &d.billing_anchor);
    if d.billing_anchor == "dayOfMonth" {
        text.push_str(&format!(" ({})", d.billing_day));
    }
    if !d.payment_terms.trim().is_empty() {
        text.push_str(&format!(" · Payment terms {} days", d.payment_terms.trim()));
    }
    text
}

#[component]
pub(crate) fn PrintHeader() -> impl IntoView {
    let s = expect_context::<State>();
    // Built only while printing (or print preview): editing does not pay for it.
    let printing = RwSignal::new(false);
    browser::watch_print(move |on| printing.set(on));
    let terms = Memo::new(move |_| {
        s.draft.with(|d| {
            (
                d.customer.clone(),
                d.currency.clone(),
                nice_date(&d.start_date),
                anchor_text(d),
                rows(d),
            )
        })
    });
    view! {
        <section class="print-header" aria-hidden="true">
            {move || printing.get().then(|| {
                let (customer, currency, start, anchor, rows) = terms.get();
                view! {
                    <h2>{format!("Billing schedule: {customer}")}</h2>
                    <p>
                        {format!("Currency {currency} · Start {start} · Billing anchor: {anchor} · Printed {}", browser::date(s.today))}
                    </p>
                    <table>
                        <thead>
                            <tr><th>"Phase"</th><th>"Duration"</th><th>"Price"</th><th>"Qty × amount"</th><th>"Billing"</th></tr>
                        </thead>
                        <tbody>
                            {rows.into_iter().map(|r| view! {
                                <tr>{r.into_iter().map(|c| view! { <td>{c}</td> }).collect_view()}</tr>
                            }).collect_view()}
                        </tbody>
                    </table>
                }
            })}
        </section>
    }
}
