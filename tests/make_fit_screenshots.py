"""Screenshots of the whole screen with the window and each dialog, to check they fit.

    xvfb-run -a -s "-screen 0 1366x768x24" python tests/make_fit_screenshots.py \
        [--font-scale 1.5] [OUT_DIR]

Opens a fresh sample audit in the real window, sized as the app sizes it for this screen; shows
each page, then each dialog over it (new audit, audit details, reference population, round,
export, template, the import wizard's pages, help), and saves what the screen shows as
`<scale>-<name>.png` in OUT_DIR (default /tmp/fit). Under Xvfb there is no window manager, so
no title bars: the frame allowance of `screen_fit` keeps room for them on a real desktop.
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
from datetime import date
from pathlib import Path

if not os.environ.get("DISPLAY"):
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtCore import QEventLoop, QSettings, QTimer
from PySide6.QtWidgets import QApplication, QDialog

PARTNER_CSV = (
    "Full name;E-mail address;Organisation;Consent date;Consent to share;Languages spoken\r\n"
    "Gwen Morgan;gwen@example.org;Riverside Tenants' Association;03/04/2025;Partners;Welsh\r\n"
    "Aled Price;aled@example.org;;04/04/2025;The audit team only;English\r\n"
)


def settle(milliseconds: int = 200) -> None:
    loop = QEventLoop()
    QTimer.singleShot(milliseconds, loop.quit)
    loop.exec()


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("out", nargs="?", type=Path, default=Path("/tmp/fit"))
    parser.add_argument("--people", type=int, default=300)
    parser.add_argument("--font-scale", type=float, default=1.0)
    args = parser.parse_args()
    app = QApplication(sys.argv[:1])
    if args.font_scale != 1.0:
        font = app.font()
        font.setPointSizeF(font.pointSizeF() * args.font_scale)
        app.setFont(font)
    prefix = f"{round(args.font_scale * 100)}"
    args.out.mkdir(parents=True, exist_ok=True)

    def shoot(name: str) -> None:
        settle()
        path = args.out / f"{prefix}-{name}.png"
        app.primaryScreen().grabWindow(0).save(str(path))
        print(path)

    with tempfile.TemporaryDirectory() as tmp:
        QSettings.setPath(QSettings.Format.IniFormat, QSettings.Scope.UserScope, tmp)
        from coprod_desktop.gui.app import configure_application
        from coprod_desktop.gui.dialogs import messages as dialogs
        from coprod_desktop.gui.dialogs.audit_details import AuditDetailsDialog
        from coprod_desktop.gui.dialogs.exchange import ExportDialog, TemplateDialog
        from coprod_desktop.gui.dialogs.reference import ReferencePopulationDialog
        from coprod_desktop.gui.dialogs.round import ask_round
        from coprod_desktop.gui.importing.wizard import ImportWizard
        from coprod_desktop.gui.main_window import MainWindow
        from coprod_desktop.gui.settings import AppSettings
        from coprod_desktop.sample import write_sample

        configure_application(app)
        path = Path(tmp) / "Sample audit.coprod"
        write_sample(path, people=args.people, seed=1, today=date.today())
        settings = AppSettings()
        window = MainWindow(settings)
        window.show()
        shoot("welcome")
        opened = QEventLoop()
        window.audit_opened.connect(opened.quit)
        window.open_audit(path)
        opened.exec()
        for page in window.view.pages:
            window.view.show_page(page)
            name = page.objectName().removesuffix("_page")
            if name == "people":
                page.ui.people_table.selectRow(0)
                page.ui.equality_toggle.setChecked(True)
            if name in ("assets", "actions"):
                page.table.selectRow(0)
            shoot(f"page-{name}")

        def modal(name: str, start) -> None:
            def take() -> None:
                dialog = QApplication.activeModalWidget()
                if dialog is None:
                    QTimer.singleShot(50, take)
                    return
                shoot(name)
                dialog.reject()

            QTimer.singleShot(100, take)
            start()

        session = window.session
        modal("new-audit", lambda: dialogs.ask_new_audit(window))
        modal("round", lambda: ask_round(window, session, date.today()))
        details = AuditDetailsDialog(session, window)
        details.open()
        shoot("audit-details")
        reference = ReferencePopulationDialog(session, details.ui, settings)
        reference.open()
        shoot("reference")
        reference.ui.reject()
        details.ui.reject()
        for name, kind in (("export", ExportDialog), ("template", TemplateDialog)):
            dialog = kind(session, settings, window)
            dialog.open()
            shoot(name)
            dialog.reject()
        csv_file = Path(tmp) / "volunteers.csv"
        csv_file.write_bytes(PARTNER_CSV.encode("utf-8-sig"))
        wizard = ImportWizard(session, settings, window, csv_file)
        wizard.open()
        settle(800)
        shoot("import-file")
        for name in ("import-mapping", "import-preview"):
            wizard.next()
            settle(1500)
            shoot(name)
        wizard.reject()
        window.help_action.trigger()
        shoot("help")
        window.findChild(QDialog, "help_dialog").close()
        window.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
