/* support.h: helpers shared by the unit tests. */
#ifndef RT_TEST_SUPPORT_H
#define RT_TEST_SUPPORT_H

#include <stddef.h>

/* Returns a fresh empty directory for one test under $RT_TEST_TMP (or
 * /tmp), created with mode 0700. The caller frees the string; the
 * directory is left for inspection after a failure. */
char *rt_test_dir(const char *name);

/* Reads a whole file; returns NULL if it does not exist. *len gets its
 * size. The caller frees. */
unsigned char *rt_test_read_file(const char *path, size_t *len);

/* True if needle occurs in hay. */
int rt_test_contains(const unsigned char *hay, size_t hay_len, const char *needle);

#endif
