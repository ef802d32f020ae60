/*
 * api — the bodies of every HTTP answer: JSON (jansson), HTML pages and
 * Prometheus text.  No sockets here: http.c parses the request into a
 * struct api_request, calls a handler from its route table, and sends the
 * struct api_response back.  Everything that came from a log is untrusted
 * and is escaped for where it goes.
 */
#ifndef SYNCWATCH_API_H
#define SYNCWATCH_API_H

#include <stddef.h>
#include <stdint.h>

#include "lib/buf.h"

struct auth;
struct snapshot;
struct store;

struct api_request {
	const char	*method;
	const char	*path;
	int64_t		 id;		/* the numeric path segment, if any */
	/* "ack", "resolve", "unack", "snooze" or "unsnooze", if any */
	const char	*action;
	/* Query (or form) argument by name, or NULL. */
	const char	*(*arg)(void *ctx, const char *name);
	/*
	 * Every query argument in turn, until cb returns non-zero (which is
	 * returned); NULL when the caller cannot list them.
	 */
	int		 (*each_arg)(void *ctx, int (*cb)(void *cbarg,
			    const char *name, const char *value), void *cbarg);
	void		*arg_ctx;
	const char	*authorization;	/* the header, or NULL */
	const char	*body;		/* POST body (form), NUL-terminated */
	size_t		 body_len;
	struct snapshot	*sn;
	struct auth	*auth;
	struct store	*st;		/* the HTTP thread's own connection */
	const char	*web_dir;
	int64_t		 started_mono_ms;
	const char	*name;		/* [daemon] name */
	const char	*external_url;	/* where ops reach this dashboard */
};

struct api_response {
	int		 status;
	const char	*content_type;
	struct buf	 body;
	char		 location[256];	/* for redirects */
	int		 html;		/* add the page security headers */
	int		 no_cache;
};

typedef void (*api_handler)(const struct api_request *,
	    struct api_response *);

void	api_dashboard(const struct api_request *, struct api_response *);
void	api_incident_page(const struct api_request *, struct api_response *);
void	api_incident_form(const struct api_request *, struct api_response *);
void	api_static(const struct api_request *, struct api_response *);
void	api_status(const struct api_request *, struct api_response *);
void	api_incidents(const struct api_request *, struct api_response *);
void	api_incident(const struct api_request *, struct api_response *);
void	api_incident_state(const struct api_request *, struct api_response *);
void	api_reload(const struct api_request *, struct api_response *);
void	api_signatures(const struct api_request *, struct api_response *);
void	api_sources(const struct api_request *, struct api_response *);
void	api_healthz(const struct api_request *, struct api_response *);
void	api_metrics(const struct api_request *, struct api_response *);

/* A JSON {"error": msg} answer with the given status. */
void	api_error(struct api_response *, int status, const char *msg);

/* The actions of POST .../incidents/ID/ACTION, NULL-terminated. */
extern const char *const api_actions[];

/* Append s[0..len) to b, escaped for HTML text and attribute values. */
void	api_html_escape(struct buf *b, const char *s, size_t len);

#endif
