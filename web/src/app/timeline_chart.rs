//! The timeline picture (bars, ticks, draggable milestone markers).

use super::state::*;
use crate::browser;
use crate::timeline::{Marker, Timeline, WIDTH};
use chrono::{Duration, NaiveDate};
use leptos::prelude::*;

#[component]
pub(crate) fn TimelinePicture() -> impl IntoView {
    let s = expect_context::<State>();
    let svg = NodeRef::<leptos::svg::Svg>::new();
    // While a marker is dragged: its phase and the date range, kept fixed meanwhile.
    let dragging = RwSignal::new(None::<(u64, NaiveDate, NaiveDate, Marker)>);
    let timeline = Memo::new(move |_| {
        let range = dragging.get().map(|(_, a, b, _)| (a, b));
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
    // The invoice tick under the pointer: its date and amount are shown, a click shows the
    // invoice in the list.
    let hover = RwSignal::new(None::<(u64, NaiveDate, String)>);
    let hover_at = move |ev: &web_sys::PointerEvent| {
        let Some(svg) = svg.get_untracked() else {
            return;
        };
        let rect = svg.get_bounding_client_rect();
        if rect.width() <= 0.0 {
            return;
        }
        let scale = rect.width() / (WIDTH + 20.0);
        let x = (f64::from(ev.client_x()) - rect.left()) / scale - 10.0;
        let found = timeline.with_untracked(|t| {
            let tick = t.as_ref()?.nearest_tick(x, 8.0)?;
            let money = s.last_good.with_untracked(|p| {
                p.as_ref().map(|p| {
                    browser::money(
                        phasebill::Money::from_minor(tick.minor, p.currency),
                        p.currency,
                    )
                })
            })?;
            Some((tick.x.to_bits(), tick.date, money))
        });
        if hover.with_untracked(|h| *h != found) {
            hover.set(found);
        }
    };
    let on_move = move |ev: web_sys::PointerEvent| {
        let Some((phase_id, start, end, marker)) = dragging.get_untracked() else {
            hover_at(&ev);
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
        // Never a date the engine refuses (on or before the phase start).
        set_completion(phase_id, marker.clamp(date));
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
            // The slider is a group: the diamond and a larger transparent circle as its hit
            // area (at least 24 px across on a phone, see styles.css).
            <g
                class="marker-slider"
                role="slider"
                tabindex=move || if completed() { "0" } else { "-1" }
                aria-label=label
                aria-valuetext=value
                aria-valuemin="0"
                aria-valuemax=move || m.with(|m| m.as_ref().map(|(m, _, _)| m.days_from_min(m.max)))
                aria-valuenow=move || m.with(|m| {
                    m.as_ref().and_then(|(m, _, _)| m.date.map(|d| m.days_from_min(d)))
                })
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
                    hover.set(None);
                    dragging.set(Some((phase_id, start, end, marker)));
                }
                on:keydown=move |ev: web_sys::KeyboardEvent| {
                    let Some((marker, _, _)) = m.get_untracked() else { return };
                    let (Some(date), true) = (marker.date, marker.completed) else { return };
                    let step = if ev.shift_key() { 7 } else { 1 };
                    let month = chrono::Months::new(1);
                    let moved = match ev.key().as_str() {
                        "ArrowLeft" | "ArrowDown" => date - Duration::days(step),
                        "ArrowRight" | "ArrowUp" => date + Duration::days(step),
                        "PageUp" => date.checked_add_months(month).unwrap_or(marker.max),
                        "PageDown" => date.checked_sub_months(month).unwrap_or(marker.min),
                        "Home" => marker.min,
                        "End" => marker.max,
                        _ => return,
                    };
                    ev.prevent_default();
                    set_completion(phase_id, marker.clamp(moved));
                }
            >
                <circle class="marker-hit" cx=move || m.with(|m| m.as_ref().map(|(m, _, _)| m.x)) cy="20" r="14"/>
                <polygon class=move || if completed() { "marker done" } else { "marker pending" } points=points/>
            </g>
        }
    };
    view! {
        <figure class="timeline">
            <svg node_ref=svg viewBox=format!("-10 0 {} 120", WIDTH + 20.0) role="group"
                aria-label="Timeline" on:pointermove=on_move on:pointerup=stop on:pointercancel=stop
                on:pointerleave=move |_| hover.set(None)
                on:click=move |_| {
                    if let Some((_, date, _)) = hover.get_untracked() {
                        browser::show_element(&format!("invoice-{date}"));
                    }
                }>
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
                {move || hover.get().map(|(x, date, money)| {
                    let x = f64::from_bits(x);
                    let anchor = if x > WIDTH * 0.7 { "end" } else { "start" };
                    view! {
                        <g class="tick-tip" aria-hidden="true">
                            <line x1=x x2=x y1="56" y2="100"/>
                            <text x=x y="52" text-anchor=anchor>{format!("{} · {money}", browser::date(date))}</text>
                        </g>
                    }
                })}
                <For each=move || markers.get() key=|id| *id children=marker/>
            </svg>
            <figcaption>"Phases as bars; milestones as diamonds (drag a completed one, or use the arrow keys, to move its date; a pending one is hollow and its phase open-ended); invoices as ticks sized by amount."</figcaption>
        </figure>
    }
}
