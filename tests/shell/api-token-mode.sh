# Token file permissions (docs/http.md, syncwatch.conf(5) api_tokens): a
# token file other users can read is refused as ssh refuses a private key:
# check-config reports it as FILE:LINE naming the file and its mode and
# saying chmod 600, the daemon does not start on it, and a reload onto it
# keeps the previous tokens.  Refused: 0644, 0604, 0660, 0640 with another
# group than the daemon's; accepted: 0600, 0400, and 0640 owned by root
# with the daemon's own group (root:syncwatch).  The control token the
# daemon writes for the CLI is 0640: the service's group, its operators,
# may act through the daemon.  (The demo writes its token file
# 0600, or its daemon would not start: demo.sh covers that.)
set -eu
. "$(dirname "$0")/../lib.sh"
api_init

f=$logs/despool.log
: > "$f"
printf 'ops tok-ops-0123456789abcdef\n' > "$tokens"
source_section despool "$f" | api_config api_tokens
line=$(grep -n '^api_tokens' "$conf" | cut -d: -f1)

# refused MODE: check-config and the daemon refuse the file at MODE.
refused() {
	chmod "$1" "$tokens"
	expect_status 1 "$prog" check-config "$conf"
	grep -q "^$conf:$line: api_tokens: $tokens: mode 0$1 is too open.*chmod 600 $tokens" "$tmp/out" ||
	    fail "check-config on a $1 token file: $(cat "$tmp/out")"
	expect_status 2 "$prog" daemon --config "$conf" --foreground
	grep -q "mode 0$1 is too open" "$tmp/err" ||
	    fail "the daemon on a $1 token file: $(cat "$tmp/err")"
}
accepted() {
	chmod "$1" "$tokens"
	expect_status 0 "$prog" check-config "$conf"
}
refused 644
refused 604
refused 660
accepted 600
accepted 400
# 0640: only when root owns the file and its group is the daemon's own.
if [ "$(id -u)" -eq 0 ] && getent group nogroup > /dev/null; then
	chown root:"$(id -g)" "$tokens"
	accepted 640
	chgrp nogroup "$tokens"
	refused 640
else
	refused 640	# not root: the file is not root's
fi
chmod 600 "$tokens"

# Running: the control token is 0640; a reload onto a loose file is
# refused and the previous tokens stay.
start_api_daemon
ctl=$state/control.token
[ "$(stat -c %a "$ctl")" = 640 ] ||
    fail "control.token is mode $(stat -c %a "$ctl"), expected 640"
hit S02 >> "$f"
wait_count S02 1
id=$(incident_field S02 id)
printf 'eve tok-eve-0123456789abcdef\n' >> "$tokens"
chmod 644 "$tokens"
hup_daemon "reload failed"
log_has "mode 0644 is too open" || fail "the reload did not say why it failed"
expect_json_error 401 POST "/api/v1/incidents/$id/ack" \
    -H 'Authorization: Bearer tok-eve-0123456789abcdef'
expect_http 200 POST "/api/v1/incidents/$id/ack" \
    -H 'Authorization: Bearer tok-ops-0123456789abcdef'
stop_daemon

