//! `phasebill forecast`: the billing forecast of a book of contracts (JSON Lines), per
//! currency and month. Streams the book through `--jobs` worker threads, each folding its
//! contracts into its own `Forecast`; the folds are exact integer sums, so they merge into
//! the same result whatever the split.

use phasebill::forecast::Forecast;
use phasebill::Json;
use phasebill::{parse_date, Code, Date, Error, Issue};
use serde::Serialize;
use serde_json::{Map, Value};
use std::io::{BufRead, IsTerminal, Write};
use std::process::ExitCode;

use super::flags::{self, Stop, Word};
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{mpsc, Mutex};
use std::time::{Duration, Instant};

pub const USAGE: &str = "usage: phasebill forecast [FILE|-] --from YYYY-MM-DD --to YYYY-MM-DD [--as-of YYYY-MM-DD] [--jobs N] [--format csv|json] [--partial]

  forecast    what a book of contracts bills, credits and collects, per currency and month
  FILE        the book: one {\"id\":…,\"schedule\":…,\"options\":…} per line (JSON Lines;
              default: standard input, also '-')
  --from      first issue (and due) day counted
  --to        last day counted, inclusive; every contract is previewed until it
  --as-of     the as-of of contracts whose options have none (default: today, UTC)
  --jobs      worker threads (default: every core); the result is the same for any N
  --format    csv (default) or json ({\"from\",\"to\",\"rows\",\"invalid\"})
  --partial   one JSON line of partial sums per currency and month (with minorDigits), and
              one {\"invalid\":…} line per invalid contract, for Spark to add up; exit 0

exit status: 0 ok; 1 some contracts invalid (listed on stderr, and in the JSON); 2 usage or
unreadable input";

/// Lines handed to a worker at a time (fewer when they are long).
const CHUNK_LINES: usize = 256;
const CHUNK_BYTES: usize = 1 << 20;

#[derive(Clone, Copy, PartialEq)]
enum Output {
    Csv,
    Json,
    Partial,
}

struct Args {
    file: Option<String>,
    from: Date,
    to: Date,
    as_of: Date,
    jobs: usize,
    output: Output,
}

fn date_arg(flag: &str, text: &str) -> Result<Date, String> {
    parse_date(text).map_err(|_| format!("{flag} '{text}' is not a date YYYY-MM-DD (1900..2999)"))
}

fn parse_args(args: impl Iterator<Item = String>) -> Result<Args, Stop> {
    let (mut file, mut from, mut to, mut as_of, mut jobs) = (None, None, None, None, None);
    let (mut format, mut partial) = (None, false);
    flags::read(args, |word| {
        match word {
            Word::Flag("--from", value) => from = Some(date_arg("--from", &value()?)?),
            Word::Flag("--to", value) => to = Some(date_arg("--to", &value()?)?),
            Word::Flag("--as-of", value) => as_of = Some(date_arg("--as-of", &value()?)?),
            Word::Flag("--jobs", value) => {
                let text = value()?;
                jobs = Some(
                    text.parse::<usize>()
                        .ok()
                        .filter(|n| (1..=1024).contains(n))
                        .ok_or(format!("--jobs '{text}' is not a number from 1 to 1024"))?,
                );
            }
            Word::Flag("--format", value) => {
                format = Some(match value()?.as_str() {
                    "csv" => Output::Csv,
                    "json" => Output::Json,
                    other => return Err(format!("unknown format '{other}' (csv or json)").into()),
                })
            }
            Word::Flag("--partial", _) => partial = true,
            Word::Flag(flag, _) => return Err(flags::unknown(flag)),
            Word::Positional(arg) if file.is_some() => {
                return Err(format!("unexpected argument '{arg}'").into())
            }
            Word::Positional(arg) => file = Some(arg),
        }
        Ok(())
    })?;
    let (Some(from), Some(to)) = (from, to) else {
        return Err("forecast needs --from and --to".into());
    };
    if from > to {
        return Err(format!("--from {from} is after --to {to}").into());
    }
    if partial && format.is_some() {
        return Err("--partial writes JSON lines; it takes no --format".into());
    }
    let cores = || std::thread::available_parallelism().map_or(1, |n| n.get());
    Ok(Args {
        file: file.filter(|f| f != "-"),
        from,
        to,
        as_of: as_of.unwrap_or_else(super::today),
        jobs: jobs.unwrap_or_else(cores),
        output: if partial {
            Output::Partial
        } else {
            format.unwrap_or(Output::Csv)
        },
    })
}

/// A contract that could not be previewed: its id (null when it has none), its line in
/// the book and every issue (the first is the one shown on standard error).
#[derive(Serialize)]
struct Invalid {
    id: Value,
    line: u64,
    issues: Vec<Issue>,
}

/// What a worker hands back: its fold, the contracts it saw and those that were invalid.
struct Part {
    forecast: Forecast,
    contracts: u64,
    invalid: Vec<Invalid>,
}

/// Lines of the book, numbered from `first` (1-based).
struct Chunk {
    first: u64,
    lines: Vec<Vec<u8>>,
}

/// Previews one line of the book and folds it in, or records why it could not be.
fn contract(args: &Args, number: u64, bytes: &[u8], part: &mut Part) {
    let text = match std::str::from_utf8(bytes) {
        Ok(text) => text,
        Err(e) => {
            part.contracts += 1;
            return invalid(part, number, Value::Null, Error::invalid_json(e).issues);
        }
    };
    // A byte order mark (the book's first line, from some editors) is not part of the JSON.
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let text = text.strip_suffix('\r').unwrap_or(text);
    if text.trim().is_empty() {
        return;
    }
    part.contracts += 1;
    // The line as the engine's borrowing JSON tree: no copy of its strings.
    let item = match Json::parse(text) {
        Ok(Json::Object(item)) => item,
        Ok(_) => {
            let message = "each line must be an object {\"id\":…,\"schedule\":…,\"options\":…}";
            let issue = Issue::new("", Code::InvalidType, message);
            return invalid(part, number, Value::Null, vec![issue]);
        }
        Err(e) => return invalid(part, number, Value::Null, Error::invalid_json(e).issues),
    };
    let id = item.get("id").map_or(Value::Null, Value::from);
    let mut issues = match &id {
        Value::String(_) => Vec::new(),
        Value::Null => vec![Issue::new("id", Code::Required, "id is required")],
        _ => vec![Issue::new("id", Code::InvalidType, "id must be a string")],
    };
    let options = options(args, item.get("options"));
    let schedule = item.get("schedule").unwrap_or(&Json::Null);
    // The billing, not the preview: the forecast sums numbers and needs no line texts.
    let valid = phasebill::validated_json(schedule, &Json::from(&options), args.as_of);
    match valid
        .as_ref()
        .map_err(Clone::clone)
        .and_then(|v| v.billing())
    {
        Ok(billing) if issues.is_empty() => part.forecast.add(&billing),
        Ok(_) => {}
        Err(error) => issues.extend(error.issues),
    }
    if !issues.is_empty() {
        invalid(part, number, id, issues);
    }
}

fn invalid(part: &mut Part, line: u64, id: Value, issues: Vec<Issue>) {
    part.invalid.push(Invalid { id, line, issues });
}

/// The line's options with `asOf` from `--as-of` when it has none, and `until` = `--to`
/// (the forecast's window, whatever the line says). Options that are not an object are
/// passed on as they are, for the preview to refuse.
fn options(args: &Args, given: Option<&Json>) -> Value {
    let mut object = match given.map(Value::from) {
        Some(Value::Object(o)) => o,
        Some(other) if !other.is_null() => return other,
        _ => Map::new(),
    };
    if object.get("asOf").is_none_or(Value::is_null) {
        object.insert("asOf".into(), Value::String(args.as_of.to_string()));
    }
    object.insert("until".into(), Value::String(args.to.to_string()));
    Value::Object(object)
}

/// A worker: takes chunks until the reader is done.
fn work(args: &Args, chunks: &Mutex<mpsc::Receiver<Chunk>>, done: &AtomicU64) -> Part {
    let mut part = Part {
        forecast: Forecast::new(args.from, args.to),
        contracts: 0,
        invalid: Vec::new(),
    };
    loop {
        // The lock is held only while waiting for the next chunk.
        let next = match chunks.lock() {
            Ok(receiver) => receiver.recv(),
            Err(_) => break,
        };
        let Ok(chunk) = next else { break };
        for (offset, line) in (0..).zip(&chunk.lines) {
            contract(args, chunk.first + offset, line, &mut part);
        }
        done.fetch_add(chunk.lines.len() as u64, Ordering::Relaxed);
    }
    part
}

/// Reads the book line by line into chunks for the workers; shows progress on a terminal.
fn read(
    input: &mut dyn BufRead,
    send: mpsc::SyncSender<Chunk>,
    done: &AtomicU64,
) -> Result<(), String> {
    let progress = std::io::stderr().is_terminal();
    let started = Instant::now();
    let mut shown = started;
    let mut chunk = Chunk {
        first: 1,
        lines: Vec::new(),
    };
    let mut bytes = 0;
    let mut number = 0u64;
    loop {
        let mut line = Vec::new();
        let read = input
            .read_until(b'\n', &mut line)
            .map_err(|e| format!("cannot read line {}: {e}", number + 1))?;
        if read == 0 {
            break;
        }
        number += 1;
        if line.last() == Some(&b'\n') {
            line.pop();
        }
        bytes += line.len();
        chunk.lines.push(line);
        if chunk.lines.len() >= CHUNK_LINES || bytes >= CHUNK_BYTES {
            let next = Chunk {
                first: number + 1,
                lines: Vec::new(),
            };
            if send.send(std::mem::replace(&mut chunk, next)).is_err() {
                return Err("a worker stopped".into());
            }
            bytes = 0;
            if progress && shown.elapsed() >= Duration::from_secs(1) {
                shown = Instant::now();
                let n = done.load(Ordering::Relaxed);
                let rate = n as f64 / started.elapsed().as_secs_f64().max(1e-9);
                eprint!("\rphasebill: {n} contracts, {rate:.0}/s\x1b[K");
            }
        }
    }
    if !chunk.lines.is_empty() && send.send(chunk).is_err() {
        return Err("a worker stopped".into());
    }
    if progress && shown != started {
        eprint!("\r\x1b[K");
    }
    Ok(())
}

/// `{"from","to","rows","invalid"}`.
#[derive(Serialize)]
struct Report<'a> {
    from: Date,
    to: Date,
    rows: Vec<phasebill::forecast::Row>,
    invalid: &'a [Invalid],
}

#[derive(Serialize)]
struct InvalidLine<'a> {
    invalid: &'a Invalid,
}

pub fn main(args: impl Iterator<Item = String>) -> ExitCode {
    let args = match parse_args(args) {
        Ok(args) => args,
        Err(stop) => return super::stopped(stop, USAGE),
    };
    let mut input: Box<dyn BufRead> = match &args.file {
        None => Box::new(std::io::stdin().lock()),
        Some(path) => match std::fs::File::open(path) {
            Ok(file) => Box::new(std::io::BufReader::with_capacity(1 << 18, file)),
            Err(e) => {
                eprintln!("phasebill: cannot read {path}: {e}");
                return ExitCode::from(2);
            }
        },
    };
    let (send, receive) = mpsc::sync_channel::<Chunk>(args.jobs * 2);
    let receive = Mutex::new(receive);
    let done = AtomicU64::new(0);
    let (read_result, parts) = std::thread::scope(|scope| {
        let workers: Vec<_> = (0..args.jobs)
            .map(|_| scope.spawn(|| work(&args, &receive, &done)))
            .collect();
        let read_result = read(&mut *input, send, &done);
        let parts: Vec<Part> = workers
            .into_iter()
            .filter_map(|worker| worker.join().ok())
            .collect();
        (read_result, parts)
    });
    if let Err(problem) = read_result {
        eprintln!("phasebill: {problem}");
        return ExitCode::from(2);
    }
    if parts.len() != args.jobs {
        eprintln!("phasebill: a worker failed");
        return ExitCode::from(2);
    }
    let mut forecast = Forecast::new(args.from, args.to);
    let mut contracts = 0;
    let mut invalid = Vec::new();
    for part in parts {
        forecast.merge(&part.forecast);
        contracts += part.contracts;
        invalid.extend(part.invalid);
    }
    invalid.sort_by_key(|i| i.line);

    let text = match args.output {
        Output::Csv => forecast.csv(),
        Output::Json => super::pretty(&Report {
            from: args.from,
            to: args.to,
            rows: forecast.rows(),
            invalid: &invalid,
        }),
        Output::Partial => {
            let mut text = forecast.partial_lines();
            for entry in &invalid {
                text.push_str(
                    &serde_json::to_string(&InvalidLine { invalid: entry }).unwrap_or_default(),
                );
                text.push('\n');
            }
            text
        }
    };
    if args.output != Output::Partial {
        for entry in &invalid {
            let id = match &entry.id {
                Value::String(id) => format!("id {id:?}"),
                _ => "no id".into(),
            };
            let first = entry.issues.first().map_or(String::new(), |issue| {
                let path = if issue.path.is_empty() {
                    "(schedule)"
                } else {
                    &issue.path
                };
                format!("{path}: {} [{}]", issue.message, issue.code.as_str())
            });
            let more = match entry.issues.len() {
                0 | 1 => String::new(),
                n => format!(" (+{} more)", n - 1),
            };
            eprintln!("phasebill: line {}, {id}: {first}{more}", entry.line);
        }
        if !invalid.is_empty() {
            eprintln!(
                "phasebill: {} of {contracts} contracts invalid",
                invalid.len()
            );
        }
    }
    let stdout = std::io::stdout();
    let mut out = stdout.lock();
    match out.write_all(text.as_bytes()).and_then(|()| out.flush()) {
        Ok(()) => {}
        // A reader that stopped early (`| head`) is not an error of ours.
        Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => return ExitCode::SUCCESS,
        Err(_) => return ExitCode::from(2),
    }
    if invalid.is_empty() || args.output == Output::Partial {
        ExitCode::SUCCESS
    } else {
        ExitCode::from(1)
    }
}
