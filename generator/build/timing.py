"""Seconds spent in each stage of a build, for the CLI and the benchmark."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass
class StageTimes:
    load: float = 0.0  # reading and validating content
    generate: float = 0.0  # catalog, page list and rendering our page bodies
    engine: float = 0.0  # MkDocs and Material around them, writing files
    index: float = 0.0  # Pagefind

    def summary(self) -> str:
        return (
            f"读取与检查 {self.load:.1f} 秒，生成页面 {self.generate:.1f} 秒，"
            f"MkDocs {self.engine:.1f} 秒，建立搜索索引 {self.index:.1f} 秒"
        )
