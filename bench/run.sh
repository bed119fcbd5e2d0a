#!/usr/bin/env bash
# Runs the benchmark: provisions PostgreSQL+pgvector and a Redis-protocol cache like scripts/test.sh, builds the
# engine and the functions, then runs BenchmarkMain in a JVM of its own. Options go to BenchmarkMain, e.g.
#   bench/run.sh                      # the default workload (100 users, 1000 operations, 100,000 memories)
#   bench/run.sh --quick              # seconds
#   bench/run.sh --skip-original --concurrency 8
#   bench/run.sh --lambda-only        # one request at a time per system, as a Lambda environment sees it (minutes);
#                                     # refuses a machine whose load average stays above 1.0 unless --allow-load
# Results: bench/out/results.json, bench/out/latency.png, bench/out/throughput.png, bench/out/lambda-latency.json.
source "$(dirname "${BASH_SOURCE[0]}")/../scripts/common.sh"
find_jdk
require_maven
DATABASE_URL="$(bash "$PROJECT_ROOT/scripts/provision-postgres.sh")"
REDIS_URL="$(bash "$PROJECT_ROOT/scripts/provision-redis.sh")"
export DATABASE_URL REDIS_URL
log "database server: ${DATABASE_URL%%\?*} (the benchmark uses its own database memory_bench)  cache: $REDIS_URL"
cd "$PROJECT_ROOT"
# The deployment artifact is measured too, so the functions are packaged (and installed for the exec step).
mvn_batch -q -pl bench -am install -DskipTests
mvn_batch -pl bench exec:exec -Dexec.executable="$JAVA_HOME/bin/java" -Dexec.workingdir="$PROJECT_ROOT" \
  -Dexec.args="-Xmx6g --enable-native-access=ALL-UNNAMED -classpath %classpath io.agentmemory.bench.BenchmarkMain $*"
