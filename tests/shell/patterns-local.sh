# Local signatures without forking the shipped set (patterns_local): the
# site's *.sig files add signatures, its *.local files override shipped
# ones by id (severity, rules, enabled = no).  check-patterns and
# check-config list every change; mistakes in the local directory are
# reported as FILE:LINE, all of them at once; the daemon runs the merged
# set, and a reload takes a changed .local file.
set -eu
. "$(dirname "$0")/../lib.sh"
daemon_init

local_dir=$tmp/patterns.d
mkdir -p "$local_dir/samples"
cat > "$local_dir/site.local" <<'LOCAL'
# This site's view of two shipped signatures.
[configmgr.despool.public-key-missing]
severity = warning

[configmgr.sender.cannot-connect]
enabled = no
LOCAL
cat > "$local_dir/backup.sig" <<'SIG'
[site.backup.failed]
title = The site backup job failed
product = configmgr
severity = error
match = BACKUP FAILED for site (?<site>[A-Z0-9]{3})\b
meaning = The nightly site backup did not complete.
fix = Read the backup log and run the job again.
SIG
{
	echo '#> match site.backup.failed site=S09'
	cm_record 'BACKUP FAILED for site S09' SMS_SITE_BACKUP
	echo '#> miss site.backup.failed'
	cm_record 'BACKUP completed for site S09' SMS_SITE_BACKUP
} > "$local_dir/samples/backup.log"
cp -R "$patterns" "$tmp/shipped"
patterns_dir=$tmp/shipped

# check-patterns validates the merged set and says what changed.
expect_status 0 "$prog" check-patterns --local "$local_dir" "$patterns_dir"
grep -q "^override configmgr.despool.public-key-missing: severity = warning ($local_dir/site.local:3)" "$tmp/out" ||
    fail "check-patterns does not list the override: $(grep -v '^ok' "$tmp/out")"
grep -q "^disabled configmgr.sender.cannot-connect ($local_dir/site.local:6)" "$tmp/out" ||
    fail "check-patterns does not list the disabled signature"
grep -q "^local signature site.backup.failed ($local_dir/backup.sig:1)" "$tmp/out" ||
    fail "check-patterns does not list the local signature"
grep -q '^ok  *site.backup.failed  *1 match,  *1 miss' "$tmp/out" ||
    fail "the local signature's samples did not run: $(grep site.backup "$tmp/out")"

# A local signature without samples fails the check.
cp "$local_dir/backup.sig" "$tmp/backup.sig"
sed 's/site.backup.failed/site.backup.late/' "$tmp/backup.sig" > "$local_dir/late.sig"
expect_status 1 "$prog" check-patterns --local "$local_dir" "$patterns_dir"
grep -q "late.sig:1: site.backup.late: no sample record that must match" "$tmp/out" ||
    fail "a local signature without samples passed"
rm "$local_dir/late.sig"

# The shipped set is the daemon's; the local directory changes it.
f=$logs/despool.log
{
	printf 'patterns_local = %s\n' "$local_dir"
	source_section despool "$f" start_at=beginning
} | write_config
expect_status 0 "$prog" check-config "$conf"
grep -q '^override configmgr.despool.public-key-missing: severity = warning' "$tmp/out" ||
    fail "check-config does not list the override"
start_daemon
{
	hits S02 2
	cm_record '~Cannot connect to server SCCMSEC07 at remote site S07, won'"'"'t try send requests going to site S07 for an hour or until there are no active send requests.' SMS_LAN_SENDER
	cm_record 'BACKUP FAILED for site S09' SMS_SITE_BACKUP
} >> "$f"
wait_count S02 2
sentinel "$f"
[ "$(incident_field S02 severity)" = warning ] ||
    fail "the severity override did not apply: $(incident_field S02 severity)"
[ "$(incident_field S09 signature)" = site.backup.failed ] ||
    fail "the local signature did not open an incident: $(incident_field S09 signature)"
[ "$(incident_field S07 signature)" = "NOT-ONE:0" ] ||
    fail "a disabled signature opened an incident"

# Without the .local file (a reload), the shipped signature is back.
rm "$local_dir/site.local"
hup_daemon "reloaded: 1 sources"
cm_record '~Cannot connect to server SCCMSEC08 at remote site S08, won'"'"'t try send requests going to site S08 for an hour or until there are no active send requests.' SMS_LAN_SENDER >> "$f"
sentinel "$f"
[ "$(incident_field S08 signature)" = configmgr.sender.cannot-connect ] ||
    fail "the re-enabled signature did not match: $(incident_field S08 signature)"
stop_daemon

# Mistakes: all of them, each with its FILE:LINE; nothing starts.
cat > "$local_dir/bad.local" <<'LOCAL'
[configmgr.no-such-thing]
severity = warning
[configmgr.despool.public-key-missing]
match = anything
severity = loud
threshold = 3 within 10m
LOCAL
sed 's/site.backup.failed/configmgr.despool.public-key-missing/' "$tmp/backup.sig" > "$local_dir/clash.sig"
expect_status 1 "$prog" check-config "$conf"
cat "$tmp/out" "$tmp/err" > "$tmp/all"
grep -q "clash.sig:1: 'configmgr.despool.public-key-missing' is a shipped signature" "$tmp/all" ||
    fail "a local signature with a shipped id was not refused: $(cat "$tmp/all")"
rm "$local_dir/clash.sig"
expect_status 1 "$prog" check-config "$conf"
cat "$tmp/out" "$tmp/err" > "$tmp/all"
grep -q "bad.local:1: no signature 'configmgr.no-such-thing' to override" "$tmp/all" ||
    fail "an unknown id was not named: $(cat "$tmp/all")"
grep -q "bad.local:4: .*'match' cannot be overridden" "$tmp/all" ||
    fail "an override of match was not refused: $(cat "$tmp/all")"
grep -q "bad.local:5: .*bad severity 'loud'" "$tmp/all" ||
    fail "a bad severity was not named: $(cat "$tmp/all")"
grep -q "bad.local:6:" "$tmp/all" &&
    fail "a good line was reported: $(cat "$tmp/all")"
expect_status 2 "$prog" daemon --config "$conf" --foreground
grep -q "bad.local:1:" "$tmp/err" || fail "the daemon did not say why it refused to start"

# A patterns_local that does not exist is a mistake, not an empty set.
rm -rf "$local_dir"
expect_status 1 "$prog" check-config "$conf"
grep -q "$local_dir" "$tmp/out" "$tmp/err" || fail "a missing patterns_local was not named"
