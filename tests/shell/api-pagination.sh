# GET /api/v1/incidents filters and pagination (docs/http.md): state,
# severity, product, signature and since (ISO time and epoch ms, last_seen
# >= since) each give exactly the incidents of the full list that qualify;
# walking next_cursor with a small limit returns every incident exactly
# once, in the order of the full list, and ends with next_cursor null.  The
# dashboard's filter form selects the same rows.
set -eu
. "$(dirname "$0")/../lib.sh"
api_init

despool=$logs/despool.log
sender=$logs/sender.log
esync=$logs/esync.log
{
	source_section despool "$despool" start_at=beginning
	source_section sender "$sender" start_at=beginning
	printf '[source esync]\npath = %s\nformat = plain\nproduct = esync\nquiet = 300ms\nstart_at = beginning\n' "$esync"
} | api_config
start_api_daemon

# 23 critical incidents, sites A01..A23, one a minute from 11:01Z; three
# errors and a warning from the sender at 12:0xZ; one eSync error.
i=1
while [ "$i" -le 23 ]; do
	hit "$(printf 'A%02d' "$i")" "$i" "$(printf '08-22-2016 04:%02d:00.000' "$i")"
	i=$((i + 1))
done >> "$despool"
for s in B01 B02 B03; do
	printf '~Cannot connect to server SRV%s at remote site %s, won'"'"'t try send requests going to site %s for an hour.  $$<SMS_LAN_SENDER><08-22-2016 05:0%s:00.000+420><thread=8012 (0x1F4C)>\r\n' \
	    "$s" "$s" "$s" "${s#B0}"
done >> "$sender"
printf '~There is no existing connection  $$<SMS_LAN_SENDER><08-22-2016 05:09:00.000+420><thread=8012 (0x1F4C)>\r\n' >> "$sender"
printf '2016-08-22 04:30:00,123 ERROR Object reference not set to an instance of an object.\n' >> "$esync"
_all_in() {
	[ "$(incident_total)" -eq 28 ]
}
wait_for 15 _all_in || fail "$(incident_total) incidents, expected 28"

# Two acknowledged, one resolved (through the CLI: the API's own state
# changes are api-auth.sh's).
for s in A05 A06; do
	"$prog" ack --state-dir "$state" "$(incident_field "$s" id)" > /dev/null
done
"$prog" resolve --state-dir "$state" "$(incident_field A07 id)" > /dev/null

# The reference: every incident, by state.
for st in open acknowledged resolved; do
	expect_http 200 GET "/api/v1/incidents?state=$st&limit=500"
	jq '.incidents' "$tmp/body" > "$tmp/all-$st.json"
	jq -e --arg st "$st" 'all(.[]; .state == $st)' "$tmp/all-$st.json" > /dev/null ||
	    fail "state=$st returned other states: $(jq -c '[.[].state]' "$tmp/all-$st.json")"
done
[ "$(jq length "$tmp/all-open.json")" -eq 25 ] || fail "state=open: $(jq length "$tmp/all-open.json"), expected 25"
[ "$(jq length "$tmp/all-acknowledged.json")" -eq 2 ] || fail "state=acknowledged: expected 2"
[ "$(jq length "$tmp/all-resolved.json")" -eq 1 ] || fail "state=resolved: expected 1"
expect_http 200 GET "/api/v1/incidents?limit=500"
expect_json '.next_cursor == null' "limit=500 with 28 incidents"
jq '.incidents' "$tmp/body" > "$tmp/all.json"
ids_all=$(jq -c '[.[].id] | sort' "$tmp/all.json")
ids_states=$(jq -c -s 'add | [.[].id] | sort' "$tmp/all-open.json" "$tmp/all-acknowledged.json" "$tmp/all-resolved.json")
expect_http 200 GET "/api/v1/incidents?state=active&limit=500"
jq -e --slurpfile o "$tmp/all-open.json" --slurpfile a "$tmp/all-acknowledged.json" \
    '([.incidents[].id] | sort) == ([$o[0][].id, $a[0][].id] | sort)' "$tmp/body" > /dev/null ||
    fail "state=active is not open + acknowledged"
jq -e 'length == 28 or length == 27' "$tmp/all.json" > /dev/null ||
    fail "no state filter: $(jq length "$tmp/all.json") incidents"
if [ "$(jq length "$tmp/all.json")" -eq 28 ]; then
	[ "$ids_all" = "$ids_states" ] || fail "the unfiltered list is not the union of the states"
fi
full=$tmp/full.json
jq -s 'add' "$tmp/all-open.json" "$tmp/all-acknowledged.json" "$tmp/all-resolved.json" > "$full"

# check_filter QUERY JQ-PREDICATE [N]: ?QUERY&limit=500 returns exactly the
# incidents of the full set (all states) that satisfy PREDICATE and the
# state filter implied by QUERY (active when QUERY names no state and the
# server defaults so), N of them if given.
check_filter() {
	expect_http 200 GET "/api/v1/incidents?$1&limit=500"
	_got=$(jq -c '[.incidents[].id] | sort' "$tmp/body")
	_want=$(jq -c "[.[] | select($2)] | [.[].id] | sort" "$full")
	case $1 in
	*state=*) ;;
	*)	# No state given: all states, or active as on the dashboard.
		_want_active=$(jq -c "[.[] | select($2) | select(.state != \"resolved\")] | [.[].id] | sort" "$full")
		[ "$_got" = "$_want" ] || [ "$_got" = "$_want_active" ] ||
		    fail "?$1: got ids $_got, expected $_want (or active: $_want_active)"
		_got=$_want ;;
	esac
	[ "$_got" = "$_want" ] || fail "?$1: got ids $_got, expected $_want"
	if [ $# -ge 3 ]; then
		[ "$(printf '%s' "$_want" | jq length)" -eq "$3" ] ||
		    fail "?$1: $(printf '%s' "$_want" | jq length) incidents, expected $3"
	fi
	# Newest activity first within every answer.
	jq -e '[.incidents[].last_seen] as $l | $l == ($l | sort | reverse)' "$tmp/body" > /dev/null ||
	    fail "?$1: not newest activity first"
}

check_filter 'severity=critical&state=active' '.severity == "critical" and .state != "resolved"' 22
check_filter 'severity=critical&state=open' '.severity == "critical" and .state == "open"' 20
check_filter 'severity=error&state=open' '.severity == "error" and .state == "open"' 4
check_filter 'severity=warning&state=open' '.severity == "warning" and .state == "open"' 1
check_filter 'severity=critical' '.severity == "critical"'
check_filter 'product=esync&state=active' '.product == "esync" and .state != "resolved"' 1
check_filter 'product=configmgr&state=active' '.product == "configmgr" and .state != "resolved"' 26
check_filter 'product=episerver&state=active' '.product == "episerver"' 0
check_filter 'signature=configmgr.sender.cannot-connect&state=open' \
    '.signature == "configmgr.sender.cannot-connect" and .state == "open"' 3
check_filter 'signature=configmgr.despool.public-key-missing&state=resolved' \
    '.signature == "configmgr.despool.public-key-missing" and .state == "resolved"' 1
check_filter 'signature=no.such.signature&state=active' 'false' 0
check_filter 'state=active&severity=critical&product=configmgr' \
    '.state != "resolved" and .severity == "critical" and .product == "configmgr"' 22
check_filter 'state=acknowledged&severity=error' 'false' 0
# since: last_seen >= since, as an ISO time (boundary included) and in ms.
t20=2016-08-22T11:20:00.000Z
ms20=$(( $(date -u -d '2016-08-22 11:20:00' +%s) * 1000 ))
check_filter "since=$t20&state=open&product=configmgr" \
    ".last_seen >= \"$t20\" and .state == \"open\" and .product == \"configmgr\"" 8
check_filter "since=$ms20&state=open&product=configmgr" \
    ".last_seen >= \"$t20\" and .state == \"open\" and .product == \"configmgr\"" 8
check_filter "since=$((ms20 + 1))&state=open&product=configmgr" \
    ".last_seen > \"$t20\" and .state == \"open\" and .product == \"configmgr\"" 7
check_filter "since=2016-08-22T12:05:00.000Z&state=active&severity=error&product=configmgr" \
    '.last_seen >= "2016-08-22T12:05:00.000Z" and .state != "resolved" and .severity == "error" and .product == "configmgr"' 0
check_filter "since=2016-08-22T12:02:00.000Z&state=active&severity=error&product=configmgr" \
    '.last_seen >= "2016-08-22T12:02:00.000Z" and .state != "resolved" and .severity == "error" and .product == "configmgr"' 2

# walk QUERY LIMIT: follow next_cursor from ?QUERY&limit=LIMIT; the pages
# (each at most LIMIT long) concatenated go to $tmp/walk.json.
walk() {
	_w_q=$1
	_w_cursor=
	_w_pages=0
	: > "$tmp/walk.jsonl"
	while :; do
		if [ -n "$_w_cursor" ]; then
			expect_http 200 GET "/api/v1/incidents?$_w_q&limit=$2&cursor=$_w_cursor"
		else
			expect_http 200 GET "/api/v1/incidents?$_w_q&limit=$2"
		fi
		_w_n=$(jq '.incidents | length' "$tmp/body")
		[ "$_w_n" -le "$2" ] || fail "walk ?$_w_q: a page of $_w_n with limit=$2"
		jq -c '.incidents[]' "$tmp/body" >> "$tmp/walk.jsonl"
		_w_pages=$((_w_pages + 1))
		[ "$_w_pages" -le 100 ] || fail "walk ?$_w_q: more than 100 pages"
		_w_cursor=$(jq -r '.next_cursor // empty' "$tmp/body")
		jq -e '.next_cursor == null or (.next_cursor | type) == "string"' "$tmp/body" > /dev/null ||
		    fail "walk ?$_w_q: next_cursor is neither a string nor null"
		[ -n "$_w_cursor" ] || break
		[ "$_w_n" -gt 0 ] || fail "walk ?$_w_q: an empty page with a next_cursor"
		_w_cursor=$(printf '%s' "$_w_cursor" | jq -sRr @uri)
	done
	jq -s '.' "$tmp/walk.jsonl" > "$tmp/walk.json"
}

# expect_walk QUERY LIMIT: the walk returns what one big page returns.
expect_walk() {
	expect_http 200 GET "/api/v1/incidents?$1&limit=500"
	jq -c '[.incidents[].id]' "$tmp/body" > "$tmp/walk-want"
	walk "$1" "$2"
	jq -c '[.[].id]' "$tmp/walk.json" > "$tmp/walk-got"
	jq -e 'length == (unique | length)' "$tmp/walk-got" > /dev/null ||
	    fail "walk ?$1 limit=$2: an incident came twice: $(cat "$tmp/walk-got")"
	cmp -s "$tmp/walk-want" "$tmp/walk-got" ||
	    fail "walk ?$1 limit=$2: got $(cat "$tmp/walk-got"), expected $(cat "$tmp/walk-want")"
}

expect_walk state=open 5
expect_walk state=open 1
expect_walk state=open 25
expect_walk state=open 24
expect_walk state=active 4
expect_walk 'state=open&severity=critical' 4
expect_walk 'state=active&product=configmgr' 7
expect_walk 'state=resolved' 1
expect_walk 'state=acknowledged&severity=warning' 3
expect_walk severity=critical 6
[ "$(jq length "$tmp/walk.json")" -ge 22 ] || fail "walk severity=critical: too few"
expect_walk '' 3
# Every incident exactly once across the three states.
for st in open acknowledged resolved; do
	walk "state=$st" 2
	cp "$tmp/walk.json" "$tmp/walked-$st.json"
done
jq -e -s --argjson all "$ids_states" '(add | [.[].id] | sort) == $all' \
    "$tmp/walked-open.json" "$tmp/walked-acknowledged.json" "$tmp/walked-resolved.json" > /dev/null ||
    fail "walking the three states does not give every incident exactly once"
# A cursor from one page works as the link it is, and a page of one
# leaves a cursor that is not the one before.
expect_http 200 GET "/api/v1/incidents?state=open&limit=1"
c1=$(jq -r .next_cursor "$tmp/body")
first=$(jq '.incidents[0].id' "$tmp/body")
expect_http 200 GET "/api/v1/incidents?state=open&limit=1&cursor=$(printf '%s' "$c1" | jq -sRr @uri)"
c2=$(jq -r .next_cursor "$tmp/body")
[ "$(jq '.incidents[0].id' "$tmp/body")" != "$first" ] || fail "the cursor did not advance"
[ "$c1" != "$c2" ] || fail "the same next_cursor twice"

# The dashboard's filters select the same rows (markup contract).
rows() {
	grep -o '<tr class="incident [^"]*" data-id="[0-9]*"' "$tmp/body" |
	    sed 's/.*data-id="\([0-9]*\)"/\1/' | sort -n | tr '\n' ' '
}
want_rows() {
	jq -r "[.[] | select($1) | .id] | sort | .[]" "$full" | tr '\n' ' '
}
for spec in \
    "|.state != \"resolved\"" \
    "state=active|.state != \"resolved\"" \
    "state=open|.state == \"open\"" \
    "state=acknowledged|.state == \"acknowledged\"" \
    "state=resolved|.state == \"resolved\"" \
    "severity=error|.severity == \"error\" and .state != \"resolved\"" \
    "product=esync|.product == \"esync\" and .state != \"resolved\"" \
    "state=open&severity=warning&product=configmgr|.state == \"open\" and .severity == \"warning\" and .product == \"configmgr\""; do
	expect_http 200 GET "/?${spec%%|*}"
	[ "$(rows)" = "$(want_rows "${spec#*|}")" ] ||
	    fail "/?${spec%%|*}: rows $(rows), expected $(want_rows "${spec#*|}")"
done
expect_http 200 GET "/?product=episerver"
grep -q 'id="no-incidents"' "$tmp/body" || fail "/?product=episerver: no #no-incidents"

stop_daemon
