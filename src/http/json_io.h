/* json_io.h: JSON in and out of the API, strictly.
 *
 * In: jansson parses with duplicate keys refused; it refuses invalid
 * UTF-8 and NUL characters by itself. Records are decoded against their
 * field table (core/field.h): an unknown key, a value of the wrong type
 * or a nesting the table does not have is an error naming the key.
 * Out: every error body is {"error": message, "field": key-or-null}. */
#ifndef RT_HTTP_JSON_IO_H
#define RT_HTTP_JSON_IO_H

#include <jansson.h>
#include <stdbool.h>
#include <stddef.h>
#include "../core/field.h"
#include "../core/status.h"
#include "request.h"

/* What was wrong with a JSON body: a message for people and the key it
 * concerns (NULL when it concerns the whole body). Owned by the struct;
 * free with rt_json_problem_clear. */
typedef struct rt_json_problem {
    char *message;
    char *field;
} rt_json_problem;

void rt_json_problem_clear(rt_json_problem *p);

/* Fills *p with a printf-formatted message and the field it concerns
 * (NULL: the whole body). Returns RT_EINVAL, or RT_ENOMEM with *p empty. */
rt_status rt_json_problem_set(rt_json_problem *p, const char *field, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

/* Parses body as one JSON object. On RT_OK *out is the caller's (release
 * with json_decref). RT_EINVAL with *problem filled otherwise. */
rt_status rt_json_parse_object(const char *body, size_t len, json_t **out,
                               rt_json_problem *problem);

/* Reads the fields of specs[0..n) from obj into values[0..n) (strings the
 * caller frees; absent or null values stay NULL). Keys "a.b" are read
 * from nested objects. Keys not in the table are refused, and so are
 * values that are not strings (RT_EINVAL with *problem naming the key).
 * On failure values hold nothing. */
rt_status rt_json_decode_fields(json_t *obj, const rt_field_spec *specs, size_t n,
                                char **values, rt_json_problem *problem);

/* Reads a required string member of obj into *out (borrowed from obj).
 * RT_EINVAL with *problem if absent or not a string. */
rt_status rt_json_get_string(json_t *obj, const char *key, const char **out,
                             rt_json_problem *problem);

/* Reads req's body as an object whose members are exactly the strings
 * named in keys (NULL-terminated; all required). True when it is: *root
 * is the caller's (json_decref) and vals[i] borrow from it. False
 * otherwise, with nothing held and *st what the handler returns: RT_OK
 * once res answers 400 naming the member at fault, or the failure (no
 * memory) for the dispatcher to answer. */
bool rt_json_body_strings(const rt_request *req, rt_response *res, const char *const *keys,
                          json_t **root, const char **vals, rt_status *st);

/* Answers 400 with the problem's message and field, and clears it. */
rt_status rt_json_problem_respond(rt_response *res, rt_json_problem *problem);

/* Refuses any member of obj not named in allowed (NULL-terminated). */
rt_status rt_json_only(json_t *obj, const char *const *allowed, rt_json_problem *problem);

/* Builds a nested object of the fields present in values. NULL on
 * allocation failure; otherwise the caller's reference. */
json_t *rt_json_encode_fields(const rt_field_spec *specs, size_t n, char *const *values);

/* Appends item to *arr, taking item's reference. If item is NULL or the
 * append fails, releases *arr and sets it NULL, so a loop that builds an
 * array stops on *arr == NULL and reports no memory once. */
void rt_json_array_push(json_t **arr, json_t *item);

/* Serialises body into res with status. Steals the reference to body. */
rt_status rt_json_respond(rt_response *res, int status, json_t *body);

/* Writes {"error": message, "field": field} with status. */
rt_status rt_json_error(rt_response *res, int status, const char *message, const char *field);

/* Writes a 422 with "errors": [{field, message}...], the first one also
 * as "error" and "field". */
rt_status rt_json_field_errors(rt_response *res, const rt_field_error *errs, size_t n);

#endif
