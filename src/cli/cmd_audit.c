/* cmd_audit.c: `roundtable audit verify|search`: checks the audit log's
 * chain, and searches it, as the system (both are audited). */
#include <errno.h>
#include <getopt.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include "cli.h"

static void help(FILE *f)
{
    fprintf(f, "usage:\n"
               "  roundtable audit verify --db PATH\n"
               "  roundtable audit search --db PATH [--action ACTION] [--record ID]\n"
               "      [--user USERNAME] [--limit N]\n"
               "  verify recomputes every entry's keyed hash and link, and checks the end of\n"
               "  the log against its anchor. Exit 0 if the log is whole; exit 1, naming the\n"
               "  first entry that does not check out, if any entry was edited, deleted,\n"
               "  reordered or cut from the end.\n"
               "  search prints the newest entries first, one a line, tab-separated: seq,\n"
               "  time (UTC), user (or system), action, record type, record id, fields,\n"
               "  address, outcome. ACTION is a name the log records (referral.read) or a\n"
               "  group of them ending in '.' (referral.); N is 1 to 500 (100).\n");
}

static int search(rt_app *app, const char *action, const char *record, const char *username,
                  const char *limit)
{
    rt_audit_filter f = {.action = action, .record_id = record};
    if (action && !rt_audit_action_filter_valid(action)) {
        fprintf(stderr, "roundtable audit search: --action: '%s' is not an action the log "
                        "records\n", action);
        return 2;
    }
    if (limit) {
        char *end;
        errno = 0;
        long v = strtol(limit, &end, 10);
        if (errno || end == limit || *end || v < 1 || v > 500) {
            fprintf(stderr, "roundtable audit search: --limit: expected 1 to 500\n");
            return 2;
        }
        f.limit = (size_t)v;
    }
    rt_user u = {0};
    if (username) {
        rt_status s = rt_app_user_by_username(app, username, &u);
        if (s == RT_ENOTFOUND) {
            fprintf(stderr, "roundtable audit search: --user: no user %s\n", username);
            return 2;
        }
        if (s != RT_OK)
            return rt_cli_fail("audit search", s);
        f.user_id = u.id;
    }
    rt_audit_entry *list;
    size_t n;
    rt_cli_operator op = rt_cli_operator_get();
    rt_status s = rt_app_audit_search(app, NULL, &f, op.address, (int64_t)time(NULL), &list, &n);
    rt_user_clear(&u);
    if (s != RT_OK)
        return rt_cli_fail("audit search", s);
    for (size_t i = 0; i < n && s == RT_OK; i++) {
        const rt_audit_entry *e = &list[i];
        rt_user by = {0};
        if (e->user_id)
            s = rt_app_user_by_id(app, e->user_id, &by);
        if (s == RT_ENOTFOUND)
            s = RT_OK;
        char when[32];
        time_t t = (time_t)e->at;
        struct tm tm;
        if (!gmtime_r(&t, &tm) || !strftime(when, sizeof when, "%Y-%m-%dT%H:%M:%SZ", &tm))
            snprintf(when, sizeof when, "%" PRId64, e->at);
        if (s == RT_OK)
            printf("%" PRId64 "\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\n", e->seq, when,
                   !e->user_id ? "system" : by.username ? by.username : e->user_id, e->action,
                   e->record_type ? e->record_type : "", e->record_id ? e->record_id : "",
                   e->fields ? e->fields : "", e->address ? e->address : "",
                   e->outcome ? e->outcome : "");
        rt_user_clear(&by);
    }
    rt_audit_entry_list_free(list, n);
    return s == RT_OK ? 0 : rt_cli_fail("audit search", s);
}

int rt_cmd_audit(int argc, char **argv)
{
    static const struct option opts[] = {
        {"db", required_argument, NULL, 'd'},
        {"action", required_argument, NULL, 'a'},
        {"record", required_argument, NULL, 'r'},
        {"user", required_argument, NULL, 'u'},
        {"limit", required_argument, NULL, 'l'},
        {"help", no_argument, NULL, 'h'},
        {NULL, 0, NULL, 0},
    };
    bool is_search = argc >= 2 && strcmp(argv[1], "search") == 0;
    if (argc < 2 || (strcmp(argv[1], "verify") != 0 && !is_search)) {
        int asked = argc >= 2 && strcmp(argv[1], "--help") == 0;
        help(asked ? stdout : stderr);
        return asked ? 0 : 2;
    }
    const char *db = NULL, *action = NULL, *record = NULL, *user = NULL, *limit = NULL;
    int c;
    optind = 1;
    while ((c = getopt_long(argc - 1, argv + 1, "", opts, NULL)) != -1) {
        switch (c) {
        case 'd': db = optarg; break;
        case 'a': action = optarg; break;
        case 'r': record = optarg; break;
        case 'u': user = optarg; break;
        case 'l': limit = optarg; break;
        case 'h': help(stdout); return 0;
        default: help(stderr); return 2;
        }
    }
    if (!db) {
        fprintf(stderr, "roundtable audit %s: --db is required\n", argv[1]);
        return 2;
    }
    if (!is_search && (action || record || user || limit)) {
        fprintf(stderr, "roundtable audit verify: takes only --db\n");
        return 2;
    }
    rt_app app;
    if (rt_cli_open_app(db, is_search ? "audit search" : "audit verify", &app) != RT_OK)
        return 1;
    if (is_search) {
        int rc = search(&app, action, record, user, limit);
        rt_cli_close_app(&app);
        return rc;
    }
    rt_audit_report r;
    rt_cli_operator op = rt_cli_operator_get();
    rt_status s = rt_app_audit_verify(&app, NULL, op.address, (int64_t)time(NULL), &r);
    rt_cli_close_app(&app);
    if (s != RT_OK)
        return rt_cli_fail("audit verify", s);
    if (!r.ok) {
        printf("audit log BROKEN at entry %" PRId64 ": %s (%zu entries checked before it)\n",
               r.bad_seq, r.reason, r.checked);
        return 1;
    }
    printf("audit log verified: %zu entries\n", r.checked);
    return 0;
}
