# The fleet view against the real servers: Debian's prometheus and
# prometheus-alertmanager on loopback ports with temporary storage, and a
# webhook receiver (tests/tools/webhook.c) standing for mail or chat.
#
#   1. Prometheus scrapes syncwatch A every second with the shipped rules
#      (packaging/prometheus/syncwatch-rules.yml); a critical failure
#      written to A's log reaches the webhook as a firing alert with the
#      labels to route on and a link that opens the incident's page;
#      resolving the incident through A's API brings a resolved
#      notification.
#   2. syncwatch B, with [alertmanager] and no Prometheus, pushes its
#      incident itself: it appears in Alertmanager's /api/v2/alerts and
#      ends when resolved.
#   3. With Alertmanager stopped, B goes on reading (a new incident is
#      recorded at once) and counts its failed posts; once Alertmanager
#      is back on the same port, the alert arrives.
set -eu
. "$(dirname "$0")/../lib.sh"
for t in prometheus prometheus-alertmanager promtool; do
	command -v "$t" > /dev/null || {
		echo "SKIP: $t is not installed (packaging/install-deps.sh installs prometheus and prometheus-alertmanager)"
		exit 0
	}
done
need_tool webhook
api_init

# --- the webhook, Alertmanager, syncwatch A, Prometheus ---------------
"$tool" "$tmp/webhook.port" "$tmp/webhook.log" 2> "$tmp/webhook.err" &
bg_pids="$bg_pids $!"
_port_file() { grep -q '^[0-9]' "$tmp/webhook.port" 2>/dev/null; }
wait_for 5 _port_file || fail "the webhook receiver did not start"
wport=$(cat "$tmp/webhook.port")
: > "$tmp/webhook.log"

amport=$(free_port)
am=http://127.0.0.1:$amport
cat > "$tmp/am.yml" <<EOC
route:
  receiver: hook
  group_by: [alertname, syncwatch, id]
  group_wait: 1s
  group_interval: 1s
  repeat_interval: 1h
receivers:
  - name: hook
    webhook_configs:
      - url: http://127.0.0.1:$wport/
        send_resolved: true
EOC
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

despool=$logs/despool.log
: > "$despool"
{
	printf 'name = site-a\n'
	source_section despool "$despool" start_at=beginning
} | api_config
start_api_daemon

pport=$(free_port)
cat > "$tmp/prometheus.yml" <<EOC
global:
  scrape_interval: 1s
  evaluation_interval: 1s
rule_files:
  - $top/packaging/prometheus/syncwatch-rules.yml
alerting:
  alertmanagers:
    - static_configs:
        - targets: ['127.0.0.1:$amport']
scrape_configs:
  - job_name: syncwatch
    static_configs:
      - targets: ['127.0.0.1:$port']
EOC
promtool check config "$tmp/prometheus.yml" > "$tmp/out" 2>&1 ||
    fail "promtool check config: $(cat "$tmp/out")"
prometheus --config.file="$tmp/prometheus.yml" --storage.tsdb.path="$tmp/prom-data" \
    --web.listen-address="127.0.0.1:$pport" > "$tmp/prometheus.log" 2>&1 &
bg_pids="$bg_pids $!"
_prom_up() {
	curl -sf "http://127.0.0.1:$pport/api/v1/targets" 2>/dev/null |
	    jq -e '.data.activeTargets[] | select(.health == "up")' > /dev/null 2>&1
}
wait_for 30 _prom_up || fail "Prometheus does not scrape syncwatch: $(tail -5 "$tmp/prometheus.log")"

# The name is in the status API and the dashboard's title.
expect_http 200 GET /api/v1/status
expect_json '.name == "site-a"' "/api/v1/status"
expect_http 200 GET /
grep -q '<title>Incidents — site-a — syncwatch</title>' "$tmp/body" ||
    fail "the dashboard's title does not name the daemon: $(grep '<title>' "$tmp/body")"

# --- 1. a critical failure through Prometheus to the webhook -------------
hit S02 >> "$despool"
wait_count S02 1
id=$(incidents_json | jq -s '.[] | select(.fields.site == "S02") | .id')
# notification STATUS: the webhook's last notification about incident
# $id of site-a with that status, as one JSON object, or nothing.
notification() {
	jq -c --arg id "$id" --arg st "$1" 'select(.status == $st) | .alerts[] |
	    select(.labels.id == $id and .labels.syncwatch == "site-a" and .status == $st)' \
	    "$tmp/webhook.log" 2>/dev/null | tail -1
}
_notified() { [ -n "$(notification "$1")" ]; }
wait_for 30 _notified firing ||
    fail "no firing notification for incident $id: $(cat "$tmp/webhook.log")"
notification firing > "$tmp/firing.json"
jq -e --arg id "$id" --arg inst "127.0.0.1:$port" '
    .labels.alertname == "SyncwatchCriticalIncident" and
    .labels.signature == "configmgr.despool.public-key-missing" and
    .labels.severity == "critical" and .labels.source == "despool" and
    .labels.site == "S02" and .labels.product == "configmgr" and
    .labels.instance == $inst and .labels.job == "syncwatch" and
    (.annotations.summary | length > 0) and (.annotations.fix | length > 0) and
    .annotations.url == "http://\($inst)/incidents/\($id)"' "$tmp/firing.json" > /dev/null ||
    fail "the firing notification lacks a label or annotation: $(cat "$tmp/firing.json")"
# The link opens the incident's page.
link=$(jq -r .annotations.url "$tmp/firing.json")
curl -sf -o "$tmp/page.html" "$link" || fail "the incident link $link does not answer"
grep -q 'S02' "$tmp/page.html" || fail "the incident page at $link does not show the incident"

# Resolved through the API: a resolved notification follows.
expect_status 0 "$prog" resolve --config "$conf" "$id"
wait_for 30 _notified resolved ||
    fail "no resolved notification for incident $id: $(tail -3 "$tmp/webhook.log")"

# --- 2. direct push from syncwatch B ------------------------------------
b=$tmp/b
mkdir -p "$b/logs" "$b/state"
bport=$(free_port)
: > "$b/logs/despool.log"
cat > "$b/syncwatch.conf" <<EOC
[daemon]
state_dir = $b/state
patterns = $patterns
listen = 127.0.0.1:$bport
name = site-b
[alertmanager]
url = $am
resend_interval = 1s
timeout = 2s
$(source_section despool "$b/logs/despool.log" start_at=beginning)
EOC
"$prog" -v daemon --config "$b/syncwatch.conf" --foreground 2> "$b/daemon.err" &
b_pid=$!
bg_pids="$bg_pids $b_pid"
_b_up() { [ "$(curl -s -o /dev/null -w '%{http_code}' "http://127.0.0.1:$bport/healthz")" = 200 ]; }
wait_for 10 _b_up || fail "syncwatch B did not start: $(tail -5 "$b/daemon.err")"
b_incidents() { "$prog" incidents --state-dir "$b/state" --json; }
b_id() { b_incidents | jq -s --arg s "$1" '.[] | select(.fields.site == $s) | .id'; }

hit S07 >> "$b/logs/despool.log"
# am_alert SITE: Alertmanager's active alert of site-b's incident at SITE.
am_alert() {
	curl -sf "$am/api/v2/alerts" | jq -c --arg s "$1" '.[] |
	    select(.labels.syncwatch == "site-b" and .labels.site == $s and .status.state == "active")'
}
_am_has() { [ -n "$(am_alert "$1")" ]; }
_am_lacks() { [ -z "$(am_alert "$1")" ]; }
wait_for 15 _am_has S07 || fail "B's incident is not in Alertmanager: $(curl -s "$am/api/v2/alerts")"
am_alert S07 > "$tmp/pushed.json"
bid=$(b_id S07)
jq -e --arg id "$bid" --arg u "http://127.0.0.1:$bport/incidents/$bid" '
    .labels.alertname == "SyncwatchConfigmgrDespoolPublicKeyMissing" and
    .labels.signature == "configmgr.despool.public-key-missing" and
    .labels.severity == "critical" and .labels.source == "despool" and
    .labels.id == $id and .generatorURL == $u and .annotations.url == $u and
    .labels.instance == ($u | ltrimstr("http://") | split("/")[0]) and
    (.annotations.summary | length > 0) and
    (.startsAt | startswith("2016-08-22T11:15:01"))' "$tmp/pushed.json" > /dev/null ||
    fail "the pushed alert is not as the rules make it: $(cat "$tmp/pushed.json")"
curl -sf -o /dev/null "$(jq -r .generatorURL "$tmp/pushed.json")" || fail "the pushed link does not answer"
# A log whose clock runs years ahead: the alert still goes (Alertmanager
# refuses a start after the end, and with it the whole post).
hit S09 43 '08-22-2036 04:15:01.917' >> "$b/logs/despool.log"
wait_for 15 _am_has S09 || fail "the alert of a record dated ahead did not arrive: $(curl -s "$am/api/v2/alerts")"
expect_status 0 "$prog" resolve --config "$b/syncwatch.conf" "$bid"
wait_for 15 _am_lacks S07 || fail "the resolved incident is still active in Alertmanager: $(am_alert S07)"

# --- 3. Alertmanager down, then back -------------------------------------
kill "$am_pid"
wait "$am_pid" 2>/dev/null || :
hit S08 >> "$b/logs/despool.log"
# Ingestion does not wait for the push.
_b_has() { [ -n "$(b_id "$1")" ]; }
wait_for 5 _b_has S08 || fail "B did not record its incident while Alertmanager was down"
_b_failing() {
	curl -s "http://127.0.0.1:$bport/api/v1/status" |
	    jq -e '.alertmanager.failed > 0 and .alertmanager.queue > 0 and (.alertmanager.last_error | length > 0)' > /dev/null
}
wait_for 10 _b_failing || fail "B's status does not show the failing push: $(curl -s "http://127.0.0.1:$bport/api/v1/status")"
curl -s "http://127.0.0.1:$bport/metrics" > "$tmp/b-metrics.txt"
grep -q '^syncwatch_alertmanager_posts_total{result="failed"} [1-9]' "$tmp/b-metrics.txt" ||
    fail "B's metrics do not count the failed posts: $(grep alertmanager "$tmp/b-metrics.txt")"
promtool check metrics < "$tmp/b-metrics.txt" > "$tmp/out" 2>&1 || fail "promtool check metrics (B): $(cat "$tmp/out")"
start_am
wait_for 20 _am_has S08 || fail "B's incident did not arrive after Alertmanager came back: $(curl -s "$am/api/v2/alerts")"
_b_drained() {
	curl -s "http://127.0.0.1:$bport/api/v1/status" | jq -e '.alertmanager.queue == 0' > /dev/null
}
wait_for 10 _b_drained || fail "B's queue did not drain"

# Silencing one site's incident for maintenance, as the README says.
amtool silence add --alertmanager.url="$am" --duration=10m --comment=test \
    syncwatch=site-b site=S08 > "$tmp/silence.out" 2>&1 ||
    fail "amtool silence add: $(cat "$tmp/silence.out")"
_am_silenced() {
	curl -sf "$am/api/v2/alerts" | jq -e '.[] | select(.labels.syncwatch == "site-b" and
	    .labels.site == "S08" and .status.state == "suppressed")' > /dev/null
}
wait_for 10 _am_silenced || fail "the silence does not hold B's S08 alert: $(curl -s "$am/api/v2/alerts")"
kill -TERM "$b_pid"
wait "$b_pid" || fail "syncwatch B exited $? on SIGTERM"
stop_daemon
