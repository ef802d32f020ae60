/*
 * check_guard — the HTTP connections' deadlines and slots without a
 * server: connections are structs, time is a number, and a cut is a call
 * that is recorded.
 */
#include <stdio.h>
#include <string.h>

#include "http/guard.h"
#include "testutil.h"

static const struct guard_limits lim = {
	.slots = 10, .local_reserve = 4, .per_host = 3,
	.head_ms = 5000, .request_ms = 10000, .reply_ms = 30000,
};

static struct guard_conn conns[16];
static int cut[16];

static void
on_cut(void *arg, struct guard_conn *c)
{
	cut[c - conns]++;
}

static struct guard_conn *
conn(int i, const char *host, int loopback)
{
	struct guard_conn *c = &conns[i];

	memset(c, 0, sizeof(*c));
	c->sock = (uint64_t)i;
	snprintf(c->host, sizeof(c->host), "%s", host);
	c->loopback = loopback;
	return c;
}

/*
 * The deadline counts from the request's start whatever happens meanwhile:
 * a trickling client is cut at head_ms exactly as an idle one.
 */
START_TEST(test_head_deadline_not_renewed)
{
	struct guard *g = guard_new(&lim);

	memset(cut, 0, sizeof(cut));
	guard_add(g, conn(0, "127.0.0.1", 1), 1000);
	guard_add(g, conn(1, "127.0.0.1", 1), 3000);
	/* Nothing due: the next deadline is conn 0's, at 6000. */
	ck_assert_int_eq((int)guard_sweep(g, 2000, on_cut, NULL), 4000);
	ck_assert_int_eq((int)guard_sweep(g, 5999, on_cut, NULL), 1);
	ck_assert_int_eq(cut[0], 0);
	ck_assert_int_eq((int)guard_sweep(g, 6000, on_cut, NULL), 2000);
	ck_assert_int_eq(cut[0], 1);
	ck_assert_int_eq(cut[1], 0);
	/* A cut connection is cut once, even while it lingers. */
	ck_assert_int_eq((int)guard_sweep(g, 9000, on_cut, NULL), -1);
	ck_assert_int_eq(cut[0], 1);
	ck_assert_int_eq(cut[1], 1);
	ck_assert_int_eq((int)guard_cuts(g), 2);
	guard_remove(g, &conns[0]);
	guard_remove(g, &conns[1]);
	ck_assert_int_eq((int)guard_count(g), 0);
	guard_free(g);
}
END_TEST

/*
 * Once the head is in, the body has until request_ms from the same start,
 * and the answer until reply_ms; an answered request starts a new clock
 * for the next head on the connection (keep-alive).
 */
START_TEST(test_phases)
{
	struct guard *g = guard_new(&lim);
	struct guard_conn *c = conn(2, "10.0.0.1", 0);

	memset(cut, 0, sizeof(cut));
	guard_add(g, c, 0);
	guard_set_phase(c, GUARD_BODY, 100);
	ck_assert_int_eq((int)guard_sweep(g, 6000, on_cut, NULL), 4000);
	ck_assert_int_eq(cut[2], 0);
	guard_set_phase(c, GUARD_REPLY, 9000);
	ck_assert_int_eq((int)guard_sweep(g, 20000, on_cut, NULL), 10000);
	guard_set_phase(c, GUARD_HEAD, 25000);
	ck_assert_int_eq((int)guard_sweep(g, 29000, on_cut, NULL), 1000);
	ck_assert_int_eq(cut[2], 0);
	ck_assert_int_eq((int)guard_sweep(g, 30000, on_cut, NULL), -1);
	ck_assert_int_eq(cut[2], 1);
	guard_remove(g, c);
	guard_free(g);
}
END_TEST

/*
 * Remote peers: per_host from one address, slots - local_reserve from all
 * of them; loopback is never refused by the guard (the library's slot
 * limit and the deadlines bound it).
 */
START_TEST(test_admit)
{
	struct guard *g = guard_new(&lim);
	char h[24];
	int i;

	for (i = 0; i < 3; i++) {
		ck_assert(guard_admit(g, "10.0.0.1", 0));
		guard_add(g, conn(i, "10.0.0.1", 0), 0);
	}
	ck_assert(!guard_admit(g, "10.0.0.1", 0));
	ck_assert(guard_admit(g, "10.0.0.2", 0));
	guard_add(g, conn(3, "10.0.0.2", 0), 0);
	guard_add(g, conn(4, "10.0.0.3", 0), 0);
	guard_add(g, conn(5, "10.0.0.4", 0), 0);
	/* 6 remote of 10 slots with 4 reserved: no more remote peers. */
	ck_assert(!guard_admit(g, "10.0.0.9", 0));
	ck_assert_int_eq((int)guard_refused(g), 2);
	for (i = 6; i < 10; i++) {
		snprintf(h, sizeof(h), "127.0.0.%d", i);
		ck_assert(guard_admit(g, h, 1));
		guard_add(g, conn(i, h, 1), 0);
	}
	ck_assert(guard_admit(g, "127.0.0.1", 1));
	/* One remote leaves: room for one more, but not from a full host. */
	guard_remove(g, &conns[5]);
	ck_assert(guard_admit(g, "10.0.0.9", 0));
	ck_assert(!guard_admit(g, "10.0.0.1", 0));
	guard_remove(g, &conns[0]);
	ck_assert(guard_admit(g, "10.0.0.1", 0));
	ck_assert_int_eq((int)guard_count(g), 8);
	for (i = 1; i < 10; i++)
		if (i != 5)
			guard_remove(g, &conns[i]);
	ck_assert_int_eq((int)guard_count(g), 0);
	guard_free(g);
}
END_TEST

Suite *
guard_suite(void)
{
	Suite *s = suite_create("guard");
	TCase *tc = tcase_create("core");

	tcase_add_test(tc, test_head_deadline_not_renewed);
	tcase_add_test(tc, test_phases);
	tcase_add_test(tc, test_admit);
	suite_add_tcase(s, tc);
	return s;
}
