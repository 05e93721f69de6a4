//! Geometry of the timeline picture: phases as bars, milestones as markers, invoices as
//! ticks sized by amount, on an x axis of days. Pure, so the drag arithmetic is testable.

use crate::draft::Draft;
use chrono::{Datelike, Duration, NaiveDate};
use phasebill::PhaseStatus;
use phasebill::Preview;

/// Width of the drawing in SVG user units.
pub const WIDTH: f64 = 1000.0;
/// Tallest tick.
pub const TICK_MAX: f64 = 40.0;

#[derive(Debug, Clone, PartialEq)]
pub struct Bar {
    pub index: usize,
    pub name: String,
    pub x: f64,
    pub width: f64,
    /// The end is not known (pending milestone or open-ended): drawn open to the right.
    pub open: bool,
    pub status: PhaseStatus,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Marker {
    pub phase_index: usize,
    pub phase_id: u64,
    pub name: String,
    pub x: f64,
    /// Completion date, when completed; else the expected date, if any.
    pub date: Option<NaiveDate>,
    pub completed: bool,
    /// The earliest valid completion date (the day after the phase starts).
    pub min: NaiveDate,
    /// The latest date a drag or the End key moves it to (the last day shown).
    pub max: NaiveDate,
}

impl Marker {
    /// `date` moved into the marker's valid range (dragging or keys never make an invalid
    /// completion date).
    pub fn clamp(&self, date: NaiveDate) -> NaiveDate {
        date.clamp(self.min, self.max)
    }

    /// Days from `min` (the slider's `aria-valuenow`, `aria-valuemin` being 0).
    pub fn days_from_min(&self, date: NaiveDate) -> i64 {
        (date - self.min).num_days()
    }
}

#[derive(Debug, Clone, PartialEq)]
pub struct Tick {
    pub x: f64,
    pub height: f64,
    pub date: NaiveDate,
    pub minor: i128,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Timeline {
    /// First day shown.
    pub start: NaiveDate,
    /// Day after the last day shown.
    pub end: NaiveDate,
    pub bars: Vec<Bar>,
    pub markers: Vec<Marker>,
    pub ticks: Vec<Tick>,
    /// (x, label) of year starts.
    pub years: Vec<(f64, i32)>,
}

impl Timeline {
    pub fn days(&self) -> i64 {
        (self.end - self.start).num_days().max(1)
    }

    pub fn x(&self, date: NaiveDate) -> f64 {
        let d = (date - self.start).num_days().clamp(0, self.days());
        d as f64 / self.days() as f64 * WIDTH
    }

    /// The invoice tick nearest to `x` (view box units), if one is within `within`.
    pub fn nearest_tick(&self, x: f64, within: f64) -> Option<&Tick> {
        self.ticks
            .iter()
            .map(|t| (t, (t.x - x).abs()))
            .filter(|(_, d)| *d <= within)
            .min_by(|a, b| a.1.total_cmp(&b.1))
            .map(|(t, _)| t)
    }

    /// The date at `fraction` (0..1) of the width, for dragging.
    pub fn date_at(&self, fraction: f64) -> NaiveDate {
        let days = (fraction.clamp(0.0, 1.0) * self.days() as f64).round() as i64;
        self.start + Duration::days(days)
    }

    /// Lays out a preview; `draft` gives the milestones (ids, expected dates).
    pub fn new(preview: &Preview, draft: &Draft) -> Option<Timeline> {
        Timeline::new_in(preview, draft, None)
    }

    /// As [`Timeline::new`], over a given `[start, end)` range (kept fixed while dragging).
    pub fn new_in(
        preview: &Preview,
        draft: &Draft,
        range: Option<(NaiveDate, NaiveDate)>,
    ) -> Option<Timeline> {
        let start = preview.phases.first()?.start?;
        let until = preview.until + Duration::days(1);
        let last_invoice = preview
            .invoices
            .last()
            .map(|i| i.issue_date + Duration::days(1));
        let end = [Some(until), last_invoice]
            .into_iter()
            .flatten()
            .max()
            .unwrap_or(until)
            .max(start + Duration::days(1));
        let (start, end) = range.unwrap_or((start, end));
        let mut t = Timeline {
            start,
            end,
            bars: Vec::new(),
            markers: Vec::new(),
            ticks: Vec::new(),
            years: Vec::new(),
        };
        for phase in &preview.phases {
            let Some(begin) = phase.start else { continue };
            let x = t.x(begin);
            let right = phase.end.map_or(WIDTH, |e| t.x(e));
            t.bars.push(Bar {
                index: phase.index,
                name: phase.name.clone(),
                x,
                width: (right - x).max(1.0),
                open: phase.end.is_none(),
                status: phase.status,
            });
        }
        for (index, phase) in draft.phases.iter().enumerate() {
            if phase.duration_type != "milestone" {
                continue;
            }
            let Some(view) = preview.phases.get(index) else {
                continue;
            };
            let Some(begin) = view.start else {
                continue;
            };
            let min = begin + Duration::days(1);
            let max = (end - Duration::days(1)).max(min);
            let completed = view.end.is_some();
            let date = view
                .end
                .or_else(|| phasebill::parse_date(&phase.expected_on).ok());
            t.markers.push(Marker {
                phase_index: index,
                phase_id: phase.id,
                name: view.name.clone(),
                x: date.map_or(WIDTH, |d| t.x(d)),
                date,
                completed,
                min,
                max,
            });
        }
        let largest = preview
            .invoices
            .iter()
            .map(|i| i.total.minor().unsigned_abs())
            .max()
            .unwrap_or(1)
            .max(1);
        for invoice in &preview.invoices {
            let share = invoice.total.minor().unsigned_abs() as f64 / largest as f64;
            t.ticks.push(Tick {
                x: t.x(invoice.issue_date),
                height: 4.0 + share * (TICK_MAX - 4.0),
                date: invoice.issue_date,
                minor: invoice.total.minor(),
            });
        }
        let mut year = start.year() + 1;
        while let Some(first) = NaiveDate::from_ymd_opt(year, 1, 1) {
            if first >= end {
                break;
            }
            t.years.push((t.x(first), year));
            year += 1;
        }
        // Keep at most about a dozen year labels.
        let step = t.years.len().div_ceil(12).max(1);
        t.years = t.years.iter().copied().step_by(step).collect();
        Some(t)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn date(s: &str) -> NaiveDate {
        phasebill::parse_date(s).unwrap()
    }

    fn acme() -> (Preview, Draft) {
        let draft = Draft::acme();
        let preview =
            phasebill::preview(&draft.to_schedule(), &json!({}), date("2026-03-15")).unwrap();
        (preview, draft)
    }

    #[test]
    fn bars_markers_and_ticks() {
        let (preview, draft) = acme();
        let t = Timeline::new(&preview, &draft).unwrap();
        assert_eq!(t.start, date("2026-01-01"));
        assert_eq!(t.end, date("2027-03-16"));
        assert_eq!(t.bars.len(), 2);
        assert_eq!(t.bars[0].x, 0.0);
        assert!((t.bars[0].x + t.bars[0].width - t.bars[1].x).abs() < 1e-9);
        assert!(!t.bars[1].open);
        assert_eq!(t.markers.len(), 1);
        assert!(t.markers[0].completed);
        assert_eq!(t.markers[0].date, Some(date("2026-03-15")));
        assert_eq!(t.ticks.len(), 13);
        assert_eq!(t.ticks[0].height, TICK_MAX);
        assert!(t.ticks[1].height < t.ticks[0].height);
        assert_eq!(t.years, vec![(t.x(date("2027-01-01")), 2027)]);
    }

    #[test]
    fn dragging_maps_back_to_dates() {
        let (preview, draft) = acme();
        let t = Timeline::new(&preview, &draft).unwrap();
        for d in ["2026-01-01", "2026-03-15", "2026-09-30", "2027-03-15"] {
            assert_eq!(t.date_at(t.x(date(d)) / WIDTH), date(d));
        }
        assert_eq!(t.date_at(-3.0), t.start);
        assert_eq!(t.date_at(7.0), t.end);
        let fixed = (date("2026-01-01"), date("2026-01-11"));
        let t = Timeline::new_in(&preview, &draft, Some(fixed)).unwrap();
        assert_eq!((t.start, t.end), fixed);
        assert_eq!(t.date_at(0.5), date("2026-01-06"));
        assert_eq!(t.bars[1].x, WIDTH);
    }

    #[test]
    fn marker_dates_stay_in_the_valid_range() {
        let (preview, draft) = acme();
        let t = Timeline::new(&preview, &draft).unwrap();
        let m = &t.markers[0];
        assert_eq!(m.min, date("2026-01-02"), "after the phase start");
        assert_eq!(m.max, date("2027-03-15"));
        assert_eq!(m.clamp(date("2026-01-01")), date("2026-01-02"));
        assert_eq!(m.clamp(t.date_at(0.0)), date("2026-01-02"));
        assert_eq!(m.clamp(date("2030-01-01")), date("2027-03-15"));
        assert_eq!(m.clamp(date("2026-05-05")), date("2026-05-05"));
        assert_eq!(m.days_from_min(date("2026-01-12")), 10);
        // The clamped date is one the engine accepts.
        let mut moved = draft.clone();
        moved.phases[0].completed_on = m.clamp(date("2025-06-01")).to_string();
        assert!(phasebill::preview(&moved.to_schedule(), &json!({}), date("2026-03-15")).is_ok());
    }

    #[test]
    fn the_nearest_tick_is_found_for_hovering() {
        let (preview, draft) = acme();
        let t = Timeline::new(&preview, &draft).unwrap();
        let second = t.ticks[1].x;
        assert_eq!(
            t.nearest_tick(second + 2.0, 8.0).unwrap().date,
            date("2026-04-15")
        );
        assert_eq!(t.nearest_tick(second + 20.0, 8.0), None);
    }

    #[test]
    fn pending_milestone_is_open() {
        let (_, mut draft) = acme();
        draft.reopen_milestone(1);
        let preview =
            phasebill::preview(&draft.to_schedule(), &json!({}), date("2026-03-15")).unwrap();
        let t = Timeline::new(&preview, &draft).unwrap();
        assert_eq!(t.bars.len(), 1);
        assert!(t.bars[0].open);
        assert_eq!(t.bars[0].width, WIDTH);
        assert!(!t.markers[0].completed);
        assert_eq!(t.markers[0].date, None);
        draft.phases[0].expected_on = "2026-06-01".into();
        let preview =
            phasebill::preview(&draft.to_schedule(), &json!({}), date("2026-03-15")).unwrap();
        let t = Timeline::new(&preview, &draft).unwrap();
        assert_eq!(t.markers[0].date, Some(date("2026-06-01")));
        assert!(!t.markers[0].completed);
    }
}
