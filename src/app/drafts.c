/* drafts.c: referral drafts; see drafts.h. */
#include "drafts.h"

#include <stdio.h>
#include <string.h>
#include "../core/policy.h"

/* Drafts are part of making a referral: the same roles, and only one's own. */
static rt_status allowed(rt_app *app, const rt_principal *who, const char *action,
                         const char *id, const char *address, int64_t now)
{
    if (rt_policy_may(who->user.role, RT_ACT_REFERRAL_CREATE))
        return RT_OK;
    rt_status st = rt_app_audit(app, who->user.id, action, "draft", id, NULL, address, now,
                                "denied");
    return st == RT_OK ? RT_EDENIED : st;
}

rt_status rt_app_draft_save(rt_app *app, const rt_principal *who, rt_draft *d,
                            const char *address, int64_t now)
{
    rt_status st = allowed(app, who, "draft.save", d->id[0] ? d->id : NULL, address, now);
    if (st != RT_OK)
        return st;
    memcpy(d->owner_id, who->user.id, sizeof d->owner_id);
    st = rt_app_tx_begin(app);
    if (st != RT_OK)
        return st;
    st = rt_store_draft_put(app->store, d, now);
    if (st == RT_ENOTFOUND) {
        /* Nothing was written: the transaction holds only the refusal. */
        st = rt_app_audit(app, who->user.id, "draft.save", "draft", d->id, NULL, address, now,
                          "denied");
        st = rt_app_tx_end(app, st);
        return st == RT_OK ? RT_ENOTFOUND : st;
    }
    if (st == RT_OK)
        st = rt_app_audit(app, who->user.id, "draft.save", "draft", d->id, NULL, address, now,
                          "ok");
    return rt_app_tx_end(app, st);
}

rt_status rt_app_draft_get(rt_app *app, const rt_principal *who, const char *id,
                           const char *address, int64_t now, rt_draft *out)
{
    memset(out, 0, sizeof *out);
    rt_status st = allowed(app, who, "draft.read", id, address, now);
    if (st != RT_OK)
        return st;
    st = rt_store_draft_get(app->store, id, who->user.id, out);
    if (st == RT_ENOTFOUND) {
        st = rt_app_audit(app, who->user.id, "draft.read", "draft", id, NULL, address, now,
                          "denied");
        return st == RT_OK ? RT_ENOTFOUND : st;
    }
    if (st == RT_OK)
        st = rt_app_audit(app, who->user.id, "draft.read", "draft", id, NULL, address, now, "ok");
    if (st != RT_OK)
        rt_draft_clear(out);
    return st;
}

rt_status rt_app_draft_list(rt_app *app, const rt_principal *who, const char *address,
                            int64_t now, rt_draft **out, size_t *n)
{
    *out = NULL;
    *n = 0;
    rt_status st = allowed(app, who, "draft.list", NULL, address, now);
    if (st == RT_OK)
        st = rt_store_draft_list(app->store, who->user.id, out, n);
    if (st == RT_OK && *n)
        st = rt_app_audit(app, who->user.id, "draft.list", "draft", NULL, NULL, address, now,
                          "ok");
    if (st != RT_OK && *out) {
        rt_draft_list_free(*out, *n);
        *out = NULL;
        *n = 0;
    }
    return st;
}

rt_status rt_app_draft_delete(rt_app *app, const rt_principal *who, const char *id,
                              const char *address, int64_t now)
{
    rt_status st = allowed(app, who, "draft.delete", id, address, now);
    if (st == RT_OK)
        st = rt_app_tx_begin(app);
    if (st != RT_OK)
        return st;
    st = rt_store_draft_delete(app->store, id, who->user.id);
    if (st == RT_ENOTFOUND) {
        st = rt_app_audit(app, who->user.id, "draft.delete", "draft", id, NULL, address, now,
                          "denied");
        st = rt_app_tx_end(app, st);
        return st == RT_OK ? RT_ENOTFOUND : st;
    }
    if (st == RT_OK)
        st = rt_app_audit(app, who->user.id, "draft.delete", "draft", id, NULL, address, now,
                          "ok");
    return rt_app_tx_end(app, st);
}

rt_status rt_app_drafts_expire(rt_app *app, int64_t now, bool dry_run, size_t *n)
{
    rt_status st = rt_app_tx_begin(app);
    if (st != RT_OK)
        return st;
    st = rt_store_draft_expire(app->store, now - (int64_t)RT_DRAFT_KEEP_DAYS * 86400, dry_run,
                               n);
    if (st == RT_OK && *n && !dry_run) {
        char count[32];
        snprintf(count, sizeof count, "%zu", *n);
        st = rt_app_audit(app, NULL, "retention.drafts", "draft", NULL, count, NULL, now, "ok");
    }
    return rt_app_tx_end(app, st);
}
