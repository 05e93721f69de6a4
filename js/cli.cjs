#!/usr/bin/env node
// `npx phasebill preview …` and `npx phasebill compare …`: the npm package's command line.
// It prints what the native command (core/src/bin/phasebill.rs) prints, byte for byte: same
// usage text, same exit codes (0 ok; 1 invalid input, issues as JSON on stdout and readable
// on stderr; 2 usage), and the core's own table and CSV renderers through the wasm module.
"use strict";
const fs = require("node:fs");
const readline = require("node:readline");
const { once } = require("node:events");
const bindings = require("./phasebill_node.cjs");
const { unpack, answer, PhasebillError, version } = require("./api.cjs");

const USAGE = `usage: phasebill preview [FILE|-] [--as-of YYYY-MM-DD] [--until YYYY-MM-DD] [--format json|table|csv] [--jsonl]
       phasebill compare BEFORE AFTER [--as-of YYYY-MM-DD] [--until YYYY-MM-DD] [--format json|table]
       phasebill compare --jsonl

  preview     every invoice, credit and discount of one schedule
  compare     what changes between two versions of a schedule, invoice by invoice
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

function parseArgs(argv) {
  const [command, ...rest] = argv;
  if (command === undefined || command === "-h" || command === "--help") return HELP;
  if (command === "--version" || command === "-V") return VERSION;
  if (command !== "preview" && command !== "compare") throw new UsageError(`unknown command '${command}'`);
  const args = { command, files: [], asOf: undefined, until: undefined, format: "json", jsonl: false };
  for (let i = 0; i < rest.length; i++) {
    const arg = rest[i];
    const eq = arg.indexOf("=");
    const inline = eq >= 0 && arg.slice(0, eq).startsWith("--");
    const flag = inline ? arg.slice(0, eq) : arg;
    const value = (name) => {
      if (inline) return arg.slice(eq + 1);
      if (i + 1 >= rest.length) throw new UsageError(`${name} needs a value`);
      return rest[++i];
    };
    if (flag === "--as-of") args.asOf = value("--as-of");
    else if (flag === "--until") args.until = value("--until");
    else if (flag === "--format") {
      const format = value("--format");
      if (format === "json" || format === "table" || (format === "csv" && command === "preview")) args.format = format;
      else if (command === "preview") throw new UsageError(`unknown format '${format}' (json, table or csv)`);
      else throw new UsageError(`unknown format '${format}' (json or table)`);
    } else if (flag === "--jsonl") args.jsonl = true;
    else if (flag === "-h" || flag === "--help") return HELP;
    else if (flag === "--version") return VERSION;
    else if (flag.startsWith("--")) throw new UsageError(`unknown option '${flag}'`);
    else args.files.push(arg);
  }
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
  return settle(() => pretty(unpack(bindings.previewPacked(schedule, options, now), true)));
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
      : settle(() => JSON.stringify(unpack(bindings.previewPacked(line, "null", now), true)));
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
  return settle(() => JSON.stringify(unpack(bindings.previewPacked(field("schedule"), options, now), true)));
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

async function main(argv) {
  let args;
  try {
    args = parseArgs(argv);
  } catch (error) {
    if (!(error instanceof UsageError)) throw error;
    process.stderr.write(`phasebill: ${error.message}\n${USAGE}\n`);
    return 2;
  }
  if (args === HELP) {
    await write(USAGE + "\n");
    return 0;
  }
  if (args === VERSION) {
    await write(`phasebill ${version}\n`);
    return 0;
  }
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
