//! `phasebill preview …` and `phasebill compare …`: the native front door. Reads schedules,
//! prints previews or comparisons. All IO and the clock live here; the library stays pure.

use phasebill::{render, Date, Error};
use serde::Serialize;
use serde_json::{Map, Value};
use std::io::{BufRead, Read, Write};
use std::process::ExitCode;

#[path = "phasebill/flags.rs"]
mod flags;
#[path = "phasebill/forecast.rs"]
mod forecast;

use flags::{Stop, Word};

const USAGE: &str = "usage: phasebill preview [FILE|-] [--as-of YYYY-MM-DD] [--until YYYY-MM-DD] [--format json|table|csv] [--jsonl]
       phasebill compare BEFORE AFTER [--as-of YYYY-MM-DD] [--until YYYY-MM-DD] [--format json|table]
       phasebill compare --jsonl
       phasebill forecast [FILE|-] --from YYYY-MM-DD --to YYYY-MM-DD [--as-of YYYY-MM-DD] [--jobs N] [--format csv|json] [--partial]

  preview     every invoice, credit and discount of one schedule
  compare     what changes between two versions of a schedule, invoice by invoice
  forecast    a book of contracts (JSON Lines) summed per currency and month; see
              phasebill forecast --help
  FILE        a schedule as JSON (default: standard input, also '-'); BEFORE and AFTER too
  --as-of     the day the preview is looked at (default: today, UTC)
  --until     last day of the window, inclusive (default: see docs/billing-rules.md)
  --format    json (default, the JSON contract), table (for people) or csv (preview only,
              one row per invoice line)
  --jsonl     batch: read one {\"schedule\":…,\"options\":…} (preview) or
              {\"before\":…,\"after\":…,\"options\":…} (compare) per line from standard
              input, write one JSON line per input (the answer, or {\"error\":…})

exit status: 0 ok; 1 invalid input (issues on stdout as JSON, readable on stderr); 2 usage";

#[derive(Clone, Copy, PartialEq)]
enum Command {
    Preview,
    Compare,
}

#[derive(Clone, Copy, PartialEq)]
enum Format {
    Json,
    Table,
    Csv,
}

struct Args {
    command: Command,
    files: Vec<String>,
    as_of: Option<String>,
    until: Option<String>,
    format: Format,
    jsonl: bool,
}

fn parse_args(mut args: impl Iterator<Item = String>) -> Result<Args, Stop> {
    let command = match args.next().as_deref() {
        Some("preview") => Command::Preview,
        Some("compare") => Command::Compare,
        Some("-h" | "--help") | None => return Err(Stop::Help),
        Some("--version" | "-V") => return Err(Stop::Version),
        Some(other) => return Err(format!("unknown command '{other}'").into()),
    };
    let mut parsed = Args {
        command,
        files: Vec::new(),
        as_of: None,
        until: None,
        format: Format::Json,
        jsonl: false,
    };
    flags::read(args, |word| {
        match word {
            Word::Flag("--as-of", value) => parsed.as_of = Some(value()?),
            Word::Flag("--until", value) => parsed.until = Some(value()?),
            Word::Flag("--format", value) => {
                parsed.format = match (value()?.as_str(), command) {
                    ("json", _) => Format::Json,
                    ("table", _) => Format::Table,
                    ("csv", Command::Preview) => Format::Csv,
                    (other, Command::Preview) => {
                        return Err(format!("unknown format '{other}' (json, table or csv)").into())
                    }
                    (other, Command::Compare) => {
                        return Err(format!("unknown format '{other}' (json or table)").into())
                    }
                }
            }
            Word::Flag("--jsonl", _) => parsed.jsonl = true,
            Word::Flag(flag, _) => return Err(flags::unknown(flag)),
            Word::Positional(file) => parsed.files.push(file),
        }
        Ok(())
    })?;
    let most_files = match command {
        Command::Preview => 1,
        Command::Compare => 2,
    };
    if parsed.files.len() > most_files {
        return Err(format!("unexpected argument '{}'", parsed.files[most_files]).into());
    }
    if parsed.jsonl {
        if parsed.files.iter().any(|f| f != "-") {
            return Err("--jsonl reads standard input; it takes no FILE".into());
        }
        if parsed.format != Format::Json {
            return Err("--jsonl writes JSON lines; it takes no --format".into());
        }
    } else if command == Command::Compare && parsed.files.len() != 2 {
        return Err("compare needs two files: BEFORE AFTER".into());
    } else if parsed.files.iter().filter(|f| *f == "-").count() > 1 {
        return Err("only one of the files can be standard input ('-')".into());
    }
    Ok(parsed)
}

/// Today's UTC date from the system clock.
fn today() -> Date {
    let secs = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_secs());
    chrono::DateTime::from_timestamp(i64::try_from(secs).unwrap_or(0), 0)
        .map_or(phasebill::FIRST_DATE, |t| t.date_naive())
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

/// What a command that does not run prints, and its exit status.
fn stopped(stop: Stop, usage: &str) -> ExitCode {
    match stop {
        Stop::Help => println!("{usage}"),
        Stop::Version => println!("phasebill {}", env!("CARGO_PKG_VERSION")),
        Stop::Usage(problem) => {
            eprintln!("phasebill: {problem}\n{usage}");
            return ExitCode::from(2);
        }
    }
    ExitCode::SUCCESS
}

fn main() -> ExitCode {
    if std::env::args().nth(1).as_deref() == Some("forecast") {
        return forecast::main(std::env::args().skip(2));
    }
    let args = match parse_args(std::env::args().skip(1)) {
        Ok(args) => args,
        Err(stop) => return stopped(stop, USAGE),
    };
    if args.jsonl {
        return batch(&args);
    }
    let texts: Result<Vec<String>, String> = if args.files.is_empty() {
        read_input(None).map(|t| vec![t])
    } else {
        args.files.iter().map(|f| read_input(Some(f))).collect()
    };
    let texts = match texts {
        Ok(texts) => texts,
        Err(problem) => {
            eprintln!("phasebill: {problem}");
            return ExitCode::from(2);
        }
    };
    let options = options(&args, None);
    let today = today();
    let parse = |text: &str| serde_json::from_str::<Value>(text).map_err(Error::invalid_json);
    let rendered = match args.command {
        Command::Preview => {
            phasebill::preview_json(&texts[0], &options, today).map(|preview| match args.format {
                Format::Json => pretty(&preview),
                Format::Table => render::table(&preview),
                Format::Csv => render::csv(&preview),
            })
        }
        Command::Compare => parse(&texts[0])
            .and_then(|before| Ok((before, parse(&texts[1])?)))
            .and_then(|(before, after)| phasebill::compare(&before, &after, &options, today))
            .map(|comparison| match args.format {
                Format::Table => render::compare_table(&comparison),
                _ => pretty(&comparison),
            }),
    };
    let stdout = std::io::stdout();
    let mut out = stdout.lock();
    match rendered {
        Ok(text) => match out.write_all(text.as_bytes()).and_then(|()| out.flush()) {
            Ok(()) => ExitCode::SUCCESS,
            // A reader that stopped early (`| head`) is not an error of ours.
            Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => ExitCode::SUCCESS,
            Err(_) => ExitCode::from(2),
        },
        Err(error) => {
            let _ = writeln!(out, "{}", error_json(&error));
            eprintln!("phasebill: {error}");
            ExitCode::from(1)
        }
    }
}

fn pretty<T: Serialize>(value: &T) -> String {
    let mut text = serde_json::to_string_pretty(value).unwrap_or_default();
    text.push('\n');
    text
}

fn read_input(file: Option<&str>) -> Result<String, String> {
    let text = match file {
        None | Some("-") => {
            let mut text = String::new();
            std::io::stdin()
                .read_to_string(&mut text)
                .map_err(|e| format!("cannot read standard input: {e}"))?;
            text
        }
        Some(path) => {
            std::fs::read_to_string(path).map_err(|e| format!("cannot read {path}: {e}"))?
        }
    };
    // A UTF-8 byte order mark (some editors write one) is not part of the JSON.
    Ok(match text.strip_prefix('\u{feff}') {
        Some(rest) => rest.to_string(),
        None => text,
    })
}

/// The answer for one JSON line of a batch, as JSON text.
fn batch_answer(args: &Args, line: &str, today: Date) -> Result<String, Error> {
    let item = match serde_json::from_str::<Value>(line) {
        Err(e) => return Err(Error::invalid_json(e)),
        Ok(Value::Object(item)) => item,
        Ok(_) => {
            return Err(Error::invalid_json(match args.command {
                Command::Preview => "each line must be an object {\"schedule\":…,\"options\":…}",
                Command::Compare => {
                    "each line must be an object {\"before\":…,\"after\":…,\"options\":…}"
                }
            }))
        }
    };
    let field = |key: &str| item.get(key).cloned().unwrap_or(Value::Null);
    let options = options(args, item.get("options"));
    let text = match args.command {
        Command::Preview => {
            serde_json::to_string(&phasebill::preview(&field("schedule"), &options, today)?)
        }
        Command::Compare => serde_json::to_string(&phasebill::compare(
            &field("before"),
            &field("after"),
            &options,
            today,
        )?),
    };
    text.map_err(Error::invalid_json)
}

/// One answer (or error) per input line.
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
        let line = line.strip_prefix('\u{feff}').unwrap_or(&line);
        if line.trim().is_empty() {
            continue;
        }
        let written = match batch_answer(args, line, today) {
            Ok(answer) => out.write_all(answer.as_bytes()),
            Err(error) => {
                failed += 1;
                eprintln!("phasebill: line {}: {error}", number + 1);
                out.write_all(error_json(&error).as_bytes())
            }
        };
        match written.and_then(|()| writeln!(out)) {
            Ok(()) => {}
            Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => return ExitCode::SUCCESS,
            Err(_) => return ExitCode::from(2),
        }
    }
    match out.flush() {
        Ok(()) => {}
        Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => return ExitCode::SUCCESS,
        Err(_) => return ExitCode::from(2),
    }
    if failed > 0 {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    }
}
