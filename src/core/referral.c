/* referral.c: the referral's fields and their rules; see referral.h. */
#include "referral.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const rt_choice gender_choices[] = {
    {"female", "Female"},
    {"male", "Male"},
    {"non_binary", "Non-binary"},
    {"other", "Another gender"},
    {"not_known", "Not known"},
    {NULL, NULL},
};

static const rt_choice safe_choices[] = {
    {"yes", "Yes, safe to call"},
    {"no", "No, not safe to call"},
    {"not_known", "Not known"},
    {NULL, NULL},
};

static const rt_choice known_choices[] = {
    {"yes", "Yes"},
    {"no", "No"},
    {"not_known", "Not known"},
    {NULL, NULL},
};

static const rt_choice aware_choices[] = {
    {"yes", "Yes, the person knows about this referral"},
    {"no", "No"},
    {NULL, NULL},
};

static const rt_choice consent_choices[] = {
    {"yes", "Yes, the person consents to information being shared"},
    {"no", "No, the person does not consent"},
    {"not_asked", "Not asked: it was not safe or not possible"},
    {NULL, NULL},
};

/* Bases in UK data protection law for sharing without consent are the
 * last three; the Marac's information sharing protocol names them. */
static const rt_choice basis_choices[] = {
    {"consent", "Consent"},
    {"prevent_crime", "Necessary to prevent or detect crime"},
    {"protect_safety", "Necessary to protect the person's life or safety"},
    {"safeguarding", "Safeguarding a child or an adult at risk"},
    {NULL, NULL},
};

/* Lengths are generous limits on what a form can hold, not guesses about
 * names: a name field of 100 bytes fits any real name in UTF-8. */
static const rt_field_spec fields[RT_RF_COUNT] = {
    [RT_RF_VICTIM_GIVEN_NAME] = {"victim.given_name", "Given name", NULL,
                                 RT_FT_TEXT, true, true, 100, NULL, RT_DETAIL_SUMMARY, false, 0},
    [RT_RF_VICTIM_FAMILY_NAME] = {"victim.family_name", "Family name", NULL,
                                  RT_FT_TEXT, true, true, 100, NULL, RT_DETAIL_SUMMARY, false, 0},
    [RT_RF_VICTIM_ALIASES] = {"victim.aliases", "Other names used",
                              "Previous or other names, separated by commas",
                              RT_FT_TEXT, false, true, 300, NULL, RT_DETAIL_SUMMARY, false, 0},
    [RT_RF_VICTIM_DOB] = {"victim.dob", "Date of birth", "For example 1990-04-27",
                          RT_FT_BIRTHDATE, false, true, 10, NULL, RT_DETAIL_SUMMARY, false, 0},
    [RT_RF_VICTIM_GENDER] = {"victim.gender", "Gender", NULL,
                             RT_FT_CHOICE, true, false, 16, gender_choices, RT_DETAIL_SUMMARY, false,
                             0},
    [RT_RF_VICTIM_MINORITISED] = {"victim.minoritised",
                                  "Is the person Black, Asian or from a racially minoritised group?",
                                  "Only if known; counted, never shown on lists",
                                  RT_FT_CHOICE, false, false, 16, known_choices,
                                  RT_DETAIL_FULL, false, 0},
    [RT_RF_VICTIM_DISABILITY] = {"victim.disability", "Does the person have a disability?",
                                 "As the Equality Act 2010 defines it", RT_FT_CHOICE, false,
                                 false, 16, known_choices, RT_DETAIL_FULL, false, 0},
    [RT_RF_VICTIM_LGBT] = {"victim.lgbt", "Does the person identify as LGBT+?", NULL,
                           RT_FT_CHOICE, false, false, 16, known_choices, RT_DETAIL_FULL, false, 0},
    [RT_RF_VICTIM_ADDRESS] = {"victim.address", "Address", "Decides which Marac hears the case",
                              RT_FT_LONGTEXT, false, true, 400, NULL, RT_DETAIL_SUMMARY, false, 0},
    [RT_RF_VICTIM_POSTCODE] = {"victim.postcode", "Postcode", NULL,
                               RT_FT_POSTCODE, false, true, 8, NULL, RT_DETAIL_SUMMARY, false, 0},
    [RT_RF_VICTIM_PHONE] = {"victim.phone", "Phone number", NULL,
                            RT_FT_PHONE, false, true, 32, NULL, RT_DETAIL_FULL, false, 0},
    [RT_RF_VICTIM_SAFE_TO_CALL] = {"victim.safe_to_call", "Is it safe to call this number?", NULL,
                                   RT_FT_CHOICE, true, false, 16, safe_choices, RT_DETAIL_FULL, false,
                                   0},
    [RT_RF_VICTIM_EMAIL] = {"victim.email", "Safe email address", NULL,
                            RT_FT_EMAIL, false, true, 254, NULL, RT_DETAIL_FULL, false, 0},
    [RT_RF_VICTIM_SAFE_TIMES] = {"victim.safe_times", "Safe times and ways to make contact", NULL,
                                 RT_FT_LONGTEXT, false, true, 400, NULL, RT_DETAIL_FULL, false, 0},
    [RT_RF_VICTIM_SAFE_VOICEMAIL] = {"victim.safe_voicemail", "Is it safe to leave a voicemail?",
                                     NULL, RT_FT_CHOICE, false, false, 16, known_choices,
                                     RT_DETAIL_FULL, false, 0},
    [RT_RF_VICTIM_SAFE_TEXT] = {"victim.safe_text", "Is it safe to send a text message?", NULL,
                                RT_FT_CHOICE, false, false, 16, known_choices, RT_DETAIL_FULL,
                                false, 0},
    [RT_RF_VICTIM_SAFE_ADDRESS] = {"victim.safe_address", "Safe address to write to",
                                   "Only if different from the address above", RT_FT_LONGTEXT,
                                   false, true, 400, NULL, RT_DETAIL_FULL, false, 0},
    [RT_RF_VICTIM_CODE_WORD] = {"victim.code_word", "Code word, if one was agreed", NULL,
                                RT_FT_TEXT, false, true, 100, NULL, RT_DETAIL_FULL, false, 0},
    [RT_RF_VICTIM_FEARS] = {"victim.fears", "Who is the person afraid of?", NULL,
                            RT_FT_LONGTEXT, false, true, 1000, NULL, RT_DETAIL_SUMMARY, true, 0},
    [RT_RF_VICTIM_SAFE_PEOPLE] = {"victim.safe_people", "Who is safe to talk to?", NULL,
                                  RT_FT_LONGTEXT, false, true, 1000, NULL, RT_DETAIL_FULL, true, 0},
    /* Everyone in contact with the person needs to know whom not to
     * speak to, so this goes with the summary. */
    [RT_RF_VICTIM_UNSAFE_PEOPLE] = {"victim.unsafe_people", "Who is not safe to talk to?", NULL,
                                    RT_FT_LONGTEXT, false, true, 1000, NULL, RT_DETAIL_SUMMARY,
                                    true, 0},
    [RT_RF_REFERRER_NAME] = {"referrer.name", "Your name", NULL,
                             RT_FT_TEXT, true, true, 100, NULL, RT_DETAIL_SUMMARY, true, 0},
    [RT_RF_REFERRER_PHONE] = {"referrer.phone", "Your phone number", NULL,
                              RT_FT_PHONE, true, true, 32, NULL, RT_DETAIL_SUMMARY, true, 0},
    [RT_RF_REFERRER_EMAIL] = {"referrer.email", "Your secure email address", NULL,
                              RT_FT_EMAIL, false, true, 254, NULL, RT_DETAIL_SUMMARY, true, 0},
    [RT_RF_CONSENT_AWARE] = {"consent.victim_aware", "Is the person aware of this referral?",
                             "Never tell the person causing harm", RT_FT_CHOICE, true, false,
                             16, aware_choices, RT_DETAIL_SUMMARY, false, 0},
    [RT_RF_CONSENT_NOT_AWARE_WHY] = {"consent.not_aware_reason",
                                     "If not, why not?", NULL, RT_FT_LONGTEXT, false, true,
                                     1000, NULL, RT_DETAIL_FULL, false, 0},
    [RT_RF_CONSENT_GIVEN] = {"consent.given", "Has the person consented to information being shared?",
                             "Consent is preferred but not required to refer", RT_FT_CHOICE,
                             true, false, 16, consent_choices, RT_DETAIL_SUMMARY, false, 0},
    [RT_RF_CONSENT_LAWFUL_BASIS] = {"consent.lawful_basis", "Lawful basis for sharing", NULL,
                                    RT_FT_CHOICE, true, false, 32, basis_choices,
                                    RT_DETAIL_SUMMARY, false, 0},
    [RT_RF_CONSENT_PROTOCOL] = {"consent.protocol", "Information sharing protocol relied on",
                                "Required when sharing without consent, for example the Marac "
                                "information sharing protocol",
                                RT_FT_TEXT, false, false, 200, NULL, RT_DETAIL_SUMMARY, false, 0},
    [RT_RF_PREVIOUS_MARAC] = {"referral.previous_marac",
                              "Referred to another Marac before? Where and when",
                              "Leave empty if not, or not known", RT_FT_TEXT, false, false, 200,
                              NULL, RT_DETAIL_SUMMARY, false, 0},
    [RT_RF_WANTS_POLICE] = {"referral.wants_police",
                            "Does the person want to speak to the police about offences disclosed?",
                            NULL, RT_FT_CHOICE, false, false, 16, known_choices,
                            RT_DETAIL_SUMMARY, false, 0},
    [RT_RF_REFERRAL_DATE] = {"referral_date", "Date of referral", "For example 2026-11-20",
                             RT_FT_DATE, true, false, 10, NULL, RT_DETAIL_PRESENCE, false, 0},
};

const rt_field_spec *rt_referral_fields(void)
{
    return fields;
}

int rt_referral_field_by_key(const char *key)
{
    for (int i = 0; i < RT_RF_COUNT; i++)
        if (strcmp(fields[i].key, key) == 0)
            return i;
    return -1;
}

rt_status rt_referral_normalise(rt_referral *r)
{
    for (int i = 0; i < RT_RF_COUNT; i++) {
        rt_status st = rt_field_normalise(&fields[i], &r->field[i]);
        if (st != RT_OK)
            return st;
    }
    for (int k = 0; k < RT_PARTY_KINDS; k++)
        for (size_t i = 0; i < r->n_parties[k]; i++) {
            rt_status st = rt_party_normalise((rt_party_kind)k, &r->parties[k][i]);
            if (st != RT_OK)
                return st;
        }
    return RT_OK;
}

/* Checks every party of every kind. */
static void validate_parties(const rt_referral *r, rt_date today, rt_field_error *errs, size_t *n)
{
    for (int k = 0; k < RT_PARTY_KINDS; k++)
        for (size_t i = 0; i < r->n_parties[k]; i++)
            rt_party_validate((rt_party_kind)k, i, &r->parties[k][i], today, errs, n);
}

static bool is(const rt_referral *r, rt_referral_field f, const char *value)
{
    return r->field[f] && strcmp(r->field[f], value) == 0;
}

/* The rule between fields that field f breaks, or NULL. Only asked of
 * fields that are valid on their own. */
static const char *cross_check(const rt_referral *r, rt_referral_field f)
{
    switch (f) {
    case RT_RF_CONSENT_NOT_AWARE_WHY:
        return is(r, RT_RF_CONSENT_AWARE, "no") && !r->field[f]
                   ? "is required when the person is not aware"
                   : NULL;
    case RT_RF_CONSENT_LAWFUL_BASIS:
        return is(r, f, "consent") && r->field[RT_RF_CONSENT_GIVEN] &&
                       !is(r, RT_RF_CONSENT_GIVEN, "yes")
                   ? "cannot be consent when the person has not consented"
                   : NULL;
    case RT_RF_CONSENT_PROTOCOL:
        return r->field[RT_RF_CONSENT_LAWFUL_BASIS] && !is(r, RT_RF_CONSENT_LAWFUL_BASIS, "consent") &&
                       !r->field[f]
                   ? "is required when sharing without consent"
                   : NULL;
    default:
        return NULL;
    }
}

rt_status rt_referral_validate(const rt_referral *r, rt_date today,
                               rt_field_error errs[RT_REFERRAL_MAX_ERRORS], size_t *n_errs)
{
    size_t n = 0;
    for (int i = 0; i < RT_RF_COUNT; i++) {
        const char *msg = rt_field_check(&fields[i], r->field[i], today);
        if (!msg)
            msg = cross_check(r, (rt_referral_field)i);
        if (msg) {
            errs[n].key = fields[i].key;
            errs[n].message = msg;
            n++;
        }
    }
    validate_parties(r, today, errs, &n);
    /* Every referral goes with its risk assessment (marac.md). */
    if (!r->risk.present) {
        errs[n].key = "assessment";
        errs[n].message = "is required: attach the risk assessment";
        n++;
    }
    *n_errs = n;
    return n ? RT_EINVAL : RT_OK;
}

rt_status rt_risk_assess(rt_referral_risk *k, const rt_risk_input *in, const char **field)
{
    rt_risk_result res;
    rt_status st = rt_risk_score(in, &res, field);
    if (st != RT_OK)
        return st;
    const rt_risk_tool *t = in->tool;
    if (strlen(t->id) >= sizeof k->tool || strlen(t->version) >= sizeof k->version) {
        *field = "tool";
        return RT_EINVAL;
    }
    char *why = NULL;
    if (in->judgement && !(why = strdup(in->rationale)))
        return RT_ENOMEM;
    rt_referral_risk_clear(k);
    k->present = true;
    memcpy(k->tool, t->id, strlen(t->id) + 1);
    memcpy(k->version, t->version, strlen(t->version) + 1);
    static const char letter[] = {[RT_ANSWER_NONE] = '-', [RT_ANSWER_YES] = 'y',
                                  [RT_ANSWER_NO] = 'n', [RT_ANSWER_DONT_KNOW] = 'd'};
    for (size_t i = 0; i < t->n_items; i++)
        k->answers[i] = letter[in->answers[i]];
    k->police_incidents = in->police_incidents;
    k->judgement = in->judgement;
    k->rationale = why;
    if (in->has_incident)
        rt_date_format(in->incident, k->incident_date);
    if (in->has_last_referral)
        rt_date_format(in->last_referral, k->last_referral_date);
    k->result = res;
    return RT_OK;
}

rt_status rt_referral_assess(rt_referral *r, const rt_risk_input *in, const char **field)
{
    return rt_risk_assess(&r->risk, in, field);
}

int rt_risk_compare(const rt_risk_result *earlier, const rt_risk_result *later)
{
    if (later->level != earlier->level)
        return later->level > earlier->level ? 1 : -1;
    if (later->score != earlier->score)
        return later->score > earlier->score ? 1 : -1;
    return 0;
}

int rt_triage_cmp(const void *pa, const void *pb)
{
    const rt_referral *a = pa, *b = pb;
    if (a->risk.result.marac_eligible != b->risk.result.marac_eligible)
        return a->risk.result.marac_eligible ? -1 : 1;
    if (a->risk.result.score != b->risk.result.score)
        return a->risk.result.score > b->risk.result.score ? -1 : 1;
    if (a->created_at != b->created_at)
        return a->created_at < b->created_at ? -1 : 1;
    return strcmp(a->id, b->id);
}

void rt_referral_redact(rt_referral *r, rt_detail detail)
{
    /* The result (score, level, criteria) is what research and triage
     * need: summary. The answers and the assessor's reasoning are full. */
    if (detail < RT_DETAIL_SUMMARY) {
        rt_referral_risk_clear(&r->risk);
        for (int k = 0; k < RT_PARTY_KINDS; k++) {
            for (size_t i = 0; i < r->n_parties[k]; i++)
                rt_party_clear(&r->parties[k][i]);
            r->n_parties[k] = 0;
        }
    } else if (detail < RT_DETAIL_FULL) {
        rt_referral_risk *k = &r->risk;
        free(k->rationale);
        k->rationale = NULL;
        memset(k->answers, 0, sizeof k->answers);
        for (int i = 0; i < RT_RISK_MAX_ITEMS; i++) {
            free(k->comment[i]);
            free(k->source[i]);
            k->comment[i] = k->source[i] = NULL;
        }
        free(k->fear);
        free(k->conclusion);
        k->fear = k->conclusion = NULL;
        memset(k->sdash, 0, sizeof k->sdash);
    }
    for (int i = 0; i < RT_RF_COUNT; i++)
        if (fields[i].detail > detail) {
            free(r->field[i]);
            r->field[i] = NULL;
        }
}

void rt_referral_withhold_third_parties(rt_referral *r)
{
    for (int i = 0; i < RT_RF_COUNT; i++)
        if (fields[i].third_party) {
            free(r->field[i]);
            r->field[i] = NULL;
        }
}

void rt_referral_risk_clear(rt_referral_risk *k)
{
    free(k->rationale);
    for (int i = 0; i < RT_RISK_MAX_ITEMS; i++) {
        free(k->comment[i]);
        free(k->source[i]);
    }
    free(k->fear);
    free(k->conclusion);
    memset(k, 0, sizeof *k);
}

const char *rt_risk_note_part_key(rt_risk_note_part p)
{
    static const char *const keys[] = {
        [RT_NOTE_COMMENT] = "comments", [RT_NOTE_SOURCE] = "sources", [RT_NOTE_FEAR] = "fear",
        [RT_NOTE_CONCLUSION] = "conclusion", [RT_NOTE_SDASH] = "sdash",
    };
    return (unsigned)p < sizeof keys / sizeof keys[0] ? keys[p] : "assessment";
}

/* Checks one note as the field checks of core/field.c would check a
 * long text of that limit. */
static const char *note_problem(const char *v, size_t max, rt_date today)
{
    const rt_field_spec spec = {"note", "Note", NULL, RT_FT_LONGTEXT, false, true, max, NULL,
                                RT_DETAIL_FULL, false, 0};
    return v ? rt_field_check(&spec, v, today) : NULL;
}

rt_status rt_risk_notes_check(const rt_referral_risk *k, const rt_risk_tool *tool, rt_date today,
                              rt_risk_note_part *part, int *item, const char **problem)
{
    *item = -1;
    for (int i = 0; i < RT_RISK_MAX_ITEMS; i++) {
        const char *why = NULL;
        *part = k->comment[i] ? RT_NOTE_COMMENT : RT_NOTE_SOURCE;
        if ((k->comment[i] || k->source[i]) && (size_t)i >= tool->n_items)
            why = "is for an item the checklist does not have";
        if (!why)
            why = note_problem(k->comment[i], RT_RISK_COMMENT_MAX, today);
        if (!why && (why = note_problem(k->source[i], RT_RISK_SOURCE_MAX, today)))
            *part = RT_NOTE_SOURCE;
        if (why) {
            *item = i;
            *problem = why;
            return RT_EINVAL;
        }
    }
    if ((*problem = note_problem(k->fear, RT_RISK_FEAR_MAX, today))) {
        *part = RT_NOTE_FEAR;
        return RT_EINVAL;
    }
    if ((*problem = note_problem(k->conclusion, RT_RISK_CONCLUSION_MAX, today))) {
        *part = RT_NOTE_CONCLUSION;
        return RT_EINVAL;
    }
    const rt_risk_tool *sdash = rt_risk_sdash_tool();
    bool asked = strspn(k->sdash, "-") != strlen(k->sdash);
    if (strlen(k->sdash) > sdash->n_items || k->sdash[strspn(k->sdash, "ynd-")] != '\0') {
        *part = RT_NOTE_SDASH;
        *problem = "has answers the S-DASH does not have";
        return RT_EINVAL;
    }
    int stalking = tool->stalking_item ? rt_risk_item_index(tool, tool->stalking_item) : -1;
    if (asked && (stalking < 0 || k->answers[stalking] != 'y')) {
        *part = RT_NOTE_SDASH;
        *problem = "is asked only when the stalking question was answered yes";
        return RT_EINVAL;
    }
    *problem = NULL;
    return RT_OK;
}

void rt_referral_clear(rt_referral *r)
{
    rt_referral_risk_clear(&r->risk);
    for (int k = 0; k < RT_PARTY_KINDS; k++)
        for (size_t i = 0; i < r->n_parties[k]; i++)
            rt_party_clear(&r->parties[k][i]);
    for (int i = 0; i < RT_RF_COUNT; i++)
        free(r->field[i]);
    free(r->agency_code);
    free(r->created_by);
    memset(r, 0, sizeof *r);
}

rt_status rt_referral_visible_fields(rt_detail detail, char *out, size_t size)
{
    const rt_field_spec *f = rt_referral_fields();
    size_t used = 0;
    out[0] = '\0';
    for (int i = 0; i < RT_RF_COUNT; i++)
        if (f[i].detail <= detail) {
            int n = snprintf(out + used, size - used, "%s%s", used ? "," : "", f[i].key);
            if (n < 0 || (size_t)n >= size - used) {
                out[0] = '\0';
                return RT_ETOOBIG;
            }
            used += (size_t)n;
        }
    return RT_OK;
}
