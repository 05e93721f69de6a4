//! The preview's totals.

use super::state::*;
use crate::browser;
use crate::messages::*;
use chrono::NaiveDate;
use leptos::prelude::*;
use phasebill::{Currency, Money, Preview};

/// A phase's totals row: (index, name, charged, credited, currency, first invoice date).
pub(crate) type PhaseRow = (usize, String, Money, Money, Currency, Option<NaiveDate>);

/// What a totals row is drawn from: (index, name, first invoice date). A row is redrawn
/// only when these change; its amounts, which change on most edits, update in place.
type RowKey = (usize, String, Option<NaiveDate>);

#[component]
pub(crate) fn Summary() -> impl IntoView {
    let s = expect_context::<State>();
    let pick = move |f: fn(&Preview) -> Money| {
        Memo::new(move |_| {
            s.last_good
                .with(|p| p.as_ref().map(|p| browser::money(f(p), p.currency)))
                .unwrap_or_default()
        })
    };
    let net = pick(|p| p.totals.net);
    let charged = pick(|p| p.totals.charged);
    let credited = pick(|p| p.totals.credited);
    let discounted = pick(|p| p.totals.discounted);
    let window = Memo::new(move |_| {
        s.last_good
            .with(|p| p.as_ref().map(|p| (p.as_of, p.until, p.truncated)))
    });
    let warnings = Memo::new(move |_| {
        s.last_good
            .with(|p| p.as_ref().map(|p| p.warnings.clone()))
            .unwrap_or_default()
    });
    let rows = Memo::new(move |_| {
        s.last_good.with(|p| {
            let Some(p) = p else { return Vec::new() };
            let currency = p.currency;
            let mut rows: Vec<PhaseRow> = p
                .phases
                .iter()
                .map(|ph| {
                    let zero = Money::zero(currency);
                    (ph.index, ph.name.clone(), zero, zero, currency, None)
                })
                .collect();
            for (date, line) in p
                .invoices
                .iter()
                .flat_map(|i| i.lines.iter().map(move |l| (i.issue_date, l)))
            {
                if let Some(row) = rows.get_mut(line.phase_index) {
                    row.5.get_or_insert(date);
                    if line.amount.is_negative() {
                        row.3 = row.3 + line.amount;
                    } else {
                        row.2 = row.2 + line.amount;
                    }
                }
            }
            rows
        })
    });
    view! {
        <div class="summary">
            <p class="contract-total">
                // The total of the preview window, so labelled.
                <span id="contract-total-label">
                    "Contract total"
                    {move || window.get().map(|(_, until, _)| format!(" through {}", browser::date(until)))}
                </span>
                // Not a live region: it changes on every keystroke.
                <output aria-labelledby="contract-total-label" aria-live="off" class="money">{move || net.get()}</output>
            </p>
            <p class="sub-totals">
                "Charged " <span class="money">{move || charged.get()}</span>
                " · Credited " <span class="money">{move || credited.get()}</span>
                " · Discounted " <span class="money" id="discounted-total">{move || discounted.get()}</span>
                {move || window.get().map(|(as_of, _, _)| format!(" · as of {}", browser::date(as_of)))}
            </p>
            <p class="window">
                {move || window.get().map(|(_, until, truncated)| {
                    if truncated {
                        let committed = s.last_good.with(|p| {
                            p.as_ref().and_then(|p| committed(p).map(|m| browser::money(m, p.currency)))
                        });
                        let committed = committed
                            .map(|m| format!(" Committed (phases that end): {m}."))
                            .unwrap_or_default();
                        format!(
                            "Preview window ends {}; billing continues after it.{committed}",
                            browser::date(until)
                        )
                    } else {
                        format!("Preview through {}.", browser::date(until))
                    }
                })}
            </p>
            {move || {
                let warnings = warnings.get();
                (!warnings.is_empty()).then(|| view! {
                    <ul class="warnings" aria-label="Warnings">
                        {warnings.into_iter().map(|w| view! { <li>{warning_text(&w.message, &|d| browser::date(d))}</li> }).collect_view()}
                    </ul>
                })
            }}
            <table class="phase-totals">
                <caption>"Totals per phase"</caption>
                <thead>
                    <tr>
                        <th scope="col">"Phase"</th>
                        <th scope="col">"Charged"</th>
                        <th scope="col">"Credited"</th>
                        <th scope="col">"Net"</th>
                    </tr>
                </thead>
                <tbody>
                    <For
                        each=move || rows.with(|rows| rows.iter().map(|r| (r.0, r.1.clone(), r.5)).collect::<Vec<RowKey>>())
                        key=|key| key.clone()
                        children=move |(index, name, first)| view! { <PhaseTotalsRow index name first rows/> }
                    />
                </tbody>
            </table>
        </div>
    }
}

/// One phase's row of the totals table; the amounts read its row of `rows` by index.
#[component]
fn PhaseTotalsRow(
    index: usize,
    name: String,
    first: Option<NaiveDate>,
    rows: Memo<Vec<PhaseRow>>,
) -> impl IntoView {
    let amounts = Memo::new(move |_| rows.with(|rows| rows.get(index).map(|r| (r.2, r.3, r.4))));
    let cell = move |sum: fn(Money, Money) -> Money| {
        move || {
            amounts.get().map(|(charged, credited, currency)| {
                browser::money(sum(charged, credited), currency)
            })
        }
    };
    view! {
        <tr>
            // The name jumps to the phase's first invoice.
            <th scope="row">
                {match first {
                    Some(date) => view! {
                        <button type="button" class="link" title="Show its first invoice"
                            on:click=move |_| browser::show_element(&format!("invoice-{date}"))>{name}</button>
                    }.into_any(),
                    None => name.into_any(),
                }}
            </th>
            <td>{cell(|charged, _| charged)}</td>
            <td>{cell(|_, credited| credited)}</td>
            <td>{cell(|charged, credited| charged + credited)}</td>
        </tr>
    }
}

/// The contract total kept in sight on narrow screens while the form is edited (the
/// preview is below the form there). A visual copy of the summary's total.
#[component]
pub(crate) fn TotalBar() -> impl IntoView {
    let s = expect_context::<State>();
    let net = Memo::new(move |_| {
        s.last_good
            .with(|p| p.as_ref().map(|p| browser::money(p.totals.net, p.currency)))
    });
    view! {
        <div class="total-bar" aria-hidden="true" class:stale=move || s.stale.get()>
            <span>"Total "</span>
            <span class="money">{move || net.get().unwrap_or_else(|| "–".into())}</span>
            {move || s.stale.get().then_some(" (last valid preview)")}
        </div>
    }
}
