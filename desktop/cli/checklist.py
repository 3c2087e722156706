"""``jikimi checklist``: the printable privacy checklist, blank for a class or with one person's ticks and the
facts their sources showed."""

from __future__ import annotations

import argparse

from desktop import i18n
from desktop.cli.arguments import Commands
from desktop.cli.common import family_only, open_workspace_for
from desktop.cli.output import EXIT_OK, cannot_save, say


def register(command: Commands) -> None:
    checklist = command("checklist", "guidance.cli.checklist")
    checklist.add_argument("--pdf", metavar="FILE", required=True, help=i18n.tr("guidance.cli.checklist_pdf"))
    checklist.add_argument("--person", metavar="NAME", default=None, help=i18n.tr("guidance.cli.checklist_person"))
    checklist.add_argument("--family-code", metavar="CODE", default=None, help=i18n.tr("classprivacy.cli.family_code"))
    checklist.set_defaults(handler=write_checklist)


def write_checklist(args: argparse.Namespace) -> int:
    """Blank without --person (no data opened); with it, that person's ticks and checked facts."""
    from desktop.reports.checklist_pdf import write_checklist_pdf

    done: set[str] = set()
    facts: dict = {}
    name = None
    if args.person:
        from desktop.core import guidance
        from desktop.store.checklist import ChecklistRepository, source_facts

        workspace = open_workspace_for(args)
        try:
            person = workspace.persons.require(args.person)
            refused = family_only(workspace, person, args.family_code)  # what a scan verified is theirs
            if refused is not None:
                return refused
            name = person.name
            done = ChecklistRepository(workspace.db).done_items(person.id)
            facts = source_facts(workspace, person.id, guidance.checklist(args.lang))
        finally:
            workspace.close()
    try:
        path = write_checklist_pdf(args.pdf, args.lang, done, name, facts)
    except OSError as exc:
        return cannot_save(args.pdf, exc, "checklist.pdf")
    say(i18n.tr("guidance.cli.pdf_written", path=str(path)))
    return EXIT_OK
