# Mistakes fail loudly, before they cost a night: a product no signature
# has, a port out of range, a state folder the service cannot write, every
# syntax error of a file at once, an indented key; scan with an unknown
# product; a bad --state.
set -eu
. "$(dirname "$0")/../lib.sh"
daemon_init
f=$logs/despool.log
: > "$f"

cfg() {	# write $tmp/c.conf from standard input
	cat > "$tmp/c.conf"
}
printf '[daemon]\nstate_dir = %s\n[source a]\npath = %s\nproduct = sccm\n' "$state" "$f" | cfg
expect_status 1 "$prog" check-config "$tmp/c.conf"
grep -q "c.conf:3: \[source a\]: no signature is of product 'sccm' (the products are configmgr, episerver, esync, syncwatch)" "$tmp/out" ||
    fail "unknown product: $(cat "$tmp/out")"
expect_status 2 "$prog" scan --product sccm "$f"
grep -q "no signature is of product 'sccm'" "$tmp/err" || fail "scan --product: $(cat "$tmp/err")"

printf '[daemon]\nstate_dir = %s\nlisten = 127.0.0.1:99999\n[source a]\npath = %s\n' "$state" "$f" | cfg
expect_status 1 "$prog" check-config "$tmp/c.conf"
grep -q "c.conf:3: listen 127.0.0.1:99999: the port must be a number from 1 to 65535" "$tmp/out" ||
    fail "listen: $(cat "$tmp/out")"

# Every mistake of the file in one run.
printf '[daemon]\nstate_dir = %s\n[source a]\npath = %s\nthis is not ini\n  format = plain\ncolour = blue\n' "$state" "$f" | cfg
expect_status 1 "$prog" check-config "$tmp/c.conf"
for want in "c.conf:5: syntax error" "c.conf:6: the line starts with white space" "c.conf:7: unknown key 'colour'"; do
	grep -q "$want" "$tmp/out" || fail "missing '$want': $(cat "$tmp/out")"
done

# A state folder the service's user cannot make.
if [ "$(id -u)" = 0 ]; then
	mkdir "$tmp/locked"
	chmod 555 "$tmp/locked"
	chmod 755 "$tmp"
	printf '[daemon]\nstate_dir = %s/locked/state\n[source a]\npath = %s\n' "$tmp" "$f" | cfg
	chmod 644 "$tmp/c.conf"
	expect_status 1 setpriv --reuid=nobody --regid=nogroup --clear-groups \
	    "$prog" check-config "$tmp/c.conf"
	grep -q "state_dir $tmp/locked/state does not exist, and $tmp/locked: Permission denied: it cannot be made" "$tmp/out" ||
	    fail "state folder: $(cat "$tmp/out")"
fi

expect_status 2 "$prog" incidents --state-dir "$state" --state opened
grep -q "not 'opened'" "$tmp/err" || fail "bad --state: $(cat "$tmp/err")"
