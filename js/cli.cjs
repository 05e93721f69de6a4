#!/usr/bin/env node
// `phasebill preview [FILE|-] [--as-of D] [--until D] [--format json|table|csv] [--jsonl]`:
// the npm package's command line, with the behaviour and exit codes of the native one
// (0 ok; 1 invalid input, issues as JSON on stdout and readable on stderr; 2 usage).
"use strict";
const fs = require("node:fs");
const readline = require("node:readline");
const bindings = require("./node/phasebill.js");
const { unpack, PhasebillError } = require("./api.cjs");

/** `{ok: Preview}` or `{error}` for a schedule given as JSON text (parsed by the engine, as
 *  the native command does). */
function previewText(text, options, today) {
  try {
    return { ok: unpack(bindings.previewPacked(text, options, today)) };
  } catch (error) {
    if (!(error instanceof PhasebillError)) throw error;
    return { error: { message: error.message, issues: error.issues } };
  }
}

const USAGE = `usage: phasebill preview [FILE|-] [--as-of YYYY-MM-DD] [--until YYYY-MM-DD] [--format json|table|csv] [--jsonl]

  FILE        a schedule as JSON (default: standard input, also '-')
  --as-of     the day the preview is looked at (default: today, UTC)
  --until     last day of the window, inclusive (default: spec section 9)
  --format    json (default, the JSON contract), table (for people) or csv (one row per line)
  --jsonl     batch: read one {"schedule":…,"options":…} per line from standard input,
              write one JSON line per input (a preview, or {"error":…})

exit status: 0 ok; 1 invalid input (issues on stdout as JSON, readable on stderr); 2 usage`;

class UsageError extends Error {}

function parseArgs(argv) {
  const [command, ...rest] = argv;
  if (command === undefined || command === "-h" || command === "--help") return null;
  if (command !== "preview") throw new UsageError(`unknown command '${command}'`);
  const args = { file: undefined, asOf: undefined, until: undefined, format: "json", jsonl: false };
  for (let i = 0; i < rest.length; i++) {
    const arg = rest[i];
    const eq = arg.startsWith("--") ? arg.indexOf("=") : -1;
    const flag = eq > 0 ? arg.slice(0, eq) : arg;
    const value = () => {
      if (eq > 0) return arg.slice(eq + 1);
      if (i + 1 >= rest.length) throw new UsageError(`${flag} needs a value`);
      return rest[++i];
    };
    if (flag === "--as-of") args.asOf = value();
    else if (flag === "--until") args.until = value();
    else if (flag === "--format") {
      args.format = value();
      if (!["json", "table", "csv"].includes(args.format)) {
        throw new UsageError(`unknown format '${args.format}' (json, table or csv)`);
      }
    } else if (flag === "--jsonl") args.jsonl = true;
    else if (flag === "-h" || flag === "--help") return null;
    else if (flag.startsWith("--")) throw new UsageError(`unknown option '${flag}'`);
    else if (args.file === undefined) args.file = arg;
    else throw new UsageError(`unexpected argument '${arg}'`);
  }
  if (args.jsonl && args.file !== undefined && args.file !== "-") {
    throw new UsageError("--jsonl reads standard input; it takes no FILE");
  }
  return args;
}

const today = () => new Date().toISOString().slice(0, 10);

/** Options JSON: the line's own options over the command-line flags. */
function optionsJson(args, base) {
  if (base !== undefined && base !== null && (typeof base !== "object" || Array.isArray(base))) {
    return JSON.stringify(base);
  }
  const options = { ...(base || {}) };
  if (args.asOf !== undefined && (options.asOf === undefined || options.asOf === null)) options.asOf = args.asOf;
  if (args.until !== undefined && (options.until === undefined || options.until === null)) options.until = args.until;
  return JSON.stringify(options);
}

function describe(error) {
  const lines = [error.message];
  for (const issue of error.issues) {
    lines.push(`  ${issue.path === "" ? "(schedule)" : issue.path}: ${issue.message} [${issue.code}]`);
  }
  return lines.join("\n");
}

const inclusiveEnd = (end) => {
  if (end === null) return null;
  const d = new Date(`${end}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() - 1);
  return d.toISOString().slice(0, 10);
};

const upperFirst = (s) => s.charAt(0).toUpperCase() + s.slice(1);

function table(preview) {
  let out = `${preview.currency} preview as of ${preview.asOf}, until ${preview.until}${
    preview.truncated ? " (truncated: billing goes on)" : ""
  }\n\n`;
  for (const phase of preview.phases) {
    out += `phase ${phase.index} ${phase.name.padEnd(24)} ${phase.start ?? "?"} .. ${phase.end ?? "?"}  ${upperFirst(phase.status)}\n`;
  }
  out += "\n";
  for (const invoice of preview.invoices) {
    out += `${invoice.issueDate} ${upperFirst(invoice.kind)} ${upperFirst(invoice.status)}  total ${invoice.total}\n`;
    for (const line of invoice.lines) {
      const last = inclusiveEnd(line.servicePeriod.end);
      const period = last === null ? `${line.servicePeriod.start} –` : `${line.servicePeriod.start} – ${last}`;
      const proration = line.proration ? `${line.proration.usedDays} of ${line.proration.periodDays} days` : "";
      out += `  ${line.description.padEnd(32)} ${period.padEnd(25)} ${proration.padEnd(16)} ${line.amount.padStart(16)}\n`;
    }
    out += "\n";
  }
  out += `charged ${preview.totals.charged}  credited ${preview.totals.credited}  net ${preview.totals.net}\n`;
  for (const warning of preview.warnings) out += `warning: ${warning.path}: ${warning.message}\n`;
  return out;
}

const CSV_COLUMNS = [
  "issueDate", "invoiceKind", "status", "phaseIndex", "phaseName", "priceIndex", "priceName", "lineKind",
  "description", "serviceStart", "serviceEndExclusive", "usedDays", "periodDays", "quantity", "unitAmount",
  "amount", "currency",
];

function csvField(value) {
  const text = value === null || value === undefined ? "" : String(value);
  // Quote fields with separators, and neutralize spreadsheet formulas (=, +, -, @ first).
  const safe = /^[=+@\t\r]/.test(text) || (/^-/.test(text) && !/^-\d/.test(text)) ? `'${text}` : text;
  return /[",\n\r]/.test(safe) ? `"${safe.replaceAll('"', '""')}"` : safe;
}

function csv(preview) {
  const rows = [CSV_COLUMNS.join(",")];
  for (const invoice of preview.invoices) {
    for (const line of invoice.lines) {
      rows.push([
        invoice.issueDate, invoice.kind, invoice.status, line.phaseIndex, preview.phases[line.phaseIndex].name,
        line.priceIndex, line.priceName, line.kind, line.description, line.servicePeriod.start,
        line.servicePeriod.end, line.proration?.usedDays, line.proration?.periodDays, line.quantity,
        line.unitAmount, line.amount, preview.currency,
      ].map(csvField).join(","));
    }
  }
  return rows.join("\r\n") + "\r\n";
}

function readInput(file) {
  try {
    return fs.readFileSync(file === undefined || file === "-" ? 0 : file, "utf8");
  } catch (error) {
    throw new UsageError(`cannot read ${file ?? "standard input"}: ${error.message}`);
  }
}

async function batch(args) {
  const lines = readline.createInterface({ input: process.stdin, crlfDelay: Infinity });
  let number = 0;
  let failed = 0;
  const now = today();
  for await (const text of lines) {
    number += 1;
    if (text.trim() === "") continue;
    let answer;
    let item;
    try {
      item = JSON.parse(text);
    } catch (error) {
      item = undefined;
      answer = previewText(text, "null", now); // the engine words the parse error
    }
    if (answer === undefined) {
      if (item === null || typeof item !== "object" || Array.isArray(item)) {
        const message = 'input is not valid json: each line must be an object {"schedule":…,"options":…}';
        answer = { error: { message, issues: [{ path: "", code: "invalidJson", message }] } };
      } else {
        const schedule = JSON.stringify(item.schedule === undefined ? null : item.schedule);
        answer = previewText(schedule, optionsJson(args, item.options), now);
      }
    }
    if (answer.error) {
      failed += 1;
      process.stderr.write(`phasebill: line ${number}: ${describe(answer.error)}\n`);
      process.stdout.write(JSON.stringify({ error: answer.error }) + "\n");
    } else {
      process.stdout.write(JSON.stringify(answer.ok) + "\n");
    }
  }
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
  if (args === null) {
    process.stdout.write(USAGE + "\n");
    return 0;
  }
  if (args.jsonl) return batch(args);
  let text;
  try {
    text = readInput(args.file);
  } catch (error) {
    process.stderr.write(`phasebill: ${error.message}\n`);
    return 2;
  }
  const answer = previewText(text, optionsJson(args), today());
  if (answer.error) {
    process.stdout.write(JSON.stringify({ error: answer.error }) + "\n");
    process.stderr.write(`phasebill: ${describe(answer.error)}\n`);
    return 1;
  }
  const preview = answer.ok;
  if (args.format === "table") process.stdout.write(table(preview));
  else if (args.format === "csv") process.stdout.write(csv(preview));
  else process.stdout.write(JSON.stringify(preview, null, 2) + "\n");
  return 0;
}

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (error) => {
    process.stderr.write(`phasebill: ${error.stack || error}\n`);
    process.exitCode = 2;
  },
);
