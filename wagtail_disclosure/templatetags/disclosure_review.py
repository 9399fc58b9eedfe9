"""The 保密审查 modal's form, built for the task state and the reviewer (see review/review_modal.html)."""

from django import template

register = template.Library()


@register.simple_tag
def review_form_for(form, task_state, action, user):
    """The review form for ``task_state`` and ``user``, with ``form``'s submitted data and errors if any.

    Wagtail builds the modal's form without the task state and without the user; this one knows the
    revision under review (its pre-scan findings) and offers only documents the reviewer may choose.
    """
    form_class = task_state.review_task.get_form_for_action(action)
    review_form = form_class(form.data if form.is_bound else None, task_state=task_state, user=user)
    if review_form.is_bound:
        review_form.is_valid()
    return review_form
