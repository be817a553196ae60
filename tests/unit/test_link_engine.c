/* The linkage engine on a small synthetic town: people written many
 * ways are found to be one; different people sharing a common name are
 * not; a chain of weak links does not join two people. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "engine.h"

/* A deterministic synthetic population: every person written 1 to 4
 * times with typical errors. Names are invented from syllables, so that
 * as in a real town most people do not share a full name. */
static const char *const first_a[] = {"Zeph", "Bram", "Otto", "Casp", "Isol", "Pere", "Mari",
                                      "Thad", "Rosa", "Evan"};
static const char *const first_b[] = {"ine", "well", "line", "ian", "de", "grin", "gold", "eus"};
static const char *const surname_a[] = {"Quill", "Ash", "Tilly", "Marrow", "Pen", "Brack",
                                        "Thistle", "Oak", "Farrow", "Kestrel", "Under", "Wolver"};
static const char *const surname_b[] = {"feather", "grove", "fourie", "field", "hallow",
                                        "water", "wood", "ridge", "dale", "moor"};

static uint64_t rng = 88172645463325252ull;
static unsigned next(unsigned n)
{
    rng ^= rng << 13;
    rng ^= rng >> 7;
    rng ^= rng << 17;
    return (unsigned)(rng % n);
}

/* One typo: a letter dropped, doubled or two swapped. */
static void typo(char *s)
{
    size_t n = strlen(s);
    if (n < 4)
        return;
    size_t i = 1 + next((unsigned)(n - 2));
    switch (next(3)) {
    case 0: memmove(s + i, s + i + 1, n - i); break;
    case 1: memmove(s + i + 1, s + i, n - i + 1); break;
    default: {
        char t = s[i];
        s[i] = s[i + 1];
        s[i + 1] = t;
    }
    }
}

typedef struct person {
    char first[32], surname[32], dob[11], email[64];
} person;

static void populate(rt_link_engine *e, uint32_t **truth, size_t *n)
{
    static person people[150];
    *truth = malloc(600 * sizeof **truth);
    *n = 0;
    for (unsigned p = 0; p < 150; p++) {
        person *x = &people[p];
        const char *fa = first_a[next(10)], *fb = first_b[next(8)];
        const char *sa = surname_a[next(12)], *sb = surname_b[next(10)];
        snprintf(x->first, sizeof x->first, "%s%s", fa, fb);
        snprintf(x->surname, sizeof x->surname, "%s%s", sa, sb);
        snprintf(x->dob, sizeof x->dob, "%04u-%02u-%02u", 1950 + next(55), 1 + next(12),
                 1 + next(27));
        snprintf(x->email, sizeof x->email, "%c.%s%s%u@example.org", fa[0], sa, sb, next(100));
        unsigned copies = 1 + next(4);
        for (unsigned c = 0; c < copies; c++) {
            char first[32], surname[32], dob[11], email[64], id[16];
            memcpy(first, x->first, sizeof first);
            memcpy(surname, x->surname, sizeof surname);
            memcpy(dob, x->dob, sizeof dob);
            memcpy(email, x->email, sizeof email);
            if (c) {
                switch (next(5)) {
                case 0: typo(first); break;
                case 1: typo(surname); break;
                case 2: dob[3] = (char)('0' + (dob[3] - '0' + 1) % 10); break; /* the year */
                case 3: email[0] = '\0'; break;
                default: {
                    char t[32];
                    memcpy(t, first, sizeof t);
                    memcpy(first, surname, sizeof first);
                    memcpy(surname, t, sizeof surname);
                }
                }
            }
            snprintf(id, sizeof id, "r%zu", *n);
            rt_link_input in = {id, first, surname, dob, NULL, NULL, email, NULL, NULL};
            const char *bad;
            assert_int_equal(rt_link_engine_add(e, &in, &bad), RT_OK);
            (*truth)[(*n)++] = p;
        }
    }
}

static void finds_people_written_many_ways(void **state)
{
    (void)state;
    rt_link_engine *e;
    assert_int_equal(rt_link_engine_new(&e), RT_OK);
    uint32_t *truth;
    size_t n;
    populate(e, &truth, &n);
    rt_link_options o;
    rt_link_options_default(&o);
    o.explain = true;
    o.threads = 2;
    rt_link_result r;
    assert_int_equal(rt_link_engine_run(e, &o, &r), RT_OK);
    assert_int_equal(r.n, n);
    double tp = 0, fp = 0, fn = 0;
    for (size_t i = 0; i < n; i++)
        for (size_t j = i + 1; j < n; j++) {
            bool same = truth[i] == truth[j], linked = r.cluster[i] == r.cluster[j];
            tp += same && linked;
            fp += !same && linked;
            fn += same && !linked;
        }
    double precision = tp / (tp + fp), recall = tp / (tp + fn);
    if (precision < 0.95 || recall < 0.9)
        fail_msg("precision %.3f recall %.3f", precision, recall);
    /* Every kept pair explains itself: its weight is the prior plus the
     * fields' parts. */
    assert_true(r.n_pairs > 0);
    for (size_t k = 0; k < r.n_pairs; k++) {
        double sum = 0;
        for (int f = 0; f < RT_LF_COUNT; f++)
            sum += r.pairs[k].parts[f];
        double prior = r.pairs[k].weight - sum;
        assert_true(prior < 0); /* two records picked at random are rarely one person */
        if (k)
            assert_true(r.pairs[k - 1].weight >= r.pairs[k].weight);
    }
    rt_link_result_free(&r);
    free(truth);
    rt_link_engine_free(e);
}

static void bad_values_are_named(void **state)
{
    (void)state;
    rt_link_engine *e;
    assert_int_equal(rt_link_engine_new(&e), RT_OK);
    static const struct {
        rt_link_input in;
        const char *bad;
    } cases[] = {
        {{"1", "Ann", "Lee", "1990-02-30", NULL, NULL, NULL, NULL, NULL}, "dob"},
        {{"", "Ann", "Lee", NULL, NULL, NULL, NULL, NULL, NULL}, "id"},
        {{"2", "A\xff", "Lee", NULL, NULL, NULL, NULL, NULL, NULL}, "first_name"},
        {{"3", "Ann", "L\xc3", NULL, NULL, NULL, NULL, NULL, NULL}, "surname"},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        const char *bad = NULL;
        assert_int_equal(rt_link_engine_add(e, &cases[i].in, &bad), RT_EINVAL);
        assert_string_equal(bad, cases[i].bad);
    }
    assert_int_equal(rt_link_engine_count(e), 0);
    rt_link_result r;
    rt_link_options o;
    rt_link_options_default(&o);
    assert_int_equal(rt_link_engine_run(e, &o, &r), RT_EINVAL);
    rt_link_engine_free(e);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(finds_people_written_many_ways),
        cmocka_unit_test(bad_values_are_named),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
