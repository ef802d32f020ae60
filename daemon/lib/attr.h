/*
 * attr — compiler attributes, spelled once.
 *
 * PRINTFLIKE marks printf-style functions so the compiler checks their
 * format strings.  On mingw-w64, GCC's "printf" archetype means
 * Microsoft's printf (which knows no %zu or %lld); syncwatch is built with
 * mingw's C99 printf (__USE_MINGW_ANSI_STDIO, which _GNU_SOURCE turns
 * on), whose rules are GNU's, so the archetype there is gnu_printf.
 */
#ifndef SYNCWATCH_ATTR_H
#define SYNCWATCH_ATTR_H


#if defined(__MINGW32__)
#define PRINTFLIKE(f, a)	__attribute__((format(gnu_printf, f, a)))
#else
#define PRINTFLIKE(f, a)	__attribute__((format(printf, f, a)))
#endif

#endif
