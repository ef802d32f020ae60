# README.md's catalog table is generated from patterns/: it must match.
set -eu
. "$(dirname "$0")/../lib.sh"
sh "$top/packaging/readme-catalog.sh" "$prog" "$top/README.md" --check
# and it lists every signature id
for id in $("$prog" signatures --patterns "$patterns" --json | jq -r .id); do
	grep -q "\`$id\`" "$top/README.md" || fail "$id missing from README.md"
done
