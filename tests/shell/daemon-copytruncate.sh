# logrotate copytruncate: the file is copied to despool.log.1 and truncated
# in place (same inode).  What is written after the truncation is read from
# the new start, whether the file is shorter than the old position when the
# daemon looks (size went down) or already longer (only the changed head
# tells).  What was written before the copy but not read yet lives on only
# in the copy: it is read from there first, whether the daemon was busy
# (frozen) or stopped at the time; what it had read is not read again.
set -eu
. "$(dirname "$0")/../lib.sh"
daemon_init

f=$logs/despool.log
source_section despool "$f" start_at=beginning | write_config
start_daemon
hits S02 5 1 >> "$f"
wait_count S02 5

# Truncated, then a little written: shorter than before.
freeze
cp "$f" "$f.1"
: > "$f"
hits S02 2 100 >> "$f"
thaw
wait_count S02 7
sentinel "$f"
expect_count S02 7

# Truncated and at once more written than there was: longer than before.
# The daemon is stopped (SIGSTOP) meanwhile, so it can only see the result.
freeze
cp "$f" "$f.1"
: > "$f"
{ routine '08-22-2016 05:00:00.000'; hits S03 30 200; } >> "$f"
thaw
wait_count S03 30
sentinel "$f"
expect_count S02 7
expect_count S03 30

# Truncated to nothing and left empty for a while, then written.
cp "$f" "$f.1"
: > "$f"
wait_for 5 _following_offset_zero "$f" ||
    fail "the truncation to nothing was not noticed"
hits S04 3 300 >> "$f"
wait_count S04 3
sentinel "$f"
expect_count S02 7
expect_count S03 30
expect_count S04 3
expect_incidents $((3 + sentinel_n))

# Lines written just before the copy, unread when it happens: the copy's
# end holds them.
freeze
hits S05 4 400 >> "$f"
cp "$f" "$f.1"
: > "$f"
hits S05 2 410 >> "$f"
thaw
wait_count S05 6
sentinel "$f"
expect_count S04 3
expect_count S05 6

# The same while the daemon is stopped (the copy is found by its head).
stop_daemon
hits S06 5 500 >> "$f"
cp "$f" "$f.1"
: > "$f"
{ routine '08-22-2016 06:00:00.000'; hits S06 3 520; } >> "$f"
start_daemon
wait_count S06 8
sentinel "$f"

# A restart reads nothing again.
stop_daemon
start_daemon
sentinel "$f"
expect_count S02 7
expect_count S03 30
expect_count S04 3
expect_count S05 6
expect_count S06 8
expect_incidents $((5 + sentinel_n))
stop_daemon
