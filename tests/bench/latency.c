/*
 * latency — append-to-incident latency of a running syncwatch daemon.
 *
 * usage: latency LOG DB N
 *
 * Appends N hit records (ConfigMgr format, signature
 * configmgr.despool.key-exchange-untrusted, all on one incident) to LOG,
 * one at a time, and after each append polls DB until the incident's count
 * has gone up; prints the median, p90, p99 and max latency in ms.  Polls
 * every 100 us with a read-only connection, so the figure is the daemon's
 * (inotify wake-up, read, match, commit), not a process start.
 */
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <fcntl.h>

static double
now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1e3 + ts.tv_nsec / 1e6;
}

static long long
count(sqlite3_stmt *st)
{
	long long n = 0;

	if (sqlite3_step(st) == SQLITE_ROW)
		n = sqlite3_column_int64(st, 0);
	sqlite3_reset(st);
	return n;
}

static int
cmp(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return x < y ? -1 : x > y;
}

int
main(int argc, char **argv)
{
	const char *rec = "Cannot find valid public key for key exchange "
	    "instruction coming from site LAT~  $$<SMS_DESPOOLER>"
	    "<08-22-2016 04:15:01.917+420><thread=2316 (0x90C)>\r\n";
	sqlite3 *db;
	sqlite3_stmt *st;
	double *lat, t0;
	long long before;
	int n, i, fd;

	if (argc != 4 || (n = atoi(argv[3])) <= 0) {
		fprintf(stderr, "usage: latency LOG DB N\n");
		return 2;
	}
	if ((fd = open(argv[1], O_WRONLY | O_APPEND | O_CREAT, 0644)) == -1 ||
	    sqlite3_open_v2(argv[2], &db, SQLITE_OPEN_READONLY, NULL) != 0) {
		perror("open");
		return 2;
	}
	sqlite3_busy_timeout(db, 1000);
	if (sqlite3_prepare_v2(db, "SELECT coalesce(sum(count), 0) FROM "
	    "incidents WHERE signature = "
	    "'configmgr.despool.key-exchange-untrusted' AND key LIKE '%LAT%'",
	    -1, &st, NULL) != SQLITE_OK) {
		fprintf(stderr, "%s\n", sqlite3_errmsg(db));
		return 2;
	}
	lat = calloc((size_t)n, sizeof(double));
	for (i = 0; i < n; i++) {
		before = count(st);
		t0 = now_ms();
		if (write(fd, rec, strlen(rec)) != (ssize_t)strlen(rec))
			return 2;
		while (count(st) <= before) {
			if (now_ms() - t0 > 10000) {
				fprintf(stderr, "latency: record %d never "
				    "arrived\n", i);
				return 1;
			}
			usleep(100);
		}
		lat[i] = now_ms() - t0;
		usleep(2000);	/* let the daemon go idle between samples */
	}
	qsort(lat, (size_t)n, sizeof(double), cmp);
	printf("append-to-incident latency over %d records: median %.2f ms, "
	    "p90 %.2f ms, p99 %.2f ms, max %.2f ms\n", n, lat[n / 2],
	    lat[(n * 90) / 100], lat[(n * 99) / 100], lat[n - 1]);
	sqlite3_finalize(st);
	sqlite3_close(db);
	free(lat);
	return 0;
}
