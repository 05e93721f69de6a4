// Starts the Leptos app (wasm-bindgen, --target web) and registers the service worker that
// keeps the app working offline. A module file, so the CSP needs no inline script.
import init from './pkg/phasebill_web.js';
import { prefetch, warmFormats } from './browser.js';

// Open the draft store while the wasm module is fetched and compiled.
prefetch('current');

function fail(error) {
  const root = document.getElementById('app');
  const message = document.createElement('p');
  message.className = 'fatal';
  message.setAttribute('role', 'alert');
  message.textContent = `The schedule builder could not start (${error && error.message ? error.message : error}). Reload the page to try again; your saved draft is kept.`;
  root.replaceChildren(message);
}

init().catch(fail);

// The locale data of the money and date formats, loaded while the module compiles.
setTimeout(warmFormats, 0);

// The service worker fetches and stores every file of the app (the module is 1.4 MB) on
// its first install. Registered at once, that work ran beside the first load on the
// machine's cores: it is registered once the first preview is on screen (or after 5 s,
// e.g. when the draft has errors and shows no total). docs/decisions.md, 48.
const SHOWN = '.contract-total output';
const LONGEST_WAIT_MS = 5000;

function registerWorker() {
  navigator.serviceWorker.register('./sw.js').catch((error) => {
    console.warn('Offline use is not available:', error);
  });
}

function whenPreviewShown(then) {
  const started = performance.now();
  const check = () => {
    if (document.querySelector(SHOWN) || performance.now() - started > LONGEST_WAIT_MS) {
      // After the frame that shows it (a hidden page draws no frames).
      if (document.hidden) then();
      else requestAnimationFrame(() => setTimeout(then, 0));
    } else {
      setTimeout(check, 50);
    }
  };
  check();
}

if ('serviceWorker' in navigator) whenPreviewShown(registerWorker);
