"""The scripted stand-in for the language model, under the name the tests know it by, and
the settings for tests that need the model at work during a chat."""

from server.llm.scripted import ScriptedGenerator as FakeGenerator
from server.settings import Settings

__all__ = ["FakeGenerator", "drafting"]


def drafting(settings: Settings) -> Settings:
    """Talk's drafts on: by default a chat composes from the article and never calls the model."""
    return settings.model_copy(update={"talk_drafts": True})
