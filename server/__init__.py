"""The assistant at run time: the pipeline (retrieval, safety, chat, rephrase), then HTTP, CLI."""
