"""What each politeness marker is worth, how often a reply can earn it, and which markers
take the courtesy out of the words around them (politeness.py finds the markers).

Points are the strategy coefficients of Danescu-Niculescu-Mizil et al. (2013) times 10, plus
phone-sales markers weighed on the same scale."""

from __future__ import annotations

POINTS: dict[str, float] = {
    "greeting": 4.3,
    "self_introduction": 6,
    "asking_permission": 6,
    "gratitude": 8.7,
    "apology": 3.6,
    "hedge": 1.4,
    "counterfactual_modal": 4.7,
    "uses_name": 3,
    "please": 4.9,
    "acknowledgement": 6,
    "reassurance": 5,
    "deference": 7.8,
    "indirect": 6.3,
    "please_start": -3.0,
    "direct_start": -4.3,
    "direct_question": -2.7,
    "second_person_start": -3.0,
    "bare_command": -5,
    "factuality": -3.8,
    "negative_tone": -1.3,
    "pressure": -12,
    "profanity": -20,
    "insult": -20,
    "all_caps": -10,
    # "?!", "!!", "??": repeated punctuation marks indignation in written chat; weighed like
    # the strongest of the paper's impolite strategies (direct start, -0.43).
    "emphatic_punctuation": -4.3,
    "du_de_mixing": -8,
    "name_overuse": -6,
    "positive_tone": 1.2,
    "first_person_start": 1.2,
    # Small but significant in the 2013 paper (+0.08, +0.08, +0.05, +0.09 n.s.): they mostly
    # separate a personal, engaged request from a bare one.
    "first_person": 0.8,
    "first_person_plural": 0.8,
    "second_person": 0.5,
    "indicative_modal": 0.9,
    "ignores_prospect": -8,
    # Tone a coach marks down whatever courtesy words surround it (calibration set): brushing
    # the buyer off, sarcasm, talking down, defending instead of listening, courtesy that
    # pushes ("you'll thank me later").
    "dismissive": -14,
    "sarcasm": -18,
    "condescension": -14,
    "defensive": -10,
    "pushy_courtesy": -12,
    # Sales jargon and scripted or hollow validation ("that's a great pain point", "I want to
    # validate that", "your call is important to us"): the buyer hears a script, not a person.
    "hollow": -6,
    # Talking down the buyer's current way of working ("that's a bit old-school").
    "belittling": -6,
}
HOSTILE = frozenset(
    {"dismissive", "sarcasm", "condescension", "defensive", "pushy_courtesy", "pressure"}
)
# Courtesy beside a script rings as hollow as the script, without being hostile.
HOLLOW = frozenset({"hollow"})
# Courtesy around a hostile move counts for this share of its points.
WRAPPED = 0.3
# How many times one reply can earn (or lose) a marker's points.
CAP: dict[str, int] = {
    "emphatic_punctuation": 1,
    "gratitude": 2,
    "hedge": 2,
    "acknowledgement": 2,
    "counterfactual_modal": 2,
    "negative_tone": 3,
    "positive_tone": 3,
    "reassurance": 2,
    "apology": 2,
    "please": 2,
    "hollow": 2,
    "belittling": 1,
}
ANYWHERE = (
    # First: on a tie of length at one start, "i understand your frustration" is the script,
    # not an acknowledgement.
    "hollow",
    "belittling",
    "self_introduction",
    "asking_permission",
    "gratitude",
    "apology",
    "hedge",
    "counterfactual_modal",
    "please",
    "acknowledgement",
    "reassurance",
    "indirect",
    "factuality",
    "indicative_modal",
    "positive_tone",
    "negative_tone",
    "pressure",
    "profanity",
    "insult",
    "emphatic_punctuation",
)
SOFTENERS = frozenset(
    {
        "greeting",
        "self_introduction",
        "asking_permission",
        "gratitude",
        "apology",
        "hedge",
        "counterfactual_modal",
        "please",
        "acknowledgement",
        "reassurance",
        "deference",
        "indirect",
    }
)
# Counted even inside another marker's words.
OVERLAPPING = (
    "pressure",
    "profanity",
    "insult",
    "emphatic_punctuation",
    "dismissive",
    "sarcasm",
    "condescension",
    "defensive",
    "pushy_courtesy",
)
