/*
 * cmd — what the subcommands share; see cmd.h.
 */
#include <stdio.h>
#include <string.h>

#include "cmd.h"
#include "conf/config.h"
#include "lib/buf.h"
#include "lib/httpc.h"
#include "lib/log.h"
#include "lib/xmalloc.h"
#include "match/sigdb.h"
#include "platform/platform.h"
#include "store/store.h"

void
cmd_usage(const struct cmd_entry *cmd, int to_stderr)
{
	FILE *f = to_stderr ? stderr : stdout;

	fprintf(f, "usage: syncwatch %s %s\n\n%s\n", cmd->name, cmd->usage,
	    cmd->summary);
}

struct store *
cmd_open_state(const char *state_dir, const char *config)
{
	struct config *cf = NULL;
	struct store *st;
	char *cause = NULL;

	if (state_dir == NULL) {
		if ((cf = config_load(config, &cause, NULL)) == NULL) {
			log_errorx("%s", cause);
			xfree(cause);
			return NULL;
		}
		state_dir = cf->state_dir;
	}
	/* Never made here: a missing database is a mistake to say. */
	if ((st = store_open_existing(state_dir, &cause)) == NULL) {
		log_errorx("%s", cause);
		xfree(cause);
	}
	config_free(cf);
	return st;
}

/*
 * The daemon's listen address as a URL this machine can connect to: a
 * wildcard address means loopback.
 */
static char *
api_base(const char *listen)
{
	const char *colon = strrchr(listen, ':');
	char *url;

	if (colon == NULL)
		return NULL;
	if (strncmp(listen, "0.0.0.0:", 8) == 0 || listen[0] == ':')
		xasprintf(&url, "http://127.0.0.1%s", colon);
	else if (strncmp(listen, "[::]:", 5) == 0)
		xasprintf(&url, "http://[::1]%s", colon);
	else
		xasprintf(&url, "http://%s", listen);
	return url;
}

int
cmd_api(const char *config, const char *method, const char *path,
    const char *body, long *status, char **answer, char **cause)
{
	struct httpc_request rq;
	struct httpc_response res;
	struct buf tok = { 0 };
	char *listen, *state_dir, *tpath, *base, *url;
	int rc = -1;

	if (config_where(config, &listen, &state_dir, cause) == -1)
		return -1;
	if (strcmp(listen, "off") == 0) {
		xasprintf(cause, "%s: listen = off: the daemon has no API to "
		    "talk to", config);
		goto out;
	}
	tpath = platform_path_join(state_dir, CONFIG_CONTROL_TOKEN);
	if (platform_read_file(tpath, &tok, 4096, cause) == -1) {
		xfree(tpath);
		goto out;
	}
	xfree(tpath);
	while (tok.len > 0 && (tok.data[tok.len - 1] == '\n' ||
	    tok.data[tok.len - 1] == '\r'))
		tok.data[--tok.len] = '\0';
	if ((base = api_base(listen)) == NULL) {
		xasprintf(cause, "%s: bad listen %s", config, listen);
		goto out;
	}
	xasprintf(&url, "%s%s", base, path);
	xfree(base);
	memset(&rq, 0, sizeof(rq));
	rq.method = method;
	rq.url = url;
	rq.body = body;
	rq.body_len = body != NULL ? strlen(body) : 0;
	rq.content_type = "application/json";
	rq.bearer = buf_cstr(&tok);
	rq.timeout_ms = 90000;
	if (httpc_do(&rq, &res, cause) == 0) {
		*status = res.code;
		*answer = xstrdup(buf_cstr(&res.body));
		buf_free(&res.body);
		rc = 0;
	}
	xfree(url);
out:
	if (tok.data != NULL)
		platform_zero(tok.data, tok.len);
	buf_free(&tok);
	xfree(listen);
	xfree(state_dir);
	return rc;
}

void
cmd_print_local(const struct sigdb *db, FILE *out)
{
	size_t i, j;

	for (i = 0; i < db->nsigs; i++) {
		const struct signature *sig = &db->sigs[i];

		if (sig->local)
			fprintf(out, "local signature %s (%s:%d)\n", sig->id,
			    sig->file, sig->line);
		for (j = 0; j < sig->noverrides; j++)
			fprintf(out, "override %s: %s\n", sig->id,
			    sig->overrides[j]);
	}
	for (i = 0; i < db->ndisabled; i++)
		fprintf(out, "disabled %s (%s)\n", db->disabled[i],
		    db->disabled_where[i]);
}
