"""Equality-monitoring questions and their answers (special-category data).

The questions follow the protected characteristics of the Equality Act 2010, plus unpaid care
and Welsh-language ability; the answers follow the Census 2021 categories so that the people
involved compare with the area's census figures. Every question allows "Prefer not to say".
These answers are only ever shown aggregated, and never leave the audit except in an internal
export.
"""

from __future__ import annotations

from dataclasses import dataclass

PREFER_NOT_TO_SAY = "prefer_not_to_say"


@dataclass(frozen=True)
class Answer:
    code: str
    label: str


@dataclass(frozen=True)
class Question:
    key: str
    label: str
    prompt: str
    answers: tuple[Answer, ...]

    def answer(self, code: str) -> Answer:
        for answer in self.answers:
            if answer.code == code:
                return answer
        allowed = ", ".join(a.code for a in self.answers)
        raise ValueError(f"'{code}' is not an answer to '{self.label}' (use one of: {allowed})")

    @property
    def codes(self) -> tuple[str, ...]:
        return tuple(a.code for a in self.answers)


def _question(key: str, label: str, prompt: str, *answers: tuple[str, str]) -> Question:
    choices = tuple(Answer(code, text) for code, text in answers)
    return Question(key, label, prompt, (*choices, Answer(PREFER_NOT_TO_SAY, "Prefer not to say")))


QUESTIONS: tuple[Question, ...] = (
    _question(
        "age",
        "Age",
        "What is your age?",
        ("under_16", "Under 16"),
        ("16_24", "16 to 24"),
        ("25_34", "25 to 34"),
        ("35_49", "35 to 49"),
        ("50_64", "50 to 64"),
        ("65_74", "65 to 74"),
        ("75_plus", "75 and over"),
    ),
    _question(
        "disability",
        "Disability",
        "Are your day-to-day activities limited because of a health problem or disability "
        "which has lasted, or is expected to last, at least 12 months?",
        ("limited_a_lot", "Disabled: day-to-day activities limited a lot"),
        ("limited_a_little", "Disabled: day-to-day activities limited a little"),
        ("not_disabled", "Not disabled"),
    ),
    _question(
        "gender_identity",
        "Gender reassignment",
        "Is the gender you identify with the same as your sex registered at birth?",
        ("same", "Yes, the same"),
        ("different", "No, different"),
    ),
    _question(
        "marriage",
        "Marriage and civil partnership",
        "What is your legal marital or registered civil partnership status?",
        ("never_married", "Never married and never registered a civil partnership"),
        ("married", "Married or in a registered civil partnership"),
        ("separated", "Separated, but still legally married or in a civil partnership"),
        ("divorced", "Divorced or civil partnership dissolved"),
        ("widowed", "Widowed or surviving civil partnership partner"),
    ),
    _question(
        "pregnancy_maternity",
        "Pregnancy and maternity",
        "Are you pregnant, or have you had a baby in the last 26 weeks?",
        ("yes", "Yes"),
        ("no", "No"),
    ),
    _question(
        "ethnicity",
        "Ethnic group",
        "What is your ethnic group?",
        ("asian", "Asian, Asian British or Asian Welsh"),
        ("black", "Black, Black British, Black Welsh, Caribbean or African"),
        ("mixed", "Mixed or Multiple ethnic groups"),
        ("white", "White"),
        ("other", "Other ethnic group"),
    ),
    _question(
        "religion",
        "Religion or belief",
        "What is your religion?",
        ("no_religion", "No religion"),
        ("christian", "Christian"),
        ("buddhist", "Buddhist"),
        ("hindu", "Hindu"),
        ("jewish", "Jewish"),
        ("muslim", "Muslim"),
        ("sikh", "Sikh"),
        ("other", "Other religion"),
    ),
    _question(
        "sex",
        "Sex",
        "What is your sex?",
        ("female", "Female"),
        ("male", "Male"),
    ),
    _question(
        "sexual_orientation",
        "Sexual orientation",
        "Which of the following best describes your sexual orientation?",
        ("straight", "Straight or heterosexual"),
        ("gay_lesbian", "Gay or lesbian"),
        ("bisexual", "Bisexual"),
        ("other", "Another sexual orientation"),
    ),
    _question(
        "unpaid_carer",
        "Unpaid carer",
        "Do you look after, or give any help or support to, anyone because of long-term "
        "physical or mental health conditions, illness or problems related to old age?",
        ("no", "No unpaid care"),
        ("up_to_19", "Yes, 19 hours a week or less"),
        ("20_to_49", "Yes, 20 to 49 hours a week"),
        ("50_plus", "Yes, 50 or more hours a week"),
    ),
    _question(
        "welsh_language",
        "Welsh language",
        "Can you understand, speak, read or write Welsh?",
        ("speaks", "Can speak Welsh"),
        ("understands_only", "Can understand spoken Welsh only"),
        ("no_skills", "No skills in Welsh"),
    ),
)

QUESTIONS_BY_KEY: dict[str, Question] = {q.key: q for q in QUESTIONS}


def question(key: str) -> Question:
    """Return the question stored as `key`, or raise ValueError naming the known questions."""
    try:
        return QUESTIONS_BY_KEY[key]
    except KeyError:
        known = ", ".join(QUESTIONS_BY_KEY)
        raise ValueError(f"'{key}' is not an equality question (known: {known})") from None
