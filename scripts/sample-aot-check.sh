#!/usr/bin/env bash
# Starts the sample orders service as built with Spring AOT (process-aot), on the JVM with
# -Dspring.aot.enabled=true, against its own dev nats-server, and checks that the whole flow runs: publish,
# the listeners (typed, class-level, Event<Message>, manual retry), a dead letter, a delayed payment reminder, a
# cancellation published after its transaction committed (H2), and trace ids in the listeners' log lines.
# Prints the startup time and resident memory. Exits non-zero when a step of the flow is missing.
#   --no-build   use the jar already built
#   --compare    also start it without AOT and print both (startup time, RSS)
set -euo pipefail
cd "$(dirname "$0")/.."
build=1; compare=0
for arg in "$@"; do
  case "$arg" in
    --no-build) build=0 ;;
    --compare) compare=1 ;;
    *) echo "unknown argument: $arg" >&2; exit 2 ;;
  esac
done
NATS_SERVER_BIN="$(scripts/nats-server.sh)"
if [ "$build" = 1 ]; then
  ./mvnw -B -q -pl windshift-spring-sample -am package -DskipTests
fi
jar=windshift-spring-sample/target/windshift-spring-sample-0.1.0-SNAPSHOT.jar
[ -f "$jar" ] || { echo "no $jar: build it first" >&2; exit 1; }

free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }

# the flow: what the sample logs when each step has happened (see OrderListeners and OrderProjector)
steps=(
  "publishing demo orders"
  "processing order 1001"
  "order 1001 shipped"
  "payment for order 1002 retried"
  "dead letter from orders"
  "audit: orders"
  "projected order 1001 placed"
  "projected order 1001 shipped"
  "order 1002 cancelled: payment failed"
  "second cancellation of order 1002 rolled back"
  "payment reminder for order 1001"
)

run() { # $1 = aot true/false; prints "seconds rss_kb" on success
  local aot=$1 log pid started=0 rss=0 deadline
  log=$(mktemp)
  java -Dspring.aot.enabled="$aot" -jar "$jar" --server.port=0 \
    --windshift.nats.servers="nats://127.0.0.1:$(free_port)" \
    --windshift.dev-server.binary="$NATS_SERVER_BIN" >"$log" 2>&1 &
  pid=$!
  deadline=$((SECONDS + 90))
  local missing=("${steps[@]}")
  while [ $SECONDS -lt $deadline ]; do
    kill -0 "$pid" 2>/dev/null || { echo "the sample exited early (aot=$aot):" >&2; tail -40 "$log" >&2; return 1; }
    local still=()
    for step in "${missing[@]}"; do grep -qF "$step" "$log" || still+=("$step"); done
    missing=("${still[@]+"${still[@]}"}")
    [ ${#missing[@]} -eq 0 ] && break
    sleep 1  # polling a log file written by another process
  done
  rss=$(awk '/VmRSS/ {print $2}' "/proc/$pid/status" 2>/dev/null || echo 0)
  started=$(grep -oE 'Started OrdersApplication in [0-9.]+ seconds' "$log" | grep -oE '[0-9.]+' | head -n1 || true)
  kill "$pid" 2>/dev/null; wait "$pid" 2>/dev/null || true
  if [ ${#missing[@]} -ne 0 ]; then
    echo "missing from the flow (aot=$aot): ${missing[*]}" >&2; tail -40 "$log" >&2; return 1
  fi
  if [ "$aot" = true ] && ! grep -q 'Starting AOT-processed OrdersApplication' "$log"; then
    echo "the sample did not run AOT-processed" >&2; return 1
  fi
  # listener log lines carry the trace id and span id of the publish that caused them
  if ! grep -E 'processing order 1001' "$log" | grep -qE '\[[0-9a-f]{32}-[0-9a-f]{16}\]'; then
    echo "no trace ids in the listener's log line (aot=$aot):" >&2; grep 'processing order' "$log" >&2; return 1
  fi
  rm -f "$log"
  echo "${started:-?} $rss"
}

aot=$(run true)
echo "AOT-processed sample: whole flow ran; started in ${aot% *} s, RSS $(( ${aot#* } / 1024 )) MiB"
if [ "$compare" = 1 ]; then
  plain=$(run false)
  echo "plain sample:         whole flow ran; started in ${plain% *} s, RSS $(( ${plain#* } / 1024 )) MiB"
fi
