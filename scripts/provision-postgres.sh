#!/usr/bin/env bash
# Makes a PostgreSQL server with the pgvector extension (>= 0.7) available and prints its admin URL.
#   DATABASE_URL set      -> used as is (the server must already have pgvector available).
#   local server on 5432  -> pgvector is built from Debian's source package against its headers if missing.
#   nothing running       -> a project-local cluster is initialised under .local/ and started on port 5433.
source "$(dirname "${BASH_SOURCE[0]}")/common.sh"

PG_MIN_VECTOR="0.7"

if [ -n "${DATABASE_URL:-}" ]; then
  log "using DATABASE_URL from the environment"
  echo "$DATABASE_URL"
  exit 0
fi

pg_bin_dir() {
  local v
  v=$(ls /usr/lib/postgresql 2>/dev/null | sort -n | tail -1)
  [ -n "$v" ] || return 1
  echo "/usr/lib/postgresql/$v/bin"
}

ensure_server_packages() {
  if ! pg_bin_dir >/dev/null; then
    log "installing PostgreSQL server packages"
    as_root apt-get update -qq
    as_root apt-get install -y -qq postgresql >/dev/null
  fi
}

vector_available() { # $1 = bin dir
  local sharedir; sharedir=$("$1/pg_config" --sharedir 2>/dev/null || true)
  [ -n "$sharedir" ] && [ -f "$sharedir/extension/vector.control" ]
}

# Debian bookworm has no pgvector package; a newer suite ships its source. We read the mirror from the
# machine's own apt configuration, add that suite as a deb-src-only entry, and build against our server.
build_pgvector() {
  local bindir="$1" major; major=$(basename "$(dirname "$bindir")")
  log "building pgvector from Debian's source package for PostgreSQL $major"
  local mirror
  # Either file may be absent on a given machine; a missing one must not end the script (pipefail).
  mirror=$( { cat /etc/apt/sources.list /etc/apt/sources.list.d/*.list /etc/apt/sources.list.d/*.sources 2>/dev/null || true; } \
    | grep -oE '^(URIs:|deb(-src)?) +[^ ]+' | awk '{print $2}' | grep -E '/debian/?$' | head -1 || true)
  [ -n "$mirror" ] || die "no Debian mirror found in the apt configuration"
  local keyring=/usr/share/keyrings/debian-archive-keyring.gpg
  local src=/etc/apt/sources.list.d/memory-service-pgvector-src.sources
  if [ ! -f "$src" ]; then
    as_root tee "$src" >/dev/null <<SRC
Types: deb-src
URIs: $mirror
Suites: trixie
Components: main
Signed-By: $keyring
SRC
  fi
  as_root apt-get update -qq
  as_root apt-get install -y -qq dpkg-dev build-essential "postgresql-server-dev-$major" >/dev/null
  local work="$STATE_DIR/pgvector-build"
  rm -rf "$work"; mkdir -p "$work"
  (cd "$work" && apt-get source -qq pgvector >/dev/null 2>&1) || die "apt-get source pgvector failed"
  local dir; dir=$(find "$work" -mindepth 1 -maxdepth 1 -type d -name 'pgvector-*' | head -1)
  [ -n "$dir" ] || die "pgvector source not unpacked"
  # OPTFLAGS="" avoids -march=native so the library runs on any CPU of this architecture.
  make -s -C "$dir" PG_CONFIG="$bindir/pg_config" OPTFLAGS="" >/dev/null || die "building pgvector failed"
  as_root make -s -C "$dir" PG_CONFIG="$bindir/pg_config" install >/dev/null || die "installing pgvector failed"
  rm -rf "$work"
  vector_available "$bindir" || die "pgvector build finished but vector.control is missing"
  log "pgvector $(grep default_version "$("$bindir/pg_config" --sharedir)/extension/vector.control" | cut -d"'" -f2) installed"
}

server_accepts() { # host port
  "$BIN/pg_isready" -q -h "$1" -p "$2" 2>/dev/null
}

ensure_server_packages
BIN=$(pg_bin_dir)
vector_available "$BIN" || build_pgvector "$BIN"

if server_accepts 127.0.0.1 5432; then
  URL="postgresql://postgres@127.0.0.1:5432/postgres"
else
  # No running server: a project-local cluster owned by the postgres user (initdb refuses to run as root).
  DATA="$STATE_DIR/pgdata"
  PORT=5433
  if ! server_accepts 127.0.0.1 $PORT; then
    RUN_AS=()
    if [ "$(id -u)" -eq 0 ]; then RUN_AS=(runuser -u postgres --); chown postgres "$STATE_DIR"; fi
    if [ ! -f "$DATA/PG_VERSION" ]; then
      log "initialising a local PostgreSQL cluster in $DATA"
      mkdir -p "$DATA"; [ "$(id -u)" -eq 0 ] && chown postgres "$DATA"
      "${RUN_AS[@]}" "$BIN/initdb" -D "$DATA" -U postgres --auth=trust >/dev/null
    fi
    log "starting the local PostgreSQL cluster on 127.0.0.1:$PORT"
    "${RUN_AS[@]}" "$BIN/pg_ctl" -D "$DATA" -l "$DATA/server.log" -w \
      -o "-p $PORT -k /tmp -c listen_addresses=127.0.0.1" start >/dev/null
  fi
  URL="postgresql://postgres@127.0.0.1:$PORT/postgres"
fi

version=$("$BIN/psql" "$URL" -Atc "select default_version from pg_available_extensions where name='vector'")
[ -n "$version" ] || die "the server at $URL does not offer the vector extension"
if [ "$(printf '%s\n%s\n' "$PG_MIN_VECTOR" "$version" | sort -V | head -1)" != "$PG_MIN_VECTOR" ]; then
  die "pgvector $version is older than the required $PG_MIN_VECTOR"
fi
log "PostgreSQL ready with pgvector $version"
echo "$URL"
