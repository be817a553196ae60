/* subject_access_doc.c: the subject access export as HTML; see
 * subject_access_doc.h. */
#include "subject_access_doc.h"

#include <stdio.h>
#include <string.h>
#include <time.h>
#include "../core/risk.h"
#include "html.h"

/* For print and screen alike. The pages' CSP forbids inline style, but
 * this document is a download opened from a file, where it does not
 * apply; it carries no script and loads nothing. */
static const char STYLE[] =
    "body{font-family:Arial,Helvetica,sans-serif;line-height:1.5;max-width:46rem;margin:2rem auto;"
    "padding:0 1rem;color:#0b0c0c}"
    "h1{font-size:1.8rem}h2{font-size:1.35rem;margin-top:2.5rem;border-top:2px solid #0b0c0c;"
    "padding-top:.5rem}h3{font-size:1.1rem;margin-top:1.5rem}"
    "dl{display:grid;grid-template-columns:minmax(10rem,1fr) 2fr;gap:.25rem 1rem}"
    "dt{font-weight:bold}dd{margin:0;white-space:pre-line}"
    "table{border-collapse:collapse;width:100%}th,td{text-align:left;vertical-align:top;"
    "border-bottom:1px solid #b1b4b6;padding:.25rem .5rem .25rem 0}"
    ".note{border-left:5px solid #1d70b8;padding:.25rem 1rem;background:#f3f2f1}"
    ".ref{font-family:monospace}"
    "@media print{body{margin:0;max-width:none}h2{break-after:avoid}tr{break-inside:avoid}}";

/* Unix seconds as "22 November 2026, 10:04 UTC". */
static void readable_time(int64_t t, char out[48])
{
    time_t tt = (time_t)t;
    struct tm tm;
    if (!gmtime_r(&tt, &tm) || strftime(out, 48, "%d %B %Y, %H:%M UTC", &tm) == 0)
        snprintf(out, 48, "%s", "an unknown time");
}

static void text_time(rt_buf *b, int64_t t)
{
    char s[48];
    readable_time(t, s);
    rt_html_text(b, s);
}

/* The part of a field key after its group: "phone" for "referrer.phone",
 * with underscores read as spaces, written escaped. */
static void key_words(rt_buf *b, const char *key)
{
    const char *dot = strchr(key, '.');
    char words[64];
    snprintf(words, sizeof words, "%s", dot ? dot + 1 : key);
    for (char *p = words; *p; p++)
        if (*p == '_')
            *p = ' ';
    rt_html_text(b, words);
}

/* The groups of the referral's fields, by key prefix, in the order the
 * document shows them. */
static const struct {
    const char *prefix;  /* "" matches keys with no group */
    const char *title;
} groups[] = {
    {"victim.", "About you"},
    {"consent.", "Whether you knew, and why information was shared"},
    {"referrer.", "The person who made the referral"},
    {"", "About the referral"},
};

static bool in_group(const char *key, const char *prefix)
{
    if (!*prefix)
        return strchr(key, '.') == NULL;
    return strncmp(key, prefix, strlen(prefix)) == 0;
}

static void field_group(rt_buf *b, const rt_referral *r, const char *prefix, const char *title)
{
    const rt_field_spec *specs = rt_referral_fields();
    size_t shown = 0, withheld = 0;
    for (int i = 0; i < RT_RF_COUNT; i++)
        if (in_group(specs[i].key, prefix)) {
            if (specs[i].third_party)
                withheld++;
            else
                shown++;
        }
    if (!shown && !withheld)
        return;
    rt_html_raw(b, "<h3>");
    rt_html_text(b, title);
    rt_html_raw(b, "</h3>\n");
    if (shown) {
        rt_html_raw(b, "<dl>\n");
        for (int i = 0; i < RT_RF_COUNT; i++) {
            if (!in_group(specs[i].key, prefix) || specs[i].third_party)
                continue;
            const char *v = r->field[i];
            const rt_choice *c = rt_field_choice(&specs[i], v);
            rt_html_raw(b, "<dt>");
            rt_html_text(b, specs[i].label);
            rt_html_raw(b, "</dt><dd>");
            rt_html_text(b, c ? c->label : v ? v : "Not recorded");
            rt_html_raw(b, "</dd>\n");
        }
        rt_html_raw(b, "</dl>\n");
    }
    if (withheld) {
        rt_html_raw(b, "<p>Withheld because it is about someone else: ");
        size_t k = 0;
        for (int i = 0; i < RT_RF_COUNT; i++)
            if (in_group(specs[i].key, prefix) && specs[i].third_party) {
                if (k++)
                    rt_html_raw(b, k == withheld ? " and " : ", ");
                key_words(b, specs[i].key);
            }
        rt_html_raw(b, " <span class=\"withheld\">");
        rt_html_text(b, RT_WITHHELD_THIRD_PARTY);
        rt_html_raw(b, "</span></p>\n");
    }
}

static const char *answer_label(char a)
{
    switch (a) {
    case 'y': return "Yes";
    case 'n': return "No";
    case 'd': return "Did not know";
    default: return "Not answered";
    }
}

static void assessment(rt_buf *b, const rt_referral_risk *k)
{
    rt_html_raw(b, "<h3>Risk assessment</h3>\n");
    if (!k->present) {
        rt_html_raw(b, "<p>No risk assessment is held with this referral.</p>\n");
        return;
    }
    const rt_risk_tool *dash = rt_risk_default_tool();
    const rt_risk_tool *tool = strcmp(k->tool, dash->id) == 0 ? dash : NULL;
    char num[64];
    rt_html_raw(b, "<dl>\n<dt>Checklist used</dt><dd>");
    rt_html_text(b, tool ? tool->name : k->tool);
    rt_html_raw(b, " (version ");
    rt_html_text(b, k->version);
    rt_html_raw(b, ")</dd>\n<dt>Questions answered yes</dt><dd>");
    snprintf(num, sizeof num, "%d", k->result.score);
    rt_html_text(b, num);
    rt_html_raw(b, "</dd>\n<dt>Risk level</dt><dd>");
    rt_html_text(b, rt_risk_level_name(k->result.level));
    rt_html_raw(b, "</dd>\n<dt>Meets the criteria for a Marac</dt><dd>");
    rt_html_raw(b, k->result.marac_eligible ? "Yes" : "No");
    rt_html_raw(b, "</dd>\n<dt>Incidents reported to the police in the last 12 months</dt><dd>");
    snprintf(num, sizeof num, "%d", k->police_incidents);
    rt_html_text(b, num);
    rt_html_raw(b, "</dd>\n");
    if (k->judgement) {
        rt_html_raw(b, "<dt>Professional judgement</dt><dd>");
        rt_html_text(b, k->rationale ? k->rationale : "Applied");
        rt_html_raw(b, "</dd>\n");
    }
    rt_html_raw(b, "</dl>\n<table>\n<thead><tr><th scope=\"col\">Question</th>"
                   "<th scope=\"col\">Answer</th></tr></thead>\n<tbody>\n");
    for (size_t i = 0; k->answers[i]; i++) {
        rt_html_raw(b, "<tr><td>");
        if (tool && i < tool->n_items) {
            rt_html_text(b, tool->items[i].label);
        } else {
            snprintf(num, sizeof num, "Question %zu", i + 1);
            rt_html_text(b, num);
        }
        rt_html_raw(b, "</td><td>");
        rt_html_text(b, answer_label(k->answers[i]));
        rt_html_raw(b, "</td></tr>\n");
    }
    rt_html_raw(b, "</tbody>\n</table>\n");
}

static void referral(rt_buf *b, const rt_sar_referral *s)
{
    rt_html_raw(b, "<h2>Referral made on ");
    rt_html_text(b, s->r.field[RT_RF_REFERRAL_DATE] ? s->r.field[RT_RF_REFERRAL_DATE]
                                                    : "an unknown date");
    rt_html_raw(b, "</h2>\n<p>Made by ");
    rt_html_text(b, s->agency_name ? s->agency_name : s->r.agency_code);
    rt_html_raw(b, "; recorded in Roundtable on ");
    text_time(b, s->r.created_at);
    rt_html_raw(b, ". Reference <span class=\"ref\">");
    rt_html_text(b, s->r.id);
    rt_html_raw(b, "</span>.</p>\n");
    for (size_t g = 0; g < sizeof groups / sizeof groups[0]; g++)
        field_group(b, &s->r, groups[g].prefix, groups[g].title);
    assessment(b, &s->r.risk);
}

static void history(rt_buf *b, const rt_subject_access *sa)
{
    rt_html_raw(b, "<h2>Who has seen or changed these records</h2>\n"
                   "<p>Every time someone opened, listed, changed or exported one of these "
                   "referrals, Roundtable recorded it. Staff are shown by their role and "
                   "organisation.</p>\n");
    if (!sa->n_events) {
        rt_html_raw(b, "<p>Nothing is recorded.</p>\n");
        return;
    }
    rt_html_raw(b, "<table>\n<thead><tr><th scope=\"col\">When</th><th scope=\"col\">Who</th>"
                   "<th scope=\"col\">What</th><th scope=\"col\">Result</th>"
                   "<th scope=\"col\">Referral</th></tr></thead>\n<tbody>\n");
    for (size_t i = 0; i < sa->n_events; i++) {
        const rt_sar_event *e = &sa->events[i];
        rt_html_raw(b, "<tr><td>");
        text_time(b, e->at);
        rt_html_raw(b, "</td><td>");
        if (e->system) {
            rt_html_raw(b, "Roundtable itself, or its administrator's command line");
        } else {
            rt_html_text(b, rt_role_label(e->role));
            if (e->agency_name) {
                rt_html_raw(b, ", ");
                rt_html_text(b, e->agency_name);
            }
        }
        rt_html_raw(b, "</td><td>");
        const char *label = rt_subject_access_action_label(e->action);
        rt_html_text(b, label ? label : e->action);
        rt_html_raw(b, "</td><td>");
        if (strcmp(e->outcome, "ok") == 0)
            rt_html_raw(b, "Done");
        else if (strcmp(e->outcome, "denied") == 0)
            rt_html_raw(b, "Refused: nothing was shown");
        else
            rt_html_text(b, e->outcome);
        rt_html_raw(b, "</td><td class=\"ref\">");
        rt_html_text(b, e->referral_id);
        rt_html_raw(b, "</td></tr>\n");
    }
    rt_html_raw(b, "</tbody>\n</table>\n");
}

void rt_subject_access_html(const rt_subject_access *sa, rt_buf *b)
{
    const rt_referral *start = NULL;
    for (size_t i = 0; i < sa->n_referrals; i++)
        if (strcmp(sa->referrals[i].r.id, sa->referral_id) == 0)
            start = &sa->referrals[i].r;
    rt_html_raw(b, "<!doctype html>\n<html lang=\"en-GB\">\n<head>\n<meta charset=\"utf-8\">\n"
                   "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
                   "<title>What Roundtable holds about you</title>\n<style>");
    rt_html_raw(b, STYLE);
    rt_html_raw(b, "</style>\n</head>\n<body>\n<h1>What Roundtable holds about you</h1>\n<p>");
    if (start) {
        rt_html_raw(b, "This is everything Roundtable holds about <strong>");
        rt_html_text(b, start->field[RT_RF_VICTIM_GIVEN_NAME]);
        rt_html_raw(b, " ");
        rt_html_text(b, start->field[RT_RF_VICTIM_FAMILY_NAME]);
        rt_html_raw(b, "</strong>");
        if (start->field[RT_RF_VICTIM_DOB]) {
            rt_html_raw(b, ", born ");
            rt_html_text(b, start->field[RT_RF_VICTIM_DOB]);
        }
        rt_html_raw(b, ". ");
    }
    rt_html_raw(b, "Roundtable is the system the Marac (multi-agency risk assessment "
                   "conference) and the Idva (independent domestic violence advisor) service "
                   "use to keep referrals of people at risk. This document was made on ");
    text_time(b, sa->generated_at);
    rt_html_raw(b, " because you asked for it.</p>\n<p>");
    if (start && start->field[RT_RF_VICTIM_DOB])
        rt_html_raw(b, "It includes every referral with your name and date of birth");
    else
        rt_html_raw(b, "It includes the one referral you asked about: no date of birth is "
                       "recorded on it to find others by");
    char n[32];
    snprintf(n, sizeof n, "%zu", sa->n_referrals);
    rt_html_raw(b, " (");
    rt_html_text(b, n);
    rt_html_raw(b, sa->n_referrals == 1 ? " referral" : " referrals");
    rt_html_raw(b, "). If you have been known by other names, ask us to look for those "
                   "too.</p>\n<div class=\"note\">\n<h2>Information about other people</h2>\n<p>");
    rt_html_text(b, rt_subject_access_withheld_note);
    rt_html_raw(b, " Where something is withheld, this document says ");
    rt_html_text(b, RT_WITHHELD_THIRD_PARTY);
    rt_html_raw(b, ".</p>\n</div>\n<h2>Who to contact</h2>\n<p>");
    rt_html_text(b, rt_subject_access_contact_note);
    rt_html_raw(b, "</p>\n");
    for (size_t i = 0; i < sa->n_referrals; i++)
        referral(b, &sa->referrals[i]);
    history(b, sa);
    rt_html_raw(b, "<h2>About this document</h2>\n<p>Made by Roundtable on ");
    text_time(b, sa->generated_at);
    rt_html_raw(b, ", export format version ");
    snprintf(n, sizeof n, "%d", RT_SUBJECT_ACCESS_VERSION);
    rt_html_text(b, n);
    rt_html_raw(b, ", starting from referral <span class=\"ref\">");
    rt_html_text(b, sa->referral_id);
    rt_html_raw(b, "</span>. The same information comes as a structured file (JSON) for "
                   "other systems.</p>\n</body>\n</html>\n");
}
