#!/usr/bin/env bash
# Three MariaDB Galera nodes on loopback (their own data directories, ports, sockets; the MariaDB
# on 3306 is not touched), three server processes each on its own node, a mixed load through them
# with faults (one node stopped and started again, one server process killed with -9), then the
# acceptance checks on every node. Prints `PASS …` / `FAIL …` lines and ends with
# "cluster: N passed, M failed" (and a jest-style "Tests:" line). Env: CLUSTER_SECONDS (load with faults, default 80),
# CLUSTER_BASE_SECONDS (each throughput phase, default 15), CLUSTER_KEEP=1 keeps the temp dir.
set -uo pipefail
cd "$(dirname "$0")/../.."
ROOT=$PWD
SECONDS_FAULTS=${CLUSTER_SECONDS:-80}
SECONDS_BASE=${CLUSTER_BASE_SECONDS:-15}
KEY=cluster-secret-key
export CLUSTER_API_KEY=$KEY

need() { command -v "$1" >/dev/null 2>&1; }
if [ ! -e /usr/lib/galera/libgalera_smm.so ] || ! need mariadbd || ! need rsync || ! need wsrep_sst_rsync; then
  echo "== installing galera-4, mariadb-server, rsync"
  export DEBIAN_FRONTEND=noninteractive
  # policy-rc.d: the package must not start (or restart) a MariaDB service of its own.
  [ -e /usr/sbin/policy-rc.d ] || { printf '#!/bin/sh\nexit 101\n' >/usr/sbin/policy-rc.d; chmod +x /usr/sbin/policy-rc.d; REMOVE_POLICY=1; }
  apt-get update -qq && apt-get install -y -qq galera-4 mariadb-server rsync </dev/null
  [ "${REMOVE_POLICY:-0}" = 1 ] && rm -f /usr/sbin/policy-rc.d
fi

WORK=$(mktemp -d /tmp/mor-galera.XXXXXX)
declare -a SERVER # the running server processes' pids, by number
cleanup() {
  for pid in "${SERVER[@]}"; do kill "$pid" 2>/dev/null; done
  for i in 1 2 3; do [ -f "$WORK/n$i/pid" ] && kill "$(cat "$WORK/n$i/pid")" 2>/dev/null; done
  sleep 2
  for i in 1 2 3; do [ -f "$WORK/n$i/pid" ] && kill -9 "$(cat "$WORK/n$i/pid")" 2>/dev/null; done
  [ "${CLUSTER_KEEP:-0}" = 1 ] && echo "kept $WORK" || rm -rf "$WORK"
}
trap cleanup EXIT
trap 'exit 143' TERM INT # a timeout still stops the nodes and servers

passed=0
failed=0
verdict() { # ok? text
  if [ "$1" = 0 ]; then echo "PASS $2"; passed=$((passed + 1)); else echo "FAIL $2"; failed=$((failed + 1)); fi
}
finish() {
  echo "cluster: $passed passed, $failed failed"
  echo "Tests:       $passed passed, $failed failed, $((passed + failed)) total" # the line .ci/run counts
  [ "$failed" -eq 0 ]
  exit $?
}

GCOMM=gcomm://127.0.0.1:4571,127.0.0.1:4572,127.0.0.1:4573
start_node() { # i [--wsrep-new-cluster]
  local i=$1 d=$WORK/n$1
  shift
  mariadbd --no-defaults --user=$DBUSER --datadir="$d/data" --socket="$d/sock" --pid-file="$d/pid" --log-error="$d/err.log" \
    --port=$((3310 + i)) --bind-address=127.0.0.1 --skip-name-resolve \
    --binlog-format=ROW --default-storage-engine=InnoDB --innodb-autoinc-lock-mode=2 \
    --innodb-buffer-pool-size=64M --innodb-flush-log-at-trx-commit=2 --max-connections=200 --wsrep-sync-wait=1 \
    --wsrep-on=ON --wsrep-provider=/usr/lib/galera/libgalera_smm.so --wsrep-cluster-name=mor-cluster-test \
    --wsrep-cluster-address=$GCOMM --wsrep-node-name="n$i" --wsrep-node-address="127.0.0.1:$((4570 + i))" \
    --wsrep-sst-method=rsync --wsrep-sst-receive-address="127.0.0.1:$((4580 + i))" \
    --wsrep-provider-options="base_port=$((4570 + i));ist.recv_addr=127.0.0.1:$((4590 + i));gcache.size=128M;evs.inactive_timeout=PT5S;evs.suspect_timeout=PT3S" \
    "$@" >>"$d/stdout.log" 2>&1 &
}
wait_synced() { # i seconds
  local i=$1
  for _ in $(seq 1 "$2"); do
    state=$(mariadb -uroot --socket="$WORK/n$i/sock" -N -e "SHOW STATUS LIKE 'wsrep_local_state_comment'" 2>/dev/null | cut -f2)
    [ "$state" = Synced ] && return 0
    sleep 1
  done
  tail -n 30 "$WORK/n$i/err.log"
  return 1
}
stop_node() { # i: a clean shutdown
  kill "$(cat "$WORK/n$1/pid")"
  for _ in $(seq 1 120); do [ -e "$WORK/n$1/pid" ] || return 0; sleep 0.5; done
  return 1
}
sql() { mariadb -uroot --socket="$WORK/n$1/sock" -N -e "$2"; }

echo "== building (npm run build, the cluster driver)"
npm run build --silent || { verdict 1 "build"; finish; }
npx tsc -p test/cluster/tsconfig.json --outDir "$WORK/build" || { verdict 1 "driver build"; finish; }
DRIVER="env NODE_PATH=$ROOT/node_modules node $WORK/build/load.js"

echo "== three Galera nodes in $WORK (ports 3311-3313, group 4571-4573, SST 4581-4583, IST 4591-4593)"
T0=$(date +%s)
# The nodes run as the mysql user: the joiner's rsync daemon, started by root, would write as nobody.
if [ "$(id -u)" = 0 ] && id -u mysql >/dev/null 2>&1; then DBUSER=mysql; else DBUSER=$(id -un); fi
chmod 755 "$WORK"
mkdir -p "$WORK/n1/data" "$WORK/n2" "$WORK/n3"
chown -R "$DBUSER" "$WORK/n1" "$WORK/n2" "$WORK/n3"
mariadb-install-db --no-defaults --user=$DBUSER --datadir="$WORK/n1/data" --auth-root-authentication-method=socket >"$WORK/n1/install.log" 2>&1 \
  || { cat "$WORK/n1/install.log"; verdict 1 "mariadb-install-db"; finish; }
start_node 1 --wsrep-new-cluster
wait_synced 1 60 || { verdict 1 "node 1 bootstraps"; finish; }
sql 1 "CREATE DATABASE mor CHARACTER SET utf8mb4; CREATE USER mor@'127.0.0.1' IDENTIFIED BY 'mor'; GRANT ALL ON *.* TO mor@'127.0.0.1';"
# Nodes 2 and 3 start from a copy of node 1's cleanly stopped data directory: same cluster state,
# so they join without a full state transfer (SST by rsync takes 15-35 s per node on a busy machine).
stop_node 1
for i in 2 3; do cp -a "$WORK/n1/data" "$WORK/n$i/data"; done
start_node 1 --wsrep-new-cluster
wait_synced 1 60 || { verdict 1 "node 1 bootstraps again"; finish; }
start_node 2
start_node 3
wait_synced 2 90 || { verdict 1 "node 2 joins"; finish; }
wait_synced 3 90 || { verdict 1 "node 3 joins"; finish; }
verdict 0 "three nodes Synced (wsrep_cluster_size $(sql 1 "SHOW STATUS LIKE 'wsrep_cluster_size'" | cut -f2)) in $(( $(date +%s) - T0 )) s"
url() { echo "mysql://mor:mor@127.0.0.1:$((3310 + $1))/mor"; }

echo "== three server processes, started together on an empty database (the schema lock row on a cluster)"
start_server() { # i
  DATABASE_URL=$(url "$1") PORT=$((3400 + $1)) HOST=127.0.0.1 MOR_API_SECRET_KEY=$KEY MOR_ADMIN_PASSWORD=cluster-admin-pass \
    LOG_LEVEL=warn MOR_AUTODIALER_POLL_SECONDS=0 JOBS_INTERVAL_SECONDS=5 node dist/main.js >>"$WORK/server$1.log" 2>&1 &
  SERVER[$1]=$!
}
wait_server() { # i
  for _ in $(seq 1 120); do
    curl -s -o /dev/null "http://127.0.0.1:$((3400 + $1))/billing/api/user_details_get" && return 0
    sleep 0.5
  done
  tail -n 20 "$WORK/server$1.log"
  return 1
}
for i in 1 2 3; do start_server "$i"; done
for i in 1 2 3; do wait_server "$i" || { verdict 1 "server $i starts"; finish; }; done
migrations=$(find src -path '*/migrations/*-*.ts' | wc -l)
counts=$(sql 2 "SELECT (SELECT COUNT(*) FROM mor.schema_migrations), (SELECT COUNT(DISTINCT name) FROM mor.schema_migrations), (SELECT COUNT(*) FROM mor.users), (SELECT COUNT(*) FROM mor.mor_schema_lock)")
read -r applied distinct users locks <<<"$counts"
[ "$applied" = "$migrations" ] && [ "$distinct" = "$migrations" ] && [ "$users" = 1 ] && [ "$locks" = 0 ]
verdict $? "started together on three nodes: $applied of $migrations migrations applied once, $users user seeded, lock released"

echo "== settings and seed"
for s in "allow_api 1" "api_allow_payments 1"; do
  # shellcheck disable=SC2086
  DATABASE_URL=$(url 1) node dist/cli/main.js settings set $s >/dev/null || { verdict 1 "settings set $s"; finish; }
done
export CLUSTER_SETUP=$WORK/setup.json
$DRIVER seed "$(url 1)" >"$CLUSTER_SETUP" || { verdict 1 "seed"; finish; }
sleep 6 # the servers' settings cache (5 s)

status_sum() { # variable: its sum over the nodes
  local total=0
  for i in 1 2 3; do total=$((total + $(sql "$i" "SHOW GLOBAL STATUS LIKE '$1'" | cut -f2))); done
  echo $total
}
echo "== load, one server process (${SECONDS_BASE} s)"
$DRIVER load "$WORK/one.json" "$SECONDS_BASE" http://127.0.0.1:3401 | tee "$WORK/one.out"
echo "== load, three server processes (${SECONDS_BASE} s)"
$DRIVER load "$WORK/three.json" "$SECONDS_BASE" http://127.0.0.1:3401 http://127.0.0.1:3402 http://127.0.0.1:3403 | tee "$WORK/three.out"

echo "== load, three server processes, with faults (${SECONDS_FAULTS} s)"
CERT0=$(status_sum wsrep_local_cert_failures)
BF0=$(status_sum wsrep_local_bf_aborts)
$DRIVER load "$WORK/faults.json" "$SECONDS_FAULTS" http://127.0.0.1:3401 http://127.0.0.1:3402 http://127.0.0.1:3403 >"$WORK/faults.out" &
LOAD=$!
sleep $((SECONDS_FAULTS / 8))
kill -0 $LOAD 2>/dev/null
verdict $? "the load is running when the faults begin"
echo "-- kill -9 server process 2 (its clients' requests go to the others)"
kill -9 "${SERVER[2]}"
unset 'SERVER[2]'
sleep $((SECONDS_FAULTS / 8))
echo "-- starting server process 2 again"
start_server 2
wait_server 2
verdict $? "server process 2 restarted during the load"
echo "-- stopping node 3 (its server process keeps running and answers 500 until the node is back; clients go elsewhere)"
stop_node 3
sleep $((SECONDS_FAULTS / 8))
echo "-- starting node 3 again (it rejoins by IST from the others' gcache)"
start_node 3
wait_synced 3 90
verdict $? "node 3 rejoined and Synced"
grep -qE "IST received|Receiving IST" "$WORK/n3/err.log" && how=IST || how=SST
echo "   node 3 caught up by $how"
kill -0 $LOAD 2>/dev/null
verdict $? "the load was still running after the faults"
wait $LOAD
verdict $? "the load ran to its end through the faults"
cat "$WORK/faults.out"
CERT=$(( $(status_sum wsrep_local_cert_failures) - CERT0 ))
BF=$(( $(status_sum wsrep_local_bf_aborts) - BF0 ))
echo "conflicts during the fault run: $CERT certification failures, $BF brute-force aborts (all nodes)"

echo "== checks on every node"
for i in 1 2 3; do
  DATABASE_URL=$(url "$i") node dist/cli/main.js balance audit >"$WORK/audit$i.log" 2>&1
  verdict $? "node $i: balance audit: every balance = opening + ledger ($(tail -n 1 "$WORK/audit$i.log"))"
done
$DRIVER check "$WORK/one.json" "$WORK/three.json" "$WORK/faults.json" -- "$(url 1)" "$(url 2)" "$(url 3)" 2>&1 | tee "$WORK/check.out"
checked=${PIPESTATUS[0]}
passed=$((passed + $(grep -c '^PASS' "$WORK/check.out")))
failed=$((failed + $(grep -c '^FAIL' "$WORK/check.out")))
[ "$checked" -eq 0 ] || grep -q '^FAIL' "$WORK/check.out" || verdict 1 "the checks ran to their end"

echo "== figures"
node -e '
const f = (n) => JSON.parse(require("fs").readFileSync(process.argv[n], "utf8"));
for (const [name, n] of [["1 process", 1], ["3 processes", 2], ["3 processes, faults", 3]]) {
  const r = f(n);
  console.log(`${name}: ${r.seconds.toFixed(1)} s, ${r.requests} requests (${r.requestsPerSecond.toFixed(1)}/s), ${r.acks.calls.length} call lifecycles (${r.lifecyclesPerSecond.toFixed(1)}/s), ${r.acks.payments.length} payments, ${r.acks.balanceUpdates} balance updates; retries ${r.retries}, 5xx ${r.serverErrors}, network errors ${r.networkErrors}, unretried ${r.ambiguous}, failures ${r.acks.failures.length}`);
  for (const x of r.acks.failures.slice(0, 3)) console.log(`   ${x}`);
}' "$WORK/one.json" "$WORK/three.json" "$WORK/faults.json"
finish
