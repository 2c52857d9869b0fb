"""Words the documents print, per language, and date formatting."""

from __future__ import annotations

import datetime as dt

LABELS: dict[str, dict[str, str]] = {
    "zh-Hans": {
        "version": "版本号", "issued": "发布日期", "effective": "生效日期", "review_by": "复审日期",
        "doc_number": "文号", "owner": "制定部门", "approved_by": "批准", "recipients": "主送",
        "cc": "抄送", "attachment": "附件", "changelog": "修订记录", "col_version": "版本", "col_date": "日期",
        "col_summary": "修订内容", "roles": "岗位职责", "col_role": "岗位", "col_duties": "职责",
        "channels": "联系渠道", "col_type": "类型", "col_name": "名称", "col_value": "联系方式",
        "col_hours": "服务时间", "contents": "目录", "page": "第 {page} 页 共 {pages} 页",
        "org_fallback": "本公司", "issuer_line": "{org}{owner}", "interpretation": "本制度由{owner}负责解释。",
        "ch_phone": "电话", "ch_email": "电子邮件", "ch_website": "网站", "ch_social": "社交媒体",
        "ch_im": "即时通讯", "ch_address": "地址", "ch_other": "其他",
        "st_draft": "草案", "st_review": "征求意见稿", "st_approved": "已批准", "st_published": "已发布",
        "st_superseded": "已废止", "st_withdrawn": "已撤销", "status": "状态",
        "ref_notice_chapter": "第{cn}部分", "ref_notice_article": "第{cn}部分第{n}项",
        "printed": "印发", "role_index": "岗位职责索引", "channel_directory": "联系渠道一览",
        "revision_history": "修订历史", "appendix": "附录", "preface": "编制说明", "edition": "版次",
        "col_policy": "制度", "col_article": "条款", "col_status": "状态", "cited_by": "引用制度",
        "col_before": "修订前条文", "col_after": "修订后条文", "col_note": "修订说明",
        "comparison": "修订对照表", "colon": "：",
    },
    "zh-Hant": {
        "version": "版本號", "issued": "發布日期", "effective": "生效日期", "review_by": "複審日期",
        "doc_number": "文號", "owner": "制定部門", "approved_by": "核定", "recipients": "主送",
        "cc": "抄送", "attachment": "附件", "changelog": "修訂記錄", "col_version": "版本", "col_date": "日期",
        "col_summary": "修訂內容", "roles": "崗位職責", "col_role": "崗位", "col_duties": "職責",
        "channels": "聯絡管道", "col_type": "類型", "col_name": "名稱", "col_value": "聯絡方式",
        "col_hours": "服務時間", "contents": "目錄", "page": "第 {page} 頁 共 {pages} 頁",
        "org_fallback": "本公司", "issuer_line": "{org}{owner}", "interpretation": "本辦法由{owner}負責解釋。",
        "ch_phone": "電話", "ch_email": "電子郵件", "ch_website": "網站", "ch_social": "社群媒體",
        "ch_im": "即時通訊", "ch_address": "地址", "ch_other": "其他",
        "st_draft": "草案", "st_review": "徵求意見稿", "st_approved": "已核定", "st_published": "已發布",
        "st_superseded": "已廢止", "st_withdrawn": "已撤銷", "status": "狀態",
        "ref_notice_chapter": "第{cn}部分", "ref_notice_article": "第{cn}部分第{n}項",
        "printed": "印發", "role_index": "崗位職責索引", "channel_directory": "聯絡管道一覽",
        "revision_history": "修訂歷史", "appendix": "附錄", "preface": "編製說明", "edition": "版次",
        "col_policy": "制度", "col_article": "條款", "col_status": "狀態", "cited_by": "引用制度",
        "col_before": "現行條文", "col_after": "修正條文", "col_note": "說明",
        "comparison": "修正對照表", "colon": "：",
    },
    "en": {
        "version": "Version", "issued": "Issued", "effective": "Effective", "review_by": "Review by",
        "doc_number": "Reference", "owner": "Owner", "approved_by": "Approved by",
        "recipients": "To", "cc": "Cc", "attachment": "Attachment", "changelog": "Revision history", "col_version": "Version",
        "col_date": "Date", "col_summary": "Changes", "roles": "Roles and duties", "col_role": "Role",
        "col_duties": "Duties", "channels": "Channels", "col_type": "Type", "col_name": "Name",
        "col_value": "Contact", "col_hours": "Hours", "contents": "Contents",
        "page": "Page {page} of {pages}", "org_fallback": "the Company", "issuer_line": "{org}, {owner}",
        "interpretation": "{owner} is responsible for interpreting this policy.",
        "ch_phone": "Phone", "ch_email": "E-mail", "ch_website": "Website", "ch_social": "Social media",
        "ch_im": "Instant messaging", "ch_address": "Address", "ch_other": "Other",
        "st_draft": "DRAFT", "st_review": "FOR REVIEW", "st_approved": "APPROVED",
        "st_published": "PUBLISHED", "st_superseded": "SUPERSEDED", "st_withdrawn": "WITHDRAWN",
        "status": "Status", "ref_notice_chapter": "Part {n}", "ref_notice_article": "Part {c}, item {n}",
        "printed": "Issued", "role_index": "Role index", "channel_directory": "Channel directory",
        "revision_history": "Revision history", "appendix": "Appendix", "preface": "Preface",
        "edition": "Edition", "col_policy": "Policy", "col_article": "Article", "col_status": "Status",
        "cited_by": "Cited by", "col_before": "Before", "col_after": "After", "col_note": "Note",
        "comparison": "Comparison of revisions", "colon": ": ",
    },
}

_MONTHS = ["January", "February", "March", "April", "May", "June", "July", "August",
           "September", "October", "November", "December"]


def format_date(value: dt.date | None, language: str) -> str:
    """Return the date as printed: 2024年10月1日 (Arabic numerals) or 1 October 2024."""
    if value is None:
        return ""
    if language == "en":
        return f"{value.day} {_MONTHS[value.month - 1]} {value.year}"
    return f"{value.year}年{value.month}月{value.day}日"


def labels_for(language: str) -> dict[str, str]:
    """Return the label table of ``language``."""
    return LABELS[language]
