/* cmd_link.c: `roundtable link INPUT.csv -o OUTPUT.csv [--pairs PAIRS.csv]`:
 * which records of a CSV file are the same person. */
#include <errno.h>
#include <getopt.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <time.h>
#include <unistd.h>
#include "../link/csv.h"
#include "../link/engine.h"
#include "cli.h"

static void help(FILE *f)
{
    fprintf(f,
            "usage: roundtable link INPUT.csv -o OUTPUT.csv [--pairs PAIRS.csv]\n"
            "                       [--threshold P] [--review P] [--truth COLUMN] [--quiet]\n"
            "  INPUT has a header naming unique_id and any of first_name, surname, dob,\n"
            "  postcode, city, email, phone, gender (other columns are ignored); dob as\n"
            "  YYYY-MM-DD or DD/MM/YYYY. OUTPUT gets unique_id,cluster_id, a row per record:\n"
            "  records with one cluster_id are one person.\n"
            "  --pairs       also write every pair scored at or above --review, with the\n"
            "                weight each field added (the explanation)\n"
            "  --threshold   link pairs at or above this probability (default 0.9)\n"
            "  --review      keep pairs from this probability for review (default 0.5)\n"
            "  --truth       a column of known clusters: print pairwise precision, recall\n"
            "                and F1 of the result against it\n"
            "  --quiet       no progress or summary on standard error\n");
}

static const char *const known[] = {"unique_id", "first_name", "surname", "dob", "postcode",
                                    "city", "email", "phone", "gender"};
enum { C_ID, C_FIRST, C_SURNAME, C_DOB, C_POSTCODE, C_CITY, C_EMAIL, C_PHONE, C_GENDER, C_KNOWN };

typedef struct progress {
    bool on;
    const char *stage;
    int last;
} progress;

static void show(void *ctx, const char *stage, size_t done, size_t total)
{
    progress *p = ctx;
    int pct = total ? (int)(100.0 * (double)done / (double)total) : 0;
    if (pct > 100)
        pct = 100;
    if (p->stage == stage && pct == p->last)
        return;
    p->stage = stage;
    p->last = pct;
    char bar[31];
    int fill = pct * 30 / 100;
    for (int i = 0; i < 30; i++)
        bar[i] = i < fill ? '#' : '.';
    bar[30] = '\0';
    fprintf(stderr, "\r%-10s [%s] %3d%%", stage, bar, pct);
    fflush(stderr);
}

static char *slurp(const char *path, size_t *len)
{
    FILE *f = fopen(path, "rb");
    if (!f)
        return NULL;
    char *data = NULL;
    size_t cap = 0, n = 0;
    for (;;) {
        if (n == cap) {
            size_t ncap = cap ? cap * 2 : 1 << 20;
            char *d = realloc(data, ncap);
            if (!d) {
                free(data);
                fclose(f);
                errno = ENOMEM;
                return NULL;
            }
            data = d;
            cap = ncap;
        }
        size_t got = fread(data + n, 1, cap - n, f);
        n += got;
        if (got == 0)
            break;
    }
    bool bad = ferror(f);
    fclose(f);
    if (bad) {
        free(data);
        return NULL;
    }
    *len = n;
    return data;
}

/* Pairwise precision, recall and F1 of predicted clusters against truth. */
typedef struct pt {
    uint32_t pred, truth;
} pt;

static int pt_cmp(const void *a, const void *b)
{
    const pt *x = a, *y = b;
    if (x->pred != y->pred)
        return x->pred < y->pred ? -1 : 1;
    return (x->truth > y->truth) - (x->truth < y->truth);
}

typedef struct label {
    const char *s;
    uint32_t idx;
} label;

static int label_cmp(const void *a, const void *b)
{
    return strcmp(((const label *)a)->s, ((const label *)b)->s);
}

static double pairs_of(uint64_t n)
{
    return (double)n * (double)(n - 1) / 2.0;
}

static int evaluate(const rt_link_result *r, char **truth)
{
    size_t n = r->n;
    label *l = malloc(n * sizeof *l);
    pt *p = malloc(n * sizeof *p);
    uint32_t *tid = malloc(n * sizeof *tid);
    if (!l || !p || !tid) {
        free(l);
        free(p);
        free(tid);
        return rt_cli_fail("link --truth", RT_ENOMEM);
    }
    for (size_t i = 0; i < n; i++)
        l[i] = (label){truth[i], (uint32_t)i};
    qsort(l, n, sizeof *l, label_cmp);
    uint32_t next = 0;
    double true_pairs = 0;
    for (size_t i = 0; i < n;) {
        size_t j = i;
        while (j < n && strcmp(l[j].s, l[i].s) == 0)
            tid[l[j++].idx] = next;
        true_pairs += pairs_of(j - i);
        next++;
        i = j;
    }
    for (size_t i = 0; i < n; i++)
        p[i] = (pt){r->cluster[i], tid[i]};
    qsort(p, n, sizeof *p, pt_cmp);
    double pred_pairs = 0, both = 0;
    for (size_t i = 0; i < n;) {
        size_t j = i;
        while (j < n && p[j].pred == p[i].pred)
            j++;
        pred_pairs += pairs_of(j - i);
        for (size_t a = i; a < j;) {
            size_t b = a;
            while (b < j && p[b].truth == p[a].truth)
                b++;
            both += pairs_of(b - a);
            a = b;
        }
        i = j;
    }
    double precision = pred_pairs ? both / pred_pairs : 1, recall = true_pairs ? both / true_pairs : 1;
    double f1 = precision + recall ? 2 * precision * recall / (precision + recall) : 0;
    printf("pairwise precision %.4f recall %.4f F1 %.4f (true pairs %.0f, predicted %.0f, "
           "correct %.0f)\n",
           precision, recall, f1, true_pairs, pred_pairs, both);
    free(l);
    free(p);
    free(tid);
    return 0;
}

/* Opens path for writing, or says why not. */
static FILE *open_out(const char *path)
{
    FILE *f = fopen(path, "w");
    if (!f)
        fprintf(stderr, "roundtable link: cannot write %s: %s\n", path, strerror(errno));
    return f;
}

/* Closes f, which was written to path: 0, or 1 having said why. */
static int close_out(FILE *f, const char *path)
{
    if (fclose(f) == 0)
        return 0;
    fprintf(stderr, "roundtable link: cannot write %s: %s\n", path, strerror(errno));
    return 1;
}

static int write_output(const char *path, const rt_link_engine *e, const rt_link_result *r)
{
    FILE *f = open_out(path);
    if (!f)
        return 1;
    fputs("unique_id,cluster_id\n", f);
    for (size_t i = 0; i < r->n; i++) {
        rt_csv_write_field(f, rt_link_engine_record(e, i)->id);
        fputc(',', f);
        rt_csv_write_field(f, rt_link_engine_record(e, r->cluster[i])->id);
        fputc('\n', f);
    }
    return close_out(f, path);
}

static int write_pairs(const char *path, const rt_link_engine *e, const rt_link_result *r)
{
    FILE *f = open_out(path);
    if (!f)
        return 1;
    const rt_link_field_info *info = rt_link_field_infos();
    fputs("unique_id_l,unique_id_r,match_probability,match_weight", f);
    for (int k = 0; k < RT_LF_COUNT; k++)
        fprintf(f, ",%s_level,%s_weight", info[k].name, info[k].name);
    fputc('\n', f);
    for (size_t i = 0; i < r->n_pairs; i++) {
        const rt_link_pair *p = &r->pairs[i];
        rt_csv_write_field(f, rt_link_engine_record(e, p->a)->id);
        fputc(',', f);
        rt_csv_write_field(f, rt_link_engine_record(e, p->b)->id);
        fprintf(f, ",%.6f,%.3f", p->probability, p->weight);
        for (int k = 0; k < RT_LF_COUNT; k++) {
            fputc(',', f);
            if (p->levels[k] >= 0) {
                rt_csv_write_field(f, info[k].level[p->levels[k]]);
                fprintf(f, ",%.3f", p->parts[k]);
            } else {
                fputs("missing,0", f);
            }
        }
        fputc('\n', f);
    }
    return close_out(f, path);
}

static bool parse_probability(const char *s, double *out)
{
    char *end;
    errno = 0;
    double v = strtod(s, &end);
    if (errno || *end || !(v > 0 && v < 1))
        return false;
    *out = v;
    return true;
}

int rt_cmd_link(int argc, char **argv)
{
    static const struct option opts[] = {
        {"output", required_argument, NULL, 'o'}, {"pairs", required_argument, NULL, 'p'},
        {"threshold", required_argument, NULL, 't'}, {"review", required_argument, NULL, 'r'},
        {"truth", required_argument, NULL, 'T'}, {"quiet", no_argument, NULL, 'q'},
        {"help", no_argument, NULL, 'h'}, {NULL, 0, NULL, 0},
    };
    const char *output = NULL, *pairs_path = NULL, *truth_col = NULL;
    bool quiet = false;
    rt_link_options o;
    rt_link_options_default(&o);
    int c;
    optind = 1;
    while ((c = getopt_long(argc, argv, "o:", opts, NULL)) != -1) {
        switch (c) {
        case 'o': output = optarg; break;
        case 'p': pairs_path = optarg; break;
        case 'T': truth_col = optarg; break;
        case 'q': quiet = true; break;
        case 't':
        case 'r':
            if (!parse_probability(optarg, c == 't' ? &o.threshold : &o.review)) {
                fprintf(stderr, "roundtable link: --%s: expected a probability between 0 and 1, "
                                "got '%s'\n",
                        c == 't' ? "threshold" : "review", optarg);
                return 2;
            }
            break;
        case 'h': help(stdout); return 0;
        default: help(stderr); return 2;
        }
    }
    if (optind != argc - 1 || !output) {
        fprintf(stderr, optind != argc - 1 ? "roundtable link: give one INPUT.csv\n"
                                           : "roundtable link: -o OUTPUT.csv is required\n");
        help(stderr);
        return 2;
    }
    if (o.review > o.threshold) {
        fprintf(stderr, "roundtable link: --review must not be above --threshold\n");
        return 2;
    }
    const char *input = argv[optind];
    o.explain = pairs_path != NULL;
    size_t len = 0;
    char *data = slurp(input, &len);
    if (!data) {
        fprintf(stderr, "roundtable link: cannot read %s: %s\n", input, strerror(errno));
        return 1;
    }
    clock_t t0 = clock();
    struct timespec w0, w1;
    clock_gettime(CLOCK_MONOTONIC, &w0);
    rt_csv csv;
    rt_csv_init(&csv, data, len);
    int rc = 0;
    rt_link_engine *e = NULL;
    char **truth = NULL;
    size_t n_truth = 0, cap_truth = 0;
    int col[C_KNOWN], truth_at = -1;
    size_t n_cols = 0;
    rt_status st = rt_link_engine_new(&e);
    if (st == RT_OK)
        st = rt_csv_next(&csv);
    if (st == RT_ENOTFOUND) {
        fprintf(stderr, "roundtable link: %s: line 1: the file is empty; it needs a header\n",
                input);
        rc = 2;
        goto out;
    }
    if (st == RT_EINVAL) {
        fprintf(stderr, "roundtable link: %s: line %zu, column %zu: %s\n", input, csv.err_line,
                csv.err_col, csv.error);
        rc = 2;
        goto out;
    }
    if (st != RT_OK) {
        rc = rt_cli_fail("link", st);
        goto out;
    }
    for (int k = 0; k < C_KNOWN; k++)
        col[k] = -1;
    n_cols = csv.n;
    for (size_t i = 0; i < csv.n; i++) {
        for (int k = 0; k < C_KNOWN; k++)
            if (strcmp(csv.field[i], known[k]) == 0) {
                if (col[k] >= 0) {
                    fprintf(stderr, "roundtable link: %s: line 1, column %zu: '%s' is named "
                                    "twice\n",
                            input, csv.field_col[i], known[k]);
                    rc = 2;
                    goto out;
                }
                col[k] = (int)i;
            }
        if (truth_col && strcmp(csv.field[i], truth_col) == 0)
            truth_at = (int)i;
    }
    if (col[C_ID] < 0) {
        fprintf(stderr, "roundtable link: %s: line 1, column 1: the header has no unique_id\n",
                input);
        rc = 2;
        goto out;
    }
    if (truth_col && truth_at < 0) {
        fprintf(stderr, "roundtable link: --truth: the header has no column '%s'\n", truth_col);
        rc = 2;
        goto out;
    }
    for (;;) {
        st = rt_csv_next(&csv);
        if (st == RT_ENOTFOUND)
            break;
        if (st == RT_EINVAL) {
            fprintf(stderr, "roundtable link: %s: line %zu, column %zu: %s\n", input, csv.err_line,
                    csv.err_col, csv.error);
            rc = 2;
            goto out;
        }
        if (st != RT_OK) {
            rc = rt_cli_fail("link", st);
            goto out;
        }
        if (csv.n == 1 && !csv.field[0][0])
            continue; /* a blank line */
        if (csv.n != n_cols) {
            fprintf(stderr, "roundtable link: %s: line %zu, column %zu: %zu fields where the "
                            "header has %zu\n",
                    input, csv.record_line, csv.n > n_cols ? csv.field_col[n_cols] : 1, csv.n,
                    n_cols);
            rc = 2;
            goto out;
        }
        const char *v[C_KNOWN];
        for (int k = 0; k < C_KNOWN; k++)
            v[k] = col[k] >= 0 ? csv.field[col[k]] : NULL;
        rt_link_input in = {v[C_ID], v[C_FIRST], v[C_SURNAME], v[C_DOB], v[C_POSTCODE],
                            v[C_CITY], v[C_EMAIL], v[C_PHONE], v[C_GENDER]};
        const char *bad = NULL;
        st = rt_link_engine_add(e, &in, &bad);
        if (st == RT_EINVAL) {
            int k = 0;
            while (k < C_KNOWN && strcmp(known[k], bad) != 0)
                k++;
            size_t at = k < C_KNOWN && col[k] >= 0 ? csv.field_col[col[k]] : 1;
            fprintf(stderr, "roundtable link: %s: line %zu, column %zu: %s %s\n", input,
                    csv.record_line, at, bad,
                    strcmp(bad, "dob") == 0  ? "is not a date (YYYY-MM-DD or DD/MM/YYYY)"
                    : strcmp(bad, "id") == 0 ? "(unique_id) is empty"
                                             : "is not valid text");
            rc = 2;
            goto out;
        }
        if (st != RT_OK) {
            rc = rt_cli_fail("link", st);
            goto out;
        }
        if (truth_at >= 0) {
            if (n_truth == cap_truth) {
                size_t ncap = cap_truth ? cap_truth * 2 : 1024;
                char **t = realloc(truth, ncap * sizeof *t);
                if (!t) {
                    rc = rt_cli_fail("link", RT_ENOMEM);
                    goto out;
                }
                truth = t;
                cap_truth = ncap;
            }
            if (!(truth[n_truth++] = strdup(csv.field[truth_at]))) {
                rc = rt_cli_fail("link", RT_ENOMEM);
                goto out;
            }
        }
    }
    {
        /* Unique ids must be unique, or the output could not say which is which. */
        size_t n = rt_link_engine_count(e);
        label *ids = malloc((n ? n : 1) * sizeof *ids);
        if (!ids) {
            rc = rt_cli_fail("link", RT_ENOMEM);
            goto out;
        }
        for (size_t i = 0; i < n; i++)
            ids[i] = (label){rt_link_engine_record(e, i)->id, (uint32_t)i};
        qsort(ids, n, sizeof *ids, label_cmp);
        for (size_t i = 1; i < n; i++)
            if (strcmp(ids[i].s, ids[i - 1].s) == 0) {
                fprintf(stderr, "roundtable link: %s: unique_id '%s' is used twice (records %u "
                                "and %u)\n",
                        input, ids[i].s, ids[i - 1].idx + 1, ids[i].idx + 1);
                free(ids);
                rc = 2;
                goto out;
            }
        free(ids);
    }
    progress pg = {.on = !quiet && isatty(STDERR_FILENO), .last = -1};
    if (pg.on) {
        o.progress = show;
        o.progress_ctx = &pg;
    }
    rt_link_result r;
    st = rt_link_engine_run(e, &o, &r);
    if (pg.on)
        fputs("\r\033[K", stderr);
    if (st == RT_EINVAL) {
        fprintf(stderr, "roundtable link: %s: at least two records are needed\n", input);
        rc = 2;
        goto out;
    }
    if (st != RT_OK) {
        rc = rt_cli_fail("link", st);
        goto out;
    }
    rc = write_output(output, e, &r);
    if (!rc && pairs_path)
        rc = write_pairs(pairs_path, e, &r);
    clock_gettime(CLOCK_MONOTONIC, &w1);
    double secs = (double)(w1.tv_sec - w0.tv_sec) + (double)(w1.tv_nsec - w0.tv_nsec) / 1e9;
    if (!rc && !quiet) {
        size_t clusters = 0, links = 0;
        for (size_t i = 0; i < r.n; i++)
            clusters += r.cluster[i] == i;
        for (size_t i = 0; i < r.n_pairs; i++)
            links += r.pairs[i].probability >= o.threshold;
        struct rusage ru;
        long peak_kb = getrusage(RUSAGE_SELF, &ru) == 0 ? ru.ru_maxrss : 0;
        fprintf(stderr,
                "roundtable link: %zu records, %llu candidate pairs, %zu links, %zu for review, "
                "%zu people; %zu blocking groups too large to use, %zu weak links not "
                "followed; EM %d iterations, prior %.3g; %.1f s (%.0f records/s, CPU %.1f s), "
                "peak memory %.0f MB\n",
                r.n, (unsigned long long)r.candidates, links, r.n_pairs - links, clusters,
                r.blocks_skipped, r.merges_refused, r.model.iterations, r.model.lambda, secs,
                (double)r.n / secs, (double)(clock() - t0) / CLOCKS_PER_SEC,
                (double)peak_kb / 1024.0);
    }
    if (!rc && truth)
        rc = evaluate(&r, truth);
    rt_link_result_free(&r);
out:
    for (size_t i = 0; i < n_truth; i++)
        free(truth[i]);
    free(truth);
    rt_csv_free(&csv);
    rt_link_engine_free(e);
    free(data);
    return rc;
}
