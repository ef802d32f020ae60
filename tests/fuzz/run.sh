#!/bin/sh
# tests/fuzz/run.sh — run or merge the libFuzzer harnesses (make fuzz,
# make fuzz-merge; see fuzz.mk).
#
#   run.sh run   BUILD SECONDS HARNESS...   each harness, one after the
#                                           other, for SECONDS
#   run.sh merge BUILD 0 HARNESS...         minimize the tree's corpus with
#                                           what the runs found
#   run.sh cov   BUILD 0 HARNESS...         line coverage of the layers the
#                                           harnesses are for, by the tree's
#                                           corpora and regression inputs
#
# A run reads the tree's seed corpus (tests/fuzz/corpus/H) and regression
# inputs (tests/fuzz/regress/H) and writes what it finds to BUILD/corpus/H,
# never to the tree; its output goes to BUILD/fuzz-H.log and one summary
# line is printed.  A crash leaves BUILD/crash-H-* and fails the run: copy
# that file into tests/fuzz/regress/H/ with the fix, so that make check
# replays it from then on.  Only one fuzzer runs at a time.
set -eu
cd "$(dirname "$0")/../.."

mode=$1 build=$2 secs=$3
shift 3

# Per harness: the largest input worth trying (larger ones are slower
# without reaching further) and the time one input may take.
flags() {
	case $1 in
	decode) echo "-max_len=16384 -timeout=10" ;;
	sig)    echo "-max_len=8192 -timeout=10" ;;
	config) echo "-max_len=4096 -timeout=10" ;;
	http)   echo "-max_len=4096 -timeout=10" ;;
	esac
}

# What the tree keeps: one input per edge covered (no hit counts), each cut
# to this many bytes, so that the seed corpora stay a few hundred KB.
merge_len() {
	case $1 in
	sig)    echo 4096 ;;
	*)      echo 2048 ;;
	esac
}

symbolizer=$(command -v llvm-symbolizer-14 || command -v llvm-symbolizer ||
    true)
if [ -n "$symbolizer" ]; then
	ASAN_SYMBOLIZER_PATH=$symbolizer
	export ASAN_SYMBOLIZER_PATH
fi
UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1
export UBSAN_OPTIONS

failed=""
for h in "$@"; do
	bin=$build/fuzz-$h
	dict=""
	[ -f "tests/fuzz/dict/$h.dict" ] && dict="-dict=tests/fuzz/dict/$h.dict"
	mkdir -p "$build/corpus/$h" "tests/fuzz/corpus/$h" "tests/fuzz/regress/$h"
	case $mode in
	run)
		log=$build/fuzz-$h.log
		# shellcheck disable=SC2046,SC2086
		if "$bin" -max_total_time="$secs" -print_final_stats=1 \
		    -artifact_prefix="$build/crash-$h-" $dict $(flags "$h") \
		    "$build/corpus/$h" "tests/fuzz/corpus/$h" \
		    "tests/fuzz/regress/$h" > "$log" 2>&1; then
			status=ok
		else
			status=FAILED
			failed="$failed $h"
		fi
		awk -v h="$h" -v s="$status" '
		    /^#[0-9]+/ { for (i = 1; i <= NF; i++) {
			if ($i == "cov:") cov = $(i + 1)
			if ($i == "ft:") ft = $(i + 1)
			if ($i == "corp:") corp = $(i + 1) } }
		    /stat::number_of_executed_units/ { runs = $2 }
		    /stat::average_exec_per_sec/ { rate = $2 }
		    /stat::peak_rss_mb/ { rss = $2 }
		    END { printf "fuzz %s: %s runs, %s/s, cov %s, ft %s, " \
			"corpus %s, peak RSS %s MB: %s\n", h, runs, rate, cov,
			ft, corp, rss, s }' "$log"
		if [ "$status" != ok ]; then
			grep -v '^#[0-9]' "$log" | tail -60 | sed 's/^/    /'
			ls "$build"/crash-"$h"-* 2>/dev/null | sed \
			    's/^/    input: /' || true
		fi
		;;
	merge)
		new=$build/merge-$h
		rm -rf "$new"
		mkdir -p "$new"
		# shellcheck disable=SC2046
		"$bin" -merge=1 -use_counters=0 -max_len="$(merge_len "$h")" \
		    "$new" "tests/fuzz/corpus/$h" \
		    "$build/corpus/$h" $(ls -d "$build/seeds/$h" 2>/dev/null) \
		    > "$build/merge-$h.log" 2>&1 ||
		    { tail -20 "$build/merge-$h.log"; exit 1; }
		rm -rf "tests/fuzz/corpus/$h"
		mv "$new" "tests/fuzz/corpus/$h"
		echo "fuzz-merge $h: $(ls "tests/fuzz/corpus/$h" | wc -l)" \
		    "inputs, $(cat "tests/fuzz/corpus/$h"/* | wc -c) bytes"
		;;
	cov)
		rm -f "$build/cov/$h.profraw"
		LLVM_PROFILE_FILE=$build/cov/$h.profraw "$build/cov/replay-$h" \
		    "tests/fuzz/corpus/$h" "tests/fuzz/regress/$h"
		;;
	esac
done
if [ "$mode" = cov ]; then
	profdata=$(command -v llvm-profdata-14 || command -v llvm-profdata)
	llvmcov=$(command -v llvm-cov-14 || command -v llvm-cov)
	"$profdata" merge -o "$build/cov/all.profdata" "$build"/cov/*.profraw
	first=$build/cov/replay-$1
	shift
	objs=""
	for h in "$@"; do
		objs="$objs -object $build/cov/replay-$h"
	done
	# shellcheck disable=SC2086
	"$llvmcov" report "$first" $objs \
	    -instr-profile="$build/cov/all.profdata" \
	    daemon/decode daemon/match daemon/conf daemon/http |
	    awk '/^[a-z]+\/[a-z0-9-]+\.c |^TOTAL/ { printf "%-32s lines %7s of %5s   " \
		"regions %7s\n", $1, $10, $8, $4 }'
fi
[ -z "$failed" ] || { echo "fuzz: failed:$failed" >&2; exit 1; }
