/*
 * httpc — an HTTP client, over libcurl.
 *
 * The status check (`syncwatch status`) and the push to Alertmanager ask
 * other servers for things over HTTP or HTTPS, through proxies when the
 * environment says so; libcurl does that properly (TLS with the system's
 * certificates, or Schannel on Windows; proxies; IPv6 with fallback;
 * name lookup under the same deadline), so no client of our own is
 * written.  One request is one call, bounded in time and in the size of
 * the answer.  This module is the only one that includes curl.h.
 */
#ifndef SYNCWATCH_HTTPC_H
#define SYNCWATCH_HTTPC_H

#include <stddef.h>

#include "lib/buf.h"

struct httpc_request {
	const char	*method;	/* "GET", "POST" */
	const char	*url;
	const char	*body;		/* POST: the body, or NULL */
	size_t		 body_len;
	const char	*content_type;	/* of the body */
	const char	*bearer;	/* Authorization: Bearer, or NULL */
	const char	*userpwd;	/* basic auth "user:password", or NULL */
	const char	*ca_file;	/* CA bundle for HTTPS, or NULL: system */
	long		 timeout_ms;	/* the whole exchange */
	size_t		 max_body;	/* a longer answer is an error */
};

struct httpc_response {
	long		 code;		/* HTTP status */
	struct buf	 body;
};

/* Once, before any thread starts (main). */
void	httpc_init(void);
/*
 * Send the request.  0 and *res (its body the caller frees with
 * buf_free) whatever the HTTP status; -1 and *cause (caller frees) when
 * no answer came: no connection, a timeout, a TLS failure, an answer too
 * large.
 */
int	httpc_do(const struct httpc_request *, struct httpc_response *,
	    char **cause);
/* "libcurl/7.88.1 OpenSSL/3.0.x" for --version and the metrics. */
const char *httpc_version(void);

#endif
