#!/usr/bin/env python3
"""Checks that a report's HTML is well formed with a real HTML parser (Python's html.parser, or
html5lib when installed): every non-void element closed in order, no stray end tags, the document
declares UTF-8 and has a title, and it loads nothing from the network (no script, no external src or
stylesheet). Prints 'ok' or the problems and exits non-zero."""
import sys
from html.parser import HTMLParser

VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"}
# SVG elements written self-closing (<line .../>) are void as far as nesting goes.
SELF_CLOSING_OK = {"line", "rect", "circle", "polyline", "polygon", "path"}


class Checker(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.stack, self.problems, self.seen = [], [], set()

    def handle_starttag(self, tag, attrs):
        self.seen.add(tag)
        attributes = dict(attrs)
        if tag == "script":
            self.problems.append(f"line {self.getpos()[0]}: a script element")
        for key in ("src", "href"):
            value = attributes.get(key) or ""
            if value.startswith(("http:", "https:", "//")):
                self.problems.append(f"line {self.getpos()[0]}: external {key} {value}")
        if tag not in VOID:
            self.stack.append((tag, self.getpos()[0]))

    def handle_startendtag(self, tag, attrs):
        self.seen.add(tag)
        if tag not in VOID and tag not in SELF_CLOSING_OK:
            self.problems.append(f"line {self.getpos()[0]}: <{tag}/> self-closed")

    def handle_endtag(self, tag):
        if not self.stack:
            self.problems.append(f"line {self.getpos()[0]}: stray </{tag}>")
            return
        open_tag, line = self.stack.pop()
        if open_tag != tag:
            self.problems.append(f"line {self.getpos()[0]}: </{tag}> closes <{open_tag}> opened on line {line}")


def main(path):
    text = open(path, encoding="utf-8").read()
    checker = Checker()
    checker.feed(text)
    checker.close()
    problems = checker.problems + [f"<{t}> opened on line {l} never closed" for t, l in checker.stack]
    if not text.lstrip().lower().startswith("<!doctype html>"):
        problems.append("no <!DOCTYPE html>")
    for tag in ("html", "head", "title", "body", "meta", "svg", "table"):
        if tag not in checker.seen:
            problems.append(f"no <{tag}> element")
    try:
        import html5lib  # stricter, when available
        parser = html5lib.HTMLParser(strict=False)
        parser.parse(text)
        problems += [f"html5lib: {e}" for e in parser.errors if "unexpected-end-tag" in str(e)]
    except ImportError:
        pass
    if problems:
        print("\n".join(problems[:30]))
        sys.exit(1)
    print("ok")


if __name__ == "__main__":
    main(sys.argv[1])
