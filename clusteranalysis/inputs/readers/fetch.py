"""Optional online fetchers: download, cache, then read with the file readers.

Nothing here runs unless called. Downloads use :mod:`urllib` from the
standard library; responses are cached as files (by default in
``~/.cache/clusteranalysis``, or ``$CLUSTERANALYSIS_CACHE``) under a name
derived from the request, so a second call reads the same bytes offline.
Credentials are never part of the cache key or the file name.
"""

from __future__ import annotations

import hashlib
import io
import os
import urllib.parse
import urllib.request
import zipfile
from pathlib import Path

from clusteranalysis._atomic import atomic_path
from clusteranalysis.errors import DataError, Problem
from .eurostat import read_eurostat
from .genesis import read_genesis

#: Eurostat SDMX 2.1 dissemination API (data queries).
EUROSTAT_API = "https://ec.europa.eu/eurostat/api/dissemination/sdmx/2.1/data"
#: GENESIS web service of the Regionaldatenbank Deutschland (2020 interface).
REGIONALSTATISTIK_API = "https://www.regionalstatistik.de/genesisws/rest/2020"


def _http(url: str, data: bytes | None = None, headers=None, timeout: float = 120) -> bytes:
    """One HTTP request (GET, or POST when ``data`` is given); the response body."""
    req = urllib.request.Request(url, data=data, headers=dict(headers or {}),
                                 method="POST" if data is not None else "GET")
    with urllib.request.urlopen(req, timeout=timeout) as resp:  # noqa: S310 - https only
        return resp.read()


def cache_dir() -> Path:
    """Where fetched files are kept."""
    env = os.environ.get("CLUSTERANALYSIS_CACHE")
    return Path(env) if env else Path.home() / ".cache" / "clusteranalysis"


def _cached(name: str, key: str, download, cache, refresh: bool, check) -> io.BytesIO:
    """Bytes of ``key`` from the cache, or from ``download()``; ``check(data)``
    returns the usable bytes or raises, and only usable bytes are cached.
    The result is a file object named after the request or the cache file."""
    if cache is False:
        buf = io.BytesIO(check(download()))
        buf.name = name
        return buf
    folder = cache_dir() if cache in (None, True) else Path(cache)
    digest = hashlib.sha256(key.encode()).hexdigest()[:16]
    path = folder / f"{digest}-{name}"
    if path.is_file() and not refresh:
        data = path.read_bytes()
    else:
        data = check(download())
        with atomic_path(path) as tmp:
            tmp.write_bytes(data)
    buf = io.BytesIO(data)
    buf.name = str(path)
    return buf


def _eurostat_check(data: bytes) -> bytes:
    head = data.lstrip()[:1]
    if head in (b"<", b"{"):  # SDMX-ML / JSON error message instead of data
        raise DataError([Problem("Eurostat returned a message, not data: "
                                 + data[:300].decode("utf-8", "replace"))])
    return data


def _genesis_check(data: bytes) -> bytes:
    data = _unzip(data, "GENESIS response")
    if data.lstrip()[:1] == b"{":  # the service answers errors as JSON
        raise DataError([Problem("the GENESIS service returned a message, not a table: "
                                 + data[:300].decode("utf-8", "replace"))])
    return data


def _unzip(data: bytes, source: str) -> bytes:
    """The single file inside a ZIP response (the GENESIS API zips its tables)."""
    if not data.startswith(b"PK"):
        return data
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        names = [n for n in z.namelist() if not n.endswith("/")]
        if len(names) != 1:
            raise DataError([Problem(f"expected one file in the ZIP, found {names}")], source)
        return z.read(names[0])


def fetch_eurostat(dataset: str, key: str = "", *, start: int | None = None,
                   end: int | None = None, cache=True, refresh: bool = False,
                   **read_kw):
    """Download a Eurostat dataset as SDMX-CSV and read it with :func:`read_eurostat`.

    Parameters
    ----------
    dataset : str
        Dataset code, e.g. ``"nama_10r_3empers"``.
    key : str
        SDMX series key, dimension values in the dataset's order separated
        by dots, empty for all (``"A.THS.TOTAL."``); see the dataset's
        structure on the Eurostat website.
    start, end : int, optional
        First and last year.
    cache : bool or path
        True: the default cache folder; a path: that folder; False: no cache.
    refresh : bool
        Download again even when the request is cached.
    **read_kw
        Passed to :func:`read_eurostat` (``value=``, ``select=``, ...).
    """
    params = {"format": "SDMX-CSV"}
    if start is not None:
        params["startPeriod"] = str(start)
    if end is not None:
        params["endPeriod"] = str(end)
    url = f"{EUROSTAT_API}/{urllib.parse.quote(dataset)}"
    if key:
        url += "/" + urllib.parse.quote(key, safe=".+")
    url += "?" + urllib.parse.urlencode(params)
    data = _cached(f"eurostat-{dataset}.csv", url, lambda: _http(url), cache, refresh,
                   _eurostat_check)
    return read_eurostat(data, **read_kw)


def fetch_genesis(table: str, *, start: int | None = None, end: int | None = None,
                  username: str | None = None, password: str | None = None,
                  base_url: str = REGIONALSTATISTIK_API, cache=True,
                  refresh: bool = False, **read_kw):
    """Download a GENESIS table as CSV and read it with :func:`read_genesis`.

    Parameters
    ----------
    table : str
        Table code, e.g. ``"13111-07-05-4"``.
    start, end : int, optional
        First and last year (``startyear`` / ``endyear``).
    username, password : str, optional
        Your account of the GENESIS database (regionalstatistik.de requires
        one); default: the environment variables ``GENESIS_USERNAME`` and
        ``GENESIS_PASSWORD``. They are sent as request headers and are not
        part of the cache key.
    base_url : str
        The web service (Regionaldatenbank by default; GENESIS-Online is
        ``https://www-genesis.destatis.de/genesisWS/rest/2020``).
    cache, refresh, **read_kw
        As for :func:`fetch_eurostat`; ``read_kw`` go to :func:`read_genesis`.
    """
    form = {"name": table, "area": "all", "format": "csv", "language": "de",
            "compress": "false", "startyear": "" if start is None else str(start),
            "endyear": "" if end is None else str(end)}
    url = f"{base_url.rstrip('/')}/data/tablefile"
    user = username or os.environ.get("GENESIS_USERNAME", "")
    secret = password or os.environ.get("GENESIS_PASSWORD", "")
    headers = {"username": user, "password": secret,
               "Content-Type": "application/x-www-form-urlencoded"}
    body = urllib.parse.urlencode(form).encode()
    key = url + "?" + urllib.parse.urlencode(sorted(form.items()))
    data = _cached(f"genesis-{table}.csv", key, lambda: _http(url, body, headers), cache,
                   refresh, _genesis_check)
    return read_genesis(data, **read_kw)
