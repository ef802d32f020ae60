/*
 * check_platform — the POSIX platform glue: service manager notifications
 * over a real datagram socket, the watchdog interval, default directories.
 */
#include <sys/socket.h>
#include <sys/un.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "platform/platform.h"
#include "testutil.h"
#include "lib/xmalloc.h"

START_TEST(test_notify_sends_one_datagram)
{
	char dir[] = "/tmp/check_platform.XXXXXX", path[128], got[64];
	struct sockaddr_un sun;
	ssize_t n;
	int fd;

	ck_assert_ptr_nonnull(mkdtemp(dir));
	snprintf(path, sizeof(path), "%s/notify", dir);
	fd = socket(AF_UNIX, SOCK_DGRAM, 0);
	ck_assert_int_ne(fd, -1);
	memset(&sun, 0, sizeof(sun));
	sun.sun_family = AF_UNIX;
	strcpy(sun.sun_path, path);
	ck_assert_int_eq(bind(fd, (struct sockaddr *)&sun, sizeof(sun)), 0);
	setenv("NOTIFY_SOCKET", path, 1);
	platform_notify("READY=1\nSTATUS=test");
	n = recv(fd, got, sizeof(got) - 1, MSG_DONTWAIT);
	ck_assert_int_eq((int)n, 19);
	got[n] = '\0';
	ck_assert_str_eq(got, "READY=1\nSTATUS=test");
	/* Not under a service manager: nothing happens, nothing breaks. */
	unsetenv("NOTIFY_SOCKET");
	platform_notify("READY=1");
	ck_assert_int_eq((int)recv(fd, got, sizeof(got), MSG_DONTWAIT), -1);
	close(fd);
	unlink(path);
	rmdir(dir);
}
END_TEST

START_TEST(test_watchdog_interval)
{
	char pid[32];

	unsetenv("WATCHDOG_USEC");
	unsetenv("WATCHDOG_PID");
	ck_assert_int_eq(platform_watchdog_ms(), 0);
	setenv("WATCHDOG_USEC", "30000000", 1);
	ck_assert_int_eq(platform_watchdog_ms(), 15000);
	snprintf(pid, sizeof(pid), "%d", (int)getpid() + 1);
	setenv("WATCHDOG_PID", pid, 1);		/* meant for another process */
	ck_assert_int_eq(platform_watchdog_ms(), 0);
	snprintf(pid, sizeof(pid), "%d", (int)getpid());
	setenv("WATCHDOG_PID", pid, 1);
	ck_assert_int_eq(platform_watchdog_ms(), 15000);
	unsetenv("WATCHDOG_USEC");
	unsetenv("WATCHDOG_PID");
}
END_TEST

START_TEST(test_default_directories)
{
	char *p;

	setenv("SYNCWATCH_PATTERNS", "/somewhere/patterns", 1);
	p = platform_default_patterns();
	ck_assert_str_eq(p, "/somewhere/patterns");
	xfree(p);
	unsetenv("SYNCWATCH_PATTERNS");
	setenv("SYNCWATCH_WEB", "/somewhere/web", 1);
	p = platform_default_web();
	ck_assert_str_eq(p, "/somewhere/web");
	xfree(p);
	unsetenv("SYNCWATCH_WEB");
	ck_assert(platform_now_ms() > 1700000000000LL);
	ck_assert(platform_mono_ms() > 0);
}
END_TEST

Suite *
platform_suite(void)
{
	Suite *s = suite_create("platform");
	TCase *tc = tcase_create("core");

	tcase_add_test(tc, test_notify_sends_one_datagram);
	tcase_add_test(tc, test_watchdog_interval);
	tcase_add_test(tc, test_default_directories);
	suite_add_tcase(s, tc);
	return s;
}
