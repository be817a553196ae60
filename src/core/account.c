/* account.c: username and password rules; see account.h. */
#include "account.h"

#include <string.h>
#include "field.h"

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
