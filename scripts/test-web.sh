#!/usr/bin/env bash
# The web app's suite (called by scripts/test.sh, also runnable alone after
# `bash scripts/setup.sh --browser`): builds the app exactly as `npm start` serves it, runs
# the web crate's native unit tests, then the end-to-end tests in headless Chromium.
set -euo pipefail
cd "$(dirname "$0")/.."
step() { printf '\n\033[1m==> %s\033[0m\n' "$*"; }

step "web: build (wasm-pack: cargo wasm32 release + wasm-bindgen; then wasm-opt) as npm start serves it"
node scripts/build-web.mjs

step "web: clippy (wasm32) -D warnings"
cargo clippy -p phasebill-web --target wasm32-unknown-unknown -- -D warnings

step "web: native unit tests (cargo test -p phasebill-web)"
cargo test -p phasebill-web

step "web: end-to-end tests in headless Chromium"
mkdir -p tests/artifacts
node --test --test-concurrency=1 --test-reporter=spec tests/e2e/app.test.mjs tests/e2e/safety.test.mjs tests/e2e/terms.test.mjs

step "web: all tests passed (screenshot in tests/artifacts/)"
