/* record.c: comparing two records field by field; see record.h.
 *
 * The similarity bands (0.92 and 0.80 for names, 0.88 for places and
 * e-mails) are the conventional Jaro-Winkler cut-offs of the record
 * linkage literature, not values tuned to any data: the weight each
 * level carries is learnt from the data by the model (model.c). */
#include "record.h"

#include <stdlib.h>
#include <string.h>
#include "text.h"

static const rt_link_field_info infos[RT_LF_COUNT] = {
    [RT_LF_FIRST] = {"first_name", 7,
                     {"exact", "nickname", "jaro-winkler >= 0.92", "jaro-winkler >= 0.80",
                      "soundex", "swapped with surname", "different"}},
    [RT_LF_SURNAME] = {"surname", 5,
                       {"exact", "one part of a double name", "jaro-winkler >= 0.92",
                        "jaro-winkler >= 0.80 or soundex", "different"}},
    [RT_LF_DOB] = {"dob", 5,
                   {"exact", "day and month swapped", "one of day, month, year differs",
                    "within a year", "different"}},
    [RT_LF_CITY] = {"city", 3, {"exact", "jaro-winkler >= 0.88", "different"}},
    [RT_LF_POSTCODE] = {"postcode", 4, {"exact", "same district", "same area", "different"}},
    [RT_LF_EMAIL] = {"email", 4,
                     {"exact", "same name part", "same first letter, jaro-winkler >= 0.88",
                      "different"}},
    [RT_LF_PHONE] = {"phone", 3, {"exact", "same last seven digits", "different"}},
    [RT_LF_GENDER] = {"gender", 2, {"same", "different"}},
};

const rt_link_field_info *rt_link_field_infos(void)
{
    return infos;
}

/* True if one of the words of a equals one of the words of b (a
 * double-barrelled or hyphenated surname against one of its parts). */
static bool share_word(const char *a, const char *b)
{
    if (!strchr(a, ' ') && !strchr(b, ' '))
        return false;
    for (const char *p = a; *p;) {
        size_t n = strcspn(p, " ");
        for (const char *q = b; *q;) {
            size_t m = strcspn(q, " ");
            if (n == m && strncmp(p, q, n) == 0)
                return true;
            q += m;
            while (*q == ' ')
                q++;
        }
        p += n;
        while (*p == ' ')
            p++;
    }
    return false;
}

static int first_level(const rt_link_record *a, const rt_link_record *b)
{
    if (strcmp(a->first, b->first) == 0)
        return 0;
    if (strcmp(a->first_canon, b->first_canon) == 0 || strcmp(a->first_canon, b->first) == 0 ||
        strcmp(a->first, b->first_canon) == 0)
        return 1;
    double jw = rt_link_jaro_winkler_at_least(a->first, b->first, 0.80);
    if (jw >= 0.92)
        return 2;
    /* Given name and surname written the other way round (the initials
     * must cross before the slower test is worth making). */
    if (a->surname && b->surname && a->first[0] == b->surname[0] &&
        a->surname[0] == b->first[0] &&
        rt_link_jaro_winkler_at_least(a->first, b->surname, 0.92) >= 0.92 &&
        rt_link_jaro_winkler_at_least(a->surname, b->first, 0.92) >= 0.92)
        return 5;
    if (jw >= 0.80)
        return 3;
    if (a->sx_first[0] && strcmp(a->sx_first, b->sx_first) == 0)
        return 4;
    return 6;
}

static int surname_level(const rt_link_record *a, const rt_link_record *b)
{
    if (strcmp(a->surname, b->surname) == 0)
        return 0;
    if (share_word(a->surname, b->surname))
        return 1;
    double jw = rt_link_jaro_winkler_at_least(a->surname, b->surname, 0.80);
    if (jw >= 0.92)
        return 2;
    if (jw >= 0.80 || (a->sx_surname[0] && strcmp(a->sx_surname, b->sx_surname) == 0))
        return 3;
    return 4;
}

static int days_from_civil(int y, int m, int d)
{
    y -= m <= 2;
    int era = (y >= 0 ? y : y - 399) / 400;
    int yoe = y - era * 400;
    int doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
    int doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    return era * 146097 + doe - 719468;
}

static int dob_level(const rt_link_record *a, const rt_link_record *b)
{
    int same = (a->dob_y == b->dob_y) + (a->dob_m == b->dob_m) + (a->dob_d == b->dob_d);
    if (same == 3)
        return 0;
    if (a->dob_y == b->dob_y && a->dob_m == b->dob_d && a->dob_d == b->dob_m)
        return 1;
    if (same == 2)
        return 2;
    int gap = abs(days_from_civil(a->dob_y, a->dob_m, a->dob_d) -
                  days_from_civil(b->dob_y, b->dob_m, b->dob_d));
    return gap <= 366 ? 3 : 4;
}

static int postcode_level(const char *a, const char *b)
{
    if (strcmp(a, b) == 0)
        return 0;
    size_t da = strcspn(a, " "), db = strcspn(b, " ");
    if (da == db && strncmp(a, b, da) == 0)
        return 1;
    size_t la = 0, lb = 0;
    while (a[la] >= 'A' && a[la] <= 'Z')
        la++;
    while (b[lb] >= 'A' && b[lb] <= 'Z')
        lb++;
    return la == lb && strncmp(a, b, la) == 0 ? 2 : 3;
}

/* True if a and b differ only in their digits: ann.lee12 and ann.lee47
 * are most often two people who chose the same name. */
static bool differ_in_digits(const char *a, const char *b, size_t la, size_t lb)
{
    size_t i = 0, j = 0;
    bool digits = false;
    while (i < la || j < lb) {
        bool da = i < la && a[i] >= '0' && a[i] <= '9', db = j < lb && b[j] >= '0' && b[j] <= '9';
        if (da || db) {
            while (i < la && a[i] >= '0' && a[i] <= '9')
                i++;
            while (j < lb && b[j] >= '0' && b[j] <= '9')
                j++;
            digits = true;
            continue;
        }
        if (i >= la || j >= lb || a[i] != b[j])
            return false;
        i++;
        j++;
    }
    return digits;
}

static int email_level(const char *a, const char *b)
{
    if (strcmp(a, b) == 0)
        return 0;
    size_t la = strcspn(a, "@"), lb = strcspn(b, "@");
    if (la == lb && strncmp(a, b, la) == 0)
        return 1;
    if (differ_in_digits(a, b, la, lb))
        return 3;
    /* Jaro-Winkler of 0.88 needs most characters in common: addresses
     * whose lengths differ by more than a few cannot reach it, and a typo
     * seldom changes the first letter. */
    size_t na = strlen(a), nb = strlen(b);
    if ((na > nb ? na - nb : nb - na) > 4 || a[0] != b[0])
        return 3;
    return rt_link_jaro_winkler_at_least(a, b, 0.88) >= 0.88 ? 2 : 3;
}

static int phone_level(const char *a, const char *b)
{
    if (strcmp(a, b) == 0)
        return 0;
    size_t la = strlen(a), lb = strlen(b);
    return la >= 7 && lb >= 7 && strcmp(a + la - 7, b + lb - 7) == 0 ? 1 : 2;
}

void rt_link_compare(const rt_link_record *a, const rt_link_record *b, int levels[RT_LF_COUNT])
{
    levels[RT_LF_FIRST] = a->first && b->first ? first_level(a, b) : RT_LINK_MISSING;
    levels[RT_LF_SURNAME] = a->surname && b->surname ? surname_level(a, b) : RT_LINK_MISSING;
    /* Names written the other way round: the given-name level says so,
     * and the surname level would only say it again. */
    if (levels[RT_LF_FIRST] == 5)
        levels[RT_LF_SURNAME] = RT_LINK_MISSING;
    levels[RT_LF_DOB] = a->has_dob && b->has_dob ? dob_level(a, b) : RT_LINK_MISSING;
    levels[RT_LF_CITY] = a->city && b->city
                             ? strcmp(a->city, b->city) == 0                   ? 0
                               : rt_link_jaro_winkler_at_least(a->city, b->city, 0.88) >= 0.88 ? 1
                                                                               : 2
                             : RT_LINK_MISSING;
    levels[RT_LF_POSTCODE] =
        a->postcode && b->postcode ? postcode_level(a->postcode, b->postcode) : RT_LINK_MISSING;
    levels[RT_LF_EMAIL] = a->email && b->email ? email_level(a->email, b->email) : RT_LINK_MISSING;
    levels[RT_LF_PHONE] = a->phone && b->phone ? phone_level(a->phone, b->phone) : RT_LINK_MISSING;
    levels[RT_LF_GENDER] =
        a->gender && b->gender ? (a->gender == b->gender ? 0 : 1) : RT_LINK_MISSING;
}
