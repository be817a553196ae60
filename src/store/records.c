/* records.c: releasing what the store hands out (the *_clear and *_free
 * functions of store.h). Apart from store.c so that a backend, which
 * builds these records, needs only this file and not the forwarding
 * layer that calls it. The written reasons of identity decisions and
 * exclusions, and drafts, are wiped before they are freed. */
#include "store.h"

#include <sodium.h>
#include <stdlib.h>
#include <string.h>

/* Frees text that may name people, wiping it first. NULL is ignored. */
static void free_wiped(char *p)
{
    if (p) {
        sodium_memzero(p, strlen(p));
        free(p);
    }
}

void rt_agency_clear(rt_agency *a)
{
    if (!a)
        return;
    free(a->code);
    free(a->name);
    memset(a, 0, sizeof *a);
}

void rt_agency_list_free(rt_agency *list, size_t n)
{
    if (!list)
        return;
    for (size_t i = 0; i < n; i++)
        rt_agency_clear(&list[i]);
    free(list);
}

void rt_user_clear(rt_user *u)
{
    if (!u)
        return;
    free(u->username);
    free(u->display_name);
    free(u->agency_code);
    free(u->password_hash);
    memset(u, 0, sizeof *u);
}

void rt_user_list_free(rt_user *list, size_t n)
{
    if (!list)
        return;
    for (size_t i = 0; i < n; i++)
        rt_user_clear(&list[i]);
    free(list);
}

void rt_assessment_list_free(rt_referral_risk *list, size_t n)
{
    for (size_t i = 0; list && i < n; i++)
        rt_referral_risk_clear(&list[i]);
    free(list);
}

void rt_identity_list_free(rt_identity *list, size_t n)
{
    for (size_t i = 0; list && i < n; i++)
        free_wiped(list[i].reason);
    free(list);
}

void rt_draft_clear(rt_draft *d)
{
    free_wiped(d->body);
    free_wiped(d->label);
    memset(d, 0, sizeof *d);
}

void rt_draft_list_free(rt_draft *list, size_t n)
{
    for (size_t i = 0; list && i < n; i++)
        rt_draft_clear(&list[i]);
    free(list);
}

void rt_referral_list_free(rt_referral *list, size_t n)
{
    if (!list)
        return;
    for (size_t i = 0; i < n; i++)
        rt_referral_clear(&list[i]);
    free(list);
}

void rt_audit_entry_list_free(rt_audit_entry *list, size_t n)
{
    if (!list)
        return;
    for (size_t i = 0; i < n; i++) {
        rt_audit_entry *e = &list[i];
        free(e->user_id);
        free(e->action);
        free(e->record_type);
        free(e->record_id);
        free(e->fields);
        free(e->address);
        free(e->outcome);
    }
    free(list);
}

void rt_notice_list_free(rt_notice *list, size_t n)
{
    for (size_t i = 0; list && i < n; i++) {
        free(list[i].kind);
        free(list[i].about_user_id);
        free(list[i].record_id);
    }
    free(list);
}

void rt_exclusion_list_free(rt_exclusion *list, size_t n)
{
    for (size_t i = 0; list && i < n; i++) {
        free_wiped(list[i].reason);
        free_wiped(list[i].lift_reason);
    }
    free(list);
}

void rt_case_events_free(rt_case_event *list, size_t n)
{
    for (size_t i = 0; list && i < n; i++)
        free(list[i].detail);
    free(list);
}

void rt_case_item_clear(rt_case_item *it)
{
    if (!it)
        return;
    free(it->body);
    memset(it, 0, sizeof *it);
}

void rt_case_items_free(rt_case_item *list, size_t n)
{
    for (size_t i = 0; list && i < n; i++)
        free(list[i].body);
    free(list);
}

void rt_meeting_cases_free(rt_meeting_case *list, size_t n)
{
    for (size_t i = 0; list && i < n; i++)
        free(list[i].hearing);
    free(list);
}

void rt_research_free(rt_research *list, size_t n)
{
    for (size_t i = 0; list && i < n; i++)
        free(list[i].body);
    free(list);
}

void rt_marac_action_clear(rt_marac_action *a)
{
    if (!a)
        return;
    free(a->body);
    free(a->reason);
    memset(a, 0, sizeof *a);
}

void rt_actions_free(rt_marac_action *list, size_t n)
{
    for (size_t i = 0; list && i < n; i++) {
        free(list[i].body);
        free(list[i].reason);
    }
    free(list);
}

void rt_transfers_free(rt_transfer *list, size_t n)
{
    for (size_t i = 0; list && i < n; i++)
        free(list[i].note);
    free(list);
}
