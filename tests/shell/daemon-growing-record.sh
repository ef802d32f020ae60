# A record that keeps growing: an exception whose stack trace is written
# line by line, each line less than the quiet period after the one before,
# never goes quiet.  It is passed on after 10 s all the same, so its hit is
# committed while the lines still come; what follows continues it, and a
# repeat of the same error inside it does not count a second time.
set -eu
. "$(dirname "$0")/../lib.sh"
daemon_init

f=$logs/EPiServerErrors.log
sig=episerver.event-urlacl-denied
printf '[source web]\npath = %s\nformat = log4net\nproduct = episerver\nquiet = 2s\nstart_at = beginning\n' \
    "$f" | write_config
: > "$f"
start_daemon

sig_count() {
	incidents_json | jq -s --arg sig "$sig" \
	    '[.[] | select(.signature == $sig) | .count] | add // 0'
}
_sig_count_is() {
	[ "$(sig_count)" -eq "$1" ]
}
_offset_at_end() {
	[ "$(sqlite3 "$state/syncwatch.db" "SELECT offset FROM files WHERE path = '$f';" 2>/dev/null)" = "$(wc -c < "$f")" ]
}
denied='System.ServiceModel.AddressAccessDeniedException: HTTP could not register URL http://+:30001/. Your process does not have access rights to this namespace.'

printf '2011-05-04 08:00:01,774 ERROR [1] EPiServer.Events.Remote.EventReplication.Initialize - Failed to open the event replication service host\r\n%s\r\n' \
    "$denied" >> "$f"
# Frames 0.5 s apart for 16 s; the same error again, nested, near the end.
(
	i=1
	while [ "$i" -le 32 ]; do
		if [ "$i" -eq 28 ]; then
			printf ' ---> %s\r\n' "$denied"
		else
			printf '   at EPiServer.Events.Remote.Frame%d()\r\n' "$i"
		fi >> "$f"
		sleep 0.5
		i=$((i + 1))
	done
) &
grower=$!
bg_pids="$bg_pids $grower"
wait_for 15 _sig_count_is 1 ||
    fail "no hit while the record kept growing ($(sig_count))"
kill -0 "$grower" 2>/dev/null ||
    fail "the stack trace ended before the hit came: nothing shown"
wait "$grower"
printf '2011-05-04 08:00:30,001 INFO [1] EPiServer.Global.Application_Start - Application started\r\n' >> "$f"
printf '2011-05-04 08:00:31,001 INFO [1] EPiServer.Global.Application_Start - Application started\r\n' >> "$f"
# Everything read (the second line emits the first), still one hit.
wait_for 10 _offset_at_end || fail "the daemon did not read to the end"
[ "$(sig_count)" -eq 1 ] || fail "$(sig_count) hits, expected 1"
stop_daemon
