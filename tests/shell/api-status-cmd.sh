# `syncwatch status --url URL` (or -H/-p/-S), the Nagios/Icinga check: a
# line "SYNCWATCH STATE - … | perfdata", then the open incidents one a line
# (the long output), and exit 0 OK (no open incident, every source
# healthy), 1 WARNING (an open warning, or an unhealthy source), 2 CRITICAL
# (an open critical), 3 UNKNOWN (nothing listens, a timeout, a non-200
# answer, a bad URL or usage).  Acknowledged incidents do not count.  With
# -w/-c the open incidents are held against Monitoring Plugins ranges.
set -eu
. "$(dirname "$0")/../lib.sh"
api_init

despool=$logs/despool.log
sender=$logs/sender.log
: > "$despool"
: > "$sender"
{
	source_section despool "$despool" start_at=beginning
	source_section sender "$sender" start_at=beginning
} | api_config

# check WANT-EXIT LINE-REGEX [ARGS...]: run the check on $api (or ARGS),
# expect its exit status and a first line on stdout matching LINE-REGEX
# (extended); the lines after it (the long output) are one per open
# incident, as many as the first line counts.
check() {
	_ck_want=$1
	_ck_re=$2
	shift 2
	[ $# -gt 0 ] || set -- --url "$api"
	expect_status "$_ck_want" "$prog" status "$@"
	head -1 "$tmp/out" | grep -Eq -- "$_ck_re" ||
	    fail "status $*: '$(cat "$tmp/out")' does not match '$_ck_re'"
	_ck_open=$(head -1 "$tmp/out" | sed -n 's/.* \([0-9]*\) critical, \([0-9]*\) error, \([0-9]*\) warning open.*/\1 \2 \3/p')
	if [ -n "$_ck_open" ]; then
		set -- $_ck_open
		[ "$(($(wc -l < "$tmp/out") - 1))" -eq $(($1 + $2 + $3)) ] ||
		    fail "status: $(($(wc -l < "$tmp/out") - 1)) long-output lines for $(($1 + $2 + $3)) open: $(cat "$tmp/out")"
	else
		[ "$(wc -l < "$tmp/out")" -eq 1 ] ||
		    fail "status: more than one line: $(cat "$tmp/out")"
	fi
}

perf='[|] critical=[0-9]+;;;0 error=[0-9]+;;;0 warning=[0-9]+;;;0 sources_unhealthy=[0-9]+;;;0 uptime=[0-9]+s$'

# Nothing listens yet: UNKNOWN, naming the reason.
check 3 '^SYNCWATCH UNKNOWN - .*(refused|connect)'
check 3 '^SYNCWATCH UNKNOWN - .*(refused|connect)' --url "http://[::1]:$port"
# Bad usage and bad URLs: UNKNOWN too (never OK).
check 3 '^SYNCWATCH UNKNOWN - ' --timeout 1
check 3 '^SYNCWATCH UNKNOWN - ' --url "ftp://127.0.0.1:$port"
check 3 '^SYNCWATCH UNKNOWN - ' --url "https://127.0.0.1:$port"
check 3 '^SYNCWATCH UNKNOWN - ' --url "127.0.0.1:$port"
check 3 '^SYNCWATCH UNKNOWN - ' --url "http://127.0.0.1:99999"
check 3 '^SYNCWATCH UNKNOWN - ' --url "http://"
check 3 '^SYNCWATCH UNKNOWN - ' --url "http://127.0.0.1:$port/a b"
check 3 '^SYNCWATCH UNKNOWN - ' --url "$api" --timeout 0
check 3 '^SYNCWATCH UNKNOWN - ' --url "$api" --timeout abc
check 3 '^SYNCWATCH UNKNOWN - ' --url "$api" extra
check 3 '^SYNCWATCH UNKNOWN - .*resolve' --url "http://nonexistent.invalid:$port"
expect_status 0 "$prog" status --help
grep -q 'usage: syncwatch status (--url URL | -H HOST' "$tmp/out" || fail "status --help: $(cat "$tmp/out")"
expect_status 0 "$prog" status -V
grep -q '^syncwatch status ' "$tmp/out" || fail "status -V: $(cat "$tmp/out")"
check 3 '^SYNCWATCH UNKNOWN - bad range' -H 127.0.0.1 -p "$port" -w critical=x
check 3 '^SYNCWATCH UNKNOWN - bad threshold' -H 127.0.0.1 -p "$port" -c fatal=1
check 3 '^SYNCWATCH UNKNOWN - bad usage' --url "$api" -H 127.0.0.1

start_api_daemon

# No incident, every source healthy: OK.
check 0 "^SYNCWATCH OK - 0 critical, 0 error, 0 warning open; 2/2 sources healthy $perf"
check 0 '[|] critical=0;;;0 error=0;;;0 warning=0;;;0 sources_unhealthy=0;;;0 uptime='
# The same through a host name (localhost: ::1 may come first and is
# refused; the check goes on to 127.0.0.1), a trailing slash and the full
# API path.
check 0 '^SYNCWATCH OK - ' --url "http://localhost:$port"
check 0 '^SYNCWATCH OK - ' --url "$api/"
check 0 '^SYNCWATCH OK - ' --url "$api/api/v1/status" --timeout 5
# A prefix the daemon does not serve: 404, UNKNOWN with the code.
check 3 '^SYNCWATCH UNKNOWN - .*404' --url "$api/nope"

# A warning: WARNING.
printf '~There is no existing connection  $$<SMS_LAN_SENDER><08-22-2016 05:02:32.442+420><thread=8012 (0x1F4C)>\r\n' >> "$sender"
_n_incidents() {
	[ "$(incident_total)" -eq "$1" ]
}
wait_for 10 _n_incidents 1 || fail "the warning was not recorded"
check 1 "^SYNCWATCH WARNING - 0 critical, 0 error, 1 warning open; 2/2 sources healthy $perf"
check 1 '[|] critical=0;;;0 error=0;;;0 warning=1;;;0 sources_unhealthy=0;;;0 '

# An error is a WARNING too.
printf "~Cannot connect to server SCCMSEC09 at remote site S09, won't try.  \$\$<SMS_LAN_SENDER><08-22-2016 05:02:33.458+420><thread=8012 (0x1F4C)>\r\n" >> "$sender"
wait_for 10 _n_incidents 2 || fail "the error was not recorded"
check 1 "^SYNCWATCH WARNING - 0 critical, 1 error, 1 warning open; 2/2 sources healthy $perf"

# Two criticals: CRITICAL.
{ hit S02; hit S03; } >> "$despool"
wait_count S02 1
wait_count S03 1
check 2 "^SYNCWATCH CRITICAL - 2 critical, 1 error, 1 warning open; 2/2 sources healthy $perf"
check 2 '[|] critical=2;;;0 error=1;;;0 warning=1;;;0 sources_unhealthy=0;;;0 uptime=[0-9]+s$'
# The long output names them, most severe first.
sed -n 2p "$tmp/out" | grep -Eq '^critical #[0-9]+ .*, source despool, .*site=S0[23] \(1 hit, last ' ||
    fail "long output: $(cat "$tmp/out")"
# -H and -p as check_http has them.
check 2 '^SYNCWATCH CRITICAL - 2 critical' -H 127.0.0.1 -p "$port"
# Thresholds decide instead of the daemon's status, in the perfdata too.
check 1 '^SYNCWATCH WARNING - .*[|] critical=2;1;10;0 error=1;;;0 ' --url "$api" -w critical=1 -c critical=10,total=20
check 0 '^SYNCWATCH OK - .*[|] critical=2;5;;0 ' --url "$api" -w critical=5
check 2 '^SYNCWATCH CRITICAL - ' --url "$api" -c 3
check 0 '^SYNCWATCH OK - ' --url "$api" -c 4:
check 2 '^SYNCWATCH CRITICAL - ' --url "$api" -c @1:5
# Acknowledged incidents are being handled: not counted.
"$prog" ack --state-dir "$state" "$(incident_field S02 id)" > /dev/null
check 2 '^SYNCWATCH CRITICAL - 1 critical, 1 error, 1 warning open;'
"$prog" ack --state-dir "$state" "$(incident_field S03 id)" > /dev/null
check 1 '^SYNCWATCH WARNING - 0 critical, 1 error, 1 warning open;'
# Resolve the rest: OK again.
for i in $(incidents_json | jq -r 'select(.state != "resolved") | .id'); do
	"$prog" resolve --state-dir "$state" "$i" > /dev/null
done
check 0 "^SYNCWATCH OK - 0 critical, 0 error, 0 warning open; 2/2 sources healthy $perf"
# A new hit reopens a resolved incident: CRITICAL.
hit S03 2 >> "$despool"
wait_count S03 2
check 2 '^SYNCWATCH CRITICAL - 1 critical, 0 error, 0 warning open;'
"$prog" resolve --state-dir "$state" "$(incident_field S03 id)" > /dev/null
check 0 '^SYNCWATCH OK - '

# A source that cannot be read: WARNING, with the count.
rm "$sender"
mkdir "$sender"
_unhealthy() {
	set +e
	"$prog" status --url "$api" > "$tmp/out" 2>&1
	_uh=$?
	set -e
	[ "$_uh" -eq 1 ]
}
wait_for 10 _unhealthy || fail "an unreadable source: status $(cat "$tmp/out")"
# The unreadable source is also an open error incident (syncwatch.source-unreadable).
check 1 "^SYNCWATCH WARNING - 0 critical, 1 error, 0 warning open; 1/2 sources healthy [|] critical=0;;;0 error=1;;;0 warning=0;;;0 sources_unhealthy=1;;;0 uptime=[0-9]+s$"
rmdir "$sender"
: > "$sender"

# A daemon that accepts but never answers (stopped): UNKNOWN after the
# timeout, not much later.
freeze
t0=$(now_ms)
check 3 '^SYNCWATCH UNKNOWN - .*(timeout|timed out)' --url "$api" --timeout 1
t1=$(now_ms)
thaw
[ $((t1 - t0)) -ge 900 ] && [ $((t1 - t0)) -lt 4000 ] ||
    fail "status --timeout 1 took $((t1 - t0)) ms"

stop_daemon
# Gone again: UNKNOWN.
check 3 '^SYNCWATCH UNKNOWN - '
