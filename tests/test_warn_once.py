"""Notes on the data are shown once per process, however often a loop repeats them."""

import subprocess
import sys
import warnings

from clusteranalysis._warn import warn_once


def test_repeat_is_skipped_under_default_filters_even_after_catch_warnings():
    with warnings.catch_warnings(record=True) as seen:
        warnings.resetwarnings()
        warnings.simplefilter("default")
        for _ in range(3):
            warn_once("note on the data: unique text 7f3a")
            with warnings.catch_warnings():  # what pandas does internally
                pass
    assert len(seen) == 1


def test_always_filter_sees_every_occurrence():
    with warnings.catch_warnings(record=True) as seen:
        warnings.simplefilter("always")
        warn_once("note on the data: unique text 91bc")
        warn_once("note on the data: unique text 91bc")
    assert len(seen) == 2


def _stderr(code: str) -> str:
    return subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                          check=True).stderr


def test_sample_with_bundled_definition_warns_once_in_the_quick_start():
    err = _stderr(
        "import clusteranalysis as ca\n"
        "panel = ca.load_sample()\n"
        "ca.cluster_profile(panel, 'leipzig', region='14700', start_year=2015, "
        "end_year=2020, reference='00')\n"
        "ca.aggregate_clusters(panel, ca.load_definition('leipzig'))\n")
    assert err.count("Warning:") == 1, err


def test_profile_command_warns_once_for_fourteen_cities(tmp_path):
    err = _stderr("import sys; from clusteranalysis.cli import main; "
                  f"sys.exit(main(['profile', '--quiet', '--out', {str(tmp_path)!r}]))")
    assert err.count("Warning:") == 1, err
