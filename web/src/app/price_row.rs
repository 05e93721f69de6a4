//! One price row of a phase.

use super::fields::*;
use super::state::*;
use crate::browser;
use crate::draft::{self, PhaseDraft, PriceDraft};
use leptos::prelude::*;

#[component]
pub(crate) fn PriceRow(
    id: u64,
    /// The phase the price is in (see `phase_memo`) and its index.
    phase: Memo<Option<PhaseDraft>>,
    index: Memo<usize>,
) -> impl IntoView {
    let s = expect_context::<State>();
    let position = Memo::new(move |_| {
        let j = phase.with(|p| {
            p.as_ref()
                .and_then(|p| p.prices.iter().position(|q| q.id == id))
        });
        (index.get(), j.unwrap_or(0))
    });
    let path = move |suffix: &'static str| {
        Signal::derive(move || {
            let (i, j) = position.get();
            format!("phases[{i}].prices[{j}]{suffix}")
        })
    };
    let price = Memo::new_owning(move |previous: Option<Option<PriceDraft>>| {
        phase.with(|p| {
            let now = p
                .as_ref()
                .and_then(|p| p.prices.iter().find(|q| q.id == id));
            kept(previous, now)
        })
    });
    let text = move |read: fn(&PriceDraft) -> String| -> Signal<String> {
        Signal::derive(move || price.with(|p| p.as_ref().map(read).unwrap_or_default()))
    };
    let set = move |field: &'static str, f: fn(&mut PriceDraft, String)| {
        Callback::new(move |v: String| {
            s.edit(&format!("price{id}.{field}"), |d| {
                if let Some(p) = d.price_mut(id) {
                    f(p, v)
                }
            })
        })
    };
    let name = text(|p| p.name.clone());
    // After a removal focus goes to the next price (else the previous, else "Add price").
    let remove = move || {
        let targets = s.draft.with_untracked(|d| {
            let (i, j) = d.price_position(id)?;
            let phase = &d.phases[i];
            let ids: Vec<u64> = phase.prices.iter().map(|q| q.id).collect();
            let add = format!("p{}-add-price", phase.id);
            Some(focus_after_removal(&ids, j, 'q', add))
        });
        s.step(|d| d.remove_price(id));
        browser::focus_later(targets.unwrap_or_default());
    };
    let label = move || format!("Price {}: {}", position.get().1 + 1, name.get());
    view! {
        <div class="price grid" role="group" aria-label=label>
            <Field label="Price name" id=format!("q{id}-name") path=path(".name") value=name placeholder="e.g. Platform access"
                on_input=set("name", |p, v| p.name = v)/>
            <Field label="Amount" id=format!("q{id}-amount") path=path(".amount") value=text(|p| p.amount.clone()) placeholder="e.g. 1,500.00"
                inputmode="decimal" class="narrow" on_input=set("amount", |p, v| p.amount = v)/>
            <Field label="Quantity" id=format!("q{id}-quantity") path=path(".quantity") value=text(|p| p.quantity.clone())
                inputmode="decimal" class="narrow" on_input=set("quantity", |p, v| p.quantity = v)/>
            <Choice label="Frequency" id=format!("q{id}-frequency") path=path(".frequency")
                value=text(|p| p.frequency.clone()) options=&draft::FREQUENCIES
                on_change=set("frequency", |p, v| p.frequency = v)/>
            <Choice label="Timing" id=format!("q{id}-timing") path=path(".timing")
                value=text(|p| p.timing.clone()) options=&draft::TIMINGS
                on_change=set("timing", |p, v| p.timing = v)/>
            <div class="field button-cell">
                <button type="button" class="danger" on:click=move |_| remove()>"Remove price"</button>
            </div>
        </div>
    }
}
