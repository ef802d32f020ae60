#!/bin/bash
# The HTTP API of syncwatch.exe, from Linux with curl: reads are open;
# state changes need a bearer token from the api_tokens file (401 without
# one or with a wrong one, 200 with a good one, recorded under the token's
# name); the control token the daemon writes to STATE_DIR\control.token
# works too (as "cli"), which is what syncwatch.exe reload uses.
. "$(dirname "$0")/lib.sh"
daemon_init
test_patterns

f=$logs/despool.log
tokens=$tmp/api-tokens
printf '# name token\nops  ops-token-0123456789abcdef\n' > "$tokens"
recs 1 3 > "$f"
source_section despool "$f" |
    write_config "api_tokens = $(winpath "$tokens")"
start_daemon
wait_lines_once 1 3
id=$(incidents_all test.line | jq -r 'select(.fields.n == "2") | .id')

expect_code() {
	local want=$1 got
	shift
	got=$(http_code "$@")
	[ "$got" = "$want" ] || {
		head -c 400 "$tmp/http.body" >&2
		fail "$1 $2: status $got, expected $want"
	}
}
state_of() {
	api_get "/api/v1/incidents/$1" | jq -r '.state'
}

note "reads need no token"
for p in / /healthz /api/v1/status /api/v1/incidents /api/v1/sources \
    /api/v1/signatures /metrics "/api/v1/incidents/$id" "/incidents/$id"; do
	expect_code 200 GET "$p"
done

note "the process metrics come from Win32"
api_get /metrics > "$tmp/metrics.txt"
for m in process_cpu_seconds_total process_resident_memory_bytes \
    process_start_time_seconds; do
	v=$(awk -v m="$m" '$1 == m { print $2 }' "$tmp/metrics.txt")
	awk -v v="$v" 'BEGIN { exit !(v + 0 > 0) }' || fail "/metrics: $m is '$v'"
done
# The handle count: wine does not keep one (it answers 0), so it may be
# left out; when it is there it is a real count.
v=$(awk '$1 == "process_open_fds" { print $2 }' "$tmp/metrics.txt")
[ -z "$v" ] || awk -v v="$v" 'BEGIN { exit !(v + 0 > 0) }' || fail "/metrics: process_open_fds is '$v'"

awk -v v="$(awk '$1 == "process_start_time_seconds" { print $2 }' "$tmp/metrics.txt")" \
    -v now="$(date +%s)" 'BEGIN { exit !(v > now - 600 && v < now + 5) }' ||
    fail "/metrics: process_start_time_seconds is not this run's"
grep -q '^syncwatch_incident_open{' "$tmp/metrics.txt" || fail "/metrics: no incident series"

note "state changes: 401 without a good token, nothing changes"
p=/api/v1/incidents/$id/ack
expect_code 401 POST "$p"
expect_code 401 POST "$p" -H 'Authorization: Bearer wrong-token-0123456789'
expect_code 401 POST "$p" -H 'Authorization: Bearer ops-token-0123456789abcdeF'
expect_code 401 POST "$p" -H 'Authorization: Basic b3BzLXRva2VuLTAxMjM0NTY3ODlhYmNkZWY='
jq -e '.error | type == "string"' "$tmp/http.body" > /dev/null ||
    fail "401 without a JSON error body"
[ "$(state_of "$id")" = open ] || fail "incident $id changed without a token"

note "200 with the token, recorded under its name"
expect_code 200 POST "$p" -H 'Authorization: Bearer ops-token-0123456789abcdef'
jq -e '.state == "acknowledged"' "$tmp/http.body" > /dev/null ||
    fail "ack answer: $(cat "$tmp/http.body")"
[ "$(state_of "$id")" = acknowledged ] || fail "incident $id not acknowledged"
api_get "/api/v1/incidents/$id" |
    jq -e '[.history[] | select(.state == "acknowledged")][0].by == "ops"' > /dev/null ||
    fail "history: $(jq -c .history "$tmp/api.body")"

note "the control token from STATE_DIR\\control.token"
[ -s "$state/control.token" ] || fail "no $state/control.token"
ctl=$(tr -d '\r\n' < "$state/control.token")
[ ${#ctl} -eq 48 ] || fail "control token of ${#ctl} characters"
expect_code 200 POST "/api/v1/incidents/$id/resolve" -H "Authorization: Bearer $ctl"
api_get "/api/v1/incidents/$id" |
    jq -e '.state == "resolved" and ([.history[] | select(.state == "resolved")][0].by == "cli")' > /dev/null ||
    fail "resolve with the control token: $(cat "$tmp/api.body")"
expect_code 401 POST /api/v1/reload -H "Authorization: Bearer ${ctl%?}x"
expect_code 200 POST /api/v1/reload -H "Authorization: Bearer $ctl" -d '{}'
expect_status 0 sw reload --config "$(winpath "$conf")"
grep -q '^reloaded' "$tmp/out" || fail "reload said: $(cat "$tmp/out" "$tmp/err")"

note "a restart writes a new control token; the old one is refused"
stop_daemon
start_daemon
ctl2=$(tr -d '\r\n' < "$state/control.token")
[ "$ctl2" != "$ctl" ] || fail "the control token did not change"
expect_code 401 POST /api/v1/reload -H "Authorization: Bearer $ctl"
expect_status 0 sw reload --config "$(winpath "$conf")"
stop_daemon
