/*
 * http — the HTTP server: libmicrohttpd in its own thread, a route table,
 * limits.  The bodies come from api.c.
 */
#ifndef SYNCWATCH_HTTP_H
#define SYNCWATCH_HTTP_H

struct auth;
struct config;
struct snapshot;
struct http;

/*
 * Listen on cf->listen ("127.0.0.1:8470", "[::1]:8470", "0.0.0.0:8470"),
 * answering the Host names that listen and cf->allowed_hosts allow, and
 * serve from cf->state_dir's database.  What it needs of cf is copied:
 * like listen, allowed_hosts changes only on restart.  NULL and *cause
 * on error.
 */
struct http *http_start(const struct config *cf, struct snapshot *,
	    struct auth *, char **cause);
void	http_stop(struct http *);

#endif
