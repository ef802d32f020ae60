#!/bin/sh
# make demo: run syncwatch on a small set of realistic logs (one per product)
# and replay a scripted outage, so incidents open and count up while you
# watch.  Everything lives in a temporary directory, removed on exit.
# Ctrl-C stops it cleanly.
set -eu
prog=$(cd "$(dirname "$1")" && pwd)/$(basename "$1")
top=$(cd "$(dirname "$0")/.." && pwd)
speed=${DEMO_SPEED:-5}		# seconds between steps (about a minute in all)
demo=$(mktemp -d /tmp/syncwatch-demo.XXXXXX)
pid=
stop() {
	trap - EXIT INT TERM
	if [ -n "$pid" ]; then
		kill "$pid" 2>/dev/null || true
		wait "$pid" 2>/dev/null || true
	fi
	echo
	echo "demo: stopped; removing $demo"
	rm -rf "$demo"
	exit 0
}
trap stop EXIT INT TERM

mkdir -p "$demo/logs/sms" "$demo/logs/ektron" "$demo/logs/episerver" "$demo/state" \
    "$demo/inboxes/despoolr.box/receive"
token=$(od -An -N16 -tx1 /dev/urandom | tr -d ' \n')
# Private to its owner, or the daemon refuses it (as ssh refuses a key).
(umask 077 && printf 'demo %s\n' "$token" > "$demo/tokens")
cat > "$demo/syncwatch.conf" <<CONF
[daemon]
state_dir = $demo/state
patterns  = $top/patterns
listen    = 127.0.0.1:${DEMO_PORT:-8470}
api_tokens = $demo/tokens

[source despool]
path     = $demo/logs/sms/despool.log
format   = configmgr
product  = configmgr
start_at = beginning

[source ektron]
path     = $demo/logs/ektron/*.log
product  = esync
start_at = beginning
quiet    = 500ms

[source ektronl2]
path     = $demo/logs/ektron/EktronL2-events.txt
format   = plain
product  = esync
start_at = beginning
quiet    = 300ms

[inbox receive]
path      = $demo/inboxes/despoolr.box/receive
signature = configmgr.despool.receive-backlog
max_files = 4

[source episerver]
path     = $demo/logs/episerver/EPiServerErrorLog.txt
format   = log4net
product  = episerver
start_at = beginning
quiet    = 500ms
CONF

n=0
cm() {	# a ConfigMgr record, CRLF, with a generation-C trailer
	n=$((n + 1))
	printf '%s~  $$<SMS_DESPOOLER><%s.%03d+000><thread=2316 (0x90C)>\r\n' \
	    "$1" "$(date -u '+%m-%d-%Y %H:%M:%S')" $((n % 1000)) \
	    >> "$demo/logs/sms/despool.log"
}
entlib() {	# an Enterprise Library block
	cat >> "$demo/logs/ektron/EktronWindowsService.log" <<BLOCK
----------------------------------------
Timestamp: $(date -u '+%m/%d/%Y %I:%M:%S %p')
Message: $1
Category: Sync
Priority: -1
EventId: 0
Severity: Error
Machine: CMS01
----------------------------------------
BLOCK
}
l4n() {	# an EPiServer CMS 6 log4net record, exception on the following lines
	printf '%s WARN [%d] EPiServer.Events.Remote.EventReplication.RaiseEvent - %s\r\n' \
	    "$(date -u '+%Y-%m-%d %H:%M:%S,000')" 57 "$1" \
	    >> "$demo/logs/episerver/EPiServerErrorLog.txt"
	[ -z "${2:-}" ] || printf '%s\r\n' "$2" "   at System.Net.Sockets.Socket.Send(Byte[] buffer)" \
	    >> "$demo/logs/episerver/EPiServerErrorLog.txt"
}
show() {
	echo
	echo "== $1"
	"$prog" incidents --state-dir "$demo/state"
}

cm "Waiting for ready instruction file...."
entlib "Synchronization started for profile 'Staging to Live'."
l4n "Event system started."
"$prog" daemon --config "$demo/syncwatch.conf" --foreground 2> "$demo/daemon.log" &
pid=$!
echo "demo: dashboard on http://127.0.0.1:${DEMO_PORT:-8470}/ (token for the buttons: $token)"
echo "demo: syncwatch is following the logs in $demo/logs"
echo "demo: state in $demo/state (try: $prog incidents --state-dir $demo/state --json)"
sleep "$speed"

step() { sleep "$speed"; }

echo "demo: a secondary site (S02) was installed, but its key never reached the parent..."
echo "      (the despooler retries every 5 minutes; here every few seconds)"
for i in 1 2 3 4 5 6; do
	cm "Cannot find a public key for instruction C:\\Program Files\\Microsoft Configuration Manager\\inboxes\\despoolr.box\\receive\\0000004$i.ins incoming from site S02, retry it later"
	: > "$demo/inboxes/despoolr.box/receive/0000004$i.ins"
	cm "Will retry instruction C:\\Program Files\\Microsoft Configuration Manager\\inboxes\\despoolr.box\\receive\\0000004$i.ins $((100 - i)) more times, the next retry is in about 5 minutes"
	cm "STATMSG: ID=4404 SEV=W LEV=M SOURCE=\"SMS Server\" COMP=\"SMS_DESPOOLER\" SYS=PRIMARY SITE=P01 PID=1234 TID=2316 GMTDATE=$(date -u '+%a %b %d %H:%M:%S.000 %Y') ISTR0=\"S02\""
	case $i in
	2)	echo "demo: meanwhile the eSync relationship to the live server faults..."
		entlib "The communication object, System.ServiceModel.Channels.ServiceChannel, cannot be used for communication because it is in the Faulted state."
		entlib "SyncDatabaseFailed failed with message: Max index do not match. Local index:12, Remote index:11" ;;
	3)	echo "demo: the Ektron service on the live server initializes, then stops without starting..."
		printf 'Service initialized successfully\r\nService stopped successfully\r\n' \
		    >> "$demo/logs/ektron/EktronL2-events.txt" ;;
	4)	echo "demo: and an EPiServer front end recycled and lost its first cache event..."
		l4n "Exception calling IEventReplication::RaiseEvent on remote object." \
		    "System.Net.Sockets.SocketException: An existing connection was forcibly closed by the remote host" ;;
	esac
	step
done
show "after six despooler retries"

echo "demo: an operator acknowledges the key problem (dashboard button or: syncwatch ack)..."
"$prog" ack --state-dir "$demo/state" 1 > /dev/null
step
echo "demo: ...exchanges the keys (preinst /keyforparent on S02, /keyforchild on P01)..."
for i in 1 2 3; do
	cm "Instruction C:\\Program Files\\Microsoft Configuration Manager\\inboxes\\despoolr.box\\receive\\0000004$i.ins from site S02 processed"
	step
done
cm "Despooler successfully executed one instruction."
echo "demo: ...the receive folder drains (syncwatch resolves the backlog and the retries itself)..."
rm -f "$demo/inboxes/despoolr.box/receive/"*.ins
step
echo "demo: ...and the operator resolves the key incidents; the Ektron service is restarted."
"$prog" resolve --state-dir "$demo/state" 1 > /dev/null
"$prog" resolve --state-dir "$demo/state" 2 > /dev/null
printf 'Service initialized successfully\r\nService started successfully\r\n' \
    >> "$demo/logs/ektron/EktronL2-events.txt"
step
show "after the fix"
echo
echo "demo: the daemon keeps running; append to the logs in $demo/logs and run"
echo "      $prog incidents --state-dir $demo/state"
echo "demo: Ctrl-C to stop."
if [ -n "${DEMO_ONESHOT:-}" ]; then
	exit 0
fi
wait "$pid"
