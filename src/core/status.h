/* status.h: the one error vocabulary of Roundtable.
 *
 * Every fallible function in the project returns an rt_status. RT_OK is
 * zero so that `if (st != RT_OK)` and `if (st)` read the same. Codes are
 * few on purpose: callers branch on the kind of failure (bad input versus
 * not found versus internal), never on its wording. */
#ifndef RT_CORE_STATUS_H
#define RT_CORE_STATUS_H

typedef enum rt_status {
    RT_OK = 0,
    RT_ENOMEM,       /* allocation failed */
    RT_EINVAL,       /* the caller's input is malformed or breaks a rule */
    RT_ENOTFOUND,    /* no such record */
    RT_EEXISTS,      /* a record with that unique key exists already */
    RT_EDENIED,      /* not allowed for this user */
    RT_ECRYPTO,      /* a ciphertext failed authentication, or a key is bad */
    RT_ESTORE,       /* the storage backend failed */
    RT_EIO,          /* a file or socket operation failed */
    RT_ETOOBIG,      /* input larger than the limit that applies */
    RT_EUNSUPPORTED  /* a feature or backend this build does not have */
} rt_status;

/* Returns a static, human-readable name for st ("invalid input", ...).
 * Never NULL; the string is owned by the library. */
const char *rt_status_str(rt_status st);

#endif
