"""What the bench's LibreOffice tools share: the pool's load properties and PDF settings, and
starting a private soffice.bin on its own profile (optionally seeded, optionally under a wrapper
such as valgrind) connected over a named pipe. Run with Debian's /usr/bin/python3 (it has `uno`)."""
import os
import shutil
import signal
import subprocess
import time

import uno
from com.sun.star.beans import PropertyValue
from com.sun.star.connection import NoConnectException

SOFFICE_BIN = "/usr/lib/libreoffice/program/soffice.bin"
# As src/conversion/pool/uno_bridge.py loads and src/conversion/converter.ts exports.
LOAD = {"Hidden": True, "ReadOnly": True, "MacroExecutionMode": 0, "UpdateDocMode": 0, "FilterName": "MS Word 2007 XML"}
# The import filter the pool names for each format (IMPORT_FILTER in src/conversion/converter.ts).
IMPORT_FILTERS = {".docx": "MS Word 2007 XML", ".odt": "writer8"}
EXPORT = {"SelectPdfVersion": 2, "UseTaggedPDF": True, "ExportBookmarks": True, "ExportNotes": False}


def load_for(path, overrides=None):
    """The pool's load properties for this document: the import filter of its format (.odt or .docx)."""
    name = IMPORT_FILTERS.get(os.path.splitext(path)[1].lower(), LOAD["FilterName"])
    return dict(LOAD, FilterName=name, **(overrides or {}))


def props(values):
    return tuple(PropertyValue(Name=k, Value=v) for k, v in values.items())


def option(text):
    """A command line's Key=Value, with true/false and numbers as such."""
    key, _, value = text.partition("=")
    if value in ("true", "false"):
        return key, value == "true"
    try:
        return key, int(value)
    except ValueError:
        return key, value


def store_pdf(doc, pdf, export):
    filter_data = uno.Any("[]com.sun.star.beans.PropertyValue", props(export))
    store = (PropertyValue(Name="FilterName", Value="writer_pdf_Export"), PropertyValue(Name="FilterData", Value=filter_data))
    # uno.invoke keeps the Any's declared type, which storeToURL needs for FilterData.
    uno.invoke(doc, "storeToURL", (uno.systemPathToFileUrl(pdf), store))


def start_office(profile, pipe, xcu=None, wrapper=(), env=None, timeout_s=60):
    """soffice.bin on `profile` (seeded with `xcu`, the pool's settings: see
    src/conversion/pool/office-profile.ts), started again while it ends during start-up (a fresh
    profile's first start exits with code 81). Returns the process and the Desktop."""
    if xcu:
        os.makedirs(os.path.join(profile, "user"), exist_ok=True)
        shutil.copy(xcu, os.path.join(profile, "user", "registrymodifications.xcu"))
    args = [*wrapper, SOFFICE_BIN, "-env:UserInstallation=" + uno.systemPathToFileUrl(profile), "--headless", "--invisible",
            "--nologo", "--norestore", "--nodefault", "--nolockcheck", "--accept=pipe,name=%s;urp;" % pipe]
    start = lambda: subprocess.Popen(args, env=env, start_new_session=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    office = start()
    local = uno.getComponentContext()
    resolver = local.ServiceManager.createInstanceWithContext("com.sun.star.bridge.UnoUrlResolver", local)
    deadline = time.monotonic() + timeout_s
    while True:
        if office.poll() is not None:
            office = start()
        try:
            ctx = resolver.resolve("uno:pipe,name=%s;urp;StarOffice.ComponentContext" % pipe)
            return office, ctx.ServiceManager.createInstanceWithContext("com.sun.star.frame.Desktop", ctx)
        except NoConnectException:
            if time.monotonic() > deadline:
                raise
            time.sleep(0.1)


def stop_office(office, work):
    """Kills the office's process group (started with a session of its own) and removes its folder."""
    if office is not None:
        os.killpg(office.pid, signal.SIGKILL)
        office.wait()
    shutil.rmtree(work, ignore_errors=True)
