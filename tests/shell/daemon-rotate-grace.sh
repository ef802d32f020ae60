# logrotate's create mode with a writer that keeps its handle: the log is
# renamed to despool.log.1 and a new one created, but the product goes on
# appending to the renamed file until it reopens its log.  The daemon
# reads the renamed file a while longer, and where it is in it is stored
# like any position: killed in that window and restarted, it reads what
# was appended before and after the restart, each line once.
set -eu
. "$(dirname "$0")/../lib.sh"
daemon_init

f=$logs/despool.log
source_section despool "$f" start_at=beginning | write_config
: > "$f"
start_daemon
exec 3>>"$f"
hits S02 3 1 >&3
wait_count S02 3

mv "$f" "$f.1"
{ routine '08-22-2016 05:00:00.000'; hits S03 2 10; } > "$f"
wait_count S03 2
# The writer has not reopened yet.
hits S02 2 20 >&3
wait_count S02 5
kill9_daemon
hits S02 4 30 >&3
start_daemon
wait_count S02 9
hits S02 1 40 >&3
wait_count S02 10
sentinel "$f"
expect_count S03 2

# Stopped cleanly in the window and restarted: nothing read twice.
stop_daemon
start_daemon
sentinel "$f"
expect_count S02 10
expect_count S03 2
exec 3>&-
stop_daemon
