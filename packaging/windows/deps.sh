#!/bin/sh
# The dependency half of `make windows`: fetch syncwatch's libraries as pinned
# Debian source packages (packaging/windows/versions) and cross-build them as
# static libraries for x86_64-w64-mingw32 into build/win/prefix.
#
#   sh packaging/windows/deps.sh             tools, fetch, verify, unpack, build
#   sh packaging/windows/deps.sh --selftest  the same, then link linktest.c
#                                            against all of them and run it
#                                            under wine64
#   sh packaging/windows/deps.sh --show-pins what the Debian index offers now,
#                                            as lines for the versions file
#
# Everything it writes is under build/win/: apt/ (a private apt state: sources
# lists derived from this machine's own apt sources, /etc/apt is only read),
# dl/ (downloaded files), src/ (unpacked, Debian's patches applied), obj/
# (out-of-tree builds), prefix/ (include/, lib/, lib/pkgconfig/), log/ (one
# log per step), stamp/ (a second run is a no-op).  See README.md beside this.
set -eu

HERE=$(cd "$(dirname "$0")" && pwd)
SELF="$HERE/$(basename "$0")"
ROOT=$(cd "$HERE/../.." && pwd)
VERSIONS="$HERE/versions"
W="$ROOT/build/win"
APTD="$W/apt"
DL="$W/dl"
SRC="$W/src"
OBJ="$W/obj"
P="$W/prefix"
LOG="$W/log"
STAMP="$W/stamp"
HOST=x86_64-w64-mingw32
JOBS=${WIN_JOBS:-2}
LIBS_ALL="pcre2 sqlite3 libmicrohttpd jansson inih check curl"

# Debian packages the build and the selftest need (house style of
# packaging/install-deps.sh: as root install what is missing, otherwise name
# it and fail).  wine64 runs the selftest; tcl makes SQLite's amalgamation;
# gcc/libc6-dev build the native helpers (lemon, mkkeywordhash) for it;
# openssl serves HTTPS to the selftest (Schannel handshake).
TOOL_PACKAGES="gcc-mingw-w64-x86-64 wine64 wine cmake ninja-build tcl dpkg-dev
gcc libc6-dev make patch xz-utils pkg-config openssl"

say() { printf 'deps: %s\n' "$*"; }
die() { printf 'deps: ERROR: %s\n' "$*" >&2; exit 1; }
now() { date +%s.%N; }
elapsed() { awk -v a="$1" -v b="$(now)" 'BEGIN { printf "%.1f", b - a }'; }

# ---------------------------------------------------------------- tools

need_tools() {
	missing=""
	for p in $TOOL_PACKAGES; do
		if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed"; then
			missing="$missing $p"
		fi
	done
	[ -z "$missing" ] && return 0
	if [ "$(id -u)" -eq 0 ]; then
		say "installing:$missing"
		export DEBIAN_FRONTEND=noninteractive
		apt-get update -q
		# shellcheck disable=SC2086
		apt-get install -y -q --no-install-recommends $missing
	else
		echo "deps: missing Debian packages:$missing" >&2
		echo "deps: run as root: apt-get update && apt-get install --no-install-recommends$missing" >&2
		exit 1
	fi
}

# ---------------------------------------------------------------- pins

# The versions file, flattened to "PACKAGE VERSION SHA256 FILE" lines.
PINS="$W/pins"
read_pins() {
	[ -r "$VERSIONS" ] || die "cannot read $VERSIONS"
	mkdir -p "$W"
	awk -v f="$VERSIONS" '
	/^[ \t]*(#|$)/ { next }
	$1 == "suite" && NF == 2 { next }
	$1 ~ /^[a-z0-9][a-z0-9.+-]*=[0-9][A-Za-z0-9.+~:-]*$/ && NF == 1 {
		split($1, a, "="); pkg = a[1]; ver = a[2]; seen[pkg] = 0; next }
	$1 == "sha256" && NF == 3 && $2 ~ /^[0-9a-f]+$/ && length($2) == 64 {
		if (pkg == "") { printf "%s:%d: sha256 line before any PACKAGE=VERSION\n", f, NR > "/dev/stderr"; bad = 1; next }
		print pkg, ver, $2, $3; seen[pkg]++; next }
	{ printf "%s:%d: cannot parse: %s\n", f, NR, $0 > "/dev/stderr"; bad = 1 }
	END {
		for (p in seen) if (seen[p] == 0) { printf "%s: %s has no sha256 lines\n", f, p > "/dev/stderr"; bad = 1 }
		exit bad }' "$VERSIONS" > "$PINS.tmp" || die "bad pins file $VERSIONS"
	mv "$PINS.tmp" "$PINS"
	SUITE=$(awk '$1 == "suite" { print $2; exit }' "$VERSIONS")
	[ -n "$SUITE" ] || die "$VERSIONS: no 'suite NAME' line"
	for l in $LIBS_ALL; do
		[ -n "$(pin_version "$(pkg_of "$l")")" ] || die "$VERSIONS: no pin for source package $(pkg_of "$l")"
	done
}
pin_packages() { awk '!s[$1]++ { print $1 }' "$PINS"; }
pin_version() { awk -v p="$1" '$1 == p { print $2; exit }' "$PINS"; }
pin_files() { awk -v p="$1" '$1 == p { print $3, $4 }' "$PINS"; }
pkg_of() { case $1 in inih) echo libinih ;; *) echo "$1" ;; esac; }

# 0 if $DL/FILE exists and has SHA-256 SUM.
file_ok() { [ -f "$DL/$2" ] && [ "$(sha256sum < "$DL/$2" | cut -d' ' -f1)" = "$1" ]; }

# ---------------------------------------------------------------- apt

# "URI SUITES SIGNED-BY" for every enabled deb/deb-src entry of this machine:
# deb822 .sources files and classic one-line lists.
apt_entries() {
	for f in /etc/apt/sources.list.d/*.sources; do
		[ -f "$f" ] || continue
		awk '
		function trim(s) { gsub(/^[ \t]+|[ \t]+$/, "", s); return s }
		function flush(  n, i, u) {
			if (uris != "" && types ~ /(^| )deb(-src)?( |$)/ && tolower(enabled) != "no") {
				n = split(uris, u, /[ \t]+/)
				for (i = 1; i <= n; i++) printf "%s\t%s\t%s\n", u[i], suites, signed
			}
			types = uris = suites = signed = enabled = key = ""
		}
		/^[ \t]*#/ { next }
		/^[ \t]*$/ { flush(); next }
		/^[ \t]/ {
			if (key == "uris") uris = uris " " trim($0)
			else if (key == "suites") suites = suites " " trim($0)
			next }
		{	k = tolower(trim(substr($0, 1, index($0, ":") - 1)))
			v = trim(substr($0, index($0, ":") + 1)); key = k
			if (k == "types") types = v
			else if (k == "uris") uris = v
			else if (k == "suites") suites = v
			else if (k == "signed-by" && v ~ /^\//) signed = v
			else if (k == "enabled") enabled = v }
		END { flush() }' "$f"
	done
	for f in /etc/apt/sources.list /etc/apt/sources.list.d/*.list; do
		[ -f "$f" ] || continue
		awk '
		/^[ \t]*(deb|deb-src)[ \t]/ {
			line = $0; sub(/#.*/, "", line); opts = ""
			if (match(line, /\[[^]]*\]/)) {
				opts = substr(line, RSTART + 1, RLENGTH - 2)
				line = substr(line, 1, RSTART - 1) " " substr(line, RSTART + RLENGTH)
			}
			n = split(line, a, /[ \t]+/); i = (a[1] == "") ? 2 : 1
			signed = ""; m = split(opts, o, /[ \t]+/)
			for (j = 1; j <= m; j++) if (o[j] ~ /^signed-by=\//) signed = substr(o[j], 11)
			printf "%s\t%s\t%s\n", a[i + 1], a[i + 2], signed
		}' "$f"
	done
}

# MIRROR, SECMIRROR and KEYRING from this machine's apt sources.  The archive
# is the first entry that is not a -security suite and is Debian's (signed by
# the Debian archive keyring, or a URI ending in /debian).  Security: the
# machine's own -security entry if it has one, else MIRROR-security (the
# derivation the feasibility study used).  No host name is kept anywhere.
find_mirrors() {
	ents=$(apt_entries)
	MIRROR=${WIN_DEBIAN_URI:-$(printf '%s\n' "$ents" | awk -F '\t' '
		$1 !~ /^(cdrom|copy):/ && $2 !~ /-security/ &&
		($3 ~ /debian-archive-keyring/ || $1 ~ /\/debian\/?$/) { print $1; exit }')}
	[ -n "$MIRROR" ] || die "no Debian archive entry in /etc/apt/sources.list{,.d/*.sources,.d/*.list} (set WIN_DEBIAN_URI to override)"
	MIRROR=${MIRROR%/}
	KEYRING=$(printf '%s\n' "$ents" | awk -F '\t' -v u="$MIRROR" '($1 == u || $1 == u "/") && $3 != "" { print $3; exit }')
	SECMIRROR=${WIN_DEBIAN_SECURITY_URI:-$(printf '%s\n' "$ents" | awk -F '\t' '
		$2 ~ /-security/ && ($3 ~ /debian-archive-keyring/ || $1 ~ /\/debian-security\/?$/) { print $1; exit }')}
	SECMIRROR=${SECMIRROR:-$MIRROR-security}
	SECMIRROR=${SECMIRROR%/}
}

# apt-get against one private sources list (main or security).  Each list has
# its own lists and cache directory: a second `update` into a shared lists
# directory would delete the first list's indexes.
apt_run() {
	l=$1
	shift
	apt-get -q -o Dir::Etc::SourceList="$APTD/$l.list" -o Dir::Etc::SourceParts=/dev/null \
	    -o Dir::State::Lists="$APTD/lists-$l" -o Dir::Cache="$APTD/cache-$l" \
	    -o APT::Get::Only-Source=true -o Acquire::Languages=none \
	    -o APT::Sandbox::User=root "$@"
}
suite_of() { if [ "$1" = main ]; then echo "$SUITE"; else echo "$SUITE-$1"; fi; }

apt_cache() {
	l=$1
	shift
	apt-cache -o Dir::Etc::SourceList="$APTD/$l.list" -o Dir::Etc::SourceParts=/dev/null \
	    -o Dir::State::Lists="$APTD/lists-$l" -o Dir::Cache="$APTD/cache-$l" "$@"
}

apt_update() {
	find_mirrors
	opt=""
	[ -n "$KEYRING" ] && opt="[signed-by=$KEYRING] "
	mkdir -p "$APTD"
	for l in main security; do
		mkdir -p "$APTD/lists-$l/partial" "$APTD/cache-$l/archives/partial"
	done
	printf 'deb-src %s%s %s main\n' "$opt" "$MIRROR" "$SUITE" > "$APTD/main.list"
	printf 'deb-src %s%s %s-security main\n' "$opt" "$SECMIRROR" "$SUITE" > "$APTD/security.list"
	for l in main security; do
		say "apt-get update ($(suite_of $l); lists in build/win/apt/lists-$l)"
		apt_run "$l" update >> "$LOG/fetch.log" 2>&1 ||
		    { tail -n 20 "$LOG/fetch.log" >&2; die "apt-get update of build/win/apt/$l.list failed (log: $LOG/fetch.log)"; }
	done
}

# ---------------------------------------------------------------- fetch

fetch() {
	mkdir -p "$DL" "$LOG"
	t0=$(now)
	need=""
	for pkg in $(pin_packages); do
		pin_files "$pkg" > "$W/files.tmp"
		while read -r sum f; do
			if [ -f "$DL/$f" ] && ! file_ok "$sum" "$f"; then
				say "$f: checksum differs from the pin, fetching it again"
				rm -f "$DL/$f"
			fi
			if ! file_ok "$sum" "$f"; then
				case " $need " in *" $pkg "*) ;; *) need="$need $pkg" ;; esac
			fi
		done < "$W/files.tmp"
	done
	if [ -z "$need" ]; then
		say "fetch: all pinned files present and verified"
		return 0
	fi
	: > "$LOG/fetch.log"
	apt_update
	for pkg in $need; do
		ver=$(pin_version "$pkg")
		# The main pool first; what it lacks (404) from the security pool.
		# apt checks every file against the signed index it came from; a
		# failure here is only final if a pinned file is still missing below.
		for l in main security; do
			missing=0
			pin_files "$pkg" > "$W/files.tmp"
			while read -r sum f; do file_ok "$sum" "$f" || missing=1; done < "$W/files.tmp"
			[ "$missing" -eq 1 ] || break
			say "fetch $pkg=$ver ($(suite_of $l))"
			(cd "$DL" && apt_run "$l" source --download-only "$pkg=$ver") >> "$LOG/fetch.log" 2>&1 ||
			    echo "deps: apt-get source $pkg=$ver from $l list failed (see above)" >> "$LOG/fetch.log"
		done
	done
	bad=0
	while read -r pkg ver sum f; do
		if [ ! -f "$DL/$f" ]; then
			echo "deps: ERROR: $f ($pkg=$ver) was not fetched: not served by the $SUITE or $SUITE-security pool (log: $LOG/fetch.log)" >&2
			bad=1
		elif ! file_ok "$sum" "$f"; then
			echo "deps: ERROR: $f ($pkg=$ver): SHA-256 $(sha256sum < "$DL/$f" | cut -d' ' -f1), pinned $sum" >&2
			bad=1
		fi
	done < "$PINS"
	if [ "$bad" -ne 0 ]; then
		grep -E '^(E|Err|W):|404' "$LOG/fetch.log" | tail -n 20 >&2 || true
		die "fetch failed; pins in $VERSIONS (how to bump them: packaging/windows/README.md)"
	fi
	say "fetch: all pinned files verified ($(elapsed "$t0") s)"
}

# ---------------------------------------------------------------- unpack

# src/PACKAGE with Debian's patches applied.  With a .dsc: dpkg-source -x
# (--no-check skips only the OpenPGP signature, which would need
# debian-keyring; the .dsc itself is pinned by SHA-256 and dpkg-source checks
# every other file against it).  Without one, by hand: orig tarball(s), then
# the 1.0 .diff.gz, or the debian.tar.* and its quilt series in order.
unpack() {
	pkg=$1
	ver=$(pin_version "$pkg")
	if [ -f "$STAMP/unpack-$pkg" ] && [ "$(cat "$STAMP/unpack-$pkg")" = "$ver" ] && [ -d "$SRC/$pkg" ]; then
		return 0
	fi
	mkdir -p "$SRC" "$STAMP"
	rm -rf "${SRC:?}/$pkg" "$SRC/.tmp-$pkg"
	dsc=$(pin_files "$pkg" | awk '$2 ~ /\.dsc$/ { print $2 }')
	echo "== unpack $pkg=$ver" >> "$LOG/unpack.log"
	if [ -n "$dsc" ]; then
		dpkg-source --no-check -x "$DL/$dsc" "$SRC/$pkg" >> "$LOG/unpack.log" 2>&1 ||
		    { tail -n 20 "$LOG/unpack.log" >&2; die "dpkg-source -x $dsc failed (log: $LOG/unpack.log)"; }
	else
		orig=$(pin_files "$pkg" | awk '$2 ~ /\.orig\.tar\.[a-z0-9]+$/ { print $2 }')
		[ -n "$orig" ] || die "$pkg: no .dsc and no .orig.tar.* pinned"
		mkdir -p "$SRC/.tmp-$pkg"
		tar -xf "$DL/$orig" -C "$SRC/.tmp-$pkg" || die "$pkg: cannot unpack $orig"
		set -- "$SRC/.tmp-$pkg"/*
		[ $# -eq 1 ] && [ -d "$1" ] || die "$pkg: $orig does not hold exactly one top directory"
		mv "$1" "$SRC/$pkg"
		rmdir "$SRC/.tmp-$pkg"
		for f in $(pin_files "$pkg" | awk '$2 ~ /\.diff\.gz$|\.debian\.tar\.[a-z0-9]+$/ { print $2 }'); do
			case $f in
			*.diff.gz)
				echo "zcat $f | patch -p1" >> "$LOG/unpack.log"
				zcat "$DL/$f" | (cd "$SRC/$pkg" && patch -p1 -f --no-backup-if-mismatch) >> "$LOG/unpack.log" 2>&1 ||
				    { tail -n 20 "$LOG/unpack.log" >&2; die "$pkg: $f does not apply (log: $LOG/unpack.log)"; }
				;;
			*)
				tar -xf "$DL/$f" -C "$SRC/$pkg" || die "$pkg: cannot unpack $f"
				series="$SRC/$pkg/debian/patches/series"
				[ -f "$series" ] || continue
				sed -e 's/#.*//' -e '/^[[:space:]]*$/d' "$series" > "$W/series.tmp"
				while read -r patch popt; do
					echo "patch ${popt:--p1} < debian/patches/$patch" >> "$LOG/unpack.log"
					(cd "$SRC/$pkg" && patch ${popt:--p1} -f --no-backup-if-mismatch < "debian/patches/$patch") >> "$LOG/unpack.log" 2>&1 ||
					    { tail -n 20 "$LOG/unpack.log" >&2; die "$pkg: debian/patches/$patch does not apply (log: $LOG/unpack.log)"; }
				done < "$W/series.tmp"
				;;
			esac
		done
	fi
	echo "$ver" > "$STAMP/unpack-$pkg"
	say "unpacked $pkg=$ver"
}

# ---------------------------------------------------------------- builds

# Each step below runs in its own `sh deps.sh --step LIB` process (so `set -e`
# holds inside it), with its output in build/win/log/LIB.log, in a fresh
# build/win/obj/LIB as the current directory (out of tree), with S = the
# unpacked source and VER = the pinned Debian version.
#
# pkg-config sees only our prefix: with no x86_64-w64-mingw32-pkg-config on
# the machine, configure falls back to the native pkg-config, which would
# otherwise hand Linux .pc files (gnutls, libcurl, zlib...) to a cross build.
cross_env() {
	export PKG_CONFIG_LIBDIR="$P/lib/pkgconfig" PKG_CONFIG_PATH="" PKG_CONFIG_SYSROOT_DIR=""
	BUILD=$(gcc -dumpmachine)
}

step_pcre2() {
	# PCRE2_STATIC: without it pcre2.h declares everything dllimport and
	# the link of pcre2posix_test fails on __imp_pcre2_regerror.  The
	# generated libpcre2-8.pc passes it on to consumers.
	"$S/configure" --build="$BUILD" --host=$HOST --prefix="$P" \
	    --enable-static --disable-shared --enable-jit \
	    --disable-pcre2grep-callout-fork --disable-dependency-tracking \
	    CPPFLAGS=-DPCRE2_STATIC CFLAGS=-O2
	make -j"$JOBS"
	make install
	grep -q -- -DPCRE2_STATIC "$P/lib/pkgconfig/libpcre2-8.pc"
}

# SQLite: Debian's source has no amalgamation.  It is generated natively
# (platform independent; needs tclsh), then compiled as one file by mingw.
#  - required for the daemon: threadsafe (MHD threads), no double-quoted
#    string literals, no extension loading, WAL with synchronous=NORMAL;
#  - as Debian's Linux build (debian/rules), so SQL behaves the same on both:
#    SECURE_DELETE, COLUMN_METADATA, LIKE_DOESNT_MATCH_BLOBS, USE_URI,
#    MAX_SCHEMA_RETRY=25, ALLOW_ROWID_IN_VIEW, UPDATE_DELETE_LIMIT,
#    STRICT_SUBTYPE, MAX_VARIABLE_NUMBER=250000, DBSTAT_VTAB (JSON is built
#    in since 3.38; the backup API and WAL are always there);
#  - left out: FTS3/4/5, RTREE, SOUNDEX, SESSION/PREUPDATE_HOOK,
#    UNLOCK_NOTIFY, DBPAGE/STMT vtabs and LOAD_EXTENSION, which syncwatch's
#    store does not use.
# The same flags go to the amalgamation step (OPTS): lemon and mkkeywordhash
# read them (UPDATE_DELETE_LIMIT changes the grammar).
SQLITE_OPTS="-DSQLITE_THREADSAFE=1 -DSQLITE_DQS=0 -DSQLITE_OMIT_LOAD_EXTENSION
-DSQLITE_DEFAULT_WAL_SYNCHRONOUS=1 -DSQLITE_SECURE_DELETE
-DSQLITE_ENABLE_COLUMN_METADATA -DSQLITE_LIKE_DOESNT_MATCH_BLOBS
-DSQLITE_USE_URI=1 -DSQLITE_MAX_SCHEMA_RETRY=25 -DSQLITE_ALLOW_ROWID_IN_VIEW
-DSQLITE_ENABLE_UPDATE_DELETE_LIMIT=1 -DSQLITE_STRICT_SUBTYPE=1
-DSQLITE_MAX_VARIABLE_NUMBER=250000 -DSQLITE_ENABLE_DBSTAT_VTAB"

step_sqlite3() {
	opts=$(echo $SQLITE_OPTS)
	mkdir amalg
	(cd amalg && CC=gcc "$S/configure" --disable-tcl --disable-readline CFLAGS=-O2 &&
	    make -j"$JOBS" sqlite3.c sqlite3.h OPTS="$opts")
	# shellcheck disable=SC2086
	$HOST-gcc -O2 $opts -Iamalg -c amalg/sqlite3.c -o sqlite3.o
	$HOST-ar rcs libsqlite3.a sqlite3.o
	mkdir -p "$P/include" "$P/lib/pkgconfig"
	cp amalg/sqlite3.h "$S/src/sqlite3ext.h" "$P/include/"
	cp libsqlite3.a "$P/lib/"
	v=$(cat "$S/VERSION")
	write_pc sqlite3 "SQLite" "SQL database engine, static (Debian sqlite3 $VER)" "$v" -lsqlite3 ""
}

# A .pc file for a library whose build makes none.
write_pc() { # NAME TITLE DESCRIPTION VERSION LIBS CFLAGS
	cat > "$P/lib/pkgconfig/$1.pc" <<-EOF
	prefix=$P
	exec_prefix=\${prefix}
	libdir=\${exec_prefix}/lib
	includedir=\${prefix}/include

	Name: $2
	Description: $3
	Version: $4
	Libs: -L\${libdir} $5
	Cflags: -I\${includedir}${6:+ $6}
	EOF
}

step_libmicrohttpd() {
	# No --with-threads=w32: configure's W32-threads probe runs only for
	# "auto" (which picks w32 on mingw); an explicit w32 always fails.
	# The four cache values are what configure finds itself for mingw-w64
	# (winsock's FD_SETSIZE is 64 and may be redefined; shutdown() of a
	# listening socket does not wake select()), but when cross-compiling it
	# computes them by bisection with dozens of compiles: about 50 of its
	# 85 s.  config.log still shows them, as "(cached)".
	"$S/configure" --build="$BUILD" --host=$HOST --prefix="$P" \
	    --enable-static --disable-shared --disable-dependency-tracking \
	    --disable-https --disable-doc --disable-examples --disable-tools \
	    --disable-curl CFLAGS=-O2 \
	    mhd_cv_sys_fd_setsize_value=64 mhd_cv_fd_setsize_value=64 \
	    mhd_cv_fd_setsize_overridable=yes mhd_cv_host_shtdwn_trgr_select=no
	grep -E 'Threading lib|HTTPS support|Target W32 ver' config.log | head -n 5 || true
	make -j"$JOBS"
	make install
}

cmake_cross() { # extra cmake arguments
	cmake -G Ninja -S "$S" -B . -DCMAKE_TOOLCHAIN_FILE="$W/mingw64.cmake" \
	    -DCMAKE_BUILD_TYPE=Release -DCMAKE_C_FLAGS_RELEASE="-O2 -DNDEBUG" \
	    -DCMAKE_INSTALL_PREFIX="$P" "$@"
	ninja -j"$JOBS"
	ninja install
}

step_jansson() {
	# CMake: the orig is a git export without configure (autotools would
	# need autoreconf).
	cmake_cross -DJANSSON_BUILD_SHARED_LIBS=OFF -DJANSSON_BUILD_DOCS=OFF \
	    -DJANSSON_EXAMPLES=OFF -DJANSSON_WITHOUT_TESTS=ON
	# jansson_config.h says JSON_INTEGER_FORMAT "I64d" on Windows.  syncwatch
	# builds with _GNU_SOURCE, so mingw uses its ANSI (C99) stdio
	# (__USE_MINGW_ANSI_STDIO=1), whose printf and whose format checker take
	# %lld (and read %I64d as %d: -Werror=format fails).  json_int_t is long
	# long, so "lld" is right for consumers; jansson itself was compiled
	# above with the original header.
	h="$P/include/jansson_config.h"
	grep -q '#define JSON_INTEGER_FORMAT "I64d"' "$h"
	sed -i 's|^#define JSON_INTEGER_FORMAT "I64d"|/* deps.sh: "lld", not "I64d": consumers use mingw ANSI stdio (__USE_MINGW_ANSI_STDIO, set by _GNU_SOURCE), which prints %lld and whose format checker rejects %I64d for long long. */\n#define JSON_INTEGER_FORMAT "lld"|' "$h"
	grep -q '#define JSON_INTEGER_FORMAT "lld"' "$h"
}

step_inih() {
	# ini.c compiled directly with NO defines: trixie's Debian patch 0005
	# builds its library with INI_HANDLER_LINENO=1 (5-argument handler)
	# without exporting the define; syncwatch's handler takes 4 arguments,
	# as ini.h's default and bookworm's 55-1 have it.
	$HOST-gcc -O2 -c "$S/ini.c" -o ini.o
	$HOST-ar rcs libinih.a ini.o
	mkdir -p "$P/include" "$P/lib/pkgconfig"
	cp "$S/ini.h" "$P/include/"
	cp libinih.a "$P/lib/"
	write_pc inih "inih" "simple .INI file parser, static (Debian libinih $VER)" "${VER%%-*}" -linih ""
}

step_check() {
	cmake_cross -DCHECK_ENABLE_TESTS=OFF -DBUILD_TESTING=OFF
	# It builds a DLL as well; without its import library, -lcheck links
	# libcheck.a.
	rm -f "$P/lib/libcheck.dll.a" "$P/bin/libcheck.dll"
	# Debian's 01pkgconfig.patch names -lcheck_pic (the autotools build's
	# PIC archive, which CMake does not make).
	sed -i 's/-lcheck_pic/-lcheck/' "$P/lib/pkgconfig/check.pc"
	grep -q -- '-lcheck ' "$P/lib/pkgconfig/check.pc"
	# check.h marks _ck_assert_failed format(printf): on mingw GCC reads
	# that as ms_printf, which rejects the %jd of ck_assert_int_eq (a
	# -Werror=format failure in every suite).  libcheck formats with mingw's
	# ANSI __mingw_vsnprintf, which knows %jd, so gnu_printf is the truth.
	h="$P/include/check.h"
	grep -q '^#define CK_ATTRIBUTE_FORMAT(a, b, c) __attribute__ ((format (a, b, c)))$' "$h"
	sed -i 's|^#define CK_ATTRIBUTE_FORMAT(a, b, c) __attribute__ ((format (a, b, c)))$|/* deps.sh: gnu_printf, not printf (= ms_printf on mingw, which rejects %jd); libcheck prints with __mingw_vsnprintf. */\n#define CK_ATTRIBUTE_FORMAT(a, b, c) __attribute__ ((format (gnu_printf, b, c)))|' "$h"
	grep -q 'format (gnu_printf, b, c)' "$h"
}

step_curl() {
	# The daemon's HTTP client (Alertmanager push, status check): HTTP and
	# HTTPS, proxies (SSPI: NTLM/Negotiate proxy auth at no extra DLL).
	# TLS is Schannel, Windows' own: no OpenSSL to ship and patch, the
	# Windows certificate store for CAs.  Everything else is off, so the exe
	# imports nothing but system DLLs.
	"$S/configure" --build="$BUILD" --host=$HOST --prefix="$P" \
	    --enable-static --disable-shared --disable-dependency-tracking \
	    --with-schannel --without-openssl --without-gnutls --without-mbedtls \
	    --without-wolfssl --without-rustls --without-zlib --without-brotli \
	    --without-zstd --without-nghttp2 --without-nghttp3 --without-ngtcp2 \
	    --without-quiche --without-msh3 --without-libpsl --without-libidn2 \
	    --without-winidn --without-librtmp --without-libssh2 --without-libssh \
	    --without-wolfssh --without-libgsasl --without-ca-bundle \
	    --without-ca-path --without-ca-fallback --disable-ldap --disable-ldaps \
	    --disable-ftp --disable-file --disable-ipfs --disable-rtsp \
	    --disable-dict --disable-telnet --disable-tftp --disable-pop3 \
	    --disable-imap --disable-smb --disable-smtp --disable-gopher \
	    --disable-mqtt --disable-websockets --disable-manual --disable-docs \
	    --disable-libcurl-option --enable-proxy --enable-unity CFLAGS=-O2
	# --enable-unity (upstream's "unity" build: lib/ as a few bundled
	# TUs) and only libcurl.la (a plain `make` also builds libcurlu, the
	# unit tests' copy): 14 s instead of 240 s.
	make -j"$JOBS" -C lib libcurl.la
	make -C lib install-libLTLIBRARIES
	make -C include install
	make install-pkgconfigDATA
}

# The CMake toolchain file (part of the recipes: the stamps cover it).
write_toolchain() {
	cat > "$W/mingw64.cmake" <<-EOF
	set(CMAKE_SYSTEM_NAME Windows)
	set(CMAKE_SYSTEM_PROCESSOR x86_64)
	set(CMAKE_C_COMPILER $HOST-gcc)
	set(CMAKE_RC_COMPILER $HOST-windres)
	set(CMAKE_FIND_ROOT_PATH /usr/$HOST "$P")
	set(CMAKE_FIND_ROOT_PATH_MODE_PROGRAM NEVER)
	set(CMAKE_FIND_ROOT_PATH_MODE_LIBRARY ONLY)
	set(CMAKE_FIND_ROOT_PATH_MODE_INCLUDE ONLY)
	set(CMAKE_FIND_ROOT_PATH_MODE_PACKAGE ONLY)
	EOF
}

# ---------------------------------------------------------------- lanes

# Run one library's step (stamp, log, timing); print the log tail on failure.
build() {
	lib=$1
	pkg=$(pkg_of "$lib")
	want="$(pin_version "$pkg") $(recipe_sum)"
	if [ -f "$STAMP/build-$lib" ] && [ "$(cat "$STAMP/build-$lib")" = "$want" ]; then
		say "$lib: up to date"
		return 0
	fi
	rm -f "$STAMP/build-$lib"
	say "$lib: building (log: build/win/log/$lib.log)"
	t_lib=$(now)
	if sh "$SELF" --step "$lib" > "$LOG/$lib.log" 2>&1; then
		t=$(elapsed "$t_lib")
		echo "$want" > "$STAMP/build-$lib"
		echo "$(date -u +%FT%TZ) $lib $t s" >> "$LOG/times"
		say "$lib: done in $t s"
	else
		{
			echo "deps: ERROR: $lib failed (log: $LOG/$lib.log); its last 40 lines:"
			tail -n 40 "$LOG/$lib.log" | sed "s/^/  $lib| /"
		} >&2
		return 1
	fi
}

# The stamp records the pin and a checksum of the recipes (this file from
# "builds" to "lanes"): a new pin or a changed recipe rebuilds.
recipe_sum() { sed -n '/^# -* builds$/,/^# -* lanes$/p' "$SELF" | sha256sum | cut -c1-16; }

lane() { for l in "$@"; do build "$l" || return 1; done; }

build_all() {
	mkdir -p "$OBJ" "$P/include" "$P/lib/pkgconfig" "$STAMP" "$LOG"
	write_toolchain
	t_build=$(now)
	# Three lanes: the two long configures (libmicrohttpd, curl; configure
	# is one compiler at a time) beside SQLite's one big TU.  On 2 cores
	# this is what keeps both busy; the libraries do not depend on each
	# other.
	lane libmicrohttpd check &
	p1=$!
	lane curl jansson &
	p2=$!
	trap 'kill $p1 $p2 2>/dev/null || true' INT TERM
	rc=0
	lane sqlite3 pcre2 inih || rc=1
	wait $p1 || rc=1
	wait $p2 || rc=1
	trap - INT TERM
	[ "$rc" -eq 0 ] || die "a library failed to build (logs in $LOG)"
	say "all libraries in build/win/prefix ($(elapsed "$t_build") s)"
}

# ---------------------------------------------------------------- selftest

ALLOWED_DLLS="KERNEL32 ADVAPI32 WS2_32 msvcrt CRYPT32 SECUR32 BCRYPT IPHLPAPI
USER32 SHELL32 ole32 WLDAP32 NORMALIZ"

selftest() {
	T="$W/selftest"
	rm -rf "$T"
	mkdir -p "$T/run"
	pass=0
	fail=0
	skip=0
	ok() { pass=$((pass + 1)); echo "PASS $*"; }
	ko() { fail=$((fail + 1)); echo "FAIL $*"; }

	# 1. Link: a consumer's view, through the .pc files only, with the
	#    project's warning flags and _GNU_SOURCE.
	PKG_CONFIG_LIBDIR="$P/lib/pkgconfig" PKG_CONFIG_PATH="" \
	    pkg-config --static --cflags --libs libpcre2-8 sqlite3 libmicrohttpd \
	    jansson inih libcurl check > "$T/pc" || die "pkg-config cannot resolve the prefix's .pc files"
	flags=$(cat "$T/pc")
	echo "pkg-config --static: $flags" | sed "s|$P|\$P|g"
	# shellcheck disable=SC2086
	if $HOST-gcc -O2 -D_GNU_SOURCE -Wall -Wextra -Werror -Wformat=2 \
	    -Wno-unused-parameter -o "$T/linktest.exe" "$HERE/linktest.c" \
	    -static $flags > "$T/link.log" 2>&1; then
		ok "link linktest.exe ($(du -k "$T/linktest.exe" | cut -f1) KiB, static)"
	else
		cat "$T/link.log" >&2
		ko "link linktest.exe"
		echo "$pass passed, $fail failed"
		exit 1
	fi

	# 2. Imports: Windows' own DLLs only.
	dlls=$($HOST-objdump -p "$T/linktest.exe" | awk '/DLL Name:/ { print $3 }')
	echo "imports: $(echo $dlls)"
	bad=""
	for d in $dlls; do
		found=0
		for a in $ALLOWED_DLLS; do
			[ "$(echo "$d" | tr a-z A-Z)" = "$(echo "$a.dll" | tr a-z A-Z)" ] && found=1
		done
		[ $found -eq 1 ] || bad="$bad $d"
	done
	if [ -z "$bad" ]; then ok "imports are system DLLs only"; else ko "imports outside the allowlist:$bad"; fi

	# 3. Run under wine64, in a private prefix.
	WINE=$(command -v wine64 || echo /usr/lib/wine/wine64)
	[ -x "$WINE" ] || die "no wine64 (package wine64)"
	export WINEPREFIX="$W/wineprefix" WINEDEBUG=-all WINEDLLOVERRIDES="mscoree,mshtml="
	if [ ! -f "$WINEPREFIX/system.reg" ]; then
		t0=$(now)
		"$WINE" wineboot --init > "$LOG/wineboot.log" 2>&1 || { tail -n 20 "$LOG/wineboot.log" >&2; die "wineboot --init failed"; }
		wineserver -w
		say "fresh WINEPREFIX build/win/wineprefix ($(elapsed "$t0") s)"
	fi

	# An HTTPS server for a Schannel handshake and GET, if openssl is there.
	# -HTTP serves a file holding a whole response, with Content-Length: the
	# -www status page has none and ends at close, and Schannel's curl then
	# waits for the close it has already read (curl issue 12894).
	tls=""
	if command -v openssl > /dev/null 2>&1; then
		mkdir -p "$T/https"
		printf 'HTTP/1.0 200 OK\r\nContent-Type: text/plain\r\nContent-Length: 11\r\n\r\nschannel ok' > "$T/https/hello.txt"
		openssl req -x509 -newkey rsa:2048 -nodes -days 2 -subj /CN=127.0.0.1 \
		    -keyout "$T/key.pem" -out "$T/cert.pem" > "$T/openssl.log" 2>&1
		for try in 1 2 3 4 5; do
			port=$((20000 + ($$ * 7 + try * 997) % 20000))
			(cd "$T/https" && exec openssl s_server -accept "127.0.0.1:$port" \
			    -cert "$T/cert.pem" -key "$T/key.pem" -HTTP -naccept 1) \
			    > "$T/s_server.log" 2>&1 < /dev/null &
			spid=$!
			i=0
			while [ $i -lt 50 ] && kill -0 "$spid" 2> /dev/null &&
			    ! grep -q ACCEPT "$T/s_server.log"; do
				sleep 0.1
				i=$((i + 1))
			done
			if grep -q ACCEPT "$T/s_server.log"; then
				tls="https://127.0.0.1:$port/hello.txt"
				break
			fi
			kill "$spid" 2> /dev/null || true
			spid=""
		done
		[ -n "$tls" ] || cat "$T/s_server.log"
	fi

	t0=$(now)
	rc=0
	timeout 120 env CK_FORK=no "$WINE" "$T/linktest.exe" "Z:$T/run" $tls > "$T/out" 2>&1 || rc=$?
	[ -n "${spid:-}" ] && kill "$spid" 2> /dev/null || true
	cat "$T/out"
	say "linktest.exe under wine64: exit $rc ($(elapsed "$t0") s)"
	for name in pcre2_jit sqlite_wal sqlite_backup sqlite_close mhd_curl_http \
	    curl_proxy jansson_utf8 inih curl_schannel check; do
		if grep -q "^RESULT $name PASS" "$T/out"; then ok "$name"; else ko "$name"; fi
	done
	if grep -q "^RESULT https_schannel PASS" "$T/out"; then
		ok "https_schannel"
	elif ! command -v openssl > /dev/null 2>&1; then
		skip=$((skip + 1))
		echo "SKIP https_schannel (no openssl here to serve HTTPS)"
	elif [ -z "$tls" ]; then
		ko "https_schannel (openssl s_server did not start)"
	else
		ko "https_schannel"
	fi
	if [ "$rc" -eq 0 ]; then ok "linktest.exe exit status"; else ko "linktest.exe exit status $rc"; fi
	wineserver -k 2> /dev/null || true
	if [ $skip -gt 0 ]; then
		echo "$pass passed, $fail failed, $skip skipped"
	else
		echo "$pass passed, $fail failed"
	fi
	[ "$fail" -eq 0 ]
}

# ---------------------------------------------------------------- show-pins

# What the index offers now, as versions-file lines, for bumping the pins.
show_pins() {
	mkdir -p "$LOG"
	: > "$LOG/fetch.log"
	apt_update
	for pkg in $(pin_packages); do
		echo "# $pkg: pinned $(pin_version "$pkg")"
		for l in main security; do
			apt_cache "$l" showsrc "$pkg" 2> /dev/null | awk -v l="$(suite_of $l)" '
			/^Package:/ { p = $2 } /^Version:/ { v = $2; print "# " l " lists " p "=" v }
			/^Checksums-Sha256:/ { c = 1; print p "=" v; next }
			c && /^ / { print "sha256", $1, $3; next } { c = 0 }'
		done
	done
}

# ---------------------------------------------------------------- main

case ${1:-} in
--step)
	# Run by build(), after read_pins wrote $PINS (several steps run at once:
	# they only read it).
	lib=$2
	pkg=$(pkg_of "$lib")
	VER=$(pin_version "$pkg")
	S="$SRC/$pkg"
	cross_env
	rm -rf "${OBJ:?}/$lib"
	mkdir -p "$OBJ/$lib"
	cd "$OBJ/$lib"
	set -x
	"step_$lib"
	exit 0
	;;
--show-pins)
	read_pins
	show_pins
	exit 0
	;;
--selftest | "") ;;
-h | --help)
	sed -n '2,20p' "$SELF" | sed 's/^# \{0,1\}//'
	exit 0
	;;
*) die "unknown argument: $1 (try --help)" ;;
esac

t_all=$(now)
need_tools
read_pins
mkdir -p "$LOG"
fetch
for pkg in $(pin_packages); do unpack "$pkg"; done
build_all
say "deps total $(elapsed "$t_all") s; prefix $(du -sh "$P" | cut -f1), build/win $(du -sh "$W" | cut -f1)"
if [ "${1:-}" = --selftest ]; then
	selftest
fi
