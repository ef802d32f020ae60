/*
 * logwriter — a Windows program that writes a log the way the products
 * do, for the integration tests under wine (tests/win/rotate.sh).
 *
 * Linux's mv and rm ignore Windows share modes, so only a Windows process
 * can show that syncwatch's handles let the product rotate its log: this
 * one keeps the log open with FILE_SHARE_READ | FILE_SHARE_WRITE |
 * FILE_SHARE_DELETE, as ConfigMgr does, appends numbered ConfigMgr
 * records one WriteFile each, and renames and deletes with MoveFileExW
 * and DeleteFileW while syncwatch holds the file.  Any call that fails
 * ends the program with status 3 and the Windows error code, so a test
 * sees exactly which step a share mode broke.
 *
 * The commands run in order, from the command line:
 *
 *   open PATH            open PATH for appending (created if missing)
 *   create PATH          create PATH empty (replacing it), for appending
 *   close                close the open log
 *   lines FIRST LAST     append records "LINE n" for n = FIRST..LAST
 *   pace MS EVERY        from now on, sleep MS after every EVERY lines
 *   rename FROM TO       MoveFileExW(FROM, TO, MOVEFILE_REPLACE_EXISTING)
 *   delete PATH          DeleteFileW(PATH)
 *   sleep MS             Sleep(MS)
 *   waitfor PATH SECS    wait until PATH exists (a flag from the test),
 *                        at most SECS seconds, else fail
 *   say TEXT             print TEXT and a newline (a progress mark)
 *
 * A record is
 *   LINE n: rotation test record~  $$<SMS_DESPOOLER><08-22-2016
 *   04:15:01.917+420><thread=2316 (0x90C)>\r\n
 * (one line), which the tests' own signature turns into one incident per
 * n.  Paths are as Windows sees them (Z:\... under wine).
 */
#include <windows.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <wchar.h>

#define SHARE_ALL	(FILE_SHARE_READ | FILE_SHARE_WRITE | FILE_SHARE_DELETE)

int	wmain(int, wchar_t **);

static HANDLE log_h = INVALID_HANDLE_VALUE;
static unsigned long pace_ms, pace_every;

static void
die(const wchar_t *what, const wchar_t *arg)
{
	DWORD err = GetLastError();

	fwprintf(stderr, L"logwriter: %ls %ls: Windows error %lu\n", what,
	    arg != NULL ? arg : L"", (unsigned long)err);
	exit(3);
}

static void
usage(const wchar_t *why)
{
	fwprintf(stderr, L"logwriter: %ls (see tests/win/logwriter.c)\n", why);
	exit(2);
}

static unsigned long
number(const wchar_t *s)
{
	wchar_t *end;
	unsigned long n;

	n = wcstoul(s, &end, 10);
	if (*s == L'\0' || *end != L'\0')
		usage(L"not a number");
	return n;
}

static void
open_log(const wchar_t *path, DWORD disposition)
{
	if (log_h != INVALID_HANDLE_VALUE)
		CloseHandle(log_h);
	log_h = CreateFileW(path, FILE_APPEND_DATA | SYNCHRONIZE, SHARE_ALL,
	    NULL, disposition, FILE_ATTRIBUTE_NORMAL, NULL);
	if (log_h == INVALID_HANDLE_VALUE)
		die(L"open", path);
}

static void
write_lines(unsigned long first, unsigned long last)
{
	char rec[256];
	unsigned long n, done = 0;
	DWORD put;
	int len;

	if (log_h == INVALID_HANDLE_VALUE)
		usage(L"lines: no open log");
	for (n = first; n <= last; n++) {
		len = snprintf(rec, sizeof(rec), "LINE %lu: rotation test "
		    "record~  $$<SMS_DESPOOLER><08-22-2016 04:15:01.917+420>"
		    "<thread=2316 (0x90C)>\r\n", n);
		if (!WriteFile(log_h, rec, (DWORD)len, &put, NULL) ||
		    put != (DWORD)len)
			die(L"write", L"");
		if (pace_every > 0 && ++done % pace_every == 0)
			Sleep(pace_ms);
	}
}

static void
wait_for_file(const wchar_t *path, unsigned long secs)
{
	ULONGLONG until = GetTickCount64() + (ULONGLONG)secs * 1000;

	while (GetFileAttributesW(path) == INVALID_FILE_ATTRIBUTES) {
		if (GetTickCount64() >= until) {
			fwprintf(stderr, L"logwriter: waitfor %ls: not there "
			    L"after %lu s\n", path, secs);
			exit(4);
		}
		Sleep(10);
	}
}

int
wmain(int argc, wchar_t **argv)
{
	int i;

	for (i = 1; i < argc; i++) {
		const wchar_t *c = argv[i];
		int left = argc - i - 1;

		if (wcscmp(c, L"open") == 0 && left >= 1) {
			open_log(argv[++i], OPEN_ALWAYS);
		} else if (wcscmp(c, L"create") == 0 && left >= 1) {
			open_log(argv[++i], CREATE_ALWAYS);
		} else if (wcscmp(c, L"close") == 0) {
			if (log_h != INVALID_HANDLE_VALUE)
				CloseHandle(log_h);
			log_h = INVALID_HANDLE_VALUE;
		} else if (wcscmp(c, L"lines") == 0 && left >= 2) {
			write_lines(number(argv[i + 1]), number(argv[i + 2]));
			i += 2;
		} else if (wcscmp(c, L"pace") == 0 && left >= 2) {
			pace_ms = number(argv[i + 1]);
			pace_every = number(argv[i + 2]);
			i += 2;
		} else if (wcscmp(c, L"rename") == 0 && left >= 2) {
			if (!MoveFileExW(argv[i + 1], argv[i + 2],
			    MOVEFILE_REPLACE_EXISTING))
				die(L"rename", argv[i + 1]);
			i += 2;
		} else if (wcscmp(c, L"delete") == 0 && left >= 1) {
			if (!DeleteFileW(argv[++i]))
				die(L"delete", argv[i]);
		} else if (wcscmp(c, L"sleep") == 0 && left >= 1) {
			Sleep(number(argv[++i]));
		} else if (wcscmp(c, L"waitfor") == 0 && left >= 2) {
			wait_for_file(argv[i + 1], number(argv[i + 2]));
			i += 2;
		} else if (wcscmp(c, L"say") == 0 && left >= 1) {
			wprintf(L"%ls\n", argv[++i]);
			fflush(stdout);
		} else
			usage(L"unknown command or missing argument");
	}
	if (log_h != INVALID_HANDLE_VALUE)
		CloseHandle(log_h);
	return 0;
}
