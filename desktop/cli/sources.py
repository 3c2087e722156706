"""``jikimi source``: the places a person's photos are (a blog, a folder, a class page): link, list, remove,
allow a local address, and check what a stranger sees there right now."""

from __future__ import annotations

import argparse
import functools

from desktop import i18n
from desktop.cli.arguments import Commands, common_options
from desktop.cli.common import allow_private_hint, family_only, source_line, with_workspace
from desktop.cli.output import EXIT_FAILED, EXIT_OK, complain, say
from desktop.core.errors import StorageError
from desktop.core.models import SOURCE_OWNERS
from desktop.core.tasks import TaskContext
from desktop.sources.base import SourceError
from desktop.sources.media_hosts import media_hosts_for
from desktop.sources.places import PLACES, STATED_VISIBILITIES, place, resolve
from desktop.sources.registry import KIND_NAMES


def register(command: Commands) -> None:
    source = command("source", "sources.cli.help")
    action = Commands(source, dest="source_command", describe=False)
    add = action("add", "sources.cli.help_add")
    add.add_argument("name", help=i18n.tr("sources.cli.help_name"))
    places = [p.id for p in PLACES if p.id not in KIND_NAMES]  # by name: naver_blog, kakaotalk, youtube…
    add.add_argument("kind", choices=[*KIND_NAMES, *places], metavar="KIND", help=" | ".join([*KIND_NAMES, *places]))
    add.add_argument("target", help=i18n.tr("sources.cli.help_target"))
    add.add_argument("--owner", choices=SOURCE_OWNERS, default=None, help=i18n.tr("sources.cli.help_owner"))
    add.add_argument("--visibility", choices=STATED_VISIBILITIES, default=None,
                     help=i18n.tr("sources.cli.help_visibility"))
    add.add_argument("--base-url", metavar="URL", default=None, help=i18n.tr("sources.cli.help_base_url"))
    add.add_argument("--allow-private", action="store_true", help=i18n.tr("sources.cli.help_allow_private"))
    add.set_defaults(handler=add_source)
    listing = action("list", "sources.cli.help_list")
    listing.add_argument("name", help=i18n.tr("sources.cli.help_name"))
    listing.set_defaults(handler=list_sources)
    remove = action("remove", "sources.cli.help_remove")
    remove.add_argument("name", help=i18n.tr("sources.cli.help_name"))
    remove.add_argument("id", type=int, help=i18n.tr("sources.cli.help_id"))
    remove.set_defaults(handler=remove_source)
    check = action("check", "sources.cli.help_check")
    check.add_argument("name", help=i18n.tr("sources.cli.help_name"))
    check.add_argument("id", type=int, nargs="?", help=i18n.tr("sources.cli.help_check_id"))
    check.add_argument("--explain", action="store_true", help=i18n.tr("sources.cli.help_explain"))
    check.set_defaults(handler=check_now)
    allow = action("allow-private", "sources.cli.help_allow_private_command", describe=True, common=False)
    for per_person in (add, listing, remove, check, allow):  # a class member's accounts are their family's
        per_person.add_argument("--family-code", metavar="CODE", default=None,
                                help=i18n.tr("classprivacy.cli.family_code"))
    common_options(allow, suppress=True)
    allow.add_argument("name", help=i18n.tr("sources.cli.help_name"))
    allow.add_argument("id", type=int, help=i18n.tr("sources.cli.help_id"))
    allow.set_defaults(handler=allow_private)


def with_person(handler):
    """A source action's handler ``handler(args, workspace, person)``: the workspace open and the person named
    found; a class member's sources only with their family's code (the teacher never reads one student's pages)."""

    @with_workspace
    @functools.wraps(handler)
    def run(args: argparse.Namespace, workspace) -> int:
        person = workspace.persons.require(args.name)
        refused = family_only(workspace, person, args.family_code)
        if refused is not None:
            return refused
        return handler(args, workspace, person)

    return run


def _source_from_place(args: argparse.Namespace) -> dict:
    """``source add``'s KIND may be a place by name (naver_blog, youtube, kakaotalk…): what was typed becomes
    the source it stands for, as in the window; a place that needs a login takes a folder of saved photos and
    who can see them there (``--visibility``, "not sure" when not given)."""
    if args.kind in KIND_NAMES:
        return {"kind": args.kind, "target": args.target, "owner": args.owner or "self",
                "stated_visibility": args.visibility}
    entry = place(args.kind)
    try:
        kind, target = resolve(entry.id, args.target)
    except SourceError as exc:
        raise StorageError(exc.message_id, str(exc), **exc.values) from exc
    stated = (args.visibility or "unknown") if entry.manual else args.visibility
    return {"kind": kind, "target": target, "owner": args.owner or entry.default_owner, "place": entry.id,
            "stated_visibility": stated}


@with_person
def add_source(args: argparse.Namespace, workspace, person) -> int:
    record = workspace.sources.add(person_id=person.id, base_url=args.base_url, allow_private=args.allow_private,
                                   **_source_from_place(args))
    say(i18n.tr("sources.cli.added", name=person.name))
    say(source_line(record))
    return EXIT_OK


@with_person
def list_sources(args: argparse.Namespace, workspace, person) -> int:
    records = workspace.sources.list_for_person(person.id)
    if not records:
        say(i18n.tr("sources.cli.none", name=person.name))
    for record in records:
        say(source_line(record))
        hosts = media_hosts_for(record.kind, record.target)
        if hosts:
            say("    " + i18n.tr("sources.cli.media_hosts", hosts=", ".join(hosts)))
    return EXIT_OK


def _linked(sources, person, source_id: int):
    """The source ``source_id`` of ``person`` (another person's number is refused as not linked)."""
    record = sources.get(source_id)
    if record.person_id != person.id:
        raise StorageError("sources.not_linked", id=source_id)
    return record


@with_person
def remove_source(args: argparse.Namespace, workspace, person) -> int:
    record = _linked(workspace.sources, person, args.id)
    workspace.sources.remove(record.id)
    say(i18n.tr("sources.cli.removed", id=record.id))
    return EXIT_OK


@with_person
def allow_private(args: argparse.Namespace, workspace, person) -> int:
    record = _linked(workspace.sources, person, args.id)
    record = workspace.sources.update(record.id, allow_private=True)
    say(i18n.tr("sources.cli.allowed_private", id=record.id))
    say(source_line(record))
    return EXIT_OK


@with_person
def check_now(args: argparse.Namespace, workspace, person) -> int:
    """What a stranger sees at each linked source right now (nothing is stored as a scan)."""
    from desktop.sources.check import check_sources, visibility_message_id
    from desktop.sources.http import HttpClient
    from desktop.sources.report import explain_lines

    workspace.persons.require_consent(person)
    records = workspace.sources.list_for_person(person.id)
    if args.id is not None:
        records = [r for r in records if r.id == args.id]
        if not records:
            raise StorageError("sources.not_linked", id=args.id)
    if not records:
        say(i18n.tr("sources.cli.none", name=person.name))
        return EXIT_OK

    def progress(p) -> None:
        if p.message and p.total:
            complain(i18n.tr("sources.cli.progress", done=p.done + 1, total=p.total))

    with HttpClient(validator_store=workspace.http_validators) as client:
        results = check_sources(records, client, TaskContext(on_progress=progress))
    failed = 0
    for result in results:
        say(source_line(result.source))
        if result.error is not None:
            failed += 1
            message = i18n.tr(result.error.message_id, **result.error.values)
            say("    " + i18n.tr("sources.cli.error", message=message))
            if result.error.message_id == "sources.private_address":
                say("    " + allow_private_hint(person, result.source.id))
            if args.explain:
                for line in explain_lines(result.source.kind, result.source.target, None, result.error):
                    say("    " + line)
            continue
        listing = result.listing
        assert listing is not None, "a check without an error has a listing"
        counts = ", ".join(f"{i18n.tr(f'sources.visibility.{key}')} {value}"
                           for key, value in sorted(result.counts.items()))
        visibility = i18n.tr(visibility_message_id(listing))
        say("    " + i18n.tr("sources.cli.visibility", visibility=visibility))
        say("    " + i18n.tr("sources.cli.photos", count=len(listing.photos), counts=counts or "-"))
        for notice in dict.fromkeys(listing.notices):
            say("    " + i18n.tr("sources.cli.notice", message=i18n.tr(notice)))
        for line in result.summary:
            say("    " + line)
        if args.explain:
            for line in explain_lines(result.source.kind, result.source.target, listing, None):
                say("    " + line)
    return EXIT_FAILED if failed else EXIT_OK
