"""The comment form: one text field, validated before the service sees it."""

from __future__ import annotations

from django import forms

from broadsheet.site.comments.services import COMMENT_MAX_CHARS


class CommentForm(forms.Form):
    """A reader's comment; the text is stored as written and escaped when shown."""

    body = forms.CharField(
        label="Your comment",
        max_length=COMMENT_MAX_CHARS,
        strip=True,
        widget=forms.Textarea(attrs={"rows": 4, "maxlength": COMMENT_MAX_CHARS}),
    )
