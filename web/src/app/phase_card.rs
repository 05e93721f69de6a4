//! The phases list and one phase card (with its milestone fields).

use super::discount_row::*;
use super::fields::*;
use super::milestone_dialog::*;
use super::price_row::*;
use super::state::*;
use crate::browser;
use crate::draft::{self, PhaseDraft};
use leptos::prelude::*;
use phasebill::PhaseStatus;

#[component]
pub(crate) fn Phases() -> impl IntoView {
    let s = expect_context::<State>();
    let ids = Memo::new(move |_| {
        s.draft
            .with(|d| d.phases.iter().map(|p| p.id).collect::<Vec<_>>())
    });
    view! {
        <section class="phases" aria-labelledby="phases-title">
            <h2 id="phases-title">"Phases"</h2>
            <For each=move || ids.get() key=|id| *id children=move |id| view! { <PhaseCard id ids/> }/>
            <button type="button" class="add" id="add-phase" on:click=move |_| {
                let mut added = 0;
                s.step(|d| added = d.add_phase());
                s.added_phase.set_value(Some(added));
                browser::focus_later(vec![format!("p{added}-name")]);
            }>"Add phase"</button>
        </section>
    }
}

/// One phase as it is in the draft. The phase's card and rows read this memo, not the
/// draft: an edit of one phase reaches that phase's nodes only (the draft's other readers
/// are a few), and an unchanged phase is compared, not copied.
pub(crate) fn phase_memo(s: State, id: u64) -> Memo<Option<PhaseDraft>> {
    Memo::new_owning(move |previous: Option<Option<PhaseDraft>>| {
        s.draft.with(|d| kept(previous, d.phase(id)))
    })
}

/// A phase's own fields (its prices left out), as a memo: changes elsewhere in the phase
/// do not reach the phase's fields.
pub(crate) fn phase_head(phase: Memo<Option<PhaseDraft>>) -> Memo<Option<PhaseDraft>> {
    Memo::new(move |_| {
        phase.with(|p| {
            p.as_ref().map(|p| PhaseDraft {
                id: p.id,
                name: p.name.clone(),
                duration_type: p.duration_type.clone(),
                count: p.count.clone(),
                unit: p.unit.clone(),
                completed: p.completed,
                completed_on: p.completed_on.clone(),
                recorded_on: p.recorded_on.clone(),
                expected_on: p.expected_on.clone(),
                prices: Vec::new(),
                discounts: Vec::new(),
            })
        })
    })
}

pub(crate) fn phase_text(
    head: Memo<Option<PhaseDraft>>,
    read: fn(&PhaseDraft) -> String,
) -> Signal<String> {
    // A memo: the field is told only when its own value changed, never re-rendered by an
    // edit of another field of the phase.
    Memo::new(move |_| head.with(|p| p.as_ref().map(read).unwrap_or_default())).into()
}

#[component]
pub(crate) fn PhaseCard(id: u64, ids: Memo<Vec<u64>>) -> impl IntoView {
    let s = expect_context::<State>();
    let phase = phase_memo(s, id);
    let head = phase_head(phase);
    let index = Memo::new(move |_| ids.with(|ids| ids.iter().position(|p| *p == id).unwrap_or(0)));
    let count = Memo::new(move |_| ids.with(Vec::len));
    let path = move |suffix: &'static str| {
        Signal::derive(move || format!("phases[{}]{suffix}", index.get()))
    };
    let set = move |field: &'static str, f: fn(&mut PhaseDraft, String)| {
        Callback::new(move |v: String| {
            s.edit(&format!("phase{id}.{field}"), |d| {
                if let Some(p) = d.phase_mut(id) {
                    f(p, v)
                }
            })
        })
    };
    let name = phase_text(head, |p| p.name.clone());
    let duration_type = phase_text(head, |p| p.duration_type.clone());
    let status = Memo::new(move |_| {
        let i = index.get();
        s.last_good
            .with(|p| p.as_ref().and_then(|p| p.phases.get(i).map(|v| v.status)))
    });
    let price_ids = Memo::new(move |_| {
        phase
            .with(|p| {
                p.as_ref()
                    .map(|p| p.prices.iter().map(|q| q.id).collect::<Vec<_>>())
            })
            .unwrap_or_default()
    });
    let discount_ids = Memo::new(move |_| {
        phase
            .with(|p| {
                p.as_ref()
                    .map(|p| p.discounts.iter().map(|k| k.id).collect::<Vec<_>>())
            })
            .unwrap_or_default()
    });
    // Moving a card takes it out of the page for a moment: focus goes back to the control
    // that had it (or, when that is now disabled, the other move button or the title).
    let move_phase = move |delta: i64| {
        let focused = browser::focused();
        s.step(|d| {
            d.move_phase(id, delta);
        });
        let other = if delta < 0 { "down" } else { "up" };
        browser::refocus_later(
            focused,
            vec![format!("p{id}-{other}"), format!("p{id}-title")],
        );
    };
    let remove_phase = move || {
        let next = s.draft.with_untracked(|d| {
            let i = d.phase_index(id)?;
            d.phases
                .get(i + 1)
                .or_else(|| i.checked_sub(1).and_then(|j| d.phases.get(j)))
                .map(|p| p.id)
        });
        s.step(|d| d.remove_phase(id));
        let mut targets: Vec<String> = next.map(|n| format!("p{n}-title")).into_iter().collect();
        targets.push("add-phase".into());
        browser::focus_later(targets);
    };
    let on_key = move |ev: web_sys::KeyboardEvent| {
        if !ev.alt_key() {
            return;
        }
        let delta = match ev.key().as_str() {
            "ArrowUp" => -1,
            "ArrowDown" => 1,
            _ => return,
        };
        ev.prevent_default();
        move_phase(delta);
    };
    let label = move || format!("Phase {}: {}", index.get() + 1, name.get());
    // Large contracts open with their phases folded (the fields of a folded phase are not
    // rendered, which keeps editing fast); a folded phase says when it has errors.
    let expanded = RwSignal::new(
        s.added_phase.get_value() == Some(id)
            || s.draft.with_untracked(|d| {
                d.phases.iter().map(|p| p.prices.len()).sum::<usize>() <= FOLD_ABOVE_PRICES
            }),
    );
    let has_errors = Memo::new(move |_| {
        let prefix = format!("phases[{}]", index.get());
        s.errors.with(|e| {
            e.fields.keys().any(|k| {
                k.strip_prefix(&prefix)
                    .is_some_and(|rest| rest.starts_with('.'))
            })
        })
    });
    let summary = move || {
        head.with(|p| {
            p.as_ref().map(|p| {
                let duration = match p.duration_type.as_str() {
                    "fixed" => format!("Fixed: {} {}", p.count, p.unit),
                    "milestone" if !p.completed => "Milestone pending".to_string(),
                    "milestone" if p.completed_on.is_empty() => {
                        "Milestone completed (date missing)".to_string()
                    }
                    "milestone" => format!("Milestone completed {}", nice_date(&p.completed_on)),
                    _ => "Open-ended".to_string(),
                };
                let prices = price_ids.with(Vec::len);
                format!(
                    "{duration} · {prices} price{}",
                    if prices == 1 { "" } else { "s" }
                )
            })
        })
    };
    view! {
        <section class="card phase" aria-label=label on:keydown=on_key>
            <header class="phase-head">
                <h3 id=format!("p{id}-title") tabindex="-1">{move || format!("Phase {}", index.get() + 1)}</h3>
                // While the schedule has errors the last good preview's status may be wrong:
                // no badge then.
                <span class="badge" class:hidden=move || s.stale.get()>
                    {move || (!s.stale.get()).then(|| status.get().map(status_text)).flatten()}
                </span>
                <span class="spacer"></span>
                <button type="button" class="icon" title="Move phase up (Alt+Up)" id=format!("p{id}-up")
                    prop:disabled=move || index.get() == 0
                    on:click=move |_| move_phase(-1)>"Move phase up"</button>
                <button type="button" class="icon" title="Move phase down (Alt+Down)" id=format!("p{id}-down")
                    prop:disabled=move || { index.get() + 1 >= count.get() }
                    on:click=move |_| move_phase(1)>"Move phase down"</button>
                <button type="button" class="danger" on:click=move |_| remove_phase()>"Remove phase"</button>
                <button type="button" aria-expanded=move || expanded.get().to_string()
                    on:click=move |_| expanded.update(|e| *e = !*e)>
                    {move || if expanded.get() { "Hide fields" } else { "Show fields" }}
                </button>
            </header>
            <Show when=move || !expanded.get()>
                <p class="phase-summary">
                    {move || name.get()} " · " {summary}
                    {move || has_errors.get().then_some(" · has errors: show fields to fix them")}
                </p>
            </Show>
            <Show when=move || expanded.get()>
            <div class="grid">
                <Field label="Phase name" id=format!("p{id}-name") path=path(".name") value=name placeholder="e.g. Year 1"
                    on_input=set("name", |p, v| p.name = v)/>
                <Choice label="Duration type" id=format!("p{id}-type") path=path(".duration.type")
                    value=duration_type options=&draft::DURATION_TYPES
                    on_change=set("type", |p, v| p.duration_type = v)/>
                {move || match duration_type.get().as_str() {
                    "fixed" => view! {
                        <Field label="Count" id=format!("p{id}-count") path=path(".duration.count") placeholder="e.g. 12"
                            value=phase_text(head, |p| p.count.clone()) inputmode="numeric" class="narrow"
                            on_input=set("count", |p, v| p.count = v)/>
                        <Choice label="Unit" id=format!("p{id}-unit") path=path(".duration.unit")
                            value=phase_text(head, |p| p.unit.clone()) options=&draft::UNITS
                            on_change=set("unit", |p, v| p.unit = v)/>
                    }.into_any(),
                    "milestone" => view! { <MilestoneFields id index head/> }.into_any(),
                    _ => view! { <p class="hint">"Open-ended: bills until the preview window ends."</p> }.into_any(),
                }}
            </div>
            <div class="prices">
                <h4>"Prices"</h4>
                <For each=move || price_ids.get() key=|id| *id children=move |pid| view! { <PriceRow id=pid phase index/> }/>
                <button type="button" class="add" id=format!("p{id}-add-price") on:click=move |_| {
                    let mut added = None;
                    s.step(|d| added = d.add_price(id));
                    if let Some(q) = added {
                        browser::focus_later(vec![format!("q{q}-name")]);
                    }
                }>"Add price"</button>
            </div>
            <div class="discounts">
                <h4>"Discounts"</h4>
                <For each=move || discount_ids.get() key=|id| *id children=move |did| view! { <DiscountRow id=did phase index/> }/>
                <button type="button" class="add" id=format!("p{id}-add-discount") on:click=move |_| {
                    let mut added = None;
                    s.step(|d| added = d.add_discount(id));
                    if let Some(k) = added {
                        browser::focus_later(vec![format!("k{k}-name")]);
                    }
                }>"Add discount"</button>
            </div>
            </Show>
        </section>
    }
}

#[component]
pub(crate) fn MilestoneFields(
    id: u64,
    index: Memo<usize>,
    head: Memo<Option<PhaseDraft>>,
) -> impl IntoView {
    let s = expect_context::<State>();
    let path = move |suffix: &'static str| {
        Signal::derive(move || format!("phases[{}]{suffix}", index.get()))
    };
    let completed = phase_text(head, |p| p.completed_on.clone());
    let recorded = phase_text(head, |p| p.recorded_on.clone());
    // The state is an explicit choice: only "Mark milestone complete" and "Reopen milestone"
    // change it, and only a change of it re-renders this block.
    let done = Memo::new(move |_| head.with(|p| p.as_ref().is_some_and(|p| p.completed)));
    let reopen = move |_| {
        s.step(|d| d.reopen_milestone(id));
        browser::focus_later(vec![format!("p{id}-expected")]);
    };
    let set = move |field: &'static str, f: fn(&mut PhaseDraft, String)| {
        Callback::new(move |v: String| {
            s.edit(&format!("phase{id}.{field}"), |d| {
                if let Some(p) = d.phase_mut(id) {
                    f(p, v)
                }
            })
        })
    };
    move || {
        if !done.get() {
            view! {
                <div class="milestone pending">
                    <p class="milestone-state">"Milestone pending"</p>
                    <Field label="Expected date" id=format!("p{id}-expected") path=path(".duration.expectedOn")
                        kind="date" value=phase_text(head, |p| p.expected_on.clone())
                        on_input=set("expected", |p, v| p.expected_on = v)/>
                    <button type="button" on:click=move |_| open_dialog(s, id)>"Mark milestone complete"</button>
                </div>
            }
            .into_any()
        } else {
            let shown = move || {
                let c = completed.get();
                let r = recorded.get();
                let r = if r.is_empty() { c.clone() } else { r };
                if c.is_empty() {
                    return "Completed (enter the completion date)".to_string();
                }
                format!(
                    "Completed on {}, recorded on {}",
                    nice_date(&c),
                    nice_date(&r)
                )
            };
            view! {
                <div class="milestone done">
                    <p class="milestone-state">{shown}</p>
                    <Field label="Completion date" id=format!("p{id}-completed") path=path(".duration.completedOn")
                        kind="date" value=completed
                        on_input=set("completed", |p, v| p.completed_on = v)/>
                    <button type="button" on:click=reopen>"Reopen milestone"</button>
                </div>
            }
            .into_any()
        }
    }
}

pub(crate) fn nice_date(iso: &str) -> String {
    phasebill::parse_date(iso).map_or_else(|_| iso.to_string(), browser::date)
}

pub(crate) fn status_text(status: PhaseStatus) -> &'static str {
    match status {
        PhaseStatus::Completed => "Completed",
        PhaseStatus::Active => "Active",
        PhaseStatus::Upcoming => "Upcoming",
        PhaseStatus::AwaitingMilestone => "Awaiting milestone",
    }
}
