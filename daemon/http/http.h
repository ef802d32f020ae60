/*
 * http — the HTTP server: libmicrohttpd in its own thread, a route table,
 * limits.  The bodies come from api.c.
 */
#ifndef SYNCWATCH_HTTP_H
#define SYNCWATCH_HTTP_H

struct auth;
struct snapshot;
struct http;

/*
 * Listen on `listen` ("127.0.0.1:8470", "[::1]:8470", "0.0.0.0:8470") and
 * serve from the state directory's database.  NULL and *cause on error.
 */
struct http *http_start(const char *listen, const char *state_dir,
	    struct snapshot *, struct auth *, char **cause);
void	http_stop(struct http *);

#endif
