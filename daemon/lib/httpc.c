/*
 * httpc — HTTP requests through libcurl; see httpc.h.
 */
#include <curl/curl.h>
#include <string.h>

#include "lib/httpc.h"
#include "lib/xmalloc.h"
#include "version.h"

struct sink {
	struct buf	*b;
	size_t		 max;
	int		 over;
};

static size_t
on_data(char *p, size_t size, size_t n, void *arg)
{
	struct sink *s = arg;
	size_t len = size * n;

	if (s->b->len + len > s->max) {
		s->over = 1;
		return 0;		/* makes curl stop with an error */
	}
	buf_append(s->b, p, len);
	return len;
}

void
httpc_init(void)
{
	curl_global_init(CURL_GLOBAL_DEFAULT);
}

const char *
httpc_version(void)
{
	return curl_version();
}

int
httpc_do(const struct httpc_request *rq, struct httpc_response *res,
    char **cause)
{
	char errbuf[CURL_ERROR_SIZE], auth[600];
	struct curl_slist *hdr = NULL;
	struct sink sink;
	CURLcode rc;
	CURL *c;

	memset(res, 0, sizeof(*res));
	if ((c = curl_easy_init()) == NULL) {
		xasprintf(cause, "%s: cannot start an HTTP request", rq->url);
		return -1;
	}
	sink.b = &res->body;
	sink.max = rq->max_body > 0 ? rq->max_body : 1024 * 1024;
	sink.over = 0;
	errbuf[0] = '\0';
	curl_easy_setopt(c, CURLOPT_URL, rq->url);
	curl_easy_setopt(c, CURLOPT_ERRORBUFFER, errbuf);
	/* No signals: the daemon's threads and the check's deadline. */
	curl_easy_setopt(c, CURLOPT_NOSIGNAL, 1L);
	curl_easy_setopt(c, CURLOPT_TIMEOUT_MS, rq->timeout_ms);
	curl_easy_setopt(c, CURLOPT_PROTOCOLS_STR, "http,https");
	curl_easy_setopt(c, CURLOPT_FOLLOWLOCATION, 0L);
	curl_easy_setopt(c, CURLOPT_USERAGENT, "syncwatch/" SYNCWATCH_VERSION);
	curl_easy_setopt(c, CURLOPT_WRITEFUNCTION, on_data);
	curl_easy_setopt(c, CURLOPT_WRITEDATA, &sink);
	if (rq->ca_file != NULL)
		curl_easy_setopt(c, CURLOPT_CAINFO, rq->ca_file);
	if (rq->userpwd != NULL) {
		curl_easy_setopt(c, CURLOPT_HTTPAUTH, (long)CURLAUTH_BASIC);
		curl_easy_setopt(c, CURLOPT_USERPWD, rq->userpwd);
	}
	if (rq->bearer != NULL) {
		snprintf(auth, sizeof(auth), "Authorization: Bearer %s",
		    rq->bearer);
		hdr = curl_slist_append(hdr, auth);
	}
	if (rq->body != NULL) {
		snprintf(auth, sizeof(auth), "Content-Type: %s",
		    rq->content_type != NULL ? rq->content_type :
		    "application/octet-stream");
		hdr = curl_slist_append(hdr, auth);
		curl_easy_setopt(c, CURLOPT_POSTFIELDS, rq->body);
		curl_easy_setopt(c, CURLOPT_POSTFIELDSIZE_LARGE,
		    (curl_off_t)rq->body_len);
	}
	if (rq->method != NULL && strcmp(rq->method, "GET") != 0 &&
	    strcmp(rq->method, "POST") != 0)
		curl_easy_setopt(c, CURLOPT_CUSTOMREQUEST, rq->method);
	if (hdr != NULL)
		curl_easy_setopt(c, CURLOPT_HTTPHEADER, hdr);
	rc = curl_easy_perform(c);
	if (rc == CURLE_OK)
		curl_easy_getinfo(c, CURLINFO_RESPONSE_CODE, &res->code);
	curl_slist_free_all(hdr);
	if (rc != CURLE_OK) {
		if (sink.over)
			xasprintf(cause, "%s: the answer is larger than %zu "
			    "bytes", rq->url, sink.max);
		else
			xasprintf(cause, "%s: %s", rq->url, errbuf[0] != '\0' ?
			    errbuf : curl_easy_strerror(rc));
		curl_easy_cleanup(c);
		buf_free(&res->body);
		return -1;
	}
	curl_easy_cleanup(c);
	return 0;
}
