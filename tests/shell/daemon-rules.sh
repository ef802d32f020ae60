# Incident rules in the running daemon: an inbox backlog opens and drains, a
# silent and a vanished log raise syncwatch.source-* incidents that resolve
# when the log is back, a sequence in the EktronL2 log opens its incident and
# the recovery line resolves it, and a threshold's count survives a restart.
set -eu
. "$(dirname "$0")/../lib.sh"
daemon_init

# state_of SIG [SOURCE]: the state of SIG's only incident (or "none").
state_of() {
	incidents_json | jq -rs --arg s "$1" --arg src "${2:-}" '[.[] |
	    select(.signature == $s and ($src == "" or .source == $src))] |
	    if length == 0 then "none" else .[0].state +
	    (if .[0].resolution then "/" + .[0].resolution else "" end) end'
}
_state_is() {
	[ "$(state_of "$1" "${3:-}")" = "$2" ]
}
# wait_state SIG STATE [SOURCE]
wait_state() {
	wait_for 10 _state_is "$1" "$2" "${3:-}" ||
	    fail "$1: $(state_of "$1" "${3:-}"), expected $2"
}

retry() {	# a despooler retry line at minute $1 past 04:00
	printf 'Will retry instruction C:\\SMS\\inboxes\\despoolr.box\\receive\\x%s.ins 99 more times, the next retry is in about 5 minutes  $$<SMS_DESPOOLER><08-22-2016 04:%s:01.000+420><thread=2316 (0x90C)>\r\n' "$1" "$1"
}

mkdir -p "$logs/receive" "$logs/old"
printf 'x\n' > "$logs/quiet.log"
printf 'x\n' > "$logs/gone.log"
{
	source_section despool "$logs/despool.log" start_at=beginning
	source_section quiet "$logs/quiet.log" expect_every=1s
	source_section gone "$logs/gone.log" missing_after=1s
	# Never written yet (EPiServer creates its log on the first error): not missing.
	source_section never "$logs/never.log" missing_after=1s
	printf '[source ektronl2]\npath = %s\nformat = plain\nproduct = esync\nstart_at = beginning\n' "$logs/ektronl2.log"
	printf '[inbox receive]\npath = %s\nsignature = configmgr.despool.receive-backlog\nmax_files = 3\npoll_interval = 1s\n' "$logs/receive"
	printf '[inbox old]\npath = %s\nsignature = configmgr.despool.receive-backlog\nmax_age = 1m\npoll_interval = 1s\n' "$logs/old"
} | write_config
{ retry 05; retry 10; } > "$logs/despool.log"
start_daemon

# Threshold: two retries within 20 minutes are not yet an incident.
sentinel "$logs/despool.log"
[ "$(state_of configmgr.despool.instruction-retry)" = none ] ||
    fail "two retries opened an incident"

# The silent log goes quiet for more than 1 s: an incident; written: back.
wait_state syncwatch.source-silent open quiet
printf 'y\n' >> "$logs/quiet.log"
wait_state syncwatch.source-silent resolved/back quiet

# A log that disappears for longer than missing_after; then it is back.
rm "$logs/gone.log"
wait_state syncwatch.source-missing open gone
printf 'z\n' > "$logs/gone.log"
wait_state syncwatch.source-missing resolved/back gone

# Inbox over its count: open; drained: resolved.
for i in 1 2 3 4; do : > "$logs/receive/0000000$i.ins"; done
: > "$logs/receive/notes.txt"
wait_state configmgr.despool.receive-backlog open receive
rm "$logs/receive/"*.ins
wait_state configmgr.despool.receive-backlog resolved/drained receive
# An inbox whose one file is older than max_age.
: > "$logs/old/a.INS"
touch -d '-2 minutes' "$logs/old/a.INS"
wait_state configmgr.despool.receive-backlog open old

# Sequence: initialized, then stopped, no started: the service is not
# listening.  Started: recovered.
printf 'Service initialized successfully\r\nService stopped successfully\r\n' >> "$logs/ektronl2.log"
wait_state esync.service-not-listening open
printf 'Service started successfully\r\n' >> "$logs/ektronl2.log"
wait_state esync.service-not-listening resolved/recovered
# Initialized, started, stopped: a normal stop, nothing new.
printf 'Service initialized successfully\r\nService started successfully\r\nService stopped successfully\r\n' >> "$logs/ektronl2.log"

# The threshold's pending hits are committed state: after a restart the
# third retry within the window opens the incident with all three.
stop_daemon
retry 15 >> "$logs/despool.log"
start_daemon
wait_state configmgr.despool.instruction-retry open
n=$(incidents_json | jq -s '[.[] | select(.signature ==
    "configmgr.despool.instruction-retry")][0].count')
[ "$n" -eq 3 ] || fail "instruction-retry count $n, expected 3"
[ "$(state_of esync.service-not-listening)" = resolved/recovered ] ||
    fail "a normal start/stop reopened esync.service-not-listening"
[ "$(state_of syncwatch.source-missing never)" = none ] ||
    fail "a log that never existed was reported missing"
stop_daemon
