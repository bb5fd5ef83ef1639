"""normalize(): splitting one pipe-text line into several names.

The pipe-text reader keeps one item per rendered line, so "16th Army Pacific Fleet" or six
commanders arrive as one string; these tests pin where person and organisation names are
split, and that nothing is split when the line has separators or the form is not pipe text.
Helpers and the reference commanders come from test_normalize.py."""

from __future__ import annotations

import pytest

from infobox_tools.normalize import normalize
from infobox_tools.normalize.names import split_names, split_organisation_names, split_person_names
from test_normalize import SIX, THREE, _raw_reference, _texts


@pytest.mark.parametrize("text,expected", [
    (" ".join(SIX), SIX),
    (" ".join(THREE), THREE),
    ("Georgy Zhukov Konstantin Rokossovsky", ["Georgy Zhukov", "Konstantin Rokossovsky"]),
    ("Charles de Gaulle Philippe Leclerc", ["Charles de Gaulle", "Philippe Leclerc"]),
    ("Erich von Manstein Walter Model", ["Erich von Manstein", "Walter Model"]),
    ("J.R.R. Tolkien C.S. Lewis", ["J.R.R. Tolkien", "C.S. Lewis"]),
    ("Douglas MacArthur", ["Douglas MacArthur"]),
    ("Ho Chi Minh", ["Ho Chi Minh"]),  # odd word count: not split
    ("Martin Luther King Jr.", ["Martin Luther King Jr."]),
    ("Sue Ellspermann Eric Holcomb", ["Sue Ellspermann", "Eric Holcomb"]),
    ("Chiang Kai-shek", ["Chiang Kai-shek"]),
])
def test_split_person_names(text: str, expected: list[str]) -> None:
    assert split_person_names(text) == expected


@pytest.mark.parametrize("text,expected", [
    ("16th Army Pacific Fleet", ["16th Army", "Pacific Fleet"]),
    ("Fifth Area Army", ["Fifth Area Army"]),
    ("Soviet Union", ["Soviet Union"]),
    ("United States", ["United States"]),
    ("1st Belorussian Front 2nd Belorussian Front", ["1st Belorussian Front", "2nd Belorussian Front"]),
    ("Third Army Eighth Air Force Royal Navy", ["Third Army", "Eighth Air Force", "Royal Navy"]),
    ("Army Group Centre", ["Army Group Centre"]),
    ("Army of the Potomac", ["Army of the Potomac"]),
    ("Kwantung Army", ["Kwantung Army"]),
    ("Royal Air Force Coastal Command", ["Royal Air Force", "Coastal Command"]),
])
def test_split_organisation_names(text: str, expected: list[str]) -> None:
    assert split_organisation_names(text) == expected


def test_items_with_separators_are_not_split() -> None:
    assert split_names("Ivan Baturov, Ivan Yumashev", "person") == ["Ivan Baturov, Ivan Yumashev"]
    assert split_names("16th Army and Pacific Fleet", "organisation") == ["16th Army and Pacific Fleet"]
    assert split_names("Kiichiro Higuchi Saburo Hagi", "place") == ["Kiichiro Higuchi Saburo Hagi"]


def test_no_splitting_outside_pipetext() -> None:
    raw = _raw_reference()
    raw.source.form = "html"
    box = normalize(raw).infobox
    assert _texts(box, "units", 1) == ["16th Army Pacific Fleet"]
