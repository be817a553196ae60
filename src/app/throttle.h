/* throttle.h: limits on failed sign-ins, per account and per address.
 *
 * Kept in memory: a restart forgets, which costs an attacker a restart
 * he cannot cause, and keeps the hot path off the disk. Each key (an
 * account name or a client address) remembers its failures in a sliding
 * window; when a key has `limit` failures inside the window, further
 * attempts are refused until the oldest failure leaves it. Thread-safe. */
#ifndef RT_APP_THROTTLE_H
#define RT_APP_THROTTLE_H

#include <stdbool.h>
#include <stdint.h>
#include "../core/status.h"

typedef struct rt_throttle rt_throttle;

/* Creates a throttle allowing `limit` failures per `window` seconds per
 * key, tracking at most `capacity` keys (the oldest are forgotten first).
 * The caller frees it with rt_throttle_free. */
rt_status rt_throttle_new(unsigned limit, int64_t window, unsigned capacity, rt_throttle **out);
void rt_throttle_free(rt_throttle *t);
/* True if key may try now. */
bool rt_throttle_allowed(rt_throttle *t, const char *key, int64_t now);
/* Records a failure for key. */
void rt_throttle_fail(rt_throttle *t, const char *key, int64_t now);
/* Forgets key's failures (after a success). */
void rt_throttle_clear(rt_throttle *t, const char *key);

#endif
