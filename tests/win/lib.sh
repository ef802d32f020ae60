# Helpers for the Windows integration tests (tests/win/*.sh); sourced by
# bash, not run.  Each test drives the real build/win/syncwatch.exe under
# wine64 from Linux: it writes logs and configurations on the Linux side,
# runs the program with Z:\ paths, and reads the results through the
# HTTP API with curl.  Waiting always polls a condition with a deadline.
#
# $1 is the scratch directory (tests/win/run.sh makes a fresh one), or
# one is made.  run.sh exports the wine environment; a test run alone
# sets it up the same way (the prefix must exist: run.sh makes it).
set -euo pipefail

top=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
tmp=${1:-$(mktemp -d)}
mkdir -p "$tmp"
tmp=$(cd "$tmp" && pwd)

: "${WIN_WINE:=$(command -v /usr/lib/wine/wine64 || command -v wine64 || echo wine)}"
export WINEPREFIX=${WINEPREFIX:-$top/build/win/wineprefix-test}
export WINEDEBUG=-all WINEDLLOVERRIDES="mscoree,mshtml=" WINELOADER=$WIN_WINE
unset DISPLAY WAYLAND_DISPLAY

exe=$top/build/win/syncwatch.exe
logwriter=$top/build/win/logwriter.exe

fail() {
	echo "FAIL: $*" >&2
	exit 1
}

# note TEXT: a progress line in the test's output.
note() {
	echo "-- $*"
}

# winpath PATH: the Linux path as wine names it (Z:\tmp\x).
winpath() {
	printf 'Z:%s' "$1" | tr / '\\'
}

# sw ARGS...: run syncwatch.exe (standard output and error as they are).
sw() {
	"$WIN_WINE" "$exe" "$@"
}

# lw ARGS...: run the log writer helper (tests/win/logwriter.c).
lw() {
	"$WIN_WINE" "$logwriter" "$@"
}

now_ms() {
	date +%s%3N
}

# wait_for SECONDS CMD...: run CMD every 20 ms until it succeeds; returns 1
# if it has not by SECONDS (which may be fractional).
wait_for() {
	local end
	end=$(( $(now_ms) + $(awk -v s="$1" 'BEGIN { printf "%d", s * 1000 }') ))
	shift
	while :; do
		"$@" && return 0
		[ "$(now_ms)" -lt "$end" ] || return 1
		sleep 0.02
	done
}

# expect_status WANT CMD...: run CMD (output in $tmp/out, $tmp/err); fail
# unless its exit status is WANT.
expect_status() {
	local want=$1 got
	shift
	set +e
	"$@" > "$tmp/out" 2> "$tmp/err"
	got=$?
	set -e
	[ "$got" -eq "$want" ] || {
		cat "$tmp/out" "$tmp/err" >&2
		fail "exit status $got, expected $want: $*"
	}
}

# ---------------------------------------------------------------------------
# The daemon.  Everything is under $tmp: logs in $logs, state in $state,
# the configuration in $conf, the daemon's stderr in $daemon_err.  It always
# listens on a free loopback port ($api is its base URL).

logs=$tmp/logs
state=$tmp/state
conf=$tmp/syncwatch.conf
daemon_err=$tmp/daemon.err
tpatterns=$tmp/patterns
daemon_pid=
bg_pids=

# cleanup [STATUS]: the EXIT trap (STATUS: the script's, when a trap of
# its own calls this).
cleanup() {
	local rc=${1:-$?}
	set +e
	for p in $bg_pids; do
		kill "$p" 2>/dev/null
	done
	if [ -n "$daemon_pid" ]; then
		kill -9 "$daemon_pid" 2>/dev/null
		wait "$daemon_pid" 2>/dev/null
	fi
	if [ "$rc" -ne 0 ] && [ -s "$daemon_err" ]; then
		echo "--- daemon stderr (last 30 lines):" >&2
		tail -n 30 "$daemon_err" >&2
	fi
	exit "$rc"
}

# free_port: a TCP port nothing on this host uses now, picked at random.
free_port() {
	local used p i=0
	used=$(cat /proc/net/tcp /proc/net/tcp6 2>/dev/null |
	    awk 'NR > 1 { split($2, a, ":"); print a[2] }')
	while [ $i -lt 200 ]; do
		p=$(( $(od -An -N2 -tu2 /dev/urandom | tr -d ' ') % 30000 + 20000 ))
		if ! printf '%s\n' "$used" | grep -qx "$(printf '%04X' "$p")"; then
			echo "$p"
			return 0
		fi
		i=$((i + 1))
	done
	fail "free_port: no free port found"
}

daemon_init() {
	mkdir -p "$logs" "$state"
	: > "$daemon_err"
	port=$(free_port)
	api=http://127.0.0.1:$port
	trap cleanup EXIT
	trap 'exit 1' INT TERM HUP
}

# test_patterns: a signature directory holding only the tests' own
# signature, test.line (product wintest): every record with "LINE n" is
# one hit of the incident of n, so counting incidents counts lines.
test_patterns() {
	mkdir -p "$tpatterns"
	cat > "$tpatterns/wintest.sig" <<'EOF'
[test.line]
title    = A numbered line of a Windows integration test
product  = wintest
severity = warning
match    = \bLINE\s+(?<n>\d+)\b
group_by = n
meaning  = The tests in tests/win/ write numbered lines; each is one incident.
fix      = None: it is a test.
EOF
}

# write_config [EXTRA-DAEMON-LINES]: $conf is the [daemon] section (the
# test patterns unless $patterns_dir is set, HTTP on $port, and the
# lines given) followed by standard input.
write_config() {
	{
		printf '[daemon]\nstate_dir = %s\npatterns = %s\nlisten = 127.0.0.1:%s\n' \
		    "$(winpath "$state")" "$(winpath "${patterns_dir:-$tpatterns}")" "$port"
		[ $# -eq 0 ] || printf '%s\n' "$@"
		cat
	} > "$conf"
}

# source_section NAME PATH [KEY=VALUE...]: a [source] section for the Linux
# path PATH; defaults format=configmgr, product=wintest, quiet=300ms,
# start_at=beginning.
source_section() {
	printf '[source %s]\npath = %s\nformat = configmgr\nproduct = wintest\nquiet = 300ms\nstart_at = beginning\n' \
	    "$1" "$(winpath "$2")"
	shift 2
	for kv in "$@"; do
		printf '%s = %s\n' "${kv%%=*}" "${kv#*=}"
	done
}

daemon_alive() {
	[ -n "$daemon_pid" ] && kill -0 "$daemon_pid" 2>/dev/null
}

_http_up() {
	daemon_alive || fail "the daemon died; see its stderr"
	[ "$(curl -s --max-time 2 -o /dev/null -w '%{http_code}' "$api/healthz")" = 200 ]
}

_started_more() {
	daemon_alive || fail "the daemon died; see its stderr"
	[ "$(grep -c ': started: ' "$daemon_err" || :)" -gt "$_sd_before" ]
}

# start_daemon: syncwatch.exe daemon --console on $conf; waits until it
# says it has started and /healthz answers.
start_daemon() {
	[ -z "$daemon_pid" ] || fail "start_daemon: already running"
	_sd_before=$(grep -c ': started: ' "$daemon_err" || :)
	"$WIN_WINE" "$exe" -v daemon --config "$(winpath "$conf")" --console \
	    < /dev/null >> "$tmp/daemon.out" 2>> "$daemon_err" &
	daemon_pid=$!
	wait_for 20 _started_more || fail "the daemon did not start in 20 s"
	wait_for 10 _http_up || fail "no 200 from $api/healthz within 10 s"
}

# stop_daemon: SIGINT (wine delivers it as CTRL_C_EVENT; SIGTERM would
# kill the process unhandled), then the exit status must be 0.
stop_daemon() {
	local rc
	[ -n "$daemon_pid" ] || fail "stop_daemon: not running"
	kill -INT "$daemon_pid"
	set +e
	wait "$daemon_pid"
	rc=$?
	set -e
	daemon_pid=
	[ "$rc" -eq 0 ] || fail "the daemon exited $rc on SIGINT"
	grep -q ': stopped' "$daemon_err" || fail "the daemon did not say it stopped"
}

# kill9_daemon: SIGKILL the wine process (no handler runs, nothing is
# committed on the way out) and reap it.
kill9_daemon() {
	[ -n "$daemon_pid" ] || fail "kill9_daemon: not running"
	kill -9 "$daemon_pid" 2>/dev/null || :
	wait "$daemon_pid" 2>/dev/null || :
	daemon_pid=
}

log_count() {
	grep -cF -- "$1" "$daemon_err" || :
}

# ---------------------------------------------------------------------------
# Results, through the HTTP API (curl from Linux, 10 s limit).

# api_get PATH [CURL-ARGS...]: the body; fails unless the answer is 200.
api_get() {
	local p=$1 code
	shift
	code=$(curl -s --max-time 10 -o "$tmp/api.body" -w '%{http_code}' "$@" "$api$p") ||
	    code=000
	[ "$code" = 200 ] || fail "GET $p: status $code"
	cat "$tmp/api.body"
}

# http_code METHOD PATH [CURL-ARGS...]: only the status code.
http_code() {
	local m=$1 p=$2
	shift 2
	curl -s --max-time 10 -o "$tmp/http.body" -w '%{http_code}' -X "$m" "$@" "$api$p" ||
	    echo 000
}

# incidents_all [SIGNATURE]: every incident (all pages) as JSON lines.
incidents_all() {
	local cursor="" page q
	q="state=all&limit=500${1:+&signature=$1}"
	while :; do
		page=$(api_get "/api/v1/incidents?$q${cursor:+&cursor=$cursor}")
		printf '%s\n' "$page" | jq -c '.incidents[]'
		cursor=$(printf '%s\n' "$page" | jq -r '.next_cursor // empty')
		[ -n "$cursor" ] || break
	done
}

# line_counts: "n count" for every test.line incident, sorted by n.
line_counts() {
	incidents_all test.line | jq -r '"\(.fields.n) \(.count)"' | sort -n
}

# hits_total: the hits recorded for test.line (the metrics' counter, by
# source: summed).
hits_total() {
	api_get /metrics | awk -F' ' '/^syncwatch_hits_total\{signature="test.line",/ { n += $2 } END { print n + 0 }'
}

_hits_ge() {
	[ "$(hits_total)" -ge "$1" ]
}

# wait_hits N [SECONDS]: wait until at least N test.line hits are in.
wait_hits() {
	wait_for "${2:-20}" _hits_ge "$1" ||
	    fail "only $(hits_total) test.line hits after ${2:-20} s, expected $1"
}

# expect_lines_once FIRST LAST: the test.line incidents are exactly
# n = FIRST..LAST, each with one hit: no line lost, none counted twice.
expect_lines_once() {
	local want got
	want=$(seq "$1" "$2" | awk '{ print $1, 1 }')
	got=$(line_counts)
	if [ "$got" != "$want" ]; then
		diff <(printf '%s\n' "$want") <(printf '%s\n' "$got") | head -20 >&2 || :
		fail "lines $1..$2 not each counted once" \
		    "($(printf '%s\n' "$got" | grep -c . || :) incidents," \
		    "$(printf '%s\n' "$got" | awk '{ s += $2 } END { print s + 0 }') hits)"
	fi
}

# expect_none_twice: no test.line incident has more than one hit (so far).
expect_none_twice() {
	local twice
	twice=$(line_counts | awk '$2 != 1 { print "line " $1 ": " $2 " hits" }' | head -5)
	[ -z "$twice" ] || fail "counted more than once: $twice"
}

# wait_lines_once FIRST LAST [SECONDS]: wait for the hits, then check.
wait_lines_once() {
	wait_hits $(($2 - $1 + 1)) "${3:-20}"
	expect_lines_once "$1" "$2"
}

# sources_field NAME KEY: KEY of the /api/v1/sources entry whose path ends
# in NAME (exactly one must).
sources_field() {
	api_get /api/v1/sources | jq -r --arg n "$1" --arg k "$2" \
	    '[.sources[] | select(.path | endswith($n))] |
	     if length == 1 then .[0][$k] else "NOT-ONE:\(length)" end'
}

# ---------------------------------------------------------------------------
# Logs written from Linux.

# rec N [TEXT]: one CRLF ConfigMgr record "LINE N" (test.line's match).
rec() {
	printf 'LINE %d: %s~  $$<SMS_DESPOOLER><08-22-2016 04:15:01.917+420><thread=2316 (0x90C)>\r\n' \
	    "$1" "${2:-appended from Linux}"
}

# recs FIRST LAST: the records FIRST..LAST.
recs() {
	local i
	for i in $(seq "$1" "$2"); do
		rec "$i"
	done
}

# routine: a ConfigMgr record that matches nothing.
routine() {
	printf 'Waiting for ready instruction file....~  $$<SMS_DESPOOLER><08-22-2016 04:15:02.001+420><thread=2316 (0x90C)>\r\n'
}
