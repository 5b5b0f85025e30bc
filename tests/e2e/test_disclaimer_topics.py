"""disclaimer/missing counts topic words (health words that are not the sector's)
with the words the document decision (DocumentKind) found before it stopped reading,
then reads the paragraphs the decision did not. A health word added to the check's
list in the configuration is not on the decision's list: the check must then read
every paragraph itself.

Run: HLINT=build/src/hlint python3 tests/e2e/test_disclaimer_topics.py
"""
import os
import shutil
import sys
import tempfile

sys.path.insert(0, os.path.dirname(__file__))
from hlint_test import Failures, findings  # noqa: E402

# The decision is certain after the first paragraph (five sector words: 中医 医院 就医
# 健康 养生); the topic words are 血压, 高血压 and, when configured, 膝跳反射, all in it.
DOCUMENT = """
---
title: '某地中医医院举办健康养生开放日'
---

<div>
<p>某地中医医院将于本周六举办健康养生开放日，中医医院的专家介绍就医流程和养生常识，讲解高血压的日常管理和{word}的测试方法，欢迎市民到医院参加活动。</p>
<p>现场还有中医体验和健康咨询服务，活动免费，名额有限，请提前预约，预约电话见医院官网。</p>
</div>
"""

CONFIG = """extra-phrases:
  health-terms:
    - 膝跳反射
"""


def main():
    failures = Failures()
    work = tempfile.mkdtemp(prefix="hlint-disclaimer-topics-")
    try:
        config = os.path.join(work, "hlint.yaml")
        with open(config, "w", encoding="utf-8") as f:
            f.write(CONFIG)
        for word, config_path, expected in [
            ("膝跳反射", config, ["3:9"]),        # the third topic word, on the check's list only
            ("膝盖反射", config, []),             # two topic words: no finding
            ("膝跳反射", os.devnull, []),         # the word is no health word without the configuration
        ]:
            path = os.path.join(work, "doc.txt")
            with open(path, "w", encoding="utf-8") as f:
                f.write(DOCUMENT.format(word=word))
            items = findings(["--offline", "--config", config_path, "--select", "disclaimer/missing", path])
            spans = [f"{f['start']['line']}:{f['start']['column']}" for f in items]
            failures.equal(spans, expected, f"{word} with {os.path.basename(config_path)}")
    finally:
        shutil.rmtree(work, True)
    failures.finish(3)


if __name__ == "__main__":
    main()
