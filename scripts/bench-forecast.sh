#!/usr/bin/env bash
# Throughput of `phasebill forecast` (not a test): contracts per second, wall clock and per
# core, on Acme-size contracts (example A: 13 invoices each) and on the mixed book of
# scripts/make-book.mjs, with 1 job and with every core; then a 1,000,000-contract mixed
# book with every core. Books are generated once into target/bench-books/.
#
#   bash scripts/bench-forecast.sh [COUNT]     (COUNT per book, default 200000)
#   BIG=0 bash scripts/bench-forecast.sh       (skip the 1,000,000-contract book)
#
# "per core" divides by the CPU time the process used (user + system), which stays
# meaningful on a shared machine; "wall" is contracts / elapsed seconds.
set -euo pipefail
cd "$(dirname "$0")/.."
count=${1:-200000}
cargo build --release --bin phasebill
bin=target/release/phasebill
dir=target/bench-books
mkdir -p "$dir"
cores=$(nproc)
window=(--from 2026-01-01 --to 2027-12-31 --as-of 2026-06-15)

make_book() { # NAME COUNT SHAPE
  local file="$dir/$1.jsonl"
  [ -s "$file" ] || node scripts/make-book.mjs --count "$2" --shape "$3" --seed 1 --out "$file"
  echo "$file"
}

run() { # FILE COUNT JOBS LABEL
  local elapsed user sys rss
  /usr/bin/time -o "$dir/time.txt" -f "%e %U %S %M" "$bin" forecast "$1" "${window[@]}" --jobs "$3" >/dev/null 2>&1 || true
  # (GNU time writes "Command exited with non-zero status 1" first: the book has invalid lines)
  read -r elapsed user sys rss < <(tail -1 "$dir/time.txt")
  awk -v label="$4" -v n="$2" -v jobs="$3" -v e="$elapsed" -v u="$user" -v s="$sys" -v rss="$rss" 'BEGIN {
    cpu = u + s; if (cpu <= 0) cpu = 0.001; if (e <= 0) e = 0.001
    printf "%-28s jobs %-2d %9d contracts  %7.2f s  wall %8.0f/s  per core %8.0f/s  cpu %6.2f s  max RSS %6.1f MB\n",
      label, jobs, n, e, n / e, n / cpu, cpu, rss / 1024 }'
}

echo "machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ *//'), load average $(cut -d' ' -f1-3 /proc/loadavg)"
acme=$(make_book "acme-$count" "$count" acme)
mixed=$(make_book "mixed-$count" "$count" mixed)
for jobs in 1 "$cores"; do
  run "$acme" "$count" "$jobs" "Acme-size"
  run "$mixed" "$count" "$jobs" "mixed book"
done
if [ "${BIG:-1}" != 0 ]; then
  big=$(make_book "mixed-1000000" 1000000 mixed)
  run "$big" 1000000 "$cores" "mixed book, 1,000,000"
fi
echo "load average after: $(cut -d' ' -f1-3 /proc/loadavg)"
