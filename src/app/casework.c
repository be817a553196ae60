/* casework.c: the Idva's case as operations; see casework.h.
 *
 * Every operation follows one shape: ask the policy; read the case and
 * work out who is to it (rt_app_relation, on the case's referral); ask
 * need to know (rt_access_decide); do the thing; audit. Item values
 * travel as form-encoded text sealed whole by the store: the field
 * tables in core say what each kind holds. */
#include "casework.h"

#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "../core/buf.h"
#include "../core/policy.h"
#include "../core/form.h"
#include "exclusions.h"

/* ---- item bodies -------------------------------------------------------- */

static void values_free(rt_item_kind kind, char **values)
{
    size_t n;
    rt_item_fields(kind, &n);
    for (size_t i = 0; values && i < n; i++)
        free(values[i]);
    free(values);
}

rt_status rt_case_item_decode(rt_item_kind kind, const char *body, char ***values)
{
    *values = NULL;
    size_t n;
    const rt_field_spec *specs = rt_item_fields(kind, &n);
    return specs ? rt_form_decode_fields(specs, n, body, values) : RT_EINVAL;
}

/* Writes values as a form-encoded body (*out the caller's). */
static rt_status item_encode(rt_item_kind kind, char *const *values, char **out)
{
    size_t n;
    const rt_field_spec *specs = rt_item_fields(kind, &n);
    return rt_form_encode_fields(specs, n, values, out);
}

/* ---- views -------------------------------------------------------------- */

void rt_case_view_clear(rt_case_view *v)
{
    if (!v)
        return;
    rt_referral_clear(&v->referral);
    rt_case_events_free(v->events, v->n_events);
    rt_actions_free(v->actions, v->n_actions);
    for (size_t i = 0; i < v->n_entries; i++)
        values_free(v->entries[i].item.kind, v->entries[i].values);
    free(v->entries);
    memset(v, 0, sizeof *v);
}

char **rt_case_view_single(const rt_case_view *v, rt_item_kind k)
{
    for (size_t i = 0; i < v->n_entries; i++)
        if (v->entries[i].item.kind == k)
            return v->entries[i].values;
    return NULL;
}

static void user_name(rt_app *app, const char *id, char out[201])
{
    rt_user u = {0};
    snprintf(out, 201, "%s", "(unknown)");
    if (rt_store_user_by_id(app->store, id, &u) == RT_OK)
        snprintf(out, 201, "%s", u.display_name);
    rt_user_clear(&u);
}

/* The day first contact is due, and whether it is late: not made by the
 * end of that day (or made after it). */
static void first_contact(const rt_case *c, const rt_caseload_rules *rules, int64_t now,
                          char due[11], bool *late)
{
    rt_date referred;
    due[0] = '\0';
    *late = false;
    if (rt_date_parse(c->referred_on, &referred) != RT_OK)
        return;
    rt_date d = rt_working_days_add(referred, rules->first_contact_days);
    rt_date_format(d, due);
    rt_date by = rt_date_from_unix(c->first_contact_at ? c->first_contact_at : now);
    *late = rt_date_cmp(by, d) > 0;
}

/* Works out what who may see of case c: *detail of the case record and
 * whether the notes too. The referral is read for its agency. */
static rt_status case_decide(rt_app *app, const rt_principal *who, const rt_case *c, int64_t now,
                             rt_detail *detail, bool *notes)
{
    rt_referral r;
    rt_status st = rt_store_referral_get(app->store, c->referral_id, &r);
    if (st != RT_OK)
        return st;
    rt_relation rel;
    st = rt_app_relation(app, who, &r, now, &rel);
    rt_referral_clear(&r);
    if (st != RT_OK)
        return st;
    rt_case_stage stage = c->status == RT_CASE_CLOSED ? RT_STAGE_CLOSED : RT_STAGE_REFERRED;
    *detail = rt_access_decide(who->user.role, RT_REC_CASE, stage, &rel).detail;
    *notes = rt_access_decide(who->user.role, RT_REC_NOTE, stage, &rel).detail >= RT_DETAIL_FULL;
    return RT_OK;
}

/* Policy, then the case, then need to know: the common start. *c is the
 * case when RT_OK. A refusal is audited as action and returned as
 * RT_EDENIED (policy) or RT_ENOTFOUND (no such case, or no need to know
 * of least detail). */
static rt_status case_open(rt_app *app, const rt_principal *who, rt_action act,
                           rt_audit_action action, const char *id, rt_detail least,
                           const char *address, int64_t now, rt_case *c, rt_detail *detail,
                           bool *notes)
{
    if (!rt_policy_may(who->user.role, act)) {
        rt_status st = rt_app_audit(app, who->user.id, action, "case", id, NULL, address, now,
                                    "denied");
        return st == RT_OK ? RT_EDENIED : st;
    }
    rt_status st = rt_store_case_get(app->store, id, c);
    if (st == RT_OK)
        st = case_decide(app, who, c, now, detail, notes);
    if (st == RT_ENOTFOUND || (st == RT_OK && *detail < least)) {
        st = rt_app_audit(app, who->user.id, action, "case", id, NULL, address, now, "denied");
        return st == RT_OK ? RT_ENOTFOUND : st;
    }
    return st;
}

rt_status rt_app_case_view(rt_app *app, const rt_principal *who, const char *id,
                           const char *address, int64_t now, rt_case_view *out)
{
    memset(out, 0, sizeof *out);
    rt_status st = case_open(app, who, RT_ACT_CASE_READ, RT_AUDIT_CASE_READ, id, RT_DETAIL_SUMMARY,
                             address, now, &out->c, &out->detail, &out->notes);
    if (st != RT_OK)
        return st;
    rt_caseload_rules rules;
    st = rt_store_caseload_rules_get(app->store, out->c.service, &rules);
    if (st == RT_OK) {
        first_contact(&out->c, &rules, now, out->first_contact_due, &out->first_contact_late);
        user_name(app, out->c.idva_id, out->idva_name);
        rt_detail referral_detail;
        st = rt_app_referral_load(app, who, out->c.referral_id, now, &out->referral,
                                  &referral_detail);
    }
    if (st == RT_OK && out->detail >= RT_DETAIL_FULL)
        st = rt_store_case_events(app->store, id, &out->events, &out->n_events);
    /* After the Marac the Idva tells the person what was agreed within 2
     * working days (marac.md). */
    rt_meeting_case *heard = NULL;
    size_t n_heard = 0;
    if (st == RT_OK && out->detail >= RT_DETAIL_FULL)
        st = rt_store_listings_of(app->store, out->c.referral_id, &heard, &n_heard);
    for (size_t i = 0; st == RT_OK && i < n_heard; i++) {
        rt_meeting m;
        st = rt_store_meeting_get(app->store, heard[i].meeting_id, &m);
        if (st == RT_OK && heard[i].heard && m.status >= RT_MEETING_HELD &&
            strcmp(m.held_on, out->marac_heard) > 0)
            memcpy(out->marac_heard, m.held_on, sizeof out->marac_heard);
    }
    rt_meeting_cases_free(heard, n_heard);
    rt_date heard_on;
    if (st == RT_OK && out->marac_heard[0] && rt_date_parse(out->marac_heard, &heard_on) == RT_OK)
        rt_date_format(rt_feedback_due(heard_on), out->feedback_due);
    /* Marac actions belong in the same safety plan. */
    if (st == RT_OK && out->detail >= RT_DETAIL_FULL)
        st = rt_store_action_list(app->store, NULL, out->c.referral_id, NULL, &out->actions,
                                  &out->n_actions);
    rt_case_item *items = NULL;
    size_t n = 0;
    if (st == RT_OK && out->detail >= RT_DETAIL_FULL)
        st = rt_store_case_items(app->store, id, -1, true, &items, &n);
    if (st == RT_OK && n) {
        out->entries = calloc(n, sizeof *out->entries);
        if (!out->entries)
            st = RT_ENOMEM;
    }
    for (size_t i = 0; st == RT_OK && i < n; i++) {
        if (items[i].kind == RT_ITEM_NOTE && !out->notes)
            continue;
        rt_case_entry *e = &out->entries[out->n_entries];
        st = rt_case_item_decode(items[i].kind, items[i].body, &e->values);
        if (st == RT_OK) {
            e->item = items[i];
            e->item.body = NULL;
            out->n_entries++;
        }
    }
    rt_case_items_free(items, n);
    if (st == RT_OK)
        st = rt_app_audit(app, who->user.id, RT_AUDIT_CASE_READ, "case", id,
                          out->detail >= RT_DETAIL_FULL
                              ? (out->notes ? "status,idva,items,notes" : "status,idva,items")
                              : "status,idva,victim.given_name,victim.family_name",
                          address, now, "ok");
    if (st != RT_OK)
        rt_case_view_clear(out);
    return st;
}

rt_status rt_app_case_of_referral(rt_app *app, const rt_principal *who, const char *referral_id,
                                  int64_t now, rt_case *out)
{
    if (!rt_policy_may(who->user.role, RT_ACT_CASE_READ))
        return RT_ENOTFOUND;
    rt_status st = rt_store_case_by_referral(app->store, referral_id, out);
    rt_detail detail = RT_DETAIL_NONE;
    bool notes;
    if (st == RT_OK)
        st = case_decide(app, who, out, now, &detail, &notes);
    if (st == RT_OK && detail < RT_DETAIL_SUMMARY)
        st = RT_ENOTFOUND;
    if (st != RT_OK)
        memset(out, 0, sizeof *out);
    return st;
}

/* ---- allocation --------------------------------------------------------- */

void rt_suggestions_clear(rt_suggestions *s)
{
    if (!s)
        return;
    free(s->options);
    rt_user_list_free(s->users, s->n_users);
    free(s->profiles);
    memset(s, 0, sizeof *s);
}

/* The manager's service (an Idva service they belong to), or RT_EDENIED. */
static rt_status manager_service(rt_app *app, const rt_principal *who)
{
    if (who->user.role != RT_ROLE_IDVA_MANAGER || !who->user.agency_code)
        return RT_EDENIED;
    rt_agency a = {0};
    rt_status st = rt_store_agency_get(app->store, who->user.agency_code, &a);
    if (st == RT_OK && a.kind != RT_AGENCY_IDVA_SERVICE)
        st = RT_EDENIED;
    rt_agency_clear(&a);
    return st == RT_ENOTFOUND ? RT_EDENIED : st;
}

/* Fills the Idvas of service with their load into s (users, profiles,
 * options unranked). */
static rt_status load_idvas(rt_app *app, const char *service, int64_t now, rt_suggestions *s)
{
    rt_user *all;
    size_t n_all;
    rt_status st = rt_store_user_list(app->store, &all, &n_all);
    if (st != RT_OK)
        return st;
    /* Keep the service's active Idvas, in place. */
    size_t kept = 0;
    for (size_t i = 0; i < n_all; i++) {
        if (all[i].role == RT_ROLE_IDVA && !all[i].disabled && all[i].agency_code &&
            strcmp(all[i].agency_code, service) == 0) {
            if (kept != i) {
                all[kept] = all[i];
                memset(&all[i], 0, sizeof all[i]);
            }
            kept++;
        } else {
            rt_user_clear(&all[i]);
        }
    }
    s->users = all;
    s->n_users = kept;
    rt_caseload_count *counts = NULL;
    size_t n_counts = 0;
    int64_t year_ago = now - 365 * 86400;
    s->profiles = calloc(kept ? kept : 1, sizeof *s->profiles);
    s->options = calloc(kept ? kept : 1, sizeof *s->options);
    st = s->profiles && s->options ? RT_OK : RT_ENOMEM;
    if (st == RT_OK)
        st = rt_store_caseload_counts(app->store, service, year_ago, &counts, &n_counts);
    for (size_t i = 0; st == RT_OK && i < kept; i++) {
        rt_idva_profile *p = &s->profiles[i];
        st = rt_store_idva_profile_get(app->store, all[i].id, p);
        if (st == RT_ENOTFOUND) {
            /* No profile yet: full time, no specialisms. */
            memset(p, 0, sizeof *p);
            memcpy(p->user_id, all[i].id, sizeof p->user_id);
            p->fte = 1.0;
            st = RT_OK;
        }
        rt_idva_option *o = &s->options[i];
        o->user_id = all[i].id;
        o->name = all[i].display_name;
        o->fte = p->fte;
        o->specialisms = p->specialisms;
        o->languages = p->languages;
        o->areas = p->areas;
        for (size_t k = 0; k < n_counts; k++)
            if (strcmp(counts[k].idva_id, all[i].id) == 0) {
                o->open = counts[k].open;
                o->this_year = counts[k].since;
            }
    }
    s->n = kept;
    free(counts);
    return st;
}

rt_status rt_app_case_suggest(rt_app *app, const rt_principal *who, const char *referral_id,
                              const char *language, const char *address, int64_t now,
                              rt_suggestions *out)
{
    memset(out, 0, sizeof *out);
    rt_status st = rt_policy_may(who->user.role, RT_ACT_CASE_ALLOCATE) ? manager_service(app, who)
                                                                       : RT_EDENIED;
    if (st == RT_EDENIED) {
        st = rt_app_audit(app, who->user.id, RT_AUDIT_CASE_SUGGEST, "referral", referral_id, NULL,
                          address, now, "denied");
        return st == RT_OK ? RT_EDENIED : st;
    }
    if (st != RT_OK)
        return st;
    /* Needs come from the whole referral; what the page shows of it is
     * the manager's summary view (the caller reads that separately). */
    rt_referral r;
    st = rt_store_referral_get(app->store, referral_id, &r);
    if (st != RT_OK)
        return st;
    rt_relation rel;
    st = rt_app_relation(app, who, &r, now, &rel);
    rt_detail d = st == RT_OK ? rt_access_decide(who->user.role, RT_REC_REFERRAL,
                                                 RT_STAGE_REFERRED, &rel).detail
                              : RT_DETAIL_NONE;
    if (st == RT_OK && d < RT_DETAIL_SUMMARY) {
        rt_referral_clear(&r);
        st = rt_app_audit(app, who->user.id, RT_AUDIT_CASE_SUGGEST, "referral", referral_id, NULL,
                          address, now, "denied");
        return st == RT_OK ? RT_ENOTFOUND : st;
    }
    bool health = false;
    if (st == RT_OK && r.agency_code) {
        rt_agency a = {0};
        if (rt_store_agency_get(app->store, r.agency_code, &a) == RT_OK)
            health = a.kind == RT_AGENCY_HEALTH;
        rt_agency_clear(&a);
    }
    rt_date today = rt_date_from_unix(now);
    if (st == RT_OK) {
        out->needs.specialisms = rt_case_needs_of(
            r.field[RT_RF_VICTIM_DOB], r.field[RT_RF_VICTIM_GENDER], r.field[RT_RF_VICTIM_LGBT],
            r.field[RT_RF_VICTIM_MINORITISED], health, today);
        snprintf(out->postcode, sizeof out->postcode, "%s",
                 r.field[RT_RF_VICTIM_POSTCODE] ? r.field[RT_RF_VICTIM_POSTCODE] : "");
        snprintf(out->language, sizeof out->language, "%s", language ? language : "");
        out->needs.postcode = out->postcode[0] ? out->postcode : NULL;
        out->needs.language = out->language[0] ? out->language : NULL;
        st = rt_store_caseload_rules_get(app->store, who->user.agency_code, &out->rules);
    }
    rt_referral_clear(&r);
    if (st == RT_OK)
        st = load_idvas(app, who->user.agency_code, now, out);
    /* An Idva excluded from the case is no choice for it. */
    size_t kept = 0;
    for (size_t i = 0; st == RT_OK && i < out->n; i++) {
        bool excluded = false;
        st = rt_app_excluded(app, out->options[i].user_id, referral_id, now, &excluded);
        if (st == RT_OK && !excluded)
            out->options[kept++] = out->options[i];
    }
    if (st == RT_OK)
        out->n = kept;
    if (st == RT_OK) {
        rt_allocation_rank(&out->rules, &out->needs, out->options, out->n);
        st = rt_store_case_by_referral(app->store, referral_id, &out->current);
        if (st == RT_ENOTFOUND)
            st = RT_OK;
    }
    if (st == RT_OK)
        st = rt_app_audit(app, who->user.id, RT_AUDIT_CASE_SUGGEST, "referral", referral_id,
                          "victim.dob,victim.gender,victim.lgbt,victim.minoritised,"
                          "victim.postcode",
                          address, now, "ok");
    if (st != RT_OK)
        rt_suggestions_clear(out);
    return st;
}

rt_status rt_app_case_allocate(rt_app *app, const rt_principal *who, const char *referral_id,
                               const char *idva_id, const char *address, int64_t now,
                               rt_case *out, char warning[160], const char **field)
{
    memset(out, 0, sizeof *out);
    warning[0] = '\0';
    *field = NULL;
    rt_suggestions s;
    rt_status st = rt_app_case_suggest(app, who, referral_id, NULL, address, now, &s);
    if (st != RT_OK) {
        rt_status a = rt_app_audit(app, who->user.id, RT_AUDIT_CASE_ALLOCATE, "referral",
                                   referral_id, NULL, address, now, "denied");
        return a == RT_OK ? st : a;
    }
    /* The case written and its audit entry are one transaction; a refusal
     * is rolled back first and audited on its own. */
    st = rt_app_tx_begin(app);
    if (st != RT_OK) {
        rt_suggestions_clear(&s);
        return st;
    }
    const rt_idva_option *chosen = NULL;
    for (size_t i = 0; i < s.n; i++)
        if (idva_id && strcmp(s.options[i].user_id, idva_id) == 0)
            chosen = &s.options[i];
    rt_case c = s.current;
    if (!chosen) {
        *field = "idva";
        st = RT_EINVAL;
    } else if (c.id[0] && (c.status == RT_CASE_CLOSED ||
                           strcmp(c.service, who->user.agency_code) != 0)) {
        st = RT_EEXISTS;
    } else if (c.id[0] && strcmp(c.idva_id, chosen->user_id) == 0) {
        *out = c; /* already theirs: nothing to do */
    } else {
        rt_load_warning_text(chosen, warning, 160);
        rt_case_event ev = {.at = now};
        memcpy(ev.by, who->user.id, sizeof ev.by);
        memcpy(ev.idva_id, chosen->user_id, sizeof ev.idva_id);
        ev.detail = warning[0] ? warning : NULL;
        if (c.id[0]) {
            rt_case_status was = c.status;
            memcpy(c.idva_id, chosen->user_id, sizeof c.idva_id);
            c.updated_at = now;
            snprintf(ev.what, sizeof ev.what, "reallocated");
            st = rt_store_case_update(app->store, &c, was, &ev);
        } else {
            rt_referral r;
            st = rt_store_referral_get(app->store, referral_id, &r);
            if (st == RT_OK) {
                memset(&c, 0, sizeof c);
                memcpy(c.referral_id, referral_id, RT_ID_HEX + 1);
                snprintf(c.service, sizeof c.service, "%s", who->user.agency_code);
                memcpy(c.idva_id, chosen->user_id, sizeof c.idva_id);
                c.status = RT_CASE_ALLOCATED;
                snprintf(c.referred_on, sizeof c.referred_on, "%s",
                         r.field[RT_RF_REFERRAL_DATE] ? r.field[RT_RF_REFERRAL_DATE] : "");
                c.allocated_at = now;
                snprintf(ev.what, sizeof ev.what, "allocated");
                st = rt_store_case_add(app->store, &c, &ev);
            }
            rt_referral_clear(&r);
        }
        if (st == RT_OK)
            *out = c;
    }
    rt_suggestions_clear(&s);
    st = rt_app_tx_audit_end(app, st, who->user.id, RT_AUDIT_CASE_ALLOCATE, "case",
                             out->id[0] ? out->id : NULL, "idva", address, now, "refused");
    if (st != RT_OK)
        memset(out, 0, sizeof *out); /* what was written went with the rollback */
    return st;
}

/* ---- lifecycle and items ------------------------------------------------ */

rt_status rt_app_case_move(rt_app *app, const rt_principal *who, const char *id, const char *to,
                           char **closure, const char *reason, const char *address, int64_t now,
                           rt_field_error *errs, size_t *n_errs)
{
    *n_errs = 0;
    rt_case c;
    rt_detail detail;
    bool notes;
    rt_status st = case_open(app, who, RT_ACT_CASE_WRITE, RT_AUDIT_CASE_MOVE, id, RT_DETAIL_FULL,
                             address, now, &c, &detail, &notes);
    if (st == RT_OK)
        st = rt_app_tx_begin(app);
    if (st != RT_OK)
        return st;
    rt_case_status target;
    const char *why = NULL;
    if (rt_case_status_parse(to, &target) != RT_OK)
        why = "must be one of first_contact, active, closed";
    else if (rt_case_move_asked(c.status, target, &why) == RT_OK)
        why = NULL;
    if (why) {
        errs[(*n_errs)++] = (rt_field_error){"status", why};
        st = RT_EINVAL;
    }
    rt_case next = c;
    rt_case_event ev = {.at = now};
    memcpy(ev.by, who->user.id, sizeof ev.by);
    memcpy(ev.idva_id, c.idva_id, sizeof ev.idva_id);
    if (st == RT_OK && target == RT_CASE_CLOSED && !closure) {
        errs[(*n_errs)++] = (rt_field_error){"reason", "is required to close a case"};
        st = RT_EINVAL;
    } else if (st == RT_OK && target == RT_CASE_CLOSED) {
        rt_case_item *exit_items = NULL;
        size_t n_exit = 0;
        st = rt_store_case_items(app->store, id, RT_ITEM_EXIT, false, &exit_items, &n_exit);
        rt_case_items_free(exit_items, n_exit);
        if (st == RT_OK)
            st = rt_closure_check(closure, n_exit > 0, rt_date_from_unix(now), errs, n_errs);
        if (st == RT_OK) {
            next.status = RT_CASE_CLOSED;
            next.closed_at = now;
            snprintf(next.closure_reason, sizeof next.closure_reason, "%s", closure[0]);
            snprintf(ev.what, sizeof ev.what, "closed");
            /* The words said about the closing are kept with the event. */
            ev.detail = closure[1] ? closure[1] : closure[2];
        }
    } else if (st == RT_OK && c.status == RT_CASE_CLOSED) {
        if (!rt_reason_acceptable(reason, RT_REOPEN_MIN_REASON)) {
            errs[(*n_errs)++] = (rt_field_error){"reason", "must say why the case is reopened "
                                                           "(at least 10 characters)"};
            st = RT_EINVAL;
        } else {
            next.status = RT_CASE_ACTIVE;
            next.closed_at = 0;
            next.closure_reason[0] = '\0';
            snprintf(ev.what, sizeof ev.what, "reopened");
            ev.detail = (char *)reason;
        }
    } else if (st == RT_OK) {
        next.status = target;
        snprintf(ev.what, sizeof ev.what, "%s", rt_case_status_name(target));
    }
    if (st == RT_OK) {
        next.updated_at = now;
        st = rt_store_case_update(app->store, &next, c.status, &ev);
        if (st == RT_EEXISTS) {
            errs[(*n_errs)++] = (rt_field_error){"status", "the case changed meanwhile: reload it"};
            st = RT_EINVAL;
        }
    }
    return rt_app_tx_audit_end(app, st, who->user.id, RT_AUDIT_CASE_MOVE, "case", id, "status",
                               address, now, "refused");
}

rt_status rt_app_case_item_save(rt_app *app, const rt_principal *who, const char *id,
                                rt_item_kind kind, const char *item_id, char **values,
                                const char *address, int64_t now, rt_field_error *errs,
                                size_t *n_errs, const char **refusal,
                                char saved_id[RT_ID_HEX + 1])
{
    *n_errs = 0;
    *refusal = NULL;
    saved_id[0] = '\0';
    rt_case c;
    rt_detail detail;
    bool notes;
    rt_status st = case_open(app, who, RT_ACT_CASE_WRITE, RT_AUDIT_CASE_ITEM, id, RT_DETAIL_FULL,
                             address, now, &c, &detail, &notes);
    if (st != RT_OK)
        return st;
    if (kind == RT_ITEM_NOTE && !notes)
        return RT_ENOTFOUND;
    st = rt_app_tx_begin(app);
    if (st != RT_OK)
        return st;
    st = rt_case_writable(c.status, refusal);
    /* What the checks need: the intake measures (for the exit), the safe
     * contact record (for a contact), the item itself (to change one). */
    rt_case_item *items = NULL;
    size_t n_items = 0;
    if (st == RT_OK)
        st = rt_store_case_items(app->store, id, -1, true, &items, &n_items);
    char **intake = NULL, **safe = NULL;
    rt_case_item target = {0};
    for (size_t i = 0; st == RT_OK && i < n_items; i++) {
        if (items[i].kind == RT_ITEM_INTAKE && kind == RT_ITEM_EXIT)
            st = rt_case_item_decode(RT_ITEM_INTAKE, items[i].body, &intake);
        else if (items[i].kind == RT_ITEM_SAFE_CONTACT && kind == RT_ITEM_CONTACT)
            st = rt_case_item_decode(RT_ITEM_SAFE_CONTACT, items[i].body, &safe);
        if ((item_id && strcmp(items[i].id, item_id) == 0) ||
            (!item_id && rt_item_kind_single(kind) && items[i].kind == kind))
            target = items[i];
    }
    if (st == RT_OK && item_id && (!target.id[0] || target.kind != kind))
        st = RT_ENOTFOUND;
    if (st == RT_OK)
        st = rt_item_check(kind, values, intake, rt_date_from_unix(now), errs, n_errs);
    size_t nf;
    rt_item_fields(kind, &nf);
    if (st == RT_OK && kind == RT_ITEM_CONTACT) {
        /* A contact changed later keeps the channel it was made by. */
        const char *channel = values[rt_item_field_index(kind, "channel")];
        if (!item_id)
            st = rt_safe_contact_permits(safe, channel, refusal);
    }
    char *body = NULL;
    if (st == RT_OK)
        st = item_encode(kind, values, &body);
    if (st == RT_OK) {
        rt_case_item it = {.kind = kind, .body = body};
        memcpy(it.case_id, id, sizeof it.case_id);
        memcpy(it.id, target.id, sizeof it.id);
        const char *status = rt_item_status(kind, values), *due = rt_item_due(kind, values);
        snprintf(it.status, sizeof it.status, "%s", status ? status : "");
        snprintf(it.due, sizeof it.due, "%s", due ? due : "");
        st = rt_store_case_item_put(app->store, &it, who->user.id, now);
        if (st == RT_OK)
            memcpy(saved_id, it.id, RT_ID_HEX + 1);
    }
    free(body);
    /* The first contact made moves an allocated case on. */
    if (st == RT_OK && kind == RT_ITEM_CONTACT &&
        rt_contact_moves_case(c.status, values[rt_item_field_index(kind, "outcome")])) {
        rt_case next = c;
        next.status = RT_CASE_CONTACTED;
        next.first_contact_at = now;
        next.updated_at = now;
        rt_case_event ev = {.at = now};
        memcpy(ev.by, who->user.id, sizeof ev.by);
        memcpy(ev.idva_id, c.idva_id, sizeof ev.idva_id);
        snprintf(ev.what, sizeof ev.what, "first_contact");
        st = rt_store_case_update(app->store, &next, RT_CASE_ALLOCATED, &ev);
        if (st == RT_EEXISTS)
            st = RT_OK; /* moved on meanwhile: the contact stands */
    }
    values_free(RT_ITEM_INTAKE, intake);
    values_free(RT_ITEM_SAFE_CONTACT, safe);
    rt_case_items_free(items, n_items);
    /* The item's field keys under its kind: "contact.date,contact.channel,...". */
    const rt_field_spec *specs = rt_item_fields(kind, &nf);
    rt_buf keys = RT_BUF_INIT;
    for (size_t i = 0; i < nf; i++)
        rt_buf_printf(&keys, "%s%s.%s", i ? "," : "", rt_item_kind_name(kind), specs[i].key);
    rt_status k = rt_buf_status(&keys);
    if (st == RT_OK)
        st = k;
    st = rt_app_tx_audit_end(app, st, who->user.id, RT_AUDIT_CASE_ITEM, "case", id,
                             k == RT_OK && keys.len ? keys.data : NULL, address, now, "refused");
    rt_buf_free(&keys);
    if (st != RT_OK)
        saved_id[0] = '\0'; /* what was saved went with the rollback */
    return st;
}

/* ---- caseloads ---------------------------------------------------------- */

/* Fills the row for case c: the person's name from the referral (read
 * whole: the reader has full view of the case), level and score, first
 * contact, overdue work. */
static rt_status case_row(rt_app *app, const rt_case *c, const rt_caseload_rules *rules,
                          const rt_case_item *overdue, size_t n_overdue, int64_t now,
                          rt_case_row *row)
{
    memset(row, 0, sizeof *row);
    row->c = *c;
    rt_referral r;
    rt_status st = rt_store_referral_get(app->store, c->referral_id, &r);
    if (st != RT_OK)
        return st;
    snprintf(row->person, sizeof row->person, "%s %s",
             r.field[RT_RF_VICTIM_GIVEN_NAME] ? r.field[RT_RF_VICTIM_GIVEN_NAME] : "",
             r.field[RT_RF_VICTIM_FAMILY_NAME] ? r.field[RT_RF_VICTIM_FAMILY_NAME] : "");
    row->level = r.risk.result.level;
    row->score = r.risk.result.score;
    rt_referral_clear(&r);
    user_name(app, c->idva_id, row->idva_name);
    first_contact(c, rules, now, row->first_contact_due, &row->first_contact_late);
    for (size_t i = 0; i < n_overdue; i++)
        row->overdue += strcmp(overdue[i].case_id, c->id) == 0;
    row->open_days = (int)((now - c->allocated_at) / 86400);
    return RT_OK;
}

rt_status rt_app_my_cases(rt_app *app, const rt_principal *who, const char *address,
                          int64_t now, rt_case_row **out, size_t *n)
{
    *out = NULL;
    *n = 0;
    bool manager = who->user.role == RT_ROLE_IDVA_MANAGER;
    if (!rt_policy_may(who->user.role, RT_ACT_CASE_WRITE) ||
        (manager && manager_service(app, who) != RT_OK)) {
        rt_status st = rt_app_audit(app, who->user.id, RT_AUDIT_CASE_LIST, "case", NULL, NULL,
                                    address, now, "denied");
        return st == RT_OK ? RT_EDENIED : st;
    }
    rt_case *cases;
    size_t count;
    rt_status st = rt_store_case_list(app->store, manager ? who->user.agency_code : NULL,
                                      manager ? NULL : who->user.id, true, &cases, &count);
    if (st != RT_OK)
        return st;
    rt_case_row *rows = calloc(count ? count : 1, sizeof *rows);
    char today[11];
    rt_date_format(rt_date_from_unix(now), today);
    size_t kept = 0;
    st = rows ? RT_OK : RT_ENOMEM;
    for (size_t i = 0; st == RT_OK && i < count; i++) {
        rt_caseload_rules rules;
        rt_case_item *overdue = NULL;
        size_t n_overdue = 0;
        rt_detail detail;
        bool notes;
        st = case_decide(app, who, &cases[i], now, &detail, &notes);
        if (st != RT_OK || detail < RT_DETAIL_FULL)
            continue; /* excluded from it: not shown */
        st = rt_store_caseload_rules_get(app->store, cases[i].service, &rules);
        if (st == RT_OK)
            st = rt_store_case_items_overdue(app->store, cases[i].service, cases[i].idva_id,
                                             today, &overdue, &n_overdue);
        if (st == RT_OK)
            st = case_row(app, &cases[i], &rules, overdue, n_overdue, now, &rows[kept]);
        rt_case_items_free(overdue, n_overdue);
        if (st == RT_OK)
            st = rt_app_audit(app, who->user.id, RT_AUDIT_CASE_LIST, "case", cases[i].id,
                              "victim.given_name,victim.family_name,status", address, now, "ok");
        if (st == RT_OK)
            kept++;
    }
    free(cases);
    if (st != RT_OK) {
        free(rows);
        return st;
    }
    *out = rows;
    *n = kept;
    return RT_OK;
}

void rt_caseload_view_clear(rt_caseload_view *v)
{
    if (!v)
        return;
    free(v->lines);
    free(v->late);
    free(v->long_open);
    memset(v, 0, sizeof *v);
}

/* Appends row to a growing array. */
static rt_status rows_push(rt_case_row **rows, size_t *n, const rt_case_row *row)
{
    rt_case_row *grown = realloc(*rows, (*n + 1) * sizeof *grown);
    if (!grown)
        return RT_ENOMEM;
    grown[(*n)++] = *row;
    *rows = grown;
    return RT_OK;
}

rt_status rt_app_service_areas(rt_app *app, const char *service, char areas[401])
{
    areas[0] = '\0';
    rt_agency a = {0};
    rt_status st = service ? rt_store_agency_get(app->store, service, &a) : RT_ENOTFOUND;
    bool idva_service = st == RT_OK && a.kind == RT_AGENCY_IDVA_SERVICE;
    rt_agency_clear(&a);
    if (st == RT_OK && !idva_service)
        st = RT_ENOTFOUND;
    return st == RT_OK ? rt_store_service_areas_get(app->store, service, areas) : st;
}

rt_status rt_app_service_areas_set(rt_app *app, const char *service, const char *areas,
                                   const char *address, int64_t now, const char **field)
{
    *field = NULL;
    char was[401];
    rt_status st = rt_app_service_areas(app, service, was);
    if (st == RT_ENOTFOUND)
        *field = "service";
    size_t bad;
    if (st == RT_OK && (!areas || strlen(areas) > 400 ||
                        (*areas && rt_postcode_areas_check(areas, &bad) != RT_OK))) {
        *field = "areas";
        st = RT_EINVAL;
    }
    /* The change and its audit entry: one transaction. */
    bool in_tx = false;
    if (st == RT_OK)
        st = rt_app_tx_begin(app);
    if (st == RT_OK) {
        st = rt_store_service_areas_put(app->store, service, areas);
        in_tx = st == RT_OK;
        if (!in_tx)
            st = rt_app_tx_end(app, st);
    }
    rt_status a = rt_app_audit(app, NULL, RT_AUDIT_CASELOAD_AREAS, "agency", service, "areas",
                               address, now, st == RT_OK ? "ok" : "refused");
    if (in_tx)
        return rt_app_tx_end(app, a);
    return st != RT_OK ? st : a;
}

rt_status rt_app_caseload(rt_app *app, const rt_principal *who, const char *address,
                          int64_t now, rt_caseload_view *out)
{
    memset(out, 0, sizeof *out);
    rt_status st = rt_policy_may(who->user.role, RT_ACT_CASELOAD) ? manager_service(app, who)
                                                                  : RT_EDENIED;
    if (st == RT_EDENIED) {
        st = rt_app_audit(app, who->user.id, RT_AUDIT_CASELOAD_READ, "case", NULL, NULL, address,
                          now, "denied");
        return st == RT_OK ? RT_EDENIED : st;
    }
    if (st != RT_OK)
        return st;
    const char *service = who->user.agency_code;
    snprintf(out->service, sizeof out->service, "%s", service);
    rt_suggestions s = {0};
    st = rt_store_caseload_rules_get(app->store, service, &out->rules);
    if (st == RT_OK)
        st = rt_store_service_areas_get(app->store, service, out->areas);
    if (st == RT_OK)
        st = load_idvas(app, service, now, &s);
    char today[11];
    rt_date_format(rt_date_from_unix(now), today);
    rt_case_item *overdue = NULL;
    size_t n_overdue = 0;
    if (st == RT_OK)
        st = rt_store_case_items_overdue(app->store, service, NULL, today, &overdue, &n_overdue);
    rt_case *cases = NULL;
    size_t n_cases = 0;
    if (st == RT_OK)
        st = rt_store_case_list(app->store, service, NULL, true, &cases, &n_cases);
    rt_exclusion_set ex = {0};
    if (st == RT_OK)
        st = rt_app_exclusions_of(app, who, &ex);
    if (st == RT_OK && s.n) {
        rt_case_needs none = {0};
        rt_allocation_rank(&out->rules, &none, s.options, s.n);
        out->lines = calloc(s.n, sizeof *out->lines);
        st = out->lines ? RT_OK : RT_ENOMEM;
    }
    for (size_t i = 0; st == RT_OK && i < s.n; i++) {
        rt_caseload_line *l = &out->lines[out->n_lines++];
        snprintf(l->user_id, sizeof l->user_id, "%s", s.options[i].user_id);
        snprintf(l->name, sizeof l->name, "%s", s.options[i].name);
        l->load = s.options[i];
        l->load.user_id = l->load.name = l->load.languages = l->load.areas = NULL;
        for (size_t k = 0; k < s.n_users; k++)
            if (strcmp(s.profiles[k].user_id, l->user_id) == 0)
                l->profile = s.profiles[k].updated_at != 0;
        for (size_t c = 0; c < n_cases; c++)
            if (strcmp(cases[c].idva_id, l->user_id) == 0)
                for (size_t k = 0; k < n_overdue; k++)
                    l->overdue += strcmp(overdue[k].case_id, cases[c].id) == 0;
    }
    /* Only the cases listed are read, and each one listed is audited; a
     * case the manager is excluded from is not among them. */
    for (size_t i = 0; st == RT_OK && i < n_cases; i++) {
        if (rt_exclusion_set_has(&ex, cases[i].referral_id))
            continue;
        char due[11];
        bool late;
        first_contact(&cases[i], &out->rules, now, due, &late);
        late = late && !cases[i].first_contact_at;
        bool long_open = (now - cases[i].allocated_at) / 86400 > out->rules.long_open_days;
        if (!late && !long_open)
            continue;
        rt_case_row row;
        st = case_row(app, &cases[i], &out->rules, overdue, n_overdue, now, &row);
        if (st == RT_OK && late)
            st = rows_push(&out->late, &out->n_late, &row);
        if (st == RT_OK && long_open)
            st = rows_push(&out->long_open, &out->n_long_open, &row);
        if (st == RT_OK)
            st = rt_app_audit(app, who->user.id, RT_AUDIT_CASELOAD_READ, "case", cases[i].id,
                              "victim.given_name,victim.family_name,status", address, now, "ok");
    }
    free(cases);
    rt_exclusion_set_clear(&ex);
    rt_case_items_free(overdue, n_overdue);
    rt_suggestions_clear(&s);
    if (st == RT_OK)
        st = rt_app_audit(app, who->user.id, RT_AUDIT_CASELOAD_READ, "case", NULL, NULL, address,
                          now, "ok");
    if (st != RT_OK)
        rt_caseload_view_clear(out);
    return st;
}

/* ---- outcomes ----------------------------------------------------------- */

rt_status rt_app_outcomes(rt_app *app, const rt_principal *who, const char *service,
                          const char *idva_id, const char *from, const char *to,
                          const char *address, int64_t now, rt_outcome_tally *out,
                          const char **field)
{
    memset(out, 0, sizeof *out);
    *field = NULL;
    bool analyst = who->user.role == RT_ROLE_ANALYST;
    rt_status st = !rt_policy_may(who->user.role, RT_ACT_OUTCOMES) ? RT_EDENIED
                   : analyst                                      ? RT_OK
                                                                  : manager_service(app, who);
    if (st == RT_OK && !analyst) {
        if (service && strcmp(service, who->user.agency_code) != 0)
            st = RT_EDENIED;
        service = who->user.agency_code;
    }
    if (st == RT_EDENIED) {
        st = rt_app_audit(app, who->user.id, RT_AUDIT_OUTCOMES_REPORT, "agency", service, NULL,
                          address, now, "denied");
        return st == RT_OK ? RT_EDENIED : st;
    }
    rt_date d_from, d_to;
    if (st == RT_OK && (!from || rt_date_parse(from, &d_from) != RT_OK)) {
        *field = "from";
        st = RT_EINVAL;
    } else if (st == RT_OK && (!to || rt_date_parse(to, &d_to) != RT_OK)) {
        *field = "to";
        st = RT_EINVAL;
    } else if (st == RT_OK && rt_date_cmp(d_from, d_to) > 0) {
        *field = "to";
        st = RT_EINVAL;
    }
    if (st != RT_OK)
        return st;
    rt_case *cases;
    size_t n;
    st = rt_store_case_list(app->store, service, idva_id, false, &cases, &n);
    for (size_t i = 0; st == RT_OK && i < n; i++) {
        if (cases[i].status != RT_CASE_CLOSED)
            continue;
        rt_date closed = rt_date_from_unix(cases[i].closed_at);
        if (rt_date_cmp(closed, d_from) < 0 || rt_date_cmp(closed, d_to) > 0)
            continue;
        rt_case_item *items = NULL;
        size_t n_items = 0;
        st = rt_store_case_items(app->store, cases[i].id, -1, true, &items, &n_items);
        char **intake = NULL, **exit = NULL;
        for (size_t k = 0; st == RT_OK && k < n_items; k++) {
            if (items[k].kind == RT_ITEM_INTAKE)
                st = rt_case_item_decode(RT_ITEM_INTAKE, items[k].body, &intake);
            else if (items[k].kind == RT_ITEM_EXIT)
                st = rt_case_item_decode(RT_ITEM_EXIT, items[k].body, &exit);
        }
        if (st == RT_OK && rt_outcome_add(out, intake, exit)) {
            int contacts = 0;
            for (size_t k = 0; k < n_items; k++) {
                char **v = NULL;
                if (items[k].kind != RT_ITEM_CONTACT)
                    continue;
                st = rt_case_item_decode(RT_ITEM_CONTACT, items[k].body, &v);
                if (st != RT_OK)
                    break;
                const char *outcome = v[rt_item_field_index(RT_ITEM_CONTACT, "outcome")];
                contacts += outcome && strcmp(outcome, "made") == 0;
                values_free(RT_ITEM_CONTACT, v);
            }
            rt_caseload_rules rules;
            if (st == RT_OK)
                st = rt_store_caseload_rules_get(app->store, cases[i].service, &rules);
            char due[11];
            bool late;
            if (st == RT_OK) {
                first_contact(&cases[i], &rules, now, due, &late);
                rt_outcome_add_engagement(
                    out, contacts, (int)((cases[i].closed_at - cases[i].allocated_at) / 86400),
                    cases[i].first_contact_at ? !late : -1);
            }
        }
        values_free(RT_ITEM_INTAKE, intake);
        values_free(RT_ITEM_EXIT, exit);
        rt_case_items_free(items, n_items);
    }
    free(cases);
    rt_status a = rt_app_audit(app, who->user.id, RT_AUDIT_OUTCOMES_REPORT,
                               idva_id ? "user" : "agency", idva_id ? idva_id : service, NULL,
                               address, now, st == RT_OK ? "ok" : "failed");
    if (st != RT_OK)
        memset(out, 0, sizeof *out);
    return st != RT_OK ? st : a;
}

rt_status rt_app_idva_profile_set(rt_app *app, const rt_principal *who, rt_idva_profile *p,
                                  const char *address, int64_t now, const char **field)
{
    *field = NULL;
    rt_status st = rt_app_tx_begin(app);
    if (st != RT_OK)
        return st;
    st = !who                                          ? RT_OK
         : rt_policy_may(who->user.role, RT_ACT_CASELOAD) ? manager_service(app, who)
                                                          : RT_EDENIED;
    rt_user u = {0};
    if (st == RT_OK) {
        st = rt_store_user_by_id(app->store, p->user_id, &u);
        if (st == RT_ENOTFOUND ||
            (st == RT_OK && (u.role != RT_ROLE_IDVA || !u.agency_code ||
                             (who && strcmp(u.agency_code, who->user.agency_code) != 0)))) {
            *field = "user";
            st = RT_EINVAL;
        }
    }
    rt_user_clear(&u);
    if (st == RT_OK && !(p->fte > 0 && p->fte <= 1.5)) {
        *field = "fte";
        st = RT_EINVAL;
    }
    static const struct {
        const char *name;
        size_t off;
    } texts[] = {{"languages", offsetof(rt_idva_profile, languages)},
                 {"areas", offsetof(rt_idva_profile, areas)},
                 {"qualification", offsetof(rt_idva_profile, qualification)}};
    for (size_t i = 0; st == RT_OK && i < sizeof texts / sizeof texts[0]; i++)
        if (!rt_text_acceptable((const char *)p + texts[i].off, false)) {
            *field = texts[i].name;
            st = RT_EINVAL;
        }
    /* Every area must read as a postcode area or district. */
    if (st == RT_OK && rt_postcode_areas_check(p->areas, NULL) != RT_OK) {
        *field = "areas";
        st = RT_EINVAL;
    }
    if (st == RT_OK) {
        p->updated_at = now;
        st = rt_store_idva_profile_put(app->store, p);
    }
    return rt_app_tx_audit_end(app, st, who ? who->user.id : NULL, RT_AUDIT_IDVA_PROFILE, "user",
                               p->user_id, "fte,specialisms,languages,areas,qualification",
                               address, now, "refused");
}
