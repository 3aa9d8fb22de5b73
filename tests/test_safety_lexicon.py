"""The safety lexicon (layer 1): one table per behaviour, then the dev-set targets.

Rows are written for the phenomenon, not copied from the dev, training or holdout
sets; the last tests measure the lexicon on those sets against its targets.
"""

from __future__ import annotations

import json
from itertools import pairwise
from pathlib import Path

import pytest

from server.safety.lexicon import RULES, LexiconHit, compile_rules, scan
from server.safety.rules import (
    CATEGORIES,
    CHILD,
    CONTROL,
    HARM_TO_PARTNER,
    SELF_HARM,
    STRONG,
    VIOLENCE,
    WEAK,
)

ROOT = Path(__file__).resolve().parent.parent
DEV = ROOT / "eval" / "data" / "safety_dev.json"
NONE_SETS = [ROOT / "indexer" / "data" / "safety_train_ordinary.jsonl",
             ROOT / "eval" / "data" / "safety_general.jsonl"]


def strong(hits: list[LexiconHit]) -> list[LexiconHit]:
    return [h for h in hits if h.strength == STRONG]


# (text, category, signal, crisis): each must give that strong hit.
STRONG_ROWS = [
    # violence against the writer, any gender of partner, texting forms
    ("When we argue she wraps her hands around my throat.", VIOLENCE, "strangulation", True),
    ("My boyfriend choked me last weekend.", VIOLENCE, "strangulation", True),
    ("He squeezed my neck until I nearly passed out.", VIOLENCE, "strangulation", True),
    ("My wife slapped me across the face at dinner.", VIOLENCE, "physical_violence", False),
    ("my bf punched me in the stomach", VIOLENCE, "physical_violence", False),
    ("He pushed me down the stairs.", VIOLENCE, "physical_violence", False),
    ("She grabbed my arm so hard it bruised.", VIOLENCE, "physical_violence", False),
    ("My husband (we're both men) beats me when he drinks.", VIOLENCE, "physical_violence", False),
    ("Things got physical between us again last night.", VIOLENCE, "physical_violence", False),
    ("My sister's husband beats her.", VIOLENCE, "physical_violence", False),
    ("I need the number for a shelter tonight.", VIOLENCE, "help_seeking", False),
    ("He keeps a rifle in the wardrobe and points it at me when he's drunk.",
     VIOLENCE, "weapon_threat", True),
    ("She pulled a knife on me in the kitchen.", VIOLENCE, "weapon_threat", True),
    ("He has a gun and he always brings it up when we fight.", VIOLENCE, "weapon_threat", True),
    # threats to kill are crisis, however they are worded
    ("He said he'll kill me if I ever leave.", VIOLENCE, "leaving_threat", True),
    ("He told me nobody would ever find my body.", VIOLENCE, "threat_to_kill", True),
    ("She texted me 'you're dead when I find you'.", VIOLENCE, "threat_to_kill", True),
    ("He says I won't live to see Christmas.", VIOLENCE, "threat_to_kill", True),
    ("My girlfriend said she'd put bleach in my coffee.", VIOLENCE, "threat_to_kill", True),
    ("He swore he'd run me over with his truck.", VIOLENCE, "threat_to_kill", True),
    ("Her husband told her he would kill her.", VIOLENCE, "threat_to_kill", True),
    ("I'm scared he's going to kill me one day.", VIOLENCE, "threat_to_kill", True),
    ("He said nobody leaves him alive.", VIOLENCE, "threat_to_kill", True),
    ("She pinned me against the door by my neck.", VIOLENCE, "strangulation", True),
    ("He came at me with scissors.", VIOLENCE, "weapon_threat", True),
    # danger around leaving, and a weapon kept as a menace: the message as a whole
    ("Since we broke up he keeps showing up at my work.", CONTROL, "stalking_after_leaving",
     True),
    ("I left her in May and she sits outside my flat at night.", CONTROL,
     "stalking_after_leaving", True),
    ("She bought a gun and keeps reminding me it's loaded.", VIOLENCE, "weapon_threat", True),
    ("He keeps a hunting knife by the bed and talks about it when I mention divorce.",
     VIOLENCE, "weapon_threat", True),
    ("I'm terrified of what he'll do when he gets home.", VIOLENCE, "fear_of_partner", False),
    ("I keep quiet so he doesn't explode.", VIOLENCE, "fear_of_partner", False),
    ("im scared to go home tonight", VIOLENCE, "fear_of_partner", False),
    ("He kicked our dog across the kitchen to punish me.", VIOLENCE, "harm_to_pet", False),
    # violence against things, strong with a habit, anger, fear or the person's own plans
    ("My husband breaks plates when he's in a rage.", VIOLENCE, "intimidation", False),
    ("she punches doors", VIOLENCE, "intimidation", False),
    ("He smashed the lamp after I asked to see my cousins.", VIOLENCE, "intimidation", False),
    ("When I told her I'd joined a choir she threw my laptop across the floor.",
     VIOLENCE, "intimidation", False),
    ("My wife trashed the lounge last week. I'm frightened to come home.",
     VIOLENCE, "intimidation", False),
    ("he chucks stuff round the kitchen wen hes drunk", VIOLENCE, "intimidation", False),
    ("He slams the doors until the glass rattles and I hide upstairs.",
     VIOLENCE, "intimidation", False),
    ("My fiance strangled the cat in front of me.", VIOLENCE, "harm_to_pet", False),
    ("She says she'll poison my dog if I see him again.", VIOLENCE, "harm_to_pet", False),
    ("He grabbed the puppy by the neck and threw it outside.", VIOLENCE, "harm_to_pet", False),
    # a weapon brought out or handled in answer to the person's own words or plans
    ("He oils his shotgun at the table every time I say I want to visit my brother.",
     VIOLENCE, "weapon_threat", True),
    ("When I said I'd like to go back to uni she took a knife out of the drawer and held it.",
     VIOLENCE, "weapon_threat", True),
    ("my husband fetched his rifle after i mentioned a girls' night", VIOLENCE,
     "weapon_threat", True),
    # fear of the partner's reaction, around the person's own words or plans or anger
    ("I'm terrified of how my girlfriend will react if I ask for a weekend away with friends.",
     VIOLENCE, "fear_of_partner", False),
    ("I'm too scared to tell him I want to study again, he goes mad.",
     VIOLENCE, "fear_of_partner", False),
    ("I live in fear of my husband.", VIOLENCE, "fear_of_partner", False),
    ("Her temper frightens me.", VIOLENCE, "fear_of_partner", False),
    ("My cousin is frightened of her husband.", VIOLENCE, "fear_of_partner", False),
    # coercive control
    ("He reads my texts every night and gets furious if I delete anything.",
     CONTROL, "monitoring", False),
    ("She put a tracking app on my phone.", CONTROL, "monitoring", False),
    ("He goes through my laptop every single night.", CONTROL, "monitoring", False),
    ("My ex keeps showing up outside my flat.", CONTROL, "stalking_after_leaving", True),
    ("He tracks my location all day.", CONTROL, "stalking", False),
    ("She takes my whole salary and hands me pocket money.", CONTROL, "financial_control", False),
    ("He won't let me have my own bank account.", CONTROL, "financial_control", False),
    ("I'm not allowed to see my friends anymore.", CONTROL, "isolation", False),
    ("she wont let me see my family", CONTROL, "isolation", False),
    ("She made me cut off my best friend.", CONTROL, "isolation", False),
    ("He locks me in the bedroom when he goes out.", CONTROL, "restricting_movement", False),
    ("She locked me out of the flat all night.", CONTROL, "restricting_movement", False),
    ("He took my passport and keeps it in his desk.", CONTROL, "restricting_movement", False),
    ("He decides what I wear every day.", CONTROL, "control_of_daily_life", False),
    ("If I leave, he says he'll take the kids and I'll never see them again.",
     CONTROL, "threat_children", False),
    ("She keeps pushing for sex after I've said no.", CONTROL, "sexual_coercion", False),
    ("He pressured me into sex when I was ill.", CONTROL, "sexual_coercion", False),
    ("He threatened to post my nudes if I break up with him.", CONTROL, "image_threat", False),
    ("She says she'll report me to immigration if I don't do what she says.",
     CONTROL, "blackmail", False),
    # self-harm and suicide
    ("I've been stockpiling my sleeping pills.", SELF_HARM, "suicide_plan", True),
    ("I wrote goodbye letters to everyone last night.", SELF_HARM, "suicide_plan", True),
    ("I found a noose in his car.", SELF_HARM, "suicide_plan", True),
    ("I want to kill myself.", SELF_HARM, "suicidal_ideation", False),
    ("Honestly everyone would be better off without me.", SELF_HARM, "suicidal_ideation", False),
    ("i just want to go to sleep and never wake up", SELF_HARM, "suicidal_ideation", False),
    ("im cutting again", SELF_HARM, "self_harm_act", False),
    ("I burned my arm with a lighter on purpose after we fought.",
     SELF_HARM, "self_harm_act", False),
    ("My husband says he'll kill himself if I leave him.",
     SELF_HARM, "partner_suicide_threat", False),
    # the writer causing harm
    ("I shoved my wife into the wall during our fight.",
     HARM_TO_PARTNER, "user_harmed_partner", False),
    ("i slapped him last night and now he wont talk to me",
     HARM_TO_PARTNER, "user_harmed_partner", False),
    ("I lost my temper and hit my girlfriend.", HARM_TO_PARTNER, "user_harmed_partner", False),
    ("I keep shoving her when we argue.", HARM_TO_PARTNER, "user_harmed_partner", False),
    ("I had my hands around his throat for a second.", HARM_TO_PARTNER, "strangulation", True),
    ("I told her I'd kill her if she cheated.", HARM_TO_PARTNER, "threat_to_kill", True),
    ("My girlfriend says she's scared of me now.", HARM_TO_PARTNER, "partner_fears_user", False),
    ("I took her phone and car keys so she couldn't leave.",
     HARM_TO_PARTNER, "user_controls_partner", False),
    # children at risk
    ("My husband shook our baby when she wouldn't stop crying.", CHILD, "child_in_danger", True),
    ("Her boyfriend hits her 6 year old.", CHILD, "child_harmed", False),
    ("He threatened to hurt the kids if I tell anyone.", CHILD, "threat_to_child", False),
    ("He drives drunk with our kids in the car.", CHILD, "child_neglect", False),
    ("I'm 14 and my boyfriend is 22.", CHILD, "minor_with_adult", False),
    ("My stepdad touches me when mum is at work.", CHILD, "child_sexual_abuse", False),
    # a belonging ruined, named by its owner; anger taken out on the home
    ("He tore up my sketchbooks because I went out with my friends.", VIOLENCE, "intimidation",
     False),
    ("Whenever I talk about seeing my mum she takes it out on the furniture.", VIOLENCE,
     "intimidation", False),
    # a weapon taken down, or a firearm bought, in answer to the person
    ("When I said I'd go to the wedding alone he got his shotgun down and wiped it.", VIOLENCE,
     "weapon_threat", True),
    ("He bought a pistol the week after I asked for my own bank account.", VIOLENCE,
     "weapon_threat", True),
    # what a partner does to a pet, and a threat to one, told of
    ("My partner flushed my hamster down the toilet.", VIOLENCE, "harm_to_pet", False),
    ("He swears that if I go to the party my cat won't be there when I get back.", VIOLENCE,
     "harm_to_pet", False),
    ("She threw the remote in my face.", VIOLENCE, "physical_violence", False),
    # fear of a reaction, with the anger of the last time
    ("I daren't mention my friends, the last time I did he yelled at me all night.", VIOLENCE,
     "fear_of_partner", False),
    # threats tied to what the person does: the children, pictures, a home, a pet
    ("He says he'll take our son to his brother's in Spain if I keep going to the gym.", CONTROL,
     "threat_children", False),
    ("my gf threatened to send the videos to my boss.", CONTROL, "image_threat", False),
    ("If I go back to college she'll ring the police and say I hit her.", CONTROL, "blackmail",
     False),
    ("He's threatened to throw the rabbit out on the road.", VIOLENCE, "harm_to_pet", False),
    ("if i stay out late the dog might not be there when i get home, he says.", VIOLENCE,
     "harm_to_pet", False),
    # a weapon used on the person, or driven in beside them
    ("She raised the iron bar over my head and laughed.", VIOLENCE, "weapon_threat", True),
    ("He hit me with a saucepan last night.", VIOLENCE, "weapon_threat", True),
    ("he dug the point of his knife into my arm.", VIOLENCE, "weapon_threat", True),
    ("She jammed the scissors into the desk inches from my fingers.", VIOLENCE, "weapon_threat",
     True),
    ("Whenever we have a row he takes out the crowbar and leaves it on the stairs.", VIOLENCE,
     "weapon_threat", True),
    # threats to kill in other words
    ("She told me 'if I can't have you, nobody else will'.", VIOLENCE, "threat_to_kill", True),
    ("He keeps telling me none of us will be alive by summer if I go.", VIOLENCE,
     "threat_to_kill", True),
    ("his words were 'I'll put you in the ground'.", VIOLENCE, "threat_to_kill", True),
    ("she choked me with her forearm until I blacked out.", VIOLENCE, "strangulation", True),
    # sex over a no, asleep, or owed
    ("I woke up to him on top of me.", CONTROL, "sexual_coercion", False),
    ("She won't let me sleep until I give in.", CONTROL, "sexual_coercion", False),
    ("He says sex is the least I owe him for the rent.", CONTROL, "sexual_coercion", False),
    # a plan, and who would find them
    ("I've worked out how I'd do it so my mum wouldn't be the one to find me.", SELF_HARM,
     "suicidal_ideation", True),
    ("I can't see the point in being here anymore.", SELF_HARM, "suicidal_ideation", False),
    ("They'd all cope better if I just wasn't around.", SELF_HARM, "suicidal_ideation", False),
    ("if i just didn't wake up one morning it would be a relief", SELF_HARM,
     "suicidal_ideation", False),
    ("Last night I kept thinking about just turning the wheel on the motorway.", SELF_HARM,
     "suicidal_ideation", False),
    ("I've written a note for my husband in case something happens to me.", SELF_HARM,
     "suicidal_ideation", False),
    ("I looked up how many tablets would be enough.", SELF_HARM, "suicidal_ideation", True),
    # fear shown by what the person does to keep the peace
    ("I hide the shopping in the car so he doesn't see it, it's not worth the row.", VIOLENCE,
     "fear_of_partner", False),
    ("I plan my whole week around her moods.", VIOLENCE, "fear_of_partner", False),
    ("I never know which version of him is coming through the door.", VIOLENCE,
     "fear_of_partner", False),
    ("I have to ask his permission before I buy a coffee.", VIOLENCE, "fear_of_partner", False),
    # belongings ruined, and stalking after a separation
    ("She took my phone and stamped on it until the screen shattered.", VIOLENCE,
     "intimidation", False),
    ("Since we split he drives past my house every night.", CONTROL, "stalking_after_leaving",
     True),
]

# (text, category, signal): a weak hit, and no strong hit at all.
WEAK_ROWS = [
    ("I walk on eggshells around him.", VIOLENCE, "fear_of_partner"),
    ("He gets really scary when he drinks.", VIOLENCE, "fear_of_partner"),
    ("He gets a bit rough when he drinks.", VIOLENCE, "physical_violence"),
    ("She left bruises on my arm.", VIOLENCE, "injury"),
    ("He punched a hole in the door last night.", VIOLENCE, "intimidation"),
    ("My boyfriend broke the bathroom mirror.", VIOLENCE, "intimidation"),
    ("I'm scared of how she'll take it.", VIOLENCE, "fear_of_partner"),
    ("I daren't mention the overdraft to him.", VIOLENCE, "fear_of_partner"),
    ("She goes through my phone now and then.", CONTROL, "monitoring"),
    ("He has my location on his phone.", CONTROL, "stalking"),
    ("I have to ask him for money.", CONTROL, "financial_control"),
    ("She gets upset when I see my friends without her.", CONTROL, "isolation"),
    ("I feel like a prisoner in my own home.", CONTROL, "restricting_movement"),
    ("He questions me for hours about where I've been.", CONTROL, "control_of_daily_life"),
    ("He goes cold for days when I turn him down, so I go along with it.",
     CONTROL, "sexual_coercion"),
    ("He has naked photos of me.", CONTROL, "image_threat"),
    ("She calls me useless.", CONTROL, "degradation"),
    ("He says no one else would ever want me.", CONTROL, "degradation"),
    ("I don't care what happens to me anymore.", SELF_HARM, "suicidal_ideation"),
    ("I just want to disappear.", SELF_HARM, "suicidal_ideation"),
    ("There are scars on my arms I hide from him.", SELF_HARM, "self_harm_act"),
    ("My girlfriend says she doesn't know what she'd do if I left.",
     SELF_HARM, "partner_suicide_threat"),
    # talk of killing that is the writer's idiom, or not about a partner: a check-in at most
    ("My husband is going to kill me when he sees the scratch on the car.",
     VIOLENCE, "threat_to_kill"),
    ("I could strangle her for eating my chips, lol.", HARM_TO_PARTNER, "threat_to_kill"),
    ("My mum said she'd kill me if I was late again.", VIOLENCE, "threat_to_kill"),
    ("I yelled at him until he cried.", HARM_TO_PARTNER, "user_harmed_partner"),
    ("I drove past her flat to see who was there.", HARM_TO_PARTNER, "user_controls_partner"),
    ("The kids were hiding in their room while we screamed.", CHILD, "child_witness"),
    ("I'm 17 and my boyfriend is 19.", CHILD, "minor_with_adult"),
]

# Denials: advocates may still check in (a weak hit is fine), but nothing strong.
NEGATION_ROWS = [
    "He's never actually hurt me.",
    "She doesn't hit me.",
    "He would never hit me.",
    "I've never hit her.",
    "He didn't choke me, he just shouted.",
    "I'm not suicidal, just tired.",
    "i dont want to kill myself, i just want him to listen",
    "She isn't scared of me.",
    "He doesn't go through my phone.",
    "My wife has never locked me out.",
]

# Jokes and idioms: nothing strong (a weak check-in on violent jokes is fine).
HYPERBOLE_ROWS = [
    "I'm dying to see him.",
    "This silence is killing me.",
    "I could strangle him lol",
    "I could strangle him for forgetting our anniversary, lol.",
    "She'll kill me if I forget the milk.",
    "He's going to kill me when he sees the card bill haha",
    "He's driving me crazy.",
    "I'd kill for a nap.",
    "I could murder a pizza.",
    "my feet are killing me after the wedding",
    "I'll die on this hill: pineapple belongs on pizza.",
    "ugh I want to die of embarrassment",
    "we nearly died laughing at the pub quiz",
    "He's killing it at his new job.",
    "I'll murder him if he finishes the ice cream, lol",
    "She'd kill me if she knew how much these shoes cost 😂",
    "I could kill him for forgetting to call.",
    "i wanted to strangle him when he spoiled the finale",
    "Before I smother him with a pillow (joke), how do I stop the snoring?",
]

# Ordinary senses of trap words: no hit at all.
ORDINARY_ROWS = [
    "She stabbed me in the back in Mario Kart again.",
    # how the partner took it, not what the writer did
    "He got really defensive when I said I missed him, like I was attacking him.",
    "She reacts as if I had hit her whenever I raise the subject of money.",
    # following close for affection, with no fear or anger anywhere
    "He follows me from room to room when I'm home because he wants cuddles. So clingy, so sweet.",
    # a manner the writer means to keep to, not something done
    "How do I get him to open up without pushing him?",
    "how can i say it without hurting her",
    "I beat him by ten minutes in the park run.",
    "I hid his birthday present in the loft so he doesn't see it.",
    "He follows me around the flat with the vacuum when I bake.",
    "He drives past my work on his way to the gym and waves.",
    "Everyone would be happier if I wasn't here for Christmas dinner, my family are so loud.",
    "I stood on the bridge in Prague looking down at the river, so romantic.",
    "I keep thinking about driving into town and quitting on the spot.",
    "I wrote letters to my kids for when they start uni.",
    "She's a bit controlling about the thermostat.",
    "He checks his work email in bed.",
    "We track our budget together every Sunday.",
    "He cut his hair really short.",
    "She takes allergy pills at night.",
    "We had a big fight about money.",
    "He pushes me to go running with him and I love it.",
    "She beat me at chess again.",
    "He hit me with the worst pun this morning.",
    "It hit me yesterday how much I miss her.",
    "We share our locations, it was my idea.",
    "I hit my head on the cupboard.",
    "I burned my hand on the oven making dinner.",
    "I cut my finger chopping onions.",
    "She threw me a surprise party.",
    "I grabbed her a coffee on the way home.",
    "He took the car keys and drove to work.",
    "I keep my phone locked because I'm planning his surprise party.",
    "We're planning to jump out of a plane for charity!",
    "I took 2 of my allergy tablets and feel sleepy.",
    "Our son is 14 and his teacher is 35.",
    "My husband is 40 and our daughter is 8.",
    "I'm scared of losing him.",
    "The kids are killing me this week.",
    "She's been cutting back on sugar again.",
    "The tension was so thick you could cut it with a knife.",
    "We watched a film where a man strangles his wife.",
    "He keeps his rifles in a locked safe at his dad's farm.",
    "My ex and I split up years ago and we get on fine.",
    "I told him I'd be dead without him.",
    "He said he'd shoot me a text when he lands.",
    "He said he'd put sugar in my coffee.",
    # things broken by the writer, a child, an accident, or thrown away; a weapon owned
    # without menace; nerves rather than fear
    "We threw things out all weekend, the garage is finally clear.",
    "My son punches the sofa cushions when he loses at games.",
    "He knocked over the lamp and broke it, he's so clumsy.",
    "She throws her coat on the chair every day and it drives me up the wall.",
    "He dropped his phone and smashed the screen, now he's grumpy.",
    "We went axe throwing for his birthday and I won.",
    "He cleans his fishing rods when I mention the weekend, it's his happy place.",
    "He keeps a pocket knife for work.",
    "I'm nervous about how he'll react to my new haircut.",
    "I'm worried how she'll take the news about my job.",
    "He threw the dog a ball while I cooked.",
    # success, an accident at a chore, a relative, the writer's own news, the writer and a pet
    "He smashed his exam and we're going out to celebrate.",
    "She broke another plate doing the dishes, she's hopeless.",
    "My father-in-law keeps showing up on Sundays with a cake.",
    "Our cousins always turn up unannounced and my partner hates it.",
    "My mother-in-law reads my texts over my shoulder when she visits.",
    "She threw a pillow at me when I spoiled the ending of her book.",
    "I'm scared to tell my husband I scratched his car.",
    "I'm afraid to tell her I'm not sure about moving abroad.",
    "I pushed the dog off the sofa so I could sit down.",
    "Long story short, we met at a wedding where he was the best man.",
]

# Strong, but not a crisis: no marker of lethal danger, or no separation to make it one.
NOT_CRISIS_ROWS = [
    "She checks my phone every night.",
    "I left my job last month and he goes through my phone every night.",
    "He slapped me when I said I wanted to go out.",
    "My ex-boyfriend hit me once, years ago.",
]


@pytest.mark.parametrize(("text", "category", "signal", "crisis"), STRONG_ROWS)
def test_strong_hit(text: str, category: str, signal: str, crisis: bool) -> None:
    found = [(h.category, h.signal, h.crisis) for h in strong(scan(text))]
    assert (category, signal, crisis) in found


@pytest.mark.parametrize(("text", "category", "signal"), WEAK_ROWS)
def test_weak_hit(text: str, category: str, signal: str) -> None:
    hits = scan(text)
    assert (category, signal, WEAK) in [(h.category, h.signal, h.strength) for h in hits]
    assert strong(hits) == []
    assert not any(h.crisis for h in hits)


# At most a question: a weak cue, and no separation ("he left them open" is not one).
WEAK_ONLY_ROWS = [
    "We share a laptop and he'd been reading my group chats, he just left them open.",
    "I flinched at the horror film so hard I elbowed my boyfriend in the nose.",
]


@pytest.mark.parametrize("text", WEAK_ONLY_ROWS)
def test_weak_only(text: str) -> None:
    hits = scan(text)
    assert hits and not strong(hits) and not any(h.crisis for h in hits)


@pytest.mark.parametrize("text", NOT_CRISIS_ROWS)
def test_strong_but_not_crisis(text: str) -> None:
    hits = scan(text)
    assert strong(hits) and not any(h.crisis for h in hits)


@pytest.mark.parametrize("text", NEGATION_ROWS)
def test_negation_is_never_strong(text: str) -> None:
    assert strong(scan(text)) == []


@pytest.mark.parametrize("text", HYPERBOLE_ROWS)
def test_hyperbole_is_never_strong(text: str) -> None:
    assert strong(scan(text)) == []


@pytest.mark.parametrize("text", ORDINARY_ROWS)
def test_ordinary_sense_has_no_hit(text: str) -> None:
    assert scan(text) == []


@pytest.mark.parametrize(
    ("text", "evidence"),
    [
        ("Honestly? He choked me.", "choked me"),
        ("He said he’d kill me if I left.", "He said he’d kill me"),  # curly apostrophe kept
        ("We’ve split up. He’s got a gun and warns me.", "got a gun"),  # a combined hit too
        ("I'M SCARED TO GO HOME", "SCARED TO GO HOME"),
        ("first line\nshe goes through my messages", "goes through my messages"),
    ],
)
def test_offsets_are_exact(text: str, evidence: str) -> None:
    hits = scan(text)
    assert [h.evidence for h in hits] == [evidence]
    assert hits[0].start == text.index(evidence)
    assert hits[0].end == hits[0].start + len(evidence)


@pytest.mark.parametrize("text", [row[0] for row in STRONG_ROWS + WEAK_ROWS])
def test_evidence_is_the_text_at_the_offsets(text: str) -> None:
    for hit in scan(text):
        assert text[hit.start:hit.end] == hit.evidence
        assert hit.category in CATEGORIES


def test_hits_are_in_text_order_and_do_not_overlap() -> None:
    hits = scan("He tracks my location and shows up at my work. I've been saving my pills.")
    assert [h.signal for h in hits] == ["stalking", "stalking", "suicide_plan"]
    assert all(a.end <= b.start for a, b in pairwise(hits))


def test_every_signal_has_a_table_row() -> None:
    covered = {row[2] for row in STRONG_ROWS} | {row[2] for row in WEAK_ROWS}
    assert {rule.signal for rule in RULES} <= covered


def test_a_bad_rule_is_rejected() -> None:
    with pytest.raises(ValueError, match="bad lexicon rule"):
        compile_rules((("violence", "x", "medium", False, "x"),))
    with pytest.raises(ValueError, match="bad lexicon rule"):
        compile_rules((("abuse", "x", STRONG, False, "x"),))


def test_dev_set_targets() -> None:
    """Lexicon alone on the dev sets; the classifier (layer 2) adds recall on top."""
    dev = json.loads(DEV.read_text(encoding="utf-8"))
    catch = [scan(t) for t in dev["must_catch"]]
    assert sum(bool(h) for h in catch) >= 16
    assert sum(bool(strong(h)) for h in catch) >= 12

    calm = [scan(t) for t in dev["must_not_flag"]]
    assert sum(len(strong(h)) for h in calm) == 0
    assert sum(bool(h) for h in calm) <= 2

    border = [scan(t) for t in dev["borderline"]]
    assert sum(bool(h) for h in border) >= 6
    # Strong only where clearly warranted: none of the borderline items is.
    assert [t for t, h in zip(dev["borderline"], border, strict=True) if strong(h)] == []


def test_false_strong_rate_on_ordinary_texts_is_under_two_percent() -> None:
    rows = [json.loads(line) for path in NONE_SETS
            for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]
    texts = [r["text"] for r in rows if r["category"] == "none" and r.get("split") != "holdout"]
    assert len(texts) > 100
    false_strong = sum(bool(strong(scan(t))) for t in texts)
    assert false_strong / len(texts) < 0.02
