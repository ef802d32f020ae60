# scan follows grep's exit convention: 0 no hit, 1 hit, 2 trouble.
set -eu
. "$(dirname "$0")/../lib.sh"

cm_record "Waiting for ready instruction file...." > "$tmp/quiet.log"
cm_record "Cannot find a public key for instruction C:\\SMS\\inboxes\\despoolr.box\\receive\\00000042.ins incoming from site S02, retry it later" > "$tmp/hit.log"

expect_status 0 "$prog" scan --patterns "$patterns" "$tmp/quiet.log"
[ ! -s "$tmp/out" ] || fail "output for a quiet log"
expect_status 1 "$prog" scan --patterns "$patterns" "$tmp/hit.log"
grep -q 'hit.log:1: critical configmgr.despool.public-key-missing' "$tmp/out" ||
    fail "no human-readable hit line: $(cat "$tmp/out")"
grep -q 'site=S02' "$tmp/out" || fail "site field missing"
# An unreadable file among good ones: the good ones are still reported.
expect_status 2 "$prog" scan --patterns "$patterns" "$tmp/hit.log" "$tmp/missing.log"
grep -q 'configmgr.despool.public-key-missing' "$tmp/out" || fail "hit lost next to an error"
grep -q 'missing.log' "$tmp/err" || fail "error does not name the file"
expect_status 2 "$prog" scan --patterns "$patterns" --format xml "$tmp/hit.log"
expect_status 2 "$prog" scan --patterns "$tmp/no-such-dir" "$tmp/hit.log"
expect_status 2 "$prog" scan --patterns "$patterns"
# Standard input.
expect_status 1 sh -c "\"$prog\" scan --patterns \"$patterns\" - < \"$tmp/hit.log\""
grep -q '^-:1:' "$tmp/out" || fail "stdin not labelled '-': $(cat "$tmp/out")"
