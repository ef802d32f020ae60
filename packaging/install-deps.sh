#!/bin/sh
# Make sure the Debian packages syncwatch builds and tests with are present.
# As root, install what is missing (after apt-get update); otherwise name the
# missing packages exactly and fail, so the build never half-works.
set -eu

# Build: compiler and libraries (libevtx: binary .evtx event logs; its
# header includes libbfio's, which Debian's libevtx-dev does not pull
# in).  Tests: check, jq, sqlite3, curl, faketime (a daemon whose wall
# clock steps, without touching the machine's), and for the dashboard
# test Chromium and Node.js (with npm); promtool (in prometheus) checks
# /metrics and the shipped rules, and the fleet test runs the real
# prometheus and prometheus-alertmanager on loopback.  Bench: ripgrep.
PACKAGES="build-essential pkg-config libpcre2-dev libsqlite3-dev libmicrohttpd-dev
libjansson-dev libinih-dev libcurl4-openssl-dev libevtx-dev libbfio-dev check
ripgrep jq sqlite3 curl faketime chromium prometheus prometheus-alertmanager"

missing=""
for p in $PACKAGES; do
	if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed"; then
		missing="$missing $p"
	fi
done
# Some machines carry their own Node.js build; any node with npm will do.
if ! command -v node > /dev/null 2>&1 || ! command -v npm > /dev/null 2>&1; then
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
