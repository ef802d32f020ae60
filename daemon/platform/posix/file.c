/*
 * file — platform.h's files and folders on POSIX.
 *
 * Logs are read with pread only, so a follower never depends on a file
 * offset shared with anyone; standard input, which cannot seek, is read
 * with read.  O_NONBLOCK on open keeps a FIFO put where a log should be
 * from blocking the daemon.
 */
#include <sys/stat.h>
#include <sys/types.h>

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <stdio.h>
#include <unistd.h>

#include "lib/buf.h"
#include "lib/xmalloc.h"
#include "platform/platform.h"

struct platform_file {
	int	fd;
};

static struct platform_file stdin_file = { STDIN_FILENO };

static void
fill_stat(const struct stat *st, struct platform_stat *out)
{
	out->dev = (uint64_t)st->st_dev;
	out->ino = (uint64_t)st->st_ino;
	out->size = (uint64_t)st->st_size;
	out->mtime_ms = (int64_t)st->st_mtim.tv_sec * 1000 +
	    st->st_mtim.tv_nsec / 1000000;
	out->type = S_ISREG(st->st_mode) ? PLATFORM_REG :
	    S_ISDIR(st->st_mode) ? PLATFORM_DIR : PLATFORM_OTHER;
	out->has_id = 1;
}

struct platform_file *
platform_open_log(const char *path)
{
	struct platform_file *f;
	int fd;

	if ((fd = open(path, O_RDONLY | O_CLOEXEC | O_NONBLOCK)) == -1)
		return NULL;
	f = xmalloc(sizeof(*f));
	f->fd = fd;
	return f;
}

struct platform_file *
platform_stdin(void)
{
	return &stdin_file;
}

void
platform_close(struct platform_file *f)
{
	if (f == NULL || f == &stdin_file)
		return;
	close(f->fd);
	xfree(f);
}

int
platform_fstat(struct platform_file *f, struct platform_stat *out)
{
	struct stat st;

	if (fstat(f->fd, &st) == -1)
		return -1;
	fill_stat(&st, out);
	return 0;
}

int64_t
platform_pread(struct platform_file *f, void *buf, size_t len,
    uint64_t offset)
{
	ssize_t r;

	do
		r = pread(f->fd, buf, len, (off_t)offset);
	while (r == -1 && errno == EINTR);
	return (int64_t)r;
}

int64_t
platform_read(struct platform_file *f, void *buf, size_t len)
{
	ssize_t r;

	do
		r = read(f->fd, buf, len);
	while (r == -1 && errno == EINTR);
	return (int64_t)r;
}

int
platform_stat(const char *path, struct platform_stat *out)
{
	struct stat st;

	if (stat(path, &st) == -1)
		return -1;
	fill_stat(&st, out);
	return 0;
}

int
platform_rotated_hold_ms(void)
{
	return 10000;
}

int
platform_same_file(const struct platform_stat *a,
    const struct platform_stat *b)
{
	return a->dev == b->dev && a->ino == b->ino;
}

int
platform_mkdir(const char *path)
{
	return mkdir(path, 0750);
}

void
platform_private_files(void)
{
	umask(027);
}

int
platform_can_write(const char *path)
{
	struct stat st;

	if (stat(path, &st) == -1)
		return 0;
	return access(path, S_ISDIR(st.st_mode) ? W_OK | X_OK : W_OK) == 0;
}

int
platform_rename(const char *from, const char *to)
{
	return rename(from, to);
}

int
platform_remove(const char *path)
{
	return unlink(path);
}

int
platform_dir_list(const char *dir, platform_dir_filter filter,
    platform_dir_cb cb, void *arg)
{
	struct platform_stat ps;
	struct dirent *de;
	struct stat st;
	DIR *d;
	int stop = 0;

	if ((d = opendir(dir)) == NULL)
		return -1;
	for (;;) {
		errno = 0;
		if (stop || (de = readdir(d)) == NULL)
			break;
		if (strcmp(de->d_name, ".") == 0 ||
		    strcmp(de->d_name, "..") == 0 ||
		    (filter != NULL && !filter(arg, de->d_name)))
			continue;
		if (fstatat(dirfd(d), de->d_name, &st, 0) == -1) {
			stop = cb(arg, de->d_name, NULL);
			continue;
		}
		fill_stat(&st, &ps);
		stop = cb(arg, de->d_name, &ps);
	}
	if (!stop && errno != 0) {
		int saved = errno;

		closedir(d);
		errno = saved;
		return -1;
	}
	closedir(d);
	return 0;
}

/*
 * Checked on the descriptor that is then read, so that the file looked at
 * is the file read.  As ssh with a private key: no access at all for
 * others, no writing for the group, an owner that is this user or root.
 * One exception, as PostgreSQL makes for its key: a file root owns may be
 * readable by this process's own group (root:syncwatch 0640, the layout
 * the documentation used to suggest), since only the service is in it.
 */
int
platform_read_secret(const char *path, struct buf *b, size_t max,
    char **cause)
{
	struct platform_file f;
	struct stat st;
	char chunk[4096];
	uint64_t off = 0;
	size_t start = b->len;
	int64_t n;
	int rc = -1;

	if ((f.fd = open(path, O_RDONLY | O_CLOEXEC | O_NONBLOCK)) == -1) {
		xasprintf(cause, "%s: %s", path, strerror(errno));
		return -1;
	}
	if (fstat(f.fd, &st) == -1)
		xasprintf(cause, "%s: %s", path, strerror(errno));
	else if (!S_ISREG(st.st_mode))
		xasprintf(cause, "%s: not a regular file", path);
	else if ((st.st_mode & 027) != 0 || ((st.st_mode & 040) != 0 &&
	    (st.st_uid != 0 || st.st_gid != getegid())))
		xasprintf(cause, "%s: mode %04o is too open: a file of secrets "
		    "must not be readable by other users (chmod 600 %s)", path,
		    (unsigned)(st.st_mode & 07777), path);
	else if (st.st_uid != geteuid() && st.st_uid != 0)
		xasprintf(cause, "%s: owned by uid %lu, which is neither this "
		    "user (uid %lu) nor root, so another user can change it "
		    "(chown it to uid %lu)", path, (unsigned long)st.st_uid,
		    (unsigned long)geteuid(), (unsigned long)geteuid());
	else
		rc = 0;
	while (rc == 0 && (n = platform_pread(&f, chunk, sizeof(chunk),
	    off)) != 0) {
		if (n == -1) {
			xasprintf(cause, "%s: %s", path, strerror(errno));
			rc = -1;
		} else if (b->len - start + (size_t)n > max) {
			xasprintf(cause, "%s: larger than %zu bytes", path, max);
			rc = -1;
		} else {
			buf_append(b, chunk, (size_t)n);
			off += (uint64_t)n;
		}
	}
	platform_zero(chunk, sizeof(chunk));
	close(f.fd);
	return rc;
}
