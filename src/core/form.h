/* form.h: application/x-www-form-urlencoded bodies.
 *
 * The whole body is parsed at once (the server has it whole: a form is
 * validated as one unit, and a write is whole or absent). This module
 * splits pairs, turns '+' into spaces, decodes %-escapes and refuses what a
 * browser never sends: a malformed escape, invalid UTF-8, NUL bytes, a key
 * given twice. Pure text: the pages parse forms with it, and the
 * application keeps records sealed as one body in the same encoding. */
#ifndef RT_CORE_FORM_H
#define RT_CORE_FORM_H

#include <stddef.h>
#include "field.h"
#include "status.h"

#define RT_FORM_MAX_FIELDS 256

typedef struct rt_form {
    size_t n;
    char *key[RT_FORM_MAX_FIELDS];
    char *value[RT_FORM_MAX_FIELDS];
} rt_form;

/* Parses body (len bytes) into *out. RT_EINVAL for a malformed body (and
 * *problem, if problem is not NULL, points to a static description),
 * RT_ETOOBIG for more than RT_FORM_MAX_FIELDS pairs, RT_ENOMEM. On
 * failure *out holds nothing. On success free it with rt_form_clear. */
rt_status rt_form_parse(const char *body, size_t len, rt_form *out, const char **problem);
/* The value of key, or NULL. Owned by the form. */
const char *rt_form_get(const rt_form *f, const char *key);
/* Removes key's value from the form and hands it to the caller (who
 * frees it); NULL if absent. */
char *rt_form_take(rt_form *f, const char *key);
void rt_form_clear(rt_form *f);
/* Writes f back as a URL-encoded body, leaving out the keys in skip
 * (NULL-terminated) and pairs whose value is empty: what rt_form_parse
 * reads back to the same pairs. *out is the caller's to free. */
rt_status rt_form_encode(const rt_form *f, const char *const *skip, char **out);

/* Records kept as one sealed body (a case item, what was said at a
 * Marac, research, an action) are their field table's values written as a
 * form: rt_form_encode_fields writes values[0..n) under specs' keys,
 * leaving out NULLs (*out the caller's); rt_form_decode_fields reads such
 * a body back into an array of n values (each and the array the caller's
 * to free; NULL when absent). A body that does not read back (a key the
 * table lacks, a malformed pair) is RT_ESTORE: what the store kept is
 * damaged. */
rt_status rt_form_encode_fields(const rt_field_spec *specs, size_t n, char *const *values,
                                char **out);
rt_status rt_form_decode_fields(const rt_field_spec *specs, size_t n, const char *body,
                                char ***out);

#endif
