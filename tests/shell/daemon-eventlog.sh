# A Windows event log as a source (type = eventlog): read through the same
# code as the live log, here over a wevtutil /f:xml capture (replay =).
# Each event is a record; the position is the record number, committed
# with the hits, so kill -9 and restarts count every event once; a log
# cleared since (numbers from 1 again) is read from its start.  A channel
# that cannot be read here says so on its source and affects nothing else.
set -eu
. "$(dirname "$0")/../lib.sh"
daemon_init

cap=$tmp/EktronL2.xml
sig=esync.channel-faulted
faulted='The communication object, System.ServiceModel.Channels.ServiceChannel, cannot be used for communication because it is in the Faulted state.'
ev() {	# RECORD SECOND TEXT
	printf "<Event xmlns='http://schemas.microsoft.com/win/2004/08/events/event'><System><Provider Name='EktronL2'/><EventID Qualifiers='0'>0</EventID><Level>2</Level><TimeCreated SystemTime='2026-12-04T18:%02d:00.0000000Z'/><EventRecordID>%s</EventRecordID><Channel>EktronL2</Channel><Computer>EKTRON02</Computer></System><EventData><Data>%s</Data></EventData></Event>\r\n" "$2" "$1" "$3"
}
sig_count() {
	incidents_json | jq -s --arg sig "$sig" \
	    '[.[] | select(.signature == $sig) | .count] | add // 0'
}
_sig_count_is() {
	[ "$(sig_count)" -eq "$1" ]
}
wait_sig() {
	wait_for 10 _sig_count_is "$1" || fail "$sig: $(sig_count) hits, expected $1"
}
# Rewrite the capture atomically, as an export would be replaced.
capture() {
	cat > "$cap.new"
	mv "$cap.new" "$cap"
}

{ ev 1 0 'Service initialized successfully'; ev 2 1 "$faulted"; ev 3 2 "$faulted"; } | capture
f=$logs/despool.log
: > "$f"
{
	printf '[source l2]\ntype = eventlog\nreplay = %s\nproduct = esync\nstart_at = beginning\npoll_interval = 100ms\n' "$cap"
	printf '[source live]\ntype = eventlog\nchannel = EktronL2\nproduct = esync\n'
	source_section despool "$f" start_at=beginning
} | write_config
start_daemon
wait_sig 2
# The channel that cannot be read here: its source says why; the others go on.
log_has 'source live: EktronL2: the Windows event log cannot be read' ||
    fail "the unreadable channel is not reported"
hit S02 1 >> "$f"
wait_count S02 1

# New events: only they are read.
{ ev 1 0 'Service initialized successfully'; ev 2 1 "$faulted"; ev 3 2 "$faulted"; ev 4 3 "$faulted"; } | capture
wait_sig 3

# Killed, an event while down, restarted: each counted once.
kill9_daemon
{ ev 1 0 'x'; ev 2 1 "$faulted"; ev 3 2 "$faulted"; ev 4 3 "$faulted"; ev 5 4 "$faulted"; } | capture
start_daemon
wait_sig 4
stop_daemon
start_daemon
hit S02 2 >> "$f"
wait_count S02 2
[ "$(sig_count)" -eq 4 ] || fail "$(sig_count) hits after a clean restart, expected 4"

# Cleared: the numbers start again below ours; read from the oldest.
{ ev 1 10 "$faulted"; ev 2 11 'Service started successfully'; } | capture
wait_sig 5
log_has 'was cleared since record 5 was read' || fail "the clearing is not told"
stop_daemon
