# scan --json prints one valid JSON object per hit whatever the log holds:
# NUL bytes, invalid UTF-8, HTML, control characters, megabyte lines; then
# one object per incident, whose fields survive the same bytes.
set -eu
. "$(dirname "$0")/../lib.sh"

log=$tmp/hostile.log
esc=$(printf '\033')
{
	cm_record "Cannot find a public key for instruction C:\\<script>alert(1)</script>${esc}[31m.ins incoming from site S02, retry it later"
	cm_record "$(head -c 1500000 /dev/zero | tr '\0' 'x')"
	cm_record "Cannot find valid public key for key exchange instruction coming from site S03 \377\300 tail"
	printf '\000\000\000\000'
	cm_record "Cannot find valid public key for key exchange instruction coming from site S04"
	# No trailer and no line end: a last record of its own, with no hit.
	printf 'garbage \000\001\002 \377\376 binary'
} > "$log"

expect_status 1 "$prog" scan --patterns "$patterns" --json "$log"
cp "$tmp/out" "$tmp/all"
jq -c 'select(has("incident"))' "$tmp/all" > "$tmp/incidents"
jq -c 'select(has("incident") | not)' "$tmp/all" > "$tmp/out"
[ "$(wc -l < "$tmp/incidents")" -eq 3 ] ||
    fail "expected 3 incidents: $(cat "$tmp/incidents")"
jq -s -e '[.[].fields.site] == ["S02", "S03", "S04"] and
    (.[0].fields.path | contains("<script>alert(1)</script>\u001b[31m"))' \
    "$tmp/incidents" > /dev/null || fail "incident fields: $(cat "$tmp/incidents")"
n=$(wc -l < "$tmp/out")
[ "$n" -eq 3 ] || fail "expected 3 hits, got $n: $(cat "$tmp/out")"
while IFS= read -r line; do
	printf '%s\n' "$line" | jq -e 'type == "object" and
	    (.signature | type) == "string" and (.line | type) == "number" and
	    (.fields | type) == "object" and (.text | type) == "string" and
	    (.severity | type) == "string" and (.file | type) == "string"' \
	    > /dev/null || fail "not a valid hit object: $line"
done < "$tmp/out"
jq -s -e '[.[].line] == [1, 3, 4]' "$tmp/out" > /dev/null ||
    fail "wrong line numbers: $(jq -c .line "$tmp/out" | tr '\n' ' ')"
jq -s -e '.[0].time == "2016-08-22T11:15:01.917Z"' "$tmp/out" > /dev/null ||
    fail "time not converted to UTC: $(jq -c .time "$tmp/out" | head -1)"
jq -s -e '.[2].fields.site == "S04"' "$tmp/out" > /dev/null || fail "field"
jq -s -e '.[0].text | contains("<script>alert(1)</script>\u001b[31m")' "$tmp/out" > /dev/null ||
    fail "text must carry the log's bytes, JSON-escaped"
jq -s -e '.[0].fields.path | contains("<script>")' "$tmp/out" > /dev/null ||
    fail "path field lost its text"
# Human output escapes the terminal escape character.
expect_status 1 "$prog" scan --patterns "$patterns" "$log"
if grep -q "$(printf '\033')" "$tmp/out"; then fail "raw ESC in output"; fi
