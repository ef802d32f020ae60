/*
 * version — the one place the version is written.
 */
#ifndef SYNCWATCH_VERSION_H
#define SYNCWATCH_VERSION_H

#define SYNCWATCH_VERSION "0.1.0"

#endif
