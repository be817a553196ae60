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
    [RT_LF_FIRST] = {"first_name", 8,
                     {"exact", "nickname", "jaro-winkler >= 0.92",
                      "jaro-winkler >= 0.80 or same letters", "soundex", "swapped with surname",
                      "lone name is the other's surname", "different"}},
    [RT_LF_SURNAME] = {"surname", 6,
                       {"exact", "one part of a double name", "jaro-winkler >= 0.92",
                        "jaro-winkler >= 0.80, soundex or same letters",
                        "lone name is the other's given name", "different"}},
    [RT_LF_DOB] = {"dob", 6,
                   {"exact", "day and month swapped", "one of day, month, year differs",
                    "within a year", "year mistyped, within a month otherwise",
                    "different"}},
    [RT_LF_CITY] = {"city", 3, {"exact", "jaro-winkler >= 0.88 or same letters", "different"}},
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

/* Jaro-Winkler of a and b (numbered ida and idb) at least t, through
 * slot table k of cache. A field always asks with the same t, so what is
 * remembered is the answer to the same question. */
static double jw(rt_link_jw_cache *cache, int k, uint32_t ida, uint32_t idb, const char *a,
                 const char *b, double t)
{
    if (!cache || !ida || !idb || ida == idb)
        return rt_link_jaro_winkler_at_least(a, b, t);
    uint32_t lo = ida < idb ? ida : idb, hi = ida < idb ? idb : ida;
    uint32_t h = (lo * 2654435761u) ^ (hi * 2246822519u);
    h ^= h >> 15;
    rt_link_jw_slot *s = &cache->slot[k][h & (RT_LINK_JW_SLOTS - 1)];
    if (s->a == lo && s->b == hi)
        return s->jw;
    double v = rt_link_jaro_winkler_at_least(a, b, t);
    s->a = lo;
    s->b = hi;
    s->jw = v;
    return v;
}

/* True if a name written in one box agrees with the other record's name
 * in the other box: closely, or in the same letters typed out of order. */
static bool crossed_name(const char *a, const char *b)
{
    return (a[0] == b[0] && rt_link_jaro_winkler_at_least(a, b, 0.92) >= 0.92) ||
           rt_link_same_letters(a, b);
}

/* True if a and b have their given name and surname the other way round.
 * The initials must cross, or the letters agree, before the slower test
 * is worth making. */
static bool swapped(const rt_link_record *a, const rt_link_record *b)
{
    bool initials = a->first[0] == b->surname[0] && a->surname[0] == b->first[0];
    if (!initials && !rt_link_same_letters(a->first, b->surname) &&
        !rt_link_same_letters(a->surname, b->first))
        return false;
    return crossed_name(a->first, b->surname) && crossed_name(a->surname, b->first);
}

/* True if a lone name and a name of the other record agree closely. */
static bool lone_matches(const char *lone, const char *other)
{
    return lone[0] == other[0] && rt_link_jaro_winkler_at_least(lone, other, 0.92) >= 0.92;
}

/* True if two values of a field are equal: by their numbers when both
 * carry one (numbered alike exactly when equal), else by their text. */
static bool same(uint32_t ida, uint32_t idb, const char *a, const char *b)
{
    return ida && idb ? ida == idb : strcmp(a, b) == 0;
}

static int first_level(const rt_link_record *a, const rt_link_record *b, rt_link_jw_cache *c)
{
    if (same(a->first_id, b->first_id, a->first, b->first))
        return 0;
    if (strcmp(a->first_canon, b->first_canon) == 0 || strcmp(a->first_canon, b->first) == 0 ||
        strcmp(a->first, b->first_canon) == 0)
        return 1;
    double sim = jw(c, 0, a->first_id, b->first_id, a->first, b->first, 0.80);
    if (sim >= 0.92)
        return 2;
    /* Given name and surname written the other way round. */
    if (a->surname && b->surname && swapped(a, b))
        return RT_LINK_FIRST_SWAPPED;
    if (sim >= 0.80 || rt_link_same_letters(a->first, b->first))
        return 3;
    if (a->sx_first[0] && strcmp(a->sx_first, b->sx_first) == 0)
        return 4;
    /* A record with a given name alone, where the other has it as its
     * surname: the one name was written in the wrong box. */
    if ((!a->surname && b->surname && lone_matches(a->first, b->surname)) ||
        (!b->surname && a->surname && lone_matches(b->first, a->surname)))
        return RT_LINK_FIRST_CROSSED;
    return RT_LINK_FIRST_DIFFERENT;
}

static int surname_level(const rt_link_record *a, const rt_link_record *b, rt_link_jw_cache *c)
{
    if (same(a->surname_id, b->surname_id, a->surname, b->surname))
        return 0;
    if (share_word(a->surname, b->surname))
        return 1;
    double sim = jw(c, 1, a->surname_id, b->surname_id, a->surname, b->surname, 0.80);
    if (sim >= 0.92)
        return 2;
    if (sim >= 0.80 || (a->sx_surname[0] && strcmp(a->sx_surname, b->sx_surname) == 0) ||
        rt_link_same_letters(a->surname, b->surname))
        return 3;
    if ((!a->first && b->first && lone_matches(a->surname, b->first)) ||
        (!b->first && a->first && lone_matches(b->surname, a->first)))
        return 4;
    return 5;
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

/* True if years a and b (four digits) differ in one digit, or in two
 * neighbouring digits swapped. */
static bool year_typo(int a, int b)
{
    int x[4], y[4];
    for (int i = 3; i >= 0; i--, a /= 10, b /= 10) {
        x[i] = a % 10;
        y[i] = b % 10;
    }
    int diff[2], n = 0;
    for (int i = 0; i < 4; i++)
        if (x[i] != y[i]) {
            if (n == 2)
                return false;
            diff[n++] = i;
        }
    if (n == 1)
        return true;
    return n == 2 && diff[1] == diff[0] + 1 && x[diff[0]] == y[diff[1]] && x[diff[1]] == y[diff[0]];
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
    if (gap <= 366)
        return 3;
    /* A year mistyped (1981 or 1918 for 1991: one digit, or two next to
     * each other swapped), the day near. */
    int near = abs(days_from_civil(a->dob_y, a->dob_m, a->dob_d) -
                   days_from_civil(a->dob_y, b->dob_m, b->dob_d));
    return near <= 31 && year_typo(a->dob_y, b->dob_y) ? 4 : 5;
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

/* True if a and b are at most one edit apart (one character inserted,
 * deleted or replaced). */
static bool one_edit(const char *a, size_t la, const char *b, size_t lb)
{
    if (la > lb)
        return one_edit(b, lb, a, la);
    if (lb - la > 1)
        return false;
    size_t i = 0;
    while (i < la && a[i] == b[i])
        i++;
    if (la == lb)
        return i == la || strncmp(a + i + 1, b + i + 1, la - i - 1) == 0;
    return strncmp(a + i, b + i + 1, la - i) == 0;
}

/* True if a and b differ only in their digits, and by more than one
 * mistyped digit: ann.lee12 and ann.lee47 are most often two people who
 * chose the same name, while ann.lee12 and ann.lee122 is a slip. */
static bool differ_in_digits(const char *a, const char *b, size_t la, size_t lb)
{
    char da[64], db[64];
    size_t na = 0, nb = 0;
    size_t i = 0, j = 0;
    while (i < la || j < lb) {
        bool ia = i < la && a[i] >= '0' && a[i] <= '9', ib = j < lb && b[j] >= '0' && b[j] <= '9';
        if (ia || ib) {
            for (; i < la && a[i] >= '0' && a[i] <= '9'; i++)
                if (na < sizeof da)
                    da[na++] = a[i];
            for (; j < lb && b[j] >= '0' && b[j] <= '9'; j++)
                if (nb < sizeof db)
                    db[nb++] = b[j];
            continue;
        }
        if (i >= la || j >= lb || a[i] != b[j])
            return false;
        i++;
        j++;
    }
    /* Digit runs too long to hold are not a name's number: say nothing. */
    if (na == sizeof da || nb == sizeof db)
        return false;
    return (na || nb) && !one_edit(da, na, db, nb);
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

static int city_level(const rt_link_record *a, const rt_link_record *b, rt_link_jw_cache *c)
{
    if (same(a->city_id, b->city_id, a->city, b->city))
        return 0;
    return jw(c, 2, a->city_id, b->city_id, a->city, b->city, 0.88) >= 0.88 ||
                   rt_link_same_letters(a->city, b->city)
               ? 1
               : 2;
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
    rt_link_compare_cached(a, b, levels, NULL);
}

void rt_link_compare_cached(const rt_link_record *a, const rt_link_record *b,
                            int levels[RT_LF_COUNT], rt_link_jw_cache *c)
{
    levels[RT_LF_FIRST] = a->first && b->first ? first_level(a, b, c) : RT_LINK_MISSING;
    levels[RT_LF_SURNAME] = a->surname && b->surname ? surname_level(a, b, c) : RT_LINK_MISSING;
    /* Names written the other way round: the given-name level says so,
     * and the surname level would only say it again. */
    if (levels[RT_LF_FIRST] == RT_LINK_FIRST_SWAPPED)
        levels[RT_LF_SURNAME] = RT_LINK_MISSING;
    levels[RT_LF_DOB] = a->has_dob && b->has_dob ? dob_level(a, b) : RT_LINK_MISSING;
    levels[RT_LF_CITY] = a->city && b->city ? city_level(a, b, c) : RT_LINK_MISSING;
    levels[RT_LF_POSTCODE] =
        a->postcode && b->postcode ? postcode_level(a->postcode, b->postcode) : RT_LINK_MISSING;
    levels[RT_LF_EMAIL] = a->email && b->email ? email_level(a->email, b->email) : RT_LINK_MISSING;
    levels[RT_LF_PHONE] = a->phone && b->phone ? phone_level(a->phone, b->phone) : RT_LINK_MISSING;
    levels[RT_LF_GENDER] =
        a->gender && b->gender ? (a->gender == b->gender ? 0 : 1) : RT_LINK_MISSING;
}
