/* admin.c: a deployment set up and run as the system; see admin.h. */
#include "admin.h"

#include <pwd.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include "../core/account.h"
#include "../core/field.h"
#include "../store/key.h"
#include "auth.h"

/* ---- the store ---------------------------------------------------------- */

/* Opens the store with key and app over it; the key is wiped either way. */
static rt_status open_with(const char *db_path, rt_data_key *key, bool create,
                           const rt_config *cfg, rt_app *app, rt_open_step *step)
{
    rt_store *store;
    rt_status st = rt_store_open(db_path, key, create, &store);
    rt_key_wipe(key);
    *step = RT_OPEN_STORE;
    if (st != RT_OK)
        return st;
    st = rt_app_init(app, store, cfg);
    if (st != RT_OK)
        rt_store_close(store);
    return st;
}

rt_status rt_app_open(const char *db_path, const rt_config *cfg, rt_app *app,
                      rt_open_step *step)
{
    rt_data_key key;
    *step = RT_OPEN_KEY;
    rt_status st = rt_key_load_for(db_path, &key);
    if (st != RT_OK)
        return st;
    return open_with(db_path, &key, false, cfg, app, step);
}

rt_status rt_app_create(const char *db_path, bool from_env, const rt_config *cfg, rt_app *app,
                        char **key_path, rt_open_step *step)
{
    *key_path = NULL;
    *step = RT_OPEN_KEY;
    rt_data_key key;
    rt_status st = from_env ? rt_key_from_env(&key) : RT_ENOTFOUND;
    if (st == RT_ENOTFOUND) {
        st = rt_key_generate(&key);
        if (st == RT_OK)
            st = rt_key_default_path(db_path, key_path);
        if (st == RT_OK)
            st = rt_key_write_file(*key_path, &key);
    }
    if (st == RT_OK)
        st = open_with(db_path, &key, true, cfg, app, step);
    rt_key_wipe(&key);
    if (st != RT_OK) {
        free(*key_path);
        *key_path = NULL;
    }
    return st;
}

const char *rt_app_key_env(void)
{
    return RT_KEY_ENV;
}

void rt_app_close(rt_app *app)
{
    rt_store *store = app->store;
    rt_app_clear(app);
    rt_store_close(store);
    app->store = NULL;
}

rt_status rt_app_schema_version(rt_app *app, int *out)
{
    return rt_store_schema_version(app->store, out);
}

void rt_app_operator(char *out, size_t size)
{
    uid_t uid = geteuid();
    struct passwd pw, *found = NULL;
    char buf[1024];
    /* A name that is not plain text, or too long to keep whole, is not
     * written: the uid says who as well. */
    if (getpwuid_r(uid, &pw, buf, sizeof buf, &found) == 0 && found && found->pw_name[0] &&
        rt_text_acceptable(found->pw_name, false) && strlen(found->pw_name) + 5 <= size)
        snprintf(out, size, "cli:%s", found->pw_name);
    else
        snprintf(out, size, "cli:uid=%ld", (long)uid);
}

/* ---- accounts ----------------------------------------------------------- */

rt_status rt_app_user_add(rt_app *app, const rt_new_user *in, const char *address, int64_t now,
                          char *password_out, size_t password_len, const char **field)
{
    *field = NULL;
    if (password_len)
        password_out[0] = '\0';
    if (rt_username_problem(in->username))
        *field = "username";
    else if (!in->display_name || !*in->display_name || strlen(in->display_name) > 200 ||
             !rt_text_acceptable(in->display_name, false))
        *field = "display_name";
    else if ((unsigned)in->role >= RT_ROLE_COUNT)
        *field = "role";
    else if (!in->agency || !*in->agency)
        *field = "agency";
    else if (in->password && rt_password_problem(in->password))
        *field = "password";
    else if (!in->password && password_len < 17)
        *field = "password";
    if (*field)
        return RT_EINVAL;
    rt_status st = RT_OK;
    const char *password = in->password;
    if (!password) {
        st = rt_auth_new_password(password_out, 16);
        password = password_out;
    }
    rt_user u = {.username = (char *)in->username, .display_name = (char *)in->display_name,
                 .agency_code = (char *)in->agency, .role = in->role,
                 .must_change_password = in->one_time, .created_at = now};
    /* Hashing is slow: it stays outside the transaction. */
    if (st == RT_OK)
        st = rt_auth_hash_password(password, &u.password_hash);
    if (st == RT_OK)
        st = rt_app_tx_begin(app);
    if (st == RT_OK) {
        st = rt_store_user_add(app->store, &u);
        if (st == RT_EEXISTS)
            *field = "username";
        else if (st == RT_EINVAL)
            *field = "agency";
        if (st == RT_OK)
            st = rt_app_audit(app, NULL, RT_AUDIT_USER_ADD, "user", u.id,
                              "username,display_name,role,agency,password", address, now, "ok");
        st = rt_app_tx_end(app, st);
    }
    free(u.password_hash);
    if (st != RT_OK && password_len)
        sodium_memzero(password_out, password_len);
    return st;
}

rt_status rt_app_user_set_disabled(rt_app *app, const char *username, bool disabled,
                                   const char *address, int64_t now)
{
    rt_user u = {0};
    rt_status st = rt_app_tx_begin(app);
    if (st != RT_OK)
        return st;
    st = rt_store_user_by_username(app->store, username, &u);
    if (st == RT_OK)
        st = rt_store_user_set_disabled(app->store, u.id, disabled);
    /* A disabled account must not stay signed in anywhere. */
    if (st == RT_OK && disabled)
        st = rt_store_session_delete_user(app->store, u.id);
    if (st == RT_OK)
        st = rt_app_audit(app, NULL, disabled ? RT_AUDIT_USER_DISABLE : RT_AUDIT_USER_ENABLE,
                          "user", u.id, "disabled", address, now, "ok");
    rt_user_clear(&u);
    return rt_app_tx_end(app, st);
}

rt_status rt_app_users(rt_app *app, rt_user **out, size_t *n)
{
    return rt_store_user_list(app->store, out, n);
}

rt_status rt_app_user_by_id(rt_app *app, const char *id, rt_user *out)
{
    return rt_store_user_by_id(app->store, id, out);
}

rt_status rt_app_user_by_username(rt_app *app, const char *username, rt_user *out)
{
    return rt_store_user_by_username(app->store, username, out);
}

/* ---- agencies ----------------------------------------------------------- */

/* 1-64 of a-z, 0-9, - and _. */
static bool code_ok(const char *s)
{
    size_t n = s ? strlen(s) : 0;
    if (n == 0 || n > 64)
        return false;
    for (size_t i = 0; i < n; i++)
        if (!((s[i] >= 'a' && s[i] <= 'z') || (s[i] >= '0' && s[i] <= '9') || s[i] == '-' ||
              s[i] == '_'))
            return false;
    return true;
}

rt_status rt_app_agency_add(rt_app *app, const rt_agency *a, const char *address, int64_t now,
                            const char **field)
{
    *field = NULL;
    if (!code_ok(a->code))
        *field = "code";
    else if (!a->name || !*a->name || strlen(a->name) > 200 || !rt_text_acceptable(a->name, false))
        *field = "name";
    else if ((unsigned)a->kind >= RT_AGENCY_KIND_COUNT)
        *field = "kind";
    if (*field)
        return RT_EINVAL;
    rt_status st = rt_app_tx_begin(app);
    if (st != RT_OK)
        return st;
    st = rt_store_agency_add(app->store, a);
    if (st == RT_EEXISTS)
        *field = "code";
    if (st == RT_OK)
        st = rt_app_audit(app, NULL, RT_AUDIT_AGENCY_ADD, "agency", a->code, "code,name,kind",
                          address, now, "ok");
    return rt_app_tx_end(app, st);
}

rt_status rt_app_agencies(rt_app *app, rt_agency **out, size_t *n)
{
    return rt_store_agency_list(app->store, out, n);
}

rt_status rt_app_agency(rt_app *app, const char *code, rt_agency *out)
{
    return rt_store_agency_get(app->store, code, out);
}

/* ---- Maracs ------------------------------------------------------------- */

rt_status rt_app_marac_set(rt_app *app, const rt_marac *m, const char *address, int64_t now,
                           const char **field)
{
    *field = NULL;
    if (!code_ok(m->code))
        *field = "code";
    else if (!m->name[0] || !rt_text_acceptable(m->name, false))
        *field = "name";
    else if (rt_postcode_areas_check(m->areas, NULL) != RT_OK)
        *field = "areas";
    else if (!rt_text_acceptable(m->sharing_protocol, false))
        *field = "sharing_protocol";
    else if (!rt_text_acceptable(m->operating_protocol, false))
        *field = "operating_protocol";
    if (*field)
        return RT_EINVAL;
    rt_status st = rt_app_tx_begin(app);
    if (st != RT_OK)
        return st;
    st = rt_store_marac_put(app->store, m);
    if (st == RT_EINVAL)
        *field = "rules";
    if (st == RT_OK)
        st = rt_app_audit(app, NULL, RT_AUDIT_MARAC_SET, "marac", m->code,
                          "code,name,areas,population,minutes_per_case,meeting_minutes,"
                          "release_days,cutoff_days,sharing_protocol,operating_protocol",
                          address, now, "ok");
    return rt_app_tx_end(app, st);
}

rt_status rt_app_marac_member_add(rt_app *app, const char *code, const char *agency,
                                  const char *address, int64_t now, const char **field)
{
    *field = NULL;
    rt_marac m;
    rt_status st = rt_app_tx_begin(app);
    if (st != RT_OK)
        return st;
    st = rt_store_marac_get(app->store, code, &m);
    if (st == RT_ENOTFOUND)
        *field = "code";
    if (st == RT_OK)
        st = rt_store_marac_member_add(app->store, code, agency);
    if (st == RT_EINVAL)
        *field = "agency";
    if (st == RT_OK)
        st = rt_app_audit(app, NULL, RT_AUDIT_MARAC_MEMBER, "marac", code, "members", address,
                          now, "ok");
    return rt_app_tx_end(app, st);
}

rt_status rt_app_marac_all(rt_app *app, rt_marac **out, size_t *n)
{
    return rt_store_marac_list(app->store, out, n);
}

rt_status rt_app_marac_members(rt_app *app, const char *code, char (**out)[65], size_t *n)
{
    return rt_store_marac_members(app->store, code, out, n);
}

/* ---- Idva services ------------------------------------------------------ */

static rt_status idva_service(rt_app *app, const char *service)
{
    rt_agency a = {0};
    rt_status st = service ? rt_store_agency_get(app->store, service, &a) : RT_ENOTFOUND;
    if (st == RT_OK && a.kind != RT_AGENCY_IDVA_SERVICE)
        st = RT_ENOTFOUND;
    rt_agency_clear(&a);
    return st;
}

rt_status rt_app_caseload_rules(rt_app *app, const char *service, rt_caseload_rules *out)
{
    rt_status st = idva_service(app, service);
    if (st == RT_OK)
        st = rt_store_caseload_rules_get(app->store, service, out);
    return st;
}

rt_status rt_app_caseload_rules_set(rt_app *app, const char *service, const rt_caseload_rules *r,
                                    const char *address, int64_t now, const char **field)
{
    *field = NULL;
    rt_status st = rt_app_tx_begin(app);
    if (st != RT_OK)
        return st;
    st = idva_service(app, service);
    if (st == RT_OK)
        st = rt_caseload_rules_check(r, field);
    if (st == RT_OK)
        st = rt_store_caseload_rules_put(app->store, service, r);
    if (st == RT_OK)
        st = rt_app_audit(app, NULL, RT_AUDIT_CASELOAD_RULES, "agency", service,
                          "open_per_fte,unsafe_per_fte,year_per_fte,first_contact_days,"
                          "long_open_days",
                          address, now, "ok");
    return rt_app_tx_end(app, st);
}

/* ---- notices ------------------------------------------------------------ */

rt_status rt_app_notice_read(rt_app *app, const rt_principal *who, const char *id, int64_t now)
{
    return rt_store_notice_read(app->store, who->user.id, id, now);
}
