/* account.c: username and password rules; see account.h. */
#include "account.h"

#include <string.h>
#include <ctype.h>
#include <stdbool.h>
#include "embed.h"
#include "field.h"

extern const rt_embedded_file rt_core_data[];

/* True if pw, lower-cased, is a line of the shipped list of common
 * passwords. The list is a few hundred lines: a scan costs less than the
 * argon2id hash that follows every accepted password. */
static bool is_common(const char *pw)
{
    const rt_embedded_file *f = rt_embed_find(rt_core_data, "common_passwords.txt");
    if (!f)
        return false;
    size_t n = strlen(pw);
    const char *p = (const char *)f->data, *end = p + f->size;
    while (p < end) {
        const char *nl = memchr(p, '\n', (size_t)(end - p));
        size_t len = (size_t)((nl ? nl : end) - p);
        if (len == n) {
            size_t i = 0;
            while (i < n && tolower((unsigned char)pw[i]) == (unsigned char)p[i])
                i++;
            if (i == n)
                return true;
        }
        p += len + 1;
    }
    return false;
}

const char *rt_password_problem(const char *pw)
{
    if (!pw)
        return "is required";
    size_t bytes = strlen(pw);
    if (bytes > RT_PASSWORD_MAX_BYTES)
        return "must be at most 256 bytes";
    if (!rt_text_acceptable(pw, false))
        return "contains characters that are not allowed";
    size_t chars = 0;
    for (const unsigned char *p = (const unsigned char *)pw; *p; p++)
        if ((*p & 0xc0) != 0x80)
            chars++;
    if (chars < RT_PASSWORD_MIN_CHARS)
        return "must be at least 12 characters";
    size_t same = 1;
    while (same < bytes && pw[same] == pw[0])
        same++;
    if (same == bytes)
        return "must not repeat one character";
    if (is_common(pw))
        return "is too common: it is on the list of passwords people most often choose";
    return NULL;
}

const char *rt_username_problem(const char *name)
{
    if (!name || !*name)
        return "is required";
    size_t n = strlen(name);
    if (n < 2 || n > 64)
        return "must be 2 to 64 characters";
    if (!(name[0] >= 'a' && name[0] <= 'z') && !(name[0] >= 'A' && name[0] <= 'Z'))
        return "must start with a letter";
    for (const char *p = name; *p; p++) {
        char c = *p;
        if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
              c == '.' || c == '_' || c == '-'))
            return "may hold only letters, digits, '.', '_' and '-'";
    }
    return NULL;
}
