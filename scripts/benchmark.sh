#!/usr/bin/env bash
# Runs the full benchmark set (starter against raw jnats on the same nats-server, see docs/benchmarks.md) and
# writes docs/benchmarks.json and the results table in docs/benchmarks.md. Takes under 10 minutes on 2 cores.
# Extra arguments go to the harness: --cluster (3-node cluster, replicas 3), --rounds N, --smoke (tiny, ~30 s).
# Builds the module and what it depends on (package only, nothing is installed), then runs it with java -cp.
# --profile DIR records each measured round of each side with JFR (one file per round and side).
# BENCH_JAVA_OPTS adds JVM options to the benchmark's JVM, e.g. to profile a part with JFR:
#   BENCH_JAVA_OPTS=-XX:StartFlightRecording=filename=/tmp/bench.jfr,settings=profile \
#     scripts/benchmark.sh --only consume --rounds 2 --out /tmp/bench
set -euo pipefail
cd "$(dirname "$0")/.."
NATS_SERVER_BIN="$(scripts/nats-server.sh)"
export NATS_SERVER_BIN
./mvnw -B -q -pl windshift-benchmarks -am package -DskipTests \
  dependency:build-classpath -Dmdep.outputFile=target/classpath.txt -Dmdep.includeScope=runtime
classpath="windshift-benchmarks/target/classes:$(cat windshift-benchmarks/target/classpath.txt)"
out=docs
doc=(--doc docs/benchmarks.md)
for arg in "$@"; do  # partial runs do not replace the published results
  case "$arg" in --smoke|--only|--cluster|--profile) out=windshift-benchmarks/target/benchmarks; doc=() ;; esac
done
echo "load average before the run: $(cut -d' ' -f1-3 /proc/loadavg)" >&2
# shellcheck disable=SC2086 # BENCH_JAVA_OPTS is a list of options
exec java -Xmx1g ${BENCH_JAVA_OPTS:-} -Dwindshift.nats-server.bin="$NATS_SERVER_BIN" -cp "$classpath" \
  io.windshift.benchmarks.WindshiftBenchmarks --out "$out" "${doc[@]}" --command "scripts/benchmark.sh${*:+ $*}" "$@"
