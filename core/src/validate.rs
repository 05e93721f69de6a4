//! From JSON to a [`Schedule`]: every input rule of spec section 9, reporting all issues.

use crate::calendar::Date;
use crate::currency::Currency;
use crate::error::{Code, Issue, Warning};
use crate::json::{Json, Object};
use crate::money::{self, DecimalError, Rate, MAX_QUANTITY_SCALE};
use crate::schedule::{
    BillingAnchor, Discount, Duration, Frequency, Milestone, Phase, PreviewOptions, Price,
    Schedule, Timing, Unit,
};
use crate::terms::MAX_PAYMENT_TERMS_DAYS;
use crate::timeline::{self, Timeline, View};
use rust_decimal::Decimal;

mod anchor;
mod checker;
mod discounts;
use anchor::billing_anchor;
use checker::{get, join, show, At, Checker, Place};
use discounts::discounts;

/// Longest phase or price name, in characters.
pub const MAX_NAME_CHARS: usize = 200;

/// A valid input: the schedule, the options and the forecast timeline they give.
#[derive(Debug, Clone)]
pub struct Valid {
    pub schedule: Schedule,
    pub options: PreviewOptions,
    /// Phases under the forecast view (what billing uses).
    pub forecast: Timeline,
    pub warnings: Vec<Warning>,
}

/// Validates a schedule and preview options; `today` is the default as-of.
/// Returns every issue found.
pub fn validate(schedule: &Json, options: &Json, today: Date) -> Result<Valid, Vec<Issue>> {
    let mut c = Checker {
        issues: Vec::new(),
        warnings: Vec::new(),
    };
    let draft = schedule_fields(schedule, &mut c);
    let options = options_fields(options, today, &mut c);
    let Checker {
        mut issues,
        warnings: mut found,
    } = c;
    let (Some(draft), Some(options)) = (draft, options) else {
        return Err(issues);
    };
    // Dates that depend on other phases: only where the start and options are known.
    let forecast = match draft.start_date {
        Some(start) => {
            let t = timeline::resolve(start, &draft.durations, options.as_of, View::Forecast);
            issues.extend(t.issues.iter().cloned());
            Some(t)
        }
        None => None,
    };
    match (draft.build(), forecast) {
        (Some(schedule), Some(forecast)) if issues.is_empty() => {
            found.extend(forecast.warnings.iter().cloned());
            Ok(Valid {
                schedule,
                options,
                forecast,
                warnings: found,
            })
        }
        _ => Err(issues),
    }
}

/// The fields of a schedule as far as they are valid.
struct Draft {
    customer: Option<String>,
    currency: Option<Currency>,
    start_date: Option<Date>,
    billing_anchor: Option<BillingAnchor>,
    payment_terms_days: Option<u16>,
    names: Vec<Option<String>>,
    durations: Vec<Option<Duration>>,
    prices: Vec<Option<Vec<Price>>>,
    discounts: Vec<Option<Vec<Discount>>>,
    ok: bool,
}

impl Draft {
    fn build(self) -> Option<Schedule> {
        if !self.ok {
            return None;
        }
        let phases = self
            .names
            .into_iter()
            .zip(self.durations)
            .zip(self.prices)
            .zip(self.discounts)
            .map(|(((name, duration), prices), discounts)| {
                Some(Phase {
                    name: name?,
                    duration: duration?,
                    prices: prices?,
                    discounts: discounts?,
                })
            })
            .collect::<Option<Vec<_>>>()?;
        Some(Schedule {
            customer: self.customer,
            currency: self.currency?,
            start_date: self.start_date?,
            billing_anchor: self.billing_anchor?,
            payment_terms_days: self.payment_terms_days?,
            phases,
        })
    }
}

/// The fields of a schedule, in the order of spec section 7.
const SCHEDULE_FIELDS: &[&str] = &[
    "customer",
    "currency",
    "startDate",
    "billingAnchor",
    "paymentTermsDays",
    "phases",
];

fn schedule_fields(value: &Json, c: &mut Checker) -> Option<Draft> {
    let Json::Object(object) = value else {
        let msg = format!("schedule must be an object, not {}", show(value));
        c.push(String::new(), Code::InvalidType, msg);
        return None;
    };
    let before = c.issues.len();
    let root = Place::Root;
    c.unknown_fields(object, &root, SCHEDULE_FIELDS);
    let customer =
        get(object, "customer").and_then(|v| c.text(v, At(&root, "customer"), "customer"));
    let currency = c.required(object, &root, "currency").and_then(|v| {
        let found = v.as_str().and_then(Currency::from_code);
        if found.is_none() {
            let msg = format!("currency {} is not an active iso 4217 code", show(v));
            c.push("currency".into(), Code::InvalidCurrency, msg);
        }
        found
    });
    let start_date = c
        .required(object, &root, "startDate")
        .and_then(|v| c.date(v, At(&root, "startDate"), "startDate"));
    let billing_anchor = match get(object, "billingAnchor") {
        None => Some(BillingAnchor::PhaseStart),
        Some(v) => billing_anchor(c, v),
    };
    let payment_terms_days = match get(object, "paymentTermsDays") {
        None => Some(0),
        Some(v) => {
            let days = c.whole_in(v, 0..=u64::from(MAX_PAYMENT_TERMS_DAYS));
            if days.is_none() {
                let msg = format!(
                    "paymentTermsDays {} is not a whole number of days from 0 to {MAX_PAYMENT_TERMS_DAYS}",
                    show(v)
                );
                c.push("paymentTermsDays".into(), Code::InvalidPaymentTerms, msg);
            }
            days.and_then(|d| u16::try_from(d).ok())
        }
    };
    let mut draft = Draft {
        customer,
        currency,
        start_date,
        billing_anchor,
        payment_terms_days,
        names: Vec::new(),
        durations: Vec::new(),
        prices: Vec::new(),
        discounts: Vec::new(),
        ok: true,
    };
    match c.required(object, &root, "phases") {
        None => draft.ok = false,
        Some(Json::Array(phases)) if phases.is_empty() => {
            c.push(
                "phases".into(),
                Code::EmptyPhases,
                "phases is empty: a schedule needs at least one phase".into(),
            );
            draft.ok = false;
        }
        Some(Json::Array(phases)) => {
            let list = Place::Field(&root, "phases");
            for (i, phase) in phases.iter().enumerate() {
                let base = Place::Item(&list, i);
                let Json::Object(phase) = phase else {
                    let msg = format!("phase must be an object, not {}", show(phase));
                    c.push(base.to_string(), Code::InvalidType, msg);
                    draft.names.push(None);
                    draft.durations.push(None);
                    draft.prices.push(None);
                    draft.discounts.push(None);
                    continue;
                };
                c.unknown_fields(phase, &base, &["name", "duration", "prices", "discounts"]);
                draft.names.push(c.name(phase, &base));
                draft
                    .durations
                    .push(duration(c, phase, &base, i + 1 == phases.len()));
                let prices = prices(c, phase, &base, currency);
                draft
                    .discounts
                    .push(discounts(c, phase, &base, currency, prices.as_deref()));
                draft.prices.push(prices);
            }
        }
        Some(other) => {
            let msg = format!("phases must be an array, not {}", show(other));
            c.push("phases".into(), Code::InvalidType, msg);
            draft.ok = false;
        }
    }
    draft.ok &= c.issues.len() == before;
    Some(draft)
}

fn duration(c: &mut Checker, phase: &Object<'_>, base: &Place<'_>, last: bool) -> Option<Duration> {
    let value = c.required(phase, base, "duration")?;
    let base = Place::Field(base, "duration");
    let Json::Object(object) = value else {
        let msg = format!("duration must be an object, not {}", show(value));
        c.push(base.to_string(), Code::InvalidDuration, msg);
        return None;
    };
    #[derive(Clone, Copy)]
    enum Kind {
        Fixed,
        Milestone,
        OpenEnded,
    }
    let kind = c.required(object, &base, "type").and_then(|v| {
        c.choice(
            v,
            At(&base, "type"),
            "duration type",
            Code::InvalidDurationType,
            &[
                ("fixed", Kind::Fixed),
                ("milestone", Kind::Milestone),
                ("openEnded", Kind::OpenEnded),
            ],
        )
    })?;
    let known: &[&str] = match kind {
        Kind::Fixed => &["type", "count", "unit"],
        Kind::Milestone => &["type", "completedOn", "recordedOn", "expectedOn"],
        Kind::OpenEnded => &["type"],
    };
    c.unknown_fields(object, &base, known);
    match kind {
        Kind::Fixed => {
            let count = c
                .required(object, &base, "count")
                .and_then(|v| match whole_number(v) {
                    Some(n) if n >= 1 => Some(n),
                    _ => {
                        let msg = format!("count {} is not a whole number of at least 1", show(v));
                        c.push(join(&base, "count"), Code::InvalidCount, msg);
                        None
                    }
                });
            let unit = c.required(object, &base, "unit").and_then(|v| {
                c.choice(
                    v,
                    At(&base, "unit"),
                    "unit",
                    Code::InvalidUnit,
                    &[
                        ("days", Unit::Days),
                        ("weeks", Unit::Weeks),
                        ("months", Unit::Months),
                        ("years", Unit::Years),
                    ],
                )
            });
            Some(Duration::Fixed {
                count: count?,
                unit: unit?,
            })
        }
        Kind::Milestone => {
            let completed_on = c.optional_date(object, &base, "completedOn");
            let recorded_on = c.optional_date(object, &base, "recordedOn");
            let expected_on = c.optional_date(object, &base, "expectedOn");
            let (Ok(completed_on), Ok(recorded_on), Ok(expected_on)) =
                (completed_on, recorded_on, expected_on)
            else {
                return None;
            };
            if let (None, Some(recorded)) = (completed_on, recorded_on) {
                let msg =
                    format!("recordedOn {recorded} is given but the milestone has no completedOn");
                c.push(
                    join(&base, "recordedOn"),
                    Code::RecordedWithoutCompletion,
                    msg,
                );
                return None;
            }
            Some(Duration::Milestone(Milestone {
                completed_on,
                recorded_on,
                expected_on,
            }))
        }
        Kind::OpenEnded if !last => {
            let msg = "an openEnded phase must be the last phase".to_string();
            c.push(base.to_string(), Code::OpenEndedNotLast, msg);
            None
        }
        Kind::OpenEnded => Some(Duration::OpenEnded),
    }
}

/// A JSON number with a whole value (`12` or `12.0`, as JavaScript sees them alike).
#[inline(never)]
fn whole_number(value: &Json) -> Option<u64> {
    let number = value.as_number()?;
    number.as_u64().or_else(|| {
        let float = number.as_f64()?;
        // Exactly representable whole floats only; 2^53 and above are refused as imprecise.
        (float.fract() == 0.0 && (0.0..9_007_199_254_740_992.0).contains(&float))
            .then_some(float as u64)
    })
}

fn prices(
    c: &mut Checker,
    phase: &Object<'_>,
    base: &Place<'_>,
    currency: Option<Currency>,
) -> Option<Vec<Price>> {
    let value = c.required(phase, base, "prices")?;
    let Json::Array(items) = value else {
        let msg = format!("prices must be an array, not {}", show(value));
        c.push(join(base, "prices"), Code::InvalidType, msg);
        return None;
    };
    let mut prices = Vec::with_capacity(items.len());
    let mut ok = true;
    let list = Place::Field(base, "prices");
    for (j, item) in items.iter().enumerate() {
        match price(c, item, &Place::Item(&list, j), currency) {
            Some(p) => prices.push(p),
            None => ok = false,
        }
    }
    ok.then_some(prices)
}

fn price(
    c: &mut Checker,
    value: &Json,
    base: &Place<'_>,
    currency: Option<Currency>,
) -> Option<Price> {
    let Json::Object(object) = value else {
        let msg = format!("price must be an object, not {}", show(value));
        c.push(base.to_string(), Code::InvalidType, msg);
        return None;
    };
    c.unknown_fields(
        object,
        base,
        &["name", "amount", "quantity", "frequency", "timing"],
    );
    let name = c.name(object, base);
    // Without a valid currency the minor unit is unknown: only the other rules apply.
    let max_scale = currency.map_or(28, Currency::exponent);
    let amount = c.required(object, base, "amount").and_then(|v| {
        number(
            c,
            v,
            At(base, "amount"),
            "amount",
            Code::InvalidAmount,
            max_scale,
            currency,
        )
    });
    let quantity = match get(object, "quantity") {
        None => Some(Decimal::ONE),
        Some(v) => number(
            c,
            v,
            At(base, "quantity"),
            "quantity",
            Code::InvalidQuantity,
            MAX_QUANTITY_SCALE,
            None,
        ),
    };
    let frequency = c.required(object, base, "frequency").and_then(|v| {
        c.choice(
            v,
            At(base, "frequency"),
            "frequency",
            Code::InvalidFrequency,
            &[
                ("oneTime", Frequency::OneTime),
                ("monthly", Frequency::Monthly),
                ("quarterly", Frequency::Quarterly),
                ("semiAnnually", Frequency::SemiAnnually),
                ("annually", Frequency::Annually),
            ],
        )
    });
    let timing = c.required(object, base, "timing").and_then(|v| {
        c.choice(
            v,
            At(base, "timing"),
            "timing",
            Code::InvalidTiming,
            &[
                ("inAdvance", Timing::InAdvance),
                ("inArrears", Timing::InArrears),
            ],
        )
    });
    let (amount, quantity) = (amount?, quantity?);
    let rate = match currency.map(|currency| Rate::new(amount, quantity, currency)) {
        Some(None) => {
            let msg =
                format!("amount {amount} × quantity {quantity} reaches 10^15, the largest charge");
            c.push(join(base, "quantity"), Code::InvalidQuantity, msg);
            return None;
        }
        found => found.flatten(),
    };
    Some(Price {
        name: name?,
        amount,
        quantity,
        frequency: frequency?,
        timing: timing?,
        rate,
    })
}

/// An amount or quantity; amounts are rescaled to the currency's minor digits.
#[inline(never)]
fn number(
    c: &mut Checker,
    value: &Json,
    at: At<'_>,
    field: &str,
    code: Code,
    max_scale: u32,
    currency: Option<Currency>,
) -> Option<Decimal> {
    match money::read_decimal(value, max_scale) {
        Ok(mut d) => {
            if let Some(currency) = currency {
                d.rescale(currency.exponent());
            }
            Some(d)
        }
        Err(why) => {
            let shown = show(value);
            let msg = match why {
                DecimalError::Syntax => format!("{field} {shown} is not a decimal number"),
                DecimalError::Negative => format!("{field} {shown} is negative"),
                DecimalError::TooLarge => format!("{field} {shown} is not below 10^15"),
                DecimalError::TooPrecise => match currency {
                    Some(cur) => format!(
                        "{field} {shown} has more decimals than {} allows ({})",
                        cur.code(),
                        cur.exponent()
                    ),
                    None => format!("{field} {shown} has more than {max_scale} decimals"),
                },
            };
            c.push(at.path(), code, msg);
            None
        }
    }
}

fn options_fields(value: &Json, today: Date, c: &mut Checker) -> Option<PreviewOptions> {
    let object = match value {
        Json::Null => {
            return Some(PreviewOptions {
                as_of: today,
                until: None,
            })
        }
        Json::Object(object) => object,
        other => {
            let msg = format!("options must be an object, not {}", show(other));
            c.push("options".into(), Code::InvalidType, msg);
            return None;
        }
    };
    let base = Place::Field(&Place::Root, "options");
    c.unknown_fields(object, &base, &["asOf", "until"]);
    let as_of = c.optional_date(object, &base, "asOf");
    let until = c.optional_date(object, &base, "until");
    Some(PreviewOptions {
        as_of: as_of.ok()?.unwrap_or(today),
        until: until.ok()?,
    })
}
