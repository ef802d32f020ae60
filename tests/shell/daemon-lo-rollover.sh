# ConfigMgr rollover: when despool.log reaches its size limit, ConfigMgr
# deletes despool.lo_, renames despool.log to despool.lo_ and starts a new
# despool.log.  The rest of the old file is read before the new one, and a
# .lo_ is never read again (not after the rollover, not after a restart).
set -eu
. "$(dirname "$0")/../lib.sh"
daemon_init

f=$logs/despool.log
lo=$logs/despool.lo_
hits S02 2 1 > "$f"
source_section despool "$f" start_at=beginning | write_config
start_daemon
wait_count S02 2

# Rollover seen live: the last lines of the old file and the first of the
# new one come in quick succession.
hits S02 3 10 >> "$f"
mv "$f" "$lo"
{ routine '08-22-2016 06:00:00.000'; hits S03 4 20; } > "$f"
wait_count S03 4
sentinel "$f"
expect_count S02 5
expect_count S03 4

# Rollover while the daemon is frozen: it wakes up to a renamed file with
# unread lines and a new file that is already written.
freeze
hits S02 2 30 >> "$f"
rm "$lo"
mv "$f" "$lo"
{ routine '08-22-2016 07:00:00.000'; hits S04 3 40; } > "$f"
thaw
wait_count S04 3
sentinel "$f"
expect_count S02 7
expect_count S03 4
expect_count S04 3

# The old file's last line has no line end when it is rolled over: the
# file is finished, so the line is complete, and counts once.
line=$(hit S06 45)	# ends in CR: $(…) drops the LF
printf '%s' "$line" >> "$f"
rm "$lo"
mv "$f" "$lo"
{ routine '08-22-2016 07:30:00.000'; } > "$f"
wait_count S06 1
sentinel "$f"
expect_count S06 1

# Killed after a rollover, before the new file has content, then a
# restart: neither generation is read twice.
hit S02 50 >> "$f"
wait_count S02 8
rm "$lo"
mv "$f" "$lo"
touch "$f"
wait_for 5 _following_offset_zero "$f" ||
    fail "the daemon did not move on to the new $f"
kill9_daemon
start_daemon
{ routine '08-22-2016 08:00:00.000'; hit S05 60; } >> "$f"
wait_count S05 1
sentinel "$f"
expect_count S02 8
expect_count S03 4
expect_count S04 3
expect_count S05 1
expect_count S06 1
expect_incidents $((5 + sentinel_n))

# A clean restart too.
stop_daemon
start_daemon
sentinel "$f"
expect_count S02 8
expect_count S03 4
expect_count S04 3
expect_count S05 1
expect_count S06 1
expect_incidents $((5 + sentinel_n))
stop_daemon
