"""The package's imports run one way (docs/architecture.md).

* ``lint-imports`` checks the layer contract in pyproject.toml: rules → models (with the gate, forms,
  listing and pre-scan) → services → views and admin wiring, every module placed in a layer.
* No module of the package takes part in an import cycle, counting imports inside functions too.
  (``AppConfig.ready`` wires the layers together; nothing imports it, so it closes no cycle.)
"""

import pathlib
import subprocess
import sys

import grimp

ROOT = pathlib.Path(__file__).resolve().parent.parent
PACKAGE = "wagtail_disclosure"


def test_the_layer_contract_holds():
    lint_imports = pathlib.Path(sys.executable).with_name("lint-imports")
    result = subprocess.run([str(lint_imports), "pyproject.toml"], cwd=ROOT, capture_output=True, text=True, timeout=300)
    assert result.returncode == 0, result.stdout[-4000:] + result.stderr[-2000:]
    assert "0 broken" in result.stdout


def import_cycles(graph, ignore=()):
    """The strongly connected components of more than one module (Tarjan, iteratively)."""
    modules = sorted(module for module in graph.modules if not module.startswith(ignore))
    edges = {module: sorted(m for m in graph.find_modules_directly_imported_by(module) if m in modules) for module in modules}
    index, low, on_stack, stack, cycles, counter = {}, {}, set(), [], [], 0
    for root in modules:
        if root in index:
            continue
        work = [(root, iter(edges[root]))]
        index[root] = low[root] = counter
        counter += 1
        stack.append(root)
        on_stack.add(root)
        while work:
            node, children = work[-1]
            child = next(children, None)
            if child is not None:
                if child not in index:
                    index[child] = low[child] = counter
                    counter += 1
                    stack.append(child)
                    on_stack.add(child)
                    work.append((child, iter(edges[child])))
                elif child in on_stack:
                    low[node] = min(low[node], index[child])
                continue
            work.pop()
            if work:
                low[work[-1][0]] = min(low[work[-1][0]], low[node])
            if low[node] == index[node]:
                component = []
                while True:
                    member = stack.pop()
                    on_stack.discard(member)
                    component.append(member)
                    if member == node:
                        break
                if len(component) > 1:
                    cycles.append(sorted(component))
    return cycles


def test_no_module_of_the_package_is_in_an_import_cycle():
    graph = grimp.build_graph(PACKAGE)
    cycles = import_cycles(graph, ignore=(f"{PACKAGE}.migrations",))
    assert cycles == [], "import cycles: " + "; ".join(" ⇄ ".join(cycle) for cycle in cycles)


def test_the_cycle_finder_finds_a_cycle():
    graph = grimp.ImportGraph()
    for module in ("p", "p.a", "p.b", "p.c"):
        graph.add_module(module)
    graph.add_import(importer="p.a", imported="p.b")
    graph.add_import(importer="p.b", imported="p.a")
    graph.add_import(importer="p.c", imported="p.a")
    assert import_cycles(graph) == [["p.a", "p.b"]]
