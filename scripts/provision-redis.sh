#!/usr/bin/env bash
# Makes a Redis-protocol cache available and prints its URL.
#   REDIS_URL set          -> used as is.
#   something on 6379      -> used (DragonflyDB or Redis).
#   nothing running        -> DragonflyDB if installed, else Debian's redis-server, started on 6380.
source "$(dirname "${BASH_SOURCE[0]}")/common.sh"

if [ -n "${REDIS_URL:-}" ]; then
  log "using REDIS_URL from the environment"
  echo "$REDIS_URL"; exit 0
fi

ping() { # port
  if command -v redis-cli >/dev/null; then redis-cli -h 127.0.0.1 -p "$1" ping 2>/dev/null | grep -q PONG
  else (exec 3<>"/dev/tcp/127.0.0.1/$1" && printf 'PING\r\n' >&3 && read -r -t 2 line <&3 && [[ "$line" == *PONG* ]]) 2>/dev/null; fi
}

if ping 6379; then echo "redis://127.0.0.1:6379"; exit 0; fi

PORT=6380
if ! ping $PORT; then
  if command -v dragonfly >/dev/null; then
    log "starting DragonflyDB on 127.0.0.1:$PORT"
    dragonfly --bind 127.0.0.1 --port $PORT --dbfilename "" --daemonize --logtostderr=false >/dev/null 2>&1 || true
  else
    command -v redis-server >/dev/null || { log "installing redis-server"; as_root apt-get install -y -qq redis-server >/dev/null; }
    log "starting redis-server on 127.0.0.1:$PORT"
    redis-server --daemonize yes --bind 127.0.0.1 --port $PORT --save "" --appendonly no \
      --dir "$STATE_DIR" --logfile "$STATE_DIR/redis.log" >/dev/null
  fi
  for _ in $(seq 1 50); do ping $PORT && break; sleep 0.1; done
  ping $PORT || die "the cache did not start on port $PORT"
fi
echo "redis://127.0.0.1:$PORT"
