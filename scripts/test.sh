#!/usr/bin/env bash
# `npm test`: the whole test suite in one vitest run — unit, integration (real PostgreSQL + the S3
# server), static checks (typecheck, lint) and e2e in Chromium — then one plain line "N passed, M failed".
# It finds or installs what it needs (Debian packages when run as root), starts a throwaway PostgreSQL
# cluster and s3rver on free loopback ports, and stops them at the end.
# Extra arguments go to vitest, e.g. `npm test -- --project unit` or `npm test -- packages/storage`.
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$(pwd)
export NO_COLOR=1 TURBO_TELEMETRY_DISABLED=1 FORCE_COLOR=0
# shellcheck source=lib/system-deps.sh
source scripts/lib/system-deps.sh

BENCH=0
if [ "${1:-}" = "--bench" ]; then BENCH=1; shift; fi

ensure_system_packages
[ -d node_modules/.bin ] || npm ci --no-audit --no-fund

WORK=$(mktemp -d /tmp/ebid-test.XXXXXX)
chmod 755 "$WORK"
PGPID_DIR="$WORK/pg"
S3PID=""
PG_STARTED=0
cleanup() {
  set +e
  if [ -n "$S3PID" ]; then kill "$S3PID" 2>/dev/null; wait "$S3PID" 2>/dev/null; fi
  if [ "$PG_STARTED" = 1 ]; then as_pg "$PGBIN/pg_ctl" -D "$PGPID_DIR" -m immediate -w stop >/dev/null 2>&1; fi
  rm -rf "$WORK"
}
trap cleanup EXIT

free_port() { node -e "const s=require('net').createServer();s.listen(0,'127.0.0.1',()=>{console.log(s.address().port);s.close()})"; }
as_pg() { if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi; }

# --- PostgreSQL (unless the caller gave one)
if [ -z "${DATABASE_URL:-}" ]; then
  PGBIN=$(pg_bin_dir)
  mkdir -p "$PGPID_DIR"
  [ "$(id -u)" = 0 ] && chown postgres:postgres "$PGPID_DIR"
  as_pg "$PGBIN/initdb" -D "$PGPID_DIR" -U postgres --auth=trust -E UTF8 --locale=C.UTF-8 >"$WORK/initdb.log" 2>&1 \
    || { cat "$WORK/initdb.log" >&2; exit 1; }
  PGPORT_T=$(free_port)
  as_pg "$PGBIN/pg_ctl" -D "$PGPID_DIR" -l "$PGPID_DIR/log" -w -t 60 \
    -o "-p $PGPORT_T -k $PGPID_DIR -c listen_addresses=127.0.0.1 -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=300" \
    start >/dev/null
  PG_STARTED=1
  export DATABASE_URL="postgres://postgres@127.0.0.1:$PGPORT_T/postgres"
  echo "[ebid] PostgreSQL $("$PGBIN/postgres" --version | awk '{print $3}') on 127.0.0.1:$PGPORT_T"
fi

# --- S3 API server (unless the caller gave one)
if [ -z "${S3_ENDPOINT:-}" ]; then
  S3PORT=$(free_port)
  node packages/storage/scripts/s3rver.mjs --port "$S3PORT" --dir "$WORK/s3" >"$WORK/s3rver.log" 2>&1 &
  S3PID=$!
  for _ in $(seq 1 100); do grep -q listening "$WORK/s3rver.log" 2>/dev/null && break; sleep 0.1; done
  grep -q listening "$WORK/s3rver.log" || { cat "$WORK/s3rver.log" >&2; echo "[ebid] s3rver did not start" >&2; exit 1; }
  export S3_ENDPOINT="http://127.0.0.1:$S3PORT" S3_ACCESS_KEY=S3RVER S3_SECRET_KEY=S3RVER
  echo "[ebid] s3rver on 127.0.0.1:$S3PORT"
fi

# --- the web app, for the e2e tests
(cd apps/web && ../../node_modules/.bin/vite build --logLevel warn >"$WORK/vite.log" 2>&1 || ./node_modules/.bin/vite build --logLevel warn >"$WORK/vite.log" 2>&1) \
  || { cat "$WORK/vite.log" >&2; echo "[ebid] web build failed" >&2; exit 1; }

REPORT="$WORK/vitest.json"
set +e
if [ "$BENCH" = 1 ]; then
  EBID_BENCH=1 node_modules/.bin/vitest run --project bench --reporter=default --reporter=json --outputFile.json="$REPORT" "$@"
else
  node_modules/.bin/vitest run --reporter=default --reporter=json --outputFile.json="$REPORT" "$@"
fi
STATUS=$?
set -e
node scripts/summarize-tests.mjs "$REPORT" || STATUS=1
exit $STATUS
