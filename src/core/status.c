/* status.c: names for rt_status codes. */
#include "status.h"

const char *rt_status_str(rt_status st)
{
    switch (st) {
    case RT_OK: return "ok";
    case RT_ENOMEM: return "out of memory";
    case RT_EINVAL: return "invalid input";
    case RT_ENOTFOUND: return "not found";
    case RT_EEXISTS: return "already exists";
    case RT_EDENIED: return "permission denied";
    case RT_ECRYPTO: return "cryptographic failure";
    case RT_ESTORE: return "storage failure";
    case RT_EIO: return "input/output failure";
    case RT_ETOOBIG: return "too large";
    case RT_EUNSUPPORTED: return "not supported";
    }
    return "unknown status";
}
