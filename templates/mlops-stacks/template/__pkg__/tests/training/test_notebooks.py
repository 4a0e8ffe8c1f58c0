"""Every notebook of the project is a Databricks source notebook, so bundles deploy it as one."""
from pathlib import Path

import pytest

# The project folder, found from this file so the test works from any working directory.
PROJECT_DIR = Path(__file__).resolve().parents[2]
NOTEBOOK_HEADER = "# Databricks notebook source"


def notebook_paths():
    return sorted(
        path
        for path in PROJECT_DIR.glob("**/notebooks/*.py")
        if not any(part.startswith(".") for part in path.relative_to(PROJECT_DIR).parts)
    )


def test_project_has_notebooks():
    assert notebook_paths(), f"no notebooks found under {PROJECT_DIR}"


@pytest.mark.parametrize("path", notebook_paths(), ids=lambda path: path.relative_to(PROJECT_DIR).as_posix())
def test_notebook_starts_with_databricks_header(path):
    with path.open(encoding="utf-8") as notebook:
        first_line = notebook.readline().rstrip("\r\n")
    assert first_line == NOTEBOOK_HEADER
