/* referrals.c: the referral form submitted, the referral list and the
 * triage queue; see referrals.h. */
#include "referrals.h"

#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "../core/buf.h"
#include "../core/field.h"
#include "../core/policy.h"
#include "identity.h"

/* The field keys a referral carries, for the audit log. */
static const char *referral_field_list(void)
{
    static char list[1024];
    static int ready;
    if (!ready) {
        rt_buf b = RT_BUF_INIT;
        const rt_field_spec *f = rt_referral_fields();
        for (int i = 0; i < RT_RF_COUNT; i++) {
            if (i)
                rt_buf_putc(&b, ',');
            rt_buf_puts(&b, f[i].key);
        }
        if (rt_buf_status(&b) == RT_OK && b.len < sizeof list)
            memcpy(list, b.data, b.len + 1);
        rt_buf_free(&b);
        ready = 1;
    }
    return list;
}

rt_status rt_app_referral_submit(rt_app *app, const rt_principal *who, rt_referral *r,
                                 const char *address, int64_t now,
                                 rt_field_error errs[RT_REFERRAL_MAX_ERRORS], size_t *n_errs)
{
    *n_errs = 0;
    if (!rt_policy_may(who->user.role, RT_ACT_REFERRAL_CREATE)) {
        rt_status st = rt_app_audit(app, who->user.id, "referral.create", "referral", NULL, NULL,
                                    address, now, "denied");
        return st == RT_OK ? RT_EDENIED : st;
    }
    rt_status st = rt_referral_normalise(r);
    if (st != RT_OK)
        return st;
    st = rt_referral_validate(r, rt_date_from_unix(now), errs, n_errs);
    if (st != RT_OK)
        return st;
    free(r->agency_code);
    free(r->created_by);
    r->agency_code = strdup(who->user.agency_code);
    r->created_by = strdup(who->user.id);
    if (!r->agency_code || !r->created_by)
        return RT_ENOMEM;
    r->created_at = now;
    /* The person's linkage keys go in with the referral, in one write,
     * and serve the screening after it. */
    rt_identity_keys ks;
    st = rt_identity_keys_of(r, &ks);
    if (st != RT_OK)
        return st;
    r->link_keys = ks.key;
    r->n_link_keys = ks.n;
    /* The referral with its keys and its audit entry: both or neither. */
    st = rt_app_tx_begin(app);
    if (st == RT_OK) {
        st = rt_store_referral_add(app->store, r);
        if (st == RT_OK)
            st = rt_app_audit(app, who->user.id, "referral.create", "referral", r->id,
                              referral_field_list(), address, now, "ok");
        st = rt_app_tx_end(app, st);
    }
    r->link_keys = NULL;
    r->n_link_keys = 0;
    /* The referral stands whatever the screening finds; a screening that
     * fails is reported on stderr, which the operator watches, and the
     * coordinator can still look for matches on the referral's page. It
     * runs after the commit: it may learn the linkage model, which is
     * slow, and every other caller would wait. */
    if (st == RT_OK && rt_identity_screen(app, r, &ks, now) != RT_OK)
        fprintf(stderr, "roundtable: could not screen a new referral for earlier ones\n");
    return st;
}

rt_status rt_app_referral_list(rt_app *app, const rt_principal *who, const char *address,
                               int64_t now, rt_referral **out, size_t *n)
{
    *out = NULL;
    *n = 0;
    if (!rt_policy_may(who->user.role, RT_ACT_REFERRAL_LIST)) {
        rt_status st = rt_app_audit(app, who->user.id, "referral.list", "referral", NULL, NULL,
                                    address, now, "denied");
        return st == RT_OK ? RT_EDENIED : st;
    }
    rt_referral *list;
    size_t count;
    rt_status st = rt_store_referral_list(app->store, &list, &count);
    if (st != RT_OK)
        return st;
    /* Keep only what the user may see, in place. */
    size_t kept = 0;
    for (size_t i = 0; i < count && st == RT_OK; i++) {
        rt_detail detail;
        st = rt_app_referral_decide(app, who, &list[i], now, &detail);
        if (st != RT_OK)
            break;
        if (detail < RT_DETAIL_SUMMARY) {
            rt_referral_clear(&list[i]);
            continue;
        }
        char fields[1024];
        rt_referral_visible_fields(detail, fields, sizeof fields);
        st = rt_app_audit(app, who->user.id, "referral.list", "referral", list[i].id, fields,
                          address, now, "ok");
        if (kept != i) {
            list[kept] = list[i];
            memset(&list[i], 0, sizeof list[i]);
        }
        kept++;
    }
    if (st != RT_OK) {
        rt_referral_list_free(list, count);
        return st;
    }
    *out = list;
    *n = kept;
    return RT_OK;
}

rt_status rt_app_triage(rt_app *app, const rt_principal *who, const char *agency,
                        const char *area, bool unallocated, const char *address, int64_t now,
                        rt_referral **out, size_t *n)
{
    rt_status st = rt_app_referral_list(app, who, address, now, out, n);
    if (st != RT_OK)
        return st;
    if (agency || area || unallocated) {
        size_t kept = 0;
        for (size_t i = 0; i < *n && st == RT_OK; i++) {
            rt_referral *r = &(*out)[i];
            bool keep = (!agency || (r->agency_code && strcmp(r->agency_code, agency) == 0)) &&
                        (!area || rt_postcode_in_area(r->field[RT_RF_VICTIM_POSTCODE], area));
            if (keep && unallocated) {
                rt_case c;
                st = rt_store_case_by_referral(app->store, r->id, &c);
                keep = st == RT_ENOTFOUND;
                st = st == RT_ENOTFOUND ? RT_OK : st;
            }
            if (!keep) {
                rt_referral_clear(r);
                continue;
            }
            if (kept != i) {
                (*out)[kept] = *r;
                memset(r, 0, sizeof *r);
            }
            kept++;
        }
        if (st != RT_OK) {
            rt_referral_list_free(*out, *n);
            *out = NULL;
            *n = 0;
            return st;
        }
        *n = kept;
    }
    /* Confirmed identities drive the repeat criterion: an earlier
     * referral of the same person, with the same person causing harm,
     * within the window makes this one a repeat whatever its score. */
    for (size_t i = 0; i < *n; i++) {
        rt_referral *r = &(*out)[i];
        if (!r->risk.present || (r->risk.result.criteria & (1u << RT_CRIT_REPEAT)))
            continue;
        char earlier[RT_ID_HEX + 1];
        st = rt_identity_repeat(app, r, earlier);
        if (st != RT_OK) {
            rt_referral_list_free(*out, *n);
            *out = NULL;
            *n = 0;
            return st;
        }
        if (earlier[0]) {
            r->risk.result.criteria |= 1u << RT_CRIT_REPEAT;
            r->risk.result.marac_eligible = true;
        }
    }
    st = rt_identity_mark_serial(app, *out, *n, NULL);
    if (st != RT_OK) {
        rt_referral_list_free(*out, *n);
        *out = NULL;
        *n = 0;
        return st;
    }
    if (*n > 1)
        qsort(*out, *n, sizeof **out, rt_triage_cmp);
    return RT_OK;
}
