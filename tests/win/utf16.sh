#!/bin/bash
# A UTF-16LE log with a BOM and CRLF line ends, as PowerShell 5's Out-File
# and reg export write them, holding the letter К (U+041A, bytes 1A 04):
# a text-mode read stops at the byte 0x1A, so everything after the first
# К would be lost.  It must be read in full, at start and when appended,
# and the record text must come back as UTF-8.
. "$(dirname "$0")/lib.sh"
daemon_init
test_patterns

u16() {
	iconv -f UTF-8 -t UTF-16LE
}

f=$logs/export.log
k='Ключ К сайту КОД'		# К: 0x1A in UTF-16LE
{
	printf '\xff\xfe'	# the BOM
	{ rec 0 "$k"; recs 1 40; rec 41 "$k"; recs 42 60; } | u16
} > "$f"
# The first 0x1A byte comes before all the numbered records but one.
first1a=$(od -An -v -tx1 -w1 "$f" | grep -n '^ 1a$' | head -1 | cut -d: -f1)
[ -n "$first1a" ] && [ "$first1a" -lt 100 ] ||
    fail "test bug: the first 0x1A is at byte ${first1a:-none}"

source_section export "$f" | write_config
start_daemon
wait_lines_once 0 60

note "appended UTF-16LE (no BOM on appends), К again"
{ rec 61 "$k"; recs 62 80; } | u16 >> "$f"
wait_lines_once 0 80

note "the record text, decoded"
id=$(incidents_all test.line | jq -r 'select(.fields.n == "41") | .id')
[ -n "$id" ] || fail "no incident for line 41"
api_get "/api/v1/incidents/$id" | jq -e --arg k "$k" \
    '.samples[0].text | startswith("LINE 41: " + $k)' > /dev/null ||
    fail "sample text of line 41: $(jq -c '.samples' "$tmp/api.body")"
[ "$(sources_field export.log offset)" -eq "$(stat -c %s "$f")" ] ||
    fail "offset $(sources_field export.log offset), size $(stat -c %s "$f")"
stop_daemon
