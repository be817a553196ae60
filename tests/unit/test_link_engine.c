/* The linkage engine on a small synthetic town: people written many
 * ways are found to be one; different people sharing a common name are
 * not; a chain of weak links does not join two people. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "engine.h"
#include "model.h"

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

/* A chain of two well-linked groups joined by one weak link stays two
 * people; groups joined by links from most of the smaller one become one;
 * a single record joins on one link. */
static void clustering_refuses_to_chain_on_a_weak_link(void **state)
{
    (void)state;
    static const struct {
        uint32_t a, b;
        float p;
    } links[] = {
        {0, 1, 0.999f}, {1, 2, 0.999f}, {0, 2, 0.998f}, /* one person: 0 1 2 */
        {3, 4, 0.999f}, {4, 5, 0.999f}, {3, 5, 0.997f}, /* another: 3 4 5 */
        {2, 3, 0.95f},                                   /* one weak link between them */
        {6, 7, 0.99f}, {8, 6, 0.97f}, {8, 7, 0.96f},     /* 6 7 and the single 8 */
        {9, 10, 0.5f},                                   /* below the threshold */
    };
    size_t n = sizeof links / sizeof links[0];
    rt_link_pair pairs[16];
    for (size_t i = 0; i < n; i++)
        pairs[i] = (rt_link_pair){.a = links[i].a, .b = links[i].b, .probability = links[i].p,
                                  .weight = links[i].p * 10};
    /* Strongest first, as the contract asks. */
    for (size_t i = 0; i < n; i++)
        for (size_t j = i + 1; j < n; j++)
            if (pairs[j].weight > pairs[i].weight) {
                rt_link_pair t = pairs[i];
                pairs[i] = pairs[j];
                pairs[j] = t;
            }
    uint32_t out[11];
    size_t refused;
    assert_int_equal(rt_link_cluster(11, pairs, n, 0.9, out, &refused), RT_OK);
    static const uint32_t want[11] = {0, 0, 0, 3, 3, 3, 6, 6, 6, 9, 10};
    for (int i = 0; i < 11; i++)
        if (out[i] != want[i])
            fail_msg("record %d in cluster %u, want %u", i, out[i], want[i]);
    assert_int_equal(refused, 1);

    /* Two of the three linking across: now one person. */
    pairs[n] = (rt_link_pair){.a = 1, .b = 4, .probability = 0.96f, .weight = 9.6f};
    rt_link_pair more[17];
    memcpy(more, pairs, sizeof pairs);
    for (size_t i = n; i > 0 && more[i].weight > more[i - 1].weight; i--) {
        rt_link_pair t = more[i];
        more[i] = more[i - 1];
        more[i - 1] = t;
    }
    assert_int_equal(rt_link_cluster(11, more, n + 1, 0.9, out, &refused), RT_OK);
    assert_int_equal(out[5], out[0]);
}

/* The second stage: two groups with most of the record pairs between them
 * at even odds or better join, though no single pair reached the
 * threshold; one such pair between two single records does not, nor do
 * pairs below even odds however many (a low --review keeps them). */
static void groups_join_on_evidence_as_a_whole(void **state)
{
    (void)state;
    static const struct {
        uint32_t a, b;
        float p;
    } links[] = {
        {0, 1, 0.99f}, {2, 3, 0.99f},                 /* two pairs ... */
        {0, 2, 0.7f}, {1, 3, 0.6f}, {1, 2, 0.55f},    /* ... three of four between at review */
        {4, 5, 0.99f}, {6, 7, 0.99f}, {4, 6, 0.8f},   /* one of four between: apart */
        {8, 9, 0.8f},                                 /* two singles: a review pair alone */
        {10, 11, 0.99f}, {12, 13, 0.99f},             /* two more pairs ... */
        {10, 12, 0.4f}, {11, 13, 0.45f}, {11, 12, 0.42f}, /* ... below even odds between */
    };
    size_t n = sizeof links / sizeof links[0];
    rt_link_pair pairs[16];
    for (size_t i = 0; i < n; i++)
        pairs[i] = (rt_link_pair){.a = links[i].a, .b = links[i].b, .probability = links[i].p,
                                  .weight = links[i].p * 10};
    for (size_t i = 0; i < n; i++)
        for (size_t j = i + 1; j < n; j++)
            if (pairs[j].weight > pairs[i].weight) {
                rt_link_pair t = pairs[i];
                pairs[i] = pairs[j];
                pairs[j] = t;
            }
    uint32_t out[14];
    size_t refused;
    assert_int_equal(rt_link_cluster(14, pairs, n, 0.9, out, &refused), RT_OK);
    static const uint32_t want[14] = {0, 0, 0, 0, 4, 4, 6, 6, 8, 9, 10, 10, 12, 12};
    for (int i = 0; i < 14; i++)
        if (out[i] != want[i])
            fail_msg("record %d in cluster %u, want %u", i, out[i], want[i]);
}

/* u counted over random pairs holds the matches among them; taking them
 * out leaves the non-matches' share, never below half a pair. */
static void matches_are_taken_out_of_u(void **state)
{
    (void)state;
    uint64_t counts[RT_LF_COUNT][RT_LINK_MAX_LEVELS + 1] = {{0}};
    /* E-mail over 100,000 pairs: 30 agree exactly, 99,970 do not. */
    counts[RT_LF_EMAIL][0] = 30;
    counts[RT_LF_EMAIL][3] = 99970;
    rt_link_model mo;
    memset(&mo, 0, sizeof mo);
    rt_link_model_start(&mo, counts);
    mo.lambda = 2e-4;
    mo.m[RT_LF_EMAIL][0] = 0.5;
    mo.m[RT_LF_EMAIL][1] = 0.2;
    mo.m[RT_LF_EMAIL][2] = 0.2;
    mo.m[RT_LF_EMAIL][3] = 0.1;
    double before = mo.u[RT_LF_EMAIL][0];
    rt_link_model_unmix(&mo, counts);
    /* 31/100004 counted, 1e-4 of it matches: about 2.1e-4 left. */
    assert_true(mo.u[RT_LF_EMAIL][0] < before);
    assert_true(fabs(mo.u[RT_LF_EMAIL][0] - 2.1e-4) < 0.2e-4);
    /* Levels no random pair showed keep half a pair's share. */
    assert_true(mo.u[RT_LF_EMAIL][1] >= 0.5 / 100000 * 0.99);
    double sum = 0;
    for (int l = 0; l < 4; l++)
        sum += mo.u[RT_LF_EMAIL][l];
    assert_true(fabs(sum - 1) < 1e-9);
}

/* Where the names agree an e-mail made of them says less: the weight
 * takes u from names_email_u there, and the population's elsewhere. */
static void email_weighs_less_where_the_names_agree(void **state)
{
    (void)state;
    uint64_t counts[RT_LF_COUNT][RT_LINK_MAX_LEVELS + 1] = {{0}};
    rt_link_model mo;
    memset(&mo, 0, sizeof mo);
    rt_link_model_start(&mo, counts);
    for (int l = 0; l < 4; l++)
        mo.names_email_u[l] = 0.25;
    rt_link_record a = {.first = "ann"};
    int agree[RT_LF_COUNT], apart[RT_LF_COUNT];
    for (int f = 0; f < RT_LF_COUNT; f++)
        agree[f] = apart[f] = RT_LINK_MISSING;
    agree[RT_LF_FIRST] = 2;
    agree[RT_LF_SURNAME] = 2;
    agree[RT_LF_EMAIL] = apart[RT_LF_EMAIL] = 1;
    double parts[RT_LF_COUNT];
    rt_link_weight(&mo, agree, &a, parts);
    double with_names = parts[RT_LF_EMAIL];
    rt_link_weight(&mo, apart, &a, parts);
    assert_true(fabs(with_names - log2(mo.m[RT_LF_EMAIL][1] / 0.25)) < 1e-9);
    assert_true(fabs(parts[RT_LF_EMAIL] - log2(mo.m[RT_LF_EMAIL][1] / mo.u[RT_LF_EMAIL][1])) <
                1e-9);
    assert_true(rt_link_names_agree(agree));
    assert_false(rt_link_names_agree(apart));
    agree[RT_LF_SURNAME] = 5; /* different */
    assert_false(rt_link_names_agree(agree));
}

/* EM recovers a known mixture: counts made exactly from m, u and lambda
 * for two fields lead back to them from the neutral start. */
static void em_recovers_a_known_mixture(void **state)
{
    (void)state;
    const double lambda = 0.2;
    const double m1[7] = {0.80, 0.05, 0.05, 0.04, 0.03, 0.01, 0.02};
    const double u1[7] = {0.01, 0.01, 0.02, 0.04, 0.06, 0.001, 0.859};
    const double m2[5] = {0.85, 0.03, 0.05, 0.04, 0.03};
    const double u2[5] = {0.02, 0.01, 0.03, 0.09, 0.85};
    rt_link_hist h;
    assert_int_equal(rt_link_hist_init(&h), RT_OK);
    uint64_t counts[RT_LF_COUNT][RT_LINK_MAX_LEVELS + 1] = {{0}};
    for (int a = 0; a < 7; a++)
        for (int b = 0; b < 5; b++) {
            double share = lambda * m1[a] * m2[b] + (1 - lambda) * u1[a] * u2[b];
            uint64_t c = (uint64_t)(share * 1e7 + 0.5);
            int lv[RT_LF_COUNT];
            for (int f = 0; f < RT_LF_COUNT; f++)
                lv[f] = RT_LINK_MISSING;
            lv[RT_LF_FIRST] = a;
            lv[RT_LF_SURNAME] = b;
            for (uint64_t k = 0; k < c / 1000; k++) /* 10,000 pairs in all */
                rt_link_hist_add(&h, lv);
        }
    /* u as random pairs would give it: the non-match distribution. */
    for (int a = 0; a < 7; a++)
        counts[RT_LF_FIRST][a] = (uint64_t)(u1[a] * 1e6);
    for (int b = 0; b < 5; b++)
        counts[RT_LF_SURNAME][b] = (uint64_t)(u2[b] * 1e6);
    rt_link_model mo;
    memset(&mo, 0, sizeof mo);
    rt_link_model_start(&mo, counts);
    assert_int_equal(rt_link_model_em(&mo, &h, 0, 500, 1e-9), RT_OK);
    if (fabs(mo.lambda - lambda) > 0.01 || fabs(mo.m[RT_LF_FIRST][0] - m1[0]) > 0.02 ||
        fabs(mo.m[RT_LF_SURNAME][0] - m2[0]) > 0.02)
        fail_msg("lambda %.3f m1 %.3f m2 %.3f after %d iterations", mo.lambda,
                 mo.m[RT_LF_FIRST][0], mo.m[RT_LF_SURNAME][0], mo.iterations);
    assert_true(mo.iterations < 500); /* it converged */
    rt_link_hist empty;
    assert_int_equal(rt_link_hist_init(&empty), RT_OK);
    assert_int_equal(rt_link_model_em(&mo, &empty, 0, 10, 1e-6), RT_EINVAL);
    rt_link_hist_free(&empty);
    rt_link_hist_free(&h);
}

/* Households are the hard negatives: twins share a surname, a date of
 * birth, a postcode and the home phone, and differ in their given names.
 * They are two people, even though each of those fields alone says
 * "same". */
static void twins_are_two_people(void **state)
{
    (void)state;
    rt_link_engine *e;
    assert_int_equal(rt_link_engine_new(&e), RT_OK);
    uint32_t *truth;
    size_t n;
    rng = 88172645463325252ull;
    populate(e, &truth, &n);
    static const char *const twin_first[][2] = {
        {"Amaryllis", "Bartholomew"}, {"Cordelia", "Desmond"}, {"Euphemia", "Fitzroy"},
        {"Gwendolyn", "Horatio"}, {"Ignatius", "Jocasta"}, {"Kenelm", "Lavinia"},
        {"Mordecai", "Nerissa"}, {"Octavian", "Philippa"}, {"Quentin", "Rowena"},
        {"Sebastian", "Tabitha"}, {"Ulysses", "Viviana"}, {"Wilfred", "Xanthe"}};
    size_t first_twin = n;
    for (size_t t = 0; t < 12; t++) {
        char dob[11], phone[16], postcode[10], surname[24], id[16];
        snprintf(dob, sizeof dob, "19%02zu-0%zu-1%zu", 60 + t, 1 + t % 9, t % 9);
        snprintf(phone, sizeof phone, "01632 9600%02zu", t);
        snprintf(postcode, sizeof postcode, "WM%zu 1AB", 1 + t % 9);
        snprintf(surname, sizeof surname, "Twinmoor%c", (char)('a' + t));
        for (int k = 0; k < 2; k++) {
            snprintf(id, sizeof id, "t%zu", n);
            rt_link_input in = {id, twin_first[t][k], surname, dob, postcode, NULL, NULL, phone,
                                NULL};
            const char *bad;
            assert_int_equal(rt_link_engine_add(e, &in, &bad), RT_OK);
            n++;
        }
    }
    rt_link_options o;
    rt_link_options_default(&o);
    rt_link_result r;
    assert_int_equal(rt_link_engine_run(e, &o, &r), RT_OK);
    for (size_t i = first_twin; i < n; i += 2)
        if (r.cluster[i] == r.cluster[i + 1])
            fail_msg("twins %zu and %zu joined (household share %g)", i, i + 1,
                     r.model.household_u);
    assert_true(r.model.household_u > 0);
    rt_link_result_free(&r);
    free(truth);
    rt_link_engine_free(e);
}

/* Two runs over the same records give the same clusters and pairs. */
static void runs_are_repeatable(void **state)
{
    (void)state;
    rt_link_result r[2];
    for (int k = 0; k < 2; k++) {
        rng = 88172645463325252ull;
        rt_link_engine *e;
        assert_int_equal(rt_link_engine_new(&e), RT_OK);
        uint32_t *truth;
        size_t n;
        populate(e, &truth, &n);
        free(truth);
        rt_link_options o;
        rt_link_options_default(&o);
        o.threads = 2;
        assert_int_equal(rt_link_engine_run(e, &o, &r[k]), RT_OK);
        rt_link_engine_free(e);
    }
    assert_int_equal(r[0].n, r[1].n);
    assert_int_equal(r[0].n_pairs, r[1].n_pairs);
    assert_memory_equal(r[0].cluster, r[1].cluster, r[0].n * sizeof *r[0].cluster);
    for (size_t i = 0; i < r[0].n_pairs; i++) {
        assert_int_equal(r[0].pairs[i].a, r[1].pairs[i].a);
        assert_int_equal(r[0].pairs[i].b, r[1].pairs[i].b);
    }
    rt_link_result_free(&r[0]);
    rt_link_result_free(&r[1]);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(finds_people_written_many_ways),
        cmocka_unit_test(bad_values_are_named),
        cmocka_unit_test(clustering_refuses_to_chain_on_a_weak_link),
        cmocka_unit_test(em_recovers_a_known_mixture),
        cmocka_unit_test(groups_join_on_evidence_as_a_whole),
        cmocka_unit_test(matches_are_taken_out_of_u),
        cmocka_unit_test(email_weighs_less_where_the_names_agree),
        cmocka_unit_test(runs_are_repeatable),
        cmocka_unit_test(twins_are_two_people),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
