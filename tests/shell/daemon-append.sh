# The daemon follows a file live: appends in several writes, a partial last
# line that is completed later (also across a restart), and a ConfigMgr
# record spread over two physical lines with the trailer on the second.
set -eu
. "$(dirname "$0")/../lib.sh"
daemon_init

f=$logs/despool.log
source_section despool "$f" start_at=beginning | write_config
start_daemon

# Several writes: hits of two sites between routine lines.
{ routine; hits S02 3; } >> "$f"
wait_count S02 3
{ hit S03 10; routine; hit S02 4; routine; } >> "$f"
hits S02 2 5 >> "$f"
{ hit S03 11; hit S04 12; } >> "$f"
sentinel "$f"
expect_count S02 6
expect_count S03 2
expect_count S04 1
expect_incidents 4

# A partial last line: cut in the middle of the instruction path, where
# neither half would match on its own.  A complete sentinel written in the
# same write before it proves the daemon has read the partial line.
line=$(hit S05 77)	# ends in CR: $(…) drops the LF
first=${line%%despoolr.box*}
rest=${line#"$first"}
{ hit Z90 1; printf '%s' "$first"; } >> "$f"
wait_count Z90 1
# Well past the 300 ms quiet period, the partial line must not have been
# made into a record.
no_change_for 0.8 S05 0
# And it survives a restart: its bytes are read again, not skipped.
stop_daemon
start_daemon
no_change_for 0.5 S05 0
printf '%s\n' "$rest" >> "$f"
wait_count S05 1
sentinel "$f"
expect_count S05 1
[ "$(incident_field S05 fields | jq -r .path)" = 'C:\SMS\inboxes\despoolr.box\receive\00000077.ins' ] ||
    fail "partial line: wrong path field: $(incident_field S05 fields)"

# A multi-line record: line 1 without trailer, line 2 with it.  Line 2
# arrives in a later write, after line 1 has been read.
printf '%s\r\n' 'Cannot find a public key for instruction C:\SMS\inboxes\despoolr.box\receive\00000088.ins' >> "$f"
printf 'incoming from site S06, retry it later~  $$<SMS_DESPOOLER><08-22-2016 04:15:03.000+420><thread=2316 (0x90C)>\r\n' >> "$f"
wait_count S06 1
sentinel "$f"
expect_count S06 1

# The same with a restart while line 1 is held back (twice: the position
# committed while the record is held must stay at its first line, so
# nothing before it is read again).
{ hit S07 1; printf '%s\r\n' 'Cannot find a public key for instruction C:\SMS\inboxes\despoolr.box\receive\00000089.ins'; } >> "$f"
wait_count S07 1
stop_daemon
start_daemon
stop_daemon
start_daemon
printf 'incoming from site S08, retry it later~  $$<SMS_DESPOOLER><08-22-2016 04:15:04.000+420><thread=2316 (0x90C)>\r\n' >> "$f"
wait_count S08 1
sentinel "$f"
for s in S02:6 S03:2 S04:1 S05:1 S06:1 S07:1 S08:1 Z90:1; do
	expect_count "${s%:*}" "${s#*:}"
done
expect_incidents $((8 + sentinel_n))
stop_daemon
