#!/usr/bin/env bash
# Installs what `npm start` and `npm test` need on a fresh machine, skipping what is there:
# the wasm32 target, wasm-bindgen-cli at exactly the Cargo.lock version, wasm-pack, the npm
# packages and (with --browser) Debian's Chromium. Nothing is downloaded from outside the
# package registries.
set -euo pipefail
cd "$(dirname "$0")/.."
step() { printf '\n\033[1m==> %s\033[0m\n' "$*"; }

want_browser=0
for arg in "$@"; do [ "$arg" = "--browser" ] && want_browser=1; done

if ! rustup target list --installed | grep -qx wasm32-unknown-unknown; then
  step "rustup target add wasm32-unknown-unknown"
  rustup target add wasm32-unknown-unknown
fi

bindgen_version=$(awk '/^name = "wasm-bindgen"$/ { getline; gsub(/[^0-9.]/, ""); print; exit }' Cargo.lock)
if [ -z "$bindgen_version" ]; then
  echo "setup: no wasm-bindgen in Cargo.lock" >&2; exit 1
fi
if [ "$(wasm-bindgen --version 2>/dev/null | awk '{print $2}')" != "$bindgen_version" ]; then
  step "cargo install wasm-bindgen-cli $bindgen_version (about 5 minutes on 2 cores)"
  cargo install wasm-bindgen-cli --version "$bindgen_version"
fi
if ! command -v wasm-pack >/dev/null; then
  step "cargo install wasm-pack (about 4 minutes)"
  cargo install wasm-pack
fi

if [ ! -d node_modules ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
  step "npm install"
  npm install --no-audit --no-fund
fi

if [ "$want_browser" = 1 ] && [ ! -x /usr/bin/chromium ]; then
  step "apt-get install chromium chromium-driver (Debian's, for browser tests)"
  sudo=""; [ "$(id -u)" = 0 ] || sudo="sudo"
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq chromium chromium-driver
fi
