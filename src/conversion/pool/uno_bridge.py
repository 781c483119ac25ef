"""UNO bridge for one pool worker: connects to one running soffice.bin and converts
documents to PDF on request. Node drives it over stdin/stdout, one JSON object per line:

  request  {"id": 1, "input": "/abs/in.docx", "output": "/abs/out.pdf", "filterData": {...}}
  response {"id": 1, "ok": true} | {"id": 1, "ok": false, "fatal": bool, "error": "..."}

On start it answers {"ready": true} once connected. "fatal" means the office is gone
(crashed, disposed): Node then replaces the worker. Plan content never reaches stderr.
Run with Debian's /usr/bin/python3, which has the `uno` module.
"""
import json
import sys
import time

import uno
from com.sun.star.beans import PropertyValue
from com.sun.star.connection import NoConnectException

# MacroExecutionMode.NEVER_EXECUTE and UpdateDocMode.NO_UPDATE: uploads are hostile.
LOAD_PROPS = {"Hidden": True, "ReadOnly": True, "MacroExecutionMode": 0, "UpdateDocMode": 0}


def props(values):
    return tuple(PropertyValue(Name=k, Value=v) for k, v in values.items())


def send(message):
    sys.stdout.write(json.dumps(message) + "\n")
    sys.stdout.flush()


def connect(pipe, timeout_s):
    local = uno.getComponentContext()
    resolver = local.ServiceManager.createInstanceWithContext("com.sun.star.bridge.UnoUrlResolver", local)
    deadline = time.monotonic() + timeout_s
    while True:
        try:
            ctx = resolver.resolve("uno:pipe,name=%s;urp;StarOffice.ComponentContext" % pipe)
            return ctx.ServiceManager.createInstanceWithContext("com.sun.star.frame.Desktop", ctx)
        except NoConnectException:
            if time.monotonic() > deadline:
                raise
            time.sleep(0.05)


def convert(desktop, request):
    doc = desktop.loadComponentFromURL(uno.systemPathToFileUrl(request["input"]), "_blank", 0, props(LOAD_PROPS))
    if doc is None:
        raise ValueError("document could not be loaded")
    try:
        filter_data = uno.Any("[]com.sun.star.beans.PropertyValue", props(request["filterData"]))
        store = (PropertyValue(Name="FilterName", Value="writer_pdf_Export"), PropertyValue(Name="FilterData", Value=filter_data))
        # uno.invoke keeps the Any's declared type, which storeToURL needs for FilterData.
        uno.invoke(doc, "storeToURL", (uno.systemPathToFileUrl(request["output"]), store))
    finally:
        doc.close(True)


def alive(desktop):
    try:
        desktop.getFrames()
        return True
    except Exception:  # noqa: BLE001 - any failure means the bridge or office is gone
        return False


def main():
    pipe = sys.argv[1]
    connect_timeout_s = float(sys.argv[2]) if len(sys.argv) > 2 else 30.0
    try:
        desktop = connect(pipe, connect_timeout_s)
    except Exception as exc:  # noqa: BLE001 - reported to Node, which decides
        send({"ready": False, "error": type(exc).__name__})
        return 3
    send({"ready": True})
    for line in sys.stdin:
        if not line.strip():
            continue
        request = json.loads(line)
        try:
            convert(desktop, request)
            send({"id": request["id"], "ok": True})
        except Exception as exc:  # noqa: BLE001 - a bad document, or the office died
            fatal = not alive(desktop)
            send({"id": request["id"], "ok": False, "fatal": fatal, "error": type(exc).__name__})
            if fatal:
                return 4
    return 0


if __name__ == "__main__":
    sys.exit(main())
