#!/usr/bin/env node
// `npx phasebill preview …`, `compare …` and `forecast …`: the npm package's command line.
// It prints what the native command (core/src/bin/phasebill.rs) prints, byte for byte: same
// usage text, same exit codes (0 ok; 1 invalid input, issues as JSON on stdout and readable
// on stderr; 2 usage), and the core's own table and CSV renderers through the wasm module.
"use strict";
const fs = require("node:fs");
const readline = require("node:readline");
const { once } = require("node:events");
const { answer, textInputs, PhasebillError, version } = require("./api.cjs");
// The files' JSON texts cross into the module as UTF-8 bytes.
const bindings = textInputs(require("./phasebill_node.cjs"));

const USAGE = `usage: phasebill preview [FILE|-] [--as-of YYYY-MM-DD] [--until YYYY-MM-DD] [--format json|table|csv] [--jsonl]
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
  --jsonl     batch: read one {"schedule":…,"options":…} (preview) or
              {"before":…,"after":…,"options":…} (compare) per line from standard
              input, write one JSON line per input (the answer, or {"error":…})

exit status: 0 ok; 1 invalid input (issues on stdout as JSON, readable on stderr); 2 usage`;

class UsageError extends Error {}
const HELP = Symbol("help");
const VERSION = Symbol("version");

/** Hands each word of a command line to `onFlag(flag, value)` — `value()` takes the
 *  flag's value, after `=` or else the next word; false means an unknown flag — or to
 *  `onPositional(word)`. `-h`/`--help` and `--version` anywhere stop it: it returns HELP or
 *  VERSION (else undefined). The native CLI reads its words the same way (flags.rs). */
function readWords(rest, onFlag, onPositional) {
  for (let i = 0; i < rest.length; i++) {
    const arg = rest[i];
    const eq = arg.indexOf("=");
    const inline = eq >= 0 && arg.slice(0, eq).startsWith("--");
    const flag = inline ? arg.slice(0, eq) : arg;
    if (flag === "-h" || flag === "--help") return HELP;
    if (flag === "--version") return VERSION;
    if (!flag.startsWith("--")) {
      onPositional(arg);
      continue;
    }
    const value = () => {
      if (inline) return arg.slice(eq + 1);
      if (i + 1 >= rest.length) throw new UsageError(`${flag} needs a value`);
      return rest[++i];
    };
    if (!onFlag(flag, value)) throw new UsageError(`unknown option '${flag}'`);
  }
  return undefined;
}

function parseArgs(argv) {
  const [command, ...rest] = argv;
  if (command === undefined || command === "-h" || command === "--help") return HELP;
  if (command === "--version" || command === "-V") return VERSION;
  if (command !== "preview" && command !== "compare") throw new UsageError(`unknown command '${command}'`);
  const args = { command, files: [], asOf: undefined, until: undefined, format: "json", jsonl: false };
  const stop = readWords(rest, (flag, value) => {
    if (flag === "--as-of") args.asOf = value();
    else if (flag === "--until") args.until = value();
    else if (flag === "--format") {
      const format = value();
      if (format === "json" || format === "table" || (format === "csv" && command === "preview")) args.format = format;
      else if (command === "preview") throw new UsageError(`unknown format '${format}' (json, table or csv)`);
      else throw new UsageError(`unknown format '${format}' (json or table)`);
    } else if (flag === "--jsonl") args.jsonl = true;
    else return false;
    return true;
  }, (arg) => args.files.push(arg));
  if (stop) return stop;
  const most = command === "preview" ? 1 : 2;
  if (args.files.length > most) throw new UsageError(`unexpected argument '${args.files[most]}'`);
  if (args.jsonl) {
    if (args.files.some((f) => f !== "-")) throw new UsageError("--jsonl reads standard input; it takes no FILE");
    if (args.format !== "json") throw new UsageError("--jsonl writes JSON lines; it takes no --format");
  } else if (command === "compare" && args.files.length !== 2) {
    throw new UsageError("compare needs two files: BEFORE AFTER");
  } else if (args.files.filter((f) => f === "-").length > 1) {
    throw new UsageError("only one of the files can be standard input ('-')");
  }
  return args;
}

const today = () => new Date().toISOString().slice(0, 10);

/** Options JSON: the line's own options over the command-line flags (as the native CLI). */
function optionsJson(args, base) {
  if (base !== undefined && base !== null && (typeof base !== "object" || Array.isArray(base))) {
    return JSON.stringify(base);
  }
  const options = { ...(base || {}) };
  if (args.asOf !== undefined && (options.asOf === undefined || options.asOf === null)) options.asOf = args.asOf;
  if (args.until !== undefined && (options.until === undefined || options.until === null)) options.until = args.until;
  return JSON.stringify(options);
}

/** The engine's error as the native CLI shows it on standard error. */
function describe(error) {
  const lines = [error.message];
  for (const issue of error.issues) {
    lines.push(`  ${issue.path === "" ? "(schedule)" : issue.path}: ${issue.message} [${issue.code}]`);
  }
  return lines.join("\n");
}

/** `{ok}` or `{error: {message, issues}}` from a wasm answer, the engine's message kept. */
function settle(compute) {
  try {
    return { ok: compute() };
  } catch (error) {
    if (!(error instanceof PhasebillError)) throw error;
    return { error: { message: error.message, issues: error.issues } };
  }
}

const pretty = (value) => JSON.stringify(value, null, 2) + "\n";

/** The output of one non-batch run, as text; the inputs are JSON texts. */
function render(args, texts, options, now) {
  if (args.command === "compare") {
    const [before, after] = texts;
    if (args.format === "table") return settle(() => answer(bindings.renderCompareTable(before, after, options, now), true));
    return settle(() => pretty(answer(bindings.compare(before, after, options, now), true)));
  }
  const [schedule] = texts;
  if (args.format === "table") return settle(() => answer(bindings.renderTable(schedule, options, now), true));
  if (args.format === "csv") return settle(() => answer(bindings.renderCsv(schedule, options, now), true));
  return settle(() => pretty(bindings.preview(schedule, options, now)));
}

/** A UTF-8 byte order mark (some editors write one) is not part of the JSON. */
const stripBom = (text) => (text.charCodeAt(0) === 0xfeff ? text.slice(1) : text);

function readInput(file) {
  try {
    return stripBom(fs.readFileSync(file === undefined || file === "-" ? 0 : file, "utf8"));
  } catch (error) {
    throw new UsageError(file === undefined || file === "-"
      ? `cannot read standard input: ${error.message}`
      : `cannot read ${file}: ${error.message}`);
  }
}

/** Writes to standard output, waiting while the pipe is full (memory stays flat). */
async function write(text) {
  if (!process.stdout.write(text)) await once(process.stdout, "drain");
}

/** The answer for one JSON line of a batch: `{ok: text}` or `{error}`. */
function batchAnswer(args, line, now) {
  let item;
  try {
    item = JSON.parse(line);
  } catch {
    // The engine words the parse error, as the native command does.
    return args.command === "compare"
      ? settle(() => JSON.stringify(answer(bindings.compare(line, "null", "null", now), true)))
      : settle(() => JSON.stringify(bindings.preview(line, "null", now)));
  }
  if (item === null || typeof item !== "object" || Array.isArray(item)) {
    const message = args.command === "compare"
      ? 'input is not valid json: each line must be an object {"before":…,"after":…,"options":…}'
      : 'input is not valid json: each line must be an object {"schedule":…,"options":…}';
    return { error: { message, issues: [{ path: "", code: "invalidJson", message }] } };
  }
  const field = (key) => JSON.stringify(item[key] === undefined ? null : item[key]);
  const options = optionsJson(args, item.options);
  if (args.command === "compare") {
    return settle(() => JSON.stringify(answer(bindings.compare(field("before"), field("after"), options, now), true)));
  }
  return settle(() => JSON.stringify(bindings.preview(field("schedule"), options, now)));
}

/** A line that holds a schedule itself rather than `{"schedule": …}`. */
function bareScheduleHint(args, line) {
  if (args.command !== "preview") return "";
  try {
    const item = JSON.parse(line);
    if (item && typeof item === "object" && !("schedule" in item) && ("phases" in item || "currency" in item)) {
      return '\n  hint: this line looks like a bare schedule; wrap it: {"schedule": …, "options": …}';
    }
  } catch {}
  return "";
}

async function batch(args) {
  const lines = readline.createInterface({ input: process.stdin, crlfDelay: Infinity });
  const now = today();
  let number = 0;
  let failed = 0;
  let pending = "";
  for await (const raw of lines) {
    number += 1;
    const line = stripBom(raw);
    if (line.trim() === "") continue;
    const result = batchAnswer(args, line, now);
    if (result.error) {
      failed += 1;
      process.stderr.write(`phasebill: line ${number}: ${describe(result.error)}${bareScheduleHint(args, line)}\n`);
      pending += JSON.stringify({ error: result.error }) + "\n";
    } else {
      pending += result.ok + "\n";
    }
    if (pending.length >= 1 << 16) {
      await write(pending);
      pending = "";
    }
  }
  if (pending !== "") await write(pending);
  return failed > 0 ? 1 : 0;
}

// `npx phasebill forecast`: the billing forecast of a book of contracts, the output of the
// native command byte for byte (core/src/bin/phasebill/forecast.rs, docs/book-forecast.md).
// `--jobs` worker threads (default: every core) each fold their chunks of the book; the
// sums are BigInt minor units, so the result is the same for any value.
const FORECAST_USAGE = `usage: phasebill forecast [FILE|-] --from YYYY-MM-DD --to YYYY-MM-DD [--as-of YYYY-MM-DD] [--jobs N] [--format csv|json] [--partial]

  forecast    what a book of contracts bills, credits and collects, per currency and month
  FILE        the book: one {"id":…,"schedule":…,"options":…} per line (JSON Lines;
              default: standard input, also '-')
  --from      first issue (and due) day counted
  --to        last day counted, inclusive; every contract is previewed until it
  --as-of     the as-of of contracts whose options have none (default: today, UTC)
  --jobs      worker threads (default: every core); the result is the same for any N
  --format    csv (default) or json ({"from","to","rows","invalid"})
  --partial   one JSON line of partial sums per currency and month (with minorDigits), and
              one {"invalid":…} line per invalid contract, for Spark to add up; exit 0

exit status: 0 ok; 1 some contracts invalid (listed on stderr, and in the JSON); 2 usage or
unreadable input`;

const FORECAST_COUNTS = ["contracts", "invoices", "creditNotes"];
const FORECAST_AMOUNTS = ["charged", "credited", "discounted", "net", "forecastNet", "dueNet"];
const FORECAST_COLUMNS = ["currency", "month", ...FORECAST_COUNTS, ...FORECAST_AMOUNTS];

/** A strict YYYY-MM-DD inside 1900-01-01..2999-12-31, as the engine's parse_date. */
function isDate(text) {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(text);
  if (!m) return false;
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const date = new Date(Date.UTC(y, mo - 1, d));
  return y >= 1900 && y <= 2999 && date.getUTCFullYear() === y && date.getUTCMonth() === mo - 1 && date.getUTCDate() === d;
}

function parseForecastArgs(rest) {
  let file;
  let from;
  let to;
  let asOf;
  let jobs;
  let format;
  let partial = false;
  const dateArg = (flag, text) => {
    if (!isDate(text)) throw new UsageError(`${flag} '${text}' is not a date YYYY-MM-DD (1900..2999)`);
    return text;
  };
  const stop = readWords(rest, (flag, value) => {
    if (flag === "--from") from = dateArg("--from", value());
    else if (flag === "--to") to = dateArg("--to", value());
    else if (flag === "--as-of") asOf = dateArg("--as-of", value());
    else if (flag === "--jobs") {
      const text = value();
      const n = /^\+?\d+$/.test(text) ? Number(text) : NaN;
      if (!(n >= 1 && n <= 1024)) throw new UsageError(`--jobs '${text}' is not a number from 1 to 1024`);
      jobs = n;
    } else if (flag === "--format") {
      const f = value();
      if (f !== "csv" && f !== "json") throw new UsageError(`unknown format '${f}' (csv or json)`);
      format = f;
    } else if (flag === "--partial") partial = true;
    else return false;
    return true;
  }, (arg) => {
    if (file !== undefined) throw new UsageError(`unexpected argument '${arg}'`);
    file = arg;
  });
  if (stop) return stop;
  if (from === undefined || to === undefined) throw new UsageError("forecast needs --from and --to");
  if (from > to) throw new UsageError(`--from ${from} is after --to ${to}`);
  if (partial && format !== undefined) throw new UsageError("--partial writes JSON lines; it takes no --format");
  return {
    file: file === "-" ? undefined : file,
    from,
    to,
    asOf: asOf === undefined ? today() : asOf,
    jobs: jobs === undefined ? require("node:os").availableParallelism() : jobs,
    output: partial ? "partial" : format || "csv",
  };
}

/** `"-12.345"` as minor units: `-12345n`, and its digits. */
function minorUnits(amount) {
  const dot = amount.indexOf(".");
  return [BigInt(dot < 0 ? amount : amount.slice(0, dot) + amount.slice(dot + 1)), dot < 0 ? 0 : amount.length - dot - 1];
}

function decimalText(minor, digits) {
  const sign = minor < 0n ? "-" : "";
  const abs = (minor < 0n ? -minor : minor).toString();
  if (digits === 0) return sign + abs;
  const padded = abs.padStart(digits + 1, "0");
  return `${sign}${padded.slice(0, -digits)}.${padded.slice(-digits)}`;
}

/** The fold of a book: per currency and month, exact BigInt sums of minor units. */
class ForecastFold {
  constructor(from, to) {
    this.from = from;
    this.to = to;
    this.cells = new Map();
  }

  cell(currency, month, digits) {
    const key = `${currency} ${month}`;
    let cell = this.cells.get(key);
    if (cell === undefined) {
      cell = { currency, month, digits, contracts: 0, invoices: 0, creditNotes: 0 };
      for (const a of FORECAST_AMOUNTS) cell[a] = 0n;
      this.cells.set(key, cell);
    }
    return cell;
  }

  add(preview) {
    let counted;
    for (const invoice of preview.invoices) {
      const [total, digits] = minorUnits(invoice.total);
      if (this.from <= invoice.issueDate && invoice.issueDate <= this.to) {
        const month = invoice.issueDate.slice(0, 7);
        const cell = this.cell(preview.currency, month, digits);
        if (counted !== month) cell.contracts += 1;
        counted = month;
        if (invoice.kind === "invoice") cell.invoices += 1;
        else cell.creditNotes += 1;
        for (const line of invoice.lines) {
          const [amount] = minorUnits(line.amount);
          if (line.kind === "credit") cell.credited += amount;
          else if (line.kind === "discount") cell.discounted += amount;
          else cell.charged += amount;
        }
        cell.net += total;
        if (invoice.status === "forecast") cell.forecastNet += total;
      }
      const due = invoice.dueDate;
      if (invoice.kind === "invoice" && due !== null && this.from <= due && due <= this.to) {
        this.cell(preview.currency, due.slice(0, 7), digits).dueNet += total;
      }
    }
  }

  /** Adds the cells of another fold (a worker's, structured-cloned). */
  merge(cells) {
    for (const other of cells) {
      const cell = this.cell(other.currency, other.month, other.digits);
      for (const k of [...FORECAST_COUNTS, ...FORECAST_AMOUNTS]) cell[k] += other[k];
    }
  }

  /** Rows by currency code, then month (both compare as plain ASCII). */
  rows() {
    const cells = [...this.cells.values()];
    const key = (c) => `${c.currency} ${c.month}`;
    cells.sort((a, b) => (key(a) < key(b) ? -1 : key(a) > key(b) ? 1 : 0));
    return cells.map((c) => {
      const row = { currency: c.currency, month: c.month };
      for (const n of FORECAST_COUNTS) row[n] = c[n];
      for (const a of FORECAST_AMOUNTS) row[a] = decimalText(c[a], c.digits);
      return [row, c.digits];
    });
  }
}

/** One line of the book: folded in, or recorded as invalid. */
function forecastContract(args, number, text, fold, invalid, now) {
  const record = (id, issues) => invalid.push({ id, line: number, issues });
  let item;
  try {
    item = JSON.parse(text);
  } catch {
    // The engine words the parse error, as the native command does.
    const result = settle(() => bindings.preview(text, "null", now));
    return record(null, result.error ? result.error.issues : [{ path: "", code: "invalidJson", message: "input is not valid json" }]);
  }
  if (item === null || typeof item !== "object" || Array.isArray(item)) {
    return record(null, [{ path: "", code: "invalidType", message: 'each line must be an object {"id":…,"schedule":…,"options":…}' }]);
  }
  const id = item.id === undefined ? null : item.id;
  const issues = typeof id === "string" ? []
    : id === null ? [{ path: "id", code: "required", message: "id is required" }]
    : [{ path: "id", code: "invalidType", message: "id must be a string" }];
  let options = item.options;
  if (options === undefined || options === null) options = {};
  if (typeof options === "object" && !Array.isArray(options)) {
    options = { ...options };
    if (options.asOf === undefined || options.asOf === null) options.asOf = args.asOf;
    options.until = args.to;
  }
  const schedule = JSON.stringify(item.schedule === undefined ? null : item.schedule);
  const result = settle(() => bindings.preview(schedule, JSON.stringify(options), now));
  if (result.error) issues.push(...result.error.issues);
  else if (issues.length === 0) fold.add(result.ok);
  if (issues.length > 0) record(id, issues);
}

/** The book's lines, split on "\n" only (as the native command), one trailing "\r" off. */
async function* bookLines(file) {
  const input = file === undefined ? process.stdin : fs.createReadStream(file);
  input.setEncoding("utf8");
  let rest = "";
  for await (const chunk of input) {
    const parts = (rest + chunk).split("\n");
    rest = parts.pop();
    yield* parts;
  }
  if (rest !== "") yield rest;
}

/** A worker thread of `forecast --jobs N`: folds the chunks it is sent (`[number, text]`
 *  pairs), acknowledges each, and sends its fold when sent `null`. */
function forecastWorker(args) {
  const { parentPort } = require("node:worker_threads");
  bindings.__phasebill_load();
  const now = today();
  const fold = new ForecastFold(args.from, args.to);
  const invalid = [];
  parentPort.on("message", (chunk) => {
    if (chunk === null) {
      parentPort.postMessage({ cells: [...fold.cells.values()], invalid });
      parentPort.close();
      return;
    }
    for (const [number, text] of chunk) forecastContract(args, number, text, fold, invalid, now);
    parentPort.postMessage({ done: chunk.length });
  });
}

/** Chunks of lines to `jobs` worker threads, at most two chunks in flight per worker. */
class ForecastPool {
  constructor(args) {
    const { Worker } = require("node:worker_threads");
    this.workers = [];
    this.waiting = [];
    this.inFlight = 0;
    this.done = 0;
    this.results = [];
    for (let i = 0; i < args.jobs; i++) {
      const worker = new Worker(__filename, { workerData: { phasebillForecast: args } });
      const result = new Promise((resolve, reject) => {
        const fail = (error) => {
          this.failed = error;
          this.waiting.splice(0).forEach((wake) => wake());
          reject(error);
        };
        worker.on("message", (message) => {
          if (message.done === undefined) return resolve(message);
          this.inFlight -= 1;
          this.done += message.done;
          const wake = this.waiting.shift();
          if (wake) wake();
        });
        worker.on("error", fail);
        worker.on("exit", (code) => fail(new Error(`a worker stopped (exit ${code})`)));
      });
      result.catch(() => {}); // handled where the results are awaited, or by send()
      this.results.push(result);
      this.workers.push(worker);
    }
    this.next = 0;
  }

  async send(chunk) {
    while (this.inFlight >= 2 * this.workers.length && !this.failed) await new Promise((wake) => this.waiting.push(wake));
    if (this.failed) throw this.failed;
    this.inFlight += 1;
    this.workers[this.next].postMessage(chunk);
    this.next = (this.next + 1) % this.workers.length;
  }

  /** Every worker's `{cells, invalid}`. */
  finish() {
    for (const worker of this.workers) worker.postMessage(null);
    return Promise.all(this.results);
  }
}

/** A command's parsed words, or its exit status when it does not run: help and the
 *  version on standard output (0), a usage problem on standard error (2). */
async function parseOrStop(parse, argv, usage) {
  let args;
  try {
    args = parse(argv);
  } catch (error) {
    if (!(error instanceof UsageError)) throw error;
    process.stderr.write(`phasebill: ${error.message}\n${usage}\n`);
    return 2;
  }
  if (args === HELP) {
    await write(usage + "\n");
    return 0;
  }
  if (args === VERSION) {
    await write(`phasebill ${version}\n`);
    return 0;
  }
  return args;
}

async function forecast(rest) {
  const args = await parseOrStop(parseForecastArgs, rest, FORECAST_USAGE);
  if (typeof args === "number") return args;
  if (args.file !== undefined) {
    try {
      fs.closeSync(fs.openSync(args.file, "r"));
    } catch (error) {
      process.stderr.write(`phasebill: cannot read ${args.file}: ${error.message}\n`);
      return 2;
    }
  }
  const now = today();
  const fold = new ForecastFold(args.from, args.to);
  let invalid = [];
  const pool = args.jobs > 1 ? new ForecastPool(args) : undefined;
  const progress = process.stderr.isTTY === true;
  const started = Date.now();
  let shown = started;
  let number = 0;
  let contracts = 0;
  let chunk = [];
  try {
    for await (const raw of bookLines(args.file)) {
      number += 1;
      let text = raw.charCodeAt(0) === 0xfeff ? raw.slice(1) : raw;
      if (text.endsWith("\r")) text = text.slice(0, -1);
      if (text.trim() === "") continue;
      contracts += 1;
      if (pool === undefined) forecastContract(args, number, text, fold, invalid, now);
      else {
        chunk.push([number, text]);
        if (chunk.length >= 256) {
          await pool.send(chunk);
          chunk = [];
        }
      }
      if (progress && (number & 255) === 0 && Date.now() - shown >= 1000) {
        shown = Date.now();
        const done = pool === undefined ? contracts : pool.done;
        const rate = Math.round(done / Math.max((shown - started) / 1000, 1e-9));
        process.stderr.write(`\rphasebill: ${done} contracts, ${rate}/s\x1b[K`);
      }
    }
  } catch (error) {
    if (pool !== undefined) pool.workers.forEach((w) => w.terminate());
    process.stderr.write(`phasebill: cannot read line ${number + 1}: ${error.message}\n`);
    return 2;
  }
  if (pool !== undefined) {
    if (chunk.length > 0) await pool.send(chunk);
    for (const part of await pool.finish()) {
      fold.merge(part.cells);
      invalid = invalid.concat(part.invalid);
    }
    invalid.sort((a, b) => a.line - b.line);
  }
  if (progress && shown !== started) process.stderr.write("\r\x1b[K");

  const rows = fold.rows();
  let text;
  if (args.output === "csv") {
    text = FORECAST_COLUMNS.join(",") + "\n";
    for (const [row] of rows) text += FORECAST_COLUMNS.map((c) => row[c]).join(",") + "\n";
  } else if (args.output === "json") {
    text = pretty({ from: args.from, to: args.to, rows: rows.map(([row]) => row), invalid });
  } else {
    text = "";
    for (const [row, digits] of rows) text += JSON.stringify({ ...row, minorDigits: digits }) + "\n";
    for (const entry of invalid) text += JSON.stringify({ invalid: entry }) + "\n";
  }
  if (args.output !== "partial") {
    for (const entry of invalid) {
      const who = typeof entry.id === "string" ? `id ${JSON.stringify(entry.id)}` : "no id";
      const issue = entry.issues[0];
      const first = issue === undefined ? "" : `${issue.path === "" ? "(schedule)" : issue.path}: ${issue.message} [${issue.code}]`;
      const more = entry.issues.length > 1 ? ` (+${entry.issues.length - 1} more)` : "";
      process.stderr.write(`phasebill: line ${entry.line}, ${who}: ${first}${more}\n`);
    }
    if (invalid.length > 0) process.stderr.write(`phasebill: ${invalid.length} of ${contracts} contracts invalid\n`);
  }
  await write(text);
  return invalid.length > 0 && args.output !== "partial" ? 1 : 0;
}

async function main(argv) {
  if (argv[0] === "forecast") return forecast(argv.slice(1));
  const args = await parseOrStop(parseArgs, argv, USAGE);
  if (typeof args === "number") return args;
  if (args.jsonl) return batch(args);
  let texts;
  try {
    texts = args.files.length === 0 ? [readInput(undefined)] : args.files.map(readInput);
  } catch (error) {
    if (!(error instanceof UsageError)) throw error;
    process.stderr.write(`phasebill: ${error.message}\n`);
    return 2;
  }
  const result = render(args, texts, optionsJson(args), today());
  if (result.error) {
    await write(JSON.stringify({ error: result.error }) + "\n");
    process.stderr.write(`phasebill: ${describe(result.error)}\n`);
    return 1;
  }
  await write(result.ok);
  return 0;
}

// A reader that stopped early (`| head`) is not an error of ours: exit quietly with 0.
process.stdout.on("error", (error) => {
  if (error.code === "EPIPE") process.exit(0);
  process.stderr.write(`phasebill: cannot write: ${error.message}\n`);
  process.exit(2);
});

const { workerData } = require("node:worker_threads");
if (workerData && workerData.phasebillForecast) {
  // A worker thread of `forecast --jobs N` (this same file).
  forecastWorker(workerData.phasebillForecast);
} else {
  bindings.__phasebill_load();
  main(process.argv.slice(2)).then(
    (code) => {
      process.exitCode = code;
    },
    (error) => {
      process.stderr.write(`phasebill: ${error.stack || error}\n`);
      process.exitCode = 2;
    },
  );
}
