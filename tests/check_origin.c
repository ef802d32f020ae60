/*
 * check_origin — which Host values the HTTP server answers and which
 * Origin may change state: the DNS-rebinding and cross-site cases, and
 * the ones the CLI, a reverse proxy and the dashboard itself need.
 */
#include <stddef.h>

#include "http/origin.h"
#include "testutil.h"

START_TEST(test_host_loopback)
{
	struct origin *o = origin_new("127.0.0.1:8470", NULL, 0);

	ck_assert_ptr_nonnull(o);
	ck_assert(origin_host_ok(o, "127.0.0.1:8470"));
	ck_assert(origin_host_ok(o, "localhost:8470"));
	ck_assert(origin_host_ok(o, "LocalHost:8470"));
	ck_assert(origin_host_ok(o, "[::1]:8470"));
	ck_assert(origin_host_ok(o, "127.0.0.53:8470"));
	ck_assert(origin_host_ok(o, NULL));		/* HTTP/1.0 */
	/* A rebinding name, with the right port or not. */
	ck_assert(!origin_host_ok(o, "attacker.example:8470"));
	ck_assert(!origin_host_ok(o, "attacker.example"));
	ck_assert(!origin_host_ok(o, "localhost.attacker.example:8470"));
	ck_assert(!origin_host_ok(o, "127.0.0.1.nip.io:8470"));
	/* Our names with another port (80 when none is given). */
	ck_assert(!origin_host_ok(o, "127.0.0.1:8471"));
	ck_assert(!origin_host_ok(o, "localhost"));
	/* Not loopback, and malformed. */
	ck_assert(!origin_host_ok(o, "10.0.0.1:8470"));
	ck_assert(!origin_host_ok(o, ""));
	ck_assert(!origin_host_ok(o, ":8470"));
	ck_assert(!origin_host_ok(o, "::1:8470"));
	ck_assert(!origin_host_ok(o, "127.0.0.1:8470x"));
	ck_assert(!origin_host_ok(o, "127.0.0.1:"));
	ck_assert(!origin_host_ok(o, "[::1"));
	origin_free(o);
	origin_free(NULL);
}
END_TEST

START_TEST(test_host_listen_kinds)
{
	struct origin *o;

	/* The wildcard: any IP literal, no names. */
	o = origin_new(":8470", NULL, 0);
	ck_assert(origin_host_ok(o, "192.0.2.7:8470"));
	ck_assert(origin_host_ok(o, "[2001:db8::1]:8470"));
	ck_assert(!origin_host_ok(o, "server.example:8470"));
	ck_assert(!origin_host_ok(o, "192.0.2.7:80"));
	ck_assert(!origin_host_ok(o, "1.2.3:8470"));
	ck_assert(!origin_host_ok(o, "256.1.1.1:8470"));
	origin_free(o);
	o = origin_new("0.0.0.0:8470", NULL, 0);
	ck_assert(origin_host_ok(o, "localhost:8470"));
	ck_assert(origin_host_ok(o, "10.1.2.3:8470"));
	origin_free(o);
	o = origin_new("[::]:8470", NULL, 0);
	ck_assert(origin_host_ok(o, "[::1]:8470"));
	origin_free(o);
	/* A name: itself; and a routable address: itself only. */
	o = origin_new("monitor.lan:8470", NULL, 0);
	ck_assert(origin_host_ok(o, "MONITOR.lan:8470"));
	ck_assert(!origin_host_ok(o, "localhost:8470"));
	ck_assert(!origin_host_ok(o, "10.0.0.1:8470"));
	origin_free(o);
	o = origin_new("10.0.0.5:80", NULL, 0);
	ck_assert(origin_host_ok(o, "10.0.0.5"));
	ck_assert(origin_host_ok(o, "10.0.0.5:80"));
	ck_assert(!origin_host_ok(o, "10.0.0.6"));
	ck_assert(!origin_host_ok(o, "localhost"));
	origin_free(o);
	ck_assert_ptr_null(origin_new("nonsense", NULL, 0));
}
END_TEST

START_TEST(test_host_allowed)
{
	char *allowed[] = { "syncwatch.example.com", "monitor:9000",
	    "[fd00::5]:8470" };
	struct origin *o = origin_new("127.0.0.1:8470", allowed, 3);

	/* Without a port: with any port or none (behind a proxy). */
	ck_assert(origin_host_ok(o, "syncwatch.example.com"));
	ck_assert(origin_host_ok(o, "SYNCWATCH.example.com:443"));
	ck_assert(origin_host_ok(o, "syncwatch.example.com:8470"));
	ck_assert(!origin_host_ok(o, "www.syncwatch.example.com"));
	ck_assert(!origin_host_ok(o, "syncwatch.example.com.attacker.example"));
	/* With a port: that port only. */
	ck_assert(origin_host_ok(o, "monitor:9000"));
	ck_assert(!origin_host_ok(o, "monitor:8470"));
	ck_assert(!origin_host_ok(o, "monitor"));
	ck_assert(origin_host_ok(o, "[FD00::5]:8470"));
	ck_assert(!origin_host_ok(o, "[fd00::5]:9"));
	/* The listen address still works. */
	ck_assert(origin_host_ok(o, "127.0.0.1:8470"));
	origin_free(o);
}
END_TEST

START_TEST(test_post_origin)
{
	const char *h = "127.0.0.1:8470";

	/* Not a browser: no Origin, no Sec-Fetch-Site. */
	ck_assert(origin_post_ok(h, NULL, NULL));
	ck_assert(origin_post_ok(NULL, NULL, NULL));
	/* The dashboard itself. */
	ck_assert(origin_post_ok(h, "http://127.0.0.1:8470", "same-origin"));
	ck_assert(origin_post_ok(h, "http://127.0.0.1:8470", NULL));
	ck_assert(origin_post_ok(h, NULL, "same-origin"));
	ck_assert(origin_post_ok("Localhost:8470", "http://localhost:8470",
	    NULL));
	/* Behind a TLS proxy: Host without port, Origin https. */
	ck_assert(origin_post_ok("syncwatch.example.com",
	    "https://syncwatch.example.com", "same-origin"));
	ck_assert(origin_post_ok("syncwatch.example.com:443",
	    "https://syncwatch.example.com", NULL));
	/* Elsewhere. */
	ck_assert(!origin_post_ok(h, "http://attacker.example", NULL));
	ck_assert(!origin_post_ok(h, "http://127.0.0.1:8471", NULL));
	ck_assert(!origin_post_ok(h, "http://localhost:8470", NULL));
	ck_assert(!origin_post_ok(h, "null", NULL));
	ck_assert(!origin_post_ok(h, "file://", NULL));
	ck_assert(!origin_post_ok(h, "http://127.0.0.1:8470/x", NULL));
	ck_assert(!origin_post_ok(NULL, "http://127.0.0.1:8470", NULL));
	ck_assert(!origin_post_ok(h, NULL, "cross-site"));
	ck_assert(!origin_post_ok(h, NULL, "same-site"));
	ck_assert(!origin_post_ok(h, "http://127.0.0.1:8470", "cross-site"));
	ck_assert(origin_post_ok(h, NULL, "none"));
	/*
	 * Sec-Fetch-Site decides when there is one: our plain forms post
	 * with Origin: null (Referrer-Policy: no-referrer).
	 */
	ck_assert(origin_post_ok(h, "null", "same-origin"));
	ck_assert(!origin_post_ok(h, "http://127.0.0.1:8470", "same-site"));
}
END_TEST

Suite *
origin_suite(void)
{
	Suite *s = suite_create("origin");
	TCase *tc = tcase_create("core");

	tcase_add_test(tc, test_host_loopback);
	tcase_add_test(tc, test_host_listen_kinds);
	tcase_add_test(tc, test_host_allowed);
	tcase_add_test(tc, test_post_origin);
	suite_add_tcase(s, tc);
	return s;
}
