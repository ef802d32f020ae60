# check-patterns passes the shipped set and names FILE:LINE for bad ones;
# a half-valid directory never loads.
set -eu
. "$(dirname "$0")/../lib.sh"

expect_status 0 "$prog" check-patterns "$patterns"
grep -q '^ok  *configmgr.despool.public-key-missing' "$tmp/out" || fail "no per-signature report"

mkdir -p "$tmp/bad/samples"
cp "$patterns"/*.sig "$tmp/bad/"
printf '[extra.broken]\ntitle = x\nproduct = extra\nseverity = error\nmatch = (unclosed\nmeaning = m\nfix = f\n' >> "$tmp/bad/esync.sig"
line=$(grep -n 'match = (unclosed' "$tmp/bad/esync.sig" | cut -d: -f1)
expect_status 1 "$prog" check-patterns "$tmp/bad"
grep -q "esync.sig:$line: match: bad pattern" "$tmp/out" || fail "no FILE:LINE error: $(cat "$tmp/out")"
# scan refuses the same directory instead of running half of it.
printf 'x\n' > "$tmp/x.log"
expect_status 2 "$prog" scan --patterns "$tmp/bad" "$tmp/x.log"

# A signature without a near miss fails the check.
mkdir -p "$tmp/lonely/samples"
printf '[lonely.one]\ntitle = t\nproduct = lonely\nseverity = warning\nmatch = lonely failure\nmeaning = m\nfix = f\n' > "$tmp/lonely/lonely.sig"
printf '#> match lonely.one\nlonely failure here\n' > "$tmp/lonely/samples/a.log"
expect_status 1 "$prog" check-patterns "$tmp/lonely"
grep -q 'lonely.one: no near miss' "$tmp/out" || fail "missing near-miss not reported"
# An unannotated hit fails too.
printf '#> match lonely.one\nlonely failure here\n#> miss lonely.one\nall fine\nlonely failure again\n' > "$tmp/lonely/samples/a.log"
expect_status 1 "$prog" check-patterns "$tmp/lonely"
grep -q 'a.log:5: unexpected hit lonely.one' "$tmp/out" || fail "unannotated hit not reported: $(cat "$tmp/out")"
