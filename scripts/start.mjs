#!/usr/bin/env node
// `npm start`: builds the app (scripts/build-web.mjs) and serves www/ with sirv (the library
// behind sirv-cli) on http://127.0.0.1:8080 (PORT overrides). The end-to-end tests and the
// UI benchmark import serve() so they test the app exactly as it is served here.
import http from 'node:http';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import sirv from 'sirv';
import { build } from './build-web.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

// Also sent as a <meta> in index.html; the header adds what a meta cannot (frame-ancestors).
const CSP = "default-src 'self'; script-src 'self' 'wasm-unsafe-eval'; style-src 'self'; img-src 'self' data:; "
  + "connect-src 'self'; font-src 'self'; manifest-src 'self'; worker-src 'self'; object-src 'none'; "
  + "base-uri 'none'; form-action 'none'; frame-ancestors 'none'";

/// Serves www/ on host:port (port 0: a free one). Resolves to { server, url }.
export function serve({ port = 8080, host = '127.0.0.1' } = {}) {
  const files = sirv(path.join(root, 'www'), {
    etag: true,
    dev: false,
    setHeaders(res) {
      res.setHeader('Cache-Control', 'no-cache');
      res.setHeader('Content-Security-Policy', CSP);
      res.setHeader('X-Content-Type-Options', 'nosniff');
      res.setHeader('Referrer-Policy', 'no-referrer');
    },
  });
  const server = http.createServer((req, res) => files(req, res, () => {
    res.statusCode = 404;
    res.setHeader('Content-Type', 'text/plain; charset=utf-8');
    res.end('not found');
  }));
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      const { port: actual } = server.address();
      resolve({ server, url: `http://${host}:${actual}/` });
    });
  });
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  try {
    build();
  } catch (error) {
    console.error(`start: the build failed: ${error.message}`);
    process.exit(1);
  }
  const port = Number(process.env.PORT || 8080);
  serve({ port }).then(({ url }) => {
    console.log(`\nPhasebill schedule builder: ${url}\n(Ctrl+C to stop)`);
  }, (error) => {
    console.error(`start: cannot listen on 127.0.0.1:${port}: ${error.message}${error.code === 'EADDRINUSE' ? ' (set PORT to use another port)' : ''}`);
    process.exit(1);
  });
}
