//! Knowledge-based invoicing (spec section 5): for every charge key, the line on day `d` is
//! `ideal_d(key) − ideal_{d−1}(key)`, where `ideal_d` uses the schedule as known on `d`.
//!
//! Knowledge only grows, one phase boundary at a time, so each phase has at most two
//! versions: *open* (start known, end not yet known) from the day its start becomes known,
//! and *final* from the day its end becomes known. A key's ideal therefore changes only on
//! four days: the day the phase start becomes known, the key's due date under the open
//! version, the day the end becomes known, and its due date under the final version. The
//! generator computes both ideal charges of every key (Kill Bill's shape: ideal charges
//! first, then the difference with what was billed) and emits the non-zero differences, so
//! that the lines of a key always sum to its final ideal amount.

use crate::calendar::Date;
use crate::charges::{Charge, Periods, PriceRule, ServicePeriod};
use crate::discounts::DiscountRule;
use crate::money::Rate;
use crate::schedule::Schedule;
use crate::timeline::{Known, Timeline};

/// Most lines a preview may hold.
pub const MAX_LINES: usize = 100_000;

/// What a line does.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, serde::Serialize)]
#[serde(rename_all = "camelCase")]
pub enum LineKind {
    /// Positive, billed on its due date.
    Charge,
    /// Positive, billed after its due date because it became known later.
    CatchUp,
    /// Negative: takes back what was billed.
    Credit,
    /// A discount key's change, right after its charge key's line (spec section 10.3).
    Discount,
}

/// One non-zero difference for one key on one day.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Line {
    pub date: Date,
    pub phase_index: usize,
    pub price_index: usize,
    /// Billing-period index (0 for one-time fees).
    pub period_index: u32,
    pub kind: LineKind,
    /// The discount's index in its phase, on discount lines only.
    pub discount_index: Option<usize>,
    /// What the line bills, or, for a credit, what it takes back.
    pub service: ServicePeriod,
    /// `(usedDays, periodDays)` when the line covers fewer days than its billing period.
    pub proration: Option<(i64, i64)>,
    /// Minor units; negative for credits.
    pub amount: i128,
}

/// The preview holds more than [`MAX_LINES`] lines.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct TooLarge;

/// Every line dated on or before `until`, in key order (phase, price, period).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Lines {
    pub lines: Vec<Line>,
    /// Whether some non-zero line falls after `until`.
    pub beyond: bool,
}

struct Collector {
    until: Date,
    out: Lines,
    /// The discount covering the price being billed, with its index in the phase.
    discount: Option<(usize, DiscountRule)>,
    /// The key's ideal charge so far: the sum of its lines (within the window or not).
    billed: i128,
}

/// The key being billed.
#[derive(Clone, Copy)]
struct Key {
    phase_index: usize,
    price_index: usize,
    period_index: u32,
}

impl Collector {
    fn emit(
        &mut self,
        key: Key,
        date: Date,
        kind: LineKind,
        charge: &Charge,
        amount: i128,
    ) -> Result<(), TooLarge> {
        let line = Line {
            date,
            phase_index: key.phase_index,
            price_index: key.price_index,
            period_index: key.period_index,
            kind,
            discount_index: None,
            service: charge.service,
            proration: charge.proration(),
            amount,
        };
        self.push(line)?;
        // The discount key changes exactly when its charge key does: ideal_d − ideal_{d−1}.
        let before = self.billed;
        self.billed += amount;
        if let Some((index, rule)) = self.discount {
            self.push(Line {
                kind: LineKind::Discount,
                discount_index: Some(index),
                amount: rule.ideal(self.billed) - rule.ideal(before),
                ..line
            })?;
        }
        Ok(())
    }

    /// A positive line for `charge` on `date`: a charge on its due date, else a catch-up.
    fn positive(
        &mut self,
        key: Key,
        date: Date,
        charge: &Charge,
        amount: i128,
    ) -> Result<(), TooLarge> {
        let kind = if date == charge.due {
            LineKind::Charge
        } else {
            LineKind::CatchUp
        };
        self.emit(key, date, kind, charge, amount)
    }

    fn push(&mut self, line: Line) -> Result<(), TooLarge> {
        if line.amount == 0 {
            return Ok(());
        }
        if line.date > self.until {
            self.out.beyond = true;
            return Ok(());
        }
        if self.out.lines.len() >= MAX_LINES {
            return Err(TooLarge);
        }
        self.out.lines.push(line);
        Ok(())
    }

    /// The lines of one key given its ideal charge under the open version (`open`, only
    /// when its due date is before the end becomes known) and the final version (`last`).
    fn key(
        &mut self,
        key: Key,
        open: Option<Charge>,
        last: Option<Charge>,
        start_known: Known,
        end_known: Known,
    ) -> Result<(), TooLarge> {
        self.billed = 0;
        let ideal =
            |c: &Option<Charge>, day: Date| c.filter(|c| c.due <= day).map_or(0, |c| c.amount);
        if let Some(o) = &open {
            match start_known {
                // The open version's charges due by the day the start becomes known.
                Known::On(s) if o.due <= s => self.positive(key, s, o, o.amount)?,
                _ => self.emit(key, o.due, LineKind::Charge, o, o.amount)?,
            }
        }
        match end_known {
            Known::On(e) => {
                let before = ideal(&open, e.pred_opt().unwrap_or(e));
                let now = ideal(&last, e);
                let change = now - before;
                match (last, open) {
                    (Some(l), _) if change > 0 => self.positive(key, e, &l, change)?,
                    (Some(l), Some(o)) if change < 0 && now != 0 => {
                        let taken = Charge {
                            service: ServicePeriod {
                                start: l.service.end.unwrap_or(o.service.start),
                                end: o.service.end,
                            },
                            ..o
                        };
                        self.emit(key, e, LineKind::Credit, &taken, change)?
                    }
                    (_, Some(o)) if change < 0 => {
                        self.emit(key, e, LineKind::Credit, &o, change)?
                    }
                    _ => {}
                }
                if let Some(l) = last.filter(|l| l.due > e) {
                    self.emit(key, l.due, LineKind::Charge, &l, l.amount)?;
                }
            }
            Known::Always => {
                if let Some(l) = &last {
                    self.emit(key, l.due, LineKind::Charge, l, l.amount)?;
                }
            }
            Known::Never => {}
        }
        Ok(())
    }
}

/// All lines of `schedule` under the knowledge of `timeline`, up to `until` inclusive.
pub fn lines(schedule: &Schedule, timeline: &Timeline, until: Date) -> Result<Lines, TooLarge> {
    let mut collector = Collector {
        until,
        out: Lines {
            lines: Vec::new(),
            beyond: false,
        },
        discount: None,
        billed: 0,
    };
    for (phase_index, (phase, span)) in schedule.phases.iter().zip(&timeline.spans).enumerate() {
        let Some(start) = span.start else {
            continue;
        };
        // The open version exists while the start is known and the end is not yet.
        let has_open = span.start_known < span.end_known;
        let open_span = ServicePeriod { start, end: None };
        let final_span = span.end.map(|end| ServicePeriod {
            start,
            end: Some(end),
        });
        // Open-version charges matter only when due before the end becomes known.
        let before_end = |c: &Charge| Known::On(c.due) < span.end_known;
        for (price_index, price) in phase.prices.iter().enumerate() {
            let Some(rate) = Rate::new(price.amount, price.quantity, schedule.currency) else {
                continue;
            };
            // A price whose full-period charge rounds to 0 bills nothing.
            if rate.full() == 0 {
                continue;
            }
            let rule = PriceRule::new(price, rate, schedule.billing_anchor);
            // Validated: at most one discount covers a price.
            collector.discount = phase
                .discounts
                .iter()
                .position(|d| d.covers(price_index))
                .map(|i| (i, DiscountRule::new(&phase.discounts[i], schedule.currency)));
            let mut key = Key {
                phase_index,
                price_index,
                period_index: 0,
            };
            let Some(months) = price.frequency.months() else {
                // One-time: the service period is the phase as finally known.
                let shown = ServicePeriod {
                    start,
                    end: span.end,
                };
                let with_span = |c: Charge| Charge {
                    service: shown,
                    ..c
                };
                let open = has_open
                    .then(|| rule.one_time(open_span))
                    .flatten()
                    .filter(before_end)
                    .map(with_span);
                let last = final_span.and_then(|s| rule.one_time(s)).map(with_span);
                collector.key(key, open, last, span.start_known, span.end_known)?;
                continue;
            };
            let periods = Periods::new(rule.anchor, months, start);
            for k in 0u32.. {
                let Some(period) = periods.period(k) else {
                    break;
                };
                // Every line of key k is dated on or after its period start.
                if period.0 > until && collector.out.beyond {
                    break;
                }
                let open = has_open
                    .then(|| rule.recurring(open_span, period))
                    .flatten()
                    .filter(before_end);
                let last = final_span.and_then(|s| rule.recurring(s, period));
                if open.is_none() && last.is_none() {
                    break;
                }
                key.period_index = k;
                collector.key(key, open, last, span.start_known, span.end_known)?;
            }
        }
    }
    Ok(collector.out)
}
