"""What LibreOffice executes for one conversion, counted by callgrind: instructions of soffice.bin
from load to close, per document and variant. Unlike time, the count is the same on a quiet and on
a busy machine (the same binary, document and settings give the same count to within 0.1 %), so
it shows what a change to the documents or to LibreOffice's settings saves.

  npm run cli -- render fixtures/bilag2.json --docx -o /tmp/b2.docx
  npx tsx -e "import { seedWorkerProfile } from './src/conversion/pool/office-profile.ts'; seedWorkerProfile('/tmp/worker-profile')"
  /usr/bin/python3 bench/libreoffice-instructions.py /tmp/b2.docx [--xcu /tmp/worker-profile/user/registrymodifications.xcu]
      [--runs 2] [--export Key=Value ...] [--no-close] [--annotate N]

Starts one soffice.bin under `valgrind --tool=callgrind` (about a minute), converts each document
as the pool does (same load properties, PDF/A-2b, tagged) once unmeasured and then --runs times
measured, and prints the instructions per conversion. --xcu starts LibreOffice on a profile seeded
with that registrymodifications.xcu (the pool's: see above); --annotate N prints the N functions
with the most inclusive instructions of the last document. A conversion takes 5-20 s under valgrind.
Needs Debian's /usr/bin/python3 (the one with `uno`) and valgrind.
"""
import argparse
import glob
import os
import shutil
import signal
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


def option(text):
    key, _, value = text.partition("=")
    if value in ("true", "false"):
        return key, value == "true"
    try:
        return key, int(value)
    except ValueError:
        return key, value


def start_office(work, xcu):
    profile = os.path.join(work, "profile")
    if xcu:
        os.makedirs(os.path.join(profile, "user"))
        shutil.copy(xcu, os.path.join(profile, "user", "registrymodifications.xcu"))
    pipe = "instructions_%d" % os.getpid()
    args = ["valgrind", "--tool=callgrind", "--instr-atstart=no", "--callgrind-out-file=" + os.path.join(work, "cg.%p"),
            SOFFICE_BIN, "-env:UserInstallation=" + uno.systemPathToFileUrl(profile), "--headless", "--invisible",
            "--nologo", "--norestore", "--nodefault", "--nolockcheck", "--accept=pipe,name=%s;urp;" % pipe]
    start = lambda: subprocess.Popen(args, start_new_session=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    office = start()
    local = uno.getComponentContext()
    resolver = local.ServiceManager.createInstanceWithContext("com.sun.star.bridge.UnoUrlResolver", local)
    deadline = time.monotonic() + 600
    while True:
        if office.poll() is not None:  # a fresh profile's first start ends with code 81: start again
            office = start()
        try:
            ctx = resolver.resolve("uno:pipe,name=%s;urp;StarOffice.ComponentContext" % pipe)
            return office, ctx.ServiceManager.createInstanceWithContext("com.sun.star.frame.Desktop", ctx)
        except NoConnectException:
            if time.monotonic() > deadline:
                raise
            time.sleep(1)


def convert(desktop, docx, pdf, export, close):
    doc = desktop.loadComponentFromURL(uno.systemPathToFileUrl(docx), "_blank", 0, props(LOAD))
    filter_data = uno.Any("[]com.sun.star.beans.PropertyValue", props(export))
    store = (PropertyValue(Name="FilterName", Value="writer_pdf_Export"), PropertyValue(Name="FilterData", Value=filter_data))
    uno.invoke(doc, "storeToURL", (uno.systemPathToFileUrl(pdf), store))
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
    opts = parser.parse_args()
    export = dict(EXPORT, **dict(opts.export))
    work = tempfile.mkdtemp(prefix="libreoffice-instructions-")
    office = None
    try:
        office, desktop = start_office(work, opts.xcu)
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
    finally:
        if office is not None:
            os.killpg(office.pid, signal.SIGKILL)
            office.wait()
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
