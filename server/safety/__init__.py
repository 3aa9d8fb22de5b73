"""The safety screen that runs before every job (screen, lexicon and its rules, help lines)."""
