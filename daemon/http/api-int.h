/*
 * api-int — what the files of the API share (api.c): not for use outside
 * http/.
 */
#ifndef SYNCWATCH_API_INT_H
#define SYNCWATCH_API_INT_H

#include <jansson.h>
#include <stdint.h>

#include "http/api.h"
#include "store/store.h"

struct sigdb;
struct snapshot_source;

extern const char *const api_states[];		/* NULL-terminated */
extern const char *const api_severities[];

/* api_html_escape of a C string; NULL writes nothing. */
void	api_esc(struct buf *, const char *);
/* api-fleet.c: a Prometheus label value, escaped; the fleet's families. */
void	api_prom_label(struct buf *, const char *);
int	api_metrics_incidents(const struct api_request *, struct buf *,
	    char **cause);
void	api_metrics_process(const struct api_request *, struct buf *);
void	api_metrics_push(const struct api_request *, struct buf *);
/* Answer with o (taken over) as the JSON body. */
void	api_reply_json(struct api_response *, int status, json_t *o);
/* A JSON string from the store's text (null for NULL), never failing. */
json_t	*api_json_str(const char *);
/* An ISO time, or null for 0. */
json_t	*api_json_time(int64_t ms);
int	api_one_of(const char *, const char *const *set);
/*
 * The incident filters of the request (state may also be "active" or
 * "all"; default_active makes "active" the default, the dashboard's).
 * 0, or -1 with a 400 answer made.
 */
int	api_read_filter(const struct api_request *, struct api_response *,
	    struct store_filter *, int default_active);
/* A 503 answer saying why the store failed (cause is freed). */
void	api_store_error(struct api_response *, char *cause);
/* The fields every listing of an incident has. */
json_t	*api_incident_json(const struct store_incident *,
	    const struct sigdb *);
int	api_source_healthy(const struct snapshot_source *);
/* "ok", "waiting" or "error". */
const char *api_state_name(int state);

/* The pieces of the pages (api-html.c), for api-dash.c. */
void	api_html_store_error(struct buf *, char *cause);
void	api_page_head(const struct api_request *, struct buf *,
	    const char *title, const char *page,
	    int refresh);
void	api_page_header(const struct api_request *, struct buf *);
void	api_html_time(struct buf *, int64_t ms);
void	api_html_fields(struct buf *, const char *fields_json);
void	api_html_resolution(struct buf *, const char *resolution);
/* "open for 3 h 12 min": from since_ms to now_ms. */
void	api_open_for(struct buf *, int64_t since_ms, int64_t now_ms);

/* One incident read back, with copies of its strings. */
struct api_one {
	json_t			*obj;
	const struct sigdb	*db;
	struct store_incident	 copy;
	char			*sig;
	char			*state;
	char			*severity;
	char			*source;
	char			*fields;
	char			*product;
	char			*by;
	char			*resolution;
};

/* store_incident callback filling a struct api_one; stops at the first. */
int	api_keep_incident(void *arg, const struct store_incident *);
void	api_one_free(struct api_one *);

/*
 * A state change: 1 and the token's name when token is valid (2: the
 * control token), or 0 with the 401/403 answer made; then the change
 * req->action asks for, with what the body said (note, by, for; NULL
 * when absent; by only with the control token, auth 2): 0, or -1 with
 * the answer made (400, 404, 409, 503).
 */
int	api_authorise(const struct api_request *, struct api_response *,
	    const char *token, char *name, size_t size);
int	api_change_state(const struct api_request *, struct api_response *,
	    const char *name, int auth, const char *note, const char *by,
	    const char *dur);
/* A 400 {"error": msg, "parameter": name}. */
void	api_param_error(struct api_response *, const char *name,
	    const char *msg);
/*
 * Whether the query holds only arguments of known (NULL-terminated, NULL:
 * none), each once: 0, or -1 with the 400 answer made.
 */
int	api_check_args(const struct api_request *, struct api_response *,
	    const char *const *known);
/* The arguments the incident lists take. */
extern const char *const api_filter_args[];

#endif
