"""Czech dates: "6. 1. 2027", "6. 1. 2027, 9:00" (ranges: ``portal`` filters ``date_range``)."""

DATE_FORMAT = "j. n. Y"
DATETIME_FORMAT = "j. n. Y, G:i"
TIME_FORMAT = "G:i"
MONTH_DAY_FORMAT = "j. n."
YEAR_MONTH_FORMAT = "F Y"
SHORT_DATE_FORMAT = "j. n. Y"
SHORT_DATETIME_FORMAT = "j. n. Y G:i"
# A weekday before the date, where a programme needs it: "středa 6. 1. 2027".
LONG_DATE_FORMAT = "l j. n. Y"
