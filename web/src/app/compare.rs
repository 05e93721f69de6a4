//! Saved versions ("Save version", rename, delete), "Compare with", and the "Changes"
//! region listing what the edits change against the chosen version (the engine's compare).

use super::invoice_card::line_row;
use super::state::*;
use crate::browser;
use crate::comparing::{Outcome, Shared};
use crate::messages::{issue_line, signed};
use crate::versions::Versions;
use chrono::NaiveDate;
use leptos::prelude::*;
use phasebill::{Change, Comparison, Currency, InvoiceChange, InvoiceSummary, Money};

/// The versions card of the editor.
#[component]
pub(crate) fn VersionsCard() -> impl IntoView {
    let s = expect_context::<State>();
    let list = Memo::new(move |_| s.versions.with(Versions::newest_first));
    let count = Memo::new(move |_| s.versions.with(|v| v.list.len()));
    let save = move |_| {
        let id = s.save_version();
        let name = s
            .versions
            .with_untracked(|v| v.get(id).map(|v| v.name.clone()))
            .unwrap_or_default();
        s.tell(false, format!("Saved \u{201c}{name}\u{201d}."));
    };
    let choose = move |ev: leptos::ev::Event| {
        let value = event_target_value(&ev);
        s.compare_with.set(value.parse::<u64>().ok());
        // Kept with the draft: the comparison is there again after a reload.
        s.save();
    };
    let chosen = move || {
        s.compare_with
            .get()
            .map(|i| i.to_string())
            .unwrap_or_default()
    };
    view! {
        <section class="card versions" aria-labelledby="versions-title">
            <h2 id="versions-title">"Versions"</h2>
            <div class="grid">
                <div class="field button-cell">
                    <button type="button" id="save-version" on:click=save>"Save version"</button>
                </div>
                <div class="field">
                    <label for="compare-with">"Compare with"</label>
                    <select id="compare-with" on:change=choose prop:value=chosen>
                        <option value="">"Nothing"</option>
                        <For each=move || list.get() key=|v| v.clone() children=move |(id, name)| {
                            view! { <option value=id.to_string() selected=move || s.compare_with.get() == Some(id)>{name}</option> }
                        }/>
                    </select>
                </div>
            </div>
            <Show when=move || { count.get() > 0 }>
                <details class="version-list">
                    <summary>{move || format!("Saved versions ({})", count.get())}</summary>
                    <ul>
                        <For each=move || list.get() key=|v| v.0 children=move |(id, _)| view! { <VersionItem id/> }/>
                    </ul>
                </details>
            </Show>
        </section>
    }
}

/// One saved version: its name (renamable) and "Delete version".
#[component]
fn VersionItem(id: u64) -> impl IntoView {
    let s = expect_context::<State>();
    let name = Memo::new(move |_| {
        s.versions
            .with(|v| v.get(id).map(|v| v.name.clone()))
            .unwrap_or_default()
    });
    let rename = move |ev: leptos::ev::Event| {
        let input = event_target::<web_sys::HtmlInputElement>(&ev);
        let mut changed = false;
        s.versions
            .update(|v| changed = v.rename(id, &input.value()));
        if changed {
            s.save_versions();
        } else {
            // An empty name is refused: the old one comes back.
            input.set_value(&name.get_untracked());
        }
    };
    let delete = move |_| {
        s.versions.update(|v| {
            v.remove(id);
        });
        if s.compare_with.get_untracked() == Some(id) {
            s.compare_with.set(None);
            s.save();
        }
        s.save_versions();
        browser::focus_later(vec!["save-version".into()]);
    };
    let input_id = format!("v{id}-name");
    view! {
        <li class="version">
            <label for=input_id.clone()>"Version name"</label>
            <input id=input_id type="text" autocomplete="off" prop:value=move || name.get() on:change=rename/>
            <button type="button" class="danger" aria-label=move || format!("Delete version {}", name.get())
                on:click=delete>"Delete version"</button>
        </li>
    }
}

/// The "Changes" region of the preview, while comparing.
#[component]
pub(crate) fn Changes() -> impl IntoView {
    let s = expect_context::<State>();
    let comparing = Memo::new(move |_| s.compare_with.with(Option::is_some));
    let name = Memo::new(move |_| {
        let id = s.compare_with.get()?;
        s.versions.with(|v| v.get(id).map(|v| v.name.clone()))
    });
    let problem = Memo::new(move |_| {
        s.comparison.with(|c| match c {
            Some(Outcome::Failed(issues)) => {
                let date = |d| browser::date(d);
                let lines: Vec<String> = issues
                    .iter()
                    .map(|i| issue_line(&i.path, i.code, &i.message, &date))
                    .collect();
                Some(lines.join(" "))
            }
            _ => None,
        })
    });
    let out_of_date = Memo::new(move |_| {
        s.comparison
            .with(|c| matches!(c, Some(Outcome::DraftInvalid)))
    });
    let totals = Memo::new(move |_| {
        s.last_comparison.with(|c| {
            c.as_ref().map(|c| {
                let m =
                    |money: Money| signed(money, c.currency, &|x| browser::money(x, c.currency));
                (
                    m(c.delta.net),
                    m(c.delta.charged),
                    m(c.delta.credited),
                    m(c.delta.discounted),
                    c.invoices.len(),
                )
            })
        })
    });
    // The changed invoices by issue date (the engine matches invoices by it): a row stays
    // while its invoice changes, and updates what it shows in place.
    let dates = Memo::new(move |_| {
        s.last_comparison.with(|c| {
            c.as_ref()
                .map(|c| c.invoices.iter().map(|i| i.issue_date).collect::<Vec<_>>())
                .unwrap_or_default()
        })
    });
    view! {
        <Show when=move || comparing.get()>
            <section class="changes" role="region" aria-labelledby="changes-title" class:stale=move || out_of_date.get()>
                <h3 id="changes-title">"Changes"</h3>
                <p class="hint">{move || name.get().map(|n| format!("Against \u{201c}{n}\u{201d}, with the same as-of date."))}</p>
                {move || problem.get().map(|p| view! { <p class="error" role="alert">{format!("Cannot compare with this version: {p}")}</p> })}
                {move || out_of_date.get().then(|| view! {
                    <p class="stale-banner">"Out of date: the schedule has errors. Showing the last valid comparison."</p>
                })}
                {move || totals.get().map(|(net, charged, credited, discounted, n)| view! {
                    <p class="net-change">
                        <span id="net-change-label">"Net change"</span>
                        " "
                        <output aria-labelledby="net-change-label" class="money">{net}</output>
                    </p>
                    <p class="sub-totals">
                        "Charged " <span class="money">{charged}</span>
                        " · Credited " <span class="money">{credited}</span>
                        " · Discounted " <span class="money">{discounted}</span>
                        " · "
                        {match n {
                            0 => "No invoice changes.".to_string(),
                            1 => "1 invoice changes.".to_string(),
                            n => format!("{n} invoices change."),
                        }}
                    </p>
                })}
                <ul class="change-list" aria-label="Changed invoices">
                    <For each=move || dates.get() key=|date| *date children=|date| view! { <ChangeItem date/> }/>
                </ul>
            </section>
        </Show>
    }
}

fn summary_text(side: &Option<InvoiceSummary>, currency: Currency) -> String {
    side.as_ref()
        .map_or_else(|| "none".into(), |s| browser::money(s.total, currency))
}

/// What the row of one changed invoice shows.
#[derive(Clone, PartialEq)]
struct ChangeRow {
    change: Change,
    /// "before → after", the totals.
    totals: String,
    delta: String,
}

/// The change of the invoice issued on `date` in `comparison`, if it changes.
fn change_on(
    comparison: &Option<Shared<Comparison>>,
    date: NaiveDate,
) -> Option<(&InvoiceChange, Currency)> {
    let c = comparison.as_ref()?;
    let change = c.invoices.iter().find(|i| i.issue_date == date)?;
    Some((change, c.currency))
}

/// One changed invoice: what, before → after, the delta, and its lines on demand. Its
/// texts follow the comparison in place (the row is keyed by its date).
#[component]
fn ChangeItem(date: NaiveDate) -> impl IntoView {
    let s = expect_context::<State>();
    let row = Memo::new(move |_| {
        s.last_comparison.with(|c| {
            change_on(c, date).map(|(change, currency)| ChangeRow {
                change: change.change,
                totals: format!(
                    "{} \u{2192} {}",
                    summary_text(&change.before, currency),
                    summary_text(&change.after, currency)
                ),
                delta: signed(change.delta, currency, &|m| browser::money(m, currency)),
            })
        })
    });
    let kind = Memo::new(move |_| row.with(|r| r.as_ref().map_or(Change::Changed, |r| r.change)));
    // The change's class and the word shown for it.
    let words = move || match kind.get() {
        Change::Added => ("added", "Added"),
        Change::Removed => ("removed", "Removed"),
        Change::Changed => ("changed", "Changed"),
    };
    let class = move || words().0;
    let what = move || words().1;
    let removed = Memo::new(move |_| kind.get() == Change::Removed);
    let shown = browser::date(date);
    // The lines are built when asked for ("Lines" opened): most changes are never opened.
    let open = RwSignal::new(false);
    let lines = move || {
        open.get().then(|| {
            s.last_comparison.with(|c| {
                let (change, currency) = change_on(c, date)?;
                let table = |title: &'static str, list: &[phasebill::InvoiceLine]| {
                    (!list.is_empty()).then(|| {
                        view! {
                            <table class="lines">
                                <caption>{title}</caption>
                                <tbody>{list.iter().map(|l| line_row(l, currency)).collect_view()}</tbody>
                            </table>
                        }
                    })
                };
                Some((
                    table("Removed lines", &change.removed_lines),
                    table("Added lines", &change.added_lines),
                ))
            })
        })
    };
    let target = format!("invoice-{date}");
    view! {
        <li class=move || format!("change {}", class())>
            <span class=move || format!("change-kind {}", class())>{what}</span>
            " "
            {move || if removed.get() {
                view! { <time datetime=date.to_string()>{shown.clone()}</time> }.into_any()
            } else {
                let target = target.clone();
                view! {
                    <button type="button" class="link" on:click=move |_| browser::show_element(&target)>{shown.clone()}</button>
                }.into_any()
            }}
            " "
            <span class="money">{move || row.with(|r| r.as_ref().map(|r| r.totals.clone()))}</span>
            " "
            <span class="money delta">{move || row.with(|r| r.as_ref().map(|r| r.delta.clone()))}</span>
            <details on:toggle=move |ev| {
                let details = event_target::<web_sys::HtmlDetailsElement>(&ev);
                open.set(details.open());
            }>
                <summary>"Lines"</summary>
                {lines}
            </details>
        </li>
    }
}
