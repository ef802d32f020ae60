/*
 * hostlist — the allowed_hosts key of [daemon]: the names the HTTP server
 * answers to besides its listen address.
 *
 *   allowed_hosts = syncwatch.example.com monitor:8470 [fd00::5]:8470
 *
 * Entries are separated by blanks or commas; each is a host name or an
 * IP address (IPv6 in brackets), optionally with :PORT.  They are kept in
 * lower case (host names ignore case).  No scheme, no path, no wildcard:
 * an entry is a Host header value the server accepts (http/origin.c says
 * how).
 */
#ifndef SYNCWATCH_HOSTLIST_H
#define SYNCWATCH_HOSTLIST_H

#include <stddef.h>

struct diag;

/*
 * Parse value into a new array *out of *n strings (free with
 * hostlist_free), reporting each bad entry to errors as file:line.
 * Returns the number of bad entries.
 */
int	hostlist_parse(const char *value, char ***out, size_t *n,
	    struct diag *errors, const char *file, int line);
void	hostlist_free(char **, size_t);

#endif
