# French typography groups thousands with a narrow no-break space (U+202F); Django's "fr" uses
# a full no-break space. Only what differs is set: everything else falls back to Django's "fr".
THOUSAND_SEPARATOR = "\u202f"
