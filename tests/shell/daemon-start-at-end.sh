# start_at = end: at the first start, what a file already holds is skipped;
# from then on the committed position rules: a restart (clean or kill -9)
# resumes exactly where the daemon stopped, reading what was written while
# it was down.  A file replaced while it was down (another head) is read from
# its start.
set -eu
. "$(dirname "$0")/../lib.sh"
daemon_init

f=$logs/despool.log
{ routine; hits S02 5 1; routine; } > "$f"
source_section despool "$f" start_at=end | write_config
start_daemon
wait_following "$f"
hits S02 2 10 >> "$f"
sentinel "$f"
expect_count S02 2

# Written while stopped: read at the restart.
stop_daemon
hits S02 3 20 >> "$f"
start_daemon
wait_count S02 5
sentinel "$f"
expect_count S02 5

# Written while killed: read at the restart.
hits S03 2 30 >> "$f"
wait_count S03 2
kill9_daemon
{ hit S03 32; routine; } >> "$f"
start_daemon
wait_count S03 3
sentinel "$f"
expect_count S02 5
expect_count S03 3

# Replaced while down by a file of another head, longer than the old
# position: read from its start.
stop_daemon
old=$(wc -c < "$f")
{ routine '08-23-2016 09:00:00.000'; hits S04 4 40; hits S05 60 100; } |
    create_file "$f"
[ "$(wc -c < "$f")" -gt "$old" ] || fail "test bug: the new file is shorter"
start_daemon
wait_count S05 60
sentinel "$f"
expect_count S02 5
expect_count S03 3
expect_count S04 4
expect_count S05 60

# Replaced while down by a shorter file: read from its start as well.
stop_daemon
{ routine '08-24-2016 09:00:00.000'; hit S06 1; } | create_file "$f"
start_daemon
wait_count S06 1
sentinel "$f"
expect_count S02 5
expect_count S03 3
expect_count S04 4
expect_count S05 60
expect_count S06 1
expect_incidents $((5 + sentinel_n))
stop_daemon
