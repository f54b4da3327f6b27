"""Render the timeline's pages in worker processes; write them here, in order.

Once the context is built, rendering a page only reads it, so the pages can
be rendered anywhere that has a copy: :class:`PageWriter` queues the pages
the timeline generator asks for, then forks ``TIMELINE_JOBS`` workers that
each render a run of consecutive pages at a time and send back their text.
This process writes each page through Pelican's writer in the order the
pages were asked for (``Writer.write_file``, with a template that returns
the text already rendered), so Pelican's overwrite protection and its
``content_written`` signal work as for any page, and no more than a few
runs of pages are held in memory at once. Callbacks queued with
:meth:`PageWriter.then` run as soon as every page asked for before them is
written (the search index starts on each year's entry pages so).

A page's text depends only on the context and its own values, never on
which process rendered it or when: the output is the same bytes whatever
the number of workers. With one job, on an OS that cannot fork (Windows),
or for a handful of pages, everything is rendered here, page by page.
"""

from __future__ import annotations

import logging
import multiprocessing
import os
import sys
from collections import deque
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from itertools import islice

from pelican.utils import sanitised_join

from .outputcache import OutputCache, page_context

logger = logging.getLogger(__name__)

# Pages rendered by a worker at a time: large enough that the cost of a
# round trip is small, small enough to spread the work evenly.
RUN = 16
# Below this many pages to render, forking costs more than it saves.
FEWEST = 2 * RUN
# Runs handed to the workers ahead of the one being written, per worker:
# each has one to render and one waiting, so none idles while this process
# writes, and at most this many runs' texts wait here (Pool.imap would hand
# out every run at once, holding the texts of all rendered ahead).
AHEAD = 2

# The queue being rendered, read by the forked workers (never pickled).
_QUEUE: PageWriter | None = None
# The function and runs of items of forked_map, read by its workers.
_TASK: tuple[Callable, list[list]] | None = None


def can_fork() -> bool:
    """Whether worker processes can be forked here (not on Windows)."""
    return "fork" in multiprocessing.get_all_start_methods()


def _pool(workers: int):
    """A pool of ``workers`` processes forked from this one."""
    return multiprocessing.get_context("fork").Pool(workers, initializer=_as_deep_as_here)


def _as_deep_as_here() -> None:
    """In a new worker: as much room for recursion as a process of its own.

    A forked worker runs inside the stack of the process that forked it (a
    build's, inside Pelican, inside pytest...); without this, a narrative
    Markdown can just render here could overflow Python's recursion limit
    there.
    """
    depth, frame = 0, sys._getframe()
    while frame is not None:
        depth, frame = depth + 1, frame.f_back
    sys.setrecursionlimit(sys.getrecursionlimit() + depth)


def bounded_imap(pool, func: Callable, args: list, window: int) -> Iterator:
    """``pool.imap(func, args)``, with at most ``window`` calls handed out and not yet taken.

    The results come in the order of ``args``; the next call is handed out
    as each result is taken, so results the caller has not taken yet never
    pile up.
    """
    todo = iter(args)
    pending = deque(pool.apply_async(func, (arg,)) for arg in islice(todo, window))
    while pending:
        result = pending.popleft().get()
        pending.extend(pool.apply_async(func, (arg,)) for arg in islice(todo, 1))
        yield result


def forked_map(func: Callable, items: list, jobs: int) -> Iterator:
    """``func`` over ``items``, in order, in up to ``jobs`` forked workers.

    Each worker takes a run of consecutive items at a time; ``func`` is not
    pickled (the workers are forked with it), only the items' results. With
    one job, without fork or for a handful of items, it runs here.
    """
    global _TASK
    workers = min(jobs, -(-len(items) // RUN))
    if len(items) < FEWEST or workers < 2 or not can_fork():
        yield from map(func, items)
        return
    runs = [items[start:start + RUN] for start in range(0, len(items), RUN)]
    _TASK = (func, runs)
    try:
        with _pool(workers) as pool:
            for results in bounded_imap(pool, _map_run, range(len(runs)), AHEAD * workers):
                yield from results
    finally:
        _TASK = None


@dataclass
class Page:
    """A page to render: what ``Writer.write_file`` would be given."""

    save_as: str
    template: object
    url: str
    key: str | None
    rendering: Callable[[], dict] | None
    values: dict


class Rendered:
    """A stand-in template for ``Writer.write_file``: text rendered already."""

    def __init__(self, text: str):
        self.text = text

    def render(self, context: dict) -> str:
        return self.text


@dataclass
class PageWriter:
    """The timeline's pages for one build: written at once with one job,
    queued and rendered by ``jobs`` workers at :meth:`flush` otherwise."""

    writer: object
    context: dict
    relative_urls: bool
    outputs: OutputCache
    jobs: int
    pages: list[Page] = field(default_factory=list)
    # Callbacks by the number of pages to write before them.
    callbacks: list[tuple[int, Callable[[], None]]] = field(default_factory=list)
    beside: Callable[[], object] | None = None

    def __post_init__(self):
        if self.jobs > 1 and not can_fork():
            self.jobs = 1

    def write(self, save_as: str, template, url: str, own=None, rendering=None,
              **values) -> None:
        """Write the page ``save_as``, now or at :meth:`flush` (see
        :meth:`.OutputCache.write_page` for ``own`` and ``rendering``)."""
        if self.jobs == 1:
            self.outputs.write_page(self.writer, save_as, template, self.context,
                                    self.relative_urls, url, own=own, rendering=rendering,
                                    **values)
            return
        key = self.outputs.skip(self.writer, save_as, template, self.context,
                                self.relative_urls, own, **values)
        if key is not OutputCache.SKIPPED:
            self.pages.append(Page(save_as, template, url, key, rendering, values))

    def then(self, callback: Callable[[], None]) -> None:
        """Call ``callback`` once every page asked for so far is written."""
        if self.pages:
            self.callbacks.append((len(self.pages), callback))
        else:
            callback()

    def flush(self, beside: Callable[[], object] | None = None) -> object:
        """Render and write the queued pages; return what ``beside`` returns.

        ``beside`` (the exports, say) runs in a worker alongside the pages;
        it must not write through Pelican's writer, and what it returns is
        sent back to this process.
        """
        global _QUEUE
        workers = min(self.jobs, -(-len(self.pages) // RUN))
        if len(self.pages) < FEWEST or workers < 2:
            self._write_run(0, [self._render(page) for page in self.pages])
            result = beside() if beside is not None else None
        else:
            runs = [(start, min(start + RUN, len(self.pages)))
                    for start in range(0, len(self.pages), RUN)]
            # The workers are forked with the queue and ``beside``: neither
            # is pickled, only the pages' texts and what ``beside`` returns.
            _QUEUE, self.beside = self, beside
            try:
                with _pool(workers) as pool:
                    aside = pool.apply_async(_run_beside) if beside is not None else None
                    texts_of_runs = bounded_imap(pool, _render_run, runs, AHEAD * workers)
                    for start, texts in zip((s for s, _ in runs), texts_of_runs, strict=True):
                        self._write_run(start, texts)
                    result = aside.get() if aside is not None else None
            finally:
                _QUEUE = None
        self.pages, self.beside = [], None
        return result

    def _render(self, page: Page) -> str:
        """A queued page's text, rendered as ``Writer.write_file`` would."""
        values = dict(page.values)
        if page.rendering is not None:
            values.update(page.rendering())
        local = page_context(self.context, page.save_as, self.relative_urls, values)
        return page.template.render(local)

    def _write_run(self, start: int, texts: list[str]) -> None:
        """Write the pages from ``start`` on, then the callbacks they complete."""
        for offset, text in enumerate(texts):
            page = self.pages[start + offset]
            self.writer.write_file(page.save_as, Rendered(text), self.context,
                                   relative_urls=self.relative_urls, url=page.url,
                                   **page.values)
            self.outputs.written(page.save_as, page.key)
            page.values = {}  # let go of what only this page needed
            while self.callbacks and self.callbacks[0][0] <= start + offset + 1:
                self.callbacks.pop(0)[1]()
        if start + len(texts) >= len(self.pages):
            while self.callbacks:
                self.callbacks.pop(0)[1]()


def _render_run(bounds: tuple[int, int]) -> list[str]:
    """In a worker: the texts of the queued pages from ``bounds[0]`` to ``bounds[1]``.

    Each page's folder is made here too, so that making the folders (one
    per page with Pelican's default addresses: the slowest system call of
    a build) is not left to the process that writes the pages.
    """
    queue = _QUEUE
    texts = []
    for page in queue.pages[bounds[0]:bounds[1]]:
        texts.append(queue._render(page))
        path = sanitised_join(queue.writer.output_path, page.save_as)
        os.makedirs(os.path.dirname(path), exist_ok=True)
    return texts


def _map_run(index: int) -> list:
    """In a worker: ``func`` over the run ``index`` of :func:`forked_map`'s items."""
    func, runs = _TASK
    return [func(item) for item in runs[index]]


def _run_beside() -> object:
    """In a worker: what the queue's ``beside`` callable returns."""
    return _QUEUE.beside()
