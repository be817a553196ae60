/* Normalising and comparing identifying text, table-driven. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include "record.h"
#include "text.h"

static void names_normalise(void **state)
{
    (void)state;
    static const struct {
        const char *in, *out;
    } cases[] = {
        {"  Zoë  ", "zoe"}, {"O'Neill", "oneill"}, {"O\xE2\x80\x99" "Brien", "obrien"},
        {"Smith-Jones", "smith jones"}, {"MRS. Anna-Maria  Lopez", "anna maria lopez"},
        {"Dr Mr Kwame", "kwame"}, {"ÅSE", "ase"}, {"", ""}, {NULL, ""}, {"Müller", "muller"},
        {"Ⅻ", "xii"}, {"Σοφία", "σοφια"}, {"Mr", "mr"},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        char *out = NULL;
        assert_int_equal(rt_link_norm_name(cases[i].in, &out), RT_OK);
        if (strcmp(out, cases[i].out) != 0)
            fail_msg("'%s' -> '%s', want '%s'", cases[i].in ? cases[i].in : "(null)", out,
                     cases[i].out);
        free(out);
    }
    char *out = NULL;
    assert_int_equal(rt_link_norm_name("bad \xff byte", &out), RT_EINVAL);
    assert_null(out);
}

static void contact_fields_normalise(void **state)
{
    (void)state;
    static const struct {
        int kind; /* 0 email, 1 phone, 2 postcode */
        const char *in, *out;
    } cases[] = {
        {0, " Ann.Lee@Example.ORG ", "ann.lee@example.org"}, {0, "no at sign", NULL},
        {0, "", NULL}, {0, "a b@c.d", NULL},
        {1, "+44 1632 960 417", "01632960417"}, {1, "0044 (1632) 960417", "01632960417"},
        {1, "01632 960417", "01632960417"}, {1, "12345", NULL}, {1, "x", NULL},
        {2, "wm3 2pq", "WM3 2PQ"}, {2, "EC1A1BB", "EC1A 1BB"}, {2, "WM3-2PQ", NULL},
        {2, "12345", NULL}, {2, "W1A 0AX", "W1A 0AX"},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        char *out = NULL;
        rt_status st = cases[i].kind == 0   ? rt_link_norm_email(cases[i].in, &out)
                       : cases[i].kind == 1 ? rt_link_norm_phone(cases[i].in, &out)
                                            : rt_link_norm_postcode(cases[i].in, &out);
        assert_int_equal(st, RT_OK);
        if ((out == NULL) != (cases[i].out == NULL) || (out && strcmp(out, cases[i].out) != 0))
            fail_msg("'%s' -> '%s', want '%s'", cases[i].in, out ? out : "(none)",
                     cases[i].out ? cases[i].out : "(none)");
        free(out);
    }
}

static void dates_of_birth_parse(void **state)
{
    (void)state;
    static const struct {
        const char *in;
        int y, m, d; /* y 0: refused */
    } cases[] = {
        {"1987-03-14", 1987, 3, 14}, {"14/03/1987", 1987, 3, 14}, {"2000-02-29", 2000, 2, 29},
        {"1900-02-29", 0, 0, 0},     {"1987-13-01", 0, 0, 0},     {"31/04/1990", 0, 0, 0},
        {"1987-3-14", 0, 0, 0},      {"", 0, 0, 0},               {"14.03.1987", 0, 0, 0},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        int y = 0, m = 0, d = 0;
        rt_status st = rt_link_parse_dob(cases[i].in, &y, &m, &d);
        if ((st == RT_OK) != (cases[i].y != 0))
            fail_msg("'%s': %s", cases[i].in, st == RT_OK ? "accepted" : "refused");
        if (cases[i].y) {
            assert_int_equal(y, cases[i].y);
            assert_int_equal(m, cases[i].m);
            assert_int_equal(d, cases[i].d);
        }
    }
}

static void soundex_and_jaro_winkler(void **state)
{
    (void)state;
    static const struct {
        const char *in, *code;
    } sx[] = {{"robert", "R163"}, {"rupert", "R163"}, {"ashcraft", "A261"}, {"tymczak", "T522"},
              {"pfister", "P236"}, {"lee", "L000"}, {"", ""}, {"123", ""}, {"o neill", "O000"}};
    for (size_t i = 0; i < sizeof sx / sizeof sx[0]; i++) {
        char out[5];
        rt_link_soundex(sx[i].in, out);
        if (strcmp(out, sx[i].code) != 0)
            fail_msg("soundex '%s' = '%s', want '%s'", sx[i].in, out, sx[i].code);
    }
    /* The textbook values (Winkler 1990). */
    static const struct {
        const char *a, *b;
        double jw;
    } jw[] = {{"martha", "marhta", 0.9611}, {"dwayne", "duane", 0.84},
              {"dixon", "dicksonx", 0.8133}, {"abc", "abc", 1.0}, {"abc", "xyz", 0.0},
              {"", "", 1.0}, {"a", "", 0.0}};
    for (size_t i = 0; i < sizeof jw / sizeof jw[0]; i++) {
        double got = rt_link_jaro_winkler(jw[i].a, jw[i].b);
        if (fabs(got - jw[i].jw) > 0.001)
            fail_msg("jw(%s, %s) = %.4f, want %.4f", jw[i].a, jw[i].b, got, jw[i].jw);
        assert_true(fabs(got - rt_link_jaro_winkler(jw[i].b, jw[i].a)) < 1e-9);
    }
}

/* The quick bound never changes an answer: whatever the pair and the
 * threshold, it reaches the threshold exactly when the full measure does. */
static void the_bound_never_changes_an_answer(void **state)
{
    (void)state;
    static const char *const words[] = {"martha", "marhta", "dwayne", "duane", "dixon",
                                        "dicksonx", "ann", "anna", "hannah", "nathan",
                                        "quillfeather", "quilfeather", "zoe", "zo\xc3\xab", "",
                                        "a.lee12@example.org", "a.lee@example.org"};
    static const double at[] = {0.5, 0.8, 0.88, 0.92, 0.99};
    size_t n = sizeof words / sizeof words[0];
    for (size_t i = 0; i < n; i++)
        for (size_t j = 0; j < n; j++)
            for (size_t k = 0; k < sizeof at / sizeof at[0]; k++) {
                bool full = rt_link_jaro_winkler(words[i], words[j]) >= at[k];
                bool quick = rt_link_jaro_winkler_at_least(words[i], words[j], at[k]) >= at[k];
                if (full != quick)
                    fail_msg("'%s' '%s' at %.2f: full %d, quick %d", words[i], words[j], at[k],
                             full, quick);
            }
}

static void nicknames_read_as_their_name(void **state)
{
    (void)state;
    assert_string_equal(rt_link_canonical_given("liz"), "elizabeth");
    assert_string_equal(rt_link_canonical_given("muhammad"), "mohammed");
    assert_string_equal(rt_link_canonical_given("bill"), "william");
    const char *self = "zephyrine";
    assert_ptr_equal(rt_link_canonical_given(self), self);
}

/* Builds a record from literal parts the way the engine would. */
static rt_link_record rec(const char *first, const char *surname, int y, int m, int d,
                          const char *email)
{
    rt_link_record r = {.first = first, .first_canon = first ? rt_link_canonical_given(first) : NULL,
                        .surname = surname, .email = email, .has_dob = y != 0,
                        .dob_y = (int16_t)y, .dob_m = (int8_t)m, .dob_d = (int8_t)d};
    if (first)
        rt_link_soundex(first, r.sx_first);
    if (surname)
        rt_link_soundex(surname, r.sx_surname);
    return r;
}

static void comparisons_take_the_first_level_that_applies(void **state)
{
    (void)state;
    static const struct {
        const char *f1, *s1;
        int y1, m1, d1;
        const char *f2, *s2;
        int y2, m2, d2;
        int first, surname, dob;
    } cases[] = {
        {"anna", "lee", 1990, 1, 2, "anna", "lee", 1990, 1, 2, 0, 0, 0},
        {"liz", "lee", 1990, 1, 2, "elizabeth", "lee", 1990, 2, 1, 1, 0, 1},
        {"jonathan", "smith", 1990, 1, 2, "jonathon", "smyth", 1990, 1, 3, 2, 3, 2},
        {"lee", "anna", 1990, 1, 2, "anna", "lee", 1991, 1, 2, 5, RT_LINK_MISSING, 2},
        {"anna", "smith jones", 1990, 1, 2, "anna", "jones", 1992, 5, 6, 0, 1, 5},
        {"anna", NULL, 0, 0, 0, "bob", "lee", 1990, 1, 2, RT_LINK_FIRST_DIFFERENT,
         RT_LINK_MISSING, RT_LINK_MISSING},
        {"ann", "lee", 1990, 1, 2, "anna", "lee", 1990, 11, 30, 2, 0, 3},
        /* A lone given name that is the other's surname, either way. */
        {"louis", NULL, 1991, 6, 14, "jones", "louis", 1991, 6, 14, RT_LINK_FIRST_CROSSED,
         RT_LINK_MISSING, 0},
        {NULL, "watson", 1978, 4, 9, "watson", "logan", 1978, 4, 9, RT_LINK_MISSING, 4, 0},
        /* Letters typed out of order, in a name and across a swap. */
        {"aomrn", "smith", 2011, 2, 21, "roman", "smith", 2011, 2, 21, 3, 0, 0},
        {"riley", "wansot", 2005, 6, 27, "watson", "riley", 2005, 6, 27, RT_LINK_FIRST_SWAPPED,
         RT_LINK_MISSING, 0},
        /* A year mistyped, one digit or two swapped, the day near. */
        {"emily", "king", 1987, 12, 10, "emily", "king", 1978, 12, 20, 0, 0, 4},
        {"ruby", "ward", 2020, 8, 20, "ruby", "ward", 2030, 8, 18, 0, 0, 4},
        {"ruby", "ward", 2020, 8, 20, "ruby", "ward", 2031, 8, 18, 0, 0, 5},
        {"ruby", "ward", 2020, 8, 20, "ruby", "ward", 2030, 10, 18, 0, 0, 5},
        {"bob", "ward", 2020, 8, 20, "ruby", "ward", 2020, 8, 20, RT_LINK_FIRST_DIFFERENT, 0, 0},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        rt_link_record a = rec(cases[i].f1, cases[i].s1, cases[i].y1, cases[i].m1, cases[i].d1,
                               NULL);
        rt_link_record b = rec(cases[i].f2, cases[i].s2, cases[i].y2, cases[i].m2, cases[i].d2,
                               NULL);
        int lv[RT_LF_COUNT];
        rt_link_compare(&a, &b, lv);
        if (lv[RT_LF_FIRST] != cases[i].first || lv[RT_LF_SURNAME] != cases[i].surname ||
            lv[RT_LF_DOB] != cases[i].dob)
            fail_msg("case %zu: levels %d %d %d, want %d %d %d", i, lv[RT_LF_FIRST],
                     lv[RT_LF_SURNAME], lv[RT_LF_DOB], cases[i].first, cases[i].surname,
                     cases[i].dob);
        assert_int_equal(lv[RT_LF_EMAIL], RT_LINK_MISSING);
    }
}

/* E-mail addresses: the same name at another domain, a slip of the
 * keyboard, and numbers two people chose apart. */
static void email_levels(void **state)
{
    (void)state;
    static const struct {
        const char *a, *b;
        int level;
    } cases[] = {
        {"ann.lee@example.org", "ann.lee@example.org", 0},
        {"ann.lee@example.org", "ann.lee@example.net", 1},
        {"sophie.s44@example.org", "sophie.s444@example.org", 2},
        {"sophie.s44@example.org", "sophie.s45@example.org", 2},
        {"ann.lee12@example.org", "ann.lee47@example.org", 3},
        {"ann.lee@example.org", "ann.lee12@example.org", 3},
        {"ann.lee@example.org", "zed.kay@example.org", 3},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        rt_link_record a = rec("ann", "lee", 0, 0, 0, cases[i].a);
        rt_link_record b = rec("ann", "lee", 0, 0, 0, cases[i].b);
        int lv[RT_LF_COUNT];
        rt_link_compare(&a, &b, lv);
        if (lv[RT_LF_EMAIL] != cases[i].level)
            fail_msg("%s ~ %s: level %d, want %d", cases[i].a, cases[i].b, lv[RT_LF_EMAIL],
                     cases[i].level);
        rt_link_compare(&b, &a, lv);
        assert_int_equal(lv[RT_LF_EMAIL], cases[i].level);
    }
}

/* Remembered similarities give the levels a fresh comparison gives,
 * asked once or again, whichever pair shares a slot. */
static void the_cache_never_changes_a_level(void **state)
{
    (void)state;
    static const char *const names[] = {"anna", "ann", "hannah", "jonathan", "jonathon", "lee",
                                        "leigh", "smith", "smyth", "roman", "aomrn"};
    enum { N = sizeof names / sizeof names[0] };
    rt_link_record r[N];
    for (int i = 0; i < N; i++) {
        r[i] = rec(names[i], names[(i + 3) % N], 1990, 1, 1 + i, NULL);
        r[i].first_id = (uint32_t)(i + 1);
        r[i].surname_id = (uint32_t)((i + 3) % N + 1);
    }
    rt_link_jw_cache *cache = calloc(1, sizeof *cache);
    assert_non_null(cache);
    for (int round = 0; round < 2; round++)
        for (int i = 0; i < N; i++)
            for (int j = 0; j < N; j++) {
                int fresh[RT_LF_COUNT], cached[RT_LF_COUNT];
                rt_link_compare(&r[i], &r[j], fresh);
                rt_link_compare_cached(&r[i], &r[j], cached, cache);
                if (memcmp(fresh, cached, sizeof fresh) != 0)
                    fail_msg("%s/%s against %s/%s differs", names[i], names[(i + 3) % N],
                             names[j], names[(j + 3) % N]);
            }
    free(cache);
}

static void same_letters_in_another_order(void **state)
{
    (void)state;
    static const struct {
        const char *a, *b;
        bool same;
    } cases[] = {{"aomrn", "roman", true}, {"london", "oondln", true}, {"roman", "roman", false},
                 {"ab", "ba", false}, {"anna", "nana", true}, {"anna", "nnaa ", false},
                 {"anna", "anne", false}, {"", "", false}};
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        if (rt_link_same_letters(cases[i].a, cases[i].b) != cases[i].same)
            fail_msg("'%s' '%s': want %d", cases[i].a, cases[i].b, cases[i].same);
        assert_true(rt_link_same_letters(cases[i].b, cases[i].a) == cases[i].same);
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(names_normalise),
        cmocka_unit_test(contact_fields_normalise),
        cmocka_unit_test(dates_of_birth_parse),
        cmocka_unit_test(soundex_and_jaro_winkler),
        cmocka_unit_test(the_bound_never_changes_an_answer),
        cmocka_unit_test(nicknames_read_as_their_name),
        cmocka_unit_test(comparisons_take_the_first_level_that_applies),
        cmocka_unit_test(email_levels),
        cmocka_unit_test(same_letters_in_another_order),
        cmocka_unit_test(the_cache_never_changes_a_level),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
