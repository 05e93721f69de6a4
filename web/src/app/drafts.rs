//! Whole-draft choices: the question a share link asks before it replaces the draft, and
//! the other drafts kept beside the current one.

use super::state::*;
use crate::messages::draft_name;
use crate::persist::Saved;
use leptos::prelude::*;

/// Makes `saved` the current draft (one undo step), with its as-of if it had one.
fn open(s: State, saved: Saved) {
    s.replace(saved.draft);
    if saved.as_of.is_some() {
        s.set_as_of(saved.as_of);
        s.seal();
    }
}

/// "Replace your current draft, Globex Inc?" — shown while a share link waits.
#[component]
pub(crate) fn LinkQuestion() -> impl IntoView {
    let s = expect_context::<State>();
    let current = Memo::new(move |_| s.draft.with(draft_name));
    let shared = Memo::new(move |_| s.link.with(|l| l.as_ref().map(draft_name)));
    let replace = move |_| {
        let Some(shared) = s.link.get_untracked() else {
            return;
        };
        let name = current.get_untracked();
        s.link.set(None);
        s.replace(shared);
        s.tell(
            false,
            format!("Opened the share link. Undo brings back your draft, {name}."),
        );
    };
    let copy = move |_| {
        let Some(shared) = s.link.get_untracked() else {
            return;
        };
        let name = current.get_untracked();
        s.shelf.update(|shelf| shelf.put(s.saved()));
        s.save_shelf();
        s.link.set(None);
        s.replace(shared);
        s.tell(
            false,
            format!("Opened the share link. Your draft {name} is kept under Other drafts."),
        );
    };
    let keep = move |_| {
        s.link.set(None);
        s.tell(
            false,
            "The share link was not opened; your draft is unchanged.",
        );
    };
    move || {
        shared.get().map(|shared| {
            view! {
                <section class="link-question" role="region" aria-label="Share link" aria-live="polite">
                    <p>
                        {format!("This share link opens the schedule of {shared}. ")}
                        <strong>{move || format!("Replace your current draft, {}?", current.get())}</strong>
                    </p>
                    <div class="dialog-buttons">
                        <button type="button" class="primary" on:click=copy>"Open as a copy"</button>
                        <button type="button" on:click=replace>"Replace"</button>
                        <button type="button" on:click=keep>"Keep my draft"</button>
                    </div>
                </section>
            }
        })
    }
}

/// The other drafts kept, each with "Open" (the current one takes its place on the shelf).
#[component]
pub(crate) fn OtherDrafts() -> impl IntoView {
    let s = expect_context::<State>();
    let names = Memo::new(move |_| {
        s.shelf.with(|shelf| {
            shelf
                .drafts
                .iter()
                .map(|d| draft_name(&d.draft))
                .collect::<Vec<_>>()
        })
    });
    let switch = move |index: usize| {
        let mut taken = None;
        s.shelf.update(|shelf| taken = shelf.take(index));
        let Some(taken) = taken else { return };
        let current = s.saved();
        s.shelf.update(|shelf| shelf.put(current));
        s.save_shelf();
        open(s, taken);
    };
    move || {
        let names = names.get();
        (!names.is_empty()).then(|| {
            view! {
                <section class="other-drafts" role="region" aria-label="Other drafts">
                    <h2>"Other drafts"</h2>
                    <ul>
                        {names
                            .into_iter()
                            .enumerate()
                            .map(|(i, name)| {
                                view! {
                                    <li>
                                        <span>{name.clone()}</span>
                                        <button type="button" aria-label=format!("Open {name}")
                                            on:click=move |_| switch(i)>"Open"</button>
                                    </li>
                                }
                            })
                            .collect_view()}
                    </ul>
                </section>
            }
        })
    }
}
