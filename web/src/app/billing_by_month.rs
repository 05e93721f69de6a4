//! The "Billing by month" chart: net billed per calendar month over the preview window
//! (credits below the axis, forecast months apart), and the saved version's bars beside
//! while comparing. Geometry in `crate::month_chart`.

use super::state::*;
use crate::browser;
use crate::month_chart::{by_month, layout, Chart, Month};
use leptos::prelude::*;
use phasebill::{Currency, InvoiceStatus, Money, Preview};

const WIDTH: f64 = 600.0;
const HEIGHT: f64 = 140.0;

fn months_of(p: &Preview, from: chrono::NaiveDate, until: chrono::NaiveDate) -> Vec<Month> {
    by_month(
        from,
        until,
        p.invoices.iter().map(|i| {
            (
                i.issue_date,
                i.total.minor(),
                i.status == InvoiceStatus::Forecast,
            )
        }),
    )
}

/// The months of the current preview and, while comparing, of the saved version, over
/// the window of both.
type Data = (Vec<Month>, Option<Vec<Month>>, Currency);

#[component]
pub(crate) fn BillingByMonth() -> impl IntoView {
    let s = expect_context::<State>();
    let data = Memo::new(move |_| -> Option<Data> {
        let current = s.last_good.get()?;
        let saved = s.compare_with.get().and(s.saved_preview.get());
        let first = |p: &Preview| p.invoices.first().map(|i| i.issue_date);
        let from = first(&current)
            .into_iter()
            .chain(saved.as_deref().and_then(first))
            .min()?;
        let until = saved
            .as_ref()
            .map_or(current.until, |p| p.until.max(current.until));
        let now = months_of(&current, from, until);
        let before = saved.map(|p| months_of(&p, from, until));
        Some((now, before, current.currency))
    });
    let chart = Memo::new(move |_| {
        data.with(|d| {
            d.as_ref()
                .map(|(now, before, _)| layout(now, before.as_deref(), WIDTH, HEIGHT))
                .unwrap_or_default()
        })
    });
    // The slots change with the window, not with each edit: the month rectangles read this
    // memo, so an edit that redraws the bars leaves them (a hundred on a 10-year contract)
    // untouched.
    let slots_xy = Memo::new(move |_| chart.with(|c| c.slots.clone()));
    let count = Memo::new(move |_| slots_xy.with(Vec::len));
    // The month under the pointer, or chosen with the arrow keys.
    let pointed = RwSignal::new(None::<usize>);
    let svg = NodeRef::<leptos::svg::Svg>::new();
    let on_move = move |ev: web_sys::PointerEvent| {
        let Some(svg) = svg.get_untracked() else {
            return;
        };
        let rect = svg.get_bounding_client_rect();
        let n = count.get_untracked();
        if rect.width() <= 0.0 || n == 0 {
            return;
        }
        let at = (f64::from(ev.client_x()) - rect.left()) / rect.width();
        let index = ((at * n as f64).floor().max(0.0) as usize).min(n - 1);
        if pointed.get_untracked() != Some(index) {
            pointed.set(Some(index));
        }
    };
    let on_key = move |ev: web_sys::KeyboardEvent| {
        let n = count.get_untracked();
        if n == 0 {
            return;
        }
        let at = pointed.get_untracked();
        let next = match ev.key().as_str() {
            "ArrowLeft" => at.map_or(0, |i| i.saturating_sub(1)),
            "ArrowRight" => at.map_or(0, |i| (i + 1).min(n - 1)),
            "Home" => 0,
            "End" => n - 1,
            _ => return,
        };
        ev.prevent_default();
        pointed.set(Some(next));
    };
    let readout = move || {
        let i = pointed.get()?;
        data.with(|d| {
            let (now, before, currency) = d.as_ref()?;
            let m = now.get(i)?;
            let money = |net: i128| browser::money(Money::from_minor(net, *currency), *currency);
            let mut text = format!("{}: {}", browser::month(m.year, m.month), money(m.net));
            if m.forecast {
                text.push_str(" (forecast)");
            }
            if let Some(b) = before.as_ref().and_then(|b| b.get(i)) {
                text.push_str(&format!(" · saved version {}", money(b.net)));
            }
            Some(text)
        })
    };
    let slots = Memo::new(move |_| {
        data.with(|d| {
            d.as_ref()
                .map(|(now, _, _)| {
                    now.iter()
                        .map(|m| format!("{}-{:02}", m.year, m.month))
                        .collect::<Vec<_>>()
                })
                .unwrap_or_default()
        })
    });
    let numbered = move || slots.get().into_iter().enumerate().collect::<Vec<_>>();
    let table_shown = RwSignal::new(false);
    let path = move |read: fn(&Chart) -> &String| move || chart.with(|c| read(c).clone());
    view! {
        <figure class="month-chart">
            <svg node_ref=svg viewBox=format!("0 0 {WIDTH} {HEIGHT}") preserveAspectRatio="none"
                role="img" aria-label="Billing by month" aria-describedby="month-chart-readout" tabindex="0"
                on:pointermove=on_move on:pointerleave=move |_| pointed.set(None)
                on:keydown=on_key on:blur=move |_| pointed.set(None)
                on:focus=move |_| {
                    if pointed.get_untracked().is_none() {
                        pointed.set(Some(0));
                    }
                }>
                <For each=numbered key=|m| m.clone()
                    children=move |(i, month)| {
                        let x = move || slots_xy.with(|c| c.get(i).map_or(0.0, |s| s.0));
                        let w = move || slots_xy.with(|c| c.get(i).map_or(0.0, |s| s.1));
                        view! {
                            <rect class="month" class:pointed=move || pointed.get() == Some(i)
                                data-month=month x=x y="0" width=w height=HEIGHT/>
                        }
                    }/>
                <path class="month-bars saved" d=path(|c| &c.saved)/>
                <path class="month-bars current" d=path(|c| &c.current)/>
                <path class="month-bars forecast" d=path(|c| &c.forecast)/>
                <line class="axis" x1="0" x2=WIDTH y1=move || chart.with(|c| c.axis_y) y2=move || chart.with(|c| c.axis_y)/>
            </svg>
            <figcaption>
                <span class="legend current">"Billed"</span>
                <span class="legend forecast">"Forecast"</span>
                {move || s.compare_with.with(Option::is_some).then(|| view! { <span class="legend saved">"Saved version"</span> })}
                <span class="hint">" Net per month; credits below the line. Point at a month, or focus the chart and use ←/→."</span>
                <output id="month-chart-readout" class="chart-readout">{readout}</output>
                " "
                <button type="button" class="link" aria-expanded=move || table_shown.get().to_string()
                    aria-controls="month-table" on:click=move |_| table_shown.update(|t| *t = !*t)>
                    {move || if table_shown.get() { "Hide table" } else { "Show as table" }}
                </button>
            </figcaption>
            // The chart's numbers as a table, for the keyboard and screen readers (drawn only
            // while shown: it costs nothing per edit otherwise).
            <div id="month-table" class="month-table">
                {move || table_shown.get().then(|| view! { <MonthTable data/> })}
            </div>
        </figure>
    }
}

/// The months of the chart as a table: month, net billed (forecast marked) and, while
/// comparing, the saved version's net.
#[component]
fn MonthTable(data: Memo<Option<Data>>) -> impl IntoView {
    let comparing = move || data.with(|d| d.as_ref().is_some_and(|d| d.1.is_some()));
    let rows = move || {
        data.with(|d| {
            let Some((now, before, currency)) = d.as_ref() else {
                return Vec::new();
            };
            let money = |net: i128| browser::money(Money::from_minor(net, *currency), *currency);
            now.iter()
                .enumerate()
                .map(|(i, m)| {
                    let mut net = money(m.net);
                    if m.forecast {
                        net.push_str(" (forecast)");
                    }
                    let saved = before.as_ref().and_then(|b| b.get(i)).map(|b| money(b.net));
                    view! {
                        <tr>
                            <th scope="row">{browser::month(m.year, m.month)}</th>
                            <td class="num money">{net}</td>
                            {saved.map(|v| view! { <td class="num money">{v}</td> })}
                        </tr>
                    }
                })
                .collect::<Vec<_>>()
        })
    };
    view! {
        <table class="month-numbers">
            <caption>"Billing by month (net; credits negative)"</caption>
            <thead>
                <tr>
                    <th scope="col">"Month"</th>
                    <th scope="col" class="num">"Net billed"</th>
                    {move || comparing().then(|| view! { <th scope="col" class="num">"Saved version"</th> })}
                </tr>
            </thead>
            <tbody>{rows}</tbody>
        </table>
    }
}
