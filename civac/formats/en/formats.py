# English screens show dates in ISO 8601 order: workspaces sit in Europe, and
# 12/05/2026 reads as 5 December to some users and as 12 May to others.
DATE_FORMAT = "j M Y"
SHORT_DATE_FORMAT = "Y-m-d"
DATETIME_FORMAT = "j M Y, H:i"
SHORT_DATETIME_FORMAT = "Y-m-d H:i"
TIME_FORMAT = "H:i"
