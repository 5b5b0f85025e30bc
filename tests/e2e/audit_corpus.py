"""A small corpus for the audit tests: the bundled sample documents plus a
few documents written here (two publishers in their own directories, one
with a disclaimer and an attribution, one without), so that breakdowns,
presence checks and repeated blurbs have something to show."""
import os
import shutil

from hlint_test import SOURCE_DIR, write

HEXO = """
---
title: '{title}'
categories:
 - 健康
 - {publisher}
author: {publisher}
date: 2024-0{month}-1{day} 08:00:00
headimg: 'https://img.example.invalid/lead/{image}.png'
---

<div>
<p>{body}</p>
<p>高血压患者应当规律服药，定期监测血压，同时注意低盐饮食和适量运动，避免情绪激动和过度劳累。</p>
{tail}
<h3>相关推荐</h3>
<ul>
<li><a href="/a1.html">冬季如何预防感冒</a><p>冬季气温低，注意保暖，多喝温水，勤洗手可以减少感冒的发生。</p></li>
<li><a href="/a2.html">失眠怎么办</a><p>{blurb}</p></li>
</ul>
</div>
"""

DISCLAIMER = "<p>本文来源：{publisher}。温馨提示：本文仅供参考，不作诊断依据，如有不适请及时就医。</p>"


def build(work):
    """Copies the samples and writes the extra documents under work/corpus; returns that directory."""
    corpus = os.path.join(work, "corpus")
    shutil.copytree(os.path.join(SOURCE_DIR, "fixtures", "sample"), os.path.join(corpus, "sample"))
    for i in range(6):
        publisher = "健康时报" if i % 2 == 0 else "养生之道网"
        tail = DISCLAIMER.format(publisher=publisher) if i % 2 == 0 else ""
        text = HEXO.format(title=f"高血压患者日常注意事项第{i}篇", publisher=publisher, month=1 + i, day=i,
                           image="shared" if i < 4 else f"own{i}",
                           body=f"第{i}篇：高血压是一种常见的慢性病，需要长期管理，很多患者并没有明显症状。",
                           tail=tail,
                           blurb="睡前不要看手机，保持规律作息，必要时在医生指导下用药。" if i < 5 else f"第{i}种助眠方法。")
        write(os.path.join(corpus, "news", "health" if i % 2 == 0 else "wellness", f"{i:03d}.txt"), text)
    # A corpus of reprints: the opt-in presence rule for sources is on, so the
    # audit has both presence columns to show.
    write(os.path.join(corpus, ".hlint.yaml"), "rules:\n  attribution/missing: on\n")
    return corpus
