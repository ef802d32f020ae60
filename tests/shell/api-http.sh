# The HTTP surface of docs/http.md: 200 and the right Content-Type on every
# route, the security headers on every answer (errors too), CSP on HTML,
# 404 for unknown paths, 405 with Allow for wrong methods, 400 with a JSON
# {"error"} for bad parameters, /healthz, /static/ serving only its fixed
# list (no path traversal, plain or percent-encoded), and over-long
# requests refused while the daemon keeps serving.
set -eu
. "$(dirname "$0")/../lib.sh"
api_init

csp="default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; form-action 'self'; base-uri 'none'; frame-ancestors 'none'"

f=$logs/despool.log
source_section despool "$f" start_at=beginning | api_config
start_api_daemon
hits S02 2 >> "$f"
wait_count S02 2
id=$(incident_field S02 id)

# security_headers: what every answer carries.
security_headers() {
	expect_header X-Content-Type-Options nosniff
	expect_header Referrer-Policy no-referrer
}

# content_type PATTERN: the Content-Type matches the case PATTERN.
content_type() {
	_ct=$(header Content-Type)
	case $_ct in
	$1) ;;
	*) fail "$_m $_p: Content-Type '$_ct', expected $1" ;;
	esac
}

# Every route answers 200 with its type.
for spec in \
    "/|text/html*" \
    "/?state=resolved|text/html*" \
    "/?state=active&severity=critical&product=configmgr|text/html*" \
    "/incidents/$id|text/html*" \
    "/api/v1/status|application/json*" \
    "/api/v1/incidents|application/json*" \
    "/api/v1/incidents?limit=1|application/json*" \
    "/api/v1/incidents?limit=500|application/json*" \
    "/api/v1/incidents/$id|application/json*" \
    "/api/v1/signatures|application/json*" \
    "/api/v1/sources|application/json*" \
    "/metrics|text/plain*version=0.0.4*" \
    "/healthz|text/plain*" \
    "/static/dashboard.js|*javascript*" \
    "/static/dashboard.css|text/css*"; do
	_m=GET
	_p=${spec%%|*}
	expect_http 200 GET "$_p"
	security_headers
	content_type "${spec#*|}"
	case ${spec#*|} in
	text/html*)
		expect_header Content-Security-Policy "$csp"
		grep -q '<html' "$tmp/body" || fail "$_p: no <html>"
		# No inline script or style anywhere.
		if grep -Eiq '<script[^>]*>[^<[:space:]]|<style|[[:space:]]style=|[[:space:]]on[a-z]+=' "$tmp/body"; then
			fail "$_p: inline script or style: $(grep -Ei '<script[^>]*>[^<[:space:]]|<style|[[:space:]]style=|[[:space:]]on[a-z]+=' "$tmp/body" | head -3)"
		fi
		;;
	application/json*)
		jq -e . "$tmp/body" > /dev/null || fail "$_p: not JSON"
		;;
	esac
done
# The assets are the files in web/.
expect_http 200 GET /static/dashboard.js
cmp -s "$tmp/body" "$top/web/dashboard.js" || fail "/static/dashboard.js differs from web/dashboard.js"
expect_http 200 GET /static/dashboard.css
cmp -s "$tmp/body" "$top/web/dashboard.css" || fail "/static/dashboard.css differs from web/dashboard.css"
# /healthz: "ok" as text.
expect_http 200 GET /healthz
[ "$(tr -d '\n' < "$tmp/body")" = ok ] || fail "/healthz body '$(cat "$tmp/body")', expected ok"

# Unknown paths: 404, with the headers; API ones with a JSON error.
for p in /nope /index.html /api /api/v1 /api/v1/nope /api/v2/status \
    /api/v1/incidents/999999 /api/v1/status/x /healthz/x /metrics/x; do
	_m=GET
	_p=$p
	expect_http 404 GET "$p"
	security_headers
	case $p in
	/api/v1/*) expect_json_error 404 GET "$p" ;;
	esac
done
expect_http 404 GET /incidents/999999
security_headers

# /static/: the fixed list and nothing else; traversal in every spelling.
for p in /static/ /static/nope.js /static/index.html /static/dashboard.JS \
    /static/../../etc/passwd /static/../../../../../../etc/passwd \
    /static/%2e%2e/%2e%2e/etc/passwd /static/%2E%2E/%2E%2E/etc/passwd \
    /static/..%2f..%2f..%2fetc%2fpasswd /static/%2e%2e%2f%2e%2e%2fetc%2fpasswd \
    /static/..%5c..%5cetc%5cpasswd /static//etc/passwd /static/%2fetc%2fpasswd \
    /static/../Makefile /static/%2e%2e/Makefile /static/../docs/http.md \
    /static/dashboard.js/../../Makefile /static/dashboard.js%00.css \
    /static/../web/dashboard.js /static/.%2e/daemon/http.c; do
	_m=GET
	_p=$p
	case $p in
	*%00*) expect_http 400 GET "$p" ;;	# a NUL is refused outright
	*) expect_http 404 GET "$p" ;;
	esac
	security_headers
	if grep -q 'root:' "$tmp/body" || grep -q 'PREFIX' "$tmp/body" ||
	    grep -q '^#include' "$tmp/body"; then
		fail "$p: served a file from outside web/"
	fi
done

# Wrong methods: 405 with Allow naming the right one.
for spec in "POST /api/v1/status GET" "DELETE /api/v1/incidents GET" \
    "PUT /api/v1/incidents/$id GET" "POST /api/v1/signatures GET" \
    "PATCH /api/v1/sources GET" "GET /api/v1/incidents/$id/ack POST" \
    "GET /api/v1/incidents/$id/resolve POST" \
    "DELETE /api/v1/incidents/$id/ack POST" "POST /healthz GET" \
    "POST /metrics GET" "DELETE / GET" "POST /static/dashboard.js GET" \
    "PUT /incidents/$id GET"; do
	set -- $spec
	_m=$1
	_p=$2
	expect_http 405 "$1" "$2"
	security_headers
	_allow=$(header Allow)
	case ",$(printf '%s' "$_allow" | tr -d ' ')," in
	*",$3,"*) ;;
	*) fail "$1 $2: Allow '$_allow', expected it to name $3" ;;
	esac
	case $2 in
	/api/v1/*) jq -e '(.error | type) == "string"' "$tmp/body" > /dev/null ||
	    fail "$1 $2: 405 without a JSON error: $(head -c 300 "$tmp/body")" ;;
	esac
done

# Bad parameters: 400 with a JSON error.
for q in limit=0 limit=501 limit=-1 limit=abc limit=10x \
    limit=99999999999999999999 state=bogus severity=bogus severity=fatal \
    since=yesterday since=2016-13-45T99:00:00.000Z since=12abc \
    cursor=%21%21garbage "state=open&limit=0"; do
	expect_json_error 400 GET "/api/v1/incidents?$q"
	security_headers
done
# The same filters on the dashboard.
for q in state=bogus severity=bogus; do
	expect_http 400 GET "/?$q"
	security_headers
done
# A bad incident id.
for p in /api/v1/incidents/0 /api/v1/incidents/-1 /api/v1/incidents/abc \
    /api/v1/incidents/1x /api/v1/incidents/99999999999999999999999; do
	_m=GET
	_p=$p
	http_req GET "$p"
	case $http_status in
	400|404) ;;
	*) fail "GET $p: status $http_status, expected 400 or 404" ;;
	esac
	jq -e '(.error | type) == "string"' "$tmp/body" > /dev/null ||
	    fail "GET $p: no JSON error: $(head -c 300 "$tmp/body")"
done

# Over-long requests: refused (413/431, or 414 for the request line, or
# dropped) and the daemon serves on.
big=$(head -c 20000 /dev/zero | tr '\0' 'a')
http_req GET /api/v1/status -H "X-Big: $big"
case $http_status in
413|431|000) ;;
*) fail "a 20 KB header: status $http_status, expected 413, 431 or a drop" ;;
esac
http_req GET /api/v1/status -H "X-A: $(head -c 6000 /dev/zero | tr '\0' 'a')" \
    -H "X-B: $(head -c 6000 /dev/zero | tr '\0' 'b')" \
    -H "X-C: $(head -c 6000 /dev/zero | tr '\0' 'c')"
case $http_status in
413|431|000) ;;
*) fail "18 KB of headers: status $http_status, expected 413, 431 or a drop" ;;
esac
http_req GET "/api/v1/incidents?x=$big"
case $http_status in
413|414|431|000) ;;
*) fail "a 20 KB URL: status $http_status, expected 413, 414, 431 or a drop" ;;
esac
http_req GET "/static/$big"
case $http_status in
404|413|414|431|000) ;;
*) fail "a 20 KB /static/ name: status $http_status" ;;
esac
daemon_alive || fail "the daemon died on an over-long request"
expect_http 200 GET /healthz
expect_http 200 GET /api/v1/status
jq -e '.open.critical == 1' "$tmp/body" > /dev/null || fail "status after the long requests: $(cat "$tmp/body")"

# The daemon still ingests and stops cleanly.
hit S03 >> "$f"
wait_count S03 1
stop_daemon
