"""Learners' own survey files as survey tools export them (issue 14): layouts, answer labels, personal data.

* :func:`load_survey_file` - a CSV or ``.xlsx`` from Google Forms, Microsoft Forms,
  Qualtrics, SurveyMonkey, LimeSurvey or Excel (or a plain CSV) as a DataFrame of its
  rating questions; :func:`describe_survey_file` says in one line what was found and left
  out; :func:`survey_file_problem` the sentence for a file whose labels need an order first.
* :mod:`.layouts` recognises each tool's export from its header rows;
  :mod:`.scales` knows the answer scales (Dutch and English) and their order;
  :mod:`.xlsx` reads Excel workbooks safely.
"""
from __future__ import annotations

from .loader import MAX_COLUMNS, MIN_ANSWERS, describe_survey_file, load_survey_file, survey_file_problem
from .scales import match_scale, normalize_label

__all__ = ["load_survey_file", "describe_survey_file", "survey_file_problem", "match_scale", "normalize_label",
           "MAX_COLUMNS", "MIN_ANSWERS"]
