"""The year's end on the home page: reports to send or receive, inspection requests to
answer or past their date. One small card; each line links to the page of the work."""

from dataclasses import dataclass

from django.utils.translation import gettext as _
from django.utils.translation import ngettext


@dataclass
class TodoItem:
    text: str
    url: str
    count: int
    overdue: bool


def year_end_todo(user) -> list[TodoItem]:
    from renluyen.inspections.todo import inspection_todo
    from renluyen.reports.todo import report_todo

    items = report_todo(user, TodoItem)
    todo = inspection_todo(user)
    if todo.to_answer:
        text = ngettext(
            "%(n)d inspection request for your unit to answer",
            "%(n)d inspection requests for your unit to answer",
            todo.to_answer,
        ) % {"n": todo.to_answer}
        if todo.to_answer_overdue:
            text += " " + _("(%(n)d overdue)") % {"n": todo.to_answer_overdue}
        items.append(TodoItem(text, todo.first_url, todo.to_answer, bool(todo.to_answer_overdue)))
    if todo.overdue_below:
        text = ngettext(
            "%(n)d inspection request past its due date without an answer",
            "%(n)d inspection requests past their due date without an answer",
            todo.overdue_below,
        ) % {"n": todo.overdue_below}
        items.append(TodoItem(text, todo.overdue_url, todo.overdue_below, True))
    return items
