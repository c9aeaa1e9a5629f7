#!/usr/bin/env bash
# Runs the whole test suite against real nats-server processes (installed on first use).
# Extra arguments go to Maven, e.g. scripts/test.sh -pl windshift-spring-boot-autoconfigure -Dtest=HarnessTests
set -euo pipefail
cd "$(dirname "$0")/.."
NATS_SERVER_BIN="$(scripts/nats-server.sh)"
export NATS_SERVER_BIN
exec ./mvnw -B verify "$@"
