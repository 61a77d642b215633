#!/usr/bin/env bash
# Builds the benchmarks jar and runs the suite: `benchmarks/run.sh` for the quick profile (the
# 10-million-serial points the budgets need, about 25 minutes on 2 cores), `benchmarks/run.sh
# full` for every size with more iterations. Writes JMH JSON to benchmarks/target/jmh/ and
# prints a table of scores and the budget ratios, then the footprint report.
set -euo pipefail
cd "$(dirname "$0")/.."

profile="${1:-quick}"
case "$profile" in
  quick|full) ;;
  *) echo "usage: benchmarks/run.sh [quick|full]" >&2; exit 2 ;;
esac

mvn -B -q -pl benchmarks -am package -DskipTests
jar=benchmarks/target/benchmarks.jar

java -cp "$jar" dev.certstatus.benchmarks.BenchmarkReport "$profile" benchmarks/target/jmh

echo
echo "Footprint (heap in use after full GCs, serial collector so that no region rounding counts):"
java -XX:+UseSerialGC -Xmx8g -cp "$jar" dev.certstatus.benchmarks.FootprintReport 1000000,10000000
