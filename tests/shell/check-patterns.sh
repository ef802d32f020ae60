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

# A catalog with incident rules: role annotations and a timeline pass.
expect_status 0 "$prog" check-patterns "$top/tests/timeline"
grep -q 'demo.timeline .* 11 expectations' "$tmp/out" || fail "no timeline report: $(cat "$tmp/out")"
grep -q '1 timelines, 11 expectations; 0 problems' "$tmp/out" || fail "no timeline summary: $(cat "$tmp/out")"
# A wrong expectation fails with FILE:LINE and what is there instead.
mkdir -p "$tmp/tl/samples"
cp "$top/tests/timeline/demo.sig" "$tmp/tl/"
cp "$top/tests/timeline/samples/demo.log" "$tmp/tl/samples/"
sed 's/open count=3 first_seen/open count=4 first_seen/' \
    "$top/tests/timeline/samples/demo.timeline" > "$tmp/tl/samples/demo.timeline"
line=$(grep -n 'open count=4' "$tmp/tl/samples/demo.timeline" | cut -d: -f1)
expect_status 1 "$prog" check-patterns "$tmp/tl"
grep -q "demo.timeline:$line: expect demo.site-unreachable open count=4 .*: got open count=3 " "$tmp/out" || fail "no failed expectation: $(cat "$tmp/out")"
# A signature with rules and no timeline fails too.
rm "$tmp/tl/samples/demo.timeline"
expect_status 1 "$prog" check-patterns "$tmp/tl"
grep -q 'demo.backlog: rules not exercised by any timeline' "$tmp/out" || fail "unexercised rules not reported: $(cat "$tmp/out")"

# A pattern that backtracks catastrophically on its own near miss fails the
# check at the record that showed it, even though that record did not hit.
mkdir -p "$tmp/slow/samples"
printf '[slow.nested]\ntitle = t\nproduct = slow\nseverity = warning\nmatch = sync (?:\\w+\\s?)*:\nmeaning = m\nfix = f\n' > "$tmp/slow/slow.sig"
{ printf '#> match slow.nested\nsync job failed:\n#> miss slow.nested\nsync '
  printf 'a%.0s' $(seq 40); printf '!:\n'; } > "$tmp/slow/samples/a.log"
expect_status 1 "$prog" check-patterns "$tmp/slow"
grep -q "a.log:4: slow.nested: a pattern stopped at PCRE2's match limit" "$tmp/out" || fail "match limit not reported: $(cat "$tmp/out")"
grep -q '^FAIL  *slow.nested .*stops at the match limit' "$tmp/out" || fail "signature not failed: $(cat "$tmp/out")"
# Bounded, the same pattern passes.
sed -i 's/(?:\\w+\\s?)\*:/(?:\\w+\\s){0,8}\\w*:/' "$tmp/slow/slow.sig"
expect_status 0 "$prog" check-patterns "$tmp/slow"
