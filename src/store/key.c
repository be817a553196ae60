/* key.c: loading, saving and wiping the data key; see key.h.
 *
 * The key is the one secret that turns the database back into names and
 * addresses, so every path here keeps it off the screen and out of logs,
 * wipes every copy it makes, and refuses files others could read. */
#include "key.h"

#include <errno.h>
#include <fcntl.h>
#include <sodium.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#define KEY_HEX (RT_KEY_BYTES * 2)

rt_status rt_key_generate(rt_data_key *key)
{
    if (!key)
        return RT_EINVAL;
    if (sodium_init() < 0)
        return RT_ECRYPTO;
    randombytes_buf(key->bytes, sizeof key->bytes);
    return RT_OK;
}

/* Writes all n bytes of p to fd, retrying short writes and EINTR. */
static rt_status write_all(int fd, const char *p, size_t n)
{
    while (n > 0) {
        ssize_t w = write(fd, p, n);
        if (w < 0) {
            if (errno == EINTR)
                continue;
            return RT_EIO;
        }
        p += w;
        n -= (size_t)w;
    }
    return RT_OK;
}

rt_status rt_key_write_file(const char *path, const rt_data_key *key)
{
    if (!path || !*path || !key)
        return RT_EINVAL;
    char hex[KEY_HEX + 2];
    sodium_bin2hex(hex, KEY_HEX + 1, key->bytes, RT_KEY_BYTES);
    hex[KEY_HEX] = '\n';
    hex[KEY_HEX + 1] = '\0';

    /* O_EXCL: an existing key must never be replaced, or every record
     * sealed with it would be lost. */
    int fd = open(path, O_CREAT | O_EXCL | O_WRONLY | O_CLOEXEC, 0600);
    if (fd < 0) {
        sodium_memzero(hex, sizeof hex);
        return errno == EEXIST ? RT_EEXISTS : RT_EIO;
    }
    rt_status st = write_all(fd, hex, KEY_HEX + 1);
    sodium_memzero(hex, sizeof hex);
    if (st == RT_OK && fsync(fd) != 0)
        st = RT_EIO;
    if (close(fd) != 0 && st == RT_OK)
        st = RT_EIO;
    if (st != RT_OK)
        (void)unlink(path); /* a half-written key is worse than none */
    return st;
}

/* Parses exactly 64 hex digits (len bytes of s, no more, no fewer) into
 * *key. RT_ECRYPTO if malformed; *key untouched then. */
static rt_status parse_hex(const char *s, size_t len, rt_data_key *key)
{
    if (len != KEY_HEX)
        return RT_ECRYPTO;
    rt_data_key k;
    size_t bin_len = 0;
    const char *end = NULL;
    int rc = sodium_hex2bin(k.bytes, sizeof k.bytes, s, len, NULL, &bin_len, &end);
    if (rc != 0 || bin_len != RT_KEY_BYTES || end != s + len) {
        sodium_memzero(&k, sizeof k);
        return RT_ECRYPTO;
    }
    memcpy(key->bytes, k.bytes, RT_KEY_BYTES);
    sodium_memzero(&k, sizeof k);
    return RT_OK;
}

rt_status rt_key_read_file(const char *path, rt_data_key *key)
{
    if (!path || !key)
        return RT_EINVAL;
    int fd = open(path, O_RDONLY | O_CLOEXEC);
    if (fd < 0)
        return RT_EIO;
    struct stat sb;
    if (fstat(fd, &sb) != 0 || !S_ISREG(sb.st_mode)) {
        close(fd);
        return RT_EIO;
    }
    /* Any access for group or others is refused, writing included: a key
     * someone else can replace is as unsafe as one they can read. */
    if (sb.st_mode & (S_IRWXG | S_IRWXO)) {
        close(fd);
        return RT_EDENIED;
    }
    /* One byte more than a valid file can hold, so that trailing junk is
     * seen and refused rather than silently ignored. */
    char buf[KEY_HEX + 3];
    size_t n = 0;
    rt_status st = RT_OK;
    while (n < sizeof buf) {
        ssize_t r = read(fd, buf + n, sizeof buf - n);
        if (r < 0) {
            if (errno == EINTR)
                continue;
            st = RT_EIO;
            break;
        }
        if (r == 0)
            break;
        n += (size_t)r;
    }
    close(fd);
    if (st == RT_OK) {
        size_t len = n;
        if (len == KEY_HEX + 1 && buf[KEY_HEX] == '\n')
            len = KEY_HEX;
        st = parse_hex(buf, len, key);
    }
    sodium_memzero(buf, sizeof buf);
    return st;
}

rt_status rt_key_from_env(rt_data_key *key)
{
    if (!key)
        return RT_EINVAL;
    const char *v = getenv(RT_KEY_ENV);
    if (!v)
        return RT_ENOTFOUND;
    return parse_hex(v, strlen(v), key);
}

rt_status rt_key_load_for(const char *db_path, rt_data_key *key)
{
    if (!db_path || !key)
        return RT_EINVAL;
    rt_status st = rt_key_from_env(key);
    if (st != RT_ENOTFOUND)
        return st;
    char *path = NULL;
    st = rt_key_default_path(db_path, &path);
    if (st != RT_OK)
        return st;
    st = rt_key_read_file(path, key);
    free(path);
    return st;
}

rt_status rt_key_default_path(const char *db_path, char **out)
{
    if (!out)
        return RT_EINVAL;
    *out = NULL;
    if (!db_path || !*db_path)
        return RT_EINVAL;
    size_t n = strlen(db_path);
    if (n > (size_t)-1 - sizeof ".key")
        return RT_ETOOBIG;
    char *p = malloc(n + sizeof ".key");
    if (!p)
        return RT_ENOMEM;
    memcpy(p, db_path, n);
    memcpy(p + n, ".key", sizeof ".key");
    *out = p;
    return RT_OK;
}

void rt_key_wipe(rt_data_key *key)
{
    if (key)
        sodium_memzero(key->bytes, sizeof key->bytes);
}
