"""Citations: sources numbered S1, S2 ... in the order a page first cites them."""

from __future__ import annotations

from html import escape

from markupsafe import Markup

from calculator.model import Rules, Source


class Citations:
    """Numbers sources in the order the page first cites them; the Sources section lists exactly these."""

    def __init__(self, rules: Rules):
        self.rules = rules
        self.order: list[str] = []

    def label(self, source_id: str) -> str:
        if source_id not in self.rules.sources:
            raise KeyError(f"unknown source id {source_id!r}")
        if source_id not in self.order:
            self.order.append(source_id)
        return f"S{self.order.index(source_id) + 1}"

    def link(self, source_id: str) -> str:
        """[S3](url): straight to the document."""
        return f"[{self.label(source_id)}]({self.rules.sources[source_id].url})"

    def refs(self, source_ids) -> str:
        """Superscript links to the page's Sources list, for a block of text."""
        if not source_ids:
            return ""
        parts = ", ".join(f"[{self.label(s)}](#src-{s})" for s in source_ids)
        return f'<sup class="mi-cite">{parts}</sup>'

    # HTML twins of link() and refs(), for the blocks the templates write as raw HTML.
    def a(self, source_id: str) -> Markup:
        label = self.label(source_id)
        return Markup(f'<a href="{escape(self.rules.sources[source_id].url)}">{label}</a>')

    def refs_html(self, source_ids) -> Markup:
        if not source_ids:
            return Markup("")
        parts = ", ".join(f'<a href="#src-{escape(s)}">{self.label(s)}</a>' for s in source_ids)
        return Markup(f'<sup class="mi-cite">{parts}</sup>')

    def listed(self) -> list[tuple[str, str, Source]]:
        return [(f"S{i + 1}", sid, self.rules.sources[sid]) for i, sid in enumerate(self.order)]
