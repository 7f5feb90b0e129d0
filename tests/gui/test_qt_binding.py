"""The Qt binding itself: the bug that made us hold PySide6 below 6.12 must not come back."""

import sys

from PySide6.QtWidgets import QComboBox, QListWidgetItem


def test_empty_values_from_qt_do_not_use_up_references_to_none(qapp):
    # PySide6 6.12.0 took one reference from None for every empty value Qt returned, and the
    # interpreter aborts when None's count reaches zero (Python 3.11).
    combo = QComboBox()
    combo.addItem("Not recorded")
    item = QListWidgetItem("Carer")
    before = sys.getrefcount(None)
    for _ in range(1000):
        combo.itemData(0)
        item.data(256)
    assert sys.getrefcount(None) - before > -10
