#!/bin/bash
# kill -9 of syncwatch.exe (the wine process: no handler runs, nothing is
# committed on the way out) and a restart lose no line and count none
# twice: hits and file positions commit in one SQLite transaction, and the
# restart reads from the committed position.
#   1. killed between writes, with lines written while it is down and a
#      record left half written;
#   2. killed again and again while a Linux writer appends 1500 records:
#      when given numbers of hits are in (mid-burst), and at moments not
#      tied to a commit (a few tens of ms after a start).
. "$(dirname "$0")/lib.sh"
daemon_init
test_patterns

f=$logs/despool.log
recs 1 100 > "$f"
source_section despool "$f" | write_config
start_daemon
wait_lines_once 1 100

note "1: killed between writes; lines and half a record written while down"
kill9_daemon
recs 101 150 >> "$f"
line=$(rec 151)
printf '%s' "${line:0:25}" >> "$f"
start_daemon
wait_lines_once 1 150
kill9_daemon
printf '%s\n' "${line:25}" >> "$f"
start_daemon
wait_lines_once 1 151

note "2: killed while a writer appends"
n=1500
(
	i=152
	while [ $i -le $n ]; do
		rec $i >> "$f"
		[ $((i % 20)) -ne 0 ] || sleep 0.01
		i=$((i + 1))
	done
) &
writer_pid=$!
bg_pids="$bg_pids $writer_pid"
for at in 400 700 1000; do
	wait_hits $at 30
	kill9_daemon			# mid-burst
	start_daemon
	expect_none_twice
	kill9_daemon			# while catching up
	start_daemon
done
# These sleeps wait for nothing: they pick kill moments at random points
# of the daemon's work.
for t in 0.02 0.05 0.1 0.2; do
	kill9_daemon
	start_daemon
	sleep $t
done
expect_none_twice
wait "$writer_pid" || fail "the writer failed"
kill9_daemon
start_daemon
wait_lines_once 1 $n 30
[ "$(grep -c '^LINE ' "$f")" -eq $n ] || fail "test bug: lines written"
stop_daemon
