#!/bin/sh
# The g_* and t_* functions below are called through variables.
# shellcheck disable=SC2317
# tests/bench/run.sh — `make bench`: syncwatch scan against grep -E and rg on
# one large, realistic ConfigMgr site-server log.
#
#   sh tests/bench/run.sh ./syncwatch
#
# 1. builds tests/bench/genlog.c into tests/bench/out/ and writes a log of
#    BENCH_MB MiB (default 256) once; it is reused while the generator and the
#    size stay the same;
# 2. turns the `match =` patterns of patterns/*.sig into pattern files for
#    `grep -E -i -f` (POSIX ERE) and `rg -i -f` (Rust regex) with
#    sig2re.awk, tries every pattern on its own with the tool, and lists
#    every pattern a tool cannot take (they are left out for that tool only);
#    `rg -P` (PCRE2) gets the patterns as written;
# 3. times every tool on the same file, warm in the page cache, best of
#    BENCH_RUNS runs (default 3), and prints seconds, MB/s, lines/s and hits;
# 4. checks that syncwatch found exactly the failures genlog says it wrote,
#    signature by signature, and split the file into as many records.
#
# A benchmark: it never fails on speed.  It exits 1 when something is broken
# (a tool fails, a pattern file is refused, a hit or record count differs) and
# 2 on bad usage.  MB means MiB (2^20 bytes) throughout.

set -u

usage() {
	echo "usage: sh tests/bench/run.sh PATH-TO-SYNCWATCH" >&2
	echo "  environment: BENCH_MB (default 256), BENCH_RUNS (default 3)" >&2
	exit 2
}

[ $# -eq 1 ] || usage
SW=$1
case $SW in
/*) ;;
*) SW=$(pwd)/$SW ;;
esac
[ -x "$SW" ] || { echo "bench: $SW is not executable" >&2; exit 2; }

MB=${BENCH_MB:-256}
RUNS=${BENCH_RUNS:-3}
case $MB in ''|*[!0-9]*|0) echo "bench: BENCH_MB must be a positive integer" >&2; exit 2 ;; esac
case $RUNS in ''|*[!0-9]*|0) echo "bench: BENCH_RUNS must be a positive integer" >&2; exit 2 ;; esac

HERE=$(cd "$(dirname "$0")" && pwd)
ROOT=$(cd "$HERE/../.." && pwd)
PATDIR=$ROOT/patterns
OUT=$HERE/out
CC=${CC:-cc}
TAB=$(printf '\t')
FAILED=0

mkdir -p "$OUT" || exit 1

broken() {
	echo "bench: BROKEN: $*" >&2
	FAILED=1
}

die() {
	echo "bench: $*" >&2
	exit 1
}

# --- the log -------------------------------------------------------------

# Rebuilt when the source changes (test -nt is not POSIX: a checksum is).
SRCSUM=$(cksum < "$HERE/genlog.c" | awk '{ print $1 "-" $2 }')
if [ ! -x "$OUT/genlog" ] || [ "$(cat "$OUT/genlog.sum" 2>/dev/null)" != "$SRCSUM" ]; then
	"$CC" -O2 -o "$OUT/genlog" "$HERE/genlog.c" ||
	    die "cannot build genlog with $CC"
	echo "$SRCSUM" > "$OUT/genlog.sum"
fi

LOG=$OUT/bench-${MB}mb.log
META=$OUT/bench-${MB}mb.meta

meta() {	# meta KEY: a key=value of genlog's summary line
	sed -n "s/^genlog: mb=.* $1=\([0-9]*\).*/\1/p" "$META"
}

reuse=0
if [ -f "$LOG" ] && [ -f "$META" ] &&
    [ "$(sed -n 's/^source //p' "$META")" = "$SRCSUM" ] &&
    [ "$(wc -c < "$LOG" | tr -d ' ')" = "$(meta bytes)" ]; then
	reuse=1
fi
if [ $reuse -eq 0 ]; then
	echo "bench: writing a ${MB} MiB ConfigMgr log to $LOG ..."
	rm -f "$LOG" "$META"
	{ echo "source $SRCSUM"; } > "$META.tmp"
	"$OUT/genlog" "$MB" > "$LOG.tmp" 2>> "$META.tmp" ||
	    die "genlog failed: $(cat "$META.tmp")"
	mv "$LOG.tmp" "$LOG" && mv "$META.tmp" "$META" || exit 1
else
	echo "bench: reusing $LOG"
fi
BYTES=$(meta bytes)
LINES=$(meta lines)
RECORDS=$(meta records)
ERRORS=$(meta errors)
if [ -z "$BYTES" ] || [ -z "$ERRORS" ]; then
	die "cannot read $META"
fi

# --- the patterns --------------------------------------------------------

# A UTF-8 locale for grep: the patterns hold curly quotes in brackets.
UTF8=$(locale -a 2>/dev/null | grep -i -E '^(C|en_US)\.utf-?8$' | head -n 1)
if [ -z "$UTF8" ]; then
	UTF8=C
	echo "bench: note: no UTF-8 locale; grep runs in C (byte) semantics"
fi

HAVE_RG=1
command -v rg > /dev/null 2>&1 || {
	HAVE_RG=0
	echo "bench: note: rg not found (apt-get install ripgrep): rg rows skipped"
}

g_grep() { LC_ALL=$UTF8 grep -E -i -c -f "$@"; }
g_rg() { rg --no-config -i -c -f "$@"; }
g_rgp() { rg --no-config -P -i -c -f "$@"; }

# accepts FUNC PATTERN-FILE: the tool compiles it and searches an empty file
# with no complaint.  The message, if any, is left in $OUT/accept.err.
accepts() {
	"$1" "$2" /dev/null > /dev/null 2> "$OUT/accept.err"
	[ $? -eq 1 ] && [ ! -s "$OUT/accept.err" ]
}

# derive TARGET FUNC NAME: writes $OUT/NAME.pat with every pattern the tool
# takes and prints what was left out and why.
derive() {
	LC_ALL=C awk -v target="$1" -f "$HERE/sig2re.awk" "$PATDIR"/*.sig \
	    > "$OUT/$3.tsv" || die "sig2re.awk failed for $1"
	: > "$OUT/$3.pat"
	: > "$OUT/$3.notes"
	n=0
	ok=0
	while IFS=$TAB read -r st id k rest; do
		case $st in
		OK)
			n=$((n + 1))
			printf '%s\n' "$rest" > "$OUT/one.pat"
			if accepts "$2" "$OUT/one.pat"; then
				printf '%s\n' "$rest" >> "$OUT/$3.pat"
				ok=$((ok + 1))
			else
				printf '  skipped %s #%s: refused by the tool: %s\n' \
				    "$id" "$k" "$(head -c 300 "$OUT/accept.err" | tr '\n' ' ')" \
				    >> "$OUT/$3.notes"
			fi
			;;
		SKIP)
			n=$((n + 1))
			printf '  skipped %s #%s: %s\n' "$id" "$k" "$rest" \
			    >> "$OUT/$3.notes"
			;;
		NOTE)
			printf '  note    %s #%s: %s\n' "$id" "$k" "$rest" \
			    >> "$OUT/$3.notes"
			;;
		esac
	done < "$OUT/$3.tsv"
	echo "$4: $ok of $n match patterns"
	cat "$OUT/$3.notes"
	if [ $ok -eq 0 ]; then
		broken "$4 takes none of the patterns"
	elif ! accepts "$2" "$OUT/$3.pat"; then
		broken "$4 refuses the combined pattern file $OUT/$3.pat: $(cat "$OUT/accept.err")"
	fi
}

echo
echo "== patterns from $PATDIR/*.sig"
derive ere g_grep grep "grep -E -i -f (LC_ALL=$UTF8)"
if [ $HAVE_RG -eq 1 ]; then
	derive rust g_rg rg "rg -i -f"
	derive pcre g_rgp rg-pcre2 "rg -P -i -f (PCRE2, patterns as written)"
fi

# What each line tool should count: genlog -x writes one failure record of a
# kind; a tool that matches it finds every record of that kind (each is one
# physical line).
expected() {	# expected FUNC PATTERN-FILE
	total=0
	while read -r kind _; do
		"$OUT/genlog" -x "$kind" > "$OUT/example.log" ||
		    die "genlog -x $kind failed"
		c=$("$1" "$2" "$OUT/example.log" 2> /dev/null)
		if [ "${c:-0}" -gt 0 ]; then
			c=$(sed -n "s/^genlog: kind $kind [^ ]* \([0-9]*\)$/\1/p" "$META")
			total=$((total + ${c:-0}))
		fi
	done < "$OUT/kinds"
	echo $total
}
"$OUT/genlog" -l > "$OUT/kinds" || die "genlog -l failed"

# --- timing --------------------------------------------------------------

t_sw_cm() { "$SW" scan --patterns "$PATDIR" --format configmgr --json --stats "$LOG"; }
t_sw_auto() { "$SW" scan --patterns "$PATDIR" --json --stats "$LOG"; }
t_grep() { g_grep "$OUT/grep.pat" "$LOG"; }
t_rg() { g_rg "$OUT/rg.pat" "$LOG"; }
t_rgp() { g_rgp "$OUT/rg-pcre2.pat" "$LOG"; }

# bench NAME FUNC: best wall time of RUNS runs into BEST; output of the last
# run in $OUT/NAME.out and .err.  Exit status 2 or more is a failure.
bench() {
	BEST=
	i=0
	while [ $i -lt "$RUNS" ]; do
		t0=$(date +%s.%N)
		"$2" > "$OUT/$1.out" 2> "$OUT/$1.err"
		rc=$?
		t1=$(date +%s.%N)
		if [ $rc -ge 2 ]; then
			broken "$1 exited $rc: $(head -c 500 "$OUT/$1.err")"
			BEST=
			return 1
		fi
		BEST=$(awk -v a="$t0" -v b="$t1" -v best="$BEST" 'BEGIN {
			t = b - a
			if (best != "" && best + 0 < t) t = best
			printf "%.3f", t }')
		i=$((i + 1))
	done
}

ROWS=$OUT/rows
: > "$ROWS"
row() {		# row TOOL SECONDS HITS EXPECTED
	printf '%s\t%s\t%s\t%s\n' "$1" "$2" "$3" "$4" >> "$ROWS"
}

echo
echo "== timing, best of $RUNS, $LOG warm in the page cache"
cat "$LOG" > /dev/null

sw_hits() {	# from the --stats line: "scan: N records, H hits, ..."
	sed -n 's/^scan: \([0-9]*\) records, \([0-9]*\) hits.*/\1 \2/p' "$OUT/$1.err"
}

SWCHECK=
for mode in cm auto; do
	name=sw-$mode
	if [ $mode = cm ]; then
		label="syncwatch scan --format configmgr"
	else
		label="syncwatch scan (auto)"
	fi
	echo "  $label"
	if bench "$name" "t_sw_$mode"; then
		read -r recs hits <<-EOF
		$(sw_hits "$name")
		EOF
		recs=${recs:-?}
		hits=${hits:-?}
		row "$label" "$BEST" "$hits" "$ERRORS"
		SWCHECK="$SWCHECK $name:$recs:$hits"
	else
		row "$label" "-" "error" "$ERRORS"
	fi
done

for t in grep rg rgp; do
	case $t in
	grep) label="grep -E -i -c -f"; pat="grep"; fn="g_grep" ;;
	rg) label="rg -i -c -f"; pat=rg; fn="g_rg" ;;
	rgp) label="rg -P -i -c -f (PCRE2)"; pat=rg-pcre2; fn="g_rgp" ;;
	esac
	[ $t = grep ] || [ $HAVE_RG -eq 1 ] || continue
	[ -s "$OUT/$pat.pat" ] || { row "$label" "-" "no patterns" "-"; continue; }
	echo "  $label"
	exp=$(expected "$fn" "$OUT/$pat.pat")
	if bench "$t" "t_$t"; then
		hits=$(head -n 1 "$OUT/$t.out")
		row "$label" "$BEST" "${hits:-0}" "$exp"
	else
		row "$label" "-" "error" "$exp"
	fi
done

# --- Hyperscan: the limit to beat -----------------------------------------
# tests/bench/hsbench.c, built only when libhs is there (Debian's
# libhyperscan-dev): the rg pattern file, single-threaded, one hs_scan per
# line (the semantics of rg -c, so it gets a row and an expected count) and
# one over the whole buffer (printed here only: a match may span lines).
# Patterns Hyperscan refuses are listed and left out.
HS_NOTE=
if [ $HAVE_RG -eq 0 ] || [ ! -s "$OUT/rg.pat" ]; then
	HS_NOTE="no rg pattern file: Hyperscan skipped"
elif ! pkg-config --exists libhs 2> /dev/null; then
	HS_NOTE="libhs not found (apt-get install libhyperscan-dev): Hyperscan skipped"
elif ! "$CC" -O2 -o "$OUT/hsbench" "$HERE/hsbench.c" \
    $(pkg-config --cflags --libs libhs); then
	broken "cannot build hsbench against libhs"
else
	label="hyperscan, per line (hsbench)"
	echo "  $label"
	g_hs() { "$OUT/hsbench" -c "$@"; }
	exp=$(expected g_hs "$OUT/rg.pat")
	if "$OUT/hsbench" -r "$RUNS" "$OUT/rg.pat" "$LOG" > "$OUT/hs.out" 2> "$OUT/hs.err"; then
		sed -n 's/^  refused/    hyperscan refused/p' "$OUT/hs.out"
		read -r s1 l1 <<-EOF
		$(sed -n 's/^hsbench: per line *\([0-9.]*\) s .* MB\/s *\([0-9]*\) lines/\1 \2/p' "$OUT/hs.out")
		EOF
		row "$label" "${s1:--}" "${l1:-error}" "$exp"
		HS_NOTE=$(sed -n 's/^hsbench: \(whole buffer.*\)/Hyperscan, \1 (one hs_scan over the file)/p' "$OUT/hs.out")
	else
		broken "hsbench failed: $(head -c 500 "$OUT/hs.err")"
		row "$label" "-" "error" "$exp"
	fi
fi

# --- the table -----------------------------------------------------------

echo
echo "== $(basename "$LOG"): $BYTES bytes ($MB MiB), $LINES lines, $RECORDS records, $ERRORS failures written"
echo "   $(grep -m 1 'model name' /proc/cpuinfo 2>/dev/null | sed 's/.*: //'), $(nproc 2>/dev/null) CPUs;" \
    "$(grep --version | head -n 1); $( [ $HAVE_RG -eq 1 ] && rg --version | head -n 1)"
awk -F '\t' -v bytes="$BYTES" -v lines="$LINES" '
BEGIN {
	printf "%-36s %8s %9s %12s %7s %9s\n", "tool", "seconds", "MB/s",
	    "lines/s", "hits", "expected"
}
{
	if ($2 == "-")
		printf "%-36s %8s %9s %12s %7s %9s\n", $1, "-", "-", "-", $3, $4
	else {
		s = $2 + 0
		if (s <= 0) s = 0.001
		printf "%-36s %8.3f %9.1f %12.0f %7s %9s%s\n", $1, s,
		    bytes / 1048576 / s, lines / s, $3, $4,
		    ($3 == $4 ? "" : "  <- differs")
	}
}' "$ROWS"
[ -n "$HS_NOTE" ] && echo "   $HS_NOTE"
echo "   hits: syncwatch counts (record, signature) hits; grep and rg count matching lines."
echo "   expected for grep/rg: failure lines of the kinds their translated patterns catch"
echo "   (patterns listed as skipped above are missing there; a difference is a translation"
echo "   matter, not a syncwatch one)."

# --- the checks ----------------------------------------------------------

echo
echo "== checks"
# genlog's count per signature id
awk '$1 == "genlog:" && $2 == "kind" { n[$4] += $5 }
    END { for (s in n) if (n[s] > 0) print s, n[s] }' "$META" | sort > "$OUT/want.sigs"
for c in $SWCHECK; do
	name=${c%%:*}
	rest=${c#*:}
	recs=${rest%%:*}
	hits=${rest#*:}
	if [ "$hits" != "$ERRORS" ]; then
		echo "*** MISMATCH *** $name: syncwatch reported $hits hits, genlog wrote $ERRORS failures"
		FAILED=1
	else
		echo "ok   $name: $hits hits = $ERRORS failures written"
	fi
	# Hit objects only: the incident objects after them start with "incident".
	sed -n 's/^{"signature":"\([^"]*\)".*/\1/p' "$OUT/$name.out" |
	    sort | uniq -c | awk '{ print $2, $1 }' > "$OUT/got.sigs"
	if ! cmp -s "$OUT/want.sigs" "$OUT/got.sigs"; then
		echo "*** MISMATCH *** $name: hits per signature differ (want | got):"
		join -a 1 -a 2 -e 0 -o 0,1.2,2.2 "$OUT/want.sigs" "$OUT/got.sigs" |
		    awk '{ printf "      %-45s %6s | %s%s\n", $1, $2, $3, ($2 == $3 ? "" : "   <-") }'
		FAILED=1
	else
		echo "ok   $name: hits per signature match genlog"
	fi
	if [ "$recs" != "$RECORDS" ]; then
		echo "*** MISMATCH *** $name: syncwatch saw $recs records, genlog wrote $RECORDS"
		FAILED=1
	else
		echo "ok   $name: $recs records = $RECORDS written"
	fi
done
[ -n "$SWCHECK" ] || { echo "*** syncwatch did not run ***"; FAILED=1; }

# --- the prefilter alone ---------------------------------------------------
# tests/bench/pfbench.c, linked against the objects of the build (make bench
# has just built them): prefilter_scan over the records of the first
# BENCH_PF_MB MiB of the log (default 64) for every path, on the catalog's
# literal set; then synthetic sets of 8..400 literals over the first
# BENCH_PF_SYNTH_MB MiB (default 8; 0 skips them), the Teddy/DFA crossover.
PF_MB=${BENCH_PF_MB:-64}
PF_SYNTH_MB=${BENCH_PF_SYNTH_MB:-8}
OBJ=$ROOT/${OBJDIR:-build}
PF_OBJS=$(find "$OBJ" -name '*.o' ! -path "$OBJ/tests/*" ! -path "$OBJ/win/*" ! -name main.o 2> /dev/null)
echo
echo "== the prefilter alone (tests/bench/pfbench.c)"
if [ -z "$PF_OBJS" ]; then
	echo "bench: note: no objects in $OBJ (run make first): pfbench skipped"
elif ! "$CC" -O2 -D_GNU_SOURCE -I"$ROOT/daemon" -o "$OUT/pfbench" \
    "$HERE/pfbench.c" $PF_OBJS \
    $(pkg-config --libs libpcre2-8 sqlite3 libmicrohttpd jansson inih) \
    -lm -pthread; then
	broken "cannot build pfbench"
else
	"$OUT/pfbench" -m "$PF_MB" -r "$RUNS" "$LOG" "$PATDIR" ||
	    broken "pfbench: the paths disagree (see above)"
	if [ "$PF_SYNTH_MB" -gt 0 ]; then
		"$OUT/pfbench" -m "$PF_SYNTH_MB" -r "$RUNS" -s "$LOG" "$PATDIR" |
		    sed -n '/^synthetic/,$p' | grep -v '^  estimate'
	fi
fi

if [ $FAILED -ne 0 ]; then
	echo "bench: FAILED (see above; outputs in $OUT)"
	exit 1
fi
echo "bench: done"
exit 0
