/* casework.c: the Idva's case as rules; see casework.h. */
#include "casework.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* ---- lifecycle ---------------------------------------------------------- */

static const char *const status_names[RT_CASE_STATUS_COUNT] = {
    "allocated", "first_contact", "active", "closed"};
static const char *const status_labels[RT_CASE_STATUS_COUNT] = {
    "Allocated", "First contact made", "Active support", "Closed"};

const char *rt_case_status_name(rt_case_status s)
{
    return (unsigned)s < RT_CASE_STATUS_COUNT ? status_names[s] : "unknown";
}

const char *rt_case_status_label(rt_case_status s)
{
    return (unsigned)s < RT_CASE_STATUS_COUNT ? status_labels[s] : "Unknown";
}

rt_status rt_case_status_parse(const char *name, rt_case_status *out)
{
    for (int i = 0; name && i < RT_CASE_STATUS_COUNT; i++)
        if (strcmp(name, status_names[i]) == 0) {
            *out = (rt_case_status)i;
            return RT_OK;
        }
    return RT_EINVAL;
}

rt_status rt_case_move_check(rt_case_status from, rt_case_status to, const char **why)
{
    /* Rows: from; columns: to. */
    static const bool allowed[RT_CASE_STATUS_COUNT][RT_CASE_STATUS_COUNT] = {
        [RT_CASE_ALLOCATED] = {[RT_CASE_CONTACTED] = true, [RT_CASE_CLOSED] = true},
        [RT_CASE_CONTACTED] = {[RT_CASE_ACTIVE] = true, [RT_CASE_CLOSED] = true},
        [RT_CASE_ACTIVE] = {[RT_CASE_CLOSED] = true},
        [RT_CASE_CLOSED] = {[RT_CASE_ACTIVE] = true},
    };
    static const char *const instead[RT_CASE_STATUS_COUNT] = {
        [RT_CASE_ALLOCATED] = ("an allocated case moves to first contact (by recording a "
                               "contact made) or is closed"),
        [RT_CASE_CONTACTED] = "after first contact a case moves to active support or is closed",
        [RT_CASE_ACTIVE] = "a case in active support can only be closed",
        [RT_CASE_CLOSED] = "a closed case can only be reopened, to active support",
    };
    if ((unsigned)from >= RT_CASE_STATUS_COUNT || (unsigned)to >= RT_CASE_STATUS_COUNT) {
        *why = "unknown status";
        return RT_EINVAL;
    }
    if (allowed[from][to])
        return RT_OK;
    *why = instead[from];
    return RT_EINVAL;
}

rt_status rt_case_move_asked(rt_case_status from, rt_case_status to, const char **why)
{
    if (from == RT_CASE_ALLOCATED && to == RT_CASE_CONTACTED) {
        *why = "first contact is recorded by logging a contact made with the person";
        return RT_EINVAL;
    }
    return rt_case_move_check(from, to, why);
}

bool rt_contact_moves_case(rt_case_status status, const char *outcome)
{
    return status == RT_CASE_ALLOCATED && outcome && strcmp(outcome, "made") == 0;
}

rt_status rt_case_writable(rt_case_status status, const char **why)
{
    if (status != RT_CASE_CLOSED)
        return RT_OK;
    *why = "The case is closed: reopen it to record more.";
    return RT_EDENIED;
}

/* ---- choices ------------------------------------------------------------ */

static const rt_choice yes_no[] = {{"yes", "Yes"}, {"no", "No"}, {NULL, NULL}};
static const rt_choice yes_no_unknown[] = {
    {"yes", "Yes"}, {"no", "No"}, {"not_known", "Not known"}, {NULL, NULL}};
static const rt_choice yes_no_asked[] = {
    {"yes", "Yes"}, {"no", "No"}, {"not_asked", "Not asked"}, {NULL, NULL}};
static const rt_choice safe_choices[] = {
    {"yes", "Safe"}, {"no", "Not safe"}, {"not_known", "Not known: treat as not safe"},
    {NULL, NULL}};

const rt_choice rt_contact_channels[] = {
    {"call", "Phone call"}, {"voicemail", "Voicemail"}, {"text", "Text message"},
    {"email", "E-mail"},    {"letter", "Letter"},       {"in_person", "In person"},
    {NULL, NULL}};

static const rt_choice contact_outcomes[] = {
    {"made", "Spoke with the person"}, {"failed", "Could not make contact"}, {NULL, NULL}};

static const rt_choice failure_reasons[] = {
    {"no_answer", "No answer"},
    {"unsafe_message", "Not safe to leave a message"},
    {"not_safe_to_talk", "The person could not talk safely"},
    {"wrong_details", "Wrong or old contact details"},
    {"declined", "The person declined"},
    {"other", "Other (say in the note)"},
    {NULL, NULL}};

static const rt_choice task_status[] = {{"open", "Open"}, {"done", "Done"}, {NULL, NULL}};

static const rt_choice plan_areas[] = {
    {"criminal_justice", "Criminal justice"},
    {"civil_orders", "Civil orders and injunctions"},
    {"housing", "Housing, sanctuary and locks"},
    {"money", "Money"},
    {"health", "Health and mental health"},
    {"substance_use", "Substance use"},
    {"children", "Children"},
    {"immigration", "Immigration"},
    {"other", "Other"},
    {NULL, NULL}};

static const rt_choice plan_status[] = {
    {"planned", "Planned"},
    {"in_progress", "In progress"},
    {"done", "Done"},
    {"not_possible", "Not possible"},
    {NULL, NULL}};

static const rt_choice child_to_victim[] = {
    {"child", "Their child"},
    {"stepchild", "Stepchild"},
    {"grandchild", "Grandchild"},
    {"other_relative", "Another relative"},
    {"not_related", "Not related"},
    {NULL, NULL}};

static const rt_choice child_to_perpetrator[] = {
    {"child", "Their child"},
    {"stepchild", "Stepchild"},
    {"not_related", "Not related"},
    {"not_known", "Not known"},
    {NULL, NULL}};

static const rt_choice perpetrator_relationship[] = {
    {"partner", "Partner"},
    {"ex_partner", "Former partner"},
    {"family", "Family member"},
    {"other", "Other"},
    {NULL, NULL}};

static const rt_choice exit_change[] = {
    {"stopped", "Stopped"},
    {"reduced", "Reduced"},
    {"same", "Continued the same"},
    {"worse", "Increased"},
    {"none", "Not present at intake"},
    {NULL, NULL}};

static const rt_choice closure_reasons[] = {
    {"safety_achieved", "Safety achieved"},
    {"moved_area", "Moved area"},
    {"transferred", "Transferred to another service"},
    {"declined_disengaged", "Declined support or disengaged"},
    {"other", "Other"},
    {NULL, NULL}};

/* ---- item fields -------------------------------------------------------- */

/* Shorthands for the tables: every item value is sealed (identifying). */
#define TEXT(k, l, h, req, max) \
    {k, l, h, RT_FT_TEXT, req, true, max, NULL, RT_DETAIL_FULL, false, 0}
#define LONG(k, l, h, req, max) \
    {k, l, h, RT_FT_LONGTEXT, req, true, max, NULL, RT_DETAIL_FULL, false, 0}
#define CHOICE(k, l, h, req, c) {k, l, h, RT_FT_CHOICE, req, true, 32, c, RT_DETAIL_FULL, false, 0}
#define TYPED(k, l, h, req, t, max) {k, l, h, t, req, true, max, NULL, RT_DETAIL_FULL, false, 0}
#define NUMBER(k, l, h, req, top) \
    {k, l, h, RT_FT_NUMBER, req, true, 2, NULL, RT_DETAIL_FULL, false, top}

static const rt_field_spec safe_contact_fields[] = {
    TYPED("phone", "Phone number that is safe to use", NULL, false, RT_FT_PHONE, 40),
    CHOICE("phone_safe", "Safe to call", NULL, true, safe_choices),
    TEXT("safe_times", "Safe times to call", "For example: weekdays 10am to 2pm", false, 200),
    CHOICE("voicemail_safe", "Safe to leave a voicemail", NULL, true, safe_choices),
    CHOICE("text_safe", "Safe to text", NULL, true, safe_choices),
    CHOICE("post_safe", "Safe to write to", NULL, true, safe_choices),
    LONG("safe_address", "Safe address to write to", "Only if not their home address", false, 500),
    CHOICE("email_safe", "Safe to e-mail", NULL, true, safe_choices),
    TYPED("email", "E-mail address that is safe to use", NULL, false, RT_FT_EMAIL, 254),
    LONG("safe_people", "Who is safe to talk to", NULL, false, 500),
    LONG("unsafe_people", "Who is not safe to talk to", NULL, false, 500),
    TEXT("code_word", "Code word", "If one was agreed", false, 100),
};

static const rt_field_spec contact_fields[] = {
    TYPED("date", "Date", NULL, true, RT_FT_DATE, 10),
    CHOICE("channel", "How", NULL, true, rt_contact_channels),
    CHOICE("outcome", "Outcome", NULL, true, contact_outcomes),
    CHOICE("failure", "Why contact failed", "Only when contact could not be made", false,
           failure_reasons),
    CHOICE("safe_to_talk", "Was it safe to talk now?", "Ask at every contact", false, yes_no),
    LONG("note", "Note", NULL, false, 4000),
};

static const rt_field_spec note_fields[] = {
    LONG("text", "Note", NULL, true, 8000),
};

static const rt_field_spec task_fields[] = {
    TEXT("title", "Task", NULL, true, 200),
    TYPED("due", "Due", NULL, true, RT_FT_DUE_DATE, 10),
    CHOICE("status", "Status", NULL, true, task_status),
};

static const rt_field_spec plan_fields[] = {
    CHOICE("area", "Area", NULL, true, plan_areas),
    LONG("action", "What will be done", NULL, true, 2000),
    TEXT("owner", "Who will do it", "A person or an agency", true, 200),
    CHOICE("status", "Status", NULL, true, plan_status),
    TYPED("start", "Started", NULL, false, RT_FT_DATE, 10),
    TYPED("due", "Due", NULL, false, RT_FT_DUE_DATE, 10),
    TYPED("done_on", "Done on", NULL, false, RT_FT_DATE, 10),
    LONG("reason", "Why it was not possible", "Only when not possible", false, 1000),
};

static const rt_field_spec child_fields[] = {
    TEXT("name", "Name", NULL, true, 100),
    TYPED("dob", "Date of birth", NULL, false, RT_FT_BIRTHDATE, 10),
    TEXT("school", "School or nursery", NULL, false, 200),
    CHOICE("to_victim", "Relationship to the person", NULL, true, child_to_victim),
    CHOICE("to_perpetrator", "Relationship to the person causing harm", NULL, true,
           child_to_perpetrator),
    CHOICE("known_csc", "Known to children's social care", NULL, true, yes_no_unknown),
    LONG("views", "The child's views", "In their own words", false, 2000),
    CHOICE("csc_referral", "Referral to children's social care made", NULL, true, yes_no),
    TYPED("csc_referral_date", "Date of that referral", NULL, false, RT_FT_DATE, 10),
};

static const rt_field_spec dependant_fields[] = {
    TEXT("name", "Name", NULL, true, 100),
    TEXT("relationship", "Relationship to the person", NULL, true, 100),
    LONG("needs", "Care and support needs", NULL, false, 1000),
};

static const rt_field_spec perpetrator_fields[] = {
    TEXT("name", "Name", NULL, true, 100),
    TYPED("dob", "Date of birth", NULL, false, RT_FT_BIRTHDATE, 10),
    CHOICE("relationship", "Relationship to the person", NULL, true, perpetrator_relationship),
    LONG("note", "Note", NULL, false, 1000),
};

static const char *const abuse_names[RT_ABUSE_COUNT] = {
    "physical", "sexual", "stalking", "controlling", "economic", "online"};
static const char *const abuse_labels[RT_ABUSE_COUNT] = {
    "Physical abuse", "Sexual abuse", "Harassment and stalking",
    "Jealous and controlling behaviour", "Economic abuse", "Online abuse"};

const char *rt_abuse_type_name(rt_abuse_type t)
{
    return (unsigned)t < RT_ABUSE_COUNT ? abuse_names[t] : "unknown";
}

const char *rt_abuse_type_label(rt_abuse_type t)
{
    return (unsigned)t < RT_ABUSE_COUNT ? abuse_labels[t] : "Unknown";
}

/* The abuse types come first in both tables, in rt_abuse_type order. */
static const rt_field_spec intake_fields[] = {
    CHOICE("physical", "Physical abuse", NULL, true, yes_no),
    CHOICE("sexual", "Sexual abuse", NULL, true, yes_no),
    CHOICE("stalking", "Harassment and stalking", NULL, true, yes_no),
    CHOICE("controlling", "Jealous and controlling behaviour", NULL, true, yes_no),
    CHOICE("economic", "Economic abuse", NULL, true, yes_no),
    CHOICE("online", "Online abuse", NULL, true, yes_no),
    TYPED("date", "Date measured", NULL, true, RT_FT_DATE, 10),
    NUMBER("risk_score", "Dash score", "Yes answers, 0 to 24", true, 24),
};

static const rt_field_spec exit_fields[] = {
    CHOICE("physical", "Physical abuse", NULL, false, exit_change),
    CHOICE("sexual", "Sexual abuse", NULL, false, exit_change),
    CHOICE("stalking", "Harassment and stalking", NULL, false, exit_change),
    CHOICE("controlling", "Jealous and controlling behaviour", NULL, false, exit_change),
    CHOICE("economic", "Economic abuse", NULL, false, exit_change),
    CHOICE("online", "Online abuse", NULL, false, exit_change),
    TYPED("date", "Date measured", NULL, true, RT_FT_DATE, 10),
    NUMBER("risk_score", "Dash score", "Yes answers, 0 to 24", true, 24),
    CHOICE("feels_safer", "Feels safer", NULL, true, yes_no_asked),
    CHOICE("life_better", "Quality of life better", NULL, true, yes_no_asked),
    CHOICE("support_accepted", "Support accepted", NULL, true, yes_no),
};

static const rt_field_spec closure_fields[] = {
    CHOICE("reason", "Why the case is closing", NULL, true, closure_reasons),
    TEXT("reason_other", "Other reason", "Only when the reason is other", false, 500),
    LONG("exit_not_taken", "Why exit measures could not be taken",
         "Only when no exit measures are recorded", false, 1000),
};

#define COUNT(a) (sizeof(a) / sizeof((a)[0]))

static const struct kind_info {
    const char *name, *label;
    const rt_field_spec *fields;
    size_t n;
    bool single;
} kinds[RT_ITEM_KIND_COUNT] = {
    [RT_ITEM_SAFE_CONTACT] = {"safe_contact", "Safe contact", safe_contact_fields,
                              COUNT(safe_contact_fields), true},
    [RT_ITEM_CONTACT] = {"contact", "Contact", contact_fields, COUNT(contact_fields), false},
    [RT_ITEM_NOTE] = {"note", "Note", note_fields, COUNT(note_fields), false},
    [RT_ITEM_TASK] = {"task", "Task", task_fields, COUNT(task_fields), false},
    [RT_ITEM_PLAN] = {"plan", "Safety plan item", plan_fields, COUNT(plan_fields), false},
    [RT_ITEM_CHILD] = {"child", "Child", child_fields, COUNT(child_fields), false},
    [RT_ITEM_DEPENDANT] = {"dependant", "Other dependant", dependant_fields,
                           COUNT(dependant_fields), false},
    [RT_ITEM_PERPETRATOR] = {"perpetrator", "Person causing harm", perpetrator_fields,
                             COUNT(perpetrator_fields), false},
    [RT_ITEM_INTAKE] = {"intake", "Measures at intake", intake_fields, COUNT(intake_fields), true},
    [RT_ITEM_EXIT] = {"exit", "Measures at exit", exit_fields, COUNT(exit_fields), true},
};

_Static_assert(COUNT(contact_fields) <= RT_ITEM_MAX_FIELDS &&
                   COUNT(safe_contact_fields) <= RT_ITEM_MAX_FIELDS &&
                   COUNT(plan_fields) <= RT_ITEM_MAX_FIELDS &&
                   COUNT(child_fields) <= RT_ITEM_MAX_FIELDS &&
                   COUNT(exit_fields) <= RT_ITEM_MAX_FIELDS,
               "every kind fits RT_ITEM_MAX_FIELDS");

const char *rt_item_kind_name(rt_item_kind k)
{
    return (unsigned)k < RT_ITEM_KIND_COUNT ? kinds[k].name : "unknown";
}

const char *rt_item_kind_label(rt_item_kind k)
{
    return (unsigned)k < RT_ITEM_KIND_COUNT ? kinds[k].label : "Unknown";
}

rt_status rt_item_kind_parse(const char *name, rt_item_kind *out)
{
    for (int i = 0; name && i < RT_ITEM_KIND_COUNT; i++)
        if (strcmp(name, kinds[i].name) == 0) {
            *out = (rt_item_kind)i;
            return RT_OK;
        }
    return RT_EINVAL;
}

bool rt_item_kind_single(rt_item_kind k)
{
    return (unsigned)k < RT_ITEM_KIND_COUNT && kinds[k].single;
}

const rt_field_spec *rt_item_fields(rt_item_kind k, size_t *n)
{
    if ((unsigned)k >= RT_ITEM_KIND_COUNT) {
        *n = 0;
        return NULL;
    }
    *n = kinds[k].n;
    return kinds[k].fields;
}

int rt_item_field_index(rt_item_kind k, const char *key)
{
    size_t n;
    const rt_field_spec *f = rt_item_fields(k, &n);
    for (size_t i = 0; key && i < n; i++)
        if (strcmp(f[i].key, key) == 0)
            return (int)i;
    return -1;
}

/* The value of key in an item of kind k, or NULL. */
static const char *value_of(rt_item_kind k, char *const *values, const char *key)
{
    int i = rt_item_field_index(k, key);
    return i >= 0 && values ? values[i] : NULL;
}

static bool is(const char *v, const char *want)
{
    return v && strcmp(v, want) == 0;
}

/* Normalises and checks each field of specs[0..n) into errs. */
static rt_status check_fields(const rt_field_spec *specs, size_t n, char **values, rt_date today,
                              rt_field_error *errs, size_t *n_errs)
{
    for (size_t i = 0; i < n; i++) {
        rt_status st = rt_field_normalise(&specs[i], &values[i]);
        if (st != RT_OK)
            return st;
        const char *m = rt_field_check(&specs[i], values[i], today);
        if (m && *n_errs < RT_ITEM_MAX_FIELDS)
            errs[(*n_errs)++] = (rt_field_error){specs[i].key, m};
    }
    return RT_OK;
}

/* Adds a problem for key unless that key already has one. */
static void add_error(rt_field_error *errs, size_t *n_errs, const char *key, const char *message)
{
    for (size_t i = 0; i < *n_errs; i++)
        if (strcmp(errs[i].key, key) == 0)
            return;
    if (*n_errs < RT_ITEM_MAX_FIELDS)
        errs[(*n_errs)++] = (rt_field_error){key, message};
}

rt_status rt_item_check(rt_item_kind k, char **values, char *const *intake, rt_date today,
                        rt_field_error *errs, size_t *n_errs)
{
    *n_errs = 0;
    size_t n;
    const rt_field_spec *specs = rt_item_fields(k, &n);
    if (!specs)
        return RT_EINVAL;
    rt_status st = check_fields(specs, n, values, today, errs, n_errs);
    if (st != RT_OK)
        return st;
#define V(key) value_of(k, values, key)
    switch (k) {
    case RT_ITEM_SAFE_CONTACT:
        if (is(V("phone_safe"), "yes") && !V("phone"))
            add_error(errs, n_errs, "phone", "is required when the phone is safe to call");
        if (is(V("email_safe"), "yes") && !V("email"))
            add_error(errs, n_errs, "email", "is required when e-mail is safe");
        break;
    case RT_ITEM_CONTACT:
        if (is(V("outcome"), "failed") && !V("failure"))
            add_error(errs, n_errs, "failure", "is required when contact could not be made");
        if (is(V("outcome"), "made") && V("failure"))
            add_error(errs, n_errs, "failure", "is only for contact that could not be made");
        if (is(V("outcome"), "made") &&
            (is(V("channel"), "call") || is(V("channel"), "in_person")) && !V("safe_to_talk"))
            add_error(errs, n_errs, "safe_to_talk", "must be asked at every contact");
        if (is(V("failure"), "other") && !V("note"))
            add_error(errs, n_errs, "note", "must say why contact failed");
        break;
    case RT_ITEM_PLAN:
        if (is(V("status"), "not_possible") && !V("reason"))
            add_error(errs, n_errs, "reason", "is required when an item is not possible");
        if (is(V("status"), "done") && !V("done_on"))
            add_error(errs, n_errs, "done_on", "is required when an item is done");
        break;
    case RT_ITEM_CHILD:
        if (is(V("csc_referral"), "yes") && !V("csc_referral_date"))
            add_error(errs, n_errs, "csc_referral_date", "is required when a referral was made");
        break;
    case RT_ITEM_EXIT:
        /* Each abuse type present at intake is measured again at exit. */
        for (int t = 0; t < RT_ABUSE_COUNT; t++) {
            const char *at_intake = intake ? intake[t] : NULL;
            const char *now = values[t];
            if (is(at_intake, "yes") && (!now || is(now, "none")))
                add_error(errs, n_errs, abuse_names[t],
                          "was present at intake: say how it changed");
            else if (!is(at_intake, "yes") && now && !is(now, "none"))
                add_error(errs, n_errs, abuse_names[t], "was not present at intake");
        }
        break;
    default:
        break;
    }
#undef V
    return *n_errs ? RT_EINVAL : RT_OK;
}

const rt_field_spec *rt_closure_fields(size_t *n)
{
    *n = COUNT(closure_fields);
    return closure_fields;
}

rt_status rt_closure_check(char **values, bool has_exit, rt_date today, rt_field_error *errs,
                           size_t *n_errs)
{
    *n_errs = 0;
    rt_status st = check_fields(closure_fields, COUNT(closure_fields), values, today, errs, n_errs);
    if (st != RT_OK)
        return st;
    if (is(values[0], "other") && !values[1])
        add_error(errs, n_errs, "reason_other", "is required when the reason is other");
    if (!has_exit && !values[2])
        add_error(errs, n_errs, "exit_not_taken",
                  "is required: record the exit measures, or say why they could not be taken");
    return *n_errs ? RT_EINVAL : RT_OK;
}

const char *rt_item_status(rt_item_kind k, char *const *values)
{
    return k == RT_ITEM_TASK || k == RT_ITEM_PLAN ? value_of(k, values, "status") : NULL;
}

const char *rt_item_due(rt_item_kind k, char *const *values)
{
    return k == RT_ITEM_TASK || k == RT_ITEM_PLAN ? value_of(k, values, "due") : NULL;
}

bool rt_item_finished(rt_item_kind k, const char *status)
{
    if (k == RT_ITEM_TASK)
        return is(status, "done");
    if (k == RT_ITEM_PLAN)
        return is(status, "done") || is(status, "not_possible");
    return false;
}

/* ---- safe contact ------------------------------------------------------- */

rt_status rt_safe_contact_permits(char *const *safe, const char *channel, const char **why)
{
    static const struct {
        const char *channel, *field, *refusal;
    } rules[] = {
        {"call", "phone_safe", "The phone is not marked safe to call."},
        {"voicemail", "voicemail_safe", "It is not marked safe to leave a voicemail."},
        {"text", "text_safe", "It is not marked safe to text."},
        {"letter", "post_safe", "It is not marked safe to write to the person."},
        {"email", "email_safe", "E-mail is not marked safe."},
        {"in_person", NULL, NULL},
    };
    for (size_t i = 0; i < COUNT(rules); i++) {
        if (!channel || strcmp(channel, rules[i].channel) != 0)
            continue;
        if (!rules[i].field)
            return RT_OK;
        if (!safe) {
            *why = "No safe contact details are recorded: record them before making contact "
                   "other than in person.";
            return RT_EDENIED;
        }
        if (is(value_of(RT_ITEM_SAFE_CONTACT, safe, rules[i].field), "yes"))
            return RT_OK;
        *why = rules[i].refusal;
        return RT_EDENIED;
    }
    *why = "unknown way of making contact";
    return RT_EINVAL;
}

/* ---- allocation --------------------------------------------------------- */

void rt_caseload_rules_default(rt_caseload_rules *r)
{
    *r = (rt_caseload_rules){.open_per_fte = 25,
                             .unsafe_per_fte = 30,
                             .year_per_fte = 80,
                             .first_contact_days = 2,
                             .long_open_days = 180};
}

rt_status rt_caseload_rules_check(const rt_caseload_rules *r, const char **field)
{
    if (r->open_per_fte < 1 || r->open_per_fte > 1000)
        *field = "open_per_fte";
    else if (r->unsafe_per_fte < r->open_per_fte || r->unsafe_per_fte > 1000)
        *field = "unsafe_per_fte";
    else if (r->year_per_fte < 1 || r->year_per_fte > 1000)
        *field = "year_per_fte";
    else if (r->first_contact_days < 1 || r->first_contact_days > 1000)
        *field = "first_contact_days";
    else if (r->long_open_days < 1 || r->long_open_days > 3650)
        *field = "long_open_days";
    else
        return RT_OK;
    return RT_EINVAL;
}

static const char *const spec_names[RT_SPEC_COUNT] = {"young_people", "hospital", "male_victims",
                                                      "lgbt", "minoritised"};
static const char *const spec_labels[RT_SPEC_COUNT] = {
    "Young people", "Hospital-based", "Male victims", "LGBT+",
    "By and for minoritised communities"};

const char *rt_specialism_name(rt_specialism s)
{
    return (unsigned)s < RT_SPEC_COUNT ? spec_names[s] : "unknown";
}

const char *rt_specialism_label(rt_specialism s)
{
    return (unsigned)s < RT_SPEC_COUNT ? spec_labels[s] : "Unknown";
}

rt_status rt_specialisms_parse(const char *s, unsigned *out, const char **bad)
{
    unsigned set = 0;
    if (strcmp(s, "none") == 0) {
        *out = 0;
        return RT_OK;
    }
    for (const char *p = s;;) {
        while (*p == ' ')
            p++;
        size_t len = strcspn(p, ",");
        size_t end = len;
        while (end && p[end - 1] == ' ')
            end--;
        int found = -1;
        for (int i = 0; i < RT_SPEC_COUNT; i++)
            if (strlen(spec_names[i]) == end && strncmp(p, spec_names[i], end) == 0)
                found = i;
        if (found < 0 || (set >> found & 1u)) {
            if (bad)
                *bad = p;
            return RT_EINVAL;
        }
        set |= 1u << found;
        if (!p[len])
            break;
        p += len + 1;
    }
    *out = set;
    return RT_OK;
}

rt_status rt_specialisms_format(unsigned set, char *out, size_t n)
{
    size_t used = 0;
    if (n)
        out[0] = '\0';
    for (int i = 0; i < RT_SPEC_COUNT; i++) {
        if (!(set >> i & 1u))
            continue;
        int w = snprintf(out + used, n - used, "%s%s", used ? "," : "", spec_names[i]);
        if (w < 0 || (size_t)w >= n - used) {
            if (n)
                out[0] = '\0';
            return RT_ETOOBIG;
        }
        used += (size_t)w;
    }
    return RT_OK;
}

unsigned rt_case_needs_of(const char *dob, const char *gender, const char *lgbt,
                          const char *minoritised, bool health_referrer, rt_date today)
{
    unsigned needs = 0;
    rt_date born;
    if (dob && rt_date_parse(dob, &born) == RT_OK) {
        int age = rt_date_years_between(born, today);
        if (age >= 16 && age <= 17)
            needs |= 1u << RT_SPEC_YOUNG_PEOPLE;
    }
    if (is(gender, "male"))
        needs |= 1u << RT_SPEC_MALE_VICTIMS;
    if (is(lgbt, "yes"))
        needs |= 1u << RT_SPEC_LGBT;
    if (is(minoritised, "yes"))
        needs |= 1u << RT_SPEC_MINORITISED;
    if (health_referrer)
        needs |= 1u << RT_SPEC_HOSPITAL;
    return needs;
}

/* True if list (comma-separated, case-insensitive ASCII) holds word. */
static bool list_has(const char *list, const char *word)
{
    if (!list || !word || !*word)
        return false;
    size_t wl = strlen(word);
    for (const char *p = list;;) {
        while (*p == ' ')
            p++;
        size_t len = strcspn(p, ",");
        size_t end = len;
        while (end && p[end - 1] == ' ')
            end--;
        if (end == wl) {
            size_t i = 0;
            while (i < wl && (p[i] | 0x20) == (word[i] | 0x20))
                i++;
            if (i == wl)
                return true;
        }
        if (!p[len])
            return false;
        p += len + 1;
    }
}

static int popcount(unsigned x)
{
    int n = 0;
    for (; x; x &= x - 1)
        n++;
    return n;
}

static int option_cmp(const void *a, const void *b)
{
    const rt_idva_option *x = a, *y = b;
    if (x->warning != y->warning)
        return x->warning < y->warning ? -1 : 1;
    int mx = popcount(x->matched) + x->language_match + x->area_match;
    int my = popcount(y->matched) + y->language_match + y->area_match;
    if (mx != my)
        return mx > my ? -1 : 1;
    /* Room left as a share of capacity: a part-time Idva with 5 of 12 is
     * fuller than a full-time one with 10 of 25. */
    double rx = (double)(x->capacity - x->open) / (x->capacity > 0 ? x->capacity : 1);
    double ry = (double)(y->capacity - y->open) / (y->capacity > 0 ? y->capacity : 1);
    if (rx != ry)
        return rx > ry ? -1 : 1;
    int c = strcmp(x->name ? x->name : "", y->name ? y->name : "");
    return c ? c : strcmp(x->user_id ? x->user_id : "", y->user_id ? y->user_id : "");
}

/* x (not negative) to the nearest whole number, halves up. */
static int round_half_up(double x)
{
    return (int)(x + 0.5);
}

void rt_allocation_rank(const rt_caseload_rules *rules, const rt_case_needs *needs,
                        rt_idva_option *opts, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        rt_idva_option *o = &opts[i];
        o->capacity = round_half_up(rules->open_per_fte * o->fte);
        o->unsafe = round_half_up(rules->unsafe_per_fte * o->fte);
        o->year_capacity = round_half_up(rules->year_per_fte * o->fte);
        o->matched = o->specialisms & needs->specialisms;
        o->language_match = list_has(o->languages, needs->language);
        o->area_match = rt_postcode_in_areas(needs->postcode, o->areas);
        int open = o->open + 1;
        o->warning = open > o->unsafe                    ? RT_LOAD_UNSAFE
                     : open > o->capacity                ? RT_LOAD_OVER
                     : o->this_year + 1 > o->year_capacity ? RT_LOAD_YEAR
                                                         : RT_LOAD_FINE;
    }
    qsort(opts, n, sizeof *opts, option_cmp);
}

void rt_load_warning_text(const rt_idva_option *o, char *out, size_t n)
{
    switch (o->warning) {
    case RT_LOAD_FINE:
        snprintf(out, n, "%s", "");
        break;
    case RT_LOAD_YEAR:
        snprintf(out, n, "would have %d new cases in 12 months; %d is the yearly load for %.1f FTE",
                 o->this_year + 1, o->year_capacity, o->fte);
        break;
    case RT_LOAD_OVER:
        snprintf(out, n, "would have %d open cases; %d is a safe caseload for %.1f FTE",
                 o->open + 1, o->capacity, o->fte);
        break;
    case RT_LOAD_UNSAFE:
        snprintf(out, n, "would have %d open cases; over %d is not safe for %.1f FTE", o->open + 1,
                 o->unsafe, o->fte);
        break;
    }
}

/* ---- working days ------------------------------------------------------- */

/* 0 Monday .. 6 Sunday. 1970-01-01 was a Thursday. */
static int weekday(int64_t days)
{
    return (int)(((days % 7) + 7 + 3) % 7);
}

rt_date rt_working_days_add(rt_date d, int n)
{
    int64_t days = rt_date_to_days(d);
    while (n > 0) {
        days++;
        if (weekday(days) < 5)
            n--;
    }
    return rt_date_from_unix(days * 86400);
}

int rt_working_days_between(rt_date from, rt_date to)
{
    int64_t a = rt_date_to_days(from), b = rt_date_to_days(to);
    int n = 0;
    for (int64_t d = a + 1; d <= b; d++)
        n += weekday(d) < 5;
    return n;
}

/* ---- outcomes ----------------------------------------------------------- */

bool rt_outcome_add(rt_outcome_tally *t, char *const *intake, char *const *exit)
{
    if (!intake || !exit)
        return false;
    t->cases++;
    bool any = false, all_stopped = true;
    for (int a = 0; a < RT_ABUSE_COUNT; a++) {
        if (!is(intake[a], "yes"))
            continue;
        any = true;
        t->type_cases[a]++;
        if (is(exit[a], "stopped"))
            t->type_stopped[a]++;
        else
            all_stopped = false;
    }
    if (any) {
        t->abuse_cases++;
        t->abuse_stopped += all_stopped;
    }
    const char *safer = value_of(RT_ITEM_EXIT, exit, "feels_safer");
    const char *life = value_of(RT_ITEM_EXIT, exit, "life_better");
    if (is(safer, "yes") || is(safer, "no")) {
        t->safer_asked++;
        t->safer_yes += is(safer, "yes");
    }
    if (is(life, "yes") || is(life, "no")) {
        t->life_asked++;
        t->life_yes += is(life, "yes");
    }
    t->support_yes += is(value_of(RT_ITEM_EXIT, exit, "support_accepted"), "yes");
    return true;
}

void rt_outcome_add_engagement(rt_outcome_tally *t, int contacts, int days, int first_contact)
{
    t->contacts += contacts;
    t->days += days;
    if (first_contact >= 0) {
        t->timed++;
        t->on_time += first_contact;
    }
}

int rt_percent(int part, int whole)
{
    if (whole <= 0)
        return -1;
    return (int)((200L * part + whole) / (2L * whole));
}
