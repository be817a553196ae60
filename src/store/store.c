/* store.c: backend choice, forwarding and the backend-independent parts
 * of store.h.
 *
 * Argument checks every backend would repeat live here, as does the
 * resetting of output parameters: whatever a backend does, a caller that
 * gets an error never finds anything to free. */
#include "store.h"

#include <stdlib.h>
#include <sodium.h>
#include <string.h>

#include "store_backend.h"

static bool has_prefix(const char *s, const char *prefix)
{
    return strncmp(s, prefix, strlen(prefix)) == 0;
}

rt_status rt_store_open(const char *location, const rt_data_key *key, bool create,
                        rt_store **out)
{
    if (!out)
        return RT_EINVAL;
    *out = NULL;
    if (!location || !*location || !key)
        return RT_EINVAL;
    /* The PostgreSQL backend is a later issue; until then such a location
     * must fail loudly rather than become a file of that name. */
    if (has_prefix(location, "postgresql://") || has_prefix(location, "postgres://"))
        return RT_EUNSUPPORTED;
    return rt_store_sqlite_open(location, key, create, out);
}

void rt_store_close(rt_store *st)
{
    if (st)
        st->ops->close(st);
}

rt_status rt_store_begin(rt_store *st)
{
    if (!st)
        return RT_EINVAL;
    return st->ops->begin(st);
}

rt_status rt_store_end(rt_store *st, rt_status so_far)
{
    if (!st)
        return so_far != RT_OK ? so_far : RT_EINVAL;
    return st->ops->end(st, so_far);
}

rt_status rt_store_schema_version(rt_store *st, int *out)
{
    if (!out)
        return RT_EINVAL;
    *out = 0;
    if (!st)
        return RT_EINVAL;
    return st->ops->schema_version(st, out);
}

/* ---- agencies -------------------------------------------------------- */

rt_status rt_store_agency_add(rt_store *st, const rt_agency *a)
{
    if (!st || !a || !a->code || !a->name)
        return RT_EINVAL;
    return st->ops->agency_add(st, a);
}

rt_status rt_store_agency_get(rt_store *st, const char *code, rt_agency *out)
{
    if (!out)
        return RT_EINVAL;
    memset(out, 0, sizeof *out);
    if (!st || !code)
        return RT_EINVAL;
    return st->ops->agency_get(st, code, out);
}

rt_status rt_store_agency_list(rt_store *st, rt_agency **out, size_t *n)
{
    if (!out || !n)
        return RT_EINVAL;
    *out = NULL;
    *n = 0;
    if (!st)
        return RT_EINVAL;
    return st->ops->agency_list(st, out, n);
}

/* ---- users ----------------------------------------------------------- */

rt_status rt_store_user_add(rt_store *st, rt_user *u)
{
    if (!st || !u || !u->username || !u->display_name || !u->password_hash)
        return RT_EINVAL;
    return st->ops->user_add(st, u);
}

rt_status rt_store_user_by_username(rt_store *st, const char *username, rt_user *out)
{
    if (!out)
        return RT_EINVAL;
    memset(out, 0, sizeof *out);
    if (!st || !username)
        return RT_EINVAL;
    return st->ops->user_by_username(st, username, out);
}

rt_status rt_store_user_by_id(rt_store *st, const char *id, rt_user *out)
{
    if (!out)
        return RT_EINVAL;
    memset(out, 0, sizeof *out);
    if (!st || !id)
        return RT_EINVAL;
    return st->ops->user_by_id(st, id, out);
}

rt_status rt_store_user_set_password(rt_store *st, const char *id, const char *password_hash,
                                     bool one_time)
{
    if (!st || !id || !password_hash)
        return RT_EINVAL;
    return st->ops->user_set_password(st, id, password_hash, one_time);
}

rt_status rt_store_user_set_disabled(rt_store *st, const char *id, bool disabled)
{
    if (!st || !id)
        return RT_EINVAL;
    return st->ops->user_set_disabled(st, id, disabled);
}

rt_status rt_store_user_totp_get(rt_store *st, const char *id, char **secret, bool *enrolled)
{
    if (secret)
        *secret = NULL;
    if (!st || !id || !secret || !enrolled)
        return RT_EINVAL;
    return st->ops->user_totp_get(st, id, secret, enrolled);
}

rt_status rt_store_user_totp_set(rt_store *st, const char *id, const char *secret)
{
    if (!st || !id)
        return RT_EINVAL;
    return st->ops->user_totp_set(st, id, secret);
}

rt_status rt_store_user_totp_use(rt_store *st, const char *id, int64_t step, int64_t at)
{
    if (!st || !id || step <= 0)
        return RT_EINVAL;
    return st->ops->user_totp_use(st, id, step, at);
}

rt_status rt_store_user_list(rt_store *st, rt_user **out, size_t *n)
{
    if (!out || !n)
        return RT_EINVAL;
    *out = NULL;
    *n = 0;
    if (!st)
        return RT_EINVAL;
    return st->ops->user_list(st, out, n);
}

/* ---- sessions -------------------------------------------------------- */

rt_status rt_store_session_put(rt_store *st, const rt_session_rec *s)
{
    if (!st || !s)
        return RT_EINVAL;
    return st->ops->session_put(st, s);
}

rt_status rt_store_session_get(rt_store *st, const unsigned char token_hash[32],
                               rt_session_rec *out)
{
    if (!out)
        return RT_EINVAL;
    memset(out, 0, sizeof *out);
    if (!st || !token_hash)
        return RT_EINVAL;
    return st->ops->session_get(st, token_hash, out);
}

rt_status rt_store_session_touch(rt_store *st, const unsigned char token_hash[32], int64_t now)
{
    if (!st || !token_hash)
        return RT_EINVAL;
    return st->ops->session_touch(st, token_hash, now);
}

rt_status rt_store_session_delete(rt_store *st, const unsigned char token_hash[32])
{
    if (!st || !token_hash)
        return RT_EINVAL;
    return st->ops->session_delete(st, token_hash);
}

rt_status rt_store_session_delete_user(rt_store *st, const char *user_id)
{
    if (!st || !user_id)
        return RT_EINVAL;
    return st->ops->session_delete_user(st, user_id);
}

rt_status rt_store_session_second_factor_done(rt_store *st, const unsigned char token_hash[32])
{
    if (!st || !token_hash)
        return RT_EINVAL;
    return st->ops->session_second_factor_done(st, token_hash);
}

rt_status rt_store_assessment_add(rt_store *st, const char *referral_id, rt_referral_risk *k)
{
    if (!st || !referral_id || !k || !k->present)
        return RT_EINVAL;
    return st->ops->assessment_add(st, referral_id, k);
}

rt_status rt_store_assessment_list(rt_store *st, const char *referral_id,
                                   rt_referral_risk **out, size_t *n)
{
    if (out)
        *out = NULL;
    if (n)
        *n = 0;
    if (!st || !referral_id || !out || !n)
        return RT_EINVAL;
    return st->ops->assessment_list(st, referral_id, out, n);
}

rt_status rt_store_link_keys_set(rt_store *st, const char *id, const char *const *keys, size_t n)
{
    if (!st || !id || (n && !keys))
        return RT_EINVAL;
    for (size_t i = 0; i < n; i++)
        if (!keys[i])
            return RT_EINVAL;
    return st->ops->link_keys_set(st, id, keys, n);
}

rt_status rt_store_link_candidates(rt_store *st, const char *const *keys, size_t n,
                                   size_t max_group, const char *exclude,
                                   char (**ids)[RT_ID_HEX + 1], size_t *n_ids)
{
    if (ids)
        *ids = NULL;
    if (n_ids)
        *n_ids = 0;
    if (!st || (n && !keys) || !ids || !n_ids || !max_group || max_group > INT32_MAX)
        return RT_EINVAL;
    if (!n)
        return RT_OK;
    return st->ops->link_candidates(st, keys, n, max_group, exclude, ids, n_ids);
}

rt_status rt_store_identity_add(rt_store *st, rt_identity *d)
{
    if (!st || !d || !d->reason || strcmp(d->a, d->b) == 0)
        return RT_EINVAL;
    if (strcmp(d->a, d->b) > 0) {
        char t[RT_ID_HEX + 1];
        memcpy(t, d->a, sizeof t);
        memcpy(d->a, d->b, sizeof t);
        memcpy(d->b, t, sizeof t);
    }
    return st->ops->identity_add(st, d);
}

rt_status rt_store_identity_get(rt_store *st, const char *id, rt_identity *out)
{
    if (out)
        memset(out, 0, sizeof *out);
    if (!st || !id || !out)
        return RT_EINVAL;
    return st->ops->identity_get(st, id, out);
}

rt_status rt_store_identity_undo(rt_store *st, const char *id, const char *user_id, int64_t at)
{
    if (!st || !id || !user_id)
        return RT_EINVAL;
    return st->ops->identity_undo(st, id, user_id, at);
}

rt_status rt_store_identity_list(rt_store *st, const char *referral_id, rt_identity **out,
                                 size_t *n)
{
    if (out)
        *out = NULL;
    if (n)
        *n = 0;
    if (!st || !referral_id || !out || !n)
        return RT_EINVAL;
    return st->ops->identity_list(st, referral_id, out, n);
}

rt_status rt_store_draft_put(rt_store *st, rt_draft *d, int64_t now)
{
    if (!st || !d || !d->body || !d->label ||
        strnlen(d->owner_id, sizeof d->owner_id) != RT_ID_HEX ||
        (d->format != RT_DRAFT_FORM && d->format != RT_DRAFT_JSON))
        return RT_EINVAL;
    return st->ops->draft_put(st, d, now);
}

rt_status rt_store_draft_get(rt_store *st, const char *id, const char *owner_id, rt_draft *out)
{
    if (out)
        memset(out, 0, sizeof *out);
    if (!st || !id || !owner_id || !out)
        return RT_EINVAL;
    return st->ops->draft_get(st, id, owner_id, out);
}

rt_status rt_store_draft_list(rt_store *st, const char *owner_id, rt_draft **out, size_t *n)
{
    if (out)
        *out = NULL;
    if (n)
        *n = 0;
    if (!st || !owner_id || !out || !n)
        return RT_EINVAL;
    return st->ops->draft_list(st, owner_id, out, n);
}

rt_status rt_store_draft_delete(rt_store *st, const char *id, const char *owner_id)
{
    if (!st || !id || !owner_id)
        return RT_EINVAL;
    return st->ops->draft_delete(st, id, owner_id);
}

rt_status rt_store_draft_expire(rt_store *st, int64_t before, bool count_only, size_t *n)
{
    if (n)
        *n = 0;
    if (!st || !n)
        return RT_EINVAL;
    return st->ops->draft_expire(st, before, count_only, n);
}

rt_status rt_store_setting_get(rt_store *st, const char *key, char **out)
{
    if (out)
        *out = NULL;
    if (!st || !key || !out)
        return RT_EINVAL;
    return st->ops->setting_get(st, key, out);
}

rt_status rt_store_setting_set(rt_store *st, const char *key, const char *value)
{
    if (!st || !key || !value)
        return RT_EINVAL;
    return st->ops->setting_set(st, key, value);
}

rt_status rt_store_session_expire(rt_store *st, int64_t created_before, int64_t idle_before)
{
    if (!st)
        return RT_EINVAL;
    return st->ops->session_expire(st, created_before, idle_before);
}

/* ---- referrals ------------------------------------------------------- */

rt_status rt_store_referral_add(rt_store *st, rt_referral *r)
{
    if (!st || !r)
        return RT_EINVAL;
    return st->ops->referral_add(st, r);
}

rt_status rt_store_referral_get(rt_store *st, const char *id, rt_referral *out)
{
    if (!out)
        return RT_EINVAL;
    memset(out, 0, sizeof *out);
    if (!st || !id)
        return RT_EINVAL;
    return st->ops->referral_get(st, id, out);
}

rt_status rt_store_referral_list(rt_store *st, rt_referral **out, size_t *n)
{
    if (!out || !n)
        return RT_EINVAL;
    *out = NULL;
    *n = 0;
    if (!st)
        return RT_EINVAL;
    return st->ops->referral_list(st, out, n);
}

rt_status rt_store_referral_count(rt_store *st, size_t *n)
{
    if (!n)
        return RT_EINVAL;
    *n = 0;
    if (!st)
        return RT_EINVAL;
    return st->ops->referral_count(st, n);
}

rt_status rt_store_referral_find_victim(rt_store *st, const char *family_name, const char *dob,
                                        char (**ids)[RT_ID_HEX + 1], size_t *n)
{
    if (!ids || !n)
        return RT_EINVAL;
    *ids = NULL;
    *n = 0;
    if (!st || !family_name || !dob)
        return RT_EINVAL;
    return st->ops->referral_find_victim(st, family_name, dob, ids, n);
}

/* ---- audit ----------------------------------------------------------- */

rt_status rt_store_audit_append(rt_store *st, const rt_audit_event *ev)
{
    if (!st || !ev || !ev->action || !ev->outcome)
        return RT_EINVAL;
    return st->ops->audit_append(st, ev);
}

rt_status rt_store_audit_count(rt_store *st, size_t *n)
{
    if (!n)
        return RT_EINVAL;
    *n = 0;
    if (!st)
        return RT_EINVAL;
    return st->ops->audit_count(st, n);
}

rt_status rt_store_audit_for_record(rt_store *st, const char *record_type, const char *record_id,
                                    rt_audit_entry **out, size_t *n)
{
    if (!out || !n)
        return RT_EINVAL;
    *out = NULL;
    *n = 0;
    if (!st || !record_type || !record_id)
        return RT_EINVAL;
    return st->ops->audit_for_record(st, record_type, record_id, out, n);
}

rt_status rt_store_grant_add(rt_store *st, rt_grant *g)
{
    if (!st || !g || !g->user_id || !g->referral_id || !g->reason || !*g->reason ||
        (g->kind != RT_GRANT_EXCLUSION && g->kind != RT_GRANT_BREAK_GLASS))
        return RT_EINVAL;
    return st->ops->grant_add(st, g);
}

rt_status rt_store_grant_find(rt_store *st, rt_grant_kind kind, const char *user_id,
                              const char *referral_id, int64_t now, bool *found)
{
    if (!st || !user_id || !referral_id || !found)
        return RT_EINVAL;
    return st->ops->grant_find(st, kind, user_id, referral_id, now, found);
}

rt_status rt_store_exclusion_list(rt_store *st, const char *referral_id, rt_exclusion **out,
                                  size_t *n)
{
    if (!st || !out || !n)
        return RT_EINVAL;
    *out = NULL;
    *n = 0;
    return st->ops->exclusion_list(st, referral_id, out, n);
}

rt_status rt_store_exclusion_lift(rt_store *st, const char *id, const char *referral_id,
                                  const char *by_user_id, const char *reason, int64_t at)
{
    if (!st || !id || !referral_id || !by_user_id || !reason || !*reason)
        return RT_EINVAL;
    return st->ops->exclusion_lift(st, id, referral_id, by_user_id, reason, at);
}

rt_status rt_store_exclusions_following(rt_store *st, const char *origin_id, rt_exclusion **out,
                                        size_t *n)
{
    if (!st || !origin_id || !out || !n)
        return RT_EINVAL;
    *out = NULL;
    *n = 0;
    return st->ops->exclusions_following(st, origin_id, out, n);
}

rt_status rt_store_excluded_referrals(rt_store *st, const char *user_id,
                                      char (**ids)[RT_ID_HEX + 1], size_t *n)
{
    if (!st || !user_id || !ids || !n)
        return RT_EINVAL;
    *ids = NULL;
    *n = 0;
    return st->ops->excluded_referrals(st, user_id, ids, n);
}

rt_status rt_store_notice_add(rt_store *st, const char *recipient_id, const char *kind,
                              const char *about_user_id, const char *record_id, int64_t at)
{
    if (!st || !recipient_id || !kind)
        return RT_EINVAL;
    return st->ops->notice_add(st, recipient_id, kind, about_user_id, record_id, at);
}

rt_status rt_store_notice_list(rt_store *st, const char *recipient_id, rt_notice **out,
                               size_t *n)
{
    if (!st || !recipient_id || !out || !n)
        return RT_EINVAL;
    *out = NULL;
    *n = 0;
    return st->ops->notice_list(st, recipient_id, out, n);
}

rt_status rt_store_notice_read(rt_store *st, const char *recipient_id, const char *id,
                               int64_t at)
{
    if (!st || !recipient_id || !id)
        return RT_EINVAL;
    return st->ops->notice_read(st, recipient_id, id, at);
}

rt_status rt_store_retention_rules(rt_store *st, rt_retention_rule **out, size_t *n)
{
    if (!st || !out || !n)
        return RT_EINVAL;
    *out = NULL;
    *n = 0;
    return st->ops->retention_rules(st, out, n);
}

rt_status rt_store_retention_set(rt_store *st, const char *record_type, rt_retention_part part,
                                 int days)
{
    if (!st || !record_type || days < 0 || days > 36500)
        return RT_EINVAL;
    return st->ops->retention_set(st, record_type, part, days);
}

rt_status rt_store_referral_close(rt_store *st, const char *id, int64_t at)
{
    if (!st || !id)
        return RT_EINVAL;
    return st->ops->referral_close(st, id, at);
}

rt_status rt_store_referral_closed_before(rt_store *st, int64_t before, bool notes_only,
                                          char (**ids)[RT_ID_HEX + 1], size_t *n)
{
    if (!st || !ids || !n)
        return RT_EINVAL;
    *ids = NULL;
    *n = 0;
    return st->ops->referral_closed_before(st, before, notes_only, ids, n);
}

rt_status rt_store_referral_purge(rt_store *st, const char *id)
{
    if (!st || !id)
        return RT_EINVAL;
    return st->ops->referral_purge(st, id);
}

rt_status rt_store_referral_purge_notes(rt_store *st, const char *id)
{
    if (!st || !id)
        return RT_EINVAL;
    return st->ops->referral_purge_notes(st, id);
}

rt_status rt_store_audit_verify(rt_store *st, rt_audit_report *out)
{
    if (!st || !out)
        return RT_EINVAL;
    memset(out, 0, sizeof *out);
    return st->ops->audit_verify(st, out);
}

rt_status rt_store_audit_search(rt_store *st, const rt_audit_filter *f, rt_audit_entry **out,
                                size_t *n)
{
    if (!st || !f || !out || !n || f->limit > 500)
        return RT_EINVAL;
    *out = NULL;
    *n = 0;
    return st->ops->audit_search(st, f, out, n);
}

/* ---- Idva casework ---------------------------------------------------- */

static bool is_id(const char *s)
{
    if (!s || strlen(s) != RT_ID_HEX)
        return false;
    for (const char *p = s; *p; p++)
        if (!((*p >= '0' && *p <= '9') || (*p >= 'a' && *p <= 'f')))
            return false;
    return true;
}

rt_status rt_store_case_add(rt_store *st, rt_case *c, rt_case_event *ev)
{
    if (!st || !c || !ev || !is_id(c->referral_id) || !is_id(c->idva_id) || !c->service[0] ||
        !is_id(ev->by) || c->status != RT_CASE_ALLOCATED)
        return RT_EINVAL;
    rt_date d;
    if (rt_date_parse(c->referred_on, &d) != RT_OK)
        return RT_EINVAL;
    return st->ops->case_add(st, c, ev);
}

rt_status rt_store_case_get(rt_store *st, const char *id, rt_case *out)
{
    if (out)
        memset(out, 0, sizeof *out);
    if (!st || !id || !out)
        return RT_EINVAL;
    return st->ops->case_get(st, id, false, out);
}

rt_status rt_store_case_by_referral(rt_store *st, const char *referral_id, rt_case *out)
{
    if (out)
        memset(out, 0, sizeof *out);
    if (!st || !referral_id || !out)
        return RT_EINVAL;
    return st->ops->case_get(st, referral_id, true, out);
}

rt_status rt_store_case_update(rt_store *st, const rt_case *c, rt_case_status expected,
                               rt_case_event *ev)
{
    if (!st || !c || !ev || !is_id(c->id) || !is_id(c->idva_id) || !is_id(ev->by) ||
        (unsigned)c->status >= RT_CASE_STATUS_COUNT || (unsigned)expected >= RT_CASE_STATUS_COUNT)
        return RT_EINVAL;
    return st->ops->case_update(st, c, expected, ev);
}

rt_status rt_store_case_list(rt_store *st, const char *service, const char *idva_id,
                             bool open_only, rt_case **out, size_t *n)
{
    if (out)
        *out = NULL;
    if (n)
        *n = 0;
    if (!st || !out || !n)
        return RT_EINVAL;
    return st->ops->case_list(st, service, idva_id, open_only, out, n);
}

rt_status rt_store_case_events(rt_store *st, const char *case_id, rt_case_event **out,
                               size_t *n)
{
    if (out)
        *out = NULL;
    if (n)
        *n = 0;
    if (!st || !case_id || !out || !n)
        return RT_EINVAL;
    return st->ops->case_events(st, case_id, out, n);
}

rt_status rt_store_case_item_put(rt_store *st, rt_case_item *it, const char *user_id,
                                 int64_t now)
{
    if (!st || !it || !it->body || !is_id(it->case_id) || !is_id(user_id) ||
        (unsigned)it->kind >= RT_ITEM_KIND_COUNT)
        return RT_EINVAL;
    rt_date d;
    if (it->due[0] && rt_date_parse(it->due, &d) != RT_OK)
        return RT_EINVAL;
    return st->ops->case_item_put(st, it, user_id, now);
}

rt_status rt_store_case_items(rt_store *st, const char *case_id, int kind, bool with_body,
                              rt_case_item **out, size_t *n)
{
    if (out)
        *out = NULL;
    if (n)
        *n = 0;
    if (!st || !case_id || !out || !n || kind < -1 || kind >= RT_ITEM_KIND_COUNT)
        return RT_EINVAL;
    return st->ops->case_items(st, case_id, kind, with_body, out, n);
}

rt_status rt_store_case_items_overdue(rt_store *st, const char *service, const char *idva_id,
                                      const char *day, rt_case_item **out, size_t *n)
{
    if (out)
        *out = NULL;
    if (n)
        *n = 0;
    rt_date d;
    if (!st || !service || !day || rt_date_parse(day, &d) != RT_OK || !out || !n)
        return RT_EINVAL;
    return st->ops->case_items_overdue(st, service, idva_id, day, out, n);
}

rt_status rt_store_idva_profile_put(rt_store *st, const rt_idva_profile *p)
{
    if (!st || !p || !is_id(p->user_id) || !(p->fte > 0 && p->fte <= 1.5) ||
        p->specialisms >> RT_SPEC_COUNT)
        return RT_EINVAL;
    return st->ops->idva_profile_put(st, p);
}

rt_status rt_store_idva_profile_get(rt_store *st, const char *user_id, rt_idva_profile *out)
{
    if (out)
        memset(out, 0, sizeof *out);
    if (!st || !user_id || !out)
        return RT_EINVAL;
    return st->ops->idva_profile_get(st, user_id, out);
}

rt_status rt_store_caseload_rules_get(rt_store *st, const char *service,
                                      rt_caseload_rules *out)
{
    if (!st || !service || !out)
        return RT_EINVAL;
    return st->ops->caseload_rules_get(st, service, out);
}

rt_status rt_store_caseload_rules_put(rt_store *st, const char *service,
                                      const rt_caseload_rules *r)
{
    const char *field;
    if (!st || !service || !r || rt_caseload_rules_check(r, &field) != RT_OK)
        return RT_EINVAL;
    return st->ops->caseload_rules_put(st, service, r);
}

rt_status rt_store_service_areas_get(rt_store *st, const char *service, char out[401])
{
    if (out)
        out[0] = '\0';
    if (!st || !service || !out)
        return RT_EINVAL;
    return st->ops->service_areas_get(st, service, out);
}

rt_status rt_store_service_areas_put(rt_store *st, const char *service, const char *areas)
{
    if (!st || !service || !areas || strlen(areas) > 400)
        return RT_EINVAL;
    return st->ops->service_areas_put(st, service, areas);
}

rt_status rt_store_caseload_counts(rt_store *st, const char *service, int64_t since,
                                   rt_caseload_count **out, size_t *n)
{
    if (out)
        *out = NULL;
    if (n)
        *n = 0;
    if (!st || !service || !out || !n)
        return RT_EINVAL;
    return st->ops->caseload_counts(st, service, since, out, n);
}

/* ---- Maracs and meetings ---------------------------------------------- */

/* Resets an out-list pair and says whether the arguments are there. */
static bool list_out(void *out, size_t *n)
{
    if (out)
        *(void **)out = NULL;
    if (n)
        *n = 0;
    return out && n;
}

rt_status rt_store_marac_put(rt_store *st, const rt_marac *m)
{
    if (!st || !m || !m->code[0] || !m->name[0] || !m->areas[0] || m->population < 0)
        return RT_EINVAL;
    return st->ops->marac_put(st, m);
}

rt_status rt_store_marac_get(rt_store *st, const char *code, rt_marac *out)
{
    if (out)
        memset(out, 0, sizeof *out);
    if (!st || !code || !out)
        return RT_EINVAL;
    return st->ops->marac_get(st, code, out);
}

rt_status rt_store_marac_list(rt_store *st, rt_marac **out, size_t *n)
{
    if (!list_out(out, n) || !st)
        return RT_EINVAL;
    return st->ops->marac_list(st, out, n);
}

rt_status rt_store_marac_member_add(rt_store *st, const char *marac, const char *agency)
{
    if (!st || !marac || !agency)
        return RT_EINVAL;
    return st->ops->marac_member_add(st, marac, agency);
}

rt_status rt_store_marac_members(rt_store *st, const char *marac, char (**out)[65], size_t *n)
{
    if (!list_out(out, n) || !st || !marac)
        return RT_EINVAL;
    return st->ops->marac_members(st, marac, out, n);
}

rt_status rt_store_marac_staff_add(rt_store *st, const char *marac, const char *user_id)
{
    if (!st || !marac || !is_id(user_id))
        return RT_EINVAL;
    return st->ops->marac_staff_add(st, marac, user_id);
}

rt_status rt_store_marac_staff_remove(rt_store *st, const char *marac, const char *user_id)
{
    if (!st || !marac || !is_id(user_id))
        return RT_EINVAL;
    return st->ops->marac_staff_remove(st, marac, user_id);
}

rt_status rt_store_marac_staff(rt_store *st, const char *marac,
                               char (**out)[RT_ID_HEX + 1], size_t *n)
{
    if (!list_out(out, n) || !st || !marac)
        return RT_EINVAL;
    return st->ops->marac_staff(st, marac, out, n);
}

rt_status rt_store_staff_maracs(rt_store *st, const char *user_id, char (**out)[65],
                                size_t *n)
{
    if (!list_out(out, n) || !st || !user_id)
        return RT_EINVAL;
    return st->ops->staff_maracs(st, user_id, out, n);
}

rt_status rt_store_referral_maracs(rt_store *st, const char *referral_id, char (**out)[65],
                                   size_t *n)
{
    if (!list_out(out, n) || !st || !referral_id)
        return RT_EINVAL;
    return st->ops->referral_maracs(st, referral_id, out, n);
}

rt_status rt_store_meeting_add(rt_store *st, rt_meeting *m)
{
    rt_date d;
    if (!st || !m || !m->marac[0] || !m->venue[0] || !is_id(m->created_by) ||
        rt_date_parse(m->held_on, &d) != RT_OK)
        return RT_EINVAL;
    return st->ops->meeting_add(st, m);
}

rt_status rt_store_meeting_get(rt_store *st, const char *id, rt_meeting *out)
{
    if (out)
        memset(out, 0, sizeof *out);
    if (!st || !id || !out)
        return RT_EINVAL;
    return st->ops->meeting_get(st, id, out);
}

rt_status rt_store_meeting_list(rt_store *st, const char *marac, rt_meeting **out, size_t *n)
{
    if (!list_out(out, n) || !st)
        return RT_EINVAL;
    return st->ops->meeting_list(st, marac, out, n);
}

rt_status rt_store_meeting_move(rt_store *st, const char *id, rt_meeting_status expected,
                                rt_meeting_status to, const char *user_id, int64_t at)
{
    if (!st || !id || !is_id(user_id) || (unsigned)expected >= RT_MEETING_STATUS_COUNT ||
        (unsigned)to >= RT_MEETING_STATUS_COUNT)
        return RT_EINVAL;
    return st->ops->meeting_move(st, id, expected, to, user_id, at);
}

rt_status rt_store_meeting_case_put(rt_store *st, const rt_meeting_case *c)
{
    if (!st || !c || !is_id(c->meeting_id) || !is_id(c->referral_id) ||
        (unsigned)c->listing >= RT_LIST_COUNT)
        return RT_EINVAL;
    return st->ops->meeting_case_put(st, c);
}

rt_status rt_store_meeting_case_remove(rt_store *st, const char *meeting_id,
                                       const char *referral_id)
{
    if (!st || !meeting_id || !referral_id)
        return RT_EINVAL;
    return st->ops->meeting_case_remove(st, meeting_id, referral_id);
}

rt_status rt_store_meeting_cases(rt_store *st, const char *meeting_id, bool with_hearing,
                                 rt_meeting_case **out, size_t *n)
{
    if (!list_out(out, n) || !st || !meeting_id)
        return RT_EINVAL;
    return st->ops->meeting_cases(st, meeting_id, NULL, with_hearing, out, n);
}

rt_status rt_store_listings_of(rt_store *st, const char *referral_id, rt_meeting_case **out,
                               size_t *n)
{
    if (!list_out(out, n) || !st || !referral_id)
        return RT_EINVAL;
    return st->ops->meeting_cases(st, NULL, referral_id, false, out, n);
}

rt_status rt_store_listed_for(rt_store *st, const char *referral_id, const char *agency,
                              bool *listed)
{
    if (listed)
        *listed = false;
    if (!st || !referral_id || !agency || !listed)
        return RT_EINVAL;
    return st->ops->listed_for(st, referral_id, agency, listed);
}

rt_status rt_store_attendance_add(rt_store *st, rt_attendance *a)
{
    if (!st || !a || !is_id(a->meeting_id) || !a->name[0])
        return RT_EINVAL;
    return st->ops->attendance_add(st, a);
}

rt_status rt_store_attendance_list(rt_store *st, const char *meeting_id, rt_attendance **out,
                                   size_t *n)
{
    if (!list_out(out, n) || !st || !meeting_id)
        return RT_EINVAL;
    return st->ops->attendance_list(st, meeting_id, out, n);
}

rt_status rt_store_research_put(rt_store *st, const rt_research *r)
{
    if (!st || !r || !r->body || !is_id(r->meeting_id) || !is_id(r->referral_id) ||
        !r->agency[0] || !is_id(r->updated_by))
        return RT_EINVAL;
    return st->ops->research_put(st, r);
}

rt_status rt_store_research_list(rt_store *st, const char *meeting_id, const char *referral_id,
                                 const char *agency, rt_research **out, size_t *n)
{
    if (!list_out(out, n) || !st || !meeting_id)
        return RT_EINVAL;
    return st->ops->research_list(st, meeting_id, referral_id, agency, out, n);
}

rt_status rt_store_action_add(rt_store *st, rt_marac_action *a)
{
    rt_date d;
    if (!st || !a || !a->body || !is_id(a->meeting_id) || !is_id(a->referral_id) ||
        !a->agency[0] || !is_id(a->created_by) || rt_date_parse(a->due, &d) != RT_OK)
        return RT_EINVAL;
    return st->ops->action_add(st, a);
}

rt_status rt_store_action_get(rt_store *st, const char *id, rt_marac_action *out)
{
    if (out)
        memset(out, 0, sizeof *out);
    if (!st || !id || !out)
        return RT_EINVAL;
    rt_marac_action *list;
    size_t n;
    rt_status s = st->ops->action_list(st, id, NULL, NULL, NULL, &list, &n);
    if (s != RT_OK)
        return s;
    if (n == 1) {
        *out = list[0];
        free(list);
        return RT_OK;
    }
    rt_actions_free(list, n);
    return RT_ENOTFOUND;
}

rt_status rt_store_action_move(rt_store *st, const char *id, rt_action_status expected,
                               rt_action_status to, const char *reason, const char *user_id,
                               int64_t at)
{
    if (!st || !id || !is_id(user_id) || (unsigned)expected >= RT_ACTION_STATUS_COUNT ||
        (unsigned)to >= RT_ACTION_STATUS_COUNT)
        return RT_EINVAL;
    return st->ops->action_move(st, id, expected, to, reason, user_id, at);
}

rt_status rt_store_action_list(rt_store *st, const char *meeting_id, const char *referral_id,
                               const char *agency, rt_marac_action **out, size_t *n)
{
    if (!list_out(out, n) || !st)
        return RT_EINVAL;
    return st->ops->action_list(st, NULL, meeting_id, referral_id, agency, out, n);
}

rt_status rt_store_transfer_add(rt_store *st, rt_transfer *t)
{
    if (!st || !t || !t->note || !is_id(t->referral_id) || !is_id(t->by) || !t->from_marac[0] ||
        !t->to_marac[0] || strcmp(t->from_marac, t->to_marac) == 0)
        return RT_EINVAL;
    return st->ops->transfer_add(st, t);
}

rt_status rt_store_transfers(rt_store *st, const char *referral_id, const char *to_marac,
                             rt_transfer **out, size_t *n)
{
    if (!list_out(out, n) || !st)
        return RT_EINVAL;
    return st->ops->transfers(st, referral_id, to_marac, out, n);
}
