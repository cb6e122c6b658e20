"""Every module of the package imports on its own, first, in a fresh interpreter: no module works
only because another one happened to be imported before it (the import cycles this catches made
`import learnapp.models` fail on its own).

One interpreter loads the third-party libraries once, then forks a child per module: each child
starts with no `learnapp` module loaded and imports just the one it is given.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

PACKAGE = Path(__file__).resolve().parents[2] / "learnapp"

CHILDREN = r"""
import ast, os, sys
from pathlib import Path

package = Path(sys.argv[1])
modules = []
third_party = set()
for path in sorted(package.rglob("*.py")):
    parts = path.relative_to(package.parent).with_suffix("").parts
    modules.append(".".join(parts[:-1] if parts[-1] == "__init__" else parts))
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            third_party.update(a.name for a in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            third_party.add(node.module)
for name in sorted(third_party):
    if name.split(".")[0] not in ("learnapp", "__future__", "bench"):
        try:
            __import__(name)
        except ImportError:
            pass
assert not any(m == "learnapp" or m.startswith("learnapp.") for m in sys.modules)

failed = []
running = {}
workers = max(2, os.cpu_count() or 1)
for module in modules + [None] * workers:
    while running and (module is None or len(running) >= workers):
        pid, status = os.wait()
        if status != 0:
            failed.append(running[pid])
        del running[pid]
        if module is None:
            break
    if module is None:
        continue
    pid = os.fork()
    if pid == 0:
        try:
            __import__(module)
        except BaseException as error:
            print(f"{module}: {type(error).__name__}: {error}", flush=True)
            os._exit(1)
        os._exit(0)
    running[pid] = module
while running:
    pid, status = os.wait()
    if status != 0:
        failed.append(running.pop(pid))
    else:
        running.pop(pid)
print(f"{len(modules)} modules, {len(failed)} failed", flush=True)
sys.exit(1 if failed else 0)
"""


def test_every_module_imports_on_its_own_in_a_fresh_interpreter() -> None:
    result = subprocess.run(
        [sys.executable, "-c", CHILDREN, str(PACKAGE)],
        capture_output=True,
        text=True,
        timeout=300,
        cwd=PACKAGE.parent,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert " 0 failed" in result.stdout
