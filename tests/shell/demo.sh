# make demo's script runs: the three products' incidents open, two resolve.
set -eu
. "$(dirname "$0")/../lib.sh"
port=$(free_port)
DEMO_SPEED=0.05 DEMO_ONESHOT=1 DEMO_PORT=$port sh "$top/packaging/demo.sh" "$prog" > "$tmp/demo.out" 2>&1 ||
    { cat "$tmp/demo.out"; fail "demo failed"; }
grep -q "dashboard on http://127.0.0.1:$port/" "$tmp/demo.out" || fail "no dashboard URL"
for sig in configmgr.despool.public-key-missing configmgr.status.4404 \
    esync.channel-faulted esync.max-index-mismatch \
    configmgr.despool.receive-backlog configmgr.despool.instruction-retry \
    esync.service-not-listening; do
	grep -q "$sig" "$tmp/demo.out" || { cat "$tmp/demo.out"; fail "$sig never showed"; }
done
sed -n '/== after the fix/,/^$/p' "$tmp/demo.out" |
    grep -q "resolved.*configmgr.despool.public-key-missing" ||
    { cat "$tmp/demo.out"; fail "the key incident was not resolved"; }
grep -q "demo: stopped; removing" "$tmp/demo.out" || fail "demo did not clean up"
