# check-config: a valid configuration passes (exit 0, a missing log file is
# only a warning); every error is reported as FILE:LINE: message, all of
# them in one run, with exit status 1.  The daemon refuses to start on it.
set -eu
. "$(dirname "$0")/../lib.sh"
daemon_init

c=$tmp/check.conf
cat > "$c" <<EOC
[daemon]
state_dir = $state
patterns = $patterns
[source despool]
path = $logs/despool.log
format = configmgr
product = configmgr
start_at = beginning
watch = poll
poll_interval = 200ms
quiet = 300ms
EOC
expect_status 0 "$prog" check-config "$c"
grep -q "ok, 1 sources" "$tmp/out" || fail "no ok line: $(cat "$tmp/out")"
grep -q "^$c:[0-9]*: .*despool.log.*waited for" "$tmp/out" ||
    fail "no warning about the missing log: $(cat "$tmp/out")"

: > "$logs/despool.log"	# no warning about it: only errors below
cat > "$c" <<EOC
[daemon]
state_dir = $state
patterns = $patterns
colour = blue
[source despool]
path = $logs/despool.log
format = configmgr
start_at = middle
quiet = forever
watch = poll
poll_interval = soon
bogus = 1
format_x = 2
EOC
expect_status 1 "$prog" check-config "$c"
for want in "4:.*colour" "8:.*middle" "9:.*forever" "11:.*soon" \
    "12:.*bogus" "13:.*format_x"; do
	grep -q "^$c:$want" "$tmp/out" ||
	    fail "no '$c:$want' in: $(cat "$tmp/out")"
done
n=$(grep -c "^$c:[0-9]*: " "$tmp/out")
[ "$n" -eq 6 ] || fail "$n errors reported, expected 6: $(cat "$tmp/out")"

# An unknown format and a start_at given twice.
cat > "$c" <<EOC
[daemon]
state_dir = $state
patterns = $patterns
[source despool]
path = $logs/despool.log
format = syslog
start_at = end
start_at = end
EOC
expect_status 1 "$prog" check-config "$c"
grep -q "^$c:6: .*syslog" "$tmp/out" || fail "unknown format: $(cat "$tmp/out")"
grep -q "^$c:8: " "$tmp/out" || fail "duplicate key: $(cat "$tmp/out")"

# The daemon does not start on a broken configuration.
cp "$c" "$conf"
set +e
"$prog" daemon --config "$conf" --foreground 2> "$tmp/err" &
pid=$!
bg_pids="$bg_pids $pid"
wait $pid
rc=$?
set -e
[ "$rc" -ne 0 ] || fail "the daemon started on a broken configuration"
grep -q "$c:6: .*syslog" "$tmp/err" || grep -q "$conf:6: .*syslog" "$tmp/err" ||
    fail "daemon did not say why: $(cat "$tmp/err")"

# An [inbox] must name an inbox signature; check-config and the daemon say
# so at the section's line.
cat > "$c" <<EOC
[daemon]
state_dir = $state
patterns = $patterns
[inbox receive]
path = $logs
signature = configmgr.despool.public-key-missing
[inbox hman]
path = $logs
signature = configmgr.no-such-thing
EOC
expect_status 1 "$prog" check-config "$c"
grep -q "^$c:4: \[inbox receive\]: 'configmgr.despool.public-key-missing' is of kind event, not inbox" "$tmp/out" ||
    fail "no error for a non-inbox signature: $(cat "$tmp/out")"
grep -q "^$c:7: \[inbox hman\]: no signature 'configmgr.no-such-thing'" "$tmp/out" ||
    fail "no error for an unknown signature: $(cat "$tmp/out")"
sed -i 's/configmgr.despool.public-key-missing/configmgr.despool.receive-backlog/; s/configmgr.no-such-thing/configmgr.hman.inbox-waiting/' "$c"
expect_status 0 "$prog" check-config "$c"
grep -q "ok, 0 sources, 2 inboxes" "$tmp/out" || fail "no ok line: $(cat "$tmp/out")"
