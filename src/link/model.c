/* model.c: Fellegi-Sunter weights learnt by EM; see model.h. */
#include "model.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

/* Cells per field: its levels and "missing". */
static size_t radix(int f)
{
    return (size_t)rt_link_field_infos()[f].n_levels + 1;
}

static size_t cells(void)
{
    size_t n = 1;
    for (int f = 0; f < RT_LF_COUNT; f++)
        n *= radix(f);
    return n;
}

static size_t index_of(const int levels[RT_LF_COUNT])
{
    size_t i = 0;
    for (int f = 0; f < RT_LF_COUNT; f++) {
        int l = levels[f] < 0 ? rt_link_field_infos()[f].n_levels : levels[f];
        i = i * radix(f) + (size_t)l;
    }
    return i;
}

static void levels_of(size_t i, int levels[RT_LF_COUNT])
{
    for (int f = RT_LF_COUNT - 1; f >= 0; f--) {
        size_t r = radix(f);
        int l = (int)(i % r);
        levels[f] = l == rt_link_field_infos()[f].n_levels ? RT_LINK_MISSING : l;
        i /= r;
    }
}

rt_status rt_link_hist_init(rt_link_hist *h)
{
    h->size = cells();
    h->total = 0;
    h->count = calloc(h->size, sizeof *h->count);
    return h->count ? RT_OK : RT_ENOMEM;
}

void rt_link_hist_add(rt_link_hist *h, const int levels[RT_LF_COUNT])
{
    h->count[index_of(levels)]++;
    h->total++;
}

void rt_link_hist_free(rt_link_hist *h)
{
    free(h->count);
    memset(h, 0, sizeof *h);
}

void rt_link_model_start(rt_link_model *mo,
                         const uint64_t counts[RT_LF_COUNT][RT_LINK_MAX_LEVELS + 1])
{
    const rt_link_field_info *info = rt_link_field_infos();
    for (int f = 0; f < RT_LF_COUNT; f++) {
        int n = info[f].n_levels;
        double total = 0, mt = 0;
        for (int l = 0; l < n; l++)
            total += (double)counts[f][l] + 1.0;
        /* The start EM moves from, and what stays where the data is too
         * small to learn from: a match usually agrees exactly, and each
         * weaker level is half as likely as the one above. */
        for (int l = 0; l < n; l++) {
            mo->u[f][l] = ((double)counts[f][l] + 1.0) / total;
            mo->m[f][l] = l == 0 ? 0.9 * (1.0 - ldexp(1.0, -(n - 1))) / 0.1 : ldexp(1.0, -l);
            mt += mo->m[f][l];
        }
        for (int l = 0; l < n; l++)
            mo->m[f][l] /= mt;
    }
    mo->lambda = 0.1;
    mo->iterations = 0;
}

void rt_link_model_unmix(rt_link_model *mo,
                         const uint64_t counts[RT_LF_COUNT][RT_LINK_MAX_LEVELS + 1])
{
    const rt_link_field_info *info = rt_link_field_infos();
    for (int f = 0; f < RT_LF_COUNT; f++) {
        int n = info[f].n_levels;
        double with = 0;
        for (int l = 0; l < n; l++)
            with += (double)counts[f][l];
        if (with <= 0)
            continue;
        double floor = 0.5 / with, sum = 0;
        for (int l = 0; l < n; l++) {
            double u = (mo->u[f][l] - mo->lambda * mo->m[f][l]) / (1 - mo->lambda);
            mo->u[f][l] = u > floor ? u : floor;
            sum += mo->u[f][l];
        }
        for (int l = 0; l < n; l++)
            mo->u[f][l] /= sum;
    }
}

/* Keeps a probability off 0 and 1, where logarithms break. */
static double clamp(double p)
{
    return p < 1e-9 ? 1e-9 : p > 1 - 1e-9 ? 1 - 1e-9 : p;
}

rt_status rt_link_model_em(rt_link_model *mo, const rt_link_hist *h, unsigned free_u,
                           int max_iter, double tol)
{
    if (!h->total)
        return RT_EINVAL;
    const rt_link_field_info *info = rt_link_field_infos();
    /* Only the cells that occur matter; list them once. */
    size_t n_cells = 0;
    for (size_t i = 0; i < h->size; i++)
        n_cells += h->count[i] != 0;
    size_t *used = malloc(n_cells * sizeof *used);
    if (!used)
        return RT_ENOMEM;
    for (size_t i = 0, k = 0; i < h->size; i++)
        if (h->count[i])
            used[k++] = i;
    for (int it = 0; it < max_iter; it++) {
        double mm[RT_LF_COUNT][RT_LINK_MAX_LEVELS] = {{0}};
        double uu[RT_LF_COUNT][RT_LINK_MAX_LEVELS] = {{0}};
        double matches = 0;
        for (size_t k = 0; k < n_cells; k++) {
            int lv[RT_LF_COUNT];
            levels_of(used[k], lv);
            double pm = mo->lambda, pu = 1 - mo->lambda;
            for (int f = 0; f < RT_LF_COUNT; f++)
                if (lv[f] >= 0) {
                    pm *= mo->m[f][lv[f]];
                    pu *= mo->u[f][lv[f]];
                }
            double post = pm / (pm + pu);
            double c = (double)h->count[used[k]];
            matches += post * c;
            for (int f = 0; f < RT_LF_COUNT; f++)
                if (lv[f] >= 0) {
                    mm[f][lv[f]] += post * c;
                    uu[f][lv[f]] += (1 - post) * c;
                }
        }
        double moved = fabs(matches / (double)h->total - mo->lambda);
        mo->lambda = clamp(matches / (double)h->total);
        for (int f = 0; f < RT_LF_COUNT; f++) {
            double sm = 0;
            for (int l = 0; l < info[f].n_levels; l++)
                sm += mm[f][l];
            for (int l = 0; l < info[f].n_levels; l++) {
                double m = sm > 0 ? clamp(mm[f][l] / sm) : mo->m[f][l];
                moved = fmax(moved, fabs(m - mo->m[f][l]));
                mo->m[f][l] = m;
            }
            if (!(free_u >> f & 1u))
                continue;
            double su = 0;
            for (int l = 0; l < info[f].n_levels; l++)
                su += uu[f][l];
            for (int l = 0; l < info[f].n_levels && su > 0; l++) {
                double u = clamp(uu[f][l] / su);
                moved = fmax(moved, fabs(u - mo->u[f][l]));
                mo->u[f][l] = u;
            }
        }
        mo->iterations = it + 1;
        if (moved < tol)
            break;
    }
    free(used);
    return RT_OK;
}

/* The surname level that agrees (exact), and the one that disagrees. */
#define SURNAME_AGREES(l) ((l) == 0)
#define SURNAME_DIFFERENT 5

bool rt_link_household(const int levels[RT_LF_COUNT])
{
    return levels[RT_LF_FIRST] == RT_LINK_FIRST_DIFFERENT &&
           SURNAME_AGREES(levels[RT_LF_SURNAME]) &&
           levels[RT_LF_DOB] == 0;
}

bool rt_link_names_agree(const int levels[RT_LF_COUNT])
{
    int f = levels[RT_LF_FIRST], s = levels[RT_LF_SURNAME];
    bool first = f >= 0 && f != RT_LINK_FIRST_DIFFERENT, surname = s >= 0 && s != SURNAME_DIFFERENT;
    return (first || surname) && f != RT_LINK_FIRST_DIFFERENT && s != SURNAME_DIFFERENT;
}

double rt_link_weight(const rt_link_model *mo, const int levels[RT_LF_COUNT],
                      const rt_link_record *a, double parts[RT_LF_COUNT])
{
    double w = log2(mo->lambda / (1 - mo->lambda));
    if (mo->household_u > 0 && rt_link_household(levels)) {
        int s = levels[RT_LF_SURNAME];
        double m = mo->m[RT_LF_FIRST][RT_LINK_FIRST_DIFFERENT] * mo->m[RT_LF_SURNAME][s] *
                   mo->m[RT_LF_DOB][0];
        for (int f = 0; f < RT_LF_COUNT; f++)
            parts[f] = 0;
        parts[RT_LF_FIRST] = log2(m / mo->household_u);
        w += parts[RT_LF_FIRST];
        /* A household shares its home too: the address and phone that
         * would otherwise count for a match are explained by it. */
        for (int f = 0; f < RT_LF_COUNT; f++) {
            int l = levels[f];
            if (f == RT_LF_FIRST || f == RT_LF_SURNAME || f == RT_LF_DOB || f == RT_LF_CITY ||
                f == RT_LF_POSTCODE || f == RT_LF_PHONE || l < 0)
                continue;
            parts[f] = log2(mo->m[f][l] / mo->u[f][l]);
            w += parts[f];
        }
        return w;
    }
    for (int f = 0; f < RT_LF_COUNT; f++) {
        parts[f] = 0;
        int l = levels[f];
        if (l < 0)
            continue;
        double u = f == RT_LF_EMAIL && mo->names_email_u[0] > 0 && rt_link_names_agree(levels)
                       ? mo->names_email_u[l]
                       : mo->u[f][l];
        double part = log2(mo->m[f][l] / u);
        /* Agreeing exactly on a rare name says more than on a common one:
         * scale by how much rarer this value is than the average
         * agreement (sum of p^2 over p(value)). */
        int t = f == RT_LF_FIRST ? 0 : f == RT_LF_SURNAME ? 1 : -1;
        if (t >= 0 && l == RT_LINK_EXACT && mo->n_with[t] && mo->sum_p2[t] > 0) {
            uint32_t c = t == 0 ? a->tf_first : a->tf_surname;
            double p = (double)(c ? c : 1) / (double)mo->n_with[t];
            part += log2(mo->sum_p2[t] / p);
        }
        parts[f] = part;
        w += part;
    }
    return w;
}

double rt_link_probability(double weight)
{
    return 1.0 / (1.0 + exp2(-weight));
}
