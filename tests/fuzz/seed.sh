#!/bin/sh
# tests/fuzz/seed.sh — make the starting inputs of each harness from the
# tree, in BUILD/seeds/HARNESS/; `make fuzz-merge` then keeps the ones that
# add coverage in tests/fuzz/corpus/.  Run it again (then fuzz-merge) when
# the samples, signatures or example configuration change a lot.
#
#   decode  every sample log (its first 12 KiB, cut at a line), as its own
#           format and as auto, and re-encoded: UTF-16LE with a BOM,
#           UTF-16BE without, UTF-8 with a BOM, CRLF; a record cut small;
#           read with its "#>" annotations as the sample harness does
#   sig     every signature of patterns/*.sig on its own, syncwatch.sig whole
#   config  packaging/syncwatch.conf and small configurations of each kind
#   http    a request for every route, a POST with a token, a chunked body
#
# A decode input starts with four bytes of options (tests/fuzz/fuzz-decode.c).
set -eu
cd "$(dirname "$0")/../.."
out=${1:-build-fuzz}/seeds
rm -rf "$out"
mkdir -p "$out/decode" "$out/sig" "$out/config" "$out/http"

# Options byte for a sample, from its name: the format it is written in.
fmt_byte() {
	case $1 in
	*cmtrace*)		echo 002 ;;
	*eventlog*|*plain*)	echo 005 ;;
	configmgr-*)		echo 001 ;;
	*entlib*)		echo 004 ;;
	episerver-*|*log4net*)	echo 003 ;;
	*)			echo 000 ;;
	esac
}

# seed OUT OCTAL: the options byte, three seed bytes, then standard input.
seed() {
	{ printf "\\$2"; printf '\001\002\003'; cat; } > "$1"
}

for f in patterns/samples/*.log patterns/samples/*.txt; do
	b=$(basename "$f")
	head -c 12288 "$f" | sed '$d' > "$out/head.tmp"
	fb=$(fmt_byte "$b")
	seed "$out/decode/$b" "$fb" < "$out/head.tmp"
	[ "$fb" = 000 ] || seed "$out/decode/$b.auto" 000 < "$out/head.tmp"
	if iconv -f UTF-8 -t UTF-8 "$out/head.tmp" > /dev/null 2>&1; then
		{ printf '\377\376'; iconv -f UTF-8 -t UTF-16LE \
		    "$out/head.tmp"; } | seed "$out/decode/$b.u16le" 000
		iconv -f UTF-8 -t UTF-16BE "$out/head.tmp" |
		    seed "$out/decode/$b.u16be" 000
		{ printf '\357\273\277'; cat "$out/head.tmp"; } |
		    seed "$out/decode/$b.bom" "$fb"
	fi
	sed 's/$/\r/' "$out/head.tmp" | seed "$out/decode/$b.crlf" "$fb"
	# As the sample harness reads it (top bit of byte 1): "#>" lines.
	{ printf "\\$fb"; printf '\201\002\003'; cat "$out/head.tmp"; } \
	    > "$out/decode/$b.ann"
	# max_record 1024 (bits 3-4 = 01): records and lines are cut.
	seed "$out/decode/$b.cut" "$(printf '%03o' $((0$fb + 010)))" \
	    < "$out/head.tmp"
done
rm -f "$out/head.tmp"

for f in patterns/*.sig; do
	awk -v dir="$out/sig" -v base="$(basename "$f" .sig)" '
	    /^\[/ { n++ }
	    n > 0 { print > (dir "/" base "-" n ".sig") }' "$f"
done
cp patterns/syncwatch.sig "$out/sig/whole-syncwatch.sig"
# Small ones, each with a line its pattern matches: what the matcher checks.
printf '[t.simple]\ntitle = t\nproduct = p\nseverity = error\nmatch = disk (?<what>full)\nunless = retry\nmeaning = m\nfix = f\n# disk full\n' \
    > "$out/sig/simple.sig"
printf '[t.a]\ntitle = a\nproduct = p\nseverity = warning\nformats = plain log4net\nmatch = cannot\\s+connect to (?<site>\\w+)\nrecover = connected to\ngroup_by = site\nthreshold = 3 within 10m\nescalate = error after 5 hits\nmeaning = m\nfix = f\n[t.b]\ntitle = b\nproduct = p\nseverity = error\nmatch = cannot connect\nsupersedes = t.a\nthen = gave up\nwithin = 1h\nmeaning = m\nfix = f\n# cannot connect to S01\n# connected to S01\n' \
    > "$out/sig/rules.sig"

cp packaging/syncwatch.conf "$out/config/example.conf"
printf '[daemon]\nstate_dir = /tmp/sw\nlisten = off\n\n[source a]\npath = /tmp/a.log\nformat = plain\n' \
    > "$out/config/minimal.conf"
printf '[source s]\npath = /tmp/*.log\nformat = cmtrace\nstart_at = beginning\nwatch = poll\npoll_interval = 250ms\ntimezone = -300\nquiet = 500ms\nmax_record = 4096\nexpect_every = 3h\nmissing_after = 5m\nproduct = configmgr\n' \
    > "$out/config/source.conf"
printf '[inbox box]\npath = /tmp\nsignature = configmgr.despool.receive-backlog\nfiles = *.ins *.ist\nmax_files = 50\nmax_age = 2h\nwatch = poll\npoll_interval = 30s\n' \
    > "$out/config/inbox.conf"
printf '; comment\n[daemon]\nretention_days = 7 # seven\nsamples_per_incident = 3\napi_tokens =\n[source x]\npath=/tmp/x\n[source x]\npath=/tmp/y\n[bogus]\nk=v\nno equals here\n' \
    > "$out/config/errors.conf"

req() {
	printf '%b' "$2" > "$out/http/$1"
}
req get-root 'GET / HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n'
req get-status 'GET /api/v1/status HTTP/1.1\r\nHost: x\r\n\r\n'
req get-incidents 'GET /api/v1/incidents?state=open&severity=critical&product=configmgr&limit=5&offset=1 HTTP/1.1\r\nHost: x\r\n\r\n'
req get-incident 'GET /api/v1/incidents/1 HTTP/1.0\r\n\r\n'
req get-incident-page 'GET /incidents/1 HTTP/1.1\r\nHost: x\r\nAccept: text/html\r\n\r\n'
req get-signatures 'GET /api/v1/signatures HTTP/1.1\r\nHost: x\r\n\r\n'
req get-sources 'GET /api/v1/sources HTTP/1.1\r\nHost: x\r\n\r\n'
req get-healthz 'GET /healthz HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n'
req get-metrics 'GET /metrics HTTP/1.1\r\nHost: x\r\n\r\n'
req get-static 'GET /static/dashboard.js HTTP/1.1\r\nHost: x\r\n\r\n'
req head-root 'HEAD / HTTP/1.1\r\nHost: x\r\n\r\n'
req escaped 'GET /api/v1/incidents%2F1?x=%41%zz HTTP/1.1\r\nHost: x\r\n\r\n'
req post-ack 'POST /api/v1/incidents/1/ack HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer fuzz-token-0123456789abcdef\r\nContent-Length: 0\r\n\r\n'
req post-form 'POST /incidents/1/resolve HTTP/1.1\r\nHost: x\r\nContent-Type: application/x-www-form-urlencoded\r\nContent-Length: 37\r\n\r\ntoken=fuzz-token-0123456789abcdef&x=1'
req post-reload 'POST /api/v1/reload HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer wrong\r\nContent-Length: 2\r\n\r\n{}'
req post-chunked 'POST /api/v1/incidents/1/resolve HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n5\r\nhello\r\n0\r\n\r\n'
req method 'PUT /api/v1/status HTTP/1.1\r\nHost: x\r\n\r\n'
req two 'GET /healthz HTTP/1.1\r\nHost: x\r\n\r\nGET /metrics HTTP/1.1\r\nHost: x\r\n\r\n'
echo "seeds in $out: $(ls "$out/decode" | wc -l) decode, $(ls "$out/sig" | wc -l) sig, $(ls "$out/config" | wc -l) config, $(ls "$out/http" | wc -l) http"
