"""hlint in a real git repository (issue 16): exactly the expected files are
linted (.gitignore, .git/info/exclude, the global excludes file, .hlintignore,
node_modules, the default file types, hlint's own reports and baselines),
each with its nearest configuration (globs relative to the configuration's
directory, `extends:`), and the same findings from the root, from a
subdirectory and from outside the repository."""
import json
import os
import subprocess
import sys
import tempfile

sys.path.insert(0, os.path.dirname(__file__))
from hlint_test import Failures, run, write  # noqa: E402

T = Failures()
checks = 0
BAD = b"\xff bad byte\n"  # encoding/invalid-bytes at 1:1, whatever the content checks do


def case(name):
    global checks
    checks += 1
    return name


def git(*args, cwd):
    subprocess.run(["git"] + list(args), cwd=cwd, check=True, capture_output=True,
                   env=dict(os.environ, GIT_CONFIG_NOSYSTEM="1", HOME=cwd))


def lint(args, cwd):
    code, out, err = run(["--format", "json", "--select", "encoding,io,document"] + args, cwd=cwd)
    if code not in (0, 1):
        raise AssertionError(f"hlint {args} exited {code}: {err}")
    return [(f["path"], f["rule"], f["start"]["line"], f["start"]["column"]) for f in json.loads(out)["findings"]]


def files(args, cwd):
    code, out, err = run(["--show-files"] + args, cwd=cwd)
    T.equal(code, 0, f"--show-files {args} exit code ({err})")
    return out.splitlines()


def rebase(items, prefix):
    """Findings as seen from the repository root, whatever directory they were run from."""
    out = []
    for path, rule, line, column in items:
        path = os.path.normpath(os.path.join(prefix, path)).replace(os.sep, "/")
        out.append((path, rule, line, column))
    return sorted(out)


with tempfile.TemporaryDirectory() as tmp:
    repo = os.path.join(tmp, "blog")
    os.makedirs(repo)
    git("init", "-q", ".", cwd=repo)
    w = lambda rel, data: write(os.path.join(repo, rel), data)  # noqa: E731
    w(".gitignore", "public/\n*.log.md\n/generated.md\n")
    w(".git/info/exclude", "local-notes.md\n")
    w(os.path.join(tmp, "global-ignore"), "")
    write(os.path.join(tmp, "global-ignore"), "*.swp.md\n")
    git("config", "core.excludesFile", os.path.join(tmp, "global-ignore"), cwd=repo)
    w(".hlintignore", "# scratch work is never linted\nscratch/\n")
    w(".hlint.yaml", "exclude: [drafts/**]\n")
    # Linted: the default types, at any depth.
    w("source/_posts/a.md", BAD)
    w("source/_posts/b.txt", BAD)
    w("source/about.html", BAD)
    w("source/notes.markdown", BAD)
    w("source/old.htm", BAD)
    # Not linted: other types, ignored, excluded by configuration, dependencies.
    w("source/_posts/labels.jsonl", BAD)
    w("source/manifest.json", BAD)
    w("public/index.html", BAD)
    w("debug.log.md", BAD)
    w("generated.md", BAD)
    w("source/generated.md", BAD)  # `/generated.md` is anchored: this one is linted
    w("local-notes.md", BAD)
    w("editor.swp.md", BAD)
    w("scratch/idea.md", BAD)
    w("source/scratch/more.md", BAD)
    w("drafts/wip.md", BAD)
    w("node_modules/hexo/README.md", BAD)
    # A nested configuration extending the root one, globs relative to its own directory.
    w("wiki/.hlint.yaml", "extends: ../.hlint.yaml\nexclude: [private/**]\n"
      "overrides:\n  - paths: [legacy/**]\n    ignore: [encoding]\n")
    w("wiki/page.md", BAD)
    w("wiki/private/secret.md", BAD)
    w("wiki/legacy/old.md", BAD)
    w("wiki/drafts/x.md", BAD)  # wiki's `exclude` replaces the root's drafts/**
    # A subdirectory's .hlintignore, relative to itself.
    w("wiki/.hlintignore", "/page-*.md\n")
    w("wiki/page-1.md", BAD)
    w("wiki/sub/page-2.md", BAD)  # anchored to wiki/: not ignored
    git("add", "-A", cwd=repo)

    expected_files = [
        "source/_posts/a.md", "source/_posts/b.txt", "source/about.html", "source/generated.md",
        "source/notes.markdown", "source/old.htm", "wiki/drafts/x.md", "wiki/legacy/old.md", "wiki/page.md",
        "wiki/sub/page-2.md",
    ]
    expected_findings = sorted((p, "encoding/invalid-bytes", 1, 1) for p in expected_files if p != "wiki/legacy/old.md")

    case("files from the root")
    T.equal(sorted(files(["."], repo)), expected_files, "--show-files . from the root")

    case("findings from the root")
    root_findings = lint(["."], repo)
    T.equal(sorted(root_findings), expected_findings, "findings from the root")

    case("from a subdirectory")
    sub = os.path.join(repo, "source")
    T.equal(rebase(lint([".."], sub), "source"), expected_findings, "findings from source/ with ..")
    T.equal(sorted(files(["."], sub)), ["_posts/a.md", "_posts/b.txt", "about.html", "generated.md",
                                       "notes.markdown", "old.htm"], "--show-files . from source/")
    wiki = os.path.join(repo, "wiki")
    T.equal(sorted(lint(["."], wiki)), sorted([("drafts/x.md", "encoding/invalid-bytes", 1, 1),
                                               ("page.md", "encoding/invalid-bytes", 1, 1),
                                               ("sub/page-2.md", "encoding/invalid-bytes", 1, 1)]),
            "wiki/ alone: its own config (private/ excluded, legacy/ overridden)")

    case("from outside")
    T.equal(rebase(lint(["blog"], tmp), ""), sorted(("blog/" + f[0],) + f[1:] for f in expected_findings),
            "findings from the parent directory")
    T.equal(rebase(lint([repo], "/"), ""), sorted(((repo + "/" + f[0]),) + f[1:] for f in expected_findings),
            "findings with an absolute path from /")

    case("named files are always linted")
    T.equal(lint(["public/index.html", "source/manifest.json", "node_modules/hexo/README.md"], repo),
            [("node_modules/hexo/README.md", "encoding/invalid-bytes", 1, 1),
             ("public/index.html", "encoding/invalid-bytes", 1, 1),
             ("source/manifest.json", "encoding/invalid-bytes", 1, 1)], "ignored but named")
    T.equal(lint(["drafts/wip.md"], repo), [], "a named file excluded by its configuration (pre-commit) is skipped")

    case("--no-ignore")
    got = files(["--no-ignore", "."], repo)
    T.check("public/index.html" in got and "scratch/idea.md" in got and "local-notes.md" in got,
            f"--no-ignore lints ignored files: {got}")
    T.check("node_modules/hexo/README.md" not in got and "drafts/wip.md" not in got,
            "--no-ignore keeps node_modules and the configuration's exclude")

    case("include / extend-include")
    w("wiki/.hlint.yaml", "extends: ../.hlint.yaml\nextend-include: ['*.jsonl']\n")
    w("wiki/data.jsonl", BAD)
    T.check("wiki/data.jsonl" in files(["."], repo), "extend-include adds a type for wiki/")
    T.check("source/_posts/labels.jsonl" not in files(["."], repo), "but not outside wiki/")
    got = files(["--include", "*.json", "."], repo)
    T.equal(got, ["source/manifest.json"], "--include replaces the default types")
    w("wiki/.hlint.yaml", "extends: ../.hlint.yaml\nexclude: [private/**]\n"
      "overrides:\n  - paths: [legacy/**]\n    ignore: [encoding]\n")
    os.remove(os.path.join(repo, "wiki/data.jsonl"))

    case("hlint's own outputs")
    # A text report and a baseline written into the tree, then a second run over the tree.
    os.makedirs(os.path.join(repo, "reports"), exist_ok=True)
    code, _, err = run(["--select", "encoding", "-o", "report.txt", "--report", "json=reports/hlint.md", "."],
                       cwd=repo)
    T.equal(code, 1, f"first run ({err})")
    code, _, err = run(["--select", "encoding", "--write-baseline", "baseline.md", "."], cwd=repo)
    T.equal(code, 0, f"write baseline ({err})")
    got = files(["-o", "report.txt", "--report", "json=reports/hlint.md", "--baseline", "baseline.md", "."], repo)
    T.check(not any(p in got for p in ("report.txt", "reports/hlint.md", "baseline.md")),
            f"reports and the baseline of this run are not linted: {got}")
    code, out, err = run(["--format", "json", "--select", "encoding", "--baseline", "baseline.md", "."], cwd=repo)
    T.equal(json.loads(out)["findings"], [], f"--baseline on . reports nothing new ({err})")
    code, out, err = run(["--format", "json", "--select", "encoding", "--cache-dir", "cache", "."], cwd=repo)
    write(os.path.join(repo, "cache", "x.md"), BAD)
    T.check("cache/x.md" not in files(["--cache-dir", "cache", "."], repo), "the cache directory is not linted")

    case("show-config")
    code, out, err = run(["--show-config", "wiki/legacy/old.md"], cwd=repo)
    T.equal(code, 0, f"--show-config exit ({err})")
    T.check(f"# configuration: {repo}/wiki/.hlint.yaml" in out, f"names the nearest config:\n{out}")
    T.check(f"exclude: [private/**]  # {repo}/wiki/.hlint.yaml" in out, f"exclude and where it came from:\n{out}")
    T.check(f"# extends: [{repo}/wiki/../.hlint.yaml]" in out or f"# extends: [{repo}/.hlint.yaml]" in out,
            f"the extended file:\n{out}")
    code, out, err = run(["--show-config", "../source/about.html"], cwd=os.path.join(repo, "wiki"))
    T.check(f"exclude: [drafts/**]  # {repo}/.hlint.yaml" in out, f"from wiki/, a file elsewhere:\n{out}")

    case("--config overrides")
    w(os.path.join("..", "other.yaml"), "exclude: [source/_posts/**]\n")
    got = files(["--config", os.path.join(tmp, "other.yaml"), "."], repo)
    T.check("source/_posts/a.md" not in got and "drafts/wip.md" in got and "wiki/private/secret.md" in got,
            f"--config replaces every nearest config, globs relative to the working directory: {got}")

    case("stdin lists")
    code, out, err = run(["--format", "json", "--select", "encoding", "-"], cwd=repo,
                         stdin=b"source/_posts/a.md\0wiki/page.md\0")
    T.equal(sorted(f["path"] for f in json.loads(out)["findings"]), ["source/_posts/a.md", "wiki/page.md"],
            f"NUL-separated paths ({err})")
    ls = subprocess.run(["git", "ls-files", "-z", "*.md"], cwd=repo, capture_output=True).stdout
    listed = [p for p in ls.decode().split("\0") if p]
    T.check(len(listed) >= 10, f"git ls-files lists the tracked documents: {listed}")
    code, out, err = run(["--format", "json", "--select", "encoding,io,document", "-"], cwd=repo, stdin=ls)
    got = sorted((f["path"], f["rule"], f["start"]["line"], f["start"]["column"]) for f in json.loads(out)["findings"])
    T.equal(got, sorted(lint(listed, repo)), f"git ls-files -z | hlint - is hlint with the same paths ({err})")
    T.check(len(got) >= 8, f"... and lints them all, not only the first: {got}")

    case("--stdin-filename")
    code, out, err = run(["--format", "json", "--select", "encoding", "--stdin-filename", "wiki/legacy/new.md"],
                         cwd=repo, stdin=BAD)
    T.equal(json.loads(out)["findings"], [], f"the override of wiki/legacy/ applies to stdin ({err})")
    code, out, err = run(["--format", "json", "--select", "encoding", "--stdin-filename", "wiki/new.md"],
                         cwd=repo, stdin=BAD)
    got = [(f["path"], f["rule"], f["start"]["line"]) for f in json.loads(out)["findings"]]
    T.equal(got, [("wiki/new.md", "encoding/invalid-bytes", 1)], f"stdin linted as wiki/new.md ({err})")

    case("a broken nested config")
    w("wiki/.hlint.yaml", "exclude: [\n")
    code, out, err = run(["--select", "encoding", "."], cwd=repo)
    T.equal(code, 2, "a broken nested configuration is an error")
    T.check("wiki/.hlint.yaml" in err, f"naming the file: {err}")

    w("wiki/.hlint.yaml", "extends: ../.hlint.yaml\n")
    w(".hlint.yaml", "extends: wiki/.hlint.yaml\n")
    code, out, err = run(["--select", "encoding", "wiki"], cwd=repo)
    T.equal(code, 2, "an `extends` cycle is an error")
    T.check("cycle" in err, f"saying so: {err}")

# Outside any git work tree (hlint initialises libgit2 only when some ignore
# rule could apply: an ignore file above the directory, or a global excludes
# file): every kind of rule still counts, and a directory without any is
# linted whole.
with tempfile.TemporaryDirectory() as tmp:
    home = os.path.join(tmp, "home")
    loose = os.path.join(tmp, "loose")
    for rel in ("a.md", "b.md", "c.skip.md", "d.global.md", "sub/e.md", "sub/f.md", "sub/deep/g.md"):
        write(os.path.join(loose, rel), BAD)
    os.makedirs(home)
    bare_env = {"HOME": home, "XDG_CONFIG_HOME": os.path.join(home, ".config"), "GIT_CONFIG_NOSYSTEM": "1"}

    def loose_files(env):
        code, out, err = run(["--show-files", "."], cwd=loose, env=env)
        T.equal(code, 0, f"--show-files outside a repository ({err})")
        return sorted(out.splitlines())

    everything = ["a.md", "b.md", "c.skip.md", "d.global.md", "sub/deep/g.md", "sub/e.md", "sub/f.md"]
    case("outside a repository, no ignore file anywhere")
    T.equal(loose_files(bare_env), everything, "everything is linted")

    case("outside a repository, the default global excludes file")
    write(os.path.join(home, ".config", "git", "ignore"), b"*.global.md\n")
    T.equal(loose_files(bare_env), [f for f in everything if f != "d.global.md"], "$XDG_CONFIG_HOME/git/ignore")
    os.remove(os.path.join(home, ".config", "git", "ignore"))

    case("outside a repository, core.excludesFile in ~/.gitconfig")
    write(os.path.join(home, ".gitconfig"), f"[core]\n\texcludesFile = {tmp}/global-ignore\n".encode())
    write(os.path.join(tmp, "global-ignore"), b"*.global.md\n")
    T.equal(loose_files(bare_env), [f for f in everything if f != "d.global.md"], "the configured excludes file")
    os.remove(os.path.join(home, ".gitconfig"))

    case("outside a repository, .gitignore and .hlintignore files")
    write(os.path.join(loose, ".gitignore"), b"*.skip.md\n")
    write(os.path.join(loose, "sub", ".hlintignore"), b"/f.md\ndeep/\n")
    T.equal(loose_files(bare_env), ["a.md", "b.md", "d.global.md", "sub/e.md"], "both kinds of ignore file")
    os.remove(os.path.join(loose, ".gitignore"))
    T.equal(loose_files(bare_env), ["a.md", "b.md", "c.skip.md", "d.global.md", "sub/e.md"],
            "an .hlintignore alone, below a directory without any")

T.finish(checks)
