# The wall clock stepped a day ahead and back under a running daemon
# (libfaketime changes the daemon's clock only): durations run on the
# monotonic clock and file times are compared with file times, so no log
# turns silent, a still-failing incident is not marked self-healed, a hit
# without a time of its own gets the real time, and uptime stays sane.
set -eu
. "$(dirname "$0")/../lib.sh"
lib=/usr/lib/x86_64-linux-gnu/faketime/libfaketimeMT.so.1
[ -e "$lib" ] || fail "libfaketime is not installed (apt-get install faketime)"
api_init

clockfile=$tmp/clock
echo "+0" > "$clockfile"
# Under make sanitize, ASan wants to be the first library loaded and
# refuses a preloaded one ahead of it unless told that this is fine.
daemon_as="env LD_PRELOAD=$lib FAKETIME_TIMESTAMP_FILE=$clockfile FAKETIME_NO_CACHE=1 FAKETIME_DONT_FAKE_MONOTONIC=1 ASAN_OPTIONS=${ASAN_OPTIONS:+$ASAN_OPTIONS:}verify_asan_link_order=0"

web=$logs/EPiServerErrors.log
svc=$logs/ektron.log
: > "$svc"
printf '%s ERROR [7] EPiServer.Events.Remote.EventReplication - IEventReplication::RaiseEvent failed\r\nSystem.Net.Sockets.SocketException: An existing connection was forcibly closed by the remote host\r\n' \
    "$(date -u '+%Y-%m-%d %H:%M:%S,000')" > "$web"
{
	printf '[source web]\npath = %s\nformat = log4net\nproduct = episerver\nstart_at = beginning\nquiet = 300ms\nexpect_every = 1h\n' "$web"
	printf '[source svc]\npath = %s\nformat = plain\nproduct = esync\nstart_at = beginning\nquiet = 300ms\n' "$svc"
} | api_config
start_api_daemon
sig=episerver.event-connection-closed
_open() {
	incidents_json | jq -se --arg sig "$sig" '[.[] | select(.signature == $sig and .state == "open")] | length == 1' > /dev/null
}
wait_for 10 _open || fail "no open $sig: $(incidents_json)"

# A day ahead.  Each /healthz wakes the loop, which judges the sources and
# moves the rules' deadlines on at what it takes for now.
echo "+1d" > "$clockfile"
expect_http 200 GET /healthz
expect_http 200 GET /healthz
printf 'The communication object, System.ServiceModel.Channels.ServiceChannel, cannot be used for communication because it is in the Faulted state.\n' >> "$svc"
printf 'one more line\n' >> "$svc"
_faulted() {
	incidents_json | jq -se '[.[] | select(.signature == "esync.channel-faulted")] | length == 1' > /dev/null
}
wait_for 10 _faulted || fail "the hit without a time was not recorded"
log_has "the wall clock stepped by +86400 s" || fail "the step is not told"
expect_http 200 GET /healthz
# And back.
echo "+0" > "$clockfile"
expect_http 200 GET /healthz
expect_http 200 GET /healthz

_open || fail "the still-failing incident was closed: $(incidents_json)"
incidents_json | jq -se '[.[] | select(.signature == "syncwatch.source-silent")] | length == 0' > /dev/null ||
    fail "a source turned silent: $(incidents_json)"
now=$(date +%s)
incidents_json | jq -se --argjson now "$now" '[.[] | select(.signature == "esync.channel-faulted") |
    .last_seen | sub("\\.[0-9]+Z$"; "Z") | fromdateiso8601] | .[0] < $now + 600' > /dev/null ||
    fail "last_seen taken from the stepped clock: $(incidents_json)"
http_get /api/v1/status
jq -e '.uptime_s >= 0 and .uptime_s < 600' "$tmp/body" > /dev/null || fail "uptime: $(cat "$tmp/body")"
stop_daemon
