# incidents, ack and resolve against a running daemon: listing (JSON and
# text, filtered by state), acknowledging, resolving, and a new hit on a
# resolved incident opening it again with its count going on; then, with the
# daemon stopped, one incident in full (`incidents ID`) and how an incident
# syncwatch resolved itself is shown (its resolution and history notes).
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
    has("severity") and has("state") and has("resolution") and has("fields") and
    has("count") and has("first_seen") and has("last_seen"))' "$tmp/list" > /dev/null ||
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

# An operator's resolve has no resolution; the detail view lists the history.
[ "$(incident_field S02 resolution)" = null ] ||
    fail "an operator's resolve left resolution $(incident_field S02 resolution)"
expect_status 0 "$prog" incidents --state-dir "$state" "$id2"
grep -q "^state  *resolved since .* by cli:" "$tmp/out" ||
    fail "incidents $id2: no state line: $(cat "$tmp/out")"
grep -q "^  [0-9T:.-]*Z  acknowledged  *by cli:" "$tmp/out" ||
    fail "incidents $id2: no acknowledged history entry: $(cat "$tmp/out")"

# What syncwatch resolves itself says how, and its history notes show (the
# rules are the incident module's; here the store is written as they would).
# A note quoting a log line is untrusted: no terminal escape gets through.
sqlite3 "$state/syncwatch.db" "UPDATE incidents SET state = 'resolved',
    state_by = 'syncwatch', resolution = 'self-healed' WHERE id = $id3;
    INSERT INTO history (incident_id, at, state, by, note) VALUES
    ($id3, 1700000000000, 'escalated', 'syncwatch', 'critical after 100 hits'),
    ($id3, 1700000600000, 'resolved', 'syncwatch',
     'self-healed: no hit for 10m' || char(27) || '[2J');"
expect_status 0 "$prog" incidents --state-dir "$state"
grep -q "^$id3 *resolved (self-healed) *critical .*configmgr.despool.public-key-missing" "$tmp/out" ||
    fail "text listing without the resolution: $(cat "$tmp/out")"
grep -q "^$id2 *resolved *critical" "$tmp/out" ||
    fail "text listing: an operator's resolve: $(cat "$tmp/out")"
[ "$(incident_field S03 resolution)" = self-healed ] ||
    fail "incidents --json: resolution $(incident_field S03 resolution)"
expect_status 0 "$prog" incidents --state-dir "$state" "$id3"
grep -q "^state  *resolved (self-healed) since " "$tmp/out" ||
    fail "incidents $id3: state line: $(cat "$tmp/out")"
grep -q "^  2023-11-14T22:13:20.000Z  escalated  *by syncwatch — critical after 100 hits$" "$tmp/out" ||
    fail "incidents $id3: escalated entry: $(cat "$tmp/out")"
grep -qF "by syncwatch — self-healed: no hit for 10m\\x1b[2J" "$tmp/out" ||
    fail "incidents $id3: resolved entry and its note: $(cat "$tmp/out")"
if grep -q "$(printf '\033')" "$tmp/out"; then
	fail "incidents $id3: an escape character reached the terminal"
fi
expect_status 0 "$prog" incidents --state-dir "$state" --json "$id3"
jq -e --argjson id "$id3" '.id == $id and .state == "resolved" and
    .resolution == "self-healed" and .state_by == "syncwatch" and
    (.state_changed_at | type) == "string" and
    .history[0] == {"at": .history[0].at, "state": "open", "by": null, "note": null} and
    ([.history[] | select(.by == "syncwatch") | [.state, .note]] ==
     [["escalated", "critical after 100 hits"],
      ["resolved", "self-healed: no hit for 10m\u001b[2J"]])' "$tmp/out" > /dev/null ||
    fail "incidents --json $id3: $(cat "$tmp/out")"
expect_status 2 "$prog" incidents --state-dir "$state" 9999
expect_status 2 "$prog" incidents --state-dir "$state" --state open "$id3"
