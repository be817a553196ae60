/* cmd_dash.c: `roundtable dash score`: the risk-scoring contract on the
 * command line (see http/risk_json.h). */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "../core/buf.h"
#include "../http/risk_json.h"
#include "cli.h"

#define MAX_INPUT (1024 * 1024)

static void help(FILE *f)
{
    fprintf(f, "usage: roundtable dash score [--tool-file FILE]\n"
               "  Reads one assessment as JSON on standard input and prints the score, the\n"
               "  risk level and every Marac criterion that applies. Exit 2 names what is\n"
               "  wrong with the input. --tool-file loads a checklist defined in JSON (a\n"
               "  local variant, or the official wording held under licence) beside the\n"
               "  SafeLives Dash.\n");
}

/* Reads all of f into b, refusing more than MAX_INPUT bytes. */
static rt_status slurp(FILE *f, rt_buf *b)
{
    char chunk[8192];
    size_t got;
    b->limit = MAX_INPUT;
    while ((got = fread(chunk, 1, sizeof chunk, f)) > 0)
        rt_buf_append(b, chunk, got);
    if (ferror(f))
        return RT_EIO;
    return rt_buf_status(b);
}

static rt_status load_tool(const char *path, rt_risk_tool **out)
{
    json_error_t err;
    json_t *obj = json_load_file(path, JSON_REJECT_DUPLICATES, &err);
    if (!obj) {
        fprintf(stderr, "roundtable dash score: --tool-file %s: line %d, column %d: %s\n", path,
                err.line, err.column, err.text);
        return RT_EINVAL;
    }
    rt_json_problem p = {0};
    rt_status st = json_is_object(obj) ? rt_risk_tool_from_json(obj, out, &p) : RT_EINVAL;
    if (st == RT_EINVAL)
        fprintf(stderr, "roundtable dash score: --tool-file %s: %s\n", path,
                p.message ? p.message : "the file must hold one JSON object");
    rt_json_problem_clear(&p);
    json_decref(obj);
    return st;
}

int rt_cmd_dash(int argc, char **argv)
{
    static const struct option opts[] = {
        {"tool-file", required_argument, NULL, 't'},
        {"help", no_argument, NULL, 'h'},
        {NULL, 0, NULL, 0},
    };
    if (argc < 2 || strcmp(argv[1], "score") != 0) {
        int asked = argc >= 2 && strcmp(argv[1], "--help") == 0;
        help(asked ? stdout : stderr);
        return asked ? 0 : 2;
    }
    const char *tool_file = NULL;
    int c;
    optind = 1;
    while ((c = getopt_long(argc - 1, argv + 1, "", opts, NULL)) != -1) {
        switch (c) {
        case 't': tool_file = optarg; break;
        case 'h': help(stdout); return 0;
        default: help(stderr); return 2;
        }
    }
    rt_risk_tool *loaded = NULL;
    if (tool_file && load_tool(tool_file, &loaded) != RT_OK)
        return 2;
    const rt_risk_tool *tools[2] = {rt_risk_default_tool(), loaded};
    rt_buf in = RT_BUF_INIT;
    rt_status st = slurp(stdin, &in);
    if (st != RT_OK) {
        fprintf(stderr, "roundtable dash score: standard input: %s\n",
                st == RT_ETOOBIG ? "more than 1 MiB" : rt_status_str(st));
        rt_buf_free(&in);
        rt_risk_tool_free(loaded);
        return 2;
    }
    json_t *result = NULL;
    rt_json_problem p = {0};
    st = rt_risk_score_json(in.data ? in.data : "", in.len, tools, loaded ? 2 : 1, &result, &p);
    rt_buf_free(&in);
    int rc = 0;
    if (st == RT_EINVAL) {
        fprintf(stderr, "roundtable dash score: %s%s%s\n", p.field ? p.field : "",
                p.field ? ": " : "", p.message);
        rc = 2;
    } else if (st != RT_OK) {
        rc = rt_cli_fail("dash score", st);
    } else {
        char *text = json_dumps(result, JSON_COMPACT);
        if (!text) {
            rc = rt_cli_fail("dash score", RT_ENOMEM);
        } else {
            puts(text);
            free(text);
        }
    }
    json_decref(result);
    rt_json_problem_clear(&p);
    rt_risk_tool_free(loaded);
    return rc;
}
