/* json_io.c: strict JSON for the API; see json_io.h. */
#include "json_io.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

void rt_json_problem_clear(rt_json_problem *p)
{
    free(p->message);
    free(p->field);
    p->message = p->field = NULL;
}

rt_status rt_json_problem_set(rt_json_problem *p, const char *field, const char *fmt, ...)
{
    char msg[512];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    p->message = strdup(msg);
    p->field = field ? strdup(field) : NULL;
    if (!p->message || (field && !p->field)) {
        rt_json_problem_clear(p);
        return RT_ENOMEM;
    }
    return RT_EINVAL;
}

rt_status rt_json_parse_object(const char *body, size_t len, json_t **out,
                               rt_json_problem *prob)
{
    json_error_t err;
    json_t *root = json_loadb(body, len, JSON_REJECT_DUPLICATES, &err);
    if (!root) {
        char where[600];
        snprintf(where, sizeof where, "%s (line %d, column %d)", err.text, err.line, err.column);
        return rt_json_problem_set(prob, NULL, "the body is not valid JSON: %s", where);
    }
    if (!json_is_object(root)) {
        json_decref(root);
        return rt_json_problem_set(prob, NULL, "the body must be a JSON object");
    }
    *out = root;
    return RT_OK;
}

/* Index of the spec whose key is prefix + "." + key (or key when prefix
 * is NULL); -1 if none. */
static int spec_index(const rt_field_spec *specs, size_t n, const char *prefix, const char *key)
{
    size_t plen = prefix ? strlen(prefix) : 0;
    for (size_t i = 0; i < n; i++) {
        const char *k = specs[i].key;
        if (prefix) {
            if (strncmp(k, prefix, plen) != 0 || k[plen] != '.')
                continue;
            k += plen + 1;
        } else if (strchr(k, '.')) {
            continue;
        }
        if (strcmp(k, key) == 0)
            return (int)i;
    }
    return -1;
}

/* True if some spec key starts with prefix + ".". */
static int is_group(const rt_field_spec *specs, size_t n, const char *prefix)
{
    size_t plen = strlen(prefix);
    for (size_t i = 0; i < n; i++)
        if (strncmp(specs[i].key, prefix, plen) == 0 && specs[i].key[plen] == '.')
            return 1;
    return 0;
}

static rt_status take_value(json_t *v, const rt_field_spec *spec, char **slot,
                            rt_json_problem *prob)
{
    if (json_is_null(v))
        return RT_OK;
    if (!json_is_string(v))
        return rt_json_problem_set(prob, spec->key, "%s must be a string", spec->key);
    /* jansson allows no NUL inside strings (JSON_ALLOW_NUL is not set), so
     * the C string is the whole value. */
    *slot = strdup(json_string_value(v));
    return *slot ? RT_OK : RT_ENOMEM;
}

rt_status rt_json_decode_fields(json_t *obj, const rt_field_spec *specs, size_t n,
                                char **values, rt_json_problem *prob)
{
    const char *key;
    json_t *v;
    rt_status st = RT_OK;
    for (size_t i = 0; i < n; i++)
        values[i] = NULL;
    json_object_foreach(obj, key, v) {
        int idx = spec_index(specs, n, NULL, key);
        if (idx >= 0) {
            st = take_value(v, &specs[idx], &values[idx], prob);
        } else if (is_group(specs, n, key)) {
            if (!json_is_object(v)) {
                st = rt_json_problem_set(prob, key, "%s must be an object", key);
                break;
            }
            const char *sub;
            json_t *sv;
            json_object_foreach(v, sub, sv) {
                int j = spec_index(specs, n, key, sub);
                if (j < 0) {
                    char full[300];
                    snprintf(full, sizeof full, "%.140s.%.140s", key, sub);
                    st = rt_json_problem_set(prob, full, "unknown field %s", full);
                    break;
                }
                st = take_value(sv, &specs[j], &values[j], prob);
                if (st != RT_OK)
                    break;
            }
        } else {
            char shown[160];
            snprintf(shown, sizeof shown, "%.150s", key);
            st = rt_json_problem_set(prob, shown, "unknown field %s", shown);
        }
        if (st != RT_OK)
            break;
    }
    if (st != RT_OK)
        for (size_t i = 0; i < n; i++) {
            free(values[i]);
            values[i] = NULL;
        }
    return st;
}

rt_status rt_json_get_string(json_t *obj, const char *key, const char **out,
                             rt_json_problem *prob)
{
    json_t *v = json_object_get(obj, key);
    if (!v)
        return rt_json_problem_set(prob, key, "%s is required", key);
    if (!json_is_string(v))
        return rt_json_problem_set(prob, key, "%s must be a string", key);
    *out = json_string_value(v);
    return RT_OK;
}

rt_status rt_json_only(json_t *obj, const char *const *allowed, rt_json_problem *prob)
{
    const char *key;
    json_t *v;
    json_object_foreach(obj, key, v) {
        const char *const *a = allowed;
        while (*a && strcmp(*a, key) != 0)
            a++;
        if (!*a) {
            char shown[160];
            snprintf(shown, sizeof shown, "%.150s", key);
            return rt_json_problem_set(prob, shown, "unknown field %s", shown);
        }
    }
    return RT_OK;
}

static rt_status read_strings(const char *body, size_t len, const char *const *keys,
                              json_t **root, const char **vals, rt_json_problem *prob)
{
    json_t *o;
    rt_status st = rt_json_parse_object(body, len, &o, prob);
    if (st != RT_OK)
        return st;
    st = rt_json_only(o, keys, prob);
    for (size_t i = 0; st == RT_OK && keys[i]; i++)
        st = rt_json_get_string(o, keys[i], &vals[i], prob);
    if (st != RT_OK) {
        json_decref(o);
        return st;
    }
    *root = o;
    return RT_OK;
}

rt_status rt_json_problem_respond(rt_response *res, rt_json_problem *prob)
{
    rt_status st = rt_json_error(res, 400, prob->message, prob->field);
    rt_json_problem_clear(prob);
    return st;
}

bool rt_json_body_strings(const rt_request *req, rt_response *res, const char *const *keys,
                          json_t **root, const char **vals, rt_status *st)
{
    rt_json_problem prob = {0};
    *st = read_strings(req->body, req->body_len, keys, root, vals, &prob);
    if (*st == RT_EINVAL)
        *st = rt_json_problem_respond(res, &prob);
    else if (*st == RT_OK)
        return true;
    return false;
}

json_t *rt_json_encode_fields(const rt_field_spec *specs, size_t n, char *const *values)
{
    json_t *root = json_object();
    if (!root)
        return NULL;
    for (size_t i = 0; i < n; i++) {
        const char *dot = strchr(specs[i].key, '.');
        json_t *target = root;
        const char *name = specs[i].key;
        if (dot) {
            char group[64];
            size_t glen = (size_t)(dot - specs[i].key);
            if (glen >= sizeof group)
                goto fail;
            memcpy(group, specs[i].key, glen);
            group[glen] = '\0';
            target = json_object_get(root, group);
            if (!target) {
                target = json_object();
                if (!target || json_object_set_new(root, group, target) != 0)
                    goto fail;
            }
            name = dot + 1;
        }
        json_t *v = values[i] ? json_string(values[i]) : json_null();
        if (!v || json_object_set_new(target, name, v) != 0)
            goto fail;
    }
    return root;
fail:
    json_decref(root);
    return NULL;
}

rt_status rt_json_respond(rt_response *res, int status, json_t *body)
{
    if (!body)
        return RT_ENOMEM;
    char *s = json_dumps(body, JSON_COMPACT);
    json_decref(body);
    if (!s)
        return RT_ENOMEM;
    rt_buf_free(&res->body);
    rt_buf_puts(&res->body, s);
    free(s);
    res->status = status;
    res->content_type = "application/json";
    return rt_buf_status(&res->body);
}

void rt_json_array_push(json_t **arr, json_t *item)
{
    /* json_array_append_new releases item itself when it fails. */
    if (json_array_append_new(*arr, item) != 0) {
        json_decref(*arr);
        *arr = NULL;
    }
}

rt_status rt_json_error(rt_response *res, int status, const char *message, const char *field)
{
    /* "s?" writes null for a NULL field, so the key is always there. */
    json_t *o = json_pack("{s:s, s:s?}", "error", message, "field", field);
    return rt_json_respond(res, status, o);
}

rt_status rt_json_field_errors(rt_response *res, const rt_field_error *errs, size_t n)
{
    json_t *arr = json_array();
    for (size_t i = 0; arr && i < n; i++) {
        rt_json_array_push(&arr, json_pack("{s:s, s:s}", "field", errs[i].key, "message",
                                           errs[i].message));
    }
    if (!arr)
        return RT_ENOMEM;
    char msg[300];
    snprintf(msg, sizeof msg, "%s %s", n ? errs[0].key : "record",
             n ? errs[0].message : "is not valid");
    json_t *o = json_pack("{s:s, s:s?, s:o}", "error", msg, "field", n ? errs[0].key : NULL,
                          "errors", arr);
    return rt_json_respond(res, 422, o);
}
