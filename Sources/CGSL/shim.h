// Private C shim over GNU GSL for SparesRandom; nothing else imports it.
//
// Swift 6 rejects GSL's generator-type globals (`gsl_rng_taus2`, ...) as not concurrency-safe
// mutable state, so they are exposed through static inline accessors instead.
#ifndef SPARES_CGSL_SHIM_H
#define SPARES_CGSL_SHIM_H

#include <gsl/gsl_errno.h>
#include <gsl/gsl_rng.h>
#include <gsl/gsl_randist.h>
#include <gsl/gsl_cdf.h>
#include <gsl/gsl_sf_gamma.h>
#include <gsl/gsl_sf_erf.h>
#include <gsl/gsl_math.h>

static inline const gsl_rng_type *spares_rng_taus2(void) { return gsl_rng_taus2; }
static inline const gsl_rng_type *spares_rng_mrg(void) { return gsl_rng_mrg; }
static inline const gsl_rng_type *spares_rng_gfsr4(void) { return gsl_rng_gfsr4; }
static inline const gsl_rng_type *spares_rng_mt19937(void) { return gsl_rng_mt19937; }
static inline const gsl_rng_type *spares_rng_ranlxd2(void) { return gsl_rng_ranlxd2; }

/// State of GSL's taus2 generator (L'Ecuyer 1996, three combined Tausworthe components), laid out as
/// in GSL's `taus.c`. Spares seeds all 96 bits of it from SplitMix64 output instead of going through
/// `gsl_rng_set`, whose LCG seeding keeps only 32 bits of the seed: 2^32 distinct streams are too few
/// for 100,000 streams times thousands of replications (birthday collisions).
typedef struct {
    unsigned long int s1, s2, s3;
} spares_taus_state;

/// Sets the three taus2 components; each must exceed its minimum (s1 > 1, s2 > 7, s3 > 15) for the
/// generator to have its full period, which the caller guarantees.
static inline void spares_taus_set_state(gsl_rng *r, unsigned int s1, unsigned int s2, unsigned int s3) {
    spares_taus_state *state = (spares_taus_state *)r->state;
    state->s1 = s1;
    state->s2 = s2;
    state->s3 = s3;
}

#endif
