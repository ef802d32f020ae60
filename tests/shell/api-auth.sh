# State changes over HTTP (docs/http.md): without api_tokens they are off
# (403); with it, a missing or wrong bearer token is 401 and changes
# nothing; a good token acknowledges and resolves, answers 200 with the
# incident and records by = the token's NAME in the history; a new hit
# reopens a resolved incident.  The no-JavaScript forms post token=… and
# are redirected (303).  An over-long body is refused.
set -eu
. "$(dirname "$0")/../lib.sh"
api_init

f=$logs/despool.log
source_section despool "$f" start_at=beginning | api_config
start_api_daemon
hits S02 2 >> "$f"
hit S03 5 >> "$f"
wait_count S02 2
wait_count S03 1
id=$(incident_field S02 id)
id3=$(incident_field S03 id)

# expect_state ID STATE: the incident's state, from the store.
expect_state() {
	_es=$(incidents_json | jq -rs --argjson id "$1" '.[] | select(.id == $id) | .state')
	[ "$_es" = "$2" ] || fail "incident $1 is '$_es', expected $2"
}

# --- No api_tokens: state changes over HTTP are off.
for a in ack resolve; do
	expect_json_error 403 POST "/api/v1/incidents/$id/$a" -H 'Authorization: Bearer anything'
	expect_json_error 403 POST "/api/v1/incidents/$id/$a"
	http_req POST "/incidents/$id/$a" --data 'token=anything'
	[ "$http_status" = 403 ] || fail "form $a without api_tokens: $http_status, expected 403"
done
expect_state "$id" open
stop_daemon

# --- With tokens.
cat > "$tokens" <<'EOF'
# name  token
alice   s3cret-alice-0123456789
  # indented comment
bob tok-bob-abcdefghij

EOF
chmod 600 "$tokens"	# the daemon refuses a token file others can read
source_section despool "$f" start_at=beginning | api_config api_tokens
start_api_daemon

# Missing, wrong, malformed: 401, nothing changes.
for a in ack resolve; do
	p=/api/v1/incidents/$id/$a
	expect_json_error 401 POST "$p"
	expect_json_error 401 POST "$p" -H 'Authorization: Bearer wrong'
	expect_json_error 401 POST "$p" -H 'Authorization: Bearer '
	expect_json_error 401 POST "$p" -H 'Authorization: Bearer alice'
	expect_json_error 401 POST "$p" -H 'Authorization: Bearer s3cret-alice-012345678'
	expect_json_error 401 POST "$p" -H 'Authorization: Bearer s3cret-alice-01234567899'
	expect_json_error 401 POST "$p" -H 'Authorization: Bearer S3CRET-ALICE-0123456789'
	expect_json_error 401 POST "$p" -H 'Authorization: Basic czNjcmV0LWFsaWNlLTAxMjM0NTY3ODk='
	expect_json_error 401 POST "$p" -H 'Authorization: s3cret-alice-0123456789'
	expect_json_error 401 POST "$p" -H 'Authorization: Bearer # name'
	expect_json_error 401 POST "$p" -H 'Authorization: Bearer token'
	expect_json_error 401 POST "$p" -H 'Authorization: Bearer s3cret-alice-0123456789 x'
	# The token in the query string is not a token.
	expect_json_error 401 POST "$p?token=s3cret-alice-0123456789"
done
expect_state "$id" open
expect_http 200 GET /api/v1/status
expect_json '.open.critical == 2' "status before the ack"

# A good token acknowledges: 200 with the incident, by = alice.
expect_http 200 POST "/api/v1/incidents/$id/ack" -H 'Authorization: Bearer s3cret-alice-0123456789'
case $(header Content-Type) in
application/json*) ;;
*) fail "ack: Content-Type $(header Content-Type)" ;;
esac
expect_json ".id == $id and .state == \"acknowledged\" and .state_by == \"alice\" and .count == 2" \
    "ack answer"
expect_json '.history[-1].state == "acknowledged" and .history[-1].by == "alice"' "ack answer history"
expect_state "$id" acknowledged
expect_http 200 GET "/api/v1/incidents/$id"
expect_json '.state == "acknowledged" and .state_by == "alice" and
    ([.history[] | select(.state == "acknowledged" and .by == "alice")] | length) == 1' \
    "incident after the ack"
# Acknowledged incidents are not counted as open.
expect_http 200 GET /api/v1/status
expect_json '.open.critical == 1 and .status == "critical"' "status after one ack"

# Unknown incident with a good token: 404.
expect_json_error 404 POST /api/v1/incidents/999999/ack -H 'Authorization: Bearer tok-bob-abcdefghij'

# bob resolves it.
expect_http 200 POST "/api/v1/incidents/$id/resolve" -H 'Authorization: Bearer tok-bob-abcdefghij'
expect_json ".id == $id and .state == \"resolved\" and .state_by == \"bob\" and
    has(\"resolution\") and .resolution == null" "resolve answer (an operator's: no resolution)"
expect_state "$id" resolved
expect_http 200 GET "/api/v1/incidents/$id"
expect_json '[.history[] | select(.state != "open") | {state, by, note}] ==
    [{"state": "acknowledged", "by": "alice", "note": null},
     {"state": "resolved", "by": "bob", "note": null}]' \
    "history after ack and resolve"
expect_json '[.history[].at] as $a | $a == ($a | sort)' "history in time order"

# A new hit reopens it.
hit S02 9 >> "$f"
wait_count S02 3
expect_state "$id" open
expect_http 200 GET "/api/v1/incidents/$id"
expect_json '.state == "open" and .count == 3 and .history[-1].state == "open"' \
    "incident after a new hit"
expect_http 200 GET /api/v1/status
expect_json '.open.critical == 2' "status after the reopen"

# Resolve straight from open (no ack first) with the API.
expect_http 200 POST "/api/v1/incidents/$id3/resolve" -H 'Authorization: Bearer s3cret-alice-0123456789'
expect_state "$id3" resolved

# The no-JavaScript forms: token=… as a form field, 303 back to the page.
expect_http 401 POST "/incidents/$id/ack" --data 'token=wrong'
expect_state "$id" open
expect_http 401 POST "/incidents/$id/ack" --data ''
expect_state "$id" open
expect_http 303 POST "/incidents/$id/ack" --data 'token=tok-bob-abcdefghij'
case $(header Location) in
"/incidents/$id"|"$api/incidents/$id") ;;
*) fail "form ack: Location '$(header Location)', expected /incidents/$id" ;;
esac
expect_state "$id" acknowledged
expect_http 200 GET "/api/v1/incidents/$id"
expect_json '.state_by == "bob" and .history[-1].by == "bob"' "form ack"
# A token with characters that need form encoding.
cat >> "$tokens" <<'EOF'
carol a+b/c=d&e%f-0123456789
EOF
stop_daemon
start_api_daemon
expect_http 303 POST "/incidents/$id/resolve" --data-urlencode 'token=a+b/c=d&e%f-0123456789'
expect_state "$id" resolved
expect_http 200 GET "/api/v1/incidents/$id"
expect_json '.state_by == "carol"' "form resolve by carol"
# The page shows the history with the names.
expect_http 200 GET "/incidents/$id"
grep -q 'id="history"' "$tmp/body" || fail "incident page: no #history"
grep -q 'bob' "$tmp/body" && grep -q 'carol' "$tmp/body" ||
    fail "incident page: the history does not name bob and carol"
# The forms are there, and the token input.
grep -q "<form id=\"ack\" method=\"post\" action=\"/incidents/$id/ack\"" "$tmp/body" ||
    fail "incident page: no ack form"
grep -q '<form id="resolve"' "$tmp/body" || fail "incident page: no resolve form"

# A body over 8 KiB is refused and changes nothing.
hit S02 10 >> "$f"
wait_count S02 4
expect_state "$id" open
pad=$(head -c 9000 /dev/zero | tr '\0' 'x')
http_req POST "/incidents/$id/ack" --data "token=tok-bob-abcdefghij&pad=$pad"
case $http_status in
413|000) ;;
*) fail "a 9 KB form body: status $http_status, expected 413 or a drop" ;;
esac
expect_state "$id" open
http_req POST "/api/v1/incidents/$id/ack" -H 'Authorization: Bearer tok-bob-abcdefghij' \
    -H 'Content-Type: application/octet-stream' --data-binary "$pad"
case $http_status in
413|000) ;;
*) fail "a 9 KB API body: status $http_status, expected 413 or a drop" ;;
esac
expect_state "$id" open
daemon_alive || fail "the daemon died on a long body"
expect_http 200 GET /healthz

# A CLI change is seen by the API (same store).
"$prog" ack --state-dir "$state" "$id" > /dev/null
expect_http 200 GET "/api/v1/incidents/$id"
expect_json '.state == "acknowledged" and (.state_by | startswith("cli:"))' "CLI ack seen by the API"

# The whole history: one entry per state change, in order (the first hits
# came two in one write: still one "open").
expect_json '[.history[] | {state, by}] | length == 8 and .[0:7] == [
    {"state": "open", "by": null}, {"state": "acknowledged", "by": "alice"},
    {"state": "resolved", "by": "bob"}, {"state": "open", "by": null},
    {"state": "acknowledged", "by": "bob"}, {"state": "resolved", "by": "carol"},
    {"state": "open", "by": null}] and .[7].state == "acknowledged" and
    (.[7].by | startswith("cli:"))' "the history of every state change"

# A burst of hits on a new incident, in one write (one batch, often the
# same millisecond), is one state change: one history entry.
hits S04 40 >> "$f"
wait_count S04 40
id4=$(incident_field S04 id)
expect_http 200 GET "/api/v1/incidents/$id4"
expect_json '.count == 40 and ([.history[] | {state, by}] == [{"state": "open", "by": null}])' \
    "history of a new incident hit 40 times at once (one open entry)"

stop_daemon
