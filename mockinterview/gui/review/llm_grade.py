"""The optional local model's grade, shown BESIDE the rule-based coverage (never instead of it).

Reads ``analysis["llm_grade"]`` as the engine stores it (``llm.grading.Grade.to_json`` plus
``disagreements`` with the rule-based statuses): per key point the model's status, the quote
(already checked to be a real span of the transcript), its comment; 'unsupported' is a verdict
the model could not back with the transcript's own words and is shown as such. Points where the
two graders disagree are highlighted; the stronger version of the answer and the uncertainty
note follow. ``analysis["generated_follow_up"]`` marks a follow-up the model wrote.
"""

from __future__ import annotations

from html import escape
from typing import Any

from mockinterview.gui.i18n import register, tr

register(
    {
        "llm.title": (
            "本地模型的评分（{model}，仅供参考，与规则评分并列）",
            "The local model's grade ({model}; for reference, beside the rule-based one)",
        ),
        "llm.status.covered": ("✔ 覆盖", "✔ covered"),
        "llm.status.partly": ("◐ 部分", "◐ partly"),
        "llm.status.missing": ("✗ 缺失", "✗ missing"),
        "llm.status.unsupported": ("⊘ 无依据", "⊘ unsupported"),
        "llm.unsupported": (
            "模型判为“{claimed}”，但给不出转写里的原话：这个判断没有依据，不采信。",
            "The model said '{claimed}' but quoted nothing the transcript contains: a verdict "
            "without evidence, not taken.",
        ),
        "llm.unsupported_none": ("模型没有评这一点。", "The model did not grade this point."),
        "llm.quote": ("原话", "quote"),
        "llm.rule": ("规则评分：{status}", "rule-based: {status}"),
        "llm.disagree": ("⚠ 与规则评分不一致", "⚠ disagrees with the rule-based grade"),
        "llm.disagreements": (
            "{n} 个要点两种评分不一致（黄色标出）：请听录音自己判断。",
            "{n} key point(s) graded differently by the two (marked yellow): listen and judge.",
        ),
        "llm.agree": ("两种评分在每个要点上一致。", "The two grades agree on every key point."),
        "llm.stronger": ("更好的说法（基于你的回答）", "A stronger version of your answer"),
        "llm.uncertain": (
            "转写不确定：模型已被告知，这份评分更要谨慎看待。",
            "The transcript is uncertain: the model was told so; take this grade with more care.",
        ),
        "llm.generated": ("本地模型追问", "generated"),
        "llm.generated_tip": (
            "这道追问由本地模型根据你的回答生成（不是题库里的）",
            "This follow-up was written by the local model from your answer (not from the bank)",
        ),
    }
)

MODEL_COLORS = {
    "covered": "#2e7d32",
    "partly": "#b28704",
    "missing": "#c62828",
    "unsupported": "#6d4c41",
}
DISAGREE_BG = "#fff3bf"
RULE_STATUS_KEYS = {"covered", "partly", "missed", "unclear"}


def grade_of(analysis: object) -> dict[str, Any] | None:
    """The stored model grade, or None (no model, or a value of the wrong shape)."""
    if not isinstance(analysis, dict):
        return None
    grade = analysis.get("llm_grade")
    if not isinstance(grade, dict) or not isinstance(grade.get("points"), list):
        return None
    return grade


def is_generated(analysis: object) -> bool:
    """True for the answer to a follow-up the local model wrote."""
    return isinstance(analysis, dict) and isinstance(analysis.get("generated_follow_up"), dict)


def generated_tag_html() -> str:
    return (
        f' <span style="background:#e3f2fd; color:#0d47a1;" title="{escape(tr("llm.generated_tip"))}">'
        f"&nbsp;{escape(tr('llm.generated'))}&nbsp;</span>"
    )


def _rule_status(analysis: dict[str, Any], index: int) -> str | None:
    points = analysis.get("key_points")
    if isinstance(points, list) and 1 <= index <= len(points) and isinstance(points[index - 1], dict):
        status = str(points[index - 1].get("status", ""))
        return status if status in RULE_STATUS_KEYS else None
    return None


def _said(status: str) -> bool:
    return status in ("covered", "partly")


def _disagreeing(grade: dict[str, Any], analysis: dict[str, Any]) -> set[int]:
    """Key points where the two graders differ on "said or not", against the rule-based status
    shown now (it may have been recomputed since the grade, e.g. after a correction); the
    disagreements stored with the grade stand in where no rule-based status exists."""
    out = set()
    for point in grade["points"]:
        if isinstance(point, dict) and isinstance(point.get("index"), int):
            rule = _rule_status(analysis, point["index"])
            if rule is not None and _said(rule) != _said(str(point.get("status"))):
                out.add(int(point["index"]))
    if not isinstance(analysis.get("key_points"), list):
        for item in grade.get("disagreements") or []:
            if isinstance(item, dict) and isinstance(item.get("index"), int):
                out.add(int(item["index"]))
    return out


def _point_html(point: dict[str, Any], rule: str | None, disagrees: bool) -> str:
    status = str(point.get("status", "unsupported"))
    if status not in MODEL_COLORS:
        status = "unsupported"
    color = MODEL_COLORS[status]
    style = f"margin-top:6px; background:{DISAGREE_BG};" if disagrees else "margin-top:6px;"
    out = [
        f'<p style="{style}"><b style="color:{color};">{escape(tr("llm.status." + status))}</b> '
        f"{escape(str(point.get('key_point', '')))}"
    ]
    details = []
    if rule is not None:
        details.append(escape(tr("llm.rule", status=tr("fb.status." + rule))))
    if disagrees:
        details.append(f"<b>{escape(tr('llm.disagree'))}</b>")
    if details:
        out.append("<br><small>" + " · ".join(details) + "</small>")
    quote = point.get("quote")
    if quote:
        out.append(f"<br><small>{escape(tr('llm.quote'))}: “{escape(str(quote))}”</small>")
    if status == "unsupported":
        claimed = str(point.get("claimed") or "none")
        text = tr("llm.unsupported_none") if claimed in ("none", "", "unsupported") else tr(
            "llm.unsupported", claimed=tr("llm.status." + claimed) if claimed in MODEL_COLORS else claimed
        )
        out.append(f'<br><small style="color:{color};">{escape(text)}</small>')
    comment = str(point.get("comment") or "").strip()
    if comment:
        out.append(f'<br><small style="color:#555;">{escape(comment)}</small>')
    out.append("</p>")
    return "".join(out)


def llm_grade_html(analysis: object) -> str:
    """The model's column: "" when the answer has no model grade."""
    grade = grade_of(analysis)
    if grade is None:
        return ""
    assert isinstance(analysis, dict)
    rows = [f"<b>{escape(tr('llm.title', model=str(grade.get('model') or '?')))}</b>"]
    if grade.get("uncertain"):
        rows.append(f'<br><small style="color:#8d6e00;">{escape(tr("llm.uncertain"))}</small>')
    disagree = _disagreeing(grade, analysis)
    note = tr("llm.disagreements", n=len(disagree)) if disagree else tr("llm.agree")
    rows.append(f"<br><small>{escape(note)}</small>")
    for point in grade["points"]:
        if not isinstance(point, dict):
            continue
        index = point.get("index")
        index = int(index) if isinstance(index, int) else 0
        rows.append(_point_html(point, _rule_status(analysis, index), index in disagree))
    stronger = str(grade.get("stronger_answer") or "").strip()
    if stronger:
        rows.append(f"<p><b>{escape(tr('llm.stronger'))}</b><br>{escape(stronger)}</p>")
    return "".join(rows)


def side_by_side_html(rule_html: str, analysis: object) -> str:
    """Rule-based key points | the model's grade, as two table columns (for a text browser)."""
    model = llm_grade_html(analysis)
    if not model:
        return rule_html
    return (
        '<table width="100%" cellspacing="4"><tr>'
        f'<td width="50%" valign="top">{rule_html}</td>'
        f'<td width="50%" valign="top">{model}</td></tr></table>'
    )
