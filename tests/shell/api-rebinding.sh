# DNS rebinding and cross-site posts (docs/http.md, "Host and Origin"): a
# request whose Host is not this server's (a rebound attacker name, our
# address with another port) is answered 421 with a JSON error and none of
# the data, on every page and API; the listen address, localhost and the
# allowed_hosts names are served.  A state change with a good token is
# refused (403, nothing changes) when the browser says it comes from
# another origin (Origin, Origin: null, Sec-Fetch-Site: cross-site or
# same-site), and goes through from the server's own origin (Sec-Fetch-Site:
# same-origin decides even beside Origin: null, which our plain forms
# send) or from a client that is not a browser.  The CLI (status, reload)
# keeps working.
set -eu
. "$(dirname "$0")/../lib.sh"
api_init

f=$logs/despool.log
printf 'ops tok-ops-0123456789abcdef\n' > "$tokens"
chmod 600 "$tokens"
{
	printf 'allowed_hosts = syncwatch.test monitor.test:9999\n'
	source_section despool "$f" start_at=beginning
} | api_config api_tokens
start_api_daemon
hit S02 >> "$f"
wait_count S02 1
id=$(incident_field S02 id)
bearer='Authorization: Bearer tok-ops-0123456789abcdef'

# Wrong Host: 421 and nothing of ours.
for h in "attacker.example:$port" attacker.example "127.0.0.1:$((port + 1))" \
    "localhost.attacker.example:$port" "monitor.test:$port" "syncwatch.test.attacker.example"; do
	for p in / /healthz /metrics /api/v1/status /api/v1/incidents \
	    "/api/v1/incidents/$id" "/incidents/$id" /static/dashboard.js; do
		expect_json_error 421 GET "$p" -H "Host: $h"
		expect_json '.error | test("allowed_hosts")' "$p with Host $h"
		if grep -q 'S02\|syncwatch_up\|"open"' "$tmp/body"; then
			fail "$p with Host $h: the answer carries our data"
		fi
	done
	expect_json_error 421 POST "/api/v1/incidents/$id/ack" -H "Host: $h" -H "$bearer"
done
# Our names.
for h in "127.0.0.1:$port" "localhost:$port" "LOCALHOST:$port" syncwatch.test \
    "syncwatch.test:443" "Syncwatch.Test:$port" monitor.test:9999; do
	expect_http 200 GET /api/v1/status -H "Host: $h"
done

# Cross-origin state changes: 403, the incident stays open.
for o in "Origin: http://attacker.example" "Origin: null" \
    "Origin: http://127.0.0.1:$((port + 1))" "Origin: http://localhost:$port"; do
	expect_json_error 403 POST "/api/v1/incidents/$id/ack" -H "$bearer" -H "$o"
	expect_json '.error | test("cross-origin")' "ack with $o"
	http_req POST "/incidents/$id/ack" -H "$o" --data 'token=tok-ops-0123456789abcdef'
	[ "$http_status" = 403 ] || fail "form ack with $o: status $http_status, expected 403"
done
for s in cross-site same-site; do
	expect_json_error 403 POST "/api/v1/incidents/$id/resolve" -H "$bearer" \
	    -H "Sec-Fetch-Site: $s"
done
expect_json_error 403 POST /api/v1/reload -H "$bearer" -H 'Origin: http://attacker.example'
expect_http 200 GET "/api/v1/incidents/$id"
expect_json '.state == "open"' "the incident after cross-origin posts"

# A plain form from our own page: Origin: null (our pages say
# Referrer-Policy: no-referrer) but Sec-Fetch-Site: same-origin.  Wrong
# token: 401, so it got past the origin check.
expect_http 401 POST "/incidents/$id/ack" -H 'Origin: null' \
    -H 'Sec-Fetch-Site: same-origin' --data 'token=wrong'
# Same origin, as the dashboard posts: acknowledged.
expect_http 200 POST "/api/v1/incidents/$id/ack" -H "$bearer" \
    -H "Origin: http://127.0.0.1:$port" -H 'Sec-Fetch-Site: same-origin'
expect_json '.state == "acknowledged" and .state_by == "ops"' "a same-origin ack"
# Behind a TLS proxy: Host without port, Origin https.
expect_http 200 POST "/api/v1/incidents/$id/resolve" -H "$bearer" \
    -H 'Host: syncwatch.test' -H 'Origin: https://syncwatch.test'
expect_json '.state == "resolved"' "a resolve through a proxy"

# The CLI: the Nagios check and the reload command, through the API.
expect_status 0 "$prog" status --url "$api"
grep -q '^SYNCWATCH OK' "$tmp/out" || fail "status: $(cat "$tmp/out")"
expect_status 0 "$prog" reload --config "$conf"
grep -q '^reloaded' "$tmp/out" || fail "reload: $(cat "$tmp/out")"
daemon_alive || fail "the daemon died"
stop_daemon

# check-config names a malformed entry with its line; the daemon refuses it.
{
	printf 'allowed_hosts = ok.test https://syncwatch.test\n'
	source_section despool "$f" start_at=beginning
} | api_config
expect_status 1 "$prog" check-config "$conf"
grep -q "^$conf:5: bad allowed_hosts entry 'https://syncwatch.test'" "$tmp/out" ||
    fail "check-config: $(cat "$tmp/out")"
expect_status 2 "$prog" daemon --config "$conf" --foreground
