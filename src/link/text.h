/* text.h: reading identifying fields the way a person would compare them.
 *
 * Names arrive misspelt, in capitals, with accents or without, with
 * titles, hyphens and nicknames. Everything here is pure: it takes
 * strings and gives strings or numbers, with no I/O and no state beyond
 * the nickname table compiled in. Normalised strings are ASCII where the
 * input was Latin (accents stripped by utf8proc), lower case, and other
 * scripts case-folded but kept. */
#ifndef RT_LINK_TEXT_H
#define RT_LINK_TEXT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include "../core/status.h"

/* Normalises a name: Unicode compatibility forms (fullwidth letters,
 * ligatures) read as plain ones, case folded, accents stripped, punctuation
 * other than hyphens and apostrophes dropped, apostrophes removed (O'Neil
 * is oneil), hyphens and runs of space made one space, titles (mr, mrs,
 * ms, miss, dr, prof, sir, rev) dropped from the front. *out is the
 * caller's to free; "" when nothing is left. RT_EINVAL for text that is
 * not valid UTF-8. */
rt_status rt_link_norm_name(const char *in, char **out);

/* Normalises an e-mail address (trimmed, lower case) into *out (the
 * caller frees); NULL when empty or without an @. */
rt_status rt_link_norm_email(const char *in, char **out);

/* Normalises a UK phone number to its digits with a leading 0 (+44 and
 * 0044 read as 0) into *out (the caller frees); NULL when fewer than 9
 * digits remain. */
rt_status rt_link_norm_phone(const char *in, char **out);

/* Normalises a postcode (upper case, one space before the last three
 * characters) into *out; NULL when it cannot be a UK postcode. */
rt_status rt_link_norm_postcode(const char *in, char **out);

/* A date of birth as days since 1970-01-01 (negative before), from
 * YYYY-MM-DD or DD/MM/YYYY; *y, *m, *d get its parts. RT_EINVAL for
 * anything else or an impossible date. */
rt_status rt_link_parse_dob(const char *in, int *y, int *m, int *d);

/* The given name that name is a nickname or variant of (both already
 * normalised), or name itself; static or borrowed from name. */
const char *rt_link_canonical_given(const char *name);

/* American Soundex of the first word of a normalised name: a letter and
 * three digits into out; "" when the name has no ASCII letter. */
void rt_link_soundex(const char *name, char out[5]);

/* Jaro-Winkler similarity of two UTF-8 strings (by code point), 0..1. */
double rt_link_jaro_winkler(const char *a, const char *b);

/* Jaro-Winkler of a and b when it can reach at least, else 0. The
 * characters two strings share bound the matches, and so the
 * similarity, at a fraction of its cost: most pairs compared are
 * different names, and are turned away here. */
double rt_link_jaro_winkler_at_least(const char *a, const char *b, double at_least);

/* True if a and b differ but hold the same bytes in another order (a
 * name whose letters were typed out of order: "aomrn" for "roman"); both
 * at least three bytes long. Compared as bytes: for names already
 * normalised this is their letters. */
bool rt_link_same_letters(const char *a, const char *b);

#endif
