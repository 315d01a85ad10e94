/* Reading and writing the CA directory's files. */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "ca_int.h"
#include "error_int.h"

#define MAX_FILE (4 * 1024 * 1024)

stir_status skit_read_file(const char *path, char **buf, size_t *len, stir_error_t *err)
{
    FILE *f = fopen(path, "rb");
    char *data;
    long n;

    if (f == NULL)
        return skit_fail(err, STIR_E_IO, "cannot open %.300s: %s", path, strerror(errno));
    if (fseek(f, 0, SEEK_END) != 0 || (n = ftell(f)) < 0 || n > MAX_FILE ||
        fseek(f, 0, SEEK_SET) != 0) {
        fclose(f);
        return skit_fail(err, STIR_E_IO, "cannot read %.300s (or it exceeds %d bytes)", path,
                         MAX_FILE);
    }
    data = malloc((size_t)n + 1);
    if (data == NULL || fread(data, 1, (size_t)n, f) != (size_t)n) {
        free(data);
        fclose(f);
        return skit_fail(err, STIR_E_IO, "cannot read %.300s", path);
    }
    fclose(f);
    data[n] = '\0';
    *buf = data;
    *len = (size_t)n;
    return STIR_OK;
}

stir_status skit_write_file(const char *path, const char *data, size_t len, int mode,
                            stir_error_t *err)
{
    int fd = open(path, O_WRONLY | O_CREAT | O_EXCL, mode);
    ssize_t w;

    if (fd < 0)
        return skit_fail(err, STIR_E_IO, "cannot create %.300s: %s", path, strerror(errno));
    w = write(fd, data, len);
    if (w < 0 || (size_t)w != len || fsync(fd) != 0) {
        close(fd);
        return skit_fail(err, STIR_E_IO, "cannot write %.300s: %s", path, strerror(errno));
    }
    if (close(fd) != 0)
        return skit_fail(err, STIR_E_IO, "cannot write %.300s: %s", path, strerror(errno));
    return STIR_OK;
}
