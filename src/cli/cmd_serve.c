/* cmd_serve.c: `roundtable serve`. */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "../http/server.h"
#include "../web/pages.h"
#include "cli.h"

static void help(FILE *f)
{
    fprintf(f, "usage: roundtable serve --db PATH [--listen HOST:PORT] [--behind-tls] [--quiet]\n"
               "  Serves pages and the JSON API (default 127.0.0.1:8080) until SIGTERM or\n"
               "  SIGINT, then finishes requests in flight and exits 0.\n"
               "  --behind-tls  a TLS proxy is in front: cookies are marked Secure.\n"
               "  --quiet       no access log (it goes to stdout otherwise).\n");
}

int rt_cmd_serve(int argc, char **argv)
{
    static const struct option opts[] = {
        {"db", required_argument, NULL, 'd'},
        {"listen", required_argument, NULL, 'l'},
        {"behind-tls", no_argument, NULL, 't'},
        {"quiet", no_argument, NULL, 'q'},
        {"help", no_argument, NULL, 'h'},
        {NULL, 0, NULL, 0},
    };
    const char *db = NULL, *listen = "127.0.0.1:8080";
    rt_config cfg;
    rt_config_defaults(&cfg);
    int quiet = 0, c;
    optind = 1;
    while ((c = getopt_long(argc, argv, "", opts, NULL)) != -1) {
        switch (c) {
        case 'd': db = optarg; break;
        case 'l': listen = optarg; break;
        case 't': cfg.secure_cookies = true; break;
        case 'q': quiet = 1; break;
        case 'h': help(stdout); return 0;
        default: help(stderr); return 2;
        }
    }
    if (!db || optind != argc) {
        fprintf(stderr, "roundtable serve: --db is required\n");
        help(stderr);
        return 2;
    }
    char *host;
    unsigned port;
    rt_status st = rt_server_parse_listen(listen, &host, &port);
    if (st != RT_OK) {
        fprintf(stderr, "roundtable serve: --listen: expected HOST:PORT or [V6]:PORT, got '%s'\n",
                listen);
        return 2;
    }
    free(host);
    rt_app app;
    if (rt_cli_open_app_with(db, "serve", &cfg, &app) != RT_OK)
        return 1;
    st = rt_server_run(&app, rt_web_router(), listen, quiet ? NULL : stdout);
    rt_cli_close_app(&app);
    if (st != RT_OK)
        return rt_cli_fail("serve", st);
    fprintf(stderr, "roundtable: stopped cleanly\n");
    return 0;
}
