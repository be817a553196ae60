/* subject_access.c: a person's subject access export; see
 * subject_access.h. */
#include "subject_access.h"

#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include "../core/access.h"
#include "../core/buf.h"
#include "../core/policy.h"
#include "../core/risk.h"

const char rt_subject_access_withheld_note[] =
    "Some information is withheld because it is about other people: the name, phone number "
    "and e-mail address of the person who made each referral. Data protection law lets us "
    "withhold information about someone else when giving it to you would disclose it without "
    "their agreement. The names of the staff who saw your records are withheld for the same "
    "reason; their role and organisation are shown.";

const char rt_subject_access_contact_note[] =
    "If you have questions about this document, think something in it is wrong, or want to ask "
    "for it to be corrected or for its use to be restricted, contact the Marac coordinator who "
    "gave it to you. If you are not happy with the answer, you can complain to the Information "
    "Commissioner's Office (ico.org.uk, 0303 123 1113).";

void rt_subject_access_time(int64_t t, char out[21])
{
    time_t tt = (time_t)t;
    struct tm tm;
    if (!gmtime_r(&tt, &tm) || strftime(out, 21, "%Y-%m-%dT%H:%M:%SZ", &tm) != 20)
        /* Only a time beyond year 9999 fails: write an obvious marker
         * rather than a wrong date. */
        memcpy(out, "0000-00-00T00:00:00Z", 21);
}

const char *rt_subject_access_action_label(const char *action)
{
    rt_audit_action a;
    return rt_audit_action_parse(action, &a) == RT_OK ? rt_audit_action_label(a) : NULL;
}

void rt_subject_access_clear(rt_subject_access *sa)
{
    for (size_t i = 0; sa->referrals && i < sa->n_referrals; i++) {
        rt_referral_clear(&sa->referrals[i].r);
        free(sa->referrals[i].agency_name);
    }
    free(sa->referrals);
    for (size_t i = 0; sa->events && i < sa->n_events; i++) {
        free(sa->events[i].action);
        free(sa->events[i].outcome);
        free(sa->events[i].fields);
        free(sa->events[i].agency_name);
    }
    free(sa->events);
    memset(sa, 0, sizeof *sa);
}

/* ---- gathering -------------------------------------------------------- */

static rt_status audit(rt_app *app, const rt_principal *who, const char *id, const char *fields,
                       const char *address, int64_t now, const char *outcome)
{
    return rt_app_audit(app, who ? who->user.id : NULL, RT_AUDIT_SUBJECT_ACCESS_EXPORT,
                        "referral", id, fields, address, now, outcome);
}

/* Whether two given names are the same as the blind index sees names. */
static rt_status same_name(const char *a, const char *b, bool *same)
{
    *same = false;
    if (!a || !b)
        return RT_OK;
    char *na = NULL, *nb = NULL;
    rt_status st = rt_name_normalise(a, &na);
    if (st == RT_OK)
        st = rt_name_normalise(b, &nb);
    if (st == RT_OK)
        *same = strcmp(na, nb) == 0;
    if (na) {
        sodium_memzero(na, strlen(na));
        free(na);
    }
    if (nb) {
        sodium_memzero(nb, strlen(nb));
        free(nb);
    }
    return st;
}

/* The name of agency code, or NULL (RT_OK) if there is no such agency. */
static rt_status agency_name(rt_app *app, const char *code, char **out)
{
    *out = NULL;
    if (!code)
        return RT_OK;
    rt_agency a = {0};
    rt_status st = rt_store_agency_get(app->store, code, &a);
    if (st == RT_ENOTFOUND)
        return RT_OK;
    if (st != RT_OK)
        return st;
    *out = a.name;
    a.name = NULL;
    rt_agency_clear(&a);
    return RT_OK;
}

/* Newest first, then by id, so the order is stable. */
static int referral_cmp(const void *pa, const void *pb)
{
    const rt_sar_referral *a = pa, *b = pb;
    if (a->r.created_at != b->r.created_at)
        return a->r.created_at > b->r.created_at ? -1 : 1;
    return strcmp(a->r.id, b->r.id);
}

static int event_cmp(const void *pa, const void *pb)
{
    const rt_sar_event *a = pa, *b = pb;
    if (a->at != b->at)
        return a->at < b->at ? -1 : 1;
    return a->seq < b->seq ? -1 : a->seq > b->seq;
}

/* Reads referral id, keeps it if it is about the person start is about
 * and who may see all of it, and appends it to sa (which has room).
 * Leaves out, silently to who but audited, one who is excluded from. */
static rt_status add_referral(rt_app *app, const rt_principal *who, const rt_referral *start,
                              const char *id, const char *address, int64_t now,
                              rt_subject_access *sa)
{
    rt_sar_referral *slot = &sa->referrals[sa->n_referrals];
    memset(slot, 0, sizeof *slot);
    rt_status st = rt_store_referral_get(app->store, id, &slot->r);
    if (st != RT_OK)
        return st;
    bool same = true;
    if (start) {
        st = same_name(start->field[RT_RF_VICTIM_GIVEN_NAME],
                       slot->r.field[RT_RF_VICTIM_GIVEN_NAME], &same);
        if (st != RT_OK || !same) {
            rt_referral_clear(&slot->r);
            return st;
        }
    }
    if (who) {
        rt_detail detail;
        st = rt_app_referral_decide(app, who, &slot->r, now, &detail);
        if (st == RT_OK && detail < RT_DETAIL_FULL) {
            rt_referral_clear(&slot->r);
            st = audit(app, who, id, NULL, address, now, "denied");
            /* The starting referral: as if it did not exist. */
            return st == RT_OK && !start ? RT_ENOTFOUND : st;
        }
    }
    if (st == RT_OK)
        st = agency_name(app, slot->r.agency_code, &slot->agency_name);
    if (st != RT_OK) {
        rt_referral_clear(&slot->r);
        return st;
    }
    rt_referral_withhold_third_parties(&slot->r);
    sa->n_referrals++;
    return RT_OK;
}

/* Finds every referral about the person referral_id is about. */
static rt_status gather_referrals(rt_app *app, const rt_principal *who, const char *referral_id,
                                  const char *address, int64_t now, rt_subject_access *sa)
{
    sa->referrals = calloc(1, sizeof *sa->referrals);
    if (!sa->referrals)
        return RT_ENOMEM;
    rt_status st = add_referral(app, who, NULL, referral_id, address, now, sa);
    if (st != RT_OK)
        return st;
    memcpy(sa->referral_id, sa->referrals[0].r.id, sizeof sa->referral_id);
    const char *dob = sa->referrals[0].r.field[RT_RF_VICTIM_DOB];
    const char *family = sa->referrals[0].r.field[RT_RF_VICTIM_FAMILY_NAME];
    if (!dob || !family)
        return RT_OK;
    char(*ids)[RT_ID_HEX + 1] = NULL;
    size_t n = 0;
    st = rt_store_referral_find_victim(app->store, family, dob, &ids, &n);
    if (st != RT_OK)
        return st;
    rt_sar_referral *grown = realloc(sa->referrals, (n + 1) * sizeof *grown);
    if (!grown) {
        free(ids);
        return RT_ENOMEM;
    }
    sa->referrals = grown;
    /* The array has room for every match and does not move again, so the
     * start stays at referrals[0] while the others are added. */
    for (size_t i = 0; st == RT_OK && i < n; i++)
        if (strcmp(ids[i], sa->referral_id) != 0)
            st = add_referral(app, who, &sa->referrals[0].r, ids[i], address, now, sa);
    free(ids);
    if (st == RT_OK)
        qsort(sa->referrals, sa->n_referrals, sizeof *sa->referrals, referral_cmp);
    return st;
}

/* Who an audit entry's user is, looked up once per user. */
typedef struct actor {
    char id[RT_ID_HEX + 1];
    rt_role role;
    char *agency_name;
} actor;

static rt_status find_actor(rt_app *app, const char *user_id, actor **cache, size_t *n,
                            const actor **out)
{
    for (size_t i = 0; i < *n; i++)
        if (strcmp((*cache)[i].id, user_id) == 0) {
            *out = &(*cache)[i];
            return RT_OK;
        }
    if (strlen(user_id) != RT_ID_HEX)
        return RT_ESTORE;
    rt_user u = {0};
    rt_status st = rt_store_user_by_id(app->store, user_id, &u);
    if (st == RT_ENOTFOUND)
        st = RT_ESTORE; /* users are never deleted: the log refers to one */
    if (st != RT_OK)
        return st;
    actor *grown = realloc(*cache, (*n + 1) * sizeof *grown);
    if (!grown) {
        rt_user_clear(&u);
        return RT_ENOMEM;
    }
    *cache = grown;
    actor *a = &grown[*n];
    memcpy(a->id, u.id, sizeof a->id);
    a->role = u.role;
    st = agency_name(app, u.agency_code, &a->agency_name);
    rt_user_clear(&u);
    if (st != RT_OK)
        return st;
    (*n)++;
    *out = a;
    return RT_OK;
}

static char *dup_or_null(const char *s, rt_status *st)
{
    if (!s || *st != RT_OK)
        return NULL;
    char *d = strdup(s);
    if (!d)
        *st = RT_ENOMEM;
    return d;
}

/* Appends the audit entries about one referral to sa->events. */
static rt_status gather_events(rt_app *app, const char *referral_id, actor **cache,
                               size_t *n_cache, rt_subject_access *sa)
{
    rt_audit_entry *list;
    size_t n;
    rt_status st = rt_store_audit_for_record(app->store, "referral", referral_id, &list, &n);
    if (st != RT_OK)
        return st;
    if (n) {
        rt_sar_event *grown = realloc(sa->events, (sa->n_events + n) * sizeof *grown);
        if (!grown) {
            rt_audit_entry_list_free(list, n);
            return RT_ENOMEM;
        }
        sa->events = grown;
    }
    for (size_t i = 0; st == RT_OK && i < n; i++) {
        rt_sar_event *e = &sa->events[sa->n_events];
        memset(e, 0, sizeof *e);
        e->at = list[i].at;
        e->seq = list[i].seq;
        memcpy(e->referral_id, referral_id, sizeof e->referral_id);
        e->system = list[i].user_id == NULL;
        if (!e->system) {
            const actor *a;
            st = find_actor(app, list[i].user_id, cache, n_cache, &a);
            if (st == RT_OK) {
                e->role = a->role;
                e->agency_name = dup_or_null(a->agency_name, &st);
            }
        }
        e->action = dup_or_null(list[i].action, &st);
        e->outcome = dup_or_null(list[i].outcome, &st);
        e->fields = dup_or_null(list[i].fields, &st);
        /* Counted even on failure, so the clear frees what it holds. */
        sa->n_events++;
    }
    rt_audit_entry_list_free(list, n);
    return st;
}

/* The field keys an export hands over, for its audit entries. */
static rt_status exported_fields(char **out)
{
    rt_buf b = RT_BUF_INIT;
    const rt_field_spec *f = rt_referral_fields();
    for (int i = 0; i < RT_RF_COUNT; i++)
        if (!f[i].third_party) {
            if (b.len)
                rt_buf_putc(&b, ',');
            rt_buf_puts(&b, f[i].key);
        }
    rt_buf_puts(&b, ",assessment");
    rt_status st = rt_buf_status(&b);
    if (st != RT_OK) {
        rt_buf_free(&b);
        return st;
    }
    *out = b.data;
    return RT_OK;
}

rt_status rt_app_subject_access(rt_app *app, const rt_principal *who, const char *referral_id,
                                const char *address, int64_t now, rt_subject_access *out)
{
    memset(out, 0, sizeof *out);
    if (who && !rt_policy_may(who->user.role, RT_ACT_SUBJECT_ACCESS)) {
        rt_status st = audit(app, who, referral_id, NULL, address, now, "denied");
        return st == RT_OK ? RT_EDENIED : st;
    }
    if (!referral_id)
        return RT_EINVAL;
    rt_subject_access sa = {.generated_at = now};
    rt_status st = gather_referrals(app, who, referral_id, address, now, &sa);
    actor *cache = NULL;
    size_t n_cache = 0;
    for (size_t i = 0; st == RT_OK && i < sa.n_referrals; i++)
        st = gather_events(app, sa.referrals[i].r.id, &cache, &n_cache, &sa);
    for (size_t i = 0; i < n_cache; i++)
        free(cache[i].agency_name);
    free(cache);
    if (st == RT_OK && sa.n_events)
        qsort(sa.events, sa.n_events, sizeof *sa.events, event_cmp);
    /* Audited after gathering, so the export does not list itself; a
     * failed audit entry fails the export. */
    char *fields = NULL;
    if (st == RT_OK)
        st = exported_fields(&fields);
    for (size_t i = 0; st == RT_OK && i < sa.n_referrals; i++)
        st = audit(app, who, sa.referrals[i].r.id, fields, address, now, "ok");
    free(fields);
    if (st != RT_OK) {
        rt_subject_access_clear(&sa);
        return st;
    }
    *out = sa;
    return RT_OK;
}
