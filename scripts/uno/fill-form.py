#!/usr/bin/python3
"""Fills the service's Word form in real LibreOffice Writer (headless, over UNO), the way a
referent would: types into the text fields, ticks and unticks boxes, adds table rows and
types into their plain cells, then saves as .docx with the "MS Word 2007 XML" filter.

    /usr/bin/python3 scripts/uno/fill-form.py --in form.docx --out filled.docx \
        --edits edits.json [--profile /tmp/lo-profile]

edits.json (every control is found by its title, w:alias, which is what LibreOffice keeps):
    {"fields": [{"alias": "Borgerens navn", "nth": 0, "value": "Jens"}],
     "boxes":  [{"alias": "Samtykke: Ja", "nth": 0, "checked": true}],
     "beside": [{"alias": "Anden plan: status", "value": "Ingen"}],
     "rows":   [{"alias": "Deltager: navn", "nth": 1, "cells": ["Navn", "Stilling", ...]}]}
"beside" types next to a field rather than into it (where a click in Writer often puts
the cursor). A row is inserted below the row holding the nth control with that alias.

LibreOffice 7.4 imports a plain-text content control as an input field (its alias in the
field's InteropGrabBag) and a checkbox content control as a ContentControl portion whose
alias sits on its paragraph (ParaInteropGrabBag "SdtPr").
Runs its own soffice with its own profile and kills that process group when done.
"""
import argparse
import json
import os
import signal
import subprocess
import sys
import tempfile
import time
import uuid

import uno
from com.sun.star.beans import PropertyValue

SOFFICE = '/usr/lib/libreoffice/program/soffice'
ALIAS_KEY = 'ooxml:CT_SdtPr_alias'


def prop(name, value):
    p = PropertyValue()
    p.Name = name
    p.Value = value
    return p


def alias_in(grab_bag):
    """The w:alias kept in an interop grab bag (flat, or nested under SdtPr)."""
    for item in grab_bag or ():
        if item.Name == ALIAS_KEY:
            return item.Value
        if item.Name == 'SdtPr':
            found = alias_in(item.Value)
            if found is not None:
                return found
    return None


def start_office(profile):
    pipe = 'fillform' + uuid.uuid4().hex[:12]
    proc = subprocess.Popen(
        [SOFFICE, '--headless', '--invisible', '--norestore', '--nologo', '--nodefault', '--nolockcheck',
         '-env:UserInstallation=' + uno.systemPathToFileUrl(profile),
         '--accept=pipe,name=%s;urp;StarOffice.ComponentContext' % pipe],
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True)
    local = uno.getComponentContext()
    resolver = local.ServiceManager.createInstanceWithContext('com.sun.star.bridge.UnoUrlResolver', local)
    deadline = time.time() + 90
    try:
        while True:
            try:
                ctx = resolver.resolve('uno:pipe,name=%s;urp;StarOffice.ComponentContext' % pipe)
                return proc, ctx
            except Exception:
                # The first start on an empty profile exits with 81 and the wrapper restarts it.
                if time.time() > deadline:
                    raise RuntimeError('LibreOffice did not start within 90 s')
                time.sleep(0.3)
    except BaseException:  # a failed start, or SIGTERM while starting: no office is left behind
        stop_office(proc, None)
        raise


def stop_office(proc, desktop):
    try:
        if desktop is not None:
            desktop.terminate()
    except Exception:
        pass  # The bridge dies with the process; terminate() often raises for that reason.
    try:
        proc.wait(timeout=15)
    except subprocess.TimeoutExpired:
        pass
    try:
        os.killpg(proc.pid, signal.SIGKILL)  # soffice.bin may outlive the wrapper
    except ProcessLookupError:
        pass


def paragraphs(text):
    """Every paragraph of a text, including those in table cells, in document order."""
    en = text.createEnumeration()
    while en.hasMoreElements():
        block = en.nextElement()
        if block.supportsService('com.sun.star.text.TextTable'):
            for name in block.getCellNames():
                yield from paragraphs(block.getCellByName(name))
        else:
            yield block


def input_fields(doc, alias):
    """Input fields (imported plain-text controls) with this alias, in document order."""
    found = []
    for par in paragraphs(doc.getText()):
        for portion in par.createEnumeration():
            if portion.TextPortionType == 'TextField':
                field = portion.TextField
                if field.supportsService('com.sun.star.text.TextField.Input') and alias_in(field.InteropGrabBag) == alias:
                    found.append(field)
    return found


def checkboxes(doc, alias):
    """Checkbox content controls whose paragraph carries this alias, in document order."""
    found = []
    for par in paragraphs(doc.getText()):
        if alias_in(par.ParaInteropGrabBag) != alias:
            continue
        for portion in par.createEnumeration():
            if portion.TextPortionType == 'ContentControl' and portion.ContentControl.Checkbox:
                found.append(portion.ContentControl)
    return found


def nth(items, index, what):
    if index >= len(items):
        raise KeyError('%s: only %d found, wanted #%d' % (what, len(items), index))
    return items[index]


def fill(doc, edits):
    for e in edits.get('fields', []):
        field = nth(input_fields(doc, e['alias']), e.get('nth', 0), 'field ' + e['alias'])
        field.Content = e['value']
    for e in edits.get('boxes', []):
        box = nth(checkboxes(doc, e['alias']), e.get('nth', 0), 'checkbox ' + e['alias'])
        # A click in Writer also swaps the glyph; over UNO 7.4 only the state can be set
        # (replacing the glyph text leaves both glyphs), so the saved w14:checked is what counts.
        box.Checked = bool(e['checked'])
    for e in edits.get('beside', []):
        # The cursor next to the field instead of in it: the text lands beside the field.
        anchor = nth(input_fields(doc, e['alias']), e.get('nth', 0), 'field ' + e['alias']).getAnchor()
        text = anchor.getText()
        text.insertString(text.createTextCursorByRange(anchor.getEnd()), e['value'], False)
    doc.getTextFields().refresh()
    for e in edits.get('rows', []):
        field = nth(input_fields(doc, e['alias']), e.get('nth', 0), 'row anchor ' + e['alias'])
        anchor = field.getAnchor()
        table = anchor.TextTable
        cell_name = anchor.Cell.CellName
        row = int(''.join(ch for ch in cell_name if ch.isdigit()))  # A3 -> 3 (1-based)
        table.getRows().insertByIndex(row, 1)
        # The new row is row+1 (1-based); its cells are typed left to right, as a person would.
        names = [n for n in table.getCellNames() if int(''.join(ch for ch in n if ch.isdigit())) == row + 1]
        for name, value in zip(names, e['cells']):
            cell = table.getCellByName(name)
            cursor = cell.createTextCursor()
            cursor.gotoEnd(False)
            cursor.gotoStart(True)
            cell.insertString(cursor, value, True)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument('--in', dest='src', required=True)
    ap.add_argument('--out', required=True)
    ap.add_argument('--edits', required=True)
    ap.add_argument('--profile')
    args = ap.parse_args()
    with open(args.edits, encoding='utf-8') as f:
        edits = json.load(f)
    profile = args.profile or tempfile.mkdtemp(prefix='lo-fill-form-')
    proc, ctx = start_office(profile)
    desktop = None
    try:
        desktop = ctx.ServiceManager.createInstanceWithContext('com.sun.star.frame.Desktop', ctx)
        doc = desktop.loadComponentFromURL(uno.systemPathToFileUrl(os.path.abspath(args.src)), '_blank', 0, (prop('Hidden', True),))
        if doc is None:
            raise RuntimeError('LibreOffice could not open the form')
        fill(doc, edits)
        doc.storeToURL(uno.systemPathToFileUrl(os.path.abspath(args.out)), (prop('FilterName', 'MS Word 2007 XML'),))
        doc.close(True)
    finally:
        stop_office(proc, desktop)


if __name__ == '__main__':
    # A SIGTERM (the caller's time limit) ends main() through its finally, which kills the office:
    # Python's default would end at once and leave soffice.bin running.
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))
    try:
        main()
    except Exception as exc:  # one line for the test's error message
        print('fill-form failed: %s' % exc, file=sys.stderr)
        sys.exit(1)
