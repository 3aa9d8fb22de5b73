"""Measures the product: quality (eval/run.py, `reconnect eval`) and speed (eval/bench.py)."""
