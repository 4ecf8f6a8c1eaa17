"""Pages of the optional LLM assistant: a grounded summary and "ask about this article".

Thin: each view calls one function of :mod:`broadsheet.site.news.assistant`. Without
``BROADSHEET_LLM_URL`` the URLs answer 404, so nothing ever calls out.
"""

from __future__ import annotations

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_POST

from broadsheet.errors import FetchError, InputError
from broadsheet.pipeline.enrich.grounding import UngroundedAnswer
from broadsheet.site.news import assistant, selectors


def _page(request: HttpRequest, pk: int, kind: str) -> HttpResponse:
    if not assistant.llm_enabled():
        raise Http404("the assistant is not configured")
    article = selectors.article_get(pk)
    question = request.POST.get("question", "")
    context: dict[str, object] = {"article": article, "kind": kind, "question": question}
    status = 200
    try:
        if kind == "ask":
            context["answer"] = assistant.article_ask(article=article, question=question)
        else:
            context["answer"] = assistant.article_abstract(article=article)
    except InputError as exc:
        context["problem"] = exc.reason
        status = 400
    except UngroundedAnswer:
        context["problem"] = (
            "The model's answer did not point to sentences of the article, so it is not shown."
        )
    except FetchError as exc:
        context["problem"] = f"The assistant could not be reached: {exc.reason}"
        status = 503
    return render(request, "news/assistant.html", context, status=status)


@require_POST
def ask(request: HttpRequest, pk: int) -> HttpResponse:
    """Answer the posted question about article ``pk``."""
    return _page(request, pk, "ask")


@require_POST
def abstract(request: HttpRequest, pk: int) -> HttpResponse:
    """An abstractive, cited summary of article ``pk``."""
    return _page(request, pk, "abstract")
