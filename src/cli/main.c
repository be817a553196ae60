/* main.c: `roundtable VERB ...`: finds the verb and runs it. */
#include <sodium.h>
#include <stdio.h>
#include <string.h>
#include "cli.h"

static const struct {
    const char *name;
    int (*run)(int argc, char **argv);
    const char *about;
} verbs[] = {
    {"init", rt_cmd_init, "create a database, its data key and the first administrator"},
    {"serve", rt_cmd_serve, "serve the pages and the JSON API over HTTP"},
    {"user", rt_cmd_user, "add, list, disable or enable user accounts"},
    {"agency", rt_cmd_agency, "add or list agencies"},
    {"demo", rt_cmd_demo, "create a demo database of a fictional area, with synthetic people"},
    {"audit", rt_cmd_audit, "verify that the audit log is whole and unchanged; search it"},
    {"dash", rt_cmd_dash, "score a risk assessment (JSON on standard input)"},
    {"retention", rt_cmd_retention,
     "show or set retention periods; purge closed records past them"},
    {"export", rt_cmd_export, "export everything held about a person (subject access)"},
    {"security", rt_cmd_security, "show or set which roles must use a second factor"},
    {"link", rt_cmd_link, "find the records of a CSV file that are the same person"},
    {"marac", rt_cmd_marac, "add Maracs, the areas they cover and their member agencies"},
    {"caseload", rt_cmd_caseload, "set caseload rules, and an Idva's hours and specialisms"},
};

static void usage(FILE *f)
{
    fprintf(f, "usage: roundtable VERB [OPTIONS]\n\nverbs:\n");
    for (size_t i = 0; i < sizeof verbs / sizeof verbs[0]; i++)
        fprintf(f, "  %-8s %s\n", verbs[i].name, verbs[i].about);
    fprintf(f, "\n`roundtable VERB --help` describes each.\n");
}

int main(int argc, char **argv)
{
    if (sodium_init() < 0) {
        fprintf(stderr, "roundtable: libsodium could not start\n");
        return 1;
    }
    if (argc < 2) {
        usage(stderr);
        return 2;
    }
    if (strcmp(argv[1], "--help") == 0 || strcmp(argv[1], "-h") == 0 ||
        strcmp(argv[1], "help") == 0) {
        usage(stdout);
        return 0;
    }
    for (size_t i = 0; i < sizeof verbs / sizeof verbs[0]; i++)
        if (strcmp(argv[1], verbs[i].name) == 0)
            return verbs[i].run(argc - 1, argv + 1);
    fprintf(stderr, "roundtable: unknown verb '%s'\n", argv[1]);
    usage(stderr);
    return 2;
}
