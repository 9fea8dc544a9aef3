"""Counts turned into chart geometry, and a sentence that says what each chart shows.

Pure functions, no chart library: a chart is rows, each a bar of segments placed in a viewBox
100 wide (x and width are percentages of the row), drawn by templates/checks/_charts.html with
attributes only and coloured by classes from the stylesheet (the CSP allows no style). Labels
and numbers are HTML beside the drawing, so the chart reads the same right to left."""
from dataclasses import dataclass

from flask_babel import format_decimal, format_percent, gettext as _, ngettext

from .models import Answer

WIDTH = 100  # the viewBox's width: x and width are percentages
PLACES = 2  # decimals kept in the geometry
# Each answer's segment class, in the order the segments are drawn.
ANSWER_CLASSES = {Answer.YES: "chart__segment--yes", Answer.NO: "chart__segment--no",
                  Answer.NOT_SURE: "chart__segment--not-sure"}
BAR = "chart__segment--bar"


@dataclass(frozen=True)
class Segment:
    name: str  # what it counts: an Answer value, or "bar"
    css: str  # its class (the colour)
    count: int
    share: float  # of the row's total, 0 to 1
    percent: int  # the share as a whole percentage, as the table shows it
    x: float
    width: float


@dataclass(frozen=True)
class Row:
    item: object  # what the row is about: a question's answers, a score, a group
    total: int
    segments: tuple

    @property
    def segment(self):
        """The only segment of a one-bar row."""
        return self.segments[0]

    def of(self, name):
        return next(segment for segment in self.segments if segment.name == name)


@dataclass(frozen=True)
class Chart:
    rows: list
    summary: str  # one sentence, for everyone (and the figure's caption for screen readers)


def percent_of(count, total):
    return round(100 * count / total) if total else 0


def percent(value):
    """A whole percentage (25) written for the reader's language ("25%")."""
    return format_percent(value / 100)


def stacked(item, counts):
    """A row of segments side by side, one for each (name, css, count), each as wide as its
    share of the row's total; the segments fill the row when the total is not zero."""
    total = sum(count for _name, _css, count in counts)
    segments, before = [], 0
    for name, css, count in counts:
        share = count / total if total else 0
        segments.append(Segment(name, css, count, share, percent_of(count, total),
                                round(WIDTH * before / total, PLACES) if total else 0,
                                round(WIDTH * share, PLACES)))
        before += count
    return Row(item, total, tuple(segments))


def bar(item, count, total):
    """A row with one bar from the start, as wide as `count`'s share of `total`."""
    share = count / total if total else 0
    return Row(item, total, (Segment("bar", BAR, count, share, percent_of(count, total), 0,
                                     round(WIDTH * share, PLACES)),))


def answers_chart(questions):
    """Each question's yes, no and not sure (results.QuestionAnswers) as one row of three."""
    rows = [stacked(question, [(answer.value, css, question.counts[answer.value])
                               for answer, css in ANSWER_CLASSES.items()])
            for question in questions]
    most = {answer.value: 0 for answer in ANSWER_CLASSES}
    for row in rows:
        top = max(row.segments, key=lambda segment: segment.count)
        if top.count and sum(s.count == top.count for s in row.segments) == 1:
            most[top.name] += 1
    summary = " ".join([
        ngettext("%(num)s question was answered.", "%(num)s questions were answered.", len(rows)),
        _("The most common answer was yes to %(yes)s, no to %(no)s and not sure to "
          "%(not_sure)s of them (questions with a tie are not counted).",
          yes=most[Answer.YES], no=most[Answer.NO], not_sure=most[Answer.NOT_SURE])])
    return Chart(rows, summary)


def distribution_chart(distribution, out_of):
    """How many reports had each score, 0 to `out_of`, as bars of their share of the reports."""
    total = sum(count for _score, count in distribution)
    rows = [bar(points, count, total) for points, count in distribution]
    average = (sum(points * count for points, count in distribution) / total) if total else 0
    full = dict(distribution).get(out_of, 0)
    summary = " ".join([
        ngettext("%(num)s report was scored out of %(out_of)s.",
                 "%(num)s reports were scored out of %(out_of)s.", total, out_of=out_of),
        ngettext("%(num)s report scored full marks.", "%(num)s reports scored full marks.",
                 full),
        _("The average score is %(average)s.", average=average_text(average))])
    return Chart(rows, summary)


def average_text(value):
    """An average score, to one decimal place, for the reader's language."""
    return format_decimal(round(value, 1), format="0.0")  # rounded as Python rounds


def groups_chart(groups, label_of):
    """Each group's (results.Group) reports that met every good practice, as bars of their
    share of the group's reports. `label_of(group)` names a group in the summary."""
    rows = [bar(group, group.met_all, group.reports) for group in groups]
    if not rows:
        return Chart(rows, "")
    low = min(rows, key=lambda row: row.segment.share)
    high = max(rows, key=lambda row: row.segment.share)
    if low.segment.percent == high.segment.percent:
        summary = _("In each group, %(percent)s of reports met every good practice.",
                    percent=percent(high.segment.percent))
    else:
        summary = _("The share of reports that met every good practice goes from %(low)s "
                    "(%(low_group)s) to %(high)s (%(high_group)s).",
                    low=percent(low.segment.percent), low_group=label_of(low.item),
                    high=percent(high.segment.percent), high_group=label_of(high.item))
    return Chart(rows, summary)
