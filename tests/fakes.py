"""The scripted stand-in for the language model, under the name the tests know it by."""

from server.llm.scripted import ScriptedGenerator as FakeGenerator

__all__ = ["FakeGenerator"]
