#!/bin/bash
# The push to Alertmanager from syncwatch.exe: Debian's
# prometheus-alertmanager runs on Linux, syncwatch.exe under wine posts
# its open incidents to it through the Windows build's libcurl and its own
# thread.  The alert appears with its labels and link, ends when the
# incident is resolved, and an Alertmanager that is down is retried until
# it is back.  Skipped (with a message) when Alertmanager is not installed.
. "$(dirname "$0")/lib.sh"
command -v prometheus-alertmanager > /dev/null || {
	echo "SKIP: prometheus-alertmanager is not installed (packaging/install-deps.sh installs it)"
	exit 0
}
daemon_init
test_patterns

amport=$(free_port)
am=http://127.0.0.1:$amport
printf 'route:\n  receiver: none\nreceivers:\n  - name: none\n' > "$tmp/am.yml"
am_pid=
start_am() {
	prometheus-alertmanager --config.file="$tmp/am.yml" \
	    --storage.path="$tmp/am-data" --web.listen-address="127.0.0.1:$amport" \
	    --cluster.listen-address= >> "$tmp/am.log" 2>&1 &
	am_pid=$!
	bg_pids="$bg_pids $am_pid"
	_am_up() { curl -sf -o /dev/null "$am/-/ready"; }
	wait_for 20 _am_up || fail "Alertmanager did not start: $(tail -5 "$tmp/am.log")"
}
start_am

f=$logs/despool.log
routine > "$f"
{
	printf '[alertmanager]\nurl = %s\nresend_interval = 1s\ntimeout = 2s\n' "$am"
	source_section despool "$f"
} | write_config "name = win-a"
start_daemon

# am_alert N: Alertmanager's active alert for test line N, or nothing.
am_alert() {
	curl -sf "$am/api/v2/alerts" | jq -c --arg n "$1" '.[] |
	    select(.labels.syncwatch == "win-a" and .labels.n == $n and .status.state == "active")'
}
_am_has() { [ -n "$(am_alert "$1")" ]; }
_am_lacks() { [ -z "$(am_alert "$1")" ]; }

note "an incident appears in Alertmanager"
rec 1 >> "$f"
wait_for 20 _am_has 1 || fail "no alert in Alertmanager: $(curl -s "$am/api/v2/alerts")"
id=$(incidents_all test.line | jq -r 'select(.fields.n == "1") | .id')
am_alert 1 | jq -e --arg id "$id" --arg u "$api/incidents/$id" '
    .labels.alertname == "SyncwatchTestLine" and .labels.severity == "warning" and
    .labels.id == $id and .generatorURL == $u' > /dev/null ||
    fail "the alert is not as expected: $(am_alert 1)"

note "resolved, it ends"
ctl=$(tr -d '\r\n' < "$state/control.token")
[ "$(http_code POST "/api/v1/incidents/$id/resolve" -H "Authorization: Bearer $ctl")" = 200 ] ||
    fail "resolve through the API: $(cat "$tmp/http.body")"
wait_for 20 _am_lacks 1 || fail "the resolved incident is still active: $(am_alert 1)"

note "Alertmanager down, then back"
kill "$am_pid"
wait "$am_pid" 2>/dev/null
rec 2 >> "$f"
_failing() { api_get /api/v1/status | jq -e '.alertmanager.failed > 0' > /dev/null; }
wait_for 20 _failing || fail "the status does not show the failing push: $(api_get /api/v1/status)"
start_am
wait_for 30 _am_has 2 || fail "the alert did not arrive after Alertmanager came back"
stop_daemon
