"""Where LibreOffice spends a conversion: load, layout, PDF export and close, per document.

  npm run cli -- render fixtures/bilag2.json --docx -o /tmp/b2.docx
  /usr/bin/python3 bench/libreoffice-phases.py /tmp/b2.docx [more.docx|.odt ...] [--runs N]
      [--preload /usr/lib/x86_64-linux-gnu/libjemalloc.so.2] [--export Key=Value ...] [--load Key=Value ...] [--any-filter] [--xcu FILE]

Starts a private soffice.bin (own profile in a temp dir), converts each document as the
pool does (same load properties, PDF/A-2b, tagged), and prints per phase the median wall
time and the mean CPU time of soffice.bin (from /proc/<pid>/stat, in clock ticks, so the mean of
many runs) over the runs after two warm-ups. CPU time holds on a busy machine; wall time wants a quiet one.
--export overrides one PDF export option (e.g. UseTaggedPDF=false) to see what it costs, --load
one load property;
each document loads with its format's import filter, as the pool names it (an .odt with LibreOffice's
own, as the pool converts a template's ODT form); --any-filter lets LibreOffice detect the format
instead; --xcu starts the
profile with the pool's settings (see bench/libreoffice-instructions.py for how to write them).
Needs Debian's /usr/bin/python3 (the one with `uno`).
"""
import argparse
import os
import statistics
import sys
import tempfile
import time

import uno

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "lib"))
from office_uno import EXPORT, load_for, option, props, start_office, stop_office, store_pdf  # noqa: E402


TICKS = os.sysconf("SC_CLK_TCK")


def cpu_s(pid):
    """CPU time of the process so far (user + system, its ended threads included), in seconds."""
    with open("/proc/%d/stat" % pid) as f:
        fields = f.read().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / TICKS


def phases(desktop, pid, docx, pdf, load, export):
    """Wall and CPU seconds of load, layout, export and close."""
    marks = [(time.perf_counter(), cpu_s(pid))]
    doc = desktop.loadComponentFromURL(uno.systemPathToFileUrl(docx), "_blank", 0, props(load))
    marks.append((time.perf_counter(), cpu_s(pid)))
    doc.CurrentController.PageCount  # forces the layout
    marks.append((time.perf_counter(), cpu_s(pid)))
    store_pdf(doc, pdf, export)
    marks.append((time.perf_counter(), cpu_s(pid)))
    doc.close(True)
    marks.append((time.perf_counter(), cpu_s(pid)))
    wall = [b[0] - a[0] for a, b in zip(marks, marks[1:])]
    cpu = [b[1] - a[1] for a, b in zip(marks, marks[1:])]
    return wall, cpu


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("docx", nargs="+")
    parser.add_argument("--runs", type=int, default=20)
    parser.add_argument("--preload", help="a shared library to preload into soffice.bin (an allocator)")
    parser.add_argument("--export", action="append", default=[], type=option, help="an export option Key=Value")
    parser.add_argument("--load", action="append", default=[], type=option, help="a load property Key=Value")
    parser.add_argument("--xcu", help="a registrymodifications.xcu to start the profile with (as the pool does)")
    parser.add_argument("--any-filter", action="store_true", help="let LibreOffice detect the format")
    opts = parser.parse_args()
    export = dict(EXPORT, **dict(opts.export))
    def load_of(path):
        return {k: v for k, v in load_for(path, dict(opts.load)).items() if not (opts.any_filter and k == "FilterName")}

    work = tempfile.mkdtemp(prefix="libreoffice-phases-")
    office = None
    try:
        office, desktop = start_office(os.path.join(work, "profile"), "phases_%d" % os.getpid(), xcu=opts.xcu,
                                       env=dict(os.environ, LD_PRELOAD=opts.preload) if opts.preload else None)
        if opts.export or opts.load:
            print("options changed: %s" % ", ".join("%s=%s" % kv for kv in opts.export + opts.load))
        print("%-32s %-4s %8s %8s %8s %8s %8s" % ("document", "ms", "load", "layout", "export", "close", "total"))
        for docx in opts.docx:
            runs = [phases(desktop, office.pid, os.path.abspath(docx), os.path.join(work, "out.pdf"), load_of(docx), export)
                    for _ in range(opts.runs + 2)][2:]
            wall = [statistics.median(r[0][i] for r in runs) * 1000 for i in range(4)]
            cpu = [statistics.mean(r[1][i] for r in runs) * 1000 for i in range(4)]
            name = os.path.basename(docx)[:32]
            print("%-32s %-4s %8.1f %8.1f %8.1f %8.1f %8.1f" % (name, "wall", *wall, sum(wall)))
            print("%-32s %-4s %8.1f %8.1f %8.1f %8.1f %8.1f" % ("", "cpu", *cpu, sum(cpu)))
    finally:
        stop_office(office, work)


if __name__ == "__main__":
    main()
