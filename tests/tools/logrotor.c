/*
 * logrotor — a log writer that rotates its own log every way syncwatch
 * meets in the field, for the crash-consistency test (tests/stress/).
 *
 *   logrotor PATH LINES RATE SEED [MODES [EVERY]]
 *
 * writes LINES numbered lines ("stress LINE 00000042 ...") to PATH at
 * about RATE lines a second, and every EVERY to 3 * EVERY lines (default
 * 500) rotates PATH by one of MODES (a comma-separated subset of
 * rename,copytruncate,lo; all by default), chosen at random from SEED:
 *
 *   rename        logrotate's create mode: the generations shift (.2 to
 *                 .3, .1 to .2), PATH is renamed to PATH.1, and the writer
 *                 goes on writing a few lines to the renamed file through
 *                 its open handle before it opens a new PATH;
 *   copytruncate  the generations shift, PATH is copied to a new PATH.1
 *                 and truncated in place (the writer rotates itself, so no
 *                 line falls between the copy and the truncation);
 *   lo            ConfigMgr's rollover: PATH.lo_ is deleted and PATH
 *                 renamed to it, and a new PATH begins.
 *
 * Every line is written whole, with one write().  At the end it prints
 * "lines N rotations R" on standard output.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#define GENERATIONS	3

static const char *path;

static void
die(const char *what)
{
	fprintf(stderr, "logrotor: %s: %s\n", what, strerror(errno));
	exit(2);
}

static int
open_log(void)
{
	int fd = open(path, O_WRONLY | O_APPEND | O_CREAT, 0644);

	if (fd == -1)
		die(path);
	return fd;
}

/* .2 -> .3, .1 -> .2: room for a new .1 (the oldest is dropped). */
static void
shift(void)
{
	char from[4096], to[4096];
	int g;

	for (g = GENERATIONS - 1; g >= 1; g--) {
		snprintf(from, sizeof(from), "%s.%d", path, g);
		snprintf(to, sizeof(to), "%s.%d", path, g + 1);
		if (rename(from, to) == -1 && errno != ENOENT)
			die(from);
	}
}

static void
copy_to(const char *to)
{
	char buf[65536];
	ssize_t n;
	int in, out;

	if ((in = open(path, O_RDONLY)) == -1)
		die(path);
	if ((out = open(to, O_WRONLY | O_CREAT | O_EXCL, 0644)) == -1)
		die(to);
	while ((n = read(in, buf, sizeof(buf))) > 0)
		if (write(out, buf, (size_t)n) != n)
			die(to);
	if (n == -1)
		die(path);
	close(in);
	close(out);
}

static void
line(int fd, long n)
{
	char buf[128];
	int len;

	len = snprintf(buf, sizeof(buf), "stress LINE %08ld written by "
	    "logrotor\n", n);
	if (write(fd, buf, (size_t)len) != len)
		die(path);
}

static void
pause_for(double rate, long written, const struct timespec *t0)
{
	struct timespec now, d;
	double due = (double)written / rate, el;

	clock_gettime(CLOCK_MONOTONIC, &now);
	el = (double)(now.tv_sec - t0->tv_sec) +
	    (double)(now.tv_nsec - t0->tv_nsec) / 1e9;
	if (due <= el)
		return;
	d.tv_sec = (time_t)(due - el);
	d.tv_nsec = (long)((due - el - (double)d.tv_sec) * 1e9);
	nanosleep(&d, NULL);
}

int
main(int argc, char **argv)
{
	const char *modes = "rename,copytruncate,lo";
	char one[4096], lo[4096];
	struct timespec t0;
	long lines, i, next, rotations = 0, every = 500;
	double rate;
	int fd, m, tail = 0, oldfd = -1;

	if (argc < 5) {
		fprintf(stderr, "usage: logrotor PATH LINES RATE SEED "
		    "[MODES]\n");
		return 2;
	}
	path = argv[1];
	lines = atol(argv[2]);
	rate = atof(argv[3]);
	srand((unsigned)atol(argv[4]));
	if (argc > 5)
		modes = argv[5];
	if (argc > 6 && (every = atol(argv[6])) < 1)
		every = 1;
	snprintf(one, sizeof(one), "%s.1", path);
	snprintf(lo, sizeof(lo), "%s.lo_", path);
	fd = open_log();
	clock_gettime(CLOCK_MONOTONIC, &t0);
	next = every + rand() % (2 * every);
	for (i = 1; i <= lines; i++) {
		pause_for(rate, i, &t0);
		/* After a rename, a few more lines to the renamed file. */
		if (oldfd != -1 && tail-- > 0) {
			line(oldfd, i);
			continue;
		}
		if (oldfd != -1) {
			close(oldfd);
			oldfd = -1;
			fd = open_log();
		}
		line(fd, i);
		if (i < next)
			continue;
		next = i + every + rand() % (2 * every);
		rotations++;
		for (;;) {
			m = rand() % 3;
			if (strstr(modes, m == 0 ? "rename" : m == 1 ?
			    "copytruncate" : "lo") != NULL)
				break;
		}
		if (m == 0) {
			shift();
			if (rename(path, one) == -1)
				die(path);
			oldfd = fd;
			tail = rand() % 30;
		} else if (m == 1) {
			shift();
			copy_to(one);
			if (ftruncate(fd, 0) == -1)
				die(path);
		} else {
			if (unlink(lo) == -1 && errno != ENOENT)
				die(lo);
			if (rename(path, lo) == -1)
				die(path);
			close(fd);
			fd = open_log();
		}
	}
	if (oldfd != -1)
		close(oldfd);
	close(fd);
	printf("lines %ld rotations %ld\n", lines, rotations);
	return 0;
}
