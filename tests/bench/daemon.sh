#!/bin/sh
# make bench, second part: the daemon.
#   1. ingest throughput: a backlog log read from its beginning into SQLite;
#   2. latency from a line's append to its incident in the database;
#   3. idle cost: CPU time and wake-ups while nothing is written;
#   4. API latency (p50/p99) while the backlog of 1. is being ingested.
# Prints figures; fails only when something is broken, never on speed.
set -eu
prog=$(cd "$(dirname "$1")" && pwd)/$(basename "$1")
here=$(cd "$(dirname "$0")" && pwd)
top=$(cd "$here/../.." && pwd)
out=$here/out
mb=${BENCH_DAEMON_MB:-256}
port=${BENCH_PORT:-18471}
mkdir -p "$out"
work=$(mktemp -d)
pid=
cleanup() {
	[ -n "$pid" ] && kill "$pid" 2>/dev/null && wait "$pid" 2>/dev/null
	rm -rf "$work"
}
trap cleanup EXIT INT TERM

cc -O2 -o "$out/genlog" "$here/genlog.c"
cc -O2 -o "$out/latency" "$here/latency.c" $(pkg-config --cflags --libs sqlite3)

mkdir -p "$work/logs" "$work/state"
"$out/genlog" "$mb" > "$work/logs/despool.log" 2> "$work/genlog.err"
# A sentinel at the end: when its incident exists, the backlog is in.
printf 'Cannot find valid public key for key exchange instruction coming from site END~  $$<SMS_DESPOOLER><08-22-2016 04:15:01.917+420><thread=1 (0x1)>\r\n' >> "$work/logs/despool.log"
bytes=$(wc -c < "$work/logs/despool.log")
lines=$(wc -l < "$work/logs/despool.log")
cat > "$work/c.conf" <<CONF
[daemon]
state_dir = $work/state
patterns = $top/patterns
listen = 127.0.0.1:$port
[source despool]
path = $work/logs/despool.log
format = configmgr
product = configmgr
start_at = beginning
CONF

sentinel() {
	"$prog" incidents --state-dir "$work/state" --json 2>/dev/null |
	    grep -c '"site":"END"' || true
}
# While the backlog is ingested, a poller asks the API (like monitoring
# would) as fast as it can; each request's total time is recorded.
api_poller() {
	until curl -s -o /dev/null "http://127.0.0.1:$port/healthz"; do sleep 0.01; done
	touch "$work/api.ready"
	while [ ! -e "$work/api.stop" ]; do
		for path in /api/v1/status "/api/v1/incidents?limit=50" /metrics; do
			curl -s -o /dev/null -w '%{time_total}\n' \
			    "http://127.0.0.1:$port$path" >> "$work/api.times" || true
		done
	done
}
t0=$(date +%s.%N)
"$prog" daemon --config "$work/c.conf" --foreground 2> "$work/daemon.err" &
pid=$!
api_poller &
poller=$!
until [ "$(sentinel)" -ge 1 ]; do
	kill -0 "$pid" 2>/dev/null || { cat "$work/daemon.err"; echo "bench: daemon died" >&2; exit 1; }
	sleep 0.05
done
t1=$(date +%s.%N)
touch "$work/api.stop"
wait "$poller" 2>/dev/null || true
# Signatures with a threshold hold hits back, and a recovery line resets
# what they hold: their hits are reported, not checked.  Every other hit
# must be in an incident.
ruled=configmgr.despool.instruction-retry
hits=$("$prog" incidents --state-dir "$work/state" --json |
    jq -s --arg r "$ruled" 'map(select(.signature != $r) | .count) | add')
ruled_in=$("$prog" incidents --state-dir "$work/state" --json |
    jq -s --arg r "$ruled" 'map(select(.signature == $r) | .count) | add // 0')
held=$(sqlite3 "$work/state/syncwatch.db" 'SELECT count(*) FROM rule_hits')
ruled_written=$(awk -v r="$ruled" '$1 == "genlog:" && $2 == "kind" && $4 == r { n += $5 }
    END { print n + 0 }' "$work/genlog.err")
want=$(sed -n 's/.* errors=\([0-9]*\).*/\1/p' "$work/genlog.err")
want=$((want - ruled_written))
want=$((want + 1))	# and the sentinel
echo "== daemon: ingest of a $mb MiB backlog ($lines lines) into SQLite"
awk -v b="$bytes" -v l="$lines" -v t0="$t0" -v t1="$t1" -v h="$hits" 'BEGIN {
	s = t1 - t0
	printf "   %.2f s, %.1f MB/s, %.0f lines/s, %d hits recorded\n", s, b / s / 1e6, l / s, h
}'
if [ "$hits" -ne "$want" ]; then
	echo "MISMATCH: $hits hits recorded, $want written" >&2
	exit 1
fi
echo "   ok: $hits hits = $want written"
echo "   $ruled: $ruled_written written, $ruled_in in incidents, $held held for its threshold (the rest reset by recoveries)"

echo "== daemon: API latency while that backlog was ingested (status, incidents, metrics)"
if [ -s "$work/api.times" ]; then
	sort -n "$work/api.times" | awk '{ t[NR] = $1 * 1000 } END {
		printf "   %d requests: median %.2f ms, p99 %.2f ms, max %.2f ms\n",
		    NR, t[int(NR * 0.5) + 1], t[int(NR * 0.99) + (NR * 0.99 > int(NR * 0.99))], t[NR]
	}'
else
	echo "   no request completed during the ingest (backlog too small: BENCH_DAEMON_MB)"
fi

echo "== daemon: append-to-incident latency (caught up, idle between samples)"
"$out/latency" "$work/logs/despool.log" "$work/state/syncwatch.db" "${BENCH_LATENCY_N:-200}"

echo "== daemon: idle for ${BENCH_IDLE_S:-10} s"
read_stat() {
	# utime + stime (clock ticks) and voluntary context switches
	awk '{ print $14 + $15 }' "/proc/$pid/stat"
	awk '/^voluntary_ctxt_switches/ { print $2 }' "/proc/$pid/status"
}
set -- $(read_stat)
c0=$1 w0=$2
sleep "${BENCH_IDLE_S:-10}"
set -- $(read_stat)
c1=$1 w1=$2
hz=$(getconf CLK_TCK)
awk -v c="$((c1 - c0))" -v hz="$hz" -v w="$((w1 - w0))" -v s="${BENCH_IDLE_S:-10}" 'BEGIN {
	printf "   CPU time %.3f s, %d wake-ups (voluntary context switches) in %d s\n", c / hz, w, s
}'
kill "$pid"
wait "$pid" 2>/dev/null || true
pid=
echo "daemon bench: done"
