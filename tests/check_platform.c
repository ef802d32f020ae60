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
 * run can show: tests/win/service.sh).
 */
#ifndef _WIN32
#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>
#endif

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

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
	suite_add_tcase(s, tc);
	return s;
}
