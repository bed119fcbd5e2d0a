#!/usr/bin/env bash
# Runs the service on this machine, the way `sam local start-api` would: provisions PostgreSQL+pgvector and a
# Redis-protocol cache, builds the functions, and serves template.yaml's routes on http://127.0.0.1:3000.
#   scripts/run.sh                                  serve the HTTP API
#   scripts/run.sh invoke SearchMemoriesFunction -e events/search-memories.json   invoke one function with an event file
source "$(dirname "${BASH_SOURCE[0]}")/common.sh"
find_jdk
require_maven
DATABASE_URL="$(bash "$PROJECT_ROOT/scripts/provision-postgres.sh")"
REDIS_URL="$(bash "$PROJECT_ROOT/scripts/provision-redis.sh")"
export DATABASE_URL REDIS_URL
cd "$PROJECT_ROOT"
if [ ! -d local ]; then
  log "PostgreSQL ($DATABASE_URL) and the cache ($REDIS_URL) are ready; the local runner is not built yet."
  exit 0
fi
log "building (tests skipped; run scripts/test.sh for those)"
# Maven's output stays out of the way while the build works, and its [ERROR] lines are shown when it does not.
build() {
  local output="$STATE_DIR/build.log"
  if ! mvn_batch -q "$@" >"$output" 2>&1; then
    # The errors themselves, without Maven's advice on re-running that follows them.
    if grep -q '^\[ERROR\]' "$output"; then
      awk '/^\[ERROR\]/ { print } /-> \[Help/ { exit }' "$output" >&2
    else
      tail -n 40 "$output" >&2
    fi
    die "the build failed (Maven's whole output: $output)"
  fi
}
build -DskipTests install -pl local -am
build -pl local dependency:build-classpath -Dmdep.outputFile="$STATE_DIR/local.classpath"
# java directly, not through Maven: arguments keep their quoting and invoke's output stays clean for pipes.
exec "$JAVA_HOME/bin/java" --enable-native-access=ALL-UNNAMED \
  -cp "$PROJECT_ROOT/local/target/classes:$(cat "$STATE_DIR/local.classpath")" io.agentmemory.local.LocalRunner "$@"
