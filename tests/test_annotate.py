"""Annotated copies: one Word comment per finding, on the words it is about; the draft untouched."""

from __future__ import annotations

import hashlib
import json
import shutil
from pathlib import Path

import pytest

from replycheck.annotate import read_comments
from replycheck.loaders.labels import match_label
from replycheck.model import Action, Category

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = ROOT / "examples"


def sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def squeeze(text: str) -> str:
    return "".join(text.split())


def findings_of(cli, path: Path) -> list[dict]:
    code, out, _ = cli(str(path), "--format", "json", "--exit-zero", "--show-pii")
    assert code == 0
    [result] = json.loads(out)
    return result["findings"]


CHECKLIST = "replycheck 读到的内容"


def assert_anchored(findings: list[dict], comments) -> None:
    # One comment per finding, then one with the checklist of what was read, on the document's first words.
    *comments, checklist = comments
    assert checklist.text.startswith(CHECKLIST) and "联系反映人" in checklist.text
    assert len(comments) == len(findings)
    for finding, comment in zip(findings, comments):
        assert finding["rule"] in comment.text and f"第{finding['clause']}条" in comment.text
        assert finding["message"] in comment.text
        if finding["excerpt"]:
            assert squeeze(comment.anchor) == squeeze(finding["excerpt"]), finding["rule"]
        elif finding["field"] and "缺少" not in comment.text:
            label = match_label(comment.anchor.strip())
            assert label is not None and label[0] == finding["field"], (finding["rule"], comment.anchor)


# One of each layout: a two-column table, a four-column table, paragraphs with inline labels,
# labels on their own line, labels above their cells; and defects both on words and missing things.
@pytest.mark.parametrize("name", [
    "bad-banli-in-progress.docx", "bad-banli-no-photo.docx", "bad-banli-vague-plan.docx",
    "bad-tousu-no-penalty.docx", "bad-tousu-vague-basis.docx", "bad-jubao-pii.docx",
    "bad-time-contact-before-received.docx", "bad-consistency-verdict.docx", "ok-zixun.docx",
])
def test_every_finding_becomes_a_comment_on_its_words(name, cli, tmp_path):
    source = tmp_path / name
    shutil.copy(EXAMPLES / name, source)
    before = sha256(source)
    target = tmp_path / "annotated.docx"
    code, _, err = cli(str(source), "--annotate", str(target), "--exit-zero")
    assert code == 0, err
    assert sha256(source) == before
    findings = findings_of(cli, source)
    assert findings, "every example has at least the seal reminder"
    assert_anchored(findings, read_comments(target))
    # The copy still reads as the same draft.
    assert findings_of(cli, target) == findings


def test_missing_field_comment_names_the_field(cli, tmp_path):
    source = tmp_path / "no-photo.docx"
    shutil.copy(EXAMPLES / "bad-banli-no-photo.docx", source)
    target = tmp_path / "out.docx"
    cli(str(source), "--annotate", str(target), "--exit-zero")
    photo = [c for c in read_comments(target) if "photo-evidence-missing" in c.text]
    assert len(photo) == 1 and "缺少“附件”" in photo[0].text
    assert photo[0].anchor == "杨家泊镇便民专线工单办理结果反馈单"


def test_unfilled_template_gets_a_comment_on_each_blank(cli, tmp_path):
    from replycheck.templates import placeholders, skeleton, to_docx

    source = tmp_path / "template.docx"
    data = skeleton(Category.办理, Action.延期, None)
    to_docx(data, source)
    target = tmp_path / "out.docx"
    cli(str(source), "--annotate", str(target), "--exit-zero")
    comments = read_comments(target)
    findings = findings_of(cli, source)
    assert_anchored(findings, comments)
    blanks = sorted(c.anchor for c in comments if "placeholder-unfilled" in c.text)
    assert blanks == sorted(f"【{p}】" for p in placeholders(data))


def test_repeated_words_anchor_on_the_occurrence_found(cli, tmp_path):
    import docx

    source = tmp_path / "repeat.docx"
    document = docx.Document()
    for line in ("工单类型：办理", "接单时间：2026-03-11 08:45",
                 "办理结果（内部可见）：2026年3月11日9时10分，社会事务办工作人员何雨电话联系反映人，"
                 "反映人称“APP上一直显示办理中”。3月11日上午，何雨查询后报区民政局变更账户，目前该问题正在办理中。",
                 "回复市民时间及内容（市民可见）：2026年3月12日15时，何雨电话回复市民：津贴预计于3月25日前补发。市民表示认可。"):
        document.add_paragraph(line)
    document.save(str(source))
    target = tmp_path / "out.docx"
    cli(str(source), "--annotate", str(target), "--exit-zero")
    [comment] = [c for c in read_comments(target) if "forbidden-in-progress" in c.text]
    assert comment.anchor == "办理中"
    assert comment.before.endswith("目前该问题正在"), comment.before


def test_annotate_refuses_what_it_cannot_do(cli, tmp_path):
    source = tmp_path / "draft.docx"
    shutil.copy(EXAMPLES / "ok-zixun.docx", source)
    before = sha256(source)
    code, _, err = cli(str(source), "--annotate", str(source))
    assert code == 2 and "不能覆盖原草稿" in err
    code, _, err = cli(str(source), "--annotate", str(tmp_path / "." / "draft.docx"))
    assert code == 2
    code, _, err = cli(str(source), str(EXAMPLES / "ok-tousu.docx"), "--annotate", str(tmp_path / "x.docx"))
    assert code == 2 and "单个" in err
    code, _, err = cli(str(EXAMPLES / "ok-zixun.json"), "--annotate", str(tmp_path / "x.docx"))
    assert code == 2 and ".docx" in err
    assert sha256(source) == before
    assert not (tmp_path / "x.docx").exists()


def test_a_docx_too_big_once_unpacked_is_not_opened_for_annotation(tmp_path, cli):
    # python-docx reads every part into memory: a small .docx holding a huge (well-compressed) picture
    # is refused under the same --max-size cap as checking, before python-docx opens it.
    import zipfile

    bomb = tmp_path / "回复.docx"
    with zipfile.ZipFile(EXAMPLES / "bad-banli-transferred.docx") as src, \
            zipfile.ZipFile(bomb, "w", zipfile.ZIP_DEFLATED) as out:
        for item in src.infolist():
            out.writestr(item, src.read(item))
        out.writestr("word/media/image99.png", b"\0" * (12 * 1024 * 1024))
    assert bomb.stat().st_size < 200 * 1024
    before = sha256(bomb)
    code, _, err = cli(str(bomb), "--annotate", str(tmp_path / "批注.docx"), "--max-size", "5")
    assert code == 2
    assert "批注副本未生成" in err and "超过上限 5 MB" in err and "--max-size" in err
    assert len(err.strip().splitlines()) == 1
    assert not (tmp_path / "批注.docx").exists() and sha256(bomb) == before
    # Under a cap that allows it, the same file is annotated as before.
    code, _, err = cli(str(bomb), "--annotate", str(tmp_path / "批注.docx"), "--max-size", "20")
    assert code == 1 and (tmp_path / "批注.docx").exists()


def test_text_no_label_claims_gets_its_comment_where_it_is(cli, tmp_path):
    import sys

    sys.path.insert(0, str(Path(__file__).resolve().parent))
    from docx_builders import label_right

    source = label_right(tmp_path / "d.docx", [("工单类型", "办理"), ("处理经过", "3月5日，城建科到现场更换了路灯灯泡。"),
                                                ("回复市民时间及内容", "3月6日电话回复市民，市民表示满意。")])
    target = tmp_path / "out.docx"
    code, _, err = cli(str(source), "--annotate", str(target), "--exit-zero")
    assert code == 0, err
    [loose] = [c for c in read_comments(target) if "unlabelled-text" in c.text]
    assert "“处理经过”下的文字没有认出属于哪一栏" in loose.text
    assert squeeze(loose.anchor) == "3月5日，城建科到现场更换了路灯灯泡。"
