/* store_backend.h: what a storage backend provides (internal to
 * src/store/).
 *
 * store.c checks arguments every backend would check alike and forwards
 * each store.h operation through the table below, so callers never know
 * which backend they use. A backend's struct begins with `struct
 * rt_store` so that a pointer to it is also an rt_store pointer. Each
 * operation has the contract of its store.h namesake; the backend owns
 * its own locking (store.h promises that calls are serialised) and its
 * transactions (store.h: rt_store_begin/rt_store_end, and the rule that a
 * write failing inside one leaves nothing of itself). */
#ifndef RT_STORE_BACKEND_H
#define RT_STORE_BACKEND_H

#include "store.h"

struct rt_store_ops {
    void (*close)(rt_store *st);
    rt_status (*begin)(rt_store *st);
    rt_status (*end)(rt_store *st, rt_status so_far);
    rt_status (*schema_version)(rt_store *st, int *out);

    rt_status (*agency_add)(rt_store *st, const rt_agency *a);
    rt_status (*agency_get)(rt_store *st, const char *code, rt_agency *out);
    rt_status (*agency_list)(rt_store *st, rt_agency **out, size_t *n);

    rt_status (*user_add)(rt_store *st, rt_user *u);
    rt_status (*user_by_username)(rt_store *st, const char *username, rt_user *out);
    rt_status (*user_by_id)(rt_store *st, const char *id, rt_user *out);
    rt_status (*user_set_password)(rt_store *st, const char *id, const char *password_hash,
                                   bool one_time);
    rt_status (*user_set_disabled)(rt_store *st, const char *id, bool disabled);
    rt_status (*user_list)(rt_store *st, rt_user **out, size_t *n);
    rt_status (*user_totp_get)(rt_store *st, const char *id, char **secret, bool *enrolled);
    rt_status (*user_totp_set)(rt_store *st, const char *id, const char *secret);
    rt_status (*user_totp_use)(rt_store *st, const char *id, int64_t step, int64_t at);

    rt_status (*session_put)(rt_store *st, const rt_session_rec *s);
    rt_status (*session_get)(rt_store *st, const unsigned char token_hash[32],
                             rt_session_rec *out);
    rt_status (*session_touch)(rt_store *st, const unsigned char token_hash[32], int64_t now);
    rt_status (*session_delete)(rt_store *st, const unsigned char token_hash[32]);
    rt_status (*session_delete_user)(rt_store *st, const char *user_id);
    rt_status (*session_second_factor_done)(rt_store *st, const unsigned char token_hash[32]);
    rt_status (*session_expire)(rt_store *st, int64_t created_before, int64_t idle_before);

    rt_status (*link_keys_set)(rt_store *st, const char *id, const char *const *keys, size_t n);
    rt_status (*link_candidates)(rt_store *st, const char *const *keys, size_t n,
                                 size_t max_group, const char *exclude,
                                 char (**ids)[RT_ID_HEX + 1], size_t *n_ids);
    rt_status (*identity_add)(rt_store *st, rt_identity *d);
    rt_status (*identity_get)(rt_store *st, const char *id, rt_identity *out);
    rt_status (*identity_undo)(rt_store *st, const char *id, const char *user_id, int64_t at);
    rt_status (*identity_list)(rt_store *st, const char *referral_id, rt_identity **out,
                               size_t *n);
    rt_status (*draft_put)(rt_store *st, rt_draft *d, int64_t now);
    rt_status (*draft_get)(rt_store *st, const char *id, const char *owner_id, rt_draft *out);
    rt_status (*draft_list)(rt_store *st, const char *owner_id, rt_draft **out, size_t *n);
    rt_status (*draft_delete)(rt_store *st, const char *id, const char *owner_id);
    rt_status (*draft_expire)(rt_store *st, int64_t before, bool count_only, size_t *n);
    rt_status (*setting_get)(rt_store *st, const char *key, char **out);
    rt_status (*setting_set)(rt_store *st, const char *key, const char *value);

    rt_status (*referral_add)(rt_store *st, rt_referral *r);
    rt_status (*assessment_add)(rt_store *st, const char *referral_id, rt_referral_risk *k);
    rt_status (*assessment_list)(rt_store *st, const char *referral_id, rt_referral_risk **out,
                                 size_t *n);
    rt_status (*referral_get)(rt_store *st, const char *id, rt_referral *out);
    rt_status (*referral_list)(rt_store *st, rt_referral **out, size_t *n);
    rt_status (*referral_count)(rt_store *st, size_t *n);
    rt_status (*referral_find_victim)(rt_store *st, const char *family_name, const char *dob,
                                      char (**ids)[RT_ID_HEX + 1], size_t *n);

    rt_status (*audit_append)(rt_store *st, const rt_audit_event *ev);
    rt_status (*audit_count)(rt_store *st, size_t *n);
    rt_status (*audit_verify)(rt_store *st, rt_audit_report *out);
    rt_status (*audit_search)(rt_store *st, const rt_audit_filter *f, rt_audit_entry **out,
                              size_t *n);
    rt_status (*audit_for_record)(rt_store *st, const char *record_type, const char *record_id,
                                  rt_audit_entry **out, size_t *n);

    rt_status (*retention_rules)(rt_store *st, rt_retention_rule **out, size_t *n);
    rt_status (*retention_set)(rt_store *st, const char *record_type, rt_retention_part part,
                               int days);
    rt_status (*referral_close)(rt_store *st, const char *id, int64_t at);
    rt_status (*referral_closed_before)(rt_store *st, int64_t before, bool notes_only,
                                        char (**ids)[RT_ID_HEX + 1], size_t *n);
    rt_status (*referral_purge)(rt_store *st, const char *id);
    rt_status (*referral_purge_notes)(rt_store *st, const char *id);
    rt_status (*grant_add)(rt_store *st, rt_grant *g);
    rt_status (*grant_find)(rt_store *st, rt_grant_kind kind, const char *user_id,
                            const char *referral_id, int64_t now, bool *found);
    rt_status (*exclusion_list)(rt_store *st, const char *referral_id, rt_exclusion **out,
                                size_t *n);
    rt_status (*exclusion_lift)(rt_store *st, const char *id, const char *referral_id,
                                const char *by_user_id, const char *reason, int64_t at);
    rt_status (*exclusions_following)(rt_store *st, const char *origin_id, rt_exclusion **out,
                                      size_t *n);
    rt_status (*excluded_referrals)(rt_store *st, const char *user_id,
                                    char (**ids)[RT_ID_HEX + 1], size_t *n);
    rt_status (*notice_add)(rt_store *st, const char *recipient_id, const char *kind,
                            const char *about_user_id, const char *record_id, int64_t at);
    rt_status (*notice_list)(rt_store *st, const char *recipient_id, rt_notice **out,
                             size_t *n);
    rt_status (*notice_read)(rt_store *st, const char *recipient_id, const char *id,
                             int64_t at);
    rt_status (*case_add)(rt_store *st, rt_case *c, rt_case_event *ev);
    rt_status (*case_get)(rt_store *st, const char *id, bool by_referral, rt_case *out);
    rt_status (*case_update)(rt_store *st, const rt_case *c, rt_case_status expected,
                             rt_case_event *ev);
    rt_status (*case_list)(rt_store *st, const char *service, const char *idva_id,
                           bool open_only, rt_case **out, size_t *n);
    rt_status (*case_events)(rt_store *st, const char *case_id, rt_case_event **out, size_t *n);
    rt_status (*case_item_put)(rt_store *st, rt_case_item *it, const char *user_id, int64_t now);
    rt_status (*case_items)(rt_store *st, const char *case_id, int kind, bool with_body,
                            rt_case_item **out, size_t *n);
    rt_status (*case_items_overdue)(rt_store *st, const char *service, const char *idva_id,
                                    const char *day, rt_case_item **out, size_t *n);
    rt_status (*idva_profile_put)(rt_store *st, const rt_idva_profile *p);
    rt_status (*idva_profile_get)(rt_store *st, const char *user_id, rt_idva_profile *out);
    rt_status (*caseload_rules_get)(rt_store *st, const char *service, rt_caseload_rules *out);
    rt_status (*caseload_rules_put)(rt_store *st, const char *service,
                                    const rt_caseload_rules *r);
    rt_status (*service_areas_get)(rt_store *st, const char *service, char out[401]);
    rt_status (*service_areas_put)(rt_store *st, const char *service, const char *areas);
    rt_status (*caseload_counts)(rt_store *st, const char *service, int64_t since,
                                 rt_caseload_count **out, size_t *n);
    rt_status (*marac_put)(rt_store *st, const rt_marac *m);
    rt_status (*marac_get)(rt_store *st, const char *code, rt_marac *out);
    rt_status (*marac_list)(rt_store *st, rt_marac **out, size_t *n);
    rt_status (*marac_member_add)(rt_store *st, const char *marac, const char *agency);
    rt_status (*marac_members)(rt_store *st, const char *marac, char (**out)[65], size_t *n);
    rt_status (*marac_staff_add)(rt_store *st, const char *marac, const char *user_id);
    rt_status (*marac_staff_remove)(rt_store *st, const char *marac, const char *user_id);
    rt_status (*marac_staff)(rt_store *st, const char *marac, char (**out)[RT_ID_HEX + 1],
                             size_t *n);
    rt_status (*staff_maracs)(rt_store *st, const char *user_id, char (**out)[65], size_t *n);
    rt_status (*referral_maracs)(rt_store *st, const char *referral_id, char (**out)[65],
                                 size_t *n);
    rt_status (*meeting_add)(rt_store *st, rt_meeting *m);
    rt_status (*meeting_get)(rt_store *st, const char *id, rt_meeting *out);
    rt_status (*meeting_list)(rt_store *st, const char *marac, rt_meeting **out, size_t *n);
    rt_status (*meeting_move)(rt_store *st, const char *id, rt_meeting_status expected,
                              rt_meeting_status to, const char *user_id, int64_t at);
    rt_status (*meeting_case_put)(rt_store *st, const rt_meeting_case *c);
    rt_status (*meeting_case_remove)(rt_store *st, const char *meeting_id,
                                     const char *referral_id);
    rt_status (*meeting_cases)(rt_store *st, const char *meeting_id, const char *referral_id,
                               bool with_hearing, rt_meeting_case **out, size_t *n);
    rt_status (*listed_for)(rt_store *st, const char *referral_id, const char *agency,
                            bool *listed);
    rt_status (*attendance_add)(rt_store *st, rt_attendance *a);
    rt_status (*attendance_list)(rt_store *st, const char *meeting_id, rt_attendance **out,
                                 size_t *n);
    rt_status (*research_put)(rt_store *st, const rt_research *r);
    rt_status (*research_list)(rt_store *st, const char *meeting_id, const char *referral_id,
                               const char *agency, rt_research **out, size_t *n);
    rt_status (*transfer_add)(rt_store *st, rt_transfer *t);
    rt_status (*transfers)(rt_store *st, const char *referral_id, const char *to_marac,
                           rt_transfer **out, size_t *n);
    rt_status (*action_add)(rt_store *st, rt_marac_action *a);
    rt_status (*action_move)(rt_store *st, const char *id, rt_action_status expected,
                             rt_action_status to, const char *reason, const char *user_id,
                             int64_t at);
    rt_status (*action_list)(rt_store *st, const char *id, const char *meeting_id,
                             const char *referral_id, const char *agency, rt_marac_action **out,
                             size_t *n);
};

struct rt_store {
    const struct rt_store_ops *ops;
};

/* Opens (creating if create) the SQLite database at path; the contract of
 * rt_store_open. On failure *out is NULL. */
rt_status rt_store_sqlite_open(const char *path, const rt_data_key *key, bool create,
                               rt_store **out);

#endif
