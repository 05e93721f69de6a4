// The JavaScript API of the npm package, shared by every runtime. The build turns this one
// file into `api.mjs` and `api.cjs`. `bindings` are the wasm exports (wasm/src/lib.rs):
// JSON text in; out, the packed preview (`packedPreview`: written into and read from the
// module's memory), or `{ok}`/`{error}` as JSON text (`compare`, `validate`, the
// renderers).

export const version = "__PHASEBILL_VERSION__";

/** Invalid input: `issues` lists every problem as `{path, code, message}`. */
export class PhasebillError extends Error {
  constructor(message, issues = []) {
    super(message);
    this.name = "PhasebillError";
    this.issues = issues;
  }
}

/** A message a log can use: the engine's "invalid schedule: 3 issues" (or "invalid
 *  options: 1 issue") becomes the first issue and how many more, e.g. `invalid schedule:
 *  currency: "usd" is not an active iso 4217 code (+2 more)`. */
export function logMessage(message, issues) {
  const counted = /^invalid (schedule|options): \d+ issues?$/.exec(message);
  if (!counted || !Array.isArray(issues) || issues.length === 0) return message;
  const { path, message: text } = issues[0];
  // Issue messages name their field first ("currency \"usd\" is …"); the path says it.
  const field = path.slice(path.lastIndexOf(".") + 1).replace(/\[\d+\]$/, "");
  const said = field !== "" && text.startsWith(`${field} `) ? text.slice(field.length + 1) : text;
  const more = issues.length > 1 ? ` (+${issues.length - 1} more)` : "";
  return `invalid ${counted[1]}: ${path === "" ? "" : `${path}: `}${said}${more}`;
}

/** The error of an `{error: {message, issues}}` answer; `raw` keeps the engine's message
 *  (the CLI prints exactly what the native command prints). */
function failure(error, raw) {
  return new PhasebillError(raw ? error.message : logMessage(error.message, error.issues), error.issues);
}

/** Today's date in UTC, the engine's default as-of (the engine reads no clock), written
 *  once per UTC day. */
let day = { number: NaN, text: "" };
function today() {
  const number = Math.floor(Date.now() / 86_400_000);
  if (number !== day.number) day = { number, text: new Date(number * 86_400_000).toISOString().slice(0, 10) };
  return day.text;
}

function invalidJson(what, cause) {
  const message = `${what} cannot be sent as json: ${String(cause && cause.message ? cause.message : cause).toLowerCase()}`;
  return new PhasebillError(message, [{ path: what === "schedule" ? "" : what, code: "invalidJson", message }]);
}

const UTF8 = new TextEncoder();

/** JSON text as the UTF-8 bytes every wasm export takes (wasm/src/lib.rs says why). */
export function utf8(text) {
  return UTF8.encode(text);
}

/** The wasm exports (`bindings`) with their JSON inputs given as text, as the CLI reads
 *  them from files: each text becomes UTF-8 bytes, today's date (the last argument) stays
 *  a string. */
export function textInputs(bindings) {
  const wrap = (fn) => (...args) => fn(...args.map((arg, i) => (i < args.length - 1 ? utf8(arg) : arg)));
  const strings = new PackedStrings();
  return {
    /** The preview of the JSON texts, unpacked; errors keep the engine's message. */
    preview: (schedule, options, today) => unpack(packedPreview(bindings, schedule, options, today, strings), true, strings),
    compare: wrap(bindings.compare),
    renderTable: wrap(bindings.renderTable),
    renderCsv: wrap(bindings.renderCsv),
    renderCompareTable: wrap(bindings.renderCompareTable),
    __phasebill_load: (source) => bindings.__phasebill_load(source),
  };
}

/** The strings of packed previews (dates, amounts, names), kept from call to call as the
 *  module keeps them (wasm/src/pack/strings.rs): each call says which it holds (their
 *  `generation` and how many), and the answer carries only the ones it lacks. One list
 *  per module instance's caller; a list the module no longer matches is replaced whole. */
export class PackedStrings {
  constructor() {
    this.generation = -1;
    this.list = [];
    // The module instance (its memory) the strings came from.
    this.memory = null;
  }

  /** Takes the strings a packed answer `L` carries (their lengths from `L[at]` on, then
   *  their text): the list's strings from the answer's first one on are replaced. */
  add(L, at) {
    // The head: how many strings, their text's bytes, the table's generation, the first.
    const [count, bytes, generation, first] = [L[5], L[6], L[15], L[16]];
    if (first > this.list.length) throw new Error(`phasebill: the module sent strings from ${first} to a caller holding ${this.list.length}`);
    this.generation = generation;
    const list = this.list;
    list.length = first;
    if (count === 0) return;
    const text = packedText(L, at + count, bytes);
    for (let i = 0, from = 0; i < count; i++) list.push(text.slice(from, (from += L[at + i])));
  }
}

/** The packed preview (wasm/src/pack.rs) of the JSON texts `schedule` and `options`, for
 *  a caller holding `strings`: both texts are encoded straight into the module's input
 *  buffer, and the answer is read where the module wrote it — an `Int32Array` over the
 *  module's memory, valid until the next call (`unpack` it at once, with the same
 *  `strings`). No buffer is allocated or copied on either side of the call. */
export function packedPreview(bindings, schedule, options, today, strings) {
  // UTF-8 takes at most three bytes per UTF-16 code unit.
  const room = 3 * (schedule.length + options.length);
  const at = bindings.inputBuffer(room);
  const memory = bindings.moduleMemory();
  // Strings of another instance's table: none held.
  if (strings.memory !== memory) Object.assign(strings, { memory, generation: -1, list: [] });
  const bytes = new Uint8Array(memory.buffer, at, room);
  const scheduleBytes = UTF8.encodeInto(schedule, bytes).written;
  const optionsBytes = UTF8.encodeInto(options, bytes.subarray(scheduleBytes)).written;
  const packed = bindings.previewPacked(scheduleBytes, optionsBytes, today, strings.generation, strings.list.length);
  // The answer may have grown the memory: its buffer is read after the call.
  return new Int32Array(memory.buffer, packed);
}

/** The UTF-8 bytes of a value's JSON text; `undefined` becomes `null` (absent). A string
 *  holding a lone surrogate (half of a UTF-16 pair: not text) is reported at its own path. */
function encode(value, what) {
  return utf8(jsonText(value, what));
}

function jsonText(value, what) {
  let text;
  try {
    text = JSON.stringify(value === undefined ? null : value);
  } catch (cause) {
    throw invalidJson(what, cause);
  }
  if (text === undefined) return "null";
  // JSON.stringify writes a lone surrogate as the escape `\udXXX`, and nothing else so.
  // The escape's prefix first: a plain search, where the pattern would scan the whole text.
  if (text.includes("\\ud") && LONE_SURROGATE_ESCAPE.test(text)) throw loneSurrogates(value, what);
  return text;
}

const LONE_SURROGATE_ESCAPE = /(?:^|[^\\])(?:\\\\)*\\ud[89a-f][0-9a-f]{2}/;
const LONE_SURROGATE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;
const LONE_SURROGATES = new RegExp(LONE_SURROGATE.source, "g");

/** Every string (value or key) of `value` that holds a lone surrogate, as issues at their
 *  paths (`phases[0].name`; `before.…` / `after.…` / `options.…` as the engine prefixes). */
function loneSurrogates(value, what) {
  const issues = [];
  const report = (path, text, isKey) => {
    const field = isKey ? "key" : path.slice(path.lastIndexOf(".") + 1).replace(/\[\d+\]$/, "") || what;
    const shown = JSON.stringify(text.length > 40 ? `${text.slice(0, 40)}…` : text);
    const message = `${field} ${shown} holds a lone surrogate (half of a utf-16 pair), which is not text`;
    issues.push({ path, code: "invalidJson", message });
  };
  const walk = (v, path) => {
    if (v !== null && typeof v === "object" && typeof v.toJSON === "function") v = v.toJSON();
    if (typeof v === "string") {
      if (LONE_SURROGATE.test(v)) report(path, v, false);
    } else if (Array.isArray(v)) {
      v.forEach((item, i) => walk(item, `${path}[${i}]`));
    } else if (v !== null && typeof v === "object") {
      for (const key of Object.keys(v)) {
        const name = key.replace(LONE_SURROGATES, (c) => `\\u${c.charCodeAt(0).toString(16)}`);
        const at = path === "" ? name : `${path}.${name}`;
        if (LONE_SURROGATE.test(key)) report(at, key, true);
        walk(v[key], at);
      }
    }
  };
  walk(value, what === "schedule" ? "" : what);
  if (issues.length === 0) return invalidJson(what, "it holds a lone surrogate (half of a utf-16 pair)");
  // Every issue is under `what`: the options alone, or a schedule.
  const counted = `invalid ${what === "options" ? "options" : "schedule"}: ${issues.length} issue${issues.length === 1 ? "" : "s"}`;
  const message = logMessage(counted, issues);
  return new PhasebillError(message, issues);
}

const LINE_KINDS = ["charge", "catchUp", "credit", "discount"];
const INVOICE_KINDS = ["invoice", "creditNote"];
const STATUSES = ["issued", "upcoming", "forecast"];
const PHASE_STATUSES = ["completed", "active", "upcoming", "awaitingMilestone"];

const UTF8_TEXT = new TextDecoder();

/** `count` bytes of UTF-8 text packed four per number from `L[at]` on (wasm/src/pack.rs). */
function packedText(L, at, count) {
  return UTF8_TEXT.decode(new Uint8Array(L.buffer, L.byteOffset + at * 4, count));
}

/** Rebuilds the preview JSON of spec section 7 from the packed form of wasm/src/pack.rs:
 *  one `Int32Array` (head, phases, warnings, invoices, lines, line templates, then the
 *  strings the caller lacked: their lengths and text), with the caller's `strings`, which
 *  it extends. Throws `PhasebillError` for an error answer. */
export function unpack(L, raw = false, strings = new PackedStrings()) {
  if (L[0] < 0) answer(packedText(L, 2, L[1]), raw);
  // The head: how many invoices, phases, warnings, lines and templates, the strings
  // carried and their text's bytes; currency, asOf, until, truncated, the four totals;
  // the string table's generation and the first string carried.
  const templates = new Array(L[4]);
  let k = 17;
  const t0 = k + L[1] * 5 + L[2] * 3 + L[0] * 6 + L[3] * 6;
  strings.add(L, t0 + templates.length * 8);
  const S = strings.list;
  // What every line of one price and kind repeats.
  for (let n = 0, t = t0; n < templates.length; n++, t += 8) {
    templates[n] = {
      phaseIndex: L[t],
      priceIndex: L[t + 1],
      priceName: S[L[t + 2]],
      kind: LINE_KINDS[L[t + 3]],
      description: S[L[t + 4]],
      quantity: S[L[t + 5]],
      unitAmount: S[L[t + 6]],
      discountIndex: L[t + 7] < 0 ? null : L[t + 7],
    };
  }
  const phases = new Array(L[1]);
  for (let n = 0; n < phases.length; n++, k += 5) {
    phases[n] = {
      index: L[k],
      name: S[L[k + 1]],
      start: L[k + 2] < 0 ? null : S[L[k + 2]],
      end: L[k + 3] < 0 ? null : S[L[k + 3]],
      status: PHASE_STATUSES[L[k + 4]],
    };
  }
  const warnings = new Array(L[2]);
  for (let n = 0; n < warnings.length; n++, k += 3) {
    warnings[n] = { path: S[L[k]], code: S[L[k + 1]], message: S[L[k + 2]] };
  }
  const invoices = new Array(L[0]);
  let i = k;
  k += invoices.length * 6;
  for (let n = 0; n < invoices.length; i += 6, n++) {
    const lines = new Array(L[i + 5]);
    for (let j = 0; j < lines.length; j++, k += 6) {
      const t = templates[L[k]];
      lines[j] = {
        phaseIndex: t.phaseIndex,
        priceIndex: t.priceIndex,
        priceName: t.priceName,
        kind: t.kind,
        description: t.description,
        servicePeriod: { start: S[L[k + 1]], end: L[k + 2] < 0 ? null : S[L[k + 2]] },
        quantity: t.quantity,
        unitAmount: t.unitAmount,
        amount: S[L[k + 3]],
        proration: L[k + 4] < 0 ? null : { usedDays: L[k + 4], periodDays: L[k + 5] },
        discountIndex: t.discountIndex,
      };
    }
    invoices[n] = {
      issueDate: S[L[i]],
      kind: INVOICE_KINDS[L[i + 1]],
      status: STATUSES[L[i + 2]],
      total: S[L[i + 3]],
      dueDate: L[i + 4] < 0 ? null : S[L[i + 4]],
      lines,
    };
  }
  return {
    currency: S[L[7]],
    asOf: S[L[8]],
    until: S[L[9]],
    truncated: L[10] === 1,
    phases,
    invoices,
    totals: { charged: S[L[11]], credited: S[L[12]], discounted: S[L[13]], net: S[L[14]] },
    warnings,
  };
}

/** The answer of a wasm export (JSON text or a JS object): its `ok` value, or a thrown
 *  `PhasebillError`. */
export function answer(value, raw = false) {
  const parsed = typeof value === "string" ? JSON.parse(value) : value;
  if (parsed.error) throw failure(parsed.error, raw);
  return parsed.ok;
}

export function makeApi(bindings) {
  const strings = new PackedStrings();
  function call(fn, schedule, options) {
    return fn(encode(schedule, "schedule"), encode(options, "options"), today());
  }
  /** Every invoice, credit and proration of `schedule`; throws `PhasebillError`. */
  function preview(schedule, options) {
    const texts = [jsonText(schedule, "schedule"), jsonText(options, "options")];
    return unpack(packedPreview(bindings(), ...texts, today(), strings), false, strings);
  }
  /** Every issue of `schedule` with `options`; empty when valid. Never throws on input. */
  function validate(schedule, options) {
    try {
      return answer(call(bindings().validate, schedule, options));
    } catch (error) {
      if (error instanceof PhasebillError) return error.issues;
      throw error;
    }
  }
  /** Whether `schedule` previews (with `options`): a type guard in TypeScript. */
  function isValid(schedule, options) {
    return validate(schedule, options).length === 0;
  }
  /** What changes between two versions of a schedule (spec section 11); throws
   *  `PhasebillError` (issue paths prefixed `before.` / `after.`). */
  function compare(before, after, options) {
    const texts = [encode(before, "before"), encode(after, "after"), encode(options, "options")];
    return answer(bindings().compare(...texts, today()));
  }
  return { version, PhasebillError, preview, validate, isValid, compare };
}
