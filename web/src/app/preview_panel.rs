//! The invoice preview panel.

use super::invoice_card::*;
use super::state::*;
use super::summary::*;
use super::timeline_chart::*;
use crate::messages::{announce, INCOMPLETE_DATE};
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
                <TimelinePicture/>
                <h3 class="invoices-title">"Invoices"</h3>
                <ol class="invoices" aria-label="Invoices">
                    <For each=move || dates.get() key=|date| *date children=move |date| view! { <InvoiceCard date/> }/>
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
