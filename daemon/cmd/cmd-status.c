/*
 * cmd-status — `syncwatch status`: a Nagios/Icinga check of a running
 * daemon through its HTTP API.
 *
 * One GET of URL/api/v1/status over HTTP or HTTPS (lib/httpc, libcurl:
 * proxies from the environment, the system's certificates), under one
 * deadline for the whole exchange, the answer bounded to
 * STATUS_MAX_RESPONSE bytes.  The answer is one line in the plugin format,
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
#include <errno.h>
#include <getopt.h>
#include <jansson.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "cmd.h"
#include "lib/buf.h"
#include "lib/httpc.h"
#include "cmd/plugin.h"
#include "lib/xmalloc.h"
#include "version.h"

#define STATUS_OK		0
#define STATUS_WARNING		1
#define STATUS_CRITICAL		2
#define STATUS_UNKNOWN		3

#define STATUS_DEFAULT_TIMEOUT	10.0
#define STATUS_MAX_TIMEOUT	3600.0
#define STATUS_MAX_RESPONSE	(1024 * 1024)	/* headers and body */
#define STATUS_API_PATH		"/api/v1/status"
#define STATUS_MAX_REASON	400

static const char *status_names[] = { "OK", "WARNING", "CRITICAL", "UNKNOWN" };

/* A parsed http:// or https:// URL; all strings owned. */
struct status_url {
	char	*scheme;	/* "http" or "https" */
	char	*host;		/* name or address, IPv6 without brackets */
	char	*port;		/* decimal */
	char	*authority;	/* for Host: and messages, "[::1]:8470" */
	char	*path;		/* the request target, ending in /api/v1/status */
	int	 ipv6;		/* host was a bracketed literal */
};


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
	xfree(u->scheme);
	xfree(u->host);
	xfree(u->port);
	xfree(u->authority);
	xfree(u->path);
	memset(u, 0, sizeof(*u));
}

/*
 * Parse http[s]://HOST[:PORT][/PREFIX] into u.  HOST is a name, an IPv4
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
		u->scheme = xstrdup("https");
		p = url + 8;
	} else if (strncasecmp(url, "http://", 7) == 0) {
		u->scheme = xstrdup("http");
		p = url + 7;
	} else {
		xasprintf(cause, "bad URL %s: expected http[s]://HOST[:PORT]",
		    url);
		return -1;
	}
	if (*p == '[') {
		if ((end = strchr(p, ']')) == NULL || end == p + 1) {
			xasprintf(cause, "bad URL %s: bad IPv6 address", url);
			goto fail;
		}
		n = end - p - 1;
		if (strspn(p + 1, "0123456789abcdefABCDEF:.") < n) {
			xasprintf(cause, "bad URL %s: bad IPv6 address", url);
			goto fail;
		}
		u->host = xstrndup(p + 1, n);
		u->ipv6 = 1;
		p = end + 1;
	} else {
		n = strcspn(p, ":/?#");
		if (n == 0) {
			xasprintf(cause, "bad URL %s: no host", url);
			goto fail;
		}
		if (strspn(p, "abcdefghijklmnopqrstuvwxyz"
		    "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789.-_") < n) {
			xasprintf(cause, "bad URL %s: bad host name", url);
			goto fail;
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
		u->port = xstrdup(strcmp(u->scheme, "https") == 0 ? "443" :
		    "80");
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

/* The check's options beyond the URL. */
struct status_opts {
	struct plugin_range warn[PLUGIN_NMETRICS];
	struct plugin_range crit[PLUGIN_NMETRICS];
	int		 thresholds;	/* -w or -c given */
	long		 timeout_ms;
};

/* Performance data: label=value;warn;crit;0 (thresholds as given). */
static void
perf(const char *label, long long v, const struct status_opts *o,
    enum plugin_metric m)
{
	printf(" %s=%lld;%s;%s;0", label, v, o->warn[m].set ?
	    o->warn[m].text : "", o->crit[m].set ? o->crit[m].text : "");
}

/* Plugin output text: '|' would start performance data, and no controls. */
static void
put_safe(const char *s)
{
	for (; *s != '\0'; s++)
		putchar(*s == '|' ? '/' : (unsigned char)*s < 0x20 ||
		    *s == 0x7f ? '?' : *s);
}

static int
sev_rank(json_t *inc)
{
	const char *s = json_string_value(json_object_get(inc, "severity"));

	return s == NULL ? 0 : strcmp(s, "critical") == 0 ? 3 :
	    strcmp(s, "error") == 0 ? 2 : strcmp(s, "warning") == 0 ? 1 : 0;
}

/* Most severe first; within a severity, the API's order (newest). */
static int
cmp_sev(const void *a, const void *b)
{
	json_t *const *x = a, *const *y = b;
	int d = sev_rank(*y) - sev_rank(*x);

	return d != 0 ? d : x < y ? -1 : x > y;
}

/*
 * The long output, after the plugin line: the open incidents, one a line,
 * most severe first (up to 100).  Nothing is printed if they cannot be
 * read; the line above already said the state.
 */
static void
status_long(const struct status_url *u, const struct status_opts *o)
{
	struct httpc_request rq;
	struct httpc_response r;
	char *url, *cause = NULL;
	size_t prefix = strlen(u->path) - strlen(STATUS_API_PATH), i;
	json_t *root, *arr, *inc, *fields, **sorted;
	const char *sev, *title, *src, *last, *k;
	json_int_t id, count;
	json_t *v;
	size_t n;

	xasprintf(&url, "%s://%s%.*s/api/v1/incidents?state=open&limit=100",
	    u->scheme, u->authority, (int)prefix, u->path);
	memset(&rq, 0, sizeof(rq));
	rq.method = "GET";
	rq.url = url;
	rq.timeout_ms = o->timeout_ms;
	rq.max_body = STATUS_MAX_RESPONSE;
	if (httpc_do(&rq, &r, &cause) == -1 || r.code != 200) {
		xfree(cause);
		xfree(url);
		buf_free(&r.body);
		return;
	}
	root = json_loadb(r.body.data != NULL ? r.body.data : "", r.body.len,
	    0, NULL);
	arr = json_object_get(root, "incidents");
	n = json_array_size(arr);
	sorted = xcalloc(n + 1, sizeof(*sorted));
	json_array_foreach(arr, i, inc)
		sorted[i] = inc;
	qsort(sorted, n, sizeof(*sorted), cmp_sev);
	for (i = 0; i < n; i++) {
		inc = sorted[i];
		sev = title = src = last = "?";
		id = count = 0;
		fields = NULL;
		if (json_unpack(inc, "{s:I, s:s, s?s, s:s, s:I, s:s, s?o}",
		    "id", &id, "severity", &sev, "title", &title, "source",
		    &src, "count", &count, "last_seen", &last, "fields",
		    &fields) == -1)
			continue;
		printf("%s #%lld ", sev, (long long)id);
		put_safe(title);
		fputs(", source ", stdout);
		put_safe(src);
		json_object_foreach(fields, k, v) {
			if (!json_is_string(v))
				continue;
			fputs(", ", stdout);
			put_safe(k);
			putchar('=');
			put_safe(json_string_value(v));
		}
		printf(" (%lld hit%s, last ", (long long)count,
		    count == 1 ? "" : "s");
		put_safe(last);
		fputs(")\n", stdout);
	}
	xfree(sorted);
	json_decref(root);
	buf_free(&r.body);
	xfree(url);
}

/* Turn the body of a 200 answer into the plugin line; return the state. */
static int
status_report(const struct status_url *u, struct httpc_response *r,
    const struct status_opts *o)
{
	json_t *root, *problems;
	json_error_t je;
	json_int_t crit, err, warn, healthy, unhealthy, uptime;
	const char *status;
	char *reason;
	double v[PLUGIN_NMETRICS];
	int state, m, nproblems;

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
	problems = json_object_get(root, "problems");
	nproblems = json_is_array(problems) ? (int)json_array_size(problems) :
	    0;
	if (o->thresholds) {
		/*
		 * The thresholds decide on the open incidents; a source that
		 * is not read is a warning and a daemon that cannot record
		 * critical all the same.
		 */
		v[PLUGIN_CRITICAL] = (double)crit;
		v[PLUGIN_ERROR] = (double)err;
		v[PLUGIN_WARNING] = (double)warn;
		v[PLUGIN_TOTAL] = (double)(crit + err + warn);
		state = unhealthy > 0 ? STATUS_WARNING : STATUS_OK;
		for (m = 0; m < PLUGIN_NMETRICS; m++) {
			if (plugin_range_alerts(&o->crit[m], v[m]))
				state = STATUS_CRITICAL;
			else if (plugin_range_alerts(&o->warn[m], v[m]) &&
			    state == STATUS_OK)
				state = STATUS_WARNING;
		}
		if (nproblems > 0)
			state = STATUS_CRITICAL;
	} else if (strcmp(status, "ok") == 0)
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
	/* The daemon's own problems come first: they hide everything else. */
	if (nproblems > 0 && json_is_string(json_array_get(problems, 0)))
		printf("SYNCWATCH %s - %s%s; ", status_names[state],
		    json_string_value(json_array_get(problems, 0)),
		    nproblems > 1 ? " (and more)" : "");
	else
		printf("SYNCWATCH %s - ", status_names[state]);
	printf("%lld critical, %lld error, %lld warning open; "
	    "%lld/%lld sources healthy |", (long long)crit, (long long)err,
	    (long long)warn, (long long)healthy,
	    (long long)(healthy + unhealthy));
	perf("critical", (long long)crit, o, PLUGIN_CRITICAL);
	perf("error", (long long)err, o, PLUGIN_ERROR);
	perf("warning", (long long)warn, o, PLUGIN_WARNING);
	printf(" sources_unhealthy=%lld;;;0 uptime=%llds\n",
	    (long long)unhealthy, (long long)uptime);
	if (crit + err + warn > 0)
		status_long(u, o);
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
status_bad_code(const struct status_url *u, const struct httpc_response *r)
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
		xasprintf(&reason, "HTTP %ld from %s%s: %s", r->code,
		    u->authority, u->path, msg);
	else
		xasprintf(&reason, "HTTP %ld from %s%s", r->code,
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
		{ "hostname", required_argument, NULL, 'H' },
		{ "port", required_argument, NULL, 'p' },
		{ "ssl", no_argument, NULL, 'S' },
		{ "warning", required_argument, NULL, 'w' },
		{ "critical", required_argument, NULL, 'c' },
		{ "timeout", required_argument, NULL, 't' },
		{ "version", no_argument, NULL, 'V' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 }
	};
	struct httpc_request rq;
	struct httpc_response r;
	struct status_url u;
	struct status_opts o;
	const char *url = NULL, *host = NULL, *port = NULL;
	double timeout = STATUS_DEFAULT_TIMEOUT;
	char *end, *cause = NULL, *full, *made = NULL;
	int c, state, ssl = 0;

	memset(&o, 0, sizeof(o));
	while ((c = getopt_long(argc, argv, "u:H:p:Sw:c:t:Vh", opts,
	    NULL)) != -1) {
		switch (c) {
		case 'u':
			url = optarg;
			break;
		case 'H':
			host = optarg;
			break;
		case 'p':
			port = optarg;
			break;
		case 'S':
			ssl = 1;
			break;
		case 'w':
		case 'c':
			if (plugin_thresholds(optarg, c == 'w' ? o.warn :
			    o.crit, &cause) == -1) {
				state = status_unknown(cause);
				xfree(cause);
				return state;
			}
			o.thresholds = 1;
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
		case 'V':
			printf("syncwatch status %s\n", SYNCWATCH_VERSION);
			return STATUS_OK;
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
	if (url != NULL && (host != NULL || port != NULL || ssl))
		return status_unknown("bad usage: --url, or -H with -p and -S, "
		    "not both");
	if (url == NULL && host == NULL) {
		cmd_usage(&cmd_status_entry, 1);
		return status_unknown("bad usage: --url URL or -H HOST is "
		    "required");
	}
	if (url == NULL) {
		/* -H, -p, -S, as check_http has them. */
		xasprintf(&made, strchr(host, ':') != NULL ? "%s://[%s]:%s" :
		    "%s://%s:%s", ssl ? "https" : "http", host, port != NULL ?
		    port : "8470");
		url = made;
	}
	if (status_url_parse(url, &u, &cause) == -1) {
		state = status_unknown(cause);
		xfree(cause);
		xfree(made);
		return state;
	}
	xfree(made);
	o.timeout_ms = (long)(timeout * 1000);

	xasprintf(&full, "%s://%s%s", u.scheme, u.authority, u.path);
	memset(&rq, 0, sizeof(rq));
	rq.method = "GET";
	rq.url = full;
	rq.timeout_ms = o.timeout_ms;
	rq.max_body = STATUS_MAX_RESPONSE;
	if (httpc_do(&rq, &r, &cause) == -1) {
		state = status_unknown(cause);
		xfree(cause);
	} else if (r.code != 200)
		state = status_bad_code(&u, &r);
	else
		state = status_report(&u, &r, &o);
	xfree(full);
	fflush(stdout);
	buf_free(&r.body);
	status_url_free(&u);
	return state;
}

const struct cmd_entry cmd_status_entry = {
	"status",
	"(--url URL | -H HOST [-p PORT] [-S]) [-w THRESHOLDS] [-c THRESHOLDS]\n"
	"       [-t SECONDS] [-V]",
	"Check a running daemon over HTTP (GET URL/api/v1/status), as a\n"
	"Nagios or Icinga plugin: one line with performance data, then the open\n"
	"incidents one a line; exit 0 OK, 1 WARNING, 2 CRITICAL, 3 UNKNOWN.\n"
	"URL is http[s]://HOST[:PORT][/PREFIX]; or -H HOST, -p PORT (8470), -S\n"
	"for HTTPS.  Without -w and -c the daemon's own status decides; with\n"
	"them the open incidents do: THRESHOLDS is a range for the total, or\n"
	"SEVERITY=RANGE,... (critical, error, warning, total), a range being\n"
	"[@]START:END as in the Monitoring Plugins guidelines (\"0\" alerts\n"
	"above 0).  Unread sources still warn and a daemon that cannot record\n"
	"is still critical.  The timeout defaults to 10 s.",
	status_exec,
};
