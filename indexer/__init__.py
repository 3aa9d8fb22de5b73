"""Turns the corpus into an index folder: chunks with exact offsets, vectors, BM25, a manifest.

Data flows one way: corpus/ -> indexer/ -> index folder -> server/. Nothing here imports server/.
"""

from indexer.cpu import quiet_openmp

# Before anything imports torch or FAISS, whose OpenMP runtimes read the environment once.
quiet_openmp()
