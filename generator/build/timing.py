"""Seconds spent in each stage of a build, for the CLI and the benchmark."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass
class StageTimes:
    load: float = 0.0  # reading and validating content
    generate: float = 0.0  # catalog, page list and rendering our page bodies
    engine: float = 0.0  # MkDocs and Material around them, writing files
    index: float = 0.0  # Pagefind
    documents: float = 0.0  # waiting for the documents to download (generator.build.documents)

    def summary(self) -> str:
        return (
            f"读取与检查 {self.load:.1f} 秒，生成页面 {self.generate:.1f} 秒，"
            f"MkDocs {self.engine:.1f} 秒，建立搜索索引 {self.index:.1f} 秒"
            + (f"，生成下载文件 {self.documents:.1f} 秒" if self.documents >= 0.05 else "")
        )
