/*
 * origin — the names the HTTP server answers to, and where a state change
 * may come from: the defence against DNS rebinding and cross-site posts.
 *
 * DNS rebinding: a web page on attacker.example makes its own name
 * resolve to 127.0.0.1, and the victim's browser, which sees one origin,
 * lets the page read every answer of the dashboard's API.  The request
 * still says "Host: attacker.example:8470", so the server answers only a
 * Host that is its own:
 *
 *   - the listen address as configured ("127.0.0.1:8470", "[::1]:8470",
 *     "myhost:8470");
 *   - when that is a loopback address or localhost, "localhost" and any
 *     loopback IP literal, with the listen port;
 *   - when it is the wildcard (":8470", "0.0.0.0:8470", "[::]:8470"), any
 *     IP literal and "localhost", with the listen port: no DNS name is
 *     involved, so no name can be rebound;
 *   - an allowed_hosts entry: "name" with any port or none (a reverse
 *     proxy's Host usually has none), "name:port" with that port only.
 *
 * Names compare without regard to case.  A request without Host (HTTP/1.0;
 * the library refuses HTTP/1.1 without one) is let through: no browser
 * sends one.
 *
 * Cross-site posts: a state change (ack, resolve, reload) is refused when
 * the browser says it comes from elsewhere.  Sec-Fetch-Site, which a page
 * cannot forge, decides when it is there: same-origin (or none, the user's
 * own doing) goes on, anything else does not.  Without it (an older
 * browser), Origin decides: it must name the request's own Host, and
 * "null" does not.  (A plain form posted from our pages says "Origin:
 * null", because they carry Referrer-Policy: no-referrer, so Origin alone
 * cannot tell it from a sandboxed attacker; Sec-Fetch-Site can.)  The
 * scheme is not compared: behind a TLS proxy the page is https while the
 * request that reaches us is not.  A request with neither header is not
 * from a browser (the CLI, curl, a monitoring check) and goes on to the
 * token check like any other.
 */
#ifndef SYNCWATCH_ORIGIN_H
#define SYNCWATCH_ORIGIN_H

#include <stddef.h>

struct origin;

/*
 * The rules for a server on listen ("HOST:PORT", "[V6]:PORT", ":PORT")
 * with the allowed_hosts entries (see conf/hostlist.h).  NULL if listen
 * cannot be read.
 */
struct origin *origin_new(const char *listen, char *const *allowed,
	    size_t nallowed);
void	origin_free(struct origin *);
/* Whether the Host header (NULL: none) names this server: 1 yes, 0 no. */
int	origin_host_ok(const struct origin *, const char *host);
/*
 * Whether a state change with these headers (NULL: absent) may go on:
 * 1 yes, 0 no (cross-origin).
 */
int	origin_post_ok(const char *host, const char *origin,
	    const char *fetch_site);

#endif
