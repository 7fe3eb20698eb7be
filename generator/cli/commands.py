"""The ``kanwu`` command: a thin shell over the pipeline and the engine.

Exit codes (DESIGN §4): 0 success, 1 content errors, 2 usage errors.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import json
import logging
import os
import signal
import sys
import threading
import time
from collections.abc import Callable
from pathlib import Path
from types import FrameType
from typing import Any, NoReturn, TypeVar

import click
from rich.console import Console

from generator.build import ENGINES
from generator.build.cache import default_cache, load_cache, preview_cache
from generator.build.engine import build_site, find_config
from generator.build.messages import engine_failure
from generator.build.output import OutputRefused, check_output
from generator.build.progress import for_console
from generator.build.timing import StageTimes
from generator.cli import clickzh, scaffold
from generator.cli.statsformat import report_review, report_stats
from generator.content.diagnostics import Problems, did_you_mean, sorted_problems, to_json
from generator.content.json_schema import SCHEMAS
from generator.content.model import Publication
from generator.content.oserrors import describe_os_error
from generator.content.pipeline import load_and_validate
from generator.content.published import LOCK_FILE, unrecorded
from generator.records import periods
from generator.records.periods import Period, parse_period
from generator.records.quotas import group_quotas, research_quotas
from generator.records.review import Reviews
from generator.records.stats import Ledger
from generator.site.catalog import AUDIENCES, Audience

EXIT_CONTENT = 1
EXIT_USAGE = 2

clickzh.install()
err = Console(stderr=True, highlight=False, soft_wrap=True)
out = Console(highlight=False, soft_wrap=True)

CONTEXT = {"help_option_names": ["-h", "--help"], "max_content_width": 100}
OPTIONS = "[选项]"
F = TypeVar("F", bound=Callable[..., Any])

content_option = click.option(
    "--content",
    type=click.Path(file_okay=False, path_type=Path),
    metavar="目录",
    default=Path("content"),
    show_default=True,
    help="内容目录（journal.yml、units.yml 与各专刊目录所在处）。",
)


def format_option(choices: list[str], help: str) -> Callable[[F], F]:
    """``--format``, the first choice by default."""
    return click.option(
        "--format",
        "fmt",
        type=click.Choice(choices),
        default=choices[0],
        show_default=True,
        help=help,
    )


def issue_option(help_text: str) -> Callable[[F], F]:
    """``--issue 期目录``, an existing folder (not required=True: Click would
    add an English 「[required]」; the commands say it in Chinese)."""
    return click.option(
        "--issue",
        "issue_dir",
        metavar="期目录",
        default=None,
        type=click.Path(file_okay=False, exists=True, path_type=Path),
        help=help_text,
    )


audience_option = click.option(
    "--audience",
    type=click.Choice(AUDIENCES),
    default="intranet",
    show_default=True,
    help="intranet：内网版，包含全部信息；public：公开版，只含公开属性为“公开”的信息，供政府网站发布，无版记。",
)
strict_option = click.option("--strict", is_flag=True, help="警告（如漏号）也视为错误。")
config_option = click.option(
    "--config",
    "config_file",
    type=click.Path(dir_okay=False, exists=True, path_type=Path),
    metavar="文件",
    default=None,
    help="MkDocs 配置文件；默认为当前目录中的 mkdocs.yml，其次是内容目录上一级的，都没有时用 kanwu 自带的。",
)


def cache_options(where: str, without: str) -> Callable[[F], F]:
    """``--cache 目录`` and ``--no-cache``, described for one command."""

    def apply(command: F) -> F:
        command = click.option("--no-cache", is_flag=True, help=without)(command)
        return click.option(
            "--cache",
            type=click.Path(file_okay=False, path_type=Path),
            metavar="目录",
            default=None,
            help=where,
        )(command)

    return apply


# Signals that end a command as Ctrl+C does: a cancelled CI job, `kill`, a
# closed terminal. By default they end Python at once, and whatever a build or a
# preview was writing (scratch folders of hundreds of MB) stays behind.
STOPPING_SIGNALS = (signal.SIGTERM, signal.SIGHUP)


def _stopped(signum: int, frame: FrameType | None) -> None:
    raise KeyboardInterrupt


@click.group(context_settings=CONTEXT, options_metavar=OPTIONS, subcommand_metavar="命令 [参数]...")
@click.pass_context
def main(ctx: click.Context) -> None:
    """kanwu（刊物）：把信息稿件生成为内网期刊档案站点。

    \b
    常用流程：
      kanwu init 目录                  新建一个刊物
      kanwu new issue kuaibao          新建下一期
      kanwu new report 目录 --unit ID 新建稿件
      kanwu import 文件.docx --issue 目录
                                       导入单位报送的 Word 稿件
      kanwu check                      检查内容
      kanwu serve                      本地预览
      kanwu build                      生成站点到 site/
      kanwu export 目录                导出一期为公文（PDF 或 Word）
    """
    engine = os.environ.get("KANWU_ENGINE")
    if engine and engine not in ENGINES:
        choices = "、".join(ENGINES)
        _fail(f"错误：环境变量 KANWU_ENGINE 的值「{engine}」无效（可选：{choices}）。", EXIT_USAGE)
    if threading.current_thread() is threading.main_thread():
        # A signal the caller chose to ignore (nohup, a runner) stays ignored.
        previous = {
            sig: signal.signal(sig, _stopped)
            for sig in STOPPING_SIGNALS
            if signal.getsignal(sig) == signal.SIG_DFL
        }
        ctx.call_on_close(lambda: [signal.signal(s, h) for s, h in previous.items()])


def _report(problems: Problems, console: Console) -> None:
    for problem in sorted_problems(problems):
        style = "yellow" if problem.severity == "warning" else "red"
        console.print(str(problem), style=style, markup=False)


def _summary(problems: Problems) -> str:
    return f"{len(problems.errors)} 处错误，{len(problems.warnings)} 处警告"


def _load(
    content: Path, strict: bool, output: Path | None = None, cache: Path | None = None
) -> Publication:
    """Load and validate, print every problem, exit 1 if the content fails."""
    publication, problems = load_and_validate(content, cache)
    _report(problems, err)
    if publication is None or problems.fails(strict=strict):
        kept = "原有站点保持不变，" if output is not None and output.exists() else ""
        err.print(
            f"内容检查未通过：{_summary(problems)}。{kept}未写入任何文件。",
            style="bold red",
            markup=False,
        )
        sys.exit(EXIT_CONTENT)
    return publication


@main.command(context_settings=CONTEXT, options_metavar=OPTIONS)
@content_option
@strict_option
@format_option(["text", "json"], "输出格式：text 每行一处问题，json 供其他程序读取。")
@cache_options(
    "读取 kanwu build 留下的缓存（只读不写），未改动的文件不再重新读取和校对；默认为 .kanwu-cache/site（kanwu build 默认输出 site/ 时的缓存），不存在时不用缓存。",
    "不读缓存，逐个读取并检查全部文件。",
)
def check(content: Path, strict: bool, fmt: str, cache: Path | None, no_cache: bool) -> None:
    """检查内容目录，报告所有错误与警告，不写任何文件。"""
    # What a build kept of reading the content: the same results as reading
    # every file again (generator.content.load_cache): at ten years 2.0–2.7 s
    # instead of 17.5 s (benchmarks/README.md).
    kept = None if no_cache else load_cache(cache or default_cache(Path("site")))
    if kept is not None and not kept.is_dir():
        kept = None
    publication, problems = load_and_validate(content, kept, read_only=True)
    failed = publication is None or problems.fails(strict=strict)
    if fmt == "json":
        click.echo(to_json(sorted_problems(problems)))
    else:
        _report(problems, out)
        if failed:
            out.print(f"检查未通过：{_summary(problems)}。", style="bold red", markup=False)
        else:
            issues = len(publication.issues) if publication else 0
            reports = sum(len(i.reports) for i in publication.issues) if publication else 0
            out.print(
                f"检查通过：{issues} 期，{reports} 条稿件；{_summary(problems)}。",
                style="green",
                markup=False,
            )
    if publication is not None and publication.sealed is not None and fmt != "json":
        missing = unrecorded(publication, publication.sealed, dt.date.today())
        if missing:
            out.print(
                f"提示：有 {missing} 期已过印发日期，尚未记入 {LOCK_FILE}；"
                "运行 kanwu build 后把它随内容一并提交。",
                markup=False,
            )
    sys.exit(EXIT_CONTENT if failed else 0)


@main.command(context_settings=CONTEXT, options_metavar=OPTIONS)
@content_option
@click.option(
    "--output",
    type=click.Path(file_okay=False, path_type=Path),
    metavar="目录",
    default=Path("site"),
    show_default=True,
    help="站点输出目录；构建成功后才替换原有内容。",
)
@click.option(
    "--site-url",
    metavar="网址",
    default=None,
    help="站点的完整网址（可含子路径，如 http://内网主机/xinxi/），用于订阅源中的链接；默认取 mkdocs.yml 的 site_url。",
)
@audience_option
@cache_options(
    "增量构建的缓存目录，未改动的页面直接复用；默认为输出目录旁的 .kanwu-cache/<输出目录名>。CI 中保留此目录可加快每次发布。",
    "不读也不写缓存，从头构建全部页面。",
)
@strict_option
@config_option
def build(
    content: Path,
    output: Path,
    site_url: str | None,
    audience: Audience,
    cache: Path | None,
    no_cache: bool,
    strict: bool,
    config_file: Path | None,
) -> None:
    """检查内容并生成整个站点（含搜索索引与订阅源）；内容有错误时不写任何文件。"""
    times = StageTimes()
    started = time.perf_counter()
    # Refuse an output that is not ours before reading or writing anything.
    _check_output(content, output)
    cache = None if no_cache else (cache or default_cache(output))
    if cache is not None:
        _check_cache(cache, content, output)
    progress = for_console(err)
    progress.stage("读取与检查内容")
    try:
        publication = _load(content, strict, output, load_cache(cache) if cache else None)
    except SystemExit:
        progress.close()
        raise
    times.load = time.perf_counter() - started
    overrides = {"site_url": site_url} if site_url else {}
    lock = _lock_state(content)
    try:
        address = build_site(
            publication,
            content,
            output,
            find_config(config_file, content),
            times,
            audience,
            cache,
            progress,
            **overrides,
        )
    except KeyboardInterrupt:
        err.print("已中断，原有站点保持不变。", style="bold red", markup=False)
        sys.exit(130)
    except OutputRefused as exc:  # the output changed while the site was being built
        _fail(f"错误：{exc}新站点未替换原有内容。", EXIT_USAGE)
    except Exception as exc:  # disk full, a missing template, the engine: in Chinese
        _fail(f"站点生成失败，原有站点保持不变：{engine_failure(exc, output)}。", EXIT_CONTENT)
    seconds = time.perf_counter() - started
    if not address:
        out.print(
            "提示：没有设置站点网址（kanwu build --site-url 或 mkdocs.yml 的 site_url），"
            "站点中没有绝对网址和站点地图，订阅源中的链接是相对地址，部分阅读器打不开。",
            markup=False,
        )
    if _lock_state(content) != lock:
        out.print(
            f"已把印发日期已过的稿件记入 {LOCK_FILE}（已印发稿件的文本指纹），请随内容一并提交。",
            markup=False,
        )
    edition = "公开版" if audience == "public" else "内网版"
    out.print(
        f"已生成{edition}站点：{output}（用时 {seconds:.1f} 秒：{times.summary()}）。"
        f"预览：python -m http.server -d {output} 8000，然后打开 http://127.0.0.1:8000/",
        markup=False,
    )


def _check_output(content: Path, output: Path) -> None:
    """Exit 2 if building into ``output`` could destroy anything but a kanwu site."""
    try:
        check_output(content, output)
    except OutputRefused as exc:
        _fail(f"错误：{exc}未作任何改动。", EXIT_USAGE)
    except OSError as exc:  # e.g. the output folder cannot be listed
        _fail(f"错误：无法检查输出目录{describe_os_error(exc, output)}。", EXIT_USAGE)


def _check_cache(cache: Path, content: Path, output: Path | None = None) -> None:
    """Exit 2 if the cache would sit in the content (and be read as content)
    or in the output (and be replaced with it)."""
    where = cache.resolve()
    folders = [(content, "内容目录"), *([(output, "输出目录")] if output else [])]
    for folder, name in folders:
        if where.is_relative_to(folder.resolve()):
            _fail(
                f"错误：缓存目录「{cache}」位于{name}「{folder}」之中，请换一个位置。未作任何改动。",
                EXIT_USAGE,
            )


def _fail(message: str, code: int) -> NoReturn:
    err.print(message, style="bold red", markup=False)
    sys.exit(code)


@main.command(context_settings=CONTEXT, options_metavar=OPTIONS)
@content_option
@click.option(
    "--dev-addr",
    default="127.0.0.1:8000",
    metavar="地址",
    show_default=True,
    callback=lambda _ctx, _param, value: _dev_addr(value),
    help="预览服务器监听的地址和端口。",
)
@click.option("--search", is_flag=True, help="每次重新生成后也建立搜索索引（档案较大时会变慢）。")
@cache_options(
    "预览的缓存目录，下次启动预览时复用；默认为内容目录旁的 .kanwu-cache/.preview。",
    "不保留缓存：每次启动预览都从头生成全部页面。",
)
@config_option
def serve(
    content: Path,
    dev_addr: str,
    search: bool,
    cache: Path | None,
    no_cache: bool,
    config_file: Path | None,
) -> None:
    """本地实时预览：保存稿件后页面自动刷新；内容有错误时页面显示问题清单。"""
    if search:
        os.environ["KANWU_SEARCH_IN_SERVE"] = "true"  # read by mkdocs.yml (!ENV)
    if not (content / "journal.yml").is_file():
        err.print(
            f"错误：{content} 中没有 journal.yml，不是内容目录。", style="bold red", markup=False
        )
        sys.exit(EXIT_USAGE)
    cache = None if no_cache else (cache or preview_cache(content))
    if cache is not None:
        _check_cache(cache, content)
    out.print(f"预览地址：http://{dev_addr}/（按 Ctrl+C 停止）", markup=False)

    def say(message: str, is_problem: bool) -> None:
        (err if is_problem else out).print(
            message, style="yellow" if is_problem else None, markup=False
        )

    try:
        # Imported here: the preview's server and watcher (MkDocs' livereload)
        # are of no use to the other commands, which start faster without.
        from generator.build.preview import preview

        preview(find_config(config_file, content), content, dev_addr, say, cache)
    except Exception as exc:  # the preview could not start: say why in Chinese
        # A socket error names no file: name the address instead.
        where = Path(dev_addr) if isinstance(exc, OSError) and not exc.filename else content
        err.print(f"无法启动预览：{engine_failure(exc, where)}", style="bold red", markup=False)
        sys.exit(EXIT_USAGE)


def _dev_addr(value: str) -> str:
    host, _, port = value.rpartition(":")
    if not host or not port.isascii() or not port.isdigit() or not 0 < int(port) < 65536:
        raise click.BadParameter(f"“{value}” 应为 地址:端口，如 127.0.0.1:8000")
    return value


class IssueDate(click.ParamType):
    """A date as index.md holds one (2026-03-09); anything else is refused
    in words an editor reads, not in strptime's %Y-%m-%d."""

    name = "日期"

    def convert(self, value: Any, param: click.Parameter | None, ctx: click.Context | None) -> Any:
        if isinstance(value, dt.date):
            return value
        try:
            return dt.date.fromisoformat(str(value))
        except ValueError:
            self.fail(f"「{value}」不是日期，请写作 2026-03-09 这样的年-月-日。", param, ctx)


@main.command(context_settings=CONTEXT, options_metavar=OPTIONS)
@click.argument("folder", metavar="目录", type=click.Path(path_type=Path))
@click.option(
    "--title", metavar="总刊头", default="示例信息", show_default=True, help="刊物的总刊头。"
)
@click.option(
    "--publisher",
    metavar="编印单位",
    default="中共示例市委办公室",
    show_default=True,
    help="印在刊头下方的编印单位。",
)
def init(folder: Path, title: str, publisher: str) -> None:
    """新建一个刊物：mkdocs.yml、content/ 中的 journal.yml、units.yml 和一期示例
    （如 kanwu init 示例信息）。目录须不存在或为空。"""
    try:
        written = scaffold.init_publication(folder, title, publisher, dt.date.today())
    except scaffold.ScaffoldError as exc:
        _fail(f"错误：{exc}。", EXIT_USAGE)
    except OSError as exc:
        _fail(f"错误：{describe_os_error(exc, folder)}。", EXIT_USAGE)
    out.print(f"已新建刊物：{folder}", markup=False)
    for path in written:
        out.print(f"  {path}", markup=False)
    out.print(
        "下一步：修改 content/journal.yml 和 content/units.yml，然后在该目录中运行 "
        "kanwu check 检查、kanwu serve 预览、kanwu build 生成站点。",
        markup=False,
    )


@main.group(context_settings=CONTEXT, options_metavar=OPTIONS, subcommand_metavar="命令 [参数]...")
def new() -> None:
    """新建一期或一条稿件。"""


@new.command("issue", context_settings=CONTEXT, options_metavar=OPTIONS)
@click.argument("series", metavar="专刊")
@click.option(
    "--date",
    "day",
    type=IssueDate(),
    metavar="日期",
    default=None,
    help="印发日期（YYYY-MM-DD），默认今天。",
)
@content_option
def new_issue(series: str, day: dt.date | None, content: Path) -> None:
    """在专刊中新建本年度的下一期（如 kanwu new issue kuaibao）。"""
    try:
        path = scaffold.new_issue(content, series, day or dt.date.today())
    except scaffold.ScaffoldError as exc:
        err.print(f"错误：{exc}", style="bold red", markup=False)
        sys.exit(EXIT_USAGE)
    out.print(f"已新建：{path}", markup=False)


@new.command("report", context_settings=CONTEXT, options_metavar=OPTIONS)
@click.argument(
    "issue_dir", metavar="期目录", type=click.Path(file_okay=False, exists=True, path_type=Path)
)
@click.option(
    "--unit", metavar="单位", default=None, help="报送单位标识（见 units.yml）；领导批示可不填。"
)
@click.option("--title", metavar="标题", default=None, help="稿件标题；不填则在文件中补写。")
@content_option
def new_report(issue_dir: Path, unit: str | None, title: str | None, content: Path) -> None:
    """在期目录中新建下一条稿件（如 content/kuaibao/2026/035）。"""
    try:
        path = scaffold.new_report(content, issue_dir, unit, title)
    except scaffold.ScaffoldError as exc:
        err.print(f"错误：{exc}", style="bold red", markup=False)
        sys.exit(EXIT_USAGE)
    out.print(f"已新建：{path}（填写后运行 kanwu check 检查）", markup=False)


@main.command("import", context_settings=CONTEXT, options_metavar=OPTIONS)
@click.argument(
    "files",
    metavar="文件...",
    nargs=-1,
    required=True,
    type=click.Path(dir_okay=False, exists=True, path_type=Path),
)
@issue_option("导入到哪一期（如 content/kuaibao/2026/035），每个文件成为其中的下一条稿件。")
@click.option(
    "--inbox",
    is_flag=True,
    help="导入为来稿：存入 inbox/<年>/<月>/，收稿时间为现在（与 --issue 二选一）。",
)
@click.option(
    "--unit",
    metavar="单位",
    default=None,
    help="报送单位标识（见 units.yml）；不填则按文件中的“报送单位”行在单位名录中查找。",
)
@content_option
def import_(
    files: tuple[Path, ...], issue_dir: Path | None, inbox: bool, unit: str | None, content: Path
) -> None:
    """把单位报送的 Word 文件（.docx）导入为期目录中的下一条稿件（--issue），或存为来稿（--inbox），
    图片存放在旁边（如 kanwu import 甲县.docx --issue content/kuaibao/2026/035）。有文件不能导入时，
    所有文件都不写入。"""
    # Not required=True: Click would add an English 「[required]」.
    if (issue_dir is None) == (not inbox):
        raise click.UsageError(
            "请用 --issue 指定导入到哪一期（期目录），或用 --inbox 存为来稿，二选一"
        )
    # Imported here: mammoth is of no use to the other commands.
    from generator.cli import intake, wordin

    try:
        folder = (
            scaffold.issue_folder(content, issue_dir)
            if issue_dir is not None
            else intake.inbox_folder(content, dt.datetime.now().replace(second=0, microsecond=0))
        )
        plans = wordin.plan_import(folder, files, unit)
        wordin.write_reports(plans)
    except scaffold.ScaffoldError as exc:
        _fail(f"错误：{exc}", EXIT_USAGE)
    except wordin.ImportRefused as exc:
        for problem in exc.problems:
            err.print(problem, style="red", markup=False)
        others = f"其余 {exc.good} 个文件也未导入，" if exc.good else ""
        _fail(f"导入未完成：{others}未写入任何文件。", EXIT_CONTENT)
    except OSError as exc:
        _fail(
            f"导入失败，未写入任何文件：{describe_os_error(exc, issue_dir or content)}。",
            EXIT_CONTENT,
        )
    for plan in plans:
        out.print(wordin.summary(plan), markup=False)
    out.print(f"共导入 {len(plans)} 个文件，请核对后运行 kanwu check 检查。", markup=False)


@main.command(context_settings=CONTEXT, options_metavar=OPTIONS)
@click.argument(
    "submission", metavar="来稿", type=click.Path(dir_okay=False, exists=True, path_type=Path)
)
@issue_option("必填：采用到哪一期（如 content/kuaibao/2026/035）。")
@content_option
def take(submission: Path, issue_dir: Path | None, content: Path) -> None:
    """采用一篇来稿：把 inbox/ 中的来稿复制为期目录中的下一条稿件，稿件的 from: 记下来稿，
    来稿本身保持原样（如 kanwu take content/inbox/2026/11/1127-01.md --issue
    content/kuaibao/2026/035）。"""
    if issue_dir is None:
        raise click.UsageError("请用 --issue 指定采用到哪一期（期目录）")
    from generator.cli import intake

    try:
        taken = intake.plan_take(content, submission, issue_dir)
        intake.write_taken(taken)
    except scaffold.ScaffoldError as exc:
        _fail(f"错误：{exc}。未写入任何文件。", EXIT_USAGE)
    except OSError as exc:
        _fail(f"采用失败，未写入任何文件：{describe_os_error(exc, issue_dir)}。", EXIT_CONTENT)
    pictures = f"，并复制了 {len(taken.files)} 个图片或附件" if taken.files else ""
    out.print(
        f"已采用 {taken.source} → {taken.path}{pictures}（编辑后运行 kanwu check 检查）。",
        markup=False,
    )


@main.command(context_settings=CONTEXT, options_metavar=OPTIONS)
@content_option
@click.option("--year", "year_", metavar="年份", type=int, default=None, help="统计一年，如 2026。")
@click.option("--month", "month_", metavar="月份", default=None, help="统计一个月，如 2026-03。")
@click.option(
    "--week", "week_", metavar="周", default=None, help="统计一周（ISO 周），如 2026-W12。"
)
@click.option(
    "--quarter",
    "quarter_",
    metavar="季度",
    default=None,
    help="季度集体评刊，如 2026-Q3：分专刊的刊发、采用、校对问题、勘误与月度最佳。",
)
@click.option("--unit", metavar="单位", default=None, help="只显示这个单位（单位标识）。")
@format_option(
    ["table", "csv", "json"],
    "table：终端表格；csv：可用 WPS/Excel 打开（UTF-8 带 BOM）；json：供其他程序读取。",
)
def stats(
    content: Path,
    year_: int | None,
    month_: str | None,
    week_: str | None,
    quarter_: str | None,
    unit: str | None,
    fmt: str,
) -> None:
    """按单位统计刊发、采用、批示、月度最佳、调研信息与积分（默认为最近一年）；
    --quarter 给出季度集体评刊。"""
    chosen = [p for p in (year_ and str(year_), month_, week_, quarter_) if p]
    if len(chosen) > 1:
        raise click.UsageError("--year、--month、--week、--quarter 只能选一个")
    if quarter_ and unit is not None:
        raise click.UsageError("季度评刊按专刊统计，不能与 --unit 同用")
    publication = _load(content, strict=False)
    try:
        period = parse_period(chosen[0]) if chosen else _latest_year(publication)
        for given, kind in ((month_, "month"), (week_, "week"), (quarter_, "quarter")):
            if given and period.kind != kind:
                raise ValueError(given)
    except ValueError:
        raise click.BadParameter(
            f"无法识别的时间「{chosen[0]}」，可写作 2026、2026-03、2026-Q3 或 2026-W12。"
        ) from None
    if period.kind == "quarter":
        click.echo(report_review(Reviews(publication).of(period), fmt), nl=fmt != "csv")
        return
    ledger = Ledger(publication)
    result = ledger.assess(period, dt.date.today())
    rows = result.rows
    if unit is not None:
        rows = tuple(r for r in rows if r.unit.id == unit)
        if not rows:
            units = [u.id for u in publication.units]
            raise click.BadParameter(f'单位 "{unit}" 不在单位名录中{did_you_mean(unit, units)}')
    yearly = period.kind == "year"
    quotas = {r.unit.id: r.quota for r in research_quotas(ledger, period)} if yearly else {}
    groups = group_quotas(ledger, period) if yearly else ()
    click.echo(report_stats(period, rows, fmt, quotas, groups), nl=fmt != "csv")


def _lock_state(content: Path) -> tuple[int, int] | None:
    """When and how big the content's ``published.lock`` is: the build
    writes it when it records something."""
    try:
        found = (content / LOCK_FILE).stat()
    except OSError:
        return None
    return found.st_mtime_ns, found.st_size


def _latest_year(publication: Publication) -> Period:
    years = [i.date.year for i in publication.issues]
    return periods.year(max(years) if years else dt.date.today().year)


def run() -> NoReturn:
    """The ``kanwu`` program: :func:`main`, then the process ends at once.

    A build holds the whole archive in memory; at ten years, letting Python
    free it object by object on the way out took 0.85 s of a 7 s daily
    publish, after the site was already in place. Everything a command leaves
    is written and closed by then (the site is published atomically, the
    caches through their own context managers), so only the output streams
    and the log handlers are flushed before the process ends."""
    try:
        main(standalone_mode=True)
        code: object = 0
    except SystemExit as exc:
        code = exc.code
    if code is not None and not isinstance(code, int):
        print(code, file=sys.stderr)
        code = 1
    logging.shutdown()
    for stream in (sys.stdout, sys.stderr):
        with contextlib.suppress(OSError, ValueError):  # a reader gone, a stream closed
            stream.flush()
    os._exit(code or 0)


@main.command(context_settings=CONTEXT, options_metavar=OPTIONS)
@click.argument("what", metavar="期目录或通报")
@format_option(["pdf", "docx"], "pdf：版式文件，用于印发、存档；docx：Word 文件，可修改后报送。")
@click.option(
    "-o",
    "--output",
    metavar="文件",
    type=click.Path(),
    default=None,
    help="写到哪个文件（或目录）；默认为当前目录下的「总刊头（专刊名）2026年第35期.pdf」。",
)
@audience_option
@content_option
def export(what: str, fmt: str, output: str | None, audience: Audience, content: Path) -> None:
    """把一期刊物或一期通报导出为 GB/T 9704 版式的公文：期目录如
    content/kuaibao/2026/035，通报写周或月，如 2026-W45、2026-10。"""
    # Imported here: the PDF and Word writers are of no use to the other commands.
    from generator.build.pdf import PdfError
    from generator.cli import export as exporting

    publication = _load(content, strict=False)
    try:
        document = exporting.document_of(publication, content, what, audience)
        done = exporting.export(document, fmt, exporting.target(document, fmt, output))
    except exporting.ExportRefused as exc:
        _fail(f"错误：{exc}。", EXIT_USAGE)
    except PdfError as exc:
        _fail(f"导出失败，未写入任何文件：{exc}", EXIT_CONTENT)
    except OSError as exc:
        _fail(
            f"导出失败，未写入任何文件：{engine_failure(exc, Path(output or '.'))}。", EXIT_CONTENT
        )
    for fallback in done.fallbacks:
        err.print(f"字体：{fallback}。", style="yellow", markup=False)
    pages = f"，共 {done.pages} 页" if done.pages else ""
    out.print(f"已导出：{done.path}{pages}", markup=False)


@main.command("schema", context_settings=CONTEXT, options_metavar=OPTIONS)
@click.argument(
    "folder",
    metavar="目录",
    required=False,
    default=".vscode/kanwu",
    type=click.Path(file_okay=False, path_type=Path),
)
def schema(folder: Path) -> None:
    """写出 journal.yml、units.yml、台账和期、稿件开头信息的 JSON Schema（默认写到
    .vscode/kanwu/），供编辑器补全和检查，用法见 README「在编辑器中检查」。"""
    try:
        folder.mkdir(parents=True, exist_ok=True)
        for name, make in SCHEMAS.items():
            text = json.dumps(make(), ensure_ascii=False, indent=2) + "\n"
            (folder / name).write_text(text, encoding="utf-8")
    except OSError as exc:
        _fail(f"错误：{describe_os_error(exc, folder)}。", EXIT_USAGE)
    out.print(f"已写出 {len(SCHEMAS)} 个 JSON Schema：{folder}", markup=False)
