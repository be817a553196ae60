/* marac.c: the Marac meeting cycle as rules; see marac.h. */
#include "marac.h"

#include <string.h>
#include "casework.h"

#define COUNT(a) (sizeof(a) / sizeof((a)[0]))

/* Looks name up in names[0..n); RT_EINVAL when absent. */
static rt_status parse(const char *const *names, int n, const char *name, int *out)
{
    for (int i = 0; name && i < n; i++)
        if (strcmp(names[i], name) == 0) {
            *out = i;
            return RT_OK;
        }
    return RT_EINVAL;
}

/* ---- meetings ----------------------------------------------------------- */

static const char *const meeting_names[RT_MEETING_STATUS_COUNT] = {"scheduled", "released",
                                                                   "held", "approved"};
static const char *const meeting_labels[RT_MEETING_STATUS_COUNT] = {
    "Scheduled: list being made", "List released for research", "Held: minutes in draft",
    "Minutes approved"};

const char *rt_meeting_status_name(rt_meeting_status s)
{
    return (unsigned)s < RT_MEETING_STATUS_COUNT ? meeting_names[s] : "unknown";
}

const char *rt_meeting_status_label(rt_meeting_status s)
{
    return (unsigned)s < RT_MEETING_STATUS_COUNT ? meeting_labels[s] : "Unknown";
}

rt_status rt_meeting_status_parse(const char *name, rt_meeting_status *out)
{
    int i;
    rt_status st = parse(meeting_names, RT_MEETING_STATUS_COUNT, name, &i);
    if (st == RT_OK)
        *out = (rt_meeting_status)i;
    return st;
}

void rt_marac_rules_default(rt_marac_rules *r)
{
    *r = (rt_marac_rules){.minutes_per_case = 15, .meeting_minutes = 240, .release_days = 8,
                          .cutoff_days = 10};
}

/* The date n working days before d. */
static rt_date working_days_before(rt_date d, int n)
{
    int64_t days = rt_date_to_days(d);
    while (n > 0) {
        days--;
        /* 1970-01-01 was a Thursday: Monday is 0 here. */
        if (((days % 7) + 7 + 3) % 7 < 5)
            n--;
    }
    return rt_date_from_unix(days * 86400);
}

rt_date rt_meeting_cutoff(const rt_marac_rules *r, rt_date day)
{
    return working_days_before(day, r->cutoff_days);
}

rt_date rt_meeting_release(const rt_marac_rules *r, rt_date day)
{
    return working_days_before(day, r->release_days);
}

rt_status rt_meeting_move_check(rt_meeting_status from, rt_meeting_status to, const char **why)
{
    if ((unsigned)from >= RT_MEETING_STATUS_COUNT || (unsigned)to >= RT_MEETING_STATUS_COUNT ||
        to == RT_MEETING_SCHEDULED) {
        *why = "must be released, held or approved";
        return RT_EINVAL;
    }
    if ((int)to == (int)from + 1)
        return RT_OK;
    *why = to == RT_MEETING_RELEASED ? "the list has been released already"
           : to == RT_MEETING_HELD   ? "a meeting is held after its list is released"
                                     : "minutes are approved after the meeting is held";
    return RT_EINVAL;
}

rt_date rt_minutes_due(rt_date held)
{
    return rt_working_days_add(held, 3);
}

rt_date rt_feedback_due(rt_date heard)
{
    return rt_working_days_add(heard, 2);
}

bool rt_listing_eligible(bool assessed, bool marac_eligible, rt_date referred, rt_date cutoff)
{
    return assessed && marac_eligible && rt_date_cmp(referred, cutoff) <= 0;
}

bool rt_list_too_long(const rt_marac_rules *r, size_t n)
{
    return (long long)n * r->minutes_per_case > r->meeting_minutes;
}

/* ---- listing ------------------------------------------------------------ */

static const char *const listing_names[RT_LIST_COUNT] = {"new", "repeat", "twelve_months"};
static const char *const listing_labels[RT_LIST_COUNT] = {"New", "Repeat",
                                                          "12 months passed"};

const char *rt_listing_name(rt_listing l)
{
    return (unsigned)l < RT_LIST_COUNT ? listing_names[l] : "unknown";
}

const char *rt_listing_label(rt_listing l)
{
    return (unsigned)l < RT_LIST_COUNT ? listing_labels[l] : "Unknown";
}

rt_status rt_listing_parse(const char *name, rt_listing *out)
{
    int i;
    rt_status st = parse(listing_names, RT_LIST_COUNT, name, &i);
    if (st == RT_OK)
        *out = (rt_listing)i;
    return st;
}

rt_listing rt_listing_of(rt_date referred, const rt_date *last_heard)
{
    if (!last_heard)
        return RT_LIST_NEW;
    return rt_date_within_months(*last_heard, referred, 12) ? RT_LIST_REPEAT
                                                             : RT_LIST_TWELVE_MONTHS;
}

rt_agenda_section rt_agenda_section_of(const rt_agenda_case *c)
{
    if (c->listing == RT_LIST_TWELVE_MONTHS)
        return RT_AGENDA_TWELVE_MONTHS;
    return c->children > 0 ? RT_AGENDA_CHILDREN : RT_AGENDA_ADULTS;
}

const char *rt_agenda_section_label(rt_agenda_section s)
{
    static const char *const labels[RT_AGENDA_SECTION_COUNT] = {
        "New cases and repeats with children", "Cases without children",
        "Cases where 12 months have passed"};
    return (unsigned)s < RT_AGENDA_SECTION_COUNT ? labels[s] : "Unknown";
}

int rt_agenda_cmp(const void *a, const void *b)
{
    const rt_agenda_case *x = a, *y = b;
    rt_agenda_section sx = rt_agenda_section_of(x), sy = rt_agenda_section_of(y);
    if (sx != sy)
        return sx < sy ? -1 : 1;
    if (x->score != y->score)
        return x->score > y->score ? -1 : 1;
    int c = strcmp(x->referred_on, y->referred_on);
    return c ? c : strcmp(x->id, y->id);
}

double rt_cases_per_10k(int cases, int days, long population)
{
    if (population <= 0 || days <= 0)
        return -1;
    return (double)cases * 365.0 / (double)days * 10000.0 / (double)population;
}

/* ---- actions ------------------------------------------------------------ */

static const char *const action_names[RT_ACTION_STATUS_COUNT] = {"open", "done", "not_possible",
                                                                 "not_done"};
static const char *const action_labels[RT_ACTION_STATUS_COUNT] = {"Open", "Done",
                                                                  "Not possible", "Not done"};

const char *rt_action_status_name(rt_action_status s)
{
    return (unsigned)s < RT_ACTION_STATUS_COUNT ? action_names[s] : "unknown";
}

const char *rt_action_status_label(rt_action_status s)
{
    return (unsigned)s < RT_ACTION_STATUS_COUNT ? action_labels[s] : "Unknown";
}

rt_status rt_action_status_parse(const char *name, rt_action_status *out)
{
    int i;
    rt_status st = parse(action_names, RT_ACTION_STATUS_COUNT, name, &i);
    if (st == RT_OK)
        *out = (rt_action_status)i;
    return st;
}

rt_status rt_action_move_check(rt_action_status from, rt_action_status to, const char *reason,
                               const char **field, const char **why)
{
    static const bool allowed[RT_ACTION_STATUS_COUNT][RT_ACTION_STATUS_COUNT] = {
        [RT_ACTION_OPEN] = {[RT_ACTION_DONE] = true, [RT_ACTION_NOT_POSSIBLE] = true,
                            [RT_ACTION_NOT_DONE] = true},
        [RT_ACTION_NOT_DONE] = {[RT_ACTION_DONE] = true, [RT_ACTION_NOT_POSSIBLE] = true},
    };
    *field = "status";
    if ((unsigned)from >= RT_ACTION_STATUS_COUNT || (unsigned)to >= RT_ACTION_STATUS_COUNT) {
        *why = "must be one of open, done, not_possible, not_done";
        return RT_EINVAL;
    }
    if (!allowed[from][to]) {
        *why = from == RT_ACTION_DONE ? "a done action stays done"
               : from == RT_ACTION_NOT_POSSIBLE
                   ? "an action marked not possible stays so; the meeting may agree a new one"
                   : "an action cannot move back to open";
        return RT_EINVAL;
    }
    if ((to == RT_ACTION_NOT_POSSIBLE || to == RT_ACTION_NOT_DONE) &&
        !rt_reason_acceptable(reason, RT_ACTION_MIN_REASON)) {
        *field = "reason";
        *why = to == RT_ACTION_NOT_POSSIBLE ? "must say what changed (at least 10 characters)"
                                            : "must say why it was not done (at least 10 "
                                              "characters)";
        return RT_EINVAL;
    }
    return RT_OK;
}

bool rt_action_incomplete(rt_action_status s)
{
    return s == RT_ACTION_OPEN || s == RT_ACTION_NOT_DONE || s == RT_ACTION_NOT_POSSIBLE;
}

bool rt_action_overdue(rt_action_status s, const char *due, rt_date today)
{
    rt_date d;
    if ((s != RT_ACTION_OPEN && s != RT_ACTION_NOT_DONE) || !due || rt_date_parse(due, &d) != RT_OK)
        return false;
    return rt_date_cmp(d, today) < 0;
}

/* ---- fields ------------------------------------------------------------- */

static const rt_choice yes_no[] = {{"yes", "Yes"}, {"no", "No"}, {NULL, NULL}};

#define F(k, l, h, t, req, max, ch) {k, l, h, t, req, true, max, ch, RT_DETAIL_FULL, false, 0}

static const rt_field_spec action_fields[] = {
    F("text", "Action", "Specific and measurable: what, by whom, by when", RT_FT_LONGTEXT, true,
      2000, NULL),
    F("agency", "Owning agency", "The agency's code", RT_FT_TEXT, true, 64, NULL),
    F("owner", "Person responsible", NULL, RT_FT_TEXT, true, 200, NULL),
    F("due", "Due", NULL, RT_FT_DUE_DATE, true, 10, NULL),
};

static const rt_field_spec hearing_fields[] = {
    F("views", "The person's views and wishes", "As the Idva gives them", RT_FT_LONGTEXT, false,
      4000, NULL),
    F("shared", "What agencies shared", NULL, RT_FT_LONGTEXT, false, 8000, NULL),
    F("children_risk", "Risk to children", NULL, RT_FT_LONGTEXT, false, 4000, NULL),
    F("crimes", "Crimes disclosed", "For police crime recording", RT_FT_LONGTEXT, false, 4000,
      NULL),
};

static const rt_field_spec research_fields[] = {
    F("facts", "What your agency holds: facts", "Dates, events, records", RT_FT_LONGTEXT, false,
      8000, NULL),
    F("opinion", "Professional opinion", "Kept apart from the facts", RT_FT_LONGTEXT, false, 4000,
      NULL),
    F("withheld", "Anything not shared", NULL, RT_FT_LONGTEXT, false, 2000, NULL),
    F("withheld_reason", "Why it is not shared", NULL, RT_FT_LONGTEXT, false, 2000, NULL),
    F("flagged", "Your agency has flagged its own records", NULL, RT_FT_CHOICE, true, 3, yes_no),
};

const rt_field_spec *rt_action_fields(size_t *n)
{
    *n = COUNT(action_fields);
    return action_fields;
}

const rt_field_spec *rt_hearing_fields(size_t *n)
{
    *n = COUNT(hearing_fields);
    return hearing_fields;
}

const rt_field_spec *rt_research_fields(size_t *n)
{
    *n = COUNT(research_fields);
    return research_fields;
}

rt_status rt_research_check(char **values, rt_date today, rt_field_error *errs, size_t *n_errs)
{
    *n_errs = 0;
    for (size_t i = 0; i < COUNT(research_fields); i++) {
        rt_status st = rt_field_normalise(&research_fields[i], &values[i]);
        if (st != RT_OK)
            return st;
        const char *m = rt_field_check(&research_fields[i], values[i], today);
        if (m && *n_errs < 8)
            errs[(*n_errs)++] = (rt_field_error){research_fields[i].key, m};
    }
    if (values[2] && !values[3] && *n_errs < 8)
        errs[(*n_errs)++] = (rt_field_error){"withheld_reason",
                                             "is required when something is not shared"};
    return *n_errs ? RT_EINVAL : RT_OK;
}
