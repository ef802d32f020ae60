/*
 * hash — 64-bit FNV-1a.
 *
 * Used for the fingerprint of a file's first bytes, which is what tells a
 * followed file from a new one that took its name.  The value is stored
 * in the database, so the function must never change.
 */
#ifndef SYNCWATCH_HASH_H
#define SYNCWATCH_HASH_H

#include <stddef.h>
#include <stdint.h>

uint64_t hash_fnv1a(const void *, size_t);

#endif
