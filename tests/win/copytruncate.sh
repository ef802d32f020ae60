#!/bin/bash
# copytruncate (logrotate's, or a product that empties its log in place),
# done from Linux while syncwatch.exe holds the file: the copy is not
# followed, the emptied log is read again from its start.  Twice: once
# with a pause after the truncation, once refilled at once with more than
# it held (only the changed head tells).  Every line counts once.
. "$(dirname "$0")/lib.sh"
daemon_init
test_patterns

f=$logs/despool.log
recs 1 50 > "$f"
source_section despool "$f" | write_config
start_daemon
wait_lines_once 1 50

note "copy, truncate, then append"
cp "$f" "$f.1"
: > "$f"
_truncated() {
	[ "$(sources_field despool.log offset)" -eq 0 ]
}
wait_for 10 _truncated || fail "the truncation was not followed"
recs 51 80 >> "$f"
wait_lines_once 1 80

note "copy, truncate and refill in one write, past the old size"
cp "$f" "$f.2"
size=$(stat -c %s "$f")
recs 81 200 > "$tmp/refill"
cat "$tmp/refill" > "$f"		# one open(O_TRUNC) and one write
[ "$(stat -c %s "$f")" -gt "$size" ] || fail "test bug: not refilled past $size"
wait_lines_once 1 200
[ "$(sources_field despool.log truncations)" -eq 2 ] ||
    fail "$(sources_field despool.log truncations) truncations, expected 2"
stop_daemon
