/* record.h: a person record as the linkage engine holds it, and the
 * comparison of two records field by field.
 *
 * Each field of a pair is compared into a level, from the strongest
 * agreement (0) down to disagreement (the last); a field missing on
 * either side has no level (RT_LINK_MISSING) and says nothing. The
 * levels are ordered so the first that applies is taken. */
#ifndef RT_LINK_RECORD_H
#define RT_LINK_RECORD_H

#include <stdbool.h>
#include <stdint.h>
#include "../core/status.h"

typedef enum rt_link_field {
    RT_LF_FIRST,
    RT_LF_SURNAME,
    RT_LF_DOB,
    RT_LF_CITY,
    RT_LF_POSTCODE,
    RT_LF_EMAIL,
    RT_LF_PHONE,
    RT_LF_GENDER,
    RT_LF_COUNT
} rt_link_field;

#define RT_LINK_MAX_LEVELS 8
#define RT_LINK_MISSING (-1)

/* Levels of the name fields that term frequencies adjust. */
#define RT_LINK_EXACT 0

/* Given-name levels other code reads: the names written the other way
 * round, a lone name that is the other record's surname, and clear
 * disagreement (the last level). */
#define RT_LINK_FIRST_SWAPPED 5
#define RT_LINK_FIRST_CROSSED 6
#define RT_LINK_FIRST_DIFFERENT 7

typedef struct rt_link_field_info {
    const char *name;                       /* column name: "first_name" */
    int n_levels;
    const char *level[RT_LINK_MAX_LEVELS];  /* "exact", "nickname", ... */
} rt_link_field_info;

/* The field table; static. */
const rt_link_field_info *rt_link_field_infos(void);

/* One record, normalised. Strings are NULL when missing and owned by
 * whoever built the record (the engine keeps them in one arena). */
typedef struct rt_link_record {
    const char *id;          /* unique_id as given */
    const char *first;       /* normalised given name(s) */
    const char *first_canon; /* the name the first given name is a variant of */
    const char *surname;
    const char *city;
    const char *postcode;
    const char *email;
    const char *phone;
    char gender;             /* 'f', 'm', 'x' or 0 when not known */
    bool has_dob;
    int16_t dob_y;
    int8_t dob_m, dob_d;
    char sx_first[5], sx_surname[5];  /* Soundex; "" when no letters */
    uint32_t tf_first, tf_surname;    /* how many records share the exact value */
    /* Within one engine, the same number for the same value of given name,
     * surname and town (0: not numbered); see rt_link_jw_cache. */
    uint32_t first_id, surname_id, city_id;
} rt_link_record;

/* Compares a and b field by field into levels[RT_LF_COUNT]. */
void rt_link_compare(const rt_link_record *a, const rt_link_record *b,
                     int levels[RT_LF_COUNT]);

/* Remembered Jaro-Winkler similarities of numbered values (given names,
 * surnames, towns): names repeat, so most comparisons of a run are of
 * pairs of values compared before. Direct-mapped, so a slot is simply
 * overwritten; one per thread, for records of one engine. */
#define RT_LINK_JW_SLOTS 16384
typedef struct rt_link_jw_slot {
    uint32_t a, b;       /* the two numbers, a < b; a == 0: empty */
    double jw;
} rt_link_jw_slot;
typedef struct rt_link_jw_cache {
    rt_link_jw_slot slot[3][RT_LINK_JW_SLOTS];
} rt_link_jw_cache;

/* rt_link_compare, using and filling cache (NULL: none) for records that
 * carry numbers. The levels are the same either way. */
void rt_link_compare_cached(const rt_link_record *a, const rt_link_record *b,
                            int levels[RT_LF_COUNT], rt_link_jw_cache *cache);

#endif
