"""Labelled enums: each value written once with its translated label (and, where a page needs
one, a longer line), instead of an enum plus a dictionary of labels beside it:

    class ApplicationState(Labelled):
        DRAFT = "draft", _l("Draft")
        SUBMITTED = "submitted", _l("Submitted"), _l("We have it, and will review it.")
"""
import enum

from wtforms.fields.choices import SelectChoice


class Labelled(enum.StrEnum):
    """A string enum whose members carry `label` and an optional `hint` (translated, lazy)."""

    def __new__(cls, value, label, hint=None):
        member = str.__new__(cls, value)
        member._value_ = value
        member.label = label
        member.hint = hint
        return member

    @classmethod
    def choices(cls, members=None):
        """A form's radios or select options (value, label), in the order declared."""
        return [SelectChoice(member.value, member.label) for member in (members or cls)]
