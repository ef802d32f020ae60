# Helpers for the shell tests; sourced, not run.  $prog is the syncwatch
# binary, $tmp a scratch directory, $top the source tree.
prog=$1
tmp=$2
top=$(cd "$(dirname "$0")/../.." && pwd)
patterns=$top/patterns

fail() {
	echo "FAIL: $*" >&2
	exit 1
}

# expect_status WANT CMD...: run CMD, fail unless its exit status is WANT.
expect_status() {
	want=$1
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

# CRLF ConfigMgr record with a generation-C trailer.
cm_record() {
	printf '%s~  $$<%s><08-22-2016 04:15:01.917+420><thread=2316 (0x90C)>\r\n' "$1" "${2:-SMS_DESPOOLER}"
}

# ---------------------------------------------------------------------------
# Daemon tests.  Each test keeps everything under $tmp: logs in $logs, the
# state (syncwatch.db) in $state, the configuration in $conf, the daemon's
# stderr in $daemon_err.  Waiting always polls a condition with a deadline.
logs=$tmp/logs
state=$tmp/state
conf=$tmp/syncwatch.conf
daemon_err=$tmp/daemon.err
daemon_pid=
bg_pids=
sentinel_n=0

# cleanup: the EXIT trap of every daemon test.  Kills the daemon and any
# background writer; on failure shows what the daemon said and recorded.
cleanup() {
	rc=$?
	set +e
	for p in $bg_pids; do
		kill "$p" 2>/dev/null
	done
	if [ -n "$daemon_pid" ]; then
		kill -9 "$daemon_pid" 2>/dev/null
		wait "$daemon_pid" 2>/dev/null
	fi
	if [ "$rc" -ne 0 ]; then
		echo "--- daemon stderr (last 40 lines):" >&2
		tail -n 40 "$daemon_err" >&2 2>/dev/null
		echo "--- incidents:" >&2
		"$prog" incidents --state-dir "$state" --json >&2 2>/dev/null
	fi
	exit "$rc"
}

daemon_init() {
	mkdir -p "$logs" "$state"
	: > "$daemon_err"
	trap cleanup EXIT
	trap 'exit 1' INT TERM HUP
}

now_ms() {
	date +%s%3N
}

# wait_for SECONDS CMD...: run CMD every 20 ms until it succeeds; returns 1
# if it has not by SECONDS (which may be fractional, e.g. 0.8).
wait_for() {
	_wf_end=$(( $(now_ms) + $(printf '%s' "$1" | awk '{ printf "%d", $1 * 1000 }') ))
	shift
	while :; do
		"$@" && return 0
		[ "$(now_ms)" -lt "$_wf_end" ] || return 1
		sleep 0.02
	done
}

# write_config: $conf is the [daemon] section followed by standard input.
write_config() {
	{
		# HTTP is off unless a test sets $listen (tests run side by side).
		printf '[daemon]\nstate_dir = %s\npatterns = %s\nlisten = %s\n' \
		    "$state" "${patterns_dir:-$patterns}" "${listen:-off}"
		cat
	} > "$conf"
}

# source_section NAME PATH [KEY=VALUE...]: a [source] section; defaults are
# format=configmgr, product=configmgr, quiet=300ms; KEY=VALUE adds lines.
source_section() {
	printf '[source %s]\npath = %s\nformat = configmgr\nproduct = configmgr\nquiet = 300ms\n' "$1" "$2"
	shift 2
	for kv in "$@"; do
		printf '%s = %s\n' "${kv%%=*}" "${kv#*=}"
	done
}

daemon_alive() {
	[ -n "$daemon_pid" ] && kill -0 "$daemon_pid" 2>/dev/null
}

_started_lines() {
	grep -c ': started: ' "$daemon_err" || :
}

_started_more() {
	daemon_alive || fail "the daemon died; see its stderr"
	[ "$(_started_lines)" -gt "$_sd_before" ]
}

# start_daemon: start on $conf and wait until it says it has started.
start_daemon() {
	[ -z "$daemon_pid" ] || fail "start_daemon: already running"
	_sd_before=$(_started_lines)
	# $daemon_as: a command that runs it as another user (setpriv ...).
	${daemon_as:-} "$prog" -v daemon --config "$conf" --foreground \
	    2>> "$daemon_err" &
	daemon_pid=$!
	wait_for 10 _started_more || fail "the daemon did not start in 10 s"
}

# stop_daemon: SIGTERM, then wait for the exit; it must exit 0.
stop_daemon() {
	[ -n "$daemon_pid" ] || fail "stop_daemon: not running"
	kill -TERM "$daemon_pid"
	set +e
	wait "$daemon_pid"
	_rc=$?
	set -e
	daemon_pid=
	[ "$_rc" -eq 0 ] || fail "daemon exited $_rc on SIGTERM"
}

# kill9_daemon: kill -9 and reap.
kill9_daemon() {
	[ -n "$daemon_pid" ] || fail "kill9_daemon: not running"
	kill -9 "$daemon_pid" 2>/dev/null || :
	wait "$daemon_pid" 2>/dev/null || :
	daemon_pid=
}

# log_has TEXT: the daemon's stderr has a line containing TEXT (fixed string).
log_has() {
	grep -qF -- "$1" "$daemon_err"
}

# log_count TEXT: how many lines of the daemon's stderr contain TEXT.
log_count() {
	grep -cF -- "$1" "$daemon_err" || :
}

incidents_json() {
	"$prog" incidents --state-dir "$state" --json
}

# incident_count SITE [SIG]: hits recorded for site SITE (the group_by field)
# of signature SIG (default: the despooler's public-key-missing), summed
# over sources.
incident_count() {
	incidents_json | jq -s --arg site "$1" \
	    --arg sig "${2:-configmgr.despool.public-key-missing}" \
	    '[.[] | select(.signature == $sig and .fields.site == $site) | .count] | add // 0'
}

# total_count: every hit of every incident.
total_count() {
	incidents_json | jq -s '[.[].count] | add // 0'
}

# incident_total: the number of incidents.
incident_total() {
	incidents_json | jq -s 'length'
}

# incident_field SITE KEY: KEY (id, state, source, …) of the incident of site
# SITE (exactly one must exist).
incident_field() {
	incidents_json | jq -rs --arg site "$1" --arg k "$2" \
	    '[.[] | select(.fields.site == $site)] | if length == 1 then .[0][$k] else "NOT-ONE:\(length)" end'
}

_count_is() {
	[ "$(incident_count "$1")" -eq "$2" ]
}

_count_at_least() {
	[ "$(incident_count "$1")" -ge "$2" ]
}

# wait_count SITE N [SECONDS]: wait until site SITE has exactly N hits.
wait_count() {
	wait_for "${3:-10}" _count_is "$1" "$2" ||
	    fail "site $1: $(incident_count "$1") hits, expected $2"
}

# wait_count_ge SITE N [SECONDS]: wait until site SITE has at least N hits.
wait_count_ge() {
	wait_for "${3:-10}" _count_at_least "$1" "$2" ||
	    fail "site $1: $(incident_count "$1") hits, expected at least $2"
}

# expect_count SITE N: site SITE has exactly N hits now.
expect_count() {
	_ec=$(incident_count "$1")
	[ "$_ec" -eq "$2" ] || fail "site $1: $_ec hits, expected exactly $2"
}

# expect_incidents N: exactly N incidents exist.
expect_incidents() {
	_ei=$(incident_total)
	[ "$_ei" -eq "$1" ] || fail "$_ei incidents, expected exactly $1"
}

# hit SITE [N [STAMP]]: one CRLF despooler "public key missing" record
# (signature configmgr.despool.public-key-missing, grouped by site) for
# instruction N.ins.  STAMP is the ConfigMgr time (MM-DD-YYYY HH:MM:SS.mmm).
hit() {
	printf '%s%08d.ins incoming from site %s, retry it later~  $$<SMS_DESPOOLER><%s+420><thread=2316 (0x90C)>\r\n' \
	    'Cannot find a public key for instruction C:\SMS\inboxes\despoolr.box\receive\' \
	    "${2:-42}" "$1" "${3:-08-22-2016 04:15:01.917}"
}

# routine [STAMP]: a despooler line that matches nothing.
routine() {
	printf 'Waiting for ready instruction file....~  $$<SMS_DESPOOLER><%s+420><thread=2316 (0x90C)>\r\n' \
	    "${1:-08-22-2016 04:15:02.001}"
}

# hits SITE COUNT [FIRST]: COUNT hit lines, instructions FIRST.. (default 1).
hits() {
	_h_i=${3:-1}
	_h_end=$((_h_i + $2))
	while [ "$_h_i" -lt "$_h_end" ]; do
		hit "$1" "$_h_i"
		_h_i=$((_h_i + 1))
	done
}

# sentinel FILE [FILTER]: append a hit for a fresh site (Z01, Z02, …) to
# FILE (passed through the command FILTER, e.g. an encoder, if given) and
# wait until it is recorded.  Once it is in, everything written to FILE
# before it has been processed.  $sentinel_site names it.
sentinel() {
	sentinel_n=$((sentinel_n + 1))
	sentinel_site=$(printf 'Z%02d' "$sentinel_n")
	if [ $# -gt 1 ]; then
		hit "$sentinel_site" 999 | "$2" >> "$1"
	else
		hit "$sentinel_site" 999 >> "$1"
	fi
	wait_count "$sentinel_site" 1
}

# utf16le: standard input (UTF-8) re-encoded as UTF-16LE, no BOM.
utf16le() {
	iconv -f UTF-8 -t UTF-16LE
}

# create_file PATH: standard input becomes PATH in one atomic step (written
# beside it under another name, then renamed), so the daemon can never see
# it half written: $tmp/.create is on the same file system.
create_file() {
	cat > "$tmp/.create"
	mv "$tmp/.create" "$1"
}

_following() {
	[ "$(sqlite3 "$state/syncwatch.db" "SELECT count(*) FROM files WHERE path = '$1';" 2>/dev/null)" = 1 ]
}

# wait_following PATH: the daemon has opened PATH and committed a position
# for it (a row in the store's files table), so it has decided where to
# start reading.
wait_following() {
	wait_for 10 _following "$1" || fail "the daemon does not follow $1"
}

# no_change_for SECONDS SITE N: site SITE must keep exactly N hits for
# SECONDS (used to let a quiet period pass; fails as soon as it changes).
_count_not() {
	[ "$(incident_count "$1")" -ne "$2" ]
}
no_change_for() {
	if wait_for "$1" _count_not "$2" "$3"; then
		fail "site $2: $(incident_count "$2") hits, expected $3 to stay"
	fi
}

# start_writer FILE SITE N [BATCH]: in the background, append N hit lines for
# SITE to FILE (the path is opened again for every line, as a logger that
# survives rotation does), one write each, pausing 10 ms after every BATCH
# lines (default 20).  $writer_pid names it; finish_writer waits for it.
start_writer() {
	(
		_w_i=1
		while [ "$_w_i" -le "$3" ]; do
			hit "$2" "$_w_i" >> "$1"
			[ $((_w_i % ${4:-20})) -ne 0 ] || sleep 0.01
			_w_i=$((_w_i + 1))
		done
	) &
	writer_pid=$!
	bg_pids="$bg_pids $writer_pid"
}

finish_writer() {
	wait "$writer_pid" || fail "the writer failed"
}

_writer_done() {
	! kill -0 "$writer_pid" 2>/dev/null
}

_following_offset_zero() {
	[ "$(sqlite3 "$state/syncwatch.db" "SELECT offset FROM files WHERE path = '$1';" 2>/dev/null)" = 0 ]
}

# freeze / thaw: SIGSTOP and SIGCONT the daemon, to make it see several file
# operations only once they are all done.
freeze() {
	kill -STOP "$daemon_pid"
}
thaw() {
	kill -CONT "$daemon_pid"
}

# hup_daemon TEXT: SIGHUP, then wait for one more daemon log line holding
# TEXT than there was ("reloaded: " or "reload failed").
_log_more() {
	daemon_alive || fail "the daemon died; see its stderr"
	[ "$(log_count "$1")" -gt "$2" ]
}
hup_daemon() {
	_hd_before=$(log_count "$1")
	kill -HUP "$daemon_pid"
	wait_for 10 _log_more "$1" "$_hd_before" ||
	    fail "no '$1' from the daemon within 10 s of SIGHUP"
}

# ---------------------------------------------------------------------------
# HTTP tests (tests/shell/api-*.sh).  The daemon listens on a free loopback
# port ($port, $api = http://127.0.0.1:$port); every request goes through
# curl with --path-as-is (curl must not tidy "/static/../x" away) and a
# 10 s limit.  After http_req, $http_status is the status code, $tmp/body
# the body and $tmp/headers the header lines without CRs.

# free_port: print a TCP port that nothing on this host uses now (not
# listed in /proc/net/tcp or tcp6 in any state), picked at random from
# 20000-59999 so that tests running side by side rarely collide.
free_port() {
	_fp_used=$(cat /proc/net/tcp /proc/net/tcp6 2>/dev/null |
	    awk 'NR > 1 { split($2, a, ":"); print a[2] }')
	_fp_i=0
	while [ "$_fp_i" -lt 200 ]; do
		_fp_p=$(( $(od -An -N2 -tu2 /dev/urandom | tr -d ' ') % 40000 + 20000 ))
		_fp_hex=$(printf '%04X' "$_fp_p")
		if ! printf '%s\n' "$_fp_used" | grep -qx "$_fp_hex"; then
			echo "$_fp_p"
			return 0
		fi
		_fp_i=$((_fp_i + 1))
	done
	fail "free_port: no free port found"
}

# api_init: daemon_init, and pick $port: write_config then makes the
# daemon listen on 127.0.0.1:$port ($listen).  $api is the base URL and
# $tokens the api_tokens file (written by the test when it wants one).
api_init() {
	daemon_init
	port=$(free_port)
	listen=127.0.0.1:$port
	api=http://$listen
	tokens=$tmp/api-tokens
}

# api_config [api_tokens]: write_config, with `api_tokens = $tokens` in
# [daemon] when the argument is "api_tokens"; standard input holds the
# [source] sections.
api_config() {
	{
		[ "${1:-}" != api_tokens ] || printf 'api_tokens = %s\n' "$tokens"
		cat
	} | write_config
}

# http_req METHOD PATH [CURL-ARGS...]: one request to $api.  HEAD is sent
# with curl -I.  A request the server drops (no answer at all) sets
# $http_status to 000.
http_req() {
	_hr_m=$1
	_hr_p=$2
	shift 2
	rm -f "$tmp/body" "$tmp/headers.raw"
	if [ "$_hr_m" = HEAD ]; then
		set -- -I "$@"
	else
		set -- -X "$_hr_m" "$@"
	fi
	http_status=$(curl -s --path-as-is --max-time 10 -o "$tmp/body" \
	    -D "$tmp/headers.raw" -w '%{http_code}' "$@" "$api$_hr_p") ||
	    http_status=000
	[ -e "$tmp/body" ] || : > "$tmp/body"
	if [ -e "$tmp/headers.raw" ]; then
		tr -d '\r' < "$tmp/headers.raw" > "$tmp/headers"
	else
		: > "$tmp/headers"
	fi
}

# http_get PATH [CURL-ARGS...]
http_get() {
	http_req GET "$@"
}

# expect_http CODE METHOD PATH [CURL-ARGS...]: the request must answer CODE.
expect_http() {
	_eh_want=$1
	shift
	http_req "$@"
	[ "$http_status" = "$_eh_want" ] || {
		head -c 600 "$tmp/body" >&2
		echo >&2
		fail "$1 $2: status $http_status, expected $_eh_want"
	}
}

# header NAME: the value of the last NAME header of the last answer
# (case-insensitive name; empty if absent).
header() {
	awk -v n="$1" 'BEGIN { n = tolower(n) } {
		i = index($0, ":")
		if (i > 0 && tolower(substr($0, 1, i - 1)) == n) {
			v = substr($0, i + 1)
			sub(/^[ \t]+/, "", v)
			sub(/[ \t]+$/, "", v)
			last = v
		}
	} END { print last }' "$tmp/headers"
}

# expect_header NAME VALUE: the last answer has header NAME equal to VALUE.
expect_header() {
	_eh_v=$(header "$1")
	[ "$_eh_v" = "$2" ] ||
	    fail "$1 is '$_eh_v', expected '$2' (headers: $(tr '\n' '|' < "$tmp/headers"))"
}

# expect_json FILTER [WHAT]: jq -e FILTER must hold on the last body.
expect_json() {
	jq -e "$1" "$tmp/body" > /dev/null 2>&1 || {
		head -c 3000 "$tmp/body" >&2
		echo >&2
		fail "${2:-body} does not satisfy: $1"
	}
}

# expect_json_error CODE METHOD PATH [CURL-ARGS...]: the request answers
# CODE with a JSON {"error": "message"} body.
expect_json_error() {
	expect_http "$@"
	expect_json 'type == "object" and (.error | type) == "string" and (.error | length) > 0' \
	    "$2 $3 (error body)"
	case $(header Content-Type) in
	application/json*) ;;
	*) fail "$2 $3: error Content-Type '$(header Content-Type)', expected application/json" ;;
	esac
}

_http_up() {
	daemon_alive || fail "the daemon died; see its stderr"
	[ "$(curl -s --max-time 2 -o /dev/null -w '%{http_code}' "$api/healthz")" = 200 ]
}

# wait_http: wait until /healthz answers 200.
wait_http() {
	wait_for 10 _http_up || fail "no 200 from $api/healthz within 10 s"
}

# start_api_daemon: start_daemon, then wait_http.
start_api_daemon() {
	start_daemon
	wait_http
}

# The test programs of tests/tools/ (make integration builds them and says
# where, in $SYNCWATCH_TOOLS).  need_tool NAME sets $tool to its path.
need_tool() {
	tool=${SYNCWATCH_TOOLS:-$top/build/tests/tools}/$1
	[ -x "$tool" ] || fail "$tool is not built (make integration builds it)"
}

# fast_200 PATH: PATH answers 200 within a second (curl's own timing).
fast_200() {
	_f2=$(curl -s -o /dev/null --max-time 5 -w '%{http_code} %{time_total}' \
	    "$api$1") || _f2="000 5"
	set -- "$1" $_f2
	[ "$2" = 200 ] || fail "$1: status $2, expected 200"
	awk -v t="$3" 'BEGIN { exit !(t < 1.0) }' ||
	    fail "$1: answered in $3 s, expected within a second"
}

# hold_field NAME FILE: NAME's value in an http-hold report line.
hold_field() {
	sed -n "s/.*$1=\([0-9]*\).*/\1/p" "$2"
}

