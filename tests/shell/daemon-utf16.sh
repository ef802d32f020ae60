# A UTF-16LE log (BOM, CRLF), as ConfigMgr and Windows services write
# them, followed live: appends in several writes, one of them cut in the
# middle of a UTF-16 code unit and another between the CR and the LF.
set -eu
. "$(dirname "$0")/../lib.sh"
daemon_init

f=$logs/despool.log
{ printf '\377\376'; { routine; hits S02 2 1; } | utf16le; } > "$f"
source_section despool "$f" start_at=beginning | write_config
start_daemon
wait_count S02 2
{ hit S03 1; routine; hit S02 3; } | utf16le >> "$f"
wait_count S03 1
sentinel "$f" utf16le
expect_count S02 3

# One record in three writes: an odd number of bytes (half a code unit),
# then up to between CR and LF, then the rest; the daemon gets time to
# read each piece on its own, and must not make a record of any.
{ hit S04 7; } | utf16le > "$tmp/rec"
size=$(wc -c < "$tmp/rec")
head -c 101 "$tmp/rec" >> "$f"
no_change_for 0.3 S04 0
tail -c +102 "$tmp/rec" | head -c $((size - 2 - 101)) >> "$f"
no_change_for 0.5 S04 0
tail -c 2 "$tmp/rec" >> "$f"
wait_count S04 1
sentinel "$f" utf16le
[ "$(incident_field S04 fields | jq -r .path)" = 'C:\SMS\inboxes\despoolr.box\receive\00000007.ins' ] ||
    fail "UTF-16 record decoded wrong: $(incident_field S04 fields)"

# A non-ASCII site text around the hit does not disturb the decoding.
cm_record "Received instruction from site S02 – naïve ünïcödé" | utf16le >> "$f"
hit S05 8 | utf16le >> "$f"
wait_count S05 1
sentinel "$f" utf16le
expect_count S02 3
expect_count S03 1
expect_count S04 1
expect_count S05 1
expect_incidents $((4 + sentinel_n))

# A restart resumes in the middle of the UTF-16 file.
stop_daemon
hit S02 9 | utf16le >> "$f"
start_daemon
wait_count S02 4
sentinel "$f" utf16le
expect_count S02 4
expect_count S03 1
expect_incidents $((4 + sentinel_n))
stop_daemon
