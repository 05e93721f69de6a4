//! The Leptos components. State is one draft signal plus the as-of; the preview is a memo
//! over them calling the engine; components only bind fields and render.

mod billing_by_month;
mod boot;
mod compare;
mod discount_row;
mod drafts;
mod fields;
mod invoice_card;
mod milestone_dialog;
mod phase_card;
mod preview_panel;
mod price_row;
mod print_header;
mod state;
mod summary;
mod timeline_chart;
mod toolbar;

use crate::browser;
use boot::*;
use chrono::NaiveDate;
use compare::VersionsCard;
use drafts::*;
use fields::*;
use leptos::prelude::*;
use milestone_dialog::*;
use phase_card::*;
use preview_panel::*;
use print_header::PrintHeader;
use state::*;
use summary::TotalBar;
use toolbar::*;
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;

#[wasm_bindgen(start)]
pub fn start() {
    console_error_panic_hook::set_once();
    // Leptos sets up its executor when mounting; the boot runs before that.
    wasm_bindgen_futures::spawn_local(async {
        let today = browser::today();
        let boot = boot(today).await;
        let document = browser::window().document();
        let Some(root) = document
            .as_ref()
            .and_then(|d| d.get_element_by_id("app"))
            .and_then(|e| e.dyn_into::<web_sys::HtmlElement>().ok())
        else {
            return;
        };
        root.set_inner_html("");
        leptos::mount::mount_to(root, move || view! { <App boot today/> }).forget();
    });
}

#[component]
pub(crate) fn App(boot: Boot, today: NaiveDate) -> impl IntoView {
    let state = build_state(&boot, today);
    provide_context(state);
    provide_context(DialogState {
        phase: RwSignal::new(None),
        date: RwSignal::new(String::new()),
        node: NodeRef::new(),
    });
    if boot.save {
        state.save();
    }
    leptos::task::spawn_local(async move {
        let result = browser::persist().await;
        state.storage.set(result);
    });
    let keys = window_event_listener(leptos::ev::keydown, move |ev| {
        if !(ev.ctrl_key() || ev.meta_key()) || ev.alt_key() {
            return;
        }
        let key = ev.key();
        let z = key.eq_ignore_ascii_case("z");
        if z && !ev.shift_key() {
            ev.prevent_default();
            state.undo();
        } else if (z && ev.shift_key()) || key.eq_ignore_ascii_case("y") {
            ev.prevent_default();
            state.redo();
        }
    });
    on_cleanup(move || keys.remove());
    // Another tab of the app edits the same draft: say so (the last tab to save wins).
    browser::watch_tabs(move |kind| {
        match kind.as_str() {
        "hello" | "here" => state.tell(
            false,
            "This draft is also open in another tab. Edit it in one tab only: the last tab to save wins.",
        ),
        "saved" => state.tell(
            true,
            "Another tab saved changes to this draft. Reload to see them; editing here overwrites them.",
        ),
        _ => {}
    }
    });
    let skip = move |ev: leptos::ev::MouseEvent| {
        ev.prevent_default();
        browser::focus_later(vec!["preview".into()]);
    };

    view! {
        <a class="skip-link" href="#preview" on:click=skip>"Skip to preview"</a>
        <header class="app-header">
            <h1>"Phasebill schedule builder"</h1>
            <Toolbar/>
            <SaveStatusLine/>
        </header>
        <TotalBar/>
        <NoticeLine/>
        <LinkQuestion/>
        <OtherDrafts/>
        <PrintHeader/>
        <div class="layout">
            <div class="editor">
                <ScheduleFields/>
                <VersionsCard/>
                <Phases/>
            </div>
            <PreviewPanel/>
        </div>
        <MilestoneDialog/>
    }
}
