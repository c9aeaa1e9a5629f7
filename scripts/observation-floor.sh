#!/usr/bin/env bash
# Measures what one traced event costs without NATS, on one thread, in the traced starter's own Spring context:
# a span written by hand with the OpenTelemetry API, a bare Micrometer observation with the same key values, and
# the starter's observation (io.windshift.benchmarks.ObservationFloor; see docs/benchmarks.md). About a minute.
# Arguments: [operations per round, default 200000] [rounds, default 5].
set -euo pipefail
cd "$(dirname "$0")/.."
NATS_SERVER_BIN="$(scripts/nats-server.sh)"
export NATS_SERVER_BIN
./mvnw -B -q -pl windshift-benchmarks -am package -DskipTests \
  dependency:build-classpath -Dmdep.outputFile=target/classpath.txt -Dmdep.includeScope=runtime
classpath="windshift-benchmarks/target/classes:$(cat windshift-benchmarks/target/classpath.txt)"
exec java -Xmx1g -Dwindshift.nats-server.bin="$NATS_SERVER_BIN" -cp "$classpath" \
  io.windshift.benchmarks.ObservationFloor "$@"
