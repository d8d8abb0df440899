"""python -m compliance.locale compile|check|add|absorb (see compliance/locale/__init__.py)."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from compliance import locale


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m compliance.locale")
    sub = parser.add_subparsers(dest="command", required=True)
    sub.add_parser("compile")
    sub.add_parser("check")
    add = sub.add_parser("add")
    add.add_argument("key")
    add.add_argument("--it", nargs="+", required=True, metavar="TESTO")
    add.add_argument("--en", nargs="+", required=True, metavar="TEXT")
    add.add_argument("--domain", default="compliance", choices=locale.DOMAINS)
    add.add_argument("--replace", action="store_true")
    absorb = sub.add_parser("absorb")
    absorb.add_argument("file", type=Path)
    absorb.add_argument("name")
    absorb.add_argument("--domain", default="compliance", choices=locale.DOMAINS)
    args = parser.parse_args(argv)
    if args.command == "compile":
        for path in locale.compile_all():
            print(path)
    elif args.command == "check":
        problems = locale.check()
        for p in problems:
            print(p)
        return 1 if problems else 0
    elif args.command == "add":
        locale.add(args.key, {"it": args.it, "en": args.en}, args.domain, args.replace)
    else:
        print(locale.absorb(args.file, args.name, args.domain), "messaggi")
    return 0


if __name__ == "__main__":
    sys.exit(main())
