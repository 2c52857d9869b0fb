"""Generate a synthetic policygen project for the benchmark, deterministically.

    .venv/bin/python bench/generate.py OUT_DIR [--policies 50] [--articles 40] [--seed 20241201]

The text is made of the real sentences of the shipped policies (policies/*.yaml),
reshuffled, so glyph coverage and line breaking are realistic. Every article
(its text plus its items) holds 80–150 Chinese characters; chapters hold ~10
articles; some articles have items, about a quarter bind a role, a few refer to
another article or to a channel; roles and channels come from small shared
pools, so the booklet's role index and channel directory merge entries across
policies. The output is valid (``policygen validate`` reports no problem).
"""

from __future__ import annotations

import argparse
import random
import re
import sys
from pathlib import Path
from typing import Any

from ruamel.yaml import YAML

ROOT = Path(__file__).resolve().parents[1]
SEED = 20241201

CHAPTER_TITLES = [
    "总则", "组织与职责", "客户信息管理", "客户沟通与维护", "客户服务标准", "投诉处理", "客户回访",
    "客户分级管理", "数据安全与保密", "考核与奖惩", "培训与监督", "流程管理", "档案管理", "附则",
]
TITLE_TOPICS = [
    "客户关系管理", "客户信息保密", "客户投诉处理", "客户回访", "大客户维护", "客户服务质量", "客户档案",
    "售后服务", "客户满意度调查", "客户分级", "客户接待", "客户沟通", "客户数据安全", "渠道客户",
]
TITLE_KINDS = ["制度", "规定", "办法", "实施细则", "管理规范", "工作规程"]
ROLE_POOL = [
    ("customer-service", "客户服务部"), ("sales", "销售部"), ("marketing", "市场部"), ("tech-support", "技术支持部"),
    ("quality", "质量管理部"), ("hr", "人力资源部"), ("finance", "财务部"), ("legal", "法务部"),
    ("it", "信息技术部"), ("account-manager", "客户经理"), ("service-rep", "客服专员"), ("dept-head", "部门负责人"),
]
CHANNEL_POOL = [
    ("hotline", "phone", "客户服务热线", "400-800-1234", "工作日 9:00-18:00"),
    ("complaint-line", "phone", "投诉电话", "010-8888 6666", "每日 8:00-20:00"),
    ("service-mail", "email", "客服邮箱", "service@example.com", None),
    ("complaint-mail", "email", "投诉邮箱", "complaint@example.com", None),
    ("website", "website", "客户服务网站", "www.example.com", None),
    ("wechat", "social", "微信公众号", "示例科技客服", None),
    ("office", "address", "客户接待室", "北京市海淀区示例路1号", "工作日 9:00-17:00"),
]
NUMERALS = "一二三四五六七八九十"
REF = re.compile(r"\\?\[\[[^\]]*\]\]")
CJK = re.compile(r"[\u4e00-\u9fff]")


def _strings(node: Any) -> list[str]:
    if isinstance(node, str):
        return [node]
    if isinstance(node, dict):
        return [s for k, v in node.items() if k not in ("id", "roles", "value", "version", "date", "show") for s in _strings(v)]
    if isinstance(node, list):
        return [s for v in node for s in _strings(v)]
    return []


def corpus(folder: Path = ROOT / "policies") -> list[str]:
    """Return the distinct sentences of the shipped zh-Hans policies (references removed)."""
    yaml = YAML(typ="safe")
    seen: dict[str, None] = {}
    for path in sorted(folder.glob("*.yaml")):
        data = yaml.load(path.read_text(encoding="utf-8"))
        if not isinstance(data, dict) or data.get("language", "zh-Hans") != "zh-Hans":
            continue  # Simplified Chinese only: traditional glyphs would fall back to other fonts
        for text in _strings(data):
            text = REF.sub("", text).strip()
            for sentence in re.findall(r"[^。；！？]+[。；！？]?", text):
                sentence = sentence.strip()
                if len(CJK.findall(sentence)) >= 8 and not sentence.startswith(("#", "-")):
                    seen.setdefault(sentence.rstrip("；") + ("" if sentence.endswith(("。", "！", "？")) else "。"), None)
    sentences = list(seen)
    if len(sentences) < 50:
        raise SystemExit(f"only {len(sentences)} sentences found in {folder} — the benchmark needs the shipped policies")
    return sentences


class Text:
    """Draws text of a given length from the shuffled sentences."""

    def __init__(self, sentences: list[str], rng: random.Random) -> None:
        self.rng = rng
        self.pool = list(sentences)
        rng.shuffle(self.pool)
        self.i = 0

    def _next(self) -> str:
        if self.i >= len(self.pool):
            self.rng.shuffle(self.pool)
            self.i = 0
        s = self.pool[self.i]
        self.i += 1
        return s

    def take(self, n: int, end: str = "。") -> str:
        """Return about ``n`` characters (exactly n) of whole and cut sentences ending with ``end``."""
        out = ""
        while len(out) < n:
            out += self._next()
        out = out[: n - 1].rstrip("，、；：。 ")
        while len(out) < n - 1:  # stripping punctuation may shorten it
            out += self._next()[: n - 1 - len(out)].rstrip("，、；：。 ") or "等"
        return out + end


def _slug(i: int) -> str:
    return f"policy-{i:02d}"


def make_policy(i: int, n_articles: int, text: Text, rng: random.Random) -> dict[str, Any]:
    notice = i % 10 == 9
    pid = _slug(i)
    roles = rng.sample(ROLE_POOL, rng.randint(3, 4))
    channels = rng.sample(CHANNEL_POOL, rng.randint(2, 3))
    n_versions = rng.randint(1, 3)
    versions = [f"1.{v}" for v in range(n_versions)]
    year = 2020 + i % 5
    issued = f"{year}-{1 + i % 12:02d}-{1 + i % 27:02d}"
    chapters_n = max(1, round(n_articles / 10))
    sizes = [n_articles // chapters_n + (1 if c < n_articles % chapters_n else 0) for c in range(chapters_n)]
    titles = [CHAPTER_TITLES[0], *rng.sample(CHAPTER_TITLES[1:-1], chapters_n - 2), CHAPTER_TITLES[-1]] if chapters_n > 2 else CHAPTER_TITLES[: chapters_n - 1] + [CHAPTER_TITLES[-1]]
    used_roles: set[str] = set()
    article_ids: list[str] = []
    chapters = []
    number = 0
    for c, size in enumerate(sizes):
        articles = []
        for _ in range(size):
            number += 1
            aid = f"a{number:03d}"
            total = rng.randint(80, 150)
            art: dict[str, Any] = {"id": aid}
            if rng.random() < 0.3:
                art["title"] = text.take(rng.randint(4, 7), end="")
            if rng.random() < 0.2:  # an article with items: lead text plus 2–4 items
                k = rng.randint(2, 4)
                lead = rng.randint(25, 40)
                rest = total - lead
                each = [rest // k + (1 if j < rest % k else 0) for j in range(k)]
                art["text"] = text.take(lead, end="：")
                art["items"] = [text.take(n, end="；" if j < k - 1 else "。") for j, n in enumerate(each)]
            else:
                draw = rng.random()
                if article_ids and draw < 0.05:  # a reference to an earlier article (≈ 第十二条)
                    body = text.take(total - 9)[:-1] + f"，依照[[{rng.choice(article_ids)}]]执行。"
                elif draw < 0.08:  # a reference to a channel (its value)
                    body = text.take(total - 18)[:-1] + f"，可通过[[{channels[0][0]}]]联系。"
                else:
                    body = text.take(total)
                art["text"] = body
            if rng.random() < 0.25:
                rid = rng.choice(roles)[0]
                art["roles"] = [rid]
                used_roles.add(rid)
            article_ids.append(aid)
            articles.append(art)
        chapter: dict[str, Any] = {"id": f"c{c + 1:02d}", "title": titles[c], "articles": articles}
        if c == len(sizes) - 1:
            chapter["show"] = "channels"
        chapters.append(chapter)
    # every declared role is bound by at least one article (no warnings)
    flat = [a for ch in chapters for a in ch["articles"]]
    for rid, _ in roles:
        if rid not in used_roles:
            art = flat[rng.randrange(len(flat))]
            art.setdefault("roles", []).append(rid)
            if len(art["roles"]) > 1:
                art["roles"] = sorted(set(art["roles"]))
    topic = TITLE_TOPICS[i % len(TITLE_TOPICS)]
    policy: dict[str, Any] = {
        "format": 1,
        "id": pid,
        "kind": "notice" if notice else "regulation",
        "title": f"关于加强{topic}工作的通知（第{i + 1}号）" if notice else f"{topic}{TITLE_KINDS[i % len(TITLE_KINDS)]}（第{i + 1}号）",
        "language": "zh-Hans",
        "version": versions[-1],
        "status": "published",
        "issued": issued,
        "effective": issued,
        "doc_number": f"客服〔{year}〕{i + 1}号",
        "owner": roles[0][1] if roles[0][1].endswith("部") else "客户服务部",
        "changelog": [
            {"version": v, "date": f"{year - n_versions + 1 + k}-{1 + i % 12:02d}-{1 + i % 27:02d}", "summary": "首次发布" if k == 0 else text.take(rng.randint(12, 24), end="")}
            for k, v in enumerate(versions)
        ],
        "roles": [{"id": rid, "name": name, "duties": [text.take(rng.randint(30, 60)) for _ in range(rng.randint(1, 2))]} for rid, name in roles],
        "channels": [{"id": cid, "type": ctype, "name": name, "value": value, **({"hours": hours} if hours else {})} for cid, ctype, name, value, hours in channels],
        "chapters": chapters,
    }
    if notice:
        policy["recipients"] = ["公司各部门"]
    return policy


def generate(out: Path, *, policies: int = 50, articles: int = 40, seed: int = SEED) -> dict[str, Any]:
    """Write ``policygen.yaml`` and ``policies/*.yaml`` into ``out``; return a summary."""
    rng = random.Random(seed)
    text = Text(corpus(), rng)
    (out / "policies").mkdir(parents=True, exist_ok=True)
    yaml = YAML()
    yaml.width = 4096
    yaml.allow_unicode = True
    ids = []
    chars = 0
    n_articles = 0
    for i in range(policies):
        policy = make_policy(i, articles, text, rng)
        ids.append(policy["id"])
        for ch in policy["chapters"]:
            for a in ch["articles"]:
                n_articles += 1
                chars += len(CJK.findall(a["text"] + "".join(a.get("items", []))))
        with (out / "policies" / f"{policy['id']}.yaml").open("w", encoding="utf-8") as fh:
            yaml.dump(policy, fh)
    project = {
        "format": 1,
        "organisation": "示例科技有限公司",
        "title": "客户管理规章制度汇编（基准测试）",
        "edition": "2024年版",
        "date": "2024-12-01",
        "language": "zh-Hans",
        "theme": "gbt9704",
        "preface": [text.take(120), text.take(90)],
        "policies_dir": "policies",
        "policies": ids,
        "formats": ["pdf", "docx", "html"],
        "output": "build",
    }
    with (out / "policygen.yaml").open("w", encoding="utf-8") as fh:
        yaml.dump(project, fh)
    return {"policies": policies, "articles": n_articles, "cjk_chars": chars, "seed": seed}


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("out", type=Path)
    ap.add_argument("--policies", type=int, default=50)
    ap.add_argument("--articles", type=int, default=40)
    ap.add_argument("--seed", type=int, default=SEED)
    args = ap.parse_args(argv)
    print(generate(args.out, policies=args.policies, articles=args.articles, seed=args.seed))
    return 0


if __name__ == "__main__":
    sys.exit(main())
