// Node (CommonJS): the wasm module is compiled synchronously at require time; no init call.
"use strict";
const bindings = require("./node/phasebill.js");
const { makeApi, PhasebillError, version } = require("./api.cjs");

const api = makeApi(() => bindings);
// Already initialized in Node; kept so that code shared with browsers can call them.
const init = async () => {};
const initSync = () => {};
module.exports = { preview: api.preview, validate: api.validate, version, PhasebillError, init, initSync };
