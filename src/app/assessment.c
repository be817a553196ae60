/* assessment.c: later assessments and the history; see assessment.h. */
#include "assessment.h"

#include <stdlib.h>
#include <string.h>
#include "../core/policy.h"

rt_status rt_app_assessment_may(rt_app *app, const rt_principal *who, const char *referral_id,
                                int64_t now)
{
    if (!rt_policy_may(who->user.role, RT_ACT_ASSESSMENT_CREATE))
        return RT_EDENIED;
    rt_referral r;
    rt_detail detail;
    rt_status st = rt_app_referral_load(app, who, referral_id, now, &r, &detail);
    if (st != RT_OK)
        return st;
    rt_referral_clear(&r);
    return detail == RT_DETAIL_FULL ? RT_OK : RT_ENOTFOUND;
}

rt_status rt_app_assessment_add(rt_app *app, const rt_principal *who, const char *referral_id,
                                rt_referral_risk *k, const char *address, int64_t now)
{
    rt_status st = rt_app_assessment_may(app, who, referral_id, now);
    if (st == RT_EDENIED || st == RT_ENOTFOUND) {
        rt_status a = rt_app_audit(app, who->user.id, "assessment.create", "referral",
                                   referral_id, NULL, address, now, "denied");
        return a == RT_OK ? st : a;
    }
    if (st != RT_OK)
        return st;
    memcpy(k->assessor_id, who->user.id, sizeof k->assessor_id);
    k->agency[0] = '\0';
    if (who->user.agency_code && strlen(who->user.agency_code) < sizeof k->agency)
        memcpy(k->agency, who->user.agency_code, strlen(who->user.agency_code) + 1);
    k->assessed_at = now;
    st = rt_app_tx_begin(app);
    if (st != RT_OK)
        return st;
    st = rt_store_assessment_add(app->store, referral_id, k);
    if (st == RT_OK)
        st = rt_app_audit(app, who->user.id, "assessment.create", "referral", referral_id,
                          "assessment", address, now, "ok");
    return rt_app_tx_end(app, st);
}

/* Appends the assessments of one referral who may see at summary or more. */
static rt_status add_referral(rt_app *app, const rt_principal *who, const char *id,
                              const char *address, int64_t now, rt_assessment_entry **out,
                              size_t *n, size_t *cap)
{
    rt_referral r;
    rt_detail detail;
    rt_status st = rt_app_referral_load(app, who, id, now, &r, &detail);
    if (st != RT_OK)
        return st;
    rt_referral_clear(&r);
    if (detail < RT_DETAIL_SUMMARY)
        return RT_OK;
    rt_referral_risk *list = NULL;
    size_t count = 0;
    st = rt_store_assessment_list(app->store, id, &list, &count);
    if (st == RT_OK && *n + count > *cap) {
        size_t want = *n + count + 8;
        rt_assessment_entry *grown = realloc(*out, want * sizeof *grown);
        if (!grown)
            st = RT_ENOMEM;
        else {
            memset(grown + *cap, 0, (want - *cap) * sizeof *grown);
            *out = grown;
            *cap = want;
        }
    }
    for (size_t i = 0; st == RT_OK && i < count; i++) {
        rt_assessment_entry *e = &(*out)[(*n)++];
        memcpy(e->referral_id, id, sizeof e->referral_id);
        e->detail = detail;
        e->risk = list[i];
        memset(&list[i], 0, sizeof list[i]);
        if (detail < RT_DETAIL_FULL)
            memset(e->risk.answers, 0, sizeof e->risk.answers);
    }
    rt_assessment_list_free(list, count);
    if (st == RT_OK)
        st = rt_app_audit(app, who->user.id, "assessment.history", "referral", id, "assessment",
                          address, now, "ok");
    return st;
}

static int by_time(const void *pa, const void *pb)
{
    const rt_assessment_entry *a = pa, *b = pb;
    if (a->risk.assessed_at != b->risk.assessed_at)
        return a->risk.assessed_at < b->risk.assessed_at ? -1 : 1;
    if (a->risk.seq != b->risk.seq)
        return a->risk.seq < b->risk.seq ? -1 : 1;
    return strcmp(a->risk.id, b->risk.id);
}

rt_status rt_app_assessment_history(rt_app *app, const rt_principal *who,
                                    const char *referral_id, const char *address, int64_t now,
                                    rt_assessment_entry **out, size_t *n)
{
    *out = NULL;
    *n = 0;
    if (!rt_policy_may(who->user.role, RT_ACT_REFERRAL_READ))
        return RT_EDENIED;
    rt_referral r;
    rt_detail detail;
    rt_status st = rt_app_referral_load(app, who, referral_id, now, &r, &detail);
    if (st != RT_OK)
        return st;
    if (detail < RT_DETAIL_SUMMARY) {
        rt_referral_clear(&r);
        st = rt_app_audit(app, who->user.id, "assessment.history", "referral", referral_id, NULL,
                          address, now, "denied");
        return st == RT_OK ? RT_ENOTFOUND : st;
    }
    char(*ids)[RT_ID_HEX + 1] = NULL;
    size_t n_ids = 0;
    const char *family = r.field[RT_RF_VICTIM_FAMILY_NAME], *dob = r.field[RT_RF_VICTIM_DOB];
    if (family && dob)
        st = rt_store_referral_find_victim(app->store, family, dob, &ids, &n_ids);
    rt_referral_clear(&r);
    rt_assessment_entry *list = NULL;
    size_t count = 0, cap = 0;
    if (st == RT_OK)
        st = add_referral(app, who, referral_id, address, now, &list, &count, &cap);
    for (size_t i = 0; st == RT_OK && i < n_ids; i++)
        if (strcmp(ids[i], referral_id) != 0)
            st = add_referral(app, who, ids[i], address, now, &list, &count, &cap);
    free(ids);
    if (st != RT_OK) {
        rt_assessment_entries_free(list, count);
        return st;
    }
    qsort(list, count, sizeof *list, by_time);
    for (size_t i = 1; i < count; i++)
        list[i].trend = rt_risk_compare(&list[i - 1].risk.result, &list[i].risk.result);
    *out = list;
    *n = count;
    return RT_OK;
}

void rt_assessment_entries_free(rt_assessment_entry *e, size_t n)
{
    for (size_t i = 0; e && i < n; i++)
        rt_referral_risk_clear(&e[i].risk);
    free(e);
}
