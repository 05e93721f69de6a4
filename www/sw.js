// Service worker: the app works offline after its first load, including a reload.
// Network first (so a new build is picked up at once), falling back to the cache.
// pkg/precache.js is written by scripts/build-web.mjs: the build id and the files to keep.
importScripts('./pkg/precache.js');

const BUILD = self.PHASEBILL_BUILD || 'dev';
const CACHE = `phasebill-${BUILD}`;
const FILES = ['./', './index.html', './app.js', './browser.js', './styles.css', './manifest.webmanifest', './icon.svg']
  .concat(self.PHASEBILL_FILES || []);

self.addEventListener('install', (event) => {
  event.waitUntil(
    caches.open(CACHE)
      .then((cache) => cache.addAll(FILES.map((f) => new Request(f, { cache: 'reload' }))))
      .then(() => self.skipWaiting()),
  );
});

self.addEventListener('activate', (event) => {
  event.waitUntil(
    caches.keys()
      .then((keys) => Promise.all(keys.filter((k) => k.startsWith('phasebill-') && k !== CACHE).map((k) => caches.delete(k))))
      .then(() => self.clients.claim()),
  );
});

self.addEventListener('fetch', (event) => {
  const request = event.request;
  const url = new URL(request.url);
  if (request.method !== 'GET' || url.origin !== self.location.origin) return;
  event.respondWith((async () => {
    const cache = await caches.open(CACHE);
    try {
      const response = await fetch(request);
      if (response.status === 200) {
        await cache.put(request, response.clone());
      }
      return response;
    } catch (error) {
      const cached = await cache.match(request, { ignoreSearch: true })
        || (request.mode === 'navigate' ? await cache.match('./index.html') : undefined);
      if (cached) return cached;
      throw error;
    }
  })());
});
