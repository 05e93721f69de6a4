//! `phasebill preview [FILE|-] [--as-of YYYY-MM-DD] [--until YYYY-MM-DD] [--format json|table] [--jsonl]`
//!
//! The native front door: reads a schedule, prints its preview. All IO and the clock live
//! here; the library stays pure.

use phasebill::preview::{Invoice, Preview};
use phasebill::{Date, Error};
use serde_json::{Map, Value};
use std::io::{BufRead, Read, Write};
use std::process::ExitCode;

const USAGE: &str = "usage: phasebill preview [FILE|-] [--as-of YYYY-MM-DD] [--until YYYY-MM-DD] [--format json|table] [--jsonl]

  FILE        a schedule as JSON (default: standard input, also '-')
  --as-of     the day the preview is looked at (default: today, UTC)
  --until     last day of the window, inclusive (default: spec section 9)
  --format    json (default, the JSON contract) or table (for people)
  --jsonl     batch: read one {\"schedule\":…,\"options\":…} per line from standard input,
              write one JSON line per input (a preview, or {\"error\":…})

exit status: 0 ok; 1 invalid input (issues on stdout as JSON, readable on stderr); 2 usage";

#[derive(Clone, Copy, PartialEq)]
enum Format {
    Json,
    Table,
}

struct Args {
    file: Option<String>,
    as_of: Option<String>,
    until: Option<String>,
    format: Format,
    jsonl: bool,
}

fn parse_args(mut args: impl Iterator<Item = String>) -> Result<Args, String> {
    match args.next().as_deref() {
        Some("preview") => {}
        Some("-h" | "--help") | None => return Err(String::new()),
        Some(other) => return Err(format!("unknown command '{other}'")),
    }
    let mut parsed = Args {
        file: None,
        as_of: None,
        until: None,
        format: Format::Json,
        jsonl: false,
    };
    while let Some(arg) = args.next() {
        let (flag, inline) = match arg.split_once('=') {
            Some((f, v)) if f.starts_with("--") => (f.to_string(), Some(v.to_string())),
            _ => (arg.clone(), None),
        };
        let mut value = |name: &str| {
            inline
                .clone()
                .or_else(|| args.next())
                .ok_or(format!("{name} needs a value"))
        };
        match flag.as_str() {
            "--as-of" => parsed.as_of = Some(value("--as-of")?),
            "--until" => parsed.until = Some(value("--until")?),
            "--format" => {
                parsed.format = match value("--format")?.as_str() {
                    "json" => Format::Json,
                    "table" => Format::Table,
                    other => return Err(format!("unknown format '{other}' (json or table)")),
                }
            }
            "--jsonl" => parsed.jsonl = true,
            "-h" | "--help" => return Err(String::new()),
            _ if flag.starts_with("--") => return Err(format!("unknown option '{flag}'")),
            _ if parsed.file.is_none() => parsed.file = Some(arg),
            _ => return Err(format!("unexpected argument '{arg}'")),
        }
    }
    if parsed.jsonl && parsed.file.as_deref().is_some_and(|f| f != "-") {
        return Err("--jsonl reads standard input; it takes no FILE".into());
    }
    Ok(parsed)
}

/// Today's UTC date from the system clock.
fn today() -> Date {
    let secs = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_secs());
    chrono::DateTime::from_timestamp(i64::try_from(secs).unwrap_or(0), 0)
        .map_or(phasebill::calendar::FIRST_DATE, |t| t.date_naive())
}

/// Options given on the command line, as JSON, over the defaults in `base`.
fn options(args: &Args, base: Option<&Value>) -> Value {
    let mut object = match base {
        Some(Value::Object(o)) => o.clone(),
        Some(other) if !other.is_null() => return other.clone(),
        _ => Map::new(),
    };
    for (key, flag) in [("asOf", &args.as_of), ("until", &args.until)] {
        if let (Some(v), false) = (flag, object.get(key).is_some_and(|v| !v.is_null())) {
            object.insert(key.into(), Value::String(v.clone()));
        }
    }
    Value::Object(object)
}

/// `{"error": {message, issues}}`, keys in that order.
#[derive(serde::Serialize)]
struct ErrorEnvelope<'a> {
    error: &'a Error,
}

fn error_json(error: &Error) -> String {
    serde_json::to_string(&ErrorEnvelope { error }).unwrap_or_else(|_| error.message.clone())
}

fn main() -> ExitCode {
    let args = match parse_args(std::env::args().skip(1)) {
        Ok(args) => args,
        Err(problem) => {
            if problem.is_empty() {
                println!("{USAGE}");
                return ExitCode::SUCCESS;
            }
            eprintln!("phasebill: {problem}\n{USAGE}");
            return ExitCode::from(2);
        }
    };
    if args.jsonl {
        return batch(&args);
    }
    let text = match read_input(args.file.as_deref()) {
        Ok(text) => text,
        Err(problem) => {
            eprintln!("phasebill: {problem}");
            return ExitCode::from(2);
        }
    };
    let result = phasebill::preview_json(&text, &options(&args, None), today());
    let stdout = std::io::stdout();
    let mut out = stdout.lock();
    match result {
        Ok(preview) => {
            let written = match args.format {
                Format::Json => serde_json::to_writer_pretty(&mut out, &preview)
                    .map_err(std::io::Error::other)
                    .and_then(|()| writeln!(out)),
                Format::Table => out.write_all(table(&preview).as_bytes()),
            };
            if written.is_err() {
                return ExitCode::from(2);
            }
            ExitCode::SUCCESS
        }
        Err(error) => {
            let _ = writeln!(out, "{}", error_json(&error));
            eprintln!("phasebill: {error}");
            ExitCode::from(1)
        }
    }
}

fn read_input(file: Option<&str>) -> Result<String, String> {
    match file {
        None | Some("-") => {
            let mut text = String::new();
            std::io::stdin()
                .read_to_string(&mut text)
                .map_err(|e| format!("cannot read standard input: {e}"))?;
            Ok(text)
        }
        Some(path) => std::fs::read_to_string(path).map_err(|e| format!("cannot read {path}: {e}")),
    }
}

/// One preview (or error) per input line.
fn batch(args: &Args) -> ExitCode {
    let stdin = std::io::stdin();
    let stdout = std::io::stdout();
    let mut out = std::io::BufWriter::new(stdout.lock());
    let today = today();
    let mut failed = 0usize;
    for (number, line) in stdin.lock().lines().enumerate() {
        let Ok(line) = line else {
            eprintln!("phasebill: cannot read line {}", number + 1);
            return ExitCode::from(2);
        };
        if line.trim().is_empty() {
            continue;
        }
        let result = match serde_json::from_str::<Value>(&line) {
            Err(e) => Err(Error::invalid_json(e)),
            Ok(Value::Object(item)) => {
                let schedule = item.get("schedule").cloned().unwrap_or(Value::Null);
                phasebill::preview(&schedule, &options(args, item.get("options")), today)
            }
            Ok(_) => Err(Error::invalid_json(
                "each line must be an object {\"schedule\":…,\"options\":…}",
            )),
        };
        let written = match result {
            Ok(preview) => serde_json::to_writer(&mut out, &preview).map_err(std::io::Error::other),
            Err(error) => {
                failed += 1;
                eprintln!("phasebill: line {}: {error}", number + 1);
                out.write_all(error_json(&error).as_bytes())
            }
        };
        if written.and_then(|()| writeln!(out)).is_err() {
            return ExitCode::from(2);
        }
    }
    if out.flush().is_err() {
        return ExitCode::from(2);
    }
    if failed > 0 {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    }
}

/// The preview laid out for people: one block per invoice, service periods inclusive.
fn table(preview: &Preview) -> String {
    let mut out = String::new();
    let until_note = if preview.truncated {
        " (truncated: billing goes on)"
    } else {
        ""
    };
    out.push_str(&format!(
        "{} preview as of {}, until {}{}\n\n",
        preview.currency.code(),
        preview.as_of,
        preview.until,
        until_note
    ));
    for phase in &preview.phases {
        let show = |d: Option<Date>| d.map_or("?".to_string(), |d| d.to_string());
        out.push_str(&format!(
            "phase {} {:<24} {} .. {}  {:?}\n",
            phase.index,
            phase.name,
            show(phase.start),
            show(phase.end),
            phase.status
        ));
    }
    out.push('\n');
    for invoice in &preview.invoices {
        out.push_str(&invoice_block(invoice));
    }
    out.push_str(&format!(
        "charged {}  credited {}  net {}\n",
        preview.totals.charged, preview.totals.credited, preview.totals.net
    ));
    for warning in &preview.warnings {
        out.push_str(&format!("warning: {}: {}\n", warning.path, warning.message));
    }
    out
}

fn invoice_block(invoice: &Invoice) -> String {
    let mut out = format!(
        "{} {:?} {:?}  total {}\n",
        invoice.issue_date, invoice.kind, invoice.status, invoice.total
    );
    for line in &invoice.lines {
        let last_day = line.service_period.end.and_then(|e| e.pred_opt());
        let period = match last_day {
            Some(last) => format!("{} – {}", line.service_period.start, last),
            None => format!("{} –", line.service_period.start),
        };
        let proration = line.proration.map_or(String::new(), |p| {
            format!("{} of {} days", p.used_days, p.period_days)
        });
        out.push_str(&format!(
            "  {:<32} {:<25} {:<16} {:>16}\n",
            line.description,
            period,
            proration,
            line.amount.to_string()
        ));
    }
    out.push('\n');
    out
}
