"""LibreOffice's real CPU time per conversion for variants of its profile or load properties, side by
side: one soffice.bin per variant, all started alike (jemalloc, as the pool runs them), converting the
same document in turns (the order rotates each round), so that a slow spell of the machine falls on
all of them. CPU is the sum over all of soffice.bin's threads (/proc/<pid>/task/*/schedstat), from the
load to half a second after the close, so that work LibreOffice's timers do after our calls counts too.

  /usr/bin/python3 bench/libreoffice-cpu.py /tmp/b2.docx --runs 30 \\
      --variant pool=/tmp/worker-profile/user/registrymodifications.xcu --variant fresh= \\
      [--variant "viewonly=/tmp/worker-profile/user/registrymodifications.xcu;ViewOnly=true"]

A variant is NAME=XCU (empty: a fresh profile, as Carbone starts LibreOffice), optionally followed
by ;Key=Value load properties added to the pool's, ;env:NAME=VALUE variables for that office
(e.g. "thp=XCU;env:MALLOC_CONF=thp:always" for jemalloc's settings) and ;doc:PATH, another document
for that variant (the same content in another format, e.g. "odt=XCU;doc:/tmp/b2.odt": each document
loads with its format's import filter, as the pool names it). Why this beside libreoffice-instructions.py:
under callgrind a conversion takes seconds instead of a tenth of one, so timers that at full speed
are not yet due when the document is closed (building the menu bar, counting words for the status
bar) come due during the conversion and are counted (the likely reason its counts overstate what the
pool's profile saves); what such a timer costs at full speed only this shows. It prints the median
and quartiles per variant and checks that every variant's PDF has the same text.
Needs Debian's /usr/bin/python3 (the one with `uno`) and a quiet machine.
"""
import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time

import uno

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "lib"))
from office_uno import EXPORT, load_for, option, props, start_office, stop_office, store_pdf  # noqa: E402

JEMALLOC = "/usr/lib/x86_64-linux-gnu/libjemalloc.so.2"
WARM_UP = 3
SETTLE_S = 0.5


def cpu_ms(pid):
    total = 0
    for task in os.listdir("/proc/%d/task" % pid):
        try:
            with open("/proc/%d/task/%s/schedstat" % (pid, task)) as f:
                total += int(f.read().split()[0])
        except OSError:
            pass  # a thread that ended between listing and reading
    return total / 1e6


def parse_variant(text):
    """NAME=XCU[;Key=Value...][;env:NAME=VALUE...][;doc:PATH]: load properties, variables for that
    office, and its own document (None: the command line's)."""
    name, _, rest = text.partition("=")
    xcu, *items = rest.split(";")
    load = dict(option(kv) for kv in items if kv and not kv.startswith(("env:", "doc:")))
    env = dict(kv[4:].split("=", 1) for kv in items if kv.startswith("env:"))
    docs = [kv[4:] for kv in items if kv.startswith("doc:")]
    return name, (xcu or None), load, env, (docs[-1] if docs else None)


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("docx")
    parser.add_argument("--runs", type=int, default=30)
    parser.add_argument("--variant", action="append", required=True, help="NAME=XCU[;Key=Value...]")
    opts = parser.parse_args()
    docx = uno.systemPathToFileUrl(os.path.abspath(opts.docx))
    env = dict(os.environ, LD_PRELOAD=JEMALLOC) if os.path.exists(JEMALLOC) else None
    offices = []
    try:
        for name, xcu, load, extra_env, doc in map(parse_variant, opts.variant):
            work = tempfile.mkdtemp(prefix="libreoffice-cpu-")
            office_env = dict(env or os.environ, **extra_env)
            office, desktop = start_office(os.path.join(work, "profile"), "cpu_%s_%d" % (name, os.getpid()), xcu=xcu, env=office_env)
            offices.append({"name": name, "work": work, "office": office, "desktop": desktop, "load": load_for(doc or docx, load), "cpu": [],
                            "doc": uno.systemPathToFileUrl(os.path.abspath(doc)) if doc else docx})
        for i in range(WARM_UP + opts.runs):
            shift = i % len(offices)
            for o in offices[shift:] + offices[:shift]:
                before = cpu_ms(o["office"].pid)
                doc = o["desktop"].loadComponentFromURL(o["doc"], "_blank", 0, props(o["load"]))
                store_pdf(doc, os.path.join(o["work"], "out.pdf"), EXPORT)
                doc.close(True)
                time.sleep(SETTLE_S)
                if i >= WARM_UP:
                    o["cpu"].append(cpu_ms(o["office"].pid) - before)
        texts = set()
        print("%-12s %s" % ("variant", "CPU ms per conversion: median (quartiles)"))
        for o in offices:
            q1, _, q3 = statistics.quantiles(o["cpu"], n=4)
            print("%-12s %.1f (%.1f-%.1f), n=%d" % (o["name"], statistics.median(o["cpu"]), q1, q3, len(o["cpu"])))
            texts.add(subprocess.run(["pdftotext", "-layout", os.path.join(o["work"], "out.pdf"), "-"], capture_output=True, text=True).stdout)
        print("PDF text: %s" % ("the same for every variant" if len(texts) == 1 else "DIFFERS between variants"))
    finally:
        for o in offices:
            stop_office(o["office"], o["work"])


if __name__ == "__main__":
    main()
