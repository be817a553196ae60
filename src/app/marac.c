/* marac.c: the Marac meeting cycle as operations; see marac.h. */
#include "marac.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "../core/casework.h"
#include "../core/policy.h"
#include "../core/form.h"
#include "exclusions.h"
#include "identity.h"
#include "person.h"

/* ---- values ------------------------------------------------------------- */

static void values_free(char **v, size_t n)
{
    for (size_t i = 0; v && i < n; i++)
        free(v[i]);
    free(v);
}

/* Normalises and checks values against specs into errs (at most 8). */
static rt_status check(const rt_field_spec *specs, size_t n, char **values, rt_date today,
                       rt_field_error *errs, size_t *n_errs)
{
    *n_errs = 0;
    for (size_t i = 0; i < n; i++) {
        rt_status st = rt_field_normalise(&specs[i], &values[i]);
        if (st != RT_OK)
            return st;
        const char *m = rt_field_check(&specs[i], values[i], today);
        if (m && *n_errs < 8)
            errs[(*n_errs)++] = (rt_field_error){specs[i].key, m};
    }
    return *n_errs ? RT_EINVAL : RT_OK;
}

/* ---- membership --------------------------------------------------------- */

/* Whether agency belongs to marac. */
static rt_status member(rt_app *app, const char *marac, const char *agency, bool *yes)
{
    *yes = false;
    if (!agency)
        return RT_OK;
    char(*codes)[65];
    size_t n;
    rt_status st = rt_store_marac_members(app->store, marac, &codes, &n);
    for (size_t i = 0; st == RT_OK && i < n; i++)
        *yes = *yes || strcmp(codes[i], agency) == 0;
    free(codes);
    return st;
}

static bool staff_role(const rt_principal *who)
{
    return who->user.role == RT_ROLE_COORDINATOR || who->user.role == RT_ROLE_CHAIR;
}

/* Whether who belongs to marac: a coordinator or chair as one of its
 * staff (safety.md, "Jurisdiction": another Marac's coordinator has no
 * part in it, whichever agency employs them), anyone else through their
 * agency's membership. */
static rt_status belongs(rt_app *app, const rt_principal *who, const char *marac, bool *yes)
{
    if (!staff_role(who))
        return member(app, marac, who->user.agency_code, yes);
    *yes = false;
    if (who->scope.loaded) {
        for (size_t i = 0; i < who->scope.n_maracs && !*yes; i++)
            *yes = strcmp(who->scope.maracs[i], marac) == 0;
        return RT_OK;
    }
    char(*codes)[65] = NULL;
    size_t n = 0;
    rt_status st = rt_store_staff_maracs(app->store, who->user.id, &codes, &n);
    for (size_t i = 0; st == RT_OK && i < n && !*yes; i++)
        *yes = strcmp(codes[i], marac) == 0;
    free(codes);
    return st;
}

/* Every meeting, each with whether who belongs to its Marac: read once
 * for a list that refers to many, membership asked once per Marac. */
typedef struct meeting_index {
    rt_meeting *m;
    bool *member;
    size_t n;
} meeting_index;

static void meeting_index_free(meeting_index *ix)
{
    free(ix->m);
    free(ix->member);
    memset(ix, 0, sizeof *ix);
}

static rt_status meeting_index_load(rt_app *app, const rt_principal *who, meeting_index *ix)
{
    memset(ix, 0, sizeof *ix);
    rt_status st = rt_store_meeting_list(app->store, NULL, &ix->m, &ix->n);
    if (st == RT_OK) {
        ix->member = calloc(ix->n ? ix->n : 1, sizeof *ix->member);
        st = ix->member ? RT_OK : RT_ENOMEM;
    }
    for (size_t i = 0; st == RT_OK && i < ix->n; i++) {
        size_t k = 0;
        while (k < i && strcmp(ix->m[k].marac, ix->m[i].marac) != 0)
            k++;
        if (k < i)
            ix->member[i] = ix->member[k];
        else
            st = belongs(app, who, ix->m[i].marac, &ix->member[i]);
    }
    if (st != RT_OK)
        meeting_index_free(ix);
    return st;
}

/* The meeting id in ix (and whether the agency belongs to its Marac), or
 * NULL. */
static const rt_meeting *meeting_index_find(const meeting_index *ix, const char *id,
                                            bool *is_member)
{
    for (size_t i = 0; i < ix->n; i++)
        if (strcmp(ix->m[i].id, id) == 0) {
            *is_member = ix->member[i];
            return &ix->m[i];
        }
    *is_member = false;
    return NULL;
}

/* RT_ENOTFOUND if who is excluded from referral_id: a write about a case
 * one is excluded from is refused as if the case were not there. */
static rt_status not_excluded(rt_app *app, const rt_principal *who, const char *referral_id,
                              int64_t now)
{
    bool excluded = false;
    rt_status st = rt_app_excluded(app, who->user.id, referral_id, now, &excluded);
    return st == RT_OK && excluded ? RT_ENOTFOUND : st;
}

/* Reads meeting id for who doing act: the policy, membership of its
 * Marac (as staff when manage), and for members who are not staff, that
 * the list is out. A refusal is audited as action and is RT_EDENIED
 * (policy) or RT_ENOTFOUND (not theirs, as if it did not exist). */
static rt_status meeting_for(rt_app *app, const rt_principal *who, rt_action act,
                             rt_audit_action action, const char *id, bool manage,
                             const char *address, int64_t now, rt_meeting *m, bool *staff)
{
    rt_status st = rt_policy_may(who->user.role, act) ? RT_OK : RT_EDENIED;
    bool is_member = false;
    if (st == RT_OK)
        st = rt_store_meeting_get(app->store, id, m);
    if (st == RT_OK)
        st = belongs(app, who, m->marac, &is_member);
    *staff = st == RT_OK && is_member && staff_role(who);
    if (st == RT_OK && (!is_member || (manage && !*staff) ||
                        (!*staff && m->status == RT_MEETING_SCHEDULED)))
        st = RT_ENOTFOUND;
    if (st == RT_EDENIED || st == RT_ENOTFOUND) {
        rt_status a = rt_app_audit(app, who->user.id, action, "meeting", id, NULL, address, now,
                                   "denied");
        return a == RT_OK ? st : a;
    }
    return st;
}

/* Ends a write about referral_id of one listed case (what was said, an
 * action, research) and audits it with the keys of specs[0..n): a case
 * not there to write about is "denied", any other failure "refused". */
static rt_status keyed_end(rt_app *app, const rt_principal *who, rt_status st,
                           rt_audit_action action, const char *referral_id,
                           const rt_field_spec *specs, size_t n, const char *address, int64_t now)
{
    char keys[RT_AUDIT_FIELDS_MAX + 1];
    rt_status k = rt_app_field_keys(specs, n, keys, sizeof keys);
    if (st == RT_OK)
        st = k;
    return rt_app_tx_audit_end(app, st, who->user.id, action, "referral", referral_id,
                               k == RT_OK ? keys : NULL, address, now,
                               st == RT_ENOTFOUND ? "denied" : "refused");
}

/* ---- meetings ----------------------------------------------------------- */

rt_status rt_app_meetings(rt_app *app, const rt_principal *who, const char *address,
                          int64_t now, rt_meeting **out, size_t *n)
{
    *out = NULL;
    *n = 0;
    if (!rt_policy_may(who->user.role, RT_ACT_MEETING_READ)) {
        rt_status st = rt_app_audit(app, who->user.id, RT_AUDIT_MEETING_LIST, "meeting", NULL, NULL,
                                    address, now, "denied");
        return st == RT_OK ? RT_EDENIED : st;
    }
    meeting_index ix;
    rt_status st = meeting_index_load(app, who, &ix);
    if (st != RT_OK)
        return st;
    size_t kept = 0;
    for (size_t i = 0; i < ix.n; i++)
        if (ix.member[i] && (staff_role(who) || ix.m[i].status != RT_MEETING_SCHEDULED))
            ix.m[kept++] = ix.m[i];
    rt_meeting *all = ix.m;
    ix.m = NULL;
    meeting_index_free(&ix);
    st = rt_app_audit(app, who->user.id, RT_AUDIT_MEETING_LIST, "meeting", NULL, NULL, address, now,
                      "ok");
    if (st != RT_OK) {
        free(all);
        return st;
    }
    *out = all;
    *n = kept;
    return RT_OK;
}

rt_status rt_app_meeting_schedule(rt_app *app, const rt_principal *who, const char *marac,
                                  const char *held_on, const char *venue, const char *every,
                                  int count, const char *address, int64_t now, rt_meeting *out,
                                  const char **field)
{
    memset(out, 0, sizeof *out);
    *field = NULL;
    bool yes = false;
    /* The meetings and their audit entry are one transaction; a refusal
     * is rolled back first and audited on its own. */
    rt_status st = rt_app_tx_begin(app);
    if (st != RT_OK)
        return st;
    st = rt_policy_may(who->user.role, RT_ACT_MARAC_MANAGE) ? RT_OK : RT_EDENIED;
    rt_marac mk;
    if (st == RT_OK && (!marac || rt_store_marac_get(app->store, marac, &mk) != RT_OK)) {
        *field = "marac";
        st = RT_EINVAL;
    }
    if (st == RT_OK)
        st = belongs(app, who, marac, &yes);
    if (st == RT_OK && !yes) {
        *field = "marac";
        st = RT_EINVAL;
    }
    rt_date d;
    if (st == RT_OK && (!held_on || rt_date_parse(held_on, &d) != RT_OK ||
                        rt_date_cmp(d, rt_date_from_unix(now)) < 0)) {
        *field = "held_on";
        st = RT_EINVAL;
    }
    if (st == RT_OK && (!venue || !*venue || strlen(venue) > 200 ||
                        !rt_text_acceptable(venue, false))) {
        *field = "venue";
        st = RT_EINVAL;
    }
    bool fortnightly = every && strcmp(every, "fortnightly") == 0;
    bool monthly = every && strcmp(every, "monthly") == 0;
    if (st == RT_OK && every && !fortnightly && !monthly && strcmp(every, "once") != 0) {
        *field = "every";
        st = RT_EINVAL;
    }
    if (st == RT_OK && (count < 1 || count > 12 || (count > 1 && !fortnightly && !monthly))) {
        *field = "count";
        st = RT_EINVAL;
    }
    for (int i = 0; st == RT_OK && i < count; i++) {
        rt_meeting m = {.created_at = now};
        rt_date day = monthly ? rt_date_add_months(d, i)
                              : rt_date_from_unix((rt_date_to_days(d) + 14 * i) * 86400);
        snprintf(m.marac, sizeof m.marac, "%s", marac);
        rt_date_format(day, m.held_on);
        snprintf(m.venue, sizeof m.venue, "%s", venue);
        memcpy(m.created_by, who->user.id, sizeof m.created_by);
        st = rt_store_meeting_add(app->store, &m);
        if (st == RT_OK && i == 0)
            *out = m;
    }
    if (st != RT_OK)
        memset(out, 0, sizeof *out); /* any meeting made goes with the rollback */
    return rt_app_tx_audit_end(app, st, who->user.id, RT_AUDIT_MEETING_SCHEDULE, "meeting",
                               out->id[0] ? out->id : NULL, "marac,held_on,venue", address, now,
                               st == RT_EDENIED ? "denied" : "refused");
}

rt_status rt_app_marac_staff_set(rt_app *app, const rt_principal *who, const char *marac,
                                 const char *username, bool remove, const char *address,
                                 int64_t now, const char **field)
{
    *field = NULL;
    const char *by = who ? who->user.id : NULL;
    rt_audit_action action = remove ? RT_AUDIT_MARAC_STAFF_REMOVE : RT_AUDIT_MARAC_STAFF_ADD;
    rt_status st = !who || rt_policy_may(who->user.role, RT_ACT_MARAC_STAFF) ? RT_OK : RT_EDENIED;
    rt_marac mk;
    if (st == RT_OK && (!marac || rt_store_marac_get(app->store, marac, &mk) != RT_OK)) {
        *field = "marac";
        st = RT_ENOTFOUND;
    }
    rt_user u = {0};
    if (st == RT_OK &&
        (!username || rt_store_user_by_username(app->store, username, &u) != RT_OK)) {
        *field = "username";
        st = RT_ENOTFOUND;
    }
    if (st == RT_OK && u.role != RT_ROLE_COORDINATOR && u.role != RT_ROLE_CHAIR) {
        *field = "username";
        st = RT_EINVAL;
    }
    /* The change and its audit entry: one transaction; a refusal is
     * rolled back and audited on its own. */
    bool in_tx = false;
    if (st == RT_OK)
        st = rt_app_tx_begin(app);
    if (st == RT_OK) {
        st = remove ? rt_store_marac_staff_remove(app->store, marac, u.id)
                    : rt_store_marac_staff_add(app->store, marac, u.id);
        in_tx = st == RT_OK;
        if (!in_tx)
            st = rt_app_tx_end(app, st);
    }
    if (st == RT_ENOTFOUND && !*field)
        *field = "username";
    /* The entry is the user's: whose access changed; which Marac is the
     * field changed. */
    rt_status a = rt_app_audit(app, by, action, "user", u.id[0] ? u.id : NULL, "marac_staff",
                               address, now,
                               st == RT_OK         ? "ok"
                               : st == RT_EDENIED ? "denied"
                                                   : "refused");
    rt_user_clear(&u);
    if (in_tx)
        return rt_app_tx_end(app, a);
    return st != RT_OK ? st : a;
}

void rt_marac_staffing_free(rt_marac_staffing *v, size_t n)
{
    for (size_t i = 0; v && i < n; i++)
        rt_user_list_free(v[i].staff, v[i].n_staff);
    free(v);
}

rt_status rt_app_marac_staffing(rt_app *app, const rt_principal *who, rt_marac_staffing **out,
                                size_t *n)
{
    *out = NULL;
    *n = 0;
    if (who && !rt_policy_may(who->user.role, RT_ACT_MARAC_STAFF))
        return RT_EDENIED;
    rt_marac *all = NULL;
    size_t na = 0;
    rt_status st = rt_store_marac_list(app->store, &all, &na);
    rt_marac_staffing *v = st == RT_OK ? calloc(na ? na : 1, sizeof *v) : NULL;
    if (st == RT_OK && !v)
        st = RT_ENOMEM;
    size_t done = 0;
    for (; st == RT_OK && done < na; done++) {
        v[done].marac = all[done];
        char(*ids)[RT_ID_HEX + 1] = NULL;
        size_t ni = 0;
        st = rt_store_marac_staff(app->store, all[done].code, &ids, &ni);
        if (st == RT_OK && ni) {
            v[done].staff = calloc(ni, sizeof *v[done].staff);
            st = v[done].staff ? RT_OK : RT_ENOMEM;
        }
        for (size_t k = 0; st == RT_OK && k < ni; k++) {
            st = rt_store_user_by_id(app->store, ids[k], &v[done].staff[k]);
            if (st == RT_OK)
                v[done].n_staff++;
        }
        free(ids);
    }
    free(all);
    if (st != RT_OK) {
        rt_marac_staffing_free(v, done);
        return st;
    }
    *out = v;
    *n = na;
    return RT_OK;
}

void rt_marac_views_free(rt_marac_view *v, size_t n)
{
    for (size_t i = 0; v && i < n; i++) {
        free(v[i].members);
        rt_user_list_free(v[i].reps, v[i].n_reps);
    }
    free(v);
}

rt_status rt_app_maracs(rt_app *app, const rt_principal *who, rt_marac_view **out, size_t *n)
{
    *out = NULL;
    *n = 0;
    if (!rt_policy_may(who->user.role, RT_ACT_MEETING_READ))
        return RT_EDENIED;
    rt_marac *all;
    size_t na;
    rt_status st = rt_store_marac_list(app->store, &all, &na);
    if (st != RT_OK)
        return st;
    rt_marac_view *v = calloc(na ? na : 1, sizeof *v);
    size_t kept = 0;
    st = v ? RT_OK : RT_ENOMEM;
    rt_user *users = NULL;
    size_t nu = 0;
    if (st == RT_OK)
        st = rt_store_user_list(app->store, &users, &nu);
    for (size_t i = 0; st == RT_OK && i < na; i++) {
        bool yes = false;
        st = belongs(app, who, all[i].code, &yes);
        if (st != RT_OK || !yes)
            continue;
        rt_marac_view *mv = &v[kept++];
        mv->marac = all[i];
        st = rt_store_marac_members(app->store, all[i].code, &mv->members, &mv->n_members);
        for (size_t u = 0; st == RT_OK && u < nu; u++) {
            bool in = false;
            for (size_t k = 0; k < mv->n_members && !in; k++)
                in = users[u].agency_code && strcmp(users[u].agency_code, mv->members[k]) == 0;
            if (!in || users[u].disabled || users[u].role != RT_ROLE_AGENCY_REP)
                continue;
            rt_user *grown = realloc(mv->reps, (mv->n_reps + 1) * sizeof *grown);
            if (!grown) {
                st = RT_ENOMEM;
                break;
            }
            mv->reps = grown;
            mv->reps[mv->n_reps++] = users[u];
            memset(&users[u], 0, sizeof users[u]);
        }
    }
    rt_user_list_free(users, nu);
    free(all);
    if (st != RT_OK) {
        rt_marac_views_free(v, kept);
        return st;
    }
    *out = v;
    *n = kept;
    return RT_OK;
}

void rt_meeting_view_clear(rt_meeting_view *v)
{
    if (!v)
        return;
    size_t nh, nr;
    rt_hearing_fields(&nh);
    rt_research_fields(&nr);
    for (size_t i = 0; i < v->n_cases; i++) {
        rt_listed *c = &v->cases[i];
        rt_referral_clear(&c->referral);
        values_free(c->hearing, nh);
        values_free(c->research, nr);
        rt_actions_free(c->actions, c->n_actions);
    }
    free(v->cases);
    free(v->attendance);
    rt_actions_free(v->review, v->n_review);
    memset(v, 0, sizeof *v);
}

/* The agenda order of two listed cases. */
static int listed_cmp(const void *a, const void *b)
{
    const rt_listed *x = a, *y = b;
    rt_agenda_case cx = {x->mc.listing, x->children, x->referral.risk.result.score, "", ""};
    rt_agenda_case cy = {y->mc.listing, y->children, y->referral.risk.result.score, "", ""};
    snprintf(cx.referred_on, sizeof cx.referred_on, "%s",
             x->referral.field[RT_RF_REFERRAL_DATE] ? x->referral.field[RT_RF_REFERRAL_DATE]
                                                    : "");
    snprintf(cy.referred_on, sizeof cy.referred_on, "%s",
             y->referral.field[RT_RF_REFERRAL_DATE] ? y->referral.field[RT_RF_REFERRAL_DATE]
                                                    : "");
    memcpy(cx.id, x->mc.referral_id, sizeof cx.id);
    memcpy(cy.id, y->mc.referral_id, sizeof cy.id);
    return rt_agenda_cmp(&cx, &cy);
}

/* Whether an agency of who's attended the meeting. */
static bool attended(const rt_meeting_view *v, const char *agency)
{
    for (size_t i = 0; agency && i < v->n_attendance; i++)
        if (!v->attendance[i].observer && strcmp(v->attendance[i].agency, agency) == 0)
            return true;
    return false;
}

/* Moves *a (its strings too) onto the end of v's review. */
static rt_status review_add(rt_meeting_view *v, rt_marac_action *a)
{
    rt_marac_action *grown = realloc(v->review, (v->n_review + 1) * sizeof *grown);
    if (!grown)
        return RT_ENOMEM;
    v->review = grown;
    v->review[v->n_review++] = *a;
    memset(a, 0, sizeof *a);
    return RT_OK;
}

rt_status rt_app_meeting_view(rt_app *app, const rt_principal *who, const char *id,
                              const char *address, int64_t now, rt_meeting_view *out)
{
    memset(out, 0, sizeof *out);
    bool staff;
    rt_status st = meeting_for(app, who, RT_ACT_MEETING_READ, RT_AUDIT_MEETING_READ, id, false,
                               address, now, &out->m, &staff);
    if (st != RT_OK)
        return st;
    /* A case who is excluded from is not on their list, in the review of
     * open actions, or anywhere else in the meeting: as if it were not. */
    rt_exclusion_set ex;
    st = rt_app_exclusions_of(app, who, &ex);
    if (st != RT_OK)
        return st;
    out->manage = staff && rt_policy_may(who->user.role, RT_ACT_MARAC_MANAGE);
    out->approve = staff && rt_policy_may(who->user.role, RT_ACT_MINUTES_APPROVE) &&
                   out->m.status == RT_MEETING_HELD;
    st = rt_store_marac_get(app->store, out->m.marac, &out->marac);
    rt_date day;
    if (st == RT_OK && rt_date_parse(out->m.held_on, &day) == RT_OK) {
        rt_date_format(rt_meeting_cutoff(&out->marac.rules, day), out->cutoff);
        rt_date_format(rt_meeting_release(&out->marac.rules, day), out->release);
    }
    if (st == RT_OK)
        st = rt_store_attendance_list(app->store, id, &out->attendance, &out->n_attendance);
    if (out->m.held_at) {
        rt_date due = rt_minutes_due(rt_date_from_unix(out->m.held_at));
        rt_date_format(due, out->minutes_due);
        rt_date by = rt_date_from_unix(out->m.approved_at ? out->m.approved_at : now);
        out->minutes_late = rt_date_cmp(by, due) > 0;
    }
    out->minutes = out->m.status >= RT_MEETING_HELD &&
                   (staff || (out->m.status == RT_MEETING_APPROVED &&
                              attended(out, who->user.agency_code)));
    if (out->m.approved_by[0]) {
        rt_user u = {0};
        if (rt_store_user_by_id(app->store, out->m.approved_by, &u) == RT_OK)
            snprintf(out->chair_name, sizeof out->chair_name, "%s", u.display_name);
        rt_user_clear(&u);
    }
    rt_meeting_case *mc = NULL;
    size_t n = 0;
    if (st == RT_OK)
        st = rt_store_meeting_cases(app->store, id, true, &mc, &n);
    if (st == RT_OK && n) {
        out->cases = calloc(n, sizeof *out->cases);
        st = out->cases ? RT_OK : RT_ENOMEM;
    }
    size_t nh, nr;
    const rt_field_spec *hs = rt_hearing_fields(&nh), *rs = rt_research_fields(&nr);
    for (size_t i = 0; st == RT_OK && i < n; i++) {
        if (rt_exclusion_set_has(&ex, mc[i].referral_id))
            continue;
        rt_listed *c = &out->cases[out->n_cases];
        c->mc = mc[i];
        c->mc.hearing = NULL;
        st = rt_app_referral_load(app, who, mc[i].referral_id, now, &c->referral, &c->detail);
        if (st == RT_ENOTFOUND) { /* purged meanwhile */
            st = RT_OK;
            continue;
        }
        if (st == RT_OK && c->detail == RT_DETAIL_NONE) { /* no need to know: not there */
            rt_referral_clear(&c->referral);
            continue;
        }
        out->n_cases++;
        if (st != RT_OK)
            break;
        c->children = (int)c->referral.n_parties[RT_PARTY_CHILD];
        /* What was said is for the Marac's staff, and in the minutes. */
        if (mc[i].hearing && out->minutes)
            st = rt_form_decode_fields(hs, nh, mc[i].hearing, &c->hearing);
        /* The Marac's staff see every action; a member agency the
         * actions it owns (safety.md, "Jurisdiction"). */
        if (st == RT_OK && (staff || who->user.agency_code))
            st = rt_store_action_list(app->store, id, mc[i].referral_id,
                                      staff ? NULL : who->user.agency_code, &c->actions,
                                      &c->n_actions);
        rt_research *res = NULL;
        size_t n_res = 0;
        if (st == RT_OK)
            st = rt_store_research_list(app->store, id, mc[i].referral_id, NULL, &res, &n_res);
        for (size_t k = 0; st == RT_OK && k < n_res; k++) {
            c->researched++;
            c->flagged += res[k].flagged;
            /* Research is the agency's own: others see only that it was done. */
            if (who->user.agency_code && strcmp(res[k].agency, who->user.agency_code) == 0)
                st = rt_form_decode_fields(rs, nr, res[k].body, &c->research);
        }
        rt_research_free(res, n_res);
        /* What of the case the view carries: the referral at its detail,
         * what was said, the agency's own research, the actions. */
        char fields[RT_AUDIT_FIELDS_MAX + 1];
        if (st == RT_OK)
            st = rt_referral_visible_fields(c->detail, fields, sizeof fields);
        if (st == RT_OK) {
            size_t used = strlen(fields);
            int w = snprintf(fields + used, sizeof fields - used, "%s%s%s",
                             used ? "," : "", c->hearing ? "hearing," : "",
                             c->research ? "research,actions" : "actions");
            if (w < 0 || (size_t)w >= sizeof fields - used)
                st = RT_ETOOBIG;
        }
        if (st == RT_OK)
            st = rt_app_audit(app, who->user.id, RT_AUDIT_REFERRAL_LIST, "referral",
                              mc[i].referral_id, fields, address, now, "ok");
    }
    rt_meeting_cases_free(mc, n);
    if (st == RT_OK && out->n_cases) {
        /* The serial flag: a person causing harm on this list also named on
         * a referral about someone else, anywhere; only the flag is read
         * from the others. */
        rt_referral *all_refs = NULL;
        size_t n_refs = 0;
        st = rt_store_referral_list(app->store, &all_refs, &n_refs);
        size_t *at = NULL; /* all_refs index of each listed case, or n_refs */
        bool *focus = NULL;
        if (st == RT_OK) {
            at = calloc(out->n_cases, sizeof *at);
            focus = calloc(n_refs ? n_refs : 1, sizeof *focus);
            st = at && focus ? RT_OK : RT_ENOMEM;
        }
        for (size_t i = 0; st == RT_OK && i < out->n_cases; i++) {
            at[i] = 0;
            while (at[i] < n_refs && strcmp(all_refs[at[i]].id, out->cases[i].mc.referral_id) != 0)
                at[i]++;
            if (at[i] < n_refs)
                focus[at[i]] = true;
        }
        if (st == RT_OK)
            st = rt_identity_mark_serial(app, all_refs, n_refs, focus);
        for (size_t i = 0; st == RT_OK && i < out->n_cases; i++)
            if (at[i] < n_refs)
                out->cases[i].serial_perpetrator = all_refs[at[i]].serial_perpetrator;
        free(at);
        free(focus);
        rt_referral_list_free(all_refs, n_refs);
        qsort(out->cases, out->n_cases, sizeof *out->cases, listed_cmp);
    }
    out->too_long = rt_list_too_long(&out->marac.rules, out->n_cases);
    /* Incomplete actions from the Marac's earlier meetings. */
    rt_meeting *all = NULL;
    size_t n_all = 0;
    if (st == RT_OK)
        st = rt_store_meeting_list(app->store, out->m.marac, &all, &n_all);
    for (size_t i = 0; st == RT_OK && i < n_all; i++) {
        if (strcmp(all[i].held_on, out->m.held_on) >= 0 || strcmp(all[i].id, id) == 0)
            continue;
        rt_marac_action *acts;
        size_t na;
        st = rt_store_action_list(app->store, all[i].id, NULL, NULL, &acts, &na);
        for (size_t k = 0; st == RT_OK && k < na; k++)
            if (rt_action_incomplete(acts[k].status) &&
                !rt_exclusion_set_has(&ex, acts[k].referral_id))
                st = review_add(out, &acts[k]);
        rt_actions_free(acts, na);
    }
    free(all);
    /* And the open actions of cases transferred in from other Maracs. */
    rt_transfer *tr = NULL;
    size_t ntr = 0;
    if (st == RT_OK)
        st = rt_store_transfers(app->store, NULL, out->m.marac, &tr, &ntr);
    for (size_t i = 0; st == RT_OK && i < ntr; i++) {
        if (rt_exclusion_set_has(&ex, tr[i].referral_id))
            continue;
        rt_marac_action *acts;
        size_t na;
        st = rt_store_action_list(app->store, NULL, tr[i].referral_id, NULL, &acts, &na);
        for (size_t k = 0; st == RT_OK && k < na; k++) {
            bool seen = false;
            for (size_t x = 0; x < out->n_review && !seen; x++)
                seen = strcmp(out->review[x].id, acts[k].id) == 0;
            if (!seen && rt_action_incomplete(acts[k].status) &&
                strcmp(acts[k].meeting_id, id) != 0)
                st = review_add(out, &acts[k]);
        }
        rt_actions_free(acts, na);
    }
    rt_transfers_free(tr, ntr);
    rt_exclusion_set_clear(&ex);
    if (st == RT_OK)
        st = rt_app_audit(app, who->user.id, RT_AUDIT_MEETING_READ, "meeting", id,
                          out->minutes ? "minutes" : "list", address, now, "ok");
    if (st != RT_OK)
        rt_meeting_view_clear(out);
    return st;
}

/* When the person a referral is about was last heard at a Marac: over the
 * referral and those confirmed to be the same person, the latest held
 * meeting that heard one of them. last gets "" when never. */
static rt_status last_heard(rt_app *app, const char *referral_id, const char *before,
                            char last[11])
{
    last[0] = '\0';
    char(*ids)[RT_ID_HEX + 1] = NULL;
    size_t n = 0;
    rt_status st = rt_person_referrals(app, referral_id, &ids, &n);
    for (size_t i = 0; st == RT_OK && i <= n; i++) {
        const char *rid = i < n ? ids[i] : referral_id;
        rt_meeting_case *mc;
        size_t nm;
        st = rt_store_listings_of(app->store, rid, &mc, &nm);
        for (size_t k = 0; st == RT_OK && k < nm; k++) {
            rt_meeting m;
            st = rt_store_meeting_get(app->store, mc[k].meeting_id, &m);
            if (st == RT_OK && mc[k].heard && m.status >= RT_MEETING_HELD &&
                strcmp(m.held_on, before) < 0 && strcmp(m.held_on, last) > 0)
                memcpy(last, m.held_on, 11);
        }
        rt_meeting_cases_free(mc, nm);
    }
    free(ids);
    return st;
}

/* Lists referral_id (referred on referred) on meeting m: new, repeat or
 * twelve months passed by when the person was last heard. */
static rt_status list_case(rt_app *app, const rt_meeting *m, const char *referral_id,
                           rt_date referred)
{
    char last[11];
    rt_status st = last_heard(app, referral_id, m->held_on, last);
    rt_date heard;
    bool ever = st == RT_OK && last[0] && rt_date_parse(last, &heard) == RT_OK;
    rt_meeting_case c = {.listing = rt_listing_of(referred, ever ? &heard : NULL)};
    memcpy(c.meeting_id, m->id, sizeof c.meeting_id);
    snprintf(c.referral_id, sizeof c.referral_id, "%s", referral_id);
    return st == RT_OK ? rt_store_meeting_case_put(app->store, &c) : st;
}

rt_status rt_app_meeting_propose(rt_app *app, const rt_principal *who, const char *id,
                                 const char *address, int64_t now, size_t *added)
{
    *added = 0;
    rt_meeting m;
    bool staff;
    rt_status st = meeting_for(app, who, RT_ACT_MARAC_MANAGE, RT_AUDIT_MEETING_PROPOSE, id, true,
                               address, now, &m, &staff);
    if (st != RT_OK)
        return st;
    if (m.status != RT_MEETING_SCHEDULED)
        return RT_EEXISTS;
    st = rt_app_tx_begin(app);
    if (st != RT_OK)
        return st;
    rt_marac mk;
    st = rt_store_marac_get(app->store, m.marac, &mk);
    rt_date day;
    if (st == RT_OK && rt_date_parse(m.held_on, &day) != RT_OK)
        st = RT_ESTORE;
    rt_date cutoff_day = st == RT_OK ? rt_meeting_cutoff(&mk.rules, day) : day;
    rt_referral *refs = NULL;
    size_t n = 0;
    if (st == RT_OK)
        st = rt_store_referral_list(app->store, &refs, &n);
    for (size_t i = 0; st == RT_OK && i < n; i++) {
        const rt_referral *r = &refs[i];
        rt_date referred;
        if (!r->field[RT_RF_REFERRAL_DATE] ||
            rt_date_parse(r->field[RT_RF_REFERRAL_DATE], &referred) != RT_OK ||
            !rt_listing_eligible(r->risk.present, r->risk.result.marac_eligible, referred,
                                 cutoff_day))
            continue;
        bool in_area = rt_postcode_in_areas(r->field[RT_RF_VICTIM_POSTCODE], mk.areas);
        /* A case transferred in is this Marac's whatever the postcode. */
        rt_transfer *tr = NULL;
        size_t ntr = 0;
        st = rt_store_transfers(app->store, r->id, m.marac, &tr, &ntr);
        rt_transfers_free(tr, ntr);
        if (st != RT_OK)
            break;
        if (!in_area && !ntr)
            continue;
        /* Not if this Marac has it on a list already. */
        rt_meeting_case *mc;
        size_t nm;
        bool here = false;
        st = rt_store_listings_of(app->store, r->id, &mc, &nm);
        for (size_t k = 0; st == RT_OK && k < nm && !here; k++) {
            rt_meeting other;
            st = rt_store_meeting_get(app->store, mc[k].meeting_id, &other);
            here = st == RT_OK && strcmp(other.marac, m.marac) == 0;
        }
        rt_meeting_cases_free(mc, nm);
        if (st != RT_OK || here)
            continue;
        st = list_case(app, &m, r->id, referred);
        if (st == RT_OK)
            (*added)++;
    }
    rt_referral_list_free(refs, n);
    if (st != RT_OK)
        *added = 0; /* what was listed goes with the rollback */
    return rt_app_tx_audit_end(app, st, who->user.id, RT_AUDIT_MEETING_PROPOSE, "meeting", id,
                               NULL, address, now, "failed");
}

rt_status rt_app_meeting_list(rt_app *app, const rt_principal *who, const char *id,
                              const char *referral_id, bool add, const char *address,
                              int64_t now)
{
    rt_meeting m;
    bool staff;
    rt_status st = meeting_for(app, who, RT_ACT_MARAC_MANAGE, RT_AUDIT_MEETING_LIST_CASE, id, true,
                               address, now, &m, &staff);
    if (st != RT_OK)
        return st;
    st = rt_app_tx_begin(app);
    if (st != RT_OK)
        return st;
    if (m.status != RT_MEETING_SCHEDULED)
        st = RT_EEXISTS;
    rt_referral r = {0};
    if (st == RT_OK && add) {
        rt_detail d;
        st = rt_app_referral_load(app, who, referral_id, now, &r, &d);
        if (st == RT_OK && d < RT_DETAIL_SUMMARY)
            st = RT_ENOTFOUND; /* excluded from it, or no need to know */
        rt_date referred;
        if (st == RT_OK && (!r.field[RT_RF_REFERRAL_DATE] ||
                            rt_date_parse(r.field[RT_RF_REFERRAL_DATE], &referred) != RT_OK))
            st = RT_ESTORE;
        if (st == RT_OK)
            st = list_case(app, &m, referral_id, referred);
        rt_referral_clear(&r);
    } else if (st == RT_OK) {
        st = not_excluded(app, who, referral_id, now);
        if (st == RT_OK)
            st = rt_store_meeting_case_remove(app->store, id, referral_id);
    }
    return rt_app_tx_audit_end(app, st, who->user.id,
                               add ? RT_AUDIT_MEETING_LIST_CASE : RT_AUDIT_MEETING_UNLIST,
                               "referral", referral_id, "meeting", address, now, "refused");
}

/* Notifies every active user of each agency in agencies (n of them, 65
 * bytes each) with a notice of kind about meeting id of marac: no case
 * content. A coordinator or chair is told only if they are marac's
 * staff: another Marac's have no part in its meetings. */
static rt_status notify(rt_app *app, const char *marac, const char (*agencies)[65], size_t n,
                        const char *kind, const char *about, const char *id, int64_t now)
{
    char(*staff)[RT_ID_HEX + 1] = NULL;
    size_t ns = 0;
    rt_user *users = NULL;
    size_t nu = 0;
    rt_status st = rt_store_marac_staff(app->store, marac, &staff, &ns);
    if (st == RT_OK)
        st = rt_store_user_list(app->store, &users, &nu);
    for (size_t i = 0; st == RT_OK && i < nu; i++) {
        bool yes = false;
        for (size_t k = 0; k < n && !yes; k++)
            yes = users[i].agency_code && strcmp(users[i].agency_code, agencies[k]) == 0;
        if (yes && (users[i].role == RT_ROLE_COORDINATOR || users[i].role == RT_ROLE_CHAIR)) {
            yes = false;
            for (size_t k = 0; k < ns && !yes; k++)
                yes = strcmp(staff[k], users[i].id) == 0;
        }
        if (yes && !users[i].disabled && strcmp(users[i].id, about) != 0)
            st = rt_store_notice_add(app->store, users[i].id, kind, about, id, now);
    }
    rt_user_list_free(users, nu);
    free(staff);
    return st;
}

rt_status rt_app_meeting_move(rt_app *app, const rt_principal *who, const char *id,
                              const char *to, const char *address, int64_t now, const char **why)
{
    *why = NULL;
    rt_meeting_status target;
    rt_status st = rt_meeting_status_parse(to, &target);
    if (st != RT_OK) {
        *why = "must be released, held or approved";
        return RT_EINVAL;
    }
    bool approving = target == RT_MEETING_APPROVED;
    rt_meeting m;
    bool staff;
    st = meeting_for(app, who, approving ? RT_ACT_MINUTES_APPROVE : RT_ACT_MARAC_MANAGE,
                     approving ? RT_AUDIT_MINUTES_APPROVE : RT_AUDIT_MEETING_MOVE, id, true,
                     address, now, &m, &staff);
    if (st != RT_OK)
        return st;
    st = rt_app_tx_begin(app);
    if (st != RT_OK)
        return st;
    if (rt_meeting_move_check(m.status, target, why) != RT_OK)
        st = RT_EINVAL;
    if (st == RT_OK)
        st = rt_store_meeting_move(app->store, id, m.status, target, who->user.id, now);
    if (st == RT_EEXISTS) {
        *why = "the meeting changed meanwhile: reload it";
        st = RT_EINVAL;
    }
    /* The list goes to the member agencies; the minutes to those present. */
    if (st == RT_OK && target == RT_MEETING_RELEASED) {
        char(*codes)[65];
        size_t n;
        st = rt_store_marac_members(app->store, m.marac, &codes, &n);
        if (st == RT_OK)
            st = notify(app, m.marac, (const char(*)[65])codes, n, "list_released",
                        who->user.id, id, now);
        free(codes);
    } else if (st == RT_OK && approving) {
        rt_attendance *att;
        size_t n;
        st = rt_store_attendance_list(app->store, id, &att, &n);
        char(*codes)[65] = st == RT_OK ? calloc(n ? n : 1, 65) : NULL;
        size_t k = 0;
        if (st == RT_OK && !codes)
            st = RT_ENOMEM;
        for (size_t i = 0; st == RT_OK && i < n; i++)
            if (!att[i].observer && att[i].agency[0])
                memcpy(codes[k++], att[i].agency, 65);
        if (st == RT_OK)
            st = notify(app, m.marac, (const char(*)[65])codes, k, "minutes_released",
                        who->user.id, id, now);
        free(codes);
        free(att);
    }
    return rt_app_tx_audit_end(app, st, who->user.id,
                               approving ? RT_AUDIT_MINUTES_APPROVE : RT_AUDIT_MEETING_MOVE,
                               "meeting", id, "status", address, now, "refused");
}

/* A meeting being run: its list out and not yet approved. */
static rt_status running(rt_app *app, const rt_principal *who, rt_audit_action action,
                         const char *id, const char *address, int64_t now, rt_meeting *m)
{
    bool staff;
    rt_status st = meeting_for(app, who, RT_ACT_MARAC_MANAGE, action, id, true, address, now, m,
                               &staff);
    if (st == RT_OK && m->status != RT_MEETING_RELEASED && m->status != RT_MEETING_HELD)
        st = RT_EEXISTS;
    return st;
}

/* Whether referral_id is on meeting id's list. */
static rt_status listed_here(rt_app *app, const char *id, const char *referral_id,
                             rt_meeting_case *out)
{
    rt_meeting_case *mc;
    size_t n;
    rt_status st = rt_store_meeting_cases(app->store, id, true, &mc, &n);
    if (st != RT_OK)
        return st;
    st = RT_ENOTFOUND;
    for (size_t i = 0; i < n; i++)
        if (strcmp(mc[i].referral_id, referral_id) == 0) {
            *out = mc[i];
            mc[i].hearing = NULL;
            st = RT_OK;
        }
    rt_meeting_cases_free(mc, n);
    return st;
}

rt_status rt_app_attendance(rt_app *app, const rt_principal *who, const char *id,
                            const char *agency, const char *name, bool observer,
                            bool confidentiality, const char *address, int64_t now,
                            const char **field)
{
    *field = NULL;
    rt_meeting m;
    rt_status st = running(app, who, RT_AUDIT_MEETING_ATTENDANCE, id, address, now, &m);
    if (st != RT_OK)
        return st;
    st = rt_app_tx_begin(app);
    if (st != RT_OK)
        return st;
    bool yes = true;
    if (agency && *agency)
        st = member(app, m.marac, agency, &yes);
    if (st == RT_OK && agency && *agency && !yes && !observer) {
        *field = "agency";
        st = RT_EINVAL;
    }
    if (st == RT_OK &&
        (!name || !*name || strlen(name) > 200 || !rt_text_acceptable(name, false))) {
        *field = "name";
        st = RT_EINVAL;
    }
    if (st == RT_OK && !confidentiality) {
        *field = "confidentiality";
        st = RT_EINVAL;
    }
    if (st == RT_OK) {
        rt_attendance a = {.observer = observer, .confidentiality = true, .recorded_at = now};
        memcpy(a.meeting_id, m.id, sizeof a.meeting_id);
        snprintf(a.agency, sizeof a.agency, "%s", agency ? agency : "");
        snprintf(a.name, sizeof a.name, "%s", name);
        st = rt_store_attendance_add(app->store, &a);
    }
    return rt_app_tx_audit_end(app, st, who->user.id, RT_AUDIT_MEETING_ATTENDANCE, "meeting", id,
                               "attendance", address, now, "refused");
}

rt_status rt_app_hearing(rt_app *app, const rt_principal *who, const char *id,
                         const char *referral_id, char **values, const char *address,
                         int64_t now, rt_field_error *errs, size_t *n_errs)
{
    *n_errs = 0;
    rt_meeting m;
    rt_status st = running(app, who, RT_AUDIT_MEETING_HEARING, id, address, now, &m);
    if (st != RT_OK)
        return st;
    st = rt_app_tx_begin(app);
    if (st != RT_OK)
        return st;
    rt_meeting_case c = {0};
    st = not_excluded(app, who, referral_id, now);
    if (st == RT_OK)
        st = listed_here(app, id, referral_id, &c);
    size_t n;
    const rt_field_spec *specs = rt_hearing_fields(&n);
    if (st == RT_OK)
        st = check(specs, n, values, rt_date_from_unix(now), errs, n_errs);
    char *body = NULL;
    if (st == RT_OK)
        st = rt_form_encode_fields(specs, n, values, &body);
    if (st == RT_OK) {
        free(c.hearing);
        c.hearing = body;
        body = NULL;
        c.heard = true;
        st = rt_store_meeting_case_put(app->store, &c);
    }
    free(c.hearing);
    return keyed_end(app, who, st, RT_AUDIT_MEETING_HEARING, referral_id, specs, n, address, now);
}

rt_status rt_app_action_add(rt_app *app, const rt_principal *who, const char *id,
                            const char *referral_id, char **values, const char *address,
                            int64_t now, rt_field_error *errs, size_t *n_errs,
                            char saved_id[RT_ID_HEX + 1])
{
    *n_errs = 0;
    saved_id[0] = '\0';
    rt_meeting m;
    rt_status st = running(app, who, RT_AUDIT_ACTION_CREATE, id, address, now, &m);
    if (st != RT_OK)
        return st;
    st = rt_app_tx_begin(app);
    if (st != RT_OK)
        return st;
    rt_meeting_case c = {0};
    st = not_excluded(app, who, referral_id, now);
    if (st == RT_OK)
        st = listed_here(app, id, referral_id, &c);
    free(c.hearing);
    size_t n;
    const rt_field_spec *specs = rt_action_fields(&n);
    if (st == RT_OK)
        st = check(specs, n, values, rt_date_from_unix(now), errs, n_errs);
    bool yes = false;
    if (st == RT_OK)
        st = member(app, m.marac, values[1], &yes);
    if (st == RT_OK && !yes) {
        errs[(*n_errs)++] = (rt_field_error){"agency", "must be an agency of this Marac"};
        st = RT_EINVAL;
    }
    char *body = NULL;
    if (st == RT_OK)
        st = rt_form_encode_fields(specs, n, values, &body);
    if (st == RT_OK) {
        rt_marac_action a = {.body = body, .created_at = now};
        memcpy(a.meeting_id, m.id, sizeof a.meeting_id);
        memcpy(a.referral_id, referral_id, RT_ID_HEX + 1);
        snprintf(a.agency, sizeof a.agency, "%s", values[1]);
        snprintf(a.due, sizeof a.due, "%s", values[3]);
        memcpy(a.created_by, who->user.id, sizeof a.created_by);
        st = rt_store_action_add(app->store, &a);
        if (st == RT_OK)
            memcpy(saved_id, a.id, RT_ID_HEX + 1);
    }
    free(body);
    return keyed_end(app, who, st, RT_AUDIT_ACTION_CREATE, referral_id, specs, n, address, now);
}

rt_status rt_app_action_move(rt_app *app, const rt_principal *who, const char *action_id,
                             const char *to, const char *reason, const char *address,
                             int64_t now, const char **field, const char **why)
{
    *field = NULL;
    *why = NULL;
    rt_marac_action a = {0};
    rt_status st = rt_app_tx_begin(app);
    if (st != RT_OK)
        return st;
    st = rt_policy_may(who->user.role, RT_ACT_ACTION_UPDATE) ? RT_OK : RT_EDENIED;
    if (st == RT_OK)
        st = rt_store_action_get(app->store, action_id, &a);
    if (st == RT_OK)
        st = not_excluded(app, who, a.referral_id, now);
    rt_meeting m;
    bool yes = false;
    if (st == RT_OK)
        st = rt_store_meeting_get(app->store, a.meeting_id, &m);
    if (st == RT_OK)
        st = belongs(app, who, m.marac, &yes);
    /* The owning agency, or the Marac's staff. */
    bool own = st == RT_OK && who->user.agency_code && strcmp(a.agency, who->user.agency_code) == 0;
    if (st == RT_OK && !own && !(yes && staff_role(who)))
        st = RT_ENOTFOUND;
    rt_action_status target;
    if (st == RT_OK && rt_action_status_parse(to, &target) != RT_OK) {
        *field = "status";
        *why = "must be one of done, not_possible, not_done";
        st = RT_EINVAL;
    }
    if (st == RT_OK &&
        rt_action_move_check(a.status, target, reason, field, why) != RT_OK)
        st = RT_EINVAL;
    if (st == RT_OK) {
        st = rt_store_action_move(app->store, action_id, a.status, target,
                                  target == RT_ACTION_DONE ? NULL : reason, who->user.id, now);
        if (st == RT_EEXISTS) {
            *field = "status";
            *why = "the action changed meanwhile: reload it";
            st = RT_EINVAL;
        }
    }
    rt_marac_action_clear(&a);
    return rt_app_tx_audit_end(app, st, who->user.id, RT_AUDIT_ACTION_UPDATE, "action", action_id,
                               "status", address, now,
                               st == RT_EDENIED || st == RT_ENOTFOUND ? "denied" : "refused");
}

void rt_action_rows_free(rt_action_row *rows, size_t n)
{
    size_t nf;
    rt_action_fields(&nf);
    for (size_t i = 0; rows && i < n; i++) {
        free(rows[i].a.body);
        free(rows[i].a.reason);
        values_free(rows[i].values, nf);
    }
    free(rows);
}

rt_status rt_app_actions(rt_app *app, const rt_principal *who, const char *agency,
                         bool overdue_only, const char *address, int64_t now,
                         rt_action_row **out, size_t *n)
{
    *out = NULL;
    *n = 0;
    if (!rt_policy_may(who->user.role, RT_ACT_ACTION_UPDATE)) {
        rt_status st = rt_app_audit(app, who->user.id, RT_AUDIT_ACTION_LIST, "action", NULL, NULL,
                                    address, now, "denied");
        return st == RT_OK ? RT_EDENIED : st;
    }
    bool staff = staff_role(who);
    const char *filter = staff ? agency : who->user.agency_code;
    if (!staff && !filter)
        return RT_OK;
    meeting_index ix;
    rt_status st = meeting_index_load(app, who, &ix);
    if (st != RT_OK)
        return st;
    rt_exclusion_set ex;
    st = rt_app_exclusions_of(app, who, &ex);
    rt_marac_action *acts = NULL;
    size_t na = 0;
    if (st == RT_OK)
        st = rt_store_action_list(app->store, NULL, NULL, filter, &acts, &na);
    if (st != RT_OK) {
        rt_exclusion_set_clear(&ex);
        meeting_index_free(&ix);
        return st;
    }
    rt_action_row *rows = calloc(na ? na : 1, sizeof *rows);
    st = rows ? RT_OK : RT_ENOMEM;
    rt_date today = rt_date_from_unix(now);
    size_t kept = 0, nf;
    const rt_field_spec *specs = rt_action_fields(&nf);
    for (size_t i = 0; st == RT_OK && i < na; i++) {
        bool yes;
        const rt_meeting *m = meeting_index_find(&ix, acts[i].meeting_id, &yes);
        bool overdue = rt_action_overdue(acts[i].status, acts[i].due, today);
        if (!m || (staff && !yes) || (overdue_only && !overdue) ||
            rt_exclusion_set_has(&ex, acts[i].referral_id))
            continue;
        rt_action_row *r = &rows[kept];
        st = rt_form_decode_fields(specs, nf, acts[i].body, &r->values);
        if (st != RT_OK)
            break;
        r->a = acts[i];
        memset(&acts[i], 0, sizeof acts[i]);
        r->overdue = overdue;
        memcpy(r->held_on, m->held_on, sizeof r->held_on);
        rt_referral ref;
        rt_detail d;
        if (rt_app_referral_load(app, who, r->a.referral_id, now, &ref, &d) == RT_OK) {
            if (d >= RT_DETAIL_SUMMARY)
                snprintf(r->person, sizeof r->person, "%s %s",
                         ref.field[RT_RF_VICTIM_GIVEN_NAME] ? ref.field[RT_RF_VICTIM_GIVEN_NAME]
                                                            : "",
                         ref.field[RT_RF_VICTIM_FAMILY_NAME] ? ref.field[RT_RF_VICTIM_FAMILY_NAME]
                                                             : "");
            rt_referral_clear(&ref);
        }
        kept++;
        st = rt_app_audit(app, who->user.id, RT_AUDIT_ACTION_LIST, "referral", r->a.referral_id,
                          r->person[0] ? "victim.given_name,victim.family_name" : NULL, address,
                          now, "ok");
    }
    rt_actions_free(acts, na);
    meeting_index_free(&ix);
    rt_exclusion_set_clear(&ex);
    if (st != RT_OK) {
        rt_action_rows_free(rows, kept);
        return st;
    }
    *out = rows;
    *n = kept;
    return RT_OK;
}

rt_status rt_app_research(rt_app *app, const rt_principal *who, const char *id,
                          const char *referral_id, char **values, const char *address,
                          int64_t now, rt_field_error *errs, size_t *n_errs)
{
    *n_errs = 0;
    rt_meeting m;
    bool staff;
    rt_status st = meeting_for(app, who, RT_ACT_RESEARCH, RT_AUDIT_RESEARCH_WRITE, id, false,
                               address, now, &m, &staff);
    if (st != RT_OK)
        return st;
    st = rt_app_tx_begin(app);
    if (st != RT_OK)
        return st;
    /* Excluded first: a case one is excluded from is absent whatever the
     * meeting's state. */
    st = not_excluded(app, who, referral_id, now);
    if (st == RT_OK && m.status != RT_MEETING_RELEASED)
        st = RT_EEXISTS;
    rt_meeting_case c = {0};
    if (st == RT_OK)
        st = listed_here(app, id, referral_id, &c);
    free(c.hearing);
    if (st == RT_OK)
        st = rt_research_check(values, rt_date_from_unix(now), errs, n_errs);
    size_t n;
    const rt_field_spec *specs = rt_research_fields(&n);
    char *body = NULL;
    if (st == RT_OK)
        st = rt_form_encode_fields(specs, n, values, &body);
    if (st == RT_OK) {
        rt_research r = {.body = body, .flagged = strcmp(values[4], "yes") == 0,
                         .updated_at = now};
        memcpy(r.meeting_id, m.id, sizeof r.meeting_id);
        memcpy(r.referral_id, referral_id, RT_ID_HEX + 1);
        snprintf(r.agency, sizeof r.agency, "%s", who->user.agency_code);
        memcpy(r.updated_by, who->user.id, sizeof r.updated_by);
        st = rt_store_research_put(app->store, &r);
    }
    free(body);
    return keyed_end(app, who, st, RT_AUDIT_RESEARCH_WRITE, referral_id, specs, n, address, now);
}

void rt_marac_metrics_clear(rt_marac_metrics *m)
{
    if (!m)
        return;
    free(m->agencies);
    memset(m, 0, sizeof *m);
}

rt_status rt_app_marac_metrics(rt_app *app, const rt_principal *who, const char *marac,
                               const char *from, const char *to, const char *address,
                               int64_t now, rt_marac_metrics *out, const char **field)
{
    memset(out, 0, sizeof *out);
    *field = NULL;
    rt_status st = rt_policy_may(who->user.role, RT_ACT_MARAC_METRICS) ? RT_OK : RT_EDENIED;
    bool yes = false;
    if (st == RT_OK && (!marac || rt_store_marac_get(app->store, marac, &out->marac) != RT_OK)) {
        *field = "marac";
        st = RT_EINVAL;
    }
    if (st == RT_OK && who->user.role != RT_ROLE_ANALYST) {
        st = belongs(app, who, marac, &yes);
        if (st == RT_OK && !yes) {
            *field = "marac";
            st = RT_EINVAL;
        }
    }
    rt_date df, dt;
    if (st == RT_OK && (!from || rt_date_parse(from, &df) != RT_OK)) {
        *field = "from";
        st = RT_EINVAL;
    } else if (st == RT_OK && (!to || rt_date_parse(to, &dt) != RT_OK ||
                               rt_date_cmp(df, dt) > 0)) {
        *field = "to";
        st = RT_EINVAL;
    }
    if (st == RT_EDENIED) {
        st = rt_app_audit(app, who->user.id, RT_AUDIT_MARAC_METRICS, "marac", marac, NULL, address,
                          now, "denied");
        return st == RT_OK ? RT_EDENIED : st;
    }
    if (st != RT_OK)
        return st;
    out->days = (int)(rt_date_to_days(dt) - rt_date_to_days(df)) + 1;
    char(*codes)[65] = NULL;
    size_t nc = 0;
    st = rt_store_marac_members(app->store, marac, &codes, &nc);
    if (st == RT_OK && nc) {
        out->agencies = calloc(nc, sizeof *out->agencies);
        st = out->agencies ? RT_OK : RT_ENOMEM;
        for (size_t i = 0; st == RT_OK && i < nc; i++)
            memcpy(out->agencies[i].agency, codes[i], 65);
        out->n_agencies = st == RT_OK ? nc : 0;
    }
    free(codes);
    rt_meeting *ms = NULL;
    size_t nm = 0;
    if (st == RT_OK)
        st = rt_store_meeting_list(app->store, marac, &ms, &nm);
    rt_date today = rt_date_from_unix(now);
    for (size_t i = 0; st == RT_OK && i < nm; i++) {
        rt_date held;
        if (ms[i].status < RT_MEETING_HELD || rt_date_parse(ms[i].held_on, &held) != RT_OK ||
            rt_date_cmp(held, df) < 0 || rt_date_cmp(held, dt) > 0)
            continue;
        out->meetings++;
        rt_meeting_case *mc;
        size_t n;
        st = rt_store_meeting_cases(app->store, ms[i].id, false, &mc, &n);
        for (size_t k = 0; st == RT_OK && k < n; k++) {
            out->cases++;
            out->repeats += mc[k].listing == RT_LIST_REPEAT;
            out->twelve_months += mc[k].listing == RT_LIST_TWELVE_MONTHS;
            rt_referral r;
            if (rt_store_referral_get(app->store, mc[k].referral_id, &r) == RT_OK) {
                out->with_children += r.n_parties[RT_PARTY_CHILD] > 0;
                rt_referral_clear(&r);
            }
        }
        rt_meeting_cases_free(mc, n);
        rt_attendance *att = NULL;
        size_t na = 0;
        if (st == RT_OK)
            st = rt_store_attendance_list(app->store, ms[i].id, &att, &na);
        for (size_t a = 0; st == RT_OK && a < out->n_agencies; a++) {
            bool there = false;
            for (size_t k = 0; k < na && !there; k++)
                there = !att[k].observer && strcmp(att[k].agency, out->agencies[a].agency) == 0;
            out->agencies[a].attended += there;
        }
        free(att);
        rt_marac_action *acts = NULL;
        size_t nact = 0;
        if (st == RT_OK)
            st = rt_store_action_list(app->store, ms[i].id, NULL, NULL, &acts, &nact);
        for (size_t k = 0; st == RT_OK && k < nact; k++) {
            out->actions++;
            rt_date due;
            if (rt_date_parse(acts[k].due, &due) != RT_OK || rt_date_cmp(due, today) > 0)
                continue;
            out->actions_due++;
            out->actions_on_time +=
                acts[k].status == RT_ACTION_DONE &&
                rt_date_cmp(rt_date_from_unix(acts[k].status_at), due) <= 0;
        }
        rt_actions_free(acts, nact);
    }
    free(ms);
    out->per_10k = rt_cases_per_10k(out->cases, out->days, out->marac.population);
    rt_status a = rt_app_audit(app, who->user.id, RT_AUDIT_MARAC_METRICS, "marac", marac, NULL,
                               address, now, st == RT_OK ? "ok" : "failed");
    if (st != RT_OK)
        rt_marac_metrics_clear(out);
    return st != RT_OK ? st : a;
}

/* The Marac a referral is with: the one whose meeting listed it last, or
 * the one last transferred to, or the one covering its postcode. */
static rt_status marac_of(rt_app *app, const rt_referral *r, char code[65])
{
    code[0] = '\0';
    char latest[11] = "";
    rt_meeting_case *mc;
    size_t n;
    rt_status st = rt_store_listings_of(app->store, r->id, &mc, &n);
    for (size_t i = 0; st == RT_OK && i < n; i++) {
        rt_meeting m;
        st = rt_store_meeting_get(app->store, mc[i].meeting_id, &m);
        if (st == RT_OK && strcmp(m.held_on, latest) > 0) {
            memcpy(latest, m.held_on, sizeof latest);
            memcpy(code, m.marac, 65);
        }
    }
    rt_meeting_cases_free(mc, n);
    rt_transfer *tr = NULL;
    size_t ntr = 0;
    if (st == RT_OK)
        st = rt_store_transfers(app->store, r->id, NULL, &tr, &ntr);
    if (st == RT_OK && ntr)
        memcpy(code, tr[ntr - 1].to_marac, 65);
    rt_transfers_free(tr, ntr);
    if (st != RT_OK || code[0])
        return st;
    rt_marac *all;
    size_t na;
    st = rt_store_marac_list(app->store, &all, &na);
    for (size_t i = 0; st == RT_OK && i < na && !code[0]; i++)
        if (rt_postcode_in_areas(r->field[RT_RF_VICTIM_POSTCODE], all[i].areas))
            memcpy(code, all[i].code, 65);
    free(all);
    return st;
}

rt_status rt_app_transfer(rt_app *app, const rt_principal *who, const char *referral_id,
                          const char *to, const char *note, const char *address, int64_t now,
                          const char **field)
{
    *field = NULL;
    rt_status st = rt_app_tx_begin(app);
    if (st != RT_OK)
        return st;
    st = rt_policy_may(who->user.role, RT_ACT_MARAC_MANAGE) ? RT_OK : RT_EDENIED;
    rt_referral r = {0};
    rt_detail d = RT_DETAIL_NONE;
    if (st == RT_OK)
        st = rt_app_referral_load(app, who, referral_id, now, &r, &d);
    if (st == RT_OK && d < RT_DETAIL_SUMMARY)
        st = RT_ENOTFOUND;
    char from[65] = "";
    bool staff = false;
    if (st == RT_OK)
        st = marac_of(app, &r, from);
    if (st == RT_OK && from[0])
        st = belongs(app, who, from, &staff);
    if (st == RT_OK && (!from[0] || !staff))
        st = RT_ENOTFOUND;
    rt_marac dest;
    if (st == RT_OK && (!to || strcmp(to, from) == 0 ||
                        rt_store_marac_get(app->store, to, &dest) != RT_OK)) {
        *field = "marac";
        st = RT_EINVAL;
    }
    if (st == RT_OK && !rt_reason_acceptable(note, 10)) {
        *field = "note";
        st = RT_EINVAL;
    }
    if (st == RT_OK) {
        rt_transfer t = {.note = (char *)note, .at = now};
        memcpy(t.referral_id, r.id, sizeof t.referral_id);
        memcpy(t.from_marac, from, sizeof t.from_marac);
        snprintf(t.to_marac, sizeof t.to_marac, "%s", to);
        memcpy(t.by, who->user.id, sizeof t.by);
        st = rt_store_transfer_add(app->store, &t);
    }
    /* The receiving Marac's coordinators and chairs are told: no content. */
    if (st == RT_OK) {
        char(*staff_ids)[RT_ID_HEX + 1] = NULL;
        size_t n = 0;
        st = rt_store_marac_staff(app->store, to, &staff_ids, &n);
        for (size_t i = 0; st == RT_OK && i < n; i++) {
            rt_user u = {0};
            st = rt_store_user_by_id(app->store, staff_ids[i], &u);
            if (st == RT_OK && !u.disabled && strcmp(u.id, who->user.id) != 0)
                st = rt_store_notice_add(app->store, u.id, "transfer_in", who->user.id,
                                         referral_id, now);
            rt_user_clear(&u);
        }
        free(staff_ids);
    }
    rt_referral_clear(&r);
    return rt_app_tx_audit_end(app, st, who->user.id, RT_AUDIT_MARAC_TRANSFER, "referral",
                               referral_id, "marac", address, now,
                               st == RT_EDENIED || st == RT_ENOTFOUND ? "denied" : "refused");
}
