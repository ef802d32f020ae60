/*
 * proc — this process's own numbers for the metrics (platform.h), from
 * Win32: GetProcessTimes (the creation time and the CPU time, in 100 ns
 * units), GetProcessMemoryInfo (psapi.dll, on every Windows: the working
 * set is the resident memory) and GetProcessHandleCount (handles stand
 * for descriptors).
 */
#include <windows.h>
#include <psapi.h>

#include "platform/platform.h"

/* FILETIME ticks (100 ns) between 1601-01-01 and 1970-01-01. */
#define EPOCH_DIFF	116444736000000000ULL

static uint64_t
ft64(const FILETIME *ft)
{
	return ((uint64_t)ft->dwHighDateTime << 32) | ft->dwLowDateTime;
}

void
platform_process_stats(struct platform_process *p)
{
	FILETIME created, exited, kernel, user;
	PROCESS_MEMORY_COUNTERS pmc;
	HANDLE self = GetCurrentProcess();
	DWORD handles;

	p->cpu_seconds = -1;
	p->rss_bytes = p->open_fds = p->max_fds = p->start_time_ms = -1;
	if (GetProcessTimes(self, &created, &exited, &kernel, &user)) {
		p->cpu_seconds = (double)(ft64(&kernel) + ft64(&user)) / 1e7;
		if (ft64(&created) > EPOCH_DIFF)
			p->start_time_ms = (int64_t)((ft64(&created) -
			    EPOCH_DIFF) / 10000);
	}
	if (GetProcessMemoryInfo(self, &pmc, sizeof(pmc)))
		p->rss_bytes = (int64_t)pmc.WorkingSetSize;
	/* wine answers 0, which no live process has: not known. */
	if (GetProcessHandleCount(self, &handles) && handles > 0)
		p->open_fds = (int64_t)handles;
}
