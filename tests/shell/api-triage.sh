# The JSON API for triage (issue 14): a misspelt or repeated query
# parameter and a bad value are 400s naming the parameter; the source
# filter and the total; notes and "by" on state changes; un-acknowledge;
# a snooze that keeps an incident out of the open counts until it ends,
# and ends by itself.
set -eu
. "$(dirname "$0")/../lib.sh"
api_init

f=$logs/despool.log
g=$logs/other.log
: > "$f"
: > "$g"
printf 'ops %s\n' 0123456789abcdef0123 > "$tokens"
chmod 600 "$tokens"
{
	source_section despool "$f" start_at=beginning
	source_section other "$g" start_at=beginning
} | api_config api_tokens
start_api_daemon
hits S02 1 1 >> "$f"
hits S03 1 2 >> "$f"
hits S09 1 3 >> "$g"
wait_count S09 1
wait_count S03 1
a=$(incident_field S02 id)
auth='Authorization: Bearer 0123456789abcdef0123'

# --- Mistakes in the query are 400s that name the parameter.
expect_json_error 400 GET '/api/v1/incidents?sourc=despool'
expect_json '.parameter == "sourc" and (.error | test("unknown parameter .sourc."))' "typo"
expect_json_error 400 GET '/api/v1/incidents?state=open&state=resolved'
expect_json '.parameter == "state" and (.error | test("more than once"))' "repeated"
expect_json_error 400 GET '/api/v1/incidents?severity=fatal'
expect_json '.parameter == "severity"' "bad severity"
expect_json_error 400 GET '/api/v1/incidents?limit=9999'
expect_json '.parameter == "limit"' "bad limit"
expect_json_error 400 GET '/api/v1/incidents?order=random'
expect_json '.parameter == "order"' "bad order"
expect_json_error 400 GET '/api/v1/status?verbose=1'
expect_json '.parameter == "verbose"' "status takes none"
expect_json_error 400 GET "/api/v1/incidents/$a?x=1"
expect_json_error 400 GET '/api/v1/sources?name=despool'
expect_json_error 400 GET '/api/v1/signatures?id=x'
# A hostile name comes back as data, cut, never as a crash.
expect_json_error 400 GET "/api/v1/incidents?$(printf '%0300d' 0)=1"
expect_json '(.parameter | length) <= 64' "long name cut"
expect_json_error 400 GET '/api/v1/incidents?%3Cscript%3E=1'
expect_json '.parameter == "<script>"' "the name is JSON data"
# Bytes that are not UTF-8, and UTF-8 cut at the limit: still JSON.
expect_json_error 400 GET '/api/v1/incidents?%FF%FE=1'
expect_json_error 400 GET "/api/v1/incidents?x$(printf '%%C3%%A9%.0s' $(seq 40))=1"
expect_json '(.parameter | length) <= 64' "UTF-8 name cut"

# --- The source filter and the total.
expect_http 200 GET '/api/v1/incidents?source=other'
expect_json '.total == 1 and (.incidents | length) == 1 and .incidents[0].source == "other"' "source=other"
expect_http 200 GET '/api/v1/incidents?source=despool&limit=1'
expect_json '.total == 2 and (.incidents | length) == 1 and (.next_cursor | type) == "string"' "total of a page"
expect_http 200 GET '/api/v1/incidents?source=nosuch'
expect_json '.total == 0 and .incidents == []' "no such source"

# --- Notes, by, un-acknowledge.
expect_http 200 POST "/api/v1/incidents/$a/ack" -H "$auth" \
    -H 'Content-Type: application/json' --data '{"note":"looking at the inbox"}'
expect_json '.state == "acknowledged" and .state_by == "ops" and
    .history[-1] == {"at": .history[-1].at, "state": "acknowledged", "by": "ops",
    "note": "looking at the inbox"}' "ack with a note"
expect_json_error 400 POST "/api/v1/incidents/$a/resolve" -H "$auth" --data '{"by":"mallory"}'
expect_json '.parameter == "by"' "by with an API token"
expect_json_error 400 POST "/api/v1/incidents/$a/resolve" -H "$auth" --data 'note=x'
expect_json_error 400 POST "/api/v1/incidents/$a/resolve" -H "$auth" --data '{"note":"x","note":"y"}'
expect_json_error 400 POST "/api/v1/incidents/$a/resolve" -H "$auth" --data '{"note":7}'
expect_json '.parameter == "note"' "a note that is not text"
[ "$(incident_field S02 state)" = acknowledged ] || fail "a refused change changed the state"
# The control token (the CLI's) names who did it.
ctl="Authorization: Bearer $(cat "$state/control.token")"
expect_http 200 POST "/api/v1/incidents/$a/unack" -H "$ctl" --data '{"by":"cli:alice","note":"not ours"}'
expect_json '.state == "open" and .state_by == "cli:alice" and .history[-1].state == "open" and
    .history[-1].by == "cli:alice" and .history[-1].note == "not ours"' "unack by the control token"
expect_json_error 409 POST "/api/v1/incidents/$a/unack" -H "$auth"
# The CLI's note now reaches the history.
expect_status 0 "$prog" ack --config "$conf" --note "paged the site admin" "$a"
expect_http 200 GET "/api/v1/incidents/$a"
expect_json '.history[-1].note == "paged the site admin" and (.history[-1].by | startswith("cli:"))' "CLI note"

# --- Snooze: out of the open counts until it ends, then back by itself.
expect_http 200 GET /api/v1/status
expect_json '.open.critical == 2' "two criticals open before the snooze"
expect_json_error 400 POST "/api/v1/incidents/$a/snooze" -H "$auth" --data '{"for":"ever"}'
expect_json '.parameter == "for"' "bad snooze length"
expect_json_error 400 POST "/api/v1/incidents/$a/ack" -H "$auth" --data '{"for":"1h"}'
b=$(incident_field S03 id)
expect_http 200 POST "/api/v1/incidents/$b/snooze" -H "$auth" --data '{"for":"3s","note":"reboot"}'
expect_json '(.snoozed_until | type) == "string" and .history[-1].state == "snoozed" and
    (.history[-1].note | test("^for 3s, until .*: reboot$"))' "snoozed"
expect_http 200 GET /api/v1/status
expect_json '.open.critical == 1' "a snoozed incident is not counted"
expect_http 200 GET '/api/v1/incidents?state=active&order=triage'
expect_json ".incidents[-1].id == $b and .incidents[-1].snoozed_until != null" "snoozed last in triage order"
_back() {
	http_get /api/v1/status
	jq -e '.open.critical == 2' "$tmp/body" > /dev/null
}
wait_for 10 _back || fail "the snooze did not end by itself: $(cat "$tmp/body")"
expect_http 200 GET "/api/v1/incidents/$b"
expect_json '.snoozed_until == null' "snooze over"
# unsnooze ends one at once.
expect_http 200 POST "/api/v1/incidents/$b/snooze" -H "$auth" --data '{"for":"1h"}'
expect_http 200 POST "/api/v1/incidents/$b/unsnooze" -H "$auth"
expect_json '.snoozed_until == null and .history[-1].state == "unsnoozed"' "unsnoozed"
expect_http 200 POST "/api/v1/incidents/$b/resolve" -H "$auth"
expect_json_error 409 POST "/api/v1/incidents/$b/snooze" -H "$auth" --data '{"for":"1h"}'
stop_daemon
