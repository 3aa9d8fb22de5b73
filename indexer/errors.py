"""Errors the indexer raises; each message says what to do about it."""


class IndexerError(Exception):
    "Base class for problems with the corpus or the index folder."


class CorpusError(IndexerError):
    "The corpus folder or one of its documents cannot be read."


class IndexMissing(IndexerError):
    "There is no index folder yet; build it with `reconnect index`."


class IndexStale(IndexerError):
    "The index was built from a different corpus, embedder or format; rebuild it."


class IndexDamaged(IndexerError):
    "A file of the index is missing, truncated or changed since it was written; rebuild it."
