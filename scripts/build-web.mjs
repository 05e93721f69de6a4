#!/usr/bin/env node
// Builds the schedule builder into www/pkg, exactly as `npm start` serves it:
//   wasm-pack build web --target web (cargo + wasm-bindgen) → wasm-opt (npm binaryen), through
//   scripts/wasm-build.mjs, the helper the npm package's build uses too,
// then writes www/pkg/precache.js (build id + file list) for the service worker.
// wasm-opt is skipped when wasm-bindgen's output did not change. Nothing is downloaded.
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import zlib from 'node:zlib';
import { root, step, wasmOpt, wasmPack } from './wasm-build.mjs';

const targetDir = path.resolve(root, process.env.CARGO_TARGET_DIR || 'target');
const stage = path.join(targetDir, 'phasebill-web-stage');
const out = path.join(root, 'www', 'pkg');
// Optimization level of the app's wasm build (the workspace's release profile says 3; the
// app is built for size, as measured in web/README.md). PHASEBILL_WEB_OPT_LEVEL overrides.
const OPT_LEVEL = process.env.PHASEBILL_WEB_OPT_LEVEL || 's';

function capture(cmd, args) {
  const result = spawnSync(cmd, args, { cwd: root, encoding: 'utf8' });
  return result.status === 0 ? result.stdout.trim() : '';
}

function filesUnder(dir) {
  return fs.readdirSync(dir, { withFileTypes: true, recursive: true })
    .filter((e) => e.isFile())
    .map((e) => path.join(e.parentPath ?? e.path, e.name));
}

export function build() {
  const started = Date.now();
  const bindgenVersion = capture('wasm-bindgen', ['--version']);
  if (!bindgenVersion) throw new Error('wasm-bindgen not found: run bash scripts/setup.sh');
  fs.rmSync(stage, { recursive: true, force: true });
  const bg = wasmPack({
    crate: 'web', target: 'web', outDir: stage, outName: 'phasebill_web',
    env: { CARGO_PROFILE_RELEASE_OPT_LEVEL: OPT_LEVEL },
  });
  // wasm-opt takes most of a rebuild: skipped when wasm-bindgen's output is the same.
  const stamp = JSON.stringify({
    bindgen: createHash('sha256').update(fs.readFileSync(bg)).digest('hex'),
    glue: createHash('sha256').update(fs.readFileSync(path.join(stage, 'phasebill_web.js'))).digest('hex'),
    bindgenVersion,
    OPT_LEVEL,
  });
  const stampFile = path.join(out, '.stamp');
  if (fs.existsSync(stampFile) && fs.readFileSync(stampFile, 'utf8') === stamp) {
    step('www/pkg is up to date');
  } else {
    wasmOpt(bg);
    step('copy to www/pkg');
    fs.rmSync(out, { recursive: true, force: true });
    fs.cpSync(stage, out, { recursive: true });
    fs.writeFileSync(stampFile, stamp);
  }

  const files = filesUnder(out)
    .filter((f) => !f.endsWith('.stamp') && !f.endsWith('precache.js'))
    .sort();
  const hash = createHash('sha256');
  let gzipTotal = 0;
  for (const file of files) {
    const bytes = fs.readFileSync(file);
    hash.update(path.relative(out, file)).update(bytes);
    gzipTotal += zlib.gzipSync(bytes, { level: 9 }).length;
  }
  for (const file of ['index.html', 'app.js', 'browser.js', 'styles.css', 'sw.js', 'manifest.webmanifest', 'icon.svg']) {
    hash.update(file).update(fs.readFileSync(path.join(root, 'www', file)));
  }
  const build = hash.digest('hex').slice(0, 16);
  const list = files.map((f) => `./pkg/${path.relative(out, f).split(path.sep).join('/')}`);
  fs.writeFileSync(path.join(out, 'precache.js'),
    `// Written by scripts/build-web.mjs.\nself.PHASEBILL_BUILD = ${JSON.stringify(build)};\nself.PHASEBILL_FILES = ${JSON.stringify(list)};\n`);
  const wasmBytes = fs.statSync(path.join(out, 'phasebill_web_bg.wasm')).size;
  step(`built ${build}: wasm ${(wasmBytes / 1024).toFixed(0)} KiB, wasm+JS ${(gzipTotal / 1024).toFixed(1)} KiB gzip, in ${((Date.now() - started) / 1000).toFixed(1)} s`);
  return { build, files: list, gzipBytes: gzipTotal };
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  try {
    build();
  } catch (error) {
    console.error(`build-web: ${error.message}`);
    process.exit(1);
  }
}
