# logrotate in create mode under a steady writer: despool.log is renamed to
# despool.log.1 (the older generations shifted first) and a new despool.log
# is created, three times while a logger appends N lines.  The rest of each
# old file is read before the new one; every line counts exactly once.
set -eu
. "$(dirname "$0")/../lib.sh"
daemon_init

f=$logs/despool.log
n=900
routine > "$f"
source_section despool "$f" start_at=beginning | write_config
start_daemon
wait_following "$f"

start_writer "$f" S02 $n 10
for at in 150 400 650; do
	wait_count_ge S02 $at
	[ ! -e "$f.2" ] || mv "$f.2" "$f.3"
	[ ! -e "$f.1" ] || mv "$f.1" "$f.2"
	mv "$f" "$f.1"
	touch "$f"	# create, but never truncate what the logger just made
done
finish_writer
wait_count S02 $n 20
sentinel "$f"
expect_count S02 $n
expect_incidents 2
lines=$(cat "$f" "$f.1" "$f.2" "$f.3" | grep -c 'site S02,')
[ "$lines" -eq $n ] || fail "test bug: $lines lines written, expected $n"
for g in "$f" "$f.1" "$f.2" "$f.3"; do
	grep -q 'site S02,' "$g" ||
	    echo "note: $g got no line: the writer outran the rotations" >&2
done

# Nothing read twice after a restart either.
stop_daemon
start_daemon
sentinel "$f"
expect_count S02 $n
expect_incidents 3
stop_daemon
