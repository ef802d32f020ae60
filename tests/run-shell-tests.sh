#!/bin/sh
# Runs every tests/shell/*.sh against the built program and prints a summary
# line ("N passed, N failed") that CI reads.  Each test gets the program path
# as $1 and a fresh scratch directory as $2.
set -u
prog=$(cd "$(dirname "$1")" && pwd)/$(basename "$1")
here=$(cd "$(dirname "$0")" && pwd)
pass=0
fail=0
for t in "$here"/shell/*.sh; do
	[ -e "$t" ] || continue
	scratch=$(mktemp -d)
	if sh "$t" "$prog" "$scratch" > "$scratch.out" 2>&1; then
		pass=$((pass + 1))
		echo "PASS: $(basename "$t")"
	else
		fail=$((fail + 1))
		echo "FAIL: $(basename "$t")"
		sed 's/^/    /' "$scratch.out"
	fi
	rm -rf "$scratch" "$scratch.out"
done
echo "shell: $pass passed, $fail failed"
[ "$fail" -eq 0 ]
