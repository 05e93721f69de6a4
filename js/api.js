// The JavaScript API of the npm package, shared by every runtime. The build turns this one
// file into `api.mjs` and `api.cjs`. `bindings` are the wasm exports (`previewJson`,
// `validateJson`): JSON text in, JSON text out, so that crossing the boundary costs one
// `JSON.stringify` and one `JSON.parse`.

export const version = "__PHASEBILL_VERSION__";

/** Invalid input: `issues` lists every problem as `{path, code, message}`. */
export class PhasebillError extends Error {
  constructor(message, issues) {
    super(message);
    this.name = "PhasebillError";
    this.issues = issues;
  }
}

/** Today's date in UTC, the engine's default as-of (the engine reads no clock). */
function today() {
  return new Date().toISOString().slice(0, 10);
}

function invalidJson(what, cause) {
  const message = `${what} cannot be sent as json: ${String(cause && cause.message ? cause.message : cause).toLowerCase()}`;
  return new PhasebillError(message, [{ path: what === "options" ? "options" : "", code: "invalidJson", message }]);
}

/** JSON text of a value; `undefined` becomes `null` (absent). */
function encode(value, what) {
  try {
    const text = JSON.stringify(value === undefined ? null : value);
    return text === undefined ? "null" : text;
  } catch (cause) {
    throw invalidJson(what, cause);
  }
}

export function makeApi(bindings) {
  function call(fn, schedule, options) {
    const answer = JSON.parse(fn(encode(schedule, "schedule"), encode(options, "options"), today()));
    if (answer.error) throw new PhasebillError(answer.error.message, answer.error.issues);
    return answer.ok;
  }
  return {
    version,
    PhasebillError,
    /** Every invoice, credit and proration of `schedule`; throws `PhasebillError`. */
    preview(schedule, options) {
      return call(bindings().previewJson, schedule, options);
    },
    /** Every issue of `schedule` with `options`; empty when valid. Never throws on input. */
    validate(schedule, options) {
      try {
        return call(bindings().validateJson, schedule, options);
      } catch (error) {
        if (error instanceof PhasebillError) return error.issues;
        throw error;
      }
    },
  };
}
