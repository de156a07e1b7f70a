"""miglint's PEP 517 build backend: the standard library only, so `pip install .`
and `pip wheel .` work with no package index.

The wheel carries the portable binary (CMake's `portable` preset: only glibc is
linked dynamically) as a data script, so pip puts `miglint` on PATH, and the
rule pages as data under share/miglint/rules, where the binary looks for them
(<exe>/../share/miglint/rules). Its platform tag names the newest glibc symbol
version the binary needs.

MIGLINT_PREBUILT=/path/to/miglint packs that binary instead of building one
(CI builds the portable preset once and packs it). SOURCE_DATE_EPOCH sets the
zip entries' time stamps; without it they are fixed, so the same binary gives
the same wheel.
"""

import base64
import hashlib
import io
import os
import platform
import re
import shutil
import subprocess
import sys
import tarfile
import zipfile

NAME = "miglint"
SUMMARY = "Static safety linter for PostgreSQL migrations (SQL files and Alembic revisions)"
HOMEPAGE = "https://github.com/miglint/miglint"


def _root():
    # PEP 517 runs the hooks with the project's root as the working directory.
    return os.path.abspath(os.getcwd())


def _version(root):
    with open(os.path.join(root, "CMakeLists.txt"), encoding="utf-8") as f:
        match = re.search(r"project\(\s*miglint\s+VERSION\s+([0-9][0-9A-Za-z.]*)", f.read())
    if not match:
        raise RuntimeError("miglint_build: no `project(miglint VERSION x.y.z)` in CMakeLists.txt")
    return match.group(1)


def _readme(root):
    path = os.path.join(root, "README.md")
    if not os.path.exists(path):
        return ""
    with open(path, encoding="utf-8") as f:
        return f.read()


def _metadata(root, version):
    lines = [
        "Metadata-Version: 2.1",
        f"Name: {NAME}",
        f"Version: {version}",
        f"Summary: {SUMMARY}",
        f"Home-page: {HOMEPAGE}",
        "Requires-Python: >=3.7",
        "Classifier: Programming Language :: C++",
        "Classifier: Topic :: Database",
        "Classifier: Topic :: Software Development :: Quality Assurance",
        "Description-Content-Type: text/markdown",
    ]
    return "\n".join(lines) + "\n\n" + _readme(root)


def _run(command, root):
    print("miglint_build: " + " ".join(command), file=sys.stderr, flush=True)
    subprocess.run(command, cwd=root, check=True, stdout=sys.stderr)


def _binary(root):
    prebuilt = os.environ.get("MIGLINT_PREBUILT")
    if prebuilt:
        if not os.access(prebuilt, os.X_OK):
            raise RuntimeError(f"miglint_build: MIGLINT_PREBUILT={prebuilt} is not an executable file")
        return prebuilt
    if shutil.which("cmake") is None:
        raise RuntimeError(
            "miglint_build: cmake is missing: on Debian/Ubuntu run `bash setup.sh` as root "
            "(or apt-get install cmake ninja-build g++ and the packages setup.sh names)")
    _run(["cmake", "--preset", "portable"], root)
    _run(["cmake", "--build", "--preset", "portable", "-j", str(os.cpu_count() or 2)], root)
    return os.path.join(root, "build-portable", "miglint")


def newest_glibc(binary):
    """The newest GLIBC_x.y symbol version `binary` references, as (major, minor).

    The version names sit in the ELF's dynamic string table; the binary defines
    no GLIBC_ versions of its own, so each one found is one it needs."""
    with open(binary, "rb") as f:
        data = f.read()
    if data[:4] != b"\x7fELF":
        raise RuntimeError(f"miglint_build: {binary} is not an ELF executable")
    versions = {tuple(int(p) for p in m.group(1).split(b"."))
                for m in re.finditer(rb"GLIBC_([0-9]+\.[0-9]+(?:\.[0-9]+)?)\x00", data)}
    if not versions:
        raise RuntimeError(f"miglint_build: {binary} references no GLIBC_ symbol versions")
    newest = max(versions)
    return newest[0], newest[1]


def platform_tag(binary):
    major, minor = newest_glibc(binary)
    machine = platform.machine()
    if machine == "amd64":
        machine = "x86_64"
    return f"manylinux_{major}_{minor}_{machine}"


def _record_hash(data):
    digest = hashlib.sha256(data).digest()
    return "sha256=" + base64.urlsafe_b64encode(digest).rstrip(b"=").decode("ascii")


def _zip_time():
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    if epoch:
        import time
        t = time.gmtime(max(int(epoch), 315532800))  # zip cannot store times before 1980
        return t[:6]
    return (1980, 1, 1, 0, 0, 0)


class _WheelWriter:
    def __init__(self, path):
        self.zip = zipfile.ZipFile(path, "w", compression=zipfile.ZIP_DEFLATED)
        self.records = []
        self.time = _zip_time()

    def add(self, name, data, executable=False):
        info = zipfile.ZipInfo(name, date_time=self.time)
        info.compress_type = zipfile.ZIP_DEFLATED
        info.create_system = 3  # Unix, so pip honours the mode bits
        info.external_attr = ((0o100755 if executable else 0o100644) & 0xFFFF) << 16
        self.zip.writestr(info, data)
        self.records.append(f"{name},{_record_hash(data)},{len(data)}")

    def close(self, record_name):
        self.records.append(f"{record_name},,")
        info = zipfile.ZipInfo(record_name, date_time=self.time)
        info.compress_type = zipfile.ZIP_DEFLATED
        info.create_system = 3
        info.external_attr = 0o100644 << 16
        self.zip.writestr(info, "\n".join(self.records) + "\n")
        self.zip.close()


def _rule_pages(root):
    rules = os.path.join(root, "docs", "rules")
    return sorted(name for name in os.listdir(rules) if name.endswith(".md"))


# PEP 517 hooks

def get_requires_for_build_wheel(config_settings=None):
    return []


def get_requires_for_build_sdist(config_settings=None):
    return []


def build_wheel(wheel_directory, config_settings=None, metadata_directory=None):
    root = _root()
    version = _version(root)
    binary = _binary(root)
    tag = f"py3-none-{platform_tag(binary)}"
    wheel_name = f"{NAME}-{version}-{tag}.whl"
    dist_info = f"{NAME}-{version}.dist-info"
    data = f"{NAME}-{version}.data"
    os.makedirs(wheel_directory, exist_ok=True)
    path = os.path.join(wheel_directory, wheel_name)
    wheel = _WheelWriter(path)
    with open(binary, "rb") as f:
        wheel.add(f"{data}/scripts/{NAME}", f.read(), executable=True)
    # The `data` scheme is the environment's prefix: the pages land in <venv>/share/miglint/rules,
    # beside <venv>/bin/miglint's ../share, where `miglint explain` and SARIF read them.
    for page in _rule_pages(root):
        with open(os.path.join(root, "docs", "rules", page), "rb") as f:
            wheel.add(f"{data}/data/share/miglint/rules/{page}", f.read())
    wheel.add(f"{dist_info}/METADATA", _metadata(root, version).encode("utf-8"))
    wheel.add(f"{dist_info}/WHEEL", (
        "Wheel-Version: 1.0\n"
        "Generator: miglint_build\n"
        "Root-Is-Purelib: false\n"
        f"Tag: {tag}\n").encode("utf-8"))
    wheel.close(f"{dist_info}/RECORD")
    return wheel_name


def _sdist_files(root):
    """The checkout's tracked files (git), or every file outside build and fetched directories."""
    try:
        out = subprocess.run(["git", "ls-files", "-z"], cwd=root, check=True,
                             capture_output=True).stdout
        return sorted(p for p in out.decode("utf-8").split("\0") if p and os.path.isfile(os.path.join(root, p)))
    except (OSError, subprocess.CalledProcessError):
        pass
    skip = re.compile(r"^(build[^/]*|third_party|node_modules|\.git|dist)(/|$)")
    files = []
    for directory, dirs, names in os.walk(root):
        rel_dir = os.path.relpath(directory, root)
        dirs[:] = [d for d in dirs if not skip.match(os.path.normpath(os.path.join(rel_dir, d)))]
        files += [os.path.normpath(os.path.join(rel_dir, n)) for n in names]
    return sorted(files)


def build_sdist(sdist_directory, config_settings=None):
    root = _root()
    version = _version(root)
    base = f"{NAME}-{version}"
    os.makedirs(sdist_directory, exist_ok=True)
    name = f"{base}.tar.gz"
    mtime = int(os.environ.get("SOURCE_DATE_EPOCH", "0"))

    def normalize(info):
        info.uid = info.gid = 0
        info.uname = info.gname = ""
        info.mtime = mtime
        return info

    with tarfile.open(os.path.join(sdist_directory, name), "w:gz", format=tarfile.PAX_FORMAT) as tar:
        for rel in _sdist_files(root):
            tar.add(os.path.join(root, rel), arcname=f"{base}/{rel}", recursive=False, filter=normalize)
        pkg_info = _metadata(root, version).encode("utf-8")
        info = normalize(tarfile.TarInfo(f"{base}/PKG-INFO"))
        info.size = len(pkg_info)
        info.mode = 0o644
        tar.addfile(info, io.BytesIO(pkg_info))
    return name
