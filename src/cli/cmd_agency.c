/* cmd_agency.c: `roundtable agency add|list`. */
#include <getopt.h>
#include <stdio.h>
#include <string.h>
#include <time.h>
#include "cli.h"

static void help(FILE *f)
{
    fprintf(f, "usage:\n"
               "  roundtable agency add --db PATH --code CODE --name NAME --kind KIND\n"
               "  roundtable agency list --db PATH\n"
               "kinds:");
    for (int k = 0; k < RT_AGENCY_KIND_COUNT; k++)
        fprintf(f, " %s", rt_agency_kind_name((rt_agency_kind)k));
    fprintf(f, "\n");
}

int rt_cmd_agency(int argc, char **argv)
{
    static const struct option opts[] = {
        {"db", required_argument, NULL, 'd'},
        {"code", required_argument, NULL, 'c'},
        {"name", required_argument, NULL, 'n'},
        {"kind", required_argument, NULL, 'k'},
        {"help", no_argument, NULL, 'h'},
        {NULL, 0, NULL, 0},
    };
    if (argc < 2 || strcmp(argv[1], "--help") == 0) {
        help(argc < 2 ? stderr : stdout);
        return argc < 2 ? 2 : 0;
    }
    const char *sub = argv[1], *db = NULL, *code = NULL, *name = NULL, *kind = NULL;
    int c;
    optind = 1;
    while ((c = getopt_long(argc - 1, argv + 1, "", opts, NULL)) != -1) {
        switch (c) {
        case 'd': db = optarg; break;
        case 'c': code = optarg; break;
        case 'n': name = optarg; break;
        case 'k': kind = optarg; break;
        case 'h': help(stdout); return 0;
        default: help(stderr); return 2;
        }
    }
    int is_add = strcmp(sub, "add") == 0;
    if (!db || (!is_add && strcmp(sub, "list") != 0)) {
        help(stderr);
        return 2;
    }
    rt_agency a = {.code = (char *)code, .name = (char *)name};
    if (is_add) {
        if (!code || !*code || !name || !*name) {
            fprintf(stderr, "roundtable agency add: --code and --name are required\n");
            return 2;
        }
        if (rt_agency_kind_parse(kind, &a.kind) != RT_OK) {
            fprintf(stderr, "roundtable agency add: --kind: unknown kind '%s'\n",
                    kind ? kind : "");
            return 2;
        }
    }
    rt_app app;
    if (rt_cli_open_app(db, "agency", &app) != RT_OK)
        return 1;
    rt_status s;
    if (is_add) {
        const char *field;
        rt_cli_operator op = rt_cli_operator_get();
        s = rt_app_agency_add(&app, &a, op.address, (int64_t)time(NULL), &field);
        if (s == RT_EEXISTS)
            fprintf(stderr, "roundtable agency add: --code %s is taken\n", code);
        else if (s == RT_EINVAL)
            fprintf(stderr, "roundtable agency add: --%s: %s\n", field,
                    strcmp(field, "code") == 0 ? "1 to 64 of a-z, 0-9, - and _"
                                               : "1 to 200 bytes of text");
        else if (s == RT_OK)
            printf("Agency %s added.\n", code);
    } else {
        rt_agency *list;
        size_t n;
        s = rt_app_agencies(&app, &list, &n);
        if (s == RT_OK) {
            printf("%-24s %-24s %s\n", "CODE", "KIND", "NAME");
            for (size_t i = 0; i < n; i++)
                printf("%-24s %-24s %s\n", list[i].code, rt_agency_kind_name(list[i].kind),
                       list[i].name);
            rt_agency_list_free(list, n);
        }
    }
    rt_cli_close_app(&app);
    if (s == RT_EEXISTS)
        return 1;
    if (s == RT_EINVAL)
        return 2;
    return s == RT_OK ? 0 : rt_cli_fail("agency", s);
}
