#!/bin/bash
# Appends to a followed log: CRLF ConfigMgr records written from Linux to
# a log syncwatch.exe follows under wine, in single lines, in bursts, and
# a record split across two writes.  Every numbered line must be one hit,
# seen through the HTTP API.
. "$(dirname "$0")/lib.sh"
daemon_init
test_patterns

f=$logs/despool.log
{ routine; recs 1 5; } > "$f"
source_section despool "$f" | write_config
start_daemon
wait_lines_once 1 5

note "single appends"
for i in 6 7 8; do
	rec "$i" >> "$f"
done
wait_lines_once 1 8

note "a burst of 300 records in one write"
recs 9 308 >> "$f"
wait_lines_once 1 308

note "a record written in two pieces: counted once, when complete"
line=$(rec 309)
printf '%s' "${line:0:20}" >> "$f"
printf '%s\n' "${line:20}" >> "$f"
rec 310 >> "$f"
wait_lines_once 1 310

note "the incident as the API shows it"
api_get "/api/v1/incidents?signature=test.line&limit=1" |
    jq -e '.incidents[0] | .source == "despool" and .product == "wintest" and
        .count == 1 and .severity == "warning"' > /dev/null ||
    fail "incident fields: $(cat "$tmp/api.body")"
[ "$(sources_field despool.log lines)" -eq 311 ] ||
    fail "the source read $(sources_field despool.log lines) lines, expected 311"
[ "$(sources_field despool.log offset)" -eq "$(stat -c %s "$f")" ] ||
    fail "the committed offset is not the file's size (CRLF kept)"
stop_daemon
