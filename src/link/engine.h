/* engine.h: probabilistic record linkage: which records are the same
 * person.
 *
 * Records are normalised as they are added. A run then (1) groups them by
 * several blocking keys that survive typical errors, so that only
 * plausible pairs are compared; (2) learns the model (model.h) from the
 * data: u from random pairs, then EM over candidate pairs; (3) scores
 * every candidate pair; (4) clusters records into people from the pairs
 * above the threshold, refusing to join two groups on one weak link.
 * Pairs between the review and link thresholds are kept for a person to
 * decide. Every kept pair carries its explanation: each field's level
 * and the weight it added. */
#ifndef RT_LINK_ENGINE_H
#define RT_LINK_ENGINE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include "model.h"

/* A record as given; any field but id may be NULL or empty. */
typedef struct rt_link_input {
    const char *id;
    const char *first_name, *surname, *dob, *postcode, *city, *email, *phone, *gender;
} rt_link_input;

typedef struct rt_link_options {
    double threshold;      /* link at or above this probability (default 0.9) */
    double review;         /* keep pairs for review from here (default 0.5) */
    size_t max_block;      /* a blocking group larger than this is not used
                              (default RT_LINK_MAX_BLOCK) */
    unsigned threads;      /* 0: one per processor */
    bool explain;          /* keep each kept pair's levels and field weights */
    /* Called now and then with the stage ("blocking", "learning",
     * "scoring", "clustering") and progress through it; may be NULL. */
    void (*progress)(void *ctx, const char *stage, size_t done, size_t total);
    void *progress_ctx;
} rt_link_options;

/* Default options. */
void rt_link_options_default(rt_link_options *o);

typedef struct rt_link_pair {
    uint32_t a, b;                  /* record indexes, a < b */
    float weight;                   /* log2 odds */
    float probability;
    int8_t levels[RT_LF_COUNT];     /* with explain */
    float parts[RT_LF_COUNT];       /* with explain: each field's weight */
} rt_link_pair;

typedef struct rt_link_result {
    size_t n;                 /* records */
    uint32_t *cluster;        /* per record: index of its cluster's first record; owned */
    rt_link_pair *pairs;      /* pairs at or above review, best first; owned */
    size_t n_pairs;
    rt_link_model model;
    uint64_t candidates;      /* pairs compared */
    size_t blocks_skipped;    /* blocking groups over max_block */
    size_t merges_refused;    /* links not followed: they would chain two groups */
} rt_link_result;

/* The largest blocking group used by default: a key more records share
 * picks out no one. */
#define RT_LINK_MAX_BLOCK 100

/* Blocking keys, as text: what a store keeps (as keyed hashes) to find
 * earlier records of the same person without reading them all. */
#define RT_LINK_KEYS 13
#define RT_LINK_KEY_CHARS 160

/* Writes r's blocking key number k (0 .. RT_LINK_KEYS-1) into out and
 * returns true, or returns false when r has none of that kind. */
bool rt_link_block_key(const rt_link_record *r, int k, char out[RT_LINK_KEY_CHARS]);

/* Clusters n records by the pairs at or above threshold, which must come
 * strongest first. Two groups of more than one record join only when at
 * least half the members of the smaller have a link into the larger: one
 * weak or mistaken link must not chain two people together (*refused
 * counts the links not followed). Then two groups join when at least two,
 * and at least half, of the record pairs between them are at even odds or
 * better. out[i] gets the index of the first record of i's cluster. */
rt_status rt_link_cluster(size_t n, const rt_link_pair *pairs, size_t n_pairs, double threshold,
                          uint32_t *out, size_t *refused);

typedef struct rt_link_engine rt_link_engine;

/* A new, empty engine (free with rt_link_engine_free). */
rt_status rt_link_engine_new(rt_link_engine **out);
void rt_link_engine_free(rt_link_engine *e);

/* Normalises and adds one record. RT_EINVAL with *bad naming the field
 * ("id", "first_name", "dob", ...) when a value cannot be read (text not
 * UTF-8, a date that is not a date); nothing is added then. A missing
 * value is not an error. RT_ETOOBIG past 2^32 - 1 records. */
rt_status rt_link_engine_add(rt_link_engine *e, const rt_link_input *in, const char **bad);

size_t rt_link_engine_count(const rt_link_engine *e);
/* Record i as normalised; borrowed from the engine. */
const rt_link_record *rt_link_engine_record(const rt_link_engine *e, size_t i);

/* Learns the model from the records added so far, as a run would, and
 * stops there (for scoring single pairs later with rt_link_compare and
 * rt_link_weight). RT_EINVAL for fewer than two records. */
rt_status rt_link_engine_learn(rt_link_engine *e, const rt_link_options *o, rt_link_model *out);

/* Links the records added so far. *out is the caller's (free with
 * rt_link_result_free). RT_EINVAL for fewer than two records. */
rt_status rt_link_engine_run(rt_link_engine *e, const rt_link_options *o, rt_link_result *out);
void rt_link_result_free(rt_link_result *r);

#endif
