/* referral.c: the referral's fields and their rules; see referral.h. */
#include "referral.h"

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

/* Lengths are generous limits on what a form can hold, not guesses about
 * names: a name field of 100 bytes fits any real name in UTF-8. */
static const rt_field_spec fields[RT_RF_COUNT] = {
    [RT_RF_VICTIM_GIVEN_NAME] = {"victim.given_name", "Given name", NULL,
                                 RT_FT_TEXT, true, true, 100, NULL},
    [RT_RF_VICTIM_FAMILY_NAME] = {"victim.family_name", "Family name", NULL,
                                  RT_FT_TEXT, true, true, 100, NULL},
    [RT_RF_VICTIM_ALIASES] = {"victim.aliases", "Other names used",
                              "Previous or other names, separated by commas",
                              RT_FT_TEXT, false, true, 300, NULL},
    [RT_RF_VICTIM_DOB] = {"victim.dob", "Date of birth", "For example 1990-04-27",
                          RT_FT_BIRTHDATE, false, true, 10, NULL},
    [RT_RF_VICTIM_GENDER] = {"victim.gender", "Gender", NULL,
                             RT_FT_CHOICE, true, false, 16, gender_choices},
    [RT_RF_VICTIM_ADDRESS] = {"victim.address", "Address", "Decides which Marac hears the case",
                              RT_FT_LONGTEXT, false, true, 400, NULL},
    [RT_RF_VICTIM_POSTCODE] = {"victim.postcode", "Postcode", NULL,
                               RT_FT_POSTCODE, false, true, 8, NULL},
    [RT_RF_VICTIM_PHONE] = {"victim.phone", "Phone number", NULL,
                            RT_FT_PHONE, false, true, 32, NULL},
    [RT_RF_VICTIM_SAFE_TO_CALL] = {"victim.safe_to_call", "Is it safe to call this number?", NULL,
                                   RT_FT_CHOICE, true, false, 16, safe_choices},
    [RT_RF_VICTIM_EMAIL] = {"victim.email", "Safe email address", NULL,
                            RT_FT_EMAIL, false, true, 254, NULL},
    [RT_RF_REFERRER_NAME] = {"referrer.name", "Your name", NULL,
                             RT_FT_TEXT, true, true, 100, NULL},
    [RT_RF_REFERRER_PHONE] = {"referrer.phone", "Your phone number", NULL,
                              RT_FT_PHONE, true, true, 32, NULL},
    [RT_RF_REFERRER_EMAIL] = {"referrer.email", "Your secure email address", NULL,
                              RT_FT_EMAIL, false, true, 254, NULL},
    [RT_RF_REFERRAL_DATE] = {"referral_date", "Date of referral", "For example 2026-11-20",
                             RT_FT_DATE, true, false, 10, NULL},
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
    return RT_OK;
}

rt_status rt_referral_validate(const rt_referral *r, rt_date today,
                               rt_field_error errs[RT_RF_COUNT], size_t *n_errs)
{
    size_t n = 0;
    for (int i = 0; i < RT_RF_COUNT; i++) {
        const char *msg = rt_field_check(&fields[i], r->field[i], today);
        if (msg) {
            errs[n].key = fields[i].key;
            errs[n].message = msg;
            n++;
        }
    }
    *n_errs = n;
    return n ? RT_EINVAL : RT_OK;
}

void rt_referral_clear(rt_referral *r)
{
    for (int i = 0; i < RT_RF_COUNT; i++)
        free(r->field[i]);
    free(r->agency_code);
    free(r->created_by);
    memset(r, 0, sizeof *r);
}
