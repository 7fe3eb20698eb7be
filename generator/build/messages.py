"""Failures of the engine and the operating system, said in Chinese.

Content problems are reported by ``generator.content`` with file and line.
What is left — a full disk, a folder without write permission, a broken
``mkdocs.yml`` — must reach an editor in Chinese too, naming the path.
"""

from __future__ import annotations

import errno

from mkdocs.exceptions import ConfigurationError, PluginError

_ERRNO = {
    errno.ENOENT: "文件或目录不存在",
    errno.EACCES: "没有权限",
    errno.EPERM: "操作不被允许",
    errno.ENOSPC: "磁盘空间不足",
    errno.EDQUOT: "超出磁盘配额",
    errno.EROFS: "文件系统是只读的",
    errno.ENOTDIR: "路径中有一段不是目录",
    errno.EISDIR: "这是一个目录，不是文件",
    errno.EEXIST: "已经存在",
    errno.ENOTEMPTY: "目录不为空",
    errno.ENAMETOOLONG: "文件名过长",
    errno.EMFILE: "打开的文件过多",
    errno.EIO: "磁盘读写错误",
    errno.EXDEV: "不能跨文件系统移动",
    errno.ELOOP: "符号链接层数过多（可能形成了循环）",
}


def os_failure(exc: OSError) -> str:
    """``无法写入 site/index.html：没有权限`` for an OSError."""
    reason = _ERRNO.get(exc.errno or 0, f"系统错误 {exc.errno}" if exc.errno else "系统错误")
    path = exc.filename if exc.filename is not None else ""
    return f"{path}：{reason}" if path else reason


def engine_failure(exc: BaseException) -> str:
    """A one-line Chinese account of why the engine stopped."""
    if isinstance(exc, OSError):
        return os_failure(exc)
    if isinstance(exc, PluginError):
        return str(exc)  # kanwu's own plugin errors are already Chinese
    if isinstance(exc, ConfigurationError):
        return f"MkDocs 配置文件（mkdocs.yml）有误：{exc}"
    if isinstance(exc, MemoryError):
        return "内存不足"
    if isinstance(exc, RecursionError):
        return "内容嵌套过深，无法处理"
    return f"站点引擎出错（{type(exc).__name__}：{exc}）"
