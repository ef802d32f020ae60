#!/bin/bash
# syncwatch.exe reload: the running daemon loads its configuration and
# signatures again through its HTTP API with the control token.  Exit 0
# when the new ones run; 1 when they are refused (FILE:LINE printed), and
# the daemon keeps running with the previous ones; 2 when there is no
# daemon to ask.
. "$(dirname "$0")/lib.sh"
daemon_init
test_patterns

a=$logs/a.log
b=$logs/b.log
recs 1 5 > "$a"
recs 101 105 > "$b"
source_section a "$a" | write_config
start_daemon
wait_lines_once 1 5
wconf=$(winpath "$conf")

note "a good configuration: a second source"
{ source_section a "$a"; source_section b "$b"; } | write_config
expect_status 0 sw reload --config "$wconf"
grep -qx 'reloaded' <(tr -d '\r' < "$tmp/out") || fail "reload said: $(cat "$tmp/out")"
wait_hits 10
[ "$(line_counts | awk '$1 > 100' | wc -l)" -eq 5 ] || fail "b.log not followed after the reload"

note "a broken configuration: refused with FILE:LINE, the old one runs on"
cp "$conf" "$tmp/good.conf"
{ source_section a "$a"; printf 'this is not ini\n'; } | write_config
expect_status 1 sw reload --config "$wconf"
grep -q 'syncwatch.conf:[0-9]*: syntax' "$tmp/out" ||
    fail "no FILE:LINE in: $(cat "$tmp/out")"
grep -q 'reload refused' "$tmp/out" || fail "reload said: $(cat "$tmp/out")"
daemon_alive || fail "the daemon died on a broken configuration"
recs 6 8 >> "$a"
recs 106 108 >> "$b"		# b is still followed: the old configuration
wait_hits 16
[ "$(line_counts | wc -l)" -eq 16 ] || fail "not every line counted after the refused reload"

note "broken signatures: refused too"
cp "$tmp/good.conf" "$conf"
printf '[test.bad]\ntitle = t\nproduct = wintest\nseverity = error\nmatch = (unclosed\nmeaning = m\nfix = f\n' \
    > "$tpatterns/bad.sig"
expect_status 1 sw reload --config "$wconf"
grep -q 'bad.sig:[0-9]*:' "$tmp/out" || fail "no FILE:LINE for bad.sig in: $(cat "$tmp/out")"
rm "$tpatterns/bad.sig"
expect_status 0 sw reload --config "$wconf"
daemon_alive || fail "the daemon died"
recs 9 10 >> "$a"
wait_hits 18
[ "$(line_counts | awk '$2 != 1' | wc -l)" -eq 0 ] || fail "a line counted twice across reloads"
stop_daemon

note "no daemon: exit 2"
expect_status 2 sw reload --config "$wconf"
