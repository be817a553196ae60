/* key.h: the data key, and the keys derived from it.
 *
 * One 32-byte data key protects a deployment. From it libsodium's KDF
 * derives independent subkeys: one to seal fields, one for blind indexes,
 * one to check that a store is opened with its own key. The data key is
 * kept in a file beside the database (mode 0600) or given in the
 * environment as ROUNDTABLE_DATA_KEY (64 hex digits); it is never logged. */
#ifndef RT_STORE_KEY_H
#define RT_STORE_KEY_H

#include "../core/status.h"

#define RT_KEY_BYTES 32
#define RT_KEY_ENV "ROUNDTABLE_DATA_KEY"

typedef struct rt_data_key {
    unsigned char bytes[RT_KEY_BYTES];
} rt_data_key;

/* Fills *key with fresh random bytes. */
rt_status rt_key_generate(rt_data_key *key);
/* Writes the key as 64 hex digits to a new file of mode 0600; refuses
 * (RT_EEXISTS) to overwrite an existing file. */
rt_status rt_key_write_file(const char *path, const rt_data_key *key);
/* Reads a key file. RT_EIO if unreadable, RT_ECRYPTO if malformed, and
 * RT_EDENIED if the file is readable by group or others. */
rt_status rt_key_read_file(const char *path, rt_data_key *key);
/* Reads ROUNDTABLE_DATA_KEY. RT_ENOTFOUND if unset, RT_ECRYPTO if
 * malformed. */
rt_status rt_key_from_env(rt_data_key *key);
/* Loads the key for a database: the environment variable if set, else
 * the file "<db_path>.key". */
rt_status rt_key_load_for(const char *db_path, rt_data_key *key);
/* Writes "<db_path>.key" into out (caller frees). */
rt_status rt_key_default_path(const char *db_path, char **out);
/* Overwrites the key with zeros in a way the compiler keeps. */
void rt_key_wipe(rt_data_key *key);

#endif
