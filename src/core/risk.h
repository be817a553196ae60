/* risk.h: risk identification checklists and the Marac referral criteria.
 *
 * A checklist (the SafeLives Dash by default) is data: an id, a version,
 * items with stable ids and our own short labels, and the thresholds a
 * deployment may set. rt_risk_score is the one place the rules live:
 * the score, the risk level, and every Marac criterion that applies.
 * Pages, the API and the CLI call it; none repeats it. */
#ifndef RT_CORE_RISK_H
#define RT_CORE_RISK_H

#include <stdbool.h>
#include <stddef.h>
#include "date.h"
#include "status.h"

#define RT_RISK_MAX_ITEMS 64

typedef struct rt_risk_item {
    const char *id;        /* stable: "1".."24" for the Dash */
    const char *label;     /* our own short topic label */
    const char *section;
} rt_risk_item;

typedef struct rt_risk_tool {
    const char *id;            /* "safelives-dash" */
    const char *version;       /* recorded with every result */
    const char *name;
    const rt_risk_item *items;
    size_t n_items;            /* at most RT_RISK_MAX_ITEMS */
    int medium_from;           /* score bands: standard below, medium from here */
    int high_from;             /* high from here */
    int visible_high_from;     /* Marac criterion "visible high risk" */
    int escalation_incidents;  /* police-reported incidents that make "potential escalation" */
    int escalation_months;     /* the window those incidents are counted over */
    int repeat_months;         /* a further incident this soon after the last referral is a repeat */
    const char *stalking_item; /* a yes here offers the S-DASH; NULL if none */
} rt_risk_tool;

/* The SafeLives Dash with national defaults (dash.md): 24 items; bands
 * standard 0-9, medium 10-13, high 14+; visible high risk at 14; 3
 * police-reported incidents in 12 months; repeats within 12 months.
 * Static. */
const rt_risk_tool *rt_risk_default_tool(void);

/* The S-DASH stalking and harassment screening (11 items, our own short
 * labels), offered when the checklist's stalking item is yes. Its answers
 * are recorded with the assessment and its yes count shown; it sets no
 * Marac criterion of its own (stalking is a ground for professional
 * judgement). Static. */
const rt_risk_tool *rt_risk_sdash_tool(void);

/* Number of 'y' letters in answers (a letter per item). */
int rt_risk_count_yes(const char *answers);

/* Index of item id in tool, or -1. */
int rt_risk_item_index(const rt_risk_tool *tool, const char *id);

typedef enum rt_answer {
    RT_ANSWER_NONE,        /* not answered: distinct from "don't know" */
    RT_ANSWER_YES,
    RT_ANSWER_NO,
    RT_ANSWER_DONT_KNOW
} rt_answer;

/* Parses "yes", "no", "dont_know". RT_EINVAL otherwise. */
rt_status rt_answer_parse(const char *s, rt_answer *out);

typedef struct rt_risk_input {
    const rt_risk_tool *tool;
    rt_answer answers[RT_RISK_MAX_ITEMS];  /* by item index */
    int police_incidents;      /* in the tool's escalation window; 0 if none known */
    bool judgement;            /* the assessor judges the risk high */
    const char *rationale;     /* required with judgement */
    bool has_incident;         /* the date of the incident is known */
    rt_date incident;
    bool has_last_referral;    /* the victim was referred to Marac before (same perpetrator) */
    rt_date last_referral;
} rt_risk_input;

typedef enum rt_risk_level {
    RT_RISK_STANDARD,
    RT_RISK_MEDIUM,
    RT_RISK_HIGH
} rt_risk_level;

/* Marac criteria, as bits of rt_risk_result.criteria, in this order. */
typedef enum rt_criterion {
    RT_CRIT_VISIBLE_HIGH_RISK,
    RT_CRIT_PROFESSIONAL_JUDGEMENT,
    RT_CRIT_POTENTIAL_ESCALATION,
    RT_CRIT_REPEAT,
    RT_CRIT_COUNT
} rt_criterion;

typedef struct rt_risk_result {
    int score;                 /* number of yes answers */
    rt_risk_level level;
    bool marac_eligible;       /* any criterion applies */
    unsigned criteria;         /* bit (1u << rt_criterion) for every criterion that applied */
    bool offer_sdash;          /* the stalking item was answered yes */
} rt_risk_result;

/* Scores in: counts the yes answers (only yes counts), bands the score,
 * raises the level to high for professional judgement or potential
 * escalation (never lowers it), and lists every Marac criterion that
 * applies. RT_EINVAL if the input breaks a rule, with *field (static)
 * naming it: judgement without a rationale ("professional_judgement.
 * rationale"), a negative incident count ("police_incidents_12m"). */
rt_status rt_risk_score(const rt_risk_input *in, rt_risk_result *out, const char **field);

/* "standard", "medium", "high"; static. */
const char *rt_risk_level_name(rt_risk_level l);
/* "visible_high_risk", "professional_judgement", "potential_escalation",
 * "repeat"; static. */
const char *rt_criterion_name(rt_criterion c);

#endif
