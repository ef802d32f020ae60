# incidents, ack and resolve against a running daemon: listing (JSON and
# text, filtered by state), acknowledging, resolving, and a new hit on a
# resolved incident opening it again with its count going on.
set -eu
. "$(dirname "$0")/../lib.sh"
daemon_init

f=$logs/despool.log
source_section despool "$f" start_at=beginning | write_config
start_daemon
{ hits S02 2 1; hit S03 5; routine; } >> "$f"
wait_count S02 2
sentinel "$f"
expect_count S03 1
expect_incidents $((2 + sentinel_n))

# Every JSON object carries the documented keys.
incidents_json > "$tmp/list"
jq -e -s 'all(.[]; has("id") and has("signature") and has("source") and
    has("severity") and has("state") and has("fields") and has("count") and
    has("first_seen") and has("last_seen"))' "$tmp/list" > /dev/null ||
    fail "incidents --json lacks keys: $(cat "$tmp/list")"
jq -e -s '[.[] | select(.fields.site == "S02")][0] |
    .signature == "configmgr.despool.public-key-missing" and
    .source == "despool" and .severity == "critical" and
    .state == "open" and .first_seen == "2016-08-22T11:15:01.917Z"' \
    "$tmp/list" > /dev/null || fail "S02 incident wrong: $(cat "$tmp/list")"

id2=$(incident_field S02 id)
id3=$(incident_field S03 id)
[ "$id2" != "$id3" ] || fail "one id for two incidents"

expect_status 0 "$prog" ack --state-dir "$state" "$id2"
[ "$(incident_field S02 state)" = acknowledged ] ||
    fail "after ack: S02 is $(incident_field S02 state)"
expect_status 0 "$prog" resolve --state-dir "$state" "$id3"
[ "$(incident_field S03 state)" = resolved ] ||
    fail "after resolve: S03 is $(incident_field S03 state)"

expect_status 0 "$prog" incidents --state-dir "$state" --state acknowledged --json
[ "$(jq -rs 'map(.id) | join(" ")' "$tmp/out")" = "$id2" ] ||
    fail "--state acknowledged: $(cat "$tmp/out")"
expect_status 0 "$prog" incidents --state-dir "$state" --state resolved --json
[ "$(jq -rs 'map(.id) | join(" ")' "$tmp/out")" = "$id3" ] ||
    fail "--state resolved: $(cat "$tmp/out")"
expect_status 0 "$prog" incidents --state-dir "$state" --state open --json
[ "$(jq -rs 'map(.fields.site) | join(" ")' "$tmp/out")" = Z01 ] ||
    fail "--state open: $(cat "$tmp/out")"
expect_status 0 "$prog" incidents --state-dir "$state"
grep -q "^$id2 *acknowledged .*configmgr.despool.public-key-missing" "$tmp/out" ||
    fail "text listing: $(cat "$tmp/out")"

# A new hit on the resolved incident opens it again; the count goes on.
hit S03 6 >> "$f"
wait_count S03 2
[ "$(incident_field S03 state)" = open ] ||
    fail "a new hit left S03 $(incident_field S03 state)"
[ "$(incident_field S03 id)" = "$id3" ] || fail "S03 reopened under a new id"
# A new hit on the acknowledged one counts.
hit S02 7 >> "$f"
wait_count S02 3
sentinel "$f"
expect_count S02 3
expect_count S03 2
expect_incidents $((2 + sentinel_n))

# Errors: no such incident, a bad id, a bad state.
expect_status 2 "$prog" ack --state-dir "$state" 9999
expect_status 2 "$prog" resolve --state-dir "$state" nonsense
expect_status 2 "$prog" incidents --state-dir "$state" --state closed

# Still true once the daemon has stopped.
stop_daemon
expect_status 0 "$prog" resolve --state-dir "$state" "$id2"
[ "$(incident_field S02 state)" = resolved ] ||
    fail "after resolve: S02 is $(incident_field S02 state)"
