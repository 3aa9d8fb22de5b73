"""Say it gently: read the concern, compose and check an opening that leads with longing."""

MAX_TEXT_CHARS = 2000  # the longest text a person can ask to have rephrased
