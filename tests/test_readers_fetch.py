"""Online fetchers with recorded responses: the network is never touched."""

from __future__ import annotations

import io
import urllib.parse
import urllib.request
import zipfile
from pathlib import Path

import pandas as pd
import pytest

from clusteranalysis import DataError
from clusteranalysis.inputs.readers import fetch, read_eurostat, read_genesis

FIXTURES = Path(__file__).parent / "fixtures" / "official"
SDMX = (FIXTURES / "eurostat_nama_10r_3empers_sdmx.csv").read_bytes()
GENESIS = FIXTURES / "genesis_13111-07-05-4_2020.csv"


@pytest.fixture(autouse=True)
def no_network(monkeypatch):
    def refuse(*args, **kwargs):
        raise AssertionError("a test tried to use the network")
    monkeypatch.setattr(urllib.request, "urlopen", refuse)


@pytest.fixture
def recorded(monkeypatch):
    """Replace the HTTP function by a recorder that answers with ``payload``."""
    calls = []

    class Recorder:
        payload = b""

        def __call__(self, url, data=None, headers=None, timeout=120):
            calls.append({"url": url, "data": data, "headers": dict(headers or {})})
            return self.payload

    rec = Recorder()
    rec.calls = calls
    monkeypatch.setattr(fetch, "_http", rec)
    return rec


def test_eurostat_request_cache_and_result(recorded, tmp_path):
    recorded.payload = SDMX
    df = fetch.fetch_eurostat("nama_10r_3empers", "A.THS.EMP..", start=2017, end=2020,
                              cache=tmp_path, select={"wstatus": "EMP"})
    url = recorded.calls[0]["url"]
    assert url.startswith(fetch.EUROSTAT_API + "/nama_10r_3empers/A.THS.EMP..?")
    assert urllib.parse.parse_qs(url.split("?", 1)[1]) == {
        "format": ["SDMX-CSV"], "startPeriod": ["2017"], "endPeriod": ["2020"]}
    pd.testing.assert_frame_equal(df, read_eurostat(SDMX, select={"wstatus": "EMP"}))
    again = fetch.fetch_eurostat("nama_10r_3empers", "A.THS.EMP..", start=2017, end=2020,
                                 cache=tmp_path, select={"wstatus": "EMP"})
    assert len(recorded.calls) == 1  # served from the cache
    pd.testing.assert_frame_equal(again, df)
    fetch.fetch_eurostat("nama_10r_3empers", "A.THS.EMP..", start=2017, end=2020,
                         cache=tmp_path, refresh=True, select={"wstatus": "EMP"})
    assert len(recorded.calls) == 2
    assert len(list(tmp_path.iterdir())) == 1


def test_default_cache_folder_and_no_cache(recorded, tmp_path, monkeypatch):
    monkeypatch.setenv("CLUSTERANALYSIS_CACHE", str(tmp_path / "c"))
    recorded.payload = SDMX
    fetch.fetch_eurostat("x", select={"wstatus": "EMP"})
    assert len(list((tmp_path / "c").iterdir())) == 1
    fetch.fetch_eurostat("y", cache=False, select={"wstatus": "EMP"})
    assert len(list((tmp_path / "c").iterdir())) == 1 and len(recorded.calls) == 2


def test_error_responses_are_not_cached(recorded, tmp_path):
    recorded.payload = b'<?xml version="1.0"?><S:Fault>No results found</S:Fault>'
    with pytest.raises(DataError, match="Eurostat returned a message, not data"):
        fetch.fetch_eurostat("nope", cache=tmp_path)
    recorded.payload = b'{"Status": {"Code": 22, "Content": "Tabelle nicht gefunden"}}'
    with pytest.raises(DataError, match="returned a message, not a table.*nicht gefunden"):
        fetch.fetch_genesis("99999-99", cache=tmp_path, username="u", password="p")
    assert list(tmp_path.iterdir()) == []


def _zipped(data: bytes) -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as z:
        z.writestr("13111-07-05-4_00.csv", data)
    return buf.getvalue()


def test_genesis_zip_response_credentials_and_cache(recorded, tmp_path, monkeypatch):
    recorded.payload = _zipped(GENESIS.read_bytes())
    monkeypatch.setenv("GENESIS_USERNAME", "alice")
    monkeypatch.setenv("GENESIS_PASSWORD", "s3cret")
    df = fetch.fetch_genesis("13111-07-05-4", start=2020, end=2020, cache=tmp_path)
    pd.testing.assert_frame_equal(df, read_genesis(GENESIS), check_like=True)
    call = recorded.calls[0]
    assert call["url"] == fetch.REGIONALSTATISTIK_API + "/data/tablefile"
    form = urllib.parse.parse_qs(call["data"].decode())
    assert form["name"] == ["13111-07-05-4"] and form["startyear"] == ["2020"]
    assert form["format"] == ["csv"]
    assert (call["headers"]["username"], call["headers"]["password"]) == ("alice", "s3cret")
    assert "s3cret" not in call["data"].decode()  # credentials travel in headers only
    cached = list(tmp_path.iterdir())
    assert len(cached) == 1 and "s3cret" not in cached[0].name and "alice" not in cached[0].name
    monkeypatch.setenv("GENESIS_PASSWORD", "other")  # other credentials, same table: cached
    fetch.fetch_genesis("13111-07-05-4", start=2020, end=2020, cache=tmp_path)
    assert len(recorded.calls) == 1


def test_reader_errors_name_the_cached_file(recorded, tmp_path):
    recorded.payload = b"GENESIS-Tabelle: 1\nErwerbstaetige;;\n;;Insgesamt\n01;A;12a\n__________\n"
    with pytest.raises(DataError) as e:
        fetch.fetch_genesis("1", cache=tmp_path, year=2020)
    assert str(tmp_path) in str(e.value) and "line 4" in str(e.value)
