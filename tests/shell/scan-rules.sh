# scan applies the incident rules over a file's history: a threshold counts
# hits before it opens, a sequence is one hit on the record that completes
# it, a recovery line resolves without being a hit, and --json lists each
# incident after the hits.
set -eu
. "$(dirname "$0")/../lib.sh"

retry() {	# a despooler retry at 04:MM
	printf 'Will retry instruction C:\\SMS\\inboxes\\despoolr.box\\receive\\x.ins %s more times, the next retry is in about 5 minutes  $$<SMS_DESPOOLER><08-22-2016 04:%s:01.000+420><thread=2316 (0x90C)>\r\n' "$1" "$2"
}
{ retry 99 05; retry 98 10; } > "$tmp/two.log"
{ retry 99 05; retry 98 10; retry 97 15
  printf 'Despooler successfully executed one instruction.~  $$<SMS_DESPOOLER><08-22-2016 04:16:00.000+420><thread=2316 (0x90C)>\r\n'
} > "$tmp/three.log"

# Two retries are hits but not yet an incident.
expect_status 1 "$prog" scan --patterns "$patterns" --json "$tmp/two.log"
[ "$(jq -s '[.[] | select(has("incident") | not)] | length' "$tmp/out")" -eq 2 ] ||
    fail "two.log: expected 2 hits: $(cat "$tmp/out")"
[ "$(jq -s '[.[] | select(has("incident"))] | length' "$tmp/out")" -eq 0 ] ||
    fail "two.log: no incident expected: $(cat "$tmp/out")"

# Three open it with all three; the recovery resolves it and is no hit.
expect_status 1 "$prog" scan --patterns "$patterns" --json "$tmp/three.log"
[ "$(jq -s '[.[] | select(has("incident") | not)] | length' "$tmp/out")" -eq 3 ] ||
    fail "three.log: expected 3 hits: $(cat "$tmp/out")"
jq -s -e '[.[] | select(has("incident"))] == [{"incident": 1,
    "signature": "configmgr.despool.instruction-retry", "source": "'"$tmp"'/three.log",
    "severity": "warning", "state": "resolved", "resolution": "recovered", "count": 3,
    "first_seen": "2016-08-22T11:05:01.000Z", "last_seen": "2016-08-22T11:15:01.000Z",
    "fields": {}}]' "$tmp/out" > /dev/null || fail "three.log: incidents: $(cat "$tmp/out")"

# EktronL2: initialized, stopped (the hit), started (recovery, no hit).
printf 'Service initialized successfully\r\nService stopped successfully\r\nService started successfully\r\n' > "$tmp/l2.log"
expect_status 1 "$prog" scan --patterns "$patterns" --format plain "$tmp/l2.log"
grep -q '^.*/l2.log:2: error esync.service-not-listening: ' "$tmp/out" ||
    fail "l2.log: the hit is on line 2: $(cat "$tmp/out")"
[ "$(grep -c 'l2.log:[0-9]*: ' "$tmp/out")" -eq 1 ] || fail "l2.log: one hit only: $(cat "$tmp/out")"
grep -q '^incident 1: esync.service-not-listening \[error\] resolved (recovered), 1 hit, ' "$tmp/out" ||
    fail "l2.log: incident line: $(cat "$tmp/out")"

# A normal start and stop: no hit at all.
printf 'Service initialized successfully\r\nService started successfully\r\nService stopped successfully\r\n' > "$tmp/ok.log"
expect_status 0 "$prog" scan --patterns "$patterns" --format plain "$tmp/ok.log"
[ ! -s "$tmp/out" ] || fail "ok.log: expected no output: $(cat "$tmp/out")"
