// An HTTP client on libcurl, loaded with dlopen on first use: a binary that never sends a request
// (most runs) neither links libcurl nor loads its ~25 dependencies at start-up.
//
// libcurl's ABI is stable: the option and info numbers below are those of <curl/curl.h>
// (CURLOPT_* = type base + number; the type bases are 0 for long, 10000 for pointers, 20000 for
// functions, 30000 for curl_off_t), so the header is not needed to build this file.

#define _GNU_SOURCE
#include "http_client.h"

#include <ctype.h>
#include <dlfcn.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

typedef void CURL;
struct curl_slist;
typedef int CURLcode;

enum {
    OPT_WRITEDATA = 10001, OPT_URL = 10002, OPT_ERRORBUFFER = 10010, OPT_WRITEFUNCTION = 20011,
    OPT_POSTFIELDS = 10015, OPT_HTTPHEADER = 10023, OPT_HEADERDATA = 10029, OPT_CUSTOMREQUEST = 10036,
    OPT_NOPROGRESS = 43, OPT_POST = 47, OPT_FOLLOWLOCATION = 52, OPT_XFERINFODATA = 10057,
    OPT_MAXREDIRS = 68, OPT_HEADERFUNCTION = 20079, OPT_HTTPGET = 80, OPT_NOSIGNAL = 99,
    OPT_POSTFIELDSIZE_LARGE = 30120, OPT_TIMEOUT_MS = 155, OPT_XFERINFOFUNCTION = 20219,
    OPT_PROTOCOLS = 181,
};
enum { INFO_RESPONSE_CODE = 0x200000 + 2 };
enum { PROTO_HTTP = 1 << 0, PROTO_HTTPS = 1 << 1 };
enum {
    E_OK = 0, E_COULDNT_RESOLVE_HOST = 6, E_COULDNT_CONNECT = 7, E_WRITE_ERROR = 23,
    E_OPERATION_TIMEDOUT = 28, E_ABORTED_BY_CALLBACK = 42,
};
enum { GLOBAL_DEFAULT = 3 };

static struct {
    CURLcode (*global_init)(long);
    CURL *(*easy_init)(void);
    CURLcode (*easy_setopt)(CURL *, int, ...);
    CURLcode (*easy_perform)(CURL *);
    CURLcode (*easy_getinfo)(CURL *, int, ...);
    void (*easy_cleanup)(CURL *);
    const char *(*easy_strerror)(CURLcode);
    struct curl_slist *(*slist_append)(struct curl_slist *, const char *);
    void (*slist_free_all)(struct curl_slist *);
    int loaded;
    char why[200];
} curl;

struct pipeline_http_cancel {
    atomic_int set;
};

pipeline_http_cancel *pipeline_http_cancel_create(void) {
    pipeline_http_cancel *flag = malloc(sizeof *flag);
    if (flag) atomic_init(&flag->set, 0);
    return flag;
}

void pipeline_http_cancel_set(pipeline_http_cancel *flag) {
    if (flag) atomic_store(&flag->set, 1);
}

void pipeline_http_cancel_free(pipeline_http_cancel *flag) { free(flag); }

static int is_cancelled(pipeline_http_cancel *flag) { return flag && atomic_load(&flag->set); }

static pthread_once_t load_once = PTHREAD_ONCE_INIT;

static void load_curl(void) {
    const char *names[] = {"libcurl.so.4", "libcurl.so", "libcurl-gnutls.so.4"};
    void *lib = NULL;
    for (size_t i = 0; i < sizeof names / sizeof names[0] && !lib; i++) lib = dlopen(names[i], RTLD_NOW | RTLD_LOCAL);
    if (!lib) {
        snprintf(curl.why, sizeof curl.why, "libcurl is not installed (libcurl.so.4: %s)", dlerror());
        return;
    }
#define SYMBOL(field, name) \
    if (!(*(void **)&curl.field = dlsym(lib, name))) { \
        snprintf(curl.why, sizeof curl.why, "libcurl.so.4 has no %s", name); \
        return; \
    }
    SYMBOL(global_init, "curl_global_init")
    SYMBOL(easy_init, "curl_easy_init")
    SYMBOL(easy_setopt, "curl_easy_setopt")
    SYMBOL(easy_perform, "curl_easy_perform")
    SYMBOL(easy_getinfo, "curl_easy_getinfo")
    SYMBOL(easy_cleanup, "curl_easy_cleanup")
    SYMBOL(easy_strerror, "curl_easy_strerror")
    SYMBOL(slist_append, "curl_slist_append")
    SYMBOL(slist_free_all, "curl_slist_free_all")
#undef SYMBOL
    if (curl.global_init(GLOBAL_DEFAULT) != E_OK) {
        snprintf(curl.why, sizeof curl.why, "libcurl could not be initialised");
        return;
    }
    curl.loaded = 1;
}

int pipeline_http_load(char *why, size_t why_size) {
    pthread_once(&load_once, load_curl);
    if (!curl.loaded && why && why_size) snprintf(why, why_size, "%s", curl.why);
    return curl.loaded;
}

/// What the callbacks of one transfer share.
typedef struct {
    char *body;
    size_t length, capacity, limit;
    int too_large;
    char *retry_after;
    pipeline_http_cancel *cancel;
} transfer;

static size_t on_body(char *data, size_t size, size_t count, void *context) {
    transfer *t = context;
    size_t n = size * count;
    if (t->length + n > t->limit) {
        t->too_large = 1;
        return 0;  // fails the transfer with a write error
    }
    if (t->length + n > t->capacity) {
        size_t capacity = t->capacity ? t->capacity : 16384;
        while (capacity < t->length + n) capacity *= 2;
        if (capacity > t->limit) capacity = t->limit;
        char *grown = realloc(t->body, capacity);
        if (!grown) return 0;
        t->body = grown;
        t->capacity = capacity;
    }
    memcpy(t->body + t->length, data, n);
    t->length += n;
    return n;
}

/// The value of header line `line` when its name is `name` (case-insensitive), trimmed; else NULL.
static char *header_value(const char *line, size_t n, const char *name) {
    size_t k = strlen(name);
    if (n <= k || strncasecmp(line, name, k) != 0 || line[k] != ':') return NULL;
    const char *start = line + k + 1, *end = line + n;
    while (start < end && isspace((unsigned char)*start)) start++;
    while (end > start && isspace((unsigned char)end[-1])) end--;
    return strndup(start, (size_t)(end - start));
}

static size_t on_header(char *line, size_t size, size_t count, void *context) {
    transfer *t = context;
    size_t n = size * count;
    if (n >= 5 && strncmp(line, "HTTP/", 5) == 0) {  // a new response (after a redirect or a 100)
        free(t->retry_after);
        t->retry_after = NULL;
        t->length = 0;
        return n;
    }
    char *value = header_value(line, n, "retry-after");
    if (value) {
        free(t->retry_after);
        t->retry_after = value;
        return n;
    }
    value = header_value(line, n, "content-length");
    if (value) {
        unsigned long long announced = strtoull(value, NULL, 10);
        free(value);
        if (announced > t->limit) {
            t->too_large = 1;
            return 0;
        }
    }
    return n;
}

static int on_progress(void *context, int64_t dltotal, int64_t dlnow, int64_t ultotal, int64_t ulnow) {
    (void)dltotal, (void)dlnow, (void)ultotal, (void)ulnow;
    transfer *t = context;
    return is_cancelled(t->cancel);
}

void pipeline_http_perform(const char *method, const char *url,
                           const char *const *headers, size_t header_count,
                           const void *body, size_t body_length,
                           long timeout_ms, size_t max_body_bytes,
                           pipeline_http_cancel *cancel,
                           pipeline_http_response *response) {
    memset(response, 0, sizeof *response);
    if (!pipeline_http_load(response->error, sizeof response->error)) {
        response->outcome = PIPELINE_HTTP_UNAVAILABLE;
        return;
    }
    CURL *easy = curl.easy_init();
    if (!easy) {
        response->outcome = PIPELINE_HTTP_NETWORK_ERROR;
        snprintf(response->error, sizeof response->error, "libcurl could not start a transfer");
        return;
    }
    transfer t = {.limit = max_body_bytes, .cancel = cancel};
    struct curl_slist *list = NULL;
    for (size_t i = 0; i < header_count; i++) list = curl.slist_append(list, headers[i]);
    list = curl.slist_append(list, "Expect:");  // no 100-continue round trip before a large body

    curl.easy_setopt(easy, OPT_URL, url);
    curl.easy_setopt(easy, OPT_PROTOCOLS, (long)(PROTO_HTTP | PROTO_HTTPS));
    curl.easy_setopt(easy, OPT_NOSIGNAL, 1L);
    curl.easy_setopt(easy, OPT_FOLLOWLOCATION, 1L);
    curl.easy_setopt(easy, OPT_MAXREDIRS, 10L);
    curl.easy_setopt(easy, OPT_TIMEOUT_MS, timeout_ms > 0 ? timeout_ms : 1L);
    curl.easy_setopt(easy, OPT_HTTPHEADER, list);
    curl.easy_setopt(easy, OPT_ERRORBUFFER, response->error);
    curl.easy_setopt(easy, OPT_WRITEFUNCTION, on_body);
    curl.easy_setopt(easy, OPT_WRITEDATA, &t);
    curl.easy_setopt(easy, OPT_HEADERFUNCTION, on_header);
    curl.easy_setopt(easy, OPT_HEADERDATA, &t);
    curl.easy_setopt(easy, OPT_XFERINFOFUNCTION, on_progress);
    curl.easy_setopt(easy, OPT_XFERINFODATA, &t);
    curl.easy_setopt(easy, OPT_NOPROGRESS, 0L);
    if (body) {
        curl.easy_setopt(easy, OPT_POST, 1L);
        curl.easy_setopt(easy, OPT_POSTFIELDSIZE_LARGE, (int64_t)body_length);
        curl.easy_setopt(easy, OPT_POSTFIELDS, body);
        if (strcmp(method, "POST") != 0) curl.easy_setopt(easy, OPT_CUSTOMREQUEST, method);
    } else if (strcmp(method, "GET") == 0) {
        curl.easy_setopt(easy, OPT_HTTPGET, 1L);
    } else {
        curl.easy_setopt(easy, OPT_CUSTOMREQUEST, method);
    }

    CURLcode code = curl.easy_perform(easy);
    curl.easy_getinfo(easy, INFO_RESPONSE_CODE, &response->status);
    if (code == E_OK) {
        response->outcome = PIPELINE_HTTP_OK;
        response->body = t.body;
        response->body_length = t.length;
        response->retry_after = t.retry_after;
        t.body = NULL;
        t.retry_after = NULL;
    } else if (t.too_large) {
        response->outcome = PIPELINE_HTTP_TOO_LARGE;
    } else if (code == E_ABORTED_BY_CALLBACK || is_cancelled(cancel)) {
        response->outcome = PIPELINE_HTTP_CANCELLED;
    } else if (code == E_OPERATION_TIMEDOUT) {
        response->outcome = PIPELINE_HTTP_TIMED_OUT;
    } else if (code == E_COULDNT_CONNECT) {
        response->outcome = PIPELINE_HTTP_CANNOT_CONNECT;
    } else if (code == E_COULDNT_RESOLVE_HOST) {
        response->outcome = PIPELINE_HTTP_CANNOT_RESOLVE;
    } else {
        response->outcome = PIPELINE_HTTP_NETWORK_ERROR;
    }
    if (response->outcome != PIPELINE_HTTP_OK && response->error[0] == '\0')
        snprintf(response->error, sizeof response->error, "%s", curl.easy_strerror(code));
    curl.easy_cleanup(easy);
    curl.slist_free_all(list);
    free(t.body);
    free(t.retry_after);
}

void pipeline_http_response_free(pipeline_http_response *response) {
    free(response->body);
    free(response->retry_after);
    response->body = NULL;
    response->retry_after = NULL;
}
