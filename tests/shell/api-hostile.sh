# Log text is untrusted (docs/http.md): a captured field and a sample
# holding <script>, an <img onerror>, quotes, backslashes, "&amp;", a NUL
# byte, invalid UTF-8 bytes and an ESC must come out of the JSON API as
# valid JSON (UTF-8, control characters escaped) carrying the text, and out
# of the HTML pages escaped: never a raw <script> or <img>.  Query
# parameters and paths reflected in answers are escaped too, and a %00 in
# the target is refused with a 400.
set -eu
. "$(dirname "$0")/../lib.sh"
api_init

f=$logs/despool.log
source_section despool "$f" start_at=beginning | api_config
start_api_daemon

# The path field (and the record text): C:\x"y'<script>…</script>\b\\c
# <img src=x onerror=alert(2)> &amp; ESC[31m \377\300 NUL z.ins
printf 'Cannot find a public key for instruction C:\\x"y'"'"'<script>alert(1)</script>\\b\\\\c<img src=x onerror=alert(2)>&amp;</code>\033[31m\377\300\000z.ins incoming from site S02, retry it later~  $$<SMS_DESPOOLER><08-22-2016 04:15:01.917+420><thread=2316 (0x90C)>\r\n' >> "$f"
wait_count S02 1
id=$(incident_field S02 id)

# valid_utf8 FILE: FILE is valid UTF-8 without NUL bytes.
valid_utf8() {
	iconv -f UTF-8 -t UTF-8 "$1" > /dev/null 2>&1 ||
	    fail "$2: not valid UTF-8"
	[ "$(tr -d '\000' < "$1" | wc -c)" -eq "$(wc -c < "$1")" ] ||
	    fail "$2: a NUL byte in the body"
}

# --- JSON
for p in /api/v1/incidents "/api/v1/incidents/$id" "/api/v1/incidents?state=open&signature=configmgr.despool.public-key-missing"; do
	expect_http 200 GET "$p"
	valid_utf8 "$tmp/body" "$p"
	jq -e . "$tmp/body" > /dev/null || fail "$p: not JSON"
	# JSON escapes control characters: no raw ESC.
	if grep -q "$(printf '\033')" "$tmp/body"; then
		fail "$p: a raw ESC in JSON"
	fi
done
expect_http 200 GET /api/v1/incidents
expect_json '.incidents[0].fields.path | type == "string" and
    startswith("C:\\x\"y'"'"'<script>alert(1)</script>\\b\\\\c<img src=x onerror=alert(2)>&amp;</code>\u001b[31m") and
    endswith("z.ins")' "the path field in /api/v1/incidents"
expect_http 200 GET "/api/v1/incidents/$id"
expect_json '(.fields.path | contains("<script>alert(1)</script>")) and
    (.samples | length) == 1 and (.samples[0].text | type) == "string" and
    (.samples[0].text | startswith("Cannot find a public key for instruction C:\\x\"y'"'"'<script>alert(1)</script>\\b\\\\c<img src=x onerror=alert(2)>&amp;</code>\u001b[31m")) and
    (.samples[0].text | contains("z.ins incoming from site S02"))' \
    "the path field and sample in /api/v1/incidents/$id"

# --- HTML: the dashboard and the incident page show the text, escaped.
for p in / "/?state=open" "/incidents/$id"; do
	expect_http 200 GET "$p"
	valid_utf8 "$tmp/body" "$p"
	if grep -q '<script>' "$tmp/body" || grep -q 'alert(1)</script>' "$tmp/body" ||
	    grep -q '<img src=x' "$tmp/body" || grep -q '</code>\(.\)\?\[31m' "$tmp/body"; then
		fail "$p: log text not escaped: $(grep -n -e '<script>' -e 'alert(1)<' -e '<img src=x' "$tmp/body" | head -3)"
	fi
	grep -qF '&lt;script&gt;alert(1)&lt;/script&gt;' "$tmp/body" ||
	    fail "$p: the escaped text &lt;script&gt;alert(1)&lt;/script&gt; is not shown"
	grep -qF '&lt;img src=x onerror=alert(2)&gt;&amp;amp;&lt;/code&gt;' "$tmp/body" ||
	    fail "$p: '<img src=x onerror=alert(2)>&amp;</code>' is not shown escaped"
	# The only script elements are the external ones.
	n=$(grep -o '<script' "$tmp/body" | wc -l)
	m=$(grep -oE '<script src="/static/(common|dashboard|incident)\.js" defer></script>' "$tmp/body" | wc -l)
	[ "$n" -eq "$m" ] && [ "$m" -eq 3 ] || fail "$p: $n <script elements, $m of them the page's own three"
done
expect_http 200 GET /
grep -q "<tr class=\"incident sev-critical state-open\" data-id=\"$id\" data-signature=\"configmgr.despool.public-key-missing\">" "$tmp/body" ||
    fail "dashboard: the incident row's markup is broken: $(grep -n 'class="incident ' "$tmp/body" | head -2)"
grep -q '<td class="fields">' "$tmp/body" || fail "dashboard: no fields cell"
expect_http 200 GET "/incidents/$id"
grep -q '<table id="samples">' "$tmp/body" || fail "incident page: no samples table"
grep -qF 'C:\x&quot;y' "$tmp/body" || grep -qF 'C:\x&#34;y' "$tmp/body" ||
    grep -qF 'C:\x"y' "$tmp/body" || fail "incident page: the quoted text is missing"

# --- Reflected input: query parameters and paths.
http_req GET '/?product=%3Cscript%3Ealert(3)%3C%2Fscript%3E'
case $http_status in
200|400) ;;
*) fail "/?product=<script>: status $http_status" ;;
esac
if grep -q '<script>alert(3)' "$tmp/body"; then
	fail "/?product=<script>: reflected raw"
fi
http_req GET '/api/v1/incidents?severity=%3Cscript%3Ealert(5)%3C%2Fscript%3E'
[ "$http_status" = 400 ] || fail "severity=<script>: status $http_status, expected 400"
case $(header Content-Type) in
application/json*) ;;
*) fail "severity=<script>: error Content-Type '$(header Content-Type)'" ;;
esac
jq -e . "$tmp/body" > /dev/null || fail "severity=<script>: error not JSON"
expect_header X-Content-Type-Options nosniff
http_req GET '/%3Cscript%3Ealert(4)%3C/script%3E'
[ "$http_status" = 404 ] || fail "/<script>: status $http_status, expected 404"
if grep -q '<script>alert(4)' "$tmp/body"; then
	fail "/<script>…: the path is reflected raw"
fi
expect_header X-Content-Type-Options nosniff
http_req GET '/incidents/%3Cscript%3Ealert(6)%3C/script%3E'
case $http_status in
400|404) ;;
*) fail "/incidents/<script>: status $http_status, expected 400 or 404" ;;
esac
if grep -q '<script>alert(6)' "$tmp/body"; then
	fail "/incidents/<script>…: the path is reflected raw"
fi
# Invalid UTF-8 and NUL in a query parameter: an error or nothing found,
# and the daemon carries on.
http_req GET '/api/v1/incidents?product=%FF%C0%00x&signature=%00'
case $http_status in
200|400) jq -e . "$tmp/body" > /dev/null || fail "product=%FF%00: not JSON" ;;
*) fail "product=%FF%00: status $http_status" ;;
esac
http_req GET '/?product=%FF%C0&severity=%00'
case $http_status in
200|400) valid_utf8 "$tmp/body" "/?product=%FF" ;;
*) fail "/?product=%FF: status $http_status" ;;
esac
# A NUL byte (%00) anywhere in the target is a 400, never a route: the
# decoded path would end at the NUL (and the callback that decodes it may
# only shorten it in place).
for p in '/%00' '/%00%00%00%00%00%00%00%00' '/static/dashboard.js%00.css' \
    "/incidents/$id%00" '/healthz?x=%00' '/api/v1/incidents?state=open%00x' \
    '/?%00=1' '/metrics%00'; do
	expect_json_error 400 GET "$p"
	expect_json '.error | test("NUL")' "$p (error body)"
done
expect_http 200 GET /static/dashboard.js
daemon_alive || fail "the daemon died"
expect_http 200 GET /healthz
stop_daemon
