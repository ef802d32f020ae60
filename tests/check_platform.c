/*
 * check_platform — the platform glue: service manager notifications, the
 * watchdog interval, default directories.  The files and folders of the
 * platform layer are in check_platform_files.c.
 *
 * The notification and watchdog tests are systemd's protocol (a datagram
 * to $NOTIFY_SOCKET, $WATCHDOG_USEC/$WATCHDOG_PID): POSIX only.  Windows
 * has no AF_UNIX datagrams to systemd and its service control manager has
 * no watchdog; there the tests check that the same variables change
 * nothing (a service's status goes to the SCM, which only a real service
 * run can show: tests/win/service.sh).  Also threads, the HTTP side's
 * socket helpers on real sockets, and the mode check of a file of
 * secrets.
 */
#ifndef _WIN32
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <netinet/in.h>
#include <arpa/inet.h>
#include <unistd.h>
#endif

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lib/buf.h"
#include "platform/platform.h"
#include "testutil.h"
#include "lib/xmalloc.h"

#ifndef _WIN32
START_TEST(test_notify_sends_one_datagram)
{
	char dir[512], path[600], got[64];
	struct sockaddr_un sun;
	ssize_t n;
	int fd;

	test_mkdtemp(dir, sizeof(dir), "check_platform");
	snprintf(path, sizeof(path), "%s/notify", dir);
	ck_assert_uint_lt(strlen(path), sizeof(sun.sun_path));
	fd = socket(AF_UNIX, SOCK_DGRAM, 0);
	ck_assert_int_ne(fd, -1);
	memset(&sun, 0, sizeof(sun));
	sun.sun_family = AF_UNIX;
	strcpy(sun.sun_path, path);
	ck_assert_int_eq(bind(fd, (struct sockaddr *)&sun, sizeof(sun)), 0);
	test_setenv("NOTIFY_SOCKET", path);
	platform_notify("READY=1\nSTATUS=test");
	n = recv(fd, got, sizeof(got) - 1, MSG_DONTWAIT);
	ck_assert_int_eq((int)n, 19);
	got[n] = '\0';
	ck_assert_str_eq(got, "READY=1\nSTATUS=test");
	/* Not under a service manager: nothing happens, nothing breaks. */
	test_setenv("NOTIFY_SOCKET", NULL);
	platform_notify("READY=1");
	ck_assert_int_eq((int)recv(fd, got, sizeof(got), MSG_DONTWAIT), -1);
	close(fd);
	ck_assert_int_eq(test_rmtree(dir), 0);
}
END_TEST

START_TEST(test_watchdog_interval)
{
	char pid[32];

	test_setenv("WATCHDOG_USEC", NULL);
	test_setenv("WATCHDOG_PID", NULL);
	ck_assert_int_eq(platform_watchdog_ms(), 0);
	test_setenv("WATCHDOG_USEC", "30000000");
	ck_assert_int_eq(platform_watchdog_ms(), 15000);
	snprintf(pid, sizeof(pid), "%d", (int)getpid() + 1);
	test_setenv("WATCHDOG_PID", pid);		/* meant for another process */
	ck_assert_int_eq(platform_watchdog_ms(), 0);
	snprintf(pid, sizeof(pid), "%d", (int)getpid());
	test_setenv("WATCHDOG_PID", pid);
	ck_assert_int_eq(platform_watchdog_ms(), 15000);
	test_setenv("WATCHDOG_USEC", NULL);
	test_setenv("WATCHDOG_PID", NULL);
}
END_TEST

#else /* _WIN32 */

/*
 * Not run by the service control manager: platform_notify changes
 * nothing, whatever systemd's variables say, and there is no watchdog.
 */
START_TEST(test_notify_without_service_manager)
{
	test_setenv("NOTIFY_SOCKET", "C:\\nowhere\\notify");
	test_setenv("WATCHDOG_USEC", "30000000");
	platform_notify("READY=1\nSTATUS=test");
	platform_notify("STOPPING=1");
	ck_assert_int_eq(platform_watchdog_ms(), 0);
	test_setenv("NOTIFY_SOCKET", NULL);
	test_setenv("WATCHDOG_USEC", NULL);
}
END_TEST

#endif /* _WIN32 */

START_TEST(test_default_directories)
{
	char *p;

	test_setenv("SYNCWATCH_PATTERNS", "/somewhere/patterns");
	p = platform_default_patterns();
	ck_assert_str_eq(p, "/somewhere/patterns");
	xfree(p);
	test_setenv("SYNCWATCH_PATTERNS", NULL);
	test_setenv("SYNCWATCH_WEB", "/somewhere/web");
	p = platform_default_web();
	ck_assert_str_eq(p, "/somewhere/web");
	xfree(p);
	test_setenv("SYNCWATCH_WEB", NULL);
	ck_assert(platform_now_ms() > 1700000000000LL);
	ck_assert(platform_mono_ms() > 0);
}
END_TEST

static void
thread_fn(void *arg)
{
	*(int *)arg = 42;
}

START_TEST(test_thread_runs_and_joins)
{
	struct platform_thread *t;
	int v = 0;

	t = platform_thread_start(thread_fn, &v);
	ck_assert_ptr_nonnull(t);
	platform_thread_join(t);
	ck_assert_int_eq(v, 42);
	platform_thread_join(NULL);
}
END_TEST

#ifndef _WIN32
/*
 * POSIX only: these build addresses and files with the BSD socket and
 * mode APIs (the Windows side of the same helpers runs under wine in
 * tests/win/, through the daemon's HTTP tests).
 */

/* peer_host(family, text): what platform_peer_host says of the address. */
static int
peer_host(int family, const char *text, char *out, size_t size)
{
	struct sockaddr_in6 a6;
	struct sockaddr_in a4;

	if (family == AF_INET) {
		memset(&a4, 0, sizeof(a4));
		a4.sin_family = AF_INET;
		a4.sin_port = htons(8470);
		ck_assert_int_eq(inet_pton(AF_INET, text, &a4.sin_addr), 1);
		return platform_peer_host(&a4, out, size);
	}
	memset(&a6, 0, sizeof(a6));
	a6.sin6_family = AF_INET6;
	a6.sin6_port = htons(8470);
	ck_assert_int_eq(inet_pton(AF_INET6, text, &a6.sin6_addr), 1);
	return platform_peer_host(&a6, out, size);
}

START_TEST(test_peer_host)
{
	char h[64];

	ck_assert_int_eq(peer_host(AF_INET, "127.0.0.1", h, sizeof(h)), 1);
	ck_assert_str_eq(h, "127.0.0.1");
	ck_assert_int_eq(peer_host(AF_INET, "127.3.4.5", h, sizeof(h)), 1);
	ck_assert_int_eq(peer_host(AF_INET, "10.1.2.3", h, sizeof(h)), 0);
	ck_assert_str_eq(h, "10.1.2.3");
	ck_assert_int_eq(peer_host(AF_INET, "128.0.0.1", h, sizeof(h)), 0);
	ck_assert_int_eq(peer_host(AF_INET6, "::1", h, sizeof(h)), 1);
	ck_assert_str_eq(h, "::1");
	ck_assert_int_eq(peer_host(AF_INET6, "::ffff:127.0.0.9", h,
	    sizeof(h)), 1);
	ck_assert_int_eq(peer_host(AF_INET6, "::ffff:10.0.0.1", h,
	    sizeof(h)), 0);
	ck_assert_int_eq(peer_host(AF_INET6, "fe80::1", h, sizeof(h)), 0);
	ck_assert_int_eq(peer_host(AF_INET6, "::2", h, sizeof(h)), 0);
	ck_assert_int_eq(platform_peer_host(NULL, h, sizeof(h)), -1);
	ck_assert_str_eq(h, "?");
}
END_TEST

/*
 * A shutdown socket reads as ended on the side that shut it down, and the
 * peer sees the end too: what the HTTP side relies on to have the library
 * close a connection it owns.
 */
START_TEST(test_socket_shutdown)
{
	int sv[2];
	char c;

	ck_assert_int_eq(socketpair(AF_UNIX, SOCK_STREAM, 0, sv), 0);
	platform_socket_shutdown((uint64_t)sv[0]);
	ck_assert_int_eq((int)recv(sv[0], &c, 1, 0), 0);
	ck_assert_int_eq((int)recv(sv[1], &c, 1, 0), 0);
	close(sv[0]);
	close(sv[1]);
}
END_TEST

/* read_secret(MODE): platform_read_secret on a file of that mode. */
static int
read_secret(mode_t mode, char **cause)
{
	char path[] = "/tmp/check_platform.XXXXXX";
	struct buf b = { 0 };
	int fd = mkstemp(path), rc;

	ck_assert_int_ne(fd, -1);
	ck_assert_int_eq((int)write(fd, "ops 0123456789abcdef\n", 21), 21);
	close(fd);
	ck_assert_int_eq(chmod(path, mode), 0);
	rc = platform_read_secret(path, &b, 1024, cause);
	if (rc == 0)
		ck_assert_str_eq(buf_cstr(&b), "ops 0123456789abcdef\n");
	buf_free(&b);
	unlink(path);
	return rc;
}

START_TEST(test_read_secret)
{
	struct buf b = { 0 };
	char *cause = NULL;

	ck_assert_int_eq(read_secret(0600, &cause), 0);
	ck_assert_int_eq(read_secret(0400, &cause), 0);
	ck_assert_int_eq(read_secret(0644, &cause), -1);
	ck_assert_msg(strstr(cause, ": mode 0644 is too open") != NULL &&
	    strstr(cause, "(chmod 600 /tmp/check_platform.") != NULL, "%s",
	    cause);
	xfree(cause);
	ck_assert_int_eq(read_secret(0604, &cause), -1);
	xfree(cause);
	ck_assert_int_eq(read_secret(0620, &cause), -1);
	xfree(cause);
	/* Group-readable: only root's file, with this process's group. */
	cause = NULL;
	ck_assert_int_eq(read_secret(0640, &cause), getuid() == 0 ? 0 : -1);
	xfree(cause);
	cause = NULL;
	ck_assert_int_eq(platform_read_secret("/nonexistent/tokens", &b, 1024,
	    &cause), -1);
	ck_assert_ptr_nonnull(strstr(cause, "No such file"));
	ck_assert_uint_eq(b.len, 0);
	xfree(cause);
}
END_TEST
#endif /* _WIN32 */

Suite *
platform_suite(void)
{
	Suite *s = suite_create("platform");
	TCase *tc = tcase_create("core");

#ifndef _WIN32
	tcase_add_test(tc, test_notify_sends_one_datagram);
	tcase_add_test(tc, test_watchdog_interval);
#else
	tcase_add_test(tc, test_notify_without_service_manager);
#endif
	tcase_add_test(tc, test_default_directories);
	tcase_add_test(tc, test_thread_runs_and_joins);
#ifndef _WIN32
	tcase_add_test(tc, test_peer_host);
	tcase_add_test(tc, test_socket_shutdown);
	tcase_add_test(tc, test_read_secret);
#endif
	suite_add_tcase(s, tc);
	return s;
}
