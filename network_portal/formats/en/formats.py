"""English dates: "6 January 2027", "6 January 2027, 9:00" (ranges: ``portal`` filters
``date_range``)."""

DATE_FORMAT = "j F Y"
DATETIME_FORMAT = "j F Y, G:i"
TIME_FORMAT = "G:i"
MONTH_DAY_FORMAT = "j F"
YEAR_MONTH_FORMAT = "F Y"
SHORT_DATE_FORMAT = "j M Y"
SHORT_DATETIME_FORMAT = "j M Y, G:i"
LONG_DATE_FORMAT = "l j F Y"
