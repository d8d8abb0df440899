"""Write output files atomically: a reader never sees half a report.

A regular file (new or existing) is written to a temporary file in the same folder, then
renamed over it. What the user names is never replaced by something else:

* a symbolic link is followed to the file it points to, which is written (the link stays); a
  link that leads nowhere (dangling, or a loop) is refused;
* a character device (`/dev/null`, a terminal) or a FIFO is written through, in place (a FIFO
  with no reader is refused rather than waited on); any other kind of file (a folder, a block
  device, a socket) is refused.

A new file gets the usual mode (0666 less the umask: 0644 by default); a replaced file keeps its
mode. The temporary files carry this module's mark and the id of the process writing them, so
that the next run into the same folder removes those left by a run that was killed (only ours,
and only when the process that wrote them is gone).
"""

from __future__ import annotations

import errno
import os
import re
import secrets
import socket
import stat
import zlib
from pathlib import Path

TEMP_MARK = "compliance-tmp"
_NAME_KEPT = 48  # characters of the output's name kept in its temporary file's name (names stay < 255)
_cleaned: set[str] = set()  # folders already swept by this process


class OutputRefused(OSError):
    """The output path names something that is not replaced nor written (exit code 2)."""

    def __init__(self, path: Path, key: str, message: str):
        super().__init__(errno.EINVAL, message, str(path))
        self.key = key  # compliance.i18n key of the message


def _host_tag() -> str:
    return format(zlib.crc32(socket.gethostname().encode("utf-8", "replace")), "08x")


def _temp_pattern() -> re.Pattern[str]:
    return re.compile(r"^\..*\.(?P<host>[0-9a-f]{8})-(?P<pid>\d+)-[0-9a-f]{8}\." + re.escape(TEMP_MARK) + r"$")


def temp_name(final_name: str) -> str:
    """The name of a temporary file (or folder) for `final_name`: hidden, marked, with this
    host and process, so that a later run can tell a leftover from a write in progress."""
    return f".{final_name[:_NAME_KEPT]}.{_host_tag()}-{os.getpid()}-{secrets.token_hex(4)}.{TEMP_MARK}"


def _process_gone(pid: int) -> bool:
    if pid == os.getpid():
        return False
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return True
    except OSError:  # it exists (another user's process)
        return False
    return False


def clean_leftovers(directory: Path) -> list[str]:
    """Remove the temporary files and folders that a killed run of this program left in
    `directory` (this host's, whose process is gone). Returns the names removed."""
    import shutil

    pattern, host, removed = _temp_pattern(), _host_tag(), []
    try:
        entries = list(os.scandir(directory))
    except OSError:
        return removed
    for entry in entries:
        match = pattern.match(entry.name)
        if not match or match["host"] != host or not _process_gone(int(match["pid"])):
            continue
        try:
            if entry.is_dir(follow_symlinks=False):
                shutil.rmtree(entry.path)
            else:
                os.unlink(entry.path)
            removed.append(entry.name)
        except OSError:
            pass
    return removed


def _clean_once(directory: Path) -> None:
    key = os.path.abspath(directory)
    if key not in _cleaned:
        _cleaned.add(key)
        clean_leftovers(directory)


def current_umask() -> int:
    """The process's umask, read without changing it where /proc tells it."""
    try:
        with open("/proc/self/status", encoding="ascii") as handle:
            for line in handle:
                if line.startswith("Umask:"):
                    return int(line.split()[1], 8)
    except (OSError, ValueError, IndexError):
        pass
    umask = os.umask(0o022)
    os.umask(umask)
    return umask


def default_mode() -> int:
    """The mode of a new file: 0666 less the umask (0644 by default)."""
    return 0o666 & ~current_umask()


def resolve_target(path: Path) -> tuple[Path, os.stat_result | None]:
    """The file that writing to `path` means (symbolic links followed) and its status (None: it
    does not exist yet). Raises OutputRefused for a link that leads nowhere."""
    path = Path(path)
    if not os.path.islink(path):
        try:
            return path, os.stat(path)
        except FileNotFoundError:
            return path, None
    try:
        status = os.stat(path)  # through the link
        if not stat.S_ISREG(status.st_mode):  # a device or a FIFO (/dev/stdout): opened through the link
            return path, status
        return path.resolve(strict=True), status
    except (OSError, RuntimeError):  # dangling, a loop, a file since deleted
        raise OutputRefused(path, "output_dangling_link", "symbolic link to nothing") from None


def same_file(a: Path, b: Path) -> bool:
    """Whether two paths name the same existing file (links followed)."""
    try:
        return os.path.samefile(a, b)
    except OSError:
        return False


def _write_through(path: Path, data: bytes, is_fifo: bool) -> None:
    """Write into a character device or a FIFO as it is (no temporary file, no rename)."""
    flags = os.O_WRONLY | getattr(os, "O_CLOEXEC", 0)
    try:
        fd = os.open(path, flags | (os.O_NONBLOCK if is_fifo else 0))
    except OSError as exc:
        if is_fifo and exc.errno == errno.ENXIO:
            raise OutputRefused(path, "output_fifo_no_reader", "FIFO with no reader") from None
        raise
    try:
        if is_fifo:
            os.set_blocking(fd, True)
        view = memoryview(data)
        while view:
            view = view[os.write(fd, view):]
    finally:
        os.close(fd)


def write_atomic(path: Path, data: str | bytes) -> None:
    """Write text (UTF-8, newlines as given) or bytes to `path` through a temp file and a rename.

    Raises OSError (OutputRefused for what is neither written nor replaced, see the module)."""
    payload = data.encode("utf-8") if isinstance(data, str) else data
    target, status = resolve_target(Path(path))
    if status is not None and not stat.S_ISREG(status.st_mode):
        if stat.S_ISCHR(status.st_mode) or stat.S_ISFIFO(status.st_mode):
            _write_through(target, payload, stat.S_ISFIFO(status.st_mode))
            return
        if stat.S_ISDIR(status.st_mode):
            raise OutputRefused(Path(path), "output_is_dir", "is a folder")
        raise OutputRefused(Path(path), "output_not_regular", "not a regular file")
    mode = stat.S_IMODE(status.st_mode) if status is not None else default_mode()
    directory = target.parent if str(target.parent) else Path(".")
    _clean_once(directory)
    tmp = directory / temp_name(target.name)
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_CLOEXEC", 0), 0o600)
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(payload)
            handle.flush()
            try:
                os.fchmod(handle.fileno(), mode)
            except OSError:  # a file system without modes
                pass
            os.fsync(handle.fileno())
        os.replace(tmp, target)
    except BaseException:
        try:
            os.unlink(tmp)
        except FileNotFoundError:
            pass
        raise


def make_temp_dir(parent: Path, final_name: str) -> Path:
    """A new temporary folder in `parent` for the output folder `final_name` (renamed into place
    by the caller), with the usual mode (0777 less the umask) and the mark that lets a later run
    remove it if this one is killed."""
    parent = Path(parent) if str(parent) else Path(".")
    _clean_once(parent)
    tmp = parent / temp_name(final_name)
    os.mkdir(tmp, 0o700)
    os.chmod(tmp, 0o777 & ~current_umask())
    return tmp
