"""The ladder's bands are defined once, in the vocabulary; the charts and texts follow it."""

from coprod_desktop.analysis.audit_analysis import BANDS_RULE
from coprod_desktop.domain.vocabulary import Band, Rung
from coprod_desktop.report.charts import BANDS


def test_the_bands_split_the_ladder_in_order():
    assert [rung for band in Band for rung in band.rungs] == list(Rung)
    assert all(rung.band is band for band in Band for rung in band.rungs)


def test_the_report_heat_map_brackets_follow_the_bands():
    assert BANDS == (("Doing to", 2), ("Doing for", 3), ("Doing with", 2))
    assert tuple((band.label, len(band.rungs)) for band in Band) == BANDS


def test_the_rule_written_in_the_report_names_each_band_with_its_rungs():
    # The rule is a sentence written by hand: it must still say what the vocabulary says.
    for band in Band:
        rungs = ", ".join(rung.label.lower() for rung in band.rungs)
        said = BANDS_RULE.replace(") are “", ") “")
        assert f"({rungs}) “{band.label.lower()}”" in said
