//! Labelled fields and selects with their errors, and the schedule's own fields.

use super::state::*;
use crate::draft::{self, Draft};
use crate::messages::INCOMPLETE_DATE;
use leptos::prelude::*;

/// Where focus goes after removing the row at `at` of a list of row ids: the next row's
/// name field (`{prefix}{id}-name`), else the previous one's, else `fallback` (the list's
/// add button).
pub(crate) fn focus_after_removal(
    ids: &[u64],
    at: usize,
    prefix: char,
    fallback: String,
) -> Vec<String> {
    let near = ids
        .get(at + 1)
        .or_else(|| at.checked_sub(1).and_then(|k| ids.get(k)));
    let mut targets: Vec<String> = near
        .map(|id| format!("{prefix}{id}-name"))
        .into_iter()
        .collect();
    targets.push(fallback);
    targets
}

/// Writes `value` into an input or a select (`held` reads what it holds, `show` writes it)
/// when the draft changed other than by typing (`fields_rewritten`, decision 47), not on
/// every change of the draft: a keystroke elsewhere leaves the control alone. Only a value
/// that differs is written: rewriting a date input's value while it is typed in would
/// reset its parts.
fn follow_draft(
    s: State,
    value: Signal<String>,
    held: impl Fn() -> Option<String> + 'static,
    show: impl Fn(&str) + 'static,
) {
    Effect::new(move |_| {
        s.fields_rewritten.track();
        let value = value.get_untracked();
        if held().is_some_and(|held| held != value) {
            show(&value);
        }
    });
}

/// A labelled text or date field with its error.
#[component]
pub(crate) fn Field(
    label: &'static str,
    id: String,
    #[prop(into)] path: Signal<String>,
    value: Signal<String>,
    on_input: Callback<String>,
    #[prop(default = "text")] kind: &'static str,
    #[prop(default = "text")] inputmode: &'static str,
    #[prop(optional)] class: &'static str,
    #[prop(optional)] placeholder: &'static str,
) -> impl IntoView {
    let s = expect_context::<State>();
    let engine_error = s.field_error(path);
    let incomplete = {
        let id = id.clone();
        Memo::new(move |_| s.incomplete.with(|v| v.contains(&id)))
    };
    // A date being typed comes first: the draft still holds the last complete date.
    let error = Memo::new(move |_| {
        if incomplete.get() {
            Some(INCOMPLETE_DATE.to_string())
        } else {
            engine_error.get()
        }
    });
    let error_id = format!("{id}-error");
    let node = NodeRef::<leptos::html::Input>::new();
    follow_draft(
        s,
        value,
        move || node.get().map(|input| input.value()),
        move |v| {
            if let Some(input) = node.get_untracked() {
                input.set_value(v)
            }
        },
    );
    let on_id = id.clone();
    let on_input_event = move |ev: leptos::ev::Event| {
        let input = event_target::<web_sys::HtmlInputElement>(&ev);
        if kind == "date" {
            // Chromium empties a date input's value while a part of it is missing.
            let partial = input.validity().bad_input();
            s.set_incomplete(&on_id, partial);
            if partial {
                return;
            }
        }
        s.typed(|| on_input.run(input.value()));
        // The draft may hold the text changed (a currency is upper-cased).
        let held = value.get_untracked();
        if input.value() != held {
            input.set_value(&held);
        }
    };
    view! {
        <div class=format!("field {class}")>
            <label for=id.clone()>{label}</label>
            <input id=id type=kind inputmode=inputmode autocomplete="off" node_ref=node
                placeholder=(!placeholder.is_empty()).then_some(placeholder)
                prop:value=value.get_untracked()
                on:input=on_input_event.clone()
                // Clearing the last part of a date fires no input event (the value stays
                // empty): the key's release says it.
                on:keyup=move |ev| if kind == "date" { on_input_event(ev.into()) }
                on:blur=move |_| s.seal()
                aria-invalid=move || { if error.with(Option::is_some) { "true" } else { "false" } }
                aria-describedby=error_id.clone()/>
            <p class="error" id=error_id>{move || error.get()}</p>
        </div>
    }
}

/// A labelled select with its error.
#[component]
pub(crate) fn Choice(
    label: &'static str,
    id: String,
    #[prop(into)] path: Signal<String>,
    value: Signal<String>,
    options: &'static [(&'static str, &'static str)],
    on_change: Callback<String>,
) -> impl IntoView {
    let s = expect_context::<State>();
    let error = s.field_error(path);
    let error_id = format!("{id}-error");
    // The options are static, selected as first rendered; later changes (undo, redo) set
    // the select's value: one reactive node per select rather than one per option.
    let initial = value.get_untracked();
    let known = options.iter().any(|(v, _)| *v == initial);
    let node = NodeRef::<leptos::html::Select>::new();
    follow_draft(
        s,
        value,
        move || node.get().map(|select| select.value()),
        move |v| {
            if let Some(select) = node.get_untracked() {
                select.set_value(v)
            }
        },
    );
    view! {
        <div class="field">
            <label for=id.clone()>{label}</label>
            <select id=id node_ref=node on:change=move |ev| on_change.run(event_target_value(&ev))
                aria-invalid=move || { if error.with(Option::is_some) { "true" } else { "false" } }
                aria-describedby=error_id.clone()>
                {(!known).then(|| view! { <option value=initial.clone() selected=true>{format!("({initial})")}</option> })}
                {options
                    .iter()
                    .map(|(v, text)| view! { <option value=*v selected={*v == initial}>{*text}</option> })
                    .collect_view()}
            </select>
            <p class="error" id=error_id>{move || error.get()}</p>
        </div>
    }
}

/// Choosing "Day of month" starts the billing day at the start date's day (or the 1st).
fn choose_anchor(d: &mut Draft, anchor: String) {
    if anchor == "dayOfMonth" && d.billing_day.trim().is_empty() {
        d.billing_day = d
            .start_date
            .get(8..10)
            .map_or("1", |day| day.trim_start_matches('0'))
            .to_string();
    }
    d.billing_anchor = anchor;
}

#[component]
pub(crate) fn ScheduleFields() -> impl IntoView {
    let s = expect_context::<State>();
    let set = move |field: &'static str, f: fn(&mut Draft, String)| {
        Callback::new(move |v: String| s.edit(field, |d| f(d, v)))
    };
    let set_as_of = Callback::new(move |v: String| s.set_as_of(Some(v)));
    let not_today = Memo::new(move |_| s.as_of.with(|a| *a != s.today.to_string()));
    let day_of_month = Memo::new(move |_| s.draft.with(|d| d.billing_anchor == "dayOfMonth"));
    view! {
        <section class="card schedule" aria-labelledby="schedule-title">
            <h2 id="schedule-title">"Schedule"</h2>
            <div class="grid">
                <Field label="Customer" id="customer".into() path="customer".to_string() placeholder="e.g. Acme Corp"
                    value=s.value(|d| Some(d.customer.clone()))
                    on_input=set("customer", |d, v| d.customer = v)/>
                <Field label="Currency" id="currency".into() path="currency".to_string() placeholder="e.g. USD"
                    value=s.value(|d| Some(d.currency.clone()))
                    on_input=set("currency", |d, v| d.currency = v.to_uppercase()) class="narrow"/>
                <Field label="Start date" id="start-date".into() path="startDate".to_string() kind="date"
                    value=s.value(|d| Some(d.start_date.clone()))
                    on_input=set("startDate", |d, v| d.start_date = v)/>
                <Choice label="Billing anchor" id="billing-anchor".into() path="billingAnchor".to_string()
                    value=s.value(|d| Some(d.billing_anchor.clone())) options=&draft::ANCHORS
                    on_change=set("billingAnchor", choose_anchor)/>
                <Show when=move || day_of_month.get()>
                    <Field label="Billing day" id="billing-day".into() path="billingAnchor.dayOfMonth".to_string()
                        value=s.value(|d| Some(d.billing_day.clone())) inputmode="numeric" class="narrow"
                        placeholder="1–31" on_input=set("billingDay", |d, v| d.billing_day = v)/>
                </Show>
                <Field label="Payment terms (days)" id="payment-terms".into() path="paymentTermsDays".to_string()
                    value=s.value(|d| Some(d.payment_terms.clone())) inputmode="numeric" class="narrow"
                    placeholder="e.g. 30" on_input=set("paymentTerms", |d, v| d.payment_terms = v)/>
                <Field label="As of" id="as-of".into() path="options.asOf".to_string() kind="date"
                    value=s.as_of.into() on_input=set_as_of/>
                <div class="field as-of-today">
                    <span class="not-today" id="as-of-not-today">
                        {move || not_today.get().then_some("(not today)")}
                    </span>
                    <button type="button" prop:disabled=move || !not_today.get()
                        on:click=move |_| s.set_as_of(None)>"Today"</button>
                </div>
            </div>
            <p class="hint">"Invoices dated on or before the as-of date are issued; later ones are upcoming. A chosen as-of date is kept with the draft (and in the undo history); Today follows the calendar."</p>
        </section>
    }
}
