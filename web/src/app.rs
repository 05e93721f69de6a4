//! The Leptos components. State is one draft signal plus the as-of; the preview is a memo
//! over them calling the engine; components only bind fields and render.

use crate::browser;
use crate::draft::{self, Draft, PhaseDraft, PriceDraft};
use crate::history::History;
use crate::persist::{self, Saved};
use crate::timeline::{Timeline, WIDTH};
use chrono::{Duration, NaiveDate};
use leptos::prelude::*;
use phasebill::{Currency, Money, Preview};
use phasebill::{Invoice, InvoiceKind, InvoiceLine, InvoiceStatus, LineKind, PhaseStatus};
use serde_json::{json, Value};
use std::collections::HashMap;
use std::sync::Arc;
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;

/// IndexedDB key of the current draft.
const SAVE_KEY: &str = "current";
/// Where an unreadable saved draft is copied before it is replaced.
const BACKUP_KEY: &str = "unreadable-backup";

/// Invoices rendered before "Show all" is pressed.
const INVOICES_SHOWN: usize = 400;

/// Contracts with more prices than this open with their phases folded.
const FOLD_ABOVE_PRICES: usize = 30;

thread_local! {
    /// The phase just added with "Add phase" (its card opens unfolded).
    static ADDED_PHASE: std::cell::Cell<Option<u64>> = const { std::cell::Cell::new(None) };
    /// A save is scheduled and has not yet read the state.
    static SAVE_PENDING: std::cell::Cell<bool> = const { std::cell::Cell::new(false) };
    /// Number of the latest write started.
    static SAVE_SEQ: std::cell::Cell<u64> = const { std::cell::Cell::new(0) };
}

#[derive(Debug, Clone, PartialEq)]
enum SaveStatus {
    Idle,
    Saving,
    Saved,
    Failed(String),
}

#[derive(Debug, Clone, PartialEq)]
struct Notice {
    error: bool,
    text: String,
}

/// Issues of the current input, placed at their fields.
#[derive(Debug, Clone, PartialEq, Default)]
struct Errors {
    fields: HashMap<String, String>,
    general: Vec<String>,
}

#[derive(Clone, Copy)]
struct State {
    draft: RwSignal<Draft>,
    /// Text of the As of field.
    as_of: RwSignal<String>,
    /// Whether the user chose the as-of (else it is today at each load).
    as_of_chosen: RwSignal<bool>,
    history: RwSignal<History<Draft>>,
    save_status: RwSignal<SaveStatus>,
    storage: RwSignal<String>,
    notice: RwSignal<Option<Notice>>,
    result: Memo<Result<Arc<Preview>, Arc<phasebill::Error>>>,
    last_good: Memo<Option<Arc<Preview>>>,
    errors: Memo<Errors>,
    today: NaiveDate,
}

impl State {
    /// The engine's message for the field at `path`, if it has one.
    fn field_error(self, path: Signal<String>) -> Memo<Option<String>> {
        Memo::new(move |_| {
            let path = path.get();
            self.errors.with(|e| e.fields.get(&path).cloned())
        })
    }

    fn options(self) -> Value {
        let as_of = self.as_of.get_untracked();
        if as_of.is_empty() {
            json!({})
        } else {
            json!({ "asOf": as_of })
        }
    }

    /// Applies an edit of `field`; consecutive edits of one field are one undo step.
    fn edit(self, field: &str, change: impl FnOnce(&mut Draft)) {
        let mut before = None;
        self.draft.maybe_update(|draft| {
            let old = draft.clone();
            change(draft);
            let changed = *draft != old;
            if changed {
                before = Some(old);
            }
            changed
        });
        if let Some(before) = before {
            self.history.update(|h| h.record(before, field));
            self.save();
        }
    }

    /// An edit that is always its own undo step (add, remove, move, import).
    fn step(self, change: impl FnOnce(&mut Draft)) {
        self.history.update(History::seal);
        self.edit("step", change);
        self.history.update(History::seal);
    }

    fn seal(self) {
        self.history.update_untracked(History::seal);
    }

    fn undo(self) {
        self.travel(History::undo);
    }

    fn redo(self) {
        self.travel(History::redo);
    }

    /// Moves through the history (undo or redo) from the current draft, if it can.
    fn travel(self, step: fn(&mut History<Draft>, Draft) -> Option<Draft>) {
        let current = self.draft.get_untracked();
        let mut reached = None;
        self.history.update(|h| reached = step(h, current));
        if let Some(reached) = reached {
            self.draft.set(reached);
            self.save();
        }
    }

    /// Autosave: every change is written to IndexedDB; failures (quota) are shown. The write
    /// runs in a later task, so typing is not slowed by it; changes made before it runs are
    /// written together (the latest state).
    fn save(self) {
        if self.save_status.get_untracked() != SaveStatus::Saving {
            self.save_status.set(SaveStatus::Saving);
        }
        if SAVE_PENDING.replace(true) {
            return;
        }
        browser::later(move || {
            SAVE_PENDING.set(false);
            let as_of = self
                .as_of_chosen
                .get_untracked()
                .then(|| self.as_of.get_untracked());
            let text = Saved::new(self.draft.get_untracked(), as_of).to_text();
            let status = self.save_status;
            let seq = SAVE_SEQ.get() + 1;
            SAVE_SEQ.set(seq);
            leptos::task::spawn_local(async move {
                let result = browser::save(SAVE_KEY, &text).await;
                // A later save is scheduled or under way: its result is the one to show.
                if SAVE_PENDING.get() || SAVE_SEQ.get() != seq {
                    return;
                }
                match result {
                    Ok(()) => status.set(SaveStatus::Saved),
                    Err(e) => status.set(SaveStatus::Failed(e)),
                }
            });
        });
    }

    fn tell(self, error: bool, text: impl Into<String>) {
        self.notice.set(Some(Notice {
            error,
            text: text.into(),
        }));
    }

    /// A memo of one draft value (notifies only when that value changes).
    fn value<F>(self, read: F) -> Signal<String>
    where
        F: Fn(&Draft) -> Option<String> + Send + Sync + 'static,
    {
        let draft = self.draft;
        Memo::new(move |_| draft.with(|d| read(d).unwrap_or_default())).into()
    }
}

/// What the app starts with.
struct Boot {
    draft: Draft,
    as_of: Option<String>,
    notice: Option<Notice>,
    /// Save at once (the draft came from a share link).
    save: bool,
}

async fn boot(today: NaiveDate) -> Boot {
    let mut notice = None;
    if let Some(link) = persist::fragment_schedule(&browser::fragment()) {
        browser::clear_fragment();
        match link.and_then(|text| draft::import(&text, &json!({}), today)) {
            Ok(draft) => {
                return Boot {
                    draft,
                    as_of: None,
                    notice: Some(Notice {
                        error: false,
                        text: "Opened the schedule from a share link.".into(),
                    }),
                    save: true,
                }
            }
            Err(e) => {
                notice = Some(Notice {
                    error: true,
                    text: format!("The share link could not be opened. {e}"),
                })
            }
        }
    }
    match browser::load(SAVE_KEY).await {
        Ok(Some(text)) => {
            match Saved::from_text(&text) {
                Ok(saved) => {
                    return Boot {
                        draft: saved.draft,
                        as_of: saved.as_of,
                        notice,
                        save: false,
                    }
                }
                Err(e) => {
                    let kept = browser::save(BACKUP_KEY, &text).await.is_ok();
                    let kept = if kept {
                        " A copy was kept in the browser's storage."
                    } else {
                        ""
                    };
                    notice = Some(Notice {
                    error: true,
                    text: format!("Your last draft could not be restored: {e}.{kept} Showing the example."),
                });
                }
            }
        }
        Ok(None) => {}
        Err(e) => {
            notice = Some(Notice {
                error: true,
                text: format!("Saved drafts could not be read: {e}. Changes may not be kept."),
            })
        }
    }
    Boot {
        draft: Draft::acme(),
        as_of: None,
        notice,
        save: false,
    }
}

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

fn build_state(boot: &Boot, today: NaiveDate) -> State {
    let draft = RwSignal::new(boot.draft.clone());
    let as_of = RwSignal::new(boot.as_of.clone().unwrap_or_else(|| today.to_string()));
    let options = Memo::new(move |_| {
        as_of.with(|a| {
            if a.is_empty() {
                json!({})
            } else {
                json!({ "asOf": a })
            }
        })
    });
    let result = Memo::new(move |_| {
        let schedule = draft.with(Draft::to_schedule);
        options
            .with(|o| phasebill::preview(&schedule, o, today))
            .map(Arc::new)
            .map_err(Arc::new)
    });
    let last_good = Memo::new(move |previous: Option<&Option<Arc<Preview>>>| {
        result.with(|r| match r {
            Ok(preview) => Some(preview.clone()),
            Err(_) => previous.cloned().flatten(),
        })
    });
    let errors = Memo::new(move |_| {
        let mut errors = Errors::default();
        result.with(|r| {
            if let Err(error) = r {
                draft.with(|d| {
                    for issue in &error.issues {
                        match draft::field_for_path(d, &issue.path) {
                            Some(field) => {
                                let entry = errors.fields.entry(field).or_default();
                                if !entry.is_empty() {
                                    entry.push(' ');
                                }
                                entry.push_str(&sentence(&issue.message));
                            }
                            None => {
                                errors
                                    .general
                                    .push(describe_issue(d, &issue.path, &issue.message))
                            }
                        }
                    }
                })
            }
        });
        errors
    });
    State {
        draft,
        as_of,
        as_of_chosen: RwSignal::new(boot.as_of.is_some()),
        history: RwSignal::new(History::default()),
        save_status: RwSignal::new(SaveStatus::Idle),
        storage: RwSignal::new(String::new()),
        notice: RwSignal::new(boot.notice.clone()),
        result,
        last_good,
        errors,
        today,
    }
}

/// "amount must be …" → "Amount must be …."
fn sentence(message: &str) -> String {
    let mut chars = message.chars();
    let mut out: String = match chars.next() {
        Some(c) => c.to_uppercase().chain(chars).collect(),
        None => String::new(),
    };
    if !out.ends_with('.') {
        out.push('.');
    }
    out
}

/// An issue without a field, said in words ("Phase 2: …").
fn describe_issue(draft: &Draft, path: &str, message: &str) -> String {
    if path.is_empty() || path == "phases" {
        return sentence(message);
    }
    let phase = path
        .strip_prefix("phases[")
        .and_then(|r| r.split_once(']'))
        .and_then(|(i, _)| i.parse::<usize>().ok());
    match phase {
        Some(i) => {
            let name = draft.phases.get(i).map_or("", |p| p.name.as_str());
            format!("Phase {} ({name}): {}", i + 1, sentence(message))
        }
        None => format!("{path}: {}", sentence(message)),
    }
}

#[component]
fn App(boot: Boot, today: NaiveDate) -> impl IntoView {
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

    view! {
        <header class="app-header">
            <h1>"Phasebill schedule builder"</h1>
            <Toolbar/>
            <SaveStatusLine/>
        </header>
        <NoticeLine/>
        <div class="layout">
            <div class="editor">
                <ScheduleFields/>
                <Phases/>
            </div>
            <PreviewPanel/>
        </div>
        <MilestoneDialog/>
    }
}

#[component]
fn Toolbar() -> impl IntoView {
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
                    s.step(move |d| *d = imported);
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

fn file_name(customer: &str, ext: &str) -> String {
    let slug: String = customer
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() {
                c.to_ascii_lowercase()
            } else {
                '-'
            }
        })
        .collect();
    let slug: Vec<&str> = slug.split('-').filter(|p| !p.is_empty()).collect();
    if slug.is_empty() {
        format!("schedule.{ext}")
    } else {
        format!("schedule-{}.{ext}", slug.join("-"))
    }
}

#[component]
fn SaveStatusLine() -> impl IntoView {
    let s = expect_context::<State>();
    view! {
        <p class="save-status" role="status" aria-live="polite">
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
fn NoticeLine() -> impl IntoView {
    let s = expect_context::<State>();
    move || {
        s.notice.get().map(|n| {
            view! {
                <div class="notice" class:notice-error=n.error role={if n.error { "alert" } else { "status" }}>
                    <span>{n.text}</span>
                    <button type="button" class="link" on:click=move |_| s.notice.set(None)>"Dismiss"</button>
                </div>
            }
        })
    }
}

/// A labelled text or date field with its error.
#[component]
fn Field(
    label: &'static str,
    id: String,
    #[prop(into)] path: Signal<String>,
    value: Signal<String>,
    on_input: Callback<String>,
    #[prop(default = "text")] kind: &'static str,
    #[prop(default = "text")] inputmode: &'static str,
    #[prop(optional)] class: &'static str,
) -> impl IntoView {
    let s = expect_context::<State>();
    let error = s.field_error(path);
    let error_id = format!("{id}-error");
    view! {
        <div class=format!("field {class}")>
            <label for=id.clone()>{label}</label>
            <input id=id type=kind inputmode=inputmode autocomplete="off"
                prop:value=move || value.get()
                on:input=move |ev| on_input.run(event_target_value(&ev))
                on:blur=move |_| s.seal()
                aria-invalid=move || { if error.with(Option::is_some) { "true" } else { "false" } }
                aria-describedby=error_id.clone()/>
            <p class="error" id=error_id>{move || error.get()}</p>
        </div>
    }
}

/// A labelled select with its error.
#[component]
fn Choice(
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
    view! {
        <div class="field">
            <label for=id.clone()>{label}</label>
            <select id=id on:change=move |ev| on_change.run(event_target_value(&ev))
                prop:value=move || value.get()
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

#[component]
fn ScheduleFields() -> impl IntoView {
    let s = expect_context::<State>();
    let set = move |field: &'static str, f: fn(&mut Draft, String)| {
        Callback::new(move |v: String| s.edit(field, |d| f(d, v)))
    };
    let set_as_of = Callback::new(move |v: String| {
        s.as_of.set(v);
        s.as_of_chosen.set(true);
        s.save();
    });
    view! {
        <section class="card schedule" aria-labelledby="schedule-title">
            <h2 id="schedule-title">"Schedule"</h2>
            <div class="grid">
                <Field label="Customer" id="customer".into() path="customer".to_string()
                    value=s.value(|d| Some(d.customer.clone()))
                    on_input=set("customer", |d, v| d.customer = v)/>
                <Field label="Currency" id="currency".into() path="currency".to_string()
                    value=s.value(|d| Some(d.currency.clone()))
                    on_input=set("currency", |d, v| d.currency = v) class="narrow"/>
                <Field label="Start date" id="start-date".into() path="startDate".to_string() kind="date"
                    value=s.value(|d| Some(d.start_date.clone()))
                    on_input=set("startDate", |d, v| d.start_date = v)/>
                <Choice label="Billing anchor" id="billing-anchor".into() path="billingAnchor".to_string()
                    value=s.value(|d| Some(d.billing_anchor.clone())) options=&draft::ANCHORS
                    on_change=set("billingAnchor", |d, v| d.billing_anchor = v)/>
                <Field label="As of" id="as-of".into() path="options.asOf".to_string() kind="date"
                    value=s.as_of.into() on_input=set_as_of/>
            </div>
            <p class="hint">"Invoices dated on or before the as-of date are issued; later ones are upcoming."</p>
        </section>
    }
}

#[component]
fn Phases() -> impl IntoView {
    let s = expect_context::<State>();
    let ids = Memo::new(move |_| {
        s.draft
            .with(|d| d.phases.iter().map(|p| p.id).collect::<Vec<_>>())
    });
    view! {
        <section class="phases" aria-labelledby="phases-title">
            <h2 id="phases-title">"Phases"</h2>
            <For each=move || ids.get() key=|id| *id children=move |id| view! { <PhaseCard id/> }/>
            <button type="button" class="add" on:click=move |_| s.step(|d| {
                ADDED_PHASE.set(Some(d.add_phase()));
            })>"Add phase"</button>
        </section>
    }
}

/// A phase's own fields (its prices left out), as a memo: changes elsewhere in the draft
/// do not reach the phase's fields.
fn phase_head(s: State, id: u64) -> Memo<Option<PhaseDraft>> {
    Memo::new(move |_| {
        s.draft.with(|d| {
            d.phase(id).map(|p| PhaseDraft {
                id: p.id,
                name: p.name.clone(),
                duration_type: p.duration_type.clone(),
                count: p.count.clone(),
                unit: p.unit.clone(),
                completed_on: p.completed_on.clone(),
                recorded_on: p.recorded_on.clone(),
                expected_on: p.expected_on.clone(),
                prices: Vec::new(),
            })
        })
    })
}

fn phase_text(head: Memo<Option<PhaseDraft>>, read: fn(&PhaseDraft) -> String) -> Signal<String> {
    Signal::derive(move || head.with(|p| p.as_ref().map(read).unwrap_or_default()))
}

#[component]
fn PhaseCard(id: u64) -> impl IntoView {
    let s = expect_context::<State>();
    let head = phase_head(s, id);
    let index = Memo::new(move |_| s.draft.with(|d| d.phase_index(id).unwrap_or(0)));
    let count = Memo::new(move |_| s.draft.with(|d| d.phases.len()));
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
        s.draft
            .with(|d| {
                d.phase(id)
                    .map(|p| p.prices.iter().map(|q| q.id).collect::<Vec<_>>())
            })
            .unwrap_or_default()
    });
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
        s.step(|d| {
            d.move_phase(id, delta);
        });
    };
    let label = move || format!("Phase {}: {}", index.get() + 1, name.get());
    // Large contracts open with their phases folded (the fields of a folded phase are not
    // rendered, which keeps editing fast); a folded phase says when it has errors.
    let expanded = RwSignal::new(
        ADDED_PHASE.get() == Some(id)
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
                    "milestone" if p.completed_on.is_empty() => "Milestone pending".to_string(),
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
                <h3>{move || format!("Phase {}", index.get() + 1)}</h3>
                <span class="badge">{move || status.get().map(status_text)}</span>
                <span class="spacer"></span>
                <button type="button" class="icon" title="Move phase up (Alt+Up)"
                    prop:disabled=move || index.get() == 0
                    on:click=move |_| s.step(|d| { d.move_phase(id, -1); })>"Move phase up"</button>
                <button type="button" class="icon" title="Move phase down (Alt+Down)"
                    prop:disabled=move || { index.get() + 1 >= count.get() }
                    on:click=move |_| s.step(|d| { d.move_phase(id, 1); })>"Move phase down"</button>
                <button type="button" class="danger" on:click=move |_| s.step(|d| d.remove_phase(id))>"Remove phase"</button>
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
                <Field label="Phase name" id=format!("p{id}-name") path=path(".name") value=name
                    on_input=set("name", |p, v| p.name = v)/>
                <Choice label="Duration type" id=format!("p{id}-type") path=path(".duration.type")
                    value=duration_type options=&draft::DURATION_TYPES
                    on_change=set("type", |p, v| p.duration_type = v)/>
                {move || match duration_type.get().as_str() {
                    "fixed" => view! {
                        <Field label="Count" id=format!("p{id}-count") path=path(".duration.count")
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
                <For each=move || price_ids.get() key=|id| *id children=move |pid| view! { <PriceRow id=pid/> }/>
                <button type="button" class="add" on:click=move |_| s.step(|d| {
                    d.add_price(id);
                })>"Add price"</button>
            </div>
            </Show>
        </section>
    }
}

#[component]
fn MilestoneFields(id: u64, index: Memo<usize>, head: Memo<Option<PhaseDraft>>) -> impl IntoView {
    let s = expect_context::<State>();
    let path = move |suffix: &'static str| {
        Signal::derive(move || format!("phases[{}]{suffix}", index.get()))
    };
    let completed = phase_text(head, |p| p.completed_on.clone());
    let recorded = phase_text(head, |p| p.recorded_on.clone());
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
        if completed.with(String::is_empty) {
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
                    <button type="button" on:click=move |_| s.step(|d| d.reopen_milestone(id))>"Reopen milestone"</button>
                </div>
            }
            .into_any()
        }
    }
}

fn nice_date(iso: &str) -> String {
    phasebill::parse_date(iso).map_or_else(|_| iso.to_string(), browser::date)
}

/// Which phase the completion dialog is for, and its date field.
#[derive(Clone, Copy)]
struct DialogState {
    phase: RwSignal<Option<u64>>,
    date: RwSignal<String>,
    node: NodeRef<leptos::html::Dialog>,
}

fn open_dialog(s: State, phase_id: u64) {
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
fn MilestoneDialog() -> impl IntoView {
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

#[component]
fn PriceRow(id: u64) -> impl IntoView {
    let s = expect_context::<State>();
    let position = Memo::new(move |_| s.draft.with(|d| d.price_position(id).unwrap_or((0, 0))));
    let path = move |suffix: &'static str| {
        Signal::derive(move || {
            let (i, j) = position.get();
            format!("phases[{i}].prices[{j}]{suffix}")
        })
    };
    let price = Memo::new(move |_| s.draft.with(|d| d.price(id).cloned()));
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
    let label = move || format!("Price {}: {}", position.get().1 + 1, name.get());
    view! {
        <div class="price grid" role="group" aria-label=label>
            <Field label="Price name" id=format!("q{id}-name") path=path(".name") value=name
                on_input=set("name", |p, v| p.name = v)/>
            <Field label="Amount" id=format!("q{id}-amount") path=path(".amount") value=text(|p| p.amount.clone())
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
                <button type="button" class="danger" on:click=move |_| s.step(|d| d.remove_price(id))>"Remove price"</button>
            </div>
        </div>
    }
}

fn status_text(status: PhaseStatus) -> &'static str {
    match status {
        PhaseStatus::Completed => "Completed",
        PhaseStatus::Active => "Active",
        PhaseStatus::Upcoming => "Upcoming",
        PhaseStatus::AwaitingMilestone => "Awaiting milestone",
    }
}

/// One invoice of a preview: the preview and the invoice's index.
#[derive(Clone)]
struct InvoiceRef(Arc<Preview>, usize);

impl InvoiceRef {
    fn get(&self) -> (&Invoice, Currency) {
        (&self.0.invoices[self.1], self.0.currency)
    }
}

impl PartialEq for InvoiceRef {
    fn eq(&self, other: &Self) -> bool {
        (Arc::ptr_eq(&self.0, &other.0) && self.1 == other.1) || self.get() == other.get()
    }
}

#[component]
fn PreviewPanel() -> impl IntoView {
    let s = expect_context::<State>();
    let stale = Memo::new(move |_| s.result.with(Result::is_err));
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
        <section class="preview" aria-label="Invoice preview" class:stale=move || stale.get()>
            <h2>"Invoice preview"</h2>
            {move || stale.get().then(|| view! {
                <p class="stale-banner" role="status">
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

/// A phase's totals row: (index, name, charged, credited, currency).
type PhaseRow = (usize, String, Money, Money, Currency);

#[component]
fn Summary() -> impl IntoView {
    let s = expect_context::<State>();
    let pick = move |f: fn(&Preview) -> Money| {
        Memo::new(move |_| {
            s.last_good
                .with(|p| p.as_ref().map(|p| browser::money(f(p), p.currency)))
                .unwrap_or_default()
        })
    };
    let net = pick(|p| p.totals.net);
    let charged = pick(|p| p.totals.charged);
    let credited = pick(|p| p.totals.credited);
    let window = Memo::new(move |_| {
        s.last_good
            .with(|p| p.as_ref().map(|p| (p.as_of, p.until, p.truncated)))
    });
    let warnings = Memo::new(move |_| {
        s.last_good
            .with(|p| p.as_ref().map(|p| p.warnings.clone()))
            .unwrap_or_default()
    });
    let rows = Memo::new(move |_| {
        s.last_good.with(|p| {
            let Some(p) = p else { return Vec::new() };
            let currency = p.currency;
            let mut rows: Vec<PhaseRow> = p
                .phases
                .iter()
                .map(|ph| {
                    let zero = Money::zero(currency);
                    (ph.index, ph.name.clone(), zero, zero, currency)
                })
                .collect();
            for line in p.invoices.iter().flat_map(|i| &i.lines) {
                if let Some(row) = rows.get_mut(line.phase_index) {
                    if line.amount.is_negative() {
                        row.3 = row.3 + line.amount;
                    } else {
                        row.2 = row.2 + line.amount;
                    }
                }
            }
            rows
        })
    });
    view! {
        <div class="summary">
            <p class="contract-total">
                <span id="contract-total-label">"Contract total"</span>
                <output aria-labelledby="contract-total-label">{move || net.get()}</output>
            </p>
            <p class="sub-totals">
                "Charged " {move || charged.get()} " · Credited " {move || credited.get()}
                {move || window.get().map(|(as_of, _, _)| format!(" · as of {}", browser::date(as_of)))}
            </p>
            <p class="window">
                {move || window.get().map(|(_, until, truncated)| {
                    if truncated {
                        format!("Preview window ends {}; billing continues after it.", browser::date(until))
                    } else {
                        format!("Preview through {}.", browser::date(until))
                    }
                })}
            </p>
            {move || {
                let warnings = warnings.get();
                (!warnings.is_empty()).then(|| view! {
                    <ul class="warnings" aria-label="Warnings">
                        {warnings.into_iter().map(|w| view! { <li>{sentence(&w.message)}</li> }).collect_view()}
                    </ul>
                })
            }}
            <table class="phase-totals">
                <caption>"Totals per phase"</caption>
                <thead>
                    <tr>
                        <th scope="col">"Phase"</th>
                        <th scope="col">"Charged"</th>
                        <th scope="col">"Credited"</th>
                        <th scope="col">"Net"</th>
                    </tr>
                </thead>
                <tbody>
                    <For each=move || rows.get() key=|row| row.clone() children=|(_, name, charged, credited, currency)| {
                        let m = move |money: Money| browser::money(money, currency);
                        view! {
                            <tr>
                                <th scope="row">{name}</th>
                                <td>{m(charged)}</td>
                                <td>{m(credited)}</td>
                                <td>{m(charged + credited)}</td>
                            </tr>
                        }
                    }/>
                </tbody>
            </table>
        </div>
    }
}

/// One invoice; it updates in place when its lines or totals change.
#[component]
fn InvoiceCard(date: NaiveDate) -> impl IntoView {
    let s = expect_context::<State>();
    // This invoice inside the last good preview (shared, not copied); it counts as changed
    // only when the invoice itself or the currency did.
    let invoice = Memo::new_with_compare(
        move |_| {
            s.last_good.with(|p| {
                p.as_ref().and_then(|p| {
                    p.invoices
                        .binary_search_by_key(&date, |i| i.issue_date)
                        .ok()
                        .map(|index| InvoiceRef(p.clone(), index))
                })
            })
        },
        |old, new| old != new,
    );
    let head = Memo::new(move |_| {
        invoice.with(|r| {
            r.as_ref().map(|r| {
                let (i, c) = r.get();
                (i.status, i.kind, browser::money(i.total, c))
            })
        })
    });
    let credit_note =
        move || head.with(|h| h.as_ref().is_some_and(|h| h.1 == InvoiceKind::CreditNote));
    let kind = move || {
        if credit_note() {
            "Credit note"
        } else {
            "Invoice"
        }
    };
    let status = move || {
        head.with(|h| match h.as_ref().map(|h| h.0) {
            Some(InvoiceStatus::Issued) => ("issued", "Issued"),
            Some(InvoiceStatus::Upcoming) => ("upcoming", "Upcoming"),
            Some(InvoiceStatus::Forecast) | None => ("forecast", "Forecast"),
        })
    };
    let shown = browser::date(date);
    let label = {
        let shown = shown.clone();
        move || format!("{} {shown}", kind())
    };
    view! {
        <li class="invoice" class:credit-note=credit_note aria-label=label>
            <div class="invoice-head">
                <time datetime=date.to_string()>{shown}</time>
                <span class=move || format!("status {}", status().0)>{move || status().1}</span>
                <span class="invoice-kind">{kind}</span>
                <span class="invoice-total">
                    "Total "{move || head.with(|h| h.as_ref().map(|h| h.2.clone()))}
                </span>
            </div>
            <table class="lines">
                <thead>
                    <tr>
                        <th scope="col">"Line"</th>
                        <th scope="col">"Kind"</th>
                        <th scope="col">"Service period"</th>
                        <th scope="col">"Proration"</th>
                        <th scope="col" class="num">"Qty × unit"</th>
                        <th scope="col" class="num">"Amount"</th>
                    </tr>
                </thead>
                // The rows are redrawn only when this invoice changed (few per edit); a
                // reactive node per cell would make every edit walk thousands of them.
                <tbody>
                    {move || {
                        invoice.with(|r| {
                            r.as_ref().map(|r| {
                                let (i, c) = r.get();
                                i.lines.iter().map(|l| line_row(l, c)).collect_view()
                            })
                        })
                    }}
                </tbody>
            </table>
        </li>
    }
}

fn line_row(line: &InvoiceLine, currency: Currency) -> impl IntoView {
    let (kind_class, kind) = match line.kind {
        LineKind::Charge => ("charge", "Charge"),
        LineKind::CatchUp => ("catch-up", "Catch-up"),
        LineKind::Credit => ("credit", "Credit"),
        LineKind::Discount => ("discount", "Discount"),
    };
    let period = match line.service_period.end {
        Some(end) => format!(
            "{} – {}",
            browser::date(line.service_period.start),
            browser::date(end - Duration::days(1))
        ),
        None => format!("from {}", browser::date(line.service_period.start)),
    };
    let proration = line
        .proration
        .map(|p| format!("{} of {} days", p.used_days, p.period_days))
        .unwrap_or_default();
    view! {
        <tr class=format!("line {kind_class}")>
            <td>{line.description.clone()}</td>
            <td>
                <span class=format!("kind {kind_class}")>{kind}</span>
            </td>
            <td>{period}</td>
            <td>{proration}</td>
            <td class="num">
                {format!("{} × {}", line.quantity, browser::money(line.unit_amount, currency))}
            </td>
            <td class="num">{browser::money(line.amount, currency)}</td>
        </tr>
    }
}

#[component]
fn TimelinePicture() -> impl IntoView {
    let s = expect_context::<State>();
    let svg = NodeRef::<leptos::svg::Svg>::new();
    // While a marker is dragged: its phase and the date range, kept fixed meanwhile.
    let dragging = RwSignal::new(None::<(u64, NaiveDate, NaiveDate)>);
    let timeline = Memo::new(move |_| {
        let range = dragging.get().map(|(_, a, b)| (a, b));
        s.last_good.with(|p| {
            p.as_ref()
                .and_then(|p| s.draft.with(|d| Timeline::new_in(p, d, range)))
        })
    });
    let set_completion = move |phase_id: u64, date: NaiveDate| {
        let text = date.to_string();
        s.edit(&format!("drag{phase_id}"), |d| {
            if let Some(p) = d.phase_mut(phase_id) {
                p.completed_on = text;
            }
        });
    };
    let on_move = move |ev: web_sys::PointerEvent| {
        let Some((phase_id, start, end)) = dragging.get_untracked() else {
            return;
        };
        let Some(svg) = svg.get_untracked() else {
            return;
        };
        let rect = svg.get_bounding_client_rect();
        if rect.width() <= 0.0 {
            return;
        }
        // The drawing spans x = -10 .. WIDTH + 10 of the view box; dates span 0 .. WIDTH.
        let scale = rect.width() / (WIDTH + 20.0);
        let fraction = ((f64::from(ev.client_x()) - rect.left()) / scale - 10.0) / WIDTH;
        let days = (end - start).num_days();
        let date = start + Duration::days((fraction.clamp(0.0, 1.0) * days as f64).round() as i64);
        set_completion(phase_id, date);
    };
    let stop = move |_| {
        if dragging.get_untracked().is_some() {
            dragging.set(None);
            s.seal();
        }
    };
    let years = Memo::new(move |_| {
        timeline.with(|t| {
            t.as_ref()
                .map(|t| {
                    t.years
                        .iter()
                        .map(|(x, y)| (x.to_bits(), *y))
                        .collect::<Vec<_>>()
                })
                .unwrap_or_default()
        })
    });
    let bars = Memo::new(move |_| {
        timeline.with(|t| {
            t.as_ref()
                .map(|t| {
                    t.bars
                        .iter()
                        .map(|b| {
                            (
                                b.index,
                                b.x.to_bits(),
                                b.width.to_bits(),
                                b.open,
                                b.name.clone(),
                            )
                        })
                        .collect::<Vec<_>>()
                })
                .unwrap_or_default()
        })
    });
    // All ticks as two paths (charges, credits): one attribute update per edit.
    let ticks = Memo::new(move |_| {
        use std::fmt::Write;
        let mut charges = String::new();
        let mut credits = String::new();
        timeline.with(|t| {
            for tick in t.iter().flat_map(|t| &t.ticks) {
                let path = if tick.minor < 0 {
                    &mut credits
                } else {
                    &mut charges
                };
                let _ = write!(path, "M{:.2} 100V{:.2}", tick.x, 100.0 - tick.height);
            }
        });
        (charges, credits)
    });
    let markers = Memo::new(move |_| {
        timeline.with(|t| {
            t.as_ref()
                .map(|t| t.markers.iter().map(|m| m.phase_id).collect::<Vec<_>>())
                .unwrap_or_default()
        })
    });
    let marker = move |phase_id: u64| {
        let m = Memo::new(move |_| {
            timeline.with(|t| {
                t.as_ref().and_then(|t| {
                    t.markers
                        .iter()
                        .find(|m| m.phase_id == phase_id)
                        .map(|m| (m.clone(), t.start, t.end))
                })
            })
        });
        let completed = move || m.with(|m| m.as_ref().is_some_and(|(m, _, _)| m.completed));
        let points = move || {
            m.with(|m| {
                m.as_ref().map(|(m, _, _)| {
                    let (x, y) = (m.x, 20.0);
                    format!(
                        "{},{} {},{} {},{} {},{}",
                        x,
                        y - 9.0,
                        x + 9.0,
                        y,
                        x,
                        y + 9.0,
                        x - 9.0,
                        y
                    )
                })
            })
        };
        let label = move || {
            m.with(|m| {
                m.as_ref()
                    .map(|(m, _, _)| format!("Milestone of {}", m.name))
            })
        };
        let value = move || {
            m.with(|m| {
                m.as_ref().map(|(m, _, _)| match (m.completed, m.date) {
                    (true, Some(d)) => format!("completed on {}", browser::date(d)),
                    (false, Some(d)) => format!("pending, expected {}", browser::date(d)),
                    _ => "pending".to_string(),
                })
            })
        };
        view! {
            <polygon
                class=move || if completed() { "marker done" } else { "marker pending" }
                points=points
                role="slider"
                tabindex=move || if completed() { "0" } else { "-1" }
                aria-label=label
                aria-valuetext=value
                aria-disabled=move || if completed() { "false" } else { "true" }
                on:pointerdown=move |ev: web_sys::PointerEvent| {
                    let Some((marker, start, end)) = m.get_untracked() else { return };
                    if !marker.completed {
                        return;
                    }
                    ev.prevent_default();
                    if let Some(svg) = svg.get_untracked() {
                        let _ = svg.set_pointer_capture(ev.pointer_id());
                    }
                    s.seal();
                    dragging.set(Some((phase_id, start, end)));
                }
                on:keydown=move |ev: web_sys::KeyboardEvent| {
                    let Some((marker, _, _)) = m.get_untracked() else { return };
                    let (Some(date), true) = (marker.date, marker.completed) else { return };
                    let step = if ev.shift_key() { 7 } else { 1 };
                    let delta = match ev.key().as_str() {
                        "ArrowLeft" | "ArrowDown" => -step,
                        "ArrowRight" | "ArrowUp" => step,
                        _ => return,
                    };
                    ev.prevent_default();
                    set_completion(phase_id, date + Duration::days(delta));
                }
            />
        }
    };
    view! {
        <figure class="timeline">
            <svg node_ref=svg viewBox=format!("-10 0 {} 120", WIDTH + 20.0) role="group"
                aria-label="Timeline" on:pointermove=on_move on:pointerup=stop on:pointercancel=stop>
                <For each=move || years.get() key=|y| *y children=|(x, year)| {
                    let x = f64::from_bits(x);
                    view! {
                        <line class="year" x1=x x2=x y1="0" y2="118"/>
                        <text class="year-label" x={x + 3.0} y="116">{year.to_string()}</text>
                    }
                }/>
                <line class="axis" x1="0" x2=WIDTH y1="100" y2="100"/>
                <For each=move || bars.get() key=|b| b.clone() children=|(index, x, width, open, name)| {
                    let (x, width) = (f64::from_bits(x), f64::from_bits(width));
                    let class = format!("bar bar-{}{}", index % 4, if open { " open" } else { "" });
                    view! {
                        <g>
                            <rect class=class x=x y="8" width=width height="24" rx="3"/>
                            <text class="bar-label" x={x + if index > 0 { 12.0 } else { 5.0 }} y="24">{name}</text>
                        </g>
                    }
                }/>
                <path class="ticks" d=move || ticks.with(|t| t.0.clone())/>
                <path class="ticks credit" d=move || ticks.with(|t| t.1.clone())/>
                <For each=move || markers.get() key=|id| *id children=marker/>
            </svg>
            <figcaption>"Phases as bars; milestones as diamonds (drag a completed one, or use the arrow keys, to move its date; a pending one is hollow and its phase open-ended); invoices as ticks sized by amount."</figcaption>
        </figure>
    }
}
