// Linux errno values as the PowerPC ABI numbers them (asm-generic/errno-base.h and errno.h; powerpc
// differs only in EDEADLOCK, which nothing here returns), and the host file-system errors the
// harness passes on, by Node's error code.

export const EPERM = 1, ENOENT = 2, ESRCH = 3, EIO = 5, EBADF = 9, ENOMEM = 12, EACCES = 13, EFAULT = 14, EEXIST = 17, ENODEV = 19;
export const ENOTDIR = 20, EISDIR = 21, EINVAL = 22, EMFILE = 24, ENOTTY = 25, ENOSPC = 28, ESPIPE = 29;
export const EROFS = 30, ERANGE = 34, ENAMETOOLONG = 36, ENOSYS = 38, ENOTEMPTY = 39, ELOOP = 40;

const BY_CODE: Record<string, number> = {
  EPERM, ENOENT, EIO, EBADF, ENOMEM, EACCES, EEXIST, ENOTDIR, EISDIR, EINVAL, EMFILE, ENOSPC, ESPIPE, EROFS,
  ENAMETOOLONG, ENOTEMPTY, ELOOP,
};

export function errnoOf(code: string): number | undefined {
  return BY_CODE[code];
}
