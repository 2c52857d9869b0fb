"""The words printed on receipts and registers, per language of the policy."""

from __future__ import annotations

_HANS = {
    "receipt": "签收回执", "register": "签收登记表", "title": "文件名称", "doc_number": "发文字号",
    "version": "版本号", "dates": "发布·生效", "issued": "发布", "effective": "生效", "hash": "校验码",
    "count": "所含制度", "count_value": "{n} 件（见下表）", "scan": "扫码核对发布文件", "listed": "所列规章制度",
    "person": "签收人", "signature": "签名：", "date": "日期：", "year": "年", "month": "月", "day": "日",
    "note": "本回执所指的发布：", "note_booklet": "下上表所列各版本（清单 booklet-releases.json）",
    "no": "序号", "id": "工号", "name": "姓名", "department": "部门", "role": "岗位", "sign": "签字",
    "date_col": "日期", "effective_date": "生效日期", "dept_line": "部门：",
    "page": "第 {page} 页 共 {pages} 页", "q1": "《", "q2": "》",
    "statement": "本人已收到并阅读《{title}》（版本号 {version}），理解其内容，承诺遵守。",
    "statement_booklet": "本人已收到并阅读《{title}》中上表所列 {n} 件规章制度（版本号见上表），理解其内容，承诺遵守。",
}
_HANT = {
    **_HANS,
    "receipt": "簽收回執", "register": "簽收登記表", "title": "文件名稱", "doc_number": "發文字號",
    "version": "版本號", "dates": "發布·生效", "issued": "發布", "hash": "校驗碼", "count": "所含制度",
    "count_value": "{n} 件（見下表）", "scan": "掃碼核對發布文件", "listed": "所列規章制度", "person": "簽收人",
    "signature": "簽名：", "note": "本回執所指的發布：", "note_booklet": "下上表所列各版本（清單 booklet-releases.json）",
    "no": "序號", "id": "工號", "department": "部門", "role": "崗位", "sign": "簽字", "effective_date": "生效日期",
    "dept_line": "部門：", "page": "第 {page} 頁 共 {pages} 頁",
    "statement": "本人已收到並閱讀《{title}》（版本號 {version}），理解其內容，承諾遵守。",
    "statement_booklet": "本人已收到並閱讀《{title}》中上表所列 {n} 件規章制度（版本號見上表），理解其內容，承諾遵守。",
}
_EN = {
    "receipt": "Acknowledgement of receipt", "register": "Acknowledgement register", "title": "Document",
    "doc_number": "Reference", "version": "Version", "dates": "Issued / effective", "issued": " issued",
    "effective": " effective", "hash": "Release hash", "count": "Policies", "count_value": "{n} (listed below)",
    "scan": "Scan to check the release", "listed": "Policies acknowledged", "person": "Employee",
    "signature": "Signature: ", "date": "Date: ", "year": "-", "month": "-", "day": "",
    "note": "This receipt refers to the release ", "note_booklet": " (versions listed above; booklet-releases.json)",
    "no": "No.", "id": "ID", "name": "Name", "department": "Department", "role": "Role", "sign": "Signature",
    "date_col": "Date", "effective_date": "Effective", "dept_line": "Department: ",
    "page": "Page {page} of {pages}", "q1": "“", "q2": "”",
    "statement": "I have received and read “{title}” (version {version}), understand its contents and undertake "
                 "to comply with it.",
    "statement_booklet": "I have received and read the {n} policies of “{title}” listed above (versions as listed), "
                         "understand their contents and undertake to comply with them.",
}


def labels_for(language: str) -> dict[str, str]:
    """Return the receipt and register words for a policy language (zh-Hans, zh-Hant or en)."""
    return {"zh-Hant": _HANT, "en": _EN}.get(language, _HANS)


def format_date(iso: str, language: str) -> str:
    """Return YYYY-MM-DD as printed: 2024年10月1日 in Chinese, unchanged in English."""
    if language == "en":
        return iso
    year, month, day = (int(x) for x in iso.split("-"))
    return f"{year}年{month}月{day}日"
