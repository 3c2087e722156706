"""What several command groups share: opening the workspace for a command, the family-code gate, and the lines
that name a person's missing consent or a linked source the same way in every command."""

from __future__ import annotations

import argparse
import functools
from collections.abc import Callable

from desktop import i18n, paths
from desktop.cli.output import EXIT_UNUSABLE, complain, shell_word
from desktop.core import consent as consent_rules
from desktop.sources.places import place_for_source


def open_workspace_for(args: argparse.Namespace):
    """The workspace for ``--data-dir``; asks for the passcode only when the data has one (the window opens its
    data through the same :mod:`desktop.store.session`)."""
    from desktop.store import session  # the storage layer loads when a command opens data, not for --help

    return session.open_for_command(paths.resolve(args.data_dir), complain)


def with_workspace(handler: Callable[..., int]) -> Callable[[argparse.Namespace], int]:
    """A handler ``handler(args, workspace)`` run with the workspace for ``--data-dir`` open, closed after."""

    @functools.wraps(handler)
    def run(args: argparse.Namespace) -> int:
        workspace = open_workspace_for(args)
        try:
            return handler(args, workspace)
        finally:
            workspace.close()

    return run


def family_only(workspace, person, code: str | None) -> int | None:
    """A class member's own results are for their family: refused (exit 2, nothing read) without the family's
    code from their slip. ``None`` when the command may go on."""
    from desktop.store.family_codes import FamilyCodes

    if person.class_id is None:
        return None
    if not code:
        complain(i18n.tr("classprivacy.student_needs_code", name=person.name))
        return EXIT_UNUSABLE
    if not FamilyCodes(workspace.db, workspace.vault).verify(person.id, code):
        complain(i18n.tr("classprivacy.wrong_code"))
        return EXIT_UNUSABLE
    return None


def person_consent_command(person, confirmations: set[str]) -> str:
    """The command that records ``confirmations`` for a family member, as it is typed."""
    flags = " ".join(f"--consent {who}" for who in sorted(confirmations))
    return f"jikimi person consent {shell_word(person.name)} {flags}"


def consent_hint(person, consent, class_name: str | None = None) -> str:
    """How to record the consent that is missing: the command (and, for the family, where in the app)."""
    if person.class_id is not None:
        command = f"jikimi class consent {shell_word(class_name or 'CLASS')} {person.student_number} given"
        if person.age_band == "14to17":
            command += " --student-agreed"
        return i18n.tr("person.consent_hint_student", command=command)
    missing = consent_rules.missing_confirmations(person, consent) or {"guardian"}
    return i18n.tr("person.consent_hint", command=person_consent_command(person, missing), name=person.name)


def kind_label(kind: str) -> str:
    """A source kind in words ("Folder on this computer"), never the id ("folder")."""
    return i18n.tr_or(f"sources.kind.{kind}", kind)


def source_line(source) -> str:
    owner = i18n.tr(f"sources.owner.{source.owner}")
    kind = i18n.tr(f"sources.kind.{source.kind}")
    place_id = getattr(source, "place", None)
    if place_id:  # what the parent picked it as ("Naver Blog", "KakaoTalk (saved photos)"), not the protocol
        kind = i18n.tr(place_for_source(source.kind, place_id).name_id)
    return i18n.tr("sources.cli.line", id=source.id, kind=kind, target=source.target, owner=owner)


def allow_private_hint(person, source_id: int) -> str:
    command = f"jikimi source allow-private {shell_word(person.name)} {source_id}"
    return i18n.tr("sources.cli.private_hint", command=command)


def with_class(handler: Callable[..., int]) -> Callable[[argparse.Namespace], int]:
    """A class action's handler ``handler(args, workspace, school_class)``: the workspace open, and the class
    named by CLASS found (an unknown name is refused before anything is done)."""

    @functools.wraps(handler)
    def run(args: argparse.Namespace, workspace) -> int:
        return handler(args, workspace, workspace.classes.require(args.class_name))

    return with_workspace(run)
