/*
 * net — the HTTP server's socket helpers on Windows (see platform.h):
 * ending a connection that libmicrohttpd owns, and naming a peer's
 * address.
 *
 * shutdown(SD_BOTH), not closesocket(): the socket stays the library's.
 * Unlike on Linux, a local shutdown is not known to wake a select() or
 * WSAPoll() already waiting on the socket, so the library may see the end
 * only on its next turn; the HTTP side's own timers make that turn come.
 */
#include <winsock2.h>
#include <ws2tcpip.h>

#include <stdio.h>
#include <string.h>

#include "platform/platform.h"

void
platform_socket_shutdown(uint64_t sock)
{
	(void)shutdown((SOCKET)sock, SD_BOTH);
}

int
platform_socket_peer_gone(uint64_t sock)
{
	struct timeval now = { 0, 0 };
	fd_set rd;
	char c;

	/* Winsock has no MSG_DONTWAIT: ask first whether a read would wait. */
	FD_ZERO(&rd);
	FD_SET((SOCKET)sock, &rd);
	if (select(0, &rd, NULL, NULL, &now) != 1)
		return 0;
	return recv((SOCKET)sock, &c, 1, MSG_PEEK) == 0;
}

int
platform_peer_host(const void *sa, char *out, size_t size)
{
	const struct sockaddr *a = sa;
	const unsigned char *b;
	socklen_t len;
	static const unsigned char v4mapped[12] = { 0, 0, 0, 0, 0, 0, 0, 0, 0,
	    0, 0xff, 0xff };
	static const unsigned char v6loop[16] = { 0, 0, 0, 0, 0, 0, 0, 0, 0,
	    0, 0, 0, 0, 0, 0, 1 };

	/* The length the family has: the caller may not know it. */
	len = a == NULL ? 0 : a->sa_family == AF_INET ?
	    (socklen_t)sizeof(struct sockaddr_in) : a->sa_family == AF_INET6 ?
	    (socklen_t)sizeof(struct sockaddr_in6) : 0;
	if (len == 0 || size == 0 ||
	    getnameinfo(a, len, out, (DWORD)size, NULL, 0,
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
	b = ((const struct sockaddr_in6 *)sa)->sin6_addr.s6_addr;
	if (memcmp(b, v4mapped, sizeof(v4mapped)) == 0)
		return b[12] == 127;
	return memcmp(b, v6loop, sizeof(v6loop)) == 0;
}
