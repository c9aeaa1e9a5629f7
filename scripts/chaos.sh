#!/usr/bin/env bash
# A chaos run (docs/reliability.md): a 3-node cluster, two application JVMs publishing and listening, faults
# at random (kill -9, SIGSTOP, partitions, latency, cut connections, application kill -9, leader step-downs,
# a deleted consumer), then a checker reads the whole history and prints its table.
#   scripts/chaos.sh --check DIR   (only check the history of an earlier run)
#   scripts/chaos.sh --minutes N [--seed S] [--listeners plain,serial,ordered,batch (the default)] [--publishers sync,async,after-commit] [--rate 50] [--drain 3m]
# Exits non-zero when a must-be-0 row (lost, stored twice, handled again without cause, reordered, stuck) is not 0.
# Builds the module's test classes (test-compile, nothing is installed), then runs it with java -cp.
# The history (one JSON line per operation), the application and server logs and the table go to --out
# (default windshift-spring-boot-autoconfigure/target/chaos/run-<time>).
set -euo pipefail
cd "$(dirname "$0")/.."
NATS_SERVER_BIN="$(scripts/nats-server.sh)"
export NATS_SERVER_BIN
module=windshift-spring-boot-autoconfigure
./mvnw -B -q -pl "$module" -am test-compile \
  dependency:build-classpath -Dmdep.outputFile=target/chaos-classpath.txt -Dmdep.includeScope=test
classpath="$module/target/test-classes:$module/target/classes:$(cat "$module/target/chaos-classpath.txt")"
args=("$@")
if [[ " $* " != *" --out "* ]]; then
  args+=(--out "$module/target/chaos/run-$(date -u +%Y%m%dT%H%M%S)")
fi
echo "load average before the run: $(cut -d' ' -f1-3 /proc/loadavg)" >&2
# the checker holds the whole history in memory: about 1.5 GB for a 30-minute run
exec java -Xmx${CHAOS_HEAP:-6g} -Dwindshift.nats-server.bin="$NATS_SERVER_BIN" -cp "$classpath" \
  io.windshift.chaos.ChaosRun "${args[@]}"
