#!/bin/sh
# msi.sh EXE OUT.msi [VERSION] — build the Windows installer ("make msi").
#
# Lays out build/win/msi/stage (the exe, the example configuration and the
# docs with CRLF line ends, the dashboard assets), lists patterns/ with
# wixl-heat, builds packaging/windows/syncwatch.wxs with wixl, then marks
# the ConfigFile component NeverOverwrite and Permanent with msibuild
# (wixl 0.101 has no attribute for either).  VERSION defaults to
# daemon/version.h's; the MSI's ProductVersion is its numeric part.
#
# Tools: Debian's wixl and msitools, groff-base for the man pages as text.
# As root, the missing ones are installed; otherwise they are named.
set -eu

exe=$1
out=$2
version=${3:-$(sed -n 's/^#define SYNCWATCH_VERSION "\(.*\)"/\1/p' daemon/version.h)}
msiver=$(printf '%s\n' "$version" | sed 's/^\([0-9][0-9.]*[0-9]\).*/\1/')
stage=build/win/msi/stage
gen=build/win/msi

# --- tools
missing=""
for p in wixl msitools groff-base; do
	dpkg-query -W -f='${Status}' "$p" 2>/dev/null |
	    grep -q "install ok installed" || missing="$missing $p"
done
if [ -n "$missing" ]; then
	if [ "$(id -u)" -eq 0 ]; then
		echo "msi: installing:$missing" >&2
		export DEBIAN_FRONTEND=noninteractive
		apt-get update -q
		# shellcheck disable=SC2086
		apt-get install -y -q --no-install-recommends $missing
	else
		echo "msi: missing Debian packages:$missing (as root: apt-get" \
		    "install --no-install-recommends$missing)" >&2
		exit 1
	fi
fi

# --- stage
crlf() { sed 's/\r*$/\r/' "$1" > "$2"; }
man2txt() { groff -mandoc -Tascii -P-bcou "$1" 2>/dev/null | sed 's/\r*$/\r/' > "$2"; }
rm -rf "$stage"
mkdir -p "$stage/web" "$stage/docs" "$stage/patterns/samples"
cp "$exe" "$stage/syncwatch.exe"
crlf packaging/windows/syncwatch.conf "$stage/syncwatch.conf"
cp web/*.js web/*.css "$stage/web/"
crlf README.md "$stage/docs/README.md"
crlf docs/windows-checklist.md "$stage/docs/windows-checklist.md"
crlf docs/http.md "$stage/docs/http.md"
crlf patterns/README.md "$stage/docs/signatures.md"
man2txt man/syncwatch.8 "$stage/docs/syncwatch.8.txt"
man2txt man/syncwatch.conf.5 "$stage/docs/syncwatch.conf.5.txt"
man2txt man/syncwatch.sig.5 "$stage/docs/syncwatch.sig.5.txt"
# Signatures and samples are read as they are (the loader takes CRLF or LF;
# the samples' bytes are what their tests expect).
cp patterns/*.sig "$stage/patterns/"
cp patterns/samples/* "$stage/patterns/samples/"

# --- patterns\ as a fragment: one component per file, its GUID made from
# its path, so an upgrade replaces the same components.
(cd "$stage" && find patterns -type f | LC_ALL=C sort) |
    wixl-heat -p patterns/ --directory-ref PATTERNSDIR \
	--component-group Patterns --var var.PatternsDir --win64 \
    > "$gen/patterns.wxs"

# --- build, then the two component attributes wixl cannot write:
# 256 (64-bit) + 128 (NeverOverwrite) + 16 (Permanent).
rm -f "$out.tmp"
wixl -a x64 -D Version="$msiver" -D Stage="$stage" -D Win64=yes \
    -D PatternsDir="$stage/patterns" \
    -o "$out.tmp" packaging/windows/syncwatch.wxs "$gen/patterns.wxs"
msibuild "$out.tmp" -q "UPDATE \`Component\` SET \`Attributes\` = 400 WHERE \`Component\` = 'ConfigFile'"
attr=$(msiinfo export "$out.tmp" Component | awk -F'\t' '$1 == "ConfigFile" { print $4 }')
if [ "$attr" != 400 ]; then
	echo "msi: ConfigFile's attributes are '$attr', not 400" >&2
	exit 1
fi
mv "$out.tmp" "$out"
echo "msi: $out (ProductVersion $msiver, $(wc -c < "$out") bytes)"
