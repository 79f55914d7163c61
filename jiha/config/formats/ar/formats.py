# Arabic as used in Morocco: Western digits grouped by thousands (Django's "ar" does not group).
THOUSAND_SEPARATOR = "\u00a0"
DECIMAL_SEPARATOR = ","
NUMBER_GROUPING = 3
