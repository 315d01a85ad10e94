/*
 * Request deadlines for a libmicrohttpd daemon's connections: the defence
 * against slowloris clients. libmicrohttpd's own timeout counts idle time
 * only, so a client that sends one byte of its headers every few seconds
 * keeps its connection, and a few hundred such clients take every slot.
 * The guard gives each connection a deadline: its request headers, and
 * then its body, must arrive within the allowed time of the connection's
 * start or of its previous request's end. A sweeper thread shuts down the
 * socket of a connection past its deadline, which libmicrohttpd then
 * closes. Internal.
 */
#ifndef STIR_HTTPD_GUARD_H
#define STIR_HTTPD_GUARD_H

#include <microhttpd.h>

typedef struct skit_httpd_guard skit_httpd_guard;

/*
 * A guard allowing seconds (>= 1) for each request's headers and for its
 * body (more while received bytes wait for a busy server thread, up to
 * six times that); starts the sweeper thread (it looks four times a
 * second). NULL when out of memory or no thread can be started. Free with skit_httpd_guard_free
 * after the daemon it watches has stopped.
 */
skit_httpd_guard *skit_httpd_guard_new(unsigned seconds);

/* Stops the sweeper and frees the guard; NULL is fine. */
void skit_httpd_guard_free(skit_httpd_guard *g);

/*
 * The MHD_OPTION_NOTIFY_CONNECTION callback (cls: the guard): starts the
 * clock of a new connection and forgets a closed one. A connection the
 * guard cannot track (out of memory) is shut down at once.
 */
void skit_httpd_guard_notify(void *cls, struct MHD_Connection *c, void **socket_context,
                             enum MHD_ConnectionNotificationCode code);

/*
 * Phases of a request, as the access handler and the completion callback
 * see them: SKIT_GUARD_HEADERS_IN (the headers arrived: the body's clock
 * starts), SKIT_GUARD_BODY_IN (the whole body arrived: no deadline while
 * the handler works and the answer is sent), SKIT_GUARD_DONE (the request
 * ended: the next request's clock starts). Lock-free; any thread.
 */
typedef enum { SKIT_GUARD_HEADERS_IN, SKIT_GUARD_BODY_IN, SKIT_GUARD_DONE } skit_guard_phase;

void skit_httpd_guard_phase(struct MHD_Connection *c, skit_guard_phase phase);

#endif
