"""The framing label sets: entity roles (SemEval-2025 Task 10), genres and frames (SemEval-2023
Task 3), written exactly as the tasks write them."""

from __future__ import annotations

MAIN_ROLES = ("Protagonist", "Antagonist", "Innocent")
#: Fine roles by main role; a fine role belongs to exactly one main role.
FINE_ROLES: dict[str, tuple[str, ...]] = {
    "Protagonist": ("Guardian", "Martyr", "Peacemaker", "Rebel", "Underdog", "Virtuous"),
    "Antagonist": (
        "Instigator",
        "Conspirator",
        "Tyrant",
        "Foreign Adversary",
        "Traitor",
        "Spy",
        "Saboteur",
        "Corrupt",
        "Incompetent",
        "Terrorist",
        "Deceiver",
        "Bigot",
    ),
    "Innocent": ("Forgotten", "Exploited", "Victim", "Scapegoat"),
}
ALL_FINE = tuple(f for main in MAIN_ROLES for f in FINE_ROLES[main])
MAIN_OF = {f: main for main in MAIN_ROLES for f in FINE_ROLES[main]}

GENRES = ("opinion", "reporting", "satire")
FRAMES = (
    "Economic",
    "Capacity_and_resources",
    "Morality",
    "Fairness_and_equality",
    "Legality_Constitutionality_and_jurisprudence",
    "Policy_prescription_and_evaluation",
    "Crime_and_punishment",
    "Security_and_defense",
    "Health_and_safety",
    "Quality_of_life",
    "Cultural_identity",
    "Public_opinion",
    "Political",
    "External_regulation_and_reputation",
)
