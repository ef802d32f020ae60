# tests/stress/crash.sh PROG SCRATCH: the crash-consistency test.
#
# logrotor (tests/tools) writes numbered lines and rotates its log every
# way: rename with the writer still on the old file, copytruncate, and
# ConfigMgr's .lo_ rollover.  Meanwhile the daemon is killed with SIGKILL
# at random moments and started again after a random pause, so rotations
# also happen while it is down.  Each line is an incident of its own (the
# signature stress.line groups by the line's number), so at the end the
# database says exactly which lines were read and how often: every line
# must be there once, none lost and none twice.
#
# STRESS_LINES (default 6000), STRESS_RATE lines a second (500),
# STRESS_EVERY (lines between rotations, at least; 400), STRESS_SEED
# (random) and STRESS_MODES (rename,copytruncate,lo) size the run; `make
# stress` runs a long one, the shell suite a short one.
set -eu
. "$(dirname "$0")/../lib.sh"
daemon_init

lines=${STRESS_LINES:-6000}
rate=${STRESS_RATE:-500}
every=${STRESS_EVERY:-400}
seed=${STRESS_SEED:-$(od -An -N4 -tu4 /dev/urandom | tr -d ' ')}
modes=${STRESS_MODES:-rename,copytruncate,lo}
need_tool logrotor
rotor=$tool
f=$logs/stress.log
patterns_dir=$top/tests/stress/patterns
printf '[source stress]\npath = %s\nformat = plain\nproduct = stress\nstart_at = beginning\nquiet = 200ms\n' "$f" | write_config
echo "crash: $lines lines at $rate/s, rotations every $every-$((3 * every)) lines by $modes, seed $seed"

# A random number in [lo, hi) from the run's seed: rnd LO HI.
rnd_n=0
rnd() {
	rnd_n=$((rnd_n + 1))
	awk -v s="$seed" -v n="$rnd_n" -v lo="$1" -v hi="$2" \
	    'BEGIN { srand(s + n * 7919); printf "%.2f", lo + rand() * (hi - lo) }'
}

counts() {
	sqlite3 "$state/syncwatch.db" "SELECT count(*) || ' ' || coalesce(sum(count), 0) || ' ' || coalesce(max(count), 0) FROM incidents WHERE signature = 'stress.line'" 2>/dev/null || echo "0 0 0"
}

start_daemon
"$rotor" "$f" "$lines" "$rate" "$seed" "$modes" "$every" > "$tmp/rotor.out" &
rotor_pid=$!
bg_pids="$bg_pids $rotor_pid"
kills=0
while kill -0 "$rotor_pid" 2>/dev/null; do
	sleep "$(rnd 0.3 2.0)"
	kill9_daemon
	kills=$((kills + 1))
	sleep "$(rnd 0 1.0)"
	start_daemon
done
wait "$rotor_pid" || fail "logrotor failed"
cat "$tmp/rotor.out"

# The daemon catches up: every line in, and the live file read to its end.
_all_read() {
	[ "$(counts | cut -d' ' -f1)" -ge "$lines" ] &&
	    [ "$(sqlite3 "$state/syncwatch.db" "SELECT offset FROM files WHERE path = '$f'" 2>/dev/null)" = "$(wc -c < "$f")" ]
}
wait_for 60 _all_read || :
set -- $(counts)
stop_daemon
lost=$((lines - $1))
dup=$(($2 - $1))
echo "crash: $kills kills; $lines lines, $1 read, $lost lost, $dup duplicated (most hits on one line: $3)"
if [ "$lost" -ne 0 ]; then
	sqlite3 "$state/syncwatch.db" "SELECT json_extract(fields, '$.n') FROM incidents WHERE signature = 'stress.line'" |
	    sort -n | awk -v n="$lines" 'BEGIN { e = 1 } { v = $1 + 0; while (e < v) { printf "missing %d\n", e; e++ } e = v + 1 } END { while (e <= n) { printf "missing %d\n", e; e++ } }' | head -20
fi
[ "$lost" -eq 0 ] && [ "$dup" -eq 0 ] || fail "seed $seed: $lost lost, $dup duplicated"
