#!/usr/bin/env bash
# Builds the project and runs the sample orders service. The sample's dev server starts a local
# nats-server (provisioned by scripts/nats-server.sh) when none answers on 127.0.0.1:4222.
# Extra arguments go to the application, e.g. --server.port=8081
set -euo pipefail
cd "$(dirname "$0")/.."
NATS_SERVER_BIN="$(scripts/nats-server.sh)"
export NATS_SERVER_BIN
./mvnw -B -q -DskipTests -Dmaven.javadoc.skip=true -Dmaven.source.skip=true install
exec java -jar windshift-spring-sample/target/windshift-spring-sample-0.1.0-SNAPSHOT.jar \
  --windshift.dev-server.binary="$NATS_SERVER_BIN" "$@"
