/*
 * fuzz-http — raw bytes sent to the daemon's HTTP server, as a client on
 * the network would send them.
 *
 * The harness starts the real server once (http_start on a loopback port:
 * libmicrohttpd, the route table, the handlers, a store holding a few
 * incidents, the real signatures, a token file) and sends each input over
 * a fresh connection, then reads what comes back until the server closes.
 * That drives the request path exactly as libmicrohttpd does (request
 * line, headers, query arguments, bodies, chunked encoding, pipelining,
 * the callbacks' order and lifetimes) with nothing faked but the main
 * loop, which a stand-in answers at once (reloads, heartbeats); calling
 * the handlers directly would have meant re-creating libmicrohttpd's
 * parsing and state around them, with the bugs that lie in between lost.
 *
 * One thing the socket cannot show: libmicrohttpd keeps the request in one
 * block of its connection pool, so a callback writing past the URI it was
 * given lands on the request's own bytes and no sanitizer sees it.  So the
 * harness also hands the decoder the unescape callback uses (http/uri.h)
 * the path and every query key and value of the input's request line, each
 * in a buffer of exactly its size, as the library's contract allows it (it
 * may shorten the string in place, never lengthen it); ASan then catches
 * a write past the end (the old "/.invalid" bug: regress/http/).
 *
 * What must hold, besides no crash, leak or undefined behaviour: the
 * server answers or closes within a few seconds; an answer is an HTTP
 * status line with a status the API uses or libmicrohttpd sends; one of
 * ours says nosniff, carries a Content-Security-Policy when it is HTML
 * and valid JSON when it says JSON (README: "JSON is always valid"); and
 * the store is never reported unreadable.  FUZZ_HTTP_SHOW=1 in the
 * environment prints every answer.
 */
#include <arpa/inet.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <errno.h>
#include <jansson.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <unistd.h>

#include "conf/config.h"
#include "fuzz.h"
#include "http/auth.h"
#include "http/http.h"
#include "http/snapshot.h"
#include "http/uri.h"
#include "lib/buf.h"
#include "lib/log.h"
#include "lib/xmalloc.h"
#include "match/sigdb.h"
#include "platform/platform.h"
#include "store/store.h"

#define NAME		"http"
#define ANSWER_MS	5000		/* a server that says nothing this long */
#define TOKEN		"fuzz-token-0123456789abcdef"

static struct http *server;
static struct store *st;
static struct snapshot *sn;
static struct auth *au;
static int port;
static int reloads;

static void
quiet(void *arg, int priority, const char *text, size_t len)
{
}

/* The stand-in main loop: answers a reload (every other one refused). */
static void
wake(void *arg)
{
	if (snapshot_take_reload(sn))
		snapshot_reload_done(sn, platform_now_ms(), reloads++ % 2 ?
		    "fuzz: refused" : NULL);
	snapshot_heartbeat(sn);
}

static void
add_incident(const char *sig, const char *site, const char *text, int64_t t)
{
	char key[128], fields[256], *cause = NULL;
	struct store_hit h;

	snprintf(key, sizeof(key), "{\"site\":\"%s\"}", site);
	snprintf(fields, sizeof(fields), "{\"site\":\"%s\"}", site);
	memset(&h, 0, sizeof(h));
	h.signature = sig;
	h.product = "configmgr";
	h.severity = "critical";
	h.source = "despool";
	h.key = key;
	h.fields_json = fields;
	h.time_ms = t;
	h.file = "/logs/despool.log";
	h.line = 12;
	h.text = text;
	if (store_begin(st, &cause) == -1 || store_hit(st, &h, t, NULL,
	    &cause) == -1 || store_commit(st, &cause) == -1)
		fuzz_fail(NAME, "cannot seed the store: %s", cause);
}

/* Acks and resolves change the store: put the incidents back. */
static void
reopen_all(void)
{
	char *cause = NULL;
	int64_t id;

	for (id = 1; id <= 3; id++)
		if (store_set_state(st, id, "open", "fuzz", platform_now_ms(),
		    &cause) == -1) {
			xfree(cause);
			cause = NULL;
		}
}

/* At exit: the server first (it uses the rest), then what it used. */
static void
teardown(void)
{
	http_stop(server);
	store_close(st);
	snapshot_free(sn);
	auth_free(au);
}

int
LLVMFuzzerInitialize(int *argc, char ***argv)
{
	const char *src = getenv("SYNCWATCH_SRCDIR"), *dir;
	struct snapshot_source *ss;
	struct sigdb *db;
	struct config cf;
	static char fuzz_host[] = "fuzz", *hosts[] = { fuzz_host };
	char *p, *cause = NULL, listen[64];
	int i;

	if (src == NULL || *src == '\0')
		src = ".";
	log_set_sink(quiet, NULL);
	dir = fuzz_tmpdir(NAME);
	xasprintf(&p, "%s/web", src);
	setenv("SYNCWATCH_WEB", p, 0);
	xfree(p);
	if ((st = store_open(dir, 5, &cause)) == NULL)
		fuzz_fail(NAME, "store: %s", cause);
	add_incident("configmgr.despool.public-key-missing", "S02",
	    "Cannot find a public key <b>&amp;</b>", 1471864501917);
	add_incident("configmgr.despool.public-key-missing", "S03",
	    "Cannot find a public key \xe2\x80\x9cx\xe2\x80\x9d", 1471864502000);
	add_incident("configmgr.sender.cannot-connect", "P01",
	    "Cannot connect to server P01 \"quoted\"", 1471864503000);

	sn = snapshot_new();
	xasprintf(&p, "%s/patterns", src);
	if ((db = sigdb_load(p, &cause)) == NULL)
		fuzz_fail(NAME, "signatures: %s", cause);
	xfree(p);
	snapshot_set_db(sn, db);
	sigdb_free(db);
	ss = xcalloc(2, sizeof(*ss));
	ss[0].name = xstrdup("despool");
	ss[0].path = xstrdup("/logs/despool.log");
	ss[0].state = SNAPSHOT_OK;
	ss[0].lines = 120;
	ss[1].name = xstrdup("sender");
	ss[1].path = xstrdup("/logs/sender <1>.log");
	ss[1].state = SNAPSHOT_ERROR;
	ss[1].error = xstrdup("Permission denied & \"more\"");
	snapshot_publish(sn, ss, 2);
	snapshot_set_waker(sn, wake, NULL);

	au = auth_new();
	p = platform_path_join(dir, "tokens");
	fuzz_write_file(p, "fuzz " TOKEN "\n", strlen("fuzz " TOKEN "\n"));
	chmod(p, 0600);		/* a token file others can read is refused */
	if (auth_load(au, p, &cause) == -1)
		fuzz_fail(NAME, "tokens: %s", cause);
	xfree(p);

	/* A free port near one chosen by the process id. */
	for (i = 0; i < 64 && server == NULL; i++) {
		port = 20000 + (int)((getpid() * 7 + i * 131) % 40000);
		snprintf(listen, sizeof(listen), "127.0.0.1:%d", port);
		xfree(cause);
		cause = NULL;
		memset(&cf, 0, sizeof(cf));
		cf.listen = listen;
		cf.state_dir = (char *)dir;
		/* The seeds say "Host: fuzz", whatever the port. */
		cf.allowed_hosts = hosts;
		cf.nallowed_hosts = 1;
		server = http_start(&cf, sn, au, &cause);
	}
	if (server == NULL)
		fuzz_fail(NAME, "cannot start the server: %s", cause);
	atexit(teardown);
	return 0;
}

/*
 * The unescape callback, on strings of exactly their size: the request
 * line's path, and each key and value of its query.
 */
static void
unescape_one(const char *s, size_t n)
{
	char *copy = xmalloc(n + 1);
	size_t len;
	int nul = 0;

	memcpy(copy, s, n);
	copy[n] = '\0';
	len = uri_unescape(copy, &nul);
	FUZZ_CHECK(NAME, len <= n && len == strlen(copy),
	    "the unescape callback made a string of %zu bytes %zu long "
	    "(strlen %zu)", n, len, strlen(copy));
	xfree(copy);
}

static void
check_unescape(const uint8_t *data, size_t size)
{
	const char *line = (const char *)data, *t, *e, *q, *p, *amp, *eq;
	size_t n;

	e = memchr(line, '\n', size);
	n = e != NULL ? (size_t)(e - line) : size;
	if (n > 0 && line[n - 1] == '\r')
		n--;
	if (memchr(line, '\0', n) != NULL ||
	    (t = memchr(line, ' ', n)) == NULL)
		return;
	t++;
	if ((e = memchr(t, ' ', (size_t)(line + n - t))) == NULL)
		e = line + n;
	q = memchr(t, '?', (size_t)(e - t));
	unescape_one(t, (size_t)((q != NULL ? q : e) - t));
	for (p = q != NULL ? q + 1 : e; p < e; p = amp + 1) {
		if ((amp = memchr(p, '&', (size_t)(e - p))) == NULL)
			amp = e;
		eq = memchr(p, '=', (size_t)(amp - p));
		unescape_one(p, (size_t)((eq != NULL ? eq : amp) - p));
		if (eq != NULL)
			unescape_one(eq + 1, (size_t)(amp - eq - 1));
	}
}

/*
 * Send the input on a new connection, say it is over (shut the sending
 * side), and read until the server closes.  -1 if it neither answers nor
 * closes within ANSWER_MS.
 */
static int
exchange(const uint8_t *data, size_t size, struct buf *out)
{
	struct sockaddr_in sa;
	struct pollfd pfd;
	char chunk[4096];
	int64_t until = platform_mono_ms() + ANSWER_MS;
	size_t sent = 0;
	ssize_t k;
	int fd, left;

	if ((fd = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0)) == -1)
		fuzz_fail(NAME, "socket: %s", strerror(errno));
	memset(&sa, 0, sizeof(sa));
	sa.sin_family = AF_INET;
	sa.sin_port = htons((uint16_t)port);
	sa.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	if (connect(fd, (struct sockaddr *)&sa, sizeof(sa)) == -1)
		fuzz_fail(NAME, "connect: %s", strerror(errno));
	/* The server may answer and close before it has read it all. */
	while (sent < size && (k = send(fd, data + sent, size - sent,
	    MSG_NOSIGNAL)) > 0)
		sent += (size_t)k;
	(void)shutdown(fd, SHUT_WR);
	for (;;) {
		left = (int)(until - platform_mono_ms());
		if (left <= 0) {
			close(fd);
			return -1;
		}
		pfd.fd = fd;
		pfd.events = POLLIN;
		if (poll(&pfd, 1, left) <= 0)
			continue;
		if ((k = recv(fd, chunk, sizeof(chunk), 0)) <= 0)
			break;
		buf_append(out, chunk, (size_t)k);
	}
	close(fd);
	return 0;
}

/* The value of header name in head[0..n), or NULL; *vlen its length. */
static const char *
header(const char *head, size_t n, const char *name, size_t *vlen)
{
	const char *p = head, *e = head + n, *nl, *v;
	size_t k = strlen(name);

	while (p < e && (nl = memchr(p, '\n', (size_t)(e - p))) != NULL) {
		p = nl + 1;
		if ((size_t)(e - p) > k && strncasecmp(p, name, k) == 0 &&
		    p[k] == ':') {
			for (v = p + k + 1; v < e && *v == ' '; v++)
				;
			nl = memchr(v, '\r', (size_t)(e - v));
			*vlen = (size_t)((nl != NULL ? nl : e) - v);
			return v;
		}
	}
	return NULL;
}

static const int statuses[] = {
	/* the API's */
	200, 303, 400, 401, 403, 404, 405, 409, 413, 414, 421, 431, 503,
	/* libmicrohttpd's own */
	100, 414, 417, 431, 500, 501, 505,
};

/* The first answer of the exchange: see the top of the file. */
static void
check_answer(const uint8_t *data, size_t size, const struct buf *out)
{
	const char *r = out->data, *end, *v;
	size_t head, vlen, blen, i;
	json_t *j;
	json_error_t err;
	int status, known = 0, head_req;

	if (out->len == 0)
		return;
	if (out->len < 13 || (strncmp(r, "HTTP/1.1 ", 9) != 0 &&
	    strncmp(r, "HTTP/1.0 ", 9) != 0) || r[12] != ' ' ||
	    sscanf(r + 9, "%3d", &status) != 1) {
		fuzz_dump("answer", r, out->len);
		fuzz_fail(NAME, "the answer does not start with a status line");
	}
	for (i = 0; i < sizeof(statuses) / sizeof(*statuses); i++)
		known |= statuses[i] == status;
	if ((end = memmem(r, out->len, "\r\n\r\n", 4)) == NULL)
		return;		/* cut short: nothing more to check */
	head = (size_t)(end - r) + 4;
	if (!known || status == 500) {
		fuzz_dump("answer", r, head);
		fuzz_fail(NAME, "status %d", status);
	}
	/* Only our own answers say nosniff; libmicrohttpd's do not. */
	if (header(r, head, "X-Content-Type-Options", &vlen) == NULL)
		return;
	head_req = size >= 5 && memcmp(data, "HEAD ", 5) == 0;
	v = header(r, head, "Content-Length", &vlen);
	blen = v != NULL ? (size_t)strtoul(v, NULL, 10) : 0;
	if (head_req || blen > out->len - head)
		return;
	v = header(r, head, "Content-Type", &vlen);
	if (v != NULL && vlen >= 16 && strncmp(v, "application/json", 16) == 0) {
		if ((j = json_loadb(r + head, blen, 0, &err)) == NULL) {
			fuzz_dump("answer", r, head + blen);
			fuzz_fail(NAME, "the JSON body does not parse: %s",
			    err.text);
		}
		json_decref(j);
	}
	if (v != NULL && vlen >= 9 && strncmp(v, "text/html", 9) == 0)
		FUZZ_CHECK(NAME, header(r, head, "Content-Security-Policy",
		    &vlen) != NULL, "an HTML page without its CSP");
	if (memmem(r + head, blen, "database not readable", 21) != NULL) {
		fuzz_dump("answer", r, head + blen);
		fuzz_fail(NAME, "the store says it cannot be read");
	}
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct buf out = { 0 };

	check_unescape(data, size);
	if (exchange(data, size, &out) == -1) {
		fuzz_dump("request", (const char *)data, size);
		fuzz_fail(NAME, "no answer and no close within %d ms",
		    ANSWER_MS);
	}
	if (getenv("FUZZ_HTTP_SHOW") != NULL)
		fuzz_dump("answer", out.data != NULL ? out.data : "", out.len);
	check_answer(data, size, &out);
	buf_free(&out);
	if (memmem(data, size, TOKEN, strlen(TOKEN)) != NULL)
		reopen_all();
	return 0;
}
