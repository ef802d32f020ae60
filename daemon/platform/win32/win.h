/*
 * win — what the Windows side of platform.h shares: UTF-8 <-> UTF-16 at
 * the API boundary, Windows error codes as errno values, FILETIME as
 * milliseconds, and the events through which the console and the service
 * control manager ask the main loop to stop or reload.  Not for use
 * outside platform/win32/.
 */
#ifndef SYNCWATCH_WIN_H
#define SYNCWATCH_WIN_H

#include <windows.h>

#include <stdint.h>

/*
 * A new UTF-16 copy of a UTF-8 string, or NULL (errno EINVAL) for bytes
 * that are not UTF-8.  Long paths get the \\?\ prefix when wide_path.
 */
wchar_t	*win_wide(const char *);
wchar_t	*win_wide_path(const char *);
/* A new UTF-8 copy of a UTF-16 string (invalid halves become U+FFFD). */
char	*win_utf8(const wchar_t *);

/* Set errno from GetLastError() (or from code); returns -1. */
int	win_errno(void);
int	win_errno_from(DWORD code);

/* A FILETIME (100 ns since 1601) as ms since 1970. */
int64_t	win_filetime_ms(const FILETIME *);

/*
 * The process's stop and reload requests: manual-reset events the main
 * loop waits on, set by the console control handler, the service control
 * handler and platform_loop_wake.  Created on first use.
 */
HANDLE	win_stop_event(void);
HANDLE	win_reload_event(void);
HANDLE	win_wake_event(void);
/* Set once the main loop has finished (the console handler waits for it). */
void	win_mark_stopped(void);
void	win_wait_stopped(DWORD ms);

/* Running under the service control manager: the status to report. */
int	win_is_service(void);
void	win_service_status(DWORD state, DWORD wait_hint_ms);
void	win_service_checkpoint(void);

/* The log file of a service (%ProgramData%\syncwatch\logs). */
void	win_log_file_write(const char *line, size_t len);

#endif
