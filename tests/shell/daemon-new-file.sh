# A file that does not exist when the daemon starts is waited for, and when
# it appears it is read from its start, although start_at is end (that
# applies only to files that exist at the first start).  It appears fully
# written in one rename, so the daemon cannot open it while it is empty.
set -eu
. "$(dirname "$0")/../lib.sh"
daemon_init

f=$logs/despool.log
source_section despool "$f" | write_config	# start_at = end (default)
start_daemon
wait_for 10 log_has "waiting for the file to appear" ||
    fail "the daemon does not say it waits for $f"

{ routine; hits S02 3; routine; hit S03 4; } | create_file "$f"
wait_count S02 3
sentinel "$f"
expect_count S02 3
expect_count S03 1
expect_incidents 3

# Deleted and created again: the new file is read from its start too.
rm "$f"
{ hits S02 2 10; } | create_file "$f"
wait_count S02 5
sentinel "$f"
expect_count S02 5
expect_count S03 1
expect_incidents 4
stop_daemon
