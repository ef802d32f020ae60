/*
 * proc — this process's own numbers for the metrics (platform.h): CPU
 * time from getrusage, and from Linux's /proc the resident set
 * (statm), the open descriptors (the entries of /proc/self/fd) and the
 * start time (stat's starttime, in clock ticks after boot, plus the boot
 * time from /proc/stat).  Elsewhere what /proc would say is -1.
 */
#include <sys/resource.h>

#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "platform/platform.h"

static int64_t
start_time_ms(void)
{
	char buf[1024], *p;
	unsigned long long start = 0, btime = 0;
	long tick = sysconf(_SC_CLK_TCK);
	FILE *f;
	size_t n;
	int i;

	if ((f = fopen("/proc/self/stat", "r")) == NULL)
		return -1;
	n = fread(buf, 1, sizeof(buf) - 1, f);
	fclose(f);
	buf[n] = '\0';
	/* After the command's ")": field 3 on; starttime is field 22. */
	if ((p = strrchr(buf, ')')) == NULL)
		return -1;
	p++;
	for (i = 3; i < 22 && p != NULL; i++)
		p = strchr(p + 1, ' ');
	if (p == NULL || sscanf(p, " %llu", &start) != 1)
		return -1;
	if ((f = fopen("/proc/stat", "r")) == NULL)
		return -1;
	while (fgets(buf, sizeof(buf), f) != NULL)
		if (sscanf(buf, "btime %llu", &btime) == 1)
			break;
	fclose(f);
	if (btime == 0 || tick <= 0)
		return -1;
	return (int64_t)btime * 1000 + (int64_t)(start * 1000 /
	    (unsigned long long)tick);
}

void
platform_process_stats(struct platform_process *p)
{
	struct rusage ru;
	struct rlimit rl;
	unsigned long long size, rss;
	struct dirent *de;
	DIR *dir;
	FILE *f;

	p->cpu_seconds = -1;
	p->rss_bytes = p->open_fds = p->max_fds = -1;
	if (getrusage(RUSAGE_SELF, &ru) == 0)
		p->cpu_seconds = (double)ru.ru_utime.tv_sec +
		    (double)ru.ru_utime.tv_usec / 1e6 +
		    (double)ru.ru_stime.tv_sec +
		    (double)ru.ru_stime.tv_usec / 1e6;
	if (getrlimit(RLIMIT_NOFILE, &rl) == 0 && rl.rlim_cur != RLIM_INFINITY)
		p->max_fds = (int64_t)rl.rlim_cur;
	if ((f = fopen("/proc/self/statm", "r")) != NULL) {
		if (fscanf(f, "%llu %llu", &size, &rss) == 2)
			p->rss_bytes = (int64_t)rss * sysconf(_SC_PAGESIZE);
		fclose(f);
	}
	if ((dir = opendir("/proc/self/fd")) != NULL) {
		p->open_fds = 0;
		while ((de = readdir(dir)) != NULL)
			if (de->d_name[0] != '.')
				p->open_fds++;
		p->open_fds--;		/* the one opendir holds */
		closedir(dir);
	}
	p->start_time_ms = start_time_ms();
}
