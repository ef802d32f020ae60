# A fresh install: the shipped syncwatch.conf has no source yet (only
# commented examples).  check-config passes with a warning, the daemon
# starts healthy and follows nothing, and the dashboard says how to add a
# source; after one is added and reloaded, the hint goes.
set -eu
. "$(dirname "$0")/../lib.sh"
api_init

mkdir -p "$tmp/patterns.d"
sed -e "s|^state_dir *=.*|state_dir = $state|" \
    -e "s|^patterns *=.*|patterns = $patterns|" \
    -e "s|^patterns_local *=.*|patterns_local = $tmp/patterns.d|" \
    -e "s|^listen *=.*|listen = $listen|" \
    "$top/packaging/syncwatch.conf" > "$conf"
grep -q '^\[source' "$conf" && fail "the shipped configuration follows a path already"
expect_status 0 "$prog" check-config "$conf"
grep -q 'nothing is watched until one is added' "$tmp/out" "$tmp/err" ||
    fail "check-config did not say that nothing is watched yet"
start_daemon
expect_http 200 GET /healthz
expect_http 200 GET /api/v1/status
expect_json '.status == "ok" and .health == "ok"' "a fresh install's status"
expect_http 200 GET /
grep -q 'id="setup"' "$tmp/body" || fail "the dashboard does not say how to add a source"
log_has 'error' && fail "a fresh install logged an error: $(cat "$daemon_err")"

# One source added and reloaded: the hint goes.
source_section despool "$logs/despool.log" >> "$conf"
expect_status 0 "$prog" reload --config "$conf"
expect_http 200 GET /
grep -q 'id="setup"' "$tmp/body" && fail "the setup hint stays with a source"
stop_daemon
