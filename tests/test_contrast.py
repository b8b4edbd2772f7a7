"""Form fields can be seen: their borders have at least 3:1 contrast against what surrounds them (WCAG 1.4.11).

The colours are read from the stylesheets as shipped (custom properties resolved), and the
contrast ratio is computed as WCAG 2 defines it, so changing a colour in the CSS is what this checks.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

CSS = Path(__file__).resolve().parents[1] / "static" / "css"
MINIMUM = 3.0


def stylesheet(name: str) -> str:
    return re.sub(r"/\*.*?\*/", "", (CSS / name).read_text(encoding="utf-8"), flags=re.S)


def custom_properties() -> dict[str, str]:
    root = re.search(r":root\s*\{(.*?)\}", stylesheet("archive.css"), flags=re.S).group(1)
    return dict(re.findall(r"(--[\w-]+)\s*:\s*([^;]+);", root))


def declarations(name: str, selector: str) -> dict[str, str]:
    """The declarations of the first rule whose selector list contains ``selector`` (top level or in @media)."""
    for selectors, body in re.findall(r"([^{}]+)\{([^{}]*)\}", stylesheet(name)):
        if selector in [s.strip() for s in selectors.split(",")]:
            return dict((k.strip(), v.strip()) for k, v in re.findall(r"([\w-]+)\s*:\s*([^;]+)", body))
    raise AssertionError(f"no rule for {selector} in {name}")


def colour(value: str) -> str:
    """A colour value with ``var(--x)`` resolved and a ``border`` shorthand reduced to its colour."""
    props = custom_properties()
    while match := re.search(r"var\((--[\w-]+)\)", value):
        value = value.replace(match.group(0), props[match.group(1)])
    found = re.search(r"#[0-9a-fA-F]{6}\b|#[0-9a-fA-F]{3}\b", value)
    assert found, value
    hex_ = found.group(0)[1:]
    return "#" + ("".join(c * 2 for c in hex_) if len(hex_) == 3 else hex_).lower()


def luminance(hex_colour: str) -> float:
    channels = [int(hex_colour[i : i + 2], 16) / 255 for i in (1, 3, 5)]
    linear = [c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]


def contrast(a: str, b: str) -> float:
    high, low = sorted((luminance(a), luminance(b)), reverse=True)
    return (high + 0.05) / (low + 0.05)


def test_the_contrast_formula_gives_the_known_ratios():
    assert contrast("#000000", "#ffffff") == pytest.approx(21.0)
    assert contrast("#767676", "#ffffff") == pytest.approx(4.54, abs=0.01)
    assert contrast("#d8d4cc", "#ffffff") == pytest.approx(1.48, abs=0.01)  # the old field border


# (stylesheet, selector of the field rule, what the field stands on)
FIELDS = [
    ("search.css", ".search-form__row input", "var(--paper)"),  # the search form is a white panel
    ("search.css", ".search-form__dates input", "var(--paper)"),
    ("archive.css", ".stats-filters select", "var(--paper)"),
    ("archive.css", ".stats-filters input[type=search]", "var(--paper)"),
    ("archive.css", ".hero__row input", "var(--paper)"),
]


@pytest.mark.parametrize(("sheet", "selector", "surround"), FIELDS)
def test_field_borders_have_three_to_one_contrast(sheet, selector, surround):
    border = colour(declarations(sheet, selector)["border"])
    for background in (colour(surround), colour("var(--wash)")):  # on a panel, or straight on the page
        assert contrast(border, background) >= MINIMUM, (selector, border, background)


def test_the_header_search_field_stands_out_from_the_header():
    # On the red header the field is a white box: its fill marks it out, whatever its border.
    field = declarations("archive.css", ".site-search input")
    header = colour(declarations("archive.css", ".site-header")["background"])
    assert contrast(colour(field["background"]), header) >= MINIMUM
