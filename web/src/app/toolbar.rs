//! The header: actions (undo, import, export, share, print), save status, notices.

use super::state::*;
use crate::browser;
use crate::draft::{self, Draft};
use crate::history::History;
use crate::messages::*;
use crate::persist::{self};
use leptos::prelude::*;
use wasm_bindgen::JsCast;

#[component]
pub(crate) fn Toolbar() -> impl IntoView {
    let s = expect_context::<State>();
    let file_input = NodeRef::<leptos::html::Input>::new();
    let share_url = RwSignal::new(None::<String>);
    let can_undo = Memo::new(move |_| s.history.with(History::can_undo));
    let can_redo = Memo::new(move |_| s.history.with(History::can_redo));

    let on_file = move |ev: web_sys::Event| {
        let Some(input) = ev
            .target()
            .and_then(|t| t.dyn_into::<web_sys::HtmlInputElement>().ok())
        else {
            return;
        };
        let file = input.files().and_then(|files| files.get(0));
        input.set_value("");
        let Some(file) = file else { return };
        let name = file.name();
        leptos::task::spawn_local(async move {
            let text = wasm_bindgen_futures::JsFuture::from(file.text()).await;
            let Some(text) = text.ok().and_then(|t| t.as_string()) else {
                s.tell(
                    true,
                    format!("Import failed: {name} could not be read. Nothing was changed."),
                );
                return;
            };
            match draft::import(&text, &s.options(), s.today) {
                Ok(imported) => {
                    s.replace(imported);
                    s.tell(false, format!("Imported {name}."));
                }
                Err(e) => s.tell(true, format!("Import failed: {e} Nothing was changed.")),
            }
        });
    };
    let export_json = move |_| {
        let d = s.draft.get_untracked();
        browser::download(
            &file_name(&d.customer, "json"),
            "application/json",
            &d.export_json(),
        );
    };
    let export_csv = move |_| match s.last_good.get_untracked() {
        Some(preview) => {
            let stale = s.result.with_untracked(Result::is_err);
            let d = s.draft.get_untracked();
            browser::download(
                &file_name(&d.customer, "csv"),
                "text/csv",
                &crate::csv::invoices_csv(&preview),
            );
            if stale {
                s.tell(
                    true,
                    "Exported the last valid preview: the schedule has errors.",
                );
            }
        }
        None => s.tell(true, "Nothing to export: the schedule has errors."),
    };
    let share = move |_| {
        let url = format!(
            "{}#{}",
            browser::base_url(),
            persist::share_fragment(&s.draft.get_untracked())
        );
        share_url.set(Some(url.clone()));
        leptos::task::spawn_local(async move {
            match browser::copy_text(&url).await {
                Ok(()) => s.tell(false, "Share link copied to the clipboard."),
                Err(_) => s.tell(false, "Share link ready: copy it from the Share URL field."),
            }
        });
    };
    view! {
        <nav class="toolbar" aria-label="Actions">
            <button type="button" on:click=move |_| s.undo() prop:disabled=move || !can_undo.get()
                aria-keyshortcuts="Control+Z">"Undo"</button>
            <button type="button" on:click=move |_| s.redo() prop:disabled=move || !can_redo.get()
                aria-keyshortcuts="Control+Shift+Z">"Redo"</button>
            <button type="button" on:click=move |_| {
                s.link.set(None);
                s.replace(Draft::blank());
                s.tell(false, "New schedule. Undo brings back the previous one.");
                browser::focus_later(vec!["customer".into()]);
            }>"New schedule"</button>
            <button type="button" on:click=move |_| {
                s.replace(Draft::acme());
                s.tell(false, "Opened the example (Acme Corp). Undo brings back the previous schedule.");
            }>"Open example"</button>
            <button type="button" on:click=move |_| {
                if let Some(input) = file_input.get() {
                    input.click();
                }
            }>"Import"</button>
            <input type="file" id="import-file" class="visually-hidden" tabindex="-1"
                accept=".json,application/json" node_ref=file_input on:change=on_file
                aria-hidden="true"/>
            <button type="button" on:click=export_json>"Export JSON"</button>
            <button type="button" on:click=export_csv>"Export CSV"</button>
            <button type="button" on:click=share>"Share link"</button>
            <button type="button" on:click=move |_| {
                let _ = browser::window().print();
            }>"Print"</button>
        </nav>
        {move || share_url.get().map(|url| view! {
            <div class="share field">
                <label for="share-url">"Share URL"</label>
                <input id="share-url" type="text" readonly prop:value=url
                    on:focus=|ev| {
                        if let Some(input) = ev.target().and_then(|t| t.dyn_into::<web_sys::HtmlInputElement>().ok()) {
                            input.select();
                        }
                    }/>
            </div>
        })}
    }
}

#[component]
pub(crate) fn SaveStatusLine() -> impl IntoView {
    let s = expect_context::<State>();
    view! {
        // Not spoken on every keystroke ("Saving…", "All changes saved"); a failure is.
        <p class="save-status" role="status"
            aria-live=move || if matches!(s.save_status.get(), SaveStatus::Failed(_)) { "assertive" } else { "off" }>
            {move || match s.save_status.get() {
                SaveStatus::Idle => "Autosave on".to_string(),
                SaveStatus::Saving => "Saving…".to_string(),
                SaveStatus::Saved => "All changes saved".to_string(),
                SaveStatus::Failed(e) => format!("Not saved: {e}"),
            }}
            {move || {
                let storage = s.storage.get();
                (!storage.is_empty()).then(|| format!(" · storage {storage}"))
            }}
        </p>
    }
}

#[component]
pub(crate) fn NoticeLine() -> impl IntoView {
    let s = expect_context::<State>();
    move || {
        s.notice.get().map(|n| {
            view! {
                <div class="notice" class:notice-error=n.error role={if n.error { "alert" } else { "status" }}>
                    <span>{n.text}</span>
                    {n.target.map(|id| view! {
                        <button type="button" class="link" on:click=move |_| browser::show_element(&id)>"Show invoice"</button>
                    })}
                    <button type="button" class="link" on:click=move |_| s.notice.set(None)>"Dismiss"</button>
                </div>
            }
        })
    }
}
