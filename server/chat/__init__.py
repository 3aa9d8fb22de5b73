"""Talk: grounded chat about feeling distant (pipeline, verify, budget, sessions)."""

MAX_MESSAGE_CHARS = 4000  # the longest message a person can send
