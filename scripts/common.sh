#!/usr/bin/env bash
# Shared helpers for the project's scripts: finding a JDK, logging, the local services' addresses.
set -euo pipefail

PROJECT_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
STATE_DIR="${MEMORY_STATE_DIR:-$PROJECT_ROOT/.local}"
mkdir -p "$STATE_DIR"

log() { printf '[memory-service] %s\n' "$*" >&2; }
die() { printf '[memory-service] ERROR: %s\n' "$*" >&2; exit 1; }

as_root() {
  if [ "$(id -u)" -eq 0 ]; then "$@"; elif command -v sudo >/dev/null; then sudo "$@"; else die "need root (or sudo) for: $*"; fi
}

java_major() { "$1/bin/java" -XshowSettings:properties -version 2>&1 | awk -F'= ' '/java.specification.version/ {print $2}' | cut -d. -f1; }

# The build needs JDK 21 or newer. The machine's default java may be older, so look beside it too.
find_jdk() {
  local candidates=()
  [ -n "${JAVA_HOME:-}" ] && candidates+=("$JAVA_HOME")
  command -v java >/dev/null && candidates+=("$(dirname "$(dirname "$(readlink -f "$(command -v java)")")")")
  for d in /usr/lib/jvm/* /opt/java/* /opt/jdk*; do [ -x "$d/bin/javac" ] && candidates+=("$d"); done
  local best="" best_major=0 major
  for d in "${candidates[@]}"; do
    [ -x "$d/bin/javac" ] || continue
    major=$(java_major "$d" 2>/dev/null || echo 0)
    if [ "${major:-0}" -ge 21 ] && [ "$major" -gt "$best_major" ]; then best="$d"; best_major=$major; fi
  done
  if [ -z "$best" ]; then
    die "a JDK 21 or newer is required (found none in JAVA_HOME, PATH or /usr/lib/jvm). Install one, e.g. 'apt-get install openjdk-21-jdk-headless' where available, or set JAVA_HOME."
  fi
  export JAVA_HOME="$best"
  export PATH="$JAVA_HOME/bin:$PATH"
  log "using JDK $best_major at $JAVA_HOME"
}

require_maven() {
  command -v mvn >/dev/null || { log "installing Maven"; as_root apt-get install -y -qq maven >/dev/null; }
}

mvn_batch() {
  # -B: no colour codes or progress bars in CI logs.
  mvn -B -ntp "$@"
}
