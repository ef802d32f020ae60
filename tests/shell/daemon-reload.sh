# SIGHUP reloads the configuration and the signatures.  A broken new file
# (configuration or signatures) is refused: the old set keeps running and
# still records hits.  A good new configuration with one more source starts
# following it; the old source goes on from its position, nothing counted
# twice.
set -eu
. "$(dirname "$0")/../lib.sh"
daemon_init

patterns_dir=$tmp/patterns
cp -R "$patterns" "$patterns_dir"
f=$logs/despool.log
g=$logs/sender.log
source_section despool "$f" start_at=beginning | write_config
cp "$conf" "$tmp/good.conf"
start_daemon
hits S02 3 1 >> "$f"
wait_count S02 3

# A configuration with an unknown key.
{ cat "$tmp/good.conf"; echo 'colour = blue'; } > "$conf"
hup_daemon "reload failed"
daemon_alive || fail "the daemon died on a bad configuration"
hits S02 2 10 >> "$f"
wait_count S02 5
sentinel "$f"
expect_count S02 5

# Signatures that do not load (a pattern that does not compile).
cp "$tmp/good.conf" "$conf"
printf '\n[configmgr.broken]\ntitle = x\nproduct = configmgr\nseverity = error\nmatch = (unclosed\nmeaning = x\nfix = x\n' \
    >> "$patterns_dir/configmgr.sig"
hup_daemon "reload failed"
hits S02 2 20 >> "$f"
wait_count S02 7
sentinel "$f"
expect_count S02 7

# Good again, with a second source whose file does not exist yet.
cp "$patterns/configmgr.sig" "$patterns_dir/configmgr.sig"
{
	cat "$tmp/good.conf"
	source_section sender "$g" start_at=beginning
} > "$conf"
hup_daemon "reloaded: 2 sources"
hits S03 4 1 | create_file "$g"
hits S02 1 30 >> "$f"
wait_count S03 4
wait_count S02 8
sentinel "$f"
sentinel "$g"
expect_count S02 8
expect_count S03 4
[ "$(incident_field S03 source)" = sender ] ||
    fail "S03 recorded for source $(incident_field S03 source)"

# Reloading the same configuration rebuilds every follower: nothing is read
# twice.
hup_daemon "reloaded: 2 sources"
hits S03 1 10 >> "$g"
wait_count S03 5
sentinel "$f"
sentinel "$g"
expect_count S02 8
expect_count S03 5
expect_incidents $((2 + sentinel_n))
stop_daemon
