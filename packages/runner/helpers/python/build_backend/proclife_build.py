"""A PEP 517 build backend for the one-module ``proclife`` package, standard library only.

Why not setuptools: pip builds in an isolated environment and downloads the backend named in
``requires`` into it; where no package index can be reached (a lab machine, a grading container,
this project's CI) that download fails. This backend needs nothing, so ``pip install <folder>``
works offline. It writes a pure-Python wheel holding ``proclife.py`` and an sdist of the folder.
"""

import base64
import hashlib
import io
import os
import re
import tarfile
import zipfile

_HERE = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
_MODULE = "proclife.py"


def _project():
    """name, version, description and requires-python, read from pyproject.toml's [project]."""
    with open(os.path.join(_HERE, "pyproject.toml"), encoding="utf-8") as f:
        text = f.read()
    table = text.split("[project]", 1)[1].split("\n[", 1)[0]
    fields = dict(re.findall(r'^([\w-]+)\s*=\s*"([^"]*)"', table, re.M))
    return fields["name"], fields["version"], fields.get("description", ""), fields.get("requires-python", "")


def _metadata():
    name, version, summary, requires_python = _project()
    lines = ["Metadata-Version: 2.1", "Name: " + name, "Version: " + version, "Summary: " + summary, "License: MIT"]
    if requires_python:
        lines.append("Requires-Python: " + requires_python)
    return name, version, "\n".join(lines) + "\n"


def _record_line(path, data):
    digest = base64.urlsafe_b64encode(hashlib.sha256(data).digest()).rstrip(b"=").decode("ascii")
    return "%s,sha256=%s,%d" % (path, digest, len(data))


def _wheel(wheel_directory, files):
    """Writes a py3-none-any wheel of ``files`` ({path in wheel: bytes}) and returns its name."""
    name, version, metadata = _metadata()
    dist_info = "%s-%s.dist-info" % (name, version)
    files = dict(files)
    files[dist_info + "/METADATA"] = metadata.encode("utf-8")
    files[dist_info + "/WHEEL"] = b"Wheel-Version: 1.0\nGenerator: proclife_build\nRoot-Is-Purelib: true\nTag: py3-none-any\n"
    record = [_record_line(path, data) for path, data in files.items()] + [dist_info + "/RECORD,,"]
    files[dist_info + "/RECORD"] = ("\n".join(record) + "\n").encode("utf-8")
    filename = "%s-%s-py3-none-any.whl" % (name, version)
    with zipfile.ZipFile(os.path.join(wheel_directory, filename), "w", zipfile.ZIP_DEFLATED) as wheel:
        for path, data in files.items():
            wheel.writestr(path, data)
    return filename


def get_requires_for_build_wheel(config_settings=None):
    return []


def get_requires_for_build_sdist(config_settings=None):
    return []


def get_requires_for_build_editable(config_settings=None):
    return []


def build_wheel(wheel_directory, config_settings=None, metadata_directory=None):
    with open(os.path.join(_HERE, _MODULE), "rb") as f:
        return _wheel(wheel_directory, {_MODULE: f.read()})


def build_editable(wheel_directory, config_settings=None, metadata_directory=None):
    # A .pth line puts this folder on sys.path, so edits to proclife.py take effect at once.
    return _wheel(wheel_directory, {"proclife-editable.pth": (_HERE + "\n").encode("utf-8")})


def build_sdist(sdist_directory, config_settings=None):
    name, version, metadata = _metadata()
    base = "%s-%s" % (name, version)
    filename = base + ".tar.gz"
    with tarfile.open(os.path.join(sdist_directory, filename), "w:gz", format=tarfile.PAX_FORMAT) as sdist:
        for path in ("pyproject.toml", _MODULE, "build_backend/proclife_build.py"):
            sdist.add(os.path.join(_HERE, path), base + "/" + path)
        info = tarfile.TarInfo(base + "/PKG-INFO")
        data = metadata.encode("utf-8")
        info.size = len(data)
        sdist.addfile(info, io.BytesIO(data))
    return filename
