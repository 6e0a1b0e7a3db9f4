#!/usr/bin/env bash
# Proves the Dockerfile where no container runtime can pull its base image (no registry but npm's
# and Debian's is reachable here): reads the Dockerfile and carries out its instructions one by
# one, each stage in its own directory standing in for the image's file system, then runs the
# final stage's CMD as an unprivileged user against MariaDB, waits for its HEALTHCHECK to pass and
# checks that user_details_get answers.
#
# What stands in for what:
#   FROM node:20-bookworm-slim   this machine's Node.js and Debian; stage paths /x -> <stage dir>/x
#   RUN apt-get ...              skipped: the host provides python3, make and g++
#   USER node / chown node       MIRROR_USER (default nobody), via setpriv
#   npm cache clean --force      skipped (it would empty this machine's shared cache; outside /app)
#
# Env: MIRROR_MYSQL (default mysql://root@127.0.0.1:3306), MIRROR_PORT (3999), MIRROR_DIR (temp),
#      MIRROR_KEEP=1 keeps the directory, MIRROR_DOCKERFILE (./Dockerfile).
set -euo pipefail
cd "$(dirname "$0")/.."
REPO=$PWD
DOCKERFILE=${MIRROR_DOCKERFILE:-$REPO/Dockerfile}
WORK=${MIRROR_DIR:-$(mktemp -d /tmp/mor-image-mirror.XXXXXX)}
mkdir -p "$WORK" && chmod 755 "$WORK"
MYSQL=${MIRROR_MYSQL:-mysql://root@127.0.0.1:3306}
PORT=${MIRROR_PORT:-3999}
RUN_USER=${MIRROR_USER:-nobody}
RUN_UID=$(id -u "$RUN_USER")
RUN_GID=$(id -g "$RUN_USER")
RUN_GROUP=$(id -gn "$RUN_USER")
DB=mor_mirror_$$
KEY=mirror-key-$RANDOM$RANDOM
SERVER_PID=

say() { printf '\n== %s\n' "$*"; }
fail() { printf '\nFAILED: %s\n' "$*"; exit 1; }

cleanup() {
  local status=$?
  set +e
  if [ -n "$SERVER_PID" ]; then kill "$SERVER_PID" 2>/dev/null; wait "$SERVER_PID" 2>/dev/null; fi
  mysql_cli -e "DROP DATABASE IF EXISTS \`$DB\`" 2>/dev/null
  [ "${MIRROR_KEEP:-0}" = 1 ] || rm -rf "$WORK"
  exit "$status"
}
trap cleanup EXIT

mysql_cli() {
  local url=${MYSQL#mysql://} auth host
  auth=${url%@*}; host=${url#*@}
  mysql -h"${host%:*}" -P"${host##*:}" -u"${auth%%:*}" $([ "${auth#*:}" != "$auth" ] && echo "-p${auth#*:}") "$@"
}

# Stage state.
declare -A STAGES
STAGE=; ROOT=; WORKDIR=/; USER_NAME=root
declare -a ENV_KV=()
HEALTHCHECK_CMD=; CMD_JSON=

# A path inside the stage's "image" -> the directory standing in for it.
map() { case "$1" in /*) echo "$ROOT$1" ;; *) echo "$ROOT${WORKDIR%/}/$1" ;; esac; }
# Absolute /app paths in a command or value -> the stage directory; the image's user -> ours.
# `npm cache clean` would empty this machine's shared npm cache; the image's cache is outside /app anyway.
rewrite() { sed -e "s#\(^\|[ =:]\)/app#\1$ROOT/app#g" -e "s#\bnode:node\b#$RUN_USER:$RUN_GROUP#g" -e "s#npm cache clean --force#true#" <<<"$1"; }
owner() { [ "$1" = node:node ] && echo "$RUN_USER:$RUN_GROUP" || echo "$1"; }

instruction() {
  local op=$1 args=$2
  printf '\n[%s] %s %s\n' "${STAGE:-?}" "$op" "$args"
  case "$op" in
    FROM)
      STAGE=${args##* AS }; ROOT=$WORK/$STAGE; WORKDIR=/; USER_NAME=root; ENV_KV=()
      mkdir -p "$ROOT"; chmod 755 "$ROOT"; STAGES[$STAGE]=$ROOT
      echo "   (base image ${args%% *}: this machine's Node.js $(node -v) on $(. /etc/os-release && echo "$PRETTY_NAME") stands in)" ;;
    WORKDIR) WORKDIR=$args; mkdir -p "$(map "$args")" ;;
    ENV)
      local kv
      for kv in $args; do ENV_KV+=("$(rewrite "$kv")"); done ;;
    COPY)
      local from= chown= words=() src dst
      read -ra words <<<"$args"
      while [[ ${words[0]} == --* ]]; do
        case ${words[0]} in --from=*) from=${words[0]#--from=} ;; --chown=*) chown=${words[0]#--chown=} ;; esac
        words=("${words[@]:1}")
      done
      dst=$(map "${words[-1]}")
      for src in "${words[@]:0:${#words[@]}-1}"; do
        local path=$REPO/$src
        [ -n "$from" ] && path=${STAGES[$from]}$src
        if [ -d "$path" ]; then
          local target=$dst; [ "${words[-1]}" = ./ ] && target=$dst/$(basename "$src")
          mkdir -p "$target"; cp -a "$path/." "$target/"
          if [ -n "$chown" ]; then chown -R "$(owner "$chown")" "$target"; fi
        else
          local file=$dst
          if [[ ${words[-1]} == */ ]]; then mkdir -p "$dst"; file=${dst%/}/$(basename "$src"); fi
          cp -a "$path" "$file"
          if [ -n "$chown" ]; then chown "$(owner "$chown")" "$file"; fi
        fi
      done ;;
    RUN)
      if [[ $args == apt-get* ]]; then echo "   (skipped: the host provides these packages)"; return; fi
      (cd "$(map "$WORKDIR")" && env "${ENV_KV[@]}" bash -euo pipefail -c "$(rewrite "$args")") ;;
    USER) USER_NAME=$args; echo "   (runs as $RUN_USER, uid $RUN_UID)" ;;
    VOLUME | EXPOSE) echo "   (noted)" ;;
    HEALTHCHECK) HEALTHCHECK_CMD=${args#* CMD } ;;
    CMD) CMD_JSON=$args ;;
    *) fail "instruction $op is not mirrored" ;;
  esac
}

say "Dockerfile, instruction by instruction (stages under $WORK)"
# Read whole first: a RUN may take minutes, and the file may change meanwhile.
mapfile -t LINES <"$DOCKERFILE"
line=
for raw in "${LINES[@]}"; do
  [[ $raw =~ ^[[:space:]]*(#|$) ]] && [ -z "$line" ] && continue
  if [[ $raw == *\\ ]]; then line+="${raw%\\} "; continue; fi
  line+=$raw
  line=$(sed -e 's/^[[:space:]]*//' -e 's/[[:space:]]\+/ /g' <<<"$line")
  instruction "${line%% *}" "${line#* }"
  line=
done

[ "$STAGE" = runtime ] || fail "the last stage is $STAGE, not runtime"
APP=$(map "$WORKDIR")

say "runtime stage: production dependencies only, code read-only to the app"
# A devDependency may be there only as a production package's own dependency (mysql2 -> @types/node).
PROD_TREE=$(cd "$APP" && npm ls --omit=dev --all --parseable 2>/dev/null | sed "s#^$APP/##")
for dev in $(node -e "console.log(Object.keys(require('$REPO/package.json').devDependencies).join(' '))"); do
  if [ -e "$APP/node_modules/$dev" ] && ! grep -qx "node_modules/$dev" <<<"$PROD_TREE"; then fail "dev dependency $dev is in the runtime stage"; fi
done
echo "   no dev-only package ($(ls "$APP/node_modules" | wc -l) top-level entries, $(du -sh "$APP" | cut -f1) in /app)"
as_user() { setpriv --reuid="$RUN_UID" --regid="$RUN_GID" --clear-groups "$@"; }
if as_user touch "$APP/dist/written-by-app" 2>/dev/null; then fail "the app can write its own code"; fi
as_user touch "$APP/data/written-by-app" || fail "the app cannot write /app/data"
echo "   $RUN_USER cannot write /app/dist, can write /app/data"

say "CMD $CMD_JSON as $RUN_USER against MariaDB (database $DB)"
mysql_cli -e "CREATE DATABASE \`$DB\` CHARACTER SET utf8mb4"
mapfile -t CMD_ARGV < <(node -e "for (const a of JSON.parse(process.argv[1])) console.log(a)" "$CMD_JSON")
(cd "$APP" && exec env -i PATH="$PATH" "${ENV_KV[@]}" DATABASE_URL="$MYSQL/$DB" PORT="$PORT" HOST=127.0.0.1 \
  MOR_API_SECRET_KEY="$KEY" MOR_ADMIN_PASSWORD="mirror-pass-$RANDOM" \
  setpriv --reuid="$RUN_UID" --regid="$RUN_GID" --clear-groups "${CMD_ARGV[@]}") >"$WORK/server.log" 2>&1 &
SERVER_PID=$!
sleep 1
echo "   pid $SERVER_PID runs as uid $(ps -o uid= -p "$SERVER_PID" | tr -d ' ')"
[ "$(ps -o uid= -p "$SERVER_PID" | tr -d ' ')" = "$RUN_UID" ] || fail "the server does not run as $RUN_USER"

say "HEALTHCHECK: $HEALTHCHECK_CMD"
healthy=
for _ in $(seq 1 60); do
  kill -0 "$SERVER_PID" 2>/dev/null || { cat "$WORK/server.log"; fail "the server exited"; }
  if (cd "$APP" && env PORT="$PORT" setpriv --reuid="$RUN_UID" --regid="$RUN_GID" --clear-groups sh -c "$HEALTHCHECK_CMD"); then healthy=1; break; fi
  sleep 1
done
[ -n "$healthy" ] || { cat "$WORK/server.log"; fail "never healthy"; }
echo "   healthy: $(curl -s "http://127.0.0.1:$PORT/health/ready")"

say "user_details_get"
hash=$(printf '0%s' "$KEY" | sha1sum | cut -c1-40)
reply=$(curl -s -X POST "http://127.0.0.1:$PORT/billing/api/user_details_get?u=admin&user_id=0&hash=$hash")
echo "$reply" | head -8
grep -q '<userid>0</userid>' <<<"$reply" || fail "user_details_get did not answer the admin's details"
grep -q '"msg":"request"' "$WORK/server.log" || fail "no request line in the server log"
! grep -q "$KEY" "$WORK/server.log" || fail "the key is in the log"

say "image mirror: OK (built from the Dockerfile, non-root, production dependencies only, healthy, user_details_get answered)"
