"""Settings schemas: every bad value a merchant can send gets a clear message; every
mistake a designer can make in a manifest is refused at start-up."""

from pathlib import Path

import pytest
from django.contrib.staticfiles import finders
from django.core.exceptions import ImproperlyConfigured, ValidationError

from themes.registry import BASE_THEME, get_theme, selectable_themes, themes
from themes.schema import merge_stored, parse_schema, validate_values

THEME_NAMES = ["base", "bold", "boutique", "minimal"]


def minimal_schema():
    return get_theme("minimal").settings


def errors_for(values):
    with pytest.raises(ValidationError) as caught:
        validate_values(minimal_schema(), values)
    return caught.value.message_dict


@pytest.mark.parametrize(
    ("name", "value", "message"),
    [
        ("color_primary", "red", "six hexadecimal digits"),
        ("color_primary", "#12345", "six hexadecimal digits"),
        ("color_primary", "#gggggg", "six hexadecimal digits"),
        ("color_primary", "#1234567", "six hexadecimal digits"),
        ("color_primary", 123456, "six hexadecimal digits"),
        ("color_bg", "rgb(0,0,0)", "six hexadecimal digits"),
        ("font_heading", "comic-sans", "Choose one of"),
        ("font_body", "", "Choose one of"),
        ("header_layout", "diagonal", "Choose one of: Logo left, menu right"),
        ("card_style", None, "Choose one of"),
        ("grid_columns", "7", "from 2 to 5"),
        ("grid_columns", "1", "from 2 to 5"),
        ("grid_columns", "three", "Enter a number"),
        ("grid_columns", "2.5", "multiple of 1"),
        ("grid_columns", "NaN", "Enter a number"),
        ("grid_columns", True, "Enter a number"),
        ("logo_height", "26", "multiple of 4 from 24"),
        ("radius", "-2", "from 0 to 24"),
        ("show_vendor", "maybe", "yes or no"),
        ("footer_note", "x" * 121, "at most 120 characters"),
        ("footer_note", "<script>alert(1)</script>", "Remove the characters"),
        ("footer_note", 5, "Enter text"),
    ],
)
def test_each_bad_value_gets_a_clear_message(name, value, message):
    errors = errors_for({name: value})
    assert list(errors) == [name]
    assert message in errors[name][0]


def test_all_bad_values_are_reported_at_once_and_unknown_names_too():
    errors = errors_for({"color_primary": "red", "grid_columns": "9", "colour_primry": "#000000"})
    assert set(errors) == {"color_primary", "grid_columns", "colour_primry"}
    assert "no setting by that name" in errors["colour_primry"][0]


def test_good_values_are_normalised_and_missing_ones_defaulted():
    values = validate_values(
        minimal_schema(),
        {
            "color_primary": " #AABBCC ",
            "grid_columns": "3",
            "show_vendor": "on",
            "footer_note": " Hi   there ",
        },
    )
    assert values["color_primary"] == "#aabbcc"
    assert values["grid_columns"] == 3
    assert values["show_vendor"] is True
    assert values["footer_note"] == "Hi there"
    assert values["font_body"] == get_theme("minimal").defaults["font_body"]


def test_stored_values_a_theme_no_longer_accepts_fall_back_one_by_one():
    merged = merge_stored(minimal_schema(), {"color_primary": "#ff0000", "grid_columns": 99})
    assert merged["color_primary"] == "#ff0000"
    assert merged["grid_columns"] == get_theme("minimal").defaults["grid_columns"]


def test_at_least_three_themes_besides_base_with_different_looks():
    assert sorted(themes()) == THEME_NAMES
    chosen = selectable_themes()
    assert chosen[-1].name == BASE_THEME
    looks = {
        (t.defaults["font_heading"], t.defaults["color_primary"], t.defaults["card_style"])
        for t in chosen
    }
    assert len(looks) == len(chosen)


@pytest.mark.parametrize("name", THEME_NAMES)
def test_every_manifest_is_complete_and_its_files_exist(name):
    theme = get_theme(name)
    assert theme.title and theme.version and theme.description
    for path in [theme.preview, *theme.stylesheets]:
        assert finders.find(path), path
    for font in theme.fonts.values():
        for path in font["files"].values():
            assert finders.find(path), path
        for cut in font["subsets"].values():
            for path in cut.values():
                assert finders.find(path), path
    # Every storefront template exists for this theme (its own, or base's).
    base_templates = {
        p.relative_to(get_theme("base").path / "templates")
        for p in (get_theme("base").path / "templates").rglob("*.html")
    }
    own = {
        p.relative_to(theme.path / "templates") for p in (theme.path / "templates").rglob("*.html")
    }
    assert own <= base_templates, "a theme only overrides templates base has"


def test_bundled_fonts_carry_their_licence():
    base = Path(get_theme("base").path) / "static" / "themes" / "base" / "fonts"
    for font in get_theme("base").fonts:
        assert (base / font / "LICENSE.txt").read_text().strip()


FONTS = get_theme("base").fonts


@pytest.mark.parametrize(
    ("raw", "message"),
    [
        ({}, "must be a list"),
        ([{"id": "Bad Id", "type": "color", "default": "#000000"}], "'id'"),
        ([{"id": "a", "type": "colour", "default": "#000000"}], "'type' must be one of"),
        ([{"id": "a", "type": "color", "default": "blue"}], "default 'blue' is invalid"),
        ([{"id": "a", "type": "color", "default": "#000000"}] * 2, "duplicate id"),
        (
            [{"id": "a", "type": "font", "choices": ["papyrus"], "default": "papyrus"}],
            "unknown fonts",
        ),
        ([{"id": "a", "type": "select", "default": "x"}], "needs 'choices'"),
        ([{"id": "a", "type": "range", "min": 5, "max": 1, "default": 3}], "min <= max"),
        ([{"id": "a", "type": "text", "default": "", "css_var": "--x"}], "cannot set a CSS var"),
        ([{"id": "a", "type": "color", "default": "#000000", "css_var": "color"}], "--name"),
    ],
)
def test_broken_manifests_are_refused_with_the_reason(raw, message):
    with pytest.raises(ImproperlyConfigured, match=message):
        parse_schema(raw, theme="broken", fonts=FONTS)


def test_manage_py_check_reports_a_broken_theme(tmp_path):
    from django.test import override_settings

    from themes.apps import check_theme_manifests
    from themes.registry import THEMES_DIR

    broken = tmp_path / "broken"
    broken.mkdir()
    (broken / "theme.json").write_text('{"name": "Broken", "settings": [{"id": "x"}]}')
    with override_settings(THEME_DIRS=[str(THEMES_DIR), str(tmp_path)]):
        errors = check_theme_manifests()
    assert [e.id for e in errors] == ["themes.E001"]
    assert "'broken'" in errors[0].msg and "'type' must be one of" in errors[0].msg
    assert check_theme_manifests() == []


def test_bundled_fonts_cover_more_than_latin():
    """Polish, Turkish, Czech or Vietnamese product names are drawn in the theme's font:
    every bundled font has its latin-ext cut; the ones that exist in Cyrillic have it."""
    fonts = get_theme("base").fonts
    assert all("latin-ext" in font["subsets"] for font in fonts.values())
    assert {"inter", "lora", "oswald", "cormorant-garamond"} <= {
        fid for fid, font in fonts.items() if "cyrillic" in font["subsets"]
    }


def test_an_unknown_font_subset_is_refused_with_the_reason():
    from themes.registry import _fonts

    raw = {"x": {"family": "X", "files": {"400": "a.woff2"}, "subsets": {"klingon": {}}}}
    with pytest.raises(ImproperlyConfigured, match="unknown subset 'klingon'"):
        _fonts(raw, theme="broken")
