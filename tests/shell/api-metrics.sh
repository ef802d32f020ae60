# GET /metrics (docs/http.md, "Metrics"): valid Prometheus text format
# 0.0.4 — every sample `name{labels} value`, a TYPE line before a family's
# first sample, HELP and TYPE at most once, families not interleaved, no
# duplicate series, label values escaped (a source path holding `"` and
# `\`) — carrying every documented family, with values that match the
# incidents, the sources and /api/v1/status; and Prometheus's own
# promtool (Debian's prometheus package) accepts it.  One series per
# active incident, labelled for alerting; counters that do not fall when
# the daemon restarts.
set -eu
. "$(dirname "$0")/../lib.sh"
api_init

odd=$logs/'we"ird\dir'		# a directory name that needs escaping
mkdir -p "$odd"
despool=$odd/despool.log
sender=$logs/sender.log
{
	source_section despool "$despool" start_at=beginning
	source_section sender "$sender" start_at=beginning
	source_section missing "$logs/missing.log"
} | api_config
start_api_daemon

{
	hits S02 3
	routine
	hit S03 4
} >> "$despool"
printf '~Attempt to connect failed.  $$<SMS_LAN_SENDER><08-22-2016 05:02:32.442+420><thread=8012 (0x1F4C)>\r\n' >> "$sender"
printf "~Cannot connect to server SCCMSEC02 at remote site S02, won't try.  \$\$<SMS_LAN_SENDER><08-22-2016 05:02:33.458+420><thread=8012 (0x1F4C)>\r\n" >> "$sender"
# A record over 64 KiB: cut, and counted.
cm_record "$(head -c 70000 /dev/zero | tr '\0' 'x')" >> "$sender"
wait_count S02 3
wait_count S03 1
_sender_in() {
	[ "$(incidents_json | jq -s '[.[] | select(.source == "sender")] | length')" -eq 2 ]
}
wait_for 10 _sender_in || fail "the sender's incidents did not appear"
"$prog" ack --state-dir "$state" "$(incidents_json | jq -s '.[] | select(.source == "despool" and .fields.site == "S03") | .id')" > /dev/null
# Let the sources' snapshot catch up with the last reads.
_read_all() {
	http_get /api/v1/sources
	jq -e --argjson a "$(wc -c < "$despool" | tr -d ' ')" --argjson b "$(wc -c < "$sender" | tr -d ' ')" \
	    '([.sources[] | select(.name == "despool") | .offset] == [$a]) and
	    ([.sources[] | select(.name == "sender") | .offset] == [$b])' "$tmp/body" > /dev/null 2>&1
}
wait_for 10 _read_all || fail "the sources did not read to the end: $(cat "$tmp/body")"
cp "$tmp/body" "$tmp/sources.json"
# The counters are the committed ones: wait for the commit of those reads.
_committed() {
	http_get /metrics
	for _n in despool sender; do
		_l=$(jq --arg n "$_n" '.sources[] | select(.name == $n) | .lines' "$tmp/sources.json")
		grep -q "^syncwatch_source_lines_total{source=\"$_n\",[^}]*} $_l\$" "$tmp/body" || return 1
	done
}
wait_for 10 _committed || fail "/metrics: the lines read were not counted: $(grep lines_total "$tmp/body")"
expect_http 200 GET /api/v1/status
cp "$tmp/body" "$tmp/status.json"
# The daemon's name defaults to the host name, its URL to where it listens.
jq -e --arg n "$(hostname)" --arg u "http://$listen" '.name == $n and .external_url == $u and .alertmanager == null' "$tmp/status.json" > /dev/null ||
    fail "/api/v1/status: name, external_url, alertmanager: $(jq -c '[.name, .external_url, .alertmanager]' "$tmp/status.json")"
expect_http 200 GET "/api/v1/incidents?state=open&limit=500"
cp "$tmp/body" "$tmp/open.json"

expect_http 200 GET /metrics
case $(header Content-Type) in
text/plain*version=0.0.4*) ;;
*) fail "/metrics: Content-Type '$(header Content-Type)', expected text/plain; version=0.0.4" ;;
esac
expect_header X-Content-Type-Options nosniff
cp "$tmp/body" "$tmp/metrics.txt"
command -v promtool > /dev/null ||
    fail "promtool is not installed (packaging/install-deps.sh installs prometheus)"
promtool check metrics < "$tmp/metrics.txt" > "$tmp/promtool.out" 2>&1 ||
    fail "promtool check metrics: $(cat "$tmp/promtool.out")"
[ "$(tail -c 1 "$tmp/metrics.txt" | od -An -c | tr -d ' ')" = '\n' ] ||
    fail "/metrics: the last line has no line end"

# The format, checked line by line; the samples go to $tmp/samples as
# NAME <tab> LABELS <tab> VALUE, LABELS being k=v,… sorted, values
# unescaped.
awk -v out="$tmp/samples" '
function err(msg) {
	printf "/metrics line %d: %s: %s\n", NR, msg, $0 > "/dev/stderr"
	bad = 1
}
BEGIN {
	namere = "^[a-zA-Z_:][a-zA-Z0-9_:]*$"
	valre = "^[-+]?(([0-9]+([.][0-9]*)?|[.][0-9]+)([eE][-+]?[0-9]+)?|Inf|NaN)$"
	typere = "^(counter|gauge|histogram|summary|untyped)$"
}
/\r/ { err("carriage return") }
/^$/ { next }
/^#/ {
	if ($0 ~ /^# HELP /) {
		if ($3 !~ namere) err("bad metric name in HELP")
		if (help[$3]++) err("a second HELP")
		if (NF < 4) err("HELP without text")
	} else if ($0 ~ /^# TYPE /) {
		if (NF != 4) err("TYPE is not: # TYPE name type")
		if ($3 !~ namere) err("bad metric name in TYPE")
		if ($4 !~ typere) err("unknown type")
		if ($3 in type) err("a second TYPE")
		if ($3 in sampled) err("TYPE after the samples")
		type[$3] = $4
	}
	next
}
{
	rest = $0
	if (!match(rest, /^[a-zA-Z_:][a-zA-Z0-9_:]*/)) {
		err("no metric name")
		next
	}
	name = substr(rest, 1, RLENGTH)
	rest = substr(rest, RLENGTH + 1)
	n = 0
	split("", seen)
	if (substr(rest, 1, 1) == "{") {
		rest = substr(rest, 2)
		while (substr(rest, 1, 1) != "}") {
			if (!match(rest, /^[a-zA-Z_][a-zA-Z0-9_]*="/)) {
				err("bad label")
				next
			}
			ln = substr(rest, 1, RLENGTH - 2)
			rest = substr(rest, RLENGTH + 1)
			v = ""
			for (i = 1; ; i++) {
				c = substr(rest, i, 1)
				if (c == "") {
					err("unterminated label value")
					next
				}
				if (c == "\\") {
					d = substr(rest, i + 1, 1)
					if (d == "\\") v = v "\\"
					else if (d == "\"") v = v "\""
					else if (d == "n") v = v "\n"
					else {
						err("bad escape \\" d " in a label value")
						next
					}
					i++
					continue
				}
				if (c == "\"")
					break
				v = v c
			}
			rest = substr(rest, i + 1)
			if (ln in seen) err("label " ln " twice")
			seen[ln] = 1
			n++
			lk[n] = ln
			lv[n] = v
			c = substr(rest, 1, 1)
			if (c == ",")
				rest = substr(rest, 2)
			else if (c != "}") {
				err("expected , or } after a label value")
				next
			}
		}
		rest = substr(rest, 2)
	}
	if (substr(rest, 1, 1) != " ") {
		err("no space before the value")
		next
	}
	m = split(substr(rest, 2), f, " ")
	if (m < 1 || m > 2 || f[1] !~ valre || (m == 2 && f[2] !~ /^-?[0-9]+$/)) {
		err("bad value")
		next
	}
	if (!(name in type)) err("a sample before its TYPE")
	if (type[name] == "counter" && f[1] ~ /^-/) err("a negative counter")
	if (name != last) {
		if (name in sampled) err("samples of " name " not grouped together")
		last = name
	}
	sampled[name] = 1
	# Sort the labels (insertion sort: awk has none).
	for (i = 2; i <= n; i++)
		for (j = i; j > 1 && lk[j - 1] > lk[j]; j--) {
			t = lk[j]; lk[j] = lk[j - 1]; lk[j - 1] = t
			t = lv[j]; lv[j] = lv[j - 1]; lv[j - 1] = t
		}
	key = ""
	for (i = 1; i <= n; i++)
		key = key (i > 1 ? "," : "") lk[i] "=" lv[i]
	if ((name SUBSEP key) in series) err("a duplicate series")
	series[name SUBSEP key] = 1
	printf "%s\t%s\t%s\n", name, key, f[1] > out
}
END { exit bad }' "$tmp/metrics.txt" || fail "/metrics is not valid Prometheus text format (see above)"

# metric NAME [LABELS]: the value of one series (LABELS as k=v,… sorted);
# fails if it is not there.
metric() {
	# Through the environment: awk -v would treat the backslash in a path
	# as an escape.
	_mv=$(MN=$1 ML=${2:-} awk -F '\t' '$1 == ENVIRON["MN"] && $2 == ENVIRON["ML"] { print $3; f = 1 } END { exit !f }' "$tmp/samples") ||
	    fail "/metrics: no series $1{$2}: $(grep "^$1	" "$tmp/samples" | tr '\t\n' ' |')"
	echo "$_mv"
}
# metric_sum NAME: the sum over every series of NAME.
metric_sum() {
	awk -F '\t' -v n="$1" '$1 == n { s += $3 } END { printf "%d\n", s }' "$tmp/samples"
}
# expect_metric NAME LABELS VALUE
expect_metric() {
	_em=$(metric "$1" "$2")
	awk -v a="$_em" -v b="$3" 'BEGIN { exit !(a + 0 == b + 0) }' ||
	    fail "/metrics: $1{$2} is $_em, expected $3"
}

# Every documented family is there, with a TYPE.
for fam in syncwatch_open_incidents syncwatch_hits_total \
    syncwatch_source_lines_total syncwatch_source_bytes_total \
    syncwatch_source_records_cut_total syncwatch_source_rotations_total \
    syncwatch_source_healthy syncwatch_source_last_record_timestamp_seconds \
    syncwatch_parse_errors_total syncwatch_database_size_bytes \
    syncwatch_incident_open syncwatch_incidents_active syncwatch_build_info \
    syncwatch_daemon_info process_cpu_seconds_total \
    process_resident_memory_bytes process_open_fds \
    process_start_time_seconds; do
	grep -q "^# TYPE $fam " "$tmp/metrics.txt" || fail "/metrics: no TYPE for $fam"
	grep -q "^# HELP $fam " "$tmp/metrics.txt" || fail "/metrics: no HELP for $fam"
	grep -q "^$fam	" "$tmp/samples" || fail "/metrics: no sample of $fam"
done
for fam in syncwatch_hits_total syncwatch_source_lines_total \
    syncwatch_source_bytes_total syncwatch_source_records_cut_total \
    syncwatch_source_rotations_total syncwatch_parse_errors_total \
    process_cpu_seconds_total; do
	grep -q "^# TYPE $fam counter$" "$tmp/metrics.txt" || fail "/metrics: $fam is not a counter"
done
for fam in syncwatch_open_incidents syncwatch_source_healthy \
    syncwatch_database_size_bytes syncwatch_incident_open \
    process_resident_memory_bytes process_open_fds process_start_time_seconds \
    syncwatch_source_last_record_timestamp_seconds; do
	grep -q "^# TYPE $fam gauge$" "$tmp/metrics.txt" || fail "/metrics: $fam is not a gauge"
done

# The escaped path label round-trips: the raw line holds \" and \\.
grep -qF 'we\"ird\\dir/despool.log"' "$tmp/metrics.txt" ||
    fail "/metrics: the path label is not escaped as \\\" and \\\\: $(grep -F 'despool.log' "$tmp/metrics.txt" | head -1)"

grep -q '^syncwatch_up' "$tmp/metrics.txt" &&
    fail "/metrics: syncwatch_up is still there (Prometheus has up)"
expect_metric syncwatch_build_info "curl=$(grep '^syncwatch_build_info' "$tmp/samples" | sed 's/.*curl=\([^,	]*\).*/\1/'),version=$("$prog" --version | awk '{ print $2; exit }')" 1
# Process metrics: this process's, near enough.
awk -v a="$(metric process_start_time_seconds '')" -v now="$(date +%s)" 'BEGIN { exit !(a > now - 600 && a <= now + 1) }' ||
    fail "/metrics: process_start_time_seconds $(metric process_start_time_seconds '') is not this run's"
want_rss=$(awk '/^VmRSS:/ { print $2 * 1024 }' "/proc/$daemon_pid/status")
awk -v a="$(metric process_resident_memory_bytes '')" -v b="$want_rss" 'BEGIN { exit !(a > b / 2 && a < b * 2) }' ||
    fail "/metrics: process_resident_memory_bytes $(metric process_resident_memory_bytes '') vs VmRSS $want_rss"
want_fds=$(ls "/proc/$daemon_pid/fd" | wc -l)
awk -v a="$(metric process_open_fds '')" -v b="$want_fds" 'BEGIN { exit !(a >= b - 3 && a <= b + 3) }' ||
    fail "/metrics: process_open_fds $(metric process_open_fds '') vs $want_fds in /proc"

# One series per active incident (the acknowledged S03 too), with the
# labels an alert routes on and its annotations; the state says which.
[ "$(grep -c '^syncwatch_incident_open	' "$tmp/samples")" -eq "$(incidents_json | jq -s '[.[] | select(.state != "resolved")] | length')" ] ||
    fail "/metrics: $(grep -c '^syncwatch_incident_open	' "$tmp/samples") incident series, expected one per active incident"
expect_metric syncwatch_incidents_active '' "$(incidents_json | jq -s '[.[] | select(.state != "resolved")] | length')"
s03=$(incidents_json | jq -s '.[] | select(.source == "despool" and .fields.site == "S03") | .id')
grep "^syncwatch_incident_open	" "$tmp/samples" | grep -q "id=$s03,.*severity=critical,signature=configmgr.despool.public-key-missing,site=S03,source=despool,state=acknowledged,summary=Parent site rejects instructions from a child site: no public key,syncwatch=$(hostname),url=http://$listen/incidents/$s03	1" ||
    fail "/metrics: no series for incident $s03 with its labels: $(grep "^syncwatch_incident_open	.*id=$s03," "$tmp/samples")"

# Open incidents: the open ones (S03 is acknowledged), by severity and
# signature, the same as /api/v1/status and the open list.
expect_metric syncwatch_open_incidents 'severity=critical,signature=configmgr.despool.public-key-missing' 1
expect_metric syncwatch_open_incidents 'severity=error,signature=configmgr.sender.cannot-connect' 1
expect_metric syncwatch_open_incidents 'severity=warning,signature=configmgr.sender.no-connection' 1
for sev in critical error warning; do
	_m=$(awk -F '\t' -v s="severity=$sev" '$1 == "syncwatch_open_incidents" && index($2, s) { t += $3 } END { printf "%d\n", t }' "$tmp/samples")
	_s=$(jq ".open.$sev" "$tmp/status.json")
	[ "$_m" -eq "$_s" ] || fail "/metrics: $_m open $sev incidents, /api/v1/status says $_s"
done
[ "$(metric_sum syncwatch_open_incidents)" -eq "$(jq '.incidents | length' "$tmp/open.json")" ] ||
    fail "/metrics: $(metric_sum syncwatch_open_incidents) open incidents, the API lists $(jq '.incidents | length' "$tmp/open.json")"

# Hits, by signature and source, over the incidents in every state.
expect_metric syncwatch_hits_total 'signature=configmgr.despool.public-key-missing,source=despool' 4
expect_metric syncwatch_hits_total 'signature=configmgr.sender.cannot-connect,source=sender' 1
expect_metric syncwatch_hits_total 'signature=configmgr.sender.no-connection,source=sender' 1
[ "$(metric_sum syncwatch_hits_total)" -eq "$(total_count)" ] ||
    fail "/metrics: $(metric_sum syncwatch_hits_total) hits in all, the store has $(total_count)"

# Sources: the same numbers as /api/v1/sources, labelled {source, path};
# a file never read has no counters yet.
grep -q '^syncwatch_source_lines_total{source="missing"' "$tmp/metrics.txt" &&
    fail "/metrics: lines counted for a file never read"
for name in despool sender; do
	path=$(jq -r --arg n "$name" '.sources[] | select(.name == $n) | .path' "$tmp/sources.json")
	l="path=$path,source=$name"
	for pair in lines:syncwatch_source_lines_total bytes:syncwatch_source_bytes_total \
	    cut:syncwatch_source_records_cut_total; do
		expect_metric "${pair#*:}" "$l" \
		    "$(jq --arg n "$name" ".sources[] | select(.name == \$n) | .${pair%%:*}" "$tmp/sources.json")"
	done
	expect_metric syncwatch_source_rotations_total "$l" \
	    "$(jq --arg n "$name" '.sources[] | select(.name == $n) | .rotations + .truncations' "$tmp/sources.json")"
done
expect_metric syncwatch_source_lines_total "path=$despool,source=despool" 5
expect_metric syncwatch_source_bytes_total "path=$despool,source=despool" "$(wc -c < "$despool" | tr -d ' ')"
expect_metric syncwatch_source_records_cut_total "path=$sender,source=sender" 1
expect_metric syncwatch_source_records_cut_total "path=$despool,source=despool" 0
expect_metric syncwatch_source_healthy "path=$despool,source=despool" 1
expect_metric syncwatch_source_healthy "path=$sender,source=sender" 1
expect_metric syncwatch_source_healthy "path=$logs/missing.log,source=missing" 0
[ "$(metric_sum syncwatch_source_healthy)" -eq "$(jq .sources.healthy "$tmp/status.json")" ] ||
    fail "/metrics: $(metric_sum syncwatch_source_healthy) healthy sources, /api/v1/status says $(jq .sources.healthy "$tmp/status.json")"
# The last record's time, in seconds, as /api/v1/sources has it.
want=$(jq -r '.sources[] | select(.name == "despool") | .last_record' "$tmp/sources.json")
want_s=$(date -u -d "$(printf '%s' "$want" | sed 's/T/ /; s/\.[0-9]*Z$//')" +%s)
got=$(metric syncwatch_source_last_record_timestamp_seconds "path=$despool,source=despool")
awk -v a="$got" -v b="$want_s" 'BEGIN { exit !(a >= b && a < b + 1) }' ||
    fail "/metrics: despool's last record at $got s, /api/v1/sources says $want ($want_s s)"
# Parse errors: the one cut record (no invalid bytes were replaced).
expect_metric syncwatch_parse_errors_total '' 1
dbsize=$(metric syncwatch_database_size_bytes '')
awk -v a="$dbsize" 'BEGIN { exit !(a > 0) }' || fail "/metrics: database size $dbsize"

# Counters never go down; a new hit moves hits and open counts.
hit S04 >> "$despool"
wait_count S04 1
_moved() {
	http_get /metrics
	grep -q '^syncwatch_hits_total{[^}]*configmgr.despool.public-key-missing[^}]*} 5$' "$tmp/body"
}
wait_for 5 _moved || fail "/metrics: hits_total did not reach 5: $(grep public-key "$tmp/body")"
grep -q '^syncwatch_open_incidents{[^}]*severity="critical"[^}]*} 2$' "$tmp/body" ||
    fail "/metrics: open critical did not reach 2: $(grep open_incidents "$tmp/body")"


# Counters survive a restart: lines and hits go on from where they were.
lines_before=$(grep '^syncwatch_source_lines_total{source="despool"' "$tmp/body" | awk '{ print $2 }')
stop_daemon
start_api_daemon
hit S05 >> "$despool"
wait_count S05 1
_went_on() {
	http_get /metrics
	grep -q '^syncwatch_hits_total{[^}]*configmgr.despool.public-key-missing[^}]*} 6$' "$tmp/body" &&
	    grep -q "^syncwatch_source_lines_total{source=\"despool\",[^}]*} $((lines_before + 1))\$" "$tmp/body"
}
wait_for 5 _went_on || fail "/metrics after a restart: $(grep -e public-key -e lines_total "$tmp/body")"
stop_daemon
