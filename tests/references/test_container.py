"""What trails or opens a container but is not its name comes off (hand-written examples)."""

from __future__ import annotations

import pytest

from tracker.extraction.reference_containers import without_tail


@pytest.mark.parametrize(
    ("container", "expected"),
    [
        # a volume and its issue
        ("Journal of Marine Geology 14(2)", "Journal of Marine Geology"),
        ("Quarterly Review of Ethics XII:3", "Quarterly Review of Ethics"),
        ("Revue de botanique 61.4", "Revue de botanique"),
        ("Journal of Hydrology, X I V", "Journal of Hydrology"),
        # a volume and what follows it, a part
        ("Studies in Teaching: Vol. 7. Essays on method", "Studies in Teaching"),
        ("Household Savings Survey, Part II", "Household Savings Survey"),
        # a series attached to the container
        (
            "Proceedings of the Second Workshop on Graph Rewriting, "
            "Lecture Notes in Mathematics 518",
            "Proceedings of the Second Workshop on Graph Rewriting",
        ),
        # the city of a meeting, where it was held
        (
            "Proceedings of the Ninth Conference on Machine Translation, Lisbon",
            "Proceedings of the Ninth Conference on Machine Translation",
        ),
        ("Proc. 3rd Intl. Symp. on Coding Theory, Kyoto", "Proc. 3rd Intl. Symp. on Coding Theory"),
        (
            "Papers of the Annual Meeting of Rural Sociologists, held at Iowa State University",
            "Papers of the Annual Meeting of Rural Sociologists",
        ),
        # a city and its publisher after the name
        ("Handbuch der Geologie. Berlin: Springer", "Handbuch der Geologie"),
        # what opens it: the part number of the title, a special issue, two editors
        ("II. Annals of Applied Topology", "Annals of Applied Topology"),
        ("Special Issue, Urban Studies Review", "Urban Studies Review"),
        ("Anna Berg & Tomas Lund, Essays on Nordic Phonology", "Essays on Nordic Phonology"),
    ],
)
def test_container_loses_what_is_not_its_name(container: str, expected: str) -> None:
    assert without_tail(container) == expected


@pytest.mark.parametrize(
    "container",
    [
        "Proceedings of the Ninth Conference on Machine Translation, Part",
        "Journal of Applied Physics, Lisbon",  # not a meeting: a city may be part of the name
        "Advances in Neural Computation 5",
        "Topics in Robotics II",
    ],
)
def test_container_name_is_kept(container: str) -> None:
    assert without_tail(container) == container
