/* model.h: the Fellegi-Sunter model: how much each level of each field
 * says for or against two records being one person.
 *
 * m[f][l] is the probability of level l of field f among pairs that are
 * the same person, u[f][l] among pairs that are not; a level's weight is
 * log2(m/u). Nothing is set by hand: u is counted over random pairs of
 * the data (which are almost all different people); expectation-
 * maximisation over pairs that share a blocking key, with that key's own
 * fields left out, learns m and the share of such pairs that match (see
 * engine.c for how sessions combine and the prior is found). Exact agreement on a name is
 * worth more when the name is rare: the weight is adjusted by the name's
 * frequency (term-frequency adjustment). */
#ifndef RT_LINK_MODEL_H
#define RT_LINK_MODEL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include "record.h"

/* Counts of comparison vectors: one cell per combination of levels (a
 * missing field is its own state). */
typedef struct rt_link_hist {
    uint64_t *count;   /* owned */
    size_t size;
    uint64_t total;
} rt_link_hist;

rt_status rt_link_hist_init(rt_link_hist *h);
void rt_link_hist_add(rt_link_hist *h, const int levels[RT_LF_COUNT]);
void rt_link_hist_free(rt_link_hist *h);

typedef struct rt_link_model {
    double m[RT_LF_COUNT][RT_LINK_MAX_LEVELS];
    double u[RT_LF_COUNT][RT_LINK_MAX_LEVELS];
    double lambda;
    /* For term frequencies: sum over values of p(value)^2, and the number
     * of records with the field, for first name and surname. */
    double sum_p2[2];
    uint64_t n_with[2];
    int iterations;    /* EM iterations run */
    /* Households: the share of all pairs whose surnames and dates of birth
     * agree exactly while given names are
     * different. Such pairs are relatives or twins far more often than
     * independence predicts, so the three fields are weighed together
     * (see rt_link_weight); 0 when it could not be counted. */
    double household_u;
    /* E-mail addresses are most often made of the names (ann.lee@...), so
     * among different people whose names agree they agree far more often
     * than among random pairs: u of the e-mail levels among pairs that
     * agree on both names, learnt by EM over such pairs (see
     * rt_link_names_agree); names_email_u[0] is 0 when it could not be. */
    double names_email_u[RT_LINK_MAX_LEVELS];
} rt_link_model;

/* Sets u from level counts of random pairs (counts[f][l]; the last
 * index, n_levels, counts missing and is ignored), with one added to
 * every level so none is impossible; m to the start EM moves from (nine
 * matches in ten agree exactly; each weaker level half as likely as the
 * one above) and lambda to one in ten. */
void rt_link_model_start(rt_link_model *mo, const uint64_t counts[RT_LF_COUNT][RT_LINK_MAX_LEVELS + 1]);

/* Takes the matches out of u. Random pairs include a share lambda of
 * matches, and for a strong agreement (the same e-mail address) those few
 * are most of the pairs that show it, so u counted over them says such an
 * agreement is far less telling than it is. With m and lambda learnt,
 * u[f][l] becomes (u - lambda m) / (1 - lambda), never less than half of
 * one pair among the counted pairs that had field f (counts as for
 * rt_link_model_start), and each field's u is scaled to sum to one. */
void rt_link_model_unmix(rt_link_model *mo,
                         const uint64_t counts[RT_LF_COUNT][RT_LINK_MAX_LEVELS + 1]);

/* Runs EM over a histogram of pairs: updates m for the fields the pairs
 * have, u for the fields in the bit set free_u (1 << field; the others'
 * u held fixed) and lambda (the share that match), until no parameter
 * moves by more than tol or max_iter iterations. RT_EINVAL for an empty
 * histogram. */
rt_status rt_link_model_em(rt_link_model *mo, const rt_link_hist *h, unsigned free_u,
                           int max_iter, double tol);

/* True if levels agree on both names (closely, by nickname, or written the
 * other way round): the pairs whose e-mail names_email_u weighs. */
bool rt_link_names_agree(const int levels[RT_LF_COUNT]);

/* The match weight of a pair with these levels (log2 odds: the prior
 * plus each field's log2 m/u, term-frequency adjusted for exact names,
 * the e-mail's u taken from names_email_u where the names agree;
 * a household pattern, given names different while surname and date of
 * birth agree, weighs the three together as one: log2 of the chance of
 * the pattern among matches over its counted share among all pairs, put
 * on the given name with the other two at 0, and the home the household
 * shares (town, postcode, phone) adds nothing);
 * each field's part goes to parts[f] (0 for a missing field). The
 * term-frequency counts are a's (on exact agreement a's value is b's). */
double rt_link_weight(const rt_link_model *mo, const int levels[RT_LF_COUNT],
                      const rt_link_record *a, double parts[RT_LF_COUNT]);

/* True if levels show the household pattern rt_link_weight weighs as one. */
bool rt_link_household(const int levels[RT_LF_COUNT]);

/* Probability from a match weight. */
double rt_link_probability(double weight);

#endif
