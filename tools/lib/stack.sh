# shellcheck shell=bash disable=SC2034  # the layout variables are used by tools/up and tools/down
# Shell helpers of the local stack (tools/up, tools/down). Source it; it defines functions and the
# layout under .local/ only, and starts nothing by itself.
#
# Layout (all under the repository's .local/, which git ignores):
#   pg/            PostgreSQL cluster (port 55432)
#   nats/          JetStream storage
#   run/           pid files; run/pg is PostgreSQL's socket directory
#   log/           one log per process
#   exchange/      accounting's export packages for 1C
#   jwt-secret     the HS256 secret every service and the CLI share
#   env            variables for a shell that uses the `crm` command line

STACK_ROOT=${STACK_ROOT:-$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)}
LOCAL_DIR="$STACK_ROOT/.local"
RUN_DIR="$LOCAL_DIR/run"
LOG_DIR="$LOCAL_DIR/log"
PG_DATA="$LOCAL_DIR/pg"
PG_SOCKET_DIR="$RUN_DIR/pg"
PG_PORT=55432
PG_URL_BASE="postgresql://postgres@127.0.0.1:$PG_PORT"
NATS_PORT=54222
NATS_MONITOR_PORT=58222
NATS_URL="nats://127.0.0.1:$NATS_PORT"
NATS_DIR="$LOCAL_DIR/nats"
EXCHANGE_DIR="$LOCAL_DIR/exchange"
JWT_SECRET_FILE="$LOCAL_DIR/jwt-secret"
# The `aud` the services require and the crm tools mint tokens for.
JWT_AUDIENCE=expo-crm
ENV_FILE="$LOCAL_DIR/env"
BIN_DIR="$STACK_ROOT/build/bin"

# The services in start order, with their port digit: gRPC 5005N, admin 910N.
SERVICES=(registry planning documents accounting analytics)

say() { printf '\033[1m==> %s\033[0m\n' "$*"; }
warn() { printf 'warning: %s\n' "$*" >&2; }
die() {
  printf 'error: %s\n' "$*" >&2
  exit 1
}

# service_index NAME: 1-based position in SERVICES (the last digit of its ports).
service_index() {
  local i
  for i in "${!SERVICES[@]}"; do
    if [ "${SERVICES[$i]}" = "$1" ]; then
      echo $((i + 1))
      return 0
    fi
  done
  return 1
}
grpc_addr() { echo "127.0.0.1:$((50050 + $(service_index "$1")))"; }
admin_addr() { echo "127.0.0.1:$((9100 + $(service_index "$1")))"; }

# as_pg_user CMD...: PostgreSQL refuses to run as root, so when we are root the server tools run
# as the `postgres` system user the Debian package creates.
as_pg_user() {
  if [ "$(id -u)" -eq 0 ]; then
    runuser -u postgres -- "$@"
  else
    "$@"
  fi
}

# pg_bin_dir: where initdb and pg_ctl live (Debian keeps them off PATH, per major version).
pg_bin_dir() {
  local dir
  dir=$(printf '%s\n' /usr/lib/postgresql/*/bin | sort -V | tail -n 1)
  if [ -n "$dir" ] && [ -x "$dir/initdb" ]; then
    echo "$dir"
    return 0
  fi
  if command -v initdb >/dev/null 2>&1; then
    dirname "$(command -v initdb)"
    return 0
  fi
  return 1
}

# pid_alive PIDFILE PATTERN: true when the pid file names a live process whose command line
# contains PATTERN (so a recycled pid of an unrelated process does not count).
pid_alive() {
  local pidfile=$1 pattern=$2 pid
  [ -s "$pidfile" ] || return 1
  pid=$(cat "$pidfile")
  [ -n "$pid" ] && kill -0 "$pid" 2>/dev/null || return 1
  tr '\0' ' ' <"/proc/$pid/cmdline" 2>/dev/null | grep -qF -- "$pattern"
}

# start_bg NAME CMD...: runs CMD in the background with its output in $LOG_DIR/NAME.log and its
# pid in $RUN_DIR/NAME.pid, unless the pid file already names a live NAME process. Environment
# for CMD goes in front of it as `env VAR=value ...`.
start_bg() {
  local name=$1
  shift
  local pidfile="$RUN_DIR/$name.pid" log="$LOG_DIR/$name.log"
  mkdir -p "$RUN_DIR" "$LOG_DIR"
  if pid_alive "$pidfile" "$name"; then
    echo "$name: already running (pid $(cat "$pidfile"))"
    return 0
  fi
  # setsid: the process outlives this shell and a Ctrl-C in the terminal that ran tools/up.
  nohup setsid "$@" >>"$log" 2>&1 </dev/null &
  echo $! >"$pidfile"
  echo "$name: started (pid $!, log ${log#"$STACK_ROOT"/})"
}

# log_tail NAME: the end of a process's log, for a failure message.
log_tail() {
  local log="$LOG_DIR/$1.log"
  if [ -f "$log" ]; then
    echo "---- last lines of ${log#"$STACK_ROOT"/} ----" >&2
    tail -n 40 "$log" >&2
    echo "----" >&2
  fi
}

# wait_ready NAME URL [SECONDS]: waits until URL answers 2xx (default 30 s). On failure, or when
# the process died meanwhile, prints the log tail and returns 1.
wait_ready() {
  local name=$1 url=$2 seconds=${3:-30} pidfile="$RUN_DIR/$1.pid" waited=0
  while ! curl -fsS -o /dev/null --max-time 2 "$url" 2>/dev/null; do
    if [ -f "$pidfile" ] && ! pid_alive "$pidfile" "$name"; then
      echo "$name: exited during start-up" >&2
      log_tail "$name"
      return 1
    fi
    if [ "$waited" -ge $((seconds * 5)) ]; then
      echo "$name: not ready at $url after ${seconds}s" >&2
      log_tail "$name"
      return 1
    fi
    sleep 0.2
    waited=$((waited + 1))
  done
  echo "$name: ready"
}

# stop_bg NAME... : SIGTERM to the process of each $RUN_DIR/NAME.pid at once (they drain in
# parallel), then waits up to STOP_SECONDS (default 20) for each to exit before SIGKILL. Only ever
# the pids we recorded, never processes found by name.
stop_bg() {
  local name pid waited i
  local -a names=() pids=()
  for name in "$@"; do
    if pid_alive "$RUN_DIR/$name.pid" "$name"; then
      pid=$(cat "$RUN_DIR/$name.pid")
      kill -TERM "$pid" 2>/dev/null || true
      names+=("$name")
      pids+=("$pid")
    else
      rm -f "$RUN_DIR/$name.pid"
    fi
  done
  for i in "${!pids[@]}"; do
    name=${names[$i]}
    pid=${pids[$i]}
    waited=0
    while kill -0 "$pid" 2>/dev/null; do
      if [ "$waited" -ge $((${STOP_SECONDS:-20} * 10)) ]; then
        warn "$name (pid $pid) did not stop in ${STOP_SECONDS:-20}s; killing it"
        kill -KILL "$pid" 2>/dev/null || true
        break
      fi
      sleep 0.1
      waited=$((waited + 1))
    done
    rm -f "$RUN_DIR/$name.pid"
    echo "$name: stopped"
  done
}

# pg_running: whether the cluster in $PG_DATA is up.
pg_running() {
  local bin
  [ -f "$PG_DATA/PG_VERSION" ] || return 1
  bin=$(pg_bin_dir) || return 1
  as_pg_user "$bin/pg_ctl" -D "$PG_DATA" status >/dev/null 2>&1
}
