#!/usr/bin/env bash
# The whole test suite: provisions PostgreSQL+pgvector and a Redis-protocol cache, then runs every module's
# tests against them. Tests create their own database and Redis logical database and remove them at exit.
source "$(dirname "${BASH_SOURCE[0]}")/common.sh"
find_jdk
require_maven
DATABASE_URL="$(bash "$PROJECT_ROOT/scripts/provision-postgres.sh")"
REDIS_URL="$(bash "$PROJECT_ROOT/scripts/provision-redis.sh")"
export DATABASE_URL REDIS_URL
log "database: ${DATABASE_URL%%\?*}  cache: $REDIS_URL"
cd "$PROJECT_ROOT"
mvn_batch verify "$@"
