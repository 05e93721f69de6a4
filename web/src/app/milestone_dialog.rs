//! The "Mark milestone complete" dialog.

use super::phase_card::*;
use super::state::*;
use crate::browser;
use crate::messages::adjustment_summary;
use leptos::prelude::*;

/// Which phase the completion dialog is for, and its date field.
#[derive(Clone, Copy)]
pub(crate) struct DialogState {
    pub(crate) phase: RwSignal<Option<u64>>,
    pub(crate) date: RwSignal<String>,
    pub(crate) node: NodeRef<leptos::html::Dialog>,
}

pub(crate) fn open_dialog(s: State, phase_id: u64) {
    let Some(d) = use_context::<DialogState>() else {
        return;
    };
    let as_of = s.as_of.get_untracked();
    let default = if phasebill::parse_date(&as_of).is_ok() {
        as_of
    } else {
        s.today.to_string()
    };
    d.date.set(default);
    d.phase.set(Some(phase_id));
    if let Some(dialog) = d.node.get_untracked() {
        if !dialog.open() {
            let _ = dialog.show_modal();
        }
    }
}

#[component]
pub(crate) fn MilestoneDialog() -> impl IntoView {
    let s = expect_context::<State>();
    let d = expect_context::<DialogState>();
    let close = move || {
        if let Some(dialog) = d.node.get_untracked() {
            dialog.close();
        }
    };
    let recorded = move || {
        let as_of = s.as_of.get();
        if phasebill::parse_date(&as_of).is_ok() {
            as_of
        } else {
            s.today.to_string()
        }
    };
    let name = move || {
        d.phase
            .get()
            .and_then(|id| s.draft.with(|dr| dr.phase(id).map(|p| p.name.clone())))
            .unwrap_or_default()
    };
    let valid = move || phasebill::parse_date(&d.date.get()).is_ok();
    let confirm = move |_| {
        let (Some(id), date) = (d.phase.get_untracked(), d.date.get_untracked()) else {
            return;
        };
        if phasebill::parse_date(&date).is_err() {
            return;
        }
        let on = recorded();
        s.step(|dr| dr.complete_milestone(id, &date, &on));
        browser::focus_later(vec![format!("p{id}-completed")]);
        // Say what changed: the credits and catch-ups on the recording date's invoice.
        let recorded_on = phasebill::parse_date(&on).ok();
        let summary = s.result.with_untracked(|r| {
            let preview = r.as_ref().ok()?;
            let money = |m| browser::money(m, preview.currency);
            adjustment_summary(preview, recorded_on?, &money, &|d| browser::date(d))
        });
        let done = format!("Milestone completed on {}.", nice_date(&date));
        s.notice.set(Some(match summary {
            Some(summary) => Notice {
                error: false,
                text: format!("{done} {summary}."),
                target: recorded_on.map(|d| format!("invoice-{d}")),
            },
            None => Notice {
                error: false,
                text: done,
                target: None,
            },
        }));
        close();
    };
    view! {
        <dialog node_ref=d.node aria-labelledby="dialog-title" on:close=move |_| d.phase.set(None)>
            <h2 id="dialog-title">"Mark milestone complete"</h2>
            <p>{move || format!("Phase: {}", name())}</p>
            <div class="field">
                <label for="dialog-completion">"Completion date"</label>
                <input id="dialog-completion" type="date" prop:value=move || d.date.get()
                    on:input=move |ev| d.date.set(event_target_value(&ev))
                    aria-describedby="dialog-hint"/>
            </div>
            <p class="hint" id="dialog-hint">{move || format!(
                "The completion is recorded on {} (the as-of date). Past and future dates are allowed.",
                nice_date(&recorded())
            )}</p>
            <div class="dialog-buttons">
                <button type="button" class="primary" prop:disabled=move || !valid() on:click=confirm>"Confirm completion"</button>
                <button type="button" on:click=move |_| close()>"Cancel"</button>
            </div>
        </dialog>
    }
}
