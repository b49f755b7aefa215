"""What cannot run here is at least checked: the CI workflow, citation file,
licences, and the commands that running-locally.md tells readers to type."""

from __future__ import annotations

import json
import re
import subprocess

import yaml

from tools.build.book_layout import ROOT


def _workflow():
    return yaml.safe_load((ROOT / ".github/workflows/book.yml").read_text())


def test_workflow_tests_pull_requests_and_publishes_main():
    wf = _workflow()
    triggers = wf[True] if True in wf else wf["on"]  # YAML 1.1 reads the key `on` as True
    assert "pull_request" in triggers
    assert triggers["push"]["branches"] == ["main"]
    test_job = wf["jobs"]["test"]
    test_steps = [s.get("run", "") for s in test_job["steps"]]
    assert "make test PYTHON=python${{ matrix.python-version }}" in test_steps
    # the book supports Python 3.12 and newer: the tests run on both supported versions
    assert test_job["strategy"]["matrix"]["python-version"] == ["3.12", "3.13"]
    setup = [s for s in test_job["steps"] if s.get("uses", "").startswith("actions/setup-python")]
    assert setup[0]["with"]["python-version"] == "${{ matrix.python-version }}"
    publish = wf["jobs"]["publish"]
    assert publish["needs"] == "test"
    assert "refs/heads/main" in publish["if"]
    uses = [s.get("uses", "") for s in publish["steps"]]
    assert any(u.startswith("actions/upload-pages-artifact") for u in uses)
    assert any(u.startswith("actions/deploy-pages") for u in uses)
    assert publish["permissions"]["pages"] == "write" and publish["permissions"]["id-token"] == "write"
    cached = [s["with"]["path"] for s in publish["steps"] if s.get("uses", "").startswith("actions/cache")]
    assert "_build/.jupyter_cache" in cached and "~/.pytensor" in cached
    for job in wf["jobs"].values():
        assert job["timeout-minutes"] <= 90
        for step in job["steps"]:
            assert ("uses" in step) != ("run" in step), f"a step needs exactly one of uses/run: {step}"


def test_citation_and_licences():
    cff = yaml.safe_load((ROOT / "CITATION.cff").read_text())
    assert cff["cff-version"] == "1.2.0" and cff["title"] and cff["authors"]
    licence = (ROOT / "LICENSE").read_text()
    assert "MIT License" in licence and "CC BY 4.0" in licence
    footer = yaml.safe_load((ROOT / "_config.yml").read_text())["html"]["extra_footer"]
    assert "MIT" in footer and "CC-BY-4.0" in footer


def _make_targets() -> set[str]:
    return set(re.findall(r"^([a-z][a-z-]*):", (ROOT / "Makefile").read_text(), re.M))


def _commands_in(page: str) -> list[str]:
    text = (ROOT / page).read_text()
    blocks = re.findall(r"```bash\n(.*?)```", text, re.S)
    return [line.split("#")[0].strip() for b in blocks for line in b.splitlines() if line.split("#")[0].strip()]


def test_make_commands_in_running_locally_exist():
    commands = _commands_in("book/running-locally.md") + _commands_in("README.md")
    targets = {c.split()[1] for c in commands if c.startswith("make ")}
    assert targets, "running-locally.md lists no make commands"
    assert targets <= _make_targets(), f"documented but missing from the Makefile: {targets - _make_targets()}"


def test_make_commands_in_running_locally_run():
    """Dry-run (make -n) every documented make command: each must expand without error.
    `make ipynb` also runs for real: it needs no network."""
    for command in {c for c in _commands_in("book/running-locally.md") if c.startswith("make ")}:
        result = subprocess.run([*command.split(), "-n"], cwd=ROOT, capture_output=True, text=True)
        assert result.returncode == 0, f"{command!r} fails: {result.stderr}"
    subprocess.run(["make", "ipynb"], cwd=ROOT, check=True, capture_output=True)
    from tools.build.book_layout import toc_notebooks

    for md in toc_notebooks():
        assert (ROOT / "ipynb" / f"{md.stem}.ipynb").exists()


def test_binder_installs_the_lock_and_the_make_lab_settings():
    # repo2docker reads binder/ alone when it exists: Binder must get what the tests ran
    binder = ROOT / "binder"
    assert (binder / "runtime.txt").read_text().strip() == "python-3.13"
    requirements = [line.strip() for line in (binder / "requirements.txt").read_text().splitlines()
                    if line.strip() and not line.startswith("#")]
    assert requirements == ["-r ../requirements-lock.txt"]
    post_build = (binder / "postBuild").read_text()
    assert (binder / "postBuild").stat().st_mode & 0o111, "postBuild must be executable"
    assert "pip install --no-deps" in post_build and "-e ." in post_build
    assert "cp binder/overrides.json" in post_build and "share/jupyter/lab/settings" in post_build
    makefile = (ROOT / "Makefile").read_text()
    assert "cp binder/overrides.json $@" in makefile, "make lab installs the same settings"
    settings = json.loads((binder / "overrides.json").read_text())
    viewers = settings["@jupyterlab/docmanager-extension:plugin"]["defaultViewers"]
    assert viewers == {"markdown": "Jupytext Notebook", "myst": "Jupytext Notebook"}
    # the launch buttons open chapters in JupyterLab
    config = yaml.safe_load((ROOT / "_config.yml").read_text())
    assert config["launch_buttons"]["notebook_interface"] == "jupyterlab"
