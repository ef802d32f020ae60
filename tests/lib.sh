# Helpers for the shell tests; sourced, not run.  $prog is the syncwatch
# binary, $tmp a scratch directory, $top the source tree.
prog=$1
tmp=$2
top=$(cd "$(dirname "$0")/../.." && pwd)
patterns=$top/patterns

fail() {
	echo "FAIL: $*" >&2
	exit 1
}

# expect_status WANT CMD...: run CMD, fail unless its exit status is WANT.
expect_status() {
	want=$1
	shift
	set +e
	"$@" > "$tmp/out" 2> "$tmp/err"
	got=$?
	set -e
	[ "$got" -eq "$want" ] || {
		cat "$tmp/out" "$tmp/err" >&2
		fail "exit status $got, expected $want: $*"
	}
}

# CRLF ConfigMgr record with a generation-C trailer.
cm_record() {
	printf '%s~  $$<%s><08-22-2016 04:15:01.917+420><thread=2316 (0x90C)>\r\n' "$1" "${2:-SMS_DESPOOLER}"
}
