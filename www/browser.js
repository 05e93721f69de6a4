// Browser services the Rust app calls through wasm-bindgen (web/src/browser.rs): IndexedDB
// storage, the persistence request, Intl formatting for the browser's locale, downloads and
// the clipboard. An ES module imported by pkg/phasebill_web.js (no inline script, CSP-safe).

const DB_NAME = 'phasebill';
const STORE = 'drafts';
let opening = null;

function database() {
  if (!opening) {
    opening = new Promise((resolve, reject) => {
      if (typeof indexedDB === 'undefined') {
        reject(new Error('IndexedDB is not available in this browser'));
        return;
      }
      const request = indexedDB.open(DB_NAME, 1);
      request.onupgradeneeded = () => request.result.createObjectStore(STORE);
      request.onsuccess = () => resolve(request.result);
      request.onerror = () => reject(request.error);
      request.onblocked = () => reject(new Error('the draft database is blocked by another tab'));
    });
    opening.catch(() => { opening = null; });
  }
  return opening;
}

function describe(error) {
  if (!error) return 'unknown error';
  if (error.name === 'QuotaExceededError') {
    return 'the browser storage is full (QuotaExceededError); free some space or export the schedule';
  }
  return error.name ? `${error.name}: ${error.message}` : String(error);
}

// Reads started early by app.js (while the wasm is fetched and compiled), by key.
const early = new Map();

export function prefetch(key) {
  if (!early.has(key)) {
    const pending = read(key);
    pending.catch(() => {});
    early.set(key, pending);
  }
}

export function idbGet(key) {
  const started = early.get(key);
  if (started) {
    early.delete(key);
    return started;
  }
  return read(key);
}

async function read(key) {
  try {
    const db = await database();
    return await new Promise((resolve, reject) => {
      const request = db.transaction(STORE, 'readonly').objectStore(STORE).get(key);
      request.onsuccess = () => resolve(typeof request.result === 'string' ? request.result : null);
      request.onerror = () => reject(request.error);
    });
  } catch (error) {
    throw describe(error);
  }
}

export async function idbPut(key, value) {
  try {
    const db = await database();
    await new Promise((resolve, reject) => {
      const tx = db.transaction(STORE, 'readwrite');
      tx.objectStore(STORE).put(value, key);
      tx.oncomplete = () => resolve();
      tx.onerror = () => reject(tx.error);
      tx.onabort = () => reject(tx.error || new Error('the save was aborted'));
    });
  } catch (error) {
    throw describe(error);
  }
}

// Asks the browser to keep this origin's storage; resolves to "persisted", "not persisted"
// or "unsupported".
export async function requestPersist() {
  if (!navigator.storage || !navigator.storage.persist) return 'unsupported';
  try {
    if (await navigator.storage.persisted()) return 'persisted';
    return (await navigator.storage.persist()) ? 'persisted' : 'not persisted';
  } catch (error) {
    return 'not persisted';
  }
}

const moneyFormats = new Map();
// value: a decimal string such as "-548.39" (formatted exactly, as a string).
export function formatMoney(value, currency, digits) {
  let format = moneyFormats.get(currency);
  if (!format) {
    try {
      format = new Intl.NumberFormat(undefined, {
        style: 'currency', currency, minimumFractionDigits: digits, maximumFractionDigits: digits,
      });
    } catch (error) {
      format = new Intl.NumberFormat(undefined, { minimumFractionDigits: digits, maximumFractionDigits: digits });
    }
    moneyFormats.set(currency, format);
  }
  return format.format(value);
}

// Loads the locale data the formatters above and below need, so that the first preview does
// not wait for it: the first currency formatter of a page loads ICU's number data (about
// 30 ms in Chromium, once per page, whatever the currency), the first date formatter its
// calendar data (3–5 ms). app.js calls this while the wasm module is fetched and compiled,
// when the main thread has nothing else to do.
export function warmFormats() {
  new Intl.NumberFormat(undefined, { style: 'currency', currency: 'USD' }).format(0);
  formatDate('2026-01-01');
  formatMonth(2026, 1);
}

let dateFormat = null;
// iso: "YYYY-MM-DD", shown as a calendar date in the browser's locale.
export function formatDate(iso) {
  if (!dateFormat) dateFormat = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium', timeZone: 'UTC' });
  const [y, m, d] = iso.split('-').map(Number);
  const date = new Date(0);
  date.setUTCFullYear(y, m - 1, d);
  return dateFormat.format(date);
}

let monthFormat = null;

// A calendar month ("Mar 2026") in the browser's locale.
export function formatMonth(year, month) {
  if (!monthFormat) monthFormat = new Intl.DateTimeFormat(undefined, { month: 'short', year: 'numeric', timeZone: 'UTC' });
  const date = new Date(0);
  date.setUTCFullYear(year, month - 1, 1);
  return monthFormat.format(date);
}

// The local date and time now ("Nov 30, 2026, 6:05 AM"), for a saved version's name.
export function formatNow() {
  return new Intl.DateTimeFormat(undefined, { dateStyle: 'medium', timeStyle: 'short' }).format(new Date());
}

// Offers text as a file download.
export function download(name, type, text) {
  const url = URL.createObjectURL(new Blob([text], { type }));
  const link = document.createElement('a');
  link.href = url;
  link.download = name;
  document.body.appendChild(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10000);
}

export async function copyText(text) {
  if (!navigator.clipboard) throw 'the clipboard is not available';
  try {
    await navigator.clipboard.writeText(text);
  } catch (error) {
    throw describe(error);
  }
}

// Other tabs of this app on the same draft (BroadcastChannel): `onMessage(kind)` is called
// with "hello" (a tab opened), "here" (an open tab answered) or "saved" (a tab saved).
const tabId = Math.random().toString(36).slice(2);
let channel = null;

export function watchTabs(onMessage) {
  if (typeof BroadcastChannel === 'undefined' || channel) return;
  channel = new BroadcastChannel('phasebill-draft');
  channel.onmessage = (event) => {
    const message = event.data;
    if (!message || message.tab === tabId) return;
    if (message.kind === 'hello') channel.postMessage({ tab: tabId, kind: 'here' });
    onMessage(message.kind);
  };
  channel.postMessage({ tab: tabId, kind: 'hello' });
}

export function tellTabs(kind) {
  channel?.postMessage({ tab: tabId, kind });
}

// Printing: `onChange(true)` before the page is printed or shown as print media (print
// preview, emulation), `onChange(false)` after.
export function watchPrint(onChange) {
  const media = window.matchMedia('print');
  media.addEventListener('change', () => onChange(media.matches));
  window.addEventListener('beforeprint', () => onChange(true));
  window.addEventListener('afterprint', () => onChange(media.matches));
  if (media.matches) onChange(true);
}
