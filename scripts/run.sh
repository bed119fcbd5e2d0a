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
mvn_batch -q -DskipTests install -pl local -am >/dev/null
mvn_batch -q -pl local dependency:build-classpath -Dmdep.outputFile="$STATE_DIR/local.classpath" >/dev/null
# java directly, not through Maven: arguments keep their quoting and invoke's output stays clean for pipes.
exec "$JAVA_HOME/bin/java" --enable-native-access=ALL-UNNAMED \
  -cp "$PROJECT_ROOT/local/target/classes:$(cat "$STATE_DIR/local.classpath")" io.agentmemory.local.LocalRunner "$@"
