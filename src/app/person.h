/* person.h: one person, many referrals. The referrals confirmed to be
 * about one person (standing "same" decisions, identity.h), which the
 * repeat criterion, the Marac's history and the exclusions that follow a
 * person (exclusions.h) all ask for. A module of its own so that identity
 * and exclusions can both use it without using each other. */
#ifndef RT_APP_PERSON_H
#define RT_APP_PERSON_H

#include "app.h"

/* The referrals confirmed to be about the same person as id (standing
 * decisions, followed transitively), without id: an array of *n ids the
 * caller frees (NULL when *n is 0). No policy check: for the other
 * operations of app. */
rt_status rt_person_referrals(rt_app *app, const char *id, char (**ids)[RT_ID_HEX + 1],
                              size_t *n);

/* Appends id to the array *ids of *n unless it is there already, growing
 * it (the caller frees). RT_ENOMEM leaves *ids and *n as they were. */
rt_status rt_id_list_add(char (**ids)[RT_ID_HEX + 1], size_t *n, const char *id);

#endif
