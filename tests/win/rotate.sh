#!/bin/bash
# Rotation by a Windows process while syncwatch.exe holds the log: the
# helper logwriter.exe (tests/win/logwriter.c) keeps despool.log open with
# FILE_SHARE_READ|WRITE|DELETE and appends numbered records, then
#   1. renames despool.log to despool.log.1 (a rename rotation) while its
#      own handle is still open too, then closes it and creates a new
#      despool.log;
#   2. rolls over as ConfigMgr does: renames despool.log to despool.lo_
#      and creates a new despool.log;
#   3. rolls over again: deletes despool.lo_, renames despool.log to
#      despool.lo_, creates despool.log.
# Each rename and delete happens while syncwatch has the file open (the
# helper waits until the daemon has counted the lines before it), so it
# only succeeds if syncwatch's handles share deletion: Linux mv would
# prove nothing, it ignores share modes.  The delete in 3 needs more: with
# Windows' classic delete semantics (which wine has) the name of a deleted
# file stays taken while any handle is open, so syncwatch must have let go
# of the despool.lo_ it finished reading (platform_rotated_hold_ms), or the
# rename onto that name is refused.  Every numbered line, in whichever
# generation, must be counted exactly once.
. "$(dirname "$0")/lib.sh"
daemon_init
test_patterns

f=$logs/despool.log
w() { winpath "$logs/$1"; }
: > "$f"
source_section despool "$f" | write_config
start_daemon

lw pace 2 10 \
    open "$(w despool.log)" lines 1 100 \
    waitfor "$(w flag1)" 30 \
    rename "$(w despool.log)" "$(w despool.log.1)" close \
    create "$(w despool.log)" lines 101 200 \
    waitfor "$(w flag2)" 30 \
    close rename "$(w despool.log)" "$(w despool.lo_)" \
    create "$(w despool.log)" lines 201 300 \
    waitfor "$(w flag3)" 30 \
    close delete "$(w despool.lo_)" rename "$(w despool.log)" "$(w despool.lo_)" \
    create "$(w despool.log)" lines 301 400 close \
    > "$tmp/lw.out" 2>&1 &
lw_pid=$!
bg_pids="$bg_pids $lw_pid"

# _lw_going N: lines 1..N are in; or the writer has died (it was refused).
_lw_going() {
	_hits_ge "$1" && return 0
	kill -0 "$lw_pid" 2>/dev/null && return 1
	_hits_ge "$1" && return 0
	cat "$tmp/lw.out" >&2
	fail "logwriter ended early, at $(hits_total) lines"
}
# step N LAST: wait until lines 1..LAST are in, then let the writer go on.
step() {
	wait_for 30 _lw_going "$2" ||
	    fail "only $(hits_total) hits before rotation $1, expected $2"
	expect_lines_once 1 "$2"
	[ "$(sources_field despool.log state)" = ok ] ||
	    fail "despool.log is not being followed before rotation $1"
	: > "$logs/flag$1"
}

note "1: rename to despool.log.1 while held"
step 1 100
note "2: ConfigMgr rollover to despool.lo_"
step 2 200
note "3: the second rollover deletes the held-or-recent despool.lo_"
step 3 300
set +e
wait "$lw_pid"
rc=$?
set -e
cat "$tmp/lw.out"
[ "$rc" -eq 0 ] || fail "logwriter failed (status $rc): a rename or delete was refused"
wait_lines_once 1 400
[ "$(sources_field despool.log rotations)" -ge 3 ] ||
    fail "$(sources_field despool.log rotations) rotations followed, expected 3"
stop_daemon
