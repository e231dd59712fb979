import pandas as pd

from clusteranalysis.cli import main
from clusteranalysis.inputs.sample import data_dir


def test_profile_command_writes_csv_and_prints_tables(tmp_path, capsys):
    assert main(["profile", "--out", str(tmp_path), "--start", "2010", "--end", "2020"]) == 0
    out = capsys.readouterr().out
    assert "Auenstadt (14700), leipzig, 2010–2020 [synthetic sample data]" in out
    assert "Total economy" in out and "Logistics" in out and "Logistik" not in out
    table = pd.read_csv(tmp_path / "profiles_leipzig_2010_2020.csv", dtype={"region": str})
    cities = pd.read_csv(data_dir() / "sample_regions.csv", dtype={"region": str})
    assert set(table.region) == set(cities.loc[cities.level == "city", "region"])
    assert (table.loc[table.cluster == "total", "employment_share"] == 1.0).all()
    assert not list(tmp_path.glob(".*.tmp"))  # no half-written files left behind


def test_profile_command_in_german_formats_every_column_alike(tmp_path, capsys):
    assert main(["profile", "--out", str(tmp_path), "--region", "14700",
                 "--language", "de"]) == 0
    out = capsys.readouterr().out
    assert "[synthetische Beispieldaten]" in out
    assert "Gesamtwirtschaft" in out and "Logistik" in out and "Total economy" not in out
    lines = out.splitlines()
    body = lines[3:lines.index("", 3)]
    # every percentage with the German percent spacing, never "+0,0" for a decline
    assert all("%" not in line or "\xa0%" in line for line in body)
    assert lines[2].split()[:3] == ["Cluster", "Beschäftigte", "Besch.-Anteil"]


def test_profile_command_unknown_region(tmp_path, capsys):
    assert main(["profile", "--out", str(tmp_path), "--region", "99999"]) == 2
    assert "unknown sample region(s): 99999" in capsys.readouterr().err


def test_sample_command_regenerates_identical_files(tmp_path):
    assert main(["sample", "--out", str(tmp_path)]) == 0
    for name in ("sample_panel.csv", "sample_regions.csv"):
        assert (tmp_path / name).read_bytes() == (data_dir() / name).read_bytes()


def test_atomic_outputs_get_normal_permissions(tmp_path):
    import os
    import stat

    from clusteranalysis._atomic import write_text

    umask = os.umask(0o022)
    try:
        path = write_text(tmp_path / "x.html", "<p>hi</p>")
    finally:
        os.umask(umask)
    assert stat.S_IMODE(path.stat().st_mode) == 0o644
    assert not list(tmp_path.glob(".*.tmp"))
