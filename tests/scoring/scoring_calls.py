# ruff: noqa: E501 - dialogue lines read better unbroken
"""Whole-call transcripts shared by the grading tests and the benchmark."""

from __future__ import annotations

from scoring import NeedSpec, Turn

CAR_NEEDS = (
    NeedSpec(
        "late_deliveries",
        "Supplier is often a day late with brake parts.",
        ("delivery", "deliveries", "late", "waiting", "supplier", "lead time", "arrive"),
    ),
    NeedSpec(
        "wrong_parts",
        "One order in ten has the wrong part number.",
        ("wrong", "mistakes", "errors", "returns", "part numbers", "quality"),
    ),
    NeedSpec(
        "cash_flow",
        "Pays on delivery; 30-day terms would help.",
        ("pay", "payment", "terms", "invoice", "cash", "credit", "billing"),
    ),
)

NB_NEEDS = (
    NeedSpec(
        "trekk",
        "Gamle vinduer gir trekk og høye strømregninger.",
        ("trekk", "kaldt", "strøm", "strømregning", "oppvarming", "energi"),
    ),
    NeedSpec(
        "vedlikehold",
        "Styret bruker mye tid på vedlikehold og maling.",
        ("vedlikehold", "maling", "råte", "reparasjon"),
    ),
)


def P(text: str, objection: str | None = None) -> Turn:  # noqa: N802 - reads like a script
    return Turn("prospect", text, objection=objection)


def T(text: str) -> Turn:  # noqa: N802
    return Turn("trainee", text)


SEED_PITCH_EN = [
    P("Dawson Motors, Mike speaking."),
    T("I'm a representative of a Canadian company, we are world leaders in car parts."),
    P("Okay... what is this about?"),
    T(
        "We are the number one supplier, we have the best prices on the market and over 50,000 parts in stock."
    ),
    P("I've got a car on the lift."),
    T("Our catalogue is the best in the world and our product is cheaper than anyone."),
    P("Not interested.", "not_interested"),
    T("But we are world leaders, you should switch today."),
]

SEED_PITCH_NB = [
    P("Borettslaget Solsiden, Kari her."),
    T("Jeg er en representant for et kanadisk selskap, vi er verdensledende på vinduer."),
    P("Ja vel... hva gjelder det?"),
    T("Vi er markedsleder, vi har de beste prisene i markedet og tusenvis av kunder."),
    P("Jeg har egentlig ikke tid."),
    T("Vårt produkt er best i markedet og vi er billigere enn alle andre."),
    P("Jeg er ikke interessert.", "not_interested"),
    T("Men vi er verdensledende, dere burde bytte i dag."),
]

SPIN_EN = [
    P("Dawson Motors, Mike speaking."),
    T(
        "Hi Mike, this is Sam from NordParts. I know I'm calling out of the blue, do you have two minutes?"
    ),
    P("Two minutes, go on then."),
    T("Thanks. How do you order your brake parts today?"),
    P("We've used the same wholesaler for years. It does the job."),
    T("Makes sense. How many cars do you service in a typical week?"),
    P("About sixty."),
    T("What works less well than you'd like with your current supplier?"),
    P("They're often a day late with brake parts, so cars sit on the lift waiting."),
    T("That sounds frustrating. What happens in the workshop when a car waits a day for parts?"),
    P("The lift is blocked, and some customers don't come back."),
    T("If parts arrived next morning, every time, what would that mean for the workshop?"),
    P("Sounds nice, but you're probably more expensive than what I pay now.", "price"),
    T(
        "That's a fair concern. When you compare prices, what do you count in, the rush fees and the lost lift time too?"
    ),
    P("Fair point, I never add up the rush fees."),
    T("Would it be worth a 30-minute meeting to compare? Thursday at 10, I'll send the invite."),
    P("Fine, Thursday at ten works."),
]

SPIN_NB = [
    P("Borettslaget Solsiden, Kari her."),
    T("Hei Kari, dette er Sam fra Nordvindu. Jeg ringer litt uanmeldt, har du to minutter?"),
    P("To minutter, ja."),
    T("Takk. Hvordan er vinduene i borettslaget i dag?"),
    P("De er fra 1978, stort sett originale."),
    T("Skjønner. Hvor mange leiligheter er det i borettslaget?"),
    P("Førtiåtte."),
    T("Hva er de største utfordringene med de gamle vinduene?"),
    P("Det er mye trekk, og beboerne klager på kalde leiligheter om vinteren."),
    T("Det høres slitsomt ut. Hva betyr det for strømregningen og for styret når beboerne klager?"),
    P("Styret får mange klager, og strømregningene er høye."),
    T("Hvis dere kunne kvittet dere med trekken, hva ville det bety for beboerne?"),
    P("Det høres fint ut, men dere er sikkert dyre.", "price"),
    T(
        "Det er et godt poeng. Hva sammenligner dere med når dere vurderer prisen, også strømutgiftene?"
    ),
    P("Vi har vel bare sett på innkjøpsprisen."),
    T(
        "Ville det vært nyttig med en befaring for å sammenligne? Torsdag kl. 10, jeg sender en invitasjon."
    ),
    P("Ja, torsdag kl. 10 passer."),
]
