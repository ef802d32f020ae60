/*
 * linktest: one static Windows exe that uses every library deps.sh builds,
 * run under wine64 by `deps.sh --selftest`.  Each check prints one line
 * "RESULT name PASS|FAIL detail"; the exit status is the number of failures.
 *
 *   linktest.exe WORKDIR [HTTPS-URL]
 *
 * WORKDIR is an existing, empty directory (for the SQLite database); the
 * optional URL is an HTTPS server to shake hands with through Schannel
 * (certificate checks off: it is self-signed).
 */
#define PCRE2_CODE_UNIT_WIDTH 8
#include <pcre2.h>
#include <sqlite3.h>
#include <microhttpd.h>
#include <jansson.h>
#include <ini.h>
#include <curl/curl.h>
#include <check.h>

#include <winsock2.h>
#include <ws2tcpip.h>
#include <windows.h>
#include <io.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int failures;

static void result(const char *name, int pass, const char *fmt, ...)
    __attribute__((format(gnu_printf, 3, 4)));

static void
result(const char *name, int pass, const char *fmt, ...)
{
	va_list ap;

	printf("RESULT %s %s ", name, pass ? "PASS" : "FAIL");
	va_start(ap, fmt);
	vprintf(fmt, ap);
	va_end(ap);
	putchar('\n');
	fflush(stdout);
	if (!pass)
		failures++;
}

/* "Кириллица ü €" in UTF-8, as a syncwatch log line might carry it. */
#define UTF8_TEXT "\xd0\x9a\xd0\xb8\xd1\x80\xd0\xb8\xd0\xbb\xd0\xbb\xd0\xb8" \
	"\xd1\x86\xd0\xb0 \xc3\xbc \xe2\x82\xac"

/* ---- PCRE2: JIT compile and match, named groups. */
static void
test_pcre2(void)
{
	const char *pat = "^(?<ip>\\d+\\.\\d+\\.\\d+\\.\\d+) \\S+ \\S+ "
	    "\\[[^]]+\\] \"(?<method>[A-Z]+) (?<path>\\S+)";
	const char *line = "198.51.100.7 - - [22/Nov/2026:10:00:00 +0000] "
	    "\"GET /sync/status HTTP/1.1\" 200 17";
	uint32_t jit = 0;
	char target[64] = "";
	PCRE2_UCHAR path[64];
	PCRE2_SIZE plen = sizeof(path);
	int err, rc = -1, jrc = -1;
	PCRE2_SIZE off;
	pcre2_code *re;
	pcre2_match_data *md;

	pcre2_config(PCRE2_CONFIG_JIT, &jit);
	pcre2_config(PCRE2_CONFIG_JITTARGET, target);
	re = pcre2_compile((PCRE2_SPTR)pat, PCRE2_ZERO_TERMINATED, PCRE2_UTF,
	    &err, &off, NULL);
	if (re == NULL) {
		result("pcre2_jit", 0, "compile error %d at %zu", err, (size_t)off);
		return;
	}
	jrc = pcre2_jit_compile(re, PCRE2_JIT_COMPLETE);
	md = pcre2_match_data_create_from_pattern(re, NULL);
	if (jrc == 0)
		rc = pcre2_jit_match(re, (PCRE2_SPTR)line, strlen(line), 0, 0,
		    md, NULL);
	if (rc > 0 && pcre2_substring_copy_byname(md, (PCRE2_SPTR)"path",
	    path, &plen) != 0)
		path[0] = 0;
	result("pcre2_jit", jit == 1 && jrc == 0 && rc == 4 &&
	    strcmp((char *)path, "/sync/status") == 0,
	    "jit=%u target='%s' jit_compile=%d match=%d path=%s",
	    jit, target, jrc, rc, rc > 0 ? (char *)path : "-");
	pcre2_match_data_free(md);
	pcre2_code_free(re);
}

/* ---- SQLite: WAL, insert and select, compile options, backup API. */
static int
one_text(sqlite3 *db, const char *sql, char *out, size_t n)
{
	sqlite3_stmt *st;
	int rc;

	out[0] = 0;
	if (sqlite3_prepare_v2(db, sql, -1, &st, NULL) != SQLITE_OK)
		return -1;
	rc = sqlite3_step(st);
	if (rc == SQLITE_ROW && sqlite3_column_text(st, 0) != NULL)
		snprintf(out, n, "%s", sqlite3_column_text(st, 0));
	sqlite3_finalize(st);
	return rc == SQLITE_ROW ? 0 : -1;
}

static void
test_sqlite(const char *dir)
{
	static const char *opts[] = { "THREADSAFE=1", "DQS=0",
	    "OMIT_LOAD_EXTENSION", "DEFAULT_WAL_SYNCHRONOUS=1",
	    "ENABLE_COLUMN_METADATA", "SECURE_DELETE", NULL };
	char path[MAX_PATH], wal[MAX_PATH + 8], mode[32], text[128], count[32];
	char missing[256] = "";
	sqlite3 *db = NULL, *mem = NULL;
	sqlite3_backup *bk;
	int i, rc, dqs_rejected, delete_limit, wal_file, brc = -1;

	snprintf(path, sizeof(path), "%s/events.db", dir);
	snprintf(wal, sizeof(wal), "%s-wal", path);
	for (i = 0; opts[i] != NULL; i++)
		if (!sqlite3_compileoption_used(opts[i]))
			snprintf(missing + strlen(missing),
			    sizeof(missing) - strlen(missing), " %s", opts[i]);
	rc = sqlite3_open_v2(path, &db, SQLITE_OPEN_READWRITE |
	    SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX, NULL);
	if (rc == SQLITE_OK)
		rc = one_text(db, "PRAGMA journal_mode = WAL", mode, sizeof(mode));
	if (rc == 0)
		rc = sqlite3_exec(db, "PRAGMA synchronous = NORMAL;"
		    "CREATE TABLE ev (id INTEGER PRIMARY KEY, msg TEXT NOT NULL);"
		    "INSERT INTO ev (msg) VALUES ('" UTF8_TEXT "');"
		    "INSERT INTO ev (msg) VALUES ('second') RETURNING id;",
		    NULL, NULL, NULL);
	if (rc == 0)
		rc = one_text(db, "SELECT msg FROM ev WHERE id = 1", text,
		    sizeof(text));
	/* DQS=0: a double-quoted word is an identifier, never a string. */
	dqs_rejected = sqlite3_exec(db, "SELECT \"no such column\"", NULL,
	    NULL, NULL) != SQLITE_OK;
	/* As Debian's build: UPDATE_DELETE_LIMIT reached the parser. */
	delete_limit = sqlite3_exec(db, "DELETE FROM ev WHERE id > 100 "
	    "ORDER BY id LIMIT 1", NULL, NULL, NULL) == SQLITE_OK;
	wal_file = _access(wal, 0) == 0;
	result("sqlite_wal", rc == 0 && strcmp(mode, "wal") == 0 &&
	    strcmp(text, UTF8_TEXT) == 0 && wal_file && dqs_rejected &&
	    delete_limit && sqlite3_threadsafe() == 1 && missing[0] == 0,
	    "version=%s journal_mode=%s wal_file=%s utf8_row=%s dqs0=%s "
	    "delete_limit=%s threadsafe=%d missing_options='%s'",
	    sqlite3_libversion(), mode, wal_file ? "present" : "absent",
	    strcmp(text, UTF8_TEXT) == 0 ? "ok" : "bad",
	    dqs_rejected ? "yes" : "no", delete_limit ? "yes" : "no",
	    sqlite3_threadsafe(), missing);

	/* Backup API: copy the WAL database into memory. */
	count[0] = 0;
	if (sqlite3_open(":memory:", &mem) == SQLITE_OK &&
	    (bk = sqlite3_backup_init(mem, "main", db, "main")) != NULL) {
		brc = sqlite3_backup_step(bk, -1);
		sqlite3_backup_finish(bk);
		one_text(mem, "SELECT count(*) FROM ev", count, sizeof(count));
	}
	result("sqlite_backup", brc == SQLITE_DONE && strcmp(count, "2") == 0,
	    "step=%d rows=%s", brc, count);
	sqlite3_close(mem);
	result("sqlite_close", sqlite3_close(db) == SQLITE_OK, "%s", "");
}

/* ---- MHD answers, curl asks: JSON made by jansson, over HTTP, also
 * through curl's proxy code (MHD plays the proxy). */
static char last_url[256], last_host[128];

static enum MHD_Result
answer(void *cls, struct MHD_Connection *c, const char *url,
    const char *method, const char *version, const char *upload,
    size_t *upload_size, void **state)
{
	struct MHD_Response *r;
	enum MHD_Result ret;
	const char *host;
	json_t *o;
	char *body;

	snprintf(last_url, sizeof(last_url), "%s", url);
	host = MHD_lookup_connection_value(c, MHD_HEADER_KIND, "Host");
	snprintf(last_host, sizeof(last_host), "%s", host ? host : "");
	o = json_pack("{s:s, s:s}", "status", "ok", "text", UTF8_TEXT);
	body = json_dumps(o, JSON_COMPACT);
	json_decref(o);
	r = MHD_create_response_from_buffer(strlen(body), body,
	    MHD_RESPMEM_MUST_FREE);
	MHD_add_response_header(r, "Content-Type", "application/json");
	ret = MHD_queue_response(c, MHD_HTTP_OK, r);
	MHD_destroy_response(r);
	return ret;
}

struct buf {
	char data[4096];
	size_t len;
};

static size_t
collect(char *p, size_t size, size_t n, void *arg)
{
	struct buf *b = arg;
	size_t len = size * n;

	if (len > sizeof(b->data) - 1 - b->len)
		len = sizeof(b->data) - 1 - b->len;
	memcpy(b->data + b->len, p, len);
	b->len += len;
	b->data[b->len] = 0;
	return size * n;
}

static CURLcode
get(const char *url, const char *proxy, struct buf *b, long *status)
{
	CURL *h = curl_easy_init();
	CURLcode rc;

	b->len = 0;
	b->data[0] = 0;
	*status = 0;
	curl_easy_setopt(h, CURLOPT_URL, url);
	/* Never an environment proxy (http_proxy...): only the one given. */
	curl_easy_setopt(h, CURLOPT_PROXY, proxy ? proxy : "");
	curl_easy_setopt(h, CURLOPT_TIMEOUT, 20L);
	curl_easy_setopt(h, CURLOPT_WRITEFUNCTION, collect);
	curl_easy_setopt(h, CURLOPT_WRITEDATA, b);
	if (getenv("LINKTEST_VERBOSE") != NULL)
		curl_easy_setopt(h, CURLOPT_VERBOSE, 1L);
	if (strncmp(url, "https:", 6) == 0) {
		curl_easy_setopt(h, CURLOPT_SSL_VERIFYPEER, 0L);
		curl_easy_setopt(h, CURLOPT_SSL_VERIFYHOST, 0L);
		curl_easy_setopt(h, CURLOPT_SSL_OPTIONS,
		    (long)CURLSSLOPT_NO_REVOKE);
	}
	rc = curl_easy_perform(h);
	curl_easy_getinfo(h, CURLINFO_RESPONSE_CODE, status);
	curl_easy_cleanup(h);
	return rc;
}

static int
json_text_ok(const char *body)
{
	json_error_t e;
	json_t *o = json_loads(body, 0, &e);
	const char *t = json_string_value(json_object_get(o, "text"));
	int ok = t != NULL && strcmp(t, UTF8_TEXT) == 0;

	json_decref(o);
	return ok;
}

static void
test_http(void)
{
	struct sockaddr_in sa;
	const union MHD_DaemonInfo *info;
	struct MHD_Daemon *d;
	char url[64], proxy[64];
	struct buf b;
	long status, pstatus;
	CURLcode rc, prc;
	int port, direct_ok, proxied_ok;

	memset(&sa, 0, sizeof(sa));
	sa.sin_family = AF_INET;
	sa.sin_port = 0;
	sa.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	d = MHD_start_daemon(MHD_USE_INTERNAL_POLLING_THREAD | MHD_USE_ERROR_LOG,
	    0, NULL, NULL, answer, NULL, MHD_OPTION_SOCK_ADDR, &sa,
	    MHD_OPTION_END);
	if (d == NULL) {
		result("mhd_curl_http", 0, "MHD_start_daemon failed");
		return;
	}
	info = MHD_get_daemon_info(d, MHD_DAEMON_INFO_BIND_PORT);
	port = info ? info->port : 0;
	snprintf(url, sizeof(url), "http://127.0.0.1:%d/status", port);
	rc = get(url, NULL, &b, &status);
	direct_ok = rc == CURLE_OK && status == 200 && json_text_ok(b.data) &&
	    strcmp(last_url, "/status") == 0;
	result("mhd_curl_http", direct_ok, "mhd=%s port=%d curl=%d http=%ld "
	    "url=%s body=%s", MHD_get_version(), port, (int)rc, status,
	    last_url, b.data);

	/* The same server as an HTTP proxy: curl sends the absolute URL. */
	snprintf(proxy, sizeof(proxy), "http://127.0.0.1:%d", port);
	prc = get("http://alertmanager.invalid:9093/api/v2/alerts", proxy, &b,
	    &pstatus);
	proxied_ok = prc == CURLE_OK && pstatus == 200 &&
	    strstr(last_url, "alertmanager.invalid") != NULL &&
	    strcmp(last_host, "alertmanager.invalid:9093") == 0;
	result("curl_proxy", proxied_ok, "curl=%d http=%ld url=%s host=%s",
	    (int)prc, pstatus, last_url, last_host);
	MHD_stop_daemon(d);
}

/* ---- jansson: a non-ASCII round trip, and JSON_INTEGER_FORMAT. */
static void
test_jansson(void)
{
	json_int_t big = (json_int_t)1 << 40;
	json_error_t e;
	json_t *o, *back;
	const char *t;
	char *s, num[32];
	int ok;

	o = json_pack("{s:s, s:I}", "msg", UTF8_TEXT, "n", big);
	s = json_dumps(o, JSON_COMPACT | JSON_SORT_KEYS);
	back = s ? json_loads(s, 0, &e) : NULL;
	t = json_string_value(json_object_get(back, "msg"));
	/* -Werror=format checked this format with the patched header. */
	snprintf(num, sizeof(num), "%" JSON_INTEGER_FORMAT, big);
	ok = t != NULL && strcmp(t, UTF8_TEXT) == 0 &&
	    json_integer_value(json_object_get(back, "n")) == big &&
	    strcmp(num, "1099511627776") == 0 && json_equal(o, back);
	result("jansson_utf8", ok, "version=%s dump=%s int_format='%s' -> %s",
	    jansson_version_str(), s ? s : "(null)", JSON_INTEGER_FORMAT, num);
	free(s);
	json_decref(o);
	json_decref(back);
}

/* ---- inih: a string and a stream, 4-argument handler. */
struct ini_seen {
	int n;
	char name[64], where[64];
};

static int
on_ini(void *user, const char *section, const char *name,
    const char *value)
{
	struct ini_seen *s = user;

	s->n++;
	if (strcmp(section, "source") == 0 && strcmp(name, "name") == 0)
		snprintf(s->name, sizeof(s->name), "%s", value);
	if (strcmp(section, "source") == 0 && strcmp(name, "path") == 0)
		snprintf(s->where, sizeof(s->where), "%s", value);
	return 1;
}

static const char ini_text[] =
    "; syncwatch.conf\n[source]\nname = Ektron " UTF8_TEXT "\n"
    "path = C:\\ProgramData\\Ektron\\*.log ; inline comment\n";

struct ini_reader {
	const char *p;
};

static char *
ini_read(char *line, int n, void *stream)
{
	struct ini_reader *r = stream;
	int i = 0;

	if (*r->p == 0)
		return NULL;
	while (i < n - 1 && *r->p != 0) {
		line[i++] = *r->p;
		if (*r->p++ == '\n')
			break;
	}
	line[i] = 0;
	return line;
}

static void
test_inih(void)
{
	struct ini_seen a = { 0 }, b = { 0 };
	struct ini_reader r = { ini_text };
	/* The 4-argument handler of ini.h's default (no INI_HANDLER_LINENO). */
	ini_handler handler = on_ini;
	int rc1, rc2;

	rc1 = ini_parse_string(ini_text, handler, &a);
	rc2 = ini_parse_stream(ini_read, &r, handler, &b);
	result("inih", rc1 == 0 && rc2 == 0 && a.n == 2 && b.n == 2 &&
	    strcmp(a.name, "Ektron " UTF8_TEXT) == 0 &&
	    strcmp(b.where, "C:\\ProgramData\\Ektron\\*.log") == 0,
	    "string=%d stream=%d keys=%d/%d path='%s'", rc1, rc2, a.n, b.n,
	    b.where);
}

/* ---- curl: the build we asked for. */
static void
test_curl_version(void)
{
	curl_version_info_data *v = curl_version_info(CURLVERSION_NOW);
	char protos[256] = "";
	int i, http = 0, https = 0;

	for (i = 0; v->protocols[i] != NULL; i++) {
		snprintf(protos + strlen(protos), sizeof(protos) - strlen(protos),
		    "%s%s", i ? "," : "", v->protocols[i]);
		http |= strcmp(v->protocols[i], "http") == 0;
		https |= strcmp(v->protocols[i], "https") == 0;
	}
	result("curl_schannel", v->ssl_version != NULL &&
	    strstr(v->ssl_version, "Schannel") != NULL &&
	    (v->features & CURL_VERSION_SSL) && (v->features & CURL_VERSION_SSPI)
	    && !(v->features & CURL_VERSION_LIBZ) && http && https,
	    "libcurl=%s ssl=%s protocols=%s sspi=%s ntlm=%s spnego=%s ipv6=%s "
	    "threaded_resolver=%s", v->version, v->ssl_version ? v->ssl_version :
	    "none", protos, v->features & CURL_VERSION_SSPI ? "yes" : "no",
	    v->features & CURL_VERSION_NTLM ? "yes" : "no",
	    v->features & CURL_VERSION_SPNEGO ? "yes" : "no",
	    v->features & CURL_VERSION_IPV6 ? "yes" : "no",
	    v->features & CURL_VERSION_ASYNCHDNS ? "yes" : "no");
}

static void
test_https(const char *url)
{
	struct buf b;
	long status;
	CURLcode rc = get(url, NULL, &b, &status);

	result("https_schannel", rc == CURLE_OK && status == 200 &&
	    strcmp(b.data, "schannel ok") == 0,
	    "url=%s curl=%d (%s) http=%ld body=%.20s", url, (int)rc,
	    curl_easy_strerror(rc), status, b.data);
}

/* ---- Check: one trivial suite, no fork. */
START_TEST(test_trivial)
{
	ck_assert_int_eq(1 + 1, 2);
	ck_assert_str_eq(UTF8_TEXT, UTF8_TEXT);
}
END_TEST

static void
test_check(void)
{
	Suite *s = suite_create("linktest");
	TCase *tc = tcase_create("core");
	SRunner *sr;
	int run, failed;

	tcase_add_test(tc, test_trivial);
	suite_add_tcase(s, tc);
	sr = srunner_create(s);
	srunner_set_fork_status(sr, CK_NOFORK);
	srunner_run_all(sr, CK_SILENT);
	run = srunner_ntests_run(sr);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	result("check", run == 1 && failed == 0, "run=%d failed=%d fork=%s",
	    run, failed, getenv("CK_FORK") ? getenv("CK_FORK") : "unset");
}

int
main(int argc, char **argv)
{
	if (argc < 2) {
		fprintf(stderr, "usage: linktest WORKDIR [HTTPS-URL]\n");
		return 2;
	}
	if (curl_global_init(CURL_GLOBAL_ALL) != CURLE_OK) {
		result("curl_global_init", 0, "%s", "");
		return 1;
	}
	test_pcre2();
	test_sqlite(argv[1]);
	test_http();
	test_jansson();
	test_inih();
	test_curl_version();
	if (argc > 2)
		test_https(argv[2]);
	test_check();
	curl_global_cleanup();
	return failures;
}
