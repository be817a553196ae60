/* risk.c: the Dash and the Marac criteria; see risk.h. */
#include "risk.h"

#include <string.h>

/* Short topic labels in our own words (dash.md); the official wording is
 * copyrighted and is loaded from a file by deployments that hold a
 * licence. */
#define CURRENT "Current situation"
static const rt_risk_item dash_items[] = {
    {"1", "Current incident caused injury", CURRENT},
    {"2", "Victim very frightened", CURRENT},
    {"3", "What the victim is afraid of", CURRENT},
    {"4", "Isolated from family or friends", CURRENT},
    {"5", "Depressed or having suicidal thoughts", CURRENT},
    {"6", "Separated or tried to separate in the past year", CURRENT},
    {"7", "Conflict over child contact", CURRENT},
    {"8", "Constant texting, calling, following, stalking or harassment", CURRENT},
    {"9", "Pregnant or had a baby in the past 18 months", CURRENT},
    {"10", "Abuse happening more often", CURRENT},
    {"11", "Abuse getting worse", CURRENT},
    {"12", "Tries to control everything or is excessively jealous", CURRENT},
    {"13", "Used weapons or objects to hurt", CURRENT},
    {"14", "Threatened to kill the victim or someone else, and was believed", CURRENT},
    {"15", "Attempted to strangle, choke, suffocate or drown", CURRENT},
    {"16", "Sexual abuse or degrading sexual behaviour", CURRENT},
    {"17", "Another person has threatened the victim or is feared", CURRENT},
    {"18", "Known to have hurt anyone else", CURRENT},
    {"19", "Mistreated an animal or pet", CURRENT},
    {"20", "Financial issues", CURRENT},
    {"21", "Problems in the past year with drugs, alcohol or mental health", CURRENT},
    {"22", "Threatened or attempted suicide", CURRENT},
    {"23", "Broken bail, an injunction or an agreement about contact", CURRENT},
    {"24", "In trouble with the police or has a criminal history", CURRENT},
};

static const rt_risk_tool dash = {
    .id = "safelives-dash",
    .version = "2009-roundtable-labels-1",
    .name = "SafeLives Dash risk checklist",
    .items = dash_items,
    .n_items = sizeof dash_items / sizeof dash_items[0],
    .medium_from = 10,
    .high_from = 14,
    .visible_high_from = 14,
    .escalation_incidents = 3,
    .escalation_months = 12,
    .repeat_months = 12,
    .stalking_item = "8",
};

const rt_risk_tool *rt_risk_default_tool(void)
{
    return &dash;
}

#define STALKING "Stalking and harassment (S-DASH)"
static const rt_risk_item sdash_items[] = {
    {"1", "Very frightened of the person's behaviour", STALKING},
    {"2", "Has stalked or harassed anyone before", STALKING},
    {"3", "Has damaged or destroyed property", STALKING},
    {"4", "Turns up unannounced more than three times a week", STALKING},
    {"5", "Follows the victim or waits near home or work", STALKING},
    {"6", "Has threatened physical or sexual violence", STALKING},
    {"7", "Has harassed family, friends or colleagues", STALKING},
    {"8", "Has been violent to anyone else", STALKING},
    {"9", "Has drawn others, including children, into it", STALKING},
    {"10", "Has problems with drugs, alcohol or mental health", STALKING},
    {"11", "Has been abusive to the victim or others before", STALKING},
};

static const rt_risk_tool sdash = {
    .id = "sdash",
    .version = "2011-roundtable-labels-1",
    .name = "S-DASH stalking and harassment screening",
    .items = sdash_items,
    .n_items = sizeof sdash_items / sizeof sdash_items[0],
};

const rt_risk_tool *rt_risk_sdash_tool(void)
{
    return &sdash;
}

int rt_risk_count_yes(const char *answers)
{
    int n = 0;
    for (; answers && *answers; answers++)
        n += *answers == 'y';
    return n;
}

int rt_risk_item_index(const rt_risk_tool *tool, const char *id)
{
    for (size_t i = 0; id && i < tool->n_items; i++)
        if (strcmp(tool->items[i].id, id) == 0)
            return (int)i;
    return -1;
}

rt_status rt_answer_parse(const char *s, rt_answer *out)
{
    static const struct {
        const char *name;
        rt_answer a;
    } names[] = {{"yes", RT_ANSWER_YES}, {"no", RT_ANSWER_NO}, {"dont_know", RT_ANSWER_DONT_KNOW}};
    for (size_t i = 0; s && i < sizeof names / sizeof names[0]; i++)
        if (strcmp(s, names[i].name) == 0) {
            *out = names[i].a;
            return RT_OK;
        }
    return RT_EINVAL;
}

/* True if s holds something other than white space. */
static bool has_text(const char *s)
{
    for (; s && *s; s++)
        if (*s != ' ' && *s != '\t' && *s != '\n' && *s != '\r')
            return true;
    return false;
}

rt_status rt_risk_score(const rt_risk_input *in, rt_risk_result *out, const char **field)
{
    const rt_risk_tool *t = in->tool;
    *field = NULL;
    if (!t || t->n_items > RT_RISK_MAX_ITEMS) {
        *field = "tool";
        return RT_EINVAL;
    }
    if (in->judgement && !has_text(in->rationale)) {
        *field = "professional_judgement.rationale";
        return RT_EINVAL;
    }
    if (in->police_incidents < 0) {
        *field = "police_incidents_12m";
        return RT_EINVAL;
    }
    rt_risk_result r = {0};
    for (size_t i = 0; i < t->n_items; i++)
        if (in->answers[i] == RT_ANSWER_YES)
            r.score++;
    r.level = r.score >= t->high_from     ? RT_RISK_HIGH
              : r.score >= t->medium_from ? RT_RISK_MEDIUM
                                          : RT_RISK_STANDARD;
    if (r.score >= t->visible_high_from)
        r.criteria |= 1u << RT_CRIT_VISIBLE_HIGH_RISK;
    if (in->judgement)
        r.criteria |= 1u << RT_CRIT_PROFESSIONAL_JUDGEMENT;
    if (in->police_incidents >= t->escalation_incidents)
        r.criteria |= 1u << RT_CRIT_POTENTIAL_ESCALATION;
    if (in->has_incident && in->has_last_referral &&
        rt_date_within_months(in->last_referral, in->incident, t->repeat_months))
        r.criteria |= 1u << RT_CRIT_REPEAT;
    /* Judgement and escalation raise the level; nothing lowers it. */
    if (r.criteria & (1u << RT_CRIT_PROFESSIONAL_JUDGEMENT | 1u << RT_CRIT_POTENTIAL_ESCALATION))
        r.level = RT_RISK_HIGH;
    r.marac_eligible = r.criteria != 0;
    int s = t->stalking_item ? rt_risk_item_index(t, t->stalking_item) : -1;
    r.offer_sdash = s >= 0 && in->answers[s] == RT_ANSWER_YES;
    *out = r;
    return RT_OK;
}

const char *rt_risk_level_name(rt_risk_level l)
{
    static const char *const names[] = {"standard", "medium", "high"};
    return (unsigned)l <= RT_RISK_HIGH ? names[l] : "unknown";
}

const char *rt_criterion_name(rt_criterion c)
{
    static const char *const names[RT_CRIT_COUNT] = {
        "visible_high_risk", "professional_judgement", "potential_escalation", "repeat"};
    return (unsigned)c < RT_CRIT_COUNT ? names[c] : "unknown";
}
