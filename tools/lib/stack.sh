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
#   jwt-secret     the HS256 secret every service and the CLI share (the gateway passes tokens
#                  through; it reads the key only for the console's development sign-in)
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

# The HTTP/JSON gateway: HTTP/1.1 and HTTP/2 (h2c) for the API and the web console, admin 9106.
GATEWAY_HTTP_ADDR=127.0.0.1:8080
GATEWAY_H2C_ADDR=127.0.0.1:8081
GATEWAY_ADMIN_ADDR=127.0.0.1:9106
# The web console's built files, served by the gateway at / when the directory exists.
CONSOLE_DIR=${CONSOLE_DIR:-$STACK_ROOT/console/dist}

# build_console: installs the console's pinned npm packages (again only when its lock file
# changed) and builds it into console/dist (type check, then Vite). Needs npm.
build_console() {
  (
    cd "$STACK_ROOT/console" || exit
    if [ ! -f node_modules/.package-lock.json ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
      npm ci --no-audit --no-fund --loglevel=error
    fi
    npm run --silent build >/dev/null
  )
}

say() { printf '\033[1m==> %s\033[0m\n' "$*"; }
warn() { printf 'warning: %s\n' "$*" >&2; }
die() {
  printf 'error: %s\n' "$*" >&2
  exit 1
}

# duration SECONDS: "45 s", "3 min 05 s".
duration() {
  if [ "$1" -lt 60 ]; then
    echo "$1 s"
  else
    printf '%d min %02d s\n' $(($1 / 60)) $(($1 % 60))
  fi
}

# phase NAME [DETAIL...]: ends the current phase (printing how long it took) and starts the next
# with the header "NAME DETAIL"; `phase ""` ends the last. PHASE_TIMES collects "NAME duration".
PHASE_NAME=""
PHASE_START=0
PHASE_TIMES=()
phase() {
  if [ -n "$PHASE_NAME" ]; then
    local took=$((SECONDS - PHASE_START))
    PHASE_TIMES+=("$PHASE_NAME $(duration "$took")")
    printf '    %s took %s\n' "$PHASE_NAME" "$(duration "$took")"
  fi
  PHASE_NAME=$1
  PHASE_START=$SECONDS
  if [ -n "$PHASE_NAME" ]; then
    say "$*"
  fi
}

# phase_summary: the phases' times, "Packages 12 s, Build 16 min 40 s, ...".
phase_summary() {
  local joined
  joined=$(IFS=,; echo "${PHASE_TIMES[*]}")
  echo "${joined//,/, }"
}

# Cost of one build step without a compiler cache, in core-seconds: a cold build of everything,
# tests included (417 steps), took 21.5 min on 2 cores.
BUILD_STEP_CORE_SECONDS=6

# build_forecast BUILD_DIR: before the first build in BUILD_DIR (ninja has no log there yet), how
# many steps it has and about how long they take on this machine's cores. Later builds compile
# only what changed, and ninja's [done/total] says how far they are.
build_forecast() {
  local dir=$1 steps cores minutes
  [ ! -f "$dir/.ninja_log" ] || return 0
  steps=$(ninja -C "$dir" -t commands all 2>/dev/null | wc -l) || return 0
  [ "$steps" -gt 0 ] || return 0
  cores=$(nproc)
  minutes=$(((steps * BUILD_STEP_CORE_SECONDS / cores + 59) / 60))
  echo "build: first build, $steps steps on $cores cores: about $minutes min (less for what the" \
    "compiler cache already holds)"
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

# cli_examples DEMO_LOG: the command lines tools/up suggests once the demo data is loaded
# (DEMO_LOG is the loader's output, which names the demo managers), each with what it shows.
# tests/e2e/examples_test.cpp runs every one of them against a stack with the demo data.
cli_examples() {
  local manager from to
  manager=$(grep -m1 -o 'manager: employees/[0-9a-f-]*' "$1" 2>/dev/null | cut -d' ' -f2) || true
  # The demo's contacts are around today, in Samara time (UTC+4).
  from=$(TZ=Europe/Samara date +%Y-%m-%dT00:00:00+04:00)
  to=$(TZ=Europe/Samara date -d '+60 days' +%Y-%m-%dT00:00:00+04:00)
  cat <<EOF
crm --as sales_head clients search --query строй        # clients by a fragment of the name
crm --as sales_head contacts list --page-size 5         # the sales department's contacts
crm --as sales_head report manager --manager ${manager:-employees/<uuid>} --from $from --to $to
crm --as sales_manager report manager                   # one's own contacts and sales this month
crm --as analyst quality queue --page-size 5            # records waiting for an analyst
crm --as accountant documents list --page-size 5        # invoices issued for the sales
crm --as sales_manager stands board --edition "Волга-Строй 2027"  # stands by status, free ones with prices
crm --as sales_manager stands list --edition Волга --status held  # who holds what until when
crm --as admin employees list                           # the staff, their departments and roles
crm -o yaml --as sales_head sales list --page-size 1    # whole responses for scripts (-o json)
crm events tail --from-start --count 5                  # the event stream, decoded to JSON
EOF
}
