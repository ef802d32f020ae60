#!/bin/bash
# syncwatch.exe scan --json against the Linux build's on every sample log
# in patterns/samples/ (and, through standard input, on a few): the same
# hits and incidents, the same exit status, byte for byte once the paths
# are set aside -- the "file" field and the incident's "source" (the file
# path scan names each source by) -- and with one difference known and
# checked exactly: on Windows every output line ends in CRLF (msvcrt's
# text-mode stdout), so the Windows output must equal the Linux output
# with each LF turned into CRLF, nothing more, nothing less.
# Also a UTF-16LE copy (with a BOM, and К: 0x1A bytes) of a sample: the
# two builds must agree on it too, and on its hits being the UTF-8 ones'.
. "$(dirname "$0")/lib.sh"

lin=$top/syncwatch
[ -x "$lin" ] || fail "no Linux build at $lin (make)"
pat=$top/patterns
wpat=$(winpath "$pat")

# paths: the path-valued fields reduced to the file's name, so the two
# can be compared ("/x/samples/a.log" and "Z:\\x\\samples\\a.log" are
# both "a.log").
paths() {
	perl -pe 's{"(file|source)":"((?:[^"\\]|\\.)*)"}{
		my ($k, $v) = ($1, $2);
		$v =~ s{.*(?:/|\\\\)}{};
		"\"$k\":\"$v\"";
	}ge'
}

# compare NAME LINUX-OUT LINUX-RC WINDOWS-OUT WINDOWS-RC
nfail=0
compare() {
	if [ "$3" != "$5" ]; then
		echo "$1: exit status $3 on Linux, $5 on Windows" >&2
		nfail=$((nfail + 1))
	elif ! cmp -s <(paths < "$2" | sed 's/$/\r/') <(paths < "$4"); then
		echo "$1: the outputs differ (Linux <, Windows >):" >&2
		diff <(paths < "$2") <(paths < "$4" | tr -d '\r') | head -10 >&2 || :
		cmp <(paths < "$2" | sed 's/$/\r/') <(paths < "$4") >&2 || :
		nfail=$((nfail + 1))
	fi
}

# Every sample log in one run of each (each file is one source).
files=("$pat"/samples/*.log "$pat"/samples/*.txt)
[ "${#files[@]}" -ge 30 ] || fail "test bug: only ${#files[@]} sample logs"
wfiles=()
for f in "${files[@]}"; do
	wfiles+=("$(winpath "$f")")
done
set +e
"$lin" scan --json --patterns "$pat" "${files[@]}" > "$tmp/all.l" 2> "$tmp/all.le"
rl=$?
sw scan --json --patterns "$wpat" "${wfiles[@]}" > "$tmp/all.w" 2> "$tmp/all.we"
rw=$?
set -e
[ "$rl" -eq 1 ] || { cat "$tmp/all.le" >&2; fail "Linux scan: exit $rl, expected 1 (hits)"; }
compare "the ${#files[@]} sample logs" "$tmp/all.l" "$rl" "$tmp/all.w" "$rw"
# Every file contributed: its name is in the normalised output.
for f in "${files[@]}"; do
	b=$(basename "$f")
	grep -qF "\"file\":\"$b\"" <(paths < "$tmp/all.w") ||
	    grep -qF -- "$b" "$tmp/all.le" || note "no hit in $b"
done
# The messages name the files too: by their last component, as above.
errpaths() {
	perl -pe 's{^(syncwatch: )\S*[/\\]([^/\\:]+:)}{$1$2}'
}
cmp -s <(errpaths < "$tmp/all.le") <(tr -d '\r' < "$tmp/all.we" | errpaths) ||
    { nfail=$((nfail + 1)); echo "stderr differs" >&2;
      diff <(errpaths < "$tmp/all.le") <(tr -d '\r' < "$tmp/all.we" | errpaths) | head -5 >&2 || :; }
note "${#files[@]} sample logs compared: $(grep -c . "$tmp/all.l") lines"

note "standard input (binary on Windows: CRLF and 0x1A kept)"
for b in configmgr-despool.log esync-log4net.log episerver-cms7.log; do
	set +e
	"$lin" scan --json --patterns "$pat" - < "$pat/samples/$b" > "$tmp/in.l" 2> /dev/null
	rl=$?
	sw scan --json --patterns "$wpat" - < "$pat/samples/$b" > "$tmp/in.w" 2> /dev/null
	rw=$?
	set -e
	compare "stdin $b" "$tmp/in.l" "$rl" "$tmp/in.w" "$rw"
	[ -s "$tmp/in.w" ] || fail "stdin $b: no hits on Windows"
done

note "a UTF-16LE copy with a BOM and К"
b=esync-log4net.log
u=$tmp/esync-utf16.log
{ printf '\xff\xfe'; { printf 'Ключ К\r\n'; sed 's/$/\r/' "$pat/samples/$b"; } |
    iconv -f UTF-8 -t UTF-16LE; } > "$u"
set +e
"$lin" scan --json --patterns "$pat" "$u" > "$tmp/u.l" 2> /dev/null
rl=$?
sw scan --json --patterns "$wpat" "$(winpath "$u")" > "$tmp/u.w" 2> /dev/null
rw=$?
set -e
compare "UTF-16 $b" "$tmp/u.l" "$rl" "$tmp/u.w" "$rw"
# The same hits as the UTF-8 original (a line more before each).
set +e
sw scan --json --patterns "$wpat" "$(winpath "$pat/samples/$b")" > "$tmp/u8.w" 2> /dev/null
set -e
[ "$(grep -c '"signature"' "$tmp/u.w")" -eq "$(grep -c '"signature"' "$tmp/u8.w")" ] ||
    fail "UTF-16 $b: $(grep -c '"signature"' "$tmp/u.w") lines out, $(grep -c '"signature"' "$tmp/u8.w") from the UTF-8 file"
[ "$nfail" -eq 0 ] || fail "$nfail scans differ"
