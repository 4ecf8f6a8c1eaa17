"""Editors' corrections to entities: merge several into one, split an alias back out.

Called by the admin actions in ``news/admin.py``; each function is one transaction.

Merging folds entities into a target: their mentions and quotes move to it (two
mentions in one article become one), their aliases move with them and each merged
entity's own key becomes a *manual* alias of the target with the editor's reason.
Manual aliases win over automatic matching, so later articles naming the merged entity
resolve to the target.

Splitting undoes that for one alias: the alias's name gets its own entity again, the
stored mentions and quotes whose name has the alias's key move to it, and the alias now
points at the new entity (manual, with the reason). Simply *deleting* an alias in the
admin only affects articles processed afterwards (their name no longer resolves to the
old entity); use the split action to also re-point what is already stored.
"""

from __future__ import annotations

from collections.abc import Iterable

from django.db import transaction

from broadsheet.errors import InputError
from broadsheet.pipeline.enrich import entity_key
from broadsheet.site.news.models import Entity, EntityAlias, Mention, Quote

__all__ = ["entity_alias_split", "entity_count_refresh", "entity_merge"]


def entity_count_refresh(entity: Entity) -> None:
    """Recompute how many articles mention ``entity`` and save it."""
    entity.article_count = Mention.objects.filter(entity=entity).values("article").count()
    entity.save(update_fields=["article_count"])


def _mention_move(mention: Mention, target: Entity) -> None:
    existing = Mention.objects.filter(article_id=mention.article_id, entity=target).first()
    if existing is None:
        mention.entity = target
        mention.save(update_fields=["entity"])
        return
    spans = list(existing.spans or [])
    for span in mention.spans or []:
        if span not in spans:
            spans.append(span)
    existing.spans = sorted(spans, key=lambda s: (s.get("start") or 0, s.get("end") or 0))
    existing.salience = max(existing.salience, mention.salience)
    existing.role = existing.role or mention.role
    existing.save(update_fields=["spans", "salience", "role"])
    mention.delete()


@transaction.atomic
def entity_merge(*, target: Entity, others: Iterable[Entity], reason: str) -> Entity:
    """Fold ``others`` into ``target`` and record why as manual aliases.

    Args:
        target: the entity that stays.
        others: entities to fold into it (``target`` itself is ignored if included).
        reason: the editor's reason, kept on the aliases (shown where merges are explained).

    Returns:
        The target with a fresh article count.

    Raises:
        InputError: nothing to merge or no reason given.
    """
    reason = reason.strip()
    if not reason:
        raise InputError("say why these are one entity", input="reason")
    target = Entity.objects.select_for_update().get(pk=target.pk)
    ids = sorted({o.pk for o in others} - {target.pk})
    if not ids:
        raise InputError("choose at least two entities to merge", input="entities")
    for other in Entity.objects.select_for_update().filter(pk__in=ids).order_by("pk"):
        for mention in Mention.objects.filter(entity=other).order_by("pk"):
            _mention_move(mention, target)
        Quote.objects.filter(speaker_entity=other).update(speaker_entity=target)
        EntityAlias.objects.filter(entity=other).update(entity=target)
        EntityAlias.objects.update_or_create(
            type=other.type,
            key=other.key,
            defaults={"entity": target, "name": other.name, "manual": True,
                      "reason": reason[:300]},
        )
        if not target.role and other.role:
            target.role = other.role
            target.save(update_fields=["role"])
        other.delete()
    entity_count_refresh(target)
    return target


@transaction.atomic
def entity_alias_split(*, alias: EntityAlias, reason: str = "") -> Entity:
    """Give an alias's name its own entity again and move its stored mentions and quotes.

    Args:
        alias: an alias of some entity other than that entity's own key.
        reason: kept on the alias; default says it was split by an editor.

    Returns:
        The entity the alias now belongs to.

    Raises:
        InputError: the alias is the entity's own key (nothing to split from).
    """
    alias = EntityAlias.objects.select_for_update().select_related("entity").get(pk=alias.pk)
    old = alias.entity
    if alias.type == old.type and alias.key == old.key:
        raise InputError("is the entity's own name; split another alias", input=alias.name)
    new, _ = Entity.objects.get_or_create(
        type=alias.type, key=alias.key, defaults={"name": alias.name}
    )
    for mention in Mention.objects.filter(entity=old).order_by("pk"):
        if entity_key(mention.name, alias.type)[:300] == alias.key:
            _mention_move(mention, new)
    for quote in Quote.objects.filter(speaker_entity=old).order_by("pk"):
        if quote.speaker and entity_key(quote.speaker, alias.type)[:300] == alias.key:
            quote.speaker_entity = new
            quote.save(update_fields=["speaker_entity"])
    alias.entity = new
    alias.manual = True
    alias.reason = (reason.strip() or f"split from {old.name} by an editor")[:300]
    alias.save(update_fields=["entity", "manual", "reason"])
    entity_count_refresh(old)
    entity_count_refresh(new)
    return new
