"""Install the course's JupyterLab defaults (run by `make` and by Binder's postBuild).

    python -m journeylib.labsettings

Writes ``<sys.prefix>/share/jupyter/lab/settings/overrides.json``: notebooks start their
kernel without asking (no kernel-selection dialog for learners), closing a notebook's tab
shuts its kernel down (nine notebooks left open filled most of Binder's ~2 GB), every cell
stays in the page (windowing off: widgets further down render, screen readers and
find-in-page see the whole notebook), and no news or update pop-ups (the course runs
offline). Existing overrides are kept; ours are merged in.

Also merges into ``<sys.prefix>/etc/jupyter/jupyter_server_config.json``: the
server accepts websocket messages up to 64 MB (default ~10 MB), so an uploaded survey CSV
or workbook within journeylib's own limits reaches the kernel instead of failing silently;
and it enables this module as a server extension (the language links below).

And it writes ``<sys.prefix>/share/jupyter/kernels/python3/kernel.json``, the environment's
Python kernel, to start :mod:`journeylib.kernel` (ipykernel without its debugger, giving
freed memory back after each cell), so every notebook, the lecture view and the tests run the
same, lighter kernel.

The lab's language
------------------
JupyterLab takes its display language only from the setting ``locale`` of
``@jupyterlab/translation-extension:plugin`` (JupyterLab 4 reads no URL parameter for it, and
a workspace holds layout, not settings). Two ways to choose it, neither touching the
system-wide overrides above:

* ``make lab`` (``LAB_LANG=nl``, the default, or ``LAB_LANG=en``) puts
  ``<sys.prefix>/share/jupyter/journeylib/lab-<lang>`` on ``JUPYTER_CONFIG_PATH`` for that one
  server: its ``labconfig/default_setting_overrides.json`` changes the setting's *default*
  (jupyterlab_server layers these files over overrides.json). Nothing is written to the
  learner's own settings, so a language picked in Settings > Language still wins, and other
  JupyterLab projects on the machine are not affected.
* A link (Binder badges: ``urlpath=journeylib/nl/lab/tree/...``): ``GET
  <base_url>/journeylib/<nl|en>/lab/...`` stores that language as the user's setting, as
  Settings > Language does, and redirects to ``<base_url>/lab/...``. Both badges share one
  image, so only the URL can carry the choice. Only ``lab`` paths are redirected to.
"""
from __future__ import annotations

import json
import sys
from pathlib import Path

OURS = Path(__file__).with_name("data") / "lab_overrides.json"

TRANSLATION = "@jupyterlab/translation-extension:plugin"
#: the course's languages -> JupyterLab locales (nl_NL: jupyterlab-language-pack-nl-NL; en: built in)
LOCALES = {"nl": "nl_NL", "en": "en"}


def target(prefix: str | None = None) -> Path:
    return Path(prefix or sys.prefix) / "share" / "jupyter" / "lab" / "settings" / "overrides.json"


SERVER = {"ServerApp": {"tornado_settings": {"websocket_max_message_size": 64 * 1024 * 1024},
                        "jpserver_extensions": {"journeylib.labsettings": True}}}


def server_target(prefix: str | None = None) -> Path:
    return Path(prefix or sys.prefix) / "etc" / "jupyter" / "jupyter_server_config.json"


def kernel_target(prefix: str | None = None) -> Path:
    return Path(prefix or sys.prefix) / "share" / "jupyter" / "kernels" / "python3" / "kernel.json"


def language_config_dir(lang: str, prefix: str | None = None) -> Path:
    """The directory ``make lab LAB_LANG=<lang>`` puts on JUPYTER_CONFIG_PATH."""
    return Path(prefix or sys.prefix) / "share" / "jupyter" / "journeylib" / f"lab-{lang}"


def install(prefix: str | None = None) -> Path:
    path = target(prefix)
    merged = json.loads(path.read_text(encoding="utf-8")) if path.exists() else {}
    for plugin, values in json.loads(OURS.read_text(encoding="utf-8")).items():
        merged.setdefault(plugin, {}).update(values)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(merged, indent=2) + "\n", encoding="utf-8")
    server = server_target(prefix)
    config = json.loads(server.read_text(encoding="utf-8")) if server.exists() else {}
    app = config.setdefault("ServerApp", {})
    for key, values in SERVER["ServerApp"].items():
        app.setdefault(key, {}).update(values)
    server.parent.mkdir(parents=True, exist_ok=True)
    server.write_text(json.dumps(config, indent=2) + "\n", encoding="utf-8")
    for lang, locale in LOCALES.items():
        labconfig = language_config_dir(lang, prefix) / "labconfig" / "default_setting_overrides.json"
        labconfig.parent.mkdir(parents=True, exist_ok=True)
        labconfig.write_text(json.dumps({TRANSLATION: {"locale": locale}}, indent=2) + "\n", encoding="utf-8")
    from .kernel import kernel_spec

    spec = kernel_target(prefix)
    spec.parent.mkdir(parents=True, exist_ok=True)
    spec.write_text(json.dumps(kernel_spec(), indent=1) + "\n", encoding="utf-8")
    return path


# ----------------------------------------------------------------------------- server extension

def store_locale(settings_dir: str | Path, locale: str) -> Path:
    """Set the user's JupyterLab display language, keeping their other translation settings."""
    import json5

    path = Path(settings_dir) / "@jupyterlab" / "translation-extension" / "plugin.jupyterlab-settings"
    try:
        current = json5.loads(path.read_text(encoding="utf-8"))
        if not isinstance(current, dict):
            current = {}
    except (OSError, ValueError):
        current = {}
    current["locale"] = locale
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(path.name + ".tmp")
    tmp.write_text(json.dumps(current, indent=4) + "\n", encoding="utf-8")
    tmp.replace(path)
    return path


def _jupyter_server_extension_points():
    return [{"module": "journeylib.labsettings"}]


def _load_jupyter_server_extension(serverapp) -> None:
    from jupyter_server.base.handlers import JupyterHandler
    from jupyter_server.utils import url_path_join
    from tornado import web

    def settings_dir() -> str:
        for apps in serverapp.extension_manager.extension_apps.values():
            for app in apps:
                if getattr(app, "name", "") == "lab" and getattr(app, "user_settings_dir", None):
                    return app.user_settings_dir
        from jupyterlab.commands import get_user_settings_dir
        return get_user_settings_dir()

    class LanguageHandler(JupyterHandler):
        """GET /journeylib/<nl|en>/lab/<rest>: store the language, go to /lab/<rest>."""

        @web.authenticated
        def get(self, lang: str, rest: str) -> None:
            store_locale(settings_dir(), LOCALES[lang])
            query = self.request.query
            where = url_path_join(self.base_url, "lab", rest or "")
            self.redirect(where + (f"?{query}" if query else ""))

    langs = "|".join(LOCALES)
    pattern = url_path_join(serverapp.base_url, f"journeylib/({langs})/lab/?(.*)")
    serverapp.web_app.add_handlers(".*$", [(pattern, LanguageHandler)])


if __name__ == "__main__":
    print(install(sys.argv[1] if len(sys.argv) > 1 else None))
