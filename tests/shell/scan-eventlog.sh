# scan reads Windows event-log exports: --format eventlog and detected
# from the first lines, Event Viewer's UTF-16 text newest first (the
# sequence rule still sees initialized before stopped), CSV, wevtutil's
# text and XML, .evtx files; bad input is named FILE:LINE, never fatal.
set -eu
. "$(dirname "$0")/../lib.sh"

# Event Viewer "Save All Events As... Text (tab delimited)": UTF-16LE
# with BOM, CRLF, newest first, en-US local time.
{ printf '\377\376'
  printf 'Level\tDate and Time\tSource\tEvent ID\tTask Category\r\nInformation\t12/4/2026 7:10:00 PM\tEktronL2\t0\tNone\tService stopped successfully\r\nInformation\t12/4/2026 6:55:03 PM\tEktronL2\t0\tNone\tService started successfully\r\nInformation\t12/4/2026 6:40:04 PM\tEktronL2\t0\tNone\tService stopped successfully\r\nInformation\t12/4/2026 6:40:01 PM\tEktronL2\t0\tNone\tService initialized successfully\r\n' |
      iconv -f UTF-8 -t UTF-16LE
} > "$tmp/l2.txt"
for fmt in auto eventlog; do
	expect_status 1 "$prog" scan --patterns "$patterns" --format "$fmt" --tz 60 --json "$tmp/l2.txt"
	jq -s -e '[.[] | select(has("incident") | not)] == [{"signature":
	    "esync.service-not-listening", "severity": "error", "file": "'"$tmp"'/l2.txt",
	    "line": 4, "time": "2026-12-04T17:40:04.000Z", "fields": {},
	    "text": "Service stopped successfully"}]' "$tmp/out" > /dev/null ||
	    fail "l2.txt ($fmt): one hit, on the stop after the initialize: $(cat "$tmp/out")"
	jq -s -e '[.[] | select(has("incident"))] | length == 1 and
	    .[0].state == "resolved" and .[0].resolution == "recovered"' "$tmp/out" > /dev/null ||
	    fail "l2.txt ($fmt): the start recovers it: $(cat "$tmp/out")"
done
# As plain text (the old way) the newest-first file hides the failure.
expect_status 0 "$prog" scan --patterns "$patterns" --format plain "$tmp/l2.txt"

# The CSV export, day-first (en-GB), a quoted description over lines.
printf 'Level,Date and Time,Source,Event ID,Task Category\r\nError,04/12/2026 18:49:05,EktronL2,0,None,"The communication object, System.ServiceModel.Channels.ServiceChannel, cannot be used\r\nfor communication because it is in the Faulted state."\r\n' > "$tmp/l2.csv"
expect_status 1 "$prog" scan --patterns "$patterns" "$tmp/l2.csv"
grep -q "^$tmp/l2.csv:2: error esync.channel-faulted: .*\[object=System.ServiceModel.Channels.ServiceChannel\]" "$tmp/out" ||
    fail "l2.csv: $(cat "$tmp/out")"
grep -q '2026-12-04T18:49:05.000Z  The communication object' "$tmp/out" ||
    fail "l2.csv: time and first line: $(cat "$tmp/out")"

# wevtutil qe EktronL2 /f:xml /rd:true: one line, newest first.
ev() {	# RECORD TIME TEXT
	printf "<Event xmlns='http://schemas.microsoft.com/win/2004/08/events/event'><System><Provider Name='EktronL2'/><EventID Qualifiers='0'>0</EventID><Level>4</Level><TimeCreated SystemTime='%s'/><EventRecordID>%s</EventRecordID><Channel>EktronL2</Channel></System><EventData><Data>%s</Data></EventData></Event>" "$2" "$1" "$3"
}
{ ev 2 2026-12-04T18:40:04.1234567Z 'Service stopped successfully'
  ev 1 2026-12-04T18:40:01.0000000Z 'Service initialized successfully'; } > "$tmp/l2.xml"
expect_status 1 "$prog" scan --patterns "$patterns" "$tmp/l2.xml"
grep -q "^$tmp/l2.xml:1: error esync.service-not-listening:" "$tmp/out" || fail "l2.xml: $(cat "$tmp/out")"
grep -q '2026-12-04T18:40:04.123Z  Service stopped successfully' "$tmp/out" || fail "l2.xml: time: $(cat "$tmp/out")"

# Cut short: the events before the cut count, the cut one is named.
{ ev 1 2026-12-04T18:40:01Z 'Service initialized successfully'
  ev 2 2026-12-04T18:40:04Z 'Service stopped successfully' | cut -c1-200; } > "$tmp/cut.xml"
expect_status 0 "$prog" scan --patterns "$patterns" "$tmp/cut.xml"
grep -q "cut.xml:1: event XML: cut short" "$tmp/err" || fail "cut.xml: $(cat "$tmp/err")"

# wevtutil /f:text, the sample shipped with the signatures.
expect_status 1 "$prog" scan --patterns "$patterns" --format eventlog "$patterns/samples/eventlog-ektronl2.log"
grep -q 'eventlog-ektronl2.log:19: error esync.service-not-listening' "$tmp/out" ||
    fail "eventlog-ektronl2.log: $(cat "$tmp/out")"

# .evtx: read with libevtx where the build has it.
evtx=$top/tests/data/evtx/dns_log_malformed.evtx
if "$prog" scan --patterns "$patterns" --stats "$evtx" > "$tmp/out" 2> "$tmp/err"; then
	grep -q 'scan: 5 records' "$tmp/err" || fail ".evtx: $(cat "$tmp/err")"
else
	grep -q '.evtx: not supported in this build' "$tmp/err" || fail ".evtx: $(cat "$tmp/err")"
fi
expect_status 2 "$prog" scan --patterns "$patterns" - < "$evtx"
grep -q 'an .evtx file must be given by its name' "$tmp/err" || fail "stdin .evtx: $(cat "$tmp/err")"

# The replay backend (platform_evlog_* over a wevtutil capture) and the
# XML export read as a file agree on every hit but its number: the line
# for the file, the record number for the event log.
{ ev 5 2026-12-04T18:55:03Z 'Service started successfully'
  ev 3 2026-12-04T18:49:05Z 'The communication object, System.ServiceModel.Channels.ServiceChannel, cannot be used for communication because it is in the Faulted state.'
  ev 2 2026-12-04T18:40:04Z 'Service stopped successfully'
  ev 1 2026-12-04T18:40:01Z 'Service initialized successfully'; } > "$tmp/capture.xml"
expect_status 1 "$prog" scan --patterns "$patterns" --json "$tmp/capture.xml"
jq -c 'del(.line)' "$tmp/out" > "$tmp/file.json"
expect_status 1 "$prog" scan --patterns "$patterns" --json --replay "$tmp/capture.xml"
jq -c 'del(.line)' "$tmp/out" > "$tmp/replay.json"
cmp "$tmp/file.json" "$tmp/replay.json" || fail "replay and file differ: $(cat "$tmp/file.json" "$tmp/replay.json")"
[ "$(jq -s '[.[] | select(has("incident") | not)] | map(.line)' "$tmp/out" | tr -d ' \n')" = '[2,3]' ] ||
    fail "replay: the hits carry record numbers: $(cat "$tmp/out")"

# The live event log: only on Windows.
expect_status 2 "$prog" scan --patterns "$patterns" --eventlog EktronL2
grep -q 'EktronL2: the Windows event log cannot be read on this system' "$tmp/err" ||
    fail "--eventlog: $(cat "$tmp/err")"
