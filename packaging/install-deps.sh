#!/bin/sh
# Make sure the Debian packages syncwatch needs for a task are present.
# As root, install what is missing (after apt-get update); otherwise name the
# missing packages exactly and fail, so the build never half-works.
#
#   install-deps.sh [build|test|bench|package|all]...   (default: build)
#
# build    compiler and libraries: what `make` needs, and all it installs
#          (libevtx: binary .evtx event logs; its header includes
#          libbfio's, which Debian's libevtx-dev does not pull in)
# test     what `make check` adds: Check, jq, sqlite3, curl, faketime (a
#          daemon whose wall clock steps, without touching the machine's),
#          Chromium and Node.js with npm for the dashboard test, promtool
#          (in prometheus: /metrics and the shipped rules) and the real
#          prometheus and prometheus-alertmanager the fleet test runs
# bench    ripgrep, which `make bench` compares against
# package  debhelper and dpkg-dev for `make package`
set -eu

BUILD="build-essential pkg-config libpcre2-dev libsqlite3-dev libmicrohttpd-dev
libjansson-dev libinih-dev libcurl4-openssl-dev libevtx-dev libbfio-dev"
TEST="check jq sqlite3 curl faketime chromium prometheus prometheus-alertmanager"
BENCH="ripgrep"
PACKAGE="dpkg-dev debhelper fakeroot"

want=$BUILD
node=no
[ $# -gt 0 ] || set -- build
for group in "$@"; do
	case $group in
	build) ;;
	test) want="$want $TEST"; node=yes ;;
	bench) want="$want $BENCH" ;;
	package) want="$want $PACKAGE" ;;
	all) want="$want $TEST $BENCH $PACKAGE"; node=yes ;;
	*) echo "install-deps: unknown group '$group' (build, test, bench, package, all)" >&2
	   exit 2 ;;
	esac
done

missing=""
for p in $want; do
	case " $missing " in *" $p "*) continue ;; esac
	if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed"; then
		missing="$missing $p"
	fi
done
# Some machines carry their own Node.js build; any node with npm will do.
if [ "$node" = yes ] && { ! command -v node > /dev/null 2>&1 ||
    ! command -v npm > /dev/null 2>&1; }; then
	missing="$missing nodejs npm"
fi
[ -z "$missing" ] && exit 0

if [ "$(id -u)" -eq 0 ]; then
	echo "install-deps: installing:$missing" >&2
	export DEBIAN_FRONTEND=noninteractive
	apt-get update -q
	# shellcheck disable=SC2086
	apt-get install -y -q --no-install-recommends $missing
else
	echo "install-deps: missing Debian packages:$missing" >&2
	echo "install-deps: run as root: apt-get update && apt-get install$missing" >&2
	exit 1
fi
