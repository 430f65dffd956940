#ifndef PIPELINE_HTTP_CLIENT_H
#define PIPELINE_HTTP_CLIENT_H

#include <stddef.h>

/// How a request ended.
typedef enum {
    PIPELINE_HTTP_OK = 0,               ///< a response arrived (any status)
    PIPELINE_HTTP_TIMED_OUT = 1,        ///< the whole request took longer than its timeout
    PIPELINE_HTTP_TOO_LARGE = 2,        ///< the body announced or reached more than the limit
    PIPELINE_HTTP_CANCELLED = 3,        ///< the caller set the cancel flag
    PIPELINE_HTTP_CANNOT_CONNECT = 4,   ///< no connection to the host
    PIPELINE_HTTP_CANNOT_RESOLVE = 5,   ///< the host name did not resolve
    PIPELINE_HTTP_NETWORK_ERROR = 6,    ///< any other transfer failure (`error` says which)
    PIPELINE_HTTP_UNAVAILABLE = 7,      ///< libcurl could not be loaded (`error` says why)
} pipeline_http_outcome;

/// A response. `body` and `retry_after` are malloc'ed; release them with `pipeline_http_response_free`.
typedef struct {
    pipeline_http_outcome outcome;
    long status;            ///< the HTTP status of the last response, 0 when none arrived
    char *body;             ///< the body bytes (not NUL-terminated), or NULL
    size_t body_length;
    char *retry_after;      ///< the value of a `Retry-After` header (NUL-terminated), or NULL
    char error[256];        ///< libcurl's message for a failure
} pipeline_http_response;

/// A flag another thread sets to stop a request (read by libcurl's progress callback).
typedef struct pipeline_http_cancel pipeline_http_cancel;
pipeline_http_cancel *pipeline_http_cancel_create(void);
void pipeline_http_cancel_set(pipeline_http_cancel *flag);
void pipeline_http_cancel_free(pipeline_http_cancel *flag);

/// Loads libcurl (`libcurl.so.4`) once; returns 1 when it is usable, else 0 with the reason in `why`.
int pipeline_http_load(char *why, size_t why_size);

/// Performs one request, blocking the calling thread. `headers` are `Name: value` lines; `body`
/// may be NULL (no body). The request ends after `timeout_ms` in all, when the body passes
/// `max_body_bytes`, or soon after `cancel` (may be NULL) is set.
void pipeline_http_perform(const char *method, const char *url,
                           const char *const *headers, size_t header_count,
                           const void *body, size_t body_length,
                           long timeout_ms, size_t max_body_bytes,
                           pipeline_http_cancel *cancel,
                           pipeline_http_response *response);

/// Releases the buffers of a response.
void pipeline_http_response_free(pipeline_http_response *response);

#endif
