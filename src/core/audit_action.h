/* audit_action.h: the things the audit log records, as a closed list.
 *
 * Every audit entry names one action from this table. The table is the one
 * place an action is defined: its enum value (what code passes), its
 * stable name (what the audit_log.action column stores and auditors
 * search by; never renamed, because old entries keep it) and a label in
 * plain language (what a person reads in their subject access export).
 * Policy actions (policy.h) appear here under their own names too, so a
 * refusal by the router is recorded as the action that was refused. */
#ifndef RT_CORE_AUDIT_ACTION_H
#define RT_CORE_AUDIT_ACTION_H

#include <stdbool.h>
#include "policy.h"
#include "status.h"

/* X(enum value, stable name, label) */
#define RT_AUDIT_ACTIONS(X)                                                                        \
    X(RT_AUDIT_REFERRAL_CREATE, "referral.create", "Recorded the referral")                        \
    X(RT_AUDIT_REFERRAL_READ, "referral.read", "Opened the referral")                              \
    X(RT_AUDIT_REFERRAL_PRINT, "referral.print", "Printed the referral")                           \
    X(RT_AUDIT_REFERRAL_LIST, "referral.list", "Saw the referral in the list of referrals")        \
    X(RT_AUDIT_REFERRAL_BREAK_GLASS, "referral.break_glass",                                       \
      "Used emergency access to the referral")                                                     \
    X(RT_AUDIT_REFERRAL_EXCLUDE, "referral.exclude", "Barred a user from seeing the referral")     \
    X(RT_AUDIT_REFERRAL_EXCLUSION_LIFT, "referral.exclusion_lift",                                 \
      "Lifted a user's exclusion from the referral")                                               \
    X(RT_AUDIT_REFERRAL_EXCLUSION_FOLLOW, "referral.exclusion_follow",                             \
      "Barred a user from the referral, as from another referral of the same person")              \
    X(RT_AUDIT_REFERRAL_EXCLUSIONS, "referral.exclusions", "Read who is excluded from the referral") \
    X(RT_AUDIT_AUDIT_EXCLUSIONS, "audit.exclusions", "Read every exclusion with its reasons")      \
    X(RT_AUDIT_SUBJECT_ACCESS_EXPORT, "subject_access.export",                                     \
      "Exported the referral for a subject access request")                                        \
    X(RT_AUDIT_ASSESSMENT_CREATE, "assessment.create", "Recorded a risk assessment")               \
    X(RT_AUDIT_ASSESSMENT_HISTORY, "assessment.history",                                           \
      "Read the risk assessments of the person")                                                   \
    X(RT_AUDIT_IDENTITY_SCREEN, "identity.screen",                                                 \
      "Checked the referral for earlier referrals of the same person")                             \
    X(RT_AUDIT_IDENTITY_MATCH, "identity.match",                                                   \
      "Saw the referral as a possible earlier referral of the same person")                        \
    X(RT_AUDIT_IDENTITY_DECIDE, "identity.decide",                                                 \
      "Tried to decide whether two referrals are about the same person")                           \
    X(RT_AUDIT_IDENTITY_SAME, "identity.same",                                                     \
      "Decided that two referrals are about the same person")                                      \
    X(RT_AUDIT_IDENTITY_DIFFERENT, "identity.different",                                           \
      "Decided that two referrals are about different people")                                     \
    X(RT_AUDIT_IDENTITY_UNDO, "identity.undo", "Undid a decision about the same person")           \
    X(RT_AUDIT_CASE_READ, "case.read", "Opened the case")                                          \
    X(RT_AUDIT_CASE_LIST, "case.list", "Saw the case in a list of cases")                          \
    X(RT_AUDIT_CASE_SUGGEST, "case.suggest", "Asked which Idva could take the referral")           \
    X(RT_AUDIT_CASE_ALLOCATE, "case.allocate", "Allocated the referral to an Idva")                \
    X(RT_AUDIT_CASE_MOVE, "case.move", "Moved the case to another stage")                          \
    X(RT_AUDIT_CASE_ITEM, "case.item", "Recorded something on the case")                           \
    X(RT_AUDIT_CASE_WRITE, "case.write", "Tried to record something on a case")                    \
    X(RT_AUDIT_CASELOAD_READ, "caseload.read", "Read the caseloads of an Idva service")            \
    X(RT_AUDIT_CASELOAD_RULES, "caseload.rules", "Changed the caseload rules of an Idva service")  \
    X(RT_AUDIT_CASELOAD_AREAS, "caseload.areas", "Changed the areas an Idva service covers")      \
    X(RT_AUDIT_OUTCOMES_REPORT, "outcomes.report", "Read an outcomes report")                      \
    X(RT_AUDIT_IDVA_PROFILE, "idva.profile", "Changed an Idva's hours, specialisms or areas")      \
    X(RT_AUDIT_MARAC_STAFF, "marac.staff", "Tried to change a Marac's staff")                    \
    X(RT_AUDIT_MARAC_STAFF_ADD, "marac.staff.add", "Made a coordinator or chair Marac staff")     \
    X(RT_AUDIT_MARAC_STAFF_REMOVE, "marac.staff.remove",                                           \
      "Removed a coordinator or chair from a Marac's staff")                                       \
    X(RT_AUDIT_MEETING_LIST, "meeting.list", "Read the list of Marac meetings")                    \
    X(RT_AUDIT_MEETING_READ, "meeting.read", "Read a Marac meeting's list or minutes")             \
    X(RT_AUDIT_MEETING_MANAGE, "meeting.manage", "Tried to run a Marac meeting")                   \
    X(RT_AUDIT_MEETING_SCHEDULE, "meeting.schedule", "Scheduled a Marac meeting")                  \
    X(RT_AUDIT_MEETING_PROPOSE, "meeting.propose", "Proposed the cases for a Marac meeting")       \
    X(RT_AUDIT_MEETING_LIST_CASE, "meeting.list_case",                                             \
      "Put the referral on a Marac meeting's list")                                                \
    X(RT_AUDIT_MEETING_UNLIST, "meeting.unlist", "Took the referral off a Marac meeting's list")   \
    X(RT_AUDIT_MEETING_MOVE, "meeting.move", "Moved a Marac meeting to its next stage")            \
    X(RT_AUDIT_MEETING_ATTENDANCE, "meeting.attendance",                                           \
      "Recorded which agencies attended a Marac meeting")                                          \
    X(RT_AUDIT_MEETING_HEARING, "meeting.hearing",                                                 \
      "Recorded what was said about the referral at a Marac meeting")                              \
    X(RT_AUDIT_MINUTES_APPROVE, "minutes.approve", "Approved a Marac meeting's minutes")           \
    X(RT_AUDIT_ACTION_CREATE, "action.create", "Set a Marac action on the referral")               \
    X(RT_AUDIT_ACTION_UPDATE, "action.update", "Recorded progress on a Marac action")              \
    X(RT_AUDIT_ACTION_LIST, "action.list", "Read a list of Marac actions")                         \
    X(RT_AUDIT_RESEARCH_WRITE, "research.write",                                                   \
      "Recorded an agency's research on the referral")                                             \
    X(RT_AUDIT_MARAC_METRICS, "marac.metrics", "Read a Marac's meeting metrics")                   \
    X(RT_AUDIT_MARAC_TRANSFER, "marac.transfer", "Transferred the referral to another Marac")      \
    X(RT_AUDIT_MARAC_SET, "marac.set", "Added or changed a Marac")                                 \
    X(RT_AUDIT_MARAC_MEMBER, "marac.member", "Added a member agency to a Marac")                   \
    X(RT_AUDIT_DRAFT_SAVE, "draft.save", "Saved a referral draft")                                 \
    X(RT_AUDIT_DRAFT_READ, "draft.read", "Opened a referral draft")                                \
    X(RT_AUDIT_DRAFT_LIST, "draft.list", "Read the list of one's referral drafts")                 \
    X(RT_AUDIT_DRAFT_DELETE, "draft.delete", "Deleted a referral draft")                           \
    X(RT_AUDIT_RETENTION_PURGE, "retention.purge",                                                 \
      "Deleted the referral at the end of its retention period")                                   \
    X(RT_AUDIT_RETENTION_PURGE_NOTES, "retention.purge_notes",                                     \
      "Deleted notes kept longer than the retention period")                                       \
    X(RT_AUDIT_RETENTION_DRAFTS, "retention.drafts",                                               \
      "Deleted referral drafts left untouched too long")                                           \
    X(RT_AUDIT_RETENTION_SET, "retention.set", "Changed a retention rule")                         \
    X(RT_AUDIT_SESSION_CREATE, "session.create", "Signed in")                                      \
    X(RT_AUDIT_SESSION_SECOND_FACTOR, "session.second_factor",                                     \
      "Gave a second factor when signing in")                                                      \
    X(RT_AUDIT_SESSION_DELETE, "session.delete", "Signed out")                                     \
    X(RT_AUDIT_SESSION_DELETE_ALL, "session.delete_all", "Signed out everywhere")                  \
    X(RT_AUDIT_ACCOUNT_PASSWORD, "account.password", "Changed a password")                         \
    X(RT_AUDIT_ACCOUNT_SECOND_FACTOR_BEGIN, "account.second_factor.begin",                         \
      "Began setting up a second factor")                                                          \
    X(RT_AUDIT_ACCOUNT_SECOND_FACTOR_CONFIRM, "account.second_factor.confirm",                     \
      "Gave a second factor to confirm it")                                                        \
    X(RT_AUDIT_ACCOUNT_SECOND_FACTOR_ENROL, "account.second_factor.enrol",                         \
      "Set up a second factor")                                                                    \
    X(RT_AUDIT_ACCOUNT_SECOND_FACTOR_RESET, "account.second_factor.reset",                         \
      "Removed a user's second factor")                                                            \
    X(RT_AUDIT_SETTING_SECOND_FACTOR_ROLES, "setting.second_factor_roles",                         \
      "Changed which roles must give a second factor")                                             \
    X(RT_AUDIT_USER_ADD, "user.add", "Added a user account")                                       \
    X(RT_AUDIT_USER_DISABLE, "user.disable", "Disabled a user account")                            \
    X(RT_AUDIT_USER_ENABLE, "user.enable", "Enabled a user account")                               \
    X(RT_AUDIT_AGENCY_ADD, "agency.add", "Added an agency")                                        \
    X(RT_AUDIT_AUDIT_READ, "audit.read", "Tried to read the audit log")                            \
    X(RT_AUDIT_AUDIT_SEARCH, "audit.search", "Searched the audit log")                             \
    X(RT_AUDIT_AUDIT_VERIFY, "audit.verify", "Verified the audit log")

typedef enum rt_audit_action {
#define RT_AUDIT_ENUM_(id, name, label) id,
    RT_AUDIT_ACTIONS(RT_AUDIT_ENUM_)
#undef RT_AUDIT_ENUM_
    RT_AUDIT_ACTION_COUNT
} rt_audit_action;

/* The stable name stored in the log ("referral.read"); static. NULL for a
 * value outside the enum. */
const char *rt_audit_action_name(rt_audit_action a);

/* The plain-language label ("Opened the referral"); static. NULL for a
 * value outside the enum. */
const char *rt_audit_action_label(rt_audit_action a);

/* Finds the action whose stable name is name. RT_EINVAL for NULL or a
 * name not in the table (*out is then untouched). */
rt_status rt_audit_action_parse(const char *name, rt_audit_action *out);

/* The audit action recording a refusal of policy action act: the entry of
 * the same name. RT_EINVAL for the actions nobody is refused (public,
 * signed in) and values outside the enum. */
rt_status rt_audit_action_of_policy(rt_action act, rt_audit_action *out);

/* Whether s is something the audit log can be searched by: a stable name
 * in the table ("referral.read"), or a group of them, a prefix ending in
 * '.' that at least one name starts with ("referral.", "account.
 * second_factor."). */
bool rt_audit_action_filter_valid(const char *s);

/* Whether fields may go in an audit entry's fields column: NULL, or field
 * keys ([a-z0-9_.], not empty) separated by single commas, at most
 * RT_AUDIT_FIELDS_MAX bytes. Values, counts, codes of other records and
 * sentences belong elsewhere; this refuses most of them. */
#define RT_AUDIT_FIELDS_MAX 2048
bool rt_audit_fields_valid(const char *fields);

#endif
