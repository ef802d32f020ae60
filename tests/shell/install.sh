# make install honours PREFIX and DESTDIR and installs the patterns and
# their samples.
set -eu
. "$(dirname "$0")/../lib.sh"

make -s -C "$top" install DESTDIR="$tmp/root" PREFIX=/opt/sw > "$tmp/make.out" 2>&1 ||
    { cat "$tmp/make.out"; fail "make install"; }
[ -x "$tmp/root/opt/sw/bin/syncwatch" ] || fail "binary not installed"
[ -f "$tmp/root/opt/sw/share/syncwatch/patterns/configmgr.sig" ] || fail "patterns not installed"
ls "$tmp/root/opt/sw/share/syncwatch/patterns/samples/" | grep -q . || fail "samples not installed"
[ -f "$tmp/root/opt/sw/share/syncwatch/web/dashboard.js" ] || fail "web assets not installed"
cmp "$tmp/root/opt/sw/share/syncwatch/prometheus/syncwatch-rules.yml" \
    "$top/packaging/prometheus/syncwatch-rules.yml" || fail "the Prometheus rules not installed"
[ -f "$tmp/root/opt/sw/share/man/man8/syncwatch.8" ] || fail "syncwatch(8) not installed"
[ -f "$tmp/root/opt/sw/share/man/man5/syncwatch.sig.5" ] || fail "syncwatch.sig(5) not installed"
make -s -C "$top" uninstall DESTDIR="$tmp/root" PREFIX=/opt/sw > "$tmp/make.out" 2>&1 ||
    { cat "$tmp/make.out"; fail "make uninstall"; }
[ ! -e "$tmp/root/opt/sw/bin/syncwatch" ] || fail "uninstall left the binary"
[ ! -e "$tmp/root/opt/sw/share/man/man8/syncwatch.8" ] || fail "uninstall left a man page"
