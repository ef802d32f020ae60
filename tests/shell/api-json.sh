# The JSON API's bodies (docs/http.md, "JSON API"): the shape and the
# values of /api/v1/status, /incidents, /incidents/{id}, /signatures and
# /sources on a daemon with incidents of three severities and sources that
# are reading, waiting for their file and failing.
#
# Golden files, compared with diff after `jq -S .` (sorted keys):
#   tests/golden/api-signatures.json  GET /api/v1/signatures, as is;
#   tests/golden/api-incident.json    GET /api/v1/incidents/{id} of the
#       S02 incident below, with the id and every time (which depend on
#       when the test runs: the values are checked before) replaced by
#       "ID"/"TIME", the ConfigMgr stamp in sample texts by STAMP and the
#       sample file names made relative to the log directory.
# To regenerate after an intended change (patterns/ or the API), run the
# test with SYNCWATCH_GOLDEN_UPDATE=1 in the environment:
#   SYNCWATCH_GOLDEN_UPDATE=1 sh tests/shell/api-json.sh ./syncwatch "$(mktemp -d)"
# then review `git diff tests/golden` before committing.
set -eu
. "$(dirname "$0")/../lib.sh"
api_init
golden=$top/tests/golden
iso='^[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}\.[0-9]{3}Z$'

# compare_golden NAME FILE: FILE (normalised JSON) must equal the golden.
compare_golden() {
	jq -S . "$2" > "$tmp/$1.norm" || fail "$1: not JSON"
	if [ -n "${SYNCWATCH_GOLDEN_UPDATE:-}" ]; then
		cp "$tmp/$1.norm" "$golden/$1"
		echo "updated $golden/$1"
		return 0
	fi
	diff -u "$golden/$1" "$tmp/$1.norm" >&2 ||
	    fail "$1: the body differs from tests/golden/$1 (see the diff above)"
}

despool=$logs/despool.log
sender=$logs/sender.log
{
	source_section despool "$despool" start_at=beginning
	source_section sender "$sender" start_at=beginning
	source_section missing "$logs/missing.log"
	source_section broken "$logs/broken.log"
} | api_config
start_api_daemon
# A directory where broken.log should be: that source cannot read it.  (At
# startup check-config refuses it, so it appears once the daemon runs.)
mkdir "$logs/broken.log"

# Three hits for S02 over two minutes ten minutes ago (recent: samples and
# timelines older than retention_days are pruned), one for S03 in 2016; an
# error and a warning from the sender.  ConfigMgr times are local, 420
# minutes behind UTC.
t0=$(( ($(date -u +%s) / 60 - 10) * 60 ))
stamp() {
	date -u -d "@$(($1 - 25200))" +"%m-%d-%Y %H:%M:%S.$2"
}
isotime() {
	date -u -d "@$1" +"%Y-%m-%dT%H:%M:%S.$2Z"
}
{
	routine "$(stamp $((t0 - 1)) 500)"
	hit S02 1 "$(stamp "$t0" 917)"
	hit S02 2 "$(stamp $((t0 + 30)) 000)"
	routine "$(stamp $((t0 + 59)) 000)"
	hit S02 3 "$(stamp $((t0 + 65)) 250)"
	hit S03 4 '08-22-2016 04:20:00.000'
} >> "$despool"
{
	printf '~Attempt to connect failed.  $$<SMS_LAN_SENDER><08-22-2016 05:02:32.442+420><thread=8012 (0x1F4C)>\r\n'
	printf "~Cannot connect to server SCCMSEC02 at remote site S02, won't try send requests going to site S02 for an hour or until there are no active send requests.  \$\$<SMS_LAN_SENDER><08-22-2016 05:02:33.458+420><thread=8012 (0x1F4C)>\r\n"
} >> "$sender"
wait_count S02 3
wait_count S03 1
_sender_in() {
	[ "$(incidents_json | jq -s '[.[] | select(.source == "sender")] | length')" -eq 2 ]
}
wait_for 10 _sender_in || fail "the sender's two incidents did not appear"
# Let the sources' snapshot catch up with the last reads.
_sources_current() {
	http_get /api/v1/sources
	jq -e --arg n "$(wc -c < "$despool" | tr -d ' ')" \
	    '.sources[] | select(.name == "despool") | .offset == ($n | tonumber)' \
	    "$tmp/body" > /dev/null 2>&1
}
wait_for 10 _sources_current || fail "despool's offset never reached the end: $(cat "$tmp/body")"
id=$(incidents_json | jq -s '.[] | select(.source == "despool" and .fields.site == "S02") | .id')

# --- /api/v1/status
expect_http 200 GET /api/v1/status
expect_json '(.status | type) == "string" and (.open | type) == "object" and
    (.open.critical | type) == "number" and (.open.error | type) == "number" and
    (.open.warning | type) == "number" and (.sources.healthy | type) == "number" and
    (.sources.unhealthy | type) == "number" and (.version | type) == "string" and
    (.uptime_s | type) == "number" and .uptime_s >= 0 and (.uptime_s | floor) == .uptime_s' \
    /api/v1/status
# The unreadable source is an incident of its own (syncwatch.source-unreadable).
expect_json '.status == "critical" and .open == {"critical": 2, "error": 2, "warning": 1}' \
    "/api/v1/status counts"
expect_json '.sources.healthy + .sources.unhealthy == 4 and .sources.healthy >= 2 and
    .sources.unhealthy >= 1' "/api/v1/status sources"
version=$("$prog" --version | awk '{ print $2 }')
jq -e --arg v "$version" '.version == $v' "$tmp/body" > /dev/null ||
    fail "/api/v1/status version $(jq .version "$tmp/body"), expected $version"

# --- /api/v1/incidents
expect_http 200 GET /api/v1/incidents
cp "$tmp/body" "$tmp/list.json"
expect_json 'keys == ["incidents", "next_cursor", "total"] and (.incidents | type) == "array" and .total == 5 and
    .next_cursor == null' /api/v1/incidents
jq -e --arg iso "$iso" '.incidents | length == 5 and all(.[];
    (.id | type) == "number" and (.signature | type) == "string" and
    (.title | type) == "string" and (.title | length) > 0 and
    (.product | type) == "string" and
    (.severity | IN("critical", "error", "warning")) and
    (.state | IN("open", "acknowledged", "resolved")) and
    (.resolution == null or (.resolution | IN("recovered", "self-healed", "drained", "back"))) and
    (.source | type) == "string" and (.fields | type) == "object" and
    (.count | type) == "number" and (.first_seen | test($iso)) and
    (.last_seen | test($iso)) and .first_seen <= .last_seen)' \
    "$tmp/body" > /dev/null || fail "/api/v1/incidents: bad incident objects: $(cat "$tmp/body")"
jq -e '[.incidents[] | select(.source == "broken")] | length == 1 and
    .[0].signature == "syncwatch.source-unreadable" and .[0].state == "open" and
    .[0].severity == "error" and .[0].product == "syncwatch" and
    (.[0].fields.error | type) == "string" and
    (.[0].fields.path | endswith("/broken.log"))' "$tmp/body" > /dev/null ||
    fail "/api/v1/incidents: no source-unreadable incident for broken: $(jq -c '.incidents[]' "$tmp/body")"
# The log says what is true: never "following" a file it cannot read.
log_has "broken.log: not a regular file" || fail "the unreadable source was not logged"
log_has "following $logs/broken.log" && fail "the log says it follows a file it cannot read"
jq -e '[.incidents[] | select(.product != "syncwatch") |
    {signature, source, fields, count, severity, state, product}] |
    sort_by(.signature, .fields.site) == [
    {"signature": "configmgr.despool.public-key-missing", "source": "despool",
     "fields": {"path": "C:\\SMS\\inboxes\\despoolr.box\\receive\\00000003.ins", "site": "S02"},
     "count": 3, "severity": "critical", "state": "open", "product": "configmgr"},
    {"signature": "configmgr.despool.public-key-missing", "source": "despool",
     "fields": {"path": "C:\\SMS\\inboxes\\despoolr.box\\receive\\00000004.ins", "site": "S03"},
     "count": 1, "severity": "critical", "state": "open", "product": "configmgr"},
    {"signature": "configmgr.sender.cannot-connect", "source": "sender",
     "fields": {"server": "SCCMSEC02", "site": "S02"},
     "count": 1, "severity": "error", "state": "open", "product": "configmgr"},
    {"signature": "configmgr.sender.no-connection", "source": "sender",
     "fields": {}, "count": 1, "severity": "warning", "state": "open", "product": "configmgr"}]' \
    "$tmp/body" > /dev/null || fail "/api/v1/incidents: wrong incidents: $(jq -c '.incidents[]' "$tmp/body")"
# Newest activity first.
jq -e '[.incidents[].last_seen] as $l | $l == ($l | sort | reverse)' "$tmp/body" > /dev/null ||
    fail "/api/v1/incidents: not newest activity first: $(jq -c '[.incidents[].last_seen]' "$tmp/body")"

# --- /api/v1/incidents/{id}
expect_http 200 GET "/api/v1/incidents/$id"
cp "$tmp/body" "$tmp/incident.json"
jq -e --arg iso "$iso" '(.meaning | type) == "string" and (.meaning | length) > 0 and
    (.fix | type) == "array" and (.fix | length) > 0 and all(.fix[]; type == "string") and
    (.refs | type) == "array" and all(.refs[]; type == "string") and
    (.samples | type) == "array" and all(.samples[]; (.file | type) == "string" and
        (.line | type) == "number" and (.time | test($iso)) and (.text | type) == "string") and
    (.timeline | type) == "array" and all(.timeline[]; (.minute | type) == "string" and
        (.hits | type) == "number") and
    (.history | type) == "array" and all(.history[]; (.at | test($iso)) and
        (.state | IN("open", "acknowledged", "resolved", "escalated")) and
        ((.by | type) == "string" or .by == null) and
        ((.note | type) == "string" or .note == null)) and
    (.state_changed_at == null or (.state_changed_at | test($iso))) and
    (.state_by == null or (.state_by | type) == "string")' "$tmp/body" > /dev/null ||
    fail "/api/v1/incidents/$id: bad shape: $(cat "$tmp/body")"
# The list's object is the detail's subset, value for value.
jq -e --argjson id "$id" --slurpfile d "$tmp/incident.json" \
    '(.incidents[] | select(.id == $id)) as $l | $l | to_entries |
    all(.[]; $d[0][.key] == .value)' "$tmp/list.json" > /dev/null ||
    fail "/api/v1/incidents/$id differs from its entry in /api/v1/incidents"
jq -e --argjson id "$id" --arg f "$(isotime "$t0" 917)" --arg l "$(isotime $((t0 + 65)) 250)" \
    --arg t2 "$(isotime $((t0 + 30)) 000)" --arg m0 "$(isotime "$t0" 000)" \
    --arg m1 "$(isotime $((t0 + 60)) 000)" --arg p "$despool" \
    '.id == $id and .count == 3 and .first_seen == $f and .last_seen == $l and
    ([.samples[] | [.file, .line, .time]] | sort) == [[$p, 2, $f], [$p, 3, $t2], [$p, 5, $l]] and
    (.timeline | sort_by(.minute)) == [{"minute": $m0, "hits": 2}, {"minute": $m1, "hits": 1}]' \
    "$tmp/incident.json" > /dev/null ||
    fail "/api/v1/incidents/$id: wrong times, samples or timeline: $(jq -c '{first_seen, last_seen, samples: [.samples[] | [.file, .line, .time]], timeline}' "$tmp/incident.json") (t0 $(isotime "$t0" 000))"
# Three hits in one batch open one incident: one history entry, without a
# note (no rule opened it), and no resolution.
jq -e '(.history | length == 1 and .[0].state == "open" and .[0].by == null and
    .[0].note == null) and has("resolution") and .resolution == null' \
    "$tmp/incident.json" > /dev/null ||
    fail "/api/v1/incidents/$id: a new incident with 3 hits must have one history entry (open), got $(jq -c .history "$tmp/incident.json")"
jq --arg logs "$logs/" '.id = "ID" |
    .state_changed_at |= (if . == null then null else "TIME" end) |
    .first_seen = "TIME" | .last_seen = "TIME" |
    .history |= map(.at = "TIME") |
    .samples |= map(.file |= ltrimstr($logs) | .time = "TIME" |
        .text |= sub("<[0-9]{2}-[0-9]{2}-[0-9]{4} [0-9:.]+[+]420>"; "<STAMP+420>")) |
    .timeline |= map(.minute = "TIME")' "$tmp/incident.json" > "$tmp/incident.norm.json"
compare_golden api-incident.json "$tmp/incident.norm.json"

# --- /api/v1/signatures: the catalog in patterns/, and the golden file.
expect_http 200 GET /api/v1/signatures
cp "$tmp/body" "$tmp/signatures.json"
expect_json 'keys == ["signatures"] and (.signatures | type) == "array" and
    all(.signatures[]; (.id | type) == "string" and (.title | type) == "string" and
    (.product | IN("configmgr", "esync", "episerver", "syncwatch")) and
    (.severity | IN("critical", "error", "warning")) and
    (.kind | IN("event", "sequence", "inbox", "health")) and
    (.formats | type) == "array" and all(.formats[]; type == "string") and
    (.group_by | type) == "array" and all(.group_by[]; type == "string"))' \
    /api/v1/signatures
# What the .sig files say, read independently of the daemon (formats are
# a set, group_by a sequence).
awk '
function flush() {
	if (id != "")
		printf "%s\t%s\t%s\t%s\t%s\t%s\n", id, title, product, severity, formats, group_by
}
function value(v) {
	sub(/^[^=]*=[ \t]*/, "", v)
	sub(/[ \t\r]+$/, "", v)
	return v
}
/^\[/ { flush(); id = substr($0, 2, index($0, "]") - 2)
	title = product = severity = formats = group_by = "" }
/^title[ \t]*=/ { title = value($0) }
/^product[ \t]*=/ { product = value($0) }
/^severity[ \t]*=/ { severity = value($0) }
/^formats[ \t]*=/ { formats = value($0) }
/^group_by[ \t]*=/ { group_by = value($0) }
END { flush() }' "$patterns"/*.sig |
    jq -R -s 'split("\n") | map(select(length > 0) | split("\t") |
    {id: .[0], title: .[1], product: .[2], severity: .[3],
     formats: (.[4] | split(" ") | map(select(length > 0)) | sort),
     group_by: (.[5] | split(" ") | map(select(length > 0)))}) | sort_by(.id)' \
    > "$tmp/sig-expected.json"
jq '.signatures | map({id, title, product, severity, formats: (.formats | sort), group_by}) |
    sort_by(.id)' \
    "$tmp/signatures.json" > "$tmp/sig-got.json"
diff -u "$tmp/sig-expected.json" "$tmp/sig-got.json" >&2 ||
    fail "/api/v1/signatures does not match patterns/*.sig (diff above)"
compare_golden api-signatures.json "$tmp/signatures.json"

# --- /api/v1/sources
expect_http 200 GET /api/v1/sources
expect_json 'keys == ["sources"] and ([.sources[].name] | sort) == ["broken", "despool", "missing", "sender"]' \
    "/api/v1/sources names"
jq -e '.sources | all(.[]; (.name | type) == "string" and (.path | type) == "string" and
    (.state | IN("ok", "waiting", "error")) and ((.error | type) == "string" or .error == null) and
    all(.offset, .bytes, .lines, .records, .hits, .cut, .rotations, .truncations;
        type == "number" and . >= 0))' "$tmp/body" > /dev/null ||
    fail "/api/v1/sources: bad source objects: $(cat "$tmp/body")"
size=$(wc -c < "$despool" | tr -d ' ')
jq -e --arg p "$despool" --argjson size "$size" --arg iso "$iso" \
    '.sources[] | select(.name == "despool") | .path == $p and .state == "ok" and
    .error == null and .offset == $size and .bytes == $size and .lines == 6 and
    .records == 6 and .hits == 4 and .cut == 0 and .rotations == 0 and
    .truncations == 0 and (.last_record | test($iso))' "$tmp/body" > /dev/null ||
    fail "/api/v1/sources: despool: $(jq -c '.sources[] | select(.name == "despool")' "$tmp/body") (size $size)"
jq -e '.sources[] | select(.name == "sender") | .state == "ok" and .lines == 2 and .hits == 2' \
    "$tmp/body" > /dev/null ||
    fail "/api/v1/sources: sender: $(jq -c '.sources[] | select(.name == "sender")' "$tmp/body")"
jq -e --arg p "$logs/missing.log" '.sources[] | select(.name == "missing") |
    .path == $p and .state == "waiting" and .last_record == null and .offset == 0 and
    .lines == 0' "$tmp/body" > /dev/null ||
    fail "/api/v1/sources: missing: $(jq -c '.sources[] | select(.name == "missing")' "$tmp/body")"
jq -e --arg p "$logs/broken.log" '.sources[] | select(.name == "broken") |
    .path == $p and .state == "error" and (.error | type) == "string" and
    (.error | length) > 0 and .last_record == null' "$tmp/body" > /dev/null ||
    fail "/api/v1/sources: broken: $(jq -c '.sources[] | select(.name == "broken")' "$tmp/body")"

stop_daemon
