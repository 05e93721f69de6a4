#!/usr/bin/env bash
# `npm test`: everything, on a fresh clone. Installs what is missing (scripts/setup.sh), then
# Rust format + lint, the engine's unit, golden, property, CLI and doc tests, the npm package
# (built, packed, installed into a fresh consumer: Node ESM/CJS, TypeScript, CLI, hostile
# input) and the package in headless Chromium; then the web app's suite when present.
set -euo pipefail
cd "$(dirname "$0")/.."
step() { printf '\n\033[1m==> %s\033[0m\n' "$*"; }

bash scripts/setup.sh --browser

step "cargo fmt --check"
cargo fmt --all -- --check

step "cargo clippy -D warnings (native, and the wasm boundary)"
cargo clippy --workspace --all-targets -- -D warnings
cargo clippy -p phasebill-wasm --features bench --target wasm32-unknown-unknown -- -D warnings

step "engine tests: unit, golden fixtures, properties, CLI, doc tests"
cargo test -p phasebill

step "npm package: build"
node scripts/build-package.mjs

step "npm package: Node (ESM, CommonJS), TypeScript, CLI, hostile input"
cargo build --release --bin phasebill
PHASEBILL_NATIVE_CLI="$PWD/target/release/phasebill" node --test tests/node/

step "Spark: examples/spark/forecast.py in local[2] against the native phasebill forecast"
bash scripts/test-spark.sh

step "npm package: headless Chromium"
node --test tests/browser/

if [ -f scripts/test-web.sh ]; then
  step "web app"
  bash scripts/test-web.sh
fi

step "all tests passed"
