"""The preview's own HTML: the index, the bar over each policy, and the problem overlay."""

from __future__ import annotations

import json
from html import escape

from .state import Preview, Snapshot

_STYLE = """
#pg-bar{position:fixed;top:0;left:0;right:0;z-index:2147483000;font:13px/1.4 system-ui,sans-serif;
background:#1f2933;color:#fff;padding:6px 12px;display:flex;gap:14px;align-items:center}
#pg-bar a{color:#9fd3ff;text-decoration:none}#pg-bar .pg-status{margin-left:auto;opacity:.8}
body{padding-top:34px}
#pg-overlay{position:fixed;inset:34px 0 0 0;z-index:2147483001;background:rgba(20,20,20,.88);color:#fff;
overflow:auto;padding:24px 32px;font:14px/1.5 ui-monospace,monospace;display:none}
#pg-overlay h2{font:600 16px system-ui,sans-serif;color:#ff8a80;margin:0 0 12px}
#pg-overlay .pg-problem{margin:0 0 16px}#pg-overlay .pg-where{color:#ffd180}
#pg-overlay pre{margin:4px 0 0;padding:6px 10px;background:#000;color:#eee;white-space:pre}
"""

_SCRIPT = """
(function(){
  var current = %(version)d, page = %(page)s;
  function show(problems){
    var box = document.getElementById('pg-overlay');
    var errors = problems.filter(function(p){ return p.severity === 'error'; });
    if(!errors.length){ box.style.display='none'; box.innerHTML=''; return; }
    var html = '<h2>' + problems.length + ' problem(s) — the page shows the last good version</h2>';
    problems.forEach(function(p){
      html += '<div class="pg-problem"><div class="pg-where"></div><div class="pg-msg"></div>'
            + (p.line !== null ? '<pre></pre>' : '') + '</div>';
    });
    box.innerHTML = html;
    var items = box.querySelectorAll('.pg-problem');
    problems.forEach(function(p, n){
      items[n].querySelector('.pg-where').textContent = p.where;
      items[n].querySelector('.pg-msg').textContent = p.severity + ': ' + p.message;
      if(p.line !== null){ items[n].querySelector('pre').textContent = p.line + '\\n' + p.caret; }
    });
    box.style.display='block';
  }
  show(%(problems)s);
  var source = new EventSource('/events?since=' + current);
  source.onmessage = function(event){
    var state = JSON.parse(event.data);
    if(state.version <= current) return;
    current = state.version;
    var mine = page === null ? state.changed.length > 0 : state.changed.indexOf(page) >= 0;
    if(mine){ location.reload(); return; }
    show(state.problems);
  };
})();
"""


def problems_json(preview: Preview, snapshot: Snapshot) -> list[dict[str, object]]:
    """Return the snapshot's problems as the overlay shows them: where, message, source line and caret."""
    out: list[dict[str, object]] = []
    for problem in snapshot.problems:
        where = f"{problem.source}:{problem.line}:{problem.col}" if problem.line else problem.source
        line = preview.source_line(problem)
        caret = None
        if line is not None:
            caret = "".join(ch if ch == "\t" else " " for ch in line[: max(problem.col - 1, 0)]) + "^"
        out.append({"where": where, "severity": problem.severity, "message": problem.message,
                    "line": line, "caret": caret})
    return out


def event_data(preview: Preview, snapshot: Snapshot) -> str:
    """Return the server-sent event payload of a snapshot."""
    return json.dumps({"version": snapshot.version, "changed": sorted(snapshot.changed),
                       "problems": problems_json(preview, snapshot)}, ensure_ascii=False)


def chrome(preview: Preview, snapshot: Snapshot, page: str | None) -> str:
    """Return the bar, the overlay and the live-reload script to put at the end of a page's body."""
    links = ['<a href="/">index</a>']
    if page is not None:
        q = escape(page)
        links += [f'<a href="/policy/{q}.pdf">PDF</a>', f'<a href="/policy/{q}.docx">DOCX</a>',
                  f'<a href="/split/{q}">beside the PDF</a>']
    script = _SCRIPT % {"version": snapshot.version, "page": json.dumps(page),
                        "problems": json.dumps(problems_json(preview, snapshot), ensure_ascii=False)}
    script = script.replace("</", "<\\/")
    return (f"<style>{_STYLE}</style><div id=\"pg-bar\">{' '.join(links)}"
            f"<span class=\"pg-status\">policygen preview · {escape(str(preview.root))}</span></div>"
            f"<div id=\"pg-overlay\"></div><script>{script}</script>")


def with_chrome(document: str, chrome_html: str) -> str:
    """Return an HTML document with the preview's chrome before ``</body>``."""
    at = document.rfind("</body>")
    return document + chrome_html if at < 0 else document[:at] + chrome_html + document[at:]


def index_page(preview: Preview, snapshot: Snapshot) -> str:
    """Return the index: the booklet's title and every policy in booklet order."""
    project = snapshot.project
    title = escape(project.title) if project else "policygen preview"
    rows = []
    for ident in snapshot.order:
        policy = snapshot.policies[ident]
        q = escape(ident)
        rows.append(f'<tr><td><a class="pg-policy" href="/policy/{q}">{escape(policy.title)}</a></td>'
                    f"<td>{q}</td><td>{escape(policy.version)}</td><td>{escape(policy.status)}</td>"
                    f'<td><a href="/policy/{q}.pdf">PDF</a> · <a href="/policy/{q}.docx">DOCX</a></td></tr>')
    booklet = '<p><a href="/booklet.pdf">booklet PDF</a> (built on request)</p>' if project else ""
    body = (f"<h1>{title}</h1>{booklet}<table><thead><tr><th>title</th><th>id</th><th>version</th>"
            f"<th>status</th><th>downloads</th></tr></thead><tbody>{''.join(rows)}</tbody></table>")
    doc = (f'<!DOCTYPE html><html lang="zh"><head><meta charset="utf-8"><title>{title}</title>'
           "<style>body{font:15px/1.6 system-ui,'Noto Sans CJK SC',sans-serif;margin:0 32px}"
           "table{border-collapse:collapse}td,th{padding:4px 12px;border-bottom:1px solid #ddd;text-align:left}"
           f"</style></head><body>{body}</body></html>")
    return with_chrome(doc, chrome(preview, snapshot, None))


def split_page(ident: str) -> str:
    """Return a page with the policy's HTML and its PDF side by side."""
    q = escape(ident)
    return ('<!DOCTYPE html><html><head><meta charset="utf-8"><title>' + q + "</title>"
            "<style>html,body{margin:0;height:100%}body{display:flex}iframe{flex:1;border:0;height:100%}"
            f'</style></head><body><iframe src="/policy/{q}"></iframe><iframe src="/policy/{q}.pdf"></iframe>'
            "</body></html>")
