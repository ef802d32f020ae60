/*
 * webhook — a tiny webhook receiver for the fleet test
 * (tests/shell/fleet-alerting.sh): Alertmanager posts its notifications
 * here.
 *
 * usage: webhook PORT-FILE OUT-FILE
 *
 * Listens on 127.0.0.1 on a port the system picks and writes that port
 * to PORT-FILE (when it is ready).  Every request's body is appended to
 * OUT-FILE as one line (its newlines become spaces) and answered 200 with
 * an empty body; one request per connection.  Runs until killed.
 */
#include <sys/socket.h>

#include <arpa/inet.h>
#include <netinet/in.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>

#define MAX_REQ	(4 * 1024 * 1024)

static char req[MAX_REQ + 1];

static void
serve(int c, FILE *out)
{
	size_t len = 0, want = 0, i;
	char *end = NULL, *cl;
	ssize_t n;

	for (;;) {
		if (len == MAX_REQ)
			return;
		n = read(c, req + len, MAX_REQ - len);
		if (n <= 0)
			return;
		len += (size_t)n;
		req[len] = '\0';
		if (end == NULL && (end = strstr(req, "\r\n\r\n")) != NULL) {
			end += 4;
			for (cl = req; cl < end; cl = strchr(cl, '\n') + 1)
				if (strncasecmp(cl, "Content-Length:", 15) == 0)
					want = strtoul(cl + 15, NULL, 10);
		}
		if (end != NULL && len - (size_t)(end - req) >= want)
			break;
	}
	for (i = 0; i < want; i++)
		fputc(end[i] == '\n' || end[i] == '\r' ? ' ' : end[i], out);
	fputc('\n', out);
	fflush(out);
	dprintf(c, "HTTP/1.1 200 OK\r\nContent-Length: 0\r\nConnection: "
	    "close\r\n\r\n");
}

int
main(int argc, char **argv)
{
	struct sockaddr_in a;
	socklen_t alen = sizeof(a);
	FILE *out, *pf;
	int s, c, one = 1;

	if (argc != 3) {
		fprintf(stderr, "usage: webhook PORT-FILE OUT-FILE\n");
		return 2;
	}
	if ((out = fopen(argv[2], "a")) == NULL) {
		perror(argv[2]);
		return 1;
	}
	s = socket(AF_INET, SOCK_STREAM, 0);
	setsockopt(s, SOL_SOCKET, SO_REUSEADDR, &one, sizeof(one));
	memset(&a, 0, sizeof(a));
	a.sin_family = AF_INET;
	a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	if (bind(s, (struct sockaddr *)&a, sizeof(a)) == -1 ||
	    listen(s, 16) == -1 ||
	    getsockname(s, (struct sockaddr *)&a, &alen) == -1) {
		perror("webhook: listen");
		return 1;
	}
	if ((pf = fopen(argv[1], "w")) == NULL) {
		perror(argv[1]);
		return 1;
	}
	fprintf(pf, "%d\n", ntohs(a.sin_port));
	fclose(pf);
	for (;;) {
		if ((c = accept(s, NULL, NULL)) == -1)
			continue;
		serve(c, out);
		close(c);
	}
}
