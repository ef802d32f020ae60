# The same log in UTF-16LE, UTF-16BE and UTF-8 with BOM gives the same hits.
set -eu
. "$(dirname "$0")/../lib.sh"

{
	cm_record "Received instruction from site S02 – naïve ünïcödé"
	cm_record "Cannot find a public key for instruction C:\\PROGRA~1\\SMS\\inboxes\\despoolr.box\\receive\\00000042.ins incoming from site S02, retry it later"
	cm_record "Cannot connect to server SEC01 at remote site S02, won't try send requests going to site S02 for an hour or until there are no active send requests." SMS_LAN_SENDER
} > "$tmp/utf8.log"
"$prog" scan --patterns "$patterns" --json "$tmp/utf8.log" > "$tmp/all" || [ $? -eq 1 ]
# Hits, then the incidents: compare both, without the file name.
jq -c 'select(has("incident") | not)' "$tmp/all" > "$tmp/want"
[ "$(wc -l < "$tmp/want")" -eq 2 ] || fail "expected 2 hits in UTF-8: $(cat "$tmp/want")"
for enc in UTF-16LE UTF-16BE; do
	{
		if [ $enc = UTF-16LE ]; then printf '\377\376'; else printf '\376\377'; fi
		iconv -f UTF-8 -t $enc "$tmp/utf8.log"
	} > "$tmp/$enc.log"
	"$prog" scan --patterns "$patterns" --json "$tmp/$enc.log" > "$tmp/got" || [ $? -eq 1 ]
	jq -c 'del(.file, .source)' "$tmp/all" > "$tmp/a"
	jq -c 'del(.file, .source)' "$tmp/got" > "$tmp/b"
	cmp -s "$tmp/a" "$tmp/b" || fail "$enc differs: $(cat "$tmp/b")"
done
