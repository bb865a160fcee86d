"""The learner's interactive tools (ipywidgets), each a thin view over model, analysis and
charts that saves through the workbook session. Imported on first use."""
from importlib import import_module

_WIDGETS = {
    "WorkbookBar": "workbook_bar",
    "BrandEssenceBuilder": "brand",
    "BrandFitCheck": "brand",
    "ServiceLevelSorter": "service",
    "TouchpointMapper": "mapper",
    "MomentsOfTruthExplorer": "moments",
    "KeyDriverExplorer": "keydrivers",
    "ChannelGrid": "channels",
    "CommunicationPie": "communication",
    "Quiz": "selfcheck",
    "ReflectionBoard": "reflection",
    "SelfCheck": "selfcheck",
    "AdviceEditor": "advice",
    "TextAnswer": "text_answer",
}
__all__ = list(_WIDGETS)


def __getattr__(name):
    if name not in _WIDGETS:
        raise AttributeError(f"module 'journeylib.widgets' has no attribute {name!r}")
    value = getattr(import_module(f"journeylib.widgets.{_WIDGETS[name]}"), name)
    globals()[name] = value
    return value


def __dir__():
    return sorted(__all__)
