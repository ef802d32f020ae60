#!/bin/bash
# The Windows tests under wine64 (make windows-check; README.md here):
#   1. a private wine prefix, build/win/wineprefix-test, booted once
#      (wineboot --init, then wineserver -w: services created before the
#      boot's server has exited are not seen by the SCM);
#   2. the Check suites, build/win/check_syncwatch.exe (CK_FORK=no: no fork
#      on Windows), each check counted;
#   3. every integration script tests/win/*.sh but lib.sh and run.sh, each
#      with a fresh scratch directory, counted by script.
# Prints the time of each step and ends with "N passed, N failed" (checks
# plus scripts); exits 1 if anything failed.
#
#   bash tests/win/run.sh [--unit-only | --integration-only] [SCRIPT...]
#   WIN_FRESH_PREFIX=1   delete and re-create the prefix first
#   WIN_KEEP=1           keep every scratch directory (failed ones are kept)
set -u
here=$(cd "$(dirname "$0")" && pwd)
top=$(cd "$here/../.." && pwd)
cd "$top"

: "${WIN_WINE:=$(command -v /usr/lib/wine/wine64 || command -v wine64 || echo wine)}"
export WIN_WINE
export WINEPREFIX=$top/build/win/wineprefix-test
export WINEDEBUG=-all WINEDLLOVERRIDES="mscoree,mshtml=" WINELOADER=$WIN_WINE
unset DISPLAY WAYLAND_DISPLAY
wineserver=$(dirname "$WIN_WINE")/wineserver
[ -x "$wineserver" ] || wineserver=wineserver

unit=1
integ=1
case ${1:-} in
--unit-only) integ=0; shift ;;
--integration-only) unit=0; shift ;;
esac

now_ms() {
	date +%s%3N
}
secs() {
	awk -v ms="$1" 'BEGIN { printf "%5.1f s", ms / 1000 }'
}
t_all=$(now_ms)
passed=0
failed=0

for f in build/win/syncwatch.exe build/win/check_syncwatch.exe build/win/logwriter.exe; do
	[ -e "$f" ] || { echo "windows: no $f (make windows-test-exes)" >&2; exit 2; }
done

# --- 1. The prefix.
t=$(now_ms)
if [ "${WIN_FRESH_PREFIX:-0}" = 1 ]; then
	"$wineserver" -k > /dev/null 2>&1
	rm -rf "$WINEPREFIX"
fi
if [ ! -e "$WINEPREFIX/system.reg" ]; then
	mkdir -p "$(dirname "$WINEPREFIX")"
	"$WIN_WINE" wineboot --init > /dev/null 2>&1
	"$wineserver" -w
	[ -e "$WINEPREFIX/system.reg" ] || { echo "windows: wineboot failed" >&2; exit 2; }
	echo "$(secs $(( $(now_ms) - t )))  wine prefix created"
else
	echo "$(secs $(( $(now_ms) - t )))  wine prefix (kept)"
fi
# One wineserver for the whole run (each program would start its own).
# (Its output goes nowhere: killed with clients left, it dumps its objects.)
"$wineserver" -p > /dev/null 2>&1
trap '"$wineserver" -k > /dev/null 2>&1' EXIT

# --- 2. The Check suites.
if [ "$unit" = 1 ]; then
	t=$(now_ms)
	out=$(mktemp)
	CK_FORK=no SYNCWATCH_SRCDIR="Z:$(printf '%s' "$top" | tr / '\\')" \
	    "$WIN_WINE" build/win/check_syncwatch.exe > "$out" 2>&1
	rc=$?
	summary=$(grep -E '^[0-9]+%: Checks: ' "$out" | tail -1)
	n=$(printf '%s' "$summary" | sed -E 's/.*Checks: ([0-9]+).*/\1/')
	nf=$(printf '%s' "$summary" | sed -E 's/.*Failures: ([0-9]+), Errors: ([0-9]+).*/\1 + \2/')
	if [ -z "$summary" ]; then
		sed 's/^/    /' "$out" | tail -40
		echo "$(secs $(( $(now_ms) - t )))  FAIL: check_syncwatch.exe (exit $rc, no summary)"
		failed=$((failed + 1))
	else
		nf=$((nf))
		grep -E ':[0-9]+:[FE]:' "$out" | sed 's/^/    /'
		[ "$rc" -eq 0 ] || [ "$nf" -gt 0 ] || nf=1	# failed without saying
		passed=$((passed + n - nf))
		failed=$((failed + nf))
		echo "$(secs $(( $(now_ms) - t )))  unit: $summary"
	fi
	rm -f "$out"
fi

# --- 3. The integration scripts.
if [ "$integ" = 1 ]; then
	if [ $# -gt 0 ]; then
		scripts=("$@")
	else
		scripts=()
		for s in "$here"/*.sh; do
			case $(basename "$s") in
			lib.sh | run.sh) ;;
			*) scripts+=("$s") ;;
			esac
		done
	fi
	for s in "${scripts[@]}"; do
		[ -e "$s" ] || s=$here/$s
		name=$(basename "$s")
		scratch=$(mktemp -d "${TMPDIR:-/tmp}/syncwatch-win.${name%.sh}.XXXXXX")
		t=$(now_ms)
		# The installer's round trip takes the MSI (make msi), and
		# keeps its own wine prefix.
		arg=$scratch
		[ "$name" != msi.sh ] || arg=${WIN_MSI:?WIN_MSI: the MSI to test}
		if bash "$s" "$arg" > "$scratch.out" 2>&1; then
			passed=$((passed + 1))
			echo "$(secs $(( $(now_ms) - t )))  PASS: $name"
			[ "${WIN_KEEP:-0}" = 1 ] || rm -rf "$scratch" "$scratch.out"
		else
			failed=$((failed + 1))
			echo "$(secs $(( $(now_ms) - t )))  FAIL: $name (kept: $scratch)"
			sed 's/^/    /' "$scratch.out"
		fi
	done
fi

echo "$(secs $(( $(now_ms) - t_all )))  windows tests under $("$WIN_WINE" --version 2>/dev/null)"
echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
