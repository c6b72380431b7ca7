"""``mockinterview projects add|list|remove``: describe your own projects once (My projects).

Generic project questions are then asked about one of them by name, and CV-specific question
chains (e.g. an anti-money-laundering model, a sales-dialogue fine-tune) are drawn only when a
project's name, domain, description or stack matches them.
"""

from __future__ import annotations

import argparse
import json
import sys
from dataclasses import asdict
from typing import Any


def register(sub: argparse._SubParsersAction) -> None:
    parser = sub.add_parser("projects", help="your own projects, asked about in project rounds")
    cmds = parser.add_subparsers(dest="projects_command", metavar="ACTION", required=True)

    p = cmds.add_parser("add", help="describe a project of yours")
    p.add_argument("name", help="what you call it, e.g. 反洗钱模型 or 'RAG 客服助手'")
    p.add_argument("--domain", required=True, help="its field, e.g. 反洗钱 / 金融风控, 销售对话, RAG")
    p.add_argument("--summary", default="", metavar="TEXT", help="one line: what it does")
    p.add_argument("--stack", default="", metavar="A,B,...", help="tools and models, comma-separated")
    p.add_argument("--json", action="store_true")
    p.set_defaults(func=_handle(_add))

    p = cmds.add_parser("list", help="your projects")
    p.add_argument("--json", action="store_true")
    p.set_defaults(func=_handle(_list))

    p = cmds.add_parser("remove", help="forget a project (by id or exact name)")
    p.add_argument("project", metavar="ID|NAME")
    p.set_defaults(func=_handle(_remove))


def _handle(action: Any) -> Any:
    def run(args: argparse.Namespace) -> int:
        from mockinterview import paths
        from mockinterview.store import StoreError, open_store
        from mockinterview.store.projects import ProjectError

        try:
            with open_store(paths.data_dir(args.data_dir)) as store:
                return int(action(store, args))
        except (ProjectError, StoreError) as exc:
            print(f"mockinterview projects: {exc}", file=sys.stderr)
            return 1

    return run


def _record(project: Any) -> dict[str, Any]:
    data = asdict(project)
    data["stack"] = list(project.stack)
    data["created_at"] = project.created_at.isoformat()
    return data


def _add(store: Any, args: argparse.Namespace) -> int:
    from mockinterview.store.projects import add_project

    project = add_project(store, args.name, args.domain, args.summary, args.stack)
    if args.json:
        print(json.dumps(_record(project), ensure_ascii=False))
    else:
        print(f"added project {project.id}: {project.name} ({project.domain})")
    return 0


def _list(store: Any, args: argparse.Namespace) -> int:
    from mockinterview.store.projects import list_projects

    projects = list_projects(store)
    if args.json:
        print(json.dumps([_record(p) for p in projects], ensure_ascii=False, indent=2))
        return 0
    if not projects:
        print("no projects yet: mockinterview projects add NAME --domain DOMAIN [--summary ...]")
    for p in projects:
        stack = f" [{', '.join(p.stack)}]" if p.stack else ""
        summary = f" — {p.summary}" if p.summary else ""
        print(f"{p.id}\t{p.name} ({p.domain}){summary}{stack}")
    return 0


def _remove(store: Any, args: argparse.Namespace) -> int:
    from mockinterview.store import NotFoundError
    from mockinterview.store.projects import remove_project

    try:
        project = remove_project(store, args.project)
    except NotFoundError as exc:
        print(f"mockinterview projects: {exc}", file=sys.stderr)
        return 1
    print(f"removed project {project.id}: {project.name}")
    return 0
