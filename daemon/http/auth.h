/*
 * auth — the API tokens that allow state changes over HTTP.
 *
 * The file named by api_tokens holds one "NAME TOKEN" per line ('#'
 * comments, tokens of at least 16 characters), and must be private to
 * its owner (platform_read_secret: refused, like an ssh key, when other
 * users may read it).  Without it, state changes over HTTP are off.  A
 * reload loads the file again; a bad file leaves the previous tokens in
 * force.  Checks run on the HTTP thread,
 * loads on the main one, under a mutex.  Tokens are compared in constant
 * time and zeroed before their memory is freed.
 */
#ifndef SYNCWATCH_AUTH_H
#define SYNCWATCH_AUTH_H

#include <stddef.h>

struct auth;

struct auth *auth_new(void);
void	auth_free(struct auth *);
/*
 * Load the tokens of path (NULL: turn state changes off).  0, or -1 and
 * *cause (FILE:LINE, caller frees) with the previous tokens kept.
 */
int	auth_load(struct auth *, const char *path, char **cause);
/*
 * The daemon's control token: accepted as "cli" whether api_tokens is
 * configured or not.  The daemon writes it to its state folder, readable
 * by the service's user only (mode 0600), so that the commands run on
 * this machine as that user or root (reload, ack, resolve) act through
 * the running daemon.
 */
void	auth_set_control(struct auth *, const char *token);
/*
 * A fresh control token for the commands on this machine (reload, ack,
 * resolve through the running daemon): set, and written to
 * STATE_DIR/control.token, which the service's user and group can read
 * (the group's members are the operators).
 * 0, or -1 and *cause.
 */
int	auth_make_control(struct auth *, const char *state_dir, char **cause);
/* Whether tokens are configured (state changes over HTTP are on). */
int	auth_enabled(struct auth *);
/*
 * 1 and the token's name in name[size] if token is valid (2 and "cli" for
 * the control token); 0 if not; -1 if no tokens are configured (and token
 * is not the control token).
 */
int	auth_check(struct auth *, const char *token, char *name, size_t size);

#endif
