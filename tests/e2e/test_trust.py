"""End-to-end facts of the trust work (issue 13) that one-document fixtures
cannot show: the document-level decision in --dump-model, the severity of an
advertising claim raised by that decision, the corpus rule
pipeline/shared-lead-image, and Traditional Chinese cues matched in place.

Run: HLINT=build/src/hlint python3 tests/e2e/test_trust.py
"""
import json
import os
import sys
import tempfile

sys.path.insert(0, os.path.dirname(__file__))
from hlint_test import Failures, findings, run, write  # noqa: E402

HEALTH = ("高血压是常见的慢性病，长期血压升高会损害心脏、大脑和肾脏。控制血压需要坚持服药、限制食盐摄入、规律运动。"
          "医生建议患者每年测量血压，出现头晕、胸闷等症状应及时就医，在医生指导下治疗。"
          "高血压患者还要注意情绪稳定，保证充足睡眠，戒烟限酒，控制体重，定期复查血脂和血糖。")
TUTORIAL = ("本文介绍如何使用 Docker 部署博客。首先安装 Docker，然后编写 Dockerfile，把静态文件复制到镜像中，"
            "再用 docker compose 启动容器。配置好域名解析和证书后，就可以通过浏览器访问博客了。")


def post(title, headimg, body):
    return f"\n---\ntitle: '{title}'\nheadimg: '{headimg}'\nauthor: 测试\n---\n\n<p>{body}</p>\n"


def dump(path):
    code, out, err = run(["--dump-model", path])
    return json.loads(out)["decisions"]


def main():
    failures = Failures()
    checks = 0
    check = failures.check

    def counted(condition, message):
        nonlocal checks
        checks += 1
        check(condition, message)

    failures.check = counted
    with tempfile.TemporaryDirectory() as tmp:
        # The decision, once per document, in --dump-model.
        health = os.path.join(tmp, "one", "health.txt")
        tutorial = os.path.join(tmp, "one", "tutorial.txt")
        advert = os.path.join(tmp, "one", "advert.txt")
        write(health, "高血压患者如何控制血压\n" + HEALTH + "\n")
        write(tutorial, "使用 Docker 部署博客\n" + TUTORIAL + "\n")
        write(advert, "护眼贴限时特惠\n到手价59元/盒，全国包邮，这款护眼贴纯天然，无副作用。\n")
        failures.check(dump(health)["health_information"] is True, "a health article gives health information")
        failures.check(dump(tutorial)["health_information"] is False, "a Docker tutorial gives no health information")
        failures.check(dump(advert)["advertisement"] is True, "a price per box and 包邮 make an advertisement")
        failures.check(dump(health)["advertisement"] is False, "a health article is no advertisement")

        # The same claim: warning in an advertisement, info in an article.
        got = findings(["--offline", "--select", "advertising/claim", os.path.join(tmp, "one")])
        by_file = {(os.path.basename(f["path"]), f["severity"]) for f in got}
        failures.check(("advert.txt", "warning") in by_file, f"a claim in an advertisement is a warning: {by_file}")
        article = os.path.join(tmp, "two", "article.txt")
        write(article, "高血压患者如何控制血压\n" + HEALTH + "\n这种祖传药膏无副作用。\n")
        got = findings(["--offline", "--select", "advertising/claim", article])
        failures.check([f["severity"] for f in got] == ["info"], f"the same claim in an article is info: {got}")

        # disclaimer/missing: health documents only; Traditional cues matched in place.
        got = findings(["--offline", "--select", "disclaimer/missing", os.path.join(tmp, "one")])
        names = sorted(os.path.basename(f["path"]) for f in got)
        failures.check("tutorial.txt" not in names, f"no disclaimer needed in a tutorial: {names}")
        failures.check("health.txt" in names, f"the health article has no disclaimer: {names}")
        documents = {os.path.basename(f["path"]): f.get("document") for f in got}
        failures.check(documents.get("health.txt") == {"health_information": True, "advertisement": False},
                       f"JSON findings carry their document's decision: {documents}")
        traditional = os.path.join(tmp, "three", "traditional.txt")
        write(traditional, "高血壓患者如何控制血壓\n" + HEALTH + "\n本文內容僅供參考，不應視為診療建議。\n")
        got = findings(["--offline", "--select", "disclaimer/missing", traditional])
        failures.check(got == [], f"a Traditional-Chinese disclaimer counts: {got}")

        # attribution/missing is opt-in: silent by default, on when --select or a
        # configuration names it (health.txt names no source).
        got = findings(["--offline", os.path.join(tmp, "one")])
        failures.check(not any(f["rule"] == "attribution/missing" for f in got),
                       f"attribution/missing is off by default: {[f['rule'] for f in got]}")
        got = findings(["--offline", "--select", "attribution/missing", os.path.join(tmp, "one")])
        failures.check([os.path.basename(f["path"]) for f in got] == ["health.txt"],
                       f"--select attribution/missing turns it on: {got}")
        reprints = os.path.join(tmp, "reprints")
        write(os.path.join(reprints, "health.txt"), "高血压患者如何控制血压\n" + HEALTH + "\n")
        write(os.path.join(reprints, ".hlint.yaml"), "rules:\n  attribution/missing: on\n")
        got = findings(["--offline", reprints])
        failures.check([f["severity"] for f in got if f["rule"] == "attribution/missing"] == ["info"],
                       f"`attribution/missing: on` in a configuration turns it on: {got}")
        code, out, err = run(["--list-rules"])
        line = next((l for l in out.splitlines() if l.startswith("attribution/missing ")), "")
        failures.check("(opt-in)" in line, f"--list-rules marks it opt-in: {line}")

        # pipeline/shared-lead-image: an advertising banner that is the headimg and the
        # first picture of three posts is one finding; of two posts, none; a theme's
        # icon set as the thumbnail of three posts (not in their text) is none.
        corpus = os.path.join(tmp, "corpus")
        banner = "https://cdn.example.com/ad/banner.png"
        for i in range(3):
            write(os.path.join(corpus, f"p{i}.txt"), post(f"文章{i}", banner, f'<img src="{banner}">第{i}篇的正文。'))
        write(os.path.join(corpus, "own.txt"), post("自己的图", "https://cdn.example.com/own.png", "正文。"))
        icon = "https://cdn.example.com/theme/golang-icon.png"
        for i in range(3):
            write(os.path.join(corpus, f"q{i}.txt"), post(f"笔记{i}", icon, f"第{i}篇笔记的正文。"))
        got = findings(["--offline", "--select", "pipeline/shared-lead-image", corpus])
        failures.check(len(got) == 1, f"one finding for the shared banner, none for the theme icon: {got}")
        if got:
            f = got[0]
            failures.check(os.path.basename(f["path"]) == "p0.txt" and f["start"]["line"] == 4,
                           f"reported at the first document's headimg: {f['path']}:{f['start']['line']}")
            failures.check("3 documents" in f["message"] and "p2.txt" in f["message"],
                           f"the message counts and lists the documents: {f['message']}")
        os.remove(os.path.join(corpus, "p2.txt"))
        got = findings(["--offline", "--select", "pipeline/shared-lead-image", corpus])
        failures.check(got == [], f"two documents are below min-documents (3): {got}")
    failures.finish(checks)


if __name__ == "__main__":
    main()
