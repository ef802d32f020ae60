/*
 * teddy-x86 — the Teddy scan kernels for x86: SSSE3 (8 buckets, 16 bytes a
 * step), AVX2 (8 buckets, 32 bytes a step) and AVX2 "fat" (16 buckets, 16
 * bytes a step, one bucket half per 128-bit lane), one function per
 * fingerprint length.  Each is compiled for its instruction set by a target
 * attribute, not by the build's flags, and teddy.c picks one only where
 * teddy_supported says the CPU has it.  Without TEDDY_X86 (another CPU, or
 * -DTEDDY_NO_SIMD) this file compiles to nothing and teddy.c's scalar
 * kernels serve every kind.
 *
 * Scan: per 16 or 32 bytes, for each position k, lo_k[x & 15] & hi_k[x >> 4]
 * (PSHUFB), shifted by m-1-k bytes with the previous block's results
 * (PALIGNR) and ANDed; nonzero bytes are candidates ending there, confirmed
 * by verify (teddy-int.h), inlined here.  Before the text, a position only
 * passes for buckets that accept anything there, so nothing is ever read
 * before the text.  The last, partial block is the top of the 16 bytes that
 * end the text, moved down by PSHUFB (copied into a zeroed buffer if the
 * whole text is shorter), positions past the text masked out, so nothing is
 * read after it either.
 */
#include <string.h>

#include "match/teddy-int.h"

#ifdef TEDDY_X86

#include <immintrin.h>

/* --- SSSE3: 8 buckets, 16 bytes a step -------------------------------- */

#define SSSE3	__attribute__((target("ssse3")))
#define AVX2	__attribute__((target("avx2")))
#define INLINE	inline __attribute__((always_inline))

/*
 * The last rem < 16 bytes of a text of len >= 16 bytes, in lanes 0..rem-1
 * of a vector, zeros above: they are the top of the 16 bytes ending the
 * text, moved down by PSHUFB with indexes from this sliding window.
 */
static const unsigned char slide[32] = {
	0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15,
	0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80,
	0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80,
};

static SSSE3 INLINE __m128i
tail128(const unsigned char *s, size_t len, size_t rem)
{
	return _mm_shuffle_epi8(_mm_loadu_si128((const __m128i *)(s + len - 16)),
	    _mm_loadu_si128((const __m128i *)(slide + 16 - rem)));
}

static SSSE3 INLINE __m128i
nib128(__m128i lo, __m128i hi, __m128i xl, __m128i xh)
{
	return _mm_and_si128(_mm_shuffle_epi8(lo, xl), _mm_shuffle_epi8(hi, xh));
}

static SSSE3 INLINE size_t
ssse3_run(const struct teddy *t, const unsigned char *s, size_t len,
    uint64_t *found, size_t *first, const int m)
{
	const __m128i nib = _mm_set1_epi8(0x0f), zero = _mm_setzero_si128();
	const __m128i lo0 = _mm_loadu_si128((const __m128i *)t->lo[0]);
	const __m128i hi0 = _mm_loadu_si128((const __m128i *)t->hi[0]);
	const __m128i lo1 = _mm_loadu_si128((const __m128i *)t->lo[1]);
	const __m128i hi1 = _mm_loadu_si128((const __m128i *)t->hi[1]);
	const __m128i lo2 = _mm_loadu_si128((const __m128i *)t->lo[2]);
	const __m128i hi2 = _mm_loadu_si128((const __m128i *)t->hi[2]);
	const __m128i lo3 = _mm_loadu_si128((const __m128i *)t->lo[3]);
	const __m128i hi3 = _mm_loadu_si128((const __m128i *)t->hi[3]);
	__m128i p0 = _mm_set1_epi8((char)t->init[0]);
	__m128i p1 = _mm_set1_epi8((char)t->init[1]);
	__m128i p2 = _mm_set1_epi8((char)t->init[2]);
	unsigned char tail[16], rb[16];
	size_t i, n = 0, v, j;

	for (i = 0; i < len; i += 16) {
		__m128i x, xl, xh, r0, r1, r2, r3, res;
		unsigned mask, valid = 0xffff;

		if (len - i >= 16)
			x = _mm_loadu_si128((const __m128i *)(s + i));
		else {
			if (len >= 16)
				x = tail128(s, len, len - i);
			else {
				memset(tail, 0, sizeof(tail));
				memcpy(tail, s + i, len - i);
				x = _mm_loadu_si128((const __m128i *)tail);
			}
			valid = (1u << (len - i)) - 1;
		}
		xl = _mm_and_si128(x, nib);
		xh = _mm_and_si128(_mm_srli_epi16(x, 4), nib);
		r0 = nib128(lo0, hi0, xl, xh);
		if (m == 1)
			res = r0;
		else if (m == 2) {
			r1 = nib128(lo1, hi1, xl, xh);
			res = _mm_and_si128(r1, _mm_alignr_epi8(r0, p0, 15));
			p0 = r0;
		} else if (m == 3) {
			r1 = nib128(lo1, hi1, xl, xh);
			r2 = nib128(lo2, hi2, xl, xh);
			res = _mm_and_si128(_mm_and_si128(r2,
			    _mm_alignr_epi8(r1, p1, 15)),
			    _mm_alignr_epi8(r0, p0, 14));
			p0 = r0;
			p1 = r1;
		} else {
			r1 = nib128(lo1, hi1, xl, xh);
			r2 = nib128(lo2, hi2, xl, xh);
			r3 = nib128(lo3, hi3, xl, xh);
			res = _mm_and_si128(_mm_and_si128(r3,
			    _mm_alignr_epi8(r2, p2, 15)),
			    _mm_and_si128(_mm_alignr_epi8(r1, p1, 14),
			    _mm_alignr_epi8(r0, p0, 13)));
			p0 = r0;
			p1 = r1;
			p2 = r2;
		}
		mask = ~(unsigned)_mm_movemask_epi8(_mm_cmpeq_epi8(res, zero)) &
		    valid;
		if (__builtin_expect(mask == 0, 1))
			continue;
		_mm_storeu_si128((__m128i *)rb, res);
		do {
			j = (size_t)__builtin_ctz(mask);
			mask &= mask - 1;
			v = verify(t, s, len, i + j, rb[j], found, m);
			if (first != NULL && v) {
				*first = FIRST(i + j, m);
				return 1;
			}
			n += v;
		} while (mask != 0);
	}
	return n;
}

static SSSE3 size_t
ssse31(const struct teddy *t, const unsigned char *s, size_t len,
    uint64_t *found, size_t *first)
{
	return ssse3_run(t, s, len, found, first, 1);
}

static SSSE3 size_t
ssse32(const struct teddy *t, const unsigned char *s, size_t len,
    uint64_t *found, size_t *first)
{
	return ssse3_run(t, s, len, found, first, 2);
}

static SSSE3 size_t
ssse33(const struct teddy *t, const unsigned char *s, size_t len,
    uint64_t *found, size_t *first)
{
	return ssse3_run(t, s, len, found, first, 3);
}

static SSSE3 size_t
ssse34(const struct teddy *t, const unsigned char *s, size_t len,
    uint64_t *found, size_t *first)
{
	return ssse3_run(t, s, len, found, first, 4);
}

/* --- AVX2: 8 buckets, 32 bytes a step --------------------------------- */

static AVX2 INLINE __m256i
nib256(__m256i lo, __m256i hi, __m256i xl, __m256i xh)
{
	return _mm256_and_si256(_mm256_shuffle_epi8(lo, xl),
	    _mm256_shuffle_epi8(hi, xh));
}

/* r shifted up by d bytes across the whole register, p's top bytes in. */
#define SHIFT256(r, p, d) \
	_mm256_alignr_epi8((r), _mm256_permute2x128_si256((p), (r), 0x21), \
	    16 - (d))

#define LOAD256(a)	_mm256_loadu_si256((const __m256i *)(a))

static AVX2 INLINE size_t
avx2_run(const struct teddy *t, const unsigned char *s, size_t len,
    uint64_t *found, size_t *first, const int m)
{
	const __m256i nib = _mm256_set1_epi8(0x0f), zero = _mm256_setzero_si256();
	const __m256i lo0 = LOAD256(t->lo[0]), hi0 = LOAD256(t->hi[0]);
	const __m256i lo1 = LOAD256(t->lo[1]), hi1 = LOAD256(t->hi[1]);
	const __m256i lo2 = LOAD256(t->lo[2]), hi2 = LOAD256(t->hi[2]);
	const __m256i lo3 = LOAD256(t->lo[3]), hi3 = LOAD256(t->hi[3]);
	__m256i p0 = _mm256_set1_epi8((char)t->init[0]);
	__m256i p1 = _mm256_set1_epi8((char)t->init[1]);
	__m256i p2 = _mm256_set1_epi8((char)t->init[2]);
	unsigned char tail[32], rb[32];
	size_t i, n = 0, v, j;

	for (i = 0; i < len; i += 32) {
		__m256i x, xl, xh, r0, r1, r2, r3, res;
		unsigned mask, valid = 0xffffffffu;

		if (len - i >= 32)
			x = LOAD256(s + i);
		else {
			size_t rem = len - i;

			if (len < 16) {
				memset(tail, 0, sizeof(tail));
				memcpy(tail, s + i, rem);
				x = LOAD256(tail);
			} else if (rem >= 16)
				x = _mm256_inserti128_si256(_mm256_castsi128_si256(
				    _mm_loadu_si128((const __m128i *)(s + i))),
				    tail128(s, len, rem - 16), 1);
			else
				x = _mm256_zextsi128_si256(tail128(s, len, rem));
			valid = (1u << rem) - 1;
		}
		xl = _mm256_and_si256(x, nib);
		xh = _mm256_and_si256(_mm256_srli_epi16(x, 4), nib);
		r0 = nib256(lo0, hi0, xl, xh);
		if (m == 1)
			res = r0;
		else if (m == 2) {
			r1 = nib256(lo1, hi1, xl, xh);
			res = _mm256_and_si256(r1, SHIFT256(r0, p0, 1));
			p0 = r0;
		} else if (m == 3) {
			r1 = nib256(lo1, hi1, xl, xh);
			r2 = nib256(lo2, hi2, xl, xh);
			res = _mm256_and_si256(_mm256_and_si256(r2,
			    SHIFT256(r1, p1, 1)), SHIFT256(r0, p0, 2));
			p0 = r0;
			p1 = r1;
		} else {
			r1 = nib256(lo1, hi1, xl, xh);
			r2 = nib256(lo2, hi2, xl, xh);
			r3 = nib256(lo3, hi3, xl, xh);
			res = _mm256_and_si256(_mm256_and_si256(r3,
			    SHIFT256(r2, p2, 1)), _mm256_and_si256(
			    SHIFT256(r1, p1, 2), SHIFT256(r0, p0, 3)));
			p0 = r0;
			p1 = r1;
			p2 = r2;
		}
		mask = ~(unsigned)_mm256_movemask_epi8(
		    _mm256_cmpeq_epi8(res, zero)) & valid;
		if (__builtin_expect(mask == 0, 1))
			continue;
		_mm256_storeu_si256((__m256i *)rb, res);
		do {
			j = (size_t)__builtin_ctz(mask);
			mask &= mask - 1;
			v = verify(t, s, len, i + j, rb[j], found, m);
			if (first != NULL && v) {
				*first = FIRST(i + j, m);
				return 1;
			}
			n += v;
		} while (mask != 0);
	}
	return n;
}

static AVX2 size_t
avx21(const struct teddy *t, const unsigned char *s, size_t len,
    uint64_t *found, size_t *first)
{
	return avx2_run(t, s, len, found, first, 1);
}

static AVX2 size_t
avx22(const struct teddy *t, const unsigned char *s, size_t len,
    uint64_t *found, size_t *first)
{
	return avx2_run(t, s, len, found, first, 2);
}

static AVX2 size_t
avx23(const struct teddy *t, const unsigned char *s, size_t len,
    uint64_t *found, size_t *first)
{
	return avx2_run(t, s, len, found, first, 3);
}

static AVX2 size_t
avx24(const struct teddy *t, const unsigned char *s, size_t len,
    uint64_t *found, size_t *first)
{
	return avx2_run(t, s, len, found, first, 4);
}

/* --- AVX2 fat: 16 buckets, 16 bytes a step ---------------------------- */

/* The same 16 bytes in both lanes; lane 0 has buckets 0-7, lane 1 8-15. */
static AVX2 INLINE __m256i
lanes(uint16_t bits)
{
	return _mm256_inserti128_si256(_mm256_castsi128_si256(
	    _mm_set1_epi8((char)(bits & 0xff))), _mm_set1_epi8((char)(bits >> 8)),
	    1);
}

static AVX2 INLINE size_t
fat_run(const struct teddy *t, const unsigned char *s, size_t len,
    uint64_t *found, size_t *first, const int m)
{
	const __m256i nib = _mm256_set1_epi8(0x0f), zero = _mm256_setzero_si256();
	const __m256i lo0 = LOAD256(t->lo[0]), hi0 = LOAD256(t->hi[0]);
	const __m256i lo1 = LOAD256(t->lo[1]), hi1 = LOAD256(t->hi[1]);
	const __m256i lo2 = LOAD256(t->lo[2]), hi2 = LOAD256(t->hi[2]);
	const __m256i lo3 = LOAD256(t->lo[3]), hi3 = LOAD256(t->hi[3]);
	__m256i p0 = lanes(t->init[0]), p1 = lanes(t->init[1]),
	    p2 = lanes(t->init[2]);
	unsigned char tail[16], rb[32];
	size_t i, n = 0, v, j;

	for (i = 0; i < len; i += 16) {
		__m128i x16;
		__m256i x, xl, xh, r0, r1, r2, r3, res;
		unsigned mask, valid = 0xffff;

		if (len - i >= 16)
			x16 = _mm_loadu_si128((const __m128i *)(s + i));
		else {
			if (len >= 16)
				x16 = tail128(s, len, len - i);
			else {
				memset(tail, 0, sizeof(tail));
				memcpy(tail, s + i, len - i);
				x16 = _mm_loadu_si128((const __m128i *)tail);
			}
			valid = (1u << (len - i)) - 1;
		}
		x = _mm256_broadcastsi128_si256(x16);
		xl = _mm256_and_si256(x, nib);
		xh = _mm256_and_si256(_mm256_srli_epi16(x, 4), nib);
		r0 = nib256(lo0, hi0, xl, xh);
		if (m == 1)
			res = r0;
		else if (m == 2) {
			r1 = nib256(lo1, hi1, xl, xh);
			res = _mm256_and_si256(r1, _mm256_alignr_epi8(r0, p0, 15));
			p0 = r0;
		} else if (m == 3) {
			r1 = nib256(lo1, hi1, xl, xh);
			r2 = nib256(lo2, hi2, xl, xh);
			res = _mm256_and_si256(_mm256_and_si256(r2,
			    _mm256_alignr_epi8(r1, p1, 15)),
			    _mm256_alignr_epi8(r0, p0, 14));
			p0 = r0;
			p1 = r1;
		} else {
			r1 = nib256(lo1, hi1, xl, xh);
			r2 = nib256(lo2, hi2, xl, xh);
			r3 = nib256(lo3, hi3, xl, xh);
			res = _mm256_and_si256(_mm256_and_si256(r3,
			    _mm256_alignr_epi8(r2, p2, 15)), _mm256_and_si256(
			    _mm256_alignr_epi8(r1, p1, 14),
			    _mm256_alignr_epi8(r0, p0, 13)));
			p0 = r0;
			p1 = r1;
			p2 = r2;
		}
		mask = ~(unsigned)_mm256_movemask_epi8(
		    _mm256_cmpeq_epi8(res, zero));
		mask = (mask | mask >> 16) & valid;
		if (__builtin_expect(mask == 0, 1))
			continue;
		_mm256_storeu_si256((__m256i *)rb, res);
		do {
			j = (size_t)__builtin_ctz(mask);
			mask &= mask - 1;
			v = verify(t, s, len, i + j,
			    rb[j] | (unsigned)rb[16 + j] << 8, found, m);
			if (first != NULL && v) {
				*first = FIRST(i + j, m);
				return 1;
			}
			n += v;
		} while (mask != 0);
	}
	return n;
}

static AVX2 size_t
fat1(const struct teddy *t, const unsigned char *s, size_t len,
    uint64_t *found, size_t *first)
{
	return fat_run(t, s, len, found, first, 1);
}

static AVX2 size_t
fat2(const struct teddy *t, const unsigned char *s, size_t len,
    uint64_t *found, size_t *first)
{
	return fat_run(t, s, len, found, first, 2);
}

static AVX2 size_t
fat3(const struct teddy *t, const unsigned char *s, size_t len,
    uint64_t *found, size_t *first)
{
	return fat_run(t, s, len, found, first, 3);
}

static AVX2 size_t
fat4(const struct teddy *t, const unsigned char *s, size_t len,
    uint64_t *found, size_t *first)
{
	return fat_run(t, s, len, found, first, 4);
}

/* --- the choice ------------------------------------------------------ */

kernel_fn
teddy_x86_kernel(enum teddy_kind kind, int m)
{
	static const kernel_fn fns[][TEDDY_MAXM] = {
		[TEDDY_SSSE3] = { ssse31, ssse32, ssse33, ssse34 },
		[TEDDY_AVX2] = { avx21, avx22, avx23, avx24 },
		[TEDDY_AVX2_FAT] = { fat1, fat2, fat3, fat4 },
	};

	if ((size_t)kind >= sizeof(fns) / sizeof(fns[0]))
		return NULL;
	return fns[kind][m - 1];
}

#endif /* TEDDY_X86 */
