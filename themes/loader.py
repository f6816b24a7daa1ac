"""Template loader: the shop's active theme, then ``themes/base``.

One cached loader is kept per theme (not per request, not per shop): every shop on
the same theme shares the compiled templates. The theme is the request's (the shop's
published choice, or a staff preview: ``themes.selectors``); outside a request, the
shop's published one; the public schema and unknown themes use ``base``.
"""

from __future__ import annotations

import threading

from django.template.loaders.base import Loader as BaseLoader
from django.template.loaders.cached import Loader as CachedLoader

from themes.registry import BASE_THEME, installed_themes, template_dirs, theme_dirs
from themes.selectors import current_theme_name


class ThemeLoader(BaseLoader):
    def __init__(self, engine) -> None:
        super().__init__(engine)
        self._per_theme: dict[tuple, CachedLoader] = {}
        self._lock = threading.Lock()

    def _active_theme(self) -> str:
        theme = current_theme_name()
        return theme if theme in installed_themes() else BASE_THEME

    def _loader(self) -> CachedLoader:
        key = (self._active_theme(), theme_dirs())
        loader = self._per_theme.get(key)
        if loader is None:
            with self._lock:
                loader = self._per_theme.get(key)
                if loader is None:
                    dirs = [str(d) for d in template_dirs(key[0])]
                    loader = CachedLoader(
                        self.engine, [("django.template.loaders.filesystem.Loader", dirs)]
                    )
                    self._per_theme[key] = loader
        return loader

    def get_template(self, template_name, skip=None):
        return self._loader().get_template(template_name, skip=skip)

    def get_template_sources(self, template_name):
        yield from self._loader().get_template_sources(template_name)

    def reset(self) -> None:
        for loader in self._per_theme.values():
            loader.reset()
