#!/bin/sh
# Rewrite the catalog table in README.md (between the catalog:begin and
# catalog:end markers) from the signatures.  With --check, change nothing
# and exit 1 if the table is out of date.
set -eu
prog=$1
readme=$2
check=${3:-}
top=$(cd "$(dirname "$0")/.." && pwd)
tmp=$(mktemp)
trap 'rm -f "$tmp" "$tmp.table"' EXIT
"$prog" signatures --patterns "$top/patterns" --markdown > "$tmp.table"
awk -v table="$tmp.table" '
	/<!-- catalog:begin -->/ { print; while ((getline l < table) > 0) print l; skip = 1; next }
	/<!-- catalog:end -->/ { skip = 0 }
	!skip { print }
' "$readme" > "$tmp"
if [ "$check" = --check ]; then
	if ! cmp -s "$tmp" "$readme"; then
		echo "readme-catalog: $readme's catalog table is out of date; run make readme" >&2
		diff "$readme" "$tmp" >&2 || true
		exit 1
	fi
	exit 0
fi
cat "$tmp" > "$readme"
