"""UNO bridge for one pool worker: starts one soffice.bin in a process group of its own,
connects to it over a named pipe and converts documents to PDF on request.

Node drives it over stdin/stdout, one JSON object per line:
  -> {"id": 1, "input": "/abs/in.docx", "importFilter": "MS Word 2007 XML", "output": "/abs/out.pdf", "filterData": {...}}
     (a PDF), or with "exportFilter": "writer8" and no filterData, an .odt (a template's ODT form)
  <- {"id": 1, "ok": true} | {"id": 1, "ok": false, "fatal": bool, "error": "..."}
Events: {"event": "ready", "pid": N, "sockets": [...]} once connected;
        {"event": "office-exit", "code": N} if soffice.bin ends, after which the bridge exits.
"fatal" means the office is gone. When stdin closes (Node ended, even by SIGKILL) the
bridge kills the office's process group, so no soffice.bin outlives the service.
Run with Debian's /usr/bin/python3, which has the `uno` module. OFFICE_LD_PRELOAD, if set,
becomes soffice.bin's LD_PRELOAD (the pool's allocator), and only soffice.bin's.
"""
import json
import os
import signal
import subprocess
import sys
import threading
import time

import uno
from com.sun.star.beans import PropertyValue
from com.sun.star.connection import NoConnectException

# A fresh profile's first start ends with this code; soffice.bin must then be started again.
EXIT_RESTART = 81
# MacroExecutionMode.NEVER_EXECUTE and UpdateDocMode.NO_UPDATE: uploads are hostile. The
# named import filter skips type detection (faster) and never reads the input as another format;
# only these two are accepted (Word's, and LibreOffice's own for a template's ODT form).
LOAD_PROPS = {"Hidden": True, "ReadOnly": True, "MacroExecutionMode": 0, "UpdateDocMode": 0}
IMPORT_FILTERS = ("MS Word 2007 XML", "writer8")
EXPORT_FILTERS = ("writer_pdf_Export", "writer8")

send_lock = threading.Lock()
stopping = threading.Event()
current_office = None


def send(message):
    with send_lock:
        sys.stdout.write(json.dumps(message) + "\n")
        sys.stdout.flush()


def props(values):
    return tuple(PropertyValue(Name=k, Value=v) for k, v in values.items())


def start_office(soffice, profile, tmp, pipe):
    args = [
        soffice,
        "-env:UserInstallation=" + uno.systemPathToFileUrl(profile),
        "--headless", "--invisible", "--nologo", "--norestore", "--nodefault", "--nolockcheck",
        "--accept=pipe,name=%s;urp;" % pipe,
    ]
    env = dict(os.environ, TMPDIR=tmp)
    env.pop("OFFICE_LD_PRELOAD", None)
    if os.environ.get("OFFICE_LD_PRELOAD"):
        env["LD_PRELOAD"] = os.environ["OFFICE_LD_PRELOAD"]
    global current_office
    current_office = subprocess.Popen(args, env=env, stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL,
                                      stderr=subprocess.DEVNULL, start_new_session=True)
    return current_office


def connect(office_args, timeout_s):
    local = uno.getComponentContext()
    resolver = local.ServiceManager.createInstanceWithContext("com.sun.star.bridge.UnoUrlResolver", local)
    office = start_office(*office_args)
    deadline = time.monotonic() + timeout_s
    restarts = 0
    while True:
        code = office.poll()
        if code == EXIT_RESTART and restarts < 3:
            restarts += 1
            office = start_office(*office_args)
        elif code is not None:
            raise RuntimeError("soffice.bin exited with code %d during start" % code)
        try:
            ctx = resolver.resolve("uno:pipe,name=%s;urp;StarOffice.ComponentContext" % office_args[3])
            desktop = ctx.ServiceManager.createInstanceWithContext("com.sun.star.frame.Desktop", ctx)
            return office, desktop
        except NoConnectException:
            if time.monotonic() > deadline:
                kill_group(office)
                raise
            time.sleep(0.05)


def kill_group(office):
    try:
        os.killpg(office.pid, signal.SIGKILL)
    except ProcessLookupError:
        pass


def office_sockets(pid):
    """The OSL pipe files the office listens on, so Node can remove them after a kill."""
    inodes = set()
    fd_dir = "/proc/%d/fd" % pid
    for fd in os.listdir(fd_dir):
        try:
            link = os.readlink(os.path.join(fd_dir, fd))
        except OSError:
            continue
        if link.startswith("socket:["):
            inodes.add(link[8:-1])
    paths = set()
    with open("/proc/net/unix") as table:
        next(table)
        for line in table:
            parts = line.split()
            if len(parts) >= 8 and parts[6] in inodes and "OSL_PIPE" in parts[7]:
                paths.add(parts[7])
    return sorted(paths)


def convert(desktop, request):
    """Loads and exports; returns the open document, which the caller closes."""
    import_filter = request["importFilter"]
    export_filter = request.get("exportFilter", "writer_pdf_Export")
    if import_filter not in IMPORT_FILTERS or export_filter not in EXPORT_FILTERS:
        raise ValueError("filter not allowed")
    load = dict(LOAD_PROPS, FilterName=import_filter)
    doc = desktop.loadComponentFromURL(uno.systemPathToFileUrl(request["input"]), "_blank", 0, props(load))
    if doc is None:
        raise ValueError("document could not be loaded")
    try:
        store = (PropertyValue(Name="FilterName", Value=export_filter),)
        if "filterData" in request:
            filter_data = uno.Any("[]com.sun.star.beans.PropertyValue", props(request["filterData"]))
            store += (PropertyValue(Name="FilterData", Value=filter_data),)
        # uno.invoke keeps the Any's declared type, which storeToURL needs for FilterData.
        uno.invoke(doc, "storeToURL", (uno.systemPathToFileUrl(request["output"]), store))
    except Exception:
        doc.close(True)
        raise
    return doc


def alive(desktop):
    try:
        desktop.getFrames()
        return True
    except Exception:  # noqa: BLE001 - any failure means the bridge or the office is gone
        return False


def watch(office):
    code = office.wait()
    if stopping.is_set():
        return
    send({"event": "office-exit", "code": code})
    os._exit(5)


def on_sigterm(*_):
    stopping.set()
    if current_office is not None:
        kill_group(current_office)
    os._exit(0)


def main():
    soffice, profile, tmp, pipe = sys.argv[1:5]
    connect_timeout_s = float(sys.argv[5]) if len(sys.argv) > 5 else 60.0
    signal.signal(signal.SIGTERM, on_sigterm)
    try:
        office, desktop = connect((soffice, profile, tmp, pipe), connect_timeout_s)
    except Exception as exc:  # noqa: BLE001 - reported to Node, which decides
        send({"event": "start-failed", "error": "%s: %s" % (type(exc).__name__, exc)})
        return 3
    sockets = office_sockets(office.pid)
    try:
        send({"event": "ready", "pid": office.pid, "sockets": sockets})
        threading.Thread(target=watch, args=(office,), daemon=True).start()
        for line in sys.stdin:
            if not line.strip():
                continue
            request = json.loads(line)
            try:
                doc = convert(desktop, request)
                # Answer first: the PDF is written, closing the document is cleanup.
                send({"id": request["id"], "ok": True})
                doc.close(True)
            except Exception as exc:  # noqa: BLE001 - a bad document, or the office died
                fatal = not alive(desktop)
                send({"id": request["id"], "ok": False, "fatal": fatal, "error": type(exc).__name__})
                if fatal:
                    return 4
        return 0
    finally:
        stopping.set()
        kill_group(office)
        office.wait()
        for path in sockets:
            try:
                os.unlink(path)
            except OSError:
                pass


if __name__ == "__main__":
    sys.exit(main())
