/*
 * platform — what differs between the POSIX build and the coming Windows
 * service build.  Everything here has one implementation per platform
 * (platform-posix.c today); the rest of the daemon never includes an OS
 * header for these concerns.
 */
#ifndef SYNCWATCH_PLATFORM_H
#define SYNCWATCH_PLATFORM_H

/*
 * The directory holding the running executable, in a new string the
 * caller frees, or NULL if it cannot be found.
 */
char	*platform_exe_dir(void);

/*
 * The default signature directory: $SYNCWATCH_PATTERNS if set; else
 * ./patterns beside the executable when that holds *.sig files (running
 * from the source tree); else the installed DATADIR/patterns.  New string.
 */
char	*platform_default_patterns(void);

/* Whether path is a directory holding at least one *.sig file. */
int	platform_has_sig_files(const char *path);

#endif
