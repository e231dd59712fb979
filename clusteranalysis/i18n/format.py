"""Locale-aware numbers for tables, charts, findings, ``summary()`` and the CLI (Babel).

One rule for signs everywhere: **the sign comes from the value, not from the
rounded text**. A decline that rounds to zero prints as ``-0.0`` (never
``+0.0``); a rise that rounds to zero prints as ``+0.0`` when a sign is asked
for; exactly zero has no sign. Missing values (NaN, None, ``pd.NA``) print as the
catalog's "n/a" — never as 0.

Units of the inputs (stated once, used by every caller):

========================  ===============================  ======================
method                    input                            English / German
========================  ===============================  ======================
``integer(1234.4)``       count                            ``1,234`` / ``1.234``
``decimal(x, 1)``         any number                       ``2.5`` / ``2,5``
``percent(5.94)``         percent (5.94 means 5.94 %)      ``5.9%`` / ``5,9 %``
``share(0.0594)``         fraction of 1                    ``5.9%`` / ``5,9 %``
``pp(0.52)``              percentage points                ``+0.5 pp`` / ``+0,5 Pp.``
``lq(1.234)``             location quotient (2 decimals)   ``1.23`` / ``1,23``
``currency(5.2e6)``       euros (compact from 1 million)   ``€5.2M`` / ``5,2 Mio. €``
``date(d)``               date                             ``1 December 2026`` / ``1. Dezember 2026``
========================  ===============================  ======================

Examples
--------
>>> en, de = Formatter("en"), Formatter("de")
>>> en.percent(-0.04, signed=True), de.percent(-0.04, signed=True)
('-0.0%', '-0,0\\xa0%')
>>> en.integer(1234567), de.integer(1234567)
('1,234,567', '1.234.567')
>>> de.pp(0.5), de.lq(1.0), de.currency(5_200_000)
('+0,5 Pp.', '1,00', '5,2\\xa0Mio.\\xa0€')
>>> en.lq_change(-0.001)
'-0.00'
>>> en.percent(float("nan")), de.percent(None)
('n/a', 'k. A.')
"""

from __future__ import annotations

import datetime as _dt
import functools
import math
import re

from .catalog import gettext_for, translation

_DIGITS = re.compile(r"0(?=[^0#]*$)")


@functools.lru_cache(maxsize=8192)
def _decimal_body(value: float, digits: int, locale: str) -> str:
    """Babel's grouped decimal of a non-negative value (cached: chart ticks repeat)."""
    from babel.numbers import format_decimal

    pattern = "#,##0" + ("." + "0" * digits if digits > 0 else "")
    return format_decimal(value, format=pattern, locale=locale)


def _is_missing(value) -> bool:
    if value is None:
        return True
    try:
        return bool(value != value)  # NaN, NaT
    except TypeError:  # pd.NA: its comparison is NA, which has no truth value
        return True


class Formatter:
    """Numbers, percentages, percentage points, LQs, currency and dates for one language.

    Parameters
    ----------
    language : str
        A language with a catalog (see :func:`clusteranalysis.i18n.available_languages`);
        Babel's locale data of the same code give the separators and patterns.
    currency : str, default "EUR"
        ISO 4217 code used by :meth:`currency`.
    """

    def __init__(self, language: str = "en", currency: str = "EUR"):
        from babel import Locale
        from babel.numbers import get_minus_sign_symbol, get_plus_sign_symbol

        translation(language)  # raises for a language without a catalog
        self.language = language
        self.locale = Locale.parse(language)
        self.currency_code = currency
        self._ = gettext_for(language)
        self._minus = get_minus_sign_symbol(self.locale)
        self._plus = get_plus_sign_symbol(self.locale)
        self._percent_pattern = self.locale.percent_formats[None].pattern

    def __repr__(self) -> str:
        return f"Formatter({self.language!r})"

    # ------------------------------------------------------------------ core
    @property
    def missing(self) -> str:
        """The text for a missing value ("n/a", German "k. A.")."""
        return self._("n/a")

    def _signed(self, value: float, body: str, signed: bool) -> str:
        if value < 0:
            return self._minus + body
        if value > 0 and signed:
            return self._plus + body
        return body

    def decimal(self, value, digits: int = 1, signed: bool = False) -> str:
        """*value* with exactly *digits* decimals, grouped, sign from the value."""
        if _is_missing(value):
            return self.missing
        value = float(value)
        if math.isinf(value):
            return self._signed(value, "∞", signed)
        body = _decimal_body(abs(value), int(digits), str(self.locale))
        return self._signed(value, body, signed)

    def integer(self, value, signed: bool = False) -> str:
        """A count, rounded to a whole number and grouped."""
        return self.decimal(value, 0, signed)

    def percent(self, value, digits: int = 1, signed: bool = False) -> str:
        """A value in percent units (``5.9`` → ``5.9%``), in the locale's percent pattern."""
        if _is_missing(value):
            return self.missing
        value = float(value)
        # the sign of the percent value itself: value / 100 can underflow to -0.0
        return self._share(value / 100.0, digits, signed, sign=value)

    def share(self, value, digits: int = 1, signed: bool = False) -> str:
        """A fraction of one (``0.059`` → ``5.9%``)."""
        if _is_missing(value):
            return self.missing
        return self._share(float(value), digits, signed, sign=float(value))

    def _share(self, value: float, digits: int, signed: bool, sign: float) -> str:
        if math.isinf(value):
            return self._signed(sign, "∞", signed)
        from babel.numbers import format_percent

        frac = ("." + "0" * digits) if digits > 0 else ""
        pattern = _DIGITS.sub("0" + frac, self._percent_pattern.split(";")[0], count=1)
        body = format_percent(abs(value), format=pattern, locale=self.locale)
        return self._signed(sign, body, signed)

    def pp(self, value, digits: int = 1, signed: bool = True) -> str:
        """Percentage points, always labelled as such (``+0.5 pp``, German ``+0,5 Pp.``)."""
        if _is_missing(value):
            return self.missing
        return self._("{value} pp").format(value=self.decimal(value, digits, signed))

    def lq(self, value) -> str:
        """A location quotient: always two decimals."""
        return self.decimal(value, 2)

    def lq_change(self, value) -> str:
        """A change of a location quotient: two decimals with a sign."""
        return self.decimal(value, 2, signed=True)

    def currency(self, value, compact: bool = True, signed: bool = False) -> str:
        """An amount in :attr:`currency_code`; from one million on in compact form (``€5.2M``)."""
        if _is_missing(value):
            return self.missing
        value = float(value)
        from babel.numbers import format_compact_currency, format_currency

        if compact and abs(value) >= 1e6:
            body = format_compact_currency(abs(value), self.currency_code, locale=self.locale,
                                           fraction_digits=1)
        else:
            body = format_currency(round(abs(value)), self.currency_code, locale=self.locale,
                                   currency_digits=False,
                                   format=self.locale.currency_formats["standard"].pattern
                                   .replace("0.00", "0"))
        return self._signed(value, body, signed)

    def date(self, value: _dt.date | _dt.datetime, format: str = "long") -> str:
        """A date in the locale's *format* (``short``, ``medium``, ``long``)."""
        from babel.dates import format_date

        return format_date(value, format=format, locale=self.locale)

    def period(self, start, end) -> str:
        """A period of years with an en dash: ``2015–2020``."""
        return f"{int(start)}\u2013{int(end)}"
