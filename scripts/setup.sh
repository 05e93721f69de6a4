#!/usr/bin/env bash
# Installs what `npm start` and `npm test` need on a fresh machine, skipping what is there:
# the wasm32 target, wasm-bindgen-cli at exactly the Cargo.lock version, wasm-pack, the npm
# packages and (with --browser) Debian's Chromium. Nothing is downloaded from outside the
# package registries.
set -euo pipefail
cd "$(dirname "$0")/.."
step() { printf '\n\033[1m==> %s\033[0m\n' "$*"; }

want_browser=0
want_spark=0
for arg in "$@"; do
  [ "$arg" = "--browser" ] && want_browser=1
  [ "$arg" = "--spark" ] && want_spark=1
done

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

# --spark: what scripts/test-spark.sh needs to run examples/spark/forecast.py: Java (Debian's
# OpenJDK 17 when there is no java) and a Python virtual environment with pyspark from PyPI
# in target/spark-venv.
if [ "$want_spark" = 1 ]; then
  sudo=""; [ "$(id -u)" = 0 ] || sudo="sudo"
  if ! command -v java >/dev/null; then
    step "apt-get install openjdk-17-jre-headless (Debian's, for Spark)"
    $sudo apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq openjdk-17-jre-headless
  fi
  venv=target/spark-venv
  if ! "$venv/bin/python" -c "import pyspark" 2>/dev/null; then
    if ! python3 -c "import ensurepip, venv" 2>/dev/null; then
      step "apt-get install python3-venv (Debian's)"
      $sudo apt-get update -qq
      DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq python3-venv
    fi
    step "python3 -m venv $venv; pip install pyspark 4 (about 30 s)"
    rm -rf "$venv"
    python3 -m venv "$venv"
    "$venv/bin/pip" install -q --disable-pip-version-check "pyspark>=4,<5"
  fi
fi
