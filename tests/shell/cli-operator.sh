# The CLI for operators: a member of the service's group (here: nobody,
# with the daemon's group) acks and resolves through the running daemon
# (the control token, group-readable), several ids at once, with a note,
# and gets the daemon's own words when it cannot; listing needs no token;
# read-only commands never make a database.
set -eu
. "$(dirname "$0")/../lib.sh"
api_init

f=$logs/despool.log
: > "$f"
source_section despool "$f" start_at=beginning | api_config
start_api_daemon
hits S02 1 1 >> "$f"
hits S03 1 2 >> "$f"
hits S04 1 3 >> "$f"
wait_count S04 1
a=$(incident_field S02 id)
b=$(incident_field S03 id)
c=$(incident_field S04 id)

# An operator: not the daemon's user, but in its group.
chmod 755 "$tmp"
chmod -R g+rX "$state"
op() {
	if [ "$(id -u)" = 0 ]; then
		setpriv --reuid=nobody --regid="$(stat -c %g "$state")" \
		    --clear-groups "$prog" "$@"
	else
		"$prog" "$@"
	fi
}
[ "$(stat -c %a "$state/control.token")" = 640 ] || fail "control.token is not 0640"

expect_status 0 op ack --config "$conf" --note "on it" "$a"
grep -q "incident $a acknowledged" "$tmp/out" || fail "ack: $(cat "$tmp/out")"
[ "$(incident_field S02 state)" = acknowledged ] || fail "not acknowledged"
expect_status 0 op resolve --config "$conf" "$b" "$c"
[ "$(incident_field S03 state)" = resolved ] && [ "$(incident_field S04 state)" = resolved ] ||
    fail "resolve of two ids: $(cat "$tmp/out")"
# A bad id anywhere: nothing changes.
expect_status 2 op ack --config "$conf" "$a" x12
grep -q "bad incident id 'x12'" "$tmp/err" || fail "bad id: $(cat "$tmp/err")"
# An id that does not exist: said, the others done, exit 2.
expect_status 2 op resolve --config "$conf" 99999 "$a"
grep -q "incident 99999: no such incident" "$tmp/err" || fail "missing id: $(cat "$tmp/err")"
[ "$(incident_field S02 state)" = resolved ] || fail "the good id was not resolved"

# Un-ack and snooze, through the daemon.
hits S05 1 4 >> "$f"
wait_count S05 1
e=$(incident_field S05 id)
expect_status 0 op ack --config "$conf" "$e"
expect_status 0 op unack --config "$conf" --note "not mine after all" "$e"
[ "$(incident_field S05 state)" = open ] || fail "unack: $(incident_field S05 state)"
expect_status 2 op unack --config "$conf" "$e"
grep -q "only an acknowledged incident" "$tmp/err" || fail "unack of an open one: $(cat "$tmp/err")"
expect_status 2 op snooze --config "$conf" "$e"
expect_status 0 op snooze --config "$conf" --for 2h --note "S05 maintenance" "$e"
grep -q "incident $e snoozed" "$tmp/out" || fail "snooze: $(cat "$tmp/out")"
expect_http 200 GET "/api/v1/incidents/$e"
expect_json '.snoozed_until != null' "the snoozed incident"
expect_status 2 op snooze --state-dir "$state" --for 1h "$e"

# Listing reads the database; no token needed.
expect_status 0 op incidents --config "$conf"
grep -q 'S02' "$tmp/out" || fail "list: $(cat "$tmp/out")"

# Read-only commands never make anything.
expect_status 2 "$prog" incidents --state-dir "$tmp/nonexistent"
grep -q "no database yet" "$tmp/err" || fail "missing database: $(cat "$tmp/err")"
[ ! -e "$tmp/nonexistent" ] || fail "incidents made $tmp/nonexistent"
mkdir "$tmp/empty"
expect_status 2 "$prog" incidents --state-dir "$tmp/empty"
[ -z "$(ls -A "$tmp/empty")" ] || fail "incidents made a database in an empty folder"
stop_daemon

# With no daemon, ack writes the database directly, and keeps the note too.
expect_status 0 "$prog" ack --state-dir "$state" --note "called the S03 admin" "$b"
expect_status 0 "$prog" incidents --state-dir "$state" "$b"
grep -q "called the S03 admin" "$tmp/out" ||
    fail "the note of a direct change is not in the history: $(cat "$tmp/out")"
