/*
 * guard — the HTTP server's connections: how many, from where, and how
 * long each may take.
 *
 * libmicrohttpd's own connection timeout is an idle timeout: every byte a
 * client sends renews it, so a client that sends one byte every few
 * seconds keeps its connection (and its slot) for ever.  The guard gives
 * every request deadlines counted from its start instead, whatever
 * arrives meanwhile: the request line and headers within head_ms, the
 * whole request (body included) within request_ms, the answer sent within
 * reply_ms.  A request starts when its connection is accepted, or when the
 * previous request on the same connection has been answered, so waiting
 * idle between keep-alive requests counts as waiting for a head.
 *
 * guard_sweep finds the connections past their deadline and hands each to
 * a callback that ends it (http.c shuts the socket down; the library then
 * closes it).  It holds no lock: the guard lives on the HTTP thread, which
 * both runs the library and sweeps.
 *
 * Slots: the library accepts at most `slots` connections and leaves the
 * rest waiting in the listen queue.  guard_admit refuses remote peers
 * (not loopback) past per_host connections from one address, and past
 * slots - local_reserve connections from all remote addresses together,
 * so that remote clients can never take the slots local monitoring (the
 * CLI, a Nagios check, Prometheus on the same host) needs.  Loopback peers
 * are not limited per address: every local client is 127.0.0.1, the
 * honest and the hostile alike, and what keeps a local flood from holding
 * the slots is the deadline, not a count.
 */
#ifndef SYNCWATCH_GUARD_H
#define SYNCWATCH_GUARD_H

#include <stddef.h>
#include <stdint.h>

enum guard_phase {
	GUARD_HEAD,	/* waiting for the request line and headers */
	GUARD_BODY,	/* the head is in: reading the body, handling */
	GUARD_REPLY,	/* the answer is queued, being sent */
};

struct guard_limits {
	size_t		 slots;		/* connections at once, in all */
	size_t		 local_reserve;	/* of those, only for loopback peers */
	size_t		 per_host;	/* from one remote address */
	int64_t		 head_ms;	/* request line and headers */
	int64_t		 request_ms;	/* the whole request, body included */
	int64_t		 reply_ms;	/* up to the answer's last byte */
};

/*
 * One connection, embedded in the caller's state for it.  The caller
 * fills sock, host and loopback before guard_add; the rest is the
 * guard's.
 */
struct guard_conn {
	uint64_t	 sock;		/* the library's socket */
	char		 host[64];	/* the peer's address, no port */
	int		 loopback;
	enum guard_phase phase;
	int64_t		 since_ms;	/* this request's start */
	int		 cut;		/* ended by guard_sweep */
	struct guard_conn *prev, *next;
};

struct guard;

struct guard *guard_new(const struct guard_limits *);
/* Frees the guard, not the connections still in it (they are the caller's). */
void	guard_free(struct guard *);
/* Whether a new connection from host may be taken: 1 yes, 0 no. */
int	guard_admit(struct guard *, const char *host, int loopback);
/* Track c from now on, waiting for its first head. */
void	guard_add(struct guard *, struct guard_conn *c, int64_t now_ms);
void	guard_remove(struct guard *, struct guard_conn *c);
/*
 * Move c to another phase; GUARD_HEAD starts a new request (its clock
 * starts again at now_ms), the others keep the request's clock.
 */
void	guard_set_phase(struct guard_conn *c, enum guard_phase, int64_t now_ms);
/*
 * Call cut(arg, c) once for every connection past its deadline at now_ms
 * (and mark it cut).  Returns the ms until the next deadline of a
 * connection not cut, or -1 when there is none.
 */
int64_t	guard_sweep(struct guard *, int64_t now_ms,
	    void (*cut)(void *arg, struct guard_conn *), void *arg);
/*
 * Call cut(arg, c), as guard_sweep does, for every connection still
 * waiting for (the rest of) its request, started at least settle_ms
 * ago, whose peer gone(arg, c) says has shut its side: libmicrohttpd
 * does not always notice, and the slot would wait for the deadline.
 */
void	guard_sweep_gone(struct guard *, int64_t now_ms, int64_t settle_ms,
	    int (*gone)(void *arg, struct guard_conn *),
	    void (*cut)(void *arg, struct guard_conn *), void *arg);
/* Connections tracked now; connections cut and peers refused so far. */
size_t	guard_count(const struct guard *);
uint64_t guard_cuts(const struct guard *);
uint64_t guard_refused(const struct guard *);

#endif
