/* embed.h: files compiled into the binary by cmake/embed.cmake.
 *
 * Each table ends with an entry whose name is NULL. The bytes are static
 * and always followed by a NUL (not counted in size), so text files can
 * be used as C strings. */
#ifndef RT_CORE_EMBED_H
#define RT_CORE_EMBED_H

#include <stddef.h>

typedef struct rt_embedded_file {
    const char *name;            /* file name without its folder */
    const unsigned char *data;
    size_t size;
} rt_embedded_file;

/* Finds name in table; NULL if absent. */
const rt_embedded_file *rt_embed_find(const rt_embedded_file *table, const char *name);

#endif
