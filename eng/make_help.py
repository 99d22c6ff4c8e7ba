#!/usr/bin/env python3
"""Writes module/en-US/CellOps.PowerShell.dll-Help.xml (MAML) from the help text in eng/help/*.py.

Binary cmdlets get their Get-Help text from MAML; writing MAML by hand is error-prone, so each cmdlet's
help lives in a small Python file (synopsis, description, parameters, examples) and this script turns
them into the XML PowerShell reads. Run it after changing the help: python3 eng/make_help.py
"""
import glob
import os
import runpy
from xml.sax.saxutils import escape

HERE = os.path.dirname(os.path.abspath(__file__))
OUT = os.path.join(HERE, "..", "module", "en-US", "CellOps.PowerShell.dll-Help.xml")


def paras(text):
    return "".join(f"<maml:para>{escape(p.strip())}</maml:para>" for p in text.strip().split("\n\n") if p.strip())


def parameter(p, position=None):
    required = "true" if p.get("required") else "false"
    pipeline = p.get("pipeline", "False")
    pos = p.get("position", "named") if position is None else position
    aliases = ", ".join(p.get("aliases", [])) or "none"
    return (
        f'<command:parameter required="{required}" variableLength="true" globbing="{str(p.get("globbing", False)).lower()}" '
        f'pipelineInput="{pipeline}" position="{pos}" aliases="{escape(aliases)}">'
        f"<maml:name>{p['name']}</maml:name>"
        f"<maml:description>{paras(p['description'])}</maml:description>"
        f"<command:parameterValue required=\"true\" variableLength=\"false\">{escape(p['type'])}</command:parameterValue>"
        f"<dev:type><maml:name>{escape(p['type'])}</maml:name></dev:type>"
        f"<dev:defaultValue>{escape(str(p.get('default', 'None')))}</dev:defaultValue>"
        "</command:parameter>"
    )


def command(h):
    verb, noun = h["name"].split("-", 1)
    by_name = {p["name"]: p for p in h["parameters"]}
    syntax = "".join(
        f"<command:syntaxItem><maml:name>{h['name']}</maml:name>"
        + "".join(parameter(by_name[n]) for n in names)
        + "</command:syntaxItem>"
        for names in h["syntax"]
    )
    examples = "".join(
        f"<command:example><maml:title>-------------------------- Example {i + 1}: {escape(e['title'])} --------------------------</maml:title>"
        f"<dev:code>{escape(e['code'].strip())}</dev:code>"
        f"<dev:remarks>{paras(e['remarks'])}</dev:remarks></command:example>"
        for i, e in enumerate(h["examples"])
    )
    inputs = "".join(
        f"<command:inputType><dev:type><maml:name>{escape(t)}</maml:name></dev:type><maml:description>{paras(d)}</maml:description></command:inputType>"
        for t, d in h["inputs"]
    )
    outputs = "".join(
        f"<command:returnValue><dev:type><maml:name>{escape(t)}</maml:name></dev:type><maml:description>{paras(d)}</maml:description></command:returnValue>"
        for t, d in h["outputs"]
    )
    links = "".join(f"<maml:navigationLink><maml:linkText>{escape(l)}</maml:linkText></maml:navigationLink>" for l in h.get("links", []))
    return (
        '<command:command xmlns:maml="http://schemas.microsoft.com/maml/2004/10" '
        'xmlns:command="http://schemas.microsoft.com/maml/dev/command/2004/10" '
        'xmlns:dev="http://schemas.microsoft.com/maml/dev/2004/10">'
        f"<command:details><command:name>{h['name']}</command:name><command:verb>{verb}</command:verb><command:noun>{noun}</command:noun>"
        f"<maml:description>{paras(h['synopsis'])}</maml:description></command:details>"
        f"<maml:description>{paras(h['description'])}</maml:description>"
        f"<command:syntax>{syntax}</command:syntax>"
        f"<command:parameters>{''.join(parameter(p) for p in h['parameters'])}</command:parameters>"
        f"<command:inputTypes>{inputs}</command:inputTypes><command:returnValues>{outputs}</command:returnValues>"
        f"<maml:alertSet><maml:alert>{paras(h.get('notes', ''))}</maml:alert></maml:alertSet>"
        f"<command:examples>{examples}</command:examples>"
        f"<command:relatedLinks>{links}</command:relatedLinks>"
        "</command:command>"
    )


def main():
    helps = [runpy.run_path(f)["HELP"] for f in sorted(glob.glob(os.path.join(HERE, "help", "*.py")))]
    os.makedirs(os.path.dirname(OUT), exist_ok=True)
    body = "\n".join(command(h) for h in helps)
    tmp = OUT + ".tmp"
    with open(tmp, "w", encoding="utf-8") as f:
        f.write('<?xml version="1.0" encoding="utf-8"?>\n<helpItems schema="maml" xmlns="http://msh">\n' + body + "\n</helpItems>\n")
    os.replace(tmp, OUT)
    print(f"wrote {os.path.relpath(OUT)} ({len(helps)} cmdlets)")


if __name__ == "__main__":
    main()
