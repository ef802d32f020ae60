# A refused reload is loud: `syncwatch reload` (what systemctl reload runs)
# exits 1 and prints the problems, the status API and the dashboard say the
# old configuration still runs and since when, and /metrics has
# syncwatch_config_last_reload_successful 0 with the success timestamp of
# the configuration that runs.  A good reload clears all of it; the
# per-source counters go on across reloads.  With listen = off, reload
# --pid signals the daemon instead.
set -eu
. "$(dirname "$0")/../lib.sh"
api_init

f=$logs/despool.log
source_section despool "$f" start_at=beginning | api_config
cp "$conf" "$tmp/good.conf"
start_daemon
hits S02 3 1 >> "$f"
wait_count S02 3

metric() {
	http_req GET /metrics
	awk -v m="$1" '$1 == m { print $2 }' "$tmp/body"
}
[ "$(metric syncwatch_config_last_reload_successful)" = 1 ] ||
    fail "before any reload the configuration counts as loaded"
t0=$(metric syncwatch_config_last_reload_success_timestamp_seconds)
[ "$t0" -gt 1500000000 ] || fail "success timestamp at start: '$t0'"
lines0=$(metric 'syncwatch_source_lines_total{source="despool",path="'"$f"'"}')
[ "${lines0:-0}" -ge 3 ] || fail "lines read before the reload: '$lines0'"
expect_http 200 GET /api/v1/status
expect_json '.reload.successful == true and .reload.last_attempt == null' \
    "the status before any reload"
expect_http 200 GET /
grep -q '<section id="reload" role="status" hidden>' "$tmp/body" ||
    fail "the reload banner shows with nothing refused"

# Refused: an unknown key, and a hostile value the page must not run.
{ cat "$tmp/good.conf"; echo '<b>colour = blue'; } > "$conf"
expect_status 1 "$prog" reload --config "$conf"
grep -q "$conf:[0-9]*: .*colour" "$tmp/out" ||
    fail "reload did not name the file, line and key: $(cat "$tmp/out")"
grep -q 'previous configuration keeps running' "$tmp/out" ||
    fail "reload did not say the old configuration runs"
daemon_alive || fail "the daemon died on a refused reload"
[ "$(metric syncwatch_config_last_reload_successful)" = 0 ] ||
    fail "syncwatch_config_last_reload_successful after a refused reload"
[ "$(metric syncwatch_config_last_reload_success_timestamp_seconds)" = "$t0" ] ||
    fail "a refused reload moved the success timestamp"
expect_http 200 GET /api/v1/status
expect_json '.reload.successful == false and (.reload.error | test("colour"))
    and .reload.last_attempt != null and .status != "ok"' \
    "the status after a refused reload"
expect_http 200 GET /
grep -q '<section id="reload" role="status">' "$tmp/body" ||
    fail "no reload banner on the dashboard after a refused reload"
grep -q '&lt;b&gt;colour' "$tmp/body" || fail "the banner does not show the error escaped"
grep -q '<b>colour' "$tmp/body" && fail "the banner shows the error unescaped"

# Still watching with the old configuration; counters keep counting.
hits S02 2 10 >> "$f"
wait_count S02 5

# Good again.
cp "$tmp/good.conf" "$conf"
expect_status 0 "$prog" reload --config "$conf"
[ "$(metric syncwatch_config_last_reload_successful)" = 1 ] ||
    fail "syncwatch_config_last_reload_successful after a good reload"
t1=$(metric syncwatch_config_last_reload_success_timestamp_seconds)
[ "$t1" -ge "$t0" ] || fail "success timestamp went back: $t0 -> $t1"
lines1=$(metric 'syncwatch_source_lines_total{source="despool",path="'"$f"'"}')
[ "${lines1:-0}" -ge $((lines0 + 2)) ] ||
    fail "the source's line count did not survive the reload: $lines0 -> $lines1"
expect_http 200 GET /api/v1/status
expect_json '.reload.successful == true and .reload.error == null' \
    "the status after a good reload"
expect_http 200 GET /
grep -q '<section id="reload" role="status" hidden>' "$tmp/body" ||
    fail "the reload banner stays after a good reload"
stop_daemon

# listen = off: no API; --pid signals the process.
listen=off
source_section despool "$f" | write_config
start_daemon
expect_status 2 "$prog" reload --config "$conf"
grep -q -- '--pid' "$tmp/err" || fail "reload without --pid did not say to give it"
before=$(log_count 'reloaded: ')
expect_status 0 "$prog" reload --config "$conf" --pid "$daemon_pid"
wait_for 10 _log_more 'reloaded: ' "$before" ||
    fail "reload --pid did not make the daemon reload"
stop_daemon
