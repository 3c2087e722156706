"""``jikimi self-test``: can this computer run Jikimi (and ``--content``: is the bundled advice still current)."""

from __future__ import annotations

import argparse

from desktop import i18n, paths, selftest
from desktop.cli.arguments import Commands
from desktop.cli.output import EXIT_FAILED, EXIT_OK, say


def register(command: Commands) -> None:
    self_test = command("self-test", "cli.help.self_test")
    self_test.add_argument("--content", action="store_true", help=i18n.tr("cli.help.self_test_content"))
    self_test.set_defaults(handler=run_self_test)


def run_self_test(args: argparse.Namespace) -> int:
    if getattr(args, "content", False):
        return content_report()
    from desktop.secrets import KeyStore
    from desktop.store.session import passcode_for

    app_paths = paths.resolve(args.data_dir)
    results = selftest.run_checks(app_paths, passcode_for(KeyStore(app_paths), ask=True))
    labels = {selftest.OK: "ok", selftest.WARN: "warn", selftest.FAIL: "FAIL"}
    for result in results:
        say(f"[{labels[result.status]:>4}] {i18n.tr(result.name_id)}: {result.detail}")
    failed = [r for r in results if r.status == selftest.FAIL]
    say(i18n.tr("selftest.summary_failed" if failed else "selftest.summary_ok", failed=len(failed)))
    return EXIT_FAILED if failed else EXIT_OK


def content_report() -> int:
    """``jikimi self-test --content``: every fact to look at again (no source, old, not from an official page).
    Fails only on errors (a fact without a source or date, a step that differs from the checklist)."""
    from desktop.core import content_check

    found = content_check.findings()
    for finding in found:
        say(finding.line(i18n.current_language()))
    errors = content_check.errors(found)
    say(i18n.tr("selftest.content_report", total=len(found), errors=len(errors),
                days=content_check.MAX_AGE_DAYS))
    return EXIT_FAILED if errors else EXIT_OK
