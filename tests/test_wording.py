"""What Talk hands Say it gently's composer when someone asks for words."""

import pytest

from server.chat.wording import content_to_say, to_compose

# (message, the content they want said, or None when the request names none)
CASES = [
    ("how do i ask for more affection without sounding desperate", "more affection"),
    ("i'm scared that if i bring up how distant we are he'll say he wants to leave",
     "how distant we are"),
    ("how do i tell him i want more time together without nagging", "i want more time together"),
    ("How do I say I'm unhappy without it sounding like I want to leave?", "I'm unhappy"),
    ("i tried telling her i miss her and she said 'i'm right here'. what now", "i miss her"),
    ("how do i bring up that we've stopped having sex without him feeling attacked",
     "we've stopped having sex"),
    ("what do i say to her so she doesn't feel criticised", None),
    ("How do I bring this up without it turning into a fight?", None),
    ("what do i ask him to get past that", None),
    ("what should I say to get him to open up", None),
]


@pytest.mark.parametrize(("message", "content"), CASES)
def test_the_content_of_a_request_for_words(message: str, content: str | None) -> None:
    assert content_to_say(message) == content


@pytest.mark.parametrize("message", [m for m, _ in CASES])
def test_the_manner_they_fear_is_never_composed(message: str) -> None:
    """"Without sounding desperate" must never become "would you sound desperate?"."""
    composed = to_compose(message).lower()
    for feared in ("without", "doesn't feel", "desperate", "nagging", "attacked", "a fight"):
        assert feared not in composed
