# Slow and idle clients (docs/http.md, "Limits"): 200 connections that
# send nothing, then 200 that trickle a request head one byte every
# 500 ms, each opened again as soon as the server closes it, so the
# pressure never lets up.  Meanwhile /healthz, /metrics and the dashboard
# answer, each within a second, for longer than the 5 s head deadline (so
# through the sweeps that close the held connections), and the daemon
# ingests.  Every held connection is closed by the deadline, however often
# it sends a byte: none lives much past 5 s.
set -eu
. "$(dirname "$0")/../lib.sh"
api_init
need_tool http-hold
hold=$tool

f=$logs/despool.log
source_section despool "$f" start_at=beginning | api_config
start_api_daemon

n=0
site=0
for mode in idle trickle; do
	site=$((site + 1))
	rm -f "$tmp/ready"
	"$hold" -n 200 -m "$mode" -i 500 -r -t 9 -R "$tmp/ready" 127.0.0.1 "$port" \
	    > "$tmp/hold.out" &
	hold_pid=$!
	bg_pids="$bg_pids $hold_pid"
	wait_for 10 test -s "$tmp/ready" ||
	    fail "$mode: the 200 connections were not all established"
	end=$(( $(now_ms) + 6500 ))
	while [ "$(now_ms)" -lt "$end" ]; do
		for p in /healthz /metrics /; do
			fast_200 "$p"
			n=$((n + 1))
		done
	done
	hit "S9$site" >> "$f"
	wait_count "S9$site" 1
	wait "$hold_pid" || fail "http-hold failed"
	cat "$tmp/hold.out"
	closed=$(hold_field closed "$tmp/hold.out")
	longest=$(hold_field longest_ms "$tmp/hold.out")
	[ "$closed" -ge 200 ] ||
	    fail "$mode: the server closed $closed held connections in 9 s, expected all 200 of the first round"
	[ "$longest" -le 6500 ] ||
	    fail "$mode: a held connection lived $longest ms, expected the 5 s head deadline"
done
echo "$n requests answered within a second under 200 held connections"
log_has "http: closed " || fail "the daemon did not say it closed slow connections"
daemon_alive || fail "the daemon died"
stop_daemon
