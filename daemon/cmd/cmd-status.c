/*
 * cmd-status — `syncwatch status`: a Nagios/Icinga check of a running
 * daemon through its HTTP API.
 *
 * One GET of URL/api/v1/status over plain HTTP/1.1 with "Connection:
 * close".  The whole exchange (name lookup, connect, request, response)
 * runs under one deadline; the response is bounded to STATUS_MAX_RESPONSE
 * bytes and its body is taken by Content-Length, by the chunked transfer
 * coding, or up to the end of the connection.  The answer is one line in
 * the plugin format,
 *
 *   SYNCWATCH CRITICAL - 2 critical, 1 error, 0 warning open; 3/3 sources
 *   healthy | critical=2;;;0 error=1;;;0 warning=0;;;0 sources_unhealthy=0;;;0 uptime=123s
 *
 * (on one line), and the exit status is the plugin's: 0 OK, 1 WARNING,
 * 2 CRITICAL, 3 UNKNOWN.  The daemon's own "status" field decides the
 * state, so the check and the dashboard never disagree.  Whatever keeps the
 * check from reading a status (a bad URL or option, no connection, a
 * timeout, an answer other than 200, a body that is not the expected JSON)
 * is UNKNOWN with the reason on the line, never OK.
 */
#include <sys/types.h>
#include <sys/socket.h>

#include <errno.h>
#include <getopt.h>
#include <jansson.h>
#include <math.h>
#include <netdb.h>
#include <poll.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>

#include "lib/buf.h"
#include "cmd.h"
#include "platform/platform.h"
#include "lib/xmalloc.h"
#include "version.h"

#define STATUS_OK		0
#define STATUS_WARNING		1
#define STATUS_CRITICAL		2
#define STATUS_UNKNOWN		3

#define STATUS_DEFAULT_TIMEOUT	10.0
#define STATUS_MAX_TIMEOUT	3600.0
#define STATUS_MAX_RESPONSE	(1024 * 1024)	/* headers and body */
#define STATUS_READ_CHUNK	16384
#define STATUS_API_PATH		"/api/v1/status"
#define STATUS_MAX_REASON	400

static const char *status_names[] = { "OK", "WARNING", "CRITICAL", "UNKNOWN" };

/* A parsed http:// URL; all strings owned. */
struct status_url {
	char	*host;		/* name or address, IPv6 without brackets */
	char	*port;		/* decimal */
	char	*authority;	/* for Host: and messages, "[::1]:8470" */
	char	*path;		/* the request target, ending in /api/v1/status */
	int	 ipv6;		/* host was a bracketed literal */
};

/* A complete response: the status code and the body (in a buf). */
struct status_response {
	int		code;
	struct buf	body;
};

/*
 * Name lookup (getaddrinfo) cannot be given a deadline, so an alarm a
 * second past the deadline is the backstop.  Its handler may only use
 * async-signal-safe calls, hence the line formatted in advance in this
 * file-scope buffer: the one piece of state a signal handler can reach.
 */
static char	status_alarm_line[512];
static size_t	status_alarm_len;

static void
status_alarm(int sig)
{
	(void)sig;
	if (write(STDOUT_FILENO, status_alarm_line, status_alarm_len) == -1) {
		/* Nothing more can be done from a signal handler. */
	}
	_exit(STATUS_UNKNOWN);
}

/*
 * Print the plugin line for UNKNOWN with reason, made safe for one line of
 * plugin output: control and non-ASCII bytes become '?', and '|' (which
 * starts the performance data) becomes '/'.
 */
static int
status_unknown(const char *reason)
{
	char safe[STATUS_MAX_REASON + 4];
	size_t i;

	for (i = 0; reason[i] != '\0' && i < STATUS_MAX_REASON; i++) {
		if (reason[i] == '|')
			safe[i] = '/';
		else if ((unsigned char)reason[i] < 0x20 ||
		    (unsigned char)reason[i] >= 0x7f)
			safe[i] = '?';
		else
			safe[i] = reason[i];
	}
	if (reason[i] != '\0') {
		memcpy(safe + i, "...", 3);
		i += 3;
	}
	safe[i] = '\0';
	printf("SYNCWATCH UNKNOWN - %s\n", safe);
	fflush(stdout);
	return STATUS_UNKNOWN;
}

static void
status_url_free(struct status_url *u)
{
	xfree(u->host);
	xfree(u->port);
	xfree(u->authority);
	xfree(u->path);
	memset(u, 0, sizeof(*u));
}

/*
 * Parse http://HOST[:PORT][/PREFIX] into u.  HOST is a name, an IPv4
 * address or a bracketed IPv6 address; PREFIX (for a daemon behind a
 * reverse proxy) is kept and /api/v1/status appended unless the URL
 * already ends in it.  Bytes that could change the request (spaces,
 * control characters, CR/LF) are refused, as are a user part, a query
 * and a fragment.  Returns 0, or -1 and *cause.
 */
static int
status_url_parse(const char *url, struct status_url *u, char **cause)
{
	const char *p, *end;
	size_t n, i;
	long port;

	memset(u, 0, sizeof(*u));
	for (i = 0; url[i] != '\0'; i++) {
		if ((unsigned char)url[i] <= 0x20 ||
		    (unsigned char)url[i] >= 0x7f) {
			xasprintf(cause, "bad URL: it holds a space, a control "
			    "character or a non-ASCII byte");
			return -1;
		}
	}
	if (strncasecmp(url, "https://", 8) == 0) {
		xasprintf(cause, "bad URL %s: https is not supported, only "
		    "plain http://", url);
		return -1;
	}
	if (strncasecmp(url, "http://", 7) != 0) {
		xasprintf(cause, "bad URL %s: expected http://HOST[:PORT]", url);
		return -1;
	}
	p = url + 7;
	if (*p == '[') {
		if ((end = strchr(p, ']')) == NULL || end == p + 1) {
			xasprintf(cause, "bad URL %s: bad IPv6 address", url);
			return -1;
		}
		n = end - p - 1;
		if (strspn(p + 1, "0123456789abcdefABCDEF:.") < n) {
			xasprintf(cause, "bad URL %s: bad IPv6 address", url);
			return -1;
		}
		u->host = xstrndup(p + 1, n);
		u->ipv6 = 1;
		p = end + 1;
	} else {
		n = strcspn(p, ":/?#");
		if (n == 0) {
			xasprintf(cause, "bad URL %s: no host", url);
			return -1;
		}
		if (strspn(p, "abcdefghijklmnopqrstuvwxyz"
		    "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789.-_") < n) {
			xasprintf(cause, "bad URL %s: bad host name", url);
			return -1;
		}
		u->host = xstrndup(p, n);
		p += n;
	}
	if (*p == ':') {
		p++;
		n = strspn(p, "0123456789");
		port = n > 0 && n <= 5 ? strtol(p, NULL, 10) : 0;
		if (port < 1 || port > 65535) {
			xasprintf(cause, "bad URL %s: bad port", url);
			goto fail;
		}
		xasprintf(&u->port, "%ld", port);
		p += n;
	} else
		u->port = xstrdup("80");
	if (*p != '\0' && *p != '/') {
		xasprintf(cause, "bad URL %s: unexpected '%c' after the host",
		    url, *p);
		goto fail;
	}
	if (strpbrk(p, "?#@") != NULL) {
		xasprintf(cause, "bad URL %s: no query, fragment or user part "
		    "is allowed", url);
		goto fail;
	}
	n = strlen(p);
	while (n > 0 && p[n - 1] == '/')
		n--;
	if (n >= strlen(STATUS_API_PATH) &&
	    strncmp(p + n - strlen(STATUS_API_PATH), STATUS_API_PATH,
	    strlen(STATUS_API_PATH)) == 0)
		u->path = xstrndup(p, n);
	else
		xasprintf(&u->path, "%.*s%s", (int)n, p, STATUS_API_PATH);
	xasprintf(&u->authority, u->ipv6 ? "[%s]:%s" : "%s:%s", u->host,
	    u->port);
	return 0;

fail:
	status_url_free(u);
	return -1;
}

/*
 * Wait until fd is ready for events or the deadline (monotonic ms) passes.
 * Returns 1 ready, 0 timed out, -1 on error (errno set).
 */
static int
status_wait(int fd, short events, int64_t deadline)
{
	struct pollfd pfd;
	int64_t left;
	int n;

	for (;;) {
		left = deadline - platform_mono_ms();
		if (left <= 0)
			return 0;
		pfd.fd = fd;
		pfd.events = events;
		pfd.revents = 0;
		n = poll(&pfd, 1, left > INT32_MAX ? INT32_MAX : (int)left);
		if (n == -1 && errno == EINTR)
			continue;
		if (n == -1)
			return -1;
		if (n == 1)
			return 1;
	}
}

/*
 * Connect to u, trying each address getaddrinfo gives in turn.  Returns a
 * connected non-blocking socket, or -1 and *cause.
 */
static int
status_connect(const struct status_url *u, int64_t deadline, char **cause)
{
	struct addrinfo hints, *res, *ai;
	socklen_t len;
	int fd = -1, error, soerr, last = 0, r;

	memset(&hints, 0, sizeof(hints));
	hints.ai_family = u->ipv6 ? AF_INET6 : AF_UNSPEC;
	hints.ai_socktype = SOCK_STREAM;
	hints.ai_flags = AI_NUMERICSERV | (u->ipv6 ? AI_NUMERICHOST : 0);
	error = getaddrinfo(u->host, u->port, &hints, &res);
	if (error != 0) {
		xasprintf(cause, "cannot resolve %s: %s", u->host,
		    error == EAI_SYSTEM ? strerror(errno) : gai_strerror(error));
		return -1;
	}
	for (ai = res; ai != NULL; ai = ai->ai_next) {
		fd = socket(ai->ai_family, ai->ai_socktype | SOCK_NONBLOCK |
		    SOCK_CLOEXEC, ai->ai_protocol);
		if (fd == -1) {
			last = errno;
			continue;
		}
		if (connect(fd, ai->ai_addr, ai->ai_addrlen) == 0)
			break;
		if (errno != EINPROGRESS) {
			last = errno;
			close(fd);
			fd = -1;
			continue;
		}
		r = status_wait(fd, POLLOUT, deadline);
		if (r == 0) {
			xasprintf(cause, "timeout connecting to %s",
			    u->authority);
			close(fd);
			freeaddrinfo(res);
			return -1;
		}
		soerr = 0;
		len = sizeof(soerr);
		if (r == -1)
			soerr = errno;
		else if (getsockopt(fd, SOL_SOCKET, SO_ERROR, &soerr,
		    &len) == -1)
			soerr = errno;
		if (soerr == 0)
			break;
		last = soerr;
		close(fd);
		fd = -1;
	}
	freeaddrinfo(res);
	if (fd == -1)
		xasprintf(cause, "cannot connect to %s: %s", u->authority,
		    strerror(last != 0 ? last : EADDRNOTAVAIL));
	return fd;
}

/* Send all of data before the deadline.  Returns 0, or -1 and *cause. */
static int
status_send(int fd, const char *data, size_t len, int64_t deadline,
    const struct status_url *u, char **cause)
{
	ssize_t n;
	int r;

	while (len > 0) {
		n = send(fd, data, len, MSG_NOSIGNAL);
		if (n >= 0) {
			data += n;
			len -= n;
			continue;
		}
		if (errno == EINTR)
			continue;
		if (errno != EAGAIN && errno != EWOULDBLOCK) {
			xasprintf(cause, "cannot send to %s: %s",
			    u->authority, strerror(errno));
			return -1;
		}
		if ((r = status_wait(fd, POLLOUT, deadline)) != 1) {
			xasprintf(cause, r == 0 ? "timeout sending to %s" :
			    "cannot send to %s", u->authority);
			return -1;
		}
	}
	return 0;
}

/*
 * Decode a chunked body from p..end into out (emptied first).  Returns 1
 * when the last chunk and the trailer are all there, 0 when more bytes are
 * needed, -1 and *cause when the coding is malformed.
 */
static int
status_dechunk(const char *p, const char *end, struct buf *out, char **cause)
{
	const char *eol, *q;
	size_t size;
	int digit;

	buf_reset(out);
	for (;;) {
		if ((eol = memchr(p, '\n', end - p)) == NULL)
			return 0;
		size = 0;
		for (q = p; q < eol; q++) {
			if (*q >= '0' && *q <= '9')
				digit = *q - '0';
			else if (*q >= 'a' && *q <= 'f')
				digit = *q - 'a' + 10;
			else if (*q >= 'A' && *q <= 'F')
				digit = *q - 'A' + 10;
			else
				break;
			size = size * 16 + digit;
			if (size > STATUS_MAX_RESPONSE) {
				xasprintf(cause, "chunk too large");
				return -1;
			}
		}
		if (q == p || (q < eol && *q != ';' && *q != '\r' &&
		    *q != ' ' && *q != '\t')) {
			xasprintf(cause, "bad chunk size line");
			return -1;
		}
		p = eol + 1;
		if (size == 0) {
			/* Trailer fields, up to an empty line. */
			for (;;) {
				if ((eol = memchr(p, '\n', end - p)) == NULL)
					return 0;
				if (eol == p || (eol == p + 1 && *p == '\r'))
					return 1;
				p = eol + 1;
			}
		}
		if ((size_t)(end - p) < size + 1)
			return 0;
		buf_append(out, p, size);
		p += size;
		if (*p == '\n')
			p++;
		else if (*p == '\r') {
			if (end - p < 2)
				return 0;
			if (p[1] != '\n') {
				xasprintf(cause, "bad chunk end");
				return -1;
			}
			p += 2;
		} else {
			xasprintf(cause, "bad chunk end");
			return -1;
		}
	}
}

/* Whether header line [p, eol) is NAME: and if so where its value starts. */
static const char *
status_header(const char *p, const char *eol, const char *name)
{
	size_t n = strlen(name);

	if ((size_t)(eol - p) <= n || strncasecmp(p, name, n) != 0 ||
	    p[n] != ':')
		return NULL;
	for (p += n + 1; p < eol && (*p == ' ' || *p == '\t'); p++)
		;
	return p;
}

/*
 * Parse the response received so far, data[0..len); eof says the server
 * has closed.  Returns 1 when it is complete (r filled), 0 when more bytes
 * are needed, -1 and *cause when it is malformed or was cut short.
 * Interim 1xx responses are skipped.
 */
static int
status_parse(const char *data, size_t len, int eof,
    struct status_response *r, char **cause)
{
	const char *p = data, *end = data + len, *eol, *v, *q;
	long long cl, v_cl;
	int chunked, code, first, n;

again:
	chunked = 0;
	cl = -1;
	code = 0;
	for (first = 1;; first = 0) {
		if ((eol = memchr(p, '\n', end - p)) == NULL) {
			if (eof)
				goto truncated;
			return 0;
		}
		q = eol > p && eol[-1] == '\r' ? eol - 1 : eol;
		if (first) {
			if (q - p < 12 || strncmp(p, "HTTP/1.", 7) != 0 ||
			    p[8] != ' ' || p[9] < '1' || p[9] > '5' ||
			    p[10] < '0' || p[10] > '9' || p[11] < '0' ||
			    p[11] > '9' || (q - p > 12 && p[12] != ' ')) {
				xasprintf(cause, "not an HTTP/1.x response");
				return -1;
			}
			code = (p[9] - '0') * 100 + (p[10] - '0') * 10 +
			    (p[11] - '0');
		} else if (q == p) {
			p = eol + 1;
			break;
		} else if ((v = status_header(p, q, "Content-Length")) !=
		    NULL) {
			v_cl = 0;
			for (n = 0; v + n < q && v[n] >= '0' && v[n] <= '9';
			    n++) {
				v_cl = v_cl * 10 + (v[n] - '0');
				if (v_cl > STATUS_MAX_RESPONSE)
					break;
			}
			while (v + n < q && (v[n] == ' ' || v[n] == '\t'))
				n++;
			if (n == 0 || v + n != q || v_cl > STATUS_MAX_RESPONSE ||
			    (cl != -1 && cl != v_cl)) {
				xasprintf(cause, "bad Content-Length");
				return -1;
			}
			cl = v_cl;
		} else if ((v = status_header(p, q, "Transfer-Encoding")) !=
		    NULL) {
			if (q - v >= 7 && strncasecmp(q - 7, "chunked", 7) == 0)
				chunked = 1;
		}
		p = eol + 1;
	}
	if (code >= 100 && code < 200 && code != 101)
		goto again;

	r->code = code;
	if (chunked) {
		switch (status_dechunk(p, end, &r->body, cause)) {
		case 1:
			return 1;
		case -1:
			return -1;
		}
		if (eof)
			goto truncated;
		return 0;
	}
	if (cl != -1) {
		if (end - p >= cl) {
			buf_reset(&r->body);
			buf_append(&r->body, p, cl);
			return 1;
		}
		if (eof)
			goto truncated;
		return 0;
	}
	if (!eof)
		return 0;
	buf_reset(&r->body);
	buf_append(&r->body, p, end - p);
	return 1;

truncated:
	xasprintf(cause, "the connection closed before the end of the "
	    "response");
	return -1;
}

/*
 * GET u->path and read the response.  Returns 0 with r filled, or -1 and
 * *cause.
 */
static int
status_get(const struct status_url *u, int64_t deadline,
    struct status_response *r, char **cause)
{
	struct buf req = { NULL, 0, 0 }, in = { NULL, 0, 0 };
	char *why = NULL;
	ssize_t n;
	int fd, rc = -1, w, done = 0;

	if ((fd = status_connect(u, deadline, cause)) == -1)
		return -1;
	buf_printf(&req, "GET %s HTTP/1.1\r\nHost: %s\r\n"
	    "User-Agent: syncwatch-status/%s\r\nAccept: application/json\r\n"
	    "Connection: close\r\n\r\n", u->path, u->authority,
	    SYNCWATCH_VERSION);
	if (status_send(fd, req.data, req.len, deadline, u, cause) == -1)
		goto out;
	while (!done) {
		if ((w = status_wait(fd, POLLIN, deadline)) != 1) {
			xasprintf(cause, w == 0 ? "timeout waiting for %s" :
			    "cannot read from %s", u->authority);
			goto out;
		}
		buf_reserve(&in, STATUS_READ_CHUNK);
		n = recv(fd, in.data + in.len, STATUS_READ_CHUNK, 0);
		if (n == -1) {
			if (errno == EINTR || errno == EAGAIN ||
			    errno == EWOULDBLOCK)
				continue;
			xasprintf(cause, "cannot read from %s: %s",
			    u->authority, strerror(errno));
			goto out;
		}
		in.len += n;
		if (in.len > STATUS_MAX_RESPONSE) {
			xasprintf(cause, "the response from %s is larger than "
			    "%d bytes", u->authority, STATUS_MAX_RESPONSE);
			goto out;
		}
		switch (status_parse(in.data, in.len, n == 0, r, &why)) {
		case 1:
			done = 1;
			break;
		case -1:
			xasprintf(cause, "bad response from %s: %s",
			    u->authority, why);
			xfree(why);
			goto out;
		}
	}
	rc = 0;
out:
	close(fd);
	buf_free(&req);
	buf_free(&in);
	return rc;
}

/* Turn the body of a 200 answer into the plugin line; return the state. */
static int
status_report(const struct status_url *u, const struct status_response *r)
{
	json_t *root;
	json_error_t je;
	json_int_t crit, err, warn, healthy, unhealthy, uptime;
	const char *status;
	char *reason;
	int state;

	root = json_loadb(r->body.data != NULL ? r->body.data : "",
	    r->body.len, 0, &je);
	if (root == NULL) {
		xasprintf(&reason, "bad JSON from %s%s: %s", u->authority,
		    u->path, je.text);
		goto unknown;
	}
	if (json_unpack_ex(root, &je, 0,
	    "{s:s, s:{s:I, s:I, s:I}, s:{s:I, s:I}, s:I}", "status", &status,
	    "open", "critical", &crit, "error", &err, "warning", &warn,
	    "sources", "healthy", &healthy, "unhealthy", &unhealthy,
	    "uptime_s", &uptime) == -1) {
		xasprintf(&reason, "unexpected JSON from %s%s: %s",
		    u->authority, u->path, je.text);
		goto unknown;
	}
	if (crit < 0 || err < 0 || warn < 0 || healthy < 0 || unhealthy < 0 ||
	    uptime < 0) {
		xasprintf(&reason, "unexpected JSON from %s%s: negative count",
		    u->authority, u->path);
		goto unknown;
	}
	if (strcmp(status, "ok") == 0)
		state = STATUS_OK;
	else if (strcmp(status, "warning") == 0)
		state = STATUS_WARNING;
	else if (strcmp(status, "critical") == 0)
		state = STATUS_CRITICAL;
	else {
		xasprintf(&reason, "unexpected status \"%s\" from %s%s",
		    status, u->authority, u->path);
		goto unknown;
	}
	printf("SYNCWATCH %s - %lld critical, %lld error, %lld warning open; "
	    "%lld/%lld sources healthy | critical=%lld;;;0 error=%lld;;;0 "
	    "warning=%lld;;;0 sources_unhealthy=%lld;;;0 uptime=%llds\n",
	    status_names[state], (long long)crit, (long long)err,
	    (long long)warn, (long long)healthy,
	    (long long)(healthy + unhealthy), (long long)crit, (long long)err,
	    (long long)warn, (long long)unhealthy, (long long)uptime);
	json_decref(root);
	return state;

unknown:
	state = status_unknown(reason);
	xfree(reason);
	json_decref(root);
	return state;
}

/* The reason for a non-200 answer, with the API's {"error"} if any. */
static int
status_bad_code(const struct status_url *u, const struct status_response *r)
{
	json_t *root;
	const char *msg = NULL;
	char *reason;
	int state;

	root = json_loadb(r->body.data != NULL ? r->body.data : "",
	    r->body.len, 0, NULL);
	if (root != NULL)
		json_unpack(root, "{s:s}", "error", &msg);
	if (msg != NULL)
		xasprintf(&reason, "HTTP %d from %s%s: %s", r->code,
		    u->authority, u->path, msg);
	else
		xasprintf(&reason, "HTTP %d from %s%s", r->code,
		    u->authority, u->path);
	state = status_unknown(reason);
	xfree(reason);
	json_decref(root);
	return state;
}

static int
status_exec(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "url", required_argument, NULL, 'u' },
		{ "timeout", required_argument, NULL, 't' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 }
	};
	struct status_response r;
	struct status_url u;
	struct sigaction sa;
	const char *url = NULL;
	double timeout = STATUS_DEFAULT_TIMEOUT;
	char *end, *cause = NULL;
	int c, state, n;

	while ((c = getopt_long(argc, argv, "u:t:h", opts, NULL)) != -1) {
		switch (c) {
		case 'u':
			url = optarg;
			break;
		case 't':
			errno = 0;
			timeout = strtod(optarg, &end);
			if (errno != 0 || end == optarg || *end != '\0' ||
			    !(timeout > 0) || timeout > STATUS_MAX_TIMEOUT) {
				cmd_usage(&cmd_status_entry, 1);
				return status_unknown("bad --timeout: seconds, "
				    "more than 0 and at most 3600");
			}
			break;
		case 'h':
			cmd_usage(&cmd_status_entry, 0);
			return STATUS_OK;
		default:
			cmd_usage(&cmd_status_entry, 1);
			return status_unknown("bad usage; see syncwatch status "
			    "--help");
		}
	}
	if (optind != argc) {
		cmd_usage(&cmd_status_entry, 1);
		return status_unknown("bad usage: unexpected argument");
	}
	if (url == NULL) {
		cmd_usage(&cmd_status_entry, 1);
		return status_unknown("bad usage: --url is required");
	}
	if (status_url_parse(url, &u, &cause) == -1) {
		state = status_unknown(cause);
		xfree(cause);
		return state;
	}

	n = snprintf(status_alarm_line, sizeof(status_alarm_line),
	    "SYNCWATCH UNKNOWN - timeout after %g s waiting for %s\n",
	    timeout, u.authority);
	if (n < 0 || (size_t)n >= sizeof(status_alarm_line))
		n = snprintf(status_alarm_line, sizeof(status_alarm_line),
		    "SYNCWATCH UNKNOWN - timeout after %g s\n", timeout);
	status_alarm_len = n;
	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = status_alarm;
	sigemptyset(&sa.sa_mask);
	sigaction(SIGALRM, &sa, NULL);
	alarm((unsigned)ceil(timeout) + 1);

	memset(&r, 0, sizeof(r));
	if (status_get(&u, platform_mono_ms() + (int64_t)(timeout * 1000),
	    &r, &cause) == -1) {
		alarm(0);
		state = status_unknown(cause);
		xfree(cause);
	} else {
		alarm(0);
		if (r.code != 200)
			state = status_bad_code(&u, &r);
		else
			state = status_report(&u, &r);
	}
	fflush(stdout);
	buf_free(&r.body);
	status_url_free(&u);
	return state;
}

const struct cmd_entry cmd_status_entry = {
	"status",
	"--url URL [--timeout SECONDS]",
	"Check a running daemon over HTTP (GET URL/api/v1/status), as a\n"
	"Nagios or Icinga plugin: one line, exit 0 OK, 1 WARNING, 2 CRITICAL,\n"
	"3 UNKNOWN.  URL is http://HOST[:PORT]; the timeout defaults to 10 s.",
	status_exec,
};
