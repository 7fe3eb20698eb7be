"""Errors of the operating system, said in Chinese and naming the path.

Python's own text (``[Errno 13] Permission denied``) is English; reading the
content folder and writing the site both report through here.
"""

from __future__ import annotations

import errno
import os
from pathlib import Path

OS_REASONS = {
    errno.EACCES: "没有权限",
    errno.EPERM: "没有权限",
    errno.ENOSPC: "磁盘空间已满",
    errno.EDQUOT: "超出磁盘配额",
    errno.EROFS: "文件系统只读",
    errno.EFBIG: "文件超过系统允许的大小",
    errno.ENOTDIR: "路径中有一段是文件而不是目录",
    errno.EISDIR: "这是一个目录",
    errno.ENOENT: "不存在（可能在生成期间被删除）",
    errno.EEXIST: "已存在",
    errno.ENOTEMPTY: "目录不为空",
    errno.EXDEV: "与其旁边的临时目录不在同一文件系统（输出目录不能是挂载点）",
    errno.EBUSY: "正被占用（输出目录不能是挂载点）",
    errno.ENAMETOOLONG: "路径过长",
    errno.ELOOP: "符号链接层数过多",
    errno.EIO: "读写出错（磁盘可能有故障）",
    errno.EMFILE: "打开的文件过多",
    errno.ENFILE: "打开的文件过多",
    errno.EADDRINUSE: "端口已被占用：请关闭占用它的程序，或用 --dev-addr 换一个端口（如 127.0.0.1:8001）",
    errno.EADDRNOTAVAIL: "本机没有这个地址：请用 --dev-addr 指定本机地址（如 127.0.0.1:8000）",
}


def describe_os_error(exc: OSError, fallback: Path) -> str:
    """A Chinese sentence naming the path and the reason, instead of Python's English."""
    reason = os_reason(exc)
    # Of two paths (copy, rename) the second is the one being written.
    path = next((p for p in (exc.filename2, exc.filename) if p is not None), fallback)
    return f"「{os.fsdecode(path)}」：{reason}"


def os_reason(exc: OSError) -> str:
    """Why a file or folder could not be used, in Chinese (Python's is English)."""
    code = exc.errno or 0
    return OS_REASONS.get(code) or f"系统错误（{errno.errorcode.get(code, code)}）"
