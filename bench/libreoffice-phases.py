"""Where LibreOffice spends a conversion: load, layout, PDF export and close, per document.

  npm run cli -- render fixtures/bilag2.json --docx -o /tmp/b2.docx
  /usr/bin/python3 bench/libreoffice-phases.py /tmp/b2.docx [more.docx ...] [--preload /usr/lib/x86_64-linux-gnu/libjemalloc.so.2]

Starts a private soffice.bin (own profile in a temp dir), converts each document as the
pool does (same load properties, PDF/A-2b, tagged), and prints the median of each phase
over the runs after two warm-ups. Run it on a quiet machine: it measures, it does not test.
Needs Debian's /usr/bin/python3 (the one with `uno`).
"""
import argparse
import os
import shutil
import signal
import statistics
import subprocess
import tempfile
import time

import uno
from com.sun.star.beans import PropertyValue
from com.sun.star.connection import NoConnectException

SOFFICE_BIN = "/usr/lib/libreoffice/program/soffice.bin"
LOAD = {"Hidden": True, "ReadOnly": True, "MacroExecutionMode": 0, "UpdateDocMode": 0, "FilterName": "MS Word 2007 XML"}
EXPORT = {"SelectPdfVersion": 2, "UseTaggedPDF": True, "ExportBookmarks": True, "ExportNotes": False}


def props(values):
    return tuple(PropertyValue(Name=k, Value=v) for k, v in values.items())


def start_office(profile, pipe, preload):
    args = [SOFFICE_BIN, "-env:UserInstallation=" + uno.systemPathToFileUrl(profile), "--headless", "--invisible",
            "--nologo", "--norestore", "--nodefault", "--nolockcheck", "--accept=pipe,name=%s;urp;" % pipe]
    env = dict(os.environ, LD_PRELOAD=preload) if preload else dict(os.environ)
    start = lambda: subprocess.Popen(args, env=env, start_new_session=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    office = start()
    local = uno.getComponentContext()
    resolver = local.ServiceManager.createInstanceWithContext("com.sun.star.bridge.UnoUrlResolver", local)
    deadline = time.monotonic() + 60
    while True:
        if office.poll() == 81:  # a fresh profile's first start ends so; start again
            office = start()
        try:
            ctx = resolver.resolve("uno:pipe,name=%s;urp;StarOffice.ComponentContext" % pipe)
            return office, ctx.ServiceManager.createInstanceWithContext("com.sun.star.frame.Desktop", ctx)
        except NoConnectException:
            if time.monotonic() > deadline:
                raise
            time.sleep(0.1)


def phases(desktop, docx, pdf):
    t0 = time.perf_counter()
    doc = desktop.loadComponentFromURL(uno.systemPathToFileUrl(docx), "_blank", 0, props(LOAD))
    t1 = time.perf_counter()
    doc.CurrentController.PageCount  # forces the layout
    t2 = time.perf_counter()
    filter_data = uno.Any("[]com.sun.star.beans.PropertyValue", props(EXPORT))
    store = (PropertyValue(Name="FilterName", Value="writer_pdf_Export"), PropertyValue(Name="FilterData", Value=filter_data))
    uno.invoke(doc, "storeToURL", (uno.systemPathToFileUrl(pdf), store))
    t3 = time.perf_counter()
    doc.close(True)
    t4 = time.perf_counter()
    return [t1 - t0, t2 - t1, t3 - t2, t4 - t3]


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("docx", nargs="+")
    parser.add_argument("--runs", type=int, default=20)
    parser.add_argument("--preload", help="a shared library to preload into soffice.bin (an allocator)")
    opts = parser.parse_args()
    work = tempfile.mkdtemp(prefix="libreoffice-phases-")
    office = None
    try:
        office, desktop = start_office(os.path.join(work, "profile"), "phases_%d" % os.getpid(), opts.preload)
        print("%-40s %8s %8s %8s %8s %8s" % ("document (median ms)", "load", "layout", "export", "close", "total"))
        for docx in opts.docx:
            runs = [phases(desktop, os.path.abspath(docx), os.path.join(work, "out.pdf")) for _ in range(opts.runs + 2)][2:]
            med = [statistics.median(r[i] for r in runs) * 1000 for i in range(4)]
            print("%-40s %8.1f %8.1f %8.1f %8.1f %8.1f" % (os.path.basename(docx)[:40], *med, sum(med)))
    finally:
        if office is not None:
            os.killpg(office.pid, signal.SIGKILL)
            office.wait()
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
