#!/usr/bin/env bash
# The HTTP responder against `openssl ocsp` on the same data, the same responder key and the same
# request, driven by the same load generator (see BENCHMARKS.md, "HTTP responder vs openssl ocsp").
#
#   benchmarks/http-vs-openssl.sh
#
# Builds benchmarks.jar and ocsp-server.jar, writes the CA files into a temporary folder
# (HttpBenchFiles), then for each round runs every server in turn on a free port, waits until it
# answers, drives it with HttpLoad (a new connection per request, as `openssl ocsp` closes every
# connection), stops it, and prints one table: requests/s per round, the median, the ratio of the
# median to `openssl ocsp`'s, and the CPU per response of the server (its process group, warm-up
# included) and of the load generator. The two certstatus servers are also driven over kept-alive
# HTTP/1.1 connections (rows `...-keepalive`), which `openssl ocsp` cannot serve.
#
# Settings (environment): CONCURRENCY (16), WARMUP (60000 requests: the JVM's JIT needs tens of
# thousands of requests to reach its steady state, a responder's state in service; every server
# gets the same warm-up), REQUESTS (30000 measured),
# ROUNDS (3; the servers take turns within a round, so a noisy minute hurts all of them),
# SERVER_JAVA_OPTS (extra JVM flags for certstatus, e.g. a JFR recording), KEEP (1: keep the
# folder with the files and the servers' logs).
set -euo pipefail
cd "$(dirname "$0")/.."

CONCURRENCY="${CONCURRENCY:-16}"
WARMUP="${WARMUP:-60000}"
REQUESTS="${REQUESTS:-30000}"
ROUNDS="${ROUNDS:-3}"
SERVER_JAVA_OPTS="${SERVER_JAVA_OPTS:-}"

# (Maven's quiet mode still prints colour resets; errors come through.)
mvn -B -q -pl benchmarks,ocsp-server -am package -DskipTests 2>&1 | sed 's/\x1b\[[0-9;]*m//g'
bench="$PWD/benchmarks/target/benchmarks.jar"
server="$PWD/ocsp-server/target/ocsp-server.jar"

work="$(mktemp -d "${TMPDIR:-/tmp}/certstatus-http-bench.XXXXXX")"
pid=""
load_pid=""
stop_server() {
  if [ -n "$pid" ]; then
    # Each server runs in a process group of its own (setsid, or openssl -multi's own).
    kill -TERM -- "-$pid" 2>/dev/null || kill -TERM "$pid" 2>/dev/null || true
    for _ in $(seq 50); do
      kill -0 "$pid" 2>/dev/null || break
      sleep 0.1
    done
    kill -KILL -- "-$pid" 2>/dev/null || true
    wait "$pid" 2>/dev/null || true
    pid=""
  fi
}
cleanup() {
  if [ -n "$load_pid" ]; then
    kill "$load_pid" 2>/dev/null || true
  fi
  stop_server
  if [ "${KEEP:-0}" = 1 ]; then
    echo "files and logs kept in $work"
  else
    rm -rf "$work"
  fi
}
trap cleanup EXIT
trap 'exit 130' INT TERM

load() { cut -d' ' -f1 /proc/loadavg; }

# CPU time (clock ticks, user + system) of every process in process group $1: the server and,
# with -multi, its workers.
group_cpu_ticks() {
  cat /proc/[0-9]*/stat 2>/dev/null | awk -v g="$1" '$5 == g { t += $14 + $15 } END { print t + 0 }'
}
hz="$(getconf CLK_TCK)"

echo "date: $(date -u '+%Y-%m-%d %H:%M:%S UTC')"
echo "machine: $(nproc) cores, $(uname -sr); uptime:$(uptime | sed 's/.*up/ up/')"
echo "java: $(java -version 2>&1 | head -1)"
echo "openssl: $(openssl version)"
echo "load: concurrency $CONCURRENCY, a new connection per request, $WARMUP warm-up then" \
  "$REQUESTS measured requests, $ROUNDS round(s)"

java -cp "$bench" dev.certstatus.benchmarks.HttpBenchFiles "$work" >/dev/null

# True if something listens on TCP port $1. Read from /proc rather than by connecting: the
# single-process `openssl ocsp` serves one connection at a time and hangs on an empty probe.
listening() {
  local hex
  hex="$(printf '%04X' "$1")"
  awk -v h="$hex" '$4 == "0A" { split($2, a, ":"); if (a[2] == h) found = 1 }
    END { exit !found }' /proc/net/tcp /proc/net/tcp6 2>/dev/null
}

free_port() {
  local p
  while :; do
    # Below the ephemeral range (32768 and up), where a client connection may hold the port.
    p=$((20000 + RANDOM % 12000))
    if ! listening "$p"; then
      echo "$p"
      return
    fi
  done
}

run_load() { # URL WARMUP REQUESTS OUTPUT-FILE [--keep-alive]
  # In the background and waited for: a signal then stops the script at once, not after the run.
  java -XX:+UseSerialGC -cp "$bench" dev.certstatus.benchmarks.HttpLoad "$1" "$work/req.der" \
    --concurrency "$CONCURRENCY" --warmup "$2" --requests "$3" ${5:-} >"$4" &
  load_pid=$!
  local rc=0
  wait "$load_pid" || rc=$?
  load_pid=""
  return "$rc"
}

start_server() { # NAME PORT -> sets pid
  local name="$1" port="$2"
  case "$name" in
    certstatus-*)
      local config="${name#certstatus-}"
      config="${config%-keepalive}.yaml"
      # shellcheck disable=SC2086
      (cd "$work" && exec setsid java $SERVER_JAVA_OPTS \
        -Dorg.slf4j.simpleLogger.log.dev.certstatus.server.access=warn \
        -jar "$server" serve --config "$config" --port "$port") \
        >"$work/$name.log" 2>&1 &
      ;;
    openssl)
      (cd "$work" && exec setsid openssl ocsp -index index.txt -port "$port" -rsigner ocsp.pem \
        -rkey ocsp.key -CA ca.pem -nmin 60) >"$work/$name.log" 2>&1 &
      ;;
    openssl-multi2)
      # Not through setsid: with -multi, openssl makes its own process group (and exits if it
      # cannot, as a session leader cannot), then forks the workers and stops them on SIGTERM.
      (cd "$work" && exec openssl ocsp -index index.txt -port "$port" -rsigner ocsp.pem \
        -rkey ocsp.key -CA ca.pem -nmin 60 -multi 2) >"$work/$name.log" 2>&1 &
      ;;
  esac
  pid=$!
  for _ in $(seq 300); do
    if listening "$port"; then
      return 0
    fi
    if ! kill -0 "$pid" 2>/dev/null; then
      break
    fi
    sleep 0.1
  done
  echo "$name did not start listening on port $port:" >&2
  cat "$work/$name.log" >&2
  exit 1
}

servers=(certstatus-sign certstatus-cache openssl openssl-multi2 certstatus-sign-keepalive
  certstatus-cache-keepalive)
declare -A rps cpu scpu loads
for round in $(seq "$ROUNDS"); do
  for name in "${servers[@]}"; do
    port="$(free_port)"
    start_server "$name" "$port"
    url="http://127.0.0.1:$port/"
    # One request first: the server must answer correctly before it is measured.
    if ! run_load "$url" 0 1 "$work/probe.out"; then
      echo "$name does not answer correctly at $url; its log:" >&2
      cat "$work/$name.log" >&2
      exit 1
    fi
    before="$(load)"
    ticks="$(group_cpu_ticks "$pid")"
    flags=""
    [[ "$name" == *-keepalive ]] && flags="--keep-alive"
    if ! run_load "$url" "$WARMUP" "$REQUESTS" "$work/load.out" "$flags"; then
      echo "$name: REQUESTS FAILED (see above): $(cat "$work/load.out")" >&2
      exit 1
    fi
    line="$(cat "$work/load.out")"
    ticks=$(( $(group_cpu_ticks "$pid") - ticks ))
    stop_server
    # Over the warm-up and the measured requests together (the server cannot tell them apart).
    s_cpu="$(awk -v t="$ticks" -v hz="$hz" -v n=$((WARMUP + REQUESTS)) \
      'BEGIN { printf "%.1f", t / hz * 1e6 / n }')"
    r="$(sed -n 's/.* requests_per_s=\([0-9.]*\).*/\1/p' <<<"$line")"
    c="$(sed -n 's/.* client_cpu_us_per_response=\([0-9.]*\).*/\1/p' <<<"$line")"
    echo "round $round $name: $line server_cpu_us_per_response=$s_cpu load=$before" >&2
    rps[$name]="${rps[$name]:-} $r"
    cpu[$name]="${cpu[$name]:-} $c"
    scpu[$name]="${scpu[$name]:-} $s_cpu"
    loads[$name]="${loads[$name]:-} $before"
    sleep 1
  done
done

median() { tr ' ' '\n' | grep -v '^$' | sort -g | awk '{a[NR]=$1} END {
  if (NR % 2) print a[(NR + 1) / 2]; else print (a[NR / 2] + a[NR / 2 + 1]) / 2 }'; }

base="$(median <<<"${rps[openssl]}")"
echo
echo "| server | requests/s per round | median | vs openssl ocsp | server CPU, us/response | load generator CPU, us/response | load average (1 min) at start |"
echo "| --- | --- | ---: | ---: | ---: | ---: | --- |"
for name in "${servers[@]}"; do
  m="$(median <<<"${rps[$name]}")"
  printf '| %s | %s | %.0f | %.2f | %.0f | %.0f | %s |\n' "$name" \
    "$(tr ' ' '\n' <<<"${rps[$name]}" | grep -v '^$' | xargs printf '%.0f ' | sed 's/ $//')" \
    "$m" "$(awk -v a="$m" -v b="$base" 'BEGIN { print a / b }')" \
    "$(median <<<"${scpu[$name]}")" "$(median <<<"${cpu[$name]}")" "$(sed 's/^ //' <<<"${loads[$name]}")"
done
echo
echo "uptime at the end:$(uptime | sed 's/.*up/ up/')"
