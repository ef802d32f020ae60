# Connection limits (docs/http.md, "Limits"): 8 connections per IP.  With
# 8 clients from 127.0.0.1 holding requests they never finish, a 9th from
# that address is refused while another address (127.0.0.2) is served;
# the held connections are dropped by the 10 s connection timeout, after
# which 127.0.0.1 is served again; the daemon ingests throughout.
set -eu
. "$(dirname "$0")/../lib.sh"
api_init

f=$logs/despool.log
source_section despool "$f" start_at=beginning | api_config
start_api_daemon
hit S02 >> "$f"
wait_count S02 1

# 8 uploads that never send a byte of body: every curl reads the same FIFO,
# which this shell holds open for writing (fd 3) and never writes to.
mkfifo "$tmp/fifo"
i=0
while [ "$i" -lt 8 ]; do
	curl -s -o /dev/null --max-time 40 -H 'Expect:' -T - -X POST \
	    "$api/api/v1/incidents/1/ack" < "$tmp/fifo" &
	bg_pids="$bg_pids $!"
	i=$((i + 1))
done
exec 3> "$tmp/fifo"
held_at=$(now_ms)
# Let the 8 connect (their headers are sent at once).
sleep 1

# A 9th from the same address: refused (dropped, or 503/429).
http_req GET /healthz
case $http_status in
000|503|429) ;;
*) fail "a 9th connection from 127.0.0.1: status $http_status, expected it refused" ;;
esac
# Another address is served.
st=$(curl -s --interface 127.0.0.2 --max-time 5 -o /dev/null -w '%{http_code}' "$api/healthz") || st=000
[ "$st" = 200 ] || fail "127.0.0.2 while 127.0.0.1 is at its limit: status $st, expected 200"
# The daemon ingests meanwhile.
hit S03 >> "$f"
wait_count S03 1

# The idle connections time out after 10 s; then 127.0.0.1 is served.
_served() {
	[ "$(curl -s --max-time 2 -o /dev/null -w '%{http_code}' "$api/healthz")" = 200 ]
}
wait_for 20 _served || fail "127.0.0.1 not served again within 20 s (connection timeout 10 s)"
waited=$(( $(now_ms) - held_at ))
[ "$waited" -ge 8000 ] || fail "served again after $waited ms: the limit did not hold"
exec 3>&-
for p in $bg_pids; do
	kill "$p" 2>/dev/null || :
done
daemon_alive || fail "the daemon died"
expect_http 200 GET /api/v1/status
expect_json '.open.critical == 2' "status after the limits"
stop_daemon
