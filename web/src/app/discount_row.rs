//! One discount row of a phase: name, type, value, the prices it applies to.

use super::fields::*;
use super::state::*;
use crate::browser;
use crate::draft::{self, DiscountDraft, PhaseDraft};
use leptos::prelude::*;

#[component]
pub(crate) fn DiscountRow(
    id: u64,
    /// The phase the discount is in (see `phase_memo`) and its index.
    phase: Memo<Option<PhaseDraft>>,
    index: Memo<usize>,
) -> impl IntoView {
    let s = expect_context::<State>();
    let position = Memo::new(move |_| {
        let k = phase.with(|p| {
            p.as_ref()
                .and_then(|p| p.discounts.iter().position(|k| k.id == id))
        });
        (index.get(), k.unwrap_or(0))
    });
    let path = move |suffix: &'static str| {
        Signal::derive(move || {
            let (i, k) = position.get();
            format!("phases[{i}].discounts[{k}]{suffix}")
        })
    };
    let discount = Memo::new_owning(move |previous: Option<Option<DiscountDraft>>| {
        phase.with(|p| {
            let now = p
                .as_ref()
                .and_then(|p| p.discounts.iter().find(|k| k.id == id));
            kept(previous, now)
        })
    });
    let text = move |read: fn(&DiscountDraft) -> String| -> Signal<String> {
        Signal::derive(move || discount.with(|k| k.as_ref().map(read).unwrap_or_default()))
    };
    let set = move |field: &'static str, f: fn(&mut DiscountDraft, String)| {
        Callback::new(move |v: String| {
            s.edit(&format!("discount{id}.{field}"), |d| {
                if let Some(k) = d.discount_mut(id) {
                    f(k, v)
                }
            })
        })
    };
    // The phase's prices (id, name), for the "Applies to" checkboxes.
    let prices = Memo::new(move |_| {
        phase.with(|p| {
            p.as_ref()
                .map(|p| {
                    p.prices
                        .iter()
                        .enumerate()
                        .map(|(j, q)| {
                            let name = if q.name.trim().is_empty() {
                                format!("price {}", j + 1)
                            } else {
                                q.name.clone()
                            };
                            (q.id, name)
                        })
                        .collect::<Vec<_>>()
                })
                .unwrap_or_default()
        })
    });
    let row_error = s.field_error(path(""));
    let name = text(|k| k.name.clone());
    let error_id = format!("k{id}-error");
    let described = error_id.clone();
    let remove = move || {
        let targets = s.draft.with_untracked(|d| {
            let (i, k) = d.discount_position(id)?;
            let phase = &d.phases[i];
            let ids: Vec<u64> = phase.discounts.iter().map(|q| q.id).collect();
            let add = format!("p{}-add-discount", phase.id);
            Some(focus_after_removal(&ids, k, 'k', add))
        });
        s.step(|d| d.remove_discount(id));
        browser::focus_later(targets.unwrap_or_default());
    };
    let label = move || format!("Discount {}: {}", position.get().1 + 1, name.get());
    view! {
        <div class="discount grid" role="group" aria-label=label aria-describedby=described>
            <Field label="Discount name" id=format!("k{id}-name") path=path(".name") value=name placeholder="e.g. Launch discount"
                on_input=set("name", |k, v| k.name = v)/>
            <Choice label="Discount type" id=format!("k{id}-type") path=path(".type")
                value=text(|k| k.kind.clone()) options=&draft::DISCOUNT_KINDS
                on_change=set("type", |k, v| k.kind = v)/>
            <Field label="Discount value" id=format!("k{id}-value") path=path(".value") value=text(|k| k.value.clone())
                placeholder="e.g. 10" inputmode="decimal" class="narrow" on_input=set("value", |k, v| k.value = v)/>
            <fieldset class="applies">
                <legend>"Prices covered"</legend>
                <For each=move || prices.get() key=|p| p.clone() children=move |(pid, pname)| {
                    let checked = Memo::new(move |_| {
                        discount.with(|k| k.as_ref().is_some_and(|k| !k.excluded.contains(&pid)))
                    });
                    let toggle = move |_| {
                        s.step(|d| {
                            if let Some(k) = d.discount_mut(id) {
                                if k.excluded.contains(&pid) {
                                    k.excluded.retain(|q| *q != pid);
                                } else {
                                    k.excluded.push(pid);
                                }
                            }
                        });
                    };
                    let box_id = format!("k{id}-q{pid}");
                    view! {
                        <span class="check">
                            <input type="checkbox" id=box_id.clone() prop:checked=move || checked.get() on:change=toggle/>
                            <label for=box_id>{format!("Applies to {pname}")}</label>
                        </span>
                    }
                }/>
            </fieldset>
            <div class="field button-cell">
                <button type="button" class="danger" on:click=move |_| remove()>"Remove discount"</button>
            </div>
            <p class="error row-error" id=error_id>{move || row_error.get()}</p>
        </div>
    }
}
