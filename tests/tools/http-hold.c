/*
 * http-hold — hold many HTTP connections open the way a slow or hostile
 * client does, for the denial-of-service tests (tests/shell/api-slow-*.sh).
 *
 * usage: http-hold [-n CONNS] [-m MODE] [-i MS] [-t SECONDS] [-r]
 *                  [-R READY-FILE] HOST PORT
 *
 * Opens CONNS (default 200) connections to HOST:PORT (an IPv4 address)
 * and feeds each one according to MODE:
 *
 *   idle      sends nothing at all;
 *   trickle   sends a request head one byte every MS milliseconds (default
 *             500) and never finishes it;
 *   chunked   sends a complete POST head with Transfer-Encoding: chunked,
 *             then a one-byte chunk every MS milliseconds (0: as fast as
 *             the socket takes them), and never ends the body;
 *   slowbody  sends a POST head announcing a 4 KiB body, then one byte of
 *             it every MS milliseconds;
 *   halfclose sends the head of slowbody and a few bytes of its body, then
 *             shuts its sending side (a client that went away mid-request).
 *
 * With -r a connection the server closes is opened again at once, so the
 * pressure stays at CONNS.  Once every connection is established the first
 * time, READY-FILE (if given) is written.  After SECONDS (default 10), or
 * on SIGTERM/SIGINT, it prints one line:
 *
 *   opened=N closed=N answered=N open=N longest_ms=N
 *
 * closed: connections the server closed (or reset); answered: those that
 * got bytes back first (an HTTP status line); open: still open at the end;
 * longest_ms: the longest any connection stayed open, the ones still open
 * counted up to the end.  A test only, for Linux: plain POSIX sockets.
 */
#include <sys/socket.h>
#include <netinet/in.h>
#include <arpa/inet.h>

#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

enum mode { M_IDLE, M_TRICKLE, M_CHUNKED, M_SLOWBODY, M_HALFCLOSE };

struct conn {
	int	 fd;
	int	 connected;
	size_t	 sent;		/* bytes of the head sent */
	int	 shut;		/* halfclose: the sending side is shut */
	double	 opened_at;
	double	 next_at;	/* when to send the next byte */
};

static volatile sig_atomic_t stop;
static struct sockaddr_in addr;
static enum mode mode = M_TRICKLE;
static char head[512];
static size_t head_len;
static int interval_ms = 500;
static long opened, closed, answered;
static double longest;

static double
now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1e3 + ts.tv_nsec / 1e6;
}

static void
on_signal(int sig)
{
	stop = 1;
}

static void
conn_open(struct conn *c, double now)
{
	c->fd = socket(AF_INET, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
	if (c->fd == -1) {
		perror("http-hold: socket");
		exit(2);
	}
	if (connect(c->fd, (struct sockaddr *)&addr, sizeof(addr)) == -1 &&
	    errno != EINPROGRESS) {
		perror("http-hold: connect");
		exit(2);
	}
	c->connected = 0;
	c->sent = 0;
	c->shut = 0;
	c->opened_at = now;
	c->next_at = now;
	opened++;
}

static void
conn_close(struct conn *c, double now)
{
	if (now - c->opened_at > longest)
		longest = now - c->opened_at;
	close(c->fd);
	c->fd = -1;
}

/*
 * Send what is due: the head (one byte at a time when trickling), then
 * the body.  A trickled head never ends: after it, the last header's value
 * grows by one byte at a time.  With no interval, up to 256 sends a call
 * (the socket may never fill).  Returns -1 when the server has gone.
 */
static int
conn_feed(struct conn *c, double now)
{
	const char *more;
	size_t want;
	ssize_t n;
	int burst = 0;

	if (mode == M_IDLE || c->shut || now < c->next_at)
		return 0;
	if (mode == M_HALFCLOSE) {
		n = send(c->fd, head + c->sent, head_len - c->sent, MSG_NOSIGNAL);
		if (n == -1)
			return errno == EAGAIN ? 0 : -1;
		if ((c->sent += (size_t)n) < head_len)
			return 0;
		if (send(c->fd, "xyz", 3, MSG_NOSIGNAL) == -1 && errno != EAGAIN)
			return -1;
		shutdown(c->fd, SHUT_WR);
		c->shut = 1;
		return 0;
	}
	do {
		if (c->sent < head_len) {
			want = mode == M_TRICKLE ? 1 : head_len - c->sent;
			n = send(c->fd, head + c->sent, want, MSG_NOSIGNAL);
		} else {
			more = mode == M_CHUNKED ? "1\r\nx\r\n" :
			    mode == M_TRICKLE ? "a" : "x";
			n = send(c->fd, more, strlen(more), MSG_NOSIGNAL);
		}
		if (n == -1)
			return errno == EAGAIN ? 0 : -1;
		if (c->sent < head_len)
			c->sent += (size_t)n;
	} while (interval_ms == 0 && c->sent >= head_len && ++burst < 256);
	c->next_at = now + interval_ms;
	return 0;
}

static void
usage(void)
{
	fprintf(stderr, "usage: http-hold [-n CONNS] [-m idle|trickle|chunked|"
	    "slowbody|halfclose] [-i MS] [-t SECONDS] [-r] [-R READY-FILE] HOST PORT\n");
	exit(2);
}

int
main(int argc, char **argv)
{
	const char *ready = NULL;
	struct pollfd *pfd;
	struct conn *cs;
	double end, now;
	int n = 200, secs = 10, again = 0, ch, i, ready_done = 0, open_now;
	char buf[512];

	while ((ch = getopt(argc, argv, "n:m:i:t:rR:")) != -1) {
		switch (ch) {
		case 'n': n = atoi(optarg); break;
		case 'i': interval_ms = atoi(optarg); break;
		case 't': secs = atoi(optarg); break;
		case 'r': again = 1; break;
		case 'R': ready = optarg; break;
		case 'm':
			if (strcmp(optarg, "idle") == 0)
				mode = M_IDLE;
			else if (strcmp(optarg, "trickle") == 0)
				mode = M_TRICKLE;
			else if (strcmp(optarg, "chunked") == 0)
				mode = M_CHUNKED;
			else if (strcmp(optarg, "slowbody") == 0)
				mode = M_SLOWBODY;
			else if (strcmp(optarg, "halfclose") == 0)
				mode = M_HALFCLOSE;
			else
				usage();
			break;
		default:
			usage();
		}
	}
	if (argc - optind != 2 || n < 1 || secs < 1 || interval_ms < 0)
		usage();
	memset(&addr, 0, sizeof(addr));
	addr.sin_family = AF_INET;
	addr.sin_port = htons((unsigned short)atoi(argv[optind + 1]));
	if (inet_pton(AF_INET, argv[optind], &addr.sin_addr) != 1)
		usage();
	switch (mode) {
	case M_TRICKLE:
		snprintf(head, sizeof(head), "GET /healthz HTTP/1.1\r\n"
		    "Host: %s:%s\r\nX-Slow: a", argv[optind],
		    argv[optind + 1]);
		break;
	case M_CHUNKED:
		snprintf(head, sizeof(head), "POST /api/v1/incidents/1/ack "
		    "HTTP/1.1\r\nHost: %s:%s\r\nContent-Type: application/json"
		    "\r\nTransfer-Encoding: chunked\r\n\r\n", argv[optind],
		    argv[optind + 1]);
		break;
	case M_SLOWBODY:
	case M_HALFCLOSE:
		snprintf(head, sizeof(head), "POST /api/v1/incidents/1/ack "
		    "HTTP/1.1\r\nHost: %s:%s\r\nContent-Type: application/json"
		    "\r\nContent-Length: 4096\r\n\r\n", argv[optind],
		    argv[optind + 1]);
		break;
	case M_IDLE:
		break;
	}
	head_len = strlen(head);
	signal(SIGTERM, on_signal);
	signal(SIGINT, on_signal);
	cs = calloc((size_t)n, sizeof(*cs));
	pfd = calloc((size_t)n, sizeof(*pfd));
	if (cs == NULL || pfd == NULL)
		return 2;
	now = now_ms();
	end = now + secs * 1e3;
	for (i = 0; i < n; i++)
		conn_open(&cs[i], now);
	while (!stop && (now = now_ms()) < end) {
		open_now = 0;
		for (i = 0; i < n; i++) {
			pfd[i].fd = cs[i].fd;
			pfd[i].events = POLLIN | (cs[i].connected ? 0 : POLLOUT);
			pfd[i].revents = 0;
			open_now += cs[i].fd != -1 && cs[i].connected;
		}
		if (!ready_done && ready != NULL && open_now == n) {
			FILE *f = fopen(ready, "w");

			if (f != NULL) {
				fprintf(f, "%d\n", n);
				fclose(f);
			}
			ready_done = 1;
		}
		if (poll(pfd, (nfds_t)n, interval_ms > 0 && interval_ms < 50 ?
		    interval_ms : 50) == -1 && errno != EINTR)
			return 2;
		now = now_ms();
		for (i = 0; i < n; i++) {
			struct conn *c = &cs[i];
			int gone = 0;

			if (c->fd == -1) {
				if (again)
					conn_open(c, now);
				continue;
			}
			if (!c->connected && (pfd[i].revents & POLLOUT)) {
				int err = 0;
				socklen_t len = sizeof(err);

				getsockopt(c->fd, SOL_SOCKET, SO_ERROR, &err,
				    &len);
				if (err != 0)
					gone = 1;
				else
					c->connected = 1;
			}
			if (pfd[i].revents & (POLLIN | POLLHUP | POLLERR)) {
				ssize_t r = recv(c->fd, buf, sizeof(buf), 0);

				if (r > 0 && strncmp(buf, "HTTP/", 5) == 0) {
					answered++;
					gone = 1;
				} else if (r <= 0 && !(r == -1 &&
				    errno == EAGAIN))
					gone = 1;
			}
			if (!gone && c->connected && conn_feed(c, now) == -1)
				gone = 1;
			if (gone) {
				closed++;
				conn_close(c, now);
				if (again)
					conn_open(c, now);
			}
		}
	}
	now = now_ms();
	open_now = 0;
	for (i = 0; i < n; i++)
		if (cs[i].fd != -1) {
			open_now++;
			conn_close(&cs[i], now);
		}
	printf("opened=%ld closed=%ld answered=%ld open=%d longest_ms=%.0f\n",
	    opened, closed, answered, open_now, longest);
	free(cs);
	free(pfd);
	return 0;
}
