# A log rotated while the daemon was down: the rotated file (found again by
# its inode and head in the same directory) has its unread end read first,
# then the new file from its start.  Nothing lost, nothing twice, whether
# the daemon stopped cleanly or was killed.
set -eu
. "$(dirname "$0")/../lib.sh"
daemon_init

f=$logs/despool.log
{ routine; hits S02 2 1; } > "$f"
source_section despool "$f" start_at=beginning | write_config
start_daemon
wait_count S02 2
sentinel "$f"

# Clean stop; lines written; ConfigMgr rolls the file over; a new file.
stop_daemon
hits S02 3 10 >> "$f"
mv "$f" "$logs/despool.lo_"
{ routine; hits S03 1 20; } > "$f"
start_daemon
wait_count S03 1
sentinel "$f"
expect_count S02 5
expect_count S03 1

# The same after kill -9, with logrotate's numbered name.
wait_following "$f"
kill9_daemon
hits S03 4 30 >> "$f"
mv "$f" "$logs/despool.log.1"
hits S04 2 40 > "$f"
start_daemon
wait_count S04 2
sentinel "$f"
expect_count S02 5
expect_count S03 5
expect_count S04 2
expect_incidents 6	# and the three sentinels

# Rotated twice while stopped (logrotate's generations shift): the end of
# the file our position was on (now .2), then the whole of the one written
# after it (now .1), then the new file.
stop_daemon
hits S05 2 50 >> "$f"
mv "$logs/despool.log.1" "$logs/despool.log.2"
mv "$f" "$logs/despool.log.1"
{ routine '08-22-2016 06:00:00.000'; hits S05 3 60; } > "$f"
mv "$logs/despool.log.1" "$logs/despool.log.2"
mv "$f" "$logs/despool.log.1"
{ routine '08-22-2016 07:00:00.000'; hits S06 1 70; } > "$f"
start_daemon
wait_count S06 1
sentinel "$f"
expect_count S05 5
expect_count S04 2
stop_daemon
