"""The package's imports: at the top of each module, and never in a loop between modules."""

from __future__ import annotations

import ast
from pathlib import Path

import tracker

TRACKER = Path(tracker.__file__).parent


def _modules() -> dict[str, ast.Module]:
    modules = {}
    for path in sorted(TRACKER.rglob("*.py")):
        parts = path.relative_to(TRACKER.parent).with_suffix("").parts
        name = ".".join(parts[:-1] if parts[-1] == "__init__" else parts)
        modules[name] = ast.parse(path.read_text(encoding="utf-8"))
    return modules


def test_no_import_hides_inside_a_function():
    # An import inside a function is how a loop between modules is dodged (the day page once
    # imported the diary's views from the supplements' views that way).
    found = [
        f"{name}: {ast.unparse(node)}"
        for name, tree in _modules().items()
        for function in ast.walk(tree)
        if isinstance(function, ast.FunctionDef | ast.AsyncFunctionDef)
        for node in ast.walk(function)
        if isinstance(node, ast.Import | ast.ImportFrom)
    ]
    assert not found, found


def test_modules_import_each_other_without_a_loop():
    modules = _modules()
    graph: dict[str, set[str]] = {}
    for name, tree in modules.items():
        imported = set()
        for node in tree.body:
            if isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
                # "from tracker.x import y" names module y of package x, or a value of x.
                for alias in node.names:
                    submodule = f"{node.module}.{alias.name}"
                    imported.add(submodule if submodule in modules else node.module)
            elif isinstance(node, ast.Import):
                imported |= {alias.name for alias in node.names}
        # A module's own packages are loaded before it anyway: those edges are no loop.
        graph[name] = {
            other
            for other in imported
            if other in modules and other != name and not name.startswith(other + ".")
        }

    def cycle_from(start: str) -> list[str] | None:
        path, seen = [start], set()

        def visit(node: str) -> list[str] | None:
            for nxt in sorted(graph[node]):
                if nxt == start:
                    return [*path, start]
                if nxt not in seen:
                    seen.add(nxt)
                    path.append(nxt)
                    if found := visit(nxt):
                        return found
                    path.pop()
            return None

        return visit(start)

    loops = [loop for name in graph if (loop := cycle_from(name))]
    assert not loops, loops[0]
