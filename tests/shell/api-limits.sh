# Connection limits (docs/http.md, "Limits"): loopback peers are not
# limited per address, since every local client (the CLI, a monitoring
# check, and a hostile local process alike) is 127.0.0.1: with 40 uploads
# from 127.0.0.1 holding requests they never finish, another request from
# 127.0.0.1 is served at once (a per-address limit of 8 used to refuse
# it), and so is one from 127.0.0.2.  The held uploads are closed by the
# 10 s request deadline, and the daemon ingests throughout.  (The limits
# for remote peers, 16 per address and the slots kept for loopback, are
# covered by check_guard: a test here may not leave loopback.)
set -eu
. "$(dirname "$0")/../lib.sh"
api_init

f=$logs/despool.log
source_section despool "$f" start_at=beginning | api_config
start_api_daemon
hit S02 >> "$f"
wait_count S02 1

# 40 uploads that never send a byte of body: every curl reads the same
# FIFO, which this shell holds open for writing (fd 3) and never writes to.
mkfifo "$tmp/fifo"
i=0
pids=
while [ "$i" -lt 40 ]; do
	curl -s -o /dev/null --max-time 40 -H 'Expect:' -T - -X POST \
	    "$api/api/v1/incidents/1/ack" < "$tmp/fifo" &
	pids="$pids $!"
	i=$((i + 1))
done
bg_pids="$bg_pids $pids"
exec 3> "$tmp/fifo"
held_at=$(now_ms)
# The 40 are in once the server holds all their connections: the client
# ends to $port that are ESTABLISHED (state 01 in /proc/net/tcp) until the
# server closes them.
_established() {
	awk -v p="$(printf '%04X' "$port")" 'NR > 1 { split($3, r, ":")
	    if (r[2] == p && $4 == "01") n++ } END { print n + 0 }' /proc/net/tcp
}
_held() {
	[ "$(_established)" -ge 40 ]
}
wait_for 10 _held ||
    fail "only $(_established) of 40 uploads from 127.0.0.1 were let in"

fast_200 /healthz
fast_200 /api/v1/status
st=$(curl -s --interface 127.0.0.2 --max-time 5 -o /dev/null -w '%{http_code}' "$api/healthz") || st=000
[ "$st" = 200 ] || fail "127.0.0.2 while 127.0.0.1 holds 40 uploads: status $st, expected 200"
hit S03 >> "$f"
wait_count S03 1

# The request deadline ends the uploads: the server closes every one of
# them within 15 s.  (curl itself only notices once its standard input
# ends.)
_none() {
	[ "$(_established)" -eq 0 ]
}
wait_for 15 _none ||
    fail "$(_established) held uploads still open 15 s on (request deadline 10 s)"
waited=$(( $(now_ms) - held_at ))
[ "$waited" -ge 8000 ] || fail "the held uploads ended after $waited ms, before the deadline"
exec 3>&-
for p in $pids; do
	wait "$p" 2>/dev/null || :
done
daemon_alive || fail "the daemon died"
expect_http 200 GET /api/v1/status
expect_json '.open.critical == 2' "status after the limits"
stop_daemon
