//! Geometry of the "Billing by month" chart: the net billed per calendar month over the
//! preview window (credits below the axis), forecast months apart, and in compare mode the
//! saved version's bars beside the current ones. Pure, tested natively; the component only
//! draws the paths.

use chrono::{Datelike, NaiveDate};

/// One calendar month's net (minor units) and whether a forecast invoice is in it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Month {
    pub year: i32,
    /// 1–12.
    pub month: u32,
    pub net: i128,
    pub forecast: bool,
}

/// Every month from `from`'s to `until`'s (both included), each with the sum of the
/// invoices issued in it: `(issue date, total in minor units, forecast)`.
pub fn by_month(
    from: NaiveDate,
    until: NaiveDate,
    invoices: impl IntoIterator<Item = (NaiveDate, i128, bool)>,
) -> Vec<Month> {
    let first = month_number(from);
    let last = month_number(until).max(first);
    let mut months: Vec<Month> = (first..=last)
        .map(|n| Month {
            year: n.div_euclid(12) as i32,
            month: n.rem_euclid(12) as u32 + 1,
            net: 0,
            forecast: false,
        })
        .collect();
    for (date, total, forecast) in invoices {
        let n = month_number(date);
        if n < first || n > last {
            continue;
        }
        let m = &mut months[(n - first) as usize];
        m.net += total;
        m.forecast |= forecast;
    }
    months
}

fn month_number(date: NaiveDate) -> i64 {
    i64::from(date.year()) * 12 + i64::from(date.month0())
}

/// The drawing: one slot per month, bars as SVG path data.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Chart {
    pub width: f64,
    pub height: f64,
    /// y of the zero line.
    pub axis_y: f64,
    /// x and width of each month's slot (the hover / focus target).
    pub slots: Vec<(f64, f64)>,
    /// The current schedule's bars of issued and upcoming months.
    pub current: String,
    /// The current schedule's bars of months with a forecast invoice.
    pub forecast: String,
    /// The saved version's bars (compare mode), left of the current ones.
    pub saved: String,
    /// Number of bars drawn (months with a non-zero net, per series).
    pub bars: usize,
}

/// Space above and below the bars.
const PAD: f64 = 4.0;

/// Lays out `current` (and `saved`, aligned by month; same length expected) in a box of
/// `width` × `height`. Positives rise from the axis, negatives (credits) hang below it,
/// on one scale; a non-zero month is at least one unit tall.
pub fn layout(current: &[Month], saved: Option<&[Month]>, width: f64, height: f64) -> Chart {
    let n = current.len().max(saved.map_or(0, <[Month]>::len));
    let mut chart = Chart {
        width,
        height,
        axis_y: height - PAD,
        ..Chart::default()
    };
    if n == 0 {
        return chart;
    }
    let all = current.iter().chain(saved.unwrap_or(&[]));
    let top = all.clone().map(|m| m.net).max().unwrap_or(0).max(0) as f64;
    let bottom = all.map(|m| m.net).min().unwrap_or(0).min(0).unsigned_abs() as f64;
    let span = top + bottom;
    let inner = height - 2.0 * PAD;
    chart.axis_y = if span > 0.0 {
        PAD + inner * top / span
    } else {
        height - PAD
    };
    let slot = width / n as f64;
    chart.slots = (0..n).map(|i| (i as f64 * slot, slot)).collect();
    let (bar, gap) = if saved.is_some() {
        (slot * 0.4, slot * 0.1)
    } else {
        (slot * 0.7, slot * 0.15)
    };
    let mut draw = |out: &mut String, i: usize, x_in_slot: f64, net: i128| {
        if net == 0 || span == 0.0 {
            return;
        }
        let h = (net.unsigned_abs() as f64 / span * inner).max(1.0);
        let x = i as f64 * slot + x_in_slot;
        let y = if net > 0 {
            chart.axis_y - h
        } else {
            chart.axis_y
        };
        out.push_str(&format!("M{x:.2} {y:.2}h{bar:.2}v{h:.2}h{:.2}Z", -bar));
        chart.bars += 1;
    };
    let mut current_path = String::new();
    let mut forecast_path = String::new();
    let mut saved_path = String::new();
    let current_x = if saved.is_some() { gap + bar } else { gap };
    for (i, m) in current.iter().enumerate() {
        let out = if m.forecast {
            &mut forecast_path
        } else {
            &mut current_path
        };
        draw(out, i, current_x, m.net);
    }
    for (i, m) in saved.unwrap_or(&[]).iter().enumerate() {
        draw(&mut saved_path, i, gap, m.net);
    }
    chart.current = current_path;
    chart.forecast = forecast_path;
    chart.saved = saved_path;
    chart
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> NaiveDate {
        phasebill::parse_date(s).unwrap()
    }

    /// The Acme example: Jan 1 12500.00, then twelve 1500.00 from Apr 15 to Mar 15, 2027.
    fn acme() -> Vec<Month> {
        let mut invoices = vec![(d("2026-01-01"), 1_250_000, false)];
        let mut date = d("2026-04-15");
        for _ in 0..12 {
            invoices.push((date, 150_000, false));
            date = date.checked_add_months(chrono::Months::new(1)).unwrap();
        }
        by_month(d("2026-01-01"), d("2027-03-15"), invoices)
    }

    #[test]
    fn every_month_of_the_window_has_a_slot() {
        let months = acme();
        // Jan 2026 to Mar 2027: 15 months, Feb and Mar 2026 without invoices.
        assert_eq!(months.len(), 15);
        assert_eq!(
            (months[0].year, months[0].month, months[0].net),
            (2026, 1, 1_250_000)
        );
        assert_eq!(months[1].net, 0);
        assert_eq!(months[2].net, 0);
        assert_eq!(
            (months[14].year, months[14].month, months[14].net),
            (2027, 3, 150_000)
        );
        let chart = layout(&months, None, 300.0, 100.0);
        assert_eq!(chart.slots.len(), 15);
        assert_eq!(chart.bars, 13);
        assert_eq!(chart.slots[1], (20.0, 20.0));
        // No credits: the axis is at the bottom, the tallest bar reaches the top pad.
        assert_eq!(chart.axis_y, 96.0);
        assert!(chart.current.starts_with("M3.00 4.00h14.00v92.00h-14.00Z"));
    }

    #[test]
    fn credits_hang_below_the_axis_on_the_same_scale() {
        let months = by_month(
            d("2026-01-01"),
            d("2026-02-28"),
            [
                (d("2026-01-01"), 30_000, false),
                (d("2026-02-10"), -10_000, false),
            ],
        );
        let chart = layout(&months, None, 200.0, 48.0);
        // 300 up, 100 down over 40 units: the axis 30 units below the top pad.
        assert_eq!(chart.axis_y, 34.0);
        assert!(chart.current.contains("M115.00 34.00h70.00v10.00"));
    }

    #[test]
    fn two_invoices_in_a_month_add_up_and_forecasts_are_apart() {
        let months = by_month(
            d("2026-01-01"),
            d("2026-03-01"),
            [
                (d("2026-01-01"), 100, false),
                (d("2026-01-31"), 50, false),
                (d("2026-03-01"), 70, true),
            ],
        );
        assert_eq!(months[0].net, 150);
        assert!(months[2].forecast && !months[0].forecast);
        let chart = layout(&months, None, 90.0, 50.0);
        assert_eq!(chart.current.matches('M').count(), 1);
        assert_eq!(chart.forecast.matches('M').count(), 1);
    }

    #[test]
    fn compare_mode_draws_the_saved_bars_beside() {
        let now = acme();
        let mut before = acme();
        before[3].net = 300_000;
        let chart = layout(&now, Some(&before), 300.0, 100.0);
        assert_eq!(chart.bars, 26);
        // Saved left (x 2 in a 20 wide slot), current right (x 10).
        assert!(chart.saved.starts_with("M2.00 "));
        assert!(chart.current.starts_with("M10.00 "));
    }

    #[test]
    fn nothing_to_draw_is_no_bar() {
        assert_eq!(layout(&[], None, 100.0, 50.0).bars, 0);
        let zero = by_month(d("2026-01-01"), d("2026-01-31"), []);
        let chart = layout(&zero, None, 100.0, 50.0);
        assert_eq!((chart.slots.len(), chart.bars), (1, 0));
    }
}
