#!/bin/sh
# tests/layers.sh — the shape of daemon/, checked (make check runs it).
#
#   1. No OS header outside daemon/platform/: the platform layer is the
#      only place that knows which system it runs on.
#   2. Every project include names its folder ("match/sigdb.h"), and a
#      file includes only headers of its own layer or of the layers below:
#        lib < platform < decode < match < store < rules < conf < http
#            < follow < check < cmd < daemon/ itself (main.c, cmd.c)
#      version.h (a constant) may be included anywhere; cmd.h (the
#      command table, beside main.c) belongs to cmd.
#   3. No include cycle between headers.
#   4. No source file over 800 lines.
# Prints every violation as FILE:LINE: message and exits 1 if there is any.
set -eu
cd "$(dirname "$0")/.."

awk -v order="lib platform decode match store rules conf http follow check cmd top" '
BEGIN {
	n = split(order, o, " ")
	for (i = 1; i <= n; i++)
		rank[o[i]] = i
	os = "^(unistd|dirent|glob|fnmatch|pthread|poll|signal|fcntl|pwd|grp|" \
	    "netdb|libgen|syslog|termios|dlfcn|spawn|sched|semaphore|" \
	    "windows|winsock2|ws2tcpip|winbase|winsvc|winerror|winnt|" \
	    "shlobj|shellapi|psapi|io|direct|process|conio|wincrypt|" \
	    "iphlpapi|winevt|evntprov|mswsock|malloc)\\.h$"
	bad = 0
}
function layer(path,    p) {
	# daemon/LAYER/... or daemon/platform/posix/... ; top-level files
	if (path !~ /^daemon\//)
		return ""
	p = substr(path, 8)
	if (p !~ /\//)
		return "top"
	sub(/\/.*/, "", p)
	return p
}
function fail(msg) {
	printf "%s:%d: %s\n", FILENAME, FNR, msg
	bad = 1
}
FNR == 1 { lines[FILENAME] = 0; me = layer(FILENAME) }
{ lines[FILENAME]++ }
/^[ \t]*#[ \t]*include[ \t]*</ {
	h = $0
	sub(/.*</, "", h)
	sub(/>.*/, "", h)
	if (me != "platform" && (h ~ os || h ~ /^(sys|arpa|netinet|net)\//))
		fail("OS header <" h "> outside daemon/platform/")
}
/^[ \t]*#[ \t]*include[ \t]*"/ {
	h = $0
	sub(/[^"]*"/, "", h)
	sub(/".*/, "", h)
	if (h == "version.h")
		next
	if (h !~ /\//) {
		# cmd.h, beside main.c, is the command table of daemon/cmd/.
		if (h != "cmd.h")
			fail("include \"" h "\" does not name its folder")
		hl = "cmd"
	} else {
		hl = h
		sub(/\/.*/, "", hl)
	}
	if (!(hl in rank)) {
		fail("include \"" h "\": no such layer")
		next
	}
	if (rank[hl] > rank[me])
		fail("layer " me " includes \"" h "\" from layer " hl \
		    " above it")
	if (FILENAME ~ /\.h$/)
		edge[FILENAME "|daemon/" h] = 1
}
END {
	for (f in lines)
		if (f ~ /\.c$/ && lines[f] > 800) {
			printf "%s: %d lines (at most 800)\n", f, lines[f]
			bad = 1
		}
	# Header include cycles: a depth-first search over the edges.
	for (e in edge) {
		split(e, ab, "|")
		adj[ab[1]] = adj[ab[1]] " " ab[2]
		nodes[ab[1]] = 1
	}
	for (v in nodes)
		if (!(v in done) && dfs(v))
			bad = 1
	exit bad
}
function dfs(v,    k, m, w, list, found) {
	onpath[v] = 1
	found = 0
	m = split(adj[v], list, " ")
	for (k = 1; k <= m; k++) {
		w = list[k]
		if (w in onpath && onpath[w]) {
			printf "%s: include cycle through %s\n", v, w
			found = 1
		} else if (!(w in done) && dfs(w))
			found = 1
	}
	onpath[v] = 0
	done[v] = 1
	return found
}
' $(find daemon -name '*.[ch]' | sort)
echo "layers: ok"
