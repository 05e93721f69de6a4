#!/usr/bin/env node
// Builds the schedule builder into www/pkg, exactly as `npm start` serves it:
//   cargo build (wasm32, release) → wasm-bindgen --target web → wasm-opt (npm binaryen)
// then writes www/pkg/precache.js (build id + file list) for the service worker.
// Steps whose inputs did not change are skipped. Nothing is downloaded.
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import zlib from 'node:zlib';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const targetDir = path.resolve(root, process.env.CARGO_TARGET_DIR || 'target');
const rawWasm = path.join(targetDir, 'wasm32-unknown-unknown', 'release', 'phasebill_web.wasm');
const stage = path.join(targetDir, 'phasebill-web-stage');
const out = path.join(root, 'www', 'pkg');
const wasmOpt = path.join(root, 'node_modules', '.bin', 'wasm-opt');
// Optimization level of the app's wasm build (the workspace's release profile says 3; the
// app is built for size, as measured in web/README.md). PHASEBILL_WEB_OPT_LEVEL overrides.
const OPT_LEVEL = process.env.PHASEBILL_WEB_OPT_LEVEL || 's';
// Features that rustc enables by default for wasm32-unknown-unknown; wasm-opt must accept them.
const OPT_FLAGS = ['-O3', '--enable-bulk-memory', '--enable-nontrapping-float-to-int', '--enable-sign-ext',
  '--enable-mutable-globals', '--enable-reference-types', '--enable-multivalue'];

function step(text) {
  console.log(`\n\x1b[1m==> ${text}\x1b[0m`);
}

function run(cmd, args, env = {}) {
  const shown = Object.entries(env).map(([k, v]) => `${k}=${v} `).join('');
  console.log(`$ ${shown}${cmd} ${args.join(' ')}`);
  const result = spawnSync(cmd, args, { cwd: root, stdio: 'inherit', env: { ...process.env, ...env } });
  if (result.error) throw new Error(`${cmd}: ${result.error.message}`);
  if (result.status !== 0) throw new Error(`${cmd} exited with ${result.status}`);
}

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
  step('cargo build -p phasebill-web --release --target wasm32-unknown-unknown (a few minutes when Rust sources changed)');
  run('cargo', ['build', '-p', 'phasebill-web', '--release', '--target', 'wasm32-unknown-unknown'],
    { CARGO_PROFILE_RELEASE_OPT_LEVEL: OPT_LEVEL });

  const bindgenVersion = capture('wasm-bindgen', ['--version']);
  if (!bindgenVersion) throw new Error('wasm-bindgen not found: run bash scripts/setup.sh');
  if (!fs.existsSync(wasmOpt)) throw new Error('node_modules/.bin/wasm-opt not found: run npm install');
  const stats = fs.statSync(rawWasm);
  const stamp = JSON.stringify({ size: stats.size, mtime: stats.mtimeMs, bindgenVersion, OPT_LEVEL, OPT_FLAGS });
  const stampFile = path.join(out, '.stamp');
  if (fs.existsSync(stampFile) && fs.readFileSync(stampFile, 'utf8') === stamp) {
    step('www/pkg is up to date');
  } else {
    step(`${bindgenVersion} --target web`);
    fs.rmSync(stage, { recursive: true, force: true });
    run('wasm-bindgen', ['--target', 'web', '--no-typescript', '--out-dir', stage, rawWasm]);
    step(`wasm-opt ${OPT_FLAGS.join(' ')} (binaryen from npm)`);
    const bg = path.join(stage, 'phasebill_web_bg.wasm');
    run(wasmOpt, [...OPT_FLAGS, bg, '-o', bg]);
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
