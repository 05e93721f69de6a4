"""The billing forecast of a book of contracts on Apache Spark, the same CSV as
`phasebill forecast`.

Each partition of the book (JSON Lines, at any path Hadoop reads: a local file, HDFS, S3, a
directory of files) is piped through the native binary, `phasebill forecast --partial`,
which previews its contracts and writes the partial sums of the partition per currency and
month as JSON lines, amounts as exact decimal strings. Spark adds the partials up as
DecimalType (never double), and the driver writes the table with each currency's minor
digits: byte for byte what `phasebill forecast FILE --from … --to … --as-of …` prints for
the whole book.

    spark-submit --files /path/to/phasebill examples/spark/forecast.py \\
        hdfs:///books/2026.jsonl --from 2026-01-01 --to 2026-12-31 --as-of 2026-06-15 \\
        --output forecast.csv

Invalid contracts do not stop the job: they are listed on standard error (id and first
issue) and the exit status is 1, as natively. See README.md beside this file.
"""

import argparse
import datetime
import json
import shlex
import sys
from decimal import Decimal

from pyspark.sql import SparkSession
from pyspark.sql import functions as F
from pyspark.sql.types import (
    DecimalType,
    IntegerType,
    LongType,
    StringType,
    StructField,
    StructType,
)

COUNTS = ["contracts", "invoices", "creditNotes"]
AMOUNTS = ["charged", "credited", "discounted", "net", "forecastNet", "dueNet"]
COLUMNS = ["currency", "month"] + COUNTS + AMOUNTS

# Every currency has at most 4 minor digits; 34 integer digits hold any book's sums (a
# contract's lines stay below 10^20 major units). Spark's sum of DECIMAL(38, 4) stays
# DECIMAL(38, 4), and with ANSI mode (Spark 4's default) an overflow is an error, never a
# wrong or null number.
MONEY = DecimalType(38, 4)

PARTIAL_SCHEMA = StructType(
    [StructField("currency", StringType()), StructField("month", StringType())]
    + [StructField(c, LongType()) for c in COUNTS]
    # Read as text, cast to DECIMAL exactly: a JSON number would go through a double.
    + [StructField(c, StringType()) for c in AMOUNTS]
    + [StructField("minorDigits", IntegerType())]
)

# Runs the binary; one shipped with --files may have lost its executable bit on the way.
RUNNER = (
    'p="$1"; shift; '
    'if [ ! -x "$p" ]; then t="$(mktemp)" && cp "$p" "$t" && chmod +x "$t" && p="$t"; fi; '
    'exec "$p" "$@"'
)


def parse_args(argv):
    parser = argparse.ArgumentParser(
        description="phasebill forecast of a book of contracts, on Spark"
    )
    parser.add_argument("book", help="the book: JSON Lines, any Hadoop-readable path")
    parser.add_argument("--from", dest="start", required=True, help="YYYY-MM-DD")
    parser.add_argument("--to", dest="end", required=True, help="YYYY-MM-DD, inclusive")
    parser.add_argument(
        "--as-of",
        dest="as_of",
        help="as-of of contracts without one (default: today, UTC, on the driver)",
    )
    parser.add_argument(
        "--phasebill",
        default="./phasebill",
        help="the native binary as executors see it (default ./phasebill, shipped with --files)",
    )
    # Required: spark-submit merges the Python driver's standard error into its standard
    # output, so the CSV cannot share it with the list of invalid contracts.
    parser.add_argument("--output", required=True, help="file on the driver for the CSV")
    parser.add_argument(
        "--partitions", type=int, help="minimum partitions of the book (default: Spark's)"
    )
    parser.add_argument(
        "--jobs",
        type=int,
        default=1,
        help="threads per phasebill process (default 1: Spark runs one task per core)",
    )
    return parser.parse_args(argv)


def money(value, digits):
    """A sum as the native CLI writes it: exactly `digits` decimals, never -0."""
    if value == 0:
        value = Decimal(0)
    text = f"{value:.{digits}f}"
    if Decimal(text) != value:
        raise ValueError(f"{value} has more than {digits} minor digits")
    return text


def main(argv=None):
    args = parse_args(sys.argv[1:] if argv is None else argv)
    # One as-of for every executor, whatever their clocks and time zones.
    as_of = args.as_of or datetime.datetime.now(datetime.timezone.utc).date().isoformat()

    spark = SparkSession.builder.appName("phasebill forecast").getOrCreate()
    sc = spark.sparkContext
    sc.setLogLevel("WARN")
    if args.partitions:
        book = sc.textFile(args.book, args.partitions)
    else:
        book = sc.textFile(args.book)

    command = ["sh", "-c", RUNNER, "phasebill", args.phasebill, "forecast", "-"]
    command += ["--from", args.start, "--to", args.end, "--as-of", as_of]
    command += ["--jobs", str(args.jobs), "--partial"]
    # --partial exits 0 with invalid contracts among its lines: any other status is a failure.
    piped = book.pipe(shlex.join(command), checkCode=True).persist()

    def is_invalid(line):
        return line.startswith('{"invalid"')

    invalid = [json.loads(line)["invalid"] for line in piped.filter(is_invalid).collect()]
    partials = spark.read.schema(PARTIAL_SCHEMA).json(
        piped.filter(lambda line: not is_invalid(line))
    )
    totals = (
        partials.groupBy("currency", "month", "minorDigits")
        .agg(
            *[F.sum(c).alias(c) for c in COUNTS],
            *[F.sum(F.col(c).cast(MONEY)).alias(c) for c in AMOUNTS],
        )
        .orderBy("currency", "month")
        .collect()
    )
    piped.unpersist()

    # One row per currency and month: the table is small, the driver writes it.
    lines = [",".join(COLUMNS)]
    for row in totals:
        cells = [row["currency"], row["month"]] + [str(row[c]) for c in COUNTS]
        cells += [money(row[c], row["minorDigits"]) for c in AMOUNTS]
        lines.append(",".join(cells))
    csv = "\n".join(lines) + "\n"
    with open(args.output, "w", encoding="utf-8", newline="") as out:
        out.write(csv)

    # The native order is the book's line order; a partition knows only its own lines, so
    # here the order is by id.
    invalid.sort(key=lambda entry: (str(entry.get("id")), entry.get("line", 0)))
    for entry in invalid:
        who = f"id {json.dumps(entry['id'])}" if isinstance(entry.get("id"), str) else "no id"
        issue = (entry.get("issues") or [{}])[0]
        path = issue.get("path") or "(schedule)"
        print(
            f"forecast.py: {who}: {path}: {issue.get('message')} [{issue.get('code')}]",
            file=sys.stderr,
        )
    if invalid:
        print(f"forecast.py: {len(invalid)} contracts invalid", file=sys.stderr)
    spark.stop()
    return 1 if invalid else 0


if __name__ == "__main__":
    sys.exit(main())
