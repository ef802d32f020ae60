#!/bin/sh
# The Debian package, end to end: build it with dpkg-buildpackage, check what
# it ships, then install it into a throwaway Debian 12 root (a debootstrap
# chroot; apt resolves its Depends there), run it, purge it and check that
# nothing is left.  Prints "package: N passed, N failed" last; exit status 0
# only when nothing failed.
#
# Run as root from anywhere in the tree, on a Debian 12 machine with network
# access to the Debian archive.  Missing tools (dpkg-dev, debhelper,
# debootstrap) and Build-Depends are installed first.  The build's outputs
# are moved out of the parent directory into a scratch directory, and the
# source tree is cleaned afterwards ("debian/rules clean"), so later CI steps
# see the tree as it was.
#
# Environment:
#   SYNCWATCH_MIRROR      Debian mirror (default http://deb.debian.org/debian)
#   SYNCWATCH_ROOT_CACHE  tarball of the minbase root, made on the first run
#                         and reused (default
#                         /var/cache/syncwatch-package-test/bookworm-minbase.tar.gz;
#                         empty: no cache)
#   SYNCWATCH_PACKAGE_OUT copy the built .deb files into this directory
#   SYNCWATCH_ON_HOST=1   skip the chroot and install on this machine (also
#                         the fallback when debootstrap fails) — only on a
#                         throwaway machine
set -u

top=$(cd "$(dirname "$0")/.." && pwd)
cd "$top" || exit 2
mirror=${SYNCWATCH_MIRROR:-http://deb.debian.org/debian}
cache=${SYNCWATCH_ROOT_CACHE-/var/cache/syncwatch-package-test/bookworm-minbase.tar.gz}
suite=bookworm

pass=0
fail=0
tmp=$(mktemp -d /tmp/syncwatch-package.XXXXXX)
root=			# the chroot; empty when installing on the host
proc_mounted=
built=

ok() {
	pass=$((pass + 1))
	echo "PASS: $*"
}
ko() {
	fail=$((fail + 1))
	echo "FAIL: $*"
}
# check DESCRIPTION CMD...: CMD must succeed; its output is shown if not.
check() {
	_desc=$1
	shift
	if "$@" > "$tmp/out" 2>&1; then
		ok "$_desc"
	else
		ko "$_desc"
		sed 's/^/    /' "$tmp/out"
	fi
}
# check_not DESCRIPTION CMD...: CMD must fail.
check_not() {
	_desc=$1
	shift
	if "$@" > "$tmp/out" 2>&1; then
		ko "$_desc"
		sed 's/^/    /' "$tmp/out"
	else
		ok "$_desc"
	fi
}
# absent PATH: nothing at PATH (inside the root), not even a dangling link.
absent() {
	[ ! -e "$root$1" ] && [ ! -L "$root$1" ]
}
elapsed() {
	echo "package: $1 took $(( $(date +%s) - $2 ))s"
}

# Remove the build's artefacts so the tree is as CI found it; debian/rules
# clean (dh clean) removes debian/syncwatch, debian/.debhelper, debian/files,
# the substvars, the build stamp and debian/build.
clean_tree() {
	[ -n "$built" ] || return 0
	built=
	debian/rules clean > "$tmp/clean.log" 2>&1 ||
	    { echo "package: debian/rules clean failed:"; sed 's/^/    /' "$tmp/clean.log"; }
	rm -rf debian/syncwatch debian/syncwatch-dbgsym debian/.debhelper \
	    debian/files debian/*.substvars debian/debhelper-build-stamp debian/build
}

cleanup() {
	set +e
	clean_tree
	if [ -n "$proc_mounted" ]; then
		umount "$root/proc" || umount -l "$root/proc"
	fi
	# Never delete through a mount that is still there.
	if [ -n "$root" ] && grep -q " $root/" /proc/mounts; then
		echo "package: $root still has mounts; left in place" >&2
	else
		rm -rf "$tmp"
	fi
}
trap cleanup EXIT
trap 'exit 1' INT TERM HUP

finish() {
	echo "package: $pass passed, $fail failed"
	[ "$fail" -eq 0 ]
	exit
}

if [ "$(id -u)" -ne 0 ]; then
	ko "must run as root (it installs packages and makes a chroot)"
	finish
fi
export DEBIAN_FRONTEND=noninteractive

# --- Tools and Build-Depends --------------------------------------------------
t0=$(date +%s)
need=
for p in dpkg-dev debhelper debootstrap; do
	dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" ||
	    need="$need $p"
done
if [ -n "$need" ] || ! dpkg-checkbuilddeps > /dev/null 2>&1; then
	echo "package: installing:$need and the Build-Depends"
	apt-get update -q > "$tmp/apt.log" 2>&1
	# shellcheck disable=SC2086
	if ! { [ -z "$need" ] || apt-get install -y -q --no-install-recommends $need; } \
	    >> "$tmp/apt.log" 2>&1 ||
	   ! apt-get build-dep -y -q "$top" >> "$tmp/apt.log" 2>&1; then
		ko "install the packaging tools and Build-Depends"
		tail -n 20 "$tmp/apt.log" | sed 's/^/    /'
		finish
	fi
fi
elapsed "tools" "$t0"

# --- Build ----------------------------------------------------------------------
t0=$(date +%s)
version=$(dpkg-parsechangelog -SVersion)
arch=$(dpkg-architecture -qDEB_HOST_ARCH)
deb=syncwatch_${version}_${arch}.deb
outputs="syncwatch_${version}_${arch}.deb syncwatch-dbgsym_${version}_${arch}.deb
    syncwatch-dbgsym_${version}_${arch}.ddeb syncwatch_${version}_${arch}.buildinfo
    syncwatch_${version}_${arch}.changes"
# An earlier build's outputs must not pass for this one's.
for f in $outputs; do
	rm -f "../$f"
done
# What debian/ holds before the build, to compare with after it.
snapshot() {
	git status --porcelain --ignored --untracked-files=all -- debian 2>/dev/null
	find debian -print | sort
}
snapshot > "$tmp/debian.before"
built=yes
if dpkg-buildpackage -us -uc -b > "$tmp/build.log" 2>&1; then
	ok "dpkg-buildpackage -us -uc -b"
else
	ko "dpkg-buildpackage -us -uc -b (last lines of its output:)"
	tail -n 30 "$tmp/build.log" | sed 's/^/    /'
fi
# Move what the build left in the parent directory into the scratch directory.
for f in $outputs; do
	[ -e "../$f" ] && mv "../$f" "$tmp/"
done
clean_tree
snapshot > "$tmp/debian.after"
check "source tree clean after the build" sh -c '
	for f in debian/syncwatch debian/.debhelper debian/files debian/debhelper-build-stamp \
	    debian/build debian/*.substvars; do
		if [ -e "$f" ]; then echo "left behind: $f"; exit 1; fi
	done
	diff "$1/debian.before" "$1/debian.after"' sh "$tmp"
elapsed "build" "$t0"
[ -f "$tmp/$deb" ] || { ko "no $deb"; finish; }
deb=$tmp/$deb
if [ -n "${SYNCWATCH_PACKAGE_OUT:-}" ]; then
	mkdir -p "$SYNCWATCH_PACKAGE_OUT" && cp "$tmp"/*.deb "$SYNCWATCH_PACKAGE_OUT"/
fi

# --- What the package ships -----------------------------------------------------
dpkg-deb -c "$deb" | awk '{ print $NF }' | sed 's|^\./|/|' > "$tmp/contents"
dpkg-deb -x "$deb" "$tmp/fs"
dpkg-deb -e "$deb" "$tmp/ctrl"
export TMP="$tmp"
ships() {	# ships PATH...: every PATH is in the package
	for _p in "$@"; do
		grep -qx "$_p" "$tmp/contents" || { echo "missing: $_p"; return 1; }
	done
}
unit=$(grep -Ex '/(usr/)?lib/systemd/system/syncwatch\.service' "$tmp/contents")
check "ships /usr/bin/syncwatch" ships /usr/bin/syncwatch
# shellcheck disable=SC2046
check "ships every signature file" ships \
    $(for f in patterns/*.sig; do echo "/usr/share/syncwatch/$f"; done)
# shellcheck disable=SC2046
check "ships every sample log" ships \
    $(for f in patterns/samples/*; do echo "/usr/share/syncwatch/$f"; done)
check "ships the dashboard assets" ships \
    /usr/share/syncwatch/web/dashboard.js /usr/share/syncwatch/web/dashboard.css
check "ships the Prometheus rules" ships \
    /usr/share/syncwatch/prometheus/syncwatch-rules.yml
check "ships the systemd unit, packaging/syncwatch.service" \
    cmp "$tmp/fs$unit" packaging/syncwatch.service
check "ships the sysusers file, packaging/syncwatch.sysusers" \
    cmp "$tmp/fs/usr/lib/sysusers.d/syncwatch.conf" packaging/syncwatch.sysusers
check "ships the man pages" ships /usr/share/man/man8/syncwatch.8.gz \
    /usr/share/man/man5/syncwatch.conf.5.gz /usr/share/man/man5/syncwatch.sig.5.gz
check "ships the docs and copyright" ships /usr/share/doc/syncwatch/README.md.gz \
    /usr/share/doc/syncwatch/http.md.gz /usr/share/doc/syncwatch/copyright
check "ships /etc/syncwatch/syncwatch.conf, packaging/syncwatch.conf" \
    cmp "$tmp/fs/etc/syncwatch/syncwatch.conf" packaging/syncwatch.conf
check "/etc/syncwatch/syncwatch.conf is a conffile" \
    grep -qx /etc/syncwatch/syncwatch.conf "$tmp/ctrl/conffiles"
check "the config's state_dir and patterns are the installed paths" sh -c '
	grep -Eq "^state_dir *= */var/lib/syncwatch *$" "$TMP/fs/etc/syncwatch/syncwatch.conf" &&
	grep -Eq "^patterns *= */usr/share/syncwatch/patterns *$" "$TMP/fs/etc/syncwatch/syncwatch.conf"'
check_not "nothing under /usr/local" grep -q '^/usr/local' "$tmp/contents"
check "postinst creates the user with systemd-sysusers" \
    grep -q 'systemd-sysusers.* syncwatch\.conf' "$tmp/ctrl/postinst"
check "Depends: the libraries and a sysusers implementation (no procps: ExecReload runs syncwatch reload)" sh -c '
	d=$(dpkg-deb -f "$1" Depends); echo "$d"
	for l in libpcre2-8-0 libsqlite3-0 libmicrohttpd12 libjansson4 libinih1 "systemd | "; do
		case $d in *"$l"*) ;; *) exit 1 ;; esac
	done' sh "$deb"

# --- A throwaway root -----------------------------------------------------------
t0=$(date +%s)
if [ -z "${SYNCWATCH_ON_HOST:-}" ]; then
	root=$tmp/root
	if [ -n "$cache" ] && [ -s "$cache" ] && mkdir "$root" &&
	    tar -C "$root" -xzf "$cache" 2> "$tmp/root.log"; then
		echo "package: $suite root from $cache"
	else
		rm -rf "$root"
		echo "package: debootstrap --variant=minbase $suite $mirror"
		if debootstrap --variant=minbase "$suite" "$root" "$mirror" > "$tmp/root.log" 2>&1; then
			if [ -n "$cache" ] && mkdir -p "$(dirname "$cache")" &&
			    tar -C "$root" -czf "$cache.tmp" . 2>/dev/null; then
				mv "$cache.tmp" "$cache"
			else
				rm -f "$cache.tmp"
			fi
		else
			echo "package: debootstrap failed; installing on this machine instead:"
			tail -n 10 "$tmp/root.log" | sed 's/^/    /'
			rm -rf "$root"
			root=
		fi
	fi
fi
# $R CMD...: run CMD in the throwaway root (or on this machine).
R=$tmp/in-root
if [ -n "$root" ]; then
	cp /etc/resolv.conf "$root/etc/resolv.conf"
	# Nothing is started in the chroot (no systemd runs there anyway; this
	# covers invoke-rc.d as well).
	printf '#!/bin/sh\nexit 101\n' > "$root/usr/sbin/policy-rc.d"
	chmod 0755 "$root/usr/sbin/policy-rc.d"
	mount -t proc proc "$root/proc" && proc_mounted=yes
	cat > "$R" <<EOF
#!/bin/sh
exec chroot '$root' /usr/bin/env -i PATH=/usr/sbin:/usr/bin:/sbin:/bin \\
    DEBIAN_FRONTEND=noninteractive LC_ALL=C.UTF-8 "\$@"
EOF
	where="in a $suite chroot"
else
	printf '#!/bin/sh\nexec env DEBIAN_FRONTEND=noninteractive "$@"\n' > "$R"
	where="on this machine"
fi
chmod 0755 "$R"
export R ROOT="$root"
elapsed "root" "$t0"

# --- Install, run, purge ------------------------------------------------------
t0=$(date +%s)
cp "$deb" "$root/tmp/syncwatch.deb"
check "apt-get install ./$(basename "$deb") $where" sh -c '
	{ $R apt-get update -q && $R apt-get install -y -q --no-install-recommends \
	    /tmp/syncwatch.deb; } > "$TMP/install.log" 2>&1 ||
	    { tail -n 30 "$TMP/install.log"; exit 1; }'
rm -f "$root/tmp/syncwatch.deb"
check "syncwatch --version is ${version%-*}" sh -c \
    '$R syncwatch --version && [ "$($R syncwatch --version)" = "syncwatch $1" ]' sh "${version%-*}"
check "syncwatch check-patterns /usr/share/syncwatch/patterns" \
    "$R" syncwatch check-patterns /usr/share/syncwatch/patterns
# What the unit's ExecStartPre runs; the example's log paths do not exist,
# which is a warning, not an error.
check "syncwatch check-config /etc/syncwatch/syncwatch.conf" \
    "$R" syncwatch check-config /etc/syncwatch/syncwatch.conf
# Outside the source tree, scan uses the installed signatures (the compiled-in
# PREFIX): a sample with failures in it gives exit status 1, hits.
check "syncwatch scan uses the installed signatures" sh -c '
	$R sh -c "cd / && syncwatch scan /usr/share/syncwatch/patterns/samples/configmgr-despool.log" \
	    > "$TMP/scan.out"
	rc=$?; tail -n 3 "$TMP/scan.out"; [ $rc -eq 1 ]'
check "the syncwatch system user exists, home /var/lib/syncwatch, in group adm" sh -c '
	$R getent passwd syncwatch &&
	$R getent passwd syncwatch | grep -q "^syncwatch:x:[0-9]*:[0-9]*:.*:/var/lib/syncwatch:" &&
	$R id -nG syncwatch | tr " " "\n" | grep -qx adm'
check "/etc/syncwatch/syncwatch.conf installed, a conffile" sh -c '
	[ -f "$ROOT/etc/syncwatch/syncwatch.conf" ] &&
	$R dpkg-query -W -f="\${Conffiles}\n" syncwatch | grep -q "^ /etc/syncwatch/syncwatch.conf "'
check "/etc/syncwatch/patterns.d, the local signatures' directory, is there" \
    test -d "$root/etc/syncwatch/patterns.d"
check "syncwatch.service is enabled" \
    test -L "$root/etc/systemd/system/multi-user.target.wants/syncwatch.service"
if "$R" sh -c 'command -v systemd-analyze' > /dev/null 2>&1; then
	check "systemd-analyze verify syncwatch.service" \
	    "$R" systemd-analyze verify --man=no "$unit"
fi
# State, as the daemon would have left it; purge must remove it.
"$R" install -d -o syncwatch -g syncwatch -m 0750 /var/lib/syncwatch
: > "$root/var/lib/syncwatch/syncwatch.db"
check "apt-get purge -y syncwatch" sh -c '
	$R apt-get purge -y -q syncwatch > "$TMP/purge.log" 2>&1 ||
	    { tail -n 30 "$TMP/purge.log"; exit 1; }'
for f in /usr/bin/syncwatch /usr/share/syncwatch /etc/syncwatch /var/lib/syncwatch \
    /lib/systemd/system/syncwatch.service /usr/lib/systemd/system/syncwatch.service \
    /etc/systemd/system/multi-user.target.wants/syncwatch.service \
    /usr/lib/sysusers.d/syncwatch.conf /usr/share/doc/syncwatch; do
	check "purged: $f" absent "$f"
done
check "dpkg: syncwatch is not installed, no config files left" sh -c '
	s=$($R dpkg-query -W -f="\${db:Status-Status}" syncwatch 2>/dev/null)
	echo "status: ${s:-unknown}"; [ -z "$s" ] || [ "$s" = not-installed ]'
elapsed "install/purge $where" "$t0"

finish
