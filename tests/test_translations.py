"""German is complete: every string marked for translation is in the catalogue and translated."""

import shutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CATALOGUE = ROOT / "locale" / "de" / "LC_MESSAGES" / "django.po"
SOURCES = ["civac", "officers", "incidents", "mandates", "isms", "reporting", "templates", "manage.py"]


def _msgids(po_file: Path) -> set[str]:
    result = subprocess.run(["msgcat", "--no-wrap", "--sort-output", str(po_file)], capture_output=True,
                            text=True, check=True)
    return {line[len('msgid "'):-1] for line in result.stdout.splitlines() if line.startswith('msgid "')} - {""}


def _count(flag: str) -> int:
    result = subprocess.run(["msgattrib", flag, "--no-wrap", str(CATALOGUE)], capture_output=True, text=True,
                            check=True)
    return sum(1 for line in result.stdout.splitlines() if line.startswith("msgid ")) - (1 if result.stdout else 0)


def test_german_catalogue_has_no_untranslated_entries():
    assert _count("--untranslated") == 0


def test_german_catalogue_has_no_fuzzy_entries():
    assert _count("--only-fuzzy") == 0


def test_catalogue_contains_every_marked_string(tmp_path):
    for name in SOURCES:
        source = ROOT / name
        target = tmp_path / name
        if source.is_dir():
            shutil.copytree(source, target, ignore=shutil.ignore_patterns("__pycache__", "*.mo", "static"))
        else:
            shutil.copy(source, target)
    (tmp_path / "locale").mkdir()
    subprocess.run([sys.executable, "manage.py", "makemessages", "-l", "de", "--verbosity", "0"], cwd=tmp_path,
                   check=True, env={"PATH": "/usr/bin:/bin", "DJANGO_SETTINGS_MODULE": "civac.settings",
                                    "CIVAC_VAR_DIR": str(tmp_path / "var"), "PYTHONPATH": str(ROOT / ".venv")})
    fresh = _msgids(tmp_path / "locale" / "de" / "LC_MESSAGES" / "django.po")
    missing = fresh - _msgids(CATALOGUE)
    assert not missing, f"run makemessages and translate: {sorted(missing)[:10]}"
