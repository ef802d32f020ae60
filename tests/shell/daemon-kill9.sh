# kill -9 at any moment loses no hit and counts none twice: hits and file
# positions commit in one transaction.  A writer appends 2000 hit lines
# (four sites, 500 each) while the daemon is killed and restarted at several
# moments: right after a start (while it catches up on a backlog), when
# given numbers of hits are in, a few tens of milliseconds after a start
# (moments not tied to a commit), and after the writer has finished.
set -eu
. "$(dirname "$0")/../lib.sh"
daemon_init

f=$logs/despool.log
n=2000
routine > "$f"
source_section despool "$f" start_at=beginning | write_config

# hit lines cycle through four sites
(
	i=1
	while [ $i -le $n ]; do
		case $((i % 4)) in
		0) s=S02 ;; 1) s=S03 ;; 2) s=S04 ;; *) s=S05 ;;
		esac
		hit $s $i >> "$f"
		[ $((i % 10)) -ne 0 ] || sleep 0.01
		i=$((i + 1))
	done
) &
writer_pid=$!
bg_pids="$bg_pids $writer_pid"

_hits_ge() {
	[ "$(total_count)" -ge "$1" ]
}

start_daemon
kill9_daemon				# before or during its first pass
for at in 200 600 1000; do
	start_daemon
	kill9_daemon			# while catching up
	start_daemon
	wait_for 20 _hits_ge $at || fail "only $(total_count) hits after 20 s"
	kill9_daemon			# mid-burst
	[ "$(total_count)" -le $n ] || fail "$(total_count) hits > $n"
done
# These sleeps wait for nothing: they pick kill moments at random points
# of the daemon's work.
for t in 0.01 0.03 0.05 0.08 0.12; do
	start_daemon
	sleep $t
	kill9_daemon
	[ "$(total_count)" -le $n ] || fail "$(total_count) hits > $n"
done
finish_writer
start_daemon
kill9_daemon
start_daemon
for s in S02 S03 S04 S05; do
	wait_count $s $((n / 4)) 20
done
sentinel "$f"
for s in S02 S03 S04 S05; do
	expect_count $s $((n / 4))
done
expect_incidents 5
[ "$(grep -c 'site S0[2-5],' "$f")" -eq $n ] || fail "test bug: lines written"
stop_daemon
