# Request limits enforced while the request is read (docs/http.md,
# "Limits"): a chunked body sent as fast as the socket takes it is cut at
# 8 KiB; a body trickled one piece every 500 ms, chunked or with a
# Content-Length, is cut by the 10 s request deadline; a Content-Length
# over 8 KiB is answered 413 before any of the body is read; a query of
# more than 32 arguments is a 400 (300 of them too), one over 4 KiB a 414,
# a head of 1000 headers a 431, each answered at once.  The daemon serves and ingests throughout.
set -eu
. "$(dirname "$0")/../lib.sh"
api_init
need_tool http-hold
hold=$tool

f=$logs/despool.log
source_section despool "$f" start_at=beginning | api_config
start_api_daemon
hit S02 >> "$f"
wait_count S02 1

# Two slow bodies side by side, and an endless fast one.
"$hold" -n 1 -m chunked -i 500 -t 14 127.0.0.1 "$port" > "$tmp/slow-chunked" &
p1=$!
"$hold" -n 1 -m slowbody -i 500 -t 14 127.0.0.1 "$port" > "$tmp/slow-body" &
p2=$!
bg_pids="$bg_pids $p1 $p2"
"$hold" -n 1 -m chunked -i 0 -t 4 127.0.0.1 "$port" > "$tmp/fast-chunked" ||
    fail "http-hold failed"
cat "$tmp/fast-chunked"
[ "$(hold_field closed "$tmp/fast-chunked")" = 1 ] ||
    fail "an endless chunked body was still being read after 4 s"
[ "$(hold_field longest_ms "$tmp/fast-chunked")" -lt 3000 ] ||
    fail "an endless chunked body was read for $(hold_field longest_ms "$tmp/fast-chunked") ms"

# Clients that went away mid-request (their sending side shut, half a
# body sent): their slots are freed at once, not at the deadline.
"$hold" -n 20 -m halfclose -t 3 127.0.0.1 "$port" > "$tmp/gone" ||
    fail "http-hold failed"
cat "$tmp/gone"
[ "$(hold_field closed "$tmp/gone")" = 20 ] ||
    fail "connections whose clients had gone were kept"
[ "$(hold_field longest_ms "$tmp/gone")" -lt 2000 ] ||
    fail "a client gone mid-request kept its slot $(hold_field longest_ms "$tmp/gone") ms"

# time_status CODES METHOD PATH [CURL-ARGS]: answered one of CODES (a
# comma-separated list) within a second.
time_status() {
	_ts_want=$1
	_ts_m=$2
	_ts_p=$3
	shift 3
	_ts=$(curl -s -o "$tmp/body" --max-time 5 -X "$_ts_m" \
	    -w '%{http_code} %{time_total}' "$@" "$api$_ts_p") || _ts="000 5"
	set -- $_ts
	case ",$_ts_want," in
	*",$1,"*) ;;
	*) false ;;
	esac ||
	    fail "$_ts_m $(printf '%.60s' "$_ts_p"): status $1, expected $_ts_want"
	awk -v t="$2" 'BEGIN { exit !(t < 1.0) }' ||
	    fail "$_ts_m $(printf '%.60s' "$_ts_p"): answered in $2 s, expected at once"
}

# A body announced longer than 8 KiB: refused on its head alone (the
# client sends one byte of the million it announces).
time_status 413 POST /api/v1/incidents/1/ack -H 'Expect:' \
    -H 'Content-Length: 1000000' --data-binary x
# 300 query arguments: 400 (libmicrohttpd 1.0 may answer 431 itself
# first: the arguments do not fit its pool); 33, which fit, are our 400.
# Then a 5000-byte query, and 1000 headers.
q=$(awk 'BEGIN { for (i = 1; i <= 300; i++) printf "%sa%d=1", (i > 1 ? "&" : ""), i }')
time_status 400,431 GET "/api/v1/incidents?$q"
q=$(awk 'BEGIN { for (i = 1; i <= 33; i++) printf "%sa%d=1", (i > 1 ? "&" : ""), i }')
time_status 400 GET "/api/v1/incidents?$q"
expect_json '.error | test("32 query arguments")' "the 400 for 33 arguments"
time_status 414 GET "/api/v1/incidents?cursor=$(head -c 5000 /dev/zero | tr '\0' a)"
set --
i=0
while [ "$i" -lt 1000 ]; do
	set -- "$@" -H "x-$i: 1"
	i=$((i + 1))
done
time_status 431 GET /healthz "$@"
set --
# Arguments within the limits still work.
time_status 200 GET '/api/v1/incidents?state=open&limit=5'

wait "$p1" || fail "http-hold failed"
wait "$p2" || fail "http-hold failed"
for k in slow-chunked slow-body; do
	cat "$tmp/$k"
	[ "$(hold_field closed "$tmp/$k")" = 1 ] ||
	    fail "$k: still open after 14 s"
	l=$(hold_field longest_ms "$tmp/$k")
	[ "$l" -ge 9000 ] && [ "$l" -le 12000 ] ||
	    fail "$k: closed after $l ms, expected the 10 s request deadline"
done
hit S03 >> "$f"
wait_count S03 1
daemon_alive || fail "the daemon died"
expect_http 200 GET /api/v1/status
expect_json '.open.critical == 2' "status after the limits"
stop_daemon
