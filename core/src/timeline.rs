//! When each phase starts and ends, and on which day each boundary becomes known
//! (spec sections 3, 5 and 9).

use crate::calendar::{self, Date};
use crate::error::{Code, Issue, Warning, WarningCode};
use crate::schedule::{Duration, Unit};

/// The first day on which something is known.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Known {
    /// Known from the contract's signature: before any invoice.
    Always,
    /// Known from this day on.
    On(Date),
    /// Never known within this schedule.
    Never,
}

/// A phase's span as finally known, and the days its boundaries become known.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct PhaseSpan {
    /// `None` while an earlier milestone is pending (the phase is awaiting it).
    pub start: Option<Date>,
    /// `None` while unknown (pending milestone) or never (open-ended).
    pub end: Option<Date>,
    /// When `start` becomes known: the latest recording day of the milestones before it.
    pub start_known: Known,
    /// When `end` becomes known: `start_known` (fixed), the later of that and the
    /// milestone's recording day (milestone), or never.
    pub end_known: Known,
}

impl PhaseSpan {
    const UNKNOWN: PhaseSpan = PhaseSpan {
        start: None,
        end: None,
        start_known: Known::Never,
        end_known: Known::Never,
    };
}

/// Whether forecasts (`expectedOn`) count as completions.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum View {
    /// Only the input's facts: pending milestones stay open.
    Facts,
    /// A usable `expectedOn` acts as a completion recorded on that day.
    Forecast,
}

/// Every phase's span under one view, with what resolving it found.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Timeline {
    pub spans: Vec<PhaseSpan>,
    /// The earliest `expectedOn` used (forecast view).
    pub forecast_from: Option<Date>,
    /// Every recording day used: `recordedOn` (or `completedOn`) and used `expectedOn`.
    pub recordings: Vec<Date>,
    pub issues: Vec<Issue>,
    pub warnings: Vec<Warning>,
}

impl Timeline {
    /// Whether every phase end is known (so billing ends).
    pub fn all_ends_known(&self) -> bool {
        self.spans.iter().all(|span| span.end.is_some())
    }

    /// The schedule's end, when every phase end is known.
    pub fn end(&self) -> Option<Date> {
        if self.all_ends_known() {
            self.spans.last().and_then(|span| span.end)
        } else {
            None
        }
    }

    /// The latest phase start or end that is known.
    pub fn last_known_boundary(&self) -> Option<Date> {
        self.spans
            .iter()
            .flat_map(|span| [span.start, span.end])
            .flatten()
            .max()
    }
}

/// `start + count × unit`, or `None` past the supported range.
pub fn fixed_end(start: Date, count: u64, unit: Unit) -> Option<Date> {
    let months = |n: u64| {
        u32::try_from(n)
            .ok()
            .and_then(|n| calendar::add_months(start, n))
    };
    let end = match unit {
        Unit::Days => calendar::add_days(start, count),
        Unit::Weeks => count
            .checked_mul(7)
            .and_then(|d| calendar::add_days(start, d)),
        Unit::Months => months(count),
        Unit::Years => count.checked_mul(12).and_then(months),
    }?;
    calendar::in_range(end).then_some(end)
}

/// A unit as a message names it (what `{unit:?}` lowercased gave, without `Debug`).
fn unit_name(unit: Unit) -> &'static str {
    match unit {
        Unit::Days => "days",
        Unit::Weeks => "weeks",
        Unit::Months => "months",
        Unit::Years => "years",
    }
}

/// Resolves the phases of a schedule starting on `start`. `durations[i]` is `None` when
/// phase i's duration was invalid; phases from there on are left unknown.
pub fn resolve(start: Date, durations: &[Option<Duration>], as_of: Date, view: View) -> Timeline {
    let mut timeline = Timeline {
        spans: Vec::with_capacity(durations.len()),
        forecast_from: None,
        recordings: Vec::new(),
        issues: Vec::new(),
        warnings: Vec::new(),
    };
    let mut next = (Some(start), Known::Always);
    let mut pending_before = false;
    for (i, duration) in durations.iter().enumerate() {
        let Some(duration) = duration else {
            break;
        };
        let (start, start_known) = next;
        let path = |field: &str| format!("phases[{i}].duration{field}");
        let ignore_expected = |timeline: &mut Timeline, why: &str| {
            timeline.warnings.push(Warning {
                path: path(".expectedOn"),
                code: WarningCode::ExpectedOnIgnored,
                message: format!("expectedOn ignored: {why}"),
            });
        };
        let (end, end_known) = match *duration {
            Duration::Fixed { count, unit } => match start {
                Some(s) => match fixed_end(s, count, unit) {
                    Some(end) => (Some(end), start_known),
                    None => {
                        let unit = unit_name(unit);
                        timeline.issues.push(Issue::new(
                            path(""),
                            Code::DateOutOfRange,
                            format!("phase starting {s} and lasting {count} {unit} ends after 2999-12-31")
                                .to_ascii_lowercase(),
                        ));
                        break;
                    }
                },
                None => (None, Known::Never),
            },
            Duration::Milestone(milestone) => match milestone.completion() {
                Some((done, recorded)) => {
                    if view == View::Forecast && milestone.expected_on.is_some() {
                        ignore_expected(&mut timeline, "the milestone is already completed");
                    }
                    if pending_before {
                        timeline.issues.push(Issue::new(
                            path(".completedOn"),
                            Code::CompletedAfterPending,
                            format!("completedOn {done} follows an earlier milestone that is not completed"),
                        ));
                        break;
                    }
                    if let Some(s) = start.filter(|&s| done <= s) {
                        timeline.issues.push(Issue::new(
                            path(".completedOn"),
                            Code::CompletedBeforeStart,
                            format!("completedOn {done} is not after the phase start {s}"),
                        ));
                        break;
                    }
                    timeline.recordings.push(recorded);
                    (Some(done), start_known.max(Known::On(recorded)))
                }
                None => {
                    pending_before = true;
                    match (view, milestone.expected_on) {
                        (View::Forecast, Some(expected)) if expected <= as_of => {
                            ignore_expected(
                                &mut timeline,
                                &format!("{expected} is not after as-of {as_of}"),
                            );
                            (None, Known::Never)
                        }
                        (View::Forecast, Some(_)) if start.is_none() => {
                            ignore_expected(&mut timeline, "the phase start is not known");
                            (None, Known::Never)
                        }
                        (View::Forecast, Some(expected)) => {
                            if let Some(s) = start.filter(|&s| expected <= s) {
                                timeline.issues.push(Issue::new(
                                    path(".expectedOn"),
                                    Code::ExpectedBeforeStart,
                                    format!(
                                        "expectedOn {expected} is not after the phase start {s}"
                                    ),
                                ));
                                break;
                            }
                            timeline.recordings.push(expected);
                            timeline.forecast_from =
                                Some(timeline.forecast_from.map_or(expected, |f| f.min(expected)));
                            (Some(expected), start_known.max(Known::On(expected)))
                        }
                        _ => (None, Known::Never),
                    }
                }
            },
            Duration::OpenEnded => (None, Known::Never),
        };
        let span = match start {
            Some(_) => PhaseSpan {
                start,
                end,
                start_known,
                end_known,
            },
            None => PhaseSpan::UNKNOWN,
        };
        timeline.spans.push(span);
        next = match span.end {
            Some(end) => (Some(end), span.end_known),
            None => (None, Known::Never),
        };
    }
    while timeline.spans.len() < durations.len() {
        timeline.spans.push(PhaseSpan::UNKNOWN);
    }
    timeline
}
