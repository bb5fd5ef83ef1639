"""The ``infobox-tools`` command: a thin layer over :mod:`infobox_tools.api`,
:mod:`infobox_tools.writers` and :mod:`infobox_tools.batch`.

Heavy modules (lxml, mwparserfromhell, the batch runner) are imported inside the
commands that need them, so ``convert`` of one pipe-text file starts fast.

Exit codes (also in the README): 0 done; 1 batch finished but some pages failed;
2 bad options; 3 input unreadable; 4 nothing could be converted; 5 output unwritable;
130 interrupted.
"""

from __future__ import annotations

import atexit
import gc
import os
import sys
from typing import IO, Any, NoReturn

import click

from infobox_tools import __version__
from infobox_tools.errors import EXIT_INTERRUPTED, EXIT_PARSE, InfoboxToolsError

CONVERT_EXAMPLES = """
\b
Examples:
  infobox-tools convert fixtures/invasion_of_south_sakhalin.txt
  infobox-tools convert page.wiki --from wikitext --to tei -o page.tei.xml
  infobox-tools convert article.html --to csv --csv-shape wide
  cat page.txt | infobox-tools convert - --to csv
"""

BATCH_EXAMPLES = """
\b
Examples:
  infobox-tools batch enwiki-pages-articles-multistream.xml.bz2 -o out/ --jobs 2
  infobox-tools batch dump.xml.bz2 -o out/ --to tei --resume
  infobox-tools batch 'pages/*.txt' -o out/ --to csv --csv-shape wide
  infobox-tools batch dump.xml.bz2 -o out/ --engine dask --scheduler tcp://10.0.0.1:8786
"""


def _fail(exc: InfoboxToolsError) -> NoReturn:
    click.echo(f"infobox-tools: error: {exc}", err=True)
    sys.exit(exc.exit_code)


def _internal(exc: BaseException, where: str) -> NoReturn:
    if os.environ.get("INFOBOX_TOOLS_DEBUG"):
        raise exc
    click.echo(f"infobox-tools: error: {where}: internal error: {type(exc).__name__}: {exc} "
               "(set INFOBOX_TOOLS_DEBUG=1 for a traceback)", err=True)
    sys.exit(EXIT_PARSE)


@click.group(context_settings={"help_option_names": ["-h", "--help"], "max_content_width": 100})
@click.version_option(__version__, prog_name="infobox-tools")
def main() -> None:
    """Turn encyclopedia articles into clean, typed, citable infobox records.

    Reads pipe-table text, wikitext, rendered HTML and MediaWiki dumps; writes JSON,
    CSV and TEI-XML.  Run 'infobox-tools COMMAND --help' for each command.
    """


@main.command(epilog=CONVERT_EXAMPLES)
@click.argument("file", type=click.Path(dir_okay=True, allow_dash=True, path_type=str))
@click.option("--from", "form", type=click.Choice(["auto", "pipetext", "wikitext", "html"]), default="auto",
              show_default=True, help="Input form; auto detects it from the extension and content.")
@click.option("--to", "to", type=click.Choice(["json", "csv", "tei"]), default="json", show_default=True,
              help="Output format.")
@click.option("--csv-shape", type=click.Choice(["long", "wide"]), default="long", show_default=True,
              help="CSV: one row per value (long) or one row per article (wide).")
@click.option("--csv-safe", is_flag=True, help="CSV: neutralise cells starting with = + - @ for spreadsheets.")
@click.option("--lang", default=None,
              help="Article language (number formats, labels); default from the input, else en.")
@click.option("--title", default=None, help="Article title, when the input does not say it.")
@click.option("-o", "--output", type=click.Path(dir_okay=False, allow_dash=True, path_type=str), default="-",
              show_default=True, help="Output file; '-' is standard output.")
def convert(file: str, form: str, to: str, csv_shape: str, csv_safe: bool, lang: str | None,
            title: str | None, output: str) -> None:
    """Convert one article FILE ('-' for standard input) to JSON, CSV or TEI."""
    from infobox_tools import api
    from infobox_tools.record import Source

    try:
        if file == "-":
            text = api.decode(sys.stdin.buffer.read(), "<stdin>")
            record = api.parse(text, form=form, title=title, lang=lang, source=Source(file="<stdin>"))
        else:
            record = api.parse_file(file, form=form, lang=lang, title=title)
        for warning in record.warnings:
            click.echo(f"infobox-tools: warning: {record.source.file or file}: {warning}", err=True)
        _write_one(record, to, csv_shape, csv_safe, output)
    except InfoboxToolsError as exc:
        _fail(exc)
    except KeyboardInterrupt:
        sys.exit(EXIT_INTERRUPTED)
    except BrokenPipeError:
        _quiet_broken_pipe()
    except Exception as exc:  # noqa: BLE001 - one line, not a traceback
        _internal(exc, file)


def _quiet_broken_pipe() -> NoReturn:
    """The reader of our output went away (``| head``): stop quietly, as Unix tools do."""
    devnull = os.open(os.devnull, os.O_WRONLY)
    os.dup2(devnull, sys.stdout.fileno())
    sys.exit(0)


def _write_one(record: Any, to: str, csv_shape: str, csv_safe: bool, output: str) -> None:
    out: str | IO[Any]
    if to == "json":
        from infobox_tools.writers.json import write_json

        out = sys.stdout if output == "-" else output
        write_json(record, out)
    elif to == "csv":
        from infobox_tools.writers.csv import write_csv

        out = sys.stdout if output == "-" else output
        write_csv([record], out, shape=csv_shape, safe=csv_safe)
    else:
        from infobox_tools.writers.tei import write_tei

        out = sys.stdout.buffer if output == "-" else output
        write_tei(record, out)


@main.command(epilog=BATCH_EXAMPLES)
@click.argument("sources", nargs=-1, required=True)
@click.option("-o", "--output", "out", required=True, type=click.Path(file_okay=False, path_type=str),
              help="Output folder (created if missing).")
@click.option("--to", "to", type=click.Choice(["jsonl", "csv", "tei", "tei-corpus"]), default="jsonl",
              show_default=True, help="JSON Lines, CSV, one TEI file per article, or one teiCorpus.")
@click.option("--csv-shape", type=click.Choice(["long", "wide"]), default="long", show_default=True)
@click.option("--csv-safe", is_flag=True, help="CSV: neutralise cells starting with = + - @.")
@click.option("--from", "form", type=click.Choice(["auto", "pipetext", "wikitext", "html"]), default="auto",
              show_default=True, help="Form of single files and records; dumps are wikitext.")
@click.option("-j", "--jobs", type=click.IntRange(min=1), default=None,
              help="Worker processes [default: number of cores].")
@click.option("--engine", type=click.Choice(["local", "dask"]), default="local", show_default=True,
              help="local processes, or a dask.distributed cluster (pip install 'infobox-tools[dask]').")
@click.option("--scheduler", default=None, help="Dask scheduler address; a LocalCluster when not given.")
@click.option("--namespaces", default="0", show_default=True,
              help="Comma-separated namespace numbers to convert from dumps, or 'all'.")
@click.option("--skip-redirects", is_flag=True, help="Skip redirect pages instead of writing redirect records.")
@click.option("--resume", is_flag=True, help="Continue an interrupted run in the same output folder.")
@click.option("--page-timeout", type=click.FloatRange(min=0), default=60.0, show_default=True,
              help="Seconds one page may take before it is failed; 0 for no limit.")
@click.option("--max-memory", type=click.IntRange(min=0), default=2048, show_default=True, metavar="MB",
              help="Memory (address space) one worker process may use before its page is failed; "
                   "0 for no limit (worker processes of the local engine).")
@click.option("--lang", default=None, help="Article language when the source does not say it.")
@click.option("-q", "--quiet", is_flag=True, help="No progress bar and no summary.")
@click.option("-v", "--verbose", is_flag=True, help="Log every page.")
def batch(sources: tuple[str, ...], out: str, to: str, csv_shape: str, csv_safe: bool, form: str,
          jobs: int | None,
          engine: str, scheduler: str | None, namespaces: str, skip_redirects: bool, resume: bool,
          page_timeout: float, max_memory: int, lang: str | None, quiet: bool, verbose: bool) -> None:
    """Convert dumps (.xml, .bz2, .gz, multistream), folders, globs and JSON Lines SOURCES
    into OUTPUT: every page is written, skipped (with why) or failed (with why) in
    errors.jsonl and summary.json."""
    from infobox_tools import batch as batch_mod
    from infobox_tools.errors import EXIT_OK, EXIT_PAGES_FAILED

    ns: tuple[int, ...] | None = None
    if namespaces.strip().lower() != "all":
        try:
            ns = tuple(int(n) for n in namespaces.split(",") if n.strip())
        except ValueError:
            raise click.BadParameter("namespaces are numbers, e.g. 0,14, or 'all'",
                                     param_hint="--namespaces") from None
    try:
        summary = batch_mod.convert(
            list(sources), out, to=to, csv_shape=csv_shape, csv_safe=csv_safe, form=form, jobs=jobs, engine=engine,
            scheduler=scheduler, namespaces=ns, skip_redirects=skip_redirects, resume=resume,
            page_timeout=page_timeout, progress=None if not quiet else False, verbose=verbose, lang=lang,
            max_memory=max_memory)
    except InfoboxToolsError as exc:
        _fail(exc)
    except KeyboardInterrupt:
        click.echo("infobox-tools: interrupted; run again with --resume to continue", err=True)
        sys.exit(EXIT_INTERRUPTED)
    if not quiet:
        click.echo(summary.text(), err=True)
    sys.exit(EXIT_PAGES_FAILED if summary.failed else EXIT_OK)


def run() -> None:
    """The ``infobox-tools`` console script and ``python -m infobox_tools``: :func:`main`,
    then exit without the interpreter's last full garbage collection, which walks every
    object the run created (compiled patterns, the mapping registry, parser tables): ~20 ms
    of a 0.14 s ``convert``, for memory the OS takes back anyway.  Only here, in a process
    of our own: in a caller's process (``main(standalone_mode=False)``, click's test
    runner) objects in reference cycles keep being finalised at exit."""
    atexit.register(gc.freeze)
    main()
