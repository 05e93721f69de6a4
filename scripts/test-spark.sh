#!/usr/bin/env bash
# The Spark forecast against the native one: examples/spark/forecast.py in local[2] mode on a
# 5,000-contract book must write the CSV of `phasebill forecast` byte for byte, and list the
# same invalid contracts. Sets itself up on a fresh machine (scripts/setup.sh --spark: Java
# when missing, a venv with pyspark from PyPI in target/spark-venv).
set -euo pipefail
cd "$(dirname "$0")/.."
step() { printf '\n\033[1m==> %s\033[0m\n' "$*"; }

bash scripts/setup.sh --spark
cargo build --release --bin phasebill
venv="$PWD/target/spark-venv"
phasebill="$PWD/target/release/phasebill"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

step "spark: a 5,000-contract book, natively and through forecast.py in local[2]"
node scripts/make-book.mjs --count 5000 --seed 20261130 --out "$work/book.jsonl"
window=(--from 2026-01-01 --to 2027-12-31 --as-of 2026-06-15)

status=0
"$phasebill" forecast "$work/book.jsonl" "${window[@]}" >"$work/native.csv" 2>"$work/native.err" || status=$?
if [ "$status" != 1 ]; then
  echo "native forecast: exit $status, expected 1 (the book has invalid contracts)" >&2
  cat "$work/native.err" >&2; exit 1
fi

status=0
PYSPARK_PYTHON="$venv/bin/python" PYSPARK_DRIVER_PYTHON="$venv/bin/python" \
  "$venv/bin/spark-submit" --master 'local[2]' \
  --conf spark.driver.host=127.0.0.1 --conf spark.driver.bindAddress=127.0.0.1 \
  --conf spark.ui.enabled=false \
  examples/spark/forecast.py "$work/book.jsonl" "${window[@]}" \
  --phasebill "$phasebill" --partitions 4 --output "$work/spark.csv" \
  >"$work/spark.log" 2>&1 || status=$?
if [ "$status" != 1 ]; then
  echo "forecast.py: exit $status, expected 1 (the book has invalid contracts)" >&2
  tail -40 "$work/spark.log" >&2; exit 1
fi

passed=0 failed=0
if cmp "$work/native.csv" "$work/spark.csv"; then
  echo "ok: the CSVs are identical ($(wc -l <"$work/native.csv") lines)"; passed=$((passed + 1))
else
  diff "$work/native.csv" "$work/spark.csv" | head -20 >&2
  failed=$((failed + 1))
fi
# The same invalid contracts (ids; the native listing is in line order, Spark's by id).
native_ids=$(grep -o '^phasebill: line [0-9]*, [^:]*' "$work/native.err" | sed 's/^phasebill: line [0-9]*, //' | sort)
spark_ids=$(grep -o '^forecast.py: [^:]*' "$work/spark.log" | sed 's/^forecast.py: //' | grep -v 'contracts invalid' | sort || true)
if [ -n "$native_ids" ] && [ "$native_ids" = "$spark_ids" ]; then
  echo "ok: the same $(echo "$native_ids" | wc -l) invalid contracts listed"; passed=$((passed + 1))
else
  printf 'invalid contracts differ:\nnative:\n%s\nspark:\n%s\n' "$native_ids" "$spark_ids" >&2
  failed=$((failed + 1))
fi
echo "spark: $passed passed, $failed failed"
[ "$failed" = 0 ]
