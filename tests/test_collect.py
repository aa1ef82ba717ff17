"""`collect.fewer_collections` raises the collector's first threshold for a block and puts
back what it found, once the last of nested blocks ends."""

import gc

from factcheck.collect import FIRST_THRESHOLD, fewer_collections


def test_thresholds_are_raised_inside_and_restored_after() -> None:
    before = gc.get_threshold()
    with fewer_collections():
        assert gc.get_threshold()[0] >= FIRST_THRESHOLD
        assert gc.get_threshold()[1:] == before[1:]
        with fewer_collections():
            assert gc.get_threshold()[0] >= FIRST_THRESHOLD
        assert gc.get_threshold()[0] >= FIRST_THRESHOLD  # the outer block still runs
    assert gc.get_threshold() == before


def test_thresholds_are_restored_when_the_block_raises() -> None:
    before = gc.get_threshold()
    try:
        with fewer_collections():
            raise ValueError("stop")
    except ValueError:
        pass
    assert gc.get_threshold() == before
