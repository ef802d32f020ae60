# The database under a running daemon: deleted, replaced by another file,
# or not writable.  Each is found, said loudly (log, /healthz, status,
# metrics), put right where it can be, and nothing the still-open
# database held is lost: a deleted or replaced file is written back from
# the open connection (the replacement kept aside), and a state folder
# that could not be written is used again once it can.
set -eu
. "$(dirname "$0")/../lib.sh"
api_init

f=$logs/despool.log
: > "$f"
source_section despool "$f" start_at=beginning | api_config
start_api_daemon
hits S02 5 1 >> "$f"
wait_count S02 5
expect_http 200 GET /healthz

api_count() {	# SITE: the hits of site SITE the API reports
	http_get "/api/v1/incidents?limit=200"
	jq --arg site "$1" '[.incidents[] | select(.fields.site == $site) | .count] | add // 0' "$tmp/body"
}
_written_back() {
	log_has "$1" && [ -e "$state/syncwatch.db" ]
}

# Deleted: what it held is written back, the CLI and the API agree.
rm "$state/syncwatch.db"
hits S02 3 10 >> "$f"
wait_for 10 _written_back "was deleted under the daemon" ||
    fail "the deleted database was not written back"
wait_count S02 8
[ "$(api_count S02)" -eq 8 ] || fail "API: $(api_count S02) hits, the CLI 8"
expect_http 200 GET /healthz
stop_daemon
start_daemon
wait_http
sentinel "$f"
expect_count S02 8

# Replaced by another file (a copy put back by hand): it is moved aside,
# ours written back.
sqlite3 "$tmp/other.db" 'CREATE TABLE t (a); INSERT INTO t VALUES (42);'
mv "$tmp/other.db" "$state/syncwatch.db"
hits S03 2 20 >> "$f"
wait_for 10 _written_back "was replaced under the daemon" ||
    fail "the replaced database was not put right"
wait_count S03 2
expect_count S02 8
aside=$(ls "$state"/syncwatch.db.replaced-* 2>/dev/null | head -1)
[ -n "$aside" ] && [ "$(sqlite3 "$aside" 'SELECT a FROM t')" = 42 ] ||
    fail "the replacement was not kept aside"
expect_http 200 GET /healthz
stop_daemon

# Not writable (the daemon runs as an unprivileged user, for whom the
# permissions hold): started on a read-only state folder, it says so,
# holds what it reads, and records it once the folder can be written.
if [ "$(id -u)" = 0 ]; then
	daemon_as="setpriv --reuid=nobody --regid=nogroup --clear-groups"
	chown -R nobody:nogroup "$state" "$logs"
	chmod 755 "$tmp"
fi
chmod a-w "$state"/syncwatch.db*
chmod 555 "$state"
start_daemon
_answers() {
	http_get /healthz
	[ "$http_status" != 000 ]
}
wait_for 10 _answers || fail "no answer over HTTP" 
log_has "nothing can be recorded until it can be written" ||
    fail "the read-only database is not reported at start"
expect_http 503 GET /healthz
grep -q 'database not writable' "$tmp/body" || fail "/healthz: $(cat "$tmp/body")"
http_get /api/v1/status
jq -e '.status == "critical" and .health == "failing" and
    (.problems | length) > 0 and .database.writable == false' "$tmp/body" > /dev/null ||
    fail "status: $(cat "$tmp/body")"
http_get /metrics
grep -q '^syncwatch_database_writable 0$' "$tmp/body" || fail "metrics: no syncwatch_database_writable 0"
grep -q '^syncwatch_healthy 0$' "$tmp/body" || fail "metrics: no syncwatch_healthy 0"
hits S04 4 30 >> "$f"
no_change_for 2 S04 0
chmod 755 "$state"
chmod u+w "$state"/syncwatch.db*
wait_count S04 4
expect_http 200 GET /healthz
http_get /metrics
grep -q '^syncwatch_database_writable 1$' "$tmp/body" || fail "metrics: no syncwatch_database_writable 1"
expect_count S02 8
expect_count S03 2
stop_daemon
