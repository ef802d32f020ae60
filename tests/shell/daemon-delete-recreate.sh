# A followed file is deleted and created again (by a logger that opens it
# with O_CREAT, or in one piece): the rest of the deleted file is read, the
# new file from its start; a deleted file that stays away is waited for.
set -eu
. "$(dirname "$0")/../lib.sh"
daemon_init

f=$logs/despool.log
hits S02 3 | create_file "$f"		# there at the first start: skipped
source_section despool "$f" | write_config	# start_at = end
start_daemon
wait_following "$f"
hit S02 10 >> "$f"
wait_count S02 1

# Deleted with unread lines, then created in one piece.
freeze
hits S02 2 20 >> "$f"
rm "$f"
{ routine '08-22-2016 10:00:00.000'; hits S03 2 1; } | create_file "$f"
thaw
wait_count S03 2
sentinel "$f"
expect_count S02 3
expect_count S03 2

# Deleted, waited for, and created by appending lines one by one.
rm "$f"
wait_for 10 log_has "waiting for the file to appear" ||
    fail "the daemon does not wait for the deleted file"
hit S04 1 >> "$f"
hit S04 2 >> "$f"
wait_count S04 2
sentinel "$f"
expect_count S02 3
expect_count S03 2
expect_count S04 2
expect_incidents $((3 + sentinel_n))

stop_daemon
start_daemon
sentinel "$f"
expect_count S02 3
expect_count S03 2
expect_count S04 2
expect_incidents $((3 + sentinel_n))
stop_daemon
