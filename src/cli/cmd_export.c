/* cmd_export.c: `roundtable export person`: a person's subject access
 * export, made from the command line as the system. */
#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>
#include "../http/subject_access_json.h"
#include "../web/subject_access_doc.h"
#include "cli.h"

static void help(FILE *f)
{
    fprintf(f, "usage:\n"
               "  roundtable export person --db PATH REFERRAL_ID [--format json|html] [-o FILE]\n"
               "  Everything held about the person referral REFERRAL_ID is about, for their\n"
               "  subject access request: every referral with the same name and date of birth,\n"
               "  and who has seen or changed them. Other people's details are withheld.\n"
               "  --format json (the default) is structured data; html is a readable document.\n"
               "  -o FILE writes to FILE (mode 0600) instead of standard output.\n"
               "  The export is audited as the system.\n");
}

/* Writes all of data to fd. */
static rt_status write_all(int fd, const char *data, size_t len)
{
    while (len) {
        ssize_t n = write(fd, data, len);
        if (n < 0 && errno == EINTR)
            continue;
        if (n <= 0)
            return RT_EIO;
        data += n;
        len -= (size_t)n;
    }
    return RT_OK;
}

/* Renders sa in format into *out (the caller frees with rt_buf_free). */
static rt_status render(const rt_subject_access *sa, bool html, rt_buf *out)
{
    if (html) {
        rt_subject_access_html(sa, out);
        return rt_buf_status(out);
    }
    char *text;
    rt_status st = rt_subject_access_json_text(sa, &text);
    if (st != RT_OK)
        return st;
    rt_buf_puts(out, text);
    rt_buf_putc(out, '\n');
    free(text);
    return rt_buf_status(out);
}

static int export_person(rt_app *app, const char *id, bool html, const char *path)
{
    /* Open the output first: a path that cannot be written fails before
     * anything is read or audited. Mode 0600 whatever the umask, since
     * the file holds a person's records. */
    int fd = STDOUT_FILENO;
    if (path) {
        fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_NOFOLLOW | O_CLOEXEC, 0600);
        if (fd < 0 || fchmod(fd, 0600) != 0) {
            fprintf(stderr, "roundtable export person: -o: cannot write %s: %s\n", path,
                    strerror(errno));
            if (fd >= 0)
                close(fd);
            return 1;
        }
    }
    rt_subject_access sa = {0};
    rt_cli_operator op = rt_cli_operator_get();
    rt_status s = rt_app_subject_access(app, NULL, id, op.address, (int64_t)time(NULL), &sa);
    rt_buf out = RT_BUF_INIT;
    if (s == RT_OK)
        s = render(&sa, html, &out);
    rt_subject_access_clear(&sa);
    if (s == RT_OK)
        s = write_all(fd, out.data, out.len);
    rt_buf_free(&out);
    int rc = 0;
    if (path && close(fd) != 0 && s == RT_OK)
        s = RT_EIO;
    if (s == RT_ENOTFOUND) {
        fprintf(stderr, "roundtable export person: no such referral\n");
        rc = 1;
    } else if (s != RT_OK) {
        rc = rt_cli_fail("export person", s);
    }
    /* Leave no partial file behind. */
    if (rc && path)
        unlink(path);
    if (!rc && path)
        fprintf(stderr, "Written to %s.\n", path);
    return rc;
}

int rt_cmd_export(int argc, char **argv)
{
    static const struct option opts[] = {
        {"db", required_argument, NULL, 'd'},
        {"format", required_argument, NULL, 'f'},
        {"output", required_argument, NULL, 'o'},
        {"help", no_argument, NULL, 'h'},
        {NULL, 0, NULL, 0},
    };
    if (argc < 2 || strcmp(argv[1], "--help") == 0) {
        help(argc < 2 ? stderr : stdout);
        return argc < 2 ? 2 : 0;
    }
    const char *sub = argv[1], *db = NULL, *format = "json", *path = NULL;
    int c;
    optind = 1;
    while ((c = getopt_long(argc - 1, argv + 1, "o:", opts, NULL)) != -1) {
        switch (c) {
        case 'd': db = optarg; break;
        case 'f': format = optarg; break;
        case 'o': path = optarg; break;
        case 'h': help(stdout); return 0;
        default: help(stderr); return 2;
        }
    }
    if (strcmp(sub, "person") != 0) {
        fprintf(stderr, "roundtable export: unknown kind '%s': expected person\n", sub);
        help(stderr);
        return 2;
    }
    if (!db) {
        fprintf(stderr, "roundtable export person: --db is required\n");
        return 2;
    }
    bool html = strcmp(format, "html") == 0;
    if (!html && strcmp(format, "json") != 0) {
        fprintf(stderr, "roundtable export person: --format: expected json or html, got '%s'\n",
                format);
        return 2;
    }
    if (path && !*path) {
        fprintf(stderr, "roundtable export person: -o: expected a file name\n");
        return 2;
    }
    int rest = argc - 1 - optind;
    if (rest != 1 || !*argv[1 + optind]) {
        fprintf(stderr, "roundtable export person: REFERRAL_ID: expected exactly one\n");
        return 2;
    }
    const char *id = argv[1 + optind];
    rt_app app;
    if (rt_cli_open_app(db, "export person", &app) != RT_OK)
        return 1;
    int rc = export_person(&app, id, html, path);
    rt_cli_close_app(&app);
    return rc;
}
