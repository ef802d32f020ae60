#!/bin/bash
# syncwatch.exe as a Windows service under wine's service control
# manager: service install --config Z:\..., service start (the SCM runs
# "syncwatch.exe daemon --service"), the dashboard and /healthz served to
# curl from Linux, a log followed, service status (0, running), a reload
# by the SCM's control and by syncwatch.exe reload, service stop (a clean
# stop: the service's own log says so), status 3, uninstall, and status
# then fails.
#
# Wine quirks (docs: /work/shared/research): services live only while an
# ordinary wine process does, so one is kept alive (logwriter.exe sleeping)
# for the whole test; the prefix was booted with wineboot --init and
# wineserver -w, or the SCM would not see new services.
. "$(dirname "$0")/lib.sh"
daemon_init
test_patterns

svc_installed=
keepalive_pid=
svc_cleanup() {
	local rc=$?
	set +e
	if [ -n "$svc_installed" ]; then
		sw service stop > /dev/null 2>&1
		sw service uninstall > /dev/null 2>&1
	fi
	[ -z "$keepalive_pid" ] || kill "$keepalive_pid" 2>/dev/null
	cleanup "$rc"
}
trap svc_cleanup EXIT

f=$logs/despool.log
recs 1 3 > "$f"
source_section despool "$f" | write_config
wconf=$(winpath "$conf")
# The service writes its messages to %ProgramData%\syncwatch\logs.  Under
# wine 8 a service's %ProgramData% is C:\users\Public, an ordinary
# process's C:\ProgramData (where "service install" grants the service
# account its rights); on Windows both are C:\ProgramData.
svclog() {
	find "$WINEPREFIX/drive_c" -path '*/syncwatch/logs/syncwatch.log' 2>/dev/null | head -1
}
before=0
[ -z "$(svclog)" ] || before=$(wc -l < "$(svclog)")

lw sleep 600000 > /dev/null 2>&1 &
keepalive_pid=$!

# A service left over by an interrupted run goes first.
sw service uninstall > /dev/null 2>&1 || :

note "install"
expect_status 0 sw service install --config "$wconf"
svc_installed=1
grep -q 'installed' "$tmp/out" || fail "install said: $(cat "$tmp/out")"
expect_status 3 sw service status
grep -q 'stopped' "$tmp/out" || fail "status said: $(cat "$tmp/out")"

note "start"
t0=$(now_ms)
expect_status 0 sw service start
note "running after $(( $(now_ms) - t0 )) ms"
grep -q 'running' "$tmp/out" || fail "start said: $(cat "$tmp/out")"
expect_status 0 sw service status
grep -q 'running' "$tmp/out" || fail "status said: $(cat "$tmp/out")"

note "served from the service"
_up() {
	[ "$(curl -s --max-time 2 -o /dev/null -w '%{http_code}' "$api/healthz")" = 200 ]
}
wait_for 10 _up || fail "no /healthz from the service"
api_get / > "$tmp/dash.html"
grep -q '<html' "$tmp/dash.html" || fail "the dashboard is not HTML"
[ "$(api_get /healthz | tr -d '\r\n')" = ok ] || fail "/healthz: $(cat "$tmp/api.body")"
wait_lines_once 1 3
recs 4 6 >> "$f"
wait_lines_once 1 6

note "reload: the SCM's parameter-change control, and syncwatch.exe reload"
g=$logs/other.log
recs 101 102 > "$g"
{ source_section despool "$f"; source_section other "$g"; } | write_config
_reloaded() {
	[ "$(tail -n +"$((before + 1))" "$(svclog)" | grep -c ': reloaded: ')" -ge "$1" ]
}
expect_status 0 sw service reload
wait_for 10 _reloaded 1 || fail "the service did not reload on its control"
wait_hits 8
expect_status 0 sw reload --config "$wconf"
grep -q '^reloaded' "$tmp/out" || fail "reload said: $(cat "$tmp/out" "$tmp/err")"
_reloaded 2 || fail "syncwatch.exe reload did not reach the service"

note "stop"
expect_status 0 sw service stop
grep -q 'stopped' "$tmp/out" || fail "stop said: $(cat "$tmp/out")"
expect_status 3 sw service status
[ "$(curl -s --max-time 2 -o /dev/null -w '%{http_code}' "$api/healthz")" = 000 ] ||
    fail "still answering after the stop"
[ -n "$(svclog)" ] || fail "no service log (%ProgramData%\\syncwatch\\logs)"
tail -n +"$((before + 1))" "$(svclog)" > "$tmp/svc.log"
grep -q ': started: ' "$tmp/svc.log" || fail "the service log has no start: $(cat "$tmp/svc.log")"
grep -q ': stopped' "$tmp/svc.log" || fail "the service log has no clean stop: $(cat "$tmp/svc.log")"

note "uninstall"
expect_status 0 sw service uninstall
svc_installed=
grep -q 'removed' "$tmp/out" || fail "uninstall said: $(cat "$tmp/out")"
set +e
sw service status > "$tmp/out" 2>&1
rc=$?
set -e
[ "$rc" -ne 0 ] && [ "$rc" -ne 3 ] || fail "status after uninstall: exit $rc"
grep -q 'not installed' "$tmp/out" || fail "status after uninstall said: $(cat "$tmp/out")"
