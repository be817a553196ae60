/* date.c: civil date arithmetic; see date.h. */
#include "date.h"


static bool is_leap(int y)
{
    return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
}

int rt_date_days_in_month(int year, int month)
{
    static const int days[12] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    if (month < 1 || month > 12)
        return 0;
    if (month == 2 && is_leap(year))
        return 29;
    return days[month - 1];
}

bool rt_date_valid(int year, int month, int day)
{
    return year >= 1 && year <= 9999 && day >= 1 &&
           day <= rt_date_days_in_month(year, month);
}

static int digits(const char *s, int n)
{
    int v = 0;
    for (int i = 0; i < n; i++) {
        if (s[i] < '0' || s[i] > '9')
            return -1;
        v = v * 10 + (s[i] - '0');
    }
    return v;
}

rt_status rt_date_parse(const char *s, rt_date *out)
{
    if (!s)
        return RT_EINVAL;
    for (int i = 0; i < 10; i++)
        if (!s[i])
            return RT_EINVAL;
    if (s[10] != '\0' || s[4] != '-' || s[7] != '-')
        return RT_EINVAL;
    int y = digits(s, 4), m = digits(s + 5, 2), d = digits(s + 8, 2);
    if (y < 0 || m < 0 || d < 0 || !rt_date_valid(y, m, d))
        return RT_EINVAL;
    out->year = y;
    out->month = m;
    out->day = d;
    return RT_OK;
}

int rt_date_cmp(rt_date a, rt_date b)
{
    if (a.year != b.year)
        return a.year < b.year ? -1 : 1;
    if (a.month != b.month)
        return a.month < b.month ? -1 : 1;
    if (a.day != b.day)
        return a.day < b.day ? -1 : 1;
    return 0;
}

/* Howard Hinnant's days-from-civil algorithm: exact over the whole range,
 * no tables, no time zone. */
int64_t rt_date_to_days(rt_date d)
{
    int64_t y = d.year - (d.month <= 2);
    int64_t era = (y >= 0 ? y : y - 399) / 400;
    int64_t yoe = y - era * 400;
    int64_t mp = (d.month + 9) % 12;
    int64_t doy = (153 * mp + 2) / 5 + d.day - 1;
    int64_t doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    return era * 146097 + doe - 719468;
}

rt_date rt_date_from_unix(int64_t t)
{
    int64_t z = (t >= 0 ? t : t - 86399) / 86400 + 719468;
    int64_t era = (z >= 0 ? z : z - 146096) / 146097;
    int64_t doe = z - era * 146097;
    int64_t yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    int64_t doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    int64_t mp = (5 * doy + 2) / 153;
    rt_date d;
    d.day = (int)(doy - (153 * mp + 2) / 5 + 1);
    d.month = (int)(mp < 10 ? mp + 3 : mp - 9);
    d.year = (int)(yoe + era * 400 + (d.month <= 2));
    return d;
}

int rt_date_years_between(rt_date born, rt_date on)
{
    int years = on.year - born.year;
    if (on.month < born.month || (on.month == born.month && on.day < born.day))
        years--;
    return years;
}

rt_date rt_date_add_months(rt_date d, int months)
{
    int total = d.year * 12 + (d.month - 1) + months;
    rt_date r;
    r.year = total / 12;
    r.month = total % 12 + 1;
    int last = rt_date_days_in_month(r.year, r.month);
    r.day = d.day > last ? last : d.day;
    return r;
}

bool rt_date_within_months(rt_date start, rt_date d, int months)
{
    return rt_date_cmp(d, start) >= 0 && rt_date_cmp(d, rt_date_add_months(start, months)) <= 0;
}

void rt_date_format(rt_date d, char out[11])
{
    /* Written by hand: the fields of a valid date always fit, and this
     * keeps the compiler's truncation analysis out of it. */
    unsigned y = (unsigned)d.year % 10000, m = (unsigned)d.month % 100, dd = (unsigned)d.day % 100;
    out[0] = (char)('0' + y / 1000);
    out[1] = (char)('0' + y / 100 % 10);
    out[2] = (char)('0' + y / 10 % 10);
    out[3] = (char)('0' + y % 10);
    out[4] = '-';
    out[5] = (char)('0' + m / 10);
    out[6] = (char)('0' + m % 10);
    out[7] = '-';
    out[8] = (char)('0' + dd / 10);
    out[9] = (char)('0' + dd % 10);
    out[10] = '\0';
}
