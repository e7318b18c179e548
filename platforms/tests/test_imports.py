"""platforms/ keeps one direction between its modules: no module imports (at the top or inside a
function) one that imports it back. A circle works only as long as nobody reorders the imports
and hides the real owner of each piece (the token store called the account verbs; the LinkedIn
adapter and its connect flow each reached into the other)."""

import ast
import os
import subprocess
import sys
from pathlib import Path

PLATFORMS = Path(__file__).resolve().parents[1]
ROOT = PLATFORMS.parent


def _module_name(path: Path) -> str:
    parts = list(path.relative_to(ROOT).with_suffix("").parts)
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def _modules() -> dict[str, Path]:
    return {_module_name(p): p for p in PLATFORMS.rglob("*.py") if "specs" not in p.parts}


def _imported(name: str, path: Path, modules: dict[str, Path]) -> set[str]:
    """Every platforms module `name` imports anywhere in its body, lazy imports included."""
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    found = set()
    for node in ast.walk(ast.parse(path.read_text())):
        if isinstance(node, ast.Import):
            targets = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                parts = package.split(".")
                parts = parts[: len(parts) - node.level + 1]
                base = ".".join(parts + ([node.module] if node.module else []))
            # `from .x import oauth` names a module; `from .oauth import refresh` a member.
            targets = [
                f"{base}.{alias.name}" if f"{base}.{alias.name}" in modules else base
                for alias in node.names
            ]
        else:
            continue
        for target in targets:
            while target and target not in modules:
                target = target.rpartition(".")[0]
            # The package roots' __init__ files import nothing; an edge to them is no circle.
            if target and target != name and target != "platforms":
                found.add(target)
    return found


def _cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    cycles, state, stack = [], {}, []

    def visit(node):
        state[node] = "open"
        stack.append(node)
        for dep in sorted(graph[node]):
            if state.get(dep) == "open":
                cycles.append([*stack[stack.index(dep) :], dep])
            elif dep not in state:
                visit(dep)
        stack.pop()
        state[node] = "done"

    for node in sorted(graph):
        if node not in state:
            visit(node)
    return cycles


def test_no_platforms_module_imports_one_that_imports_it_back():
    modules = _modules()
    graph = {name: _imported(name, path, modules) for name, path in modules.items()}
    assert graph["platforms.linkedin.adapter"], "the import graph found no edges: parser broken"
    assert _cycles(graph) == []


def test_the_cycle_finder_sees_a_lazy_import_circle():
    graph = {"a": {"b"}, "b": {"a"}, "c": set()}
    assert _cycles(graph) == [["a", "b", "a"]]


def test_every_platforms_module_imports_in_a_fresh_interpreter():
    """Each module first, on its own interpreter's clean slate for the platforms package."""
    names = sorted(n for n in _modules() if ".tests" not in n and not n.endswith("conftest"))
    script = (
        "import importlib, sys, django\n"
        "django.setup()\n"
        "failed = []\n"
        "for name in sys.argv[1:]:\n"
        "    for loaded in [m for m in sys.modules if m.startswith('platforms.')]:\n"
        "        if '.models' not in loaded and '.migrations' not in loaded:\n"
        "            del sys.modules[loaded]\n"
        "    try:\n"
        "        importlib.import_module(name)\n"
        "    except Exception as exc:\n"
        "        failed.append(f'{name}: {exc!r}')\n"
        "print('\\n'.join(failed))\n"
        "sys.exit(1 if failed else 0)\n"
    )
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "socialops.settings.test"}
    done = subprocess.run(  # noqa: S603 - our own interpreter on our own module names
        [sys.executable, "-c", script, *names],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert done.returncode == 0, done.stdout + done.stderr
