#!/usr/bin/env bash
# A diagnostic, not part of the benchmark set: messages, bytes, server CPU and system calls per consumed event for
# raw jnats consume and the starter's listeners (io.windshift.benchmarks.MessageCounts; see docs/benchmarks.md,
# "Messages per consumed event"). Options: --events N (default 50000), --rounds N (default 3). About 2 minutes.
set -euo pipefail
cd "$(dirname "$0")/.."
NATS_SERVER_BIN="$(scripts/nats-server.sh)"
export NATS_SERVER_BIN
./mvnw -B -q -pl windshift-benchmarks -am package -DskipTests \
  dependency:build-classpath -Dmdep.outputFile=target/classpath.txt -Dmdep.includeScope=runtime
classpath="windshift-benchmarks/target/classes:$(cat windshift-benchmarks/target/classpath.txt)"
echo "load average before the run: $(cut -d' ' -f1-3 /proc/loadavg)" >&2
exec java -Xmx1g -Dwindshift.nats-server.bin="$NATS_SERVER_BIN" -cp "$classpath" \
  io.windshift.benchmarks.MessageCounts "$@"
