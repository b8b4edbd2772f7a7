"""Shapes of the read API's answers (django-ninja schemas, which also make the OpenAPI schema).

Text fields are plain text. Where a passage has search hits, ``highlights``
lists them as ``[start, end)`` character offsets into the plain text, and the
same passage with ``<mark>`` is offered in a field named ``…_html``. Every
``url`` is absolute.
"""

from __future__ import annotations

import datetime as dt

from ninja import Field, Schema


class ErrorOut(Schema):
    error: str = Field(description="出错原因")


class Link(Schema):
    name: str
    url: str


class IssueTypeRef(Schema):
    slug: str
    name: str


class NoticeSummary(Schema):
    key: str = Field(description="通报的永久标识")
    title: str
    url: str = Field(description="通报的永久链接")
    api_url: str
    issuing_body: str
    issuing_body_id: int | None
    published_on: dt.date | None
    feedback_on: dt.date | None
    inspection_kind: str = Field(description="巡视或巡察")
    round: str
    round_id: int | None
    document_kind: str
    source_url: str = Field(description="通报最初发布的网页地址")


class Fact(Schema):
    name: str
    value: str


class FigureOut(Schema):
    measure: str
    value: str = Field(description="数值(十进制字符串,金额以元计)")
    unit: str
    clause: str
    section_path: str
    section_url: str


class SectionOut(Schema):
    notice_key: str
    path: str = Field(description="章节路径,如 2.1.3;永久不变")
    parent_path: str
    depth: int
    number: str = Field(description="原文中的序号,如 (三)")
    heading: str
    text: str
    issue_types: list[IssueTypeRef]
    url: str
    api_url: str


class Citation(Schema):
    gbt7714: str
    plain: str
    bibtex_url: str
    ris_url: str


class NoticeDetail(NoticeSummary):
    inspecting_organ: str
    inspection_group: str
    inspected_unit: str
    inspection_start: dt.date | None
    inspection_end: dt.date | None
    signed_on: dt.date | None
    problem_counts: dict | None
    facts: list[Fact] = Field(description="页面“基本信息”中的各项,已格式化")
    preamble: str
    closing: str
    figures: list[FigureOut]
    sections: list[SectionOut]
    issue_types: list[IssueTypeRef]
    original_url: str = Field(description="原始文件下载地址;没有原始文件时为空")
    data_csv_url: str
    citation: Citation


class SectionDetail(SectionOut):
    notice_title: str
    notice_url: str
    number_chain: str = Field(description="从最外层到本节的序号,如 二、(三)1.")
    children: list[str] = Field(description="下一级章节的路径")
    citation: Citation


class BodyOut(Schema):
    id: int
    name: str
    aliases: list[str]
    notices: int = Field(description="已公开通报数")
    search_url: str
    feed_url: str


class RoundOut(Schema):
    id: int
    label: str
    notices: int
    search_url: str


class IssueTypeOut(Schema):
    slug: str
    name: str
    description: str
    notices: int
    sections: int
    url: str
    search_url: str
    feed_url: str


class SectionHitOut(Schema):
    path: str = Field(description="章节路径;导语、结尾为空")
    heading: str
    url: str
    notice_url: str = Field(description="通报全文中该处的链接,带本次检索的全部条件(检索词高亮、可返回同一检索)")
    snippet: str = Field(description="摘录(纯文本)")
    highlights: list[list[int]] = Field(description="摘录中命中之处:[起, 止) 字符偏移")
    snippet_html: str = Field(description="同一摘录的 HTML,命中处为 <mark>,其余已转义")
    missing: list[str] = Field([], description="多词检索时,本节没有出现的检索词")


class MatchingSectionOut(Schema):
    path: str = Field(description="章节路径")
    heading: str = Field(description="序号与标题(纯文本)")
    url: str = Field(description="章节的永久链接")
    notice_url: str = Field(description="通报全文中该节的链接,带本次检索的全部条件(检索词高亮、可返回同一检索)")


class SearchHitOut(Schema):
    key: str
    title: str
    url: str
    api_url: str
    issuing_body: str
    feedback_on: dt.date | None
    inspection_kind: str
    main_issue_types: list[str] = Field(description="通报的主要问题类型(覆盖相当比例段落的类型)")
    sections: list[SectionHitOut]
    partial: bool = Field(False, description="部分匹配:通报没有包含全部检索词")
    missing: list[str] = Field([], description="部分匹配时通报中没有出现的检索词")
    matching_count: int | None = Field(
        None,
        description=(
            "本篇匹配的章节数(与检索页“本篇共 N 个章节匹配”相同:含检索词之一,选了问题类型时带有该类型);"
            "既无检索词又未选问题类型时为 null(每个章节都算匹配)"
        ),
    )
    matching_sections: list[MatchingSectionOut] = Field(
        [], description="本篇全部匹配章节,按原文顺序(sections 只列最相关的几个)"
    )


class FacetValueOut(Schema):
    value: str
    label: str
    count: int
    selected: bool
    sections: int | None = Field(None, description="问题类型:所计通报中带有该类型的段落数")


class SynonymOut(Schema):
    word: str = Field(description="检索词")
    added: list[str] = Field(description="同时检索的其他写法")


class SuggestionOut(Schema):
    word: str
    spelling: str = Field(description="档案中出现的相近写法")
    notices: int = Field(description="包含该写法的通报数")
    q: str
    url: str


class NoHitHintsOut(Schema):
    unmatched: list[str] = Field(description="在档案中没有出现的检索词")
    without_q: str = Field(description="去掉这些词后的检索式(无剩余词时为空)")
    without_url: str
    suggestions: list[SuggestionOut]


class SearchOut(Schema):
    count: int = Field(description="匹配的通报数")
    page: int
    pages: int
    page_size: int
    results: list[SearchHitOut]
    facets: dict[str, list[FacetValueOut]]
    messages: list[str] = Field(description="关于检索式的提示(已尽量检索)")
    partial: int = Field(0, description="结果中只包含部分检索词的通报数(不计入 count)")
    synonyms: list[SynonymOut] = Field([], description="检索词的同义词(编辑在后台维护)")
    synonyms_used: bool = Field(False, description="是否已同时检索这些同义词(syn=0 时不检索)")
    synonyms_toggle_url: str = Field("", description="切换是否使用同义词的检索链接")
    hints: NoHitHintsOut | None = Field(None, description="没有结果时的提示:哪些词没有出现、去掉它们的检索、相近写法")
    feed_url: str
    export_csv_url: str
    export_jsonl_url: str


class NoticePage(Schema):
    count: int
    page: int
    pages: int
    page_size: int
    results: list[NoticeSummary]
