"""Small example data for every chart, built in code (no files read).

``journeylib.charts.CHARTS[name].example_data()`` calls one of these; the chart contract
test draws every chart from them, and an analyst can try a chart without a case:

    from journeylib.charts import CHARTS
    chart = CHARTS["emotion"]
    ax, text = chart.draw(chart.example_data(), lang="en")
"""
from __future__ import annotations

__all__ = ["journey", "brand", "ipa_table", "channel_matrix", "brand_fit_ratings", "key_drivers_table",
           "pie_labels", "workbook", "keyword_counts", "moment_counts",
           "question_misses", "notebook_shares"]


def journey():
    """A hotel stay of six touchpoints in three phases, with scores, emotions and levels."""
    from ..model import Journey, ServiceLevel, Touchpoint

    def step(id_, name, phase, channel, emotion, importance, influence, performance, level, **more):
        return Touchpoint(id=id_, name=name, phase=phase, channel=channel, emotion=emotion, importance=importance,
                          influence=influence, performance=performance, service_level=level, **more)

    level = ServiceLevel
    return Journey(name="Hotelverblijf", touchpoints=[
        step("book", "Kamer boeken", "before", "Website", 1, 4, 5, 4, level.EXPECTED, moment_of_truth=True),
        step("route", "Routebeschrijving", "before", "E-mail", 0, 2, 4, 3, level.BASIC),
        step("checkin", "Inchecken aan de balie", "during", "Balie", -2, 5, 5, 2, level.BASIC,
             moment_of_truth=True),
        step("room", "Eerste blik op de kamer", "during", "", 2, 4, 3, 4, level.DESIRED, conscious=False),
        step("breakfast", "Ontbijt", "during", "Restaurant", 3, 3, 5, 5, level.SURPRISING),
        step("invoice", "Factuur per e-mail", "after", "E-mail", -1, 2, 4, 3, level.EXPECTED),
    ])


def brand():
    """A golden circle with all three rings and three essence words."""
    from ..model import BrandEssence

    return BrandEssence(organisation="Hotel De Haven", why="Iedereen verdient een thuis onderweg.",
                        how="Persoonlijk, zonder gedoe, met oog voor de buurt.",
                        what="Een hotel met twintig kamers aan de haven.",
                        essence_words=["gastvrij", "eerlijk", "dichtbij"])


def ipa_table():
    """The importance-performance table of :func:`journey`."""
    from ..analysis.ipa import journey_ipa

    return journey_ipa(journey())


def channel_matrix():
    """Three channels and three problem types; the shop may solve fewer than the phone."""
    from ..model import ChannelMatrix

    problems = ["Verkeerde rekening", "Storing", "Abonnement wijzigen"]
    return ChannelMatrix(channels=["Social media", "Telefoon", "Winkel"], problems=problems,
                         can_solve={"Social media": problems, "Telefoon": ["Storing", "Abonnement wijzigen"],
                                    "Winkel": ["Abonnement wijzigen"]})


def brand_fit_ratings():
    """Two behaviours rated against two airlines' brands."""
    from ..model import BrandFitRating

    safety = "Steward rapt de veiligheidsinstructies"
    return [
        BrandFitRating(brand="Southwest", behaviour=safety, scores=[2, 2, 1]),
        BrandFitRating(brand="KLM", behaviour=safety, scores=[-2, 0, -1]),
        BrandFitRating(brand="Southwest", behaviour="Strikte controle", scores=[-1, -1, 0]),
        BrandFitRating(brand="KLM", behaviour="Strikte controle", scores=[1, 0, 1]),
    ]


def key_drivers_table():
    """Key drivers of overall satisfaction from a small correlation matrix (n = 120)."""
    import pandas as pd

    from ..analysis.keydrivers import key_drivers_from_corr

    names = ["overall", "staff", "room", "price"]
    corr = pd.DataFrame([[1.0, 0.6, 0.5, 0.3],
                         [0.6, 1.0, 0.3, 0.1],
                         [0.5, 0.3, 1.0, 0.2],
                         [0.3, 0.1, 0.2, 1.0]], index=names, columns=names)
    return key_drivers_from_corr(corr, "overall", names[1:], n=120)


def pie_labels():
    """A learner's guesses for the three slices of the communication pie."""
    return ["woorden", "toon", "lichaamstaal"]


def workbook():
    """A workbook with reflection keywords in every phase (the poster's data)."""
    from ..model import PhaseReflection, Workbook

    return Workbook(learner="Sam", reflections={
        "before": PhaseReflection(keywords=["verwachting", "twijfel"]),
        "during": PhaseReflection(keywords=["wachten", "welkom"]),
        "after": PhaseReflection(keywords=["opgelucht"]),
    })


def keyword_counts():
    """The class overview's keywords per phase: how many learners used each."""
    return {"before": [("verwachting", 5), ("twijfel", 2)], "during": [("wachten", 4), ("welkom", 3), ("rommelig", 1)],
            "after": [("opgelucht", 2)]}


def moment_counts():
    """The class overview's moments of truth: how many of eight learners chose each touchpoint."""
    from .overview import MomentCounts

    return MomentCounts(counts=[("Inchecken aan de balie", 6), ("Kamer boeken", 3), ("Ontbijt", 1)], learners=8)


def question_misses():
    """The class overview's self-check questions missed most: how many of eight learners got each wrong first."""
    from .overview import QuestionMisses

    return QuestionMisses(counts=[("07 · De communicatietaart, vraag 2: Wat bedoelde Mehrabian?", 5),
                                  ("03 · Zelftoets, vraag 2: Welk contactmoment is onbewust?", 3)], learners=8)


def notebook_shares():
    """The class overview's notebooks: how many of eight learners finished and started each."""
    from .overview import NotebookShares

    return NotebookShares(rows=[("00 Welkom", 8, 8), ("01 Merkessentie", 6, 8), ("02 Serviceniveaus", 3, 5)],
                          learners=8)
