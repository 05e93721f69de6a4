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

if ('serviceWorker' in navigator) {
  navigator.serviceWorker.register('./sw.js').catch((error) => {
    console.warn('Offline use is not available:', error);
  });
}
