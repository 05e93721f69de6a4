//! The invoice preview panel.

use super::billing_by_month::BillingByMonth;
use super::compare::Changes;
use super::invoice_card::*;
use super::state::*;
use super::summary::*;
use super::timeline_chart::*;
use crate::browser;
use crate::messages::{announce, INCOMPLETE_DATE};
use chrono::{Datelike, NaiveDate};
use leptos::prelude::*;

#[component]
pub(crate) fn PreviewPanel() -> impl IntoView {
    let s = expect_context::<State>();
    let stale = s.stale;
    let announcement = Memo::new(move |_| {
        let mut lines = s.errors.with(|e| e.all.clone());
        let incomplete = s.incomplete.with(Vec::len);
        lines.extend(std::iter::repeat_n(INCOMPLETE_DATE.to_string(), incomplete));
        announce(&lines)
    });
    // A very long preview (a typo like 1200 months) is shown in part until asked for.
    let shown = RwSignal::new(INVOICES_SHOWN);
    let count = Memo::new(move |_| {
        s.last_good
            .with(|p| p.as_ref().map_or(0, |p| p.invoices.len()))
    });
    let dates = Memo::new(move |_| {
        let limit = shown.get();
        s.last_good.with(|p| {
            p.iter()
                .flat_map(|p| &p.invoices)
                .take(limit)
                .map(|i| i.issue_date)
                .collect::<Vec<_>>()
        })
    });
    let has_preview = Memo::new(move |_| s.last_good.with(Option::is_some));
    let years = Memo::new(move |_| {
        dates.with(|d| {
            let mut years: Vec<i32> = d.iter().map(|d| d.year()).collect();
            years.dedup();
            years
        })
    });
    // Long previews open with their years folded, but for the as-of date's year.
    let fold = count.get_untracked() > FOLD_ABOVE_INVOICES;
    view! {
        <section class="preview" id="preview" tabindex="-1" aria-label="Invoice preview" class:stale=move || stale.get()>
            <h2>"Invoice preview"</h2>
            // The one live region for the form's problems: said politely, once per change.
            <p class="visually-hidden" role="status" aria-live="polite">{move || announcement.get()}</p>
            {move || stale.get().then(|| view! {
                <p class="stale-banner">
                    "Out of date: the schedule has errors (marked in the form). Showing the last valid preview."
                </p>
            })}
            {move || {
                let general = s.errors.with(|e| e.general.clone());
                (!general.is_empty()).then(|| view! {
                    <ul class="general-errors" aria-label="Schedule errors">
                        {general.into_iter().map(|e| view! { <li>{e}</li> }).collect_view()}
                    </ul>
                })
            }}
            <Show when=move || has_preview.get() fallback=|| view! {
                <p class="empty">"No preview yet: fix the errors marked in the form."</p>
            }>
                <Summary/>
                <Changes/>
                <TimelinePicture/>
                <BillingByMonth/>
                <h3 class="invoices-title">"Invoices"</h3>
                <ol class="invoices years" aria-label="Invoices">
                    <For each=move || years.get() key=|year| *year children=move |year| view! { <YearGroup year dates fold/> }/>
                </ol>
                {move || {
                    let (count, limit) = (count.get(), shown.get());
                    (count > limit).then(|| view! {
                        <button type="button" class="more" on:click=move |_| shown.set(usize::MAX)>
                            {format!("Show all {count} invoices ({} more)", count - limit)}
                        </button>
                    })
                }}
                {move || (count.get() == 0).then(|| view! { <p class="empty">"No invoices in the preview window."</p> })}
            </Show>
        </section>
    }
}

/// The invoices of one year, under a summary with their count and total (foldable).
#[component]
fn YearGroup(year: i32, dates: Memo<Vec<NaiveDate>>, fold: bool) -> impl IntoView {
    let s = expect_context::<State>();
    let year_dates = Memo::new(move |_| {
        dates.with(|d| {
            d.iter()
                .copied()
                .filter(|d| d.year() == year)
                .collect::<Vec<_>>()
        })
    });
    let summary = Memo::new(move |_| {
        s.last_good.with(|p| {
            p.as_ref().map(|p| {
                let invoices = p.invoices.iter().filter(|i| i.issue_date.year() == year);
                let n = invoices.clone().count();
                let minor: i128 = invoices.map(|i| i.total.minor()).sum();
                let total =
                    browser::money(phasebill::Money::from_minor(minor, p.currency), p.currency);
                let s = if n == 1 { "" } else { "s" };
                format!("{year} · {n} invoice{s} · {total}")
            })
        })
    });
    let as_of_year = s
        .as_of
        .with_untracked(|a| a.get(..4).and_then(|y| y.parse::<i32>().ok()));
    // A folded year's cards are drawn when it is opened (and kept while open): an edit that
    // changes invoices of folded years draws nothing, and only the open years' cards read
    // the preview.
    let open = RwSignal::new(!fold || as_of_year == Some(year));
    view! {
        <li class="year">
            <details id=format!("year-{year}") open=open.get_untracked() on:toggle=move |ev| {
                let details = event_target::<web_sys::HtmlDetailsElement>(&ev);
                if details.open() != open.get_untracked() {
                    open.set(details.open());
                }
            }>
                <summary>{move || summary.get()}</summary>
                {move || open.get().then(|| view! {
                <ol class="invoices" aria-label=format!("Invoices {year}")>
                    <For each=move || year_dates.get() key=|date| *date children=move |date| view! { <InvoiceCard date/> }/>
                </ol>
                })}
            </details>
        </li>
    }
}
