"""What LibreOffice executes for one conversion, counted by callgrind: instructions of soffice.bin
from load to close, per document and variant. Unlike time, the count is the same on a quiet and on
a busy machine (the same binary, document and settings give the same count to within 0.1 %), so
it shows what a change to the documents or to LibreOffice's settings saves.

  npm run cli -- render fixtures/bilag2.json --docx -o /tmp/b2.docx
  npx tsx -e "import { seedWorkerProfile } from './src/conversion/pool/office-profile.ts'; seedWorkerProfile('/tmp/worker-profile')"
  /usr/bin/python3 bench/libreoffice-instructions.py /tmp/b2.docx [--xcu /tmp/worker-profile/user/registrymodifications.xcu]
      [--runs 2] [--export Key=Value ...] [--no-close] [--annotate N] [--keep FILE]

Starts one soffice.bin under `valgrind --tool=callgrind` (about a minute), converts each document
as the pool does (same load properties, PDF/A-2b, tagged) once unmeasured and then --runs times
measured, and prints the instructions per conversion. --xcu starts LibreOffice on a profile seeded
with that registrymodifications.xcu (the pool's: see above); --annotate N prints the N functions
with the most inclusive instructions of the last document; --keep FILE keeps its callgrind dump
(for `callgrind_annotate --tree=caller FILE`: who calls what). A conversion takes 5-20 s under valgrind.
Needs Debian's /usr/bin/python3 (the one with `uno`) and valgrind.
"""
import argparse
import glob
import os
import shutil
import subprocess
import sys
import tempfile
import time

import uno

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "lib"))
from office_uno import EXPORT, load_for, option, props, start_office, stop_office, store_pdf  # noqa: E402


def convert(desktop, docx, pdf, export, close):
    doc = desktop.loadComponentFromURL(uno.systemPathToFileUrl(docx), "_blank", 0, props(load_for(docx)))
    store_pdf(doc, pdf, export)
    if close:
        doc.close(True)


def callgrind(pid, *args):
    subprocess.run(["callgrind_control", *args, str(pid)], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=False)


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("docx", nargs="+")
    parser.add_argument("--runs", type=int, default=2)
    parser.add_argument("--xcu", help="a registrymodifications.xcu to start the profile with")
    parser.add_argument("--export", action="append", default=[], type=option, help="an export option Key=Value")
    parser.add_argument("--no-close", action="store_true", help="leave the close out (the pool answers before it)")
    parser.add_argument("--annotate", type=int, default=0, help="print the N costliest functions of the last document")
    parser.add_argument("--keep", help="copy the last document's callgrind dump to this file")
    opts = parser.parse_args()
    export = dict(EXPORT, **dict(opts.export))
    work = tempfile.mkdtemp(prefix="libreoffice-instructions-")
    office = None
    try:
        wrapper = ("valgrind", "--tool=callgrind", "--instr-atstart=no", "--callgrind-out-file=" + os.path.join(work, "cg.%p"))
        office, desktop = start_office(os.path.join(work, "profile"), "instructions_%d" % os.getpid(), xcu=opts.xcu, wrapper=wrapper, timeout_s=600)
        print("%-40s %14s" % ("document", "M instr./conv."), flush=True)
        for docx in opts.docx:
            pdf = os.path.join(work, "out.pdf")
            convert(desktop, os.path.abspath(docx), pdf, export, not opts.no_close)  # warm: fonts, filters
            callgrind(office.pid, "-z")
            callgrind(office.pid, "-i", "on")
            for _ in range(opts.runs):
                convert(desktop, os.path.abspath(docx), pdf, export, not opts.no_close)
            callgrind(office.pid, "-i", "off")
            callgrind(office.pid, "-d", os.path.basename(docx))
            time.sleep(1)
            dump = max(glob.glob(os.path.join(work, "cg.*.*")), key=os.path.getmtime)
            with open(dump) as f:  # the last of its summary and totals lines holds the count
                total = [int(line.split()[1]) for line in f if line.startswith(("totals:", "summary:"))][-1]
            print("%-40s %14.1f" % (os.path.basename(docx)[:40], total / opts.runs / 1e6), flush=True)
        if opts.annotate:
            out = subprocess.run(["callgrind_annotate", "--inclusive=yes", dump], capture_output=True, text=True).stdout
            rows = [line for line in out.splitlines() if "%)" in line and "0x0000" not in line]
            print("\n".join(line[:160] for line in rows[: opts.annotate]))
        if opts.keep:
            shutil.copyfile(dump, opts.keep)
    finally:
        stop_office(office, work)


if __name__ == "__main__":
    main()
