"""Installing without compiling (issue 16): `cmake --install` puts a working
hlint under a prefix; CPack builds hlint_<version>_amd64.deb whose control
file names the library packages the binary needs (dpkg-shlibdeps), and the
extracted package runs `hlint --version` from PATH. (.ci/package installs the
package for real with apt-get.)"""
import os
import re
import shutil
import subprocess
import sys
import tempfile

sys.path.insert(0, os.path.dirname(__file__))
from hlint_test import HLINT, Failures  # noqa: E402

T = Failures()
checks = 0
BUILD_DIR = os.environ.get("HLINT_BUILD_DIR") or os.path.abspath(os.path.join(os.path.dirname(HLINT), ".."))


def sh(args, **kwargs):
    return subprocess.run(args, capture_output=True, text=True, timeout=600, **kwargs)


with tempfile.TemporaryDirectory() as tmp:
    version = sh([HLINT, "--version"]).stdout.split()[-1]

    checks += 1
    prefix = os.path.join(tmp, "prefix")
    proc = sh(["cmake", "--install", BUILD_DIR, "--prefix", prefix, "--component", "Unspecified"])
    T.equal(proc.returncode, 0, f"cmake --install: {proc.stderr}")
    installed = os.path.join(prefix, "bin", "hlint")
    T.check(os.access(installed, os.X_OK), "cmake --install puts bin/hlint under the prefix")
    if os.access(installed, os.X_OK):
        T.equal(sh([installed, "--version"]).stdout.strip(), f"hlint {version}", "the installed binary runs")
        T.check(os.path.exists(os.path.join(prefix, "share", "doc", "hlint", "configuration.md")),
                "the docs are installed under share/doc/hlint")

    if shutil.which("cpack") is None or shutil.which("dpkg-deb") is None or shutil.which("dpkg-shlibdeps") is None:
        T.check(os.environ.get("CI", "") == "", "cpack, dpkg-deb and dpkg-shlibdeps (dpkg-dev) are needed in CI")
        print("SKIP: cpack/dpkg-dev missing")
        T.finish(checks)

    checks += 1
    out = os.path.join(tmp, "pkg")
    proc = sh(["cpack", "--config", os.path.join(BUILD_DIR, "CPackConfig.cmake"), "-B", out])
    T.equal(proc.returncode, 0, f"cpack: {proc.stdout[-2000:]} {proc.stderr[-2000:]}")
    deb = os.path.join(out, f"hlint_{version}_amd64.deb")
    T.check(os.path.exists(deb), f"the package is named hlint_<version>_amd64.deb: {os.listdir(out) if os.path.isdir(out) else out}")

    if os.path.exists(deb):
        checks += 1
        info = sh(["dpkg-deb", "--info", deb]).stdout
        fields = dict(re.findall(r"^ (\w[\w-]*): (.*)$", info, re.M))
        T.equal(fields.get("Package"), "hlint", "Package")
        T.equal(fields.get("Version"), version, "Version")
        T.equal(fields.get("Architecture"), "amd64", "Architecture")
        T.check(";" not in info, f"no CMake list separator in the control file:\n{info}")
        depends = fields.get("Depends", "")
        for library in ("libgit2-", "libtidy", "libcurl4", "libyaml-cpp", "libuchardet", "libunistring", "libc6"):
            T.check(library in depends, f"Depends names {library} (computed by dpkg-shlibdeps): {depends}")

        checks += 1
        root = os.path.join(tmp, "root")
        proc = sh(["dpkg-deb", "-x", deb, root])
        T.equal(proc.returncode, 0, f"dpkg-deb -x: {proc.stderr}")
        contents = sh(["dpkg-deb", "-c", deb]).stdout
        T.check("./usr/bin/hlint" in contents, f"the package installs /usr/bin/hlint:\n{contents}")
        env = dict(os.environ, PATH=os.path.join(root, "usr", "bin") + os.pathsep + os.environ.get("PATH", ""))
        proc = sh(["hlint", "--version"], env=env)
        T.equal(proc.stdout.strip(), f"hlint {version}", "hlint --version from PATH, from the package")
        sample = os.path.join(tmp, "doc.md")
        with open(sample, "wb") as f:
            f.write(b"\xff\n")
        proc = sh(["hlint", "--format", "concise", "--select", "encoding", sample], env=env)
        T.check(proc.returncode == 1 and "encoding/invalid-bytes" in proc.stdout,
                f"the packaged hlint lints: {proc.stdout} {proc.stderr}")

T.finish(checks)
