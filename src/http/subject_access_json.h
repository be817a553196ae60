/* subject_access_json.h: a subject access export (app/subject_access.h)
 * as JSON, for the API and the command line. */
#ifndef RT_HTTP_SUBJECT_ACCESS_JSON_H
#define RT_HTTP_SUBJECT_ACCESS_JSON_H

#include <jansson.h>
#include "../app/subject_access.h"

/* The export as a JSON object: version, generated_at, the person, the
 * referrals (fields with labels and values, choices also as labels;
 * third-party fields as withheld), the access history and a note on what
 * was withheld and why. On RT_OK *out is the caller's (json_decref);
 * RT_ENOMEM otherwise. */
rt_status rt_subject_access_json(const rt_subject_access *sa, json_t **out);

/* The same, serialised with indentation for people reading the file.
 * On RT_OK *out is malloc'd text the caller frees. */
rt_status rt_subject_access_json_text(const rt_subject_access *sa, char **out);

#endif
