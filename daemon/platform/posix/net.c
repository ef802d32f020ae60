/*
 * net — the HTTP server's socket helpers on POSIX (see platform.h):
 * ending a connection that libmicrohttpd owns, and naming a peer's
 * address.
 *
 * shutdown(2), not close(2): the socket stays the library's, and the
 * descriptor cannot be reused under it; its next read returns the end of
 * the stream and it closes the connection through its own path, which
 * tells the application (MHD_CONNECTION_NOTIFY_CLOSED).
 */
#include <sys/socket.h>
#include <netinet/in.h>

#include <netdb.h>
#include <stdio.h>
#include <string.h>

#include "platform/platform.h"

void
platform_socket_shutdown(uint64_t sock)
{
	(void)shutdown((int)sock, SHUT_RDWR);
}

int
platform_socket_peer_gone(uint64_t sock)
{
	char c;

	return recv((int)sock, &c, 1, MSG_PEEK | MSG_DONTWAIT) == 0;
}

int
platform_peer_host(const void *sa, char *out, size_t size)
{
	const struct sockaddr *a = sa;
	const struct sockaddr_in6 *a6;
	const unsigned char *b;
	socklen_t len;
	static const unsigned char v4mapped[12] = { 0, 0, 0, 0, 0, 0, 0, 0, 0,
	    0, 0xff, 0xff };

	/* The length the family has: the caller may not know it. */
	len = a == NULL ? 0 : a->sa_family == AF_INET ?
	    (socklen_t)sizeof(struct sockaddr_in) : a->sa_family == AF_INET6 ?
	    (socklen_t)sizeof(struct sockaddr_in6) : 0;
	if (len == 0 || size == 0 ||
	    getnameinfo(a, len, out, (socklen_t)size, NULL, 0,
	    NI_NUMERICHOST) != 0) {
		if (size > 0)
			snprintf(out, size, "?");
		return -1;
	}
	if (a->sa_family == AF_INET) {
		b = (const unsigned char *)
		    &((const struct sockaddr_in *)sa)->sin_addr;
		return b[0] == 127;
	}
	a6 = sa;
	b = a6->sin6_addr.s6_addr;
	if (memcmp(b, v4mapped, sizeof(v4mapped)) == 0)
		return b[12] == 127;
	return IN6_IS_ADDR_LOOPBACK(&a6->sin6_addr);
}
